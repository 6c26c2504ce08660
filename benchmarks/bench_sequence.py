"""Sequence-model benchmarks, printed (never asserted). Run: python benchmarks/bench_sequence.py

Medians of repeated runs on the reference (pure Python) path: one LSTM training step
(input 32, hidden 64, sequence 50, batch 16, forward plus backward) and one Transformer encoder
layer (d_model 64, 4 heads, sequence 32, batch 8), forward and forward plus backward.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import pytensor as torch
from pytensor import nn


def median_ms(fn: Callable[[], object], repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench_lstm() -> None:
    torch.manual_seed(0)
    lstm = nn.LSTM(32, 64, batch_first=True)
    x = torch.randn(16, 50, 32)

    def step() -> None:
        lstm.zero_grad()
        output, _ = lstm(x)
        output.sum().backward()

    print(f"LSTM 32->64, seq 50, batch 16, fwd+bwd:        {median_ms(step):9.1f} ms")


def bench_encoder_layer() -> None:
    torch.manual_seed(0)
    layer = nn.TransformerEncoderLayer(64, 4, dim_feedforward=128, dropout=0.0, batch_first=True)
    x = torch.randn(8, 32, 64)

    def forward() -> None:
        with torch.no_grad():
            layer(x)

    def step() -> None:
        layer.zero_grad()
        layer(x).sum().backward()

    print(f"Transformer encoder layer d64 h4 s32 b8, fwd:  {median_ms(forward):9.1f} ms")
    print(f"Transformer encoder layer d64 h4 s32 b8, f+b:  {median_ms(step):9.1f} ms")


if __name__ == "__main__":
    bench_lstm()
    bench_encoder_layer()
