"""Handwritten digits with a small convolutional network in the style of VGG.

Instead of flattening the 8x8 image at once, 3x3 convolutions look at small neighbourhoods
and share their weights across the whole image; max pooling then halves the resolution.
This is TinyVGG from the PyTorch courses, shrunk to 8x8 inputs.

    python examples/05_digits_cnn.py [--epochs 2] [--plot] [--seed 42] [--subset N]

In pure Python a convolution is slow: the full run takes minutes, not seconds.
"""

# %%
import argparse
import sys
import time
from pathlib import Path

from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from tqdm import tqdm

import pytensor as torch
from pytensor import nn
from pytensor.utils.data import DataLoader, TensorDataset

# %% [markdown]
# ## TinyVGG: two 3x3 convolutions, max pooling, then a Linear classifier
#
# Shapes: (N, 1, 8, 8) -> conv -> (N, 8, 8, 8) -> conv -> (N, 8, 8, 8) -> pool ->
# (N, 8, 4, 4) -> flatten -> (N, 128) -> Linear -> (N, 10).


# %%
class TinyVGG(nn.Module):
    def __init__(self, in_channels=1, hidden_units=8, num_classes=10):
        super().__init__()
        self.conv_block = nn.Sequential(
            # padding=1 keeps 8x8: each output pixel sees a 3x3 patch of the input
            nn.Conv2d(in_channels, hidden_units, kernel_size=3, padding=1),
            nn.ReLU(),
            nn.Conv2d(hidden_units, hidden_units, kernel_size=3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(kernel_size=2),  # 8x8 -> 4x4: keep the strongest response per 2x2
        )
        self.classifier = nn.Sequential(
            nn.Flatten(),  # (N, 8, 4, 4) -> (N, 128)
            nn.Linear(hidden_units * 4 * 4, num_classes),
        )

    def forward(self, x):
        return self.classifier(self.conv_block(x))


# %% [markdown]
# ## One epoch: training when given an optimizer, evaluation otherwise
#
# `set_grad_enabled(False)` skips recording the graph when only evaluating.


# %%
def run_epoch(model, dataloader, loss_fn, device, optimizer=None):
    """Train on the data when given an optimizer, otherwise only evaluate it."""
    model.train(optimizer is not None)
    total_loss, correct, seen = 0.0, 0, 0
    with torch.set_grad_enabled(optimizer is not None):
        for X, y in dataloader:
            X, y = X.to(device), y.to(device)
            y_logits = model(X)
            loss = loss_fn(y_logits, y)
            if optimizer is not None:
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
            total_loss += loss.item() * len(y)
            correct += (y_logits.argmax(dim=1) == y).sum().item()
            seen += len(y)
    return total_loss / seen, correct / seen * 100


# %% [markdown]
# ## Data, model and the epochs
#
# The images keep their shape (N, 1, 8, 8): one grey channel. `--subset N` trains on
# a few images for a quick check. `--plot` shows the eight learned first-layer filters.


# %%
def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--plot", nargs="?", const="", default=None, help="write a PNG")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("--subset", type=int, default=None,
                        help="use only this many train and test images (a quick check)")
    args = parser.parse_args(argv)
    device = args.device
    start = time.perf_counter()

    digits = load_digits()
    # Convolutions want images as (N, channels, height, width): one grey channel here.
    X = (digits.data / 16.0).reshape(-1, 1, 8, 8)
    X_train, X_test, y_train, y_test = train_test_split(X, digits.target, test_size=0.2,
                                                        random_state=42)
    if args.subset:
        X_train, y_train = X_train[:args.subset], y_train[:args.subset]
        X_test, y_test = X_test[:args.subset], y_test[:args.subset]
    train_data = TensorDataset(torch.from_numpy(X_train).type(torch.float),
                               torch.from_numpy(y_train).type(torch.long))
    test_data = TensorDataset(torch.from_numpy(X_test).type(torch.float),
                              torch.from_numpy(y_test).type(torch.long))

    torch.manual_seed(args.seed)
    train_dataloader = DataLoader(train_data, batch_size=32, shuffle=True)
    test_dataloader = DataLoader(test_data, batch_size=32, shuffle=False)

    model = TinyVGG().to(device)
    print(model)
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)

    history = []
    for epoch in tqdm(range(args.epochs), desc="epochs", disable=not sys.stdout.isatty()):
        train_loss, train_acc = run_epoch(model, train_dataloader, loss_fn, device, optimizer)
        test_loss, test_acc = run_epoch(model, test_dataloader, loss_fn, device)
        history.append((epoch, train_loss, test_loss, train_acc, test_acc))
        print(f"Epoch {epoch} | train loss {train_loss:.4f}, acc {train_acc:.2f}% | "
              f"test loss {test_loss:.4f}, acc {test_acc:.2f}% | "
              f"{time.perf_counter() - start:.0f} s so far")
    seconds = time.perf_counter() - start
    print(f"Wall-clock time of the run: {seconds:.1f} s")

    if args.plot is not None:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        path = args.plot or Path(__file__).with_suffix(".png")
        # What did the first convolution learn? Its eight 3x3 filters, as images.
        filters = model.conv_block[0].weight.detach().cpu()
        fig, axes = plt.subplots(1, filters.shape[0], figsize=(2 * filters.shape[0], 2))
        for ax, f in zip(axes, filters):
            ax.imshow(f[0].tolist(), cmap="gray")
            ax.axis("off")
        fig.suptitle(f"first-layer filters (test accuracy {test_acc:.1f}%)")
        fig.savefig(path)
        print(f"Plot written to {path}")

    metrics = {
        "first_train_loss": history[0][1],
        "train_loss": train_loss,
        "test_loss": test_loss,
        "train_acc": train_acc,
        "test_acc": test_acc,
        "seconds": seconds,
    }
    print("Final:", ", ".join(f"{k}={v:.5f}" for k, v in metrics.items()))
    return metrics


# %% [markdown]
# ## Run it
#
# From a terminal: `python examples/05_digits_cnn.py --plot out.png`. In a notebook,
# call `main([])` or `main(["--epochs", "5"])` instead of running this cell: a
# plain `main()` would parse the notebook kernel's own command-line arguments.


# %%
if __name__ == "__main__":
    main()
