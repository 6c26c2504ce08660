"""Sequence to sequence with nn.Transformer: learn to reverse a string of digits.

"3141" -> "1413". The encoder reads the source digits; the decoder writes the reversed string one
token at a time, attending to the encoder's output (cross-attention) and, through a causal mask,
to the tokens it has written so far. Training uses teacher forcing: the decoder's input is the
true output shifted right by one (a start token first), so every position is trained in one pass.
At test time there is no true output to lean on: the decoder runs greedily, feeding back its
own predictions, and a string counts as right only if every digit and the end token are right.

Source strings have 4 or 5 digits; a fixed held-out set of strings never appears in training.

    python examples/10_seq2seq_reverse.py [--epochs 16] [--plot] [--seed 42]
"""

# %%
import argparse
import math
import sys
import time
from pathlib import Path

from tqdm import tqdm

import pytensor as torch
from pytensor import nn

PAD, SOS, EOS = 0, 1, 2  # special tokens; digit d is token d + 3
VOCAB = 13


# %% [markdown]
# ## The data: random digit strings, padded to a fixed length


# %%
def random_strings(n, min_len, max_len):
    """n random digit strings (lists of ints 0..9) with lengths in [min_len, max_len]."""
    lengths = torch.randint(min_len, max_len + 1, (n,)).tolist()
    digits = torch.randint(0, 10, (n, max_len)).tolist()
    return [tuple(row[:k]) for row, k in zip(digits, lengths)]


def encode(strings, max_len):
    """Token tensors: src = digits EOS, tgt_in = SOS reversed, tgt_out = reversed EOS, padded."""
    width = max_len + 1
    src, tgt_in, tgt_out = [], [], []
    for s in strings:
        rev = [d + 3 for d in reversed(s)]
        pad = [PAD] * (width - len(s) - 1)
        src.append([d + 3 for d in s] + [EOS] + pad)
        tgt_in.append([SOS] + rev + pad)
        tgt_out.append(rev + [EOS] + pad)
    return torch.tensor(src), torch.tensor(tgt_in), torch.tensor(tgt_out)


# %% [markdown]
# ## The model: embeddings + learned positions around a stock nn.Transformer


# %%
class Reverser(nn.Module):
    def __init__(self, d_model, nhead, layers, max_positions):
        super().__init__()
        self.d_model = d_model
        self.embed = nn.Embedding(VOCAB, d_model)
        self.pos = nn.Embedding(max_positions, d_model)
        self.transformer = nn.Transformer(d_model=d_model, nhead=nhead, num_encoder_layers=layers,
                                          num_decoder_layers=layers,
                                          dim_feedforward=2 * d_model, dropout=0.0,
                                          batch_first=True)
        self.head = nn.Linear(d_model, VOCAB)

    def embed_tokens(self, tokens):
        positions = torch.arange(tokens.shape[1], device=tokens.device)
        return self.embed(tokens) * math.sqrt(self.d_model) + self.pos(positions)

    def encode(self, src):
        return self.transformer.encoder(self.embed_tokens(src))

    def decode(self, tgt_in, memory):
        mask = nn.Transformer.generate_square_subsequent_mask(tgt_in.shape[1],
                                                              device=tgt_in.device)
        out = self.transformer.decoder(self.embed_tokens(tgt_in), memory, tgt_mask=mask,
                                       tgt_is_causal=True)
        return self.head(out)

    def forward(self, src, tgt_in):  # teacher forcing: all positions at once
        return self.decode(tgt_in, self.encode(src))

    @torch.no_grad()
    def greedy(self, src, steps):
        memory = self.encode(src)
        out = torch.full((src.shape[0], 1), SOS, dtype=torch.long, device=src.device)
        for _ in range(steps):
            nxt = self.decode(out, memory)[:, -1].argmax(dim=-1, keepdim=True)
            out = torch.cat([out, nxt], dim=1)
        return out[:, 1:]


def exact_match(model, strings, max_len, device):
    """Percent of strings whose greedy output is exactly the reversed digits followed by EOS."""
    model.eval()
    src, _, _ = encode(strings, max_len)
    pred = model.greedy(src.to(device), max_len + 1).tolist()
    right = 0
    for s, p in zip(strings, pred):
        want = [d + 3 for d in reversed(s)] + [EOS]
        right += p[: len(want)] == want
    return right / len(strings) * 100


