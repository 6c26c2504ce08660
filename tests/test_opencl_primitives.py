"""Parity of every OpenCL primitive with the reference backend, primitive by primitive.

Each test builds one random layout (shape, strides, offset into a larger buffer, stride-0
broadcast dims, views that are not contiguous), runs the same primitive on both backends, and
compares. Tolerances follow issue 4: copies, views, comparisons, integers and bools exact;
add/sub/mul rtol 1e-6; division and transcendentals rtol 1e-5; sums and matmul rtol 1e-4 with
an absolute tolerance scaled by the square root of the reduction length.

The public ops (forward and backward) run on both devices in test_ops_oracle.py.
"""

from __future__ import annotations

import math
from array import array

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pytensor as pt
from pytensor import dtypes
from pytensor.backends import View, backend_for
from pytensor.backends.base import BINARY_OPS, REDUCE_OPS, SCAN_OPS, UNARY_OPS
from pytensor.backends.opencl import expressions
from pytensor.backends.reference import ReferenceBackend

if not pt.opencl.is_available():
    pytest.skip("no OpenCL device: pip install pyopencl pocl-binary-distribution",
                allow_module_level=True)  # fmt: skip

REF = ReferenceBackend()
CL = backend_for(pt.device("opencl"))
SETTINGS = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
# The per-op tests (one test per op and dtype, ~300 of them) draw fewer layouts each.
PER_OP = settings(SETTINGS, max_examples=8)

ALL = [dtypes.float32, dtypes.float64, dtypes.float16, dtypes.int64, dtypes.int32,
       dtypes.int16, dtypes.int8, dtypes.uint8, dtypes.bool_]  # fmt: skip
FLOATS = [dtypes.float32, dtypes.float64]


# --- layouts --------------------------------------------------------------------------------


@st.composite
def layouts(draw, shape=None, max_dims=4, max_side=5):
    """(shape, strides, offset, buffer length): a random view of a random buffer.

    Strides are a permutation of a padded row-major layout (transposes, gaps), and any dim may
    get stride 0 (an expanded dim), so the views are as varied as pytensor's own.
    """
    if shape is None:
        shape = tuple(draw(st.lists(st.integers(0, max_side), max_size=max_dims)))
    order = draw(st.permutations(range(len(shape))))
    gaps = [draw(st.integers(1, 2)) for _ in shape]
    strides = [0] * len(shape)
    step = 1
    for d in reversed(order):
        strides[d] = step * gaps[d]
        step *= max(shape[d], 1) * gaps[d] + 1
    for d in range(len(shape)):
        if draw(st.integers(0, 5)) == 0:
            strides[d] = 0
    offset = draw(st.integers(0, 3))
    span = sum((n - 1) * s for n, s in zip(shape, strides)) if 0 not in shape else 0
    return tuple(shape), tuple(strides), offset, offset + span + 1


def values(dt, n, rng, low=-3.0, high=3.0):
    if dt.kind == "b":
        return [rng.random() < 0.5 for _ in range(n)]
    if dt.kind in "iu":
        lo, hi = max(int(low), dt.min), min(int(high), dt.max)
        return [rng.randint(lo, hi) for _ in range(n)]
    return [rng.uniform(low, high) for _ in range(n)]


def pair(layout, dt, rng, low=-3.0, high=3.0):
    """The same view on the host and on the device."""
    shape, strides, offset, length = layout
    host = dtypes.to_storage(dt, values(dt, length, rng, low, high))
    ref = View(host, shape, strides, offset, dt)
    dev = View(CL.from_host(array(host.typecode, host), dt), shape, strides, offset, dt)
    return ref, dev


def outputs(shape, dt, layout=None):
    """A fresh output on each backend, contiguous unless a layout is given."""
    if layout is None:
        strides = pt.backends.base.contiguous_strides(shape)
        layout = (tuple(shape), strides, 0, max(math.prod(shape), 1))
    shape, strides, offset, length = layout
    ref = View(REF.allocate(length, dt), shape, strides, offset, dt)
    dev = View(CL.allocate(length, dt), shape, strides, offset, dt)
    return ref, dev


def host_values(v: View, backend) -> list:
    return backend.to_host(v).tolist()


