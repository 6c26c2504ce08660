"""Matrix products: matmul (with PyTorch's 1-D, batched and broadcast rules), mm, bmm, dot,
mv, outer, and einsum built on top of them."""

from __future__ import annotations

import math
from collections.abc import Sequence

from .._layout import broadcast_shapes
from ..autograd.graph import record
from ..tensor import Tensor
from .creation import new_tensor
from .pointwise import broadcast_view


def _check_dtypes(a: Tensor, b: Tensor) -> None:
    if a.dtype is not b.dtype:
        raise RuntimeError(
            f"expected m1 and m2 to have the same dtype, but got: {_short(a)} != {_short(b)}"
        )


def _short(t: Tensor) -> str:
    names = {"float32": "float", "float64": "double", "int64": "long int", "int32": "int"}
    return names.get(t.dtype.name, t.dtype.name)


def _batched_matmul(a: Tensor, b: Tensor, name: str) -> Tensor:
    """(..., m, k) @ (..., k, n) with broadcast batch dims: one call to backend.matmul."""
    _check_dtypes(a, b)
    m, k = a.shape[-2:]
    k2, n = b.shape[-2:]
    if k != k2:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({m}x{k} and {k2}x{n})")
    batch = broadcast_shapes(a.shape[:-2], b.shape[:-2])
    out = new_tensor(batch + (m, n), a.dtype, a.device)
    a_view = broadcast_view(a, batch + (m, k))
    b_view = broadcast_view(b, batch + (k, n))
    a.backend.matmul(a_view, b_view, out.view_of())

    def backward(g: Tensor) -> tuple[Tensor | None, Tensor | None]:
        # Only the gradients somebody needs: for x @ W, x is usually data.
        grad_a = g @ b.mT if a.requires_grad else None
        grad_b = a.mT @ g if b.requires_grad else None
        return grad_a, grad_b

    return record(out, name, backward, (a, b), saved=(a, b))


def matmul(a: Tensor, b: Tensor) -> Tensor:
    """The @ operator: dot for 1-D @ 1-D, matrix-vector forms, and batched broadcast."""
    if a.dim() == 0 or b.dim() == 0:
        raise RuntimeError(
            f"both arguments to matmul need to be at least 1D, but they are {a.dim()}D and "
            f"{b.dim()}D"
        )
    if a.dim() == 1 and b.dim() == 1:
        return dot(a, b)
    if a.dim() == 2 and b.dim() == 1:
        return mv(a, b)
    if a.dim() == 1:
        return _batched_matmul(a.unsqueeze(0), b, "MmBackward0").squeeze(-2)
    if b.dim() == 1:
        return _batched_matmul(a, b.unsqueeze(-1), "MmBackward0").squeeze(-1)
    name = "MmBackward0" if a.dim() == 2 and b.dim() == 2 else "BmmBackward0"
    return _batched_matmul(a, b, name)


def mm(a: Tensor, b: Tensor) -> Tensor:
    if a.dim() != 2:
        raise RuntimeError("self must be a matrix")
    if b.dim() != 2:
        raise RuntimeError("mat2 must be a matrix")
    return _batched_matmul(a, b, "MmBackward0")


def bmm(a: Tensor, b: Tensor) -> Tensor:
    if a.dim() != 3:
        raise RuntimeError("batch1 must be a 3D tensor")
    if b.dim() != 3:
        raise RuntimeError("batch2 must be a 3D tensor")
    if a.shape[0] != b.shape[0]:
        raise RuntimeError(
            f"Expected size for first two dimensions of batch2 tensor to be: "
            f"[{a.shape[0]}, {a.shape[2]}] but got: [{b.shape[0]}, {b.shape[1]}]."
        )
    return _batched_matmul(a, b, "BmmBackward0")


