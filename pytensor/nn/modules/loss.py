"""Loss layers: each stores its options and calls its function in `nn.functional` (the code is in
nn/_functional/regression_loss.py and nn/_functional/loss.py).

reduction is 'none' (one loss per element), 'mean' or 'sum'. Class weights are registered as
buffers, as torch does, so they move with `.to()` and appear in state_dict.

Difference from torch: the deprecated `size_average` and `reduce` arguments are not accepted.
Since they are missing, the positions of the arguments after them differ from PyTorch's
(`MSELoss('sum')` works here, where torch needs `MSELoss(reduction='sum')`): pass them by
keyword to write code that runs on both.

>>> import pytensor, pytensor.nn as nn
>>> nn.CrossEntropyLoss()(pytensor.zeros(2, 4), pytensor.tensor([0, 3]))
tensor(1.3863)
"""

from __future__ import annotations

from ...tensor import Tensor
from .. import functional as F
from .module import Module


class _Loss(Module):
    def __init__(self, reduction: str = "mean") -> None:
        super().__init__()
        self.reduction = reduction


class _WeightedLoss(_Loss):
    weight: Tensor | None

    def __init__(self, weight: Tensor | None = None, reduction: str = "mean") -> None:
        super().__init__(reduction)
        self.register_buffer("weight", weight)


class MSELoss(_Loss):
    """Measures the mean squared error: the loss of each element is `(x - y)^2`.

    Args:
        reduction: `'none'` (the loss of every element), `'mean'` or `'sum'`. Default: `'mean'`.

    Shape:
        - Input: `(*)`, any number of dimensions.
        - Target: `(*)`, the shape of the input.
        - Output: a scalar, or `(*)` with `reduction='none'`.

    Note:
        PyTorch 2.13's functional form also takes a `weight`; pytensor's does not.
        PyTorch's deprecated `size_average` and `reduce` arguments are not accepted, so the
        arguments after them sit at other positions: pass `reduction` by keyword.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> x = pytensor.tensor([[0.5, 2.0], [1.0, -1.0]], requires_grad=True)
        >>> y = pytensor.tensor([[1.0, 0.0], [1.0, 1.0]])
        >>> loss = nn.MSELoss()(x, y)
        >>> loss
        tensor(2.0625, grad_fn=<MseLossBackward0>)
        >>> loss.backward()
        >>> x.grad
        tensor([[-0.2500,  1.0000],
                [ 0.0000, -1.0000]])
    """

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        return F.mse_loss(input, target, reduction=self.reduction)


class L1Loss(_Loss):
    """Measures the mean absolute error: the loss of each element is `|x - y|`.

    Args:
        reduction: `'none'`, `'mean'` or `'sum'`. Default: `'mean'`.

    Shape:
        - Input: `(*)`, any number of dimensions.
        - Target: `(*)`, the shape of the input.
        - Output: a scalar, or `(*)` with `reduction='none'`.

    Note:
        PyTorch's deprecated `size_average` and `reduce` arguments are not accepted, so the
        arguments after them sit at other positions: pass `reduction` by keyword.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> x = pytensor.tensor([[0.5, 2.0], [1.0, -1.0]])
        >>> y = pytensor.tensor([[1.0, 0.0], [1.0, 1.0]])
        >>> nn.L1Loss()(x, y), nn.L1Loss(reduction="sum")(x, y)
        (tensor(1.1250), tensor(4.5000))
    """

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        return F.l1_loss(input, target, reduction=self.reduction)


class SmoothL1Loss(_Loss):
    """A squared error near zero and an absolute error further out, with `d = |x - y|`:
    `0.5 * d^2 / beta` where `d < beta`, else `d - 0.5 * beta`.

    Less sensitive to outliers than `MSELoss` (Girshick, 2015, Fast R-CNN). With `beta = 0` it is
    `L1Loss`; it equals `HuberLoss(delta=beta) / beta`.

    Args:
        reduction: `'none'`, `'mean'` or `'sum'`. Default: `'mean'`.
        beta: where the loss changes from quadratic to linear; non-negative. Default: 1.0.

    Shape:
        - Input: `(*)`, any number of dimensions.
        - Target: `(*)`, the shape of the input.
        - Output: a scalar, or `(*)` with `reduction='none'`.

    Note:
        PyTorch's deprecated `size_average` and `reduce` arguments are not accepted, so the
        arguments after them sit at other positions: pass `reduction` and `beta` by keyword.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> x, y = pytensor.tensor([0.0, 0.5, 2.0]), pytensor.zeros(3)
        >>> nn.SmoothL1Loss(reduction="none")(x, y)
        tensor([0.0000, 0.1250, 1.5000])
        >>> nn.SmoothL1Loss(reduction="none", beta=0.5)(x, y)
        tensor([0.0000, 0.2500, 1.7500])
    """

    def __init__(self, reduction: str = "mean", beta: float = 1.0) -> None:
        super().__init__(reduction)
        self.beta = beta

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        return F.smooth_l1_loss(input, target, reduction=self.reduction, beta=self.beta)


