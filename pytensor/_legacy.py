"""The legacy tensor types courses still use: `pytensor.FloatTensor([1, 2])`,
`x.type(pytensor.LongTensor)`. Each is a Tensor subclass whose constructor builds a plain
Tensor of its dtype."""

from __future__ import annotations

from typing import Any

from . import dtypes
from .tensor import Tensor


def _legacy_type(name: str, dt: dtypes.dtype) -> type[Tensor]:
    def __new__(cls: type, *args: Any, **kwargs: Any) -> Tensor:  # noqa: N807
        from .ops.creation import tensor, zeros

        if len(args) == 1 and not isinstance(args[0], int):
            return tensor(args[0], dtype=dt)
        return zeros(*args, dtype=dt)

    return type(name, (Tensor,), {"__new__": __new__, "dtype": dt, "__module__": "pytensor"})


FloatTensor = _legacy_type("FloatTensor", dtypes.float32)
DoubleTensor = _legacy_type("DoubleTensor", dtypes.float64)
HalfTensor = _legacy_type("HalfTensor", dtypes.float16)
LongTensor = _legacy_type("LongTensor", dtypes.int64)
IntTensor = _legacy_type("IntTensor", dtypes.int32)
ShortTensor = _legacy_type("ShortTensor", dtypes.int16)
CharTensor = _legacy_type("CharTensor", dtypes.int8)
ByteTensor = _legacy_type("ByteTensor", dtypes.uint8)
BoolTensor = _legacy_type("BoolTensor", dtypes.bool_)
