"""Grad mode is per thread, as in PyTorch: each thread has its own `is_grad_enabled()`.

A thread that evaluates under `no_grad()` must not turn recording off in a thread that is
training, and a new thread starts with grad mode on whatever the thread that started it was
doing. Every scenario runs in torch too, so the expected behaviour is PyTorch's own.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import pytensor  # noqa: E402
import pytensor.nn  # noqa: E402
import pytensor.optim  # noqa: E402

LIBS = {"torch": torch, "pytensor": pytensor}
STEPS = 6
# Only a guard against a deadlock in a broken build: no result depends on how long anything takes.
HANG_GUARD_S = 120.0

_rng = np.random.default_rng(2024)
X = _rng.standard_normal((8, 3))
Y = _rng.standard_normal((8, 2))
# Two different starting points, one per model: (W1, b1, W2, b2) of Linear(3, 5), Linear(5, 2).
INITS = [[_rng.standard_normal(shape) for shape in [(5, 3), (5,), (2, 5), (2,)]] for _ in range(2)]


def run_threads(targets: list[Callable[[], None]]) -> None:
    """Run each target in its own thread and re-raise the first error in the caller."""
    errors: list[BaseException] = []

    def guarded(target: Callable[[], None]) -> None:
        try:
            target()
        except BaseException as e:  # noqa: BLE001 (reported in the main thread below)
            errors.append(e)

    threads = [threading.Thread(target=guarded, args=(t,)) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(HANG_GUARD_S)
    # The first error is the cause; BrokenBarrierError in the others only follows from it.
    real = [e for e in errors if not isinstance(e, threading.BrokenBarrierError)]
    if errors:
        raise (real or errors)[0]


@pytest.mark.parametrize("name", LIBS)
def test_no_grad_in_one_thread_leaves_the_other_alone(name: str) -> None:
    lib = LIBS[name]
    inside = threading.Event()
    checked = threading.Event()
    seen: dict[str, bool] = {}

    def evaluator() -> None:
        with lib.no_grad():
            inside.set()
            checked.wait(HANG_GUARD_S)  # stay inside no_grad until the trainer has looked
            seen["evaluator"] = lib.is_grad_enabled()

    def trainer() -> None:
        inside.wait(HANG_GUARD_S)
        seen["trainer"] = lib.is_grad_enabled()
        w = lib.ones(2, requires_grad=True)
        seen["records"] = (w * 2).requires_grad
        checked.set()

    run_threads([evaluator, trainer])
    assert seen == {"evaluator": False, "trainer": True, "records": True}
    assert lib.is_grad_enabled()


@pytest.mark.parametrize("name", LIBS)
@pytest.mark.parametrize("mode", ["no_grad", "inference_mode", "set_grad_enabled"])
def test_new_thread_starts_with_grad_enabled(name: str, mode: str) -> None:
    lib = LIBS[name]
    seen: list[bool] = []
    manager = lib.set_grad_enabled(False) if mode == "set_grad_enabled" else getattr(lib, mode)()
    with manager:
        run_threads([lambda: seen.append(lib.is_grad_enabled())])
        assert not lib.is_grad_enabled()
    assert seen == [True]
    assert lib.is_grad_enabled()


def make_model(lib: Any, init: list[np.ndarray]) -> Any:
    model = lib.nn.Sequential(lib.nn.Linear(3, 5), lib.nn.Tanh(), lib.nn.Linear(5, 2))
    with lib.no_grad():
        for p, v in zip(model.parameters(), init, strict=True):
            p.copy_(lib.tensor(v.tolist(), dtype=lib.float64))
    return model.double()


def train_step(lib: Any, model: Any, opt: Any, x: Any, y: Any) -> None:
    opt.zero_grad()
    loss = ((model(x) - y) ** 2).mean()
    loss.backward()
    opt.step()


def final_weights(model: Any) -> list[list[float]]:
    return [p.detach().reshape(-1).tolist() for p in model.parameters()]


@pytest.mark.parametrize("name", LIBS)
def test_two_threads_train_at_once_like_a_sequential_run(name: str) -> None:
    lib = LIBS[name]
    x = lib.tensor(X.tolist(), dtype=lib.float64)
    y = lib.tensor(Y.tolist(), dtype=lib.float64)

    # The reference: each model trained on its own, one after the other, in this thread.
    sequential = []
    for init in INITS:
        model = make_model(lib, init)
        opt = lib.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
        for _ in range(STEPS):
            train_step(lib, model, opt, x, y)
        sequential.append(final_weights(model))

    # The same two trainings in two threads, plus a third thread that sits inside no_grad for
    # the whole of every step. The barrier makes all three run each step at the same time, so a
    # process-wide flag would switch recording off under the trainers (and their optimizers'
    # no_grad would switch it off under each other).
    models = [make_model(lib, init) for init in INITS]
    opts = [lib.optim.SGD(m.parameters(), lr=0.1, momentum=0.9) for m in models]
    barrier = threading.Barrier(3, timeout=HANG_GUARD_S)
    evaluated: list[bool] = []

    def trainer(k: int) -> Callable[[], None]:
        def run() -> None:
            try:
                for _ in range(STEPS):
                    barrier.wait()  # the evaluator is inside no_grad now
                    train_step(lib, models[k], opts[k], x, y)
                    barrier.wait()  # and stays there until both trainers finished the step
            except BaseException:
                barrier.abort()
                raise

        return run

    def evaluator() -> None:
        try:
            w = lib.ones(3, requires_grad=True, dtype=lib.float64)
            for _ in range(STEPS):
                with lib.no_grad():
                    barrier.wait()
                    evaluated.append((w * 2).requires_grad or lib.is_grad_enabled())
                    barrier.wait()
        except BaseException:
            barrier.abort()
            raise

    run_threads([trainer(0), trainer(1), evaluator])
    assert evaluated == [False] * STEPS
    assert [final_weights(m) for m in models] == sequential
