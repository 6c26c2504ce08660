"""Handwritten digits with a multi-layer perceptron, fed in mini-batches by a DataLoader.

scikit-learn's digits are 1797 images of 8x8 pixels (values 0..16). We flatten each image to
64 numbers, and train on batches of 32 shuffled images per step.

    python examples/04_digits_mlp.py [--epochs 10] [--plot] [--seed 42]
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
# ## One epoch of training, in mini-batches
#
# The `DataLoader` yields batches of 32 (images, labels). The loss is a batch mean, so
# it is weighted by the batch size to get the epoch's mean over all images.


# %%
def train_step(model, dataloader, loss_fn, optimizer, device):
    """One pass over the training data. Returns the mean loss and the accuracy (%)."""
    model.train()
    total_loss, correct, seen = 0.0, 0, 0
    for X, y in dataloader:
        X, y = X.to(device), y.to(device)
        y_logits = model(X)
        loss = loss_fn(y_logits, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total_loss += loss.item() * len(y)  # the loss is a batch mean: weight it by batch size
        correct += (y_logits.argmax(dim=1) == y).sum().item()
        seen += len(y)
    return total_loss / seen, correct / seen * 100


# %% [markdown]
# ## One pass over the test data, without a graph


# %%
def test_step(model, dataloader, loss_fn, device):
    model.eval()
    total_loss, correct, seen = 0.0, 0, 0
    with torch.inference_mode():
        for X, y in dataloader:
            X, y = X.to(device), y.to(device)
            y_logits = model(X)
            total_loss += loss_fn(y_logits, y).item() * len(y)
            correct += (y_logits.argmax(dim=1) == y).sum().item()
            seen += len(y)
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
# 8x8 images flattened to 64 numbers and scaled to [0, 1], wrapped in `TensorDataset`s.
# The model is `Linear(64, 64) -> ReLU -> Linear(64, 10)`, trained with Adam. `--plot`
# draws the loss and accuracy curves beside a grid of test digits with the predictions.


# %%
def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--plot", nargs="?", const="", default=None, help="write a PNG")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--lr", type=float, default=1e-3)
    args = parser.parse_args(argv)
    device = args.device
    start = time.perf_counter()

    digits = load_digits()
    X = digits.data / 16.0  # scale pixels to [0, 1]: inputs of similar size train better
    X_train, X_test, y_train, y_test = train_test_split(X, digits.target, test_size=0.2,
                                                        random_state=42)
    train_data = TensorDataset(torch.from_numpy(X_train).type(torch.float),
                               torch.from_numpy(y_train).type(torch.long))
    test_data = TensorDataset(torch.from_numpy(X_test).type(torch.float),
                              torch.from_numpy(y_test).type(torch.long))

    torch.manual_seed(args.seed)  # fixes both the weights and the shuffling order
    # shuffle=True: a new order every epoch, so batches do not repeat a fixed pattern.
    train_dataloader = DataLoader(train_data, batch_size=32, shuffle=True)
    test_dataloader = DataLoader(test_data, batch_size=32, shuffle=False)
    print(f"{len(train_data)} training images in {len(train_dataloader)} batches of 32; "
          f"{len(test_data)} test images")

    model = nn.Sequential(
        nn.Linear(64, 64),
        nn.ReLU(),
        nn.Linear(64, 10),  # one logit per digit
    ).to(device)
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)

    history = []
    # A progress bar with the latest loss, in a terminal only (not in logs or under pytest).
    # `tqdm.write` prints a line above the bar instead of through it.
    progress = tqdm(range(args.epochs), desc="epochs", disable=not sys.stdout.isatty())
    for epoch in progress:
        train_loss, train_acc = train_step(model, train_dataloader, loss_fn, optimizer, device)
        test_loss, test_acc = test_step(model, test_dataloader, loss_fn, device)
        history.append((epoch, train_loss, test_loss, train_acc, test_acc))
        progress.set_postfix(loss=train_loss)
        tqdm.write(f"Epoch {epoch:2d} | train loss {train_loss:.4f}, acc {train_acc:.2f}% | "
                   f"test loss {test_loss:.4f}, acc {test_acc:.2f}%")
    seconds = time.perf_counter() - start

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

        fig = plt.figure(figsize=(15, 6), layout="constrained")
        curves, grid = fig.subfigures(1, 2, width_ratios=[1, 1.6])
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
# From a terminal: `python examples/04_digits_mlp.py --plot out.png`. In a notebook,
# call `main([])` or `main(["--epochs", "5"])` instead of running this cell: a
# plain `main()` would parse the notebook kernel's own command-line arguments.


# %%
if __name__ == "__main__":
    main()
