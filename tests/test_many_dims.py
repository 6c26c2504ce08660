"""Tensors of very high rank: a safetensors file may declare 100,000 dims of size 1, and every
op on such a tensor must cost time linear in the rank, not quadratic.

The check counts work instead of timing it: the number of Python lines executed (through
`sys.settrace`) for a rank of N and for a rank of 4N must grow about 4 times, not 16."""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

import pytest

import pytensor as pt

OPS: dict[str, Callable[[Any], Any]] = {
    "sum": lambda x: x.sum(),
    "sum_some_dims": lambda x: x.sum(list(range(0, x.dim(), 2))),
    "sum_last_dim": lambda x: x.sum(-1),
    "mean": lambda x: x.mean(),
    "std": lambda x: x.std(list(range(1, x.dim()))),
    "amax": lambda x: x.amax(list(range(x.dim() // 2))),
    "logsumexp": lambda x: x.logsumexp(list(range(x.dim()))),
    "squeeze": lambda x: x.squeeze(),
    "sum_backward": lambda x: x.sum(list(range(0, x.dim(), 3))).sum().backward(),
}


def lines_executed(fn: Callable[[], Any]) -> int:
    """How many Python lines run inside fn() (the C calls they make are not seen)."""
    count = 0

    def trace(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return trace

    sys.settrace(trace)
    try:
        fn()
    finally:
        sys.settrace(None)
    return count


def cost(op: str, rank: int) -> int:
    x = pt.zeros([1] * rank, requires_grad=True)
    OPS[op](x)  # once first, so that cached layouts are not counted in one run only
    return lines_executed(lambda: OPS[op](x))


@pytest.mark.parametrize("op", sorted(OPS))
def test_cost_is_linear_in_the_rank(op: str) -> None:
    small, large = cost(op, 250), cost(op, 1000)
    assert large < 6 * small, f"{op}: {small} lines at rank 250, {large} at rank 1000"


def test_a_rank_of_100000_is_reduced() -> None:
    """The sizes a file can declare: linear in the rank, this takes a fraction of a second (it
    took minutes when every reduced dim was looked up in a tuple)."""
    x = pt.ones([1] * 100_000, requires_grad=True)
    assert x.sum().item() == 1.0
    assert x.mean(list(range(0, 100_000, 2))).shape == (1,) * 50_000
    x.sum().backward()
    assert x.grad is not None and x.grad.shape == x.shape
