"""gradcheck: compare autograd's gradients with central differences, element by element.

For every input element x_j and every output element y_i:
    numerical  J[i, j] = (y_i(x + eps e_j) - y_i(x - eps e_j)) / (2 eps)
    analytical J[i, j] = the j-th entry of autograd.grad(y_i, x)
Run it in float64: in float32 the difference quotient has only about 3 correct digits.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import product
from typing import TYPE_CHECKING, Any

from .grad_mode import no_grad

if TYPE_CHECKING:
    from ..tensor import Tensor


class GradcheckError(RuntimeError):
    """Raised by `gradcheck` when an analytical and a numerical Jacobian entry disagree.

    The message names the output and input indices, both values and the input element.
    """

    pass


def _outputs(fn: Callable[..., Any], inputs: Sequence[Any]) -> list[Tensor]:
    from ..tensor import Tensor

    out = fn(*inputs)
    outs = out if isinstance(out, (tuple, list)) else (out,)
    return [o for o in outs if isinstance(o, Tensor) and o.dtype.is_floating_point]


def _flat(outs: Sequence[Tensor]) -> list[float]:
    values: list[float] = []
    for o in outs:
        values.extend(float(v) for v in o.detach().reshape(-1).tolist())
    return values


def _indices(shape: Sequence[int]) -> list[tuple[int, ...]]:
    return list(product(*(range(s) for s in shape)))


def gradcheck(
    func: Callable[..., Any],
    inputs: Any,
    *,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    raise_exception: bool = True,
    **_: Any,
) -> bool:
    """True when analytical and numerical Jacobians agree for every input that requires grad.

    Each input element is perturbed by +-`eps` in place and the outputs' central differences
    are compared with autograd's, entry by entry: `|analytical - numerical| <= atol + rtol *
    |numerical|`. It costs two calls of `func` per input element, so keep the inputs small, and
    make them float64.

    Args:
        func: a function of the inputs that returns a tensor or a tuple of tensors.
        inputs: a tensor or a tuple of arguments; the tensors that require grad are checked.
        eps: the perturbation.
        atol: the absolute tolerance.
        rtol: the relative tolerance.
        raise_exception: raise `GradcheckError` on a mismatch (False: return False).
        **_: PyTorch's other options (`fast_mode`, `check_undefined_grad`, ...), accepted and
            ignored.

    Returns:
        True (or False, with `raise_exception=False`, on the first mismatch).

    Examples:
        >>> import pytensor
        >>> x = pytensor.tensor([0.5, 1.5], dtype=pytensor.float64, requires_grad=True)
        >>> pytensor.autograd.gradcheck(lambda t: (t.sin() * t).sum(), (x,))
        True
    """
    from ..tensor import Tensor
    from . import grad as autograd_grad

    inputs = tuple(inputs) if isinstance(inputs, (tuple, list)) else (inputs,)
    for k, x in enumerate(inputs):
        if not (isinstance(x, Tensor) and x.requires_grad):
            continue
        positions = _indices(x.shape)
        # Analytical first, from a fresh graph: the perturbations below write into x in place,
        # which would (rightly) invalidate any graph that saved x.
        outs = _outputs(func, inputs)
        out_sizes = [o.numel() for o in outs]
        analytical: list[list[float]] = [[0.0] * sum(out_sizes) for _ in positions]
        row = 0
        for o in outs:
            for i in range(o.numel()):
                onehot = o.new_zeros(o.numel())
                onehot[i] = 1.0
                (g,) = autograd_grad(
                    o, x, onehot.reshape(o.shape), retain_graph=True, allow_unused=True
                )
                values = [0.0] * x.numel() if g is None else _flat([g])
                for j, v in enumerate(values):
                    analytical[j][row] = v
                row += 1
        # Numerical: perturb one element at a time, in place, on a detached alias.
        numerical: list[list[float]] = []
        alias = x.detach()
        for pos in positions:
            original = float(alias[pos].item()) if pos else float(alias.item())
            # Grad mode stays on: func may itself call autograd.grad (gradgradcheck does).
            _set(alias, pos, original + eps)
            plus = _flat(_outputs(func, inputs))
            _set(alias, pos, original - eps)
            minus = _flat(_outputs(func, inputs))
            _set(alias, pos, original)
            numerical.append([(p - m) / (2 * eps) for p, m in zip(plus, minus)])
        for j, pos in enumerate(positions):
            for i, (n, a) in enumerate(zip(numerical[j], analytical[j])):
                if abs(a - n) > atol + rtol * abs(n):
                    if not raise_exception:
                        return False
                    raise GradcheckError(
                        f"Jacobian mismatch for output {i} with respect to input {k},\n"
                        f"numerical:{n}\nanalytical:{a}\n(at input element {pos})"
                    )
    return True


def _set(t: Tensor, pos: tuple[int, ...], value: float) -> None:
    with no_grad():
        if pos:
            t[pos] = value
        else:
            t.fill_(value)


def gradgradcheck(
    func: Callable[..., Any],
    inputs: Any,
    grad_outputs: Any = None,
    *,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    **_: Any,
) -> bool:
    """gradcheck of the gradient itself: checks create_graph=True backward formulas.

    The first gradients, computed with `create_graph=True` against `grad_outputs`, are checked
    by `gradcheck` as functions of the inputs.

    Args:
        func: a function of the inputs that returns a tensor or a tuple of tensors.
        inputs: a tensor or a tuple of arguments; the tensors that require grad are checked.
        grad_outputs: the gradients of the outputs to start from; default: fixed values
            `0.5 + 0.1 * (i % 7)`.
        eps: the perturbation.
        atol: the absolute tolerance.
        rtol: the relative tolerance.
        **_: PyTorch's other options, accepted and ignored.

    Returns:
        True; a mismatch raises `GradcheckError`.

    Note:
        PyTorch draws random `grad_outputs` by default; pytensor uses fixed ones, so a check is
        repeatable.

    Examples:
        >>> import pytensor
        >>> x = pytensor.tensor([0.5, 1.5], dtype=pytensor.float64, requires_grad=True)
        >>> pytensor.autograd.gradgradcheck(lambda t: t ** 3, (x,))
        True
    """
    from ..tensor import Tensor
    from . import grad as autograd_grad

    inputs = tuple(inputs) if isinstance(inputs, (tuple, list)) else (inputs,)
    diff_inputs = [x for x in inputs if isinstance(x, Tensor) and x.requires_grad]
    outs = _outputs(func, inputs)
    if grad_outputs is None:
        from ..ops.creation import tensor

        grad_outputs = [
            tensor([0.5 + 0.1 * (i % 7) for i in range(o.numel())], dtype=o.dtype).reshape(o.shape)
            for o in outs
        ]

    def first_grads(*args: Any) -> tuple[Tensor, ...]:
        result = autograd_grad(
            _outputs(func, args), [a for a in args if isinstance(a, Tensor) and a.requires_grad],
            grad_outputs, create_graph=True, allow_unused=True,
        )  # fmt: skip
        return tuple(g for g in result if g is not None)

    assert diff_inputs
    return gradcheck(first_grads, inputs, eps=eps, atol=atol, rtol=rtol)