def assert_parity(ref: View, dev: View, rtol=0.0, atol=0.0, what=""):
    expected = host_values(ref, REF)
    got = host_values(dev, CL)
    assert len(got) == len(expected)
    for i, (g, e) in enumerate(zip(got, expected)):
        if rtol == 0 and atol == 0 or not isinstance(e, float):
            same = g == e or (g != g and e != e)
            assert same, f"{what}: element {i}: opencl {g!r} != reference {e!r}"
        elif math.isnan(e) or math.isinf(e):
            assert g == e or (g != g and e != e), f"{what}: element {i}: {g!r} != {e!r}"
        else:
            assert abs(g - e) <= atol + rtol * abs(e), (
                f"{what}: element {i}: opencl {g!r} vs reference {e!r}")


def rng_from(data):
    import random

    return random.Random(data.draw(st.integers(0, 2**32 - 1)))


# --- copy and fill --------------------------------------------------------------------------


@SETTINGS
@given(data=st.data(), src_dt=st.sampled_from(ALL), out_dt=st.sampled_from(ALL))
def test_copy_casts_between_every_dtype_pair(data, src_dt, out_dt):
    layout = data.draw(layouts())
    rng = rng_from(data)
    src_ref, src_dev = pair(layout, src_dt, rng, -200, 200)
    out_ref, out_dev = outputs(layout[0], out_dt)
    REF.copy(src_ref, out_ref)
    CL.copy(src_dev, out_dev)
    assert_parity(out_ref, out_dev, what=f"copy {src_dt}->{out_dt}")


@SETTINGS
@given(data=st.data(), dt=st.sampled_from(ALL))
def test_copy_into_a_strided_view(data, dt):
    layout = data.draw(layouts())
    shape = layout[0]
    # The output must not overlap itself: drop the broadcast (stride-0) dims' expansion.
    out_layout = data.draw(layouts(shape=shape).filter(lambda lay: 0 not in lay[1] or 0 in lay[0]))
    rng = rng_from(data)
    src_ref, src_dev = pair(layout, dt, rng)
    out_ref, out_dev = pair(out_layout, dt, rng)  # a pre-filled buffer: untouched parts must stay
    REF.copy(src_ref, out_ref)
    CL.copy(src_dev, out_dev)
    whole = (lambda v: View(v.buffer, (out_layout[3],), (1,), 0, dt))
    assert_parity(whole(out_ref), whole(out_dev), what="copy into view")


@SETTINGS
@given(data=st.data(), dt=st.sampled_from(ALL))
def test_fill(data, dt):
    layout = data.draw(layouts())
    out_ref, out_dev = outputs(layout[0], dt)
    value = dt.cast(data.draw(st.floats(-100, 100)))
    REF.fill(out_ref, value)
    CL.fill(out_dev, value)
    assert_parity(out_ref, out_dev, what="fill")


# --- unary ----------------------------------------------------------------------------------

DOMAINS = {"log": (0.1, 5), "log2": (0.1, 5), "log10": (0.1, 5), "log1p": (-0.9, 3),
           "sqrt": (0.0, 5), "rsqrt": (0.1, 5), "asin": (-0.95, 0.95), "acos": (-0.95, 0.95),
           "tan": (-1.4, 1.4), "reciprocal": (0.2, 3)}  # fmt: skip
EXACT_UNARY = {"neg", "abs", "sign", "floor", "ceil", "round", "trunc", "isnan", "isinf",
               "isfinite", "logical_not", "bitwise_not"}  # fmt: skip
BOOL_RESULT = {"isnan", "isinf", "isfinite", "logical_not"}


def unary_cases():
    for op in UNARY_OPS:
        for dt in ALL:
            table = (expressions.UNARY_FLOAT if dt.is_floating_point else
                     expressions.UNARY_BOOL if dt.kind == "b" else expressions.UNARY_INT)  # fmt: skip
            if op in table:
                yield op, dt