class HuberLoss(_Loss):
    """The Huber loss, with `d = |x - y|`: `0.5 * d^2` where `d < delta`, else
    `delta * (d - 0.5 * delta)`; quadratic near zero, then linear with slope `delta`.

    Args:
        reduction: `'none'`, `'mean'` or `'sum'`. Default: `'mean'`.
        delta: where the loss changes from quadratic to linear; positive. Default: 1.0.

    Shape:
        - Input: `(*)`, any number of dimensions.
        - Target: `(*)`, the shape of the input.
        - Output: a scalar, or `(*)` with `reduction='none'`.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> x, y = pytensor.tensor([0.0, 0.5, 2.0]), pytensor.zeros(3)
        >>> nn.HuberLoss(reduction="none", delta=0.5)(x, y)
        tensor([0.0000, 0.1250, 0.8750])
    """

    def __init__(self, reduction: str = "mean", delta: float = 1.0) -> None:
        super().__init__(reduction)
        self.delta = delta

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        return F.huber_loss(input, target, reduction=self.reduction, delta=self.delta)


class BCELoss(_WeightedLoss):
    """The binary cross entropy between probabilities `x` and targets `y` in [0, 1]:
    `-w * (y * log(x) + (1 - y) * log(1 - x))`.

    Each log is clamped at -100, as in PyTorch, so an input of exactly 0 or 1 gives a finite loss.
    For logits, use `BCEWithLogitsLoss`, which is more stable than a `Sigmoid` followed by this.

    Args:
        weight: a rescaling weight for each element, broadcast against the input. Default: None.
        reduction: `'none'`, `'mean'` or `'sum'`. Default: `'mean'`.

    Shape:
        - Input: `(*)`, probabilities in [0, 1].
        - Target: `(*)`, the shape of the input.
        - Output: a scalar, or `(*)` with `reduction='none'`.

    Note:
        PyTorch's deprecated `size_average` and `reduce` arguments are not accepted, so the
        arguments after them sit at other positions: pass `reduction` by keyword.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> probs = pytensor.tensor([0.9, 0.2, 0.6])
        >>> nn.BCELoss()(probs, pytensor.tensor([1.0, 0.0, 1.0]))
        tensor(0.2798)
    """

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        return F.binary_cross_entropy(input, target, weight=self.weight, reduction=self.reduction)


class BCEWithLogitsLoss(_Loss):
    """A `Sigmoid` and a `BCELoss` in one, computed in log space so that large logits stay finite:
    `-w * (p * y * log(sigmoid(x)) + (1 - y) * log(1 - sigmoid(x)))`.

    Args:
        weight: a rescaling weight for each element, broadcast against the input. Default: None.
        reduction: `'none'`, `'mean'` or `'sum'`. Default: `'mean'`.
        pos_weight: a weight `p` for the positive examples, one per class (broadcast along the
            last dimension); above 1 it raises recall, below 1 precision. Default: None.

    Shape:
        - Input: `(*)`, logits.
        - Target: `(*)`, the shape of the input, in [0, 1].
        - Output: a scalar, or `(*)` with `reduction='none'`.

    Note:
        PyTorch's deprecated `size_average` and `reduce` arguments are not accepted, so the
        arguments after them sit at other positions: pass `reduction` and `pos_weight` by
        keyword.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> logits = pytensor.tensor([2.0, -1.0, 0.5])
        >>> target = pytensor.tensor([1.0, 0.0, 1.0])
        >>> nn.BCEWithLogitsLoss()(logits, target)
        tensor(0.3048)
        >>> nn.BCEWithLogitsLoss(pos_weight=pytensor.tensor([2.0]))(logits, target)
        tensor(0.5051)
    """

    weight: Tensor | None
    pos_weight: Tensor | None

    def __init__(
        self,
        weight: Tensor | None = None,
        reduction: str = "mean",
        pos_weight: Tensor | None = None,
    ) -> None:
        super().__init__(reduction)
        self.register_buffer("weight", weight)
        self.register_buffer("pos_weight", pos_weight)

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        return F.binary_cross_entropy_with_logits(
            input, target, self.weight, reduction=self.reduction, pos_weight=self.pos_weight
        )


