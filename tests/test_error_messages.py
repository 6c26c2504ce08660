"""Common learner mistakes raise what PyTorch raises: the same exception type and message.

A learner who makes a mistake reads the error before anything else, and searches the web for
it. So each mistake below runs against both `pytensor` and `torch` (`fn(lib)`), and the two
errors must have the same type and the same text once torch's module prefix (`torch.Size`,
`torch.FloatTensor`) is renamed to pytensor's. The expected message always comes from the
installed torch, never from pytensor.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from typing import Any

import pytest

torch = pytest.importorskip("torch")

import pytensor as pt  # noqa: E402


def error_of(fn: Callable[[Any], Any], lib: Any) -> tuple[type, str]:
    """The type and text of the exception `fn(lib)` raises, torch's `torch.` prefixes renamed."""
    try:
        with warnings.catch_warnings():
            # Some mistakes warn before they fail (mse_loss with a broadcast target); only the
            # error is compared here.
            warnings.simplefilter("ignore")
            fn(lib)
    except Exception as e:  # noqa: BLE001
        return type(e), re.sub(r"\btorch\.", "pytensor.", str(e))
    raise AssertionError(f"{lib.__name__} raised nothing")


def _seeded(lib: Any) -> Any:
    lib.manual_seed(0)
    return lib


# --- mistakes that need more than one statement -------------------------------------------


def backward_twice(lib: Any) -> None:
    x = lib.tensor([1.0, 2.0], requires_grad=True)
    y = (x * x).sum()
    y.backward()
    y.backward()


def backward_under_no_grad(lib: Any) -> None:
    x = lib.tensor([1.0, 2.0], requires_grad=True)
    with lib.no_grad():
        y = (x * 2).sum()
    y.backward()


def backward_wrong_gradient_shape(lib: Any) -> None:
    x = lib.tensor([1.0, 2.0], requires_grad=True)
    (x * 2).backward(lib.ones(3))


def grad_of_unused_input(lib: Any) -> None:
    x = lib.tensor([1.0], requires_grad=True)
    z = lib.tensor([1.0], requires_grad=True)
    lib.autograd.grad((x * 2).sum(), [z])


def inplace_on_leaf(lib: Any) -> None:
    lib.ones(3, requires_grad=True).add_(1)


def setitem_on_leaf(lib: Any) -> None:
    x = lib.ones(3, requires_grad=True)
    x[0] = 5.0


def requires_grad_on_non_leaf(lib: Any) -> None:
    x = lib.ones(3, requires_grad=True)
    (x * 2).requires_grad_(False)


def retain_grad_without_grad(lib: Any) -> None:
    lib.ones(3).retain_grad()


def setitem_shape_mismatch(lib: Any) -> None:
    x = lib.zeros(4)
    x[lib.tensor([0, 1])] = lib.ones(3)


def int_add_float_inplace(lib: Any) -> None:
    lib.tensor([1, 2]).add_(lib.tensor([0.5, 0.5]))


def linear_wrong_in_features(lib: Any) -> None:
    _seeded(lib).nn.Linear(3, 2)(lib.zeros(4, 5))


def linear_int_input(lib: Any) -> None:
    _seeded(lib).nn.Linear(3, 2)(lib.tensor([[1, 2, 3]]))


def linear_wrong_1d(lib: Any) -> None:
    _seeded(lib).nn.Linear(3, 2)(lib.zeros(4))


def sequential_shape_mismatch(lib: Any) -> None:
    nn = _seeded(lib).nn
    nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(6, 2))(lib.zeros(1, 4))


def conv2d_wrong_channels(lib: Any) -> None:
    _seeded(lib).nn.Conv2d(3, 8, 3)(lib.zeros(1, 4, 5, 5))


def conv2d_unbatched_wrong_channels(lib: Any) -> None:
    _seeded(lib).nn.Conv2d(3, 8, 3)(lib.zeros(1, 5, 5))


def conv2d_on_2d(lib: Any) -> None:
    _seeded(lib).nn.Conv2d(1, 8, 3)(lib.zeros(5, 5))


