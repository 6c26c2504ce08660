"""Transformer, its encoder and decoder stacks and their layers, as in
torch/nn/modules/transformer.py (Vaswani et al., "Attention Is All You Need", 2017).

>>> import pytensor, pytensor.nn.modules.transformer as T
>>> layer = T.TransformerEncoderLayer(d_model=8, nhead=2, dim_feedforward=16)
>>> encoder = T.TransformerEncoder(layer, num_layers=2)
>>> encoder(pytensor.randn(5, 3, 8)).shape        # (S, N, E)
pytensor.Size([5, 3, 8])
>>> T.Transformer.generate_square_subsequent_mask(3)
tensor([[0., -inf, -inf],
        [0., 0., -inf],
        [0., 0., 0.]])

Difference from torch: torch has inference "fast paths" (fused kernels and nested tensors, in
eval mode with grad off). pytensor always runs the Python math path below; the results agree to
rounding, and padded positions in the encoder's output are not zeroed as the nested-tensor
path does.

The two layers are in transformer_layer.py; this file stacks them.
"""

from __future__ import annotations

import copy
from typing import Any

from ...ops.creation import full
from ...tensor import Tensor
from .. import init
from .._functional.activation import relu
from .._functional.attention import _canonical_mask, _none_or_dtype
from .container import ModuleList
from .module import Module
from .normalization import LayerNorm
from .transformer_layer import Activation, TransformerDecoderLayer, TransformerEncoderLayer

__all__ = [
    "Transformer",
    "TransformerDecoder",
    "TransformerDecoderLayer",
    "TransformerEncoder",
    "TransformerEncoderLayer",
]


def _generate_square_subsequent_mask(sz: int, device: Any = None, dtype: Any = None) -> Tensor:
    """(sz, sz) float mask: 0 on and below the diagonal, -inf above (no peeking ahead)."""
    return full((sz, sz), float("-inf"), dtype=dtype, device=device).triu(diagonal=1)


def _get_seq_len(src: Tensor, batch_first: bool) -> int:
    if src.dim() == 2:
        return int(src.size(0))
    return int(src.size(1 if batch_first else 0))


def _detect_is_causal_mask(
    mask: Tensor | None, is_causal: bool | None = None, size: int | None = None
) -> bool:
    """is_causal=None means "find out": True when mask equals the square subsequent mask."""
    make_causal = is_causal is True
    if is_causal is None and mask is not None:
        sz = size if size is not None else mask.size(-2)
        causal = _generate_square_subsequent_mask(sz, device=mask.device, dtype=mask.dtype)
        if tuple(mask.shape) == tuple(causal.shape):
            make_causal = bool((mask == causal).all().item())
        else:
            make_causal = False
    return make_causal


def _get_clones(module: Module, n: int) -> ModuleList:
    """n independent deep copies: each layer starts from the same weights but owns them."""
    return ModuleList([copy.deepcopy(module) for _ in range(n)])


