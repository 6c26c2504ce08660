"""Recurrent layers: RNN, LSTM, GRU and their single-step cells, as in torch/nn/modules/rnn.py.

Each cell is a few tensor ops, one line per gate, so autograd differentiates it with no new
kernel and backpropagation through time is the engine's ordinary (iterative) backward.

A layer runs its cell over the sequence: first `W_ih x_t + b_ih` for every time step in one
matmul (the input does not depend on the recurrence), then one step per time step. A stacked
layer reads the output of the layer below; a bidirectional layer runs a second cell from the
last step to the first and concatenates both outputs. Sequences of unequal length arrive as a
`PackedSequence`, and a full (T, B, *) batch is run as the packed batch with every
batch_size = B, so there is one loop for both.

The steps and the loop over time are in rnn_step.py, the cells as modules in rnn_cell.py;
both are importable from here too.

>>> import pytensor
>>> from pytensor.nn.modules.rnn import LSTM
>>> lstm = LSTM(10, 20, num_layers=2, batch_first=True)
>>> output, (h_n, c_n) = lstm(pytensor.randn(3, 5, 10))
>>> output.shape, h_n.shape
(pytensor.Size([3, 5, 20]), pytensor.Size([2, 3, 20]))
"""

from __future__ import annotations

import math
import numbers
import warnings
from typing import Any

from ...ops.creation import zeros
from ...ops.movement import cat, stack
from ...tensor import Tensor
from .. import functional as F
from .. import init
from ..parameter import Parameter
from ..utils.rnn import PackedSequence
from .module import Module
from .rnn_cell import GRUCell, LSTMCell, RNNCell, RNNCellBase
from .rnn_step import (  # noqa: F401  (the steps are importable from here, as before the split)
    _GATES,
    _STEPS,
    State,
    Step,
    gru_step,
    lstm_step,
    rnn_relu_step,
    rnn_tanh_step,
    run_direction,
)

__all__ = ["GRU", "LSTM", "RNN", "GRUCell", "LSTMCell", "RNNBase", "RNNCell", "RNNCellBase"]


