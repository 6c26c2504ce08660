"""The examples in the docstrings run, and print what they say they print.

Each module below goes through `doctest` on its own (the examples of one docstring share a
namespace, a copy of the module's globals). A module fails when an example's output differs or
raises, and also when it has no example at all: every documented module shows at least one.
Examples that draw random numbers call `pytensor.manual_seed` first; the fixture puts the
global generator (and the default dtype) back afterwards, so the order of the tests does not
matter. The examples of `pytensor.opencl` run with or without an OpenCL device.
"""

from __future__ import annotations

import doctest
import importlib
import warnings
from collections.abc import Iterator

import pytest

import pytensor

MODULES = [
    "pytensor",
    "pytensor.tensor",
    "pytensor.dtypes",
    "pytensor._device",
    "pytensor._interop",
    "pytensor._size",
    "pytensor.random.generator",
    "pytensor.opencl",
    "pytensor.cuda",
    "pytensor.cuda.amp",
    "pytensor.amp",
    "pytensor.accelerator",
    "pytensor.backends.cuda",
    "pytensor.backends.cudnn",
    "pytensor.backends.mps",
    "pytensor.version",
    "pytensor._determinism",
    "pytensor.autograd",
    "pytensor.autograd.engine",
    "pytensor.autograd.function",
    "pytensor.autograd.grad_mode",
    "pytensor.autograd.gradcheck",
    "pytensor.autograd.graph",
    "pytensor.ops.arguments",
    "pytensor.ops.creation",
    "pytensor.ops.from_data",
    "pytensor.ops.fills",
    "pytensor.ops.ranges",
    "pytensor.ops.pointwise",
    "pytensor.ops.reduction",
    "pytensor.ops.reduce",
    "pytensor.ops.extremes",
    "pytensor.ops.moments",
    "pytensor.ops.softmax",
    "pytensor.ops.cumulative",
    "pytensor.ops.linalg",
    "pytensor.ops.movement",
    "pytensor.ops.views",
    "pytensor.ops.subset_views",
    "pytensor.ops.conversion",
    "pytensor.ops.joining",
    "pytensor.ops.copies",
    "pytensor.ops.indexing",
    "pytensor.ops.gather_scatter",
    "pytensor.ops.advanced_indexing",
    "pytensor.ops.masking",
    "pytensor.ops.sorting",
    "pytensor.ops.sampling",
    "pytensor.ops.sampling_inplace",
    "pytensor.nn",
    "pytensor.nn.functional",
    "pytensor.nn.init",
    "pytensor.nn.parameter",
    "pytensor.nn.utils",
    "pytensor.nn.utils.clip_grad",
    "pytensor.nn.utils.rnn",
    "pytensor.nn.modules",
    "pytensor.nn.modules.activation",
    "pytensor.nn.modules.attention",
    "pytensor.nn.modules.batchnorm",
    "pytensor.nn.modules.container",
    "pytensor.nn.modules.conv",
    "pytensor.nn.modules.dropout",
    "pytensor.nn.modules.flatten",
    "pytensor.nn.modules.hooks",
    "pytensor.nn.modules.linear",
    "pytensor.nn.modules.loss",
    "pytensor.nn.modules.module",
    "pytensor.nn.modules.module_state_dict",
    "pytensor.nn.modules.module_walks",
    "pytensor.nn.modules.normalization",
    "pytensor.nn.modules.piecewise_activation",
    "pytensor.nn.modules.pooling",
    "pytensor.nn.modules.rnn",
    "pytensor.nn.modules.rnn_cell",
    "pytensor.nn.modules.rnn_step",
    "pytensor.nn.modules.smooth_activation",
    "pytensor.nn.modules.sparse",
    "pytensor.nn.modules.transformer",
    "pytensor.nn.modules.transformer_layer",
    "pytensor.nn._functional",
    "pytensor.nn._functional.activation",
    "pytensor.nn._functional.attention",
    "pytensor.nn._functional.conv",
    "pytensor.nn._functional.loss",
    "pytensor.nn._functional.normalization",
    "pytensor.nn._functional.piecewise_activation",
    "pytensor.nn._functional.pooling",
    "pytensor.nn._functional.regression_loss",
    "pytensor.nn._functional.smooth_activation",
    "pytensor.optim",
    "pytensor.optim.adagrad",
    "pytensor.optim.adam",
    "pytensor.optim.adamw",
    "pytensor.optim.lr_scheduler",
    "pytensor.optim.lr_scheduler.base",
    "pytensor.optim.lr_scheduler.one_cycle",
    "pytensor.optim.lr_scheduler.per_epoch",
    "pytensor.optim.lr_scheduler.plateau",
    "pytensor.optim.optimizer",
    "pytensor.optim.rmsprop",
    "pytensor.optim.sgd",
    "pytensor.utils.data",
    "pytensor.utils.data._collate",
    "pytensor.utils.data.dataloader",
    "pytensor.utils.data.dataset",
    "pytensor.utils.data.sampler",
    "pytensor.serialization",
    "pytensor._float16_bytes",
    "pytensor.viz",
]


@pytest.fixture(autouse=True)
def _restore_rng() -> Iterator[None]:
    state = pytensor.get_rng_state()
    default_dtype = pytensor.get_default_dtype()
    yield
    pytensor.set_rng_state(state)
    pytensor.set_default_dtype(default_dtype)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    report: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an example that warns shows a call to avoid
        for test in finder.find(module):
            runner.run(test, out=report.append)
    results = runner.summarize(verbose=False)
    assert results.attempted > 0, f"{name} has no docstring example"
    assert results.failed == 0, "".join(report)