@pytest.mark.parametrize("op,dt", list(unary_cases()), ids=str)
@PER_OP
@given(data=st.data())
def test_unary(op, dt, data):
    layout = data.draw(layouts())
    low, high = DOMAINS.get(op, (-3, 3))
    x_ref, x_dev = pair(layout, dt, rng_from(data), low, high)
    out_dt = dtypes.bool_ if op in BOOL_RESULT else dt
    out_ref, out_dev = outputs(layout[0], out_dt)
    REF.unary(op, x_ref, out_ref)
    CL.unary(op, x_dev, out_dev)
    rtol = 0 if op in EXACT_UNARY else 1e-3 if dt is dtypes.float16 else 1e-5
    assert_parity(out_ref, out_dev, rtol, rtol * 1e-1, what=f"{op} {dt}")


def test_unary_ieee_special_values():
    """Where plain Python raises, both backends give IEEE results: 1/0 = inf, log(0) = -inf,
    exp(1000) = inf, sqrt(-1) = nan, and inf/nan pass through rounding and sign."""
    specials = [0.0, -0.0, 1.0, -1.0, 1000.0, -1000.0, math.inf, -math.inf, math.nan, 1e-30]
    for dt in (dtypes.float32, dtypes.float64):
        host = dtypes.to_storage(dt, specials)
        layout = ((len(specials),), (1,), 0, len(specials))
        x_ref = View(host, layout[0], layout[1], 0, dt)
        x_dev = View(CL.from_host(array(host.typecode, host), dt), layout[0], layout[1], 0, dt)
        for op in ("exp", "log", "sqrt", "reciprocal", "floor", "round", "sign", "tanh",
                   "sigmoid", "isnan", "isinf", "abs", "neg"):  # fmt: skip
            out_dt = dtypes.bool_ if op in BOOL_RESULT else dt
            out_ref, out_dev = outputs(layout[0], out_dt)
            REF.unary(op, x_ref, out_ref)
            CL.unary(op, x_dev, out_dev)
            assert_parity(out_ref, out_dev, 1e-6, 0, what=f"{op} {dt} specials")
            if op in ("floor", "round", "neg", "abs"):  # signed zeros must match exactly
                signs = [math.copysign(1, v) for v in host_values(out_dev, CL)]
                assert signs == [math.copysign(1, v) for v in host_values(out_ref, REF)], op


# --- binary ---------------------------------------------------------------------------------

EXACT_BINARY = {"eq", "ne", "lt", "le", "gt", "ge", "logical_and", "logical_or", "logical_xor",
                "bitwise_and", "bitwise_or", "bitwise_xor", "maximum", "minimum",
                "threshold_backward"}  # fmt: skip
NONZERO_RHS = {"floor_divide", "remainder", "fmod", "div"}


def binary_cases():
    for op in BINARY_OPS:
        for dt in ALL:
            table = expressions.BINARY_FLOAT if dt.is_floating_point else expressions.BINARY_INT
            refused = op == "sub" or op in NONZERO_RHS  # torch refuses these on bools
            if op in table and not (refused and dt.kind == "b"):
                yield op, dt


@pytest.mark.parametrize("op,dt", list(binary_cases()), ids=str)
@PER_OP
@given(data=st.data())
def test_binary_with_broadcasting(op, dt, data):
    layout = data.draw(layouts())
    shape = layout[0]
    # b is read through a broadcast: some of its dims have stride 0 (size-1 in its own shape).
    b_layout = data.draw(layouts(shape=shape))
    rng = rng_from(data)
    low, high = (0.5, 3) if op == "pow" and dt.is_floating_point else (-3, 3)
    if op == "pow" and not dt.is_floating_point:
        low, high = 0, 5
    a_ref, a_dev = pair(layout, dt, rng, low, high)
    b_ref, b_dev = pair(b_layout, dt, rng, *((1, 3) if op in NONZERO_RHS else (low, high)))
    out_dt = dtypes.bool_ if op in EXACT_BINARY - {"maximum", "minimum", "bitwise_and",
                                                   "bitwise_or", "bitwise_xor"} else dt  # fmt: skip
    out_ref, out_dev = outputs(shape, out_dt)
    REF.binary(op, a_ref, b_ref, out_ref)
    CL.binary(op, a_dev, b_dev, out_dev)
    if op in EXACT_BINARY or not dt.is_floating_point:
        rtol = 0.0
    elif dt is dtypes.float16:
        rtol = 1e-3
    elif op in ("add", "sub", "mul"):
        rtol = 1e-6
    else:
        rtol = 1e-5
    # floor_divide, remainder: a quotient a hair from an integer may land on either side.
    atol = 1e-5 if op in ("floor_divide", "remainder", "fmod") and rtol else rtol * 1e-1
    assert_parity(out_ref, out_dev, rtol, atol, what=f"{op} {dt}")