class NLLLoss(_WeightedLoss):
    """The negative log likelihood loss, for log-probabilities (from `LogSoftmax`) and class
    indices: the loss of sample n is `-weight[y_n] * input[n, y_n]`.

    With `reduction='mean'` the sum is divided by the total weight of the targets that count
    (`sum_n weight[y_n]`), not by N; targets equal to `ignore_index` count for nothing.

    Args:
        weight: a rescaling weight for each class, `(C,)`. Default: None (all ones).
        ignore_index: a target value that is ignored. Default: -100.
        reduction: `'none'`, `'mean'` or `'sum'`. Default: `'mean'`.

    Shape:
        - Input: `(N, C)`, `(C,)` or `(N, C, d_1, ..., d_K)`: log-probabilities.
        - Target: `(N,)`, `()` or `(N, d_1, ..., d_K)`: int64 class indices in `[0, C)`.
        - Output: a scalar, or the shape of the target with `reduction='none'`.

    Note:
        PyTorch's deprecated `size_average` and `reduce` arguments are not accepted, so the
        arguments after them sit at other positions: pass `reduction` and `ignore_index` by
        keyword.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> log_probs = pytensor.tensor([[-0.5, -1.0, -2.0], [-1.5, -0.2, -3.0]])
        >>> target = pytensor.tensor([0, 1])
        >>> nn.NLLLoss()(log_probs, target)
        tensor(0.3500)
        >>> nn.NLLLoss(weight=pytensor.tensor([1.0, 3.0, 1.0]))(log_probs, target)
        tensor(0.2750)
    """

    def __init__(
        self, weight: Tensor | None = None, ignore_index: int = -100, reduction: str = "mean"
    ) -> None:
        super().__init__(weight, reduction)
        self.ignore_index = ignore_index

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        return F.nll_loss(input, target, self.weight, self.ignore_index, self.reduction)


class CrossEntropyLoss(_WeightedLoss):
    """The cross entropy between logits and targets: `LogSoftmax` over the class dimension, then
    `NLLLoss`.

    The target is either class indices (with `weight` and `ignore_index` as in `NLLLoss`) or
    class probabilities shaped like the input. `label_smoothing = e` mixes the target with the
    uniform distribution: `(1 - e) * target + e / C`.

    Args:
        weight: a rescaling weight for each class, `(C,)`. Default: None.
        ignore_index: a class-index target that is ignored. Default: -100.
        reduction: `'none'`, `'mean'` or `'sum'`. Default: `'mean'`.
        label_smoothing: the amount of smoothing, in [0, 1]. Default: 0.0.

    Shape:
        - Input: `(N, C)`, `(C,)` or `(N, C, d_1, ..., d_K)`: unnormalised logits.
        - Target: class indices `(N,)`, `()` or `(N, d_1, ..., d_K)` in `[0, C)`, or class
          probabilities with the shape of the input.
        - Output: a scalar, or `(N,)` / `(N, d_1, ..., d_K)` with `reduction='none'`.

    Note:
        PyTorch's deprecated `size_average` and `reduce` arguments are not accepted, so the
        arguments after them sit at other positions: pass `reduction`, `ignore_index` and
        `label_smoothing` by keyword.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> logits = pytensor.tensor([[2.0, 0.5, -1.0], [0.0, 1.0, 0.0]], requires_grad=True)
        >>> loss = nn.CrossEntropyLoss()(logits, pytensor.tensor([0, 1]))
        >>> loss
        tensor(0.3964, grad_fn=<NllLossBackward0>)
        >>> nn.CrossEntropyLoss(label_smoothing=0.1)(logits, pytensor.tensor([0, 1]))
        tensor(0.5047, grad_fn=<AddBackward0>)
        >>> probs = pytensor.tensor([[1.0, 0.0, 0.0], [0.5, 0.5, 0.0]])
        >>> nn.CrossEntropyLoss()(logits, probs)
        tensor(0.6464, grad_fn=<DivBackward0>)
    """

    def __init__(
        self,
        weight: Tensor | None = None,
        ignore_index: int = -100,
        reduction: str = "mean",
        label_smoothing: float = 0.0,
    ) -> None:
        super().__init__(weight, reduction)
        self.ignore_index = ignore_index
        self.label_smoothing = label_smoothing

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        return F.cross_entropy(input, target, self.weight, self.ignore_index, self.reduction,
                               self.label_smoothing)  # fmt: skip


class KLDivLoss(_Loss):
    """The Kullback-Leibler divergence loss: `target * (log(target) - input)` per element, where
    `input` holds log-probabilities (and `target` probabilities, or log-probabilities with
    `log_target=True`).

    Use `reduction='batchmean'` for the mathematical KL divergence: the sum divided by the batch
    size. `'mean'` divides by the number of elements instead.

    Args:
        reduction: `'none'`, `'batchmean'`, `'mean'` or `'sum'`. Default: `'mean'`.
        log_target: if True, the target is given as log-probabilities. Default: False.

    Shape:
        - Input: `(*)`, log-probabilities.
        - Target: `(*)`, the shape of the input.
        - Output: a scalar, or `(*)` with `reduction='none'`.

    Note:
        PyTorch warns that `reduction='mean'` does not give the true KL divergence; pytensor
        computes the same value without the warning.
        PyTorch's deprecated `size_average` and `reduce` arguments are not accepted, so the
        arguments after them sit at other positions: pass `reduction` and `log_target` by
        keyword.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> log_probs = pytensor.tensor([[0.25, 0.75], [0.5, 0.5]]).log()
        >>> target = pytensor.tensor([[0.5, 0.5], [0.9, 0.1]])
        >>> nn.KLDivLoss(reduction="batchmean")(log_probs, target)
        tensor(0.2560)
    """

    def __init__(self, reduction: str = "mean", log_target: bool = False) -> None:
        super().__init__(reduction)
        self.log_target = log_target

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        return F.kl_div(input, target, reduction=self.reduction, log_target=self.log_target)
