"""The teaching corpus: every file prints under pytensor what it prints under PyTorch.

Each file of `tests/corpus/` runs twice in fresh subprocesses (real torch, then `torch` aliased
to pytensor) and the stdouts are compared line by line by `tests/corpus_harness.py`.

`KNOWN_FAILURES` records, for each file that does not match yet, the first cause. The test
holds both ways: a file not in the table must match PyTorch, and a file in the table must
still differ, so that whoever fixes a cause also removes its row here.
"""

from __future__ import annotations

import pytest
from corpus_harness import CORPUS_FILES, FULL, compare

# file -> the first difference it shows now (the cause to fix in pytensor).
_T = "pytorch_tutorials/beginner_source/"
KNOWN_FAILURES: dict[str, str] = {
    _T + "examples_tensor/polynomial_tensor.py":
        "torch.matmul(input=..., other=...): TypeError, matmul() got an unexpected keyword argument 'input'",
    _T + "examples_autograd/polynomial_autograd.py":
        "torch.accelerator missing: AttributeError: module 'pytensor' has no attribute 'accelerator'",
    _T + "blitz/tensor_tutorial.py":
        "dtype repr: dtype=pytensor.float64 where PyTorch prints dtype=torch.float64",
    _T + "blitz/neural_networks_tutorial.py":
        "Size repr: pytensor.Size([6, 1, 5, 5]) where PyTorch prints torch.Size([6, 1, 5, 5])",
    _T + "basics/tensorqs_tutorial.py":
        "Size repr: pytensor.Size([3, 4]) where PyTorch prints torch.Size([3, 4])",
    _T + "basics/autogradqs_tutorial.py":
        "binary_cross_entropy_with_logits: grad_fn is MeanBackward0, PyTorch's is BinaryCrossEntropyWithLogitsBackward0",
    "learnpytorch/00_pytorch_fundamentals.ipynb":
        "cell 6: Size repr, pytensor.Size([2]) where PyTorch prints torch.Size([2])",
    "learnpytorch/01_pytorch_workflow.ipynb":
        "cell 25: torch.cuda missing: AttributeError: module 'pytensor' has no attribute 'cuda'",
    "learnpytorch/02_pytorch_classification.ipynb":
        "cell 9: torch.cuda missing: AttributeError: module 'pytensor' has no attribute 'cuda'",
}

# A reduced run of one file takes well under this; a full run (PYTENSOR_CORPUS_FULL=1) of
# dynamic_net.py's 30000 steps takes much longer.
TIMEOUT_S = 3600.0 if FULL else 300.0


@pytest.mark.parametrize("rel", CORPUS_FILES)
def test_corpus_file_prints_what_pytorch_prints(rel: str) -> None:
    difference, torch_run, pt_run = compare(rel, TIMEOUT_S)
    if rel in KNOWN_FAILURES:
        assert difference is not None, (
            f"{rel} now prints what PyTorch prints: remove its KNOWN_FAILURES row "
            f"({KNOWN_FAILURES[rel]!r})"
        )
    else:
        assert difference is None, (
            f"{rel} differs from PyTorch at {difference}\n"
            f"--- pytensor stderr (tail):\n{pt_run.stderr[-3000:]}"
        )


def test_known_failures_name_corpus_files() -> None:
    assert set(KNOWN_FAILURES) <= set(CORPUS_FILES)
