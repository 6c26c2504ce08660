"""Device discovery leaves out a device that cannot build a kernel.

pyopencl's wheels bring PoCL 3.0, whose LLVM 14 lists a device on a CPU newer than itself and
then fails every build ("unknown target CPU 'generic'"). is_available() must not say True for
it. These tests run without any OpenCL driver: a stand-in for pyopencl plays the drivers.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from pytensor.backends.opencl import runtime


class FakeError(Exception):
    pass


def fake_pyopencl(devices: list[Any]) -> Any:
    class Program:
        def __init__(self, context: Any, source: str) -> None:
            self.device = context

        def build(self) -> None:
            if self.device.broken:
                raise FakeError("error: unknown target CPU 'generic'")

    platform = SimpleNamespace(name="Fake CL", get_devices=lambda: devices)
    for d in devices:
        d.platform = platform
    return SimpleNamespace(
        Error=FakeError,
        get_platforms=lambda: [platform],
        Context=lambda ds: ds[0],
        Program=Program,
        device_type=SimpleNamespace(GPU=4),
    )


def device(name: str, broken: bool, gpu: bool = False) -> Any:
    return SimpleNamespace(name=name, broken=broken, type=4 if gpu else 2)


@pytest.fixture
def drivers(monkeypatch: pytest.MonkeyPatch) -> Any:
    def install(devices: list[Any]) -> None:
        monkeypatch.setattr(runtime, "cl", lambda: fake_pyopencl(devices))
        monkeypatch.setattr(runtime, "UNUSABLE", {})
        monkeypatch.delenv(runtime.ENV_VAR, raising=False)
        runtime.devices.cache_clear()

    yield install
    runtime.devices.cache_clear()


def test_a_device_that_cannot_compile_is_left_out(drivers: Any) -> None:
    old_pocl, good = device("pthread-old", broken=True), device("pthread-new", broken=False)
    drivers([old_pocl, good])
    assert runtime.devices() == (good,)
    assert list(runtime.UNUSABLE) == ["Fake CL: pthread-old"]
    assert "unknown target CPU" in runtime.UNUSABLE["Fake CL: pthread-old"]


def test_no_usable_device_means_not_available_and_says_why(drivers: Any) -> None:
    drivers([device("pthread-old", broken=True)])
    assert runtime.devices() == ()
    with pytest.raises(RuntimeError, match="pthread-old was found but cannot build a kernel"):
        runtime.Runtime(0)


def test_gpus_still_come_first(drivers: Any) -> None:
    cpu, gpu = device("cpu", broken=False), device("gpu", broken=False, gpu=True)
    drivers([cpu, gpu])
    assert runtime.devices() == (gpu, cpu)
