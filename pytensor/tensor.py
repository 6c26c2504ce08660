"""The Tensor: a flat storage plus the metadata that says how to read it.

Element `(i0, i1, ...)` of a tensor lives at `storage[offset + i0*strides[0] + i1*strides[1] ...]`.
Views (slicing, `view`, `permute`, `transpose`, `expand`) make a new Tensor over the same storage
with other shape, strides and offset; no element is copied.

The methods here are one line each: they call the op of the same name in `pytensor/ops/`, where
the forward and the backward of each op live side by side. That call at run time is the one place
where this layer reaches up into ops (the import at the bottom of this file).
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Union

from . import _device as _devices
from . import dtypes
from ._device import DeviceLike, as_device, cuda_device, device
from ._interop import check_grad, is_operand, numpy_names
from ._layout import normalize_shape
from ._namespace import prefix
from ._size import Size
from .autograd import engine
from .autograd.graph import AccumulateGrad, Hook, Node
from .backends import Backend, View, backend_for
from .backends.base import is_contiguous
from .dtypes import Number, dtype

Scalar = Union[bool, int, float]
_int = int  # the builtins, for annotations inside Tensor (which has int() and bool() methods)
_bool = bool
_float = float
TensorOrScalar = Union["Tensor", bool, int, float]


class Storage:
    """A flat buffer on one device, and the version counter its views share.

    Every in-place write bumps `version`; a graph node that saved a tensor compares versions
    before using it, which is how PyTorch detects "modified by an inplace operation".

    Args:
        buffer: the backend's buffer: an `array.array` on the CPU, a device buffer on OpenCL.
        dev: the device the buffer lives on.

    Attributes:
        buffer: the flat buffer of elements.
        device: the device.
        version: the number of in-place writes so far.

    Note:
        `Tensor.untyped_storage()` returns this object, which has none of the methods of
        PyTorch's `UntypedStorage`.

    Examples:
        >>> import pytensor
        >>> x = pytensor.zeros(2, 3)
        >>> s = x.untyped_storage()
        >>> len(s.buffer), s.version, x.t().untyped_storage() is s
        (6, 0, True)
        >>> x.add_(1.0).untyped_storage().version
        1
    """

    def __init__(self, buffer: Any, dev: device) -> None:
        self.buffer = buffer
        self.device = dev
        self.version = 0


class Tensor:
    """A multi-dimensional array with autograd, stored as (storage, shape, strides, offset).

    Element `(i0, i1, ...)` lives at `storage[offset + i0*strides[0] + i1*strides[1] + ...]`.
    Views share the storage and change only the other three. Make tensors with the factory
    functions (`pytensor.tensor`, `zeros`, `arange`, `randn`, ...); most methods are one line
    that calls the function of the same name in `pytensor/ops/`, so `x.sum(0)` is
    `pytensor.sum(x, 0)`.

    Args:
        *args: the legacy constructor, as in PyTorch: `Tensor(data)` copies nested lists or an
            array as float32, and `Tensor(2, 3)` makes a float32 tensor of that shape.
        **kwargs: `device`.

    Attributes:
        dtype: the element type, such as `pytensor.float32`.
        grad: the accumulated gradient (a tensor of the same shape), or None; filled by
            `backward` for leaves that require grad and for tensors that `retain_grad()`.

    Note:
        `pytensor.Tensor(2, 3)` is zero-filled, where PyTorch leaves the memory uninitialised.
        Prefer `pytensor.tensor(data)` and `pytensor.zeros(2, 3)`, as in PyTorch.

    Examples:
        >>> import pytensor
        >>> x = pytensor.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
        >>> y = (x * x).sum()
        >>> y
        tensor(30., grad_fn=<SumBackward0>)
        >>> y.backward()
        >>> x.grad
        tensor([[2., 4.],
                [6., 8.]])
        >>> x.shape, x.stride(), x.t().stride()
        (pytensor.Size([2, 2]), (2, 1), (1, 2))
    """

    # NumPy defers to an operand of higher priority, so `np.float32(2) * t` calls t.__rmul__
    # and gives a tensor, as PyTorch's 1000 does.
    __array_priority__ = 1000

    # A fresh tensor's autograd and view state, as class-level defaults: `_make` (every op's
    # result) then sets only the layout, and a learner stepping into `a + b` walks past five
    # assignments, not sixteen. `_init`, which re-initialises a tensor, still sets them all.
    _view: View | None = None  # view_of(), made on first use
    _requires_grad = False
    _grad: Tensor | None = None
    _grad_fn: Node | None = None
    _output_nr = 0
    _accumulator: AccumulateGrad | None = None
    _retains_grad = False
    # For views: the tensor that owns the storage, and how to take this view of it again.
    _base: Tensor | None = None
    _view_fn: Callable[[Tensor], Tensor] | None = None
    _view_version = 0  # the storage version this view's grad_fn was made at
    _views: dict[_int, weakref.ref[Tensor]] | None = None  # a base's live views, by id

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # pytensor.Tensor(data) and pytensor.Tensor(2, 3), the legacy constructor courses use.
        from .ops.creation import _legacy_constructor

        _legacy_constructor(self, *args, **kwargs)

    @classmethod
    def _make(
        cls,
        storage: Storage,
        shape: Sequence[int],
        strides: Sequence[int],
        offset: int,
        dt: dtype,
    ) -> Tensor:
        t = cls.__new__(cls)
        t._storage = storage
        t._shape = Size(shape)
        t._strides = tuple(strides)
        t._offset = offset
        t.dtype = dt
        return t

    def _init(
        self, storage: Storage, shape: Sequence[int], strides: Sequence[int], offset: int, dt: dtype
    ) -> None:
        vars(self).clear()  # re-initialised (out= resized): every field back to its default
        self._storage = storage
        self._shape = Size(shape)
        self._strides = tuple(strides)
        self._offset = offset
        self.dtype = dt
        self._view = None
        self._requires_grad = False
        self._grad = None
        self._grad_fn = None
        self._output_nr = 0
        self._accumulator = None
        self._retains_grad = False
        self._base = None
        self._view_fn = None
        self._view_version = 0
        self._views = None

    # --- metadata -------------------------------------------------------------------------

    @property
    def shape(self) -> Size:
        """The size of each dim, as a `pytensor.Size` (a tuple).

        Examples:
            >>> import pytensor
            >>> pytensor.zeros(2, 3).shape
            pytensor.Size([2, 3])
        """
        return self._shape

    @property
    def device(self) -> device:
        """The device the storage lives on: `device(type='cpu')` or `device('opencl', N)`.

        Examples:
            >>> import pytensor
            >>> pytensor.zeros(2).device
            device(type='cpu')
        """
        return self._storage.device

    @property
    def backend(self) -> Backend:
        """The backend that runs this tensor's kernels: the reference loops or OpenCL."""
        return backend_for(self._storage.device)

    @property
    def ndim(self) -> _int:
        """The number of dims, as `dim()`."""
        return len(self._shape)

    @property
    def is_cuda(self) -> _bool:
        """False, as in PyTorch's CPU build; with PYTENSOR_CUDA=opencl (see `pytensor.cuda`),
        whether the tensor lives on an OpenCL device, which "cuda" then names."""
        return _devices.cuda_is_opencl and self.device.type == "opencl"

    @property
    def is_opencl(self) -> _bool:
        """True when the tensor lives on an OpenCL device."""
        return self.device.type == "opencl"

    @property
    def _version(self) -> _int:
        return self._storage.version

    def size(self, dim: _int | None = None) -> Any:
        """The shape, or with `dim` the size of that one dim.

        Args:
            dim: a dim (negative counts from the end), or None for the whole shape.

        Examples:
            >>> import pytensor
            >>> x = pytensor.zeros(2, 3)
            >>> x.size(), x.size(-1)
            (pytensor.Size([2, 3]), 3)
        """
        return self._shape if dim is None else self._shape[_wrap_dim(dim, self.ndim)]

    def stride(self, dim: _int | None = None) -> Any:
        """The strides: how many storage elements one step along each dim moves.

        Args:
            dim: a dim (negative counts from the end), or None for all of them.

        Returns:
            A tuple of ints, or one int with `dim`.

        Examples:
            >>> import pytensor
            >>> x = pytensor.zeros(2, 3)
            >>> x.stride(), x.t().stride(), x.stride(0)
            ((3, 1), (1, 3), 3)
        """
        return self._strides if dim is None else self._strides[_wrap_dim(dim, self.ndim)]

    def storage_offset(self) -> _int:
        """The storage position of the first element (nonzero for some views).

        Examples:
            >>> import pytensor
            >>> pytensor.arange(6)[2:].storage_offset()
            2
        """
        return self._offset

    def dim(self) -> _int:
        """The number of dims (0 for a scalar tensor).

        Examples:
            >>> import pytensor
            >>> pytensor.tensor(1.0).dim(), pytensor.zeros(2, 3).dim()
            (0, 2)
        """
        return len(self._shape)

    def numel(self) -> _int:
        """The number of elements: the product of the shape (1 for a 0-dim tensor).

        Examples:
            >>> import pytensor
            >>> pytensor.zeros(2, 3).numel()
            6
        """
        return math.prod(self._shape)

    nelement = numel

    def element_size(self) -> _int:
        """The size of one element in bytes, as PyTorch counts it (4 for float32).

        Examples:
            >>> import pytensor
            >>> pytensor.zeros(1, dtype=pytensor.float64).element_size()
            8
        """
        return self.dtype.itemsize

    def is_contiguous(self) -> _bool:
        """True when the elements are stored in row-major order without gaps.

        Examples:
            >>> import pytensor
            >>> x = pytensor.zeros(2, 3)
            >>> x.is_contiguous(), x.t().is_contiguous()
            (True, False)
        """
        return is_contiguous(self._shape, self._strides)

    def is_floating_point(self) -> _bool:
        """True for float16, float32 and float64 tensors."""
        return self.dtype.is_floating_point

    def data_ptr(self) -> _int:
        """An address-like number: equal for tensors that start at the same storage element.

        Note:
            It is not a memory address (there is no pointer to a Python buffer); it is only good for
            comparing tensors with each other.

        Examples:
            >>> import pytensor
            >>> x = pytensor.zeros(4)
            >>> x.view(2, 2).data_ptr() == x.data_ptr(), x[1:].data_ptr() == x.data_ptr()
            (True, False)
        """
        return id(self._storage) + self._offset * self.dtype.itemsize

    def untyped_storage(self) -> Storage:
        """The `Storage` this tensor reads: shared by all its views."""
        return self._storage

    def storage(self) -> Any:
        """The flat elements this tensor views, as PyTorch's (deprecated) `TypedStorage`."""
        from ._typed_storage import typed_storage

        return typed_storage(self)

    def view_of(self) -> View:
        """The layout a backend kernel receives: `View(buffer, shape, strides, offset, dtype)`.

        Not part of PyTorch's API: it is the seam between a tensor and the backend primitives.
        """
        if self._view is None:  # made once: a tensor's layout never changes (see `data`)
            # A plain tuple: kernels index shapes in loops; Size's __getitem__ is Python code.
            shape = tuple(self._shape)
            fields = (self._storage.buffer, shape, self._strides, self._offset, self.dtype)
            # tuple.__new__ builds the same View as View(*fields) without the NamedTuple's
            # generated __new__, a frame of its own that a debugger would step through.
            self._view = tuple.__new__(View, fields)
        return self._view

    def _bump_version(self) -> None:
        self._storage.version += 1

    # --- Python values out ----------------------------------------------------------------

    def _host_values(self) -> list[Number]:
        """Every element in row-major order, as Python numbers (a copy to the host)."""
        values = self.backend.to_host(self.view_of())
        if self.dtype.kind == "b":
            return [bool(v) for v in values]
        return values.tolist()

    def tolist(self) -> Any:
        """The values as nested Python lists (a number for a 0-dim tensor), copied to the host.

        Examples:
            >>> import pytensor
            >>> pytensor.tensor([[1, 2], [3, 4]]).tolist(), pytensor.tensor(2.5).tolist()
            ([[1, 2], [3, 4]], 2.5)
        """
        values = self._host_values()
        if not self._shape:
            return values[0]
        return _nest(values, self._shape)

    def item(self) -> Number:
        """The value of a one-element tensor as a Python number (bool, int or float).

        Raises:
            RuntimeError: when the tensor has more than one element.

        Examples:
            >>> import pytensor
            >>> pytensor.tensor([[7]]).item(), pytensor.tensor(0.5).item()
            (7, 0.5)
        """
        if self.numel() != 1:
            raise RuntimeError(
                f"a Tensor with {self.numel()} elements cannot be converted to Scalar"
            )
        return self._host_values()[0]

    def numpy(self, *, force: _bool = False) -> Any:
        """A NumPy array with the same values, dtype and shape (a copy).

        Args:
            force: allow it for a tensor that requires grad.

        Raises:
            RuntimeError: for a tensor that requires grad, unless `force` (use `.detach().numpy()`).

        Note:
            PyTorch's `numpy()` shares memory with a CPU tensor; pytensor returns a copy, so
            writes to the array do not show in the tensor. An OpenCL tensor works too (it is
            copied to the host), where PyTorch requires `.cpu()` first.

        Examples:
            >>> import pytensor
            >>> pytensor.tensor([[1.0, 2.0]]).numpy()
            array([[1., 2.]], dtype=float32)
        """
        import numpy as np

        if self.requires_grad and not force:
            raise RuntimeError(
                "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() "
                "instead."
            )
        np_dtype = "bool" if self.dtype.kind == "b" else self.dtype.name
        return np.array(self._host_values(), dtype=np_dtype).reshape(self._shape)

    def __array__(self, dtype: Any = None, copy: Any = None) -> Any:
        result = self.numpy(force=True)
        return result if dtype is None else result.astype(dtype)

    def __repr__(self) -> str:
        from ._tensor_str import tensor_repr

        return tensor_repr(self)

    def __format__(self, spec: str) -> str:
        # As in PyTorch: f"{loss}" of a 0-dim tensor formats the number, not the repr.
        if self.dim() == 0:
            return format(self.item(), spec)
        return object.__format__(self, spec)

    def __len__(self) -> _int:
        if not self._shape:
            raise TypeError("len() of a 0-d tensor")
        return self._shape[0]

    def __iter__(self) -> Iterator[Tensor]:
        if not self._shape:
            raise TypeError("iteration over a 0-d tensor")
        return iter(self.unbind(0))

    def __bool__(self) -> _bool:
        if self.numel() == 0:
            raise RuntimeError("Boolean value of Tensor with no values is ambiguous")
        if self.numel() != 1:
            raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
        return bool(self.item())

    def _scalar(self) -> Number:
        if self.numel() != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        return self.item()

    def __float__(self) -> _float:
        return float(self._scalar())

    def __int__(self) -> _int:
        return int(self._scalar())

    def __index__(self) -> _int:
        if self.dtype.is_floating_point or self.numel() != 1:
            raise TypeError("only integer tensors of a single element can be converted to an index")
        return int(self.item())

    def __hash__(self) -> _int:
        return id(self)

    # --- autograd -------------------------------------------------------------------------

    @property
    def requires_grad(self) -> _bool:
        """Whether autograd records ops on this tensor. Set it to True on leaves (parameters).

        Setting it on a non-leaf to False raises, as does setting True on a non-floating tensor.

        Examples:
            >>> import pytensor
            >>> w = pytensor.zeros(2)
            >>> w.requires_grad = True
            >>> (w * 2).requires_grad
            True
        """
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, flag: _bool) -> None:
        if self._grad_fn is not None and not flag:
            raise RuntimeError(
                "you can only change requires_grad flags of leaf variables. If you want to use a "
                "computed variable in a subgraph that doesn't require differentiation use "
                "var_no_grad = var.detach()."
            )
        if flag and not self.dtype.is_floating_point:
            raise RuntimeError(
                "only Tensors of floating point and complex dtype can require gradients"
            )
        self._requires_grad = flag

    def requires_grad_(self, requires_grad: _bool = True) -> Tensor:
        """Sets `requires_grad` in place and returns the tensor, for chaining.

        Args:
            requires_grad: the new flag.

        Raises:
            RuntimeError: for True on a tensor that is not floating point, or False on a non-leaf.

        Examples:
            >>> import pytensor
            >>> w = pytensor.randn(3).requires_grad_()
            >>> w.requires_grad, w.is_leaf
            (True, True)
        """
        if requires_grad and not self.dtype.is_floating_point:
            # The method words it differently from the attribute setter, as PyTorch does.
            raise RuntimeError("only Tensors of floating point dtype can require gradients")
        self.requires_grad = requires_grad
        return self

    @property
    def grad(self) -> Tensor | None:
        """The accumulated gradient, or None; assigning checks it as PyTorch does."""
        return self._grad

    @grad.setter
    def grad(self, value: Tensor | None) -> None:
        check_grad(self, value)  # a float or a wrong-sized tensor here is a bug caught early
        self._grad = value

    @property
    def grad_fn(self) -> Node | None:
        """The graph node that made this tensor (for example `MulBackward0`), or None for a leaf.

        Its `next_functions` lead to the nodes of the inputs, down to the leaves' `AccumulateGrad`.

        Examples:
            >>> import pytensor
            >>> x = pytensor.ones(2, requires_grad=True)
            >>> y = x * 3
            >>> y.grad_fn, y.grad_fn.next_functions
            (<MulBackward0 object at 0x...>, ((<AccumulateGrad object at 0x...>, 0), (None, 0)))
        """
        return self._grad_fn

    def _set_grad_fn(self, node: Node, output_nr: _int = 0) -> None:
        if self._retains_grad and self._grad_fn is not None:
            # An in-place op gave this tensor a new node: .grad follows the new value, as in
            # PyTorch, so retain_grad's hook moves with it.
            store = self._grad_fn.retains_grad_hooks.pop(self._output_nr, None)
            if store is not None:
                node.retains_grad_hooks[output_nr] = store
        self._grad_fn = node
        self._output_nr = output_nr
        self._requires_grad = True

    @property
    def is_leaf(self) -> _bool:
        """True for a tensor not made by a recorded op: created by the user, or not requiring grad.

        Only leaves get `.grad` filled by `backward` (others need `retain_grad()`).

        Examples:
            >>> import pytensor
            >>> x = pytensor.ones(2, requires_grad=True)
            >>> x.is_leaf, (x * 2).is_leaf, (x * 2).detach().is_leaf
            (True, False, True)
        """
        return self._grad_fn is None

    def _grad_accumulator(self) -> AccumulateGrad:
        if self._accumulator is None:
            self._accumulator = AccumulateGrad(self)
        return self._accumulator

    @property
    def retains_grad(self) -> _bool:
        """True when `retain_grad()` was called on this non-leaf tensor."""
        return self._retains_grad

    def retain_grad(self) -> None:
        """Keep `.grad` for a non-leaf tensor after backward (leaves always keep it).

        Raises:
            RuntimeError: for a tensor that does not require grad.

        Examples:
            >>> import pytensor
            >>> x = pytensor.tensor([1.0, 2.0], requires_grad=True)
            >>> h = x * 2
            >>> h.retain_grad()
            >>> (h * h).sum().backward()
            >>> h.grad
            tensor([4., 8.])
        """
        if not self.requires_grad:  # checked first: a leaf without grad is refused too
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        if self.is_leaf or self._retains_grad:
            return
        self._retains_grad = True

        def store(grad: Tensor) -> None:
            if self.grad is None:
                self.grad = grad.detach().clone()
            else:
                self.grad = self.grad + grad.detach()

        assert self._grad_fn is not None
        self._grad_fn.retains_grad_hooks[self._output_nr] = store

    def register_hook(self, hook: Hook) -> Any:
        """Call `hook(grad)` when this tensor's gradient is computed; a returned tensor replaces the
        gradient.

        Args:
            hook: a function of the gradient that returns None or a new gradient.

        Returns:
            A handle whose `remove()` takes the hook off.

        Raises:
            RuntimeError: for a tensor that does not require grad.

        Examples:
            >>> import pytensor
            >>> x = pytensor.tensor([1.0, 2.0], requires_grad=True)
            >>> handle = x.register_hook(lambda g: g * 10)
            >>> x.sum().backward()
            >>> x.grad
            tensor([10., 10.])
            >>> handle.remove()
        """
        if not self.requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        node = self._grad_fn if self._grad_fn is not None else self._grad_accumulator()
        node.register_prehook(hook, self._output_nr)
        return _RemovableHandle(node.tensor_pre_hooks[self._output_nr], hook)

    def backward(
        self,
        gradient: Tensor | None = None,
        retain_graph: bool | None = None,
        create_graph: bool = False,
        inputs: Sequence[Tensor] | None = None,
    ) -> None:
        """Accumulate the gradient of this tensor with respect to every leaf into `leaf.grad`.

        Runs the engine (`autograd/engine.py`) from this tensor's `grad_fn` down the graph.
        Gradients are added to what `.grad` already holds, so call `optimizer.zero_grad()` (or set
        `.grad` to None) between steps.

        Args:
            gradient: the gradient of some final result with respect to this tensor, of this
                tensor's shape; may be omitted for a one-element tensor (it is then 1).
            retain_graph: keep the graph's saved tensors so that backward can run through it again;
                default: `create_graph`.
            create_graph: record the backward pass itself, for gradients of gradients.
            inputs: accumulate only into these tensors' `.grad` (leaves or not).

        Raises:
            RuntimeError: when the tensor does not require grad, when `gradient` is missing for a
                tensor of several elements, or when the graph was already freed.

        Examples:
            >>> import pytensor
            >>> x = pytensor.tensor([1.0, 2.0, 3.0], requires_grad=True)
            >>> (x ** 2).sum().backward()
            >>> x.grad
            tensor([2., 4., 6.])
            >>> y = x * 2
            >>> y.backward(pytensor.tensor([1.0, 0.0, 0.0]))
            >>> x.grad
            tensor([4., 4., 6.])
        """
        engine.backward([self], [gradient], retain_graph, create_graph, inputs)

    def detach(self) -> Tensor:
        """A tensor over the same storage, cut from the graph: it does not require grad.

        Writes to one show in the other (they share the storage and its version counter).

        Examples:
            >>> import pytensor
            >>> x = pytensor.ones(2, requires_grad=True)
            >>> y = (x * 2).detach()
            >>> y, y.requires_grad
            (tensor([2., 2.]), False)
        """
        t = Tensor._make(self._storage, self._shape, self._strides, self._offset, self.dtype)
        return t

    def detach_(self) -> Tensor:
        """Cuts this tensor from the graph in place (grad_fn None, requires_grad False); returns it.

        Examples:
            >>> import pytensor
            >>> y = pytensor.ones(2, requires_grad=True) * 2
            >>> y.detach_().grad_fn is None
            True
        """
        self._grad_fn = None
        self._requires_grad = False
        return self

    @property
    def data(self) -> Tensor:
        """The tensor's values without its history (`detach()`); assigning to it swaps in another
        tensor's storage and layout, outside autograd's view.

        Examples:
            >>> import pytensor
            >>> w = pytensor.zeros(2, requires_grad=True)
            >>> w.data = pytensor.tensor([1.0, 2.0])
            >>> w
            tensor([1., 2.], requires_grad=True)
        """
        return self.detach()

    @data.setter
    def data(self, other: Tensor) -> None:
        self._init_metadata_from(other)

    def _init_metadata_from(self, other: Tensor) -> None:
        self._storage = other._storage
        self._shape = other._shape
        self._strides = other._strides
        self._offset = other._offset
        self.dtype = other.dtype
        self._view = None

    # --- conversions ----------------------------------------------------------------------

    def to(self, *args: Any, **kwargs: Any) -> Tensor:
        """This tensor with another dtype and/or on another device; itself when nothing changes.

        The forms of PyTorch: `to(dtype)`, `to(device)`, `to(device, dtype)`, `to(other_tensor)`
        (its dtype and device), and the keywords `dtype=`, `device=`, `copy=`. The result is
        recorded for autograd when it is floating (`ToCopyBackward0`), so gradients flow back to
        the original dtype and device.

        Args:
            *args: a dtype, a device (or a string such as `"opencl"`), or a tensor.
            **kwargs: `dtype`, `device`, and `copy` (copy even when nothing changes).

        Returns:
            `self`, or a new tensor.

        Note:
            The result of a conversion is always contiguous, where PyTorch keeps a dense layout
            (a transposed tensor stays transposed). `non_blocking` and `memory_format` are ignored.

        Examples:
            >>> import pytensor
            >>> x = pytensor.tensor([1.5, 2.5])
            >>> x.to(pytensor.int64), x.to("cpu") is x
            (tensor([1, 2]), True)
            >>> x.to(pytensor.zeros(1, dtype=pytensor.float64)).dtype
            pytensor.float64
        """
        dt: dtype | None = kwargs.get("dtype")
        dev: DeviceLike = kwargs.get("device")
        copy = kwargs.get("copy", False)
        for arg in args:
            if isinstance(arg, dtype):
                dt = arg
            elif isinstance(arg, Tensor):
                dt, dev = arg.dtype, arg.device
            elif isinstance(arg, (str, device)):
                dev = arg
        return ops.movement.to(self, dt, None if dev is None else as_device(dev), copy)

    def type(self, dt: Any = None) -> Any:
        """The legacy type name (`"pytensor.FloatTensor"`), or this tensor converted to `dt`.

        With a dtype, a type name or a legacy class, it is `to(dtype)`.

        Args:
            dt: None, a dtype, a name such as `"torch.LongTensor"` or `"pytensor.LongTensor"`, or a
                legacy class such as `pytensor.LongTensor`.

        Examples:
            >>> import pytensor
            >>> x = pytensor.tensor([1.5])
            >>> x.type(), x.type(pytensor.int64)
            ('pytensor.FloatTensor', tensor([1]))
        """
        if dt is None:
            return f"{prefix()}.{_LEGACY_NAMES[self.dtype.name]}"
        if isinstance(dt, str):
            dt = _LEGACY_BY_NAME[dt.removeprefix("torch.").removeprefix("pytensor.")]
        if isinstance(dt, type) and issubclass(dt, Tensor):
            legacy: Any = dt
            dt = legacy.dtype  # the legacy classes (FloatTensor, ...) carry their dtype
        return self.to(dt)

    def cpu(self) -> Tensor:
        """This tensor on the CPU: itself if it already is there, else a copy.

        Examples:
            >>> import pytensor
            >>> x = pytensor.ones(2)
            >>> x.cpu() is x
            True
        """
        return self.to("cpu")

    def cuda(self, device: DeviceLike | _int = None, non_blocking: _bool = False) -> Tensor:
        """This tensor on "cuda": PyTorch's CPU-build AssertionError ("Torch not compiled with
        CUDA enabled"), or with PYTENSOR_CUDA=opencl the OpenCL device (see `pytensor.cuda`).

        Args:
            device: None, an index, or a device or string such as `"cuda:0"`.
            non_blocking: ignored.
        """
        return self.to(cuda_device(device))

    def opencl(self, index: _int = 0) -> Tensor:
        """This tensor on OpenCL device `index` (as `cuda()` in PyTorch): `to(f"opencl:{index}")`.

        Args:
            index: the device number (see `pytensor.opencl.device_count()`).

        Raises:
            RuntimeError: when pyopencl is not installed or there is no such device.
        """
        return self.to(f"opencl:{index}")

    def float(self) -> Tensor:
        """`to(pytensor.float32)`.

        Examples:
            >>> import pytensor
            >>> pytensor.tensor([1, 2]).float()
            tensor([1., 2.])
        """
        return self.to(dtypes.float32)

    def double(self) -> Tensor:
        """`to(pytensor.float64)`."""
        return self.to(dtypes.float64)

    def half(self) -> Tensor:
        """`to(pytensor.float16)`."""
        return self.to(dtypes.float16)

    def long(self) -> Tensor:
        """`to(pytensor.int64)`: floats are truncated toward zero.

        Examples:
            >>> import pytensor
            >>> pytensor.tensor([1.7, -1.7]).long()
            tensor([ 1, -1])
        """
        return self.to(dtypes.int64)

    def int(self) -> Tensor:
        """`to(pytensor.int32)`."""
        return self.to(dtypes.int32)

    def short(self) -> Tensor:
        """`to(pytensor.int16)`."""
        return self.to(dtypes.int16)

    def char(self) -> Tensor:
        """`to(pytensor.int8)`."""
        return self.to(dtypes.int8)

    def byte(self) -> Tensor:
        """`to(pytensor.uint8)`."""
        return self.to(dtypes.uint8)

    def bool(self) -> Tensor:
        """`to(pytensor.bool)`: nonzero becomes True.

        Examples:
            >>> import pytensor
            >>> pytensor.tensor([0.0, 0.5]).bool()
            tensor([False,  True])
        """
        return self.to(dtypes.bool_)

    def clone(self) -> Tensor:
        """A copy with its own storage; the gradient passes through (`pytensor.clone`).

        Note:
            The copy is always contiguous; PyTorch's keeps a dense tensor's layout.

        Examples:
            >>> import pytensor
            >>> x = pytensor.tensor([1.0, 2.0])
            >>> y = x.clone()
            >>> y.add_(1.0)
            tensor([2., 3.])
            >>> x
            tensor([1., 2.])
        """
        return ops.movement.clone(self)

    def contiguous(self) -> Tensor:
        """This tensor if it is contiguous, else a contiguous copy (`clone`).

        Kernels and `view` need contiguous memory; transposes, permutes and expands are not.

        Examples:
            >>> import pytensor
            >>> x = pytensor.zeros(2, 3)
            >>> x.contiguous() is x, x.t().contiguous().stride()
            (True, (2, 1))
        """
        return self if self.is_contiguous() else self.clone()

    def new_tensor(self, data: Any, dtype: dtype | None = None) -> Tensor:
        """A new tensor from `data` with this tensor's dtype (unless `dtype` is given) and device.

        Args:
            data: anything `pytensor.tensor` accepts.
            dtype: the dtype; default: this tensor's.

        Note:
            PyTorch's `device` and `requires_grad` keywords are not accepted by the `new_*` methods.

        Examples:
            >>> import pytensor
            >>> pytensor.zeros(1, dtype=pytensor.float64).new_tensor([1, 2])
            tensor([1., 2.], dtype=pytensor.float64)
        """
        return ops.creation.tensor(data, dtype=dtype or self.dtype, device=self.device)

    def new_zeros(self, *size: Any, dtype: dtype | None = None) -> Tensor:
        """`zeros(*size)` with this tensor's dtype (unless `dtype` is given) and device.

        Examples:
            >>> import pytensor
            >>> pytensor.tensor([1, 2]).new_zeros(2, 2)
            tensor([[0, 0],
                    [0, 0]])
        """
        # full, not zeros: pytensor.zeros's check of negative sizes has its own words.
        shape = normalize_shape(size)
        return ops.creation.full(shape, 0, dtype=dtype or self.dtype, device=self.device)

    def new_ones(self, *size: Any, dtype: dtype | None = None) -> Tensor:
        """`ones(*size)` with this tensor's dtype (unless `dtype` is given) and device."""
        return ops.creation.ones(*size, dtype=dtype or self.dtype, device=self.device)

    def new_full(
        self, size: Sequence[_int], fill_value: Scalar, dtype: dtype | None = None
    ) -> Tensor:
        """`full(size, fill_value)` with this tensor's dtype (unless `dtype` is given) and device.

        Args:
            size: the shape, a sequence of ints.
            fill_value: the value of every element (converted to the dtype).
            dtype: the dtype; default: this tensor's.

        Examples:
            >>> import pytensor
            >>> pytensor.ones(1).new_full((2,), 3.5)
            tensor([3.5000, 3.5000])
        """
        return ops.creation.full(size, fill_value, dtype=dtype or self.dtype, device=self.device)

    def new_empty(self, *size: Any, dtype: dtype | None = None) -> Tensor:
        """`empty(*size)` with this tensor's dtype (unless `dtype` is given) and device (zero-filled
        here, see `pytensor.empty`).
        """
        return ops.creation.empty(*size, dtype=dtype or self.dtype, device=self.device)

    # --- ops as methods: each is one line into pytensor/ops/ ----------------------------------
    # arithmetic operators

    def __add__(self, other: TensorOrScalar) -> Tensor:
        return ops.pointwise.add(self, other)

    def __radd__(self, other: TensorOrScalar) -> Tensor:
        return ops.pointwise.add(other, self)

    def __sub__(self, other: TensorOrScalar) -> Tensor:
        return ops.pointwise.sub(self, other)

    def __rsub__(self, other: TensorOrScalar) -> Tensor:
        return ops.pointwise.sub(other, self)

    def __mul__(self, other: TensorOrScalar) -> Tensor:
        return ops.pointwise.mul(self, other)

    def __rmul__(self, other: TensorOrScalar) -> Tensor:
        return ops.pointwise.mul(other, self)

    def __truediv__(self, other: TensorOrScalar) -> Tensor:
        return ops.pointwise.div(self, other)

    def __rtruediv__(self, other: TensorOrScalar) -> Tensor:
        # PyTorch computes `2 / x` as `x.reciprocal() * 2` (two roundings, two graph nodes).
        return ops.pointwise.mul(ops.pointwise.reciprocal(self), other)

    def __floordiv__(self, other: TensorOrScalar) -> Tensor:
        return ops.pointwise.floor_divide(self, other)

    def __rfloordiv__(self, other: TensorOrScalar) -> Tensor:
        return ops.pointwise.floor_divide(other, self)

    def __mod__(self, other: TensorOrScalar) -> Tensor:
        return ops.pointwise.remainder(self, other)

    def __rmod__(self, other: TensorOrScalar) -> Tensor:
        return ops.pointwise.remainder(other, self)

    def __pow__(self, other: TensorOrScalar) -> Tensor:
        return ops.pointwise.pow(self, other)

    def __rpow__(self, other: TensorOrScalar) -> Tensor:
        return ops.pointwise.pow(other, self)

    def __matmul__(self, other: Tensor) -> Tensor:
        return ops.linalg.matmul(self, other)

    def __rmatmul__(self, other: Tensor) -> Tensor:
        return ops.linalg.matmul(other, self)

    def __neg__(self) -> Tensor:
        return ops.pointwise.neg(self)

    def __pos__(self) -> Tensor:
        return self

    def __abs__(self) -> Tensor:
        return ops.pointwise.abs(self)

    def __invert__(self) -> Tensor:
        if self.dtype.is_floating_point:  # the operator's error differs from the function's
            raise TypeError(
                "~ (operator.invert) is only implemented on integer and Boolean-type tensors"
            )
        return ops.pointwise.bitwise_not(self)

    def __and__(self, other: TensorOrScalar) -> Tensor:
        return ops.pointwise.bitwise_and(self, other)

    def __or__(self, other: TensorOrScalar) -> Tensor:
        return ops.pointwise.bitwise_or(self, other)

    def __xor__(self, other: TensorOrScalar) -> Tensor:
        return ops.pointwise.bitwise_xor(self, other)

    __rand__ = __and__
    __ror__ = __or__
    __rxor__ = __xor__

    # Against a non-number (`t == "abc"`, `t != None`) the comparisons return NotImplemented,
    # so Python answers as it does for PyTorch: False for ==, True for !=, TypeError for <.

    def __eq__(self, other: object) -> Tensor:  # type: ignore[override]
        if not is_operand(other):
            return NotImplemented
        return ops.pointwise.eq(self, other)  # type: ignore[arg-type]

    def __ne__(self, other: object) -> Tensor:  # type: ignore[override]
        if not is_operand(other):
            return NotImplemented
        return ops.pointwise.ne(self, other)  # type: ignore[arg-type]

    def __lt__(self, other: TensorOrScalar) -> Tensor:
        if not is_operand(other):
            return NotImplemented
        return ops.pointwise.lt(self, other)

    def __le__(self, other: TensorOrScalar) -> Tensor:
        if not is_operand(other):
            return NotImplemented
        return ops.pointwise.le(self, other)

    def __gt__(self, other: TensorOrScalar) -> Tensor:
        if not is_operand(other):
            return NotImplemented
        return ops.pointwise.gt(self, other)

    def __ge__(self, other: TensorOrScalar) -> Tensor:
        if not is_operand(other):
            return NotImplemented
        return ops.pointwise.ge(self, other)

    # in-place operators: `x += y` writes into x

    def __iadd__(self, other: TensorOrScalar) -> Tensor:
        return self.add_(other)

    def __isub__(self, other: TensorOrScalar) -> Tensor:
        return self.sub_(other)

    def __imul__(self, other: TensorOrScalar) -> Tensor:
        return self.mul_(other)

    def __itruediv__(self, other: TensorOrScalar) -> Tensor:
        return self.div_(other)

    def __getitem__(self, key: Any) -> Tensor:
        return ops.indexing.getitem(self, key)

    def __setitem__(self, key: Any, value: TensorOrScalar) -> None:
        ops.indexing.setitem(self, key, value)

    # arithmetic by name

    def add(self, other: TensorOrScalar, *, alpha: Scalar = 1) -> Tensor:
        """`self + alpha * other`, element-wise: `pytensor.add(self, other, alpha=alpha)`."""
        return ops.pointwise.add(self, other, alpha=alpha)

    def sub(self, other: TensorOrScalar, *, alpha: Scalar = 1) -> Tensor:
        """`self - alpha * other`, element-wise: `pytensor.sub(self, other, alpha=alpha)`."""
        return ops.pointwise.sub(self, other, alpha=alpha)

    subtract = sub

    def mul(self, other: TensorOrScalar) -> Tensor:
        """`self * other`, element-wise: `pytensor.mul`."""
        return ops.pointwise.mul(self, other)

    multiply = mul

    def div(self, other: TensorOrScalar, *, rounding_mode: str | None = None) -> Tensor:
        """`self / other`, element-wise, optionally rounded: `pytensor.div`."""
        return ops.pointwise.div(self, other, rounding_mode=rounding_mode)

    divide = div
    true_divide = div

    def floor_divide(self, other: TensorOrScalar) -> Tensor:
        """`self // other`, element-wise: `pytensor.floor_divide`."""
        return ops.pointwise.floor_divide(self, other)

    def remainder(self, other: TensorOrScalar) -> Tensor:
        """`self % other` with the sign of `other`: `pytensor.remainder`."""
        return ops.pointwise.remainder(self, other)

    def fmod(self, other: TensorOrScalar) -> Tensor:
        """The remainder with the sign of `self` (C's fmod): `pytensor.fmod`."""
        return ops.pointwise.fmod(self, other)

    def pow(self, exponent: TensorOrScalar) -> Tensor:
        """`self ** exponent`, element-wise: `pytensor.pow`."""
        return ops.pointwise.pow(self, exponent)

    def square(self) -> Tensor:
        """`self * self`, element-wise: `pytensor.square`."""
        return ops.pointwise.square(self)

    def maximum(self, other: Tensor) -> Tensor:
        """The element-wise larger of `self` and `other`: `pytensor.maximum`."""
        return ops.pointwise.maximum(self, other)

    def minimum(self, other: Tensor) -> Tensor:
        """The element-wise smaller of `self` and `other`: `pytensor.minimum`."""
        return ops.pointwise.minimum(self, other)

    def atan2(self, other: Tensor) -> Tensor:
        """The angle of `(other, self)`, element-wise: `pytensor.atan2`."""
        return ops.pointwise.atan2(self, other)

    arctan2 = atan2

    def lerp(self, end: Tensor, weight: TensorOrScalar) -> Tensor:
        """`self + weight * (end - self)`, element-wise: `pytensor.lerp`."""
        return ops.pointwise.lerp(self, end, weight)

    def eq(self, other: TensorOrScalar) -> Tensor:
        """`self == other`, element-wise, as a bool tensor: `pytensor.eq`."""
        return ops.pointwise.eq(self, other)

    def ne(self, other: TensorOrScalar) -> Tensor:
        """`self != other`, element-wise, as a bool tensor: `pytensor.ne`."""
        return ops.pointwise.ne(self, other)

    def lt(self, other: TensorOrScalar) -> Tensor:
        """`self < other`, element-wise, as a bool tensor: `pytensor.lt`."""
        return ops.pointwise.lt(self, other)

    def le(self, other: TensorOrScalar) -> Tensor:
        """`self <= other`, element-wise, as a bool tensor: `pytensor.le`."""
        return ops.pointwise.le(self, other)

    def gt(self, other: TensorOrScalar) -> Tensor:
        """`self > other`, element-wise, as a bool tensor: `pytensor.gt`."""
        return ops.pointwise.gt(self, other)

    def ge(self, other: TensorOrScalar) -> Tensor:
        """`self >= other`, element-wise, as a bool tensor: `pytensor.ge`."""
        return ops.pointwise.ge(self, other)

    greater = gt
    greater_equal = ge
    less = lt
    less_equal = le
    not_equal = ne

    def logical_and(self, other: TensorOrScalar) -> Tensor:
        """Element-wise logical AND (nonzero is True): `pytensor.logical_and`."""
        return ops.pointwise.logical_and(self, other)

    def logical_or(self, other: TensorOrScalar) -> Tensor:
        """Element-wise logical OR (nonzero is True): `pytensor.logical_or`."""
        return ops.pointwise.logical_or(self, other)

    def logical_xor(self, other: TensorOrScalar) -> Tensor:
        """Element-wise logical XOR (nonzero is True): `pytensor.logical_xor`."""
        return ops.pointwise.logical_xor(self, other)

    def logical_not(self) -> Tensor:
        """True where `self` is zero: `pytensor.logical_not`."""
        return ops.pointwise.logical_not(self)

    def bitwise_not(self) -> Tensor:
        """Bitwise NOT (`~self`) of an integer or bool tensor: `pytensor.bitwise_not`."""
        return ops.pointwise.bitwise_not(self)

    def bitwise_and(self, other: TensorOrScalar) -> Tensor:
        """Bitwise AND (`self & other`): `pytensor.bitwise_and`."""
        return ops.pointwise.bitwise_and(self, other)

    def bitwise_or(self, other: TensorOrScalar) -> Tensor:
        """Bitwise OR (`self | other`): `pytensor.bitwise_or`."""
        return ops.pointwise.bitwise_or(self, other)

    def bitwise_xor(self, other: TensorOrScalar) -> Tensor:
        """Bitwise XOR (`self ^ other`): `pytensor.bitwise_xor`."""
        return ops.pointwise.bitwise_xor(self, other)

    def isnan(self) -> Tensor:
        """True where `self` is nan: `pytensor.isnan`."""
        return ops.pointwise.isnan(self)

    def isinf(self) -> Tensor:
        """True where `self` is infinite: `pytensor.isinf`."""
        return ops.pointwise.isinf(self)

    def isfinite(self) -> Tensor:
        """True where `self` is finite: `pytensor.isfinite`."""
        return ops.pointwise.isfinite(self)

    def allclose(self, other: Tensor, rtol: _float = 1e-5, atol: _float = 1e-8) -> _bool:
        """True when every element is close to `other`'s: `pytensor.allclose`."""
        return ops.pointwise.allclose(self, other, rtol, atol)

    def isclose(self, other: Tensor, rtol: _float = 1e-5, atol: _float = 1e-8) -> Tensor:
        """`pytensor.isclose(self, other, rtol, atol)`: True where the elements are close.

        Note:
            The method has no `equal_nan` argument (the function `pytensor.isclose` has).
        """
        return ops.pointwise.isclose(self, other, rtol, atol)

    def equal(self, other: Tensor) -> _bool:
        """True when `other` has the same shape and values: `pytensor.equal`."""
        return ops.pointwise.equal(self, other)

    def where(self, condition: Tensor, other: TensorOrScalar) -> Tensor:
        """`self` where `condition` holds, else `other`: `pytensor.where(condition, self, other)`.

        Examples:
            >>> import pytensor
            >>> x = pytensor.tensor([1.0, -2.0])
            >>> x.where(x > 0, 0.0)
            tensor([1., 0.])
        """
        return ops.pointwise.where(condition, self, other)

    def clamp(self, min: TensorOrScalar | None = None, max: TensorOrScalar | None = None) -> Tensor:
        """`self` limited to `[min, max]`, element-wise: `pytensor.clamp`."""
        return ops.pointwise.clamp(self, min, max)

    clip = clamp

    def clamp_min(self, min: TensorOrScalar) -> Tensor:
        """`self` limited from below: `clamp(min=min)`."""
        return ops.pointwise.clamp_min(self, min)

    def clamp_max(self, max: TensorOrScalar) -> Tensor:
        """`self` limited from above: `clamp(max=max)`."""
        return ops.pointwise.clamp_max(self, max)

    def nan_to_num(
        self, nan: _float = 0.0, posinf: _float | None = None, neginf: _float | None = None
    ) -> Tensor:
        """nan and infinities replaced by finite numbers: `pytensor.nan_to_num`."""
        return ops.pointwise.nan_to_num(self, nan, posinf, neginf)

    # unary math

    def neg(self) -> Tensor:
        """`-self`, element-wise: `pytensor.neg`."""
        return ops.pointwise.neg(self)

    negative = neg

    def abs(self) -> Tensor:
        """`|self|`, element-wise: `pytensor.abs`."""
        return ops.pointwise.abs(self)

    absolute = abs

    def sign(self) -> Tensor:
        """The sign (-1, 0 or 1), element-wise: `pytensor.sign`."""
        return ops.pointwise.sign(self)

    def exp(self) -> Tensor:
        """`e ** self`, element-wise: `pytensor.exp`."""
        return ops.pointwise.exp(self)

    def log(self) -> Tensor:
        """The natural logarithm, element-wise: `pytensor.log`."""
        return ops.pointwise.log(self)

    def log2(self) -> Tensor:
        """The base-2 logarithm, element-wise: `pytensor.log2`."""
        return ops.pointwise.log2(self)

    def log10(self) -> Tensor:
        """The base-10 logarithm, element-wise: `pytensor.log10`."""
        return ops.pointwise.log10(self)

    def log1p(self) -> Tensor:
        """`log(1 + self)`, element-wise: `pytensor.log1p`."""
        return ops.pointwise.log1p(self)

    def expm1(self) -> Tensor:
        """`exp(self) - 1`, element-wise: `pytensor.expm1`."""
        return ops.pointwise.expm1(self)

    def sqrt(self) -> Tensor:
        """The square root, element-wise: `pytensor.sqrt`."""
        return ops.pointwise.sqrt(self)

    def rsqrt(self) -> Tensor:
        """`1 / sqrt(self)`, element-wise: `pytensor.rsqrt`."""
        return ops.pointwise.rsqrt(self)

    def sin(self) -> Tensor:
        """The sine, element-wise: `pytensor.sin`."""
        return ops.pointwise.sin(self)

    def cos(self) -> Tensor:
        """The cosine, element-wise: `pytensor.cos`."""
        return ops.pointwise.cos(self)

    def tan(self) -> Tensor:
        """The tangent, element-wise: `pytensor.tan`."""
        return ops.pointwise.tan(self)

    def asin(self) -> Tensor:
        """The arcsine, element-wise: `pytensor.asin`."""
        return ops.pointwise.asin(self)

    def acos(self) -> Tensor:
        """The arccosine, element-wise: `pytensor.acos`."""
        return ops.pointwise.acos(self)

    def atan(self) -> Tensor:
        """The arctangent, element-wise: `pytensor.atan`."""
        return ops.pointwise.atan(self)

    arcsin = asin
    arccos = acos
    arctan = atan

    def sinh(self) -> Tensor:
        """The hyperbolic sine, element-wise: `pytensor.sinh`."""
        return ops.pointwise.sinh(self)

    def cosh(self) -> Tensor:
        """The hyperbolic cosine, element-wise: `pytensor.cosh`."""
        return ops.pointwise.cosh(self)

    def tanh(self) -> Tensor:
        """The hyperbolic tangent, element-wise: `pytensor.tanh`."""
        return ops.pointwise.tanh(self)

    def sigmoid(self) -> Tensor:
        """The logistic function, element-wise: `pytensor.sigmoid`."""
        return ops.pointwise.sigmoid(self)

    def relu(self) -> Tensor:
        """`max(self, 0)`, element-wise: `pytensor.relu`."""
        return ops.pointwise.relu(self)

    def hardshrink(self, lambd: _float = 0.5) -> Tensor:
        """0 on `[-lambd, lambd]`, else `self`, element-wise: `pytensor.hardshrink`."""
        # Imported here: nn imports this module, so a top-level import would be circular.
        from .nn._functional.piecewise_activation import hardshrink

        return hardshrink(self, lambd)

    def prelu(self, weight: Tensor) -> Tensor:
        """`self` where positive, else `weight * self`, with a slope per channel (dim 1):
        `pytensor.prelu`."""
        from .nn._functional.piecewise_activation import prelu

        return prelu(self, weight)

    def erf(self) -> Tensor:
        """The error function, element-wise: `pytensor.erf`."""
        return ops.pointwise.erf(self)

    def erfc(self) -> Tensor:
        """`1 - erf(self)`, element-wise: `pytensor.erfc`."""
        return ops.pointwise.erfc(self)

    def reciprocal(self) -> Tensor:
        """`1 / self`, element-wise: `pytensor.reciprocal`."""
        return ops.pointwise.reciprocal(self)

    def floor(self) -> Tensor:
        """Rounded down, element-wise: `pytensor.floor`."""
        return ops.pointwise.floor(self)

    def ceil(self) -> Tensor:
        """Rounded up, element-wise: `pytensor.ceil`."""
        return ops.pointwise.ceil(self)

    def round(self, decimals: _int | None = None) -> Tensor:
        """Rounded half to even (to `decimals` places if given): `pytensor.round`."""
        return ops.pointwise.round(self, decimals=decimals)

    def trunc(self) -> Tensor:
        """Rounded toward zero, element-wise: `pytensor.trunc`."""
        return ops.pointwise.trunc(self)

    fix = trunc

    def frac(self) -> Tensor:
        """The fractional part, `self - trunc(self)`, element-wise: `pytensor.frac`."""
        return ops.pointwise.frac(self)

    # reductions

    @numpy_names
    def sum(self, dim: Any = None, keepdim: _bool = False, *, dtype: dtype | None = None) -> Tensor:
        """The sum over every dim or over `dim`: `pytensor.sum`.

        Examples:
            >>> import pytensor
            >>> x = pytensor.tensor([[1, 2], [3, 4]])
            >>> x.sum(), x.sum(0), x.sum(1, keepdim=True).shape
            (tensor(10), tensor([4, 6]), pytensor.Size([2, 1]))
        """
        return ops.reduction.sum(self, dim, keepdim, dtype=dtype)

    def sum_to_size(self, *size: Any) -> Tensor:
        """Summed down to `size`, a shape it broadcasts from (the inverse of `expand`)."""
        return ops.reduction.sum_to_size(self, *size)

    @numpy_names
    def mean(
        self, dim: Any = None, keepdim: _bool = False, *, dtype: dtype | None = None
    ) -> Tensor:
        """The mean over every dim or over `dim`: `pytensor.mean`."""
        return ops.reduction.mean(self, dim, keepdim, dtype=dtype)

    @numpy_names
    def prod(
        self, dim: _int | None = None, keepdim: _bool = False, *, dtype: dtype | None = None
    ) -> Tensor:
        """The product over every dim or over `dim`: `pytensor.prod`."""
        return ops.reduction.prod(self, dim, keepdim, dtype=dtype)

    @numpy_names
    def max(self, dim: Any = None, keepdim: _bool = False) -> Any:
        """The largest element, or `(values, indices)` along `dim`: `pytensor.max`.

        With a tensor for `dim`, it is `maximum(self, dim)`.

        Examples:
            >>> import pytensor
            >>> x = pytensor.tensor([[1.0, 5.0], [3.0, 2.0]])
            >>> x.max(), x.max(dim=1).indices
            (tensor(5.), tensor([1, 0]))
        """
        return ops.reduction.max(self, dim, keepdim)

    @numpy_names
    def min(self, dim: Any = None, keepdim: _bool = False) -> Any:
        """The smallest element, or `(values, indices)` along `dim`: `pytensor.min`."""
        return ops.reduction.min(self, dim, keepdim)

    @numpy_names
    def amax(self, dim: Any = (), keepdim: _bool = False) -> Tensor:
        """The largest values over `dim` (all by default): `pytensor.amax`."""
        return ops.reduction.amax(self, dim, keepdim)

    @numpy_names
    def amin(self, dim: Any = (), keepdim: _bool = False) -> Tensor:
        """The smallest values over `dim` (all by default): `pytensor.amin`."""
        return ops.reduction.amin(self, dim, keepdim)

    @numpy_names
    def argmax(self, dim: _int | None = None, keepdim: _bool = False) -> Tensor:
        """The index of the largest element (along `dim`): `pytensor.argmax`."""
        return ops.reduction.argmax(self, dim, keepdim)

    @numpy_names
    def argmin(self, dim: _int | None = None, keepdim: _bool = False) -> Tensor:
        """The index of the smallest element (along `dim`): `pytensor.argmin`."""
        return ops.reduction.argmin(self, dim, keepdim)

    @numpy_names
    def all(self, dim: Any = None, keepdim: _bool = False) -> Tensor:
        """True where every element is nonzero (over `dim`): `pytensor.all`."""
        return ops.reduction.all(self, dim, keepdim)

    @numpy_names
    def any(self, dim: Any = None, keepdim: _bool = False) -> Tensor:
        """True where some element is nonzero (over `dim`): `pytensor.any`."""
        return ops.reduction.any(self, dim, keepdim)

    @numpy_names
    def var(
        self,
        dim: Any = None,
        unbiased: _bool | None = None,
        keepdim: _bool = False,
        *,
        correction: _float | None = None,
    ) -> Tensor:
        """The variance over `dim` (all by default): `pytensor.var`."""
        return ops.reduction.var(self, dim, unbiased, keepdim, correction=correction)

    @numpy_names
    def std(
        self,
        dim: Any = None,
        unbiased: _bool | None = None,
        keepdim: _bool = False,
        *,
        correction: _float | None = None,
    ) -> Tensor:
        """The standard deviation over `dim` (all by default): `pytensor.std`."""
        return ops.reduction.std(self, dim, unbiased, keepdim, correction=correction)

    @numpy_names
    def logsumexp(self, dim: Any, keepdim: _bool = False) -> Tensor:
        """`log(sum(exp(self)))` over `dim`, computed stably: `pytensor.logsumexp`."""
        return ops.reduction.logsumexp(self, dim, keepdim)

    @numpy_names
    def softmax(self, dim: _int, dtype: dtype | None = None) -> Tensor:
        """The softmax along `dim`: `pytensor.softmax`."""
        return ops.reduction.softmax(self, dim, dtype)

    @numpy_names
    def log_softmax(self, dim: _int, dtype: dtype | None = None) -> Tensor:
        """The log of the softmax along `dim`, computed stably: `pytensor.log_softmax`."""
        return ops.reduction.log_softmax(self, dim, dtype)

    @numpy_names
    def cumsum(self, dim: _int, *, dtype: dtype | None = None) -> Tensor:
        """Running sums along `dim`: `pytensor.cumsum`."""
        return ops.reduction.cumsum(self, dim, dtype=dtype)

    @numpy_names
    def cumprod(self, dim: _int, *, dtype: dtype | None = None) -> Tensor:
        """Running products along `dim`: `pytensor.cumprod`."""
        return ops.reduction.cumprod(self, dim, dtype=dtype)

    @numpy_names
    def norm(self, p: Any = "fro", dim: Any = None, keepdim: _bool = False) -> Tensor:
        """The vector p-norm over `dim` (all by default): `pytensor.norm`."""
        return ops.reduction.norm(self, p, dim, keepdim)

    # linear algebra

    def matmul(self, other: Tensor) -> Tensor:
        """`self @ other`, with PyTorch's 1-D and batch rules: `pytensor.matmul`."""
        return ops.linalg.matmul(self, other)

    def mm(self, other: Tensor) -> Tensor:
        """The product of two matrices: `pytensor.mm`."""
        return ops.linalg.mm(self, other)

    def addmm(
        self, mat1: Tensor, mat2: Tensor, *, beta: Number = 1, alpha: Number = 1
    ) -> Tensor:
        """`beta * self + alpha * (mat1 @ mat2)`: `pytensor.addmm`."""
        return ops.linalg.addmm(self, mat1, mat2, beta=beta, alpha=alpha)

    def bmm(self, other: Tensor) -> Tensor:
        """The product of two batches of matrices: `pytensor.bmm`."""
        return ops.linalg.bmm(self, other)

    def dot(self, other: Tensor) -> Tensor:
        """The dot product of two 1-D tensors: `pytensor.dot`."""
        return ops.linalg.dot(self, other)

    def mv(self, other: Tensor) -> Tensor:
        """The product of this matrix and a vector: `pytensor.mv`."""
        return ops.linalg.mv(self, other)

    def outer(self, other: Tensor) -> Tensor:
        """The outer product of two vectors: `pytensor.outer`."""
        return ops.linalg.outer(self, other)

    # views and movement

    def view(self, *shape: Any) -> Tensor:
        """The same data with another shape, sharing this tensor's storage (no copy).

        One dim may be -1 (inferred). The layout must allow the view; `reshape` copies when it has
        to. See `pytensor.ops.movement.view`.

        Args:
            *shape: the new shape, as ints or one sequence.

        Note:
            `view(dtype)` (reinterpreting the bytes) is not supported.

        Examples:
            >>> import pytensor
            >>> x = pytensor.arange(6)
            >>> y = x.view(2, 3)
            >>> y[0, 0] = 100
            >>> x
            tensor([100,   1,   2,   3,   4,   5])
        """
        return ops.movement.view(self, *shape)

    def view_as(self, other: Tensor) -> Tensor:
        """`view(other.shape)`."""
        return ops.movement.view(self, other.shape)

    def reshape(self, *shape: Any) -> Tensor:
        """The same data with another shape: a view when the layout allows, else a copy.

        Args:
            *shape: the new shape, as ints or one sequence; one dim may be -1.

        Examples:
            >>> import pytensor
            >>> pytensor.arange(6).reshape(3, -1)
            tensor([[0, 1],
                    [2, 3],
                    [4, 5]])
        """
        return ops.movement.reshape(self, *shape)

    def reshape_as(self, other: Tensor) -> Tensor:
        """`reshape(other.shape)`."""
        return ops.movement.reshape(self, other.shape)

    def flatten(self, start_dim: _int = 0, end_dim: _int = -1) -> Tensor:
        """Dims `start_dim` to `end_dim` merged into one: `pytensor.flatten`."""
        return ops.movement.flatten(self, start_dim, end_dim)

    def unflatten(self, dim: _int, sizes: Sequence[_int]) -> Tensor:
        """Dim `dim` split into the dims `sizes` (a view): `pytensor.ops.movement.unflatten`."""
        return ops.movement.unflatten(self, dim, sizes)

    @numpy_names
    def squeeze(self, dim: Any = None) -> Tensor:
        """A view without the dims of size 1 (all, or those in `dim`): `pytensor.squeeze`.

        Examples:
            >>> import pytensor
            >>> pytensor.zeros(1, 3, 1).squeeze().shape
            pytensor.Size([3])
        """
        return ops.movement.squeeze(self, dim)

    @numpy_names
    def unsqueeze(self, dim: _int) -> Tensor:
        """A view with a new dim of size 1 at `dim`: `pytensor.unsqueeze`.

        Examples:
            >>> import pytensor
            >>> pytensor.zeros(3).unsqueeze(0).shape
            pytensor.Size([1, 3])
        """
        return ops.movement.unsqueeze(self, dim)

    def permute(self, *dims: Any) -> Tensor:
        """A view with the dims reordered: dim `i` of the result is dim `dims[i]` of this tensor.

        Args:
            *dims: a permutation of the dims, as ints or one sequence.

        Examples:
            >>> import pytensor
            >>> pytensor.zeros(2, 3, 4).permute(2, 0, 1).shape
            pytensor.Size([4, 2, 3])
        """
        return ops.movement.permute(self, *dims)

    def transpose(self, dim0: _int, dim1: _int) -> Tensor:
        """A view with dims `dim0` and `dim1` swapped.

        Args:
            dim0: one dim.
            dim1: the other dim.

        Examples:
            >>> import pytensor
            >>> x = pytensor.zeros(2, 3, 4)
            >>> x.transpose(0, 2).shape, x.transpose(-1, -2).stride()
            (pytensor.Size([4, 3, 2]), (12, 1, 4))
        """
        return ops.movement.transpose(self, dim0, dim1)

    swapaxes = transpose
    swapdims = transpose

    def t(self) -> Tensor:
        """The transpose of a matrix (a view); at most 2 dims.

        Examples:
            >>> import pytensor
            >>> pytensor.tensor([[1, 2, 3]]).t()
            tensor([[1],
                    [2],
                    [3]])
        """
        return ops.movement.t(self)

    @property
    def T(self) -> Tensor:
        """All dims reversed (a view): the transpose of a matrix.

        Note:
            PyTorch deprecates `.T` on tensors of more than 2 dims (prefer `mT` or `permute`);
            here it simply reverses the dims.

        Examples:
            >>> import pytensor
            >>> pytensor.zeros(2, 3, 4).T.shape
            pytensor.Size([4, 3, 2])
        """
        return ops.movement.permute(self, list(range(self.dim() - 1, -1, -1)))

    @property
    def mT(self) -> Tensor:
        """The last two dims swapped (a view): a batch of matrices, each transposed.

        Examples:
            >>> import pytensor
            >>> pytensor.zeros(5, 2, 3).mT.shape
            pytensor.Size([5, 3, 2])
        """
        return ops.movement.transpose(self, -2, -1)

    def expand(self, *sizes: Any) -> Tensor:
        """A view broadcast to `sizes`: size-1 and new leading dims repeat with stride 0 (no copy).

        Args:
            *sizes: the target shape, as ints or one sequence; -1 keeps a dim's size.

        Examples:
            >>> import pytensor
            >>> x = pytensor.tensor([[1], [2]])
            >>> x.expand(2, 3)
            tensor([[1, 1, 1],
                    [2, 2, 2]])
            >>> x.expand(2, 3).stride()
            (1, 0)
        """
        return ops.movement.expand(self, *sizes)

    def expand_as(self, other: Tensor) -> Tensor:
        """`expand(other.shape)`.

        Examples:
            >>> import pytensor
            >>> pytensor.tensor([1, 2]).expand_as(pytensor.zeros(3, 2)).shape
            pytensor.Size([3, 2])
        """
        return ops.movement.expand(self, other.shape)

    def broadcast_to(self, shape: Sequence[_int]) -> Tensor:
        """`expand(shape)`: `pytensor.broadcast_to`."""
        return ops.movement.expand(self, shape)

    def select(self, dim: _int, index: _int) -> Tensor:
        """The slice at `index` along `dim`, without that dim (a view): `pytensor.select`."""
        return ops.movement.select(self, dim, index)

    def narrow(self, dim: _int, start: _int, length: _int) -> Tensor:
        """`length` elements from `start` along `dim` (a view): `pytensor.narrow`.

        Examples:
            >>> import pytensor
            >>> pytensor.arange(6).narrow(0, 2, 3)
            tensor([2, 3, 4])
        """
        return ops.movement.narrow(self, dim, start, length)

    def diagonal(self, offset: _int = 0, dim1: _int = 0, dim2: _int = 1) -> Tensor:
        """A diagonal of the matrices in dims `dim1`, `dim2` (a view): `pytensor.diagonal`."""
        return ops.movement.diagonal(self, offset, dim1, dim2)

    def diag(self, diagonal: _int = 0) -> Tensor:
        """A vector to a diagonal matrix, or a matrix's diagonal (a copy): `pytensor.diag`."""
        return ops.movement.diag(self, diagonal)

    def unfold(self, dimension: _int, size: _int, step: _int) -> Tensor:
        """Sliding windows along `dimension`, as a new last dim (a view)."""
        return ops.movement.unfold(self, dimension, size, step)

    def as_strided(
        self, size: Sequence[_int], stride: Sequence[_int], storage_offset: _int | None = None
    ) -> Tensor:
        """A view with an explicit size, stride and offset: `pytensor.as_strided`."""
        return ops.movement.as_strided(self, size, stride, storage_offset)

    def split(self, split_size: Any, dim: _int = 0) -> tuple[Tensor, ...]:
        """Views of `split_size` elements (or of the listed sizes) along `dim`: `pytensor.split`."""
        return ops.movement.split(self, split_size, dim)

    def chunk(self, chunks: _int, dim: _int = 0) -> tuple[Tensor, ...]:
        """At most `chunks` equal views along `dim`: `pytensor.chunk`."""
        return ops.movement.chunk(self, chunks, dim)

    def unbind(self, dim: _int = 0) -> tuple[Tensor, ...]:
        """Every slice along `dim`, as a tuple of views: `pytensor.unbind`."""
        return ops.movement.unbind(self, dim)

    def flip(self, dims: Any) -> Tensor:
        """The order reversed along `dims` (a copy): `pytensor.flip`."""
        return ops.movement.flip(self, dims)

    def roll(self, shifts: Any, dims: Any = None) -> Tensor:
        """Elements shifted along `dims`, wrapping around (a copy): `pytensor.roll`."""
        return ops.movement.roll(self, shifts, dims)

    def repeat(self, *sizes: Any) -> Tensor:
        """Tiled: each dim repeated `sizes[i]` times (a copy): `pytensor.ops.movement.repeat`."""
        return ops.movement.repeat(self, *sizes)

    def tile(self, *dims: Any) -> Tensor:
        """Tiled like `repeat`, with missing leading counts taken as 1: `pytensor.tile`."""
        return ops.movement.tile(self, *dims)

    def tril(self, diagonal: _int = 0) -> Tensor:
        """The lower triangle of the last two dims, zeros above: `pytensor.tril`."""
        return ops.movement.tril(self, diagonal)

    def triu(self, diagonal: _int = 0) -> Tensor:
        """The upper triangle of the last two dims, zeros below: `pytensor.triu`."""
        return ops.movement.triu(self, diagonal)

    # indexing

    def index_select(self, dim: _int, index: Tensor) -> Tensor:
        """The slices at the positions `index` along `dim`: `pytensor.index_select`."""
        return ops.indexing.index_select(self, dim, index)

    def gather(self, dim: _int, index: Tensor) -> Tensor:
        """Values picked along `dim` at the positions in `index`: `pytensor.gather`."""
        return ops.indexing.gather(self, dim, index)

    def take_along_dim(self, indices: Tensor, dim: _int) -> Tensor:
        """`gather` with broadcast indices: `pytensor.take_along_dim`."""
        return ops.indexing.take_along_dim(self, indices, dim)

    def scatter(
        self,
        dim: _int,
        index: Tensor,
        src: TensorOrScalar | None = None,
        *,
        value: Scalar | None = None,
    ) -> Tensor:
        """A copy with `src` (or `value`) written at `index` along `dim`: `pytensor.scatter`."""
        return ops.indexing.scatter(self, dim, index, src, value=value)

    def scatter_add(self, dim: _int, index: Tensor, src: Tensor) -> Tensor:
        """A copy with `src` added at `index` along `dim`: `pytensor.scatter_add`."""
        return ops.indexing.scatter_add(self, dim, index, src)

    def index_add(self, dim: _int, index: Tensor, source: Tensor, *, alpha: Scalar = 1) -> Tensor:
        """A copy with `alpha * source` added at `index` along `dim`: `pytensor.index_add`."""
        return ops.indexing.index_add(self, dim, index, source, alpha=alpha)

    def index_put(
        self, indices: Sequence[Any], values: TensorOrScalar, accumulate: _bool = False
    ) -> Tensor:
        """A copy with `self[indices] = values` (or `+=`): `pytensor.index_put`."""
        return ops.indexing.index_put(self, indices, values, accumulate)

    def masked_fill(self, mask: Tensor, value: TensorOrScalar) -> Tensor:
        """A copy with `value` where `mask` is true: `pytensor.masked_fill`."""
        return ops.indexing.masked_fill(self, mask, value)

    def masked_select(self, mask: Tensor) -> Tensor:
        """The elements where `mask` is true, as a 1-D tensor: `pytensor.masked_select`."""
        return ops.indexing.masked_select(self, mask)

    def nonzero(self, *, as_tuple: _bool = False) -> Any:
        """The coordinates of the nonzero elements: `pytensor.nonzero`."""
        return ops.indexing.nonzero(self, as_tuple=as_tuple)

    @numpy_names
    def sort(self, dim: _int = -1, descending: _bool = False, stable: _bool = False) -> Any:
        """`(values, indices)` sorted along `dim` (a stable sort): `pytensor.sort`.

        Examples:
            >>> import pytensor
            >>> pytensor.tensor([3, 1, 2]).sort(descending=True).values
            tensor([3, 2, 1])
        """
        return ops.indexing.sort(self, dim, descending, stable)

    @numpy_names
    def argsort(self, dim: _int = -1, descending: _bool = False, stable: _bool = False) -> Tensor:
        """The positions that sort `self` along `dim`: `pytensor.argsort`."""
        return ops.indexing.argsort(self, dim, descending, stable)

    def topk(self, k: _int, dim: _int = -1, largest: _bool = True, sorted: _bool = True) -> Any:
        """The `k` largest (or smallest) values and their positions: `pytensor.topk`."""
        return ops.indexing.topk(self, k, dim, largest, sorted)

    def unique(
        self,
        sorted: _bool = True,
        return_inverse: _bool = False,
        return_counts: _bool = False,
        dim: _int | None = None,
    ) -> Any:
        """The distinct values, sorted: `pytensor.unique`."""
        return ops.indexing.unique(self, sorted, return_inverse, return_counts, dim)

    # in-place versions: compute out of place, then write into self (see ops/inplace.py)

    def _inplace(self, op: Callable[..., Tensor], *args: Any, **kwargs: Any) -> Tensor:
        """Run `op(self, *args)` out of place, then write the result into self."""
        return ops.inplace.inplace(op, self, *args, **kwargs)

    def add_(self, other: TensorOrScalar, *, alpha: Scalar = 1) -> Tensor:
        """In place: `self += alpha * other`; returns `self`.

        Every in-place method computes the result out of place and writes it into this tensor's
        storage (`pytensor/ops/inplace.py`): the version counter goes up, and the tensor's history
        becomes the result's. `other` broadcasts to self's shape, whose dtype must be able to hold
        the result (an int tensor cannot take a float).

        Raises:
            RuntimeError: on a leaf that requires grad while grad mode is on (use `no_grad()`), or
                when the result's dtype or shape cannot be written into self.

        Examples:
            >>> import pytensor
            >>> x = pytensor.zeros(2, 2)
            >>> x.add_(pytensor.tensor([1.0, 2.0]), alpha=10)
            tensor([[10., 20.],
                    [10., 20.]])
            >>> x._version
            1
        """
        return self._inplace(ops.pointwise.add, other, alpha=alpha)

    def sub_(self, other: TensorOrScalar, *, alpha: Scalar = 1) -> Tensor:
        """In place: `self -= alpha * other`; returns `self` (see `add_`)."""
        return self._inplace(ops.pointwise.sub, other, alpha=alpha)

    def mul_(self, other: TensorOrScalar) -> Tensor:
        """In place: `self *= other`; returns `self` (see `add_`)."""
        return self._inplace(ops.pointwise.mul, other)

    def div_(self, other: TensorOrScalar, *, rounding_mode: str | None = None) -> Tensor:
        """In place: `self /= other`, optionally rounded; returns `self` (see `add_`)."""
        return self._inplace(ops.pointwise.div, other, rounding_mode=rounding_mode)

    def pow_(self, exponent: TensorOrScalar) -> Tensor:
        """In place: `self **= exponent`; returns `self` (see `add_`)."""
        return self._inplace(ops.pointwise.pow, exponent)

    def neg_(self) -> Tensor:
        """In place: `self = self.neg()`; returns `self` (see `add_`)."""
        return self._inplace(ops.pointwise.neg)

    def abs_(self) -> Tensor:
        """In place: `self = self.abs()`; returns `self` (see `add_`)."""
        return self._inplace(ops.pointwise.abs)

    def exp_(self) -> Tensor:
        """In place: `self = self.exp()`; returns `self` (see `add_`)."""
        return self._inplace(ops.pointwise.exp)

    def log_(self) -> Tensor:
        """In place: `self = self.log()`; returns `self` (see `add_`)."""
        return self._inplace(ops.pointwise.log)

    def sqrt_(self) -> Tensor:
        """In place: `self = self.sqrt()`; returns `self` (see `add_`)."""
        return self._inplace(ops.pointwise.sqrt)

    def sigmoid_(self) -> Tensor:
        """In place: `self = self.sigmoid()`; returns `self` (see `add_`)."""
        return self._inplace(ops.pointwise.sigmoid)

    def tanh_(self) -> Tensor:
        """In place: `self = self.tanh()`; returns `self` (see `add_`)."""
        return self._inplace(ops.pointwise.tanh)

    def relu_(self) -> Tensor:
        """In place: `self = self.relu()`; returns `self` (see `add_`)."""
        return self._inplace(ops.pointwise.relu)

    def floor_(self) -> Tensor:
        """In place: `self = self.floor()`; returns `self` (see `add_`)."""
        return self._inplace(ops.pointwise.floor)

    def round_(self) -> Tensor:
        """In place: `self = self.round()`; returns `self` (see `add_`).

        Note:
            The in-place form takes no `decimals` argument here.
        """
        return self._inplace(ops.pointwise.round)

    def clamp_(
        self, min: TensorOrScalar | None = None, max: TensorOrScalar | None = None
    ) -> Tensor:
        """In place: `self = self.clamp(min, max)`; returns `self` (see `add_`)."""
        return self._inplace(ops.pointwise.clamp, min, max)

    clip_ = clamp_

    def lerp_(self, end: Tensor, weight: TensorOrScalar) -> Tensor:
        """In place: `self = self.lerp(end, weight)`; returns `self` (see `add_`)."""
        return self._inplace(ops.pointwise.lerp, end, weight)

    def addcmul(self, tensor1: Tensor, tensor2: Tensor, *, value: Scalar = 1) -> Tensor:
        """`self + value * tensor1 * tensor2`: `pytensor.ops.pointwise.addcmul`."""
        return ops.pointwise.addcmul(self, tensor1, tensor2, value=value)

    def addcdiv(self, tensor1: Tensor, tensor2: Tensor, *, value: Scalar = 1) -> Tensor:
        """`self + value * tensor1 / tensor2`: `pytensor.ops.pointwise.addcdiv`."""
        return ops.pointwise.addcdiv(self, tensor1, tensor2, value=value)

    def addcmul_(self, tensor1: Tensor, tensor2: Tensor, *, value: Scalar = 1) -> Tensor:
        """In place: `self += value * tensor1 * tensor2`; returns `self`."""
        return self._inplace(ops.pointwise.addcmul, tensor1, tensor2, value=value)

    def addcdiv_(self, tensor1: Tensor, tensor2: Tensor, *, value: Scalar = 1) -> Tensor:
        """In place: `self += value * tensor1 / tensor2`; returns `self`."""
        return self._inplace(ops.pointwise.addcdiv, tensor1, tensor2, value=value)

    def masked_fill_(self, mask: Tensor, value: TensorOrScalar) -> Tensor:
        """In place: `value` written where `mask` is true; returns `self`.

        Examples:
            >>> import pytensor
            >>> x = pytensor.zeros(3)
            >>> x.masked_fill_(pytensor.tensor([True, False, True]), 5.0)
            tensor([5., 0., 5.])
        """
        return self._inplace(ops.indexing.masked_fill, mask, value)

    def index_put_(
        self, indices: Sequence[Any], values: TensorOrScalar, accumulate: _bool = False
    ) -> Tensor:
        """In place: `self[indices] = values` (or `+=` with `accumulate`); returns `self`."""
        return self._inplace(ops.indexing.index_put, indices, values, accumulate)

    def scatter_(
        self,
        dim: _int,
        index: Tensor,
        src: TensorOrScalar | None = None,
        *,
        value: Scalar | None = None,
    ) -> Tensor:
        """In place: `src` (or `value`) written at `index` along `dim`; returns `self`."""
        return self._inplace(ops.indexing.scatter, dim, index, src, value=value)

    def scatter_add_(self, dim: _int, index: Tensor, src: Tensor) -> Tensor:
        """In place: `src` added at `index` along `dim`; returns `self`."""
        return self._inplace(ops.indexing.scatter_add, dim, index, src)

    def index_add_(self, dim: _int, index: Tensor, source: Tensor, *, alpha: Scalar = 1) -> Tensor:
        """In place: `alpha * source` added at `index` along `dim`; returns `self`."""
        return ops.indexing.index_add_(self, dim, index, source, alpha=alpha)

    def fill_(self, value: TensorOrScalar) -> Tensor:
        """In place: every element set to `value` (a number or a 0-dim tensor); returns `self`.

        Examples:
            >>> import pytensor
            >>> pytensor.empty(3).fill_(2.5)
            tensor([2.5000, 2.5000, 2.5000])
        """
        return self._inplace(ops.inplace.filled, value, "FillBackward2")

    def zero_(self) -> Tensor:
        """In place: every element set to 0; returns `self`.

        Examples:
            >>> import pytensor
            >>> pytensor.ones(2).zero_()
            tensor([0., 0.])
        """
        return self._inplace(ops.inplace.filled, 0, "ZeroBackward0")

    def copy_(self, src: Tensor, non_blocking: _bool = False) -> Tensor:
        """In place: the values of `src` copied in (broadcast, converted to self's dtype).

        Returns `self`. The gradient flows to `src`.

        Args:
            src: a tensor that broadcasts to self's shape, on any device.
            non_blocking: accepted for PyTorch's API and ignored (copies are synchronous).

        Examples:
            >>> import pytensor
            >>> x = pytensor.zeros(2, 2, dtype=pytensor.int64)
            >>> x.copy_(pytensor.tensor([1.9, 2.1]))
            tensor([[1, 2],
                    [1, 2]])
        """
        return self._inplace(ops.inplace.copied, src)

    # random fills (pytensor/ops/sampling.py)

    def uniform_(self, a: _float = 0.0, b: _float = 1.0, *, generator: Any = None) -> Tensor:
        """In place: numbers drawn uniformly from [a, b): `pytensor.ops.sampling.uniform_`."""
        return ops.sampling.uniform_(self, a, b, generator=generator)

    def normal_(self, mean: _float = 0.0, std: _float = 1.0, *, generator: Any = None) -> Tensor:
        """In place: numbers drawn from N(mean, std^2): `pytensor.ops.sampling.normal_`."""
        return ops.sampling.normal_(self, mean, std, generator=generator)

    def random_(
        self, low: _int | None = None, high: _int | None = None, *, generator: Any = None
    ) -> Tensor:
        """In place: random integers in [low, high): `pytensor.ops.sampling.random_`."""
        return ops.sampling.random_(self, low, high, generator=generator)

    def bernoulli_(self, p: Any = 0.5, *, generator: Any = None) -> Tensor:
        """In place: 1 with probability `p`, else 0: `pytensor.ops.sampling.bernoulli_`."""
        return ops.sampling.bernoulli_(self, p, generator=generator)

    def exponential_(self, lambd: _float = 1.0, *, generator: Any = None) -> Tensor:
        """In place: exponential numbers of rate `lambd`: `pytensor.ops.sampling.exponential_`."""
        return ops.sampling.exponential_(self, lambd, generator=generator)

    def bernoulli(self, *, generator: Any = None) -> Tensor:
        """1 with probability given by each element, else 0: `pytensor.bernoulli`."""
        return ops.sampling.bernoulli(self, generator=generator)

    def multinomial(
        self, num_samples: _int, replacement: _bool = False, *, generator: Any = None
    ) -> Tensor:
        """Category indices drawn from the rows of weights: `pytensor.multinomial`."""
        return ops.sampling.multinomial(self, num_samples, replacement, generator=generator)


