"""Attention: scaled_dot_product_attention and multi_head_attention_forward, as in
torch/nn/functional.py and torch's math ("composite") attention kernel.

Everything is built from existing tensor ops (matmul, softmax, where, dropout), so autograd
needs no new kernel.

    attention(Q, K, V) = softmax(Q K^T / sqrt(d) + mask) V

>>> import pytensor, pytensor.nn._functional.attention as A
>>> q = pytensor.ones(1, 2, 4)
>>> A.scaled_dot_product_attention(q, q, q).shape
pytensor.Size([1, 2, 4])
"""

from __future__ import annotations

import math
import warnings

from ...dtypes import bool_
from ...dtypes import dtype as DType
from ...ops import pointwise as P
from ...ops.creation import ones, zeros, zeros_like
from ...ops.movement import cat
from ...tensor import Tensor
from .activation import dropout, linear
from .conv import pad


def _safe_softmax(x: Tensor, dim: int) -> Tensor:
    """softmax, except that a row which is -inf everywhere gives zeros instead of nan.

    torch's math kernel uses `_safe_softmax` so that a query allowed to see no key at all
    contributes nothing. Such rows are replaced by 0 before the softmax too, so that their
    backward sees no nan either.
    """
    fully_masked = (x == float("-inf")).all(dim, keepdim=True)
    out = P.where(fully_masked, 0.0, x).softmax(dim)
    return P.where(fully_masked, 0.0, out)


def _bool_mask_to_float(mask: Tensor, target: DType) -> Tensor:
    """sdpa's convention: True = take part (adds 0), False = masked out (adds -inf)."""
    return P.where(mask, zeros((), dtype=target, device=mask.device), float("-inf"))


