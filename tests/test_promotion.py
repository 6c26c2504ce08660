"""Type promotion against torch: result_type, promote_types, and the dtypes of op results."""

from __future__ import annotations

import itertools

import pytest

torch = pytest.importorskip("torch")

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from oracle import DTYPE_NAMES, dname  # noqa: E402

import pytensor as pt  # noqa: E402

PAIRS = list(itertools.product(DTYPE_NAMES, DTYPE_NAMES))
SCALARS = [True, False, 0, 3, -2, 2.5, -0.0, 1e10]


def _t(lib, name: str, ndim: int):
    """A small tensor of dtype `name`: ndim 0 -> 0-dim, else shape (2,)*ndim. Values 1 and 2."""
    d = getattr(lib, name)
    base = lib.ones((2,) * ndim, dtype=d) if ndim else lib.ones((), dtype=d)
    return base


def _name(d) -> str:
    return str(d).split(".")[-1]


def _outcome(fn, x, y):
    """('ok', dtype name) or ('error',): which dtype comes out, or that the op is refused."""
    try:
        out = fn(x, y)
    except Exception:  # noqa: BLE001 - only whether it is refused matters here
        return ("error",)
    return ("ok", dname(out))


def _mismatches(cases) -> list[str]:
    """cases: (label, fn(lib) -> outcome); the labels where pytensor and torch differ."""
    bad = []
    for label, fn in cases:
        p, t = fn(pt), fn(torch)
        if p != t:
            bad.append(f"{label}: pytensor {p} vs torch {t}")
    return bad


def test_promote_types() -> None:
    bad = [f"{a},{b}: {_name(pt.promote_types(getattr(pt, a), getattr(pt, b)))} vs torch "
           f"{_name(torch.promote_types(getattr(torch, a), getattr(torch, b)))}"
           for a, b in PAIRS
           if _name(pt.promote_types(getattr(pt, a), getattr(pt, b)))
           != _name(torch.promote_types(getattr(torch, a), getattr(torch, b)))]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("ndims", [(1, 1), (1, 0), (0, 1), (0, 0), (2, 1)], ids=str)
def test_result_type_tensors(ndims: tuple) -> None:
    bad = _mismatches(
        (f"{a}[{ndims[0]}d],{b}[{ndims[1]}d]",
         lambda L, a=a, b=b: _name(L.result_type(_t(L, a, ndims[0]), _t(L, b, ndims[1]))))
        for a, b in PAIRS)
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("ndim", [0, 1])
@pytest.mark.parametrize("a", DTYPE_NAMES)
def test_result_type_scalars(a: str, ndim: int) -> None:
    cases = []
    for s in SCALARS:
        cases.append((f"{a}[{ndim}d],{s!r}", lambda L, s=s: _name(L.result_type(_t(L, a, ndim), s))))
        cases.append((f"{s!r},{a}[{ndim}d]", lambda L, s=s: _name(L.result_type(s, _t(L, a, ndim)))))
    bad = _mismatches(cases)
    assert not bad, "\n".join(bad)


BINARY = {
    "add": lambda x, y: x + y, "sub": lambda x, y: x - y, "mul": lambda x, y: x * y,
    "div": lambda x, y: x / y, "floordiv": lambda x, y: x // y, "mod": lambda x, y: x % y,
    "pow": lambda x, y: x ** y, "eq": lambda x, y: x == y, "lt": lambda x, y: x < y,
    "ge": lambda x, y: x >= y, "maximum": lambda x, y: x.maximum(y),
    "atan2": lambda x, y: x.atan2(y), "and": lambda x, y: x & y,
    "logical_and": lambda x, y: x.logical_and(y),
}


@pytest.mark.parametrize("op", sorted(BINARY))
def test_binary_op_result_dtype(op: str) -> None:
    fn = BINARY[op]
    bad = _mismatches(
        (f"{a}[2] {op} {b}[2]", lambda L, a=a, b=b: _outcome(fn, _t(L, a, 1), _t(L, b, 1)))
        for a, b in PAIRS)
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("op", ["add", "mul", "div", "floordiv", "pow", "eq", "lt", "maximum", "and"])
def test_binary_op_zero_dim_tensor(op: str) -> None:
    """A 0-dim tensor only changes the result when it is of a higher category."""
    fn = BINARY[op]
    cases = []
    for a, b in PAIRS:
        cases.append((f"{a}[2] {op} {b}[]", lambda L, a=a, b=b: _outcome(fn, _t(L, a, 1), _t(L, b, 0))))
        cases.append((f"{b}[] {op} {a}[2]", lambda L, a=a, b=b: _outcome(fn, _t(L, b, 0), _t(L, a, 1))))
    bad = _mismatches(cases)
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("op", [k for k in BINARY if k not in ("maximum", "atan2", "logical_and")])
def test_binary_op_python_scalar(op: str) -> None:
    fn = BINARY[op]
    cases = []
    for a in DTYPE_NAMES:
        for ndim in (0, 1):
            for s in SCALARS:
                cases.append((f"{a}[{ndim}d] {op} {s!r}",
                              lambda L, a=a, ndim=ndim, s=s: _outcome(fn, _t(L, a, ndim), s)))
                cases.append((f"{s!r} {op} {a}[{ndim}d]",
                              lambda L, a=a, ndim=ndim, s=s: _outcome(fn, s, _t(L, a, ndim))))
    bad = _mismatches(cases)
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("which", ["where", "cat", "stack"])
def test_where_and_cat_dtype(which: str) -> None:
    fns = {"where": lambda L, x, y: L.where(L.tensor([True, False]), x, y),
           "cat": lambda L, x, y: L.cat([x, y]), "stack": lambda L, x, y: L.stack([x, y])}
    f = fns[which]
    bad = _mismatches(
        (f"{which}({a}, {b})", lambda L, a=a, b=b: _outcome(lambda x, y: f(L, x, y), _t(L, a, 1), _t(L, b, 1)))
        for a, b in PAIRS)
    assert not bad, "\n".join(bad)