class _RemovableHandle:
    def __init__(self, hooks: list[Hook], hook: Hook) -> None:
        self.hooks = hooks
        self.hook = hook

    def remove(self) -> None:
        if self.hook in self.hooks:
            self.hooks.remove(self.hook)


def _nest(flat: list[Number], shape: Sequence[int]) -> list[Any]:
    """Turn a row-major flat list into nested lists of `shape`."""
    if len(shape) == 1:
        return flat
    step = len(flat) // shape[0] if shape[0] else 0
    return [_nest(flat[i * step : (i + 1) * step], shape[1:]) for i in range(shape[0])]


def _wrap_dim(dim: int, ndim: int) -> int:
    """A dim index in range(ndim), accepting negatives, with PyTorch's error wording."""
    n = max(ndim, 1)
    if not -n <= dim < n:
        raise IndexError(
            f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], but got {dim})"
        )
    return dim % n


_LEGACY_NAMES = {d.name: f"{d.type_name}Tensor" for d in dtypes.ALL_DTYPES}
_LEGACY_BY_NAME = {v: dtypes.by_name(k) for k, v in _LEGACY_NAMES.items()}


# The one place where this layer reaches up: Tensor methods call the ops package, which imports
# Tensor. Importing it here, after the class exists, lets both modules see each other.
from . import ops  # noqa: E402
