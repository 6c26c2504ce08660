"""The transforms from raw words to values: uniform, exponential, cauchy, geometric, randint,
random_, randperm, bernoulli and multinomial (normal and log_normal are in normal.py).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from .generator import Generator, _gen
from .rounding import (
    _DIGITS,
    _FLOAT_DTYPES,
    _INT_BITS,
    _canon,
    _cast_int,
    _f32,
    _fma_f32_list,
    _fma_f64,
    _require_float,
    _round_to,
)

# --------------------------------------------------------------------------
# Uniform reals (TransformationHelper.h: uniform_real)
# --------------------------------------------------------------------------
_TWO_M24 = 2.0**-24
_TWO_M53 = 2.0**-53
_MASK24 = (1 << 24) - 1
_MASK53 = (1 << 53) - 1


def _unit_f32(gen: Generator, n: int) -> list[float]:
    """uniform_real_distribution<float>(0, 1): 24 low bits of ``random()``
    times 2**-24 -- exact in float32, values in [0, 1)."""
    return [(w & _MASK24) * _TWO_M24 for w in gen.random32_list(n)]


def _unit_f64(gen: Generator, n: int) -> list[float]:
    """uniform_real_distribution<double>(0, 1): 53 low bits of ``random64()``."""
    return [(w & _MASK53) * _TWO_M53 for w in gen.random64_list(n)]


def uniform(
    gen: Generator | None,
    n: int,
    low: float = 0.0,
    high: float = 1.0,
    dtype: str = "float32",
) -> list[float]:
    """``torch.rand`` / ``Tensor.uniform_(low, high)``.

    Mirrors ``templates::cpu::uniform_kernel``: float types draw through
    ``uniform_real_distribution<opmath_t>`` (float for float/half/bfloat16,
    double for float64), compute ``x * (to - from) + from`` (contracted to an
    FMA) in that precision, cast to the dtype and map a value that rounded up
    to ``to`` back to ``from`` (so the interval stays half open).
    """
    g = _gen(gen)
    dt = _require_float(dtype, "uniform")
    if dt == "float64":
        lo, hi = float(low), float(high)
        xs = _unit_f64(g, n)
        if lo == 0.0 and hi == 1.0:
            return xs
        span = hi - lo
        vals = [_fma_f64(x, span, lo) for x in xs]
        return [lo if v == hi else v for v in vals]
    # opmath_t is float for float32, float16 and bfloat16.
    lo32, hi32 = _f32(float(low)), _f32(float(high))
    xs = _unit_f32(g, n)
    if lo32 == 0.0 and hi32 == 1.0:
        vals = xs  # x * 1 + 0 is exact
    else:
        span32 = _f32(hi32 - lo32)
        vals = _fma_f32_list(xs, [span32] * n, [lo32] * n)
    to_scalar = _round_to([float(high)], dt)[0]
    from_scalar = _round_to([float(low)], dt)[0]
    vals = _round_to(vals, dt)
    return [from_scalar if v == to_scalar else v for v in vals]


# --------------------------------------------------------------------------
# Other continuous distributions (all computed in double, then cast)
# --------------------------------------------------------------------------
def exponential(
    gen: Generator | None, n: int, lambd: float = 1.0, dtype: str = "float32"
) -> list[float]:
    """``Tensor.exponential_``: ``-1/lambda * log1p(-u)`` with u a 53-bit
    uniform (transformation::exponential, CPU branch), cast to dtype."""
    g = _gen(gen)
    dt = _require_float(dtype, "exponential")
    lam = float(lambd)
    if not (lam > 0.0 and math.isfinite(lam)):
        raise ValueError(f"exponential_ expects lambda > 0.0, but found lambda={lambd}")
    scale = -1.0 / lam
    return _round_to([scale * math.log1p(-u) for u in _unit_f64(g, n)], dt)


def cauchy(
    gen: Generator | None,
    n: int,
    median: float = 0.0,
    sigma: float = 1.0,
    dtype: str = "float32",
) -> list[float]:
    """``Tensor.cauchy_``: ``median + sigma * tan(pi * (u - 0.5))`` in double
    (the ``sigma * tan`` product is FMA-contracted into the addition)."""
    g = _gen(gen)
    dt = _require_float(dtype, "cauchy")
    med, sig = float(median), float(sigma)
    vals = [_fma_f64(sig, math.tan(math.pi * (u - 0.5)), med) for u in _unit_f64(g, n)]
    return _round_to(vals, dt)


def geometric(
    gen: Generator | None, n: int, p: float, dtype: str = "float32"
) -> list[float] | list[int]:
    """``Tensor.geometric_``: ``ceil(log(u) / log1p(-p))`` in double."""
    g = _gen(gen)
    dt = _canon(dtype)
    if not 0.0 < p < 1.0:
        raise ValueError(f"geometric_ expects p to be in (0, 1), but got p={p}")
    denom = math.log1p(-float(p))
    vals = []
    for u in _unit_f64(g, n):
        q = math.log(u) / denom if u > 0.0 else math.inf
        vals.append(math.ceil(q) if math.isfinite(q) else q)
    if dt in _FLOAT_DTYPES:
        return _round_to([float(v) for v in vals], dt)
    return [int(_cast_int(int(v), dt)) for v in vals]


# --------------------------------------------------------------------------
# Integers
# --------------------------------------------------------------------------
def randint(
    gen: Generator | None, n: int, low: int, high: int, dtype: str = "int64"
) -> list[int] | list[float] | list[bool]:
    """``torch.randint(low, high)`` / ``Tensor.random_(low, high)``.

    uniform_int_from_to_distribution (core/DistributionsHelper.h):
    ``(word % range) + low``.  In the open-source build (``#ifndef
    FBCODE_CAFFE2``) the word is ``random64()`` whenever ``range >= 2**28``
    ("allow approx 5% skew"), whatever the dtype, else ``random()``.  (Meta's
    internal build uses a 2**32 threshold for some dtypes; the public wheels
    do not.)  ``random_(-2**63, None)`` -- the full int64 range -- is
    uniform_int_full_range: ``random64()`` reinterpreted as int64.
    """
    g = _gen(gen)
    dt = _canon(dtype)
    low, high = int(low), int(high)
    if high <= low:
        raise RuntimeError(
            f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}"
        )
    span = high - low
    if span == 1 << 64:
        raw = [w - (1 << 64) if w >= 1 << 63 else w for w in g.random64_list(n)]
        return _cast_list(raw, dt)
    if span >= 1 << 28:
        words = g.random64_list(n)
    else:
        words = g.random32_list(n)
    return _cast_list([w % span + low for w in words], dt)


def _cast_list(values: list[int], dt: str) -> list[int] | list[float] | list[bool]:
    if dt in _FLOAT_DTYPES:
        return _round_to([float(v) for v in values], dt)
    if dt == "bool":
        return [v != 0 for v in values]
    return [int(_cast_int(v, dt)) for v in values]


def random_(
    gen: Generator | None, n: int, dtype: str = "int64"
) -> list[int] | list[float] | list[bool]:
    """``Tensor.random_()`` without bounds (uniform_int_distribution).

    Draws ``random64()`` for int64/float64, ``random()`` otherwise, reduced
    modulo ``max + 1`` of the integral type, ``2**digits + 1`` for floating
    types (so [0, 2**24] for float32), or ``& 1`` for bool.
    """
    g = _gen(gen)
    dt = _canon(dtype)
    words = g.random64_list(n) if dt in ("int64", "float64") else g.random32_list(n)
    if dt == "bool":
        return [bool(w & 1) for w in words]
    if dt in _FLOAT_DTYPES:
        modulus = (1 << _DIGITS[dt]) + 1
        return _round_to([float(w % modulus) for w in words], dt)
    bits = _INT_BITS[dt]
    modulus = 1 << (bits if dt == "uint8" else bits - 1)
    return [w % modulus for w in words]


def randperm(gen: Generator | None, n: int) -> list[int]:
    """``torch.randperm(n)`` on the CPU (``randperm_cpu`` in TensorFactories.cpp).

    For ``n < 2**32 // 20`` torch keeps its historic algorithm: start from the
    identity and for i in [0, n-2] swap r[i] with r[i + random() % (n - i)].
    Larger n use the "inside-out" Fisher-Yates with ``random64() % (i + 1)``.
    """
    g = _gen(gen)
    if n < 0:
        raise RuntimeError(f"Trying to create tensor with negative dimension {n}: [{n}]")
    if n < 0xFFFFFFFF // 20:
        r = list(range(n))
        words = g.random32_list(max(n - 1, 0))
        for i, w in enumerate(words):
            z = w % (n - i) + i
            r[i], r[z] = r[z], r[i]
        return r
    out = [0] * n
    for i, w in enumerate(g.random64_list(n)):
        z = w % (i + 1)
        out[i] = out[z]
        out[z] = i
    return out


# --------------------------------------------------------------------------
# Bernoulli / dropout
# --------------------------------------------------------------------------
def _from_bools(hits: list[bool], dt: str) -> list[float] | list[int] | list[bool]:
    if dt == "bool":
        return hits
    if dt in _FLOAT_DTYPES:
        return [1.0 if h else 0.0 for h in hits]
    return [1 if h else 0 for h in hits]


def bernoulli(
    gen: Generator | None,
    n: int,
    p: float | Sequence[float],
    dtype: str = "float32",
    p_dtype: str | None = None,
) -> list[float] | list[int] | list[bool]:
    """``Tensor.bernoulli_(p)`` / ``torch.bernoulli(probs)``.

    * scalar ``p`` (``bernoulli_(0.3)``; also what ``F.dropout`` uses on the
      CPU: ``_dropout_impl`` does ``noise.bernoulli_(1 - p)`` on a tensor of the
      input's dtype): ``bernoulli_distribution<double>``, i.e. a 53-bit
      ``random64()`` uniform ``u`` and ``u < p``.
    * a sequence of ``n`` probabilities (a probability tensor, broadcast by the
      caller): if that tensor is float64, the double path above per element;
      otherwise ``bernoulli_distribution<float>``: a 24-bit ``random()``
      uniform compared in float32 with the probability.  ``p_dtype`` is the
      probability tensor's dtype (defaults to ``dtype``, as for
      ``torch.bernoulli(probs)``).
    """
    g = _gen(gen)
    dt = _canon(dtype)
    if isinstance(p, (int, float)):
        prob = float(p)
        if not 0.0 <= prob <= 1.0:
            raise ValueError(f"bernoulli_ expects p to be in [0, 1], but got p={p}")
        return _from_bools([u < prob for u in _unit_f64(g, n)], dt)
    probs = [float(v) for v in p]
    if len(probs) != n:
        raise ValueError(f"expected {n} probabilities, got {len(probs)}")
    if p_dtype is None:
        # torch.bernoulli(probs) returns probs' dtype; for a non-float output
        # assume a float32 probability tensor.
        p_dtype = dt if dt in _FLOAT_DTYPES else "float32"
    pdt = _require_float(p_dtype, "bernoulli p")
    if any(not 0.0 <= v <= 1.0 for v in probs):
        raise ValueError("bernoulli expects all elements of p to be in [0, 1]")
    if pdt == "float64":
        return _from_bools([u < v for u, v in zip(_unit_f64(g, n), probs)], dt)
    probs32 = _round_to(probs, pdt)  # the p tensor's values, then float math
    return _from_bools([u < v for u, v in zip(_unit_f32(g, n), probs32)], dt)


# --------------------------------------------------------------------------
# Multinomial
# --------------------------------------------------------------------------
def multinomial(
    gen: Generator | None,
    probs_rows: Sequence[Sequence[float]],
    num_samples: int,
    replacement: bool = False,
    dtype: str = "float32",
) -> list[list[int]]:
    """``torch.multinomial`` on the CPU for a 2-D probability tensor (pass a
    1-D tensor as a single row).  ``dtype`` is the probability tensor's dtype.

    * without replacement, or when one sample is drawn (Distributions.cpp):
      the Gumbel-max trick -- ``q = empty_like(probs).exponential_(1)`` drawn
      over the whole tensor in row-major order, then ``topk(probs / q)`` per
      row (``argmax`` for a single sample).  Exact ties in ``probs / q`` (e.g.
      several zero probabilities) are broken by lower index here; torch's
      partial sort may order such ties differently.
    * with replacement (MultinomialKernel.cpp): per row, a cumulative sum
      accumulated in the tensor's dtype and normalised by its total; then per
      sample a 53-bit uniform and a binary search for the first bucket with
      ``cum >= u``.
    """
    g = _gen(gen)
    dt = _require_float(dtype, "multinomial")
    rows = [_round_to([float(v) for v in row], dt) for row in probs_rows]
    if not rows:
        return []
    n_cat = len(rows[0])
    if any(len(r) != n_cat for r in rows):
        raise ValueError("all probability rows must have the same length")
    if num_samples <= 0:
        raise RuntimeError("cannot sample n_sample <= 0 samples")
    for row in rows:
        if any(not (math.isfinite(v) and v >= 0.0) for v in row):
            raise RuntimeError("probability tensor contains either `inf`, `nan` or element < 0")
        if sum(row) == 0.0:
            raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
    if not replacement and num_samples > n_cat:
        raise RuntimeError(
            "cannot sample n_sample > prob_dist.size(-1) samples without replacement"
        )

    if not replacement or num_samples == 1:
        flat_q = exponential(g, len(rows) * n_cat, 1.0, dt)
        result = []
        for r, row in enumerate(rows):
            q = flat_q[r * n_cat : (r + 1) * n_cat]
            # at::div_out(q, self, q): elementwise division in the dtype.
            scores = _round_to(
                [pv / qv if qv != 0.0 else _div_by_zero(pv, qv) for pv, qv in zip(row, q)],
                dt,
            )
            order = sorted(range(n_cat), key=lambda i: (-_nan_high(scores[i]), i))
            result.append(order[:num_samples])
        return result

    result = []
    for row in rows:
        # Cumulative distribution, accumulated and normalised in the dtype
        # (scalar_t) -- float32 sums round at every step.
        cum: list[float] = []
        total = 0.0
        for v in row:
            total = _round_to([total + v], dt)[0]
            cum.append(total)
        cum = _round_to([c / total for c in cum], dt)
        cum[-1] = 1.0  # "Make sure the last cumulative distribution bucket sums to 1"
        samples = []
        for u in _unit_f64(g, num_samples):
            left, right = 0, n_cat
            while right - left > 0:
                mid = left + (right - left) // 2  # std::midpoint
                if cum[mid] < u:
                    left = mid + 1
                else:
                    right = mid
            samples.append(left)
        result.append(samples)
    return result


def _div_by_zero(p: float, q: float) -> float:
    if p == 0.0 or math.isnan(p):
        return math.nan
    return math.copysign(math.inf, p) * math.copysign(1.0, q)


def _nan_high(v: float) -> float:
    # topk(largest=True) on CPU treats NaN as larger than every number.
    return math.inf if math.isnan(v) else v
