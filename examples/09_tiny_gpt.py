"""A tiny GPT: a decoder-only Transformer that writes like the Zen of Python, char by char.

The same text as 08_char_lstm.py, the same task (predict the next character), but the model is the
GPT recipe: token embeddings plus learned position embeddings, a stack of pre-norm Transformer
blocks whose self-attention is causal (position t sees only positions <= t), a final LayerNorm
and a linear head. A stock `nn.TransformerEncoderLayer(norm_first=True)` is exactly a GPT block
once it is given the causal mask from `nn.Transformer.generate_square_subsequent_mask`.

Each step trains on a batch of random windows of the text; the loss is compared with the text's
unigram entropy (nats per character). The learning rate follows a one-cycle schedule: it warms
up from lr/25 to lr over the first 30% of the steps, then anneals to almost zero.

    python examples/09_tiny_gpt.py [--epochs 20] [--device opencl] [--plot] [--seed 42]

The full run (1,000 steps) takes about 1.5 minutes with `--device opencl` (PoCL on 2 CPU cores)
and about half an hour on the pure-Python reference path (`--device cpu`, about 1.8 s a step).
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
from pytensor.nn import functional as F

# %% [markdown]
# ## The text


# %%
def zen_of_python():
    """The Zen of Python, decoded from the rot13 source of the `this` module."""
    with contextlib.redirect_stdout(io.StringIO()):  # `import this` prints the Zen
        import this
    return codecs.decode(this.s, "rot13")


def unigram_entropy(text):
    counts = Counter(text)
    n = len(text)
    return -sum(c / n * math.log(c / n) for c in counts.values())


# %% [markdown]
# ## The model


# %%
class TinyGPT(nn.Module):
    def __init__(self, vocab_size, block_size, d_model, n_head, n_layer, dropout=0.0):
        super().__init__()
        self.block_size = block_size
        self.tok_emb = nn.Embedding(vocab_size, d_model)
        self.pos_emb = nn.Embedding(block_size, d_model)
        self.drop = nn.Dropout(dropout)
        block = nn.TransformerEncoderLayer(d_model, n_head, dim_feedforward=4 * d_model,
                                           dropout=dropout, activation="gelu",
                                           batch_first=True, norm_first=True)
        self.blocks = nn.TransformerEncoder(block, n_layer, enable_nested_tensor=False)
        self.ln_f = nn.LayerNorm(d_model)
        self.head = nn.Linear(d_model, vocab_size)

    def forward(self, idx):
        T = idx.shape[1]
        pos = torch.arange(T, device=idx.device)
        x = self.drop(self.tok_emb(idx) + self.pos_emb(pos))  # [batch, T, d_model]
        # -inf above the diagonal: position t may not attend to t+1, t+2, ...
        mask = nn.Transformer.generate_square_subsequent_mask(T, device=idx.device)
        x = self.blocks(x, mask=mask, is_causal=True)
        return self.head(self.ln_f(x))  # [batch, T, vocab]

    @torch.no_grad()
    def generate(self, idx, length, temperature=1.0):
        for _ in range(length):
            logits = self(idx[:, -self.block_size :])[:, -1] / temperature
            nxt = torch.multinomial(F.softmax(logits, dim=-1), 1)
            idx = torch.cat([idx, nxt], dim=1)
        return idx


def get_batch(data, batch_size, block_size, device):
    """batch_size random windows of the text, and the same windows shifted by one."""
    starts = torch.randint(0, len(data) - block_size, (batch_size,)).tolist()
    x = torch.stack([data[s : s + block_size] for s in starts])
    y = torch.stack([data[s + 1 : s + 1 + block_size] for s in starts])
    return x.to(device), y.to(device)


# %% [markdown]
# ## Training


# %%
def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--steps-per-epoch", type=int, default=50)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--plot", nargs="?", const="", default=None, help="write a PNG")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--lr", type=float, default=1e-2)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--block-size", type=int, default=32)
    parser.add_argument("--d-model", type=int, default=32)
    parser.add_argument("--heads", type=int, default=2)
    parser.add_argument("--layers", type=int, default=2)
    parser.add_argument("--dropout", type=float, default=0.0)
    parser.add_argument("--sample-len", type=int, default=120)
    args = parser.parse_args(argv)
    device = args.device
    start = time.perf_counter()

    text = zen_of_python()
    itos = sorted(set(text))
    stoi = {c: i for i, c in enumerate(itos)}
    entropy = unigram_entropy(text)
    print(f"{len(text)} characters, {len(itos)} distinct; unigram entropy {entropy:.4f} nats/char")

    torch.manual_seed(args.seed)
    data = torch.tensor([stoi[c] for c in text])
    model = TinyGPT(len(itos), args.block_size, args.d_model, args.heads, args.layers,
                    args.dropout).to(device)
    n_params = sum(p.numel() for p in model.parameters())
    print(f"{n_params} parameters")
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    # Warm up, then anneal: a high learning rate early, a small one to settle at the end.
    scheduler = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=args.lr, total_steps=args.epochs * args.steps_per_epoch)

    losses = []
    # A progress bar with the latest loss, in a terminal only (not in logs or under pytest).
    # `tqdm.write` prints a line above the bar instead of through it.
    progress = tqdm(range(args.epochs), desc="epochs", disable=not sys.stdout.isatty())
    for epoch in progress:
        model.train()
        total = 0.0
        for _ in range(args.steps_per_epoch):
            x, y = get_batch(data, args.batch_size, args.block_size, device)
            logits = model(x)
            loss = F.cross_entropy(logits.reshape(-1, len(itos)), y.reshape(-1))
            optimizer.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            total += loss.item()
        losses.append(total / args.steps_per_epoch)
        progress.set_postfix(loss=losses[-1])
        tqdm.write(f"Epoch {epoch:3d} | train loss {losses[-1]:.4f} nats/char "
                   f"({losses[-1] - entropy:+.4f} vs unigram entropy)")
    train_seconds = time.perf_counter() - start

    model.eval()
    prime = torch.tensor([[stoi[c] for c in "Beautiful is"]], device=device)
    out = model.generate(prime, args.sample_len, temperature=0.8)
    continuation = "".join(itos[i] for i in out[0].tolist())
    print(f"\n--- sampled continuation (temperature 0.8) ---\n{continuation}")
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
        ax.set_xlabel(f"epoch ({args.steps_per_epoch} steps)")
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
    metrics["sample"] = continuation
    return metrics


if __name__ == "__main__":
    main()
