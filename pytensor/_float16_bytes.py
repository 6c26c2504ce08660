"""float16 storage <-> little-endian IEEE half-precision bytes, in bulk and bit for bit.

pytensor keeps float16 values in a float32 `array('f')`. Files hold 2-byte halves. The `struct`
format "e" converts between the two in C, a few thousand elements per call, so that neither a
Python loop nor a tuple of millions of Python floats is needed. One thing `struct` gets wrong
for this purpose: it turns every NaN into the default NaN, losing the payload. The NaNs (found
by looking at the exponent bits of all elements at once with `bytes.translate`) are therefore
redone by hand from their bits, so that a file loaded and saved again comes out byte for byte
the same. A half's 10 mantissa bits are the top 10 of a float32's 23.

    >>> from array import array
    >>> float16_to_bytes(array("f", [1.0, -2.0, float("inf")])).hex()
    '003c00c0007c'
    >>> float16_from_bytes(b"\\x00\\x3c\\x01\\x00")
    array('f', [1.0, 5.960464477539063e-08])
"""

from __future__ import annotations

import struct
from array import array
from collections.abc import Iterator

_CHUNK = 4096  # elements per struct call: C speed, while each tuple of floats stays ~100 KB
# For each possible high byte of a little-endian half: 1 where its exponent bits are all ones
# (an inf or a NaN), else 0.
_EXPONENT_ALL_ONES = bytes(1 if byte & 0x7C == 0x7C else 0 for byte in range(256))
_HALF_MANTISSA, _HALF_INF, _SIGN = 0x3FF, 0x7C00, 0x8000
_FLOAT_INF, _FLOAT_ABS = 0x7F800000, 0x7FFFFFFF
_SHIFT = 13  # 23 - 10 mantissa bits


def float16_from_bytes(raw: bytes | bytearray | memoryview) -> array:  # type: ignore[type-arg]
    """float16 storage (an `array('f')`) from little-endian halves; NaN payloads kept."""
    n = len(raw) // 2
    values = array("f", [0.0]) * n
    for start in range(0, n, _CHUNK):
        stop = min(start + _CHUNK, n)
        values[start:stop] = array("f", struct.unpack_from(f"<{stop - start}e", raw, 2 * start))
    # Bits are written through an unsigned-int view: going through a Python float would quiet a
    # signalling NaN (x86 does so converting float32 to double).
    with memoryview(values) as view, view.cast("B") as as_bytes, as_bytes.cast("I") as words:
        for i in _infs_and_nans(raw):
            half = raw[2 * i] | raw[2 * i + 1] << 8
            if half & _HALF_MANTISSA:  # a NaN; an inf came through struct unchanged
                words[i] = (half & _SIGN) << 16 | _FLOAT_INF | (half & _HALF_MANTISSA) << _SHIFT
    return values


def float16_to_bytes(values: array) -> bytearray:  # type: ignore[type-arg]
    """Little-endian halves from float16 storage (an `array('f')`); NaN payloads kept.

    The values are already float16 values (storage rounds on store), so this is exact.
    """
    n = len(values)
    out = bytearray(2 * n)
    for start in range(0, n, _CHUNK):
        chunk = values[start : start + _CHUNK]
        struct.pack_into(f"<{len(chunk)}e", out, 2 * start, *chunk)
    with memoryview(values) as view, view.cast("B") as as_bytes, as_bytes.cast("I") as words:
        for i in _infs_and_nans(out):
            bits = words[i]
            if bits & _FLOAT_ABS > _FLOAT_INF:  # a NaN: keep its sign and the top of its payload
                half = (bits >> 16) & _SIGN | _HALF_INF | (bits >> _SHIFT) & _HALF_MANTISSA
                if not half & _HALF_MANTISSA:
                    half |= 0x200  # the payload was all in the dropped bits: stay a (quiet) NaN
                out[2 * i] = half & 0xFF
                out[2 * i + 1] = half >> 8
    return out


def _infs_and_nans(halves: bytes | bytearray | memoryview) -> Iterator[int]:
    """The indices of the infs and NaNs among little-endian halves, in one pass in C."""
    with memoryview(halves) as view, view.cast("B") as as_bytes:
        marks = bytes(as_bytes[1::2]).translate(_EXPONENT_ALL_ONES)
    i = marks.find(1)
    while i != -1:
        yield i
        i = marks.find(1, i + 1)
