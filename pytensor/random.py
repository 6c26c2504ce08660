"""Bit-exact re-implementation of PyTorch's CPU random number generation.

PyTorch's CPU generator (``at::CPUGeneratorImpl``) is a 32-bit Mersenne
Twister (MT19937).  Every random tensor factory on the CPU (``torch.rand``,
``torch.randn``, ``torch.randint``, ``torch.randperm``, ``bernoulli_``,
``exponential_``, ``multinomial`` ...) pulls raw 32- or 64-bit words from that
engine and maps them through a small, fixed "transformation".  If we
reproduce both the engine *and* the exact floating-point arithmetic of each
transformation, we get the very same numbers as torch for the same seed.

This module is the bottom layer of ``pytensor``: it imports nothing from the
rest of the package and only uses the standard library.  Every distribution
function takes a :class:`Generator` (``None`` means :data:`default_generator`)
and a number of elements ``n`` and returns a flat Python list in row-major
order; the Tensor layer wraps the list into a tensor.

Where the numbers come from in ATen (paths relative to ``aten/src/ATen``):

* ``core/MT19937RNGEngine.h``       -- the engine (seeding, twist, tempering).
* ``CPUGeneratorImpl.cpp``          -- ``random()``, ``random64()``, the cached
  normal samples and the byte layout of ``get_state()``.
* ``core/TransformationHelper.h``   -- uniform_real, uniform_int, exponential...
* ``core/DistributionsHelper.h``    -- ``*_distribution`` structs (which raw
  draw each one consumes, and the Box-Muller normal with its cache).
* ``native/cpu/DistributionTemplates.h`` -- CPU kernels, including
  ``normal_fill`` (the vectorised 16-wide Box-Muller for tensors of >= 16
  elements) and its AVX2 specialisation built on ``native/cpu/avx_mathfun.h``.
* ``native/cpu/DistributionKernels.cpp`` -- which kernel is used.  MKL based
  bernoulli/exponential are compiled out of the open-source builds
  (pytorch issue 132395), so the generic kernels above are what runs.
* ``native/TensorFactories.cpp``    -- ``randperm_cpu``.
* ``native/Distributions.cpp`` and ``native/cpu/MultinomialKernel.cpp`` --
  ``multinomial``.

Floating-point fidelity notes
-----------------------------
ATen is compiled by GCC with ``-ffp-contract=fast`` (the GNU default) and
``-mfma`` for the AVX2 kernels, so an expression such as ``x * std + mean``
is emitted as a single fused multiply-add.  We therefore emulate FMAs
exactly (see :func:`_fma_f64` and :func:`_fma_f32_list`) wherever GCC
contracts, otherwise the last bit differs in a large fraction of samples.

Float32 arithmetic is emulated with Python floats (IEEE doubles) rounded to
float32 after every operation.  For +, -, *, / and sqrt of float32 operands
that double rounding is provably harmless (53 >= 2 * 24 + 2), so each
emulated operation is exactly the float32 operation.

Everything in this file is bit-exact against torch 2.13 on x86-64 (checked by
``tests/test_random_raw.py``), including the float32 ``randn`` path for
>= 16 elements, which reproduces the AVX2 polynomial ``log256_ps`` /
``sincos256_ps`` of ``avx_mathfun.h`` operation by operation.

Known gaps:

* torch builds without AVX2 (e.g. aarch64) run scalar ``logf``/``cosf`` in
  float32 for ``randn`` of >= 16 float32 elements; we still emulate AVX2
  there (expect differences of an ulp or two).
* ``multinomial`` without replacement breaks exact ties of ``p / q`` (e.g.
  several zero probabilities) by index; torch's libstdc++ partial sort may
  order such ties differently.
* ``randint`` into float32/bfloat16/float16 with a range beyond the dtype's
  integer precision (torch warns "will become an error") is not reproduced.
* ``randperm`` for n >= 2**32 // 20 follows the source but is untested.
"""

from __future__ import annotations

import contextlib
import math
import os
import struct
from array import array
from collections.abc import Iterator, Sequence

__all__ = [
    "DEFAULT_SEED",
    "Generator",
    "bernoulli",
    "cauchy",
    "default_generator",
    "exponential",
    "fork_rng",
    "geometric",
    "get_rng_state",
    "initial_seed",
    "log_normal",
    "manual_seed",
    "multinomial",
    "normal",
    "randint",
    "random_",
    "randperm",
    "seed",
    "set_rng_state",
    "uniform",
]

