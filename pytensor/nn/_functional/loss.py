"""Classification and divergence losses: binary_cross_entropy(_with_logits), nll_loss,
cross_entropy, kl_div. The regression losses (mse, l1, smooth L1, Huber) are in
regression_loss.py. Each computes a per-element loss, then reduces it ('none', 'mean', 'sum').

As in PyTorch, the fused losses are one graph node each (`BinaryCrossEntropyBackward0`,
`NllLossBackward0`, ...) that holds the weights and the reduction: the forward runs without
recording, and the node's backward is ATen's formula, written with tensor ops so that a
gradient of the gradient works. cross_entropy and kl_div are composed from smaller ops, as
PyTorch composes them.

The ones that take logits work in log space (log_softmax, log1p(exp(-|x|))) so that logits of
+-1000 give finite losses and gradients.

Difference from torch: the deprecated `size_average` and `reduce` parameters are missing, so
the positions of the parameters after them differ from PyTorch's; pass `reduction`,
`ignore_index` and the like by keyword to write code that runs on both. The `weight`
parameter that torch 2.13 added to `mse_loss`, `l1_loss` and `huber_loss` is not supported.

>>> import pytensor, pytensor.nn.functional as F
>>> p = pytensor.tensor([0.9, 0.2], requires_grad=True)
>>> F.binary_cross_entropy(p, pytensor.tensor([1.0, 0.0]))
tensor(0.1643, grad_fn=<BinaryCrossEntropyBackward0>)
"""

from __future__ import annotations

from ...autograd.grad_mode import is_grad_enabled, no_grad
from ...autograd.graph import record
from ...ops import pointwise as P
from ...ops.creation import zeros_like
from ...ops.indexing import scatter_add_into
from ...tensor import Tensor


def _reduce(loss: Tensor, reduction: str) -> Tensor:
    if reduction == "none":
        return loss
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    raise ValueError(f"{reduction} is not a valid value for reduction")


def binary_cross_entropy(
    input: Tensor,  # noqa: A002
    target: Tensor,
    weight: Tensor | None = None,
    reduction: str = "mean",
) -> Tensor:
    """`-(y log x + (1 - y) log(1 - x))` for probabilities x. Each log is clamped at -100, as in
    torch, so that x = 0 or 1 gives a finite loss. See `nn.BCELoss`.

    Args:
        input: probabilities in [0, 1], any shape `(*)`.
        target: the shape of the input, values in [0, 1].
        weight: an optional rescaling weight, broadcast against the input.
        reduction: `'none'`, `'mean'` or `'sum'`.

    Returns:
        A scalar, or `(*)` with `reduction='none'`.

    Raises:
        ValueError: if the target's shape differs from the input's.

    Note:
        PyTorch's deprecated `size_average` and `reduce` arguments are not accepted, so the
        arguments after them sit at other positions: pass `reduction` by keyword.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> probs, target = pytensor.tensor([0.9, 0.2, 0.6]), pytensor.tensor([1.0, 0.0, 1.0])
        >>> F.binary_cross_entropy(probs, target)
        tensor(0.2798)
        >>> F.binary_cross_entropy(pytensor.tensor([1.0, 0.0]), pytensor.tensor([0.0, 1.0]))
        tensor(100.)
    """
    if target.shape != input.shape:
        raise ValueError(
            f"Using a target size ({target.shape}) that is different to the input size "
            f"({input.shape}) is deprecated. Please ensure they have the same size."
        )
    _check_constant(weight, "weight", "binary_cross_entropy")
    if input.device.type == "cpu":  # PyTorch checks on the CPU only, as here (not OpenCL)
        for x, y in zip(input._host_values(), target._host_values()):
            # Written so that nan fails too, as it does in PyTorch's kernel.
            if not (x >= 0 and x <= 1):
                raise RuntimeError("all elements of input should be between 0 and 1")
            if not (y >= 0 and y <= 1):
                raise RuntimeError("all elements of target should be between 0 and 1")
    with no_grad():
        log_x = input.log().clamp(min=-100)
        log_1mx = (-input).log1p().clamp(min=-100)
        loss = (target - 1) * log_1mx - target * log_x
        if weight is not None:
            loss = loss * weight
        loss = _reduce(loss, reduction)

    def backward(g: Tensor) -> tuple[Tensor, Tensor | None]:
        # ATen's formula, finite where x is exactly 0 or 1 (the clamped logs are flat there,
        # and differentiating through them would give inf * 0 = nan).
        grad_input = g * (input - target) / ((1 - input) * input).clamp(min=1e-12)
        grad_input = _weigh_and_average(grad_input, weight, reduction)
        if not target.requires_grad:
            return grad_input, None
        grad_target = g * ((-input).log1p() - input.log())  # -logit(x), unclamped, as in ATen
        return grad_input, _weigh_and_average(grad_target, weight, reduction)

    saved = (input, target) if weight is None else (input, target, weight)
    return record(loss, "BinaryCrossEntropyBackward0", backward, (input, target), saved)


