"""normal and log_normal: Box-Muller, with torch's cache of the second sample, and the 16-wide
`normal_fill` kernel, whose float32 path emulates avx_mathfun.h's log256_ps and sincos256_ps.
"""

from __future__ import annotations

import math
from array import array

from .generator import Generator, _gen
from .rounding import _U32, _f32, _fma_f32_list, _fma_f64, _require_float, _round_f32, _round_to
from .transforms import _unit_f32, _unit_f64

# The float32 emulation reinterprets float bits through array("I").
assert array("I").itemsize == 4, "array('I') must hold 32-bit words"


# --------------------------------------------------------------------------
# Normal distribution
# --------------------------------------------------------------------------
_TWO_PI = 2.0 * math.pi  # 2.0f * c10::pi<double> is evaluated in double


def _scalar_normal(gen: Generator, n: int, mean: float, std: float) -> list[float]:
    """``at::normal_distribution<double>`` drawn ``n`` times (in doubles).

    Box-Muller on two 53-bit uniforms: ``r = sqrt(-2 log1p(-u2))``,
    ``theta = 2 pi u1``; returns ``r cos(theta)`` and caches ``r sin(theta)``
    in the generator for the next call -- the cache survives between torch
    calls and is cleared by ``manual_seed``.  The final ``val * std + mean``
    (transformation::normal) is FMA-contracted.
    """
    out: list[float] = []
    for _ in range(n):
        cached = gen._next_double_normal
        if cached is not None:
            gen._next_double_normal = None
            val = cached
        else:
            u1, u2 = _unit_f64(gen, 2)
            r = math.sqrt(-2.0 * math.log1p(-u2))
            theta = 2.0 * math.pi * u1
            gen._next_double_normal = r * math.sin(theta)
            val = r * math.cos(theta)
        if mean == 0.0 and std == 1.0:
            out.append(val)
        else:
            out.append(_fma_f64(val, std, mean))
    return out


def _normal_fill_16_f64(data: list[float], start: int, mean: float, std: float) -> None:
    """Scalar ``NormalFill16<double>`` on ``data[start:start+16]``."""
    for j in range(start, start + 8):
        u1 = 1.0 - data[j]  # [0, 1) -> (0, 1] for log
        u2 = data[j + 8]
        radius = math.sqrt(-2.0 * math.log(u1))
        theta = _TWO_PI * u2
        n1, n2 = radius * math.cos(theta), radius * math.sin(theta)
        if std == 1.0 and mean == 0.0:
            data[j], data[j + 8] = n1, n2  # fma(x, 1, 0) == x
        else:
            data[j] = _fma_f64(n1, std, mean)
            data[j + 8] = _fma_f64(n2, std, mean)


# ---- float32 emulation of avx_mathfun.h (log256_ps and sincos256_ps) -------
# The constants are the float32 roundings of the literals in avx_mathfun.h.
_MIN_NORM_POS = 2.0**-126
_SQRTHF = _f32(0.707106781186547524)
_LOG_P = [
    _f32(v)
    for v in (
        7.0376836292e-2,
        -1.1514610310e-1,
        1.1676998740e-1,
        -1.2420140846e-1,
        1.4249322787e-1,
        -1.6668057665e-1,
        2.0000714765e-1,
        -2.4999993993e-1,
        3.3333331174e-1,
    )
]
_LOG_Q1 = _f32(-2.12194440e-4)
_LOG_Q2 = _f32(0.693359375)
_MINUS_DP = [
    _f32(-0.78515625),
    _f32(-2.4187564849853515625e-4),
    _f32(-3.77489497744594108e-8),
]
_SINCOF = [_f32(-1.9515295891e-4), _f32(8.3321608736e-3), _f32(-1.6666654611e-1)]
_COSCOF = [
    _f32(2.443315711809948e-005),
    _f32(-1.388731625493765e-003),
    _f32(4.166664568298827e-002),
]
_FOPI = _f32(1.27323954473516)  # 4 / pi
_TWO_PI_F32 = _f32(2.0 * math.pi)


def _f32_bits(values: list[float]) -> array[int]:
    return array("I", array("f", values).tobytes())


def _f32_from_bits(bits: array[int]) -> list[float]:
    return array("f", bits.tobytes()).tolist()


def _horner_f32(coeffs: list[float], x: list[float]) -> list[float]:
    """``y = c0; y = y*x + c1; ...`` -- each step contracted to one FMA by GCC."""
    n = len(x)
    y = [coeffs[0]] * n
    for c in coeffs[1:]:
        y = _fma_f32_list(y, x, [c] * n)
    return y


