"""pytensor: PyTorch's core, re-implemented in readable pure Python.

`import pytensor as torch`, and the tensor and autograd parts of a PyTorch tutorial print the
same numbers. The functions of the `torch` namespace are re-exported here from
`pytensor/ops/` (`pytensor.cat` is `pytensor.ops.movement.cat`).

>>> import pytensor as torch
>>> x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
>>> (x * x).sum().backward()
>>> x.grad
tensor([[2., 4.],
        [6., 8.]])
"""

from __future__ import annotations

import builtins
from typing import Any

from . import (
    accelerator,
    amp,
    autograd,
    backends,
    cuda,
    dtypes,
    nn,
    opencl,
    optim,
    random,
    utils,
    version,
    viz,
)
from ._determinism import (
    are_deterministic_algorithms_enabled,
    is_deterministic_algorithms_warn_only_enabled,
    use_deterministic_algorithms,
)
from ._device import device, get_default_device, set_default_device
from ._legacy import (
    BoolTensor,
    ByteTensor,
    CharTensor,
    DoubleTensor,
    FloatTensor,
    HalfTensor,
    IntTensor,
    LongTensor,
    ShortTensor,
)  # fmt: skip
from ._size import Size
from ._tensor_str import get_printoptions, printoptions, set_printoptions
from .amp import autocast, is_autocast_enabled
from .autograd.grad_mode import (
    enable_grad,
    inference_mode,
    is_grad_enabled,
    no_grad,
    set_grad_enabled,
)  # fmt: skip
from .dtypes import (
    can_cast,
    dtype,
    get_default_dtype,
    promote_types,
    result_type,
    set_default_dtype,
)  # fmt: skip
from .nn._functional.piecewise_activation import hardshrink, prelu, threshold, threshold_
from .nn._functional.smooth_activation import celu, celu_, selu, selu_
from .ops.arguments import contiguous_format, layout, memory_format, preserve_format, strided
from .ops.creation import (
    arange,
    as_tensor,
    empty,
    empty_like,
    eye,
    from_numpy,
    full,
    full_like,
    linspace,
    logspace,
    ones,
    ones_like,
    scalar_tensor,
    tensor,
    zeros,
    zeros_like,
)  # fmt: skip
from .ops.deprecated import range
from .ops.indexing import (
    argsort,
    gather,
    index_add,
    index_put,
    index_select,
    masked_fill,
    masked_select,
    nonzero,
    scatter,
    scatter_add,
    sort,
    take_along_dim,
    topk,
    unique,
)  # fmt: skip
from .ops.linalg import addmm, bmm, dot, einsum, matmul, mm, mv, outer
from .ops.movement import (
    as_strided,
    broadcast_tensors,
    broadcast_to,
    cat,
    chunk,
    clone,
    diag,
    diagonal,
    expand,
    flatten,
    flip,
    hstack,
    narrow,
    permute,
    repeat,
    reshape,
    roll,
    select,
    split,
    squeeze,
    stack,
    t,
    tile,
    transpose,
    tril,
    triu,
    unbind,
    unflatten,
    unsqueeze,
    vstack,
)  # fmt: skip
from .ops.pointwise import (
    abs,
    acos,
    add,
    allclose,
    asin,
    atan,
    atan2,
    bitwise_and,
    bitwise_not,
    bitwise_or,
    bitwise_xor,
    ceil,
    clamp,
    cos,
    cosh,
    div,
    eq,
    equal,
    erf,
    erfc,
    exp,
    expm1,
    floor,
    floor_divide,
    fmod,
    frac,
    ge,
    gt,
    isclose,
    isfinite,
    isinf,
    isnan,
    le,
    lerp,
    log,
    log1p,
    log2,
    log10,
    logical_and,
    logical_not,
    logical_or,
    logical_xor,
    lt,
    maximum,
    minimum,
    mul,
    nan_to_num,
    ne,
    neg,
    pow,
    reciprocal,
    relu,
    remainder,
    round,
    rsqrt,
    sigmoid,
    sign,
    sin,
    sinh,
    sqrt,
    square,
    sub,
    tan,
    tanh,
    trunc,
)  # fmt: skip
from .ops.reduction import (
    all,
    amax,
    amin,
    any,
    argmax,
    argmin,
    cumprod,
    cumsum,
    log_softmax,
    logsumexp,
    max,
    mean,
    min,
    norm,
    prod,
    softmax,
    std,
    sum,
    var,
)  # fmt: skip
from .ops.sampling import (
    bernoulli,
    multinomial,
    normal,
    rand,
    rand_like,
    randint,
    randint_like,
    randn,
    randn_like,
    randperm,
)  # fmt: skip
from .random import Generator, default_generator, initial_seed, manual_seed, seed
from .serialization import load, save
from .tensor import Tensor

