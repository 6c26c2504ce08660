"""Adagrad: step sizes shrink with the sum of all squared gradients seen so far.

>>> import pytensor
>>> w = pytensor.tensor([1.0, -2.0], requires_grad=True)
>>> opt = pytensor.optim.Adagrad([w], lr=0.1)
>>> for _ in range(2):
...     opt.zero_grad()
...     (w * w).sum().backward()
...     opt.step()
>>> w  # torch.optim.Adagrad gives the same numbers
tensor([ 0.8331, -1.8311], requires_grad=True)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import dtypes
from ..autograd.grad_mode import no_grad
from ..ops.creation import full_like, tensor
from ..tensor import Tensor
from .optimizer import Optimizer, ParamsT, check_implementation_flags


class Adagrad(Optimizer):
    """Implements Adagrad (Duchi et al., 2011, "Adaptive Subgradient Methods for Online
    Learning and Stochastic Optimization").

        input: γ (lr), θ_0 (params), f(θ) (objective), λ (weight_decay),
               τ (initial_accumulator_value), η (lr_decay), ε (eps), maximize
        initialize: state_sum_0 ← τ
        for t = 1 to ...:
            g_t ← ∇_θ f_t(θ_{t-1})                 (−∇_θ f_t(θ_{t-1}) if maximize)
            γ̃ ← γ / (1 + (t − 1) η)
            if λ ≠ 0:   g_t ← g_t + λ θ_{t-1}
            state_sum_t ← state_sum_{t-1} + g_t²
            θ_t ← θ_{t-1} − γ̃ g_t / (√state_sum_t + ε)

    State per parameter: "step" and "sum". As in PyTorch, the state of the parameters given to
    the constructor is created there (so state_dict() has it before the first step), and
    always from the constructor's initial_accumulator_value.

    Args:
        params: the tensors to optimize, or dicts defining parameter groups.
        lr: the learning rate γ. Default: 1e-2.
        lr_decay: η, the learning rate decay. Default: 0.
        weight_decay: λ. Default: 0.
        initial_accumulator_value: τ, the starting value of the sums. Default: 0.
        eps: ε, added to the denominator for numerical stability. Default: 1e-10.
        foreach: accepted for compatibility; there is one implementation. Default: None.
        maximize: ascend the objective instead of descending. Default: False.
        differentiable: must be False (see `optimizer.check_implementation_flags`).
        fused: must be None or False.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> model = nn.Linear(3, 1)
        >>> opt = pytensor.optim.Adagrad(model.parameters(), lr=1e-2)
        >>> opt.state[model.bias]  # created by the constructor, as in PyTorch
        {'step': tensor(0.), 'sum': tensor([0.])}
    """

    def __init__(
        self,
        params: ParamsT,
        lr: float = 1e-2,
        lr_decay: float = 0,
        weight_decay: float = 0,
        initial_accumulator_value: float = 0,
        eps: float = 1e-10,
        foreach: bool | None = None,
        *,
        maximize: bool = False,
        differentiable: bool = False,
        fused: bool | None = None,
    ) -> None:
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= lr_decay:
            raise ValueError(f"Invalid lr_decay value: {lr_decay}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if not 0.0 <= initial_accumulator_value:
            raise ValueError(
                f"Invalid initial_accumulator_value value: {initial_accumulator_value}"
            )
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        check_implementation_flags(foreach, fused, differentiable=differentiable)
        defaults = {
            "lr": lr,
            "lr_decay": lr_decay,
            "eps": eps,
            "weight_decay": weight_decay,
            "initial_accumulator_value": initial_accumulator_value,
            "foreach": foreach,
            "maximize": maximize,
            "differentiable": differentiable,
            "fused": fused,
        }
        super().__init__(params, defaults)

        for group in self.param_groups:
            for p in group["params"]:
                self._init_state(p, initial_accumulator_value)

    def _init_state(self, p: Tensor, initial_accumulator_value: float) -> None:
        state = self.state[p]
        state["step"] = tensor(0.0, dtype=dtypes.get_default_dtype())
        state["sum"] = full_like(p, initial_accumulator_value)

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
            lr_decay = group["lr_decay"]
            eps = group["eps"]
            weight_decay = group["weight_decay"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                grad = p.grad if not group["maximize"] else -p.grad

                state = self.state[p]
                if len(state) == 0:  # a parameter added later by add_param_group
                    self._init_state(p, self.defaults["initial_accumulator_value"])
                state_sum = state["sum"]
                state["step"] += 1
                step = state["step"].item()

                if weight_decay != 0:
                    grad = grad.add(p, alpha=weight_decay)

                clr = lr / (1 + (step - 1) * lr_decay)

                state_sum.addcmul_(grad, grad, value=1)
                std = state_sum.sqrt().add_(eps)
                p.addcdiv_(grad, std, value=-clr)

        return loss