def dot(a: Tensor, b: Tensor) -> Tensor:
    if a.dim() != 1 or b.dim() != 1:
        raise RuntimeError(f"1D tensors expected, but got {a.dim()}D and {b.dim()}D tensors")
    if a.shape[0] != b.shape[0]:
        n, m = a.shape[0], b.shape[0]
        raise RuntimeError(
            f"inconsistent tensor size, expected tensor [{n}] and src [{m}] to have the same "
            f"number of elements, but got {n} and {m} elements respectively"
        )
    from ..autograd.grad_mode import no_grad

    with no_grad():
        out = _batched_matmul(a.unsqueeze(0), b.unsqueeze(1), "").reshape(())
    return record(out, "DotBackward0", lambda g: (g * b, g * a), (a, b), saved=(a, b))


def mv(a: Tensor, v: Tensor) -> Tensor:
    from ..autograd.grad_mode import no_grad

    with no_grad():
        out = _batched_matmul(a, v.unsqueeze(-1), "").squeeze(-1)
    return record(
        out, "MvBackward0", lambda g: (g.unsqueeze(-1) * v, a.t() @ g), (a, v), saved=(a, v)
    )


def outer(a: Tensor, b: Tensor) -> Tensor:
    return a.unsqueeze(1) * b.unsqueeze(0)


# --- einsum -------------------------------------------------------------------------------------


def einsum(equation: str, *operands: Tensor | Sequence[Tensor]) -> Tensor:
    """Einstein summation, e.g. einsum("bij,bjk->bik", a, b).

    Each operand first loses its repeated letters (diagonals) and the letters nobody else needs
    (summed). Operands are then combined two at a time: letters in both become a batched matmul's
    batch or contraction dims, which turns any pairwise einsum into one `matmul`.
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
    if not arrow:  # implicit output: letters used once, in alphabetical order
        letters = "".join(inputs)
        rhs = "".join(sorted(c for c in set(letters) if letters.count(c) == 1))
    terms = [(_take_diagonals(t, spec)) for t, spec in zip(tensors, inputs)]
    while len(terms) > 1:
        (a, sa), (b, sb) = terms[0], terms[1]
        later = rhs + "".join(s for _, s in terms[2:])
        terms = [_contract_pair(a, sa, b, sb, later)] + terms[2:]
    t, spec = terms[0]
    summed = [i for i, c in enumerate(spec) if c not in rhs]
    if summed:
        t = t.sum(summed)
        spec = "".join(c for c in spec if c in rhs)
    return t.permute([spec.index(c) for c in rhs]) if spec else t


def _take_diagonals(t: Tensor, spec: str) -> tuple[Tensor, str]:
    """'ii' -> the diagonal, so each letter appears once per operand."""
    while len(set(spec)) < len(spec):
        for i, c in enumerate(spec):
            j = spec.find(c, i + 1)
            if j > 0:
                t = t.diagonal(0, i, j)
                spec = spec[:i] + spec[i + 1 : j] + spec[j + 1 :] + c
                break
    return t, spec


def _contract_pair(a: Tensor, sa: str, b: Tensor, sb: str, keep: str) -> tuple[Tensor, str]:
    # Sum away letters that appear only in one operand and are not needed later.
    for t_name in ("a", "b"):
        t, s, other = (a, sa, sb) if t_name == "a" else (b, sb, sa)
        drop = [i for i, c in enumerate(s) if c not in other and c not in keep]
        if drop:
            t = t.sum(drop)
            s = "".join(c for c in s if c in other or c in keep)
        a, sa = (t, s) if t_name == "a" else (a, sa)
        b, sb = (t, s) if t_name == "b" else (b, sb)
    batch = [c for c in sa if c in sb and c in keep]
    contract = [c for c in sa if c in sb and c not in keep]
    left = [c for c in sa if c not in sb]
    right = [c for c in sb if c not in sa]
    a_p = a.permute([sa.index(c) for c in batch + left + contract])
    b_p = b.permute([sb.index(c) for c in batch + contract + right])
    size = dict(zip(sa, a.shape))
    size.update(zip(sb, b.shape))

    def prod(letters: list[str]) -> int:
        return math.prod(size[c] for c in letters)

    batch_shape = [max(size[c], 1) for c in batch]
    a3 = a_p.reshape([prod(batch), prod(left), prod(contract)])
    b3 = b_p.reshape([prod(batch), prod(contract), prod(right)])
    out = matmul(a3, b3).reshape(batch_shape + [size[c] for c in left + right])
    return out, "".join(batch + left + right)
