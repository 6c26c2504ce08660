"""Run every example's main() with fewer epochs, and check that it really learns.

For the examples that need no scikit-learn (linear regression, thermometer), the same script is
also run with its pytensor imports swapped for torch's, and the final numbers must agree.
"""

import importlib.util
import re
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def load_example(name):
    """The example as a module, imported from its file (the names start with a digit)."""
    path = EXAMPLES / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"example_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_with_torch(name, argv):
    """Run the example's source with `import torch` in place of pytensor: what a learner
    does to check pytensor against PyTorch."""
    pytest.importorskip("torch")
    path = EXAMPLES / f"{name}.py"
    source = path.read_text()
    swapped = source.replace("import pytensor as torch\n", "import torch\n")
    swapped = re.sub(r"^from pytensor(\S*) import", r"from torch\1 import", swapped, flags=re.M)
    assert not re.search(r"^(import|from) pytensor", swapped, flags=re.M), "import left unswapped"
    namespace = {"__name__": f"torch_example_{name}", "__file__": str(path)}
    exec(compile(swapped, str(path), "exec"), namespace)
    return namespace["main"](argv)


def assert_same_metrics(ours, theirs):
    assert ours.keys() == theirs.keys()
    for key, value in ours.items():
        if isinstance(value, bool):
            assert value == theirs[key], key
        else:
            assert value == pytest.approx(theirs[key], rel=1e-5, abs=1e-7), key


# --- 01 linear regression ---------------------------------------------------------------------


def test_linear_regression_learns_and_reloads(tmp_path):
    example = load_example("01_linear_regression")
    plot = tmp_path / "line.png"
    metrics = example.main(["--epochs", "200", "--save-dir", str(tmp_path), "--plot", str(plot)])
    assert metrics["reload_equal"]
    assert (tmp_path / "01_linear_regression.pth").exists()
    assert plot.stat().st_size > 0
    assert metrics["model_1_train_loss"] < 0.1 * metrics["model_1_first_train_loss"]
    assert metrics["model_0_weight"] == pytest.approx(0.7, abs=0.05)
    assert metrics["model_0_bias"] == pytest.approx(0.3, abs=0.05)
    assert metrics["model_1_weight"] == pytest.approx(0.7, abs=0.05)
    assert metrics["model_1_bias"] == pytest.approx(0.3, abs=0.05)


def test_linear_regression_matches_torch(tmp_path):
    argv = ["--epochs", "200", "--seed", "42"]
    theirs = run_with_torch("01_linear_regression", argv + ["--save-dir", str(tmp_path / "t")])
    ours = load_example("01_linear_regression").main(argv + ["--save-dir", str(tmp_path / "p")])
    assert_same_metrics(ours, theirs)


# --- 06 thermometer ---------------------------------------------------------------------------


def test_thermometer_fits_the_line():
    metrics = load_example("06_thermometer").main(["--epochs", "500"])
    # The gradient by hand and the one autograd computes give the same descent.
    assert metrics["manual_w"] == pytest.approx(metrics["autograd_w"], rel=1e-5)
    assert metrics["manual_b"] == pytest.approx(metrics["autograd_b"], rel=1e-5)
    assert metrics["sgd_train_loss"] < 0.2 * metrics["sgd_first_train_loss"]
    assert metrics["adam_train_loss"] < 0.2 * metrics["sgd_first_train_loss"]


def test_thermometer_matches_torch():
    argv = ["--epochs", "500", "--seed", "7"]
    theirs = run_with_torch("06_thermometer", argv)
    ours = load_example("06_thermometer").main(argv)
    assert_same_metrics(ours, theirs)


# --- the scikit-learn data sets -------------------------------------------------------------


def test_circles_classification_learns():
    pytest.importorskip("sklearn")
    example = load_example("02_circles_classification")
    metrics = example.main(["--epochs", "120", "--lr", "0.8"])
    assert metrics["train_loss"] < metrics["first_train_loss"] - 0.05
    assert metrics["test_acc"] > 70


def test_blobs_multiclass_learns():
    pytest.importorskip("sklearn")
    metrics = load_example("03_blobs_multiclass").main(["--epochs", "20"])
    assert metrics["train_loss"] < 0.5 * metrics["first_train_loss"]
    assert metrics["test_acc"] > 90


def test_digits_mlp_learns():
    pytest.importorskip("sklearn")
    metrics = load_example("04_digits_mlp").main(["--epochs", "3"])
    assert metrics["train_loss"] < 0.7 * metrics["first_train_loss"]
    assert metrics["test_acc"] > 80


def test_digits_cnn_fits_a_small_batch():
    # A full epoch takes minutes in pure Python: here the CNN only has to fit 16 images.
    pytest.importorskip("sklearn")
    metrics = load_example("05_digits_cnn").main(["--epochs", "4", "--subset", "16"])
    assert metrics["train_loss"] < metrics["first_train_loss"] - 0.1
    assert metrics["train_acc"] > 12.5
