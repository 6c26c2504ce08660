"""PyTorch's CPU generator, the Mersenne Twister (MT19937): its state, seeding, the raw 32- and
64-bit words, and the default generator with the torch-style module functions (manual_seed,
get_rng_state, fork_rng, ...).
"""

from __future__ import annotations

import contextlib
import os
import struct
from collections.abc import Iterator, Sequence

from .rounding import _U32, _U64, _f32

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


# Byte layout of CPUGeneratorImplState (CPUGeneratorImpl.cpp), so that our
# state blobs are interchangeable with ``torch.get_rng_state()``:
#   legacy_pod: uint64 the_initial_seed; int left; int seeded; uint64 next;
#               uint64 state[624]; double normal_x, normal_y, normal_rho;
#               int normal_is_valid; (4 bytes padding)
#   float next_float_normal_sample; bool is_next_float_normal_sample_valid;
#   (3 bytes padding)                                     -> 5056 bytes total
_STATE_FORMAT = f"<QiiQ{MERSENNE_STATE_N}Qdddi4xf?3x"
_STATE_SIZE = struct.calcsize(_STATE_FORMAT)


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