def conv2d_input_smaller_than_kernel(lib: Any) -> None:
    _seeded(lib).nn.Conv2d(1, 2, 5)(lib.zeros(1, 1, 3, 3))


def conv1d_on_4d(lib: Any) -> None:
    _seeded(lib).nn.Conv1d(1, 2, 3)(lib.zeros(1, 1, 5, 5))


def conv1d_input_smaller_than_kernel(lib: Any) -> None:
    _seeded(lib).nn.Conv1d(2, 2, 4)(lib.zeros(1, 2, 3))


def embedding_index_out_of_range(lib: Any) -> None:
    _seeded(lib).nn.Embedding(10, 3)(lib.tensor([1, 10]))


def embedding_float_index(lib: Any) -> None:
    _seeded(lib).nn.Embedding(10, 3)(lib.tensor([1.0, 2.0]))


def embedding_negative_index(lib: Any) -> None:
    _seeded(lib).nn.Embedding(10, 3)(lib.tensor([-1]))


def batchnorm1d_wrong_features(lib: Any) -> None:
    _seeded(lib).nn.BatchNorm1d(4)(lib.zeros(2, 3))


def batchnorm2d_wrong_channels(lib: Any) -> None:
    _seeded(lib).nn.BatchNorm2d(4)(lib.zeros(2, 3, 2, 2))


def batchnorm1d_batch_of_one(lib: Any) -> None:
    _seeded(lib).nn.BatchNorm1d(3)(lib.zeros(1, 3))


def layernorm_wrong_shape(lib: Any) -> None:
    _seeded(lib).nn.LayerNorm(4)(lib.zeros(2, 3))


def maxpool_larger_than_input(lib: Any) -> None:
    lib.nn.MaxPool2d(4)(lib.zeros(1, 1, 2, 2))


def rnn_wrong_input_size(lib: Any) -> None:
    _seeded(lib).nn.RNN(3, 4)(lib.zeros(5, 1, 2))


def lstm_wrong_input_size(lib: Any) -> None:
    _seeded(lib).nn.LSTM(3, 4, batch_first=True)(lib.zeros(1, 5, 2))


def mha_heads_do_not_divide(lib: Any) -> None:
    lib.nn.MultiheadAttention(10, 3)


def module_without_forward(lib: Any) -> None:
    lib.nn.Module()(lib.zeros(2))


def module_missing_attribute(lib: Any) -> None:
    _seeded(lib).nn.Linear(2, 2).weights  # noqa: B018


def sequential_index_out_of_range(lib: Any) -> None:
    nn = _seeded(lib).nn
    nn.Sequential(nn.Linear(2, 2), nn.ReLU())[3]


def load_state_dict_missing_key(lib: Any) -> None:
    model = _seeded(lib).nn.Linear(2, 2)
    model.load_state_dict({"weight": lib.zeros(2, 2)})


def load_state_dict_unexpected_key(lib: Any) -> None:
    model = _seeded(lib).nn.Linear(2, 2)
    state = {"weight": lib.zeros(2, 2), "bias": lib.zeros(2), "scale": lib.zeros(1)}
    model.load_state_dict(state)


def load_state_dict_size_mismatch(lib: Any) -> None:
    model = _seeded(lib).nn.Linear(2, 2)
    model.load_state_dict({"weight": lib.zeros(3, 2), "bias": lib.zeros(2)})


def parameter_replaced_by_double_tensor(lib: Any) -> None:
    model = _seeded(lib).nn.Linear(2, 2)
    model.weight = lib.zeros(2, 2, dtype=lib.float64)


def parameter_of_int_tensor(lib: Any) -> None:
    lib.nn.Parameter(lib.tensor([1, 2]))


def optimizer_negative_lr(lib: Any) -> None:
    lib.optim.SGD([lib.zeros(2, requires_grad=True)], lr=-1)


def adam_bad_beta(lib: Any) -> None:
    lib.optim.Adam([lib.zeros(2, requires_grad=True)], betas=(1.0, 0.999))


def optimizer_given_a_tensor(lib: Any) -> None:
    lib.optim.SGD(lib.zeros(2, requires_grad=True), lr=0.1)