@pytest.mark.parametrize("dt", ALL, ids=str)
@PER_OP
@given(data=st.data())
def test_addcmul_with_broadcasting(dt, data):
    """a + b * c rounded once: OpenCL's fma against the reference's double arithmetic."""
    layout = data.draw(layouts())
    shape = layout[0]
    rng = rng_from(data)
    a_ref, a_dev = pair(layout, dt, rng)
    b_ref, b_dev = pair(data.draw(layouts(shape=shape)), dt, rng)
    c_ref, c_dev = pair(data.draw(layouts(shape=shape)), dt, rng)
    out_ref, out_dev = outputs(shape, dt)
    REF.addcmul(a_ref, b_ref, c_ref, out_ref)
    CL.addcmul(a_dev, b_dev, c_dev, out_dev)
    rtol = 1e-3 if dt is dtypes.float16 else 1e-6 if dt.is_floating_point else 0.0
    assert_parity(out_ref, out_dev, rtol, rtol, what=f"addcmul {dt}")


def test_addcmul_rounds_once():
    """a + b*c with b = c = 1 + 2**-12 and a = -(1 + 2**-11): the exact result is 2**-24. Rounding
    b*c to float32 first (a tie, to even) loses it and gives 0; a fused multiply-add, as in
    PyTorch's CPU addcmul, keeps it. Both backends must keep it."""
    b = c = 1.0 + 2.0**-12
    a = -(1.0 + 2.0**-11)
    for backend in (REF, CL):
        views = [View(backend.from_host(array("f", [v]), dtypes.float32), (1,), (1,), 0,
                      dtypes.float32) for v in (a, b, c)]  # fmt: skip
        out = View(backend.allocate(1, dtypes.float32), (1,), (1,), 0, dtypes.float32)
        backend.addcmul(*views, out)
        assert backend.to_host(out).tolist() == [2.0**-24], backend.name


@pytest.mark.parametrize("op", ["floor_divide", "remainder", "fmod"])
@pytest.mark.parametrize("dt", [dtypes.int64, dtypes.int32, dtypes.uint8])
def test_integer_division_by_zero_raises_like_the_reference(op, dt):
    a = array(dt.typecode, [5, 6])
    b = array(dt.typecode, [1, 0])
    views = [View(CL.from_host(h, dt), (2,), (1,), 0, dt) for h in (a, b)]
    out = View(CL.allocate(2, dt), (2,), (1,), 0, dt)
    CL.binary(op, views[0], views[1], out)
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):  # at the next wait
        CL.rt.synchronize()
    CL.binary(op, views[0], views[0], out)  # the flag was cleared: the next op runs
    CL.rt.synchronize()


@SETTINGS
@given(data=st.data(), dt=st.sampled_from(ALL))
def test_where(data, dt):
    layout = data.draw(layouts())
    shape = layout[0]
    rng = rng_from(data)
    c_ref, c_dev = pair(data.draw(layouts(shape=shape)), dtypes.bool_, rng)
    a_ref, a_dev = pair(data.draw(layouts(shape=shape)), dt, rng)
    b_ref, b_dev = pair(layout, dt, rng)
    out_ref, out_dev = outputs(shape, dt)
    REF.where(c_ref, a_ref, b_ref, out_ref)
    CL.where(c_dev, a_dev, b_dev, out_dev)
    assert_parity(out_ref, out_dev, what="where")


# --- reduce and scan ------------------------------------------------------------------------


@pytest.mark.parametrize("op", REDUCE_OPS)
@pytest.mark.parametrize("dt", [dtypes.float32, dtypes.float64, dtypes.int64, dtypes.int32,
                                dtypes.uint8, dtypes.bool_, dtypes.float16])  # fmt: skip
