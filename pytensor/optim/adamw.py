"""AdamW: Adam with weight decay applied to the parameters, not added to the gradient."""

from __future__ import annotations

from .adam import Adam
from .optimizer import ParamsT


class AdamW(Adam):
    r"""Implements AdamW (Loshchilov and Hutter, 2019, "Decoupled Weight Decay
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

    Example:
        >>> opt = pytensor.optim.AdamW(model.parameters(), lr=1e-3)  # doctest: +SKIP
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
