"""MultiheadAttention, as in torch/nn/modules/activation.py ("Attention Is All You Need").

>>> import pytensor, pytensor.nn.modules.attention as attention
>>> mha = attention.MultiheadAttention(8, 2)
>>> x = pytensor.randn(5, 3, 8)                  # (L, N, E): sequence first by default
>>> out, weights = mha(x, x, x)
>>> out.shape, weights.shape
(pytensor.Size([5, 3, 8]), pytensor.Size([3, 5, 5]))
"""

from __future__ import annotations

from typing import Any

from ...ops.creation import empty
from ...tensor import Tensor
from .. import init
from .._functional.attention import _canonical_mask, _none_or_dtype, multi_head_attention_forward
from ..parameter import Parameter
from .linear import Linear
from .module import Module


class NonDynamicallyQuantizableLinear(Linear):
    """A plain `Linear`. PyTorch gives MultiheadAttention's `out_proj` this class only so that its
    quantization tools leave it alone; the name is kept so that printouts match.

    Args:
        in_features: as for `Linear`.
        out_features: as for `Linear`.
        bias: as for `Linear`.
        device: as for `Linear`.
        dtype: as for `Linear`.

    Examples:
        >>> from pytensor.nn.modules.attention import NonDynamicallyQuantizableLinear
        >>> NonDynamicallyQuantizableLinear(4, 4)
        NonDynamicallyQuantizableLinear(in_features=4, out_features=4, bias=True)
    """


