"""The sequence examples (char LSTM, tiny GPT, seq2seq reversal) with reduced settings.

Each runs for a few seconds and must really learn, and writes its `--plot` picture. Each is also
run with its imports swapped for torch's, and its losses must agree with pytensor's.
"""

import importlib.util
import re
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def load_example(name):
    path = EXAMPLES / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"example_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_with_torch(name, argv):
    """The example's source with `import torch` in place of pytensor, executed."""
    pytest.importorskip("torch")
    path = EXAMPLES / f"{name}.py"
    swapped = path.read_text().replace("import pytensor as torch\n", "import torch\n")
    swapped = re.sub(r"^from pytensor(\S*) import", r"from torch\1 import", swapped, flags=re.M)
    assert not re.search(r"^(import|from) pytensor", swapped, flags=re.M), "import left unswapped"
    namespace = {"__name__": f"torch_example_{name}", "__file__": str(path)}
    exec(compile(swapped, str(path), "exec"), namespace)
    return namespace["main"](argv)


def assert_png(path):
    """A picture was written: a PNG file with something in it."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    assert len(data) > 5000, f"{path} looks empty"


CHAR_LSTM_CI = ["--epochs", "6", "--hidden", "32", "--sample-len", "20"]


def test_char_lstm_beats_unigram_entropy(tmp_path):
    plot = tmp_path / "char_lstm.png"
    metrics = load_example("08_char_lstm").main(CHAR_LSTM_CI + ["--plot", str(plot)])
    assert_png(plot)
    assert metrics["unigram_entropy"] == pytest.approx(3.1088, abs=1e-3)
    assert metrics["train_loss"] < metrics["first_train_loss"] - 0.5
    assert metrics["train_loss"] < metrics["unigram_entropy"]
    assert all(s.startswith("Beautiful is") for s in metrics["samples"].values())


MATCH_ARGV = ["--epochs", "2", "--hidden", "16", "--sample-len", "5", "--text-len", "400"]


def test_char_lstm_matches_torch():
    # Same seed: the same initial weights and chunk offsets in both libraries.
    argv = MATCH_ARGV + ["--dropout", "0"]
    theirs = run_with_torch("08_char_lstm", argv)
    ours = load_example("08_char_lstm").main(argv)
    assert ours["unigram_entropy"] == pytest.approx(theirs["unigram_entropy"], rel=1e-12)
    assert ours["losses"] == pytest.approx(theirs["losses"], rel=1e-4)


def test_char_lstm_with_dropout_matches_torch():
    # Dropout on the LSTM's batch_first output (a non-contiguous tensor) draws its mask in
    # memory order, as torch's empty_like(input).bernoulli_() does.
    theirs = run_with_torch("08_char_lstm", MATCH_ARGV)
    ours = load_example("08_char_lstm").main(MATCH_ARGV)
    assert ours["losses"] == pytest.approx(theirs["losses"], rel=1e-4)


def test_tiny_gpt_learns(tmp_path):
    plot = tmp_path / "tiny_gpt.png"
    metrics = load_example("09_tiny_gpt").main(
        ["--epochs", "3", "--steps-per-epoch", "5", "--block-size", "16", "--lr", "3e-2",
         "--sample-len", "8", "--plot", str(plot)])
    assert_png(plot)
    # Below the unigram entropy: after 15 steps the model already uses the context.
    assert metrics["train_loss"] < metrics["unigram_entropy"] - 0.1
    assert metrics["sample"].startswith("Beautiful is")
    assert len(metrics["sample"]) == len("Beautiful is") + 8


def test_seq2seq_reverse_learns(tmp_path):
    plot = tmp_path / "seq2seq.png"
    metrics = load_example("10_seq2seq_reverse").main(
        ["--epochs", "2", "--steps-per-epoch", "10", "--min-len", "2", "--max-len", "2",
         "--test-size", "20", "--plot", str(plot)])
    assert_png(plot)
    # A decoder that ignored the source could at best learn the end token: ln(10) nats for each
    # of the two digits and 0 for EOS, (2 ln 10) / 3 = 1.54 per token.
    assert metrics["train_loss"] < 1.0
    # Greedy decoding of held-out strings, with no teacher forcing: chance is 1 in 100.
    assert metrics["test_acc"] >= 25 * metrics["chance_acc"]


TORCH_MATCH = {
    "09_tiny_gpt": ["--epochs", "2", "--steps-per-epoch", "2", "--block-size", "8",
                    "--sample-len", "2"],
    "10_seq2seq_reverse": ["--epochs", "2", "--steps-per-epoch", "2", "--min-len", "2",
                           "--max-len", "2", "--test-size", "5"],
}


@pytest.mark.parametrize("name", list(TORCH_MATCH))
def test_transformer_examples_match_torch(name):
    # The same script under `import torch`: the same batches, weights and losses.
    theirs = run_with_torch(name, TORCH_MATCH[name])
    ours = load_example(name).main(TORCH_MATCH[name])
    for key in ("first_train_loss", "train_loss"):
        assert ours[key] == pytest.approx(theirs[key], rel=1e-4), key
    assert ours.get("test_acc") == theirs.get("test_acc")