UNARY_FLOAT = ["exp", "log", "sqrt", "sin", "sigmoid", "tanh", "erf", "reciprocal", "rsqrt"]
UNARY_KEEP = ["neg", "abs", "sign", "floor", "round", "relu", "square", "logical_not", "bitwise_not",
              "isnan", "sum", "prod", "mean", "cumsum", "amax", "softmax0", "argmax", "all"]


@pytest.mark.parametrize("op", UNARY_FLOAT + UNARY_KEEP)
def test_unary_result_dtype(op: str) -> None:
    def fn(x, _):
        if op == "softmax0":
            return x.softmax(0)
        if op == "cumsum":
            return x.cumsum(0)
        if op == "amax":
            return x.amax()
        return getattr(x, op)()

    bad = _mismatches((f"{op}({a})", lambda L, a=a: _outcome(fn, _t(L, a, 1), None)) for a in DTYPE_NAMES)
    assert not bad, "\n".join(bad)


def test_inplace_casting_rules() -> None:
    """In-place ops keep self's dtype; a higher category result is refused (can_cast)."""
    def fn(x, y):
        z = x.clone()
        z.add_(y)
        return z

    bad = _mismatches((f"{a}.add_({b})", lambda L, a=a, b=b: _outcome(fn, _t(L, a, 1), _t(L, b, 1)))
                      for a, b in PAIRS)
    bad += _mismatches((f"can_cast({b}, {a})",
                        lambda L, a=a, b=b: L.can_cast(getattr(L, b), getattr(L, a))) for a, b in PAIRS)
    assert not bad, "\n".join(bad)


def test_int_division_gives_float() -> None:
    for a in ("int64", "int32", "uint8", "bool"):
        t = _t(torch, a, 1) / _t(torch, a, 1)
        p = _t(pt, a, 1) / _t(pt, a, 1)
        assert dname(p) == dname(t) == "float32"


def test_default_dtype_changes_promotion() -> None:
    torch.set_default_dtype(torch.float64)
    pt.set_default_dtype(pt.float64)
    try:
        for a in DTYPE_NAMES:
            assert _outcome(lambda x, y: x + y, _t(pt, a, 1), 2.5) == _outcome(lambda x, y: x + y, _t(torch, a, 1), 2.5)
            assert _outcome(lambda x, y: x / y, _t(pt, a, 1), 2) == _outcome(lambda x, y: x / y, _t(torch, a, 1), 2)
        assert dname(pt.tensor([1.5])) == dname(torch.tensor([1.5]))
        assert dname(pt.arange(0.0, 1.0, 0.5)) == dname(torch.arange(0.0, 1.0, 0.5))
    finally:
        torch.set_default_dtype(torch.float32)
        pt.set_default_dtype(pt.float32)


dtype_st = st.sampled_from(DTYPE_NAMES)
operand_st = st.one_of(
    st.tuples(st.just("tensor"), dtype_st, st.integers(0, 2)),
    st.tuples(st.just("scalar"), st.sampled_from([True, 1, -3, 0.5, 2.0]), st.just(0)),
)


@settings(max_examples=50, deadline=None)
@given(st.lists(operand_st, min_size=1, max_size=4))
def test_result_type_many_operands(ops: list) -> None:
    """torch.result_type takes two operands; fold pairwise as torch's promotion is pairwise
    within each tier; compare pytensor's n-ary result_type for pairs and its pairwise fold."""
    if not any(kind == "tensor" for kind, _, _ in ops):
        ops = [("tensor", "float32", 1), *ops]

    def build(lib, op):
        kind, v, nd = op
        return _t(lib, v, nd) if kind == "tensor" else v

    for x, y in itertools.combinations(ops, 2):
        if x[0] == "scalar" and y[0] == "scalar":
            continue
        assert _name(pt.result_type(build(pt, x), build(pt, y))) == _name(
            torch.result_type(build(torch, x), build(torch, y))), (x, y)


@settings(max_examples=50, deadline=None)
@given(dtype_st, dtype_st, st.integers(0, 1), st.integers(0, 1),
       st.sampled_from(["add", "mul", "sub", "div", "eq", "maximum"]))
def test_binary_dtype_hypothesis(a: str, b: str, na: int, nb: int, op: str) -> None:
    fn = BINARY[op]
    t = _outcome(fn, _t(torch, a, na), _t(torch, b, nb))
    p = _outcome(fn, _t(pt, a, na), _t(pt, b, nb))
    assert p == t