class TransformerEncoder(Module):
    """A stack of `num_layers` encoder layers, each a deep copy of `encoder_layer` (so each starts
    from the same weights but owns them), applied in turn, then the optional `norm`.

    Args:
        encoder_layer: the layer to copy.
        num_layers: the number of layers.
        norm: a final layer normalisation, or None. Default: None.
        enable_nested_tensor: accepted and stored; it only steers PyTorch's inference fast path.
            Default: True.
        mask_check: accepted and stored, as `enable_nested_tensor`. Default: True.

    Shape:
        - src: `(S, N, E)`, `(N, S, E)` with `batch_first`, or `(S, E)` unbatched.
        - output: the shape of `src`.

    Note:
        PyTorch's nested-tensor fast path is not implemented: padded positions in the output are
        not zeroed as that path does, and the other values agree to rounding.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> layer = nn.TransformerEncoderLayer(d_model=8, nhead=2, dim_feedforward=16)
        >>> encoder = nn.TransformerEncoder(layer, num_layers=2)
        >>> encoder(pytensor.randn(5, 3, 8)).shape
        pytensor.Size([5, 3, 8])
    """

    def __init__(
        self,
        encoder_layer: TransformerEncoderLayer,
        num_layers: int,
        norm: Module | None = None,
        enable_nested_tensor: bool = True,
        mask_check: bool = True,
    ) -> None:
        super().__init__()
        self.layers = _get_clones(encoder_layer, num_layers)
        self.num_layers = num_layers
        self.norm = norm
        self.enable_nested_tensor = enable_nested_tensor
        self.use_nested_tensor = False
        self.mask_check = mask_check

    def forward(
        self,
        src: Tensor,
        mask: Tensor | None = None,
        src_key_padding_mask: Tensor | None = None,
        is_causal: bool | None = None,
    ) -> Tensor:
        """Pass the input through every layer in turn, then the norm.

        Args:
            src: the sequence, `(S, N, E)` (or `(N, S, E)` with `batch_first`).
            mask: `(S, S)` attention mask (bool True = may not attend, or float).
            src_key_padding_mask: `(N, S)`; True marks padding positions.
            is_causal: a hint that `mask` is the causal mask; None (the default) detects it.

        Returns:
            The output, the shape of `src`.
        """
        src_key_padding_mask = _canonical_mask(
            src_key_padding_mask, "src_key_padding_mask", _none_or_dtype(mask), "mask",
            src.dtype,
        )  # fmt: skip
        mask = _canonical_mask(mask, "mask", None, "", src.dtype, False)
        batch_first = self.layers[0].self_attn.batch_first
        causal = _detect_is_causal_mask(mask, is_causal, _get_seq_len(src, batch_first))
        output = src
        for layer in self.layers:
            output = layer(
                output, src_mask=mask, is_causal=causal, src_key_padding_mask=src_key_padding_mask
            )
        if self.norm is not None:
            output = self.norm(output)
        return output


class TransformerDecoder(Module):
    """A stack of `num_layers` decoder layers, each a deep copy of `decoder_layer`, applied in
    turn, then the optional `norm`.

    Args:
        decoder_layer: the layer to copy.
        num_layers: the number of layers.
        norm: a final layer normalisation, or None. Default: None.

    Shape:
        - tgt: `(T, N, E)`, `(N, T, E)` with `batch_first`, or `(T, E)` unbatched.
        - memory: `(S, N, E)`, `(N, S, E)` with `batch_first`, or `(S, E)` unbatched.
        - output: the shape of `tgt`.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> layer = nn.TransformerDecoderLayer(d_model=8, nhead=2, dim_feedforward=16)
        >>> decoder = nn.TransformerDecoder(layer, num_layers=2)
        >>> decoder(pytensor.randn(4, 3, 8), pytensor.randn(6, 3, 8)).shape
        pytensor.Size([4, 3, 8])
    """

    def __init__(
        self, decoder_layer: TransformerDecoderLayer, num_layers: int, norm: Module | None = None
    ) -> None:
        super().__init__()
        self.layers = _get_clones(decoder_layer, num_layers)
        self.num_layers = num_layers
        self.norm = norm

    def forward(
        self,
        tgt: Tensor,
        memory: Tensor,
        tgt_mask: Tensor | None = None,
        memory_mask: Tensor | None = None,
        tgt_key_padding_mask: Tensor | None = None,
        memory_key_padding_mask: Tensor | None = None,
        tgt_is_causal: bool | None = None,
        memory_is_causal: bool = False,
    ) -> Tensor:
        """Pass the target and the memory through every layer in turn, then the norm.

        Args:
            tgt: the target sequence, `(T, N, E)`.
            memory: the encoder's output, `(S, N, E)`.
            tgt_mask: `(T, T)` mask of the self-attention (bool True = may not attend, or float).
            memory_mask: `(T, S)` mask of the attention over the memory.
            tgt_key_padding_mask: `(N, T)`; True marks padding in the target.
            memory_key_padding_mask: `(N, S)`; True marks padding in the memory.
            tgt_is_causal: a hint that `tgt_mask` is the causal mask; None detects it.
            memory_is_causal: a hint that `memory_mask` is the causal mask.

        Returns:
            The output, the shape of `tgt`.
        """
        batch_first = self.layers[0].self_attn.batch_first
        causal = _detect_is_causal_mask(tgt_mask, tgt_is_causal, _get_seq_len(tgt, batch_first))
        output = tgt
        for layer in self.layers:
            output = layer(
                output,
                memory,
                tgt_mask=tgt_mask,
                memory_mask=memory_mask,
                tgt_key_padding_mask=tgt_key_padding_mask,
                memory_key_padding_mask=memory_key_padding_mask,
                tgt_is_causal=causal,
                memory_is_causal=memory_is_causal,
            )
        if self.norm is not None:
            output = self.norm(output)
        return output


