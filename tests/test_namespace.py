"""Reprs say `torch.` when the program imported pytensor as torch, and `pytensor.` otherwise."""

from __future__ import annotations

import subprocess
import sys

import pytest

import pytensor

torch = pytest.importorskip("torch")

PROGRAM = """
import sys, pytensor
sys.modules["torch"] = pytensor
import torch
x = torch.zeros(2, 3, dtype=torch.float64)
print(x.shape)
print(x)
print(x.dtype, torch.int8, x.type(), x.long().type())
print(torch.strided, torch.contiguous_format)
"""


def test_aliased_as_torch_prints_what_torch_prints() -> None:
    run = subprocess.run([sys.executable, "-c", PROGRAM], capture_output=True, text=True,
                         check=True)  # fmt: skip
    real = subprocess.run([sys.executable, "-c", PROGRAM.replace(
        'sys.modules["torch"] = pytensor\n', "")], capture_output=True, text=True, check=True)  # fmt: skip
    assert run.stdout == real.stdout


def test_imported_as_itself_it_names_itself() -> None:
    x = pytensor.zeros(2, dtype=pytensor.float64)
    assert repr(x.shape) == "pytensor.Size([2])"
    assert repr(x) == "tensor([0., 0.], dtype=pytensor.float64)"
    assert x.type() == "pytensor.DoubleTensor"