@SETTINGS
@given(data=st.data())
def test_reduce(op, dt, data):
    layout = data.draw(layouts(max_side=7).filter(lambda lay: len(lay[0]) > 0))
    shape = layout[0]
    dim = data.draw(st.integers(0, len(shape) - 1))
    if shape[dim] == 0 and op in ("max", "min", "argmax", "argmin"):
        return  # the ops layer refuses these before any kernel runs
    x_ref, x_dev = pair(layout, dt, rng_from(data))
    out_shape = shape[:dim] + (1,) + shape[dim + 1 :]
    out_dt = dtypes.int64 if op.startswith("arg") else dt
    if dt is dtypes.bool_ and op in ("sum", "prod"):
        out_dt = dtypes.int64
        x_ref, x_dev = _cast_pair(x_ref, x_dev, out_dt)
    out_ref, out_dev = outputs(out_shape, out_dt)
    REF.reduce(op, x_ref, dim, out_ref)
    CL.reduce(op, x_dev, dim, out_dev)
    n = max(shape[dim], 1)
    tol = 1e-2 if dt is dtypes.float16 else 1e-4
    rtol = tol if dt.is_floating_point and op in ("sum", "prod") else 0.0
    assert_parity(out_ref, out_dev, rtol, rtol * math.sqrt(n), what=f"{op} {dt} dim {dim}")


def _cast_pair(ref, dev, dt):
    shape = ref.shape
    out_ref, out_dev = outputs(shape, dt)
    REF.copy(ref, out_ref)
    CL.copy(dev, out_dev)
    return out_ref, out_dev


def test_reduce_long_rows_use_the_whole_work_group():
    """A row much longer than the work-group (10,000 elements, 256 work-items) and many rows."""
    import random

    rng = random.Random(0)
    for shape, dim in [((10_000,), 0), ((3, 5000), 1), ((5000, 3), 0), ((300, 7), 1)]:
        n = math.prod(shape)
        layout = (shape, pt.backends.base.contiguous_strides(shape), 0, n)
        for dt in (dtypes.float32, dtypes.int64):
            x_ref, x_dev = pair(layout, dt, rng)
            out_shape = tuple(1 if d == dim else s for d, s in enumerate(shape))
            for op in ("sum", "max", "argmin"):
                out_dt = dtypes.int64 if op.startswith("arg") else dt
                out_ref, out_dev = outputs(out_shape, out_dt)
                REF.reduce(op, x_ref, dim, out_ref)
                CL.reduce(op, x_dev, dim, out_dev)
                rtol = 1e-4 if dt.is_floating_point and op == "sum" else 0.0
                assert_parity(out_ref, out_dev, rtol, rtol * math.sqrt(shape[dim]),
                              what=f"{op} {shape}")  # fmt: skip


def test_argmax_ties_and_nans_match_the_reference():
    rows = [[1.0, 3.0, 3.0, 2.0], [math.nan, 1.0, math.nan, 5.0], [2.0, 2.0, 2.0, 2.0],
            [-math.inf, -math.inf, 0.0, 7.0]]  # fmt: skip
    host = dtypes.to_storage(dtypes.float32, [v for r in rows for v in r])
    layout = ((4, 4), (4, 1), 0, 16)
    for dim in (0, 1):
        x_ref = View(host, layout[0], layout[1], 0, dtypes.float32)
        x_dev = View(CL.from_host(array("f", host), dtypes.float32), layout[0], layout[1], 0,
                     dtypes.float32)  # fmt: skip
        out_shape = (1, 4) if dim == 0 else (4, 1)
        for op in ("argmax", "argmin", "max", "min"):
            out_dt = dtypes.int64 if op.startswith("arg") else dtypes.float32
            out_ref, out_dev = outputs(out_shape, out_dt)
            REF.reduce(op, x_ref, dim, out_ref)
            CL.reduce(op, x_dev, dim, out_dev)
            assert_parity(out_ref, out_dev, what=f"{op} dim {dim}")


@pytest.mark.parametrize("op", SCAN_OPS)
@pytest.mark.parametrize("dt", [dtypes.float32, dtypes.float64, dtypes.int64, dtypes.int32])
@SETTINGS
@given(data=st.data())
def test_scan(op, dt, data):
    layout = data.draw(layouts(max_side=6).filter(lambda lay: len(lay[0]) > 0))
    shape = layout[0]
    dim = data.draw(st.integers(0, len(shape) - 1))
    x_ref, x_dev = pair(layout, dt, rng_from(data), -2, 2)
    out_ref, out_dev = outputs(shape, dt)
    REF.scan(op, x_ref, dim, out_ref)
    CL.scan(op, x_dev, dim, out_dev)
    rtol = 1e-4 if dt.is_floating_point else 0.0
    assert_parity(out_ref, out_dev, rtol, rtol * math.sqrt(max(shape[dim], 1)), what=op)