def _check_constant(weight: Tensor | None, argument: str, function: str) -> None:
    """PyTorch's weights are constants of the loss's node: one that requires grad is an error
    while grad mode is on (its gradient would be silently missing otherwise)."""
    if weight is not None and weight.requires_grad and is_grad_enabled():
        raise RuntimeError(
            f"The function '{function}' is not differentiable with respect to argument "
            f"'{argument}'. This input cannot have requires_grad True."
        )


def _weigh_and_average(grad: Tensor, weight: Tensor | None, reduction: str) -> Tensor:
    """The last steps of ATen's BCE backwards: times the weight, over numel for 'mean'."""
    if weight is not None:
        grad = grad * weight
    if reduction == "mean":
        grad = grad / grad.numel()
    return grad


def _log1p_exp_neg(x: Tensor) -> Tensor:
    """log(1 + exp(-x)) = -log(sigmoid(x)), as log1p(exp(-|x|)) + max(-x, 0): it never
    overflows, so x = +-1000 is fine. |x| and max(-x, 0) both take the x >= 0 branch at x = 0,
    so that its own gradient there is the true -1/2 rather than a mix of two subgradients."""
    nonneg = x >= 0
    abs_x = P.where(nonneg, x, -x)
    return (-abs_x).exp().log1p() + P.where(nonneg, 0.0, -x)


def binary_cross_entropy_with_logits(
    input: Tensor,  # noqa: A002
    target: Tensor,
    weight: Tensor | None = None,
    reduction: str = "mean",
    pos_weight: Tensor | None = None,
) -> Tensor:
    """BCE of sigmoid(x), computed without forming sigmoid:

        loss = (1 - y) x + w_pos * (log1p(exp(-|x|)) + max(-x, 0)),  w_pos = 1 + (p - 1) y

    log(1 + exp(-x)) = log1p(exp(-|x|)) + max(-x, 0) never overflows, so x = +-1000 is fine.
    See `nn.BCEWithLogitsLoss`.

    Args:
        input: logits, any shape `(*)`.
        target: the shape of the input, values in [0, 1].
        weight: an optional rescaling weight, broadcast against the input.
        reduction: `'none'`, `'mean'` or `'sum'`.
        pos_weight: an optional weight p of the positive examples, broadcast along the last
            dimension (one per class).

    Returns:
        A scalar, or `(*)` with `reduction='none'`.

    Raises:
        ValueError: if the target's shape differs from the input's.

    Note:
        PyTorch's deprecated `size_average` and `reduce` arguments are not accepted, so the
        arguments after them sit at other positions: pass `reduction` and `pos_weight` by
        keyword.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> logits = pytensor.tensor([1000.0, -1000.0])  # confidently wrong, and still finite
        >>> F.binary_cross_entropy_with_logits(logits, pytensor.tensor([0.0, 1.0]))
        tensor(1000.)
    """
    if target.shape != input.shape:
        raise ValueError(
            f"Target size ({target.shape}) must be the same as input size ({input.shape})"
        )
    _check_constant(weight, "weight", "binary_cross_entropy_with_logits")
    _check_constant(pos_weight, "pos_weight", "binary_cross_entropy_with_logits")
    with no_grad():
        softplus_neg = _log1p_exp_neg(input)
        if pos_weight is not None:
            log_weight = (pos_weight - 1) * target + 1
            loss = (1 - target) * input + log_weight * softplus_neg
        else:
            loss = (1 - target) * input + softplus_neg
        if weight is not None:
            loss = loss * weight
        loss = _reduce(loss, reduction)

    def backward(g: Tensor) -> tuple[Tensor, Tensor | None]:
        # ATen's binary_cross_entropy_with_logits_backward: sigmoid(x) - y, which with p * y
        # for the positives becomes (p y + 1 - y) sigmoid(x) - p y.
        if pos_weight is None:
            grad_input = (input.sigmoid() - target) * g
        else:
            pos = pos_weight * target
            grad_input = ((pos + 1 - target) * input.sigmoid() - pos) * g
        grad_input = _weigh_and_average(grad_input, weight, reduction)
        if not target.requires_grad:
            return grad_input, None
        # d/dy: -x, or log sigmoid(-x) - p log sigmoid(x) with pos_weight (ATen's target
        # backward), in the overflow-free form above.
        if pos_weight is None:
            grad_target = -input * g
        else:
            grad_target = (pos_weight * _log1p_exp_neg(input) - _log1p_exp_neg(-input)) * g
        return grad_input, _weigh_and_average(grad_target, weight, reduction)

    saved = [input, target]
    saved += [t for t in (weight, pos_weight) if t is not None]
    name = "BinaryCrossEntropyWithLogitsBackward0"
    return record(loss, name, backward, (input, target), saved)