# %% [markdown]
# ## Training


# %%
def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=16)
    parser.add_argument("--steps-per-epoch", type=int, default=20)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--plot", nargs="?", const="", default=None, help="write a PNG")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--lr", type=float, default=3e-3)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--d-model", type=int, default=32)
    parser.add_argument("--heads", type=int, default=2)
    parser.add_argument("--layers", type=int, default=1)
    parser.add_argument("--min-len", type=int, default=4)
    parser.add_argument("--max-len", type=int, default=5)
    parser.add_argument("--test-size", type=int, default=200)
    args = parser.parse_args(argv)
    device = args.device
    start = time.perf_counter()

    torch.manual_seed(args.seed)
    test_strings = random_strings(args.test_size, args.min_len, args.max_len)
    held_out = set(test_strings)
    model = Reverser(args.d_model, args.heads, args.layers, args.max_len + 1).to(device)
    loss_fn = nn.CrossEntropyLoss(ignore_index=PAD)  # padding is not a prediction
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    print(f"{sum(p.numel() for p in model.parameters())} parameters; "
          f"{len(test_strings)} held-out strings of {args.min_len}-{args.max_len} digits")

    history = []
    # A progress bar with the latest loss, in a terminal only (not in logs or under pytest).
    # `tqdm.write` prints a line above the bar instead of through it.
    progress = tqdm(range(args.epochs), desc="epochs", disable=not sys.stdout.isatty())
    for epoch in progress:
        model.train()
        total = 0.0
        for _ in range(args.steps_per_epoch):
            batch = [s for s in random_strings(args.batch_size, args.min_len, args.max_len)
                     if s not in held_out]
            src, tgt_in, tgt_out = (t.to(device) for t in encode(batch, args.max_len))
            logits = model(src, tgt_in)
            loss = loss_fn(logits.reshape(-1, VOCAB), tgt_out.reshape(-1))
            optimizer.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            total += loss.item()
        train_loss = total / args.steps_per_epoch
        test_acc = exact_match(model, test_strings, args.max_len, device)
        history.append((epoch, train_loss, test_acc))
        progress.set_postfix(loss=train_loss)
        tqdm.write(f"Epoch {epoch:3d} | train loss {train_loss:.4f} | "
                   f"held-out exact match {test_acc:.1f}%")
    seconds = time.perf_counter() - start

    for s in test_strings[:5]:
        src, _, _ = encode([s], args.max_len)
        pred = model.greedy(src.to(device), args.max_len + 1)[0].tolist()
        text = "".join(str(t - 3) if t >= 3 else "." for t in pred[: pred.index(EOS)]
                       ) if EOS in pred else "".join(str(t - 3) for t in pred if t >= 3) + "..."
        print(f"{''.join(map(str, s)):>6} -> {text}")

    if args.plot is not None:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.ticker import MaxNLocator

        path = args.plot or Path(__file__).with_suffix(".png")
        fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(10, 4))
        ax0.plot([h[0] for h in history], [h[1] for h in history], "o-")
        ax0.set_title("train loss")
        ax0.set_xlabel(f"epoch ({args.steps_per_epoch} steps)")
        ax0.xaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))
        ax0.set_ylabel("cross-entropy loss per token")
        ax1.plot([h[0] for h in history], [h[2] for h in history], "o-")
        ax1.set_title("held-out exact match")
        ax1.set_xlabel(f"epoch ({args.steps_per_epoch} steps)")
        ax1.xaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))
        ax1.set_ylabel("strings reversed exactly (%)")
        ax1.set_ylim(-5, 105)
        fig.tight_layout()
        fig.savefig(path)
        print(f"Plot written to {path}")

    metrics = {
        "first_train_loss": history[0][1],
        "train_loss": train_loss,
        "test_acc": test_acc,
        "chance_acc": 100 / 10**args.min_len,  # guessing every digit: at most 1 in 10^4
        "seconds": seconds,
    }
    print("Final:", ", ".join(f"{k}={v:.5f}" for k, v in metrics.items()))
    return metrics


if __name__ == "__main__":
    main()