class RNNBase(Module):
    """The shared machinery of RNN, LSTM and GRU: parameters, checks and the layer loop.

    Parameters, per layer l and direction (suffix "" or "_reverse"), registered in this order:
    `weight_ih_l{l}` `(G*H, I_l)`, `weight_hh_l{l}` `(G*H, H)`, `bias_ih_l{l}` `(G*H,)` and
    `bias_hh_l{l}` `(G*H,)`, with G gates (1, 4 or 3) and `I_l = input_size` for l = 0, else
    `H * directions`. All start as U(-1/sqrt(H), 1/sqrt(H)), drawn in PyTorch's order.

    Args:
        mode: `'RNN_TANH'`, `'RNN_RELU'`, `'LSTM'` or `'GRU'`.
        input_size: the number of features of the input x.
        hidden_size: the number of features H of the hidden state h.
        num_layers: the number of stacked layers. Default: 1.
        bias: if False, the layers use no biases. Default: True.
        batch_first: if True, the input and output are `(B, T, *)` instead of `(T, B, *)`
            (the hidden states are not). Default: False.
        dropout: if non-zero, dropout with this probability on the output of every layer but
            the last (training only). Default: 0.0.
        bidirectional: if True, each layer also runs from the last step to the first, and the
            two outputs are concatenated. Default: False.
        device: the device of the parameters. Default: the CPU.
        dtype: the dtype of the parameters. Default: the default dtype (float32).

    Note:
        PyTorch's `proj_size` (LSTM projections) is not implemented, and there is no
        `flatten_parameters()` (a cuDNN memory-layout call in PyTorch).

    Examples:
        >>> from pytensor.nn import RNNBase
        >>> [name for name, _ in RNNBase("GRU", 3, 4).named_parameters()]
        ['weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0']
    """

    def __init__(
        self,
        mode: str,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        bias: bool = True,
        batch_first: bool = False,
        dropout: float = 0.0,
        bidirectional: bool = False,
        device: Any = None,
        dtype: Any = None,
    ) -> None:
        super().__init__()
        if (
            not isinstance(dropout, numbers.Number)
            or isinstance(dropout, bool)
            or not 0 <= float(dropout) <= 1
        ):
            raise ValueError(
                "dropout should be a number in range [0, 1] representing the probability of "
                "an element being zeroed"
            )
        if float(dropout) > 0 and num_layers == 1:
            warnings.warn(
                "dropout option adds dropout after all but last recurrent layer, so non-zero "
                "dropout expects num_layers greater than 1, but got "
                f"dropout={dropout} and num_layers={num_layers}",
                stacklevel=2,
            )
        if hidden_size <= 0:
            raise ValueError("hidden_size must be greater than zero")
        if num_layers <= 0:
            raise ValueError("num_layers must be greater than zero")
        if mode not in _STEPS:
            raise ValueError("Unrecognized RNN mode: " + mode)
        self.mode = mode
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.bias = bias
        self.batch_first = batch_first
        self.dropout = float(dropout)
        self.bidirectional = bidirectional
        self.proj_size = 0  # projections (LSTM proj_size) are not implemented
        num_directions = 2 if bidirectional else 1
        gate_size = _GATES[mode] * hidden_size
        self._flat_weights_names: list[str] = []
        for layer in range(num_layers):
            layer_input_size = input_size if layer == 0 else hidden_size * num_directions
            for direction in range(num_directions):
                suffix = "_reverse" if direction == 1 else ""
                shapes: dict[str, tuple[int, ...]] = {
                    "weight_ih": (gate_size, layer_input_size),
                    "weight_hh": (gate_size, hidden_size),
                }
                if bias:
                    shapes.update(bias_ih=(gate_size,), bias_hh=(gate_size,))
                for kind, shape in shapes.items():
                    name = f"{kind}_l{layer}{suffix}"
                    setattr(self, name, Parameter(zeros(*shape, device=device, dtype=dtype)))
                    self._flat_weights_names.append(name)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Draw every weight and bias again from U(-1/sqrt(H), 1/sqrt(H)), in registration order."""
        # Every weight and bias U(-1/sqrt(H), 1/sqrt(H)), drawn in registration order as torch.
        stdv = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            init.uniform_(weight, -stdv, stdv)

    @property
    def all_weights(self) -> list[list[Parameter]]:
        """The parameters grouped per layer and direction: [[w_ih, w_hh, b_ih, b_hh], ...]."""
        per_group = 4 if self.bias else 2
        names = self._flat_weights_names
        return [
            [getattr(self, name) for name in names[i : i + per_group]]
            for i in range(0, len(names), per_group)
        ]

    def _weights(self, layer: int, direction: int) -> tuple[Tensor, Tensor, Any, Any]:
        suffix = "_reverse" if direction == 1 else ""
        get = self._parameters.get
        return (
            getattr(self, f"weight_ih_l{layer}{suffix}"),
            getattr(self, f"weight_hh_l{layer}{suffix}"),
            get(f"bias_ih_l{layer}{suffix}"),
            get(f"bias_hh_l{layer}{suffix}"),
        )

    def _check_input(self, input: Tensor, batched_dims: int) -> None:  # noqa: A002
        if input.dim() != batched_dims:
            raise RuntimeError(f"input must have {batched_dims} dimensions, got {input.dim()}")
        if self.input_size != input.size(-1):
            raise RuntimeError(
                "input.size(-1) must be equal to input_size. "
                f"Expected {self.input_size}, got {input.size(-1)}"
            )

    def _check_hidden(self, hx: Tensor, batch: int, msg: str) -> None:
        expected = (self.num_layers * (2 if self.bidirectional else 1), batch, self.hidden_size)
        if tuple(hx.shape) != expected:
            raise RuntimeError(msg.format(expected, list(hx.shape)))

    def _run(self, data: Tensor, batch_sizes: list[int], hx: State) -> tuple[Tensor, State]:
        """All layers over packed rows data (N, I); hx: each (layers * directions, B, H)."""
        step = _STEPS[self.mode]
        num_directions = 2 if self.bidirectional else 1
        finals: list[State] = []
        layer_input = data
        for layer in range(self.num_layers):
            outputs = []
            for direction in range(num_directions):
                w_ih, w_hh, b_ih, b_hh = self._weights(layer, direction)
                x_proj = F.linear(layer_input, w_ih, b_ih)  # every time step in one matmul
                state = tuple(s[layer * num_directions + direction] for s in hx)
                out, final = run_direction(
                    step, x_proj, batch_sizes, state, w_hh, b_hh, reverse=direction == 1
                )
                outputs.append(out)
                finals.append(final)
            layer_input = outputs[0] if num_directions == 1 else cat(outputs, 1)
            if self.dropout != 0 and self.training and layer < self.num_layers - 1:
                layer_input = F.dropout(layer_input, self.dropout, True)
        return layer_input, tuple(stack(list(parts)) for parts in zip(*finals))

    def _forward(self, input: Any, hx: State | None) -> tuple[Any, State]:  # noqa: A002
        """The shared forward; hx and the returned state are tuples (h,) or (h, c)."""
        name = type(self).__name__
        num_states = 2 if self.mode == "LSTM" else 1
        sorted_indices = unsorted_indices = None
        if isinstance(input, PackedSequence):
            data, batch_sizes_t, sorted_indices, unsorted_indices = input
            self._check_input(data, 2)
            batch_sizes = [int(b) for b in batch_sizes_t.tolist()]
            batch, steps, is_batched = batch_sizes[0], None, True
        else:
            if input.dim() not in (2, 3):
                raise ValueError(
                    f"{name}: Expected input to be 2D or 3D, got {input.dim()}D instead"
                )
            is_batched = input.dim() == 3
            if not is_batched:
                input = input.unsqueeze(0 if self.batch_first else 1)
            self._check_input(input, 3)
            if self.batch_first:
                input = input.transpose(0, 1)  # the layers work on (T, B, I)
            steps, batch = input.size(0), input.size(1)
            batch_sizes = [batch] * steps
            data = input.reshape(steps * batch, input.size(2))
        if hx is None:
            shape = (self.num_layers * (2 if self.bidirectional else 1), batch, self.hidden_size)
            hx = tuple(
                zeros(*shape, dtype=data.dtype, device=data.device) for _ in range(num_states)
            )
        else:
            if not is_batched:
                if any(s.dim() != 2 for s in hx):
                    raise RuntimeError(_hidden_dims_message(hx, "unbatched 2-D", 2))
                hx = tuple(s.unsqueeze(1) for s in hx)
            elif any(s.dim() != 3 for s in hx):
                raise RuntimeError(_hidden_dims_message(hx, "batched 3-D", 3))
            messages = ("Expected hidden size {}, got {}", "Expected hidden[1] size {}, got {}")
            for s, msg in zip(hx, messages if num_states == 2 else messages[:1]):
                self._check_hidden(s, batch, msg)
            if sorted_indices is not None:
                hx = tuple(s.index_select(1, sorted_indices) for s in hx)
        output, h_n = self._run(data, batch_sizes, hx)
        if unsorted_indices is not None:
            h_n = tuple(s.index_select(1, unsorted_indices) for s in h_n)
        if steps is None:
            return PackedSequence(output, input.batch_sizes, sorted_indices, unsorted_indices), h_n
        output = output.reshape(steps, batch, self.hidden_size * (2 if self.bidirectional else 1))
        if self.batch_first:
            output = output.transpose(0, 1)
        if not is_batched:
            output = output.squeeze(0 if self.batch_first else 1)
            h_n = tuple(s.squeeze(1) for s in h_n)
        return output, h_n

    def extra_repr(self) -> str:
        """`input_size, hidden_size`, then the options that differ from their defaults."""
        s = f"{self.input_size}, {self.hidden_size}"
        if self.num_layers != 1:
            s += f", num_layers={self.num_layers}"
        if self.bias is not True:
            s += f", bias={self.bias}"
        if self.batch_first is not False:
            s += f", batch_first={self.batch_first}"
        if self.dropout != 0:
            s += f", dropout={self.dropout}"
        if self.bidirectional is not False:
            s += f", bidirectional={self.bidirectional}"
        return s


def _hidden_dims_message(hx: State, kind: str, dims: int) -> str:
    if len(hx) == 2:
        got = f"({hx[0].dim()}-D, {hx[1].dim()}-D)"
        return f"For {kind} input, hx and cx should also be {dims}-D but got {got} tensors"
    return f"For {kind} input, hx should also be {dims}-D but got {hx[0].dim()}-D tensor"


class RNN(RNNBase):
    """Applies a multi-layer Elman RNN to an input sequence. Each layer computes, for every time
    step t,

        h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)

    (or relu), where x_t is the input of the layer (the output of the layer below for layers
    after the first) and h_0 is `hx` or zeros.

    Args:
        input_size: the number of features of the input x.
        hidden_size: the number of features H of the hidden state h.
        num_layers: the number of stacked layers. Default: 1.
        nonlinearity: `'tanh'` or `'relu'`. Default: `'tanh'`.
        bias: if False, the layers use no biases. Default: True.
        batch_first: if True, the input and output are `(B, T, *)` instead of `(T, B, *)`.
            Default: False.
        dropout: dropout on the outputs of all layers but the last (training only). Default: 0.0.
        bidirectional: if True, a bidirectional RNN. Default: False.
        device: the device of the parameters. Default: the CPU.
        dtype: the dtype of the parameters. Default: the default dtype (float32).

    Shape:
        - input: `(T, B, input_size)`, `(B, T, input_size)` with `batch_first`, `(T, input_size)`
          unbatched, or a `PackedSequence`.
        - hx: `(D * num_layers, B, H)` or `(D * num_layers, H)`, D = 2 if bidirectional else 1.
          Default: zeros.
        - output: `(T, B, D * H)` (batch first with `batch_first`), or a `PackedSequence` for a
          packed input: the last layer's h_t for every t.
        - h_n: `(D * num_layers, B, H)`, the final hidden state of every layer and direction.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> rnn = nn.RNN(10, 20, num_layers=2)
        >>> output, h_n = rnn(pytensor.randn(5, 3, 10), pytensor.zeros(2, 3, 20))
        >>> output.shape, h_n.shape
        (pytensor.Size([5, 3, 20]), pytensor.Size([2, 3, 20]))
        >>> bool((output[-1] == h_n[-1]).all())
        True
    """

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        nonlinearity: str = "tanh",
        bias: bool = True,
        batch_first: bool = False,
        dropout: float = 0.0,
        bidirectional: bool = False,
        device: Any = None,
        dtype: Any = None,
    ) -> None:
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(
                f"Unknown nonlinearity '{nonlinearity}'. Select from 'tanh' or 'relu'."
            )
        self.nonlinearity = nonlinearity
        mode = "RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU"
        super().__init__(
            mode, input_size, hidden_size, num_layers, bias, batch_first, dropout,
            bidirectional, device, dtype,
        )  # fmt: skip

    def forward(self, input: Any, hx: Tensor | None = None) -> tuple[Any, Tensor]:  # noqa: A002
        output, (h_n,) = self._forward(input, None if hx is None else (hx,))
        return output, h_n


class LSTM(RNNBase):
    """Applies a multi-layer long short-term memory RNN to an input sequence. Each layer runs
    `lstm_step` (input, forget, cell and output gates) at every time step:

        c_t = f_t * c_{t-1} + i_t * g_t
        h_t = o_t * tanh(c_t)

    Args:
        *args: the arguments below, in this order.
        **kwargs: the arguments below, by name.

    The arguments are those of `RNN` without `nonlinearity`: `input_size`, `hidden_size`,
    `num_layers=1`, `bias=True`, `batch_first=False`, `dropout=0.0`, `bidirectional=False`,
    `device=None`, `dtype=None`. The parameters hold the four gates side by side:
    `weight_ih_l{k}` is `(4 * hidden_size, input_size)` for k = 0.

    Shape:
        - input: `(T, B, input_size)`, `(B, T, input_size)` with `batch_first`, `(T, input_size)`
          unbatched, or a `PackedSequence`.
        - hx: a pair `(h_0, c_0)`, each `(D * num_layers, B, H)`, D = 2 if bidirectional else 1.
          Default: zeros.
        - output: `(T, B, D * H)` (or batch first, or a `PackedSequence`).
        - (h_n, c_n): each `(D * num_layers, B, H)`.

    Note:
        `proj_size` (LSTM with projections) is not implemented: a non-zero value raises
        NotImplementedError. Pass `device` and `dtype` by keyword: PyTorch's eighth positional
        argument is `proj_size`, pytensor's is `device`.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> lstm = nn.LSTM(10, 20, num_layers=2, batch_first=True)
        >>> output, (h_n, c_n) = lstm(pytensor.randn(3, 5, 10))
        >>> output.shape, h_n.shape, c_n.shape
        (pytensor.Size([3, 5, 20]), pytensor.Size([2, 3, 20]), pytensor.Size([2, 3, 20]))
        >>> lstm
        LSTM(10, 20, num_layers=2, batch_first=True)
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if kwargs.get("proj_size", 0):
            raise NotImplementedError("LSTM proj_size is not implemented in pytensor")
        kwargs.pop("proj_size", None)
        super().__init__("LSTM", *args, **kwargs)

    def forward(
        self,
        input: Any,  # noqa: A002
        hx: tuple[Tensor, Tensor] | None = None,
    ) -> tuple[Any, tuple[Tensor, Tensor]]:
        output, (h_n, c_n) = self._forward(input, hx)
        return output, (h_n, c_n)


