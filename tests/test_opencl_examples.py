"""The examples with `--device opencl`: each runs on the device and reports the same numbers as
with `--device cpu` (the final losses and accuracies, to 1e-4 relative), with reduced sizes."""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path

import pytest

import pytensor as pt

if not pt.opencl.is_available():
    pytest.skip("no OpenCL device: pip install pyopencl pocl-binary-distribution",
                allow_module_level=True)  # fmt: skip

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def run(name: str, argv: list[str]) -> dict:
    path = EXAMPLES / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"opencl_example_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.main(argv)


CASES = {
    "01_linear_regression": ["--epochs", "50"],
    "02_circles_classification": ["--epochs", "10"],
    "03_blobs_multiclass": ["--epochs", "5"],
    "04_digits_mlp": ["--epochs", "1"],
    "05_digits_cnn": ["--epochs", "1", "--subset", "8"],
    "06_thermometer": ["--epochs", "100"],
    "08_char_lstm": ["--epochs", "2", "--hidden", "16", "--text-len", "1500", "--sample-len", "10"],
    "09_tiny_gpt": ["--epochs", "2", "--steps-per-epoch", "2", "--sample-len", "10"],
}
# Metrics that measure time, or are printed text, are not compared.
SKIP = {"seconds", "train_seconds", "load_seconds", "one_sentence_seconds"}


@pytest.mark.parametrize("name", list(CASES))
def test_example_gives_the_same_numbers_on_opencl(name: str, tmp_path: Path) -> None:
    argv = CASES[name] + (["--save-dir", str(tmp_path)] if name.startswith("01") else [])
    on_cpu = run(name, argv + ["--device", "cpu"])
    on_device = run(name, argv + ["--device", "opencl"])
    compared = 0
    for key, expected in on_cpu.items():
        if key in SKIP or not isinstance(expected, (int, float)):
            continue
        got = on_device[key]
        assert math.isclose(got, expected, rel_tol=1e-4, abs_tol=1e-5), (key, got, expected)
        compared += 1
    assert compared >= 2, on_cpu
