"""Recurrent layers: RNN, LSTM, GRU and their single-step cells, as in torch/nn/modules/rnn.py.

Each cell is a few tensor ops, one line per gate, so autograd differentiates it with no new
kernel and backpropagation through time is the engine's ordinary (iterative) backward.

A layer runs its cell over the sequence: first `W_ih x_t + b_ih` for every time step in one
matmul (the input does not depend on the recurrence), then one step per time step. A stacked
layer reads the output of the layer below; a bidirectional layer runs a second cell from the
last step to the first and concatenates both outputs. Sequences of unequal length arrive as a
`PackedSequence`, and a full (T, B, *) batch is run as the packed batch with every
batch_size = B, so there is one loop for both.

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
from collections.abc import Callable
from typing import Any

from ...ops.creation import zeros
from ...ops.movement import cat, stack
from ...tensor import Tensor
from .. import functional as F
from .. import init
from ..parameter import Parameter
from ..utils.rnn import PackedSequence
from .module import Module

__all__ = ["GRU", "LSTM", "RNN", "GRUCell", "LSTMCell", "RNNBase", "RNNCell", "RNNCellBase"]

State = tuple[Tensor, ...]  # (h,) for RNN and GRU, (h, c) for LSTM
# One time step: (W_ih x + b_ih, state, W_hh, b_hh) -> new state.
Step = Callable[[Tensor, State, Tensor, "Tensor | None"], State]


# --- the cells: one time step, written as the equations in torch's documentation ----------
# `x_proj` is W_ih x_t + b_ih, computed for all time steps at once by the layer.


def rnn_tanh_step(x_proj: Tensor, state: State, w_hh: Tensor, b_hh: Tensor | None) -> State:
    """h' = tanh(W_ih x + b_ih + W_hh h + b_hh)"""
    (h,) = state
    return ((F.linear(h, w_hh, b_hh) + x_proj).tanh(),)


def rnn_relu_step(x_proj: Tensor, state: State, w_hh: Tensor, b_hh: Tensor | None) -> State:
    """h' = relu(W_ih x + b_ih + W_hh h + b_hh)"""
    (h,) = state
    return ((F.linear(h, w_hh, b_hh) + x_proj).relu(),)


def lstm_step(x_proj: Tensor, state: State, w_hh: Tensor, b_hh: Tensor | None) -> State:
    """Long short-term memory (Hochreiter & Schmidhuber, 1997), gates in torch's order i, f, g, o:

    i  = sigmoid(W_ii x + b_ii + W_hi h + b_hi)     input gate
    f  = sigmoid(W_if x + b_if + W_hf h + b_hf)     forget gate
    g  = tanh(W_ig x + b_ig + W_hg h + b_hg)        cell candidate
    o  = sigmoid(W_io x + b_io + W_ho h + b_ho)     output gate
    c' = f * c + i * g
    h' = o * tanh(c')
    """
    h, c = state
    gates = F.linear(h, w_hh, b_hh) + x_proj  # (B, 4H): the four gates side by side
    i, f, g, o = gates.chunk(4, 1)
    i = i.sigmoid()
    f = f.sigmoid()
    g = g.tanh()
    o = o.sigmoid()
    c_next = f * c + i * g
    h_next = o * c_next.tanh()
    return h_next, c_next


def gru_step(x_proj: Tensor, state: State, w_hh: Tensor, b_hh: Tensor | None) -> State:
    """Gated recurrent unit (Cho et al., 2014), gates in torch's order r, z, n:

    r  = sigmoid(W_ir x + b_ir + W_hr h + b_hr)     reset gate
    z  = sigmoid(W_iz x + b_iz + W_hz h + b_hz)     update gate
    n  = tanh(W_in x + b_in + r * (W_hn h + b_hn))  new gate
    h' = (1 - z) * n + z * h

    r multiplies W_hn h + b_hn (after the matmul), as in torch and cuDNN, not h itself.
    """
    (h,) = state
    x_r, x_z, x_n = x_proj.chunk(3, 1)
    h_r, h_z, h_n = F.linear(h, w_hh, b_hh).chunk(3, 1)
    r = (x_r + h_r).sigmoid()
    z = (x_z + h_z).sigmoid()
    n = (x_n + r * h_n).tanh()
    h_next = (h - n) * z + n  # (1 - z) * n + z * h, in torch's arithmetic
    return (h_next,)


