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
# `set_grad_enabled(False)` skips recording the graph when only evaluating. An epoch takes
# a minute in pure Python, so in a terminal a second progress bar counts its batches and
# shows the latest batch loss.


# %%
def run_epoch(model, dataloader, loss_fn, device, optimizer=None):
    """Train on the data when given an optimizer, otherwise only evaluate it."""
    model.train(optimizer is not None)
    total_loss, correct, seen = 0.0, 0, 0
    batches = tqdm(dataloader, desc="train" if optimizer is not None else "test", leave=False,
                   disable=not sys.stdout.isatty())
    with torch.set_grad_enabled(optimizer is not None):
        for X, y in batches:
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
            batches.set_postfix(loss=loss.item())
    return total_loss / seen, correct / seen * 100


# %% [markdown]
# ## A grid of test digits with the model's guesses
#
# The picture every image course ends with: each digit titled with what the model predicts
# and what it really is, the mistakes in red.


# %%
def show_digit_predictions(axes, images, predicted, true):
    """One 8x8 image per subplot of `axes`, titled "pred P / true T"; wrong ones in red."""
    for ax in axes.flat:
        ax.axis("off")  # also blanks the subplots left over when there are fewer images
    for ax, image, pred, label in zip(axes.flat, images, predicted, true):
        ax.imshow(image.reshape(8, 8), cmap="gray_r")  # dark ink on white paper
        ax.set_title(f"pred {pred} / true {label}", fontsize=9,
                     color="black" if pred == label else "red")


# %% [markdown]
# ## Data, model and the epochs
#
# The images keep their shape (N, 1, 8, 8): one grey channel. `--subset N` trains on
# a few images for a quick check. `--plot` draws the loss and accuracy curves, a grid of
# test digits with the predictions, and the eight learned first-layer filters.


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
    # A progress bar with the latest loss, in a terminal only (not in logs or under pytest).
    # `tqdm.write` prints a line above the bar instead of through it.
    progress = tqdm(range(args.epochs), desc="epochs", disable=not sys.stdout.isatty())
    for epoch in progress:
        train_loss, train_acc = run_epoch(model, train_dataloader, loss_fn, device, optimizer)
        test_loss, test_acc = run_epoch(model, test_dataloader, loss_fn, device)
        history.append((epoch, train_loss, test_loss, train_acc, test_acc))
        progress.set_postfix(loss=train_loss)
        tqdm.write(f"Epoch {epoch} | train loss {train_loss:.4f}, acc {train_acc:.2f}% | "
                   f"test loss {test_loss:.4f}, acc {test_acc:.2f}% | "
                   f"{time.perf_counter() - start:.0f} s so far")
    seconds = time.perf_counter() - start
    print(f"Wall-clock time of the run: {seconds:.1f} s")

    if args.plot is not None:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.ticker import MaxNLocator

        path = args.plot or Path(__file__).with_suffix(".png")
        # The first 24 test digits and the model's predictions for them.
        images = X_test[:24]
        with torch.inference_mode():
            logits = model(torch.from_numpy(images).type(torch.float).to(device))
        predicted = logits.argmax(dim=1).tolist()
        true = y_test[:24].tolist()

        fig = plt.figure(figsize=(15, 8), layout="constrained")
        top, bottom = fig.subfigures(2, 1, height_ratios=[3, 1])
        curves, grid = top.subfigures(1, 2, width_ratios=[1, 1.6])
        ax0, ax1 = curves.subplots(2, 1)
        epochs = [h[0] for h in history]
        ax0.plot(epochs, [h[1] for h in history], "o-", label="train")
        ax0.plot(epochs, [h[2] for h in history], "o-", label="test")
        ax0.set_ylabel("cross-entropy loss")
        ax0.set_title("loss")
        ax0.legend()
        ax1.plot(epochs, [h[3] for h in history], "o-", label="train")
        ax1.plot(epochs, [h[4] for h in history], "o-", label="test")
        ax1.set_ylabel("accuracy (%)")
        ax1.set_title("accuracy")
        ax1.legend()
        for ax in (ax0, ax1):
            ax.set_xlabel("epoch")
            ax.set_xlim(-0.5, len(history) - 0.5)
            ax.xaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))  # whole epochs
        show_digit_predictions(grid.subplots(4, 6), images, predicted, true)
        wrong = sum(p != t for p, t in zip(predicted, true))
        grid.suptitle(f"{len(true)} test digits: {wrong} wrong (in red); "
                      f"{test_acc:.1f}% of all {len(test_data)} correct")
        # What did the first convolution learn? Its eight 3x3 filters, as images.
        filters = model.conv_block[0].weight.detach().cpu()
        for ax, f in zip(bottom.subplots(1, filters.shape[0]), filters):
            ax.imshow(f[0].tolist(), cmap="gray")
            ax.axis("off")
        bottom.suptitle("the eight learned 3x3 filters of the first convolution")
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