def _log256_ps(xs: list[float]) -> list[float]:
    """Natural log exactly as ``log256_ps`` (cephes logf on 8 float lanes).

    Lanes are independent, so we run every lane of every block at once.  The
    mul/add pairs GCC fuses under -ffp-contract=fast are marked FMA below.
    """
    n = len(xs)
    x = [max(_MIN_NORM_POS, v) for v in xs]  # cut off denormals (_mm256_max_ps)
    bits = _f32_bits(x)
    # exponent e and mantissa x in [0.5, 1): frexp by bit manipulation
    e = [float((b >> 23) - 0x7F) + 1.0 for b in bits]
    mant = array("I", [(b & ~0x7F800000 & _U32) | 0x3F000000 for b in bits])
    x = _f32_from_bits(mant)
    # if x < SQRTHF: e -= 1; x = x + x - 1  else: x = x - 1
    mask = [v < _SQRTHF for v in x]
    tmp = [v if m else 0.0 for v, m in zip(x, mask)]
    x = _round_f32([v - 1.0 for v in x])
    e = [ev - 1.0 if m else ev for ev, m in zip(e, mask)]
    x = _round_f32([a + b for a, b in zip(x, tmp)])
    z = _round_f32([v * v for v in x])
    y = _horner_f32(_LOG_P, x)  # p0..p8, each step an FMA
    y = _round_f32([a * b for a, b in zip(y, x)])
    # y = y*z + e*q1: GCC fuses the first product (y*z), e*q1 is rounded
    y = _fma_f32_list(y, z, _round_f32([ev * _LOG_Q1 for ev in e]))
    # y -= z*0.5 (z*0.5 is exact, so fused or not makes no difference)
    y = _round_f32([a - 0.5 * b for a, b in zip(y, z)])
    # x = (x + y) + e*q2: the e*q2 product is fused into the final add
    xy = _round_f32([a + b for a, b in zip(x, y)])
    out = _fma_f32_list(e, [_LOG_Q2] * n, xy)
    return [math.nan if v <= 0.0 else o for v, o in zip(xs, out)]  # invalid_mask


def _sincos256_ps(xs: list[float]) -> tuple[list[float], list[float]]:
    """``sincos256_ps`` (cephes sinf/cosf with octant reduction) in float32."""
    n = len(xs)
    sign_sin = [math.copysign(1.0, v) < 0.0 for v in xs]
    x = [abs(v) for v in xs]
    y = _round_f32([v * _FOPI for v in x])
    # j = (int(y) + 1) & ~1  (cvttps truncates; the cephes octant trick)
    j = [(int(v) + 1) & ~1 for v in y]
    y = [float(k) for k in j]
    swap_sign_sin = [(k & 4) != 0 for k in j]
    poly_mask = [(k & 2) == 0 for k in j]
    # "Extended precision modular arithmetic": x = ((x - y*DP1) - y*DP2) - y*DP3,
    # each product fused into its addition.
    for dp in _MINUS_DP:
        x = _fma_f32_list(y, [dp] * n, x)
    sign_cos = [((~(k - 2)) & 4) != 0 for k in j]
    sign_sin = [a != b for a, b in zip(sign_sin, swap_sign_sin)]
    z = _round_f32([v * v for v in x])
    # cosine polynomial: y = ((c0 z + c1) z + c2) z z - z/2 + 1
    yc = _horner_f32(_COSCOF, z)
    yc = _round_f32([a * b for a, b in zip(yc, z)])
    # second y*z is fused with the subtraction of the (exact) z*0.5
    yc = _fma_f32_list(yc, z, [-0.5 * v for v in z])
    yc = _round_f32([v + 1.0 for v in yc])
    # sine polynomial: y2 = ((s0 z + s1) z + s2) z x + x
    ys = _horner_f32(_SINCOF, z)
    ys = _round_f32([a * b for a, b in zip(ys, z)])
    ys = _fma_f32_list(ys, x, x)
    sin_out: list[float] = []
    cos_out: list[float] = []
    for k in range(n):
        s_val, c_val = (ys[k], yc[k]) if poly_mask[k] else (yc[k], ys[k])
        sin_out.append(-s_val if sign_sin[k] else s_val)
        cos_out.append(-c_val if sign_cos[k] else c_val)
    return sin_out, cos_out


