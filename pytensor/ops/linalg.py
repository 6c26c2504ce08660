"""Matrix products: matmul (with PyTorch's 1-D, batched and broadcast rules), mm, bmm, dot,
mv, outer, and einsum built on top of them.

Every product runs one backend primitive, `matmul`, over a batch of matrices whose batch dims
broadcast (stride 0), so no operand is copied to line the batches up.

>>> import pytensor
>>> (pytensor.ones(5, 2, 3) @ pytensor.ones(3, 4)).shape
pytensor.Size([5, 2, 4])
"""

from __future__ import annotations

import math
import string
from collections.abc import Sequence
from typing import NoReturn

from .._device import same_device
from .._layout import broadcast_shapes
from ..autograd.grad_mode import no_grad
from ..autograd.graph import record
from ..backends import backend_for
from ..dtypes import Number, cpp_name
from ..tensor import Tensor
from .arguments import write_out
from .creation import new_tensor
from .movement import squeeze_result, unsafe_view
from .pointwise import broadcast_view


def _check_dtypes(a: Tensor, b: Tensor) -> None:
    if a.dtype is not b.dtype:
        raise RuntimeError(
            f"expected m1 and m2 to have the same dtype, but got: {_short(a)} != {_short(b)}"
        )


def _short(t: Tensor) -> str:
    return cpp_name(t.dtype)


def _batched_matmul(a: Tensor, b: Tensor, name: str) -> Tensor:
    """(..., m, k) @ (..., k, n) with broadcast batch dims: one call to backend.matmul."""
    dev = a._storage.device
    if b._storage.device is not dev:  # (the usual case shares one device object: no check)
        same_device(a, b)
    _check_dtypes(a, b)
    *a_batch, m, k = a._shape
    *b_batch, k2, n = b._shape
    if k != k2:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({m}x{k} and {k2}x{n})")
    batch = broadcast_shapes(a_batch, b_batch)
    out = new_tensor(batch + (m, n), a.dtype, dev)
    a_view = broadcast_view(a, batch + (m, k))
    b_view = broadcast_view(b, batch + (k, n))
    out_view = out.view_of()
    kernels = backend_for(dev)
    kernels.matmul(a_view, b_view, out_view)

    return record(out, name, lambda g: _product_grads(g, a, b), (a, b), saved=(a, b))


def _product_grads(g: Tensor, a: Tensor, b: Tensor) -> tuple[Tensor | None, Tensor | None]:
    """The gradients of `a @ b` for the output gradient g: g @ b^T and a^T @ g.

    Only the ones somebody needs: for x @ W, x is usually data. A gradient comes out in its
    operand's layout, as in ATen's mm_mat1/mm_mat2_backward: for x @ W.t() (a Linear layer),
    W's gradient is then row-major like W, and `.grad` needs no copy."""
    grad_a = grad_b = None
    if a.requires_grad:
        grad_a = (b @ g.mT).mT if _column_major(a) else g @ b.mT
    if b.requires_grad:
        grad_b = (g.mT @ a).mT if _column_major(b) else a.mT @ g
    return grad_a, grad_b


def _column_major(t: Tensor) -> bool:
    """A matrix stored column by column, such as `W.t()` of a row-major W."""
    return t.dim() == 2 and t._strides == (1, t.shape[0])


