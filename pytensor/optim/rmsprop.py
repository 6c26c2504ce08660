"""RMSprop: divide the gradient by a running root-mean-square of recent gradients.

>>> import pytensor
>>> w = pytensor.tensor([1.0, -2.0], requires_grad=True)
>>> opt = pytensor.optim.RMSprop([w], lr=0.01)
>>> for _ in range(2):
...     opt.zero_grad()
...     (w * w).sum().backward()
...     opt.step()
>>> w  # torch.optim.RMSprop gives the same numbers
tensor([ 0.8329, -1.8309], requires_grad=True)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import dtypes
from ..autograd.grad_mode import no_grad
from ..ops.creation import zeros, zeros_like
from .optimizer import Optimizer, ParamsT, check_implementation_flags


class RMSprop(Optimizer):
    """Implements RMSprop (Hinton, Coursera lecture 6e; the centered version is from Graves,
    2013, "Generating Sequences With Recurrent Neural Networks").

        input: α (alpha), γ (lr), θ_0 (params), f(θ) (objective), λ (weight_decay),
               μ (momentum), centered, ε (eps), maximize
        initialize: v_0 ← 0 (square average), b_0 ← 0 (buffer), g_0^ave ← 0
        for t = 1 to ...:
            g_t ← ∇_θ f_t(θ_{t-1})                 (−∇_θ f_t(θ_{t-1}) if maximize)
            if λ ≠ 0:   g_t ← g_t + λ θ_{t-1}
            v_t ← α v_{t-1} + (1 − α) g_t²
            ṽ_t ← v_t
            if centered:
                g_t^ave ← α g_{t-1}^ave + (1 − α) g_t
                ṽ_t ← ṽ_t − (g_t^ave)²
            if μ > 0:
                b_t ← μ b_{t-1} + g_t / (√ṽ_t + ε)
                θ_t ← θ_{t-1} − γ b_t
            else:
                θ_t ← θ_{t-1} − γ g_t / (√ṽ_t + ε)

    State per parameter: "step", "square_avg" (v), "momentum_buffer" (b, when μ > 0) and
    "grad_avg" (g^ave, when centered).

    Args:
        params: the tensors to optimize, or dicts defining parameter groups.
        lr: the learning rate γ. Default: 1e-2.
        alpha: α, the smoothing constant of the square average. Default: 0.99.
        eps: ε, added to the denominator for numerical stability. Default: 1e-8.
        weight_decay: λ. Default: 0.
        momentum: μ. Default: 0.
        centered: normalise by an estimate of the gradient's variance instead of its second
            moment. Default: False.
        capturable: must be False (see `optimizer.check_implementation_flags`).
        foreach: accepted for compatibility; there is one implementation. Default: None.
        maximize: ascend the objective instead of descending. Default: False.
        differentiable: must be False.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> opt = pytensor.optim.RMSprop(nn.Linear(3, 1).parameters(), lr=1e-2, momentum=0.9)
        >>> opt.param_groups[0]["alpha"], opt.param_groups[0]["momentum"]
        (0.99, 0.9)
    """

    def __init__(
        self,
        params: ParamsT,
        lr: float = 1e-2,
        alpha: float = 0.99,
        eps: float = 1e-8,
        weight_decay: float = 0,
        momentum: float = 0,
        centered: bool = False,
        capturable: bool = False,
        foreach: bool | None = None,
        maximize: bool = False,
        differentiable: bool = False,
    ) -> None:
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if not 0.0 <= momentum:
            raise ValueError(f"Invalid momentum value: {momentum}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if not 0.0 <= alpha:
            raise ValueError(f"Invalid alpha value: {alpha}")
        check_implementation_flags(foreach, None, capturable, differentiable)
        defaults = {
            "lr": lr,
            "momentum": momentum,
            "alpha": alpha,
            "eps": eps,
            "centered": centered,
            "weight_decay": weight_decay,
            "capturable": capturable,
            "foreach": foreach,
            "maximize": maximize,
            "differentiable": differentiable,
        }
        super().__init__(params, defaults)

    @no_grad()
    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Perform one update of every parameter that has a gradient.

        Args:
            closure: an optional function that re-evaluates the model and returns the loss.

        Returns:
            The closure's loss, or None.
        """
        loss = self._evaluate_closure(closure)

        for group in self.param_groups:
            lr = group["lr"]
            alpha = group["alpha"]
            eps = group["eps"]
            weight_decay = group["weight_decay"]
            momentum = group["momentum"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                grad = p.grad if not group["maximize"] else -p.grad

                state = self.state[p]
                if len(state) == 0:
                    state["step"] = zeros((), dtype=dtypes.get_default_dtype())
                    state["square_avg"] = zeros_like(p)
                    if momentum > 0:
                        state["momentum_buffer"] = zeros_like(p)
                    if group["centered"]:
                        state["grad_avg"] = zeros_like(p)
                square_avg = state["square_avg"]
                state["step"] += 1

                if weight_decay != 0:
                    grad = grad.add(p, alpha=weight_decay)

                square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)

                if group["centered"]:
                    grad_avg = state["grad_avg"]
                    grad_avg.lerp_(grad, 1 - alpha)
                    avg = square_avg.addcmul(grad_avg, grad_avg, value=-1).sqrt_()
                else:
                    avg = square_avg.sqrt()
                avg = avg.add_(eps)

                if momentum > 0:
                    buf = state["momentum_buffer"]
                    buf.mul_(momentum).addcdiv_(grad, avg)
                    p.add_(buf, alpha=-lr)
                else:
                    p.addcdiv_(grad, avg, value=-lr)

        return loss
