"""Core benchmarks, printed (never asserted). Run: python benchmarks/bench_core.py

Reports medians of repeated runs: elementwise add of 1M float32 elements (contiguous, broadcast,
transposed), a sum over one dim, matmul at N = 64 and 128, one forward + backward step of a
64 -> 32 -> 10 MLP (batch 64, ReLU, sum loss) beside the same arithmetic hand-written on flat
Python lists, one forward + backward of Conv2d(1, 8, 3) on a (16, 1, 8, 8) batch, drawing 100,000
uniform float32 numbers, and the memory per float32 element of a 10M-element tensor.

The last two were once timed tests (under 1 s each); the tests now check the structure that makes
them fast (a few kernel calls, no per-element helper calls) and the timings live here.
"""

from __future__ import annotations

import operator
import random
import statistics
import time
from collections.abc import Callable

import pytensor as pt
import pytensor.nn as nn
from pytensor.random import Generator, uniform


def median_ms(fn: Callable[[], object], repeats: int = 5) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench_elementwise() -> None:
    n = 1_000_000
    a = pt.rand(1000, 1000)
    b = pt.rand(1000, 1000)
    row = pt.rand(1000)
    ms = median_ms(lambda: a + b)
    print(f"add, 1M contiguous float32:       {ms:8.1f} ms  ({n / ms / 1e3:6.2f} M elements/s)")
    ms = median_ms(lambda: a + row)
    print(f"add, 1M with a broadcast row:     {ms:8.1f} ms  ({n / ms / 1e3:6.2f} M elements/s)")
    ms = median_ms(lambda: a + b.t())
    print(f"add, 1M with a transposed input:  {ms:8.1f} ms  ({n / ms / 1e3:6.2f} M elements/s)")
    ms = median_ms(lambda: a.sum(0))
    print(f"sum over dim 0 of 1000x1000:      {ms:8.1f} ms")
    ms = median_ms(lambda: a.sum(1))
    print(f"sum over dim 1 of 1000x1000:      {ms:8.1f} ms")


def bench_matmul() -> None:
    for n in (64, 128):
        a = pt.rand(n, n)
        b = pt.rand(n, n)
        ms = median_ms(lambda: a @ b)
        mflops = 2 * n**3 / (ms / 1000) / 1e6
        print(f"matmul N={n:3d}:                   {ms:8.1f} ms  ({mflops:6.1f} MFLOP/s)")


def bench_mlp() -> None:
    pt.manual_seed(0)
    x = pt.randn(64, 64)
    w1 = pt.randn(64, 32).mul_(0.1).requires_grad_()
    b1 = pt.zeros(32, requires_grad=True)
    w2 = pt.randn(32, 10).mul_(0.1).requires_grad_()
    b2 = pt.zeros(10, requires_grad=True)

    def step() -> None:
        for p in (w1, b1, w2, b2):
            p.grad = None
        hidden = (x @ w1 + b1).relu()
        loss = (hidden @ w2 + b2).sum()
        loss.backward()

    ms = median_ms(step, repeats=9)
    base = median_ms(_flat_list_mlp(), repeats=9)
    print(f"MLP 64->32->10, batch 64, fwd+bwd: {ms:7.1f} ms  (flat lists by hand: {base:.1f} ms, "
          f"ratio {ms / base:.2f}x)")


def _flat_list_mlp() -> Callable[[], None]:
    """The same step written directly on Python lists of rows: the floor for pure Python."""
    rnd = random.Random(0)
    x = [[rnd.gauss(0, 1) for _ in range(64)] for _ in range(64)]
    w1 = [[rnd.gauss(0, 0.1) for _ in range(32)] for _ in range(64)]
    b1 = [0.0] * 32
    w2 = [[rnd.gauss(0, 0.1) for _ in range(10)] for _ in range(32)]

    def matmul(a: list[list[float]], b: list[list[float]]) -> list[list[float]]:
        cols = list(zip(*b))
        return [[sum(map(operator.mul, row, col)) for col in cols] for row in a]

    def transpose(a: list[list[float]]) -> list[list[float]]:
        return [list(col) for col in zip(*a)]

    def step() -> None:
        pre = [list(map(operator.add, row, b1)) for row in matmul(x, w1)]
        h = [[v if v > 0 else 0.0 for v in row] for row in pre]
        out = matmul(h, w2)
        _loss = sum(map(sum, out))
        g_out = [[1.0] * 10 for _ in range(64)]
        _g_w2 = matmul(transpose(h), g_out)
        g_h = matmul(g_out, transpose(w2))
        g_pre = [[g if p > 0 else 0.0 for g, p in zip(gr, pr)] for gr, pr in zip(g_h, pre)]
        _g_w1 = matmul(transpose(x), g_pre)
        _g_b1 = [sum(col) for col in zip(*g_pre)]

    return step


def bench_conv2d() -> None:
    pt.manual_seed(0)
    layer = nn.Conv2d(1, 8, 3)
    x = pt.randn(16, 1, 8, 8, requires_grad=True)
    ms = median_ms(lambda: layer(x).sum().backward())
    print(f"Conv2d(1, 8, 3), (16, 1, 8, 8), fwd+bwd: {ms:5.1f} ms")


def bench_uniform() -> None:
    n = 100_000
    g = Generator().manual_seed(0)
    ms = median_ms(lambda: uniform(g, n))
    print(f"uniform float32, 100,000 draws:   {ms:8.1f} ms  ({n / ms / 1e3:6.2f} M draws/s)")


def bench_memory() -> None:
    t = pt.zeros(10_000_000)
    buffer = t.untyped_storage().buffer
    per_element = buffer.itemsize * len(buffer) / t.numel()
    print(f"memory per float32 element (10M): {per_element:8.2f} bytes")


if __name__ == "__main__":
    bench_elementwise()
    bench_matmul()
    bench_mlp()
    bench_conv2d()
    bench_uniform()
    bench_memory()