_STEPS: dict[str, Step] = {
    "RNN_TANH": rnn_tanh_step,
    "RNN_RELU": rnn_relu_step,
    "LSTM": lstm_step,
    "GRU": gru_step,
}
_GATES = {"RNN_TANH": 1, "RNN_RELU": 1, "LSTM": 4, "GRU": 3}


# --- running a cell over a (packed) sequence ---------------------------------------------


def run_direction(
    step: Step,
    x_proj: Tensor,
    batch_sizes: list[int],
    state: State,
    w_hh: Tensor,
    b_hh: Tensor | None,
    reverse: bool,
) -> tuple[Tensor, State]:
    """Run `step` over packed rows x_proj (sum(batch_sizes), G); return (outputs, final state).

    Going forward, a sequence that ends leaves the batch (the batch sizes only shrink): its
    state is set aside as its final state. Going backward, sequences join as they start, with
    their initial state. This is torch's PackedLayer / ReversedPackedLayer.
    """
    outputs: list[Tensor] = []
    # One split, not a narrow per step: its backward concatenates the step gradients once,
    # where T narrows would each scatter into a full-size zero tensor (T^2 work).
    steps = x_proj.split(batch_sizes)
    if not reverse:
        finished: list[State] = []  # final states of the sequences that ended, last first
        running = batch_sizes[0]
        for b, x_t in zip(batch_sizes, steps):
            if b < running:
                finished.append(tuple(s.narrow(0, b, running - b) for s in state))
                state = tuple(s.narrow(0, 0, b) for s in state)
            running = b
            state = step(x_t, state, w_hh, b_hh)
            outputs.append(state[0])
        finished.append(state)
        finished.reverse()
        final = tuple(cat(parts) for parts in zip(*finished))
    else:
        initial, running = state, batch_sizes[-1]
        state = tuple(s.narrow(0, 0, running) for s in state)
        for b, x_t in zip(reversed(batch_sizes), reversed(steps)):
            if b > running:
                joining = (s0.narrow(0, running, b - running) for s0 in initial)
                state = tuple(cat([s, j]) for s, j in zip(state, joining))
            running = b
            state = step(x_t, state, w_hh, b_hh)
            outputs.append(state[0])
        outputs.reverse()
        final = state
    return cat(outputs), final


class RNNBase(Module):
    """The shared machinery of RNN, LSTM and GRU: parameters, checks and the layer loop.

    Parameters, per layer l and direction (suffix "" or "_reverse"), registered in this order:
    weight_ih_l{l} (G*H, I_l), weight_hh_l{l} (G*H, H), bias_ih_l{l} (G*H,), bias_hh_l{l}
    (G*H,), with G gates (1, 4 or 3) and I_l = input_size for l = 0, else H * directions.
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
    """Elman RNN: h_t = tanh(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh) (or relu), per layer.

    input: (T, B, I), (B, T, I) if batch_first, (T, I) unbatched, or a PackedSequence;
    hx: (layers * directions, B, H). Returns (output (T, B, directions * H), h_n).
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
    """Long short-term memory over a sequence; each step is `lstm_step`.

    input as for RNN; hx = (h_0, c_0), each (layers * directions, B, H).
    Returns (output (T, B, directions * H), (h_n, c_n)).
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
    """Gated recurrent unit over a sequence; each step is `gru_step`.

    input and hx as for RNN. Returns (output (T, B, directions * H), h_n).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__("GRU", *args, **kwargs)

    def forward(self, input: Any, hx: Tensor | None = None) -> tuple[Any, Tensor]:  # noqa: A002
        output, (h_n,) = self._forward(input, None if hx is None else (hx,))
        return output, h_n


# --- the cells as modules: one time step, for writing the loop yourself ------------------