def addmm(
    input: Tensor,  # noqa: A002
    mat1: Tensor,
    mat2: Tensor,
    *,
    beta: Number = 1,
    alpha: Number = 1,
) -> Tensor:
    """`beta * input + alpha * (mat1 @ mat2)`, with `input` broadcast to the product's shape.

    `F.linear` on a batch is `addmm(bias, x, weight.t())`, as in PyTorch: one graph node where
    `x @ weight.t() + bias` makes three.

    Args:
        input: the matrix (or a row, or a number's worth) to add, broadcast to `(n, p)`.
        mat1: a matrix `(n, m)`.
        mat2: a matrix `(m, p)`.
        beta: the factor on `input`; with 0, input is not read (its nan and inf do not leak).
        alpha: the factor on the product.

    Returns:
        A tensor `(n, p)`. Its grad_fn is `AddmmBackward0`.

    Raises:
        RuntimeError: for operands that are not matrices, shapes that do not fit, or dtypes
            that differ.

    Examples:
        >>> import pytensor
        >>> bias, x = pytensor.tensor([10.0, 20.0]), pytensor.tensor([[1.0, 2.0]])
        >>> pytensor.addmm(bias, x, pytensor.tensor([[1.0, 0.0], [0.0, 1.0]]))
        tensor([[11., 22.]])
    """
    for name, t in (("mat1", mat1), ("mat2", mat2)):
        if t.dim() != 2:
            raise RuntimeError(f"{name} must be a matrix, got {t.dim()}-D tensor")
    if mat1.shape[1] != mat2.shape[0]:
        raise RuntimeError(
            f"mat1 and mat2 shapes cannot be multiplied ({mat1.shape[0]}x{mat1.shape[1]} and "
            f"{mat2.shape[0]}x{mat2.shape[1]})"
        )
    for name, t in (("mat1", mat1), ("self", input)):
        if t.dtype is not mat2.dtype:
            raise RuntimeError(
                f"{name} and mat2 must have the same dtype, but got {t.dtype.type_name} and "
                f"{mat2.dtype.type_name}"
            )
    same_device(input, mat1, mat2)
    shape = (mat1.shape[0], mat2.shape[1])
    added = broadcast_view(input, shape)  # raises PyTorch's expand error for a bad input shape
    out = new_tensor(shape, mat2.dtype, mat2.device)
    plain = alpha == 1 and beta == 1  # the common case, one kernel: the bias rides along
    mat2.backend.matmul(mat1.view_of(), mat2.view_of(), out.view_of(), added if plain else None)
    if not plain:
        with no_grad():
            if alpha != 1:
                out = out * alpha
            if beta != 0:  # beta == 0 reads nothing of input, so its nan and inf stay out
                out = out + (input if beta == 1 else input * beta)

    def backward(g: Tensor) -> tuple[Tensor | None, Tensor | None, Tensor | None]:
        grad_mat1, grad_mat2 = _product_grads(g if alpha == 1 else g * alpha, mat1, mat2)
        return (g if beta == 1 else g * beta), grad_mat1, grad_mat2

    return record(out, "AddmmBackward0", backward, (input, mat1, mat2), saved=(mat1, mat2))


def matmul(input: Tensor, other: Tensor, *, out: Tensor | None = None) -> Tensor:
    """The matrix product of `a` and `b` (the `@` operator), with PyTorch's rules for 1-D and
    batched operands.

    - 1-D @ 1-D: the dot product, a 0-dim tensor.
    - 2-D @ 2-D: the matrix product `(n, m) @ (m, p) -> (n, p)`.
    - 1-D @ 2-D and 2-D @ 1-D: the vector is a row (or a column) whose dim is then dropped.
    - N-D: the last two dims are matrices and the leading (batch) dims broadcast, so
      `(j, 1, n, m) @ (k, m, p) -> (j, k, n, p)`.

    The cases follow PyTorch's `matmul` decomposition, so the recorded graph (and grad_fn) is the
    same: 1-D @ 2-D is `mm` then an in-place squeeze; a batch of matrices times one matrix or
    vector is folded into a single `mm`/`mv`; everything else is a broadcast `bmm`.

    Args:
        a: the left operand, at least 1-D.
        b: the right operand, at least 1-D, of the same dtype.
        out: a tensor to write the result into (resized if its shape differs), returned.

    Returns:
        The product, shaped as above.

    Raises:
        RuntimeError: for a 0-dim operand, mismatched inner sizes or different dtypes.

    Examples:
        >>> import pytensor
        >>> a = pytensor.tensor([[1.0, 2.0], [3.0, 4.0]])
        >>> a @ pytensor.tensor([1.0, 1.0])
        tensor([3., 7.])
        >>> pytensor.matmul(pytensor.ones(4, 1, 2, 3), pytensor.ones(5, 3, 6)).shape
        pytensor.Size([4, 5, 2, 6])
    """
    if out is not None:  # PyTorch's out=: the result as usual, then copied into `out`
        return write_out("matmul", matmul(input, other), out)
    a, b = input, other  # PyTorch's keyword names, short names below
    a_dims = a.dim()
    b_dims = b.dim()
    if a_dims == 0 or b_dims == 0:
        raise RuntimeError(
            f"both arguments to matmul need to be at least 1D, but they are {a_dims}D and "
            f"{b_dims}D"
        )
    if a_dims == 2 and b_dims == 2:  # the common case first
        return mm(a, b)
    if a_dims == 1 and b_dims == 1:
        return dot(a, b)
    if a_dims == 2 and b_dims == 1:
        return mv(a, b)
    if a_dims == 1 and b_dims == 2:
        return squeeze_result(mm(a.unsqueeze(0), b), 0)
    if a_dims == 3 and b_dims == 3 and (a.shape[0] == 1) != (b.shape[0] == 1):
        # PyTorch 2.13 treats a single matrix with a batch of 1, against a real batch, as a
        # plain matrix, so that the fold below applies.
        a, b = (a.squeeze(0), b) if a.shape[0] == 1 else (a, b.squeeze(0))
    if _should_fold(a, b):
        return _folded_matmul(a, b)
    return _broadcast_bmm(a, b)


