"""A character-level language model: an LSTM learns to write like the Zen of Python.

The text ships with Python: `this.s` is the Zen of Python in rot13. The model reads one character
at a time and predicts the next one; its loss is the cross-entropy in nats per character. The
yardstick is the unigram entropy of the text: the loss of a model that only knows how often each
character occurs. Anything below it means the LSTM has learned to use the context.

Training uses truncated backpropagation through time (BPTT): the text is cut into a few parallel
streams, each read in chunks; the hidden state is carried from chunk to chunk but detached, so
gradients flow back at most one chunk. Gradients are clipped with `clip_grad_norm_`.

    python examples/08_char_lstm.py [--epochs 60] [--plot] [--seed 42]
"""

# %%
import argparse
import codecs
import contextlib
import io
import math
import sys
import time
from collections import Counter
from pathlib import Path

from tqdm import tqdm

import pytensor as torch
from pytensor import nn

# %% [markdown]
# ## The text and its unigram entropy


# %%
def zen_of_python():
    """The Zen of Python, decoded from the rot13 source of the `this` module."""
    with contextlib.redirect_stdout(io.StringIO()):  # `import this` prints the Zen
        import this
    return codecs.decode(this.s, "rot13")


def unigram_entropy(text):
    """-sum p log p over character frequencies, in nats per character."""
    counts = Counter(text)
    n = len(text)
    return -sum(c / n * math.log(c / n) for c in counts.values())


# %% [markdown]
# ## The model: embedding -> LSTM -> linear head (one logit per character)


# %%
class CharLSTM(nn.Module):
    def __init__(self, vocab_size, embed_dim, hidden_size, dropout=0.0):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, embed_dim)
        self.lstm = nn.LSTM(embed_dim, hidden_size, batch_first=True)
        self.drop = nn.Dropout(dropout)
        self.head = nn.Linear(hidden_size, vocab_size)

    def forward(self, x, state=None):
        out, state = self.lstm(self.embed(x), state)  # out: [batch, time, hidden]
        return self.head(self.drop(out)), state


def batchify(ids, n_streams):
    """Cut the sequence of ids into n_streams rows of equal length: [n_streams, length]."""
    length = len(ids) // n_streams
    return ids[: length * n_streams].view(n_streams, length)


def train_epoch(model, streams, loss_fn, optimizer, bptt, clip, device):
    """One pass over the streams in chunks of `bptt` characters. Returns the mean loss."""
    model.train()
    vocab = model.head.out_features
    # A random start offset each epoch, so chunk boundaries fall in different places.
    offset = torch.randint(0, bptt, (1,)).item()
    state = None
    total, count = 0.0, 0
    for i in range(offset, streams.shape[1] - 1, bptt):
        n = min(bptt, streams.shape[1] - 1 - i)
        x = streams[:, i : i + n].to(device)
        y = streams[:, i + 1 : i + 1 + n].to(device)
        if state is not None:  # truncated BPTT: keep the values, cut the graph
            state = tuple(s.detach() for s in state)
        logits, state = model(x, state)
        loss = loss_fn(logits.reshape(-1, vocab), y.reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), clip)
        optimizer.step()
        total += loss.item() * y.numel()
        count += y.numel()
    return total / count


def sample(model, prime, length, temperature, stoi, itos, device):
    """Feed `prime`, then draw `length` characters, one at a time, from softmax(logits / T)."""
    model.eval()
    with torch.no_grad():
        x = torch.tensor([[stoi[c] for c in prime]], device=device)
        logits, state = model(x)
        out = []
        for _ in range(length):
            probs = torch.softmax(logits[0, -1] / temperature, dim=-1)
            idx = torch.multinomial(probs, 1)
            out.append(itos[idx.item()])
            logits, state = model(idx.view(1, 1), state)
    return prime + "".join(out)


# %% [markdown]
# ## Training


# %%
def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=60)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--plot", nargs="?", const="", default=None, help="write a PNG")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--lr", type=float, default=1e-2)
    parser.add_argument("--hidden", type=int, default=64)
    parser.add_argument("--embed", type=int, default=16)
    parser.add_argument("--streams", type=int, default=8, help="parallel streams (batch size)")
    parser.add_argument("--bptt", type=int, default=32, help="characters per chunk")
    parser.add_argument("--dropout", type=float, default=0.1)
    parser.add_argument("--clip", type=float, default=1.0)
    parser.add_argument("--sample-len", type=int, default=200)
    parser.add_argument("--text-len", type=int, default=None, help="use only the first N chars")
    args = parser.parse_args(argv)
    device = args.device
    start = time.perf_counter()

    text = zen_of_python()
    if args.text_len:
        text = text[: args.text_len]
    itos = sorted(set(text))
    stoi = {c: i for i, c in enumerate(itos)}
    entropy = unigram_entropy(text)
    print(f"{len(text)} characters, {len(itos)} distinct; unigram entropy {entropy:.4f} "
          f"nats/char (uniform would be {math.log(len(itos)):.4f})")

    torch.manual_seed(args.seed)  # fixes the weights, the chunk offsets, dropout and sampling
    streams = batchify(torch.tensor([stoi[c] for c in text]), args.streams)
    model = CharLSTM(len(itos), args.embed, args.hidden, args.dropout).to(device)
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)

    losses = []
    # A progress bar with the latest loss, in a terminal only (not in logs or under pytest).
    # `tqdm.write` prints a line above the bar instead of through it.
    progress = tqdm(range(args.epochs), desc="epochs", disable=not sys.stdout.isatty())
    for epoch in progress:
        loss = train_epoch(model, streams, loss_fn, optimizer, args.bptt, args.clip, device)
        losses.append(loss)
        progress.set_postfix(loss=loss)
        tqdm.write(f"Epoch {epoch:3d} | train loss {loss:.4f} nats/char "
                   f"({loss - entropy:+.4f} vs unigram entropy)")
    train_seconds = time.perf_counter() - start

    samples = {}
    for temperature in (0.5, 1.0, 1.5):
        samples[temperature] = sample(model, "Beautiful is", args.sample_len, temperature,
                                      stoi, itos, device)
        print(f"\n--- temperature {temperature} ---\n{samples[temperature]}")
    seconds = time.perf_counter() - start

    if args.plot is not None:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.ticker import MaxNLocator

        path = args.plot or Path(__file__).with_suffix(".png")
        fig, ax = plt.subplots(figsize=(6, 4))
        ax.plot(range(len(losses)), losses, label="train loss")
        ax.axhline(entropy, color="gray", linestyle="--", label="unigram entropy")
        ax.set_xlabel("epoch")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))  # whole epochs
        ax.set_ylabel("nats / character")
        ax.legend()
        fig.savefig(path)
        print(f"Plot written to {path}")

    metrics = {
        "unigram_entropy": entropy,
        "first_train_loss": losses[0],
        "train_loss": losses[-1],
        "train_seconds": train_seconds,
        "seconds": seconds,
    }
    print("\nFinal:", ", ".join(f"{k}={v:.5f}" for k, v in metrics.items()))
    metrics["losses"] = losses
    metrics["samples"] = samples
    return metrics


if __name__ == "__main__":
    main()