def _class_shape(input: Tensor, class_dim: int) -> list[int]:
    """Shape that broadcasts a (C,) weight along the class dim of input."""
    shape = [1] * input.dim()
    shape[class_dim] = input.size(class_dim)
    return shape


def nll_loss(
    input: Tensor,  # noqa: A002
    target: Tensor,
    weight: Tensor | None = None,
    ignore_index: int = -100,
    reduction: str = "mean",
) -> Tensor:
    """`-w[y] * input[y]` for log-probabilities input: (N, C, *) or (C,), target: (N, *) or ().

    'mean' divides by the sum of the weights of the targets that count, not by N.
    See `nn.NLLLoss`.

    Args:
        input: log-probabilities, `(N, C)`, `(C,)` or `(N, C, d_1, ..., d_K)`.
        target: int64 class indices, `(N,)`, `()` or `(N, d_1, ..., d_K)`.
        weight: an optional weight per class, `(C,)`.
        ignore_index: a target value that contributes nothing (and no weight).
        reduction: `'none'`, `'mean'` or `'sum'`.

    Returns:
        A scalar, or the shape of the target with `reduction='none'`.

    Note:
        PyTorch's deprecated `size_average` and `reduce` arguments are not accepted, so the
        arguments after them sit at other positions: pass `reduction` and `ignore_index` by
        keyword.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> log_probs = pytensor.tensor([[-0.5, -1.0, -2.0], [-1.5, -0.2, -3.0]])
        >>> F.nll_loss(log_probs, pytensor.tensor([0, -100]))  # the second target is ignored
        tensor(0.5000)
    """
    if input.dim() >= 2 and target.shape[0] != input.shape[0]:
        raise ValueError(
            f"Expected input batch_size ({input.shape[0]}) to match target batch_size "
            f"({target.shape[0]})."
        )
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    _check_class_targets(input, target, weight, ignore_index)
    if target.dtype.kind == "u":  # PyTorch takes Byte targets too; gather wants int64
        target = target.long()
    single = input.dim() == 1  # one sample: (C,) and a 0-dim target, seen as a batch of one
    with no_grad():  # the loss is one graph node, NllLossBackward0, as in PyTorch
        rows = input.unsqueeze(0) if single else input
        targets = target.unsqueeze(0) if single else target
        ignored = targets == ignore_index
        column = P.where(ignored, 0, targets).unsqueeze(1)  # ignored rows read class 0, weigh 0
        w = _target_weights(targets, weight, ignore_index, rows, ignored)
        minus_picked = -rows.gather(1, column).squeeze(1)
        # An ignored row's loss is 0, not -input * 0: the class it read may hold -inf.
        losses = P.where(ignored, 0.0, minus_picked if weight is None else minus_picked * w)
        total = w.sum()
        if reduction == "none":
            loss = losses.squeeze(0) if single else losses
        else:
            loss = losses.sum() if reduction == "sum" else losses.sum() / total

    def backward(g: Tensor) -> Tensor:
        # ATen's nll_loss_backward: -w[y] * g (over total with 'mean') lands at each target
        # class, 0 elsewhere. Added into zeros, so an ignored row's -0.0 comes out +0.0.
        if reduction == "none":
            per_row = w * -(g.unsqueeze(0) if single else g)
        else:
            per_row = w * (g / -total if reduction == "mean" else -g)
        grad = scatter_add_into(zeros_like(rows), 1, column, per_row.unsqueeze(1), True)
        return grad.squeeze(0) if single else grad

    name = "NllLossBackward0" if input.dim() <= 2 else "NllLoss2DBackward0"
    return record(loss, name, backward, (input,))