def _should_fold(a: Tensor, b: Tensor) -> bool:
    """PyTorch's rule for (batch of matrices) @ (matrix or vector): compute it as one 2-D
    product of the batch flattened into rows, when that needs no copy of the big operand or when
    the small one needs a gradient (its gradient is then one mm, not a sum over a batch)."""
    big, small_dim = (a, b.dim()) if a.dim() >= b.dim() else (b.mT, a.dim())
    if not (big.dim() >= 3 and small_dim <= 2):
        return False
    if (b if a.dim() >= b.dim() else a).requires_grad:
        return True
    if a.dim() == 2:  # the result would come out transposed and need a copy
        return False
    if big.numel() == 0:
        return True
    # big.view(-1, k) needs no copy only when the leading dims are contiguous with each other.
    return all(
        big._strides[i] == big._strides[i + 1] * big.shape[i + 1] for i in range(big.dim() - 2)
    )


def _folded_matmul(a: Tensor, b: Tensor) -> Tensor:
    """(..., n, k) @ (k, p) as (prod(...) * n, k) @ (k, p); a 2-D or 1-D `a` against a batched
    `b` is done transposed: (b.mT @ a.mT).mT."""
    transpose = b.dim() > a.dim()
    big = b.mT if transpose else a
    small = (a.t() if a.dim() == 2 else a) if transpose else b
    out_shape = list(big.shape[:-1])
    folded = big.reshape(math.prod(out_shape), big.shape[-1])
    if small.dim() == 1:
        return unsafe_view(mv(folded, small), out_shape)
    out = unsafe_view(mm(folded, small), out_shape + [small.shape[1]])
    return out.mT.contiguous() if transpose else out


def _broadcast_bmm(a: Tensor, b: Tensor) -> Tensor:
    """Batched matmul with broadcast batch dims; a 1-D operand is a row (a) or a column (b)
    whose dim is dropped from the result. PyTorch expands both operands to 3-D copies and calls
    bmm; the kernel here broadcasts the batch dims itself, so no copies are made."""
    a3 = a.unsqueeze(0) if a.dim() == 1 else a
    b3 = b.unsqueeze(-1) if b.dim() == 1 else b
    if a3.shape[-1] != b3.shape[-2]:
        # bmm's words, with the batch dims flattened into one as PyTorch's copies have them.
        batch = math.prod(broadcast_shapes(a3.shape[:-2], b3.shape[:-2]))
        _bmm_size_error(batch, a3.shape[-1], batch, b3.shape[-2])
    out = _batched_matmul(a3, b3, "BmmBackward0")
    shape = list(out.shape[:-2])
    shape += [out.shape[-2]] if a.dim() > 1 else []
    shape += [out.shape[-1]] if b.dim() > 1 else []
    return unsafe_view(out, shape)


def mm(a: Tensor, b: Tensor) -> Tensor:
    """The product of two matrices, `(n, m) @ (m, p) -> (n, p)`; no broadcasting.

    Args:
        a: a 2-D tensor `(n, m)`.
        b: a 2-D tensor `(m, p)`, of the same dtype.

    Returns:
        A tensor `(n, p)`. Its grad_fn is `MmBackward0`.

    Examples:
        >>> import pytensor
        >>> pytensor.mm(pytensor.tensor([[1, 2]]), pytensor.tensor([[3], [4]]))
        tensor([[11]])
    """
    if len(a._shape) != 2:
        raise RuntimeError("self must be a matrix")
    if len(b._shape) != 2:
        raise RuntimeError("mat2 must be a matrix")
    return _batched_matmul(a, b, "MmBackward0")