class Transformer(Module):
    """A Transformer (Vaswani et al., 2017): `memory = encoder(src)`, then
    `output = decoder(tgt, memory)`.

    Both stacks end in a LayerNorm. After construction every parameter with more than one
    dimension is re-initialised with `xavier_uniform_`, in `parameters()` order, as PyTorch does,
    so a seeded model gets torch's weights. The model stops at the decoder's output: add your
    own embedding and output projection.

    Args:
        d_model: the number of features E of the inputs. Default: 512.
        nhead: the number of attention heads. Default: 8.
        num_encoder_layers: the number of encoder layers. Default: 6.
        num_decoder_layers: the number of decoder layers. Default: 6.
        dim_feedforward: the width of the feed-forward blocks. Default: 2048.
        dropout: the dropout probability. Default: 0.1.
        activation: `"relu"`, `"gelu"` or a function of a tensor. Default: relu.
        custom_encoder: a module to use instead of the encoder stack. Default: None.
        custom_decoder: a module to use instead of the decoder stack. Default: None.
        layer_norm_eps: the eps of the LayerNorms. Default: 1e-5.
        batch_first: if True, inputs and output are batch first. Default: False.
        norm_first: if True, pre-norm layers. Default: False.
        bias: if False, the Linear and LayerNorm layers learn no bias. Default: True.
        device: the device of the parameters. Default: the CPU.
        dtype: the dtype of the parameters. Default: the default dtype (float32).

    Shape:
        - src: `(S, N, E)`, `(N, S, E)` with `batch_first`, or `(S, E)` unbatched.
        - tgt: `(T, N, E)`, `(N, T, E)` with `batch_first`, or `(T, E)` unbatched.
        - output: `(T, N, E)`, `(N, T, E)` with `batch_first`, or `(T, E)` unbatched.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> model = nn.Transformer(d_model=8, nhead=2, num_encoder_layers=1,
        ...                        num_decoder_layers=1, dim_feedforward=16, batch_first=True)
        >>> src, tgt = pytensor.randn(3, 6, 8), pytensor.randn(3, 4, 8)
        >>> mask = nn.Transformer.generate_square_subsequent_mask(4)
        >>> model(src, tgt, tgt_mask=mask).shape
        pytensor.Size([3, 4, 8])
    """

    def __init__(
        self,
        d_model: int = 512,
        nhead: int = 8,
        num_encoder_layers: int = 6,
        num_decoder_layers: int = 6,
        dim_feedforward: int = 2048,
        dropout: float = 0.1,
        activation: str | Activation = relu,
        custom_encoder: Module | None = None,
        custom_decoder: Module | None = None,
        layer_norm_eps: float = 1e-5,
        batch_first: bool = False,
        norm_first: bool = False,
        bias: bool = True,
        device: Any = None,
        dtype: Any = None,
    ) -> None:
        super().__init__()
        factory = {"device": device, "dtype": dtype}
        self.encoder: Module
        self.decoder: Module
        if custom_encoder is not None:
            self.encoder = custom_encoder
        else:
            encoder_layer = TransformerEncoderLayer(
                d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps,
                batch_first, norm_first, bias, **factory,
            )  # fmt: skip
            encoder_norm = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, **factory)
            self.encoder = TransformerEncoder(encoder_layer, num_encoder_layers, encoder_norm)
        if custom_decoder is not None:
            self.decoder = custom_decoder
        else:
            decoder_layer = TransformerDecoderLayer(
                d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps,
                batch_first, norm_first, bias, **factory,
            )  # fmt: skip
            decoder_norm = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, **factory)
            self.decoder = TransformerDecoder(decoder_layer, num_decoder_layers, decoder_norm)
        self._reset_parameters()
        self.d_model = d_model
        self.nhead = nhead
        self.batch_first = batch_first

    def forward(
        self,
        src: Tensor,
        tgt: Tensor,
        src_mask: Tensor | None = None,
        tgt_mask: Tensor | None = None,
        memory_mask: Tensor | None = None,
        src_key_padding_mask: Tensor | None = None,
        tgt_key_padding_mask: Tensor | None = None,
        memory_key_padding_mask: Tensor | None = None,
        src_is_causal: bool | None = None,
        tgt_is_causal: bool | None = None,
        memory_is_causal: bool = False,
    ) -> Tensor:
        """Encode `src`, then decode `tgt` attending to the encoding.

        Args:
            src: the source sequence, `(S, N, E)`.
            tgt: the target sequence, `(T, N, E)`.
            src_mask: `(S, S)` mask of the encoder's self-attention.
            tgt_mask: `(T, T)` mask of the decoder's self-attention (usually
                `generate_square_subsequent_mask(T)`).
            memory_mask: `(T, S)` mask of the decoder's attention over the memory.
            src_key_padding_mask: `(N, S)`; True marks padding in the source.
            tgt_key_padding_mask: `(N, T)`; True marks padding in the target.
            memory_key_padding_mask: `(N, S)`; True marks padding in the memory.
            src_is_causal: a hint that `src_mask` is the causal mask; None detects it.
            tgt_is_causal: a hint that `tgt_mask` is the causal mask; None detects it.
            memory_is_causal: a hint that `memory_mask` is the causal mask.

        Returns:
            The decoder's output, `(T, N, E)`.

        Raises:
            RuntimeError: if the batch sizes of src and tgt differ, or their feature size is not
                `d_model`.
        """
        is_batched = src.dim() == 3
        batch_dim = 0 if self.batch_first else 1
        if is_batched and src.size(batch_dim) != tgt.size(batch_dim):
            raise RuntimeError("the batch number of src and tgt must be equal")
        if src.size(-1) != self.d_model or tgt.size(-1) != self.d_model:
            raise RuntimeError("the feature number of src and tgt must be equal to d_model")
        memory = self.encoder(
            src, mask=src_mask, src_key_padding_mask=src_key_padding_mask, is_causal=src_is_causal
        )
        output: Tensor = self.decoder(
            tgt,
            memory,
            tgt_mask=tgt_mask,
            memory_mask=memory_mask,
            tgt_key_padding_mask=tgt_key_padding_mask,
            memory_key_padding_mask=memory_key_padding_mask,
            tgt_is_causal=tgt_is_causal,
            memory_is_causal=memory_is_causal,
        )
        return output

    @staticmethod
    def generate_square_subsequent_mask(sz: int, device: Any = None, dtype: Any = None) -> Tensor:
        """A causal mask for a sequence of length `sz`: 0 on and below the diagonal and -inf above,
        so that position i attends to positions 0..i only.

        Args:
            sz: the sequence length.
            device: the device of the mask. Default: the CPU.
            dtype: the dtype of the mask. Default: the default dtype (float32).

        Returns:
            The float mask, `(sz, sz)`.

        Examples:
            >>> import pytensor.nn as nn
            >>> nn.Transformer.generate_square_subsequent_mask(3)
            tensor([[0., -inf, -inf],
                    [0., 0., -inf],
                    [0., 0., 0.]])
        """
        return _generate_square_subsequent_mask(sz, dtype=dtype, device=device)

    def _reset_parameters(self) -> None:
        for p in self.parameters():
            if p.dim() > 1:
                init.xavier_uniform_(p)

# PyTorch keeps these in this file; they print and pickle under its path, as in PyTorch.
for _cls in (TransformerEncoderLayer, TransformerDecoderLayer):
    _cls.__module__ = __name__

del _cls