def test_scan_special_values_and_float32_overflow_match_the_reference():
    """The running total is held in double, as in the reference (Python floats) and in ATen's
    CPU scan: -2.5 * 3e38 * -0. is 0., not -inf * -0. = nan; cumsum([-0.]) starts from 0."""
    rows = [[-2.5, 3e38, -0.0, math.inf], [-0.0, -0.0, 1.0, 2.0], [3e38, 3e38, -3e38, 1.0]]
    for dt in (dtypes.float32, dtypes.float16):
        host = dtypes.to_storage(dt, [v for r in rows for v in r])
        x_ref = View(host, (3, 4), (4, 1), 0, dt)
        x_dev = View(CL.from_host(array(host.typecode, host), dt), (3, 4), (4, 1), 0, dt)
        for op in SCAN_OPS:
            out_ref, out_dev = outputs((3, 4), dt)
            REF.scan(op, x_ref, 1, out_ref)
            CL.scan(op, x_dev, 1, out_dev)
            assert_parity(out_ref, out_dev, what=f"{op} {dt}")
            signs = [math.copysign(1, v) for v in host_values(out_dev, CL)]
            assert signs == [math.copysign(1, v) for v in host_values(out_ref, REF)], op


# --- matmul ---------------------------------------------------------------------------------


@SETTINGS
@given(data=st.data(), dt=st.sampled_from([dtypes.float32, dtypes.float64, dtypes.int64,
                                           dtypes.int32]))  # fmt: skip
def test_matmul_any_size_and_layout(data, dt):
    """Sizes around the 64x64 tile (0, 1, 63, 65, ...) and batch dims, transposed operands,
    with or without an addend (any layout, broadcast dims included: addmm's bias)."""
    sizes = st.sampled_from([0, 1, 2, 5, 16, 17, 63, 64, 65, 70])
    m, k, n = data.draw(sizes), data.draw(sizes), data.draw(sizes)
    batch = tuple(data.draw(st.lists(st.integers(1, 3), max_size=2)))
    a_layout = data.draw(layouts(shape=batch + (m, k)))
    b_layout = data.draw(layouts(shape=batch + (k, n)))
    rng = rng_from(data)
    a_ref, a_dev = pair(a_layout, dt, rng, -2, 2)
    b_ref, b_dev = pair(b_layout, dt, rng, -2, 2)
    out_ref, out_dev = outputs(batch + (m, n), dt)
    add_ref = add_dev = None
    if data.draw(st.booleans()):
        add_ref, add_dev = pair(data.draw(layouts(shape=batch + (m, n))), dt, rng, -2, 2)
    REF.matmul(a_ref, b_ref, out_ref, add_ref)
    CL.matmul(a_dev, b_dev, out_dev, add_dev)
    rtol = 1e-4 if dt.is_floating_point else 0.0
    assert_parity(out_ref, out_dev, rtol, rtol * math.sqrt(max(k, 1)), what=f"matmul {dt}")


# --- gather and scatter ---------------------------------------------------------------------


@SETTINGS
@given(data=st.data(), dt=st.sampled_from(ALL))
def test_gather(data, dt):
    x_layout = data.draw(layouts(max_side=5).filter(lambda lay: len(lay[0]) > 0 and 0 not in lay[0]))
    shape = x_layout[0]
    dim = data.draw(st.integers(0, len(shape) - 1))
    index_shape = tuple(data.draw(st.integers(0, s)) if d != dim else data.draw(st.integers(0, 6))
                        for d, s in enumerate(shape))  # fmt: skip
    rng = rng_from(data)
    x_ref, x_dev = pair(x_layout, dt, rng)
    index_layout = data.draw(layouts(shape=index_shape))
    i_ref, i_dev = pair(index_layout, dtypes.int64, rng, 0, shape[dim] - 1)
    out_ref, out_dev = outputs(index_shape, dt)
    REF.gather(x_ref, dim, i_ref, out_ref)
    CL.gather(x_dev, dim, i_dev, out_dev)
    assert_parity(out_ref, out_dev, what="gather")


