"""Which CPU kernels run: the loops while a tracer or debugger watches, the fast path otherwise,
and PYTENSOR_KERNELS=loops|fast to pin one (read at import)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

import pytensor as pt
from pytensor.backends import loops, reference

ROOT = Path(__file__).resolve().parent.parent


def count_calls(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Count binary launches on each backend class."""
    calls = {"loops": 0, "fast": 0}
    fast_binary = reference.ReferenceBackend.binary
    loop_binary = loops.LoopBackend.binary

    def counted_fast(self: Any, *args: Any) -> None:
        calls["fast"] += 1
        fast_binary(self, *args)

    def counted_loops(self: Any, *args: Any) -> None:
        calls["loops"] += 1
        loop_binary(self, *args)

    monkeypatch.setattr(reference.ReferenceBackend, "binary", counted_fast)
    monkeypatch.setattr(loops.LoopBackend, "binary", counted_loops)
    return calls


def quiet_tracer(frame: FrameType, event: str, arg: object) -> None:
    return None  # a tracer that only exists: enough for pytensor to choose the loops


@pytest.fixture(autouse=True)
def unpinned(monkeypatch: pytest.MonkeyPatch) -> None:
    import pytensor.backends as backends

    monkeypatch.setattr(backends, "_KERNELS", None)  # as if PYTENSOR_KERNELS were unset


def test_the_fast_path_runs_when_nothing_watches(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = count_calls(monkeypatch)
    previous = sys.gettrace()  # (a coverage run traces the tests themselves)
    sys.settrace(None)
    try:
        c = pt.tensor([1.25, 2.0]) + pt.tensor([4.5, 5.0])
    finally:
        sys.settrace(previous)
    assert c.tolist() == [5.75, 7.0]
    assert calls == {"loops": 0, "fast": 1}


def test_the_loops_run_under_a_tracer(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = count_calls(monkeypatch)
    a = pt.tensor([1.25, 2.0])
    b = pt.tensor([4.5, 5.0])
    previous = sys.gettrace()
    sys.settrace(quiet_tracer)
    try:
        c = a + b
    finally:
        sys.settrace(previous)
    assert c.tolist() == [5.75, 7.0]
    assert calls == {"loops": 1, "fast": 0}


def kernels_in_subprocess(setting: str) -> subprocess.CompletedProcess[str]:
    code = (
        "import pytensor, pytensor.backends as b\n"
        "print(type(b.backend_for(pytensor.device('cpu'))).__name__)\n"
    )
    env = dict(os.environ, PYTENSOR_KERNELS=setting)
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)  # fmt: skip


@pytest.mark.parametrize("setting,backend", [("loops", "LoopBackend"),
                                             ("fast", "ReferenceBackend"),
                                             ("", "ReferenceBackend")])  # fmt: skip
def test_pytensor_kernels_pins_the_choice(setting: str, backend: str) -> None:
    result = kernels_in_subprocess(setting)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == backend


def test_pytensor_kernels_refuses_other_values() -> None:
    result = kernels_in_subprocess("fastest")
    assert result.returncode != 0
    assert "ValueError: PYTENSOR_KERNELS must be 'loops' or 'fast', not 'fastest'" in result.stderr