# The public names, as `torch.__all__` lists its own: a user's type checker (`mypy --strict`,
# which does not re-export an import by default) and `from pytensor import *` both read it.
# Submodules (nn, optim, ...) are reached as attributes, as in PyTorch, and are not listed.
# tests/test_typing.py checks that every public name defined here is in it.
__all__ = [
    "BoolTensor", "ByteTensor", "CharTensor", "DoubleTensor", "FloatTensor", "Generator",
    "HalfTensor", "IntTensor", "LongTensor", "ShortTensor", "Size", "Tensor", "abs",
    "absolute", "acos", "add", "addmm", "all", "allclose", "amax", "amin", "any", "arange",
    "arccos", "arcsin", "arctan", "arctan2", "are_deterministic_algorithms_enabled", "argmax",
    "argmin", "argsort", "as_strided",
    "as_tensor", "asin", "atan", "atan2", "autocast", "bernoulli", "bitwise_and", "bitwise_not",
    "bitwise_or", "bitwise_xor", "bmm", "bool", "broadcast_tensors", "broadcast_to",
    "can_cast", "cat", "ceil", "contiguous_format", "layout", "memory_format",
    "preserve_format", "strided", "chunk", "clamp", "clip", "clone", "concat", "concatenate",
    "cos", "cosh", "cumprod", "cumsum", "default_generator", "device", "diag", "diagonal",
    "div", "divide", "dot", "double", "dtype", "einsum", "empty", "empty_like", "enable_grad",
    "eq", "equal", "erf", "erfc", "exp", "expand", "expm1", "eye", "flatten", "flip", "float",
    "float16", "float32", "float64", "floor", "floor_divide", "fmod", "frac", "from_numpy",
    "full", "full_like", "gather", "ge", "get_default_device", "get_default_dtype",
    "get_printoptions",
    "get_rng_state", "greater", "greater_equal", "gt", "half", "hstack", "index_add",
    "index_put", "index_select", "inference_mode", "initial_seed", "int", "int16", "int32",
    "int64", "int8", "is_autocast_enabled", "is_deterministic_algorithms_warn_only_enabled",
    "is_floating_point", "is_grad_enabled", "is_tensor", "isclose",
    "isfinite", "isinf", "isnan", "le", "lerp", "less", "less_equal", "linspace", "load",
    "log", "log10", "log1p", "log2", "log_softmax", "logical_and", "logical_not", "logical_or",
    "logical_xor", "logspace", "logsumexp", "long", "lt", "manual_seed", "masked_fill",
    "masked_select", "matmul", "max", "maximum", "mean", "min", "minimum", "mm", "mul",
    "multinomial", "multiply", "mv", "nan_to_num", "narrow", "ne", "neg", "negative",
    "no_grad", "nonzero", "norm", "normal", "not_equal", "numel", "ones", "ones_like", "outer",
    "permute", "pow", "printoptions", "prod", "promote_types", "rand", "rand_like", "randint",
    "randint_like", "randn", "randn_like", "randperm", "range", "reciprocal", "relu", "remainder",
    "repeat", "reshape", "result_type", "roll", "round", "rsqrt", "save", "scalar_tensor",
    "scatter", "scatter_add", "seed", "select", "set_default_device", "set_default_dtype",
    "set_grad_enabled",
    "set_printoptions", "set_rng_state", "short", "sigmoid", "sign", "sin", "sinh", "softmax",
    "sort", "split", "sqrt", "square", "squeeze", "stack", "std", "sub", "subtract", "sum",
    "swapaxes", "swapdims", "t", "take_along_dim", "tan", "tanh", "tensor", "tile", "topk",
    "transpose", "tril", "triu", "true_divide", "trunc", "uint8", "unbind", "unflatten",
    "unique", "unsqueeze", "use_deterministic_algorithms", "var", "vstack", "where", "zeros",
    "zeros_like",
    "celu", "celu_", "hardshrink", "prelu", "selu", "selu_", "threshold", "threshold_",
]  # fmt: skip

