"""max, min, amax, amin, argmax and argmin: the reductions that pick an element."""

from __future__ import annotations

from collections.abc import Sequence

from .. import dtypes
from .._interop import numpy_names
from ..autograd.graph import record
from ..tensor import Tensor, _wrap_dim
from . import pointwise as P
from .creation import zeros_like
from .reduce import (
    Dims,
    ValuesIndices,
    _squeeze_dims,
    _unsqueeze_grad,
    normalize_dims,
    reduce_kernel,
    sum,
)


def _check_nonempty(x: Tensor, dims: Sequence[int], name: str) -> None:
    for d in dims:
        if x.dim() and x.shape[d] == 0:
            raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")
    if x.numel() == 0 and (not dims or x.dim() == 0):
        raise RuntimeError(
            f"{name}(): Expected reduction dim to be specified for input.numel() == 0. "
            "Specify the reduction dim with the 'dim' argument."
        )


def _extreme(op: str, x: Tensor, dim: int | None, keepdim: bool) -> Tensor | ValuesIndices:
    """max/min: over everything, a value; along `dim`, (values, indices)."""
    if dim is None:
        _check_nonempty(x, (), op)
        flat = x.reshape(-1)
        out = reduce_kernel(op, flat, (0,), x.dtype).reshape(())

        def backward_all(g: Tensor) -> tuple[Tensor]:
            # Ties share the gradient evenly, as ATen's evenly_distribute_backward does. A nan
            # result came from the nan elements (nan != nan, so eq alone would find none).
            mask = P.logical_or(P.eq(x, out), P.logical_and(P.isnan(x), P.isnan(out)))
            return (P.where(mask, g / mask.sum(), 0.0),)

        name = "MaxBackward1" if op == "max" else "MinBackward1"
        return record(out, name, backward_all, (x,), saved=(x,))
    d = _wrap_dim(dim, x.dim())
    _check_nonempty(x, (d,), op)
    values = _squeeze_dims(reduce_kernel(op, x, (d,), x.dtype), (d,), keepdim)
    indices = _squeeze_dims(reduce_kernel("arg" + op, x, (d,), dtypes.int64), (d,), keepdim)

    def backward(g: Tensor) -> tuple[Tensor]:
        g = _unsqueeze_grad(g, x, (d,), keepdim)
        idx = _unsqueeze_grad(indices, x, (d,), keepdim)
        return (zeros_like(x).scatter(d, idx, g),)

    name = "MaxBackward0" if op == "max" else "MinBackward0"
    record(values, name, backward, (x,), saved=(x,))
    return ValuesIndices(values, indices)


@numpy_names
def max(x: Tensor, dim: int | Tensor | None = None, keepdim: bool = False) -> object:  # noqa: A001
    """The largest element of `x`; along `dim`, the largest values and their indices.

    Three forms, as in PyTorch: `max(x)` is a 0-dim tensor; `max(x, dim, keepdim)` is a
    `ValuesIndices(values, indices)` named tuple; `max(x, other)` with a tensor is
    `maximum(x, other)`. A nan wins: it is returned (and its index), as in PyTorch.

    Args:
        x: the input tensor.
        dim: the dim to reduce, or a tensor to compare with element-wise, or None.
        keepdim: keep the reduced dim as size 1.

    Returns:
        A 0-dim tensor; or `(values, indices)`, each of x's shape without `dim`; or the
        broadcast `maximum`. The gradient of `max(x)` is shared evenly between ties; along a
        dim it goes to the index returned.

    Note:
        The named tuple prints as `ValuesIndices(...)`, not `torch.return_types.max(...)`.

    Examples:
        >>> import pytensor
        >>> x = pytensor.tensor([[1.0, 5.0], [3.0, 2.0]])
        >>> pytensor.max(x)
        tensor(5.)
        >>> pytensor.max(x, 1)
        ValuesIndices(values=tensor([5., 3.]), indices=tensor([1, 0]))
    """
    if isinstance(dim, Tensor):
        return P.maximum(x, dim)
    return _extreme("max", x, dim, keepdim)


@numpy_names
def min(x: Tensor, dim: int | Tensor | None = None, keepdim: bool = False) -> object:  # noqa: A001
    """The smallest element of `x`; along `dim`, the smallest values and their indices.

    The same three forms as `max`: `min(x)`, `min(x, dim, keepdim)` giving
    `(values, indices)`, and `min(x, other)`, which is `minimum(x, other)`. A nan wins, as in
    `max`.

    Args:
        x: the input tensor.
        dim: the dim to reduce, or a tensor to compare with element-wise, or None.
        keepdim: keep the reduced dim as size 1.

    Returns:
        A 0-dim tensor; or `(values, indices)`, each of x's shape without `dim`; or the
        broadcast `minimum`.

    Note:
        The named tuple prints as `ValuesIndices(...)`, not `torch.return_types.min(...)`.

    Examples:
        >>> import pytensor
        >>> x = pytensor.tensor([[1.0, 5.0], [3.0, 2.0]])
        >>> pytensor.min(x), pytensor.min(x, 0).indices
        (tensor(1.), tensor([0, 1]))
    """
    if isinstance(dim, Tensor):
        return P.minimum(x, dim)
    return _extreme("min", x, dim, keepdim)


