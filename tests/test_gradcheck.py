"""gradcheck for every differentiable op: autograd's Jacobian against central differences.

Every case is a function `fn(lib, *inputs)` written against the API pytensor and torch share.
It runs three ways:

- `pytensor.autograd.gradcheck(partial(fn, pytensor), inputs, eps=1e-6, atol=1e-5, rtol=1e-3)`
  in float64 must return True (the test under scrutiny);
- the forward values must match `fn(torch, *same_inputs)` (so that a backward that agrees with a
  wrong forward is still caught);
- each float64 leaf is built in three memory layouts: contiguous, transposed (`T`), and a view of
  a view with a storage offset and a step (`vov`). The non-contiguous leaves are made by taking the
  view of a larger base first and then `.detach().requires_grad_()`, so the leaf itself keeps the
  view's strides and offset (checked against torch's).

Inputs stay away from kinks and singularities: positive for log/sqrt, |x| < 1 for asin/acos,
values on disjoint grids for maximum/minimum/clamp, distinct values for max/sort/topk.
Inputs have at most ~12 elements: gradcheck costs numel(in) * numel(out) backward passes.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import pytensor as pt  # noqa: E402

GC = {"eps": 1e-6, "atol": 1e-5, "rtol": 1e-3}
LAYOUTS = ("contig", "T", "vov")


# --- building the same inputs in both libraries ---------------------------------------------


def _values(kind: str, n: int, rng: np.random.Generator) -> list[float]:
    """n float64 values of a kind of input that keeps the op away from kinks."""
    if kind == "any":
        v = rng.uniform(-2.0, 2.0, n)
    elif kind == "small":
        v = rng.uniform(-1.0, 1.0, n)
    elif kind in ("nz", "onezero", "twozero"):  # |x| >= 0.3
        v = rng.choice([-1.0, 1.0], n) * rng.uniform(0.3, 1.5, n)
    elif kind == "pos":
        v = rng.uniform(0.5, 2.0, n)
    elif kind == "unit":  # for asin / acos / tan
        v = rng.uniform(-0.8, 0.8, n)
    elif kind == "distinct":  # pairwise at least 0.25 apart
        v = (rng.permutation(n) - n / 2) * 0.3 + rng.uniform(-0.02, 0.02, n)
    elif kind == "distinct_abs":  # |x| pairwise distinct and >= 0.3
        v = (rng.permutation(n) + 1) * 0.3 * rng.choice([-1.0, 1.0], n)
    elif kind.startswith("grid"):  # three disjoint grids, 0.15 apart from each other
        offset = {"grid_a": 0.05, "grid_b": 0.2, "grid_c": 0.35}[kind]
        v = rng.integers(-4, 4, n) * 0.5 + offset + rng.uniform(-0.01, 0.01, n)
    elif kind == "fmod_a":  # with fmod_b: a / b never near an integer
        mag = np.where(rng.random(n) < 0.5, rng.uniform(0.6, 1.0, n), rng.uniform(2.6, 3.4, n))
        v = rng.choice([-1.0, 1.0], n) * mag
    elif kind == "fmod_b":
        v = rng.choice([-1.0, 1.0], n) * rng.uniform(2.0, 2.5, n)
    else:
        raise ValueError(kind)
    return [float(x) for x in v]


def _layout(shape: tuple[int, ...], layout: str) -> tuple[tuple[int, ...], Callable[[Any], Any]]:
    """The base shape to allocate and the view to take of it, giving `shape` in `layout`."""
    nd = len(shape)
    if layout == "T" and nd < 2:
        layout = "step"
    if layout == "contig":
        return shape, lambda t: t
    if layout == "T":
        base = shape[:-2] + (shape[-1], shape[-2])
        return base, lambda t: t.transpose(-1, -2)
    if layout == "step":
        if nd == 0:
            return (3,), lambda t: t[1]
        return (2 * shape[0],) + shape[1:], lambda t: t[::2]
    if layout == "vov":
        if nd == 0:
            return (2, 3), lambda t: t[1][2]
        if nd == 1:
            return (2 * shape[0] + 1,), lambda t: t[1:][::2]
        base = (shape[0] + 1,) + shape[1:-1] + (2 * shape[-1],)
        return base, lambda t: t[1:][..., ::2]
    raise ValueError(layout)


@dataclass
class Leaf:
    pt: Any
    th: Any


def make_leaf(shape: Sequence[int], kind: str, layout: str, seed: int) -> Leaf:
    shape = tuple(shape)
    base_shape, view = _layout(shape, layout)
    rng = np.random.default_rng(seed)
    flat = _values(kind, math.prod(base_shape), rng)
    p = view(pt.tensor(flat, dtype=pt.float64).reshape(base_shape)).detach()
    t = view(torch.tensor(flat, dtype=torch.float64).reshape(base_shape)).detach()
    if kind in ("onezero", "twozero") and p.numel():
        first = (0,) * len(shape)
        p[first] = 0.0
        t[first] = 0.0
        if kind == "twozero":  # a second zero in the same row as the first
            second = (0,) * (len(shape) - 1) + (1,)
            p[second] = 0.0
            t[second] = 0.0
    # The leaf keeps the view's layout: that is what these tests are about.
    assert tuple(p.shape) == tuple(t.shape)
    assert tuple(p.stride()) == tuple(t.stride()), (layout, p.stride(), t.stride())
    assert p.storage_offset() == t.storage_offset()
    assert p.is_contiguous() == t.is_contiguous()
    return Leaf(p.requires_grad_(), t.requires_grad_())


def _float_outputs(out: Any) -> list[Any]:
    outs = out if isinstance(out, (tuple, list)) else (out,)
    return [o for o in outs if hasattr(o, "dtype") and o.dtype.is_floating_point]


def _all_outputs(out: Any) -> list[Any]:
    return list(out) if isinstance(out, (tuple, list)) else [out]


def assert_forward_matches(fn: Callable[..., Any], leaves: Sequence[Leaf]) -> None:
    p_out = _all_outputs(fn(pt, *[leaf.pt for leaf in leaves]))
    t_out = _all_outputs(fn(torch, *[leaf.th for leaf in leaves]))
    assert len(p_out) == len(t_out)
    for p, t in zip(p_out, t_out):
        assert tuple(p.shape) == tuple(t.shape)
        expected = np.array(t.detach().tolist(), dtype=float)
        actual = np.array(p.detach().tolist(), dtype=float)
        np.testing.assert_allclose(actual, expected, rtol=1e-9, atol=1e-12)


def run_gradcheck(
    fn: Callable[..., Any],
    specs: Sequence[tuple[Sequence[int], str]],
    layout: str = "contig",
    seed: int = 0,
    **overrides: float,
) -> None:
    leaves = [
        make_leaf(shape, kind, layout, seed + 17 * i) for i, (shape, kind) in enumerate(specs)
    ]
    inputs = tuple(leaf.pt for leaf in leaves)
    assert pt.autograd.gradcheck(functools.partial(fn, pt), inputs, **{**GC, **overrides})
    assert_forward_matches(fn, leaves)


@dataclass
class Case:
    id: str
    fn: Callable[..., Any]
    specs: Sequence[tuple[Sequence[int], str]]
    layouts: Sequence[str] = LAYOUTS


def params(cases: Sequence[Case]) -> list[Any]:
    return [pytest.param(c, layout, id=f"{c.id}-{layout}") for c in cases for layout in c.layouts]


def _idx(lib: Any, values: Any) -> Any:
    return lib.tensor(values, dtype=lib.int64)


def _mask(lib: Any, values: Any) -> Any:
    return lib.tensor(values, dtype=lib.bool)


# --- pointwise ---------------------------------------------------------------------------------

UNARY_SHAPES = [(), (4,), (2, 3)]

UNARY = [
    ("neg", lambda lib, x: lib.neg(x), "any"),
    ("neg_op", lambda lib, x: -x, "any"),
    ("abs", lambda lib, x: lib.abs(x), "nz"),
    ("exp", lambda lib, x: lib.exp(x), "any"),
    ("log", lambda lib, x: lib.log(x), "pos"),
    ("log2", lambda lib, x: lib.log2(x), "pos"),
    ("log10", lambda lib, x: lib.log10(x), "pos"),
    ("log1p", lambda lib, x: lib.log1p(x), "pos"),
    ("expm1", lambda lib, x: lib.expm1(x), "any"),
    ("sqrt", lambda lib, x: lib.sqrt(x), "pos"),
    ("rsqrt", lambda lib, x: lib.rsqrt(x), "pos"),
    ("sin", lambda lib, x: lib.sin(x), "any"),
    ("cos", lambda lib, x: lib.cos(x), "any"),
    ("tan", lambda lib, x: lib.tan(x), "unit"),
    ("asin", lambda lib, x: lib.asin(x), "unit"),
    ("acos", lambda lib, x: lib.acos(x), "unit"),
    ("atan", lambda lib, x: lib.atan(x), "any"),
    ("sinh", lambda lib, x: lib.sinh(x), "any"),
    ("cosh", lambda lib, x: lib.cosh(x), "any"),
    ("tanh", lambda lib, x: lib.tanh(x), "any"),
    ("sigmoid", lambda lib, x: lib.sigmoid(x), "any"),
    ("relu", lambda lib, x: lib.relu(x), "nz"),
    ("erf", lambda lib, x: lib.erf(x), "any"),
    ("erfc", lambda lib, x: lib.erfc(x), "any"),
    ("reciprocal", lambda lib, x: lib.reciprocal(x), "nz"),
    ("square", lambda lib, x: lib.square(x), "any"),
    ("pow_scalar_int", lambda lib, x: x**3, "any"),
    ("pow_scalar_float", lambda lib, x: x**2.5, "pos"),
    ("pow_scalar_neg", lambda lib, x: lib.pow(x, -1.5), "pos"),
    ("rpow_scalar", lambda lib, x: 2.0**x, "any"),
    ("radd", lambda lib, x: 2.5 + x, "any"),
    ("rsub", lambda lib, x: 2.5 - x, "any"),
    ("rmul", lambda lib, x: 2.5 * x, "any"),
    ("rdiv", lambda lib, x: 2.5 / x, "nz"),
    ("div_scalar", lambda lib, x: x / 4.0, "any"),
    ("fmod_scalar", lambda lib, x: lib.fmod(x, 2.25), "fmod_a"),
    ("remainder_scalar", lambda lib, x: lib.remainder(x, 2.25), "fmod_a"),
    ("mod_op", lambda lib, x: x % 2.25, "fmod_a"),
    ("clamp_both", lambda lib, x: lib.clamp(x, -0.5, 0.5), "grid_a"),
    ("clamp_min", lambda lib, x: lib.clamp(x, min=-0.5), "grid_a"),
    ("clamp_max", lambda lib, x: x.clamp(max=0.5), "grid_a"),
    ("clamp_min_method", lambda lib, x: x.clamp_min(0.0), "grid_a"),
]

UNARY_CASES = [
    Case(f"{name}-{'x'.join(map(str, shape)) or 'scalar'}", fn, [(shape, kind)])
    for name, fn, kind in UNARY
    for shape in UNARY_SHAPES
]


@pytest.mark.parametrize(("case", "layout"), params(UNARY_CASES))
def test_unary(case: Case, layout: str) -> None:
    run_gradcheck(case.fn, case.specs, layout)


BROADCAST_PAIRS = [
    ((2, 3), (2, 3)),
    ((2, 3), (3,)),
    ((2, 1), (1, 3)),
    ((3,), ()),
    ((2, 1, 3), (2, 1)),
    ((), (2, 2)),
]

BINARY = [
    ("add", lambda lib, a, b: lib.add(a, b), "any", "any"),
    ("add_alpha", lambda lib, a, b: lib.add(a, b, alpha=-1.5), "any", "any"),
    ("sub", lambda lib, a, b: a - b, "any", "any"),
    ("sub_alpha", lambda lib, a, b: lib.sub(a, b, alpha=2.0), "any", "any"),
    ("mul", lambda lib, a, b: a * b, "any", "any"),
    ("div", lambda lib, a, b: a / b, "any", "nz"),
    ("pow", lambda lib, a, b: lib.pow(a, b), "pos", "any"),
    ("pow_op", lambda lib, a, b: a**b, "pos", "small"),
    ("maximum", lambda lib, a, b: lib.maximum(a, b), "grid_a", "grid_b"),
    ("minimum", lambda lib, a, b: lib.minimum(a, b), "grid_a", "grid_b"),
    ("atan2", lambda lib, a, b: lib.atan2(a, b), "nz", "any"),
    ("fmod", lambda lib, a, b: lib.fmod(a, b), "fmod_a", "fmod_b"),
    ("remainder", lambda lib, a, b: lib.remainder(a, b), "fmod_a", "fmod_b"),
    ("lerp_scalar_weight", lambda lib, a, b: lib.lerp(a, b, 0.3), "any", "any"),
    ("where", lambda lib, a, b: lib.where(a > 0, a, b), "nz", "any"),
    ("clamp_tensor_bounds", lambda lib, a, b: lib.clamp(a, min=b), "grid_a", "grid_b"),
]

BINARY_CASES = [
    Case(f"{name}-{sa}-{sb}".replace(" ", ""), fn, [(sa, ka), (sb, kb)])
    for name, fn, ka, kb in BINARY
    for sa, sb in BROADCAST_PAIRS
]


@pytest.mark.parametrize(("case", "layout"), params(BINARY_CASES))
def test_binary(case: Case, layout: str) -> None:
    run_gradcheck(case.fn, case.specs, layout)


TERNARY_CASES = [
    Case(
        "lerp_tensor_weight",
        lambda lib, a, b, w: lib.lerp(a, b, w),
        [((2, 3), "any"), ((3,), "any"), ((2, 1), "any")],
    ),
    Case(
        "lerp_same_shape",
        lambda lib, a, b, w: a.lerp(b, w),
        [((2, 2), "any"), ((2, 2), "any"), ((2, 2), "any")],
    ),
    Case(
        "clamp_tensor_min_max",
        lambda lib, x, lo, hi: lib.clamp(x, lo, hi),
        [((2, 3), "grid_a"), ((3,), "grid_b"), ((2, 1), "grid_c")],
    ),
    Case(
        "where_mask_bcast",
        lambda lib, a, b: lib.where(_mask(lib, [True, False, True]), a, b),
        [((2, 3), "any"), ((2, 1), "any")],
    ),
    Case(
        "where_scalar_other",
        lambda lib, a: lib.where(_mask(lib, [[True], [False]]), a, 0.5),
        [((2, 3), "any")],
    ),
    Case(
        "where_method",
        lambda lib, a, b: a.where(_mask(lib, [[1, 0], [0, 1]]), b),
        [((2, 2), "any"), ((2, 2), "any")],
    ),
    Case(
        "masked_fill_scalar",
        lambda lib, x: x.masked_fill(_mask(lib, [[1, 0, 1], [0, 0, 1]]), 0.5),
        [((2, 3), "any")],
    ),
    Case(
        "masked_fill_bcast_mask",
        lambda lib, x: lib.masked_fill(x, _mask(lib, [1, 0, 1]), -2.0),
        [((2, 3), "any")],
    ),
    Case(
        "masked_fill_tensor_value",
        lambda lib, x, v: x.masked_fill(_mask(lib, [[1, 0, 1], [0, 0, 1]]), v),
        [((2, 3), "any"), ((), "any")],
    ),
]


@pytest.mark.parametrize(("case", "layout"), params(TERNARY_CASES))
def test_ternary_and_masks(case: Case, layout: str) -> None:
    run_gradcheck(case.fn, case.specs, layout)


# --- reductions ------------------------------------------------------------------------------

S3 = (2, 3)
S23 = (2, 2, 3)

REDUCTION_CASES = [
    Case("sum_all", lambda lib, x: x.sum(), [(S3, "any")]),
    Case("sum_all_3d", lambda lib, x: lib.sum(x), [(S23, "any")]),
    Case("sum_dim0", lambda lib, x: x.sum(0), [(S3, "any")]),
    Case("sum_dim_neg", lambda lib, x: x.sum(-1), [(S23, "any")]),
    Case("sum_keepdim", lambda lib, x: x.sum(1, keepdim=True), [(S23, "any")]),
    Case("sum_tuple", lambda lib, x: x.sum((0, 2)), [(S23, "any")]),
    Case("sum_tuple_keepdim", lambda lib, x: x.sum((0, -1), keepdim=True), [(S23, "any")]),
    Case("sum_scalar_input", lambda lib, x: x.sum(), [((), "any")]),
    Case("mean_all", lambda lib, x: x.mean(), [(S3, "any")]),
    Case("mean_dim", lambda lib, x: lib.mean(x, 1), [(S23, "any")]),
    Case("mean_keepdim", lambda lib, x: x.mean(0, keepdim=True), [(S3, "any")]),
    Case("mean_tuple", lambda lib, x: x.mean((1, 2)), [(S23, "any")]),
    Case("prod_all", lambda lib, x: x.prod(), [(S3, "nz")]),
    Case("prod_dim", lambda lib, x: x.prod(1), [(S3, "nz")]),
    Case("prod_dim_keepdim", lambda lib, x: lib.prod(x, 0, keepdim=True), [(S23, "nz")]),
    Case("prod_all_one_zero", lambda lib, x: x.prod(), [(S3, "onezero")]),
    Case("prod_dim_one_zero", lambda lib, x: x.prod(1), [(S3, "onezero")]),
    Case("prod_dim_two_zeros", lambda lib, x: x.prod(1), [(S3, "twozero")]),
    Case("prod_all_two_zeros", lambda lib, x: x.prod(), [(S3, "twozero")]),
    Case("max_all", lambda lib, x: x.max(), [(S3, "distinct")]),
    Case("min_all", lambda lib, x: lib.min(x), [(S3, "distinct")]),
    Case("max_dim", lambda lib, x: x.max(1), [(S23, "distinct")]),
    Case("max_dim_keepdim", lambda lib, x: x.max(0, keepdim=True), [(S3, "distinct")]),
    Case("min_dim", lambda lib, x: lib.min(x, -1), [(S3, "distinct")]),
    Case("max_dim_values", lambda lib, x: x.max(dim=1).values, [(S3, "distinct")]),
    Case("amax_dim", lambda lib, x: x.amax(1), [(S23, "distinct")]),
    Case("amax_tuple", lambda lib, x: lib.amax(x, (0, 2)), [(S23, "distinct")]),
    Case("amin_dim_keepdim", lambda lib, x: x.amin(0, keepdim=True), [(S3, "distinct")]),
    Case("amin_tuple", lambda lib, x: x.amin((0, 1)), [(S3, "distinct")]),
    Case("std_all", lambda lib, x: x.std(), [(S3, "any")]),
    Case("std_dim", lambda lib, x: x.std(1), [(S23, "any")]),
    Case("std_unbiased_false", lambda lib, x: x.std(0, unbiased=False), [(S3, "any")]),
    Case("var_all", lambda lib, x: lib.var(x), [(S3, "any")]),
    Case("var_dim_keepdim", lambda lib, x: x.var(1, keepdim=True), [(S23, "any")]),
    Case("var_correction0", lambda lib, x: x.var(1, correction=0), [(S3, "any")]),
    Case("var_tuple", lambda lib, x: x.var((0, 2)), [(S23, "any")]),
    Case("logsumexp_dim", lambda lib, x: x.logsumexp(1), [(S23, "any")]),
    Case("logsumexp_keepdim", lambda lib, x: lib.logsumexp(x, 0, keepdim=True), [(S3, "any")]),
    Case("logsumexp_tuple", lambda lib, x: x.logsumexp((0, 1)), [(S3, "any")]),
    Case("softmax_last", lambda lib, x: x.softmax(-1), [(S23, "any")]),
    Case("softmax_dim0", lambda lib, x: lib.softmax(x, 0), [(S3, "any")]),
    Case("softmax_1d", lambda lib, x: lib.softmax(x, 0), [((4,), "any")]),
    Case("log_softmax_last", lambda lib, x: x.log_softmax(-1), [(S23, "any")]),
    Case("log_softmax_dim1", lambda lib, x: lib.log_softmax(x, 1), [(S23, "any")]),
    Case("cumsum_dim0", lambda lib, x: x.cumsum(0), [(S3, "any")]),
    Case("cumsum_dim1", lambda lib, x: lib.cumsum(x, 1), [(S23, "any")]),
    Case("cumprod_dim0", lambda lib, x: x.cumprod(0), [(S3, "nz")]),
    Case("cumprod_dim_last", lambda lib, x: lib.cumprod(x, -1), [(S23, "nz")]),
    Case("cumprod_one_zero", lambda lib, x: x.cumprod(1), [(S3, "onezero")]),
    Case("cumprod_1d_one_zero", lambda lib, x: x.cumprod(0), [((5,), "onezero")]),
    Case("norm_default", lambda lib, x: x.norm(), [(S3, "any")]),
    Case("norm_p1", lambda lib, x: x.norm(1), [(S3, "nz")]),
    Case("norm_p2", lambda lib, x: lib.norm(x, 2), [(S3, "any")]),
    Case("norm_p3", lambda lib, x: x.norm(3), [(S3, "nz")]),
    Case("norm_pinf", lambda lib, x: x.norm(float("inf")), [(S3, "distinct_abs")]),
    Case("norm_p2_dim", lambda lib, x: x.norm(2, dim=1), [(S23, "any")]),
    Case("norm_p1_dim_keepdim", lambda lib, x: x.norm(1, dim=0, keepdim=True), [(S3, "nz")]),
    Case("norm_p3_dim", lambda lib, x: x.norm(3, dim=-1), [(S3, "nz")]),
    Case("norm_pinf_dim", lambda lib, x: x.norm(float("inf"), dim=1), [(S3, "distinct_abs")]),
]


@pytest.mark.parametrize(("case", "layout"), params(REDUCTION_CASES))
def test_reduction(case: Case, layout: str) -> None:
    run_gradcheck(case.fn, case.specs, layout)


# --- linear algebra ------------------------------------------------------------------------------

MATMUL_SHAPES = [
    ((3,), (3,)),
    ((3,), (3, 2)),
    ((2, 3), (3,)),
    ((2, 3), (3, 2)),
    ((2, 2, 3), (3,)),
    ((3,), (2, 3, 2)),
    ((2, 2, 3), (3, 2)),
    ((2, 3), (2, 3, 2)),
    ((2, 2, 3), (2, 3, 2)),
    ((2, 1, 2, 3), (2, 3, 2)),
    ((1, 2, 3), (2, 3, 1)),
]

LINALG_CASES = [
    Case(
        f"matmul-{sa}-{sb}".replace(" ", ""),
        lambda lib, a, b: lib.matmul(a, b),
        [(sa, "any"), (sb, "any")],
    )
    for sa, sb in MATMUL_SHAPES
] + [
    Case("matmul_op", lambda lib, a, b: a @ b, [((2, 3), "any"), ((3, 3), "any")]),
    Case("mm", lambda lib, a, b: lib.mm(a, b), [((2, 3), "any"), ((3, 2), "any")]),
    Case("mm_method", lambda lib, a, b: a.mm(b), [((3, 2), "any"), ((2, 3), "any")]),
    Case("bmm", lambda lib, a, b: lib.bmm(a, b), [((2, 2, 3), "any"), ((2, 3, 2), "any")]),
    Case("addmm", lambda lib, c, a, b: lib.addmm(c, a, b),
         [((3,), "any"), ((2, 4), "any"), ((4, 3), "any")]),
    Case("addmm_scaled", lambda lib, c, a, b: c.addmm(a, b, beta=0.5, alpha=-2.0),
         [((2, 1), "any"), ((2, 4), "any"), ((4, 3), "any")]),
    Case("dot", lambda lib, a, b: lib.dot(a, b), [((5,), "any"), ((5,), "any")]),
    Case("mv", lambda lib, a, v: lib.mv(a, v), [((2, 3), "any"), ((3,), "any")]),
    Case("outer", lambda lib, a, b: lib.outer(a, b), [((3,), "any"), ((2,), "any")]),
    Case("same_input_twice", lambda lib, a: a @ a, [((3, 3), "any")]),
    Case(
        "einsum_mm",
        lambda lib, a, b: lib.einsum("ij,jk->ik", a, b),
        [((2, 3), "any"), ((3, 2), "any")],
    ),
    Case(
        "einsum_bmm",
        lambda lib, a, b: lib.einsum("bij,bjk->bik", a, b),
        [((2, 2, 3), "any"), ((2, 3, 2), "any")],
    ),
    Case("einsum_trace", lambda lib, a: lib.einsum("ii->", a), [((3, 3), "any")]),
    Case("einsum_diag", lambda lib, a: lib.einsum("ii->i", a), [((3, 3), "any")]),
    Case("einsum_transpose", lambda lib, a: lib.einsum("ij->ji", a), [((2, 3), "any")]),
    Case("einsum_sum", lambda lib, a: lib.einsum("ijk->j", a), [((2, 2, 3), "any")]),
    Case("einsum_dot", lambda lib, a, b: lib.einsum("i,i->", a, b), [((4,), "any"), ((4,), "any")]),
    Case(
        "einsum_outer",
        lambda lib, a, b: lib.einsum("i,j->ij", a, b),
        [((3,), "any"), ((2,), "any")],
    ),
    Case(
        "einsum_hadamard",
        lambda lib, a, b: lib.einsum("ij,ij->ij", a, b),
        [((2, 3), "any"), ((2, 3), "any")],
    ),
    Case(
        "einsum_implicit",
        lambda lib, a, b: lib.einsum("ij,jk", a, b),
        [((2, 3), "any"), ((3, 2), "any")],
    ),
    Case(
        "einsum_three",
        lambda lib, a, b, c: lib.einsum("ij,jk,k->i", a, b, c),
        [((2, 3), "any"), ((3, 2), "any"), ((2,), "any")],
    ),
    Case(
        "einsum_batch_bcast_sum",
        lambda lib, a, b: lib.einsum("bij,jk->bk", a, b),
        [((2, 2, 3), "any"), ((3, 2), "any")],
    ),
]


@pytest.mark.parametrize(("case", "layout"), params(LINALG_CASES))
def test_linalg(case: Case, layout: str) -> None:
    run_gradcheck(case.fn, case.specs, layout)


# --- views and movement --------------------------------------------------------------------------


def _as_strided_overlap(lib: Any, x: Any) -> Any:
    # Overlapping windows over the storage: element i of row r is storage[r + i].
    return lib.as_strided(x, (3, 3), (1, 1))


MOVEMENT_CASES = [
    Case("view_flat", lambda lib, x: x.view(-1), [(S3, "any")], ("contig",)),
    Case(
        "view_split_merge",
        lambda lib, x: x.view(2, 3, 2).view(6, 2),
        [((3, 4), "any")],
        ("contig",),
    ),
    Case("view_unit_dims", lambda lib, x: x.view(2, 1, 3, 1), [(S3, "any")]),
    Case("view_as", lambda lib, x, y: x.view_as(y) * y, [((6,), "any"), (S3, "any")], ("contig",)),
    Case("reshape", lambda lib, x: x.reshape(3, 2), [(S3, "any")]),
    Case("reshape_infer", lambda lib, x: lib.reshape(x, (-1,)), [(S23, "any")]),
    Case("permute", lambda lib, x: x.permute(2, 0, 1), [(S23, "any")]),
    Case("permute_fn", lambda lib, x: lib.permute(x, (1, 2, 0)), [(S23, "any")]),
    Case("transpose", lambda lib, x: x.transpose(0, 2), [(S23, "any")]),
    Case("transpose_fn", lambda lib, x: lib.transpose(x, -1, 0), [(S3, "any")]),
    Case("t", lambda lib, x: x.t(), [(S3, "any")]),
    Case("t_1d", lambda lib, x: lib.t(x), [((3,), "any")]),
    Case("mT", lambda lib, x: x.mT, [(S23, "any")]),
    Case("squeeze_all", lambda lib, x: x.squeeze(), [((2, 1, 3, 1), "any")]),
    Case("squeeze_dim", lambda lib, x: x.squeeze(1), [((2, 1, 3), "any")]),
    Case("squeeze_noop_dim", lambda lib, x: lib.squeeze(x, 0), [((2, 1, 3), "any")]),
    Case("unsqueeze_front", lambda lib, x: x.unsqueeze(0), [(S3, "any")]),
    Case("unsqueeze_back", lambda lib, x: lib.unsqueeze(x, -1), [(S3, "any")]),
    Case("unsqueeze_mid", lambda lib, x: x.unsqueeze(1), [(S3, "any")]),
    Case("expand", lambda lib, x: x.expand(2, 3, 4), [((3, 1), "any")]),
    Case("expand_minus1", lambda lib, x: x.expand(2, -1, -1), [(S3, "any")]),
    Case("expand_as", lambda lib, x, y: x.expand_as(y) * y, [((3,), "any"), (S3, "any")]),
    Case("broadcast_to", lambda lib, x: lib.broadcast_to(x, (2, 2, 3)), [((2, 1), "any")]),
    Case("flatten", lambda lib, x: x.flatten(), [(S23, "any")]),
    Case("flatten_range", lambda lib, x: lib.flatten(x, 1), [(S23, "any")]),
    Case("flatten_front", lambda lib, x: x.flatten(0, 1), [(S23, "any")]),
    Case("unflatten", lambda lib, x: x.unflatten(1, (2, 2)), [((3, 4), "any")], ("contig", "T")),
    Case("narrow", lambda lib, x: x.narrow(1, 1, 2), [(S3, "any")]),
    Case("narrow_fn_neg", lambda lib, x: lib.narrow(x, 0, -1, 1), [(S23, "any")]),
    Case("unfold_overlap", lambda lib, x: x.unfold(0, 3, 1), [((5,), "any")]),
    Case("unfold_overlap_2d", lambda lib, x: x.unfold(1, 2, 1), [((2, 4), "any")]),
    Case("unfold_step", lambda lib, x: x.unfold(1, 2, 2), [((2, 5), "any")]),
    Case("unfold_dim0", lambda lib, x: x.unfold(0, 2, 1), [((3, 2), "any")]),
    Case("chunk", lambda lib, x: x.chunk(2, 1), [((2, 4), "any")]),
    Case("chunk_uneven", lambda lib, x: lib.chunk(x, 2, 0), [((3, 2), "any")]),
    Case("chunk_one_used", lambda lib, x: x.chunk(2, 1)[1] * 2, [((2, 4), "any")]),
    Case("split_int", lambda lib, x: x.split(2), [((5, 2), "any")]),
    Case("split_sizes", lambda lib, x: lib.split(x, [1, 2], 1), [(S3, "any")]),
    Case("split_one_used", lambda lib, x: x.split([2, 1], 1)[0].sum(), [(S3, "any")]),
    Case("unbind", lambda lib, x: x.unbind(1), [(S3, "any")]),
    Case("unbind_one_used", lambda lib, x: lib.unbind(x)[1] * 3, [(S3, "any")]),
    Case("diagonal", lambda lib, x: x.diagonal(), [((3, 3), "any")]),
    Case("diagonal_offset", lambda lib, x: x.diagonal(1), [((3, 4), "any")]),
    Case("diagonal_neg_offset", lambda lib, x: lib.diagonal(x, -1), [((3, 3), "any")]),
    Case("diagonal_3d", lambda lib, x: x.diagonal(0, 1, 2), [((2, 2, 3), "any")]),
    Case("diagonal_3d_dims", lambda lib, x: x.diagonal(1, 2, 0), [((2, 2, 3), "any")]),
    Case("diag_1d", lambda lib, x: lib.diag(x), [((3,), "any")]),
    Case("diag_2d", lambda lib, x: x.diag(), [((3, 3), "any")]),
    Case("as_strided_overlap", _as_strided_overlap, [((5,), "any")], ("contig",)),
    Case(
        "as_strided_2d", lambda lib, x: x.as_strided((2, 2), (3, 1), 1), [(S3, "any")], ("contig",)
    ),
    Case(
        "as_strided_transposed_input",
        lambda lib, x: x.as_strided((2, 3), (3, 1)),
        [(S3, "any")],
        ("T",),
    ),
    Case("select", lambda lib, x: lib.select(x, 1, -1), [(S23, "any")]),
    Case("cat_dim0", lambda lib, a, b: lib.cat([a, b], 0), [(S3, "any"), ((1, 3), "any")]),
    Case("cat_dim1", lambda lib, a, b: lib.cat((a, b), 1), [(S3, "any"), ((2, 2), "any")]),
    Case(
        "cat_dim_neg",
        lambda lib, a, b, c: lib.cat([a, b, c], -1),
        [((2, 1), "any"), ((2, 2), "any"), ((2, 1), "any")],
    ),
    Case("cat_same_twice", lambda lib, a: lib.cat([a, a * 2], 0), [(S3, "any")]),
    Case("stack_dim0", lambda lib, a, b: lib.stack([a, b]), [(S3, "any"), (S3, "any")]),
    Case("stack_dim1", lambda lib, a, b: lib.stack([a, b], 1), [(S3, "any"), (S3, "any")]),
    Case("stack_last", lambda lib, a, b: lib.stack([a, b], -1), [(S3, "any"), (S3, "any")]),
    Case("flip0", lambda lib, x: x.flip(0), [(S3, "any")]),
    Case("flip01", lambda lib, x: lib.flip(x, (0, 1)), [(S3, "any")]),
    Case("flip_neg", lambda lib, x: x.flip([-1]), [(S23, "any")]),
    Case("roll_dim", lambda lib, x: x.roll(1, 1), [(S3, "any")]),
    Case("roll_flat", lambda lib, x: lib.roll(x, 2), [(S3, "any")]),
    Case("roll_multi", lambda lib, x: x.roll((1, -1), (0, 1)), [(S3, "any")]),
    Case("repeat", lambda lib, x: x.repeat(2, 1), [(S3, "any")]),
    Case("repeat_new_dims", lambda lib, x: x.repeat(2, 1, 2), [((2, 2), "any")]),
    Case("tile", lambda lib, x: x.tile((2,)), [(S3, "any")]),
    Case("tile_fn", lambda lib, x: lib.tile(x, (2, 1, 1)), [(S3, "any")]),
    Case("tril", lambda lib, x: x.tril(), [((3, 3), "any")]),
    Case("tril_diag", lambda lib, x: lib.tril(x, -1), [((3, 4), "any")]),
    Case("triu", lambda lib, x: lib.triu(x), [((3, 3), "any")]),
    Case("triu_diag", lambda lib, x: x.triu(1), [(S23, "any")]),
    Case("clone", lambda lib, x: x.clone(), [(S3, "any")]),
    Case("clone_fn", lambda lib, x: lib.clone(x) * x, [(S3, "any")]),
    Case("contiguous", lambda lib, x: x.contiguous() * 2, [(S3, "any")]),
    Case("to_same_dtype", lambda lib, x: x.to(lib.float64) * 2, [(S3, "any")]),
    Case("to_copy", lambda lib, x: x.to(lib.float64, copy=True), [(S3, "any")]),
    Case("double", lambda lib, x: x.double(), [(S3, "any")]),
]


@pytest.mark.parametrize(("case", "layout"), params(MOVEMENT_CASES))
def test_movement(case: Case, layout: str) -> None:
    run_gradcheck(case.fn, case.specs, layout)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_to_float32_round_trip(layout: str) -> None:
    # float32 keeps ~7 digits, so a perturbation of 1e-6 is lost to rounding: this one case
    # needs a larger eps. The function is linear, so a large eps is exact.
    def fn(lib: Any, x: Any) -> Any:
        y = x.to(lib.float32)
        assert y.dtype == lib.float32
        return y.to(lib.float64) * 3

    run_gradcheck(fn, [(S3, "any")], layout, eps=1e-2)
    x = make_leaf(S3, "any", layout, 0).pt
    x.float().double().sum().backward()
    assert x.grad is not None and x.grad.dtype == pt.float64
    assert x.grad.tolist() == [[1.0] * 3] * 2


# --- indexing ------------------------------------------------------------------------------------

INDEXING_CASES = [
    Case("getitem_int", lambda lib, x: x[1], [(S3, "any")]),
    Case("getitem_neg_int", lambda lib, x: x[-1, 0], [(S23, "any")]),
    Case("getitem_slices", lambda lib, x: x[1:, ::2], [((3, 4), "any")]),
    Case("getitem_ellipsis_none", lambda lib, x: x[None, ..., 1], [(S23, "any")]),
    Case("getitem_step_offset", lambda lib, x: x[1::2], [((6,), "any")]),
    Case("getitem_index_tensor", lambda lib, x: x[_idx(lib, [2, 0, 2])], [((3, 2), "any")]),
    Case("getitem_index_list", lambda lib, x: x[[0, 0, 1]], [(S3, "any")]),
    Case("getitem_index_dim1", lambda lib, x: x[:, _idx(lib, [1, 1, 0])], [(S3, "any")]),
    Case(
        "getitem_two_index",
        lambda lib, x: x[_idx(lib, [0, 1, 1]), _idx(lib, [2, 0, 2])],
        [(S3, "any")],
    ),
    Case("getitem_index_2d", lambda lib, x: x[_idx(lib, [[0, 1], [1, 1]])], [(S3, "any")]),
    Case(
        "getitem_index_bcast",
        lambda lib, x: x[_idx(lib, [[0], [1]]), _idx(lib, [0, 2])],
        [(S3, "any")],
    ),
    Case("getitem_int_and_index", lambda lib, x: x[1, _idx(lib, [0, 1, 1])], [(S23, "any")]),
    Case(
        "getitem_index_int_later", lambda lib, x: x[:, _idx(lib, [2, 0]), 1], [((2, 3, 2), "any")]
    ),
    Case("getitem_mask_full", lambda lib, x: x[_mask(lib, [[1, 0, 1], [0, 1, 1]])], [(S3, "any")]),
    Case("getitem_mask_rows", lambda lib, x: x[_mask(lib, [True, False, True])], [((3, 2), "any")]),
    Case("getitem_mask_cols", lambda lib, x: x[:, _mask(lib, [False, True, True])], [(S3, "any")]),
    Case("getitem_mask_from_values", lambda lib, x: x[x > 0], [(S3, "nz")]),
    Case(
        "index_select_dim0", lambda lib, x: x.index_select(0, _idx(lib, [1, 0, 1])), [(S3, "any")]
    ),
    Case(
        "index_select_dim1",
        lambda lib, x: lib.index_select(x, 1, _idx(lib, [1, 1])),
        [(S23, "any")],
    ),
    Case(
        "index_select_dim2", lambda lib, x: x.index_select(2, _idx(lib, [2, 0, 2])), [(S23, "any")]
    ),
    Case("gather_dim1", lambda lib, x: x.gather(1, _idx(lib, [[0, 0], [2, 1]])), [(S3, "any")]),
    Case(
        "gather_dim0",
        lambda lib, x: lib.gather(x, 0, _idx(lib, [[1, 0, 1], [1, 1, 0]])),
        [(S3, "any")],
    ),
    Case(
        "scatter_src",
        lambda lib, x, s: x.scatter(1, _idx(lib, [[2, 0], [1, 2]]), s),
        [(S3, "any"), ((2, 2), "any")],
    ),
    Case(
        "scatter_src_dim0",
        lambda lib, x, s: lib.scatter(x, 0, _idx(lib, [[1, 0, 1]]), s),
        [(S3, "any"), ((1, 3), "any")],
    ),
    # src larger than index: only src[..., :index.size(d)] is read; the rest gets zero gradient.
    # (torch raises "invalid gradient" in its own backward here; the math is unambiguous.)
    Case(
        "scatter_src_bigger",
        lambda lib, x, s: x.scatter(1, _idx(lib, [[1], [0]]), s),
        [(S3, "any"), ((2, 3), "any")],
    ),
    Case(
        "scatter_value",
        lambda lib, x: x.scatter(1, _idx(lib, [[2, 0], [1, 2]]), 0.5),
        [(S3, "any")],
    ),
    Case(
        "scatter_add",
        lambda lib, x, s: x.scatter_add(1, _idx(lib, [[2, 2], [0, 2]]), s),
        [(S3, "any"), ((2, 2), "any")],
    ),
    Case(
        "scatter_add_fn",
        lambda lib, x, s: lib.scatter_add(x, 0, _idx(lib, [[1, 1, 0]]), s),
        [(S3, "any"), ((1, 3), "any")],
    ),
    Case(
        "index_add",
        lambda lib, x, s: x.index_add(0, _idx(lib, [1, 1, 0]), s),
        [(S3, "any"), ((3, 3), "any")],
    ),
    Case(
        "index_add_alpha_dim1",
        lambda lib, x, s: lib.index_add(x, 1, _idx(lib, [2, 0]), s, alpha=-2.0),
        [(S3, "any"), ((2, 2), "any")],
    ),
    Case(
        "index_put_assign",
        lambda lib, x, v: x.index_put((_idx(lib, [0, 1]), _idx(lib, [2, 0])), v),
        [(S3, "any"), ((2,), "any")],
    ),
    Case(
        "index_put_accumulate",
        lambda lib, x, v: x.index_put((_idx(lib, [0, 0, 1]), _idx(lib, [2, 2, 0])), v, True),
        [(S3, "any"), ((3,), "any")],
    ),
    Case(
        "index_put_rows_bcast",
        lambda lib, x, v: lib.index_put(x, (_idx(lib, [1]),), v),
        [(S3, "any"), ((3,), "any")],
    ),
    Case(
        "index_put_rows_accumulate",
        lambda lib, x, v: x.index_put((_idx(lib, [1, 1]),), v, accumulate=True),
        [(S3, "any"), ((2, 3), "any")],
    ),
    Case(
        "index_put_mask",
        lambda lib, x, v: x.index_put((_mask(lib, [[1, 0, 0], [0, 1, 1]]),), v),
        [(S3, "any"), ((3,), "any")],
    ),
    Case("sort", lambda lib, x: x.sort(), [(S3, "distinct")]),
    Case("sort_dim0_desc", lambda lib, x: lib.sort(x, 0, descending=True), [(S3, "distinct")]),
    Case("sort_values_3d", lambda lib, x: x.sort(dim=1).values, [(S23, "distinct")]),
    Case("topk", lambda lib, x: x.topk(2), [(S3, "distinct")]),
    Case("topk_smallest_dim0", lambda lib, x: lib.topk(x, 1, 0, largest=False), [(S3, "distinct")]),
    Case("topk_values_3d", lambda lib, x: x.topk(2, dim=-1).values, [(S23, "distinct")]),
    Case(
        "take_along_dim",
        lambda lib, x: x.take_along_dim(_idx(lib, [[2, 0], [1, 1]]), 1),
        [(S3, "any")],
    ),
]


@pytest.mark.parametrize(("case", "layout"), params(INDEXING_CASES))
def test_indexing(case: Case, layout: str) -> None:
    run_gradcheck(case.fn, case.specs, layout)


# --- in-place ops on non-leaf tensors -------------------------------------------------------------


def _copyslices_basic(lib: Any, x: Any, z: Any, w: Any) -> Any:
    y = x * 1
    y.add_(z)
    y[0] = w
    return y


def _inplace_mul_saved(lib: Any, x: Any, z: Any) -> Any:
    y = x * 1
    y.mul_(z)  # the gradient for z needs y's value from before the write
    return y


def _inplace_chain(lib: Any, x: Any, z: Any) -> Any:
    y = x.sin()
    y.mul_(2).sub_(z).div_(3.0)
    return y


def _inplace_view_write(lib: Any, x: Any, w: Any) -> Any:
    y = x.clone()
    v = y[:, ::2]
    v.mul_(w)
    return y


def _inplace_view_output(lib: Any, x: Any, w: Any) -> Any:
    y = x * 2
    v = y[1]
    v.add_(w)
    return y, v


def _inplace_transposed_view(lib: Any, x: Any, w: Any) -> Any:
    y = x + 0
    y.t()[0] = w  # writes column 0 of y
    return y


def _inplace_view_of_view(lib: Any, x: Any, w: Any) -> Any:
    y = x.sin()  # sin saves its input, not y: writing y is allowed
    y[1:][:, 1:].copy_(w)
    return y * 2


def _inplace_setitem_index(lib: Any, x: Any, w: Any) -> Any:
    y = x * 1
    y[_idx(lib, [0, 2])] = w
    return y


def _inplace_setitem_mask(lib: Any, x: Any) -> Any:
    y = x * 1
    y[_mask(lib, [[1, 0, 1], [0, 1, 0]])] = 0.0
    return y


def _inplace_index_put_acc(lib: Any, x: Any, v: Any) -> Any:
    y = x * 1
    y.index_put_((_idx(lib, [1, 1]),), v, accumulate=True)
    return y


def _inplace_masked_fill_view(lib: Any, x: Any) -> Any:
    y = x * 3
    y[:, 1:].masked_fill_(_mask(lib, [[1, 0], [0, 1]]), 0.25)
    return y


def _inplace_scatter_add(lib: Any, x: Any, s: Any) -> Any:
    y = x * 2 + 1
    y.scatter_add_(1, _idx(lib, [[0, 0], [2, 1]]), s)
    return y


def _inplace_iadd_operator(lib: Any, x: Any, z: Any) -> Any:
    y = x**2
    y += z
    y *= z
    return y


def _inplace_then_use_view_later(lib: Any, x: Any, w: Any) -> Any:
    y = x * 1
    row = y[0]
    y.mul_(w)  # writes the base: the earlier view sees the new values
    return row * 1


def _inplace_fill_zero(lib: Any, x: Any, z: Any) -> Any:
    y = x * z
    y[1].zero_()
    y[0, 0].fill_(2.0)
    return y


def _inplace_on_unary_output(lib: Any, x: Any, z: Any) -> Any:
    y = x.cos()  # cos's backward needs x only: writing y afterwards is allowed
    y.add_(z)
    return y


def _inplace_clamp_relu(lib: Any, x: Any) -> Any:
    y = x * 1
    y.clamp_(-0.5, 0.5)
    y[1].relu_()
    return y


INPLACE_CASES = [
    Case("copyslices_add_setitem", _copyslices_basic, [(S3, "any"), ((3,), "any"), ((3,), "any")]),
    Case("mul_inplace_needs_old_value", _inplace_mul_saved, [(S3, "any"), (S3, "any")]),
    Case("chain", _inplace_chain, [(S3, "any"), ((3,), "any")]),
    Case("view_write", _inplace_view_write, [(S3, "any"), ((2, 2), "any")]),
    Case("view_output", _inplace_view_output, [(S3, "any"), ((3,), "any")]),
    Case("transposed_view", _inplace_transposed_view, [(S3, "any"), ((2,), "any")]),
    Case("view_of_view_copy", _inplace_view_of_view, [((3, 3), "any"), ((2, 2), "any")]),
    Case("setitem_index", _inplace_setitem_index, [((3, 2), "any"), ((2, 2), "any")]),
    Case("setitem_mask", _inplace_setitem_mask, [(S3, "any")]),
    Case("index_put_accumulate", _inplace_index_put_acc, [(S3, "any"), ((2, 3), "any")]),
    Case("masked_fill_view", _inplace_masked_fill_view, [(S3, "any")]),
    Case("scatter_add", _inplace_scatter_add, [(S3, "any"), ((2, 2), "any")]),
    Case("iadd_imul", _inplace_iadd_operator, [(S3, "any"), ((3,), "any")]),
    Case("view_seen_after_base_write", _inplace_then_use_view_later, [(S3, "any"), ((3,), "any")]),
    Case("fill_zero_views", _inplace_fill_zero, [(S3, "any"), (S3, "any")]),
    Case("clamp_relu", _inplace_clamp_relu, [(S3, "grid_a")]),
    Case("add_on_unary_output", _inplace_on_unary_output, [(S3, "any"), ((3,), "any")]),
]


@pytest.mark.parametrize(("case", "layout"), params(INPLACE_CASES))
def test_inplace_on_non_leaf(case: Case, layout: str) -> None:
    run_gradcheck(case.fn, case.specs, layout)


# --- autograd.Function ---------------------------------------------------------------------------


@functools.cache
def _functions(lib: Any) -> dict[str, Any]:
    """The same custom Functions, subclassing each library's autograd.Function."""

    class Exp(lib.autograd.Function):
        @staticmethod
        def forward(ctx: Any, x: Any) -> Any:
            result = x.exp()
            ctx.save_for_backward(result)
            return result

        @staticmethod
        def backward(ctx: Any, grad: Any) -> Any:
            (result,) = ctx.saved_tensors
            return grad * result

    class MulAdd(lib.autograd.Function):
        """a * b + scale * c, with a non-tensor argument in the middle."""

        @staticmethod
        def forward(ctx: Any, a: Any, b: Any, scale: float, c: Any) -> Any:
            ctx.save_for_backward(a, b)
            ctx.scale = scale
            return a * b + scale * c

        @staticmethod
        def backward(ctx: Any, grad: Any) -> Any:
            a, b = ctx.saved_tensors
            return grad * b, grad * a, None, grad * ctx.scale

    class SinCos(lib.autograd.Function):
        """Two outputs."""

        @staticmethod
        def forward(ctx: Any, x: Any) -> Any:
            ctx.save_for_backward(x)
            return x.sin(), x.cos()

        @staticmethod
        def backward(ctx: Any, g_sin: Any, g_cos: Any) -> Any:
            (x,) = ctx.saved_tensors
            return g_sin * x.cos() - g_cos * x.sin()

    class Cube(lib.autograd.Function):
        """Backward written with differentiable ops, so it can be differentiated again."""

        @staticmethod
        def forward(ctx: Any, x: Any) -> Any:
            ctx.save_for_backward(x)
            return x * x * x

        @staticmethod
        def backward(ctx: Any, grad: Any) -> Any:
            (x,) = ctx.saved_tensors
            return grad * 3 * x * x

    return {"Exp": Exp, "MulAdd": MulAdd, "SinCos": SinCos, "Cube": Cube}


