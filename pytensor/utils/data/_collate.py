"""default_collate and default_convert, following `torch/utils/data/_utils/collate.py`.

`default_collate` turns a list of samples into one batch: tensors are stacked along a new first
dimension, Python floats become a float64 tensor (not the default float32: PyTorch's choice),
ints an int64 tensor, bools a bool tensor, strings stay a list. Containers are collated field by
field, keeping their type, except that tuples come back as lists (PyTorch keeps that for
backwards compatibility):

    >>> default_collate([(0, 1.5), (2, 3.5)])
    [tensor([0, 2]), tensor([1.5000, 3.5000], dtype=pytensor.float64)]
    >>> default_collate([{"x": 0}, {"x": 100}])
    {'x': tensor([  0, 100])}
"""

from __future__ import annotations

import collections.abc
import contextlib
import copy
import re
from collections.abc import Callable
from typing import Any

from ... import dtypes
from ...ops.creation import as_tensor, tensor
from ...ops.movement import stack
from ...tensor import Tensor

__all__ = ["collate", "default_collate", "default_collate_fn_map", "default_convert"]

CollateFnMap = dict[type | tuple[type, ...], Callable[..., Any]]

# NumPy arrays of strings or objects are left alone: they cannot become tensors.
np_str_obj_array_pattern = re.compile(r"[SaUO]")

default_collate_err_msg_format = (
    "default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found {}"
)


def default_convert(data: Any) -> Any:
    """Convert NumPy arrays (also inside mappings and sequences) to tensors; the collate
    function a DataLoader uses when automatic batching is off (`batch_size=None`).

    Tensors and other values are returned unchanged; tuples come back as lists, as in PyTorch.

    Args:
        data: one sample.

    Returns:
        The sample with its NumPy arrays converted.

    Examples:
        >>> import numpy as np
        >>> default_convert({"x": np.array([1.0, 2.0]), "name": "a"})
        {'x': tensor([1., 2.], dtype=pytensor.float64), 'name': 'a'}
    """
    elem_type = type(data)
    if isinstance(data, Tensor):
        return data
    if elem_type.__module__ == "numpy" and elem_type.__name__ not in ("str_", "string_"):
        if elem_type.__name__ == "ndarray" and np_str_obj_array_pattern.search(data.dtype.str):
            return data
        return as_tensor(data)
    if isinstance(data, collections.abc.Mapping):
        try:
            if isinstance(data, collections.abc.MutableMapping):
                clone = copy.copy(data)
                clone.update({key: default_convert(data[key]) for key in data})
                return clone
            return elem_type({key: default_convert(data[key]) for key in data})
        except TypeError:  # a mapping type that cannot be built from a dict
            return {key: default_convert(data[key]) for key in data}
    if isinstance(data, tuple) and hasattr(data, "_fields"):  # namedtuple
        return elem_type(*(default_convert(d) for d in data))
    if isinstance(data, tuple):
        return [default_convert(d) for d in data]  # PyTorch's backwards compatibility
    if isinstance(data, collections.abc.Sequence) and not isinstance(data, (str, bytes)):
        try:
            if isinstance(data, collections.abc.MutableSequence):
                seq_clone = copy.copy(data)
                for i, d in enumerate(data):
                    seq_clone[i] = default_convert(d)
                return seq_clone
            return elem_type([default_convert(d) for d in data])
        except TypeError:
            return [default_convert(d) for d in data]
    return data


def collate(batch: Any, *, collate_fn_map: CollateFnMap | None = None) -> Any:
    """Collate `batch` (a list of samples): leaves by `collate_fn_map` (exact type first, then
    the first entry the element is an instance of), containers recursively.

    Build your own collate function from this by extending `default_collate_fn_map`.

    Args:
        batch: the list of samples.
        collate_fn_map: a dict from a type (or a tuple of types) to the function that collates
            a list of such values.

    Returns:
        The batch.

    Raises:
        TypeError: for a sample type that no entry handles.
        RuntimeError: if the sequences in the batch differ in length.

    Examples:
        >>> import pytensor
        >>> def collate_str(batch, *, collate_fn_map=None):
        ...     return "".join(batch)
        >>> fn_map = {**default_collate_fn_map, str: collate_str}
        >>> collate([("a", 1), ("b", 2)], collate_fn_map=fn_map)
        ['ab', tensor([1, 2])]
    """
    elem = batch[0]
    elem_type = type(elem)
    if collate_fn_map is not None:
        if elem_type in collate_fn_map:
            return collate_fn_map[elem_type](batch, collate_fn_map=collate_fn_map)
        for collate_type in collate_fn_map:
            if isinstance(elem, collate_type):
                return collate_fn_map[collate_type](batch, collate_fn_map=collate_fn_map)

    if isinstance(elem, collections.abc.Mapping):
        fields = {
            key: collate([d[key] for d in batch], collate_fn_map=collate_fn_map) for key in elem
        }
        try:
            if isinstance(elem, collections.abc.MutableMapping):
                clone = copy.copy(elem)
                clone.update(fields)
                return clone
            return elem_type(fields)
        except TypeError:
            return fields
    if isinstance(elem, tuple) and hasattr(elem, "_fields"):  # namedtuple
        return elem_type(
            *(collate(samples, collate_fn_map=collate_fn_map) for samples in zip(*batch))
        )
    if isinstance(elem, collections.abc.Sequence):
        it = iter(batch)
        elem_size = len(next(it))
        if not all(len(e) == elem_size for e in it):
            raise RuntimeError("each element in list of batch should be of equal size")
        columns = [collate(samples, collate_fn_map=collate_fn_map) for samples in zip(*batch)]
        if isinstance(elem, tuple):
            return columns  # a list, for PyTorch's backwards compatibility
        try:
            if isinstance(elem, collections.abc.MutableSequence):
                seq_clone = copy.copy(elem)
                for i, column in enumerate(columns):
                    seq_clone[i] = column
                return seq_clone
            return elem_type(columns)
        except TypeError:
            return columns
    raise TypeError(default_collate_err_msg_format.format(elem_type))