def _check_class_targets(
    input: Tensor,  # noqa: A002
    target: Tensor,
    weight: Tensor | None,
    ignore_index: int,
) -> None:
    """nll_loss's checks, in PyTorch's order and words: the target's shape, its dtype, the
    weight's size, then each class index (the first one out of range is named)."""
    if input.dim() <= 2 and target.dim() > 1:
        raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    if input.dim() > 2:
        expected = [input.shape[0], *input.shape[2:]]
        if list(target.shape) != expected:
            raise RuntimeError(f"Expected target size {expected}, got {list(target.shape)}")
    if target.dtype.name not in ("int64", "uint8"):
        raise RuntimeError(
            f"expected target dtype to be Long or Byte, but got {target.dtype.type_name}"
        )
    n_classes = input.shape[0 if input.dim() == 1 else 1]
    if weight is not None and (weight.dim() != 1 or weight.numel() != n_classes):
        raise RuntimeError(
            f"weight tensor should be defined either for all {n_classes} classes or no classes "
            f"but got weight tensor of shape: {list(weight.shape)}"
        )
    if target.device.type != "cpu":
        # Reading the targets would make the host wait for the device in every training step;
        # the gather's deferred index error reports a bad class instead, as CUDA's
        # device-side assert does in PyTorch.
        return
    # On the CPU a bad class is an IndexError that names it, as in PyTorch, rather than a
    # gather error about "dimension 1".
    for t in target._host_values():
        if t != ignore_index and not 0 <= t < n_classes:
            raise IndexError(f"Target {t} is out of bounds.")


def _target_weights(
    target: Tensor,
    weight: Tensor | None,
    ignore_index: int,
    input: Tensor,  # noqa: A002
    ignored: Tensor | None = None,
) -> Tensor:
    """weight[target] (1 without weights), and 0 where target == ignore_index (`ignored`,
    when the caller has it already)."""
    if ignored is None:
        ignored = target == ignore_index
    if weight is None:
        return P.where(ignored, 0.0, 1.0).to(input.dtype)
    safe = P.where(ignored, 0, target)
    w = weight.index_select(0, safe.reshape(-1)).reshape(target.shape)
    return P.where(ignored, 0.0, w).to(input.dtype)