FUNCTION_CASES = [
    Case("exp", lambda lib, x: _functions(lib)["Exp"].apply(x), [(S3, "any")]),
    Case("exp_composed", lambda lib, x: _functions(lib)["Exp"].apply(x * 2).sum(0), [(S3, "any")]),
    Case(
        "muladd",
        lambda lib, a, b, c: _functions(lib)["MulAdd"].apply(a, b, 0.5, c),
        [(S3, "any"), (S3, "any"), (S3, "any")],
    ),
    Case("sincos", lambda lib, x: _functions(lib)["SinCos"].apply(x), [(S3, "any")]),
    Case(
        "sincos_one_used", lambda lib, x: _functions(lib)["SinCos"].apply(x)[1] * 2, [(S3, "any")]
    ),
    Case("cube", lambda lib, x: _functions(lib)["Cube"].apply(x), [(S3, "any")]),
]


@pytest.mark.parametrize(("case", "layout"), params(FUNCTION_CASES))
def test_autograd_function(case: Case, layout: str) -> None:
    run_gradcheck(case.fn, case.specs, layout)


def test_gradcheck_detects_a_wrong_backward() -> None:
    class WrongSquare(pt.autograd.Function):
        @staticmethod
        def forward(ctx: Any, x: Any) -> Any:
            ctx.save_for_backward(x)
            return x * x

        @staticmethod
        def backward(ctx: Any, grad: Any) -> Any:
            (x,) = ctx.saved_tensors
            return grad * x  # should be 2 * x

    for layout in LAYOUTS:
        x = make_leaf(S3, "nz", layout, 1).pt
        assert pt.autograd.gradcheck(WrongSquare.apply, (x,), **GC, raise_exception=False) is False
        with pytest.raises(RuntimeError):
            pt.autograd.gradcheck(WrongSquare.apply, (x,), **GC)


