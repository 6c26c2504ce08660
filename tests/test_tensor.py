"""The Tensor object itself: construction, metadata, storage, dtypes, conversions, Python
protocols, error messages and seeded random numbers, checked against torch as the oracle.

Expected values come from torch (the same call on `torch`) or from math/struct, never from
pytensor's own output.
"""

from __future__ import annotations

import math
import re
import struct
from typing import Any

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import pytensor as pt  # noqa: E402

LIBS = [pt, torch]
DTYPE_NAMES = ["float16", "float32", "float64", "int8", "uint8", "int16", "int32", "int64", "bool"]


def name_of(dt: Any) -> str:
    return str(dt).split(".")[-1]


def same(p: Any, t: Any) -> None:
    """pytensor tensor p and torch tensor t have the same shape, dtype and exact values."""
    assert tuple(p.shape) == tuple(t.shape), (p.shape, t.shape)
    assert name_of(p.dtype) == name_of(t.dtype), (p.dtype, t.dtype)
    pv, tv = p.tolist(), t.tolist()
    assert _nan_eq(pv, tv), (pv, tv)


def _nan_eq(a: Any, b: Any) -> bool:
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(_nan_eq(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return type(a) is type(b) and a == b


def both(fn: Any) -> tuple[Any, Any]:
    return fn(pt), fn(torch)


def to_pt_text(s: str) -> str:
    """torch's text with its type names (torch.Size, torch.float32, torch.FloatTensor) renamed."""
    return re.sub(r"\btorch\.", "pytensor.", s)


def error_of(fn: Any, lib: Any) -> tuple[type, str]:
    try:
        fn(lib)
    except Exception as e:  # noqa: BLE001
        return type(e), to_pt_text(str(e))
    raise AssertionError(f"{lib.__name__} raised nothing")


def same_error(fn: Any) -> None:
    assert error_of(fn, pt) == error_of(fn, torch)


# ------------------------------------------------------------------ construction


@pytest.mark.parametrize(
    "data",
    [
        [1, 2, 3],
        [1.0, 2, 3],
        [True, False],
        [[1, 2], [3, 4]],
        [[[1.5], [2.5]], [[3.5], [-4.5]]],
        [True, 2],
        [1, 2.5, True],
        [],
        [[], []],
        3,
        -2.5,
        True,
        (1, 2, 3),
        [(1, 2), (3, 4)],
        [2**62, -(2**62)],
        [1e-40, 1e38],
        [float("inf"), float("nan")],
    ],
    ids=str,
)
def test_tensor_from_python_data(data: Any) -> None:
    same(*both(lambda lib: lib.tensor(data)))


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_tensor_with_dtype(dtype: str) -> None:
    data = [[0, 1, 2], [3, 100, 7]]
    same(*both(lambda lib: lib.tensor(data, dtype=getattr(lib, dtype))))


@pytest.mark.filterwarnings("ignore:To copy construct from a tensor")
def test_tensor_from_tensor_copies() -> None:
    for lib in LIBS:
        a = lib.tensor([1.0, 2.0])
        b = lib.as_tensor(a)
        assert b is a  # as_tensor returns the same tensor when nothing changes
        c = lib.tensor(a.detach().clone())
        c[0] = 5.0
        assert a.tolist() == [1.0, 2.0]
    same(*both(lambda lib: lib.tensor(lib.tensor([[1, 2]], dtype=lib.int16))))
    same(*both(lambda lib: lib.tensor(lib.tensor([1.5, 2.5]), dtype=lib.int32)))


def test_tensor_of_0d_tensors() -> None:
    same(*both(lambda lib: lib.tensor([lib.tensor(1.5), lib.tensor(2.0)])))


def test_default_dtype() -> None:
    for lib in LIBS:
        assert name_of(lib.get_default_dtype()) == "float32"
        try:
            lib.set_default_dtype(lib.float64)
            assert name_of(lib.tensor([1.0]).dtype) == "float64"
            assert name_of(lib.tensor([1]).dtype) == "int64"
            assert name_of(lib.zeros(2).dtype) == "float64"
        finally:
            lib.set_default_dtype(lib.float32)


@pytest.mark.parametrize(
    "data",
    [[[1, 2], [3]], [[1, 2], [3, 4, 5]], [[[1, 2]], [[3]]], [[[1], [2]], [[3], [4, 5]]]],
    ids=str,
)
def test_ragged_lists_error(data: Any) -> None:
    same_error(lambda lib: lib.tensor(data))


def test_ragged_scalar_mixed_with_list_raises() -> None:
    for lib in LIBS:
        with pytest.raises((ValueError, TypeError)):
            lib.tensor([[1, 2], 3])


@pytest.mark.parametrize(
    "np_dtype",
    ["float16", "float32", "float64", "int8", "uint8", "int16", "int32", "int64", "bool"],
)
def test_from_numpy_and_back(np_dtype: str) -> None:
    arr = (np.arange(6).reshape(2, 3) % 3).astype(np_dtype)
    p, t = pt.from_numpy(arr), torch.from_numpy(arr)
    same(p, t)
    same(pt.tensor(arr), torch.tensor(arr))
    back = p.numpy()
    assert back.dtype == t.numpy().dtype
    assert back.shape == t.numpy().shape
    assert (back == arr).all()
    assert np.asarray(p).dtype == np.asarray(t).dtype
    assert np.array_equal(np.asarray(p), np.asarray(t))


def test_from_numpy_non_contiguous_and_scalar() -> None:
    arr = np.arange(12, dtype=np.float64).reshape(3, 4)[:, ::2].T
    same(pt.tensor(arr), torch.tensor(arr))
    same(pt.from_numpy(arr), torch.from_numpy(arr))
    same(pt.tensor(np.float32(2.5)), torch.tensor(np.float32(2.5)))
    same(pt.tensor(np.int16(7)), torch.tensor(np.int16(7)))


def test_numpy_of_0d_and_views() -> None:
    for lib in LIBS:
        assert lib.tensor(1.5).numpy().shape == ()
    p = pt.arange(12).reshape(3, 4).t()[1:]
    t = torch.arange(12).reshape(3, 4).t()[1:]
    assert np.array_equal(p.numpy(), t.numpy())
    assert np.asarray(p, dtype=np.float32).dtype == np.float32


def test_numpy_requires_grad_error() -> None:
    same_error(lambda lib: lib.tensor([1.0], requires_grad=True).numpy())
    for lib in LIBS:
        assert lib.tensor([1.0], requires_grad=True).detach().numpy().tolist() == [1.0]


# ------------------------------------------------------------------ Python values out


def test_tolist_and_item_types() -> None:
    for dtype in DTYPE_NAMES:

        def run(lib: Any) -> Any:
            t = lib.tensor([[1, 0], [2, 1]], dtype=getattr(lib, dtype))
            nested = t.tolist()
            return (
                [[type(v) for v in row] for row in nested],
                type(t[0, 0].item()),
                type(t[1, 1].tolist()),
                nested,
            )

        p, t = both(run)
        assert p == t, dtype


def test_item_errors() -> None:
    same_error(lambda lib: lib.tensor([1, 2]).item())
    same_error(lambda lib: lib.tensor([]).item())
    for lib in LIBS:
        assert lib.tensor([[7]]).item() == 7


def test_int_float_conversions() -> None:
    for lib in LIBS:
        assert int(lib.tensor(2.7)) == 2
        assert int(lib.tensor([-2.7])) == -2
        f = float(lib.tensor(3))
        assert f == 3.0 and type(f) is float
        assert int(lib.tensor(True)) == 1
        assert [10, 20, 30][lib.tensor(1)] == 20
        with pytest.raises(TypeError):
            [1, 2][lib.tensor(1.0)]


def test_int_of_multi_element_error() -> None:
    same_error(lambda lib: int(lib.tensor([1, 2])))
    same_error(lambda lib: float(lib.tensor([1.0, 2.0])))


def test_bool_of_tensor() -> None:
    for lib in LIBS:
        assert bool(lib.tensor([0.0])) is False
        assert bool(lib.tensor([[2]])) is True
        assert bool(lib.tensor(float("nan"))) is True
    same_error(lambda lib: bool(lib.tensor([1, 2])))


def test_bool_of_empty_tensor_error() -> None:
    same_error(lambda lib: bool(lib.tensor([])))


def test_format_0d() -> None:
    for spec in [".2f", "8.3f", "e", ">10"]:
        p, t = both(lambda lib: format(lib.tensor(3.14159), spec))
        assert p == t
    assert format(pt.tensor(7), "5d") == format(torch.tensor(7), "5d")


def test_format_0d_empty_spec() -> None:
    # f"{loss}" on a 0-d tensor prints the number, as in torch
    p, t = both(lambda lib: f"loss {lib.tensor(2.5)}")
    assert p == t
    p, t = both(lambda lib: f"{lib.tensor(3)}")
    assert p == t


def test_format_non_0d() -> None:
    p, t = both(lambda lib: f"{lib.tensor([1.5, 2.0])}")
    assert p == t
    for lib in LIBS:
        with pytest.raises(TypeError):
            format(lib.tensor([1.5]), ".2f")


def test_len_and_iteration() -> None:
    for lib in LIBS:
        t = lib.tensor([[1, 2], [3, 4], [5, 6]])
        assert len(t) == 3
        rows = list(t)
        assert len(rows) == 3 and all(tuple(r.shape) == (2,) for r in rows)
        assert [r.tolist() for r in rows] == [[1, 2], [3, 4], [5, 6]]
        assert [v.item() for v in lib.tensor([4, 5])] == [4, 5]
        assert len(lib.zeros(0, 3)) == 0
        assert list(lib.zeros(0)) == []
    same_error(lambda lib: len(lib.tensor(1.0)))
    same_error(lambda lib: iter(lib.tensor(1.0)))


def test_iteration_rows_are_views() -> None:
    for lib in LIBS:
        t = lib.zeros(2, 2)
        for row in t:
            row.add_(1)
        assert t.tolist() == [[1.0, 1.0], [1.0, 1.0]]


def test_contains() -> None:
    for lib in LIBS:
        assert 2 in lib.tensor([1, 2, 3])
        assert 5 not in lib.tensor([1, 2])


# ------------------------------------------------------------------ Size and metadata


def test_size_is_tuple_and_prints() -> None:
    s = pt.zeros(2, 3).shape
    assert isinstance(s, tuple)
    assert isinstance(s, pt.Size)
    assert repr(s) == repr(torch.zeros(2, 3).shape).replace("torch.", "pytensor.")
    assert str(s) == "pytensor.Size([2, 3])"
    assert repr(pt.Size([])) == repr(torch.Size([])).replace("torch.", "pytensor.")
    assert s == (2, 3) and s == torch.Size([2, 3])
    assert pt.Size([2, 3]).numel() == torch.Size([2, 3]).numel()
    assert pt.zeros(2, 3).size() == s
    assert pt.zeros(2, 3).size(1) == 3 and pt.zeros(2, 3).size(-2) == 2
    a, b = s
    assert (a, b) == (2, 3)


def test_size_slicing_and_concat_stay_size() -> None:
    p = pt.zeros(2, 3, 4).shape
    t = torch.zeros(2, 3, 4).shape
    assert type(p[1:]).__name__ == type(t[1:]).__name__
    assert repr(p[1:]) == repr(t[1:]).replace("torch.", "pytensor.")
    assert repr(p + pt.Size([5])) == repr(t + torch.Size([5])).replace("torch.", "pytensor.")


@pytest.mark.parametrize(
    "make",
    [
        lambda lib: lib.zeros(2, 3, 4),
        lambda lib: lib.zeros(4, 5)[1:, ::2].t(),
        lambda lib: lib.zeros(2, 3, 4).permute(2, 0, 1),
        lambda lib: lib.zeros(3, 1).expand(3, 4),
        lambda lib: lib.zeros(3, 4)[1],
        lambda lib: lib.zeros(3, 4)[:, 2],
        lambda lib: lib.zeros(5)[2:].view(1, 3),
        lambda lib: lib.tensor(1.0),
        lambda lib: lib.zeros(0, 3),
        lambda lib: lib.zeros(2, 0).t(),
        lambda lib: lib.arange(24).reshape(2, 3, 4)[:, 1:, ::3],
        lambda lib: lib.zeros(3, 4).unsqueeze(1),
        lambda lib: lib.zeros(4, 6).narrow(1, 2, 3),
        lambda lib: lib.zeros(2, 1, 3).squeeze(),
        lambda lib: lib.zeros(4, 4).diagonal(),
    ],
)
def test_metadata_matches_torch(make: Any) -> None:
    def meta(lib: Any) -> Any:
        t = make(lib)
        return (
            tuple(t.shape),
            t.numel(),
            t.dim(),
            t.ndim,
            t.element_size(),
            t.stride(),
            [t.stride(d) for d in range(t.dim())],
            t.storage_offset(),
            t.is_contiguous(),
            name_of(t.dtype),
        )

    p, t = both(meta)
    assert p == t


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_element_size(dtype: str) -> None:
    p, t = both(lambda lib: lib.zeros(2, dtype=getattr(lib, dtype)).element_size())
    assert p == t


def test_dim_errors() -> None:
    same_error(lambda lib: lib.zeros(2, 3).stride(2))
    same_error(lambda lib: lib.zeros(2, 3).size(-3))


def test_data_ptr_views_vs_copies() -> None:
    def run(lib: Any) -> Any:
        t = lib.zeros(2, 3)
        base = t.data_ptr()
        return [
            t.view(6).data_ptr() == base,
            t[0].data_ptr() == base,
            t[1].data_ptr() - base,
            t[:, 1].data_ptr() - base,
            t.clone().data_ptr() == base,
            t.t().data_ptr() == base,
            t.contiguous().data_ptr() == base,
            t.t().contiguous().data_ptr() == base,
            t.reshape(3, 2).data_ptr() == base,
            t.t().reshape(6).data_ptr() == base,
            t.detach().data_ptr() == base,
            t.to(lib.float32).data_ptr() == base,
            t.to(lib.float64).data_ptr() == base,
            t.expand(4, 2, 3).data_ptr() == base,
        ]

    p, t = both(run)
    assert p == t


def test_data_ptr_offset_in_bytes() -> None:
    for dtype in DTYPE_NAMES:
        p, t = both(
            lambda lib: (lambda x: x[3:].data_ptr() - x.data_ptr())(
                lib.zeros(5, dtype=getattr(lib, dtype))
            )
        )
        assert p == t, dtype


def test_float32_storage_is_4_bytes_per_element() -> None:
    n = 1_000_000
    t = pt.zeros(n)
    buf = t.untyped_storage().buffer
    nbytes = len(buf) * buf.itemsize
    assert nbytes == n * torch.zeros(n).element_size()
    assert nbytes == t.numel() * t.element_size()


@pytest.mark.parametrize(
    "dtype", ["float32", "float64", "int8", "int16", "int32", "int64", "uint8", "bool"]
)
def test_storage_bytes_per_element(dtype: str) -> None:
    t = pt.zeros(1000, dtype=getattr(pt, dtype))
    buf = t.untyped_storage().buffer
    assert (
        len(buf) * buf.itemsize == 1000 * torch.zeros(1, dtype=getattr(torch, dtype)).element_size()
    )


def test_views_share_storage() -> None:
    x = pt.arange(6.0).reshape(2, 3)
    for v in (x.view(6), x.t(), x[1], x[:, ::2], x.unsqueeze(0), x.expand(2, 2, 3), x.detach()):
        assert v.untyped_storage() is x.untyped_storage()
    assert x.clone().untyped_storage() is not x.untyped_storage()


def test_view_writes_are_visible() -> None:
    def run(lib: Any) -> Any:
        x = lib.zeros(3, 4)
        x.t()[1, 2] = 5.0
        x[:, ::2].fill_(2.0)
        x.view(12)[11] = 7.0
        x[1].mul_(3)
        return x

    same(*both(run))


# ------------------------------------------------------------------ rounding and wrapping


def f32(v: float) -> float:
    return struct.unpack("<f", struct.pack("<f", v))[0]


def f16(v: float) -> float:
    return struct.unpack("<e", struct.pack("<e", v))[0]


FLOAT_CASES = [
    0.1,
    1 / 3,
    2 / 3,
    1e-40,
    1.4e-45,
    3.4e38,
    16777217.0,
    -0.0,
    123456.789,
    math.pi,
    1e-7,
]


def test_float32_rounding_bit_for_bit() -> None:
    p = pt.tensor(FLOAT_CASES, dtype=pt.float32).tolist()
    t = torch.tensor(FLOAT_CASES, dtype=torch.float32).tolist()
    pb = [struct.pack("<f", v) for v in p]
    tb = [struct.pack("<f", v) for v in t]
    assert pb == tb
    assert p == [f32(v) for v in FLOAT_CASES]


def test_float32_overflow_to_inf() -> None:
    same(*both(lambda lib: lib.tensor([1e39, -1e39, 3.5e38], dtype=lib.float32)))


def test_float32_arithmetic_rounds_each_step() -> None:
    def run(lib: Any) -> Any:
        a = lib.tensor([0.1, 1 / 3, 1e-3, 16777216.0])
        b = lib.tensor([0.2, 1 / 7, 3e-3, 1.0])
        return [a + b, a * b, a / b, a - b, (a * b + a) / b, a.sqrt(), a.exp()]

    for p, t in zip(*both(run)):
        assert [struct.pack("<f", v) for v in p.tolist()] == [
            struct.pack("<f", v) for v in t.tolist()
        ]


def test_float16_rounding() -> None:
    cases = [0.1, 1 / 3, 65504.0, 65520.0, 1e5, 6e-8, 1e-8, 2049.0, 2051.0, -0.0, 0.0001]
    p = pt.tensor(cases, dtype=pt.float16).tolist()
    t = torch.tensor(cases, dtype=torch.float16).tolist()
    assert [struct.pack("<d", v) for v in p] == [struct.pack("<d", v) for v in t]
    finite = [v for v in cases if abs(v) < 65520]
    assert pt.tensor(finite, dtype=pt.float16).tolist() == [f16(v) for v in finite]


def test_float16_arithmetic_rounds() -> None:
    def run(lib: Any) -> Any:
        a = lib.tensor([0.1, 1 / 3, 1000.0, 2048.0], dtype=lib.float16)
        b = lib.tensor([0.2, 1 / 7, 3.0, 1.0], dtype=lib.float16)
        return [a + b, a * b, a / b, a - b]

    for p, t in zip(*both(run)):
        same(p, t)


def test_float64_exact() -> None:
    p = pt.tensor(FLOAT_CASES, dtype=pt.float64).tolist()
    assert [struct.pack("<d", v) for v in p] == [struct.pack("<d", v) for v in FLOAT_CASES]


@pytest.mark.parametrize(
    "expr",
    [
        lambda lib: lib.tensor([2**63 - 1]) + 1,
        lambda lib: lib.tensor([-(2**63)]) - 1,
        lambda lib: lib.tensor([2**62]) * 4,
        lambda lib: lib.tensor([3037000500]) * lib.tensor([3037000500]),
        lambda lib: lib.tensor([2**31 - 1], dtype=lib.int32) + 1,
        lambda lib: lib.tensor([250], dtype=lib.uint8) + 10,
        lambda lib: lib.tensor([3], dtype=lib.uint8) - 5,
        lambda lib: lib.tensor([127], dtype=lib.int8) + 1,
        lambda lib: lib.tensor([32767], dtype=lib.int16) * 2,
        lambda lib: -lib.tensor([-(2**63)]),
        lambda lib: lib.tensor([2**63 - 1, 5]).cumsum(0),
        lambda lib: lib.tensor([2**62, 2**62]).sum(),
    ],
)
def test_integer_wraparound(expr: Any) -> None:
    same(*both(expr))


def test_out_of_range_constructor_values_raise() -> None:
    # torch refuses Python ints that do not fit the requested integer dtype
    same_error(lambda lib: lib.tensor([-1, 256], dtype=lib.uint8))
    same_error(lambda lib: lib.tensor([128], dtype=lib.int8))


@pytest.mark.parametrize(
    "src,dst",
    [
        ("float32", "int64"),
        ("float32", "uint8"),
        ("float32", "bool"),
        ("float64", "float16"),
        ("float64", "float32"),
        ("int64", "float32"),
        ("int64", "int8"),
        ("bool", "float32"),
        ("int32", "bool"),
        ("float16", "int16"),
    ],
)
def test_dtype_conversion_values(src: str, dst: str) -> None:
    data = {
        "float32": [1.7, -1.7, 2.5, 0.0, -0.0, 100.9, 255.4],
        "float64": [1.7, -1.7, 2.5, 1e-5, 1 / 3, 65504.0, 1e40],
        "float16": [1.5, -2.5, 100.0],
        "int64": [0, 1, -1, 16777217, 300, -129],
        "int32": [0, 3, -2],
        "bool": [True, False],
    }[src]
    same(*both(lambda lib: lib.tensor(data, dtype=getattr(lib, src)).to(getattr(lib, dst))))


# ------------------------------------------------------------------ type(), legacy types, to()


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_type_name(dtype: str) -> None:
    p, t = both(lambda lib: lib.zeros(1, dtype=getattr(lib, dtype)).type())
    assert p == t.replace("torch.", "pytensor.")


def test_type_conversions() -> None:
    same(*both(lambda lib: lib.tensor([1.5, -2.7]).type(lib.int32)))
    same(*both(lambda lib: lib.tensor([1.5, -2.7]).type(lib.LongTensor)))
    same(*both(lambda lib: lib.tensor([1, 0]).type(lib.DoubleTensor)))
    same(*both(lambda lib: lib.tensor([1, 0]).type(lib.BoolTensor)))
    same(
        pt.tensor([1, 2]).type("pytensor.FloatTensor"),
        torch.tensor([1, 2]).type("torch.FloatTensor"),
    )
    same(pt.tensor([1, 2]).type("torch.HalfTensor"), torch.tensor([1, 2]).type("torch.HalfTensor"))


def test_type_same_dtype_returns_self() -> None:
    p, t = both(lambda lib: (lambda x: x.type(lib.float32) is x)(lib.tensor([1.0])))
    assert p == t


@pytest.mark.parametrize(
    "ctor",
    [
        "FloatTensor",
        "DoubleTensor",
        "HalfTensor",
        "LongTensor",
        "IntTensor",
        "ShortTensor",
        "CharTensor",
        "ByteTensor",
        "BoolTensor",
    ],
)
def test_legacy_constructors(ctor: str) -> None:
    same(*both(lambda lib: getattr(lib, ctor)([1, 0, 2])))
    same(*both(lambda lib: getattr(lib, ctor)([[1.0, 0.0], [2.0, 3.0]])))
    p, t = both(lambda lib: getattr(lib, ctor)(2, 3))
    assert tuple(p.shape) == tuple(t.shape) and name_of(p.dtype) == name_of(t.dtype)
    assert isinstance(getattr(pt, ctor)([1]), pt.Tensor)
    assert getattr(pt, ctor)([1]).type() == getattr(torch, ctor)([1]).type().replace(
        "torch.", "pytensor."
    )


def test_legacy_tensor_class_constructor() -> None:
    same(*both(lambda lib: lib.Tensor([1, 2])))
    same(*both(lambda lib: lib.Tensor([[1.5, 2], [3, 4]])))
    p, t = both(lambda lib: lib.Tensor(2, 3))
    assert tuple(p.shape) == tuple(t.shape) and name_of(p.dtype) == name_of(t.dtype)


@pytest.mark.parametrize(
    "method", ["float", "double", "long", "int", "bool", "half", "short", "char", "byte"]
)
def test_conversion_methods(method: str) -> None:
    same(*both(lambda lib: getattr(lib.tensor([1.5, -0.0, 2.0, 0.0, 7.9]), method)()))
    same(*both(lambda lib: getattr(lib.tensor([[1, 0], [3, 4]]), method)()))


def test_conversion_to_same_dtype_returns_self() -> None:
    for lib in LIBS:
        x = lib.tensor([1.0])
        assert x.float() is x
        assert x.to(lib.float32) is x
        assert x.to("cpu") is x
        assert x.cpu() is x
        assert x.to(lib.float32, copy=True) is not x
        y = lib.tensor([1])
        assert y.long() is y


def test_to_variants() -> None:
    same(*both(lambda lib: lib.tensor([1.5, 2.5]).to(lib.float64)))
    same(*both(lambda lib: lib.tensor([1.5, 2.5]).to(lib.tensor([1], dtype=lib.int16))))
    same(*both(lambda lib: lib.tensor([1.5, 2.5]).to("cpu", lib.float16)))
    same(*both(lambda lib: lib.tensor([1.5, 2.5]).to(device="cpu", dtype=lib.int32)))
    same(*both(lambda lib: lib.tensor([1.5, 2.5]).to(lib.device("cpu"))))
    same(*both(lambda lib: lib.tensor([1.5, 2.5]).to(dtype=lib.bool)))


def test_to_keeps_autograd() -> None:
    def run(lib: Any) -> Any:
        x = lib.tensor([1.5, 2.5], requires_grad=True)
        y = x.to(lib.float64)
        assert y.requires_grad and y.grad_fn is not None
        (y * y).sum().backward()
        return y.grad_fn.name(), x.grad

    (pn, pg), (tn, tg) = both(run)
    assert pn == tn
    same(pg, tg)


def test_device() -> None:
    assert repr(pt.device("cpu")) == repr(torch.device("cpu"))
    assert str(pt.device("cpu")) == str(torch.device("cpu"))
    for lib in LIBS:
        t = lib.tensor([1.0])
        assert repr(t.device) == "device(type='cpu')"
        assert t.device.type == "cpu" and t.device.index is None
        assert t.device == lib.device("cpu")
        assert lib.zeros(2, device="cpu").device == lib.device("cpu")
        assert lib.tensor([1.0], device=lib.device("cpu")).device.type == "cpu"
        assert not t.is_cuda


@pytest.mark.parametrize(
    "name,args",
    [
        ("multiply", 2),
        ("subtract", 2),
        ("divide", 2),
        ("true_divide", 2),
        ("absolute", 1),
        ("negative", 1),
    ],
)
def test_function_and_method_aliases(name: str, args: int) -> None:
    def run(lib: Any) -> Any:
        a = lib.tensor([[1.0, -2.0], [3.5, 0.25]])
        b = lib.tensor([3.0, -4.0])
        fn = getattr(lib, name)
        operands = (a, b)[:args]
        return fn(*operands), getattr(a, name)(*operands[1:])

    (p1, p2), (t1, t2) = both(run)
    same(p1, t1)
    same(p2, t2)


def test_clip_and_concat_aliases() -> None:
    same(*both(lambda lib: lib.clip(lib.tensor([1.0, -2.0, 0.3]), -1, 0.5)))
    same(*both(lambda lib: lib.tensor([1.0, -2.0, 0.3]).clip(-1, 0.5)))
    same(*both(lambda lib: lib.tensor([1.0, -2.0, 0.3]).clip(min=0.0)))
    same(*both(lambda lib: lib.concat([lib.tensor([[1.0]]), lib.tensor([[2.0], [3.0]])])))
    same(*both(lambda lib: lib.concat([lib.tensor([[1.0]]), lib.tensor([[2.0, 3.0]])], dim=1)))


# ------------------------------------------------------------------ shape errors


@pytest.mark.parametrize(
    "fn",
    [
        lambda lib: lib.zeros(2, 3).view(4),
        lambda lib: lib.zeros(2, 3).view(-1, 4),
        lambda lib: lib.zeros(2, 3).view(-1, -1),
        lambda lib: lib.zeros(2, 3).t().view(6),
        lambda lib: lib.zeros(2, 3).reshape(5),
        lambda lib: lib.zeros(2, 3).reshape(4, -1),
        lambda lib: lib.zeros(2, 3).expand(3, 3),
        lambda lib: lib.zeros(2, 3).expand(2, 1, 4),
        lambda lib: lib.cat([lib.zeros(2, 3), lib.zeros(2, 4)]),
        lambda lib: lib.cat([lib.zeros(2, 3), lib.zeros(3, 3)], 1),
        lambda lib: lib.cat([lib.zeros(2, 3), lib.zeros(3)]),
        lambda lib: lib.cat([lib.zeros(2, 3), lib.zeros(2, 3)], 2),
        lambda lib: lib.zeros(2, 3) @ lib.zeros(4, 5),
        lambda lib: lib.zeros(3) @ lib.zeros(4),
        lambda lib: lib.zeros(3) @ lib.zeros(4, 5),
        lambda lib: lib.tensor(1.0) @ lib.zeros(4),
        lambda lib: lib.zeros(2, 3, 4) @ lib.zeros(3, 4, 5),
        lambda lib: lib.mm(lib.zeros(2, 3), lib.zeros(4, 5)),
        lambda lib: lib.mm(lib.zeros(3), lib.zeros(3, 5)),
        lambda lib: lib.zeros(2, 3) + lib.zeros(4),
        lambda lib: lib.stack([lib.zeros(2), lib.zeros(3)]),
        lambda lib: lib.zeros(2, 3).permute(0, 0),
        lambda lib: lib.zeros(2, 3).transpose(0, 2),
        lambda lib: lib.zeros(2, 3)[2],
        lambda lib: lib.zeros(2, 3).squeeze(3),
    ],
)
def test_shape_error_messages(fn: Any) -> None:
    same_error(fn)


def test_expand_error_messages() -> None:
    same_error(lambda lib: lib.zeros(2, 3).expand(3))
    same_error(lambda lib: lib.zeros(3).expand(-1, 3))


def test_cat_empty_list_error() -> None:
    same_error(lambda lib: lib.cat([]))


def test_valid_reshapes_match() -> None:
    same(*both(lambda lib: lib.arange(6).reshape(2, 3).t().reshape(6)))
    same(*both(lambda lib: lib.arange(6).view(-1, 2)))
    same(*both(lambda lib: lib.arange(6).reshape(3, -1).expand(2, 3, 2)))
    same(*both(lambda lib: lib.zeros(1, 3).expand(2, -1)))
    same(*both(lambda lib: lib.arange(0).reshape(0, 5)))


# ------------------------------------------------------------------ random numbers


def seeded(seed: int, fn: Any) -> tuple[Any, Any]:
    def run(lib: Any) -> Any:
        lib.manual_seed(seed)
        return fn(lib)

    return both(run)


@pytest.mark.parametrize(
    "fn",
    [
        lambda lib: lib.rand(5),
        lambda lib: lib.rand(3, 4),
        lambda lib: lib.rand(5, dtype=lib.float64),
        lambda lib: lib.rand(5, dtype=lib.float16),
        lambda lib: lib.randn(5),
        lambda lib: lib.randn(20),
        lambda lib: lib.randn(17, dtype=lib.float64),
        lambda lib: lib.randn(2, 3),
        lambda lib: lib.randint(0, 10, (6,)),
        lambda lib: lib.randint(10, (2, 3)),
        lambda lib: lib.randint(-(2**40), 2**40, (4,)),
        lambda lib: lib.randint(0, 5, (3,), dtype=lib.int32),
        lambda lib: lib.randperm(10),
        lambda lib: lib.randperm(100),
        lambda lib: lib.rand_like(lib.zeros(3)),
        lambda lib: lib.randn_like(lib.zeros(2, 2, dtype=lib.float64)),
        lambda lib: lib.normal(2.0, 3.0, (4,)),
        lambda lib: lib.bernoulli(lib.tensor([0.1, 0.5, 0.9, 0.7])),
        lambda lib: lib.rand(10) > 0.5,
    ],
)
@pytest.mark.parametrize("seed", [0, 42])
def test_seeded_sampling_matches_torch(fn: Any, seed: int) -> None:
    same(*seeded(seed, fn))


def test_seeded_sequence_matches_torch() -> None:
    def run(lib: Any) -> Any:
        return [
            lib.rand(3),
            lib.randn(3),
            lib.randint(0, 5, (3,)),
            lib.randperm(4),
            lib.rand(2),
            lib.randn(1),
        ]

    for p, t in zip(*seeded(0, run)):
        same(p, t)


@pytest.mark.parametrize(
    "fill",
    [
        lambda t: t.uniform_(),
        lambda t: t.uniform_(-2, 3),
        lambda t: t.normal_(),
        lambda t: t.normal_(1, 2),
        lambda t: t.bernoulli_(0.3),
        lambda t: t.bernoulli_(0.5),
    ],
)
@pytest.mark.parametrize("n", [5, 20])
def test_inplace_random_fills(fill: Any, n: int) -> None:
    def run(lib: Any) -> Any:
        t = lib.empty(n)
        r = fill(t)
        assert r is t
        return t

    same(*seeded(0, run))


def test_inplace_random_fill_float64_and_2d() -> None:
    same(*seeded(3, lambda lib: lib.empty(3, 4, dtype=lib.float64).normal_(0, 0.5)))
    same(*seeded(3, lambda lib: lib.empty(3, 4, dtype=lib.float64).uniform_(-1, 1)))
    same(*seeded(3, lambda lib: lib.empty(4).bernoulli_(lib.tensor([0.1, 0.5, 0.9, 0.7]))))


def test_generator_argument() -> None:
    def run(lib: Any) -> Any:
        g = lib.Generator().manual_seed(3)
        return [
            lib.rand(3, generator=g),
            lib.randn(3, generator=g),
            lib.randint(0, 100, (3,), generator=g),
            lib.randperm(5, generator=g),
            lib.empty(3).uniform_(generator=g),
            lib.empty(3).normal_(generator=g),
        ]

    for p, t in zip(*both(run)):
        same(p, t)


def test_generator_does_not_touch_default() -> None:
    def run(lib: Any) -> Any:
        lib.manual_seed(1)
        lib.rand(2, generator=lib.Generator().manual_seed(5))
        return lib.rand(2)

    same(*both(run))


def test_generator_manual_seed_returns_generator_and_initial_seed() -> None:
    for lib in LIBS:
        g = lib.Generator()
        assert g.manual_seed(7) is g
        assert g.initial_seed() == 7
        lib.manual_seed(123)
        assert lib.initial_seed() == 123


def test_rng_state_round_trip() -> None:
    def run(lib: Any) -> Any:
        lib.manual_seed(0)
        lib.rand(7)
        state = lib.get_rng_state()
        a = lib.rand(3)
        b = lib.randn(4)
        lib.set_rng_state(state)
        return a, b, lib.rand(3), lib.randn(4), state

    (pa, pb, pa2, pb2, ps), (ta, tb, ta2, tb2, ts) = both(run)
    same(pa, ta)
    same(pb, tb)
    same(pa2, ta)
    same(pb2, tb)
    same(ps, ts)


def test_set_rng_state_from_torch_bytes() -> None:
    torch.manual_seed(11)
    torch.randn(3)
    state = torch.get_rng_state()
    pt.set_rng_state(pt.tensor(state.tolist(), dtype=pt.uint8))
    same(pt.randn(5), torch.randn(5))


def test_generator_get_set_state() -> None:
    def run(lib: Any) -> Any:
        g = lib.Generator().manual_seed(7)
        s = g.get_state()
        a = lib.rand(2, generator=g)
        g.set_state(s)
        return a, lib.rand(2, generator=g)

    (pa, pb), (ta, tb) = both(run)
    same(pa, ta)
    same(pb, tb)


def test_small_api_fixes_match_torch():
    """Found by the docstring audit: each of these behaved differently from torch."""
    import torch

    import pytensor as pt

    cond = [True, False, True]
    assert pt.where(pt.tensor(cond), 1.0, 0.0).tolist() == torch.where(
        torch.tensor(cond), 1.0, 0.0).tolist()
    assert pt.where(pt.tensor(cond), 1, 0).dtype.name == "int64"

    @pt.inference_mode
    def doubled(x):
        return x * 2

    y = doubled(pt.ones(2, requires_grad=True))
    assert y.tolist() == [2.0, 2.0] and not y.requires_grad

    for name in ("float16", "float32", "float64"):
        assert getattr(pt, name).max == torch.finfo(getattr(torch, name)).max
        assert getattr(pt, name).min == torch.finfo(getattr(torch, name)).min
    assert (pt.int8.min, pt.uint8.max, pt.bool.max) == (-128, 255, 1)

    with pytest.raises(NotImplementedError, match="\"bitwise_not_cpu\" not implemented for 'Float'"):
        pt.bitwise_not(pt.ones(2))
    with pytest.raises(TypeError, match="only implemented on integer and Boolean"):
        ~pt.ones(2)


def test_hstack_of_scalars_and_randint_like_short_form_match_torch():
    import torch

    import pytensor as pt

    assert pt.hstack([pt.tensor(1.0), pt.tensor(2.0)]).tolist() == torch.hstack(
        [torch.tensor(1.0), torch.tensor(2.0)]).tolist()
    torch.manual_seed(0)
    pt.manual_seed(0)
    assert pt.randint_like(pt.zeros(6), 10).tolist() == torch.randint_like(
        torch.zeros(6), 10).tolist()
    g, tg = pt.Generator().manual_seed(3), torch.Generator().manual_seed(3)
    assert pt.randint_like(pt.zeros(3), 2, 9, generator=g).tolist() == torch.randint_like(
        torch.zeros(3), 2, 9, generator=tg).tolist()


# --- in-place arithmetic writes straight into the tensor (ops/inplace.py) -----------------------


@pytest.mark.parametrize("device", ["cpu", "opencl"])
def test_inplace_arithmetic_writes_into_its_own_storage(device: str) -> None:
    if device == "opencl" and not pt.opencl.is_available():
        pytest.skip("no OpenCL device")
    values = np.arange(12, dtype=np.float32).reshape(3, 4) / 7
    for lib in (pt, torch):
        x = lib.tensor(values.tolist())
        if lib is pt:
            x = x.to(device)
            buffer = x.untyped_storage().buffer
        x.add_(lib.tensor([1.0, 2.0, 3.0, 4.0]).to(x.device), alpha=0.5)
        x.mul_(x)  # reads and writes the same elements
        x.lerp_(lib.ones(3, 4).to(x.device), 0.25).addcmul_(x, x, value=-0.5)
        x.addcdiv_(lib.ones(4).to(x.device), lib.full((3, 4), 3.0).to(x.device), value=2)
        x.sub_(1).div_(lib.tensor(3.0).to(x.device))
        x[1].add_(x[0])  # a view of another view of the same storage: a copy is taken
        if lib is pt:
            assert x.untyped_storage().buffer is buffer
            got, got_version = x.tolist(), x._version
        else:
            want, want_version = x.tolist(), x._version
    np.testing.assert_allclose(got, want, rtol=1e-6)
    assert got_version == want_version


def test_inplace_reading_a_different_layout_of_itself_is_correct() -> None:
    """x.add_(x.t()) must read each old value before it is overwritten: the op takes the
    copy path, not the direct write."""
    values = np.arange(9, dtype=np.float32).reshape(3, 3).tolist()
    got, want = pt.tensor(values), torch.tensor(values)
    got.add_(got.t())
    want = want + want.t()
    assert got.tolist() == want.tolist()
    got = pt.tensor(values)
    got[:, 1:].mul_(got[:, :2])
    want = torch.tensor(values)
    want[:, 1:] = want[:, 1:] * want[:, :2].clone()
    assert got.tolist() == want.tolist()


def test_inplace_direct_write_keeps_the_graph() -> None:
    """An in-place op on a non-leaf (and through a view of it) records its history as before."""
    for lib in (pt, torch):
        w = lib.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
        h = w * 2
        h.mul_(3).add_(w * w, alpha=3)
        h[0].addcmul_(w[1], w[0], value=0.5)
        h.sum().backward()
        if lib is pt:
            got, name = w.grad.tolist(), type(h.grad_fn).__name__
        else:
            want, want_name = w.grad.tolist(), type(h.grad_fn).__name__
    assert got == want and name == want_name


def test_python_numbers_keep_sign_and_type() -> None:
    """The 0-dim tensors made for Python numbers are shared, but 0.0 and -0.0, and 1, 1.0 and
    True, stay apart (equal as dict keys, not as operands)."""
    x = pt.tensor([1.0, -1.0])
    assert [math.copysign(1, v) for v in (x * 0.0).tolist()] == [1, -1]
    assert [math.copysign(1, v) for v in (x * -0.0).tolist()] == [-1, 1]
    n = pt.tensor([3])
    assert (n * 1).dtype is pt.int64 and (n * 1.0).dtype is pt.float32
    assert (n * True).dtype is pt.int64 and (n * True).tolist() == [3]
    assert (n * 1.0).tolist() == [3.0] and math.isnan((x * math.nan)[0].item())