def _normal_fill_16_f32_blocks(
    blocks: list[list[float]], mean: float, std: float
) -> list[list[float]]:
    """AVX2 ``NormalFill16<float>`` applied to several 16-value blocks.

    Per block: u1 = 1 - data[0:8], u2 = data[8:16];
    radius = sqrt(-2 * log256_ps(u1)); theta = 2pi * u2;
    data[0:8] = fmadd(radius * cos, std, mean); data[8:16] = fmadd(radius * sin, std, mean).
    """
    u1: list[float] = []
    u2: list[float] = []
    for b in blocks:
        u1.extend(1.0 - v for v in b[:8])  # exact: v is a multiple of 2**-24
        u2.extend(b[8:])
    logs = _log256_ps(u1)
    radius = _round_f32([math.sqrt(v) for v in _round_f32([-2.0 * v for v in logs])])
    theta = _round_f32([_TWO_PI_F32 * v for v in u2])
    sin_t, cos_t = _sincos256_ps(theta)
    n1 = _round_f32([r * c for r, c in zip(radius, cos_t)])
    n2 = _round_f32([r * s for r, s in zip(radius, sin_t)])
    m = len(n1)
    if std == 1.0 and mean == 0.0:
        first, second = n1, n2
    else:
        first = _fma_f32_list(n1, [std] * m, [mean] * m)
        second = _fma_f32_list(n2, [std] * m, [mean] * m)
    return [first[8 * i : 8 * i + 8] + second[8 * i : 8 * i + 8] for i in range(len(blocks))]


def _normal_fill(gen: Generator, n: int, mean: float, std: float, dt: str) -> list[float]:
    """``templates::cpu::normal_fill``: used for contiguous tensors of n >= 16.

    1. draw n uniforms (in the opmath precision) into the output buffer;
    2. transform each full block of 16 in place (8 Box-Muller pairs:
       element j pairs with element j + 8);
    3. if n % 16 != 0, draw 16 *fresh* uniforms into the last 16 slots and
       transform them again (overwriting the tail of the last full block).

    float16/bfloat16 compute in float through a 16-element buffer and only
    draw the uniforms of full blocks in step 1 (see below).
    """
    if dt == "float64":
        data = _unit_f64(gen, n)
        for start in range(0, n - 15, 16):
            _normal_fill_16_f64(data, start, mean, std)
        if n % 16:
            data[n - 16 :] = _unit_f64(gen, 16)
            _normal_fill_16_f64(data, n - 16, mean, std)
        return data
    # float32, float16, bfloat16: opmath is float and the AVX2 kernel is used.
    mean32, std32 = _f32(mean), _f32(std)
    if dt == "float32":
        data = _unit_f32(gen, n)
    else:
        # Half/BFloat16 go through a 16-float stack buffer, one full block at
        # a time, so the n % 16 uniforms the float path wastes are not drawn.
        data = _unit_f32(gen, n - n % 16)
    blocks = [data[i : i + 16] for i in range(0, n - 15, 16)]
    out: list[float] = []
    for block in _normal_fill_16_f32_blocks(blocks, mean32, std32):
        out.extend(block)
    if n % 16:
        tail = _normal_fill_16_f32_blocks([_unit_f32(gen, 16)], mean32, std32)[0]
        out[n - 16 :] = tail
    return _round_to(out, dt)


def normal(
    gen: Generator | None,
    n: int,
    mean: float = 0.0,
    std: float = 1.0,
    dtype: str = "float32",
) -> list[float]:
    """``torch.randn`` / ``torch.normal(mean, std, size)`` / ``Tensor.normal_``.

    ``templates::cpu::normal_kernel`` picks the algorithm by size: contiguous
    tensors with >= 16 elements use :func:`_normal_fill` (vectorised
    Box-Muller, no cache); smaller ones draw one ``normal_distribution<double>``
    per element (which uses and refills the generator's cached sample).
    """
    g = _gen(gen)
    dt = _require_float(dtype, "normal")
    if std < 0.0:
        raise ValueError(f"normal expects std >= 0.0, but found std {std}")
    if n >= 16:
        return _normal_fill(g, n, float(mean), float(std), dt)
    return _round_to(_scalar_normal(g, n, float(mean), float(std)), dt)


def log_normal(
    gen: Generator | None,
    n: int,
    mean: float = 1.0,
    std: float = 2.0,
    dtype: str = "float32",
) -> list[float]:
    """``Tensor.log_normal_``: ``exp`` of ``normal_distribution<double>`` draws
    (always the scalar, cache-using path, whatever the size)."""
    g = _gen(gen)
    dt = _require_float(dtype, "log_normal")
    return _round_to([math.exp(v) for v in _scalar_normal(g, n, float(mean), float(std))], dt)
