"""Stochastic gradient descent, with optional momentum, Nesterov momentum and weight decay."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..autograd.grad_mode import no_grad
from .optimizer import Optimizer, ParamsT, check_implementation_flags


class SGD(Optimizer):
    r"""Implements stochastic gradient descent (optionally with momentum).

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

    lr: learning rate (default: 1e-3); momentum: μ (default: 0); dampening: τ (default: 0);
    weight_decay: λ, an L2 penalty (default: 0); nesterov: Nesterov momentum, needs μ > 0 and
    τ = 0 (default: False); maximize: ascend the objective instead (default: False).
    foreach, differentiable and fused are accepted for compatibility (see
    `optimizer.check_implementation_flags`).

    Example:
        >>> opt = pytensor.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)  # doctest: +SKIP
        >>> opt.zero_grad(); loss_fn(model(x), y).backward(); opt.step()  # doctest: +SKIP
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
        """Perform one update of every parameter that has a gradient."""
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
