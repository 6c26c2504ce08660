"""Adam: per-coordinate step sizes from running averages of the gradient and its square.

>>> import pytensor
>>> w = pytensor.tensor([1.0, -2.0], requires_grad=True)
>>> opt = pytensor.optim.Adam([w], lr=0.1)
>>> for _ in range(2):
...     opt.zero_grad()
...     (w * w).sum().backward()
...     opt.step()
>>> w  # each coordinate moves by about lr per step, whatever its gradient
tensor([ 0.8004, -1.8002], requires_grad=True)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..autograd.grad_mode import no_grad
from ..ops.pointwise import maximum
from ._foreach import Params, batches
from .optimizer import Optimizer, ParamsT, check_implementation_flags


class Adam(Optimizer):
    """Implements the Adam algorithm (Kingma and Ba, 2014, "Adam: A Method for Stochastic
    Optimization"), with the AMSGrad variant (Reddi et al., 2018).

        input: γ (lr), β1, β2 (betas), θ_0 (params), f(θ) (objective),
               λ (weight_decay), amsgrad, maximize, ε (eps)
        initialize: m_0 ← 0 (first moment), v_0 ← 0 (second moment), v_0^max ← 0
        for t = 1 to ...:
            g_t ← ∇_θ f_t(θ_{t-1})                 (−∇_θ f_t(θ_{t-1}) if maximize)
            if λ ≠ 0:
                if decoupled_weight_decay:  θ_{t-1} ← θ_{t-1} − γ λ θ_{t-1}     (AdamW)
                else:                       g_t ← g_t + λ θ_{t-1}
            m_t ← β1 m_{t-1} + (1 − β1) g_t
            v_t ← β2 v_{t-1} + (1 − β2) g_t²
            m̂_t ← m_t / (1 − β1^t)
            if amsgrad:
                v_t^max ← max(v_{t-1}^max, v_t)
                v̂_t ← v_t^max / (1 − β2^t)
            else:
                v̂_t ← v_t / (1 − β2^t)
            θ_t ← θ_{t-1} − γ m̂_t / (√v̂_t + ε)

    The last line is evaluated as PyTorch does, so that float32 results agree bit for bit as
    far as possible: θ ← θ − (γ / (1 − β1^t)) · m_t / (√v_t / √(1 − β2^t) + ε).

    State per parameter: "step" (a float32 0-dim tensor), "exp_avg" (m), "exp_avg_sq" (v) and,
    with amsgrad, "max_exp_avg_sq" (v^max).

    Args:
        params: the tensors to optimize, or dicts defining parameter groups.
        lr: the learning rate γ. Default: 1e-3.
        betas: (β1, β2), the decay rates of the two running averages. Default: (0.9, 0.999).
        eps: ε, added to the denominator for numerical stability. Default: 1e-8.
        weight_decay: λ. Default: 0.
        amsgrad: use the AMSGrad variant. Default: False.
        foreach: update all of a group's parameters at once, with one kernel per op (see
            optim/_foreach.py; the numbers are the same). Default: None, which as in PyTorch
            means yes for parameters on a device (OpenCL) and no on the CPU.
        maximize: ascend the objective instead of descending. Default: False.
        capturable: must be False (see `optimizer.check_implementation_flags`).
        differentiable: must be False.
        fused: must be None or False.
        decoupled_weight_decay: decay θ directly instead of adding λθ to the gradient, which
            makes this AdamW. Default: False.

    Examples:
        >>> import pytensor, pytensor.nn as nn, pytensor.nn.functional as F
        >>> model = nn.Linear(3, 1)
        >>> opt = pytensor.optim.Adam(model.parameters(), lr=1e-3)
        >>> opt.zero_grad()
        >>> F.mse_loss(model(pytensor.randn(8, 3)), pytensor.randn(8, 1)).backward()
        >>> opt.step()
        >>> sorted(opt.state[model.weight])
        ['exp_avg', 'exp_avg_sq', 'step']
    """

    def __init__(
        self,
        params: ParamsT,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0,
        amsgrad: bool = False,
        *,
        foreach: bool | None = None,
        maximize: bool = False,
        capturable: bool = False,
        differentiable: bool = False,
        fused: bool | None = None,
        decoupled_weight_decay: bool = False,
    ) -> None:
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if not 0.0 <= betas[0] < 1.0:
            raise ValueError(f"Invalid beta parameter at index 0: {betas[0]}")
        if not 0.0 <= betas[1] < 1.0:
            raise ValueError(f"Invalid beta parameter at index 1: {betas[1]}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        check_implementation_flags(foreach, fused, capturable, differentiable)
        defaults = {
            "lr": lr,
            "betas": tuple(betas),
            "eps": eps,
            "weight_decay": weight_decay,
            "amsgrad": amsgrad,
            "maximize": maximize,
            "foreach": foreach,
            "capturable": capturable,
            "differentiable": differentiable,
            "fused": fused,
            "decoupled_weight_decay": decoupled_weight_decay,
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
            for params in batches(group, self.state):
                self._update(group, params)
        return loss

    @staticmethod
    def _update(group: dict[str, Any], params: Params) -> None:
        """One Adam step for one parameter, or for all of a group's at once (`foreach`, see
        optim/_foreach.py): the same arithmetic either way."""
        lr = group["lr"]
        beta1, beta2 = group["betas"]
        eps = group["eps"]
        weight_decay = group["weight_decay"]
        step = params.advance_step()
        exp_avg = params.state("exp_avg")
        exp_avg_sq = params.state("exp_avg_sq")
        grad = params.grad(group["maximize"])

        if weight_decay != 0:
            if group["decoupled_weight_decay"]:
                params.mul_(1 - lr * weight_decay)
            else:
                grad = grad.add(params.values(), alpha=weight_decay)

        exp_avg.lerp_(grad, 1 - beta1)
        exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)

        bias_correction1 = 1 - beta1**step
        bias_correction2 = 1 - beta2**step
        step_size = lr / bias_correction1
        bias_correction2_sqrt = bias_correction2**0.5

        if group["amsgrad"]:
            max_exp_avg_sq = params.state("max_exp_avg_sq")
            max_exp_avg_sq.copy_(maximum(max_exp_avg_sq, exp_avg_sq))
            denom = (max_exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(eps)
        else:
            denom = (exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(eps)

        # p.addcdiv_(exp_avg, denom, value=-step_size), as its three rounded steps, so that
        # the foreach path can add each parameter's slice.
        params.add_(exp_avg.mul(-step_size).div_(denom))