# --------------------------------------------------------------------------
# MT19937 constants (aten/src/ATen/core/MT19937RNGEngine.h)
# --------------------------------------------------------------------------
MERSENNE_STATE_N = 624
MERSENNE_STATE_M = 397
MATRIX_A = 0x9908B0DF
UMASK = 0x80000000
LMASK = 0x7FFFFFFF

#: torch's default CPU seed (c10::detail::default_rng_seed_val); also what a
#: fresh ``torch.Generator()`` reports as ``initial_seed()``.
DEFAULT_SEED = 67280421310721

_U32 = 0xFFFFFFFF
_U64 = 0xFFFFFFFFFFFFFFFF

# Byte layout of CPUGeneratorImplState (CPUGeneratorImpl.cpp), so that our
# state blobs are interchangeable with ``torch.get_rng_state()``:
#   legacy_pod: uint64 the_initial_seed; int left; int seeded; uint64 next;
#               uint64 state[624]; double normal_x, normal_y, normal_rho;
#               int normal_is_valid; (4 bytes padding)
#   float next_float_normal_sample; bool is_next_float_normal_sample_valid;
#   (3 bytes padding)                                     -> 5056 bytes total
_STATE_FORMAT = f"<QiiQ{MERSENNE_STATE_N}Qdddi4xf?3x"
_STATE_SIZE = struct.calcsize(_STATE_FORMAT)

# The float32 emulation reinterprets float bits through array("I").
assert array("I").itemsize == 4, "array('I') must hold 32-bit words"


# --------------------------------------------------------------------------
# dtype helpers
# --------------------------------------------------------------------------
_DTYPE_ALIASES = {
    "float": "float32",
    "float32": "float32",
    "double": "float64",
    "float64": "float64",
    "half": "float16",
    "float16": "float16",
    "bfloat16": "bfloat16",
    "long": "int64",
    "int64": "int64",
    "int": "int32",
    "int32": "int32",
    "short": "int16",
    "int16": "int16",
    "int8": "int8",
    "uint8": "uint8",
    "bool": "bool",
}
_FLOAT_DTYPES = ("float32", "float64", "float16", "bfloat16")
# Mantissa digits (std::numeric_limits<T>::digits) of the floating types.
_DIGITS = {"float64": 53, "float32": 24, "float16": 11, "bfloat16": 8}
# Range of the integral types, used for casts (static_cast wraps modulo 2**bits).
_INT_BITS = {"int64": 64, "int32": 32, "int16": 16, "int8": 8, "uint8": 8}


def _canon(dtype: str) -> str:
    name = dtype.removeprefix("torch.")
    try:
        return _DTYPE_ALIASES[name]
    except KeyError:
        raise ValueError(f"unsupported dtype {dtype!r}") from None


def _require_float(dtype: str, what: str) -> str:
    dt = _canon(dtype)
    if dt not in _FLOAT_DTYPES:
        raise ValueError(f"{what} expects a floating point dtype, got {dtype!r}")
    return dt


def _f32(x: float) -> float:
    """Round one Python float (double) to the nearest float32."""
    return struct.unpack("<f", struct.pack("<f", x))[0]  # type: ignore[no-any-return]


def _round_f32(values: list[float]) -> list[float]:
    """Round a whole list of doubles to float32 in one C-level pass."""
    return array("f", values).tolist()


def _round_f16(values: list[float]) -> list[float]:
    # c10::Half is constructed from a float, so a double is first rounded to
    # float32 and then to binary16 (struct's "e": round-half-to-even).
    out = []
    for v in _round_f32(values):
        try:
            out.append(struct.unpack("<e", struct.pack("<e", v))[0])
        except OverflowError:
            out.append(math.copysign(math.inf, v))
    return out


def _round_bf16(values: list[float]) -> list[float]:
    # c10::BFloat16 is also built from a float: double -> float32 first, then
    # nearest-even on the top 16 bits (round_to_nearest_even in BFloat16.h).
    bits = array("I", array("f", values).tobytes())
    out = array("I")
    for b in bits:
        if (b & 0x7F800000) == 0x7F800000 and (b & 0x007FFFFF):
            out.append(0x7FC00000)  # NaN
        else:
            rounded = (b + 0x7FFF + ((b >> 16) & 1)) & 0xFFFF0000
            out.append(rounded & _U32)
    return array("f", out.tobytes()).tolist()