def bmm(a: Tensor, b: Tensor) -> Tensor:
    """Batched matrix product: `(B, n, m) @ (B, m, p) -> (B, n, p)`; no broadcasting.

    Args:
        a: a 3-D tensor `(B, n, m)`.
        b: a 3-D tensor `(B, m, p)`, of the same dtype.

    Returns:
        A tensor `(B, n, p)`: matrix `i` is `a[i] @ b[i]`.

    Examples:
        >>> import pytensor
        >>> pytensor.bmm(pytensor.ones(10, 3, 4), pytensor.ones(10, 4, 5)).shape
        pytensor.Size([10, 3, 5])
    """
    if a.dim() != 3:
        raise RuntimeError("batch1 must be a 3D tensor")
    if b.dim() != 3:
        raise RuntimeError("batch2 must be a 3D tensor")
    if a.shape[0] != b.shape[0] or a.shape[2] != b.shape[1]:
        _bmm_size_error(a.shape[0], a.shape[2], b.shape[0], b.shape[1])
    return _batched_matmul(a, b, "BmmBackward0")


def _bmm_size_error(batch: int, k: int, batch2: int, k2: int) -> NoReturn:
    raise RuntimeError(
        f"Expected size for first two dimensions of batch2 tensor to be: [{batch}, {k}] but "
        f"got: [{batch2}, {k2}]."
    )


def dot(a: Tensor, b: Tensor) -> Tensor:
    """The dot product of two 1-D tensors of the same length: `sum(a * b)`.

    Args:
        a: a 1-D tensor `(n,)`.
        b: a 1-D tensor `(n,)`, of the same dtype.

    Returns:
        A 0-dim tensor.

    Examples:
        >>> import pytensor
        >>> pytensor.dot(pytensor.tensor([1.0, 2.0, 3.0]), pytensor.tensor([4.0, 5.0, 6.0]))
        tensor(32.)
    """
    if a.dim() != 1 or b.dim() != 1:
        raise RuntimeError(f"1D tensors expected, but got {a.dim()}D and {b.dim()}D tensors")
    if a.shape[0] != b.shape[0]:
        n, m = a.shape[0], b.shape[0]
        raise RuntimeError(
            f"inconsistent tensor size, expected tensor [{n}] and src [{m}] to have the same "
            f"number of elements, but got {n} and {m} elements respectively"
        )
    with no_grad():
        out = _batched_matmul(a.unsqueeze(0), b.unsqueeze(1), "").reshape(())
    return record(out, "DotBackward0", lambda g: (g * b, g * a), (a, b), saved=(a, b))


def mv(a: Tensor, v: Tensor) -> Tensor:
    """The product of a matrix and a vector: `(n, m) @ (m,) -> (n,)`.

    Args:
        a: a 2-D tensor `(n, m)`.
        v: a 1-D tensor `(m,)`, of the same dtype.

    Returns:
        A 1-D tensor `(n,)`.

    Examples:
        >>> import pytensor
        >>> pytensor.mv(pytensor.tensor([[1.0, 2.0], [3.0, 4.0]]), pytensor.tensor([1.0, -1.0]))
        tensor([-1., -1.])
    """
    if a.dim() != 2 or v.dim() != 1:
        # PyTorch's addmv: the "input" is the vector added, 1-D here.
        raise RuntimeError(f"vector + matrix @ vector expected, got 1, {a.dim()}, {v.dim()}")
    if a.shape[1] != v.shape[0]:
        n, m = a.shape
        raise RuntimeError(f"size mismatch, got input ({n}), mat ({n}x{m}), vec ({v.shape[0]})")
    with no_grad():
        out = _batched_matmul(a, v.unsqueeze(-1), "").squeeze(-1)
    return record(
        out, "MvBackward0", lambda g: (g.unsqueeze(-1) * v, a.t() @ g), (a, v), saved=(a, v)
    )


