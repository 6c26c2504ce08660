"""Stochastic gradient descent, with optional momentum, Nesterov momentum and weight decay.

>>> import pytensor
>>> w = pytensor.tensor([1.0, -2.0], requires_grad=True)
>>> opt = pytensor.optim.SGD([w], lr=0.1, momentum=0.9)
>>> for _ in range(2):
...     opt.zero_grad()
...     (w * w).sum().backward()
...     opt.step()
>>> w  # torch.optim.SGD gives the same numbers
tensor([ 0.4600, -0.9200], requires_grad=True)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..autograd.grad_mode import no_grad
from .optimizer import Optimizer, ParamsT, check_implementation_flags


class SGD(Optimizer):
    """Implements stochastic gradient descent (optionally with momentum).

        input: γ (lr), θ_0 (params), f(θ) (objective), λ (weight_decay),
               μ (momentum), τ (dampening), nesterov, maximize
        for t = 1 to ...:
            g_t ← ∇_θ f_t(θ_{t-1})                 (−∇_θ f_t(θ_{t-1}) if maximize)
            if λ ≠ 0:   g_t ← g_t + λ θ_{t-1}
            if μ ≠ 0:
                if t > 1:  b_t ← μ b_{t-1} + (1 − τ) g_t
                else:      b_t ← g_t
                if nesterov:  g_t ← g_t + μ b_t
                else:         g_t ← b_t
            θ_t ← θ_{t-1} − γ g_t

    The momentum buffer b starts as the first gradient, not zeros, so dampening applies from
    the second step on. Note the form `b ← μ b + g; θ ← θ − γ b`: the learning rate multiplies
    the buffer, rather than being folded into it as in Sutskever et al. (2013).

    State per parameter: "momentum_buffer" (b, when μ ≠ 0).

    Args:
        params: the tensors to optimize, or dicts defining parameter groups.
        lr: the learning rate γ. Default: 1e-3.
        momentum: the momentum factor μ. Default: 0.
        dampening: the dampening τ for momentum. Default: 0.
        weight_decay: λ, an L2 penalty. Default: 0.
        nesterov: use Nesterov momentum; needs μ > 0 and τ = 0. Default: False.
        maximize: ascend the objective instead of descending. Default: False.
        foreach: accepted for compatibility; there is one implementation. Default: None.
        differentiable: must be False (see `optimizer.check_implementation_flags`).
        fused: must be None or False.

    Raises:
        ValueError: for a negative lr, momentum or weight decay, or Nesterov without momentum
            or with dampening.

    Examples:
        >>> import pytensor, pytensor.nn as nn, pytensor.nn.functional as F
        >>> model = nn.Linear(3, 1)
        >>> opt = pytensor.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
        >>> x, y = pytensor.randn(8, 3), pytensor.randn(8, 1)
        >>> opt.zero_grad()
        >>> F.mse_loss(model(x), y).backward()
        >>> opt.step()
    """

    def __init__(
        self,
        params: ParamsT,
        lr: float = 1e-3,
        momentum: float = 0,
        dampening: float = 0,
        weight_decay: float = 0,
        nesterov: bool = False,
        *,
        maximize: bool = False,
        foreach: bool | None = None,
        differentiable: bool = False,
        fused: bool | None = None,
    ) -> None:
        if lr < 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        if momentum < 0.0:
            raise ValueError(f"Invalid momentum value: {momentum}")
        if weight_decay < 0.0:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        check_implementation_flags(foreach, fused, differentiable=differentiable)
        defaults = {
            "lr": lr,
            "momentum": momentum,
            "dampening": dampening,
            "weight_decay": weight_decay,
            "nesterov": nesterov,
            "maximize": maximize,
            "foreach": foreach,
            "differentiable": differentiable,
            "fused": fused,
        }
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
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
            momentum = group["momentum"]
            dampening = group["dampening"]
            weight_decay = group["weight_decay"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                grad = p.grad if not group["maximize"] else -p.grad

                if weight_decay != 0:
                    grad = grad.add(p, alpha=weight_decay)

                if momentum != 0:
                    state = self.state[p]
                    buf = state.get("momentum_buffer")
                    if buf is None:
                        buf = grad.detach().clone()
                        state["momentum_buffer"] = buf
                    else:
                        buf.mul_(momentum).add_(grad, alpha=1 - dampening)
                    if group["nesterov"]:
                        grad = grad.add(buf, alpha=momentum)
                    else:
                        grad = buf

                p.add_(grad, alpha=-lr)

        return loss