def optimizer_param_in_two_groups(lib: Any) -> None:
    p = lib.zeros(2, requires_grad=True)
    lib.optim.SGD([{"params": [p]}, {"params": [p]}], lr=0.1)


def optimizer_non_leaf(lib: Any) -> None:
    p = lib.zeros(2, requires_grad=True)
    lib.optim.SGD([p * 2], lr=0.1)


def dataloader_batch_size_zero(lib: Any) -> None:
    data = lib.utils.data.TensorDataset(lib.zeros(4, 2))
    lib.utils.data.DataLoader(data, batch_size=0)


def tensor_dataset_size_mismatch(lib: Any) -> None:
    lib.utils.data.TensorDataset(lib.zeros(4, 2), lib.zeros(3))


def fn(lib: Any) -> Any:
    """`lib.nn.functional`, short enough to keep each mistake on one line."""
    return lib.nn.functional


MISTAKES: dict[str, Callable[[Any], Any]] = {
    # --- creating tensors
    "zeros negative size": lambda lib: lib.zeros(-1),
    "zeros negative size 2-D": lambda lib: lib.zeros(2, -3),
    "randint low above high": lambda lib: lib.randint(5, 2, (3,)),
    "tensor from a string": lambda lib: lib.tensor("abc"),
    "tensor of None": lambda lib: lib.tensor(None),
    "tensor with a None inside": lambda lib: lib.tensor([1, None]),
    "new_zeros negative size": lambda lib: lib.zeros(3).new_zeros(-1),
    "rand negative size": lambda lib: lib.rand(-2),
    "full negative size": lambda lib: lib.full((2, -2), 1.0),
    "zeros of a float size": lambda lib: lib.zeros(10 / 4),
    "ones with a float second size": lambda lib: lib.ones(2, 2.0),
    "rand with a float in a tuple": lambda lib: lib.rand((2.5, 2)),
    "randn with a float in a list": lambda lib: lib.randn([2, 2.5]),
    "tensor ragged": lambda lib: lib.tensor([[1, 2], [3]]),
    "arange zero step": lambda lib: lib.arange(0, 10, 0),
    "arange wrong direction": lambda lib: lib.arange(0, 10, -1),
    "eye negative": lambda lib: lib.eye(-1),
    "linspace negative steps": lambda lib: lib.linspace(0, 1, -1),
    "randperm negative": lambda lib: lib.randperm(-1),
    "int tensor requires_grad": lambda lib: lib.tensor([1, 2], requires_grad=True),
    "long zeros requires_grad_": lambda lib: lib.zeros(3, dtype=lib.long).requires_grad_(),
    # --- shapes that do not fit
    "add non-singleton dim 1": lambda lib: lib.zeros(2, 3) + lib.zeros(2, 4),
    "add two mismatched dims": lambda lib: lib.zeros(2, 3) + lib.zeros(3, 2),
    "mul 1-D lengths": lambda lib: lib.zeros(3) * lib.zeros(4),
    "sub trailing dim": lambda lib: lib.zeros(4, 3) - lib.zeros(4),
    "matmul @ inner dims": lambda lib: lib.zeros(2, 3) @ lib.zeros(2, 3),
    "mm inner dims": lambda lib: lib.mm(lib.zeros(2, 3), lib.zeros(2, 3)),
    "mm on 1-D": lambda lib: lib.mm(lib.zeros(3), lib.zeros(3, 2)),
    "bmm batch sizes": lambda lib: lib.bmm(lib.zeros(2, 3, 4), lib.zeros(3, 4, 5)),
    "bmm on 2-D": lambda lib: lib.bmm(lib.zeros(3, 4), lib.zeros(4, 5)),
    "bmm inner dims": lambda lib: lib.bmm(lib.zeros(2, 3, 4), lib.zeros(2, 5, 5)),
    "matmul 1-D lengths": lambda lib: lib.matmul(lib.zeros(3), lib.zeros(4)),
    "matmul batched inner": lambda lib: lib.matmul(lib.zeros(2, 3, 4), lib.zeros(2, 5, 6)),
    "mm dtype mismatch": lambda lib: lib.mm(lib.zeros(2, 2), lib.zeros(2, 2, dtype=lib.float64)),
    "matmul 3-D @ 1-D": lambda lib: lib.matmul(lib.zeros(2, 3, 4), lib.zeros(5)),
    "matmul 2-D @ 3-D": lambda lib: lib.matmul(lib.zeros(3, 4), lib.zeros(2, 5, 3)),
    "mv sizes": lambda lib: lib.mv(lib.zeros(3, 4), lib.zeros(5)),
    "matmul int and float": lambda lib: lib.zeros(2, 2) @ lib.zeros(2, 2, dtype=lib.long),
    "dot lengths": lambda lib: lib.dot(lib.zeros(3), lib.zeros(4)),
    "dot on 2-D": lambda lib: lib.dot(lib.zeros(2, 2), lib.zeros(2, 2)),
    "cat sizes": lambda lib: lib.cat([lib.zeros(2, 3), lib.zeros(2, 4)]),
    "cat ranks": lambda lib: lib.cat([lib.zeros(2, 3), lib.zeros(3)]),
    "cat dim out of range": lambda lib: lib.cat([lib.zeros(2)], dim=1),
    "stack empty": lambda lib: lib.stack([]),
    "cat a list in the list": lambda lib: lib.cat([lib.zeros(2), [1, 2]]),
    "cat a tensor": lambda lib: lib.cat(lib.zeros(2, 2)),
    "stack a number in the list": lambda lib: lib.stack([lib.zeros(2), 3]),
    "split size 0": lambda lib: lib.zeros(3).split(0),
    "split negative size": lambda lib: lib.zeros(3).split(-1),
    "stack sizes": lambda lib: lib.stack([lib.zeros(2, 3), lib.zeros(3, 2)]),
    "view element count": lambda lib: lib.zeros(2, 3).view(4),
    "view two -1": lambda lib: lib.zeros(2, 3).view(-1, -1),
    "view -1 not dividing": lambda lib: lib.zeros(2, 3).view(-1, 4),
    "view non-contiguous": lambda lib: lib.zeros(2, 3).t().view(6),
    "reshape element count": lambda lib: lib.arange(6).reshape(4, -1),
    "expand non-singleton": lambda lib: lib.zeros(2, 3).expand(4, 3),
    "expand fewer dims": lambda lib: lib.zeros(2, 3).expand(3),
    "repeat fewer dims": lambda lib: lib.zeros(2, 3).repeat(2),
    "permute wrong length": lambda lib: lib.zeros(2, 3).permute(0),
    "t on 3-D": lambda lib: lib.zeros(2, 3, 4).t(),
    "flatten start after end": lambda lib: lib.zeros(2, 3, 4).flatten(2, 1),
    "chunk zero": lambda lib: lib.zeros(4).chunk(0),
    "where sizes": lambda lib: lib.where(lib.tensor([True, False]), lib.zeros(3), lib.zeros(3)),
    # --- dims and indices out of range
    "sum dim out of range": lambda lib: lib.zeros(2, 3).sum(dim=2),
    "sum repeated dim": lambda lib: lib.zeros(2, 3).sum(dim=(0, 0)),
    "mean dim out of range": lambda lib: lib.zeros(2, 3).mean(dim=-3),
    "softmax dim out of range": lambda lib: lib.zeros(2, 3).softmax(dim=2),
    "argmax dim out of range": lambda lib: lib.zeros(2, 3).argmax(dim=2),
    "max dim out of range": lambda lib: lib.zeros(2, 3).max(dim=2),
    "unsqueeze dim out of range": lambda lib: lib.zeros(2, 3).unsqueeze(3),
    "index out of range": lambda lib: lib.zeros(3)[3],
    "second index out of range": lambda lib: lib.zeros(2, 3)[0, 3],
    "index after ... out of range": lambda lib: lib.zeros(2, 3, 4)[..., 7],
    "index after None out of range": lambda lib: lib.zeros(2, 3, 4)[:, None, 1, 5],
    "slice step 0": lambda lib: lib.zeros(3)[::0],
    "too many indices": lambda lib: lib.zeros(2, 3)[:, :, 0],
    "index tensor out of range": lambda lib: lib.zeros(3)[lib.tensor([3])],
    "float index tensor": lambda lib: lib.zeros(3)[lib.tensor([1.0])],
    "float index": lambda lib: lib.zeros(3)[1.5],
    "mask wrong shape": lambda lib: lib.zeros(2)[lib.tensor([True, False, True])],
    "where float condition": lambda lib: lib.where(lib.zeros(2), lib.zeros(2), lib.ones(2)),
    "masked_fill float mask": lambda lib: lib.zeros(2).masked_fill(lib.zeros(2), 1.0),
    "masked_fill byte mask": lambda lib: lib.zeros(2).masked_fill(
        lib.zeros(2, dtype=lib.uint8), 1.0
    ),
    "var of long": lambda lib: lib.tensor([1, 2]).var(dim=0),
    "gather dims mismatch": lambda lib: lib.zeros(2, 3).gather(1, lib.tensor([1, 0])),
    "gather index out of range": lambda lib: lib.zeros(2, 3).gather(1, lib.tensor([[3], [0]])),
    "gather float index": lambda lib: lib.zeros(2, 3).gather(1, lib.tensor([[1.0], [0.0]])),
    "gather index larger than input": lambda lib: lib.zeros(2, 3).gather(
        1, lib.zeros(3, 1, dtype=lib.long)
    ),
    "scatter dims mismatch": lambda lib: lib.zeros(2, 3).scatter(1, lib.tensor([1, 0]), 1.0),
    "scatter float index": lambda lib: lib.zeros(2, 3).scatter(1, lib.tensor([[1.0]]), 1.0),
    "index_select out of range": lambda lib: lib.zeros(3).index_select(0, lib.tensor([5])),
    "index_select dim 1 out of range": lambda lib: lib.zeros(3, 2).index_select(
        1, lib.tensor([2])
    ),
    "narrow past the end": lambda lib: lib.zeros(5).narrow(0, 3, 4),
    "topk k too large": lambda lib: lib.zeros(3).topk(4),
    "mean of long": lambda lib: lib.tensor([1, 2]).mean(),
    "std of long": lambda lib: lib.tensor([1, 2]).std(),
    # --- autograd
    "backward non-scalar": lambda lib: lib.ones(2, requires_grad=True).mul(2).backward(),
    "backward twice": backward_twice,
    "backward without grad": lambda lib: lib.tensor(1.0).backward(),
    "backward under no_grad": backward_under_no_grad,
    "backward wrong gradient shape": backward_wrong_gradient_shape,
    "grad of unused input": grad_of_unused_input,
    "item of many elements": lambda lib: lib.zeros(3).item(),
    "numpy of requires_grad": lambda lib: lib.zeros(3, requires_grad=True).numpy(),
    "in-place on leaf": inplace_on_leaf,
    "setitem on leaf": setitem_on_leaf,
    "requires_grad_ on non-leaf": requires_grad_on_non_leaf,
    "retain_grad without grad": retain_grad_without_grad,
    "setitem shape mismatch": setitem_shape_mismatch,
    "int add_ float": int_add_float_inplace,
    # --- layers
    "Linear in_features": linear_wrong_in_features,
    "linear of a 0-d input": lambda lib: fn(lib).linear(lib.tensor(1.0), lib.zeros(2, 3)),
    "Linear int input": linear_int_input,
    "Linear 1-D input": linear_wrong_1d,
    "Sequential shape mismatch": sequential_shape_mismatch,
    "Conv2d wrong channels": conv2d_wrong_channels,
    "Conv2d unbatched wrong channels": conv2d_unbatched_wrong_channels,
    "Conv2d on 2-D": conv2d_on_2d,
    "Conv2d input smaller than kernel": conv2d_input_smaller_than_kernel,
    "Conv1d on 4-D": conv1d_on_4d,
    "Conv1d input smaller than kernel": conv1d_input_smaller_than_kernel,
    "Embedding index out of range": embedding_index_out_of_range,
    "Embedding float index": embedding_float_index,
    "Embedding negative index": embedding_negative_index,
    "BatchNorm1d features": batchnorm1d_wrong_features,
    "BatchNorm2d channels": batchnorm2d_wrong_channels,
    "BatchNorm1d batch of one": batchnorm1d_batch_of_one,
    "LayerNorm shape": layernorm_wrong_shape,
    "MaxPool2d larger than input": maxpool_larger_than_input,
    "RNN input size": rnn_wrong_input_size,
    "LSTM input size": lstm_wrong_input_size,
    "MultiheadAttention heads": mha_heads_do_not_divide,
    "Module without forward": module_without_forward,
    "Module missing attribute": module_missing_attribute,
    "Sequential index": sequential_index_out_of_range,
    "Sequential given a class": lambda lib: lib.nn.Sequential(lib.nn.ReLU),
    "Parameter replaced by a tensor": parameter_replaced_by_double_tensor,
    "load_state_dict missing key": load_state_dict_missing_key,
    "load_state_dict unexpected key": load_state_dict_unexpected_key,
    "load_state_dict size mismatch": load_state_dict_size_mismatch,
    "Parameter of int tensor": parameter_of_int_tensor,
    "conv2d dilated kernel too large": lambda lib: fn(lib).conv2d(
        lib.zeros(1, 1, 5, 5), lib.zeros(1, 1, 3, 3), dilation=3
    ),
    "max_pool2d on 2-D": lambda lib: fn(lib).max_pool2d(lib.zeros(2, 2), 2),
    "max_pool1d larger than input": lambda lib: fn(lib).max_pool1d(lib.zeros(1, 3, 2), 4),
    "avg_pool2d larger than input": lambda lib: fn(lib).avg_pool2d(lib.zeros(1, 3, 2, 2), 4),
    "batch_norm weight size": lambda lib: fn(lib).batch_norm(
        lib.zeros(2, 3), None, None, weight=lib.ones(4), training=True
    ),
    "dropout p above 1": lambda lib: lib.nn.Dropout(1.5),
    "pad odd length": lambda lib: fn(lib).pad(lib.zeros(2, 2), (1,)),
    "one_hot negative": lambda lib: fn(lib).one_hot(lib.tensor([-1, 0])),
    "one_hot class too large": lambda lib: fn(lib).one_hot(lib.tensor([3]), 2),
    "one_hot empty": lambda lib: fn(lib).one_hot(lib.tensor([], dtype=lib.long)),
    "pad longer than input": lambda lib: fn(lib).pad(lib.zeros(2), (1, 1, 1, 1)),
    "one_hot float": lambda lib: fn(lib).one_hot(lib.tensor([1.0])),
    # --- losses
    "cross_entropy target out of range": lambda lib: fn(lib).cross_entropy(
        lib.zeros(2, 5), lib.tensor([1, 7])
    ),
    "cross_entropy negative target": lambda lib: fn(lib).cross_entropy(
        lib.zeros(2, 5), lib.tensor([1, -3])
    ),
    "cross_entropy float target": lambda lib: fn(lib).cross_entropy(
        lib.zeros(2, 5), lib.tensor([1.0, 0.0])
    ),
    "cross_entropy int32 target": lambda lib: fn(lib).cross_entropy(
        lib.zeros(2, 5), lib.tensor([1, 0], dtype=lib.int32)
    ),
    "cross_entropy batch mismatch": lambda lib: fn(lib).cross_entropy(
        lib.zeros(3, 5), lib.tensor([1, 0])
    ),
    "cross_entropy 2-D long target": lambda lib: fn(lib).cross_entropy(
        lib.zeros(2, 5), lib.tensor([[1], [0]])
    ),
    "cross_entropy int input": lambda lib: fn(lib).cross_entropy(
        lib.tensor([[1, 2]]), lib.tensor([0])
    ),
    "CrossEntropyLoss probabilities shape": lambda lib: lib.nn.CrossEntropyLoss()(
        lib.zeros(2, 5), lib.zeros(2, 4)
    ),
    "cross_entropy long probabilities": lambda lib: fn(lib).cross_entropy(
        lib.zeros(2, 5), lib.zeros(2, 5, dtype=lib.long)
    ),
    "cross_entropy k-dim target shape": lambda lib: fn(lib).cross_entropy(
        lib.zeros(2, 5, 3), lib.tensor([1, 0])
    ),
    "cross_entropy k-dim target out of range": lambda lib: fn(lib).cross_entropy(
        lib.zeros(2, 5, 3), lib.tensor([[1, 9, 0], [0, 0, 0]])
    ),
    "cross_entropy byte target out of range": lambda lib: fn(lib).cross_entropy(
        lib.zeros(2, 5), lib.tensor([1, 9], dtype=lib.uint8)
    ),
    "nll_loss float target": lambda lib: fn(lib).nll_loss(lib.zeros(2, 5), lib.tensor([1.0, 0.0])),
    "nll_loss weight size": lambda lib: fn(lib).nll_loss(
        lib.zeros(2, 5), lib.tensor([1, 0]), weight=lib.ones(4)
    ),
    "nll_loss target out of range": lambda lib: fn(lib).nll_loss(
        lib.zeros(2, 3), lib.tensor([0, 3])
    ),
    "nll_loss batch mismatch": lambda lib: fn(lib).nll_loss(lib.zeros(3, 4), lib.tensor([0, 1])),
    "mse_loss long": lambda lib: fn(lib).mse_loss(lib.tensor([1, 2]), lib.tensor([1, 3])),
    "mse_loss sizes": lambda lib: fn(lib).mse_loss(lib.zeros(3), lib.zeros(4)),
    "binary_cross_entropy outside [0, 1]": lambda lib: fn(lib).binary_cross_entropy(
        lib.tensor([1.5]), lib.tensor([1.0])
    ),
    "binary_cross_entropy target outside [0, 1]": lambda lib: fn(lib).binary_cross_entropy(
        lib.tensor([0.5]), lib.tensor([2.0])
    ),
    "binary_cross_entropy nan input": lambda lib: fn(lib).binary_cross_entropy(
        lib.tensor([float("nan")]), lib.tensor([1.0])
    ),
    "binary_cross_entropy sizes": lambda lib: fn(lib).binary_cross_entropy(
        lib.zeros(3, 1), lib.zeros(3)
    ),
    "bce_with_logits sizes": lambda lib: fn(lib).binary_cross_entropy_with_logits(
        lib.zeros(3, 1), lib.zeros(3)
    ),
    "multinomial more than categories": lambda lib: lib.multinomial(lib.tensor([0.5, 0.5]), 3),
    "multinomial negative probability": lambda lib: lib.multinomial(lib.tensor([-0.5, 0.5]), 1),
    # --- optimizers and data
    "optimizer empty params": lambda lib: lib.optim.SGD([], lr=0.1),
    "optimizer negative lr": optimizer_negative_lr,
    "Adam beta of 1": adam_bad_beta,
    "optimizer given a tensor": optimizer_given_a_tensor,
    "optimizer param in two groups": optimizer_param_in_two_groups,
    "optimizer non-leaf": optimizer_non_leaf,
    "DataLoader batch_size 0": dataloader_batch_size_zero,
    "TensorDataset sizes": tensor_dataset_size_mismatch,
}


def test_enough_mistakes_are_covered() -> None:
    assert len(MISTAKES) >= 75


@pytest.mark.parametrize("mistake", list(MISTAKES), ids=str)
def test_error_matches_pytorch(mistake: str) -> None:
    fn_ = MISTAKES[mistake]
    expected = error_of(fn_, torch)
    assert error_of(fn_, pt) == expected


def test_setitem_drops_leading_ones_of_the_values_as_pytorch_does() -> None:
    """index_put's shape check strips the values' leading 1s (`slicePrefix1sSize`), so these
    assignments work in PyTorch; the gradients reach the values in their own shape."""

    def run(lib: Any) -> tuple[Any, ...]:
        v = lib.tensor([[[2.0, 3.0]]], requires_grad=True)
        w = lib.tensor([[4.0]], requires_grad=True)
        x = lib.zeros(3, 2, requires_grad=True).clone()
        x[lib.tensor([0, 1])] = v
        x[lib.tensor([2])] = w
        (x * lib.arange(6.0).reshape(3, 2)).sum().backward()
        return x.tolist(), v.grad.tolist(), w.grad.tolist()

    assert run(pt) == run(torch)
