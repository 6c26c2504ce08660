"""OpenCL benchmarks, printed (never asserted). Run: python benchmarks/bench_opencl.py

- matmul GFLOP/s on the OpenCL device at N = 128, 256, 512 and 1024 (float32), beside NumPy's
  float32 matmul on the same machine and the reference (pure Python) path at N = 128;
- kernel launch overhead: the median of 200 launches, each waited for, for a raw kernel on
  one element and for a whole pytensor op (`x + y`, Python dispatch included);
- one training epoch of the digits MLP and the digits CNN (the models, optimizers and batch
  size of examples/04 and 05) on the reference path and on OpenCL (the MLP's the median of 5).

Set PYTENSOR_OPENCL_DEVICE to choose the device (see pytensor/backends/opencl/runtime.py).
"""

from __future__ import annotations

import importlib.util
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import pytensor as pt
import pytensor.nn as nn
from pytensor.utils.data import DataLoader, TensorDataset

ROOT = Path(__file__).resolve().parents[1]


def median_s(fn: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_matmul() -> None:
    import numpy as np

    print("matmul, float32, square N x N (median):")
    print(f"{'N':>6} {'opencl GFLOP/s':>15} {'numpy GFLOP/s':>14} {'reference GFLOP/s':>18}")
    for n in (128, 256, 512, 1024):
        flops = 2 * n**3
        pt.manual_seed(0)
        a, b = pt.rand(n, n, device="opencl"), pt.rand(n, n, device="opencl")
        (a @ b).cpu()  # build the kernel

        def on_device() -> None:
            a @ b
            pt.opencl.synchronize()

        device = flops / median_s(on_device, 5 if n < 1024 else 3) / 1e9
        x, y = np.random.rand(n, n).astype(np.float32), np.random.rand(n, n).astype(np.float32)
        host = flops / median_s(lambda: x @ y, 20) / 1e9
        reference = ""
        if n == 128:
            ra, rb = a.cpu(), b.cpu()
            reference = f"{flops / median_s(lambda: ra @ rb, 3) / 1e9:18.4f}"
            ratio = device / (flops / median_s(lambda: ra @ rb, 3) / 1e9)
            reference += f"  (opencl is {ratio:.0f}x)"
        print(f"{n:6d} {device:15.2f} {host:14.1f} {reference}")


def bench_launch() -> None:
    backend = pt.backends.backend_for(pt.device("opencl"))
    x = pt.zeros(1, device="opencl")
    view = x.view_of()

    rt = backend.rt

    def wait() -> None:  # hand the batched launches to the driver, then wait for them
        rt.flush()
        rt.queue.finish()

    def raw() -> None:
        backend.fill(view, 1.0)
        wait()

    def op() -> None:
        x + x
        wait()

    raw()
    op()
    print(f"launch + wait, one fill kernel:     {median_s(raw, 200) * 1e6:7.1f} us (median of 200)")
    print(f"launch + wait, pytensor x + x:      {median_s(op, 200) * 1e6:7.1f} us (median of 200)")

    def queued() -> None:
        for _ in range(200):
            backend.fill(view, 1.0)
        wait()

    print(f"queued launches, no wait:           {median_s(queued, 5) / 200 * 1e6:7.1f} us each")


def _digits() -> tuple[TensorDataset, int]:
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    digits = load_digits()
    x_train, _, y_train, _ = train_test_split(digits.data / 16.0, digits.target,
                                              test_size=0.2, random_state=42)  # fmt: skip
    x = pt.tensor(x_train.tolist(), dtype=pt.float32)
    y = pt.tensor(y_train.tolist())
    return TensorDataset(x, y), len(y)


def _tiny_vgg() -> type[nn.Module]:
    spec = importlib.util.spec_from_file_location("cnn", ROOT / "examples/05_digits_cnn.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.TinyVGG  # type: ignore[no-any-return]


def epoch_seconds(name: str, device: str) -> float:
    data, _ = _digits()
    pt.manual_seed(42)
    if name == "mlp":
        model: nn.Module = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))
    else:
        model = _tiny_vgg()()
    model.to(device)
    optimizer = pt.optim.Adam(model.parameters(), lr=0.01)
    loss_fn = nn.CrossEntropyLoss()
    loader = DataLoader(data, batch_size=32, shuffle=True)
    start = time.perf_counter()
    for x, y in loader:
        if name == "cnn":
            x = x.reshape(-1, 1, 8, 8)
        x, y = x.to(device), y.to(device)
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        loss.item()  # what the examples print: one copy to the host per batch
    return time.perf_counter() - start


def bench_epochs() -> None:
    print("one training epoch of the digits examples (1437 images, batch 32, Adam), the median")
    print("of 5 epochs for the MLP (this machine's speed drifts by 10% from run to run), one for")
    print("the CNN (its reference epoch takes most of a minute):")
    for name, repeats in (("mlp", 5), ("cnn", 1)):
        epoch_seconds(name, "opencl")  # build the kernels first
        reference = statistics.median(epoch_seconds(name, "cpu") for _ in range(repeats))
        device = statistics.median(epoch_seconds(name, "opencl") for _ in range(repeats))
        print(f"  digits {name.upper()}: reference {reference:6.3f} s, opencl {device:6.3f} s "
              f"({reference / device:.1f}x)")  # fmt: skip


if __name__ == "__main__":
    print(f"device: opencl:0 = {pt.opencl.get_device_name(0)}")
    bench_launch()
    bench_matmul()
    bench_epochs()
