"""One time step of each recurrence (RNN tanh/relu, LSTM, GRU) and the loop that runs a step
over a (packed) sequence: the math under the layers in rnn.py and the cells in rnn_cell.py.

Each step is a few tensor ops, one line per gate, so autograd differentiates it with no new
kernel and backpropagation through time is the engine's ordinary (iterative) backward.

>>> import pytensor
>>> from pytensor.nn.modules.rnn_step import lstm_step
>>> h, c = lstm_step(pytensor.zeros(1, 8), (pytensor.zeros(1, 2), pytensor.zeros(1, 2)),
...                  pytensor.zeros(8, 2), None)
>>> h.shape, c.shape
(pytensor.Size([1, 2]), pytensor.Size([1, 2]))
"""

from __future__ import annotations

from collections.abc import Callable

from ...ops.movement import cat
from ...tensor import Tensor
from .. import functional as F

State = tuple[Tensor, ...]  # (h,) for RNN and GRU, (h, c) for LSTM
# One time step: (W_ih x + b_ih, state, W_hh, b_hh) -> new state.
Step = Callable[[Tensor, State, Tensor, "Tensor | None"], State]


# --- the cells: one time step, written as the equations in torch's documentation ----------
# `x_proj` is W_ih x_t + b_ih, computed for all time steps at once by the layer.


def rnn_tanh_step(x_proj: Tensor, state: State, w_hh: Tensor, b_hh: Tensor | None) -> State:
    """One step of an Elman RNN: `h' = tanh(W_ih x + b_ih + W_hh h + b_hh)`.

    Args:
        x_proj: `W_ih x + b_ih`, `(B, H)`, computed by the caller for all steps at once.
        state: `(h,)`, with h `(B, H)`.
        w_hh: the hidden-hidden weight, `(H, H)`.
        b_hh: the hidden-hidden bias, `(H,)`, or None.

    Returns:
        The new state `(h',)`.

    Examples:
        >>> import pytensor
        >>> from pytensor.nn.modules.rnn import rnn_tanh_step
        >>> state = (pytensor.zeros(1, 2),)
        >>> (h,) = rnn_tanh_step(pytensor.ones(1, 2), state, pytensor.eye(2), None)
        >>> h
        tensor([[0.7616, 0.7616]])
    """
    (h,) = state
    return ((F.linear(h, w_hh, b_hh) + x_proj).tanh(),)


def rnn_relu_step(x_proj: Tensor, state: State, w_hh: Tensor, b_hh: Tensor | None) -> State:
    """One step of an Elman RNN with ReLU: `h' = relu(W_ih x + b_ih + W_hh h + b_hh)`.

    Args:
        x_proj: `W_ih x + b_ih`, `(B, H)`.
        state: `(h,)`, with h `(B, H)`.
        w_hh: the hidden-hidden weight, `(H, H)`.
        b_hh: the hidden-hidden bias, `(H,)`, or None.

    Returns:
        The new state `(h',)`.

    Examples:
        >>> import pytensor
        >>> from pytensor.nn.modules.rnn import rnn_relu_step
        >>> x_proj, h = pytensor.tensor([[1.0, -3.0]]), pytensor.ones(1, 2)
        >>> rnn_relu_step(x_proj, (h,), pytensor.eye(2), None)
        (tensor([[2., 0.]]),)
    """
    (h,) = state
    return ((F.linear(h, w_hh, b_hh) + x_proj).relu(),)


def lstm_step(x_proj: Tensor, state: State, w_hh: Tensor, b_hh: Tensor | None) -> State:
    """One step of a long short-term memory (Hochreiter & Schmidhuber, 1997), gates in torch's
    order i, f, g, o:

        i  = sigmoid(W_ii x + b_ii + W_hi h + b_hi)     input gate
        f  = sigmoid(W_if x + b_if + W_hf h + b_hf)     forget gate
        g  = tanh(W_ig x + b_ig + W_hg h + b_hg)        cell candidate
        o  = sigmoid(W_io x + b_io + W_ho h + b_ho)     output gate
        c' = f * c + i * g
        h' = o * tanh(c')

    Args:
        x_proj: `W_ih x + b_ih` for the four gates side by side, `(B, 4H)`.
        state: `(h, c)`, each `(B, H)`.
        w_hh: the hidden-hidden weights of the four gates, `(4H, H)`.
        b_hh: the hidden-hidden biases, `(4H,)`, or None.

    Returns:
        The new state `(h', c')`, each `(B, H)`.

    Examples:
        >>> import pytensor
        >>> from pytensor.nn.modules.rnn import lstm_step
        >>> state = (pytensor.zeros(1, 1), pytensor.zeros(1, 1))
        >>> h, c = lstm_step(pytensor.ones(1, 4), state, pytensor.zeros(4, 1), None)
        >>> h, c
        (tensor([[0.3696]]), tensor([[0.5568]]))
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
    """One step of a gated recurrent unit (Cho et al., 2014), gates in torch's order r, z, n:

        r  = sigmoid(W_ir x + b_ir + W_hr h + b_hr)     reset gate
        z  = sigmoid(W_iz x + b_iz + W_hz h + b_hz)     update gate
        n  = tanh(W_in x + b_in + r * (W_hn h + b_hn))  new gate
        h' = (1 - z) * n + z * h

    r multiplies W_hn h + b_hn (after the matmul), as in torch and cuDNN, not h itself.

    Args:
        x_proj: `W_ih x + b_ih` for the three gates side by side, `(B, 3H)`.
        state: `(h,)`, with h `(B, H)`.
        w_hh: the hidden-hidden weights of the three gates, `(3H, H)`.
        b_hh: the hidden-hidden biases, `(3H,)`, or None.

    Returns:
        The new state `(h',)`.

    Examples:
        >>> import pytensor
        >>> from pytensor.nn.modules.rnn import gru_step
        >>> gru_step(pytensor.ones(1, 3), (pytensor.zeros(1, 1),), pytensor.zeros(3, 1), None)
        (tensor([[0.2048]]),)
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

    Args:
        step: one of the step functions above.
        x_proj: `W_ih x + b_ih` for every packed row, `(sum(batch_sizes), G * H)`.
        batch_sizes: how many sequences run at each time step (non-increasing).
        state: the initial state, each tensor `(batch_sizes[0], H)`.
        w_hh: the hidden-hidden weight.
        b_hh: the hidden-hidden bias, or None.
        reverse: if True, run from the last time step to the first.

    Returns:
        The outputs `h` of every packed row, `(sum(batch_sizes), H)`, and the final state of
        each sequence.

    Examples:
        >>> import pytensor
        >>> from pytensor.nn.modules.rnn import rnn_relu_step, run_direction
        >>> x_proj = pytensor.tensor([[1.0], [2.0], [3.0]])  # two sequences, lengths 2 and 1
        >>> out, (h,) = run_direction(rnn_relu_step, x_proj, [2, 1], (pytensor.zeros(2, 1),),
        ...                           pytensor.ones(1, 1), None, reverse=False)
        >>> out.flatten().tolist(), h.flatten().tolist()
        ([1.0, 2.0, 4.0], [4.0, 2.0])
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