def collate_tensor_fn(batch: list[Tensor], *, collate_fn_map: CollateFnMap | None = None) -> Tensor:
    """Stack tensors along a new first dimension.

    Args:
        batch: the tensors, all of one shape `(*)`.
        collate_fn_map: unused (the uniform signature of collate functions).

    Returns:
        `(len(batch), *)`.

    Examples:
        >>> import pytensor
        >>> collate_tensor_fn([pytensor.ones(2), pytensor.zeros(2)])
        tensor([[1., 1.],
                [0., 0.]])
    """
    return stack(batch, 0)


def collate_numpy_array_fn(batch: list[Any], *, collate_fn_map: CollateFnMap | None = None) -> Any:
    """Convert NumPy arrays to tensors and stack them.

    Args:
        batch: the arrays, all of one shape.
        collate_fn_map: passed on to `collate` (it needs the Tensor entry).

    Returns:
        The stacked tensor.

    Raises:
        TypeError: for arrays of strings or objects.

    Examples:
        >>> import numpy as np
        >>> batch = [np.array([1, 2]), np.array([3, 4])]
        >>> collate_numpy_array_fn(batch, collate_fn_map=default_collate_fn_map)
        tensor([[1, 2],
                [3, 4]])
    """
    if np_str_obj_array_pattern.search(batch[0].dtype.str) is not None:
        raise TypeError(default_collate_err_msg_format.format(batch[0].dtype))
    return collate([as_tensor(b) for b in batch], collate_fn_map=collate_fn_map)


def collate_numpy_scalar_fn(
    batch: list[Any], *, collate_fn_map: CollateFnMap | None = None
) -> Tensor:
    """Put NumPy scalars into a 1-D tensor of their dtype.

    Args:
        batch: the scalars.
        collate_fn_map: unused.

    Returns:
        The tensor, `(len(batch),)`.

    Examples:
        >>> import numpy as np
        >>> collate_numpy_scalar_fn([np.float32(0.5), np.float32(1.5)])
        tensor([0.5000, 1.5000])
    """
    return as_tensor([b.item() for b in batch], dtype=_numpy_scalar_dtype(batch[0]))


def _numpy_scalar_dtype(value: Any) -> dtypes.dtype | None:
    name = str(value.dtype)
    return dtypes.by_name(name) if name in {d.name for d in dtypes.ALL_DTYPES} else None


def collate_float_fn(batch: list[float], *, collate_fn_map: CollateFnMap | None = None) -> Tensor:
    """Put Python floats into a float64 tensor (PyTorch's choice, not the default dtype).

    Args:
        batch: the floats.
        collate_fn_map: unused.

    Returns:
        The float64 tensor, `(len(batch),)`.

    Examples:
        >>> collate_float_fn([0.5, 1.5])
        tensor([0.5000, 1.5000], dtype=pytensor.float64)
    """
    return tensor(batch, dtype=dtypes.float64)


def collate_int_fn(batch: list[int], *, collate_fn_map: CollateFnMap | None = None) -> Tensor:
    """Put Python ints into an int64 tensor (bool when they are bools).

    Args:
        batch: the ints.
        collate_fn_map: unused.

    Returns:
        The int64 tensor, `(len(batch),)`.

    Examples:
        >>> collate_int_fn([1, 2, 3])
        tensor([1, 2, 3])
    """
    return tensor(batch)  # int64, or bool when the ints are bools


def collate_str_fn(batch: list[Any], *, collate_fn_map: CollateFnMap | None = None) -> list[Any]:
    """Keep strings (and bytes) as a list.

    Args:
        batch: the strings.
        collate_fn_map: unused.

    Returns:
        `batch` itself.

    Examples:
        >>> collate_str_fn(["a", "b"])
        ['a', 'b']
    """
    return batch


default_collate_fn_map: CollateFnMap = {Tensor: collate_tensor_fn}
with contextlib.suppress(ImportError):  # NumPy is optional; pytensor itself does not need it
    import numpy as np

    default_collate_fn_map[np.ndarray] = collate_numpy_array_fn
    default_collate_fn_map[(np.bool_, np.number, np.object_)] = collate_numpy_scalar_fn
default_collate_fn_map[float] = collate_float_fn
default_collate_fn_map[int] = collate_int_fn
default_collate_fn_map[str] = collate_str_fn
default_collate_fn_map[bytes] = collate_str_fn


def default_collate(batch: Any) -> Any:
    """Stack a list of samples into a batch; see the module docstring for the rules.

    Args:
        batch: the list of samples, all of the same structure.

    Returns:
        The batch: tensors stacked, numbers as tensors, containers collated field by field.

    Examples:
        >>> import pytensor
        >>> samples = [(pytensor.ones(2), 0), (pytensor.zeros(2), 1)]
        >>> default_collate(samples)
        [tensor([[1., 1.],
                [0., 0.]]), tensor([0, 1])]
    """
    return collate(batch, collate_fn_map=default_collate_fn_map)