def _round_to(values: list[float], dtype: str) -> list[float]:
    """static_cast<scalar_t>(double) for a floating destination dtype."""
    if dtype == "float64":
        return values
    if dtype == "float32":
        return _round_f32(values)
    if dtype == "float16":
        return _round_f16(values)
    return _round_bf16(values)


def _cast_int(value: int, dtype: str) -> int | float | bool:
    """static_cast<scalar_t>(int64_t) as done by the random_ kernels."""
    if dtype in _FLOAT_DTYPES:
        return _round_to([float(value)], dtype)[0]
    if dtype == "bool":
        return value != 0
    bits = _INT_BITS[dtype]
    value &= (1 << bits) - 1
    if dtype != "uint8" and value >= 1 << (bits - 1):
        value -= 1 << bits
    return value


# --------------------------------------------------------------------------
# Exact fused multiply-add emulation
# --------------------------------------------------------------------------
def _fma_f64(a: float, b: float, c: float) -> float:
    """Correctly rounded ``a * b + c`` in double precision (C's ``fma``).

    GCC contracts ``x * std + mean`` style expressions into FMA instructions,
    so torch's doubles carry a single rounding.  We compute the exact value
    with integers (all doubles are dyadic rationals) and let Python's
    correctly rounded ``int / int`` produce the double.
    """
    if not (math.isfinite(a) and math.isfinite(b) and math.isfinite(c)):
        return a * b + c
    an, ad = a.as_integer_ratio()
    bn, bd = b.as_integer_ratio()
    cn, cd = c.as_integer_ratio()
    num, den = an * bn, ad * bd  # denominators are powers of two
    if den >= cd:
        total, denom = num + cn * (den // cd), den
    else:
        total, denom = num * (cd // den) + cn, cd
    if total == 0:
        return a * b + c  # keep IEEE signed-zero rules
    return total / denom


def _fma_f32_list(a: Sequence[float], b: Sequence[float], c: Sequence[float]) -> list[float]:
    """Correctly rounded float32 ``a * b + c`` (``vfmadd`` on float32 lanes).

    The inputs are float32 values, so ``a * b`` (at most 48 significant bits)
    is exact in a double and ``s = a * b + c`` carries one double rounding.
    Rounding ``s`` to float32 is then already correct unless ``s`` sits
    exactly on a float32 rounding midpoint (or in the float32 subnormal
    range): only for those rare lanes we recover the exact error with TwoSum
    and round *to odd* (Boldo & Melquiond), which makes the final float32
    rounding exact -- no double-rounding error anywhere.
    """
    sums = [x * y + z for x, y, z in zip(a, b, c)]
    bits = array("q", array("d", sums).tobytes())
    # Double bit patterns whose 29 bits below float32 precision are 100..0
    # (a midpoint), or whose exponent is below float32's normal range.
    suspects = [
        i
        for i, w in enumerate(bits)
        if (w & 0x1FFFFFFF) == 0x10000000 or (w & 0x7FF0000000000000) < 0x3810000000000000
    ]
    for i in suspects:
        p, z, s = a[i] * b[i], c[i], sums[i]
        bb = s - p
        err = (p - (s - bb)) + (z - bb)  # TwoSum: p + z == s + err exactly
        if err != 0.0 and not bits[i] & 1:
            bits[i] += 1 if (err > 0.0) == (s > 0.0) else -1
    return array("f", array("d", bits.tobytes())).tolist()


# --------------------------------------------------------------------------
# The generator
# --------------------------------------------------------------------------
class Generator:
    """Mirror of ``at::CPUGeneratorImpl`` (a ``torch.Generator`` on the CPU).

    State is exactly ``at::mt19937_data_pod`` plus the two cached normal
    samples of ``CPUGeneratorImpl`` (``next_float_normal_sample_`` and
    ``next_double_normal_sample_``), so :meth:`get_state` can produce the same
    5056 bytes as ``torch.Generator.get_state()``.

    A new generator starts from PyTorch's default seed, 67280421310721. Pass one as
    `generator=` to the random functions to draw from a stream of its own.

    Args:
        device: must be `"cpu"`: every device draws its numbers on the host.

    Attributes:
        device: `"cpu"`, a string (PyTorch's is a `torch.device`).

    Note:
        Besides PyTorch's methods it has `clone` and the engine's own: `random32`, `random64`
        and their `_list` forms, and the cached-normal accessors. It prints its seed, where a
        `torch.Generator` prints as `<torch._C.Generator object at ...>`.

    Examples:
        >>> import pytensor
        >>> g = pytensor.Generator().manual_seed(42)
        >>> g
        Generator(device='cpu', initial_seed=42)
        >>> pytensor.rand(3, generator=g)       # torch.rand(3, generator=g) prints the same
        tensor([0.8823, 0.9150, 0.3829])
    """

    device: str

    def __init__(self, device: str = "cpu") -> None:
        if str(device) != "cpu":
            raise ValueError(f"only the 'cpu' generator is implemented, got {device!r}")
        self.device = "cpu"
        self._seed = 0
        self._left = 1
        self._next = 0
        self._state: list[int] = [0] * MERSENNE_STATE_N
        self._next_float_normal: float | None = None
        self._next_double_normal: float | None = None
        self.manual_seed(DEFAULT_SEED)

    def __repr__(self) -> str:
        return f"Generator(device={self.device!r}, initial_seed={self._seed})"

    # ---------------------------------------------------------------- seeding
    def manual_seed(self, seed: int) -> Generator:
        """Seed like ``torch.Generator.manual_seed``; returns ``self``.

        torch accepts ``[-2**63, 2**64)`` and stores negative seeds as their
        uint64 two's complement.  The engine itself only uses the low 32 bits
        (``mt19937_engine::init_with_uint32``), while ``initial_seed()``
        reports the full 64-bit value.

        Args:
            seed: an int in `[-2**63, 2**64)`.

        Raises:
            ValueError: for a seed outside that range.

        Examples:
            >>> import pytensor
            >>> g = pytensor.Generator()
            >>> g.manual_seed(-1).initial_seed()
            18446744073709551615
        """
        seed = int(seed)
        if not -(1 << 63) <= seed <= _U64:
            raise ValueError("Overflow when unpacking long: seed must be in [-2**63, 2**64)")
        seed &= _U64
        # CPUGeneratorImpl::set_current_seed also drops the cached normals.
        self._next_float_normal = None
        self._next_double_normal = None
        self._seed = seed
        state = self._state
        state[0] = seed & _U32
        for j in range(1, MERSENNE_STATE_N):
            prev = state[j - 1]
            state[j] = (1812433253 * (prev ^ (prev >> 30)) + j) & _U32
        # left_ = 1 forces a twist on the very first draw.
        self._left = 1
        self._next = 0
        return self

    def seed(self) -> int:
        """Re-seed from the OS entropy pool (like ``getNonDeterministicRandom``,
        which reads 64 bits from /dev/urandom) and return the new seed.

        Examples:
            >>> import pytensor
            >>> g = pytensor.Generator()
            >>> s = g.seed()
            >>> g.initial_seed() == s
            True
        """
        new_seed = int.from_bytes(os.urandom(8), "little")
        self.manual_seed(new_seed)
        return new_seed

    def initial_seed(self) -> int:
        """The seed last given to `manual_seed` (or `seed`), as an unsigned 64-bit int.

        Examples:
            >>> import pytensor
            >>> pytensor.Generator().initial_seed()
            67280421310721
        """
        return self._seed

    # ------------------------------------------------------------ state I/O
    def get_state(self) -> bytes:
        """Serialise with torch's ``CPUGeneratorImplState`` layout (5056 bytes).

        ``bytes(torch.get_rng_state().numpy())`` and this method agree byte for
        byte, so states can be exchanged with torch in both directions.

        Returns:
            The state as `bytes` (PyTorch returns a uint8 tensor).

        Examples:
            >>> import pytensor
            >>> g = pytensor.Generator().manual_seed(0)
            >>> state = g.get_state()
            >>> a = pytensor.rand(2, generator=g)
            >>> g.set_state(state)
            >>> pytensor.equal(a, pytensor.rand(2, generator=g)), len(state)
            (True, 5056)
        """
        normal_valid = self._next_double_normal is not None
        float_valid = self._next_float_normal is not None
        return struct.pack(
            _STATE_FORMAT,
            self._seed,
            self._left,
            1,  # seeded
            self._next,
            *self._state,
            0.0,  # normal_x: unused legacy field
            self._next_double_normal if normal_valid else 0.0,
            0.0,  # normal_rho: unused legacy field
            1 if normal_valid else 0,
            self._next_float_normal if float_valid else 0.0,
            float_valid,
        )

    def set_state(self, state: bytes) -> None:
        """Restore a state made by `get_state` (or by `bytes(torch_generator.get_state().numpy())`).

        Args:
            state: 5056 bytes in torch's layout; anything `bytes()` accepts.

        Raises:
            ValueError: for a blob of the wrong size or an invalid engine state.

        Note:
            PyTorch's `set_state` returns the generator; this one returns None.
        """
        data = bytes(state)
        if len(data) != _STATE_SIZE:
            raise ValueError(
                f"Expected a CPUGeneratorImplState of size {_STATE_SIZE} "
                f"but found the input RNG state size to be {len(data)}"
            )
        fields = struct.unpack(_STATE_FORMAT, data)
        seed, left, seeded, nxt = fields[:4]
        words = fields[4 : 4 + MERSENNE_STATE_N]
        normal_y, normal_valid, float_sample, float_valid = (
            fields[4 + MERSENNE_STATE_N + 1],
            fields[4 + MERSENNE_STATE_N + 3],
            fields[4 + MERSENNE_STATE_N + 4],
            fields[4 + MERSENNE_STATE_N + 5],
        )
        # Same validity check as mt19937_engine::is_valid().
        if not (seeded and 0 < left <= MERSENNE_STATE_N and nxt <= MERSENNE_STATE_N):
            raise ValueError("Invalid mt19937 state")
        self._seed = seed
        self._left = left
        self._next = nxt & _U32
        self._state = [w & _U32 for w in words]
        self._next_double_normal = normal_y if normal_valid else None
        self._next_float_normal = float_sample if float_valid else None

    def clone(self) -> Generator:
        """A new generator with the same state: both then draw the same numbers.

        Note:
            Not in PyTorch, where `h.set_state(g.get_state())` does the same.

        Examples:
            >>> import pytensor
            >>> g = pytensor.Generator().manual_seed(1)
            >>> h = g.clone()
            >>> pytensor.equal(pytensor.randn(3, generator=g), pytensor.randn(3, generator=h))
            True
        """
        other = Generator(self.device)
        other.set_state(self.get_state())
        return other

    # ------------------------------------------------------------- the engine
    def _next_state(self) -> None:
        """mt19937_engine::next_state: regenerate all 624 words (the twist)."""
        s = self._state
        n, m = MERSENNE_STATE_N, MERSENNE_STATE_M
        for k in range(n - 1):
            y = (s[k] & UMASK) | (s[k + 1] & LMASK)
            # k + m wraps around for the last n - m words.
            s[k] = (
                s[k + m - n if k >= n - m else k + m] ^ (y >> 1) ^ (MATRIX_A if s[k + 1] & 1 else 0)
            )
        y = (s[n - 1] & UMASK) | (s[0] & LMASK)
        s[n - 1] = s[m - 1] ^ (y >> 1) ^ (MATRIX_A if s[0] & 1 else 0)
        self._left = n
        self._next = 0

    def random32(self) -> int:
        """``CPUGeneratorImpl::random()``: one tempered 32-bit word.

        Examples:
            >>> import pytensor
            >>> pytensor.Generator().manual_seed(0).random32()
            2357136044
        """
        self._left -= 1
        if self._left == 0:
            self._next_state()
        y = self._state[self._next]
        self._next += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C5680
        y ^= (y << 15) & 0xEFC60000
        y ^= y >> 18
        return y

    def random64(self) -> int:
        """``CPUGeneratorImpl::random64()``: the FIRST 32-bit draw becomes the
        high half (``make64BitsFrom32Bits(random1, random2)``).
        """
        hi = self.random32()
        lo = self.random32()
        return (hi << 32) | lo

    def random32_list(self, n: int) -> list[int]:
        """``n`` consecutive :meth:`random32` draws (fast bulk version)."""
        out: list[int] = []
        state = self._state
        while n > 0:
            if self._left == 1:
                # The draw that brings left_ to 0 twists, then reads word 0
                # leaving left_ == N; count that pending decrement here.
                self._next_state()
                self._left = MERSENNE_STATE_N + 1
            take = min(n, self._left - 1)
            start = self._next
            for y in state[start : start + take]:
                y ^= y >> 11
                y ^= (y << 7) & 0x9D2C5680
                y ^= (y << 15) & 0xEFC60000
                y ^= y >> 18
                out.append(y)
            self._next = start + take
            self._left -= take
            n -= take
        return out

    def random64_list(self, n: int) -> list[int]:
        """``n`` consecutive :meth:`random64` draws."""
        words = self.random32_list(2 * n)
        return [(hi << 32) | lo for hi, lo in zip(words[0::2], words[1::2])]

    # ------------------------------------------------- cached normal samples
    def next_float_normal_sample(self) -> float | None:
        """The cached second float normal of the last scalar Box-Muller draw, or None."""
        return self._next_float_normal

    def set_next_float_normal_sample(self, value: float | None) -> None:
        """Set (rounded to float32) or clear the cached float normal sample."""
        self._next_float_normal = None if value is None else _f32(value)

    def next_double_normal_sample(self) -> float | None:
        """The cached second double normal of the last scalar Box-Muller draw, or None."""
        return self._next_double_normal

    def set_next_double_normal_sample(self, value: float | None) -> None:
        """Set or clear the cached double normal sample."""
        self._next_double_normal = value


def _gen(gen: Generator | None) -> Generator:
    return default_generator if gen is None else gen


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


# --------------------------------------------------------------------------
# The default generator and torch-style module functions
# --------------------------------------------------------------------------
#: Equivalent of ``torch.default_generator`` (seeded with torch's default seed).
default_generator = Generator()


def manual_seed(seed: int) -> Generator:
    """``torch.manual_seed``: seed the default generator and return it.

    Every random function without `generator=` (rand, randn, dropout, the weight
    initialisations, DataLoader shuffling) draws from the default generator, so one seed makes
    a whole run repeatable, with PyTorch's numbers.

    Args:
        seed: an int in `[-2**63, 2**64)`.

    Returns:
        The default `Generator`.

    Note:
        Without a seed, pytensor starts from PyTorch's fixed default seed (67280421310721), so
        unseeded runs repeat; PyTorch seeds its default generator randomly at start-up.

    Examples:
        >>> import pytensor
        >>> _ = pytensor.manual_seed(0)
        >>> pytensor.randn(3)          # torch.manual_seed(0); torch.randn(3)
        tensor([ 1.5410, -0.2934, -2.1788])
    """
    return default_generator.manual_seed(seed)


def seed() -> int:
    """``torch.seed``: non-deterministically re-seed the default generator.

    Returns:
        The new seed (64 bits from the OS).
    """
    return default_generator.seed()


def initial_seed() -> int:
    """``torch.initial_seed``: the seed the default generator was last seeded with.

    Examples:
        >>> import pytensor
        >>> _ = pytensor.manual_seed(123)
        >>> pytensor.initial_seed()
        123
    """
    return default_generator.initial_seed()


def get_rng_state() -> bytes:
    """``torch.get_rng_state`` as raw bytes (same 5056-byte layout as torch).

    Returns:
        `bytes`. `pytensor.get_rng_state()` (the top-level function) returns the same state as
        a uint8 tensor, as PyTorch's does.

    Examples:
        >>> import pytensor
        >>> state = pytensor.random.get_rng_state()
        >>> a = pytensor.rand(2)
        >>> pytensor.random.set_rng_state(state)
        >>> pytensor.equal(a, pytensor.rand(2))
        True
    """
    return default_generator.get_state()


def set_rng_state(new_state: bytes) -> None:
    """``torch.set_rng_state`` from bytes produced by :func:`get_rng_state`
    (or by ``bytes(torch.get_rng_state().numpy())``).

    Args:
        new_state: the 5056-byte state.

    Raises:
        ValueError: for a blob of the wrong size or an invalid engine state.
    """
    default_generator.set_state(new_state)


@contextlib.contextmanager
def fork_rng(
    devices: Sequence[object] = (), enabled: bool = True, device_type: str = "cpu"
) -> Iterator[None]:
    """``torch.random.fork_rng``: draws inside the block do not advance the outer stream.

    The default generator's state is saved on entry and restored on exit. Every device in
    pytensor draws from this host generator, so there is no per-device state to fork.

    Args:
        devices: accepted for PyTorch's API; ignored.
        enabled: False makes it do nothing.
        device_type: accepted for PyTorch's API; ignored.

    Examples:
        >>> import pytensor
        >>> _ = pytensor.manual_seed(0)
        >>> with pytensor.random.fork_rng():
        ...     _ = pytensor.rand(100)
        >>> pytensor.rand(2)             # as if the block had not drawn
        tensor([0.4963, 0.7682])
    """
    if not enabled:
        yield
        return
    saved = get_rng_state()
    try:
        yield
    finally:
        set_rng_state(saved)