@pytest.mark.parametrize("op", ["assign", "add"])
@SETTINGS
@given(data=st.data(), dt=st.sampled_from([dtypes.float32, dtypes.int64, dtypes.float64,
                                           dtypes.int32, dtypes.uint8]))  # fmt: skip
def test_scatter_with_repeated_indices(op, data, dt):
    """Repeated indices: assign keeps the last write, add sums in order, on both backends."""
    shape = tuple(data.draw(st.lists(st.integers(1, 5), min_size=1, max_size=3)))
    dim = data.draw(st.integers(0, len(shape) - 1))
    index_shape = tuple(data.draw(st.integers(0, s)) if d != dim else data.draw(st.integers(0, 7))
                        for d, s in enumerate(shape))  # fmt: skip
    rng = rng_from(data)
    out_layout = (shape, pt.backends.base.contiguous_strides(shape), 0, math.prod(shape))
    out_ref, out_dev = pair(out_layout, dt, rng)
    i_ref, i_dev = pair(data.draw(layouts(shape=index_shape)), dtypes.int64, rng, 0,
                        shape[dim] - 1)  # fmt: skip
    s_ref, s_dev = pair(data.draw(layouts(shape=index_shape)), dt, rng)
    REF.scatter(op, out_ref, dim, i_ref, s_ref)
    CL.scatter(op, out_dev, dim, i_dev, s_dev)
    assert_parity(out_ref, out_dev, 1e-6 if dt.is_floating_point else 0.0, 1e-6,
                  what=f"scatter {op}")  # fmt: skip


# --- sort -----------------------------------------------------------------------------------

SORT_DTYPES = [dtypes.float32, dtypes.float64, dtypes.int64, dtypes.int32, dtypes.uint8,
               dtypes.bool_]  # fmt: skip
SPECIALS = [math.nan, math.inf, -math.inf, 0.0, -0.0, 1.0, -1.0]


def sort_pair(layout, dt, rng):
    """pair() with many ties, and for floats NaN, infinities and signed zeros among them."""
    x_ref, x_dev = pair(layout, dt, rng)
    if dt.is_floating_point:

        def pick():
            if rng.random() < 0.3:
                return rng.choice(SPECIALS)
            return float(rng.randint(-2, 2)) if rng.random() < 0.5 else rng.uniform(-3, 3)

        host = dtypes.to_storage(dt, [pick() for _ in range(layout[3])])
        x_ref = x_ref._replace(buffer=host)
        x_dev = x_dev._replace(buffer=CL.from_host(array(host.typecode, host), dt))
    return x_ref, x_dev


def check_sort(x_ref, x_dev, dim, descending, values_layout=None, indices_layout=None):
    shape, dt = x_ref.shape, x_ref.dtype
    v_ref, v_dev = outputs(shape, dt, values_layout)
    i_ref, i_dev = outputs(shape, dtypes.int64, indices_layout)
    REF.sort(x_ref, dim, descending, v_ref, i_ref)
    CL.sort(x_dev, dim, descending, v_dev, i_dev)
    what = f"sort {dt} {shape} dim {dim} descending={descending}"
    assert_parity(i_ref, i_dev, what=what + " indices")
    assert_parity(v_ref, v_dev, what=what + " values")


def _no_overlap(layout):
    return 0 not in layout[1] or 0 in layout[0]


@SETTINGS
@given(data=st.data(), dt=st.sampled_from(SORT_DTYPES), descending=st.booleans())
def test_sort(data, dt, descending):
    """Rows of every length up to 9 (powers of two and not, 0 and 1), any layout of the input
    and of both outputs, ties, NaN and signed zeros: the bitonic network gives exactly the
    reference's stable sort, indices included."""
    layout = data.draw(layouts(max_side=9).filter(lambda lay: len(lay[0]) > 0))
    shape = layout[0]
    dim = data.draw(st.integers(0, len(shape) - 1))
    x_ref, x_dev = sort_pair(layout, dt, rng_from(data))
    values_layout = data.draw(layouts(shape=shape).filter(_no_overlap))
    indices_layout = data.draw(layouts(shape=shape).filter(_no_overlap))
    check_sort(x_ref, x_dev, dim, descending, values_layout, indices_layout)