def cross_entropy(
    input: Tensor,  # noqa: A002
    target: Tensor,
    weight: Tensor | None = None,
    ignore_index: int = -100,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> Tensor:
    """log_softmax over the class dim, then NLL. See `nn.CrossEntropyLoss`.

    The target is class indices `(N, *)` (with weight, ignore_index), or class probabilities
    shaped like the input. label_smoothing mixes the target with the uniform distribution over
    classes: loss = (1 - eps) * nll + eps / C * sum_c(-w_c log p_c), as torch computes it.

    Args:
        input: logits, `(N, C)`, `(C,)` or `(N, C, d_1, ..., d_K)`.
        target: class indices `(N,)`, `()` or `(N, d_1, ..., d_K)`, or probabilities shaped like
            the input.
        weight: an optional weight per class, `(C,)`.
        ignore_index: a class-index target that contributes nothing.
        reduction: `'none'`, `'mean'` or `'sum'`.
        label_smoothing: the amount of smoothing, in [0, 1].

    Returns:
        A scalar, or the per-sample losses with `reduction='none'`.

    Note:
        PyTorch's deprecated `size_average` and `reduce` arguments are not accepted, so the
        arguments after them sit at other positions: pass `reduction`, `ignore_index` and
        `label_smoothing` by keyword.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> logits = pytensor.tensor([[2.0, 0.5, -1.0], [0.0, 1.0, 0.0]])
        >>> F.cross_entropy(logits, pytensor.tensor([0, 1]), reduction="none")
        tensor([0.2413, 0.5514])
        >>> F.cross_entropy(pytensor.tensor([[1000.0, 0.0]]), pytensor.tensor([1]))  # stable
        tensor(1000.)
    """
    class_dim = 0 if input.dim() == 1 else 1
    # PyTorch reads a target shaped like the input as class probabilities, anything else as
    # class indices (so a float target of another shape fails nll_loss's dtype check).
    probabilities = target.shape == input.shape
    if probabilities and not target.is_floating_point():
        raise RuntimeError(
            "Expected floating point type for target with class probabilities, got "
            f"{target.dtype.type_name}"
        )
    log_p = input.log_softmax(class_dim)
    n_classes: int = input.size(class_dim)
    if probabilities:
        return _cross_entropy_probs(log_p, target, weight, reduction, label_smoothing, class_dim)
    nll = nll_loss(log_p, target, weight, ignore_index, reduction)
    if label_smoothing == 0.0:
        return nll
    if weight is not None:
        smooth = -(log_p * weight.reshape(_class_shape(log_p, class_dim))).sum(class_dim)
    else:
        smooth = -log_p.sum(class_dim)
    ignored = target == ignore_index
    smooth = P.where(ignored, 0.0, smooth)
    if reduction == "mean":
        w = _target_weights(target, weight, ignore_index, input)
        smooth = smooth.sum() / w.sum()
    else:
        smooth = _reduce(smooth, reduction)
    return (1 - label_smoothing) * nll + smooth * (label_smoothing / n_classes)


def _cross_entropy_probs(
    log_p: Tensor,
    target: Tensor,
    weight: Tensor | None,
    reduction: str,
    label_smoothing: float,
    class_dim: int,
) -> Tensor:
    n_classes: int = log_p.size(class_dim)
    if label_smoothing > 0.0:
        target = target * (1 - label_smoothing) + label_smoothing / n_classes
    loss = -(log_p * target)
    if weight is not None:
        loss = loss * weight.reshape(_class_shape(log_p, class_dim))
    if reduction == "mean":
        return loss.sum() / (log_p.numel() // n_classes)  # per sample, not per class
    if reduction == "sum":
        return loss.sum()
    return _reduce(loss.sum(class_dim), reduction)


def kl_div(
    input: Tensor,  # noqa: A002
    target: Tensor,
    reduction: str = "mean",
    log_target: bool = False,
) -> Tensor:
    """KL(target || exp(input)) pointwise: `target * (log target - input)`; input holds
    log-probabilities. 'batchmean' divides the sum by the batch size (the true KL).
    See `nn.KLDivLoss`.

    Args:
        input: log-probabilities, any shape `(*)`.
        target: probabilities (or log-probabilities with `log_target`), the shape of the input.
        reduction: `'none'`, `'batchmean'`, `'mean'` or `'sum'`.
        log_target: whether the target is given in log space.

    Returns:
        A scalar, or `(*)` with `reduction='none'`.

    Note:
        PyTorch warns about `reduction='mean'` (it is not the true KL divergence); pytensor
        returns the same value without the warning.
        PyTorch's deprecated `size_average` and `reduce` arguments are not accepted, so the
        arguments after them sit at other positions: pass `reduction` and `log_target` by
        keyword.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> log_q = pytensor.tensor([[0.25, 0.75], [0.5, 0.5]]).log()
        >>> p = pytensor.tensor([[0.5, 0.5], [0.9, 0.1]])
        >>> F.kl_div(log_q, p, reduction="batchmean")
        tensor(0.2560)
        >>> F.kl_div(log_q, p.log(), reduction="batchmean", log_target=True)
        tensor(0.2560)
    """
    if log_target:
        loss = target.exp() * (target - input)
    else:
        loss = _xlogy(target, target) - target * input  # as ATen composes it
    if reduction == "batchmean":
        if input.dim() == 0:  # no batch: PyTorch returns the sum, without a division
            return loss.sum()
        batch: int = input.size(0)
        return loss.sum() / batch
    return _reduce(loss, reduction)


def _xlogy(x: Tensor, y: Tensor) -> Tensor:
    """torch.xlogy: `x log(y)`, and 0 where x == 0 (0 log 0 counts as 0) unless y is nan.

    One node, `XlogyBackward0`, as PyTorch records for kl_div's `xlogy(target, target)`.
    """
    with no_grad():
        out = P.where((x == 0) & (y == y), 0.0, x * y.log())

    def backward(g: Tensor) -> tuple[Tensor | None, Tensor | None]:
        # derivatives.yaml: d/dx is xlogy(g, y), 0 where x == 0 and y <= 0 (where log y is
        # -inf or nan); d/dy is g x / y, nan at x = y = 0 (kl_div's target gradient there), as
        # in PyTorch.
        grad_x = None
        if x.requires_grad:
            grad_x = P.where((x == 0) & (y <= 0), 0.0, _xlogy(g, y))
        grad_y = g * x / y if y.requires_grad else None
        return grad_x, grad_y

    return record(out, "XlogyBackward0", backward, (x, y), (x, y))
