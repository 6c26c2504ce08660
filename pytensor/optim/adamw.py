"""AdamW: Adam with weight decay applied to the parameters, not added to the gradient.

>>> import pytensor
>>> w = pytensor.tensor([1.0, -2.0], requires_grad=True)
>>> opt = pytensor.optim.AdamW([w], lr=0.1)
>>> for _ in range(2):
...     opt.zero_grad()
...     (w * w).sum().backward()
...     opt.step()
>>> w  # torch.optim.AdamW gives the same numbers
tensor([ 0.7985, -1.7963], requires_grad=True)
"""

from __future__ import annotations

from .adam import Adam
from .optimizer import ParamsT


class AdamW(Adam):
    """Implements AdamW (Loshchilov and Hutter, 2019, "Decoupled Weight Decay
    Regularization"): weight decay does not accumulate in the moments.

        input: γ (lr), β1, β2 (betas), θ_0 (params), f(θ) (objective), ε (eps),
               λ (weight_decay), amsgrad, maximize
        initialize: m_0 ← 0 (first moment), v_0 ← 0 (second moment), v_0^max ← 0
        for t = 1 to ...:
            g_t ← ∇_θ f_t(θ_{t-1})                 (−∇_θ f_t(θ_{t-1}) if maximize)
            θ_t ← θ_{t-1} − γ λ θ_{t-1}
            m_t ← β1 m_{t-1} + (1 − β1) g_t
            v_t ← β2 v_{t-1} + (1 − β2) g_t²
            m̂_t ← m_t / (1 − β1^t)
            if amsgrad:
                v_t^max ← max(v_{t-1}^max, v_t)
                v̂_t ← v_t^max / (1 − β2^t)
            else:
                v̂_t ← v_t / (1 − β2^t)
            θ_t ← θ_t − γ m̂_t / (√v̂_t + ε)

    This is `Adam` with decoupled_weight_decay=True (as in PyTorch, where AdamW subclasses
    Adam); the loop is `Adam.step`. Note the default weight_decay here is 1e-2, not 0.

    Args:
        params: the tensors to optimize, or dicts defining parameter groups.
        lr: the learning rate γ. Default: 1e-3.
        betas: (β1, β2), the decay rates of the two running averages. Default: (0.9, 0.999).
        eps: ε, added to the denominator for numerical stability. Default: 1e-8.
        weight_decay: λ, the decoupled weight decay. Default: 1e-2.
        amsgrad: use the AMSGrad variant. Default: False.
        maximize: ascend the objective instead of descending. Default: False.
        foreach: update all parameters of a group at once, as in `Adam`. Default: None (yes on
            a device, no on the CPU).
        capturable: must be False (see `optimizer.check_implementation_flags`).
        differentiable: must be False.
        fused: must be None or False.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> opt = pytensor.optim.AdamW(nn.Linear(3, 1).parameters(), lr=1e-3)
        >>> opt.param_groups[0]["weight_decay"], opt.param_groups[0]["decoupled_weight_decay"]
        (0.01, True)
    """

    def __init__(
        self,
        params: ParamsT,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 1e-2,
        amsgrad: bool = False,
        *,
        maximize: bool = False,
        foreach: bool | None = None,
        capturable: bool = False,
        differentiable: bool = False,
        fused: bool | None = None,
    ) -> None:
        super().__init__(
            params,
            lr,
            betas,
            eps,
            weight_decay,
            amsgrad,
            foreach=foreach,
            maximize=maximize,
            capturable=capturable,
            differentiable=differentiable,
            fused=fused,
            decoupled_weight_decay=True,
        )
