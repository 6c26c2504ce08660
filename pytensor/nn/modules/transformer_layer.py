"""The two Transformer layers, as in torch/nn/modules/transformer.py: TransformerEncoderLayer
(self-attention, then a feed-forward block) and TransformerDecoderLayer (self-attention,
attention over the encoder's output, then a feed-forward block). transformer.py stacks them.

>>> import pytensor
>>> from pytensor.nn.modules.transformer_layer import TransformerDecoderLayer
>>> layer = TransformerDecoderLayer(d_model=8, nhead=2, dim_feedforward=16)
>>> layer(pytensor.randn(4, 3, 8), pytensor.randn(5, 3, 8)).shape  # (T, N, E), memory (S, N, E)
pytensor.Size([4, 3, 8])
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...tensor import Tensor
from .._functional.activation import gelu, relu
from .._functional.attention import _canonical_mask, _none_or_dtype
from .activation import GELU, ReLU
from .attention import MultiheadAttention
from .dropout import Dropout
from .linear import Linear
from .module import Module
from .normalization import LayerNorm

Activation = Callable[[Tensor], Tensor]


def _get_activation_fn(activation: str) -> Activation:
    if activation == "relu":
        return relu
    if activation == "gelu":
        return gelu
    raise RuntimeError(f"activation should be relu/gelu, not {activation}")


class TransformerEncoderLayer(Module):
    """A Transformer encoder layer: self-attention, then a feed-forward block, each with a residual
    connection, dropout and a LayerNorm (Vaswani et al., 2017).

        norm_first=False (post-norm, the paper):  x = norm1(x + SA(x)); x = norm2(x + FF(x))
        norm_first=True (pre-norm):               x = x + SA(norm1(x)); x = x + FF(norm2(x))

    with `FF(x) = linear2(dropout(activation(linear1(x))))`.

    Args:
        d_model: the number of features E of the input.
        nhead: the number of attention heads; must divide `d_model`.
        dim_feedforward: the width of the feed-forward block. Default: 2048.
        dropout: the dropout probability. Default: 0.1.
        activation: the feed-forward activation: `"relu"`, `"gelu"` or a function of a tensor.
            Default: relu.
        layer_norm_eps: the eps of the LayerNorms. Default: 1e-5.
        batch_first: if True, inputs and output are `(N, S, E)` instead of `(S, N, E)`.
            Default: False.
        norm_first: if True, apply the LayerNorms before each block (pre-norm). Default: False.
        bias: if False, the Linear and LayerNorm layers learn no bias. Default: True.
        device: the device of the parameters. Default: the CPU.
        dtype: the dtype of the parameters. Default: the default dtype (float32).

    Shape:
        - src: `(S, N, E)`, `(N, S, E)` with `batch_first`, or `(S, E)` unbatched.
        - output: the shape of `src`.

    Note:
        PyTorch's fused inference fast path is not implemented; the math path gives the same
        results to rounding.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> layer = nn.TransformerEncoderLayer(d_model=8, nhead=2, dim_feedforward=16)
        >>> layer(pytensor.randn(5, 3, 8)).shape
        pytensor.Size([5, 3, 8])
    """

    def __init__(
        self,
        d_model: int,
        nhead: int,
        dim_feedforward: int = 2048,
        dropout: float = 0.1,
        activation: str | Activation = relu,
        layer_norm_eps: float = 1e-5,
        batch_first: bool = False,
        norm_first: bool = False,
        bias: bool = True,
        device: Any = None,
        dtype: Any = None,
    ) -> None:
        super().__init__()
        factory = {"device": device, "dtype": dtype}
        self.self_attn = MultiheadAttention(
            d_model, nhead, dropout=dropout, bias=bias, batch_first=batch_first, **factory
        )
        self.linear1 = Linear(d_model, dim_feedforward, bias=bias, **factory)
        self.dropout = Dropout(dropout)
        self.linear2 = Linear(dim_feedforward, d_model, bias=bias, **factory)
        self.norm_first = norm_first
        self.norm1 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, **factory)
        self.norm2 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, **factory)
        self.dropout1 = Dropout(dropout)
        self.dropout2 = Dropout(dropout)
        if isinstance(activation, str):
            activation = _get_activation_fn(activation)
        # torch records this for its fused fast path; kept so the attribute exists here too.
        if activation is relu or isinstance(activation, ReLU):
            self.activation_relu_or_gelu = 1
        elif activation is gelu or isinstance(activation, GELU):
            self.activation_relu_or_gelu = 2
        else:
            self.activation_relu_or_gelu = 0
        self.activation = activation

    def forward(
        self,
        src: Tensor,
        src_mask: Tensor | None = None,
        src_key_padding_mask: Tensor | None = None,
        is_causal: bool = False,
    ) -> Tensor:
        """Pass the input through the layer.

        Args:
            src: the sequence, `(S, N, E)` (or `(N, S, E)` with `batch_first`, or `(S, E)`).
            src_mask: `(S, S)` or `(N * nhead, S, S)`; bool True = may not attend, or a float
                added to the attention scores.
            src_key_padding_mask: `(N, S)`; True marks padding positions.
            is_causal: a hint that `src_mask` is the causal mask.

        Returns:
            The output, the shape of `src`.
        """
        src_key_padding_mask = _canonical_mask(
            src_key_padding_mask, "src_key_padding_mask", _none_or_dtype(src_mask), "src_mask",
            src.dtype,
        )  # fmt: skip
        src_mask = _canonical_mask(src_mask, "src_mask", None, "", src.dtype, False)
        x = src
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), src_mask, src_key_padding_mask, is_causal)
            x = x + self._ff_block(self.norm2(x))
        else:
            x = self.norm1(x + self._sa_block(x, src_mask, src_key_padding_mask, is_causal))
            x = self.norm2(x + self._ff_block(x))
        return x

    def _sa_block(
        self,
        x: Tensor,
        attn_mask: Tensor | None,
        key_padding_mask: Tensor | None,
        is_causal: bool = False,
    ) -> Tensor:
        x = self.self_attn(
            x, x, x, attn_mask=attn_mask, key_padding_mask=key_padding_mask,
            need_weights=False, is_causal=is_causal,
        )[0]  # fmt: skip
        out: Tensor = self.dropout1(x)
        return out

    def _ff_block(self, x: Tensor) -> Tensor:
        x = self.linear2(self.dropout(self.activation(self.linear1(x))))
        out: Tensor = self.dropout2(x)
        return out


class TransformerDecoderLayer(Module):
    """A Transformer decoder layer: masked self-attention, attention over the encoder's output
    (the memory), then a feed-forward block; each with a residual connection, dropout and a
    LayerNorm (norm1, norm2, norm3), placed after the block or, with `norm_first`, before it.

    Args:
        d_model: the number of features E of the input.
        nhead: the number of attention heads; must divide `d_model`.
        dim_feedforward: the width of the feed-forward block. Default: 2048.
        dropout: the dropout probability. Default: 0.1.
        activation: the feed-forward activation: `"relu"`, `"gelu"` or a function of a tensor.
            Default: relu.
        layer_norm_eps: the eps of the LayerNorms. Default: 1e-5.
        batch_first: if True, inputs and output are `(N, T, E)` instead of `(T, N, E)`.
            Default: False.
        norm_first: if True, apply the LayerNorms before each block (pre-norm). Default: False.
        bias: if False, the Linear and LayerNorm layers learn no bias. Default: True.
        device: the device of the parameters. Default: the CPU.
        dtype: the dtype of the parameters. Default: the default dtype (float32).

    Shape:
        - tgt: `(T, N, E)`, `(N, T, E)` with `batch_first`, or `(T, E)` unbatched.
        - memory: `(S, N, E)`, `(N, S, E)` with `batch_first`, or `(S, E)` unbatched.
        - output: the shape of `tgt`.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> layer = nn.TransformerDecoderLayer(d_model=8, nhead=2, dim_feedforward=16)
        >>> memory, tgt = pytensor.randn(6, 3, 8), pytensor.randn(4, 3, 8)
        >>> layer(tgt, memory).shape
        pytensor.Size([4, 3, 8])
    """

    def __init__(
        self,
        d_model: int,
        nhead: int,
        dim_feedforward: int = 2048,
        dropout: float = 0.1,
        activation: str | Activation = relu,
        layer_norm_eps: float = 1e-5,
        batch_first: bool = False,
        norm_first: bool = False,
        bias: bool = True,
        device: Any = None,
        dtype: Any = None,
    ) -> None:
        super().__init__()
        factory = {"device": device, "dtype": dtype}
        self.self_attn = MultiheadAttention(
            d_model, nhead, dropout=dropout, batch_first=batch_first, bias=bias, **factory
        )
        self.multihead_attn = MultiheadAttention(
            d_model, nhead, dropout=dropout, batch_first=batch_first, bias=bias, **factory
        )
        self.linear1 = Linear(d_model, dim_feedforward, bias=bias, **factory)
        self.dropout = Dropout(dropout)
        self.linear2 = Linear(dim_feedforward, d_model, bias=bias, **factory)
        self.norm_first = norm_first
        self.norm1 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, **factory)
        self.norm2 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, **factory)
        self.norm3 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, **factory)
        self.dropout1 = Dropout(dropout)
        self.dropout2 = Dropout(dropout)
        self.dropout3 = Dropout(dropout)
        if isinstance(activation, str):
            activation = _get_activation_fn(activation)
        self.activation = activation

    def forward(
        self,
        tgt: Tensor,
        memory: Tensor,
        tgt_mask: Tensor | None = None,
        memory_mask: Tensor | None = None,
        tgt_key_padding_mask: Tensor | None = None,
        memory_key_padding_mask: Tensor | None = None,
        tgt_is_causal: bool = False,
        memory_is_causal: bool = False,
    ) -> Tensor:
        """Pass the target and the memory through the layer.

        Args:
            tgt: the target sequence, `(T, N, E)`.
            memory: the encoder's output, `(S, N, E)`.
            tgt_mask: `(T, T)` mask of the self-attention (bool True = may not attend, or float).
            memory_mask: `(T, S)` mask of the attention over the memory.
            tgt_key_padding_mask: `(N, T)`; True marks padding in the target.
            memory_key_padding_mask: `(N, S)`; True marks padding in the memory.
            tgt_is_causal: a hint that `tgt_mask` is the causal mask.
            memory_is_causal: a hint that `memory_mask` is the causal mask.

        Returns:
            The output, the shape of `tgt`.
        """
        x = tgt
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), tgt_mask, tgt_key_padding_mask, tgt_is_causal)
            x = x + self._mha_block(
                self.norm2(x), memory, memory_mask, memory_key_padding_mask, memory_is_causal
            )
            x = x + self._ff_block(self.norm3(x))
        else:
            x = self.norm1(x + self._sa_block(x, tgt_mask, tgt_key_padding_mask, tgt_is_causal))
            x = self.norm2(
                x + self._mha_block(
                    x, memory, memory_mask, memory_key_padding_mask, memory_is_causal
                )
            )  # fmt: skip
            x = self.norm3(x + self._ff_block(x))
        return x

    def _sa_block(
        self,
        x: Tensor,
        attn_mask: Tensor | None,
        key_padding_mask: Tensor | None,
        is_causal: bool = False,
    ) -> Tensor:
        x = self.self_attn(
            x, x, x, attn_mask=attn_mask, key_padding_mask=key_padding_mask,
            is_causal=is_causal, need_weights=False,
        )[0]  # fmt: skip
        out: Tensor = self.dropout1(x)
        return out

    def _mha_block(
        self,
        x: Tensor,
        mem: Tensor,
        attn_mask: Tensor | None,
        key_padding_mask: Tensor | None,
        is_causal: bool = False,
    ) -> Tensor:
        x = self.multihead_attn(
            x, mem, mem, attn_mask=attn_mask, key_padding_mask=key_padding_mask,
            is_causal=is_causal, need_weights=False,
        )[0]  # fmt: skip
        out: Tensor = self.dropout2(x)
        return out

    def _ff_block(self, x: Tensor) -> Tensor:
        x = self.linear2(self.dropout(self.activation(self.linear1(x))))
        out: Tensor = self.dropout3(x)
        return out