def outer(a: Tensor, b: Tensor) -> Tensor:
    """The outer product of two vectors: `out[i, j] = a[i] * b[j]`.

    Computed as the broadcast `a.unsqueeze(1) * b.unsqueeze(0)` (grad_fn `MulBackward0`, as in
    PyTorch).

    Args:
        a: a 1-D tensor `(n,)`.
        b: a 1-D tensor `(m,)`.

    Returns:
        A tensor `(n, m)`, in the promoted dtype.

    Note:
        PyTorch refuses inputs that are not 1-D; pytensor does not check.

    Examples:
        >>> import pytensor
        >>> pytensor.outer(pytensor.tensor([1, 2]), pytensor.tensor([1, 10, 100]))
        tensor([[  1,  10, 100],
                [  2,  20, 200]])
    """
    return a.unsqueeze(1) * b.unsqueeze(0)


# --- einsum -------------------------------------------------------------------------------------


def einsum(equation: str, *operands: Tensor | Sequence[Tensor]) -> Tensor:
    """Einstein summation: products and sums over the dims named by the letters of `equation`.

    For example `einsum("bij,bjk->bik", a, b)` is a batched matrix product, `einsum("ii", x)` the
    trace and `einsum("...ij,...jk", a, b)` a matmul with broadcast batch dims. Letters missing
    from the output are summed over; a letter repeated in one operand takes a diagonal. Without
    `->` the output is `...` followed by the letters used once, in alphabetical order.

    Each operand first loses its repeated letters (diagonals) and the letters nobody else needs
    (summed). Operands are then combined two at a time: letters in both become a `bmm`'s batch
    or contraction dims, or, when nothing is contracted, the pair is a broadcast multiply. `...`
    stands for the same batch dims in every operand, aligned from the right and broadcast.
    The steps mirror PyTorch's, so the result's grad_fn is the same.

    Args:
        equation: the subscripts, such as `"ij,jk->ik"`; spaces are ignored.
        *operands: the tensors, one per comma-separated term, or one list of them.

    Returns:
        A tensor with one dim per output letter, in order.

    Note:
        PyTorch's sublist form (`einsum(a, [0, 1], b, [1, 2])`) is not supported, and operands are
        combined left to right (no contraction-order optimisation).

    Examples:
        >>> import pytensor
        >>> a = pytensor.tensor([[1.0, 2.0], [3.0, 4.0]])
        >>> pytensor.einsum("ii", a), pytensor.einsum("ij->j", a)
        (tensor(5.), tensor([4., 6.]))
        >>> pytensor.einsum("bij,bjk->bik", pytensor.ones(2, 3, 4), pytensor.ones(2, 4, 5)).shape
        pytensor.Size([2, 3, 5])
    """
    tensors: list[Tensor] = []
    for operand in operands:  # einsum(eq, a, b) and einsum(eq, [a, b]) both work
        tensors.extend([operand] if isinstance(operand, Tensor) else operand)
    equation = equation.replace(" ", "")
    lhs, arrow, rhs = equation.partition("->")
    inputs = lhs.split(",")
    if len(inputs) != len(tensors):
        raise RuntimeError(
            "einsum(): more operands were provided than specified in the equation"
            if len(tensors) > len(inputs)
            else "einsum(): fewer operands were provided than specified in the equation"
        )
    if not arrow:  # implicit output: `...` first, then the letters used once, alphabetically
        letters = lhs.replace(",", "").replace(".", "")
        rhs = "".join(sorted(c for c in set(letters) if letters.count(c) == 1))
        rhs = ("..." if "..." in lhs else "") + rhs
    inputs, rhs = _name_ellipsis_dims(inputs, rhs, tensors, equation)
    terms = _broadcast_letters([_take_diagonals(t, spec) for t, spec in zip(tensors, inputs)])

    if len(terms) == 1:  # PyTorch: permute to (output letters, summed letters), sum the latter
        t, spec = terms[0]
        summed = [c for c in spec if c not in rhs]
        if not spec:
            return t
        t = t.permute([spec.index(c) for c in rhs + "".join(summed)])
        return t.sum(list(range(len(rhs), len(spec)))) if summed else t

    while len(terms) > 1:
        (a, sa), (b, sb) = terms[0], terms[1]
        later = rhs + "".join(s for _, s in terms[2:])
        terms = [_contract_pair(a, sa, b, sb, later)] + terms[2:]
    t, spec = terms[0]
    if spec != rhs:
        t = t.permute([spec.index(c) for c in rhs])
    if any(c not in rhs for c in "".join(inputs)):
        # PyTorch ends by viewing away the (size-1) dims it summed; the same last step here
        # keeps the grad_fn (ViewBackward0) the same.
        t = t.view(t.shape)
    return t


