"""Shared hypothesis strategies: shapes, broadcastable shape pairs, chains of view ops.

A view op is a plain tuple, `("narrow", dim, start, length)`, applied with `apply_op(lib_tensor,
op)` to a pytensor or a torch tensor alike (the two share these method names). The strategies
track the shape of the tensor the chain has reached by applying each op to a small torch tensor,
so every op they draw is valid in torch.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import torch
from hypothesis import strategies as st

Op = tuple[Any, ...]
Shape = tuple[int, ...]


def shapes(min_dims: int = 0, max_dims: int = 4, min_side: int = 0, max_side: int = 5) -> Any:
    return st.lists(st.integers(min_side, max_side), min_size=min_dims, max_size=max_dims).map(
        tuple
    )


def apply_op(t: Any, op: Op) -> Any:
    """Apply one view op to a pytensor or torch tensor."""
    name, *args = op
    if name == "slice":
        dim, start, stop, step = args
        return t[(slice(None),) * dim + (slice(start, stop, step),)]
    if name == "index_int":  # t[..., i] through __getitem__
        dim, index = args
        return t[(slice(None),) * dim + (index,)]
    if name == "select":
        return t.select(*args)
    if name == "permute":
        return t.permute(args[0])
    if name == "transpose":
        return t.transpose(*args)
    if name == "t":
        return t.t()
    if name == "expand":
        return t.expand(args[0])
    if name == "unsqueeze":
        return t.unsqueeze(*args)
    if name == "squeeze":
        return t.squeeze() if args[0] is None else t.squeeze(args[0])
    if name == "view":
        return t.view(args[0])
    if name == "reshape":
        return t.reshape(args[0])
    if name == "flatten":
        return t.flatten(*args)
    if name == "narrow":
        return t.narrow(*args)
    if name == "diagonal":
        return t.diagonal(*args)
    if name == "unfold":
        return t.unfold(*args)
    if name == "none_index":  # t[None] / t[:, None]
        return t[(slice(None),) * args[0] + (None,)]
    raise ValueError(name)


@st.composite
def reshape_targets(draw: Any, shape: Sequence[int], allow_infer: bool = True) -> Shape:
    """A shape with the same number of elements as `shape` (0 to 4 dims)."""
    numel = math.prod(shape)
    ndim = draw(st.integers(0 if numel == 1 else 1, 4))
    if numel == 0:
        sizes = [draw(st.integers(0, 4)) for _ in range(ndim)]
        sizes[draw(st.integers(0, ndim - 1))] = 0
        return tuple(sizes)
    sizes = [1] * ndim
    rest = numel
    # Spread the prime factors of numel over the dims at random.
    p = 2
    while rest > 1:
        while rest % p == 0:
            sizes[draw(st.integers(0, ndim - 1))] *= p
            rest //= p
        p += 1
    if ndim == 0:
        return ()
    if allow_infer and draw(st.booleans()):
        sizes[draw(st.integers(0, ndim - 1))] = -1
    return tuple(sizes)


@st.composite
def view_op(draw: Any, shape: Shape, allow_reshape: bool = True) -> Op:
    """One view op for a tensor of `shape`. allow_reshape=False leaves out the ops that may copy
    (reshape, flatten). `view_chains` validates each op against torch."""
    nd = len(shape)
    choices = [
        "unsqueeze",
        "expand",
        "reshape" if allow_reshape else "unsqueeze",
        "view",
        "none_index",
    ]
    if nd >= 1:
        choices += ["slice", "slice", "permute", "transpose", "squeeze", "narrow"]
        if allow_reshape:  # flatten copies when the dims cannot be merged in place
            choices += ["flatten"]
        if any(shape):
            choices += ["select", "index_int"]
        if any(s >= 1 for s in shape):
            choices += ["unfold", "unfold"]
    if nd >= 2:
        choices += ["diagonal", "diagonal"]
    if nd <= 2:
        choices += ["t"]
    name = draw(st.sampled_from(choices))
    dim = draw(st.integers(0, nd - 1)) if nd else 0
    size = shape[dim] if nd else 1
    if name == "slice":
        start = draw(st.none() | st.integers(-size - 2, size + 2))
        stop = draw(st.none() | st.integers(-size - 2, size + 2))
        return ("slice", dim, start, stop, draw(st.integers(1, 3)))
    if name in ("select", "index_int"):
        nonempty = [d for d, s in enumerate(shape) if s]
        d = draw(st.sampled_from(nonempty))
        return (name, d, draw(st.integers(-shape[d], shape[d] - 1)))
    if name == "permute":
        return ("permute", tuple(draw(st.permutations(range(nd)))))
    if name == "transpose":
        return ("transpose", draw(st.integers(-nd, nd - 1)), draw(st.integers(-nd, nd - 1)))
    if name == "t":
        return ("t",)
    if name == "expand":
        lead = draw(st.integers(0, 1 if nd < 4 else 0))
        target = [draw(st.integers(0, 3)) for _ in range(lead)]
        for s in shape:
            if s == 1:
                target.append(draw(st.sampled_from([1, -1, 0, 2, 3])))
            else:
                target.append(draw(st.sampled_from([s, -1])))
        return ("expand", tuple(target))
    if name == "unsqueeze":
        return ("unsqueeze", draw(st.integers(-nd - 1, nd)))
    if name == "none_index":
        return ("none_index", draw(st.integers(0, nd)))
    if name == "squeeze":
        return ("squeeze", draw(st.none() | st.integers(-nd, nd - 1)))
    if name in ("view", "reshape"):
        return (name, draw(reshape_targets(shape)))
    if name == "flatten":
        a = draw(st.integers(0, nd - 1))
        return ("flatten", a, draw(st.integers(a, nd - 1)))
    if name == "narrow":
        start = draw(st.integers(0, size))
        return ("narrow", dim, start, draw(st.integers(0, size - start)))
    if name == "diagonal":
        d1 = draw(st.integers(0, nd - 1))
        d2 = draw(st.sampled_from([d for d in range(nd) if d != d1]))
        return ("diagonal", draw(st.integers(-3, 3)), d1 - nd * draw(st.integers(0, 1)), d2)
    if name == "unfold":
        d = draw(st.sampled_from([d for d, s in enumerate(shape) if s >= 1]))
        return ("unfold", d, draw(st.integers(1, shape[d])), draw(st.integers(1, 3)))
    raise AssertionError(name)


@st.composite
def view_chains(
    draw: Any, shape: Shape, max_ops: int = 5, allow_reshape: bool = True, start: Any = None
) -> list[Op]:
    """A list of view ops, each valid for the shape the previous ones produce.

    `view` ops that torch refuses are drawn again (view validity depends on strides too), so
    pass `start`, a torch tensor with the layout the chain will start from, when it is not a
    contiguous tensor of `shape`."""
    probe = torch.zeros(shape) if start is None else start
    ops: list[Op] = []
    for _ in range(draw(st.integers(0, max_ops))):
        for _attempt in range(5):
            op = draw(view_op(tuple(probe.shape), allow_reshape))
            try:
                result = apply_op(probe, op)
            except RuntimeError:
                continue
            if result.dim() > 6 or result.numel() > 400:
                continue
            ops.append(op)
            probe = result
            break
    return ops


@st.composite
def broadcast_pairs(draw: Any, compatible: bool | None = None) -> tuple[Shape, Shape]:
    """Two shapes that broadcast together, or (unless compatible=True) now and then a pair with
    one aligned dim redrawn, which may not; the tests ask torch which it is."""
    a = draw(shapes(0, 4, 0, 4))
    b: list[int] = []
    for s in a[len(a) - draw(st.integers(0, len(a))) :]:
        b.append(draw(st.sampled_from([s, s, 1]) if s != 1 else st.integers(0, 3)))
    b = [draw(st.integers(0, 3)) for _ in range(draw(st.integers(0, 4 - len(b))))] + b
    if draw(st.booleans()):
        a, b = tuple(b), list(a)
    if compatible is not True and min(len(a), len(b)) and draw(st.integers(0, 3)) == 0:
        # Perturb one aligned dim: often (not always) makes the pair incompatible.
        i = draw(st.integers(1, min(len(a), len(b))))
        b[-i] = draw(st.integers(0, 4))
    return tuple(a), tuple(b)
