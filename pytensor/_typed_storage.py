"""`Tensor.storage()`: the flat elements behind a tensor, as PyTorch's `TypedStorage` shows them.

Deep Learning with PyTorch (chapter 3) teaches strides with it: a tensor and its transpose
share one storage, `storage()[i]` reads the i-th element of the flat buffer, and writing into
it changes every tensor that views it. PyTorch deprecates `TypedStorage` (it warns once) but
keeps it; so does this.

>>> import warnings, pytensor
>>> points = pytensor.tensor([[4.0, 1.0], [5.0, 3.0]])
>>> with warnings.catch_warnings():
...     warnings.simplefilter("ignore")
...     storage = points.t().storage()
>>> storage[1], len(storage), storage.tolist()
(1.0, 4, [4.0, 1.0, 5.0, 3.0])
"""

from __future__ import annotations

import warnings
from array import array
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ._namespace import prefix
from .dtypes import Number

if TYPE_CHECKING:
    from ._device import device
    from .dtypes import dtype
    from .tensor import Storage, Tensor

_warned = False


def _warn_once() -> None:
    """PyTorch warns the first time a program asks for a TypedStorage, not every time."""
    global _warned
    if not _warned:
        _warned = True
        warnings.warn(
            "TypedStorage is deprecated. It will be removed in the future and UntypedStorage "
            "will be the only storage class. This should only matter to you if you are using "
            "storages directly.  To access UntypedStorage directly, use "
            "tensor.untyped_storage() instead of tensor.storage()",
            UserWarning,
            stacklevel=3,
        )


class TypedStorage:
    """The flat buffer of a tensor, read and written one element at a time.

    Args:
        storage: the tensor's `Storage` (shared by all its views).
        dt: the element dtype.
    """

    def __init__(self, storage: Storage, dt: dtype) -> None:
        self._storage = storage
        self.dtype = dt

    @property
    def device(self) -> device:
        return self._storage.device

    def _flat(self) -> Tensor:
        """The whole buffer as a 1-D tensor: element i of the storage is element i here."""
        from .tensor import Tensor

        buffer: Any = self._storage.buffer
        n = len(buffer) if isinstance(buffer, array) else buffer.nbytes // buffer_itemsize(self)
        return Tensor._make(self._storage, (n,), (1,), 0, self.dtype)

    def size(self) -> int:
        return self._flat().shape[0]

    def __len__(self) -> int:
        return self.size()

    def __getitem__(self, i: int) -> Number:
        if not -len(self) <= i < len(self):
            raise IndexError(f"index {i} out of range for storage of size {len(self)}")
        return self._flat()[i].item()

    def __setitem__(self, i: int, value: Number) -> None:
        if not -len(self) <= i < len(self):
            raise IndexError(f"index {i} out of range for storage of size {len(self)}")
        # An in-place write. Difference from PyTorch: the tensors' version counter moves (PyTorch
        # writes through a fresh tensor whose counter nobody shares), so a graph that saved one
        # of these tensors refuses to use it instead of computing with the changed value.
        self._flat()[i] = value

    def __iter__(self) -> Iterator[Number]:
        return iter(self.tolist())

    def tolist(self) -> list[Number]:
        values: list[Number] = self._flat().tolist()
        return values

    def data_ptr(self) -> int:
        """An identity for the buffer: equal for two tensors that share it."""
        return id(self._storage.buffer)

    def __str__(self) -> str:
        # PyTorch's layout: one element a line, then the type, dtype, device and size.
        data = " " + "\n ".join(str(v) for v in self.tolist())
        info = (
            f"[{prefix()}.storage.TypedStorage(dtype={self.dtype}, device={self.device}) "
            f"of size {len(self)}]"
        )
        return data + "\n" + info

    __repr__ = __str__


def buffer_itemsize(storage: TypedStorage) -> int:
    """Bytes per element of a device buffer: the host array's width (see opencl/runtime.py)."""
    return array(storage.dtype.typecode).itemsize


def typed_storage(t: Tensor) -> TypedStorage:
    """`t.storage()`: warns once, as PyTorch does."""
    _warn_once()
    return TypedStorage(t._storage, t.dtype)