def scaled_dot_product_attention(
    query: Tensor,
    key: Tensor,
    value: Tensor,
    attn_mask: Tensor | None = None,
    dropout_p: float = 0.0,
    is_causal: bool = False,
    scale: float | None = None,
    enable_gqa: bool = False,
) -> Tensor:
    """softmax(Q K^T * scale + mask) V, with scale = 1/sqrt(E) by default.

    Follows torch's math kernel step for step (`_scaled_dot_product_attention_math`): both Q and
    K are multiplied by sqrt(scale) (keeps the products in range), a fully masked row gives
    zeros, and dropout is `dropout(attn, dropout_p, train=True)`, so a seeded run draws the same
    mask as torch.

    Args:
        query: `(*, L, E)`.
        key: `(*, S, E)`.
        value: `(*, S, Ev)`.
        attn_mask: broadcastable to `(*, L, S)`; bool (True = take part) or float (added to the
            scores). Note that this is the opposite of `MultiheadAttention`'s bool masks.
        dropout_p: the dropout probability on the attention weights (always applied when > 0).
        is_causal: query i sees keys 0..i only (a lower-triangular mask); `attn_mask` must then
            be None.
        scale: the factor of the scores. Default: `1 / sqrt(E)`.
        enable_gqa: key and value may have fewer heads (dim -3) than query; each is repeated to
            match (grouped-query attention).

    Returns:
        The attention output, `(*, L, Ev)`.

    Raises:
        ValueError: if `dropout_p` is outside [0, 1].
        RuntimeError: if `is_causal` and `attn_mask` are both given.

    Note:
        PyTorch's CPU flash kernel (used when dropout_p == 0) sums in another order, so results
        then agree to rounding only.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> q = pytensor.tensor([[1.0, 0.0]])
        >>> k = pytensor.tensor([[1.0, 0.0], [0.0, 1.0]])
        >>> v = pytensor.tensor([[1.0, 2.0], [3.0, 4.0]])
        >>> F.scaled_dot_product_attention(q, k, v)
        tensor([[1.6605, 2.6605]])
        >>> F.scaled_dot_product_attention(k, k, v, is_causal=True)
        tensor([[1.0000, 2.0000],
                [2.3395, 3.3395]])
        >>> q = pytensor.randn(2, 4, 5, 8)  # (N, heads, L, E)
        >>> F.scaled_dot_product_attention(q, q, q).shape
        pytensor.Size([2, 4, 5, 8])
    """
    if dropout_p < 0.0 or dropout_p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {dropout_p}")
    head_dim = query.size(-1)
    scale_factor = 1.0 / math.sqrt(head_dim) if scale is None else scale
    root = math.sqrt(abs(scale_factor))
    query = query * (-root if scale_factor < 0 else root)

    if is_causal:
        if attn_mask is not None:
            raise RuntimeError(
                "_scaled_dot_product_attention: Explicit attn_mask should not be set when "
                "is_causal=True"
            )
        L, S = query.size(-2), key.size(-2)
        attn_mask = ones(L, S, dtype=bool_, device=query.device).tril()
    if attn_mask is not None and attn_mask.dtype == bool_:
        attn_mask = _bool_mask_to_float(attn_mask, query.dtype)

    if enable_gqa:
        key = _repeat_heads(key, query.size(-3) // key.size(-3))
        value = _repeat_heads(value, query.size(-3) // value.size(-3))

    attn = query.matmul(key.transpose(-2, -1) * root)
    if attn_mask is not None:
        attn = attn + attn_mask
    attn = _safe_softmax(attn, -1)
    if dropout_p > 0.0:
        attn = dropout(attn, dropout_p, True)
    return attn.matmul(value)


def _repeat_heads(x: Tensor, repeats: int) -> Tensor:
    """x.repeat_interleave(repeats, dim=-3): (*, H, S, E) -> (*, H * repeats, S, E)."""
    if repeats == 1:
        return x
    *batch, heads, seq, dim = x.shape
    expanded = x.unsqueeze(-3).expand(*batch, heads, repeats, seq, dim)
    return expanded.reshape(*batch, heads * repeats, seq, dim)


# --- multi-head attention ---------------------------------------------------------------------


def _none_or_dtype(input: Tensor | None) -> DType | None:  # noqa: A002
    if input is None:
        return None
    if isinstance(input, Tensor):
        return input.dtype
    raise RuntimeError("input to _none_or_dtype() must be None or torch.Tensor")


def _canonical_mask(
    mask: Tensor | None,
    mask_name: str,
    other_type: DType | None,
    other_name: str,
    target_type: DType,
    check_other: bool = True,
) -> Tensor | None:
    """Turn a bool mask into a float one of `target_type`: MHA's convention, True = masked
    out (-inf), False = kept (0). A float mask is returned unchanged."""
    if mask is None:
        return None
    is_float = mask.is_floating_point()
    if mask.dtype != bool_ and not is_float:
        raise AssertionError(f"only bool and floating types of {mask_name} are supported")
    if check_other and other_type is not None and mask.dtype != other_type:
        warnings.warn(
            f"Support for mismatched {mask_name} and {other_name} is deprecated. "
            "Use same type for both instead.",
            stacklevel=2,
        )
    if not is_float:
        mask = zeros_like(mask, dtype=target_type).masked_fill(mask, float("-inf"))
    return mask


def _mha_shape_check(
    query: Tensor,
    key: Tensor,
    value: Tensor,
    key_padding_mask: Tensor | None,
    attn_mask: Tensor | None,
    num_heads: int,
) -> bool:
    """Check the ranks of the inputs; True when they are batched (query 3-D)."""
    if query.dim() == 3:
        if key.dim() != 3 or value.dim() != 3:
            raise AssertionError(
                "For batched (3-D) `query`, expected `key` and `value` to be 3-D but found "
                f"{key.dim()}-D and {value.dim()}-D tensors respectively"
            )
        if key_padding_mask is not None and key_padding_mask.dim() != 2:
            raise AssertionError(
                "For batched (3-D) `query`, expected `key_padding_mask` to be `None` or 2-D "
                f"but found {key_padding_mask.dim()}-D tensor instead"
            )
        if attn_mask is not None and attn_mask.dim() not in (2, 3):
            raise AssertionError(
                "For batched (3-D) `query`, expected `attn_mask` to be `None`, 2-D or 3-D "
                f"but found {attn_mask.dim()}-D tensor instead"
            )
        return True
    if query.dim() == 2:
        if key.dim() != 2 or value.dim() != 2:
            raise AssertionError(
                "For unbatched (2-D) `query`, expected `key` and `value` to be 2-D but found "
                f"{key.dim()}-D and {value.dim()}-D tensors respectively"
            )
        if key_padding_mask is not None and key_padding_mask.dim() != 1:
            raise AssertionError(
                "For unbatched (2-D) `query`, expected `key_padding_mask` to be `None` or 1-D "
                f"but found {key_padding_mask.dim()}-D tensor instead"
            )
        if attn_mask is not None:
            if attn_mask.dim() not in (2, 3):
                raise AssertionError(
                    "For unbatched (2-D) `query`, expected `attn_mask` to be `None`, 2-D or "
                    f"3-D but found {attn_mask.dim()}-D tensor instead"
                )
            expected = (num_heads, query.shape[0], key.shape[0])
            if attn_mask.dim() == 3 and tuple(attn_mask.shape) != expected:
                raise AssertionError(
                    f"Expected `attn_mask` shape to be {expected} but got {attn_mask.shape}"
                )
        return False
    raise AssertionError(
        "query should be unbatched 2D or batched 3D tensor but received "
        f"{query.dim()}-D query tensor"
    )


def _in_projection_packed(
    q: Tensor, k: Tensor, v: Tensor, w: Tensor, b: Tensor | None = None
) -> tuple[Tensor, Tensor, Tensor]:
    """q W_q^T + b_q, k W_k^T + b_k, v W_v^T + b_v with W = [W_q; W_k; W_v] stacked: (3E, E).

    Self-attention (q is k is v) runs one matmul and splits the result, as torch does.
    """
    E = q.size(-1)
    if k is v:
        if q is k:
            proj = linear(q, w, b).unflatten(-1, (3, E))
            return proj.select(-2, 0), proj.select(-2, 1), proj.select(-2, 2)
        w_q, w_kv = w.split([E, E * 2])
        b_q, b_kv = (None, None) if b is None else b.split([E, E * 2])
        kv = linear(k, w_kv, b_kv).unflatten(-1, (2, E))
        return linear(q, w_q, b_q), kv.select(-2, 0), kv.select(-2, 1)
    w_q, w_k, w_v = w.chunk(3)
    b_q, b_k, b_v = (None, None, None) if b is None else b.chunk(3)
    return linear(q, w_q, b_q), linear(k, w_k, b_k), linear(v, w_v, b_v)


def _in_projection(
    q: Tensor,
    k: Tensor,
    v: Tensor,
    w_q: Tensor,
    w_k: Tensor,
    w_v: Tensor,
    b_q: Tensor | None = None,
    b_k: Tensor | None = None,
    b_v: Tensor | None = None,
) -> tuple[Tensor, Tensor, Tensor]:
    """Three separate projections, used when key/value have their own widths (kdim, vdim):
    w_q (Eq, Eq), w_k (Eq, Ek), w_v (Eq, Ev) all project to Eq."""
    Eq, Ek, Ev = q.size(-1), k.size(-1), v.size(-1)
    for name, w, shape in (("query", w_q, (Eq, Eq)), ("key", w_k, (Eq, Ek)),
                           ("value", w_v, (Eq, Ev))):  # fmt: skip
        if tuple(w.shape) != shape:
            raise AssertionError(f"expecting {name} weights shape of {shape}, but got {w.shape}")
    return linear(q, w_q, b_q), linear(k, w_k, b_k), linear(v, w_v, b_v)


def multi_head_attention_forward(
    query: Tensor,
    key: Tensor,
    value: Tensor,
    embed_dim_to_check: int,
    num_heads: int,
    in_proj_weight: Tensor | None,
    in_proj_bias: Tensor | None,
    bias_k: Tensor | None,
    bias_v: Tensor | None,
    add_zero_attn: bool,
    dropout_p: float,
    out_proj_weight: Tensor,
    out_proj_bias: Tensor | None,
    training: bool = True,
    key_padding_mask: Tensor | None = None,
    need_weights: bool = True,
    attn_mask: Tensor | None = None,
    use_separate_proj_weight: bool = False,
    q_proj_weight: Tensor | None = None,
    k_proj_weight: Tensor | None = None,
    v_proj_weight: Tensor | None = None,
    static_k: Tensor | None = None,
    static_v: Tensor | None = None,
    average_attn_weights: bool = True,
    is_causal: bool = False,
) -> tuple[Tensor, Tensor | None]:
    """Multi-head attention, torch's Python path step for step; the computation behind
    `nn.MultiheadAttention`.

    Steps: project q, k, v; split E into heads (N*heads, L, E/heads); weights =
    softmax(q k^T / sqrt(E/heads) + mask); dropout; weights @ v; merge heads; out_proj.

    Args:
        query: `(L, N, E)` or `(L, E)` (sequence first).
        key: `(S, N, Ek)` or `(S, Ek)`.
        value: `(S, N, Ev)` or `(S, Ev)`.
        embed_dim_to_check: E, checked against the query.
        num_heads: the number of heads.
        in_proj_weight: the packed `(3E, E)` projection, or None with
            `use_separate_proj_weight`.
        in_proj_bias: the packed `(3E,)` bias, or None.
        bias_k: an extra learned key `(1, 1, E)` appended to the sequence, or None.
        bias_v: an extra learned value `(1, 1, E)`, or None.
        add_zero_attn: append an all-zero key and value.
        dropout_p: the dropout probability on the attention weights.
        out_proj_weight: the output projection, `(E, E)`.
        out_proj_bias: its bias, `(E,)`, or None.
        training: apply dropout only when True.
        key_padding_mask: `(N, S)`; True (or a float added to the scores) marks keys to ignore.
        need_weights: also return the attention weights.
        attn_mask: `(L, S)` or `(N * num_heads, L, S)`; bool True = not allowed, or float
            (added to the scores).
        use_separate_proj_weight: use `q_proj_weight`, `k_proj_weight` and `v_proj_weight`
            instead of `in_proj_weight`.
        q_proj_weight: `(E, E)`, with `use_separate_proj_weight`.
        k_proj_weight: `(E, Ek)`, with `use_separate_proj_weight`.
        v_proj_weight: `(E, Ev)`, with `use_separate_proj_weight`.
        static_k: projected keys `(N * num_heads, S, E / num_heads)` to use as they are.
        static_v: projected values `(N * num_heads, S, E / num_heads)` to use as they are.
        average_attn_weights: average the returned weights over the heads.
        is_causal: a hint that `attn_mask` is the causal mask (which must still be given).

    Returns:
        The output `(L, N, E)` and, when `need_weights`, the attention weights `(N, L, S)`
        averaged over heads, or `(N, heads, L, S)`; otherwise None.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> E, heads = 4, 2
        >>> x = pytensor.randn(3, 2, E)  # (L, N, E)
        >>> out, weights = F.multi_head_attention_forward(
        ...     x, x, x, E, heads, pytensor.randn(3 * E, E), pytensor.zeros(3 * E), None, None,
        ...     False, 0.0, pytensor.eye(E), None)
        >>> out.shape, weights.shape
        (pytensor.Size([3, 2, 4]), pytensor.Size([2, 3, 3]))
    """
    is_batched = _mha_shape_check(query, key, value, key_padding_mask, attn_mask, num_heads)
    if not is_batched:
        # Unbatched input becomes a batch of one, and is squeezed back at the end.
        query, key, value = query.unsqueeze(1), key.unsqueeze(1), value.unsqueeze(1)
        if key_padding_mask is not None:
            key_padding_mask = key_padding_mask.unsqueeze(0)

    tgt_len, bsz, embed_dim = query.shape
    src_len = key.shape[0]

    key_padding_mask = _canonical_mask(
        key_padding_mask, "key_padding_mask", _none_or_dtype(attn_mask), "attn_mask", query.dtype
    )
    if is_causal and attn_mask is None:
        raise RuntimeError(
            "Need attn_mask if specifying the is_causal hint. You may use the Transformer "
            "module method `generate_square_subsequent_mask` to create this mask."
        )
    if is_causal and key_padding_mask is None and not need_weights:
        # The hint says attn_mask is the causal mask: sdpa builds it itself.
        attn_mask = None
    else:
        attn_mask = _canonical_mask(attn_mask, "attn_mask", None, "", query.dtype, False)
        if key_padding_mask is not None:
            is_causal = False

    if embed_dim != embed_dim_to_check:
        raise AssertionError(
            f"was expecting embedding dimension of {embed_dim_to_check}, but got {embed_dim}"
        )
    head_dim = embed_dim // num_heads
    if head_dim * num_heads != embed_dim:
        raise AssertionError(f"embed_dim {embed_dim} not divisible by num_heads {num_heads}")

    # --- input projections ---
    if not use_separate_proj_weight:
        if tuple(key.shape) != tuple(value.shape):
            raise AssertionError(f"key shape {key.shape} does not match value shape {value.shape}")
        if in_proj_weight is None:
            raise AssertionError("use_separate_proj_weight is False but in_proj_weight is None")
        q, k, v = _in_projection_packed(query, key, value, in_proj_weight, in_proj_bias)
    else:
        if tuple(key.shape[:2]) != tuple(value.shape[:2]):
            raise AssertionError(
                f"key's sequence and batch dims {key.shape[:2]} do not match value's "
                f"{value.shape[:2]}"
            )
        if q_proj_weight is None or k_proj_weight is None or v_proj_weight is None:
            raise AssertionError("use_separate_proj_weight is True but a proj weight is None")
        b_q, b_k, b_v = (None, None, None) if in_proj_bias is None else in_proj_bias.chunk(3)
        q, k, v = _in_projection(
            query, key, value, q_proj_weight, k_proj_weight, v_proj_weight, b_q, b_k, b_v
        )

    # --- masks to (1 or N*heads, L, S) ---
    if attn_mask is not None:
        if attn_mask.dim() == 2:
            if tuple(attn_mask.shape) != (tgt_len, src_len):
                raise RuntimeError(
                    f"The shape of the 2D attn_mask is {attn_mask.shape}, but should be "
                    f"{(tgt_len, src_len)}."
                )
            attn_mask = attn_mask.unsqueeze(0)
        elif tuple(attn_mask.shape) != (bsz * num_heads, tgt_len, src_len):
            raise RuntimeError(
                f"The shape of the 3D attn_mask is {attn_mask.shape}, but should be "
                f"{(bsz * num_heads, tgt_len, src_len)}."
            )

    # add_bias_kv: one learned extra key/value appended to the sequence.
    if bias_k is not None and bias_v is not None:
        if static_k is not None or static_v is not None:
            raise AssertionError("bias cannot be added to static key or value.")
        k = cat([k, bias_k.repeat(1, bsz, 1)])
        v = cat([v, bias_v.repeat(1, bsz, 1)])
        if attn_mask is not None:
            attn_mask = pad(attn_mask, (0, 1))
        if key_padding_mask is not None:
            key_padding_mask = pad(key_padding_mask, (0, 1))
    elif bias_k is not None or bias_v is not None:
        raise AssertionError("bias_k and bias_v must both be set or both be None")

    # --- split heads: (L, N, E) -> (N*heads, L, head_dim) ---
    q = q.reshape(tgt_len, bsz * num_heads, head_dim).transpose(0, 1)
    k = _heads(k, bsz * num_heads, head_dim) if static_k is None else static_k
    v = _heads(v, bsz * num_heads, head_dim) if static_v is None else static_v

    # add_zero_attn: one all-zero key/value appended, so every query can attend somewhere.
    if add_zero_attn:
        zero_attn = zeros(bsz * num_heads, 1, head_dim, dtype=k.dtype, device=k.device)
        k = cat([k, zero_attn], dim=1)
        v = cat([v, zero_attn], dim=1)
        if attn_mask is not None:
            attn_mask = pad(attn_mask, (0, 1))
        if key_padding_mask is not None:
            key_padding_mask = pad(key_padding_mask, (0, 1))

    src_len = k.size(1)
    if key_padding_mask is not None:
        if tuple(key_padding_mask.shape) != (bsz, src_len):
            raise AssertionError(
                f"Expected key_padded_mask.shape to be {(bsz, src_len)}, but got "
                f"{tuple(key_padding_mask.shape)}"
            )
        # (N, S) -> (N*heads, 1, S): the same padding for every head and every query.
        key_padding_mask = (
            key_padding_mask.reshape(bsz, 1, 1, src_len)
            .expand(-1, num_heads, -1, -1)
            .reshape(bsz * num_heads, 1, src_len)
        )
        attn_mask = key_padding_mask if attn_mask is None else attn_mask + key_padding_mask

    if not training:
        dropout_p = 0.0

    if need_weights:
        # The weights are wanted, so compute them here rather than inside sdpa.
        q_scaled = q * math.sqrt(1.0 / float(head_dim))
        if is_causal and attn_mask is None:
            raise AssertionError("FIXME: is_causal not implemented for need_weights")
        scores = q_scaled.matmul(k.transpose(-2, -1))
        if attn_mask is not None:
            scores = attn_mask + scores  # torch: baddbmm(attn_mask, q_scaled, k^T)
        weights = scores.softmax(-1)
        if dropout_p > 0.0:
            weights = dropout(weights, p=dropout_p)
        attn_output = weights.matmul(v)
        attn_output = attn_output.transpose(0, 1).reshape(tgt_len * bsz, embed_dim)
        attn_output = linear(attn_output, out_proj_weight, out_proj_bias)
        attn_output = attn_output.reshape(tgt_len, bsz, attn_output.size(1))

        weights = weights.reshape(bsz, num_heads, tgt_len, src_len)
        if average_attn_weights:
            weights = weights.mean(dim=1)
        if not is_batched:
            attn_output, weights = attn_output.squeeze(1), weights.squeeze(0)
        return attn_output, weights

    if attn_mask is not None:
        if attn_mask.size(0) == 1 and attn_mask.dim() == 3:
            attn_mask = attn_mask.unsqueeze(0)
        else:
            attn_mask = attn_mask.reshape(bsz, num_heads, -1, src_len)
    q = q.reshape(bsz, num_heads, tgt_len, head_dim)
    k = k.reshape(bsz, num_heads, src_len, head_dim)
    v = v.reshape(bsz, num_heads, src_len, head_dim)
    attn_output = scaled_dot_product_attention(q, k, v, attn_mask, dropout_p, is_causal)
    # (N, heads, L, head_dim) -> (L, N, heads, head_dim) -> (L*N, E)
    attn_output = attn_output.permute(2, 0, 1, 3).reshape(bsz * tgt_len, embed_dim)
    attn_output = linear(attn_output, out_proj_weight, out_proj_bias)
    attn_output = attn_output.reshape(tgt_len, bsz, attn_output.size(1))
    if not is_batched:
        attn_output = attn_output.squeeze(1)
    return attn_output, None


def _heads(x: Tensor, batch_heads: int, head_dim: int) -> Tensor:
    """(S, N, E) -> (N*heads, S, head_dim)."""
    return x.reshape(x.shape[0], batch_heads, head_dim).transpose(0, 1)