@pytest.mark.parametrize("shape,dim", [((5000,), 0), ((3, 1000), 1), ((1000, 3), 0),
                                       ((2, 128), 1), ((4, 129), 1), ((64, 2, 33), 0)])  # fmt: skip
@pytest.mark.parametrize("dt", [dtypes.float32, dtypes.int64])
def test_sort_long_rows(shape, dim, dt):
    """Rows far longer than a work-group, padded (5000 -> 8192) or not (128)."""
    import random

    rng = random.Random(sum(shape))
    layout = (shape, pt.backends.base.contiguous_strides(shape), 0, math.prod(shape))
    x_ref, x_dev = sort_pair(layout, dt, rng)
    for descending in (False, True):
        check_sort(x_ref, x_dev, dim, descending)


def test_out_of_range_index_raises_index_error():
    x = View(CL.from_host(array("f", [1, 2, 3]), dtypes.float32), (3,), (1,), 0, dtypes.float32)
    index = View(CL.from_host(array("q", [0, 3]), dtypes.int64), (2,), (1,), 0, dtypes.int64)
    out = View(CL.allocate(2, dtypes.float32), (2,), (1,), 0, dtypes.float32)
    CL.gather(x, 0, index, out)
    with pytest.raises(IndexError, match="index 3 is out of bounds for dimension 0 with size 3"):
        CL.to_host(out)  # raised where the host waits for the device
    CL.scatter("add", x, 0, index, out)
    with pytest.raises(IndexError, match="index 3 is out of bounds"):
        CL.rt.synchronize()
    one = View(out.buffer, (1,), (1,), 0, dtypes.float32)
    CL.gather(x, 0, View(index.buffer, (1,), (1,), 0, dtypes.int64), one)  # the flag was cleared


def test_more_dims_than_a_kernel_holds():
    """Elementwise kernels hold 8 dims; a 10-dim view that cannot be merged is peeled."""
    shape = (2,) * 10
    strides = tuple(2 ** (2 * (9 - d)) for d in range(10))  # every dim has a gap: no merging
    length = sum(strides) + 1
    layout = (shape, strides, 0, length)
    import random

    x_ref, x_dev = pair(layout, dtypes.float32, random.Random(1))
    out_ref, out_dev = outputs(shape, dtypes.float32)
    REF.unary("exp", x_ref, out_ref)
    CL.unary("exp", x_dev, out_dev)
    assert_parity(out_ref, out_dev, 1e-5, 1e-6, what="10-dim exp")


@pytest.mark.parametrize("a_layout", [
    ((9, 1, 40), (40, 360, 1), 0, 360),      # tokens x batch 1 x features, sequence-first
    ((2, 3, 17), (51, 17, 1), 2, 105),       # contiguous batch: folds into 6 rows
    ((2, 3, 17), (17, 34, 1), 0, 102),       # transposed batch dims: cannot fold
    ((1, 1, 5), (5, 5, 1), 0, 5),            # everything but k is 1
])  # fmt: skip
def test_matmul_with_one_matrix_for_the_whole_batch(a_layout):
    """b broadcast over the batch (stride 0): the batch folds into the rows of one product
    when the layout allows; either way the result equals the reference's."""
    import random

    rng = random.Random(3)
    shape = a_layout[0]
    k, n = shape[-1], 70
    a_ref, a_dev = pair(a_layout, dtypes.float32, rng, -2, 2)
    b_layout = (shape[:-2] + (k, n), (0,) * (len(shape) - 2) + (n, 1), 0, k * n)
    b_ref, b_dev = pair(b_layout, dtypes.float32, rng, -2, 2)
    out_ref, out_dev = outputs(shape[:-1] + (n,), dtypes.float32)
    REF.matmul(a_ref, b_ref, out_ref)
    CL.matmul(a_dev, b_dev, out_dev)
    assert_parity(out_ref, out_dev, 1e-4, 1e-4 * math.sqrt(k), what="folded matmul")
