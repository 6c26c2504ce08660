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
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Union

from . import dtypes
from ._device import DeviceLike, as_device, device
from ._size import Size
from .autograd import engine
from .autograd.grad_mode import is_grad_enabled
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
    """

    def __init__(self, buffer: Any, dev: device) -> None:
        self.buffer = buffer
        self.device = dev
        self.version = 0


class Tensor:
    """A multi-dimensional array with autograd, stored as (storage, shape, strides, offset)."""

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
        t._init(storage, shape, strides, offset, dt)
        return t

    def _init(
        self, storage: Storage, shape: Sequence[int], strides: Sequence[int], offset: int, dt: dtype
    ) -> None:
        self._storage = storage
        self._shape = Size(shape)
        self._strides = tuple(strides)
        self._offset = offset
        self.dtype = dt
        self._requires_grad = False
        self.grad: Tensor | None = None
        self._grad_fn: Node | None = None
        self._output_nr = 0
        self._accumulator: AccumulateGrad | None = None
        self._retains_grad = False
        # For views: the tensor that owns the storage, and how to take this view of it again.
        self._base: Tensor | None = None
        self._view_fn: Callable[[Tensor], Tensor] | None = None
        self._view_version = 0  # the storage version this view's grad_fn was made at

    # --- metadata -------------------------------------------------------------------------

    @property
    def shape(self) -> Size:
        return self._shape

    @property
    def device(self) -> device:
        return self._storage.device

    @property
    def backend(self) -> Backend:
        return backend_for(self._storage.device)

    @property
    def ndim(self) -> _int:
        return len(self._shape)

    @property
    def is_cuda(self) -> _bool:
        return False

    @property
    def is_opencl(self) -> _bool:
        return self.device.type == "opencl"

    @property
    def _version(self) -> _int:
        return self._storage.version

    def size(self, dim: _int | None = None) -> Any:
        return self._shape if dim is None else self._shape[_wrap_dim(dim, self.ndim)]

    def stride(self, dim: _int | None = None) -> Any:
        return self._strides if dim is None else self._strides[_wrap_dim(dim, self.ndim)]

    def storage_offset(self) -> _int:
        return self._offset

    def dim(self) -> _int:
        return len(self._shape)

    def numel(self) -> _int:
        return math.prod(self._shape)

    nelement = numel

    def element_size(self) -> _int:
        return self.dtype.itemsize

    def is_contiguous(self) -> _bool:
        return is_contiguous(self._shape, self._strides)

    def is_floating_point(self) -> _bool:
        return self.dtype.is_floating_point

    def data_ptr(self) -> _int:
        """An address-like number: equal for tensors that start at the same storage element."""
        return id(self._storage) + self._offset * self.dtype.itemsize

    def untyped_storage(self) -> Storage:
        return self._storage

    def view_of(self) -> View:
        """The layout a backend kernel receives."""
        return View(self._storage.buffer, self._shape, self._strides, self._offset, self.dtype)

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
        values = self._host_values()
        if not self._shape:
            return values[0]
        return _nest(values, self._shape)

    def item(self) -> Number:
        if self.numel() != 1:
            raise RuntimeError(
                f"a Tensor with {self.numel()} elements cannot be converted to Scalar"
            )
        return self._host_values()[0]

    def numpy(self, *, force: _bool = False) -> Any:
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
        self._refresh_view_history()
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
            raise RuntimeError("only Tensors of floating point dtype can require gradients")
        self._requires_grad = flag

    def requires_grad_(self, requires_grad: _bool = True) -> Tensor:
        self.requires_grad = requires_grad
        return self

    @property
    def grad_fn(self) -> Node | None:
        self._refresh_view_history()
        return self._grad_fn

    def _refresh_view_history(self) -> None:
        """A view whose base was written in place since the view was made reads the base's new
        history, as in PyTorch (its grad_fn becomes AsStridedBackward0 of the base)."""
        base = self._base
        if base is None or self._view_version == self._storage.version:
            return
        self._view_version = self._storage.version
        if base._grad_fn is not None and is_grad_enabled():
            ops.inplace.rebase_view(self)

    def _set_grad_fn(self, node: Node, output_nr: _int = 0) -> None:
        self._grad_fn = node
        self._output_nr = output_nr
        self._requires_grad = True

    @property
    def is_leaf(self) -> _bool:
        return self._grad_fn is None

    def _grad_accumulator(self) -> AccumulateGrad:
        if self._accumulator is None:
            self._accumulator = AccumulateGrad(self)
        return self._accumulator

    @property
    def retains_grad(self) -> _bool:
        return self._retains_grad

    def retain_grad(self) -> None:
        """Keep `.grad` for a non-leaf tensor after backward (leaves always keep it)."""
        if self.is_leaf or self._retains_grad:
            return
        if not self.requires_grad:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        self._retains_grad = True

        def store(grad: Tensor) -> None:
            if self.grad is None:
                self.grad = grad.detach().clone()
            else:
                self.grad = self.grad + grad.detach()

        assert self._grad_fn is not None
        self._grad_fn.register_prehook(store, self._output_nr)

    def register_hook(self, hook: Hook) -> Any:
        """Call `hook(grad)` when this tensor's gradient is computed; a returned tensor
        replaces the gradient."""
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
        """Accumulate the gradient of this tensor with respect to every leaf into `leaf.grad`."""
        engine.backward([self], [gradient], retain_graph, create_graph, inputs)

    def detach(self) -> Tensor:
        """The same storage, cut from the graph."""
        t = Tensor._make(self._storage, self._shape, self._strides, self._offset, self.dtype)
        return t

    def detach_(self) -> Tensor:
        self._grad_fn = None
        self._requires_grad = False
        return self

    @property
    def data(self) -> Tensor:
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

    # --- conversions ----------------------------------------------------------------------

    def to(self, *args: Any, **kwargs: Any) -> Tensor:
        """to(dtype), to(device), to(device, dtype), to(other_tensor), with copy= as in torch."""
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
        if dt is None:
            return _LEGACY_NAMES[self.dtype.name]
        if isinstance(dt, str):
            dt = _LEGACY_BY_NAME[dt.replace("torch.", "pytensor.")]
        if isinstance(dt, type) and issubclass(dt, Tensor):
            legacy: Any = dt
            dt = legacy.dtype  # the legacy classes (FloatTensor, ...) carry their dtype
        return self.to(dt)

    def cpu(self) -> Tensor:
        return self.to("cpu")

    def opencl(self, index: _int = 0) -> Tensor:
        return self.to(f"opencl:{index}")

    def float(self) -> Tensor:
        return self.to(dtypes.float32)

    def double(self) -> Tensor:
        return self.to(dtypes.float64)

    def half(self) -> Tensor:
        return self.to(dtypes.float16)

    def long(self) -> Tensor:
        return self.to(dtypes.int64)

    def int(self) -> Tensor:
        return self.to(dtypes.int32)

    def short(self) -> Tensor:
        return self.to(dtypes.int16)

    def char(self) -> Tensor:
        return self.to(dtypes.int8)

    def byte(self) -> Tensor:
        return self.to(dtypes.uint8)

    def bool(self) -> Tensor:
        return self.to(dtypes.bool_)

    def clone(self) -> Tensor:
        return ops.movement.clone(self)

    def contiguous(self) -> Tensor:
        return self if self.is_contiguous() else self.clone()

    def new_tensor(self, data: Any, dtype: dtype | None = None) -> Tensor:
        return ops.creation.tensor(data, dtype=dtype or self.dtype, device=self.device)

    def new_zeros(self, *size: Any, dtype: dtype | None = None) -> Tensor:
        return ops.creation.zeros(*size, dtype=dtype or self.dtype, device=self.device)

    def new_ones(self, *size: Any, dtype: dtype | None = None) -> Tensor:
        return ops.creation.ones(*size, dtype=dtype or self.dtype, device=self.device)

    def new_full(
        self, size: Sequence[_int], fill_value: Scalar, dtype: dtype | None = None
    ) -> Tensor:
        return ops.creation.full(size, fill_value, dtype=dtype or self.dtype, device=self.device)

    def new_empty(self, *size: Any, dtype: dtype | None = None) -> Tensor:
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

    def __eq__(self, other: object) -> Tensor:  # type: ignore[override]
        return ops.pointwise.eq(self, other)  # type: ignore[arg-type]

    def __ne__(self, other: object) -> Tensor:  # type: ignore[override]
        return ops.pointwise.ne(self, other)  # type: ignore[arg-type]

    def __lt__(self, other: TensorOrScalar) -> Tensor:
        return ops.pointwise.lt(self, other)

    def __le__(self, other: TensorOrScalar) -> Tensor:
        return ops.pointwise.le(self, other)

    def __gt__(self, other: TensorOrScalar) -> Tensor:
        return ops.pointwise.gt(self, other)

    def __ge__(self, other: TensorOrScalar) -> Tensor:
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
        return ops.pointwise.add(self, other, alpha=alpha)

    def sub(self, other: TensorOrScalar, *, alpha: Scalar = 1) -> Tensor:
        return ops.pointwise.sub(self, other, alpha=alpha)

    subtract = sub

    def mul(self, other: TensorOrScalar) -> Tensor:
        return ops.pointwise.mul(self, other)

    multiply = mul

    def div(self, other: TensorOrScalar, *, rounding_mode: str | None = None) -> Tensor:
        return ops.pointwise.div(self, other, rounding_mode=rounding_mode)

    divide = div
    true_divide = div

    def floor_divide(self, other: TensorOrScalar) -> Tensor:
        return ops.pointwise.floor_divide(self, other)

    def remainder(self, other: TensorOrScalar) -> Tensor:
        return ops.pointwise.remainder(self, other)

    def fmod(self, other: TensorOrScalar) -> Tensor:
        return ops.pointwise.fmod(self, other)

    def pow(self, exponent: TensorOrScalar) -> Tensor:
        return ops.pointwise.pow(self, exponent)

    def square(self) -> Tensor:
        return ops.pointwise.square(self)

    def maximum(self, other: Tensor) -> Tensor:
        return ops.pointwise.maximum(self, other)

    def minimum(self, other: Tensor) -> Tensor:
        return ops.pointwise.minimum(self, other)

    def atan2(self, other: Tensor) -> Tensor:
        return ops.pointwise.atan2(self, other)

    arctan2 = atan2

    def lerp(self, end: Tensor, weight: TensorOrScalar) -> Tensor:
        return ops.pointwise.lerp(self, end, weight)

    def eq(self, other: TensorOrScalar) -> Tensor:
        return ops.pointwise.eq(self, other)

    def ne(self, other: TensorOrScalar) -> Tensor:
        return ops.pointwise.ne(self, other)

    def lt(self, other: TensorOrScalar) -> Tensor:
        return ops.pointwise.lt(self, other)

    def le(self, other: TensorOrScalar) -> Tensor:
        return ops.pointwise.le(self, other)

    def gt(self, other: TensorOrScalar) -> Tensor:
        return ops.pointwise.gt(self, other)

    def ge(self, other: TensorOrScalar) -> Tensor:
        return ops.pointwise.ge(self, other)

    greater = gt
    greater_equal = ge
    less = lt
    less_equal = le
    not_equal = ne

    def logical_and(self, other: TensorOrScalar) -> Tensor:
        return ops.pointwise.logical_and(self, other)

    def logical_or(self, other: TensorOrScalar) -> Tensor:
        return ops.pointwise.logical_or(self, other)

    def logical_xor(self, other: TensorOrScalar) -> Tensor:
        return ops.pointwise.logical_xor(self, other)

    def logical_not(self) -> Tensor:
        return ops.pointwise.logical_not(self)

    def bitwise_not(self) -> Tensor:
        return ops.pointwise.bitwise_not(self)

    def bitwise_and(self, other: TensorOrScalar) -> Tensor:
        return ops.pointwise.bitwise_and(self, other)

    def bitwise_or(self, other: TensorOrScalar) -> Tensor:
        return ops.pointwise.bitwise_or(self, other)

    def bitwise_xor(self, other: TensorOrScalar) -> Tensor:
        return ops.pointwise.bitwise_xor(self, other)

    def isnan(self) -> Tensor:
        return ops.pointwise.isnan(self)

    def isinf(self) -> Tensor:
        return ops.pointwise.isinf(self)

    def isfinite(self) -> Tensor:
        return ops.pointwise.isfinite(self)

    def allclose(self, other: Tensor, rtol: _float = 1e-5, atol: _float = 1e-8) -> _bool:
        return ops.pointwise.allclose(self, other, rtol, atol)

    def isclose(self, other: Tensor, rtol: _float = 1e-5, atol: _float = 1e-8) -> Tensor:
        return ops.pointwise.isclose(self, other, rtol, atol)

    def equal(self, other: Tensor) -> _bool:
        return ops.pointwise.equal(self, other)

    def where(self, condition: Tensor, other: TensorOrScalar) -> Tensor:
        return ops.pointwise.where(condition, self, other)

    def clamp(self, min: TensorOrScalar | None = None, max: TensorOrScalar | None = None) -> Tensor:
        return ops.pointwise.clamp(self, min, max)

    clip = clamp

    def clamp_min(self, min: TensorOrScalar) -> Tensor:
        return ops.pointwise.clamp_min(self, min)

    def clamp_max(self, max: TensorOrScalar) -> Tensor:
        return ops.pointwise.clamp_max(self, max)

    def nan_to_num(
        self, nan: _float = 0.0, posinf: _float | None = None, neginf: _float | None = None
    ) -> Tensor:
        return ops.pointwise.nan_to_num(self, nan, posinf, neginf)

    # unary math

    def neg(self) -> Tensor:
        return ops.pointwise.neg(self)

    negative = neg

    def abs(self) -> Tensor:
        return ops.pointwise.abs(self)

    absolute = abs

    def sign(self) -> Tensor:
        return ops.pointwise.sign(self)

    def exp(self) -> Tensor:
        return ops.pointwise.exp(self)

    def log(self) -> Tensor:
        return ops.pointwise.log(self)

    def log2(self) -> Tensor:
        return ops.pointwise.log2(self)

    def log10(self) -> Tensor:
        return ops.pointwise.log10(self)

    def log1p(self) -> Tensor:
        return ops.pointwise.log1p(self)

    def expm1(self) -> Tensor:
        return ops.pointwise.expm1(self)

    def sqrt(self) -> Tensor:
        return ops.pointwise.sqrt(self)

    def rsqrt(self) -> Tensor:
        return ops.pointwise.rsqrt(self)

    def sin(self) -> Tensor:
        return ops.pointwise.sin(self)

    def cos(self) -> Tensor:
        return ops.pointwise.cos(self)

    def tan(self) -> Tensor:
        return ops.pointwise.tan(self)

    def asin(self) -> Tensor:
        return ops.pointwise.asin(self)

    def acos(self) -> Tensor:
        return ops.pointwise.acos(self)

    def atan(self) -> Tensor:
        return ops.pointwise.atan(self)

    arcsin = asin
    arccos = acos
    arctan = atan

    def sinh(self) -> Tensor:
        return ops.pointwise.sinh(self)

    def cosh(self) -> Tensor:
        return ops.pointwise.cosh(self)

    def tanh(self) -> Tensor:
        return ops.pointwise.tanh(self)

    def sigmoid(self) -> Tensor:
        return ops.pointwise.sigmoid(self)

    def relu(self) -> Tensor:
        return ops.pointwise.relu(self)

    def erf(self) -> Tensor:
        return ops.pointwise.erf(self)

    def erfc(self) -> Tensor:
        return ops.pointwise.erfc(self)

    def reciprocal(self) -> Tensor:
        return ops.pointwise.reciprocal(self)

    def floor(self) -> Tensor:
        return ops.pointwise.floor(self)

    def ceil(self) -> Tensor:
        return ops.pointwise.ceil(self)

    def round(self, decimals: _int | None = None) -> Tensor:
        return ops.pointwise.round(self, decimals=decimals)

    def trunc(self) -> Tensor:
        return ops.pointwise.trunc(self)

    fix = trunc

    def frac(self) -> Tensor:
        return ops.pointwise.frac(self)

    # reductions

    def sum(self, dim: Any = None, keepdim: _bool = False, *, dtype: dtype | None = None) -> Tensor:
        return ops.reduction.sum(self, dim, keepdim, dtype=dtype)

    def sum_to_size(self, *size: Any) -> Tensor:
        return ops.reduction.sum_to_size(self, *size)

    def mean(
        self, dim: Any = None, keepdim: _bool = False, *, dtype: dtype | None = None
    ) -> Tensor:
        return ops.reduction.mean(self, dim, keepdim, dtype=dtype)

    def prod(
        self, dim: _int | None = None, keepdim: _bool = False, *, dtype: dtype | None = None
    ) -> Tensor:
        return ops.reduction.prod(self, dim, keepdim, dtype=dtype)

    def max(self, dim: Any = None, keepdim: _bool = False) -> Any:
        return ops.reduction.max(self, dim, keepdim)

    def min(self, dim: Any = None, keepdim: _bool = False) -> Any:
        return ops.reduction.min(self, dim, keepdim)

    def amax(self, dim: Any = (), keepdim: _bool = False) -> Tensor:
        return ops.reduction.amax(self, dim, keepdim)

    def amin(self, dim: Any = (), keepdim: _bool = False) -> Tensor:
        return ops.reduction.amin(self, dim, keepdim)

    def argmax(self, dim: _int | None = None, keepdim: _bool = False) -> Tensor:
        return ops.reduction.argmax(self, dim, keepdim)

    def argmin(self, dim: _int | None = None, keepdim: _bool = False) -> Tensor:
        return ops.reduction.argmin(self, dim, keepdim)

    def all(self, dim: Any = None, keepdim: _bool = False) -> Tensor:
        return ops.reduction.all(self, dim, keepdim)

    def any(self, dim: Any = None, keepdim: _bool = False) -> Tensor:
        return ops.reduction.any(self, dim, keepdim)

    def var(
        self,
        dim: Any = None,
        unbiased: _bool | None = None,
        keepdim: _bool = False,
        *,
        correction: _float | None = None,
    ) -> Tensor:
        return ops.reduction.var(self, dim, unbiased, keepdim, correction=correction)

    def std(
        self,
        dim: Any = None,
        unbiased: _bool | None = None,
        keepdim: _bool = False,
        *,
        correction: _float | None = None,
    ) -> Tensor:
        return ops.reduction.std(self, dim, unbiased, keepdim, correction=correction)

    def logsumexp(self, dim: Any, keepdim: _bool = False) -> Tensor:
        return ops.reduction.logsumexp(self, dim, keepdim)

    def softmax(self, dim: _int, dtype: dtype | None = None) -> Tensor:
        return ops.reduction.softmax(self, dim, dtype)

    def log_softmax(self, dim: _int, dtype: dtype | None = None) -> Tensor:
        return ops.reduction.log_softmax(self, dim, dtype)

    def cumsum(self, dim: _int, *, dtype: dtype | None = None) -> Tensor:
        return ops.reduction.cumsum(self, dim, dtype=dtype)

    def cumprod(self, dim: _int, *, dtype: dtype | None = None) -> Tensor:
        return ops.reduction.cumprod(self, dim, dtype=dtype)

    def norm(self, p: Any = "fro", dim: Any = None, keepdim: _bool = False) -> Tensor:
        return ops.reduction.norm(self, p, dim, keepdim)

    # linear algebra

    def matmul(self, other: Tensor) -> Tensor:
        return ops.linalg.matmul(self, other)

    def mm(self, other: Tensor) -> Tensor:
        return ops.linalg.mm(self, other)

    def bmm(self, other: Tensor) -> Tensor:
        return ops.linalg.bmm(self, other)

    def dot(self, other: Tensor) -> Tensor:
        return ops.linalg.dot(self, other)

    def mv(self, other: Tensor) -> Tensor:
        return ops.linalg.mv(self, other)

    def outer(self, other: Tensor) -> Tensor:
        return ops.linalg.outer(self, other)

    # views and movement

    def view(self, *shape: Any) -> Tensor:
        return ops.movement.view(self, *shape)

    def view_as(self, other: Tensor) -> Tensor:
        return ops.movement.view(self, other.shape)

    def reshape(self, *shape: Any) -> Tensor:
        return ops.movement.reshape(self, *shape)

    def reshape_as(self, other: Tensor) -> Tensor:
        return ops.movement.reshape(self, other.shape)

    def flatten(self, start_dim: _int = 0, end_dim: _int = -1) -> Tensor:
        return ops.movement.flatten(self, start_dim, end_dim)

    def unflatten(self, dim: _int, sizes: Sequence[_int]) -> Tensor:
        return ops.movement.unflatten(self, dim, sizes)

    def squeeze(self, dim: Any = None) -> Tensor:
        return ops.movement.squeeze(self, dim)

    def unsqueeze(self, dim: _int) -> Tensor:
        return ops.movement.unsqueeze(self, dim)

    def permute(self, *dims: Any) -> Tensor:
        return ops.movement.permute(self, *dims)

    def transpose(self, dim0: _int, dim1: _int) -> Tensor:
        return ops.movement.transpose(self, dim0, dim1)

    swapaxes = transpose
    swapdims = transpose

    def t(self) -> Tensor:
        return ops.movement.t(self)

    @property
    def T(self) -> Tensor:
        return ops.movement.permute(self, list(range(self.dim() - 1, -1, -1)))

    @property
    def mT(self) -> Tensor:
        return ops.movement.transpose(self, -2, -1)

    def expand(self, *sizes: Any) -> Tensor:
        return ops.movement.expand(self, *sizes)

    def expand_as(self, other: Tensor) -> Tensor:
        return ops.movement.expand(self, other.shape)

    def broadcast_to(self, shape: Sequence[_int]) -> Tensor:
        return ops.movement.expand(self, shape)

    def select(self, dim: _int, index: _int) -> Tensor:
        return ops.movement.select(self, dim, index)

    def narrow(self, dim: _int, start: _int, length: _int) -> Tensor:
        return ops.movement.narrow(self, dim, start, length)

    def diagonal(self, offset: _int = 0, dim1: _int = 0, dim2: _int = 1) -> Tensor:
        return ops.movement.diagonal(self, offset, dim1, dim2)

    def diag(self, diagonal: _int = 0) -> Tensor:
        return ops.movement.diag(self, diagonal)

    def unfold(self, dimension: _int, size: _int, step: _int) -> Tensor:
        return ops.movement.unfold(self, dimension, size, step)

    def as_strided(
        self, size: Sequence[_int], stride: Sequence[_int], storage_offset: _int | None = None
    ) -> Tensor:
        return ops.movement.as_strided(self, size, stride, storage_offset)

    def split(self, split_size: Any, dim: _int = 0) -> tuple[Tensor, ...]:
        return ops.movement.split(self, split_size, dim)

    def chunk(self, chunks: _int, dim: _int = 0) -> tuple[Tensor, ...]:
        return ops.movement.chunk(self, chunks, dim)

    def unbind(self, dim: _int = 0) -> tuple[Tensor, ...]:
        return ops.movement.unbind(self, dim)

    def flip(self, dims: Any) -> Tensor:
        return ops.movement.flip(self, dims)

    def roll(self, shifts: Any, dims: Any = None) -> Tensor:
        return ops.movement.roll(self, shifts, dims)

    def repeat(self, *sizes: Any) -> Tensor:
        return ops.movement.repeat(self, *sizes)

    def tile(self, *dims: Any) -> Tensor:
        return ops.movement.tile(self, *dims)

    def tril(self, diagonal: _int = 0) -> Tensor:
        return ops.movement.tril(self, diagonal)

    def triu(self, diagonal: _int = 0) -> Tensor:
        return ops.movement.triu(self, diagonal)

    # indexing

    def index_select(self, dim: _int, index: Tensor) -> Tensor:
        return ops.indexing.index_select(self, dim, index)

    def gather(self, dim: _int, index: Tensor) -> Tensor:
        return ops.indexing.gather(self, dim, index)

    def take_along_dim(self, indices: Tensor, dim: _int) -> Tensor:
        return ops.indexing.take_along_dim(self, indices, dim)

    def scatter(
        self,
        dim: _int,
        index: Tensor,
        src: TensorOrScalar | None = None,
        *,
        value: Scalar | None = None,
    ) -> Tensor:
        return ops.indexing.scatter(self, dim, index, src, value=value)

    def scatter_add(self, dim: _int, index: Tensor, src: Tensor) -> Tensor:
        return ops.indexing.scatter_add(self, dim, index, src)

    def index_add(self, dim: _int, index: Tensor, source: Tensor, *, alpha: Scalar = 1) -> Tensor:
        return ops.indexing.index_add(self, dim, index, source, alpha=alpha)

    def index_put(
        self, indices: Sequence[Any], values: TensorOrScalar, accumulate: _bool = False
    ) -> Tensor:
        return ops.indexing.index_put(self, indices, values, accumulate)

    def masked_fill(self, mask: Tensor, value: TensorOrScalar) -> Tensor:
        return ops.indexing.masked_fill(self, mask, value)

    def masked_select(self, mask: Tensor) -> Tensor:
        return ops.indexing.masked_select(self, mask)

    def nonzero(self, *, as_tuple: _bool = False) -> Any:
        return ops.indexing.nonzero(self, as_tuple=as_tuple)

    def sort(self, dim: _int = -1, descending: _bool = False, stable: _bool = False) -> Any:
        return ops.indexing.sort(self, dim, descending, stable)

    def argsort(self, dim: _int = -1, descending: _bool = False, stable: _bool = False) -> Tensor:
        return ops.indexing.argsort(self, dim, descending, stable)

    def topk(self, k: _int, dim: _int = -1, largest: _bool = True, sorted: _bool = True) -> Any:
        return ops.indexing.topk(self, k, dim, largest, sorted)

    def unique(
        self,
        sorted: _bool = True,
        return_inverse: _bool = False,
        return_counts: _bool = False,
        dim: _int | None = None,
    ) -> Any:
        return ops.indexing.unique(self, sorted, return_inverse, return_counts, dim)

    # in-place versions: compute out of place, then write into self (see ops/inplace.py)

    def _inplace(self, op: Callable[..., Tensor], *args: Any, **kwargs: Any) -> Tensor:
        """Run `op(self, *args)` out of place, then write the result into self."""
        return ops.inplace.inplace(op, self, *args, **kwargs)

    def add_(self, other: TensorOrScalar, *, alpha: Scalar = 1) -> Tensor:
        return self._inplace(ops.pointwise.add, other, alpha=alpha)

    def sub_(self, other: TensorOrScalar, *, alpha: Scalar = 1) -> Tensor:
        return self._inplace(ops.pointwise.sub, other, alpha=alpha)

    def mul_(self, other: TensorOrScalar) -> Tensor:
        return self._inplace(ops.pointwise.mul, other)

    def div_(self, other: TensorOrScalar, *, rounding_mode: str | None = None) -> Tensor:
        return self._inplace(ops.pointwise.div, other, rounding_mode=rounding_mode)

    def pow_(self, exponent: TensorOrScalar) -> Tensor:
        return self._inplace(ops.pointwise.pow, exponent)

    def neg_(self) -> Tensor:
        return self._inplace(ops.pointwise.neg)

    def abs_(self) -> Tensor:
        return self._inplace(ops.pointwise.abs)

    def exp_(self) -> Tensor:
        return self._inplace(ops.pointwise.exp)

    def log_(self) -> Tensor:
        return self._inplace(ops.pointwise.log)

    def sqrt_(self) -> Tensor:
        return self._inplace(ops.pointwise.sqrt)

    def sigmoid_(self) -> Tensor:
        return self._inplace(ops.pointwise.sigmoid)

    def tanh_(self) -> Tensor:
        return self._inplace(ops.pointwise.tanh)

    def relu_(self) -> Tensor:
        return self._inplace(ops.pointwise.relu)

    def floor_(self) -> Tensor:
        return self._inplace(ops.pointwise.floor)

    def round_(self) -> Tensor:
        return self._inplace(ops.pointwise.round)

    def clamp_(
        self, min: TensorOrScalar | None = None, max: TensorOrScalar | None = None
    ) -> Tensor:
        return self._inplace(ops.pointwise.clamp, min, max)

    clip_ = clamp_

    def lerp_(self, end: Tensor, weight: TensorOrScalar) -> Tensor:
        return self._inplace(ops.pointwise.lerp, end, weight)

    def addcmul(self, tensor1: Tensor, tensor2: Tensor, *, value: Scalar = 1) -> Tensor:
        return ops.pointwise.addcmul(self, tensor1, tensor2, value=value)

    def addcdiv(self, tensor1: Tensor, tensor2: Tensor, *, value: Scalar = 1) -> Tensor:
        return ops.pointwise.addcdiv(self, tensor1, tensor2, value=value)

    def addcmul_(self, tensor1: Tensor, tensor2: Tensor, *, value: Scalar = 1) -> Tensor:
        return self._inplace(ops.pointwise.addcmul, tensor1, tensor2, value=value)

    def addcdiv_(self, tensor1: Tensor, tensor2: Tensor, *, value: Scalar = 1) -> Tensor:
        return self._inplace(ops.pointwise.addcdiv, tensor1, tensor2, value=value)

    def masked_fill_(self, mask: Tensor, value: TensorOrScalar) -> Tensor:
        return self._inplace(ops.indexing.masked_fill, mask, value)

    def index_put_(
        self, indices: Sequence[Any], values: TensorOrScalar, accumulate: _bool = False
    ) -> Tensor:
        return self._inplace(ops.indexing.index_put, indices, values, accumulate)

    def scatter_(
        self,
        dim: _int,
        index: Tensor,
        src: TensorOrScalar | None = None,
        *,
        value: Scalar | None = None,
    ) -> Tensor:
        return self._inplace(ops.indexing.scatter, dim, index, src, value=value)

    def scatter_add_(self, dim: _int, index: Tensor, src: Tensor) -> Tensor:
        return self._inplace(ops.indexing.scatter_add, dim, index, src)

    def index_add_(self, dim: _int, index: Tensor, source: Tensor, *, alpha: Scalar = 1) -> Tensor:
        return ops.indexing.index_add_(self, dim, index, source, alpha=alpha)

    def fill_(self, value: TensorOrScalar) -> Tensor:
        return self._inplace(ops.inplace.filled, value, "FillBackward2")

    def zero_(self) -> Tensor:
        return self._inplace(ops.inplace.filled, 0, "ZeroBackward0")

    def copy_(self, src: Tensor, non_blocking: _bool = False) -> Tensor:
        return self._inplace(ops.inplace.copied, src)

    # random fills (pytensor/ops/sampling.py)

    def uniform_(self, a: _float = 0.0, b: _float = 1.0, *, generator: Any = None) -> Tensor:
        return ops.sampling.uniform_(self, a, b, generator=generator)

    def normal_(self, mean: _float = 0.0, std: _float = 1.0, *, generator: Any = None) -> Tensor:
        return ops.sampling.normal_(self, mean, std, generator=generator)

    def random_(
        self, low: _int | None = None, high: _int | None = None, *, generator: Any = None
    ) -> Tensor:
        return ops.sampling.random_(self, low, high, generator=generator)

    def bernoulli_(self, p: Any = 0.5, *, generator: Any = None) -> Tensor:
        return ops.sampling.bernoulli_(self, p, generator=generator)

    def exponential_(self, lambd: _float = 1.0, *, generator: Any = None) -> Tensor:
        return ops.sampling.exponential_(self, lambd, generator=generator)

    def bernoulli(self, *, generator: Any = None) -> Tensor:
        return ops.sampling.bernoulli(self, generator=generator)

    def multinomial(
        self, num_samples: _int, replacement: _bool = False, *, generator: Any = None
    ) -> Tensor:
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


_LEGACY_NAMES = {d.name: f"pytensor.{d.type_name}Tensor" for d in dtypes.ALL_DTYPES}
_LEGACY_BY_NAME = {v: dtypes.by_name(k) for k, v in _LEGACY_NAMES.items()}


# The one place where this layer reaches up: Tensor methods call the ops package, which imports
# Tensor. Importing it here, after the class exists, lets both modules see each other.
from . import ops  # noqa: E402
