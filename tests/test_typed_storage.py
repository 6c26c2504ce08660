"""`Tensor.storage()` reads and writes the flat buffer as PyTorch's TypedStorage does."""

from __future__ import annotations

import warnings
from typing import Any

import pytest

import pytensor

torch = pytest.importorskip("torch")


def run(lib: Any) -> list[Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        points = lib.tensor([[4.0, 1.0], [5.0, 3.0], [2.0, 1.0]])
        storage = points.storage()
        shown = [str(storage), storage[0], storage[-1], len(storage), storage.size()]
        storage[0] = 2.0
        shown += [points.tolist(), list(points.storage())]
        shown += [points.t().storage().data_ptr() == storage.data_ptr()]
        shown += [points[1:].storage().tolist(), str(lib.tensor([True, False]).storage())]
        shown += [str(lib.tensor([1, 2], dtype=lib.int8).storage())]
    return [str(x).replace("torch", "pytensor") for x in shown]


def test_storage_matches_torch() -> None:
    assert run(pytensor) == run(torch)


def test_storage_warns_once_and_refuses_out_of_range() -> None:
    import pytensor._typed_storage as typed

    typed._warned = False
    with pytest.warns(UserWarning, match="TypedStorage is deprecated"):
        storage = pytensor.zeros(2).storage()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pytensor.zeros(2).storage()  # the second time is silent
    with pytest.raises(IndexError):
        storage[2]