def _name_ellipsis_dims(
    inputs: list[str], rhs: str, tensors: list[Tensor], equation: str
) -> tuple[list[str], str]:
    """Replace each `...` by letters of their own (unused in the equation), one per batch dim.
    Operands with fewer batch dims get the rightmost letters, so they broadcast like NumPy."""
    unused = [c for c in string.ascii_letters if c not in equation]
    counts = [t.dim() - (len(spec) - 3) if "..." in spec else 0 for t, spec in zip(tensors, inputs)]
    if any(n < 0 for n in counts):
        raise RuntimeError("einsum(): the number of subscripts in the equation does not match "
                           "the number of dimensions for an operand")  # fmt: skip
    most = max(counts, default=0)
    batch = "".join(unused[:most])
    named = [spec.replace("...", batch[most - n :]) for spec, n in zip(inputs, counts)]
    return named, rhs.replace("...", batch)


def _broadcast_letters(terms: list[tuple[Tensor, str]]) -> list[tuple[Tensor, str]]:
    """Expand size-1 dims to the size other operands give the same letter (`...` dims)."""
    size: dict[str, int] = {}
    for t, spec in terms:
        for c, n in zip(spec, t.shape):
            if size.get(c, 1) == 1:
                size[c] = n
            elif n not in (1, size[c]):
                raise RuntimeError(
                    f"einsum(): operands do not broadcast: subscript {c} has size {size[c]} and {n}"
                )
    result = []
    for t, spec in terms:
        target = [size[c] for c in spec]
        result.append((t if list(t.shape) == target else t.expand(target), spec))
    return result


def _take_diagonals(t: Tensor, spec: str) -> tuple[Tensor, str]:
    """'ii' -> the diagonal, so each letter appears once per operand."""
    if len(spec) != t.dim():
        raise RuntimeError(
            f"einsum(): the number of subscripts in the equation ({len(spec)}) does not match "
            f"the number of dimensions ({t.dim()}) for operand and no ellipsis was given"
        )
    while len(set(spec)) < len(spec):
        for i, c in enumerate(spec):
            j = spec.find(c, i + 1)
            if j > 0:
                t = t.diagonal(0, i, j)
                spec = spec[:i] + spec[i + 1 : j] + spec[j + 1 :] + c
                break
    return t, spec


def _sum_unneeded(t: Tensor, spec: str, other: str, keep: str) -> tuple[Tensor, str]:
    """Sum away the letters only this operand has and nobody needs later."""
    drop = [i for i, c in enumerate(spec) if c not in other and c not in keep]
    if not drop:
        return t, spec
    return t.sum(drop), "".join(c for c in spec if c in other or c in keep)


def _contract_pair(a: Tensor, sa: str, b: Tensor, sb: str, keep: str) -> tuple[Tensor, str]:
    a, sa = _sum_unneeded(a, sa, sb, keep)
    b, sb = _sum_unneeded(b, sb, sa, keep)
    batch = [c for c in sa if c in sb and c in keep]
    contract = [c for c in sa if c in sb and c not in keep]
    left = [c for c in sa if c not in sb]
    right = [c for c in sb if c not in sa]
    if not contract:
        # Nothing to sum: line both up in the order they are needed in and multiply.
        letters = sorted(set(sa + sb), key=keep.index)
        return _aligned(a, sa, letters) * _aligned(b, sb, letters), "".join(letters)
    size = dict(zip(sa, a.shape))
    size.update(zip(sb, b.shape))

    def prod(letters: list[str]) -> int:
        return math.prod(size[c] for c in letters)

    a_p = a.permute([sa.index(c) for c in batch + left + contract])
    b_p = b.permute([sb.index(c) for c in batch + contract + right])
    a3 = a_p.reshape([prod(batch), prod(left), prod(contract)])
    b3 = b_p.reshape([prod(batch), prod(contract), prod(right)])
    out = bmm(a3, b3).view([size[c] for c in batch + left + right])
    return out, "".join(batch + left + right)


def _aligned(t: Tensor, spec: str, letters: list[str]) -> Tensor:
    """t permuted into the order of `letters`, with a size-1 dim for each letter it lacks."""
    t = t.permute([spec.index(c) for c in letters if c in spec])
    for i, c in enumerate(letters):
        if c not in spec:
            t = t.unsqueeze(i)
    return t