def test_gradcheck_detects_a_wrong_second_input() -> None:
    class WrongMul(pt.autograd.Function):
        @staticmethod
        def forward(ctx: Any, a: Any, b: Any) -> Any:
            ctx.save_for_backward(a, b)
            return a * b

        @staticmethod
        def backward(ctx: Any, grad: Any) -> Any:
            a, b = ctx.saved_tensors
            return grad * b, grad * b  # the second should be grad * a

    a = make_leaf(S3, "any", "contig", 2).pt
    b = make_leaf(S3, "any", "T", 3).pt
    assert pt.autograd.gradcheck(WrongMul.apply, (a, b), **GC, raise_exception=False) is False


def test_gradcheck_accepts_a_correct_function_and_leaves_inputs_unchanged() -> None:
    x = make_leaf(S3, "any", "vov", 4).pt
    before = x.tolist()
    assert pt.autograd.gradcheck(_functions(pt)["Exp"].apply, (x,), **GC) is True
    assert x.tolist() == before
    assert x.grad is None


# --- second derivatives ------------------------------------------------------------------------

GRADGRAD_CASES = [
    Case("mul", lambda lib, a, b: a * b, [(S3, "any"), ((3,), "any")]),
    Case("exp", lambda lib, x: x.exp(), [(S3, "any")]),
    Case("tanh", lambda lib, x: lib.tanh(x), [(S3, "any")]),
    Case("sigmoid", lambda lib, x: x.sigmoid(), [(S3, "any")]),
    Case("matmul", lambda lib, a, b: a @ b, [(S3, "any"), ((3, 2), "any")]),
    Case("matmul_batched", lambda lib, a, b: lib.matmul(a, b), [((2, 2, 3), "any"), ((3,), "any")]),
    Case("softmax", lambda lib, x: x.softmax(-1), [(S3, "any")]),
    Case("log_softmax", lambda lib, x: lib.log_softmax(x, 0), [(S3, "any")]),
    Case("pow", lambda lib, a, b: a**b, [(S3, "pos"), ((3,), "small")]),
    Case("pow_scalar", lambda lib, x: x**3, [(S3, "any")]),
    Case("div", lambda lib, a, b: a / b, [(S3, "any"), (S3, "nz")]),
    Case("function_cube", lambda lib, x: _functions(lib)["Cube"].apply(x), [(S3, "any")]),
]


@pytest.mark.parametrize(("case", "layout"), params(GRADGRAD_CASES))
def test_gradgradcheck(case: Case, layout: str) -> None:
    leaves = [
        make_leaf(shape, kind, layout, 5 + 17 * i) for i, (shape, kind) in enumerate(case.specs)
    ]
    inputs = tuple(leaf.pt for leaf in leaves)
    assert pt.autograd.gradgradcheck(functools.partial(case.fn, pt), inputs, **GC)