class MultiheadAttention(Module):
    """Allows the model to attend to information from several representation subspaces at once
    (Vaswani et al., 2017, "Attention Is All You Need"):

        MultiHead(Q, K, V) = Concat(head_1, ..., head_h) W_O
        head_i = Attention(Q W_i^Q, K W_i^K, V W_i^V)
        Attention(q, k, v) = softmax(q k^T / sqrt(d_head)) v

    The parameters have PyTorch's names and shapes, so a state_dict moves unchanged:
    `in_proj_weight` `(3E, E)` = [W^Q; W^K; W^V] when `kdim == vdim == E`, otherwise
    `q_proj_weight` `(E, E)`, `k_proj_weight` `(E, kdim)` and `v_proj_weight` `(E, vdim)`;
    `in_proj_bias` `(3E,)`; `out_proj`, a `Linear(E, E)`; and with `add_bias_kv`, `bias_k` and
    `bias_v` `(1, 1, E)`. They are initialised as in PyTorch (xavier_uniform_, zero biases).

    Args:
        embed_dim: the model width E; split across the heads.
        num_heads: the number of heads; must divide `embed_dim` (each head has
            `embed_dim // num_heads` features).
        dropout: the dropout probability on the attention weights (training only). Default: 0.0.
        bias: if True, learn biases for the input and output projections. Default: True.
        add_bias_kv: if True, learn one extra key and value, appended to the sequence.
            Default: False.
        add_zero_attn: if True, append an all-zero key and value, so that every query can
            attend somewhere. Default: False.
        kdim: the number of features of the keys. Default: None (`embed_dim`).
        vdim: the number of features of the values. Default: None (`embed_dim`).
        batch_first: if True, inputs and output are `(N, L, E)` instead of `(L, N, E)`.
            Default: False.
        device: the device of the parameters. Default: the CPU.
        dtype: the dtype of the parameters. Default: the default dtype (float32).

    Shape:
        - query: `(L, N, E)`, `(N, L, E)` with `batch_first`, or `(L, E)` unbatched.
        - key: `(S, N, kdim)`, `(N, S, kdim)` or `(S, kdim)`.
        - value: `(S, N, vdim)`, `(N, S, vdim)` or `(S, vdim)`.
        - attn_output: the shape of the query.
        - attn_output_weights: `(N, L, S)`, or `(N, num_heads, L, S)` with
          `average_attn_weights=False`; `(L, S)` or `(num_heads, L, S)` unbatched.

    Note:
        PyTorch has a fused "fast path" for inference (eval mode, no grad, batch_first
        self-attention, ...). pytensor always runs the math path; the results agree to rounding.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> mha = nn.MultiheadAttention(embed_dim=8, num_heads=2)
        >>> x = pytensor.randn(5, 3, 8)  # (L, N, E)
        >>> out, weights = mha(x, x, x)
        >>> out.shape, weights.shape
        (pytensor.Size([5, 3, 8]), pytensor.Size([3, 5, 5]))
        >>> weights.sum(-1).allclose(pytensor.ones(3, 5))
        True
    """

    def __init__(
        self,
        embed_dim: int,
        num_heads: int,
        dropout: float = 0.0,
        bias: bool = True,
        add_bias_kv: bool = False,
        add_zero_attn: bool = False,
        kdim: int | None = None,
        vdim: int | None = None,
        batch_first: bool = False,
        device: Any = None,
        dtype: Any = None,
    ) -> None:
        if embed_dim <= 0 or num_heads <= 0:
            raise ValueError(
                f"embed_dim and num_heads must be greater than 0, got embed_dim={embed_dim} "
                f"and num_heads={num_heads} instead"
            )
        super().__init__()
        factory = {"device": device, "dtype": dtype}
        self.embed_dim = embed_dim
        self.kdim = kdim if kdim is not None else embed_dim
        self.vdim = vdim if vdim is not None else embed_dim
        self._qkv_same_embed_dim = self.kdim == embed_dim and self.vdim == embed_dim
        self.num_heads = num_heads
        self.dropout = dropout
        self.batch_first = batch_first
        self.head_dim = embed_dim // num_heads
        if self.head_dim * num_heads != self.embed_dim:
            raise AssertionError("embed_dim must be divisible by num_heads")

        if not self._qkv_same_embed_dim:
            self.q_proj_weight = Parameter(empty(embed_dim, embed_dim, **factory))
            self.k_proj_weight = Parameter(empty(embed_dim, self.kdim, **factory))
            self.v_proj_weight = Parameter(empty(embed_dim, self.vdim, **factory))
            self.register_parameter("in_proj_weight", None)
        else:
            self.in_proj_weight = Parameter(empty(3 * embed_dim, embed_dim, **factory))
            self.register_parameter("q_proj_weight", None)
            self.register_parameter("k_proj_weight", None)
            self.register_parameter("v_proj_weight", None)

        if bias:
            self.in_proj_bias = Parameter(empty(3 * embed_dim, **factory))
        else:
            self.register_parameter("in_proj_bias", None)
        # Built (and so drawn from the RNG) before _reset_parameters, exactly as in torch.
        self.out_proj = NonDynamicallyQuantizableLinear(embed_dim, embed_dim, bias, **factory)

        self.bias_k: Parameter | None
        self.bias_v: Parameter | None
        if add_bias_kv:
            self.bias_k = Parameter(empty(1, 1, embed_dim, **factory))
            self.bias_v = Parameter(empty(1, 1, embed_dim, **factory))
        else:
            self.bias_k = self.bias_v = None
        self.add_zero_attn = add_zero_attn
        self._reset_parameters()

    def _reset_parameters(self) -> None:
        # Glorot & Bengio (2010): xavier_uniform_ sees the packed (3E, E) weight as one matrix.
        if self._qkv_same_embed_dim:
            init.xavier_uniform_(self.in_proj_weight)
        else:
            init.xavier_uniform_(self.q_proj_weight)
            init.xavier_uniform_(self.k_proj_weight)
            init.xavier_uniform_(self.v_proj_weight)
        if self.in_proj_bias is not None:
            init.constant_(self.in_proj_bias, 0.0)
            init.constant_(self.out_proj.bias, 0.0)
        if self.bias_k is not None:
            init.xavier_normal_(self.bias_k)
        if self.bias_v is not None:
            init.xavier_normal_(self.bias_v)

    def forward(
        self,
        query: Tensor,
        key: Tensor,
        value: Tensor,
        key_padding_mask: Tensor | None = None,
        need_weights: bool = True,
        attn_mask: Tensor | None = None,
        average_attn_weights: bool = True,
        is_causal: bool = False,
    ) -> tuple[Tensor, Tensor | None]:
        """Attend from each query position to the key positions, and mix the values.

        Args:
            query: `(L, N, E)`, or `(N, L, E)` with `batch_first`, or `(L, E)` unbatched.
            key: `(S, N, kdim)`, `(N, S, kdim)` or `(S, kdim)`.
            value: `(S, N, vdim)`, `(N, S, vdim)` or `(S, vdim)`.
            key_padding_mask: `(N, S)` (or `(S,)` unbatched); True, or a float added to the scores,
                marks the keys to ignore (padding).
            need_weights: if True, also return the attention weights.
            attn_mask: `(L, S)` or `(N * num_heads, L, S)`; a bool True means "may not attend", a
                float is added to the scores (use -inf to forbid).
            average_attn_weights: if True, the returned weights are averaged over the heads.
            is_causal: a hint that `attn_mask` is the causal mask; `attn_mask` must still be given.

        Returns:
            A pair `(attn_output, attn_output_weights)`; the weights are None when `need_weights` is
            False.

        Examples:
            >>> import pytensor, pytensor.nn as nn
            >>> mha = nn.MultiheadAttention(8, 2, batch_first=True)
            >>> x = pytensor.randn(3, 5, 8)  # (N, L, E)
            >>> causal = nn.Transformer.generate_square_subsequent_mask(5)
            >>> out, weights = mha(x, x, x, attn_mask=causal, average_attn_weights=False)
            >>> out.shape, weights.shape
            (pytensor.Size([3, 5, 8]), pytensor.Size([3, 2, 5, 5]))
            >>> weights[0, 0, 0]  # the first position may only attend to itself
            tensor([1., 0., 0., 0., 0.], grad_fn=<SelectBackward0>)
        """
        is_batched = query.dim() == 3
        key_padding_mask = _canonical_mask(
            key_padding_mask, "key_padding_mask", _none_or_dtype(attn_mask), "attn_mask",
            query.dtype,
        )  # fmt: skip
        attn_mask = _canonical_mask(attn_mask, "attn_mask", None, "", query.dtype, False)

        if self.batch_first and is_batched:
            # The functional form is sequence first. Keep `is` identities between q, k and v,
            # which select the self-attention projection.
            if key is value:
                if query is key:
                    query = key = value = query.transpose(1, 0)
                else:
                    query, key = query.transpose(1, 0), key.transpose(1, 0)
                    value = key
            else:
                query, key, value = (x.transpose(1, 0) for x in (query, key, value))

        separate = not self._qkv_same_embed_dim
        attn_output, attn_output_weights = multi_head_attention_forward(
            query,
            key,
            value,
            self.embed_dim,
            self.num_heads,
            self.in_proj_weight,
            self.in_proj_bias,
            self.bias_k,
            self.bias_v,
            self.add_zero_attn,
            self.dropout,
            self.out_proj.weight,
            self.out_proj.bias,
            training=self.training,
            key_padding_mask=key_padding_mask,
            need_weights=need_weights,
            attn_mask=attn_mask,
            use_separate_proj_weight=separate,
            q_proj_weight=self.q_proj_weight if separate else None,
            k_proj_weight=self.k_proj_weight if separate else None,
            v_proj_weight=self.v_proj_weight if separate else None,
            average_attn_weights=average_attn_weights,
            is_causal=is_causal,
        )
        if self.batch_first and is_batched:
            return attn_output.transpose(1, 0), attn_output_weights
        return attn_output, attn_output_weights