class RNNCellBase(Module):
    """weight_ih (G*H, I), weight_hh (G*H, H), bias_ih and bias_hh (G*H,), all U(±1/sqrt(H))."""

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        bias: bool,
        num_chunks: int,
        device: Any = None,
        dtype: Any = None,
    ) -> None:
        super().__init__()
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.bias = bias
        kwargs = {"device": device, "dtype": dtype}
        self.weight_ih = Parameter(zeros(num_chunks * hidden_size, input_size, **kwargs))
        self.weight_hh = Parameter(zeros(num_chunks * hidden_size, hidden_size, **kwargs))
        if bias:
            self.bias_ih = Parameter(zeros(num_chunks * hidden_size, **kwargs))
            self.bias_hh = Parameter(zeros(num_chunks * hidden_size, **kwargs))
        else:
            self.register_parameter("bias_ih", None)
            self.register_parameter("bias_hh", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        stdv = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            init.uniform_(weight, -stdv, stdv)

    def _step(self, step: Step, input: Tensor, hx: State | None) -> State:  # noqa: A002
        """Check shapes, add the batch dim to unbatched (1-D) input, run one step."""
        name = type(self).__name__
        if input.dim() not in (1, 2):
            raise ValueError(f"{name}: Expected input to be 1D or 2D, got {input.dim()}D instead")
        if hx is not None and any(s.dim() not in (1, 2) for s in hx):
            dims = hx[0].dim() if hx[0].dim() not in (1, 2) else hx[-1].dim()
            raise ValueError(f"{name}: Expected hidden to be 1D or 2D, got {dims}D instead")
        is_batched = input.dim() == 2
        if not is_batched:
            input = input.unsqueeze(0)
        if hx is None:
            num_states = 2 if step is lstm_step else 1
            hx = tuple(
                zeros(input.size(0), self.hidden_size, dtype=input.dtype, device=input.device)
                for _ in range(num_states)
            )
        elif not is_batched:
            hx = tuple(s.unsqueeze(0) for s in hx)
        x_proj = F.linear(input, self.weight_ih, self.bias_ih)
        state = step(x_proj, hx, self.weight_hh, self.bias_hh)
        return state if is_batched else tuple(s.squeeze(0) for s in state)

    def extra_repr(self) -> str:
        s = f"{self.input_size}, {self.hidden_size}"
        if self.bias is not True:
            s += f", bias={self.bias}"
        nonlinearity = self.__dict__.get("nonlinearity", "tanh")
        if nonlinearity != "tanh":
            s += f", nonlinearity={nonlinearity}"
        return s


class RNNCell(RNNCellBase):
    """h' = tanh(W_ih x + b_ih + W_hh h + b_hh) (or relu).  input (B, I) or (I,) -> (B, H)."""

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        bias: bool = True,
        nonlinearity: str = "tanh",
        device: Any = None,
        dtype: Any = None,
    ) -> None:
        super().__init__(input_size, hidden_size, bias, 1, device, dtype)
        self.nonlinearity = nonlinearity

    def forward(self, input: Tensor, hx: Tensor | None = None) -> Tensor:  # noqa: A002
        if self.nonlinearity == "tanh":
            step = rnn_tanh_step
        elif self.nonlinearity == "relu":
            step = rnn_relu_step
        else:
            raise RuntimeError(f"Unknown nonlinearity: {self.nonlinearity}")
        return self._step(step, input, None if hx is None else (hx,))[0]


class LSTMCell(RNNCellBase):
    """One `lstm_step`.  input (B, I) or (I,), hx = (h, c) -> (h', c'), each (B, H)."""

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        bias: bool = True,
        device: Any = None,
        dtype: Any = None,
    ) -> None:
        super().__init__(input_size, hidden_size, bias, 4, device, dtype)

    def forward(
        self,
        input: Tensor,  # noqa: A002
        hx: tuple[Tensor, Tensor] | None = None,
    ) -> tuple[Tensor, Tensor]:
        h, c = self._step(lstm_step, input, hx)
        return h, c


class GRUCell(RNNCellBase):
    """One `gru_step`.  input (B, I) or (I,), hx (B, H) -> h' (B, H)."""

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        bias: bool = True,
        device: Any = None,
        dtype: Any = None,
    ) -> None:
        super().__init__(input_size, hidden_size, bias, 3, device, dtype)

    def forward(self, input: Tensor, hx: Tensor | None = None) -> Tensor:  # noqa: A002
        return self._step(gru_step, input, None if hx is None else (hx,))[0]