class GRU(RNNBase):
    """Applies a multi-layer gated recurrent unit RNN to an input sequence. Each layer runs
    `gru_step` (reset, update and new gates) at every time step:

        h_t = (1 - z_t) * n_t + z_t * h_{t-1}

    Args:
        *args: the arguments below, in this order.
        **kwargs: the arguments below, by name.

    The arguments are those of `RNN` without `nonlinearity`: `input_size`, `hidden_size`,
    `num_layers=1`, `bias=True`, `batch_first=False`, `dropout=0.0`, `bidirectional=False`,
    `device=None`, `dtype=None`. The parameters hold the three gates side by side.

    Shape:
        - input: `(T, B, input_size)`, `(B, T, input_size)` with `batch_first`, `(T, input_size)`
          unbatched, or a `PackedSequence`.
        - hx: `(D * num_layers, B, H)`, D = 2 if bidirectional else 1. Default: zeros.
        - output: `(T, B, D * H)` (or batch first, or a `PackedSequence`).
        - h_n: `(D * num_layers, B, H)`.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> _ = pytensor.manual_seed(0)
        >>> gru = nn.GRU(3, 2)
        >>> output, h_n = gru(pytensor.ones(4, 1, 3))
        >>> h_n  # the same numbers as torch.nn.GRU after torch.manual_seed(0)
        tensor([[[-0.8458,  0.0213]]], grad_fn=<StackBackward0>)
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__("GRU", *args, **kwargs)

    def forward(self, input: Any, hx: Tensor | None = None) -> tuple[Any, Tensor]:  # noqa: A002
        output, (h_n,) = self._forward(input, None if hx is None else (hx,))
        return output, h_n

# PyTorch keeps these in this file; they print and pickle under its path, as in PyTorch.
for _cls in (RNNCellBase, RNNCell, LSTMCell, GRUCell):
    _cls.__module__ = __name__

del _cls