def _amax_amin(op: str, x: Tensor, dim: Dims, keepdim: bool) -> Tensor:
    dims = normalize_dims(x, dim)
    _check_nonempty(x, dims, "a" + op)
    kept = reduce_kernel(op, x, dims, x.dtype)
    out = _squeeze_dims(kept, dims, keepdim)

    def backward(g: Tensor) -> tuple[Tensor]:
        # PyTorch's scale_grad_by_count: ties share g, and (g / count) * mask rather than a
        # `where`, so a nan maximum (no element equals it, count 0) gives nan gradients.
        mask = P.eq(x, kept)
        count = sum(mask, dims, keepdim=True)
        return ((_unsqueeze_grad(g, x, dims, keepdim) / count) * mask,)

    name = "AmaxBackward0" if op == "max" else "AminBackward0"
    return record(out, name, backward, (x,), saved=(x,))


@numpy_names
def amax(x: Tensor, dim: Dims = (), keepdim: bool = False) -> Tensor:
    """The largest values of `x` over one or several dims (all by default), without indices.

    Ties share the gradient evenly, as in PyTorch (unlike `max(x, dim)`, which sends it to one
    index).

    Args:
        x: the input tensor.
        dim: a dim or a sequence of dims; `()` or None reduces all of them.
        keepdim: keep the reduced dims as size 1.

    Returns:
        x's shape without the reduced dims (with them as size 1 if `keepdim`).

    Examples:
        >>> import pytensor
        >>> x = pytensor.tensor([[1.0, 5.0], [3.0, 2.0]])
        >>> pytensor.amax(x), pytensor.amax(x, 0)
        (tensor(5.), tensor([3., 5.]))
    """
    return _amax_amin("max", x, dim, keepdim)


@numpy_names
def amin(x: Tensor, dim: Dims = (), keepdim: bool = False) -> Tensor:
    """The smallest values of `x` over one or several dims (all by default), without indices.

    Args:
        x: the input tensor.
        dim: a dim or a sequence of dims; `()` or None reduces all of them.
        keepdim: keep the reduced dims as size 1.

    Returns:
        x's shape without the reduced dims (with them as size 1 if `keepdim`).

    Examples:
        >>> import pytensor
        >>> pytensor.amin(pytensor.tensor([[1.0, 5.0], [3.0, 2.0]]), 1)
        tensor([1., 2.])
    """
    return _amax_amin("min", x, dim, keepdim)


def _arg(op: str, x: Tensor, dim: int | None, keepdim: bool) -> Tensor:
    if x.dtype == dtypes.bool_:
        raise RuntimeError(f"{op}(): does not support bool input")
    if dim is None:
        if x.numel() == 0:  # torch raises IndexError here, where max() raises RuntimeError
            raise IndexError(
                f"{op}(): Expected reduction dim to be specified for input.numel() == 0."
            )
        out = reduce_kernel(op, x.reshape(-1), (0,), dtypes.int64)
        return out.reshape([1] * x.dim()) if keepdim else out.reshape(())
    d = _wrap_dim(dim, x.dim())
    _check_nonempty(x, (d,), op)
    return _squeeze_dims(reduce_kernel(op, x, (d,), dtypes.int64), (d,), keepdim)


@numpy_names
def argmax(x: Tensor, dim: int | None = None, keepdim: bool = False) -> Tensor:
    """The index of the largest element: over the flattened tensor, or along `dim`.

    The first index wins among ties; a nan counts as the largest value.

    Args:
        x: the input tensor (not bool).
        dim: the dim to reduce; None flattens `x` first.
        keepdim: keep the reduced dim as size 1 (every dim, when `dim` is None).

    Returns:
        An int64 tensor: 0-dim for `dim=None`, else x's shape without `dim`.

    Examples:
        >>> import pytensor
        >>> x = pytensor.tensor([[1.0, 5.0], [3.0, 2.0]])
        >>> pytensor.argmax(x), pytensor.argmax(x, dim=1)
        (tensor(1), tensor([1, 0]))
    """
    return _arg("argmax", x, dim, keepdim)


@numpy_names
def argmin(x: Tensor, dim: int | None = None, keepdim: bool = False) -> Tensor:
    """The index of the smallest element: over the flattened tensor, or along `dim`.

    Args:
        x: the input tensor (not bool).
        dim: the dim to reduce; None flattens `x` first.
        keepdim: keep the reduced dim as size 1 (every dim, when `dim` is None).

    Returns:
        An int64 tensor: 0-dim for `dim=None`, else x's shape without `dim`.

    Examples:
        >>> import pytensor
        >>> pytensor.argmin(pytensor.tensor([[1.0, 5.0], [3.0, 2.0]]), dim=0)
        tensor([0, 1])
    """
    return _arg("argmin", x, dim, keepdim)