float32 = dtypes.float32
float = dtypes.float32  # noqa: A001 - torch.float
float64 = dtypes.float64
double = dtypes.float64
float16 = dtypes.float16
half = dtypes.float16
int64 = dtypes.int64
long = dtypes.int64
int32 = dtypes.int32
int = dtypes.int32  # noqa: A001 - torch.int
int16 = dtypes.int16
short = dtypes.int16
int8 = dtypes.int8
uint8 = dtypes.uint8
bool = dtypes.bool_  # noqa: A001 - torch.bool

# Aliases PyTorch users meet in tutorials.
multiply = mul
subtract = sub
divide = div
true_divide = div
clip = clamp
negative = neg
absolute = abs
concat = cat
concatenate = cat
swapaxes = transpose
swapdims = transpose
greater = gt
greater_equal = ge
less = lt
less_equal = le
not_equal = ne
arcsin = asin
arccos = acos
arctan = atan
arctan2 = atan2


def where(condition: Tensor, input: Any = None, other: Any = None) -> Any:
    """where(cond, a, b) selects; where(cond) alone is nonzero(cond, as_tuple=True).

    Args:
        condition: a bool tensor.
        input: the values where `condition` holds (a tensor or a number); omit it, and `other`,
            for the one-argument form.
        other: the values elsewhere (a tensor or a number). At least one of `input` and `other`
            must be a tensor (PyTorch also accepts two numbers).

    Returns:
        With three arguments, the broadcast selection (see `pytensor.ops.pointwise.where`); with
        one, a tuple of index tensors, one per dim of `condition`.

    Examples:
        >>> import pytensor
        >>> c = pytensor.tensor([True, False, True])
        >>> pytensor.where(c, pytensor.tensor([1, 2, 3]), 0)
        tensor([1, 0, 3])
        >>> pytensor.where(c)
        (tensor([0, 2]),)
    """
    from .ops import pointwise

    if input is None and other is None:
        return nonzero(condition, as_tuple=True)
    return pointwise.where(condition, input, other)


def is_tensor(obj: object) -> builtins.bool:
    """True when `obj` is a `pytensor.Tensor` (a `Parameter` too).

    Examples:
        >>> import pytensor
        >>> pytensor.is_tensor(pytensor.zeros(1)), pytensor.is_tensor([1.0])
        (True, False)
    """
    return isinstance(obj, Tensor)


def numel(input: Tensor) -> builtins.int:  # noqa: A002
    """The number of elements of `input`: `input.numel()`.

    Examples:
        >>> import pytensor
        >>> pytensor.numel(pytensor.zeros(2, 3))
        6
    """
    return input.numel()


def is_floating_point(input: Tensor) -> builtins.bool:  # noqa: A002
    """True when `input`'s dtype is float16, float32 or float64.

    Examples:
        >>> import pytensor
        >>> pytensor.is_floating_point(pytensor.zeros(1))
        True
        >>> pytensor.is_floating_point(pytensor.arange(2))
        False
    """
    return input.dtype.is_floating_point


def get_rng_state() -> Tensor:
    """The default generator's state as a uint8 tensor (PyTorch's byte layout).

    Returns:
        A uint8 tensor of 5056 elements; `torch.set_rng_state` accepts it as it is, and
        `pytensor.set_rng_state` takes one from `torch.get_rng_state()`.

    Examples:
        >>> import pytensor
        >>> state = pytensor.get_rng_state()
        >>> a = pytensor.rand(3)
        >>> pytensor.set_rng_state(state)
        >>> pytensor.equal(a, pytensor.rand(3)), state.shape, state.dtype
        (True, pytensor.Size([5056]), pytensor.uint8)
    """
    return tensor(list(random.get_rng_state()), dtype=uint8)


def set_rng_state(state: Tensor) -> None:
    """Restore the default generator from a uint8 tensor made by `get_rng_state`.

    Args:
        state: a uint8 tensor of 5056 elements, from `pytensor.get_rng_state()` or from
            `torch.get_rng_state()` (anything with a `tolist()` of the 5056 byte values).

    Examples:
        >>> import pytensor
        >>> _ = pytensor.manual_seed(0)
        >>> state = pytensor.get_rng_state()
        >>> _ = pytensor.manual_seed(1)
        >>> pytensor.set_rng_state(state)
        >>> pytensor.rand(2)
        tensor([0.4963, 0.7682])
    """
    random.set_rng_state(bytes(state.tolist()))


__version__ = "0.1.0"
