"""The recurrent cells as modules: RNNCell, LSTMCell and GRUCell run one time step, for writing
the loop over time yourself, as in torch/nn/modules/rnn.py.

>>> import pytensor
>>> from pytensor.nn.modules.rnn_cell import LSTMCell
>>> cell = LSTMCell(10, 20)
>>> h, c = cell(pytensor.randn(3, 10))
>>> h.shape, c.shape
(pytensor.Size([3, 20]), pytensor.Size([3, 20]))
"""

from __future__ import annotations

import math
from typing import Any

from ...ops.creation import zeros
from ...tensor import Tensor
from .. import functional as F
from .. import init
from ..parameter import Parameter
from .module import Module
from .rnn_step import State, Step, gru_step, lstm_step, rnn_relu_step, rnn_tanh_step

__all__ = ["GRUCell", "LSTMCell", "RNNCell", "RNNCellBase"]


class RNNCellBase(Module):
    """The shared part of the cells: `weight_ih` `(G*H, I)`, `weight_hh` `(G*H, H)`, `bias_ih` and
    `bias_hh` `(G*H,)`, all U(-1/sqrt(H), 1/sqrt(H)), with G = 1, 4 or 3 gates.

    Args:
        input_size: the number of features of the input x.
        hidden_size: the number of features H of the hidden state.
        bias: if False, the cell uses no biases.
        num_chunks: the number of gates G.
        device: the device of the parameters. Default: the CPU.
        dtype: the dtype of the parameters. Default: the default dtype (float32).

    Examples:
        >>> from pytensor.nn import LSTMCell
        >>> LSTMCell(3, 5).weight_hh.shape
        pytensor.Size([20, 5])
    """

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
        """Draw every weight and bias again from U(-1/sqrt(H), 1/sqrt(H))."""
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
        """`input_size, hidden_size`, then the options that differ from their defaults."""
        s = f"{self.input_size}, {self.hidden_size}"
        if self.bias is not True:
            s += f", bias={self.bias}"
        nonlinearity = self.__dict__.get("nonlinearity", "tanh")
        if nonlinearity != "tanh":
            s += f", nonlinearity={nonlinearity}"
        return s


class RNNCell(RNNCellBase):
    """An Elman RNN cell, one time step: `h' = tanh(W_ih x + b_ih + W_hh h + b_hh)` (or relu).

    Args:
        input_size: the number of features of the input x.
        hidden_size: the number of features H of the hidden state.
        bias: if False, the cell uses no biases. Default: True.
        nonlinearity: `'tanh'` or `'relu'`. Default: `'tanh'`.
        device: the device of the parameters. Default: the CPU.
        dtype: the dtype of the parameters. Default: the default dtype (float32).

    Shape:
        - input: `(B, input_size)` or `(input_size,)`.
        - hx: `(B, H)` or `(H,)`. Default: zeros.
        - output: `(B, H)` or `(H,)`, the next hidden state.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> _ = pytensor.manual_seed(0)
        >>> cell = nn.RNNCell(3, 2)
        >>> cell(pytensor.ones(1, 3))  # torch.nn.RNNCell gives the same after manual_seed(0)
        tensor([[-0.7995, -0.8368]], grad_fn=<TanhBackward0>)
        >>> h = pytensor.zeros(4, 2)
        >>> for x_t in pytensor.randn(6, 4, 3):  # writing the time loop yourself
        ...     h = cell(x_t, h)
        >>> h.shape
        pytensor.Size([4, 2])
    """

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
    """A long short-term memory cell, one time step (see `lstm_step` for the gates).

    Args:
        input_size: the number of features of the input x.
        hidden_size: the number of features H of the hidden and cell states.
        bias: if False, the cell uses no biases. Default: True.
        device: the device of the parameters. Default: the CPU.
        dtype: the dtype of the parameters. Default: the default dtype (float32).

    Shape:
        - input: `(B, input_size)` or `(input_size,)`.
        - hx: a pair `(h, c)`, each `(B, H)` or `(H,)`. Default: zeros.
        - output: the pair `(h', c')`, each `(B, H)` or `(H,)`.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> cell = nn.LSTMCell(10, 20)
        >>> h, c = cell(pytensor.randn(3, 10))
        >>> h, c = cell(pytensor.randn(3, 10), (h, c))
        >>> h.shape, c.shape
        (pytensor.Size([3, 20]), pytensor.Size([3, 20]))
    """

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
    """A gated recurrent unit cell, one time step (see `gru_step` for the gates).

    Args:
        input_size: the number of features of the input x.
        hidden_size: the number of features H of the hidden state.
        bias: if False, the cell uses no biases. Default: True.
        device: the device of the parameters. Default: the CPU.
        dtype: the dtype of the parameters. Default: the default dtype (float32).

    Shape:
        - input: `(B, input_size)` or `(input_size,)`.
        - hx: `(B, H)` or `(H,)`. Default: zeros.
        - output: `(B, H)` or `(H,)`, the next hidden state.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> cell = nn.GRUCell(10, 20)
        >>> cell(pytensor.randn(3, 10)).shape
        pytensor.Size([3, 20])
    """

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
