"""Multi-class classification: which of four clusters does a point belong to?

The model outputs one logit per class; softmax turns them into probabilities and argmax picks
the most likely class. CrossEntropyLoss takes the raw logits and integer class labels.

    python examples/03_blobs_multiclass.py [--epochs 100] [--plot] [--seed 42]
"""

# %%
import argparse
import sys
from pathlib import Path

import numpy as np
from sklearn.datasets import make_blobs
from sklearn.model_selection import train_test_split
from tqdm import tqdm

import pytensor as torch
from pytensor import nn

# %% [markdown]
# ## Four clusters of points in the plane


# %%
NUM_CLASSES = 4
NUM_FEATURES = 2


# %% [markdown]
# ## The model: one logit per class
#
# `nn.Sequential` runs its layers in order; the last Linear has one output per class.


# %%
class BlobModel(nn.Module):
    def __init__(self, input_features, output_features, hidden_units=8):
        super().__init__()
        self.linear_layer_stack = nn.Sequential(
            nn.Linear(in_features=input_features, out_features=hidden_units),
            nn.ReLU(),
            nn.Linear(in_features=hidden_units, out_features=hidden_units),
            nn.ReLU(),
            nn.Linear(in_features=hidden_units, out_features=output_features),
        )

    def forward(self, x):
        return self.linear_layer_stack(x)


# %% [markdown]
# ## Accuracy


# %%
def accuracy_fn(y_true, y_pred):
    correct = torch.eq(y_true, y_pred).sum().item()
    return correct / len(y_pred) * 100


# %% [markdown]
# ## The decision regions
#
# Ask the model for the class of every point of a fine grid over the plane and colour the
# grid by its answer: four regions, with the decision boundaries where the colours meet.
# This is the `plot_decision_boundary` helper of the PyTorch courses, for four classes.


# %%
def plot_decision_boundary(ax, model, X, y, device):
    """Fill `ax` with the model's predicted class over a grid, and draw the points X on top
    coloured by their true labels y."""
    X, y = X.cpu().numpy(), y.cpu().numpy()
    x_min, x_max = X[:, 0].min() - 1, X[:, 0].max() + 1
    y_min, y_max = X[:, 1].min() - 1, X[:, 1].max() + 1
    xx, yy = np.meshgrid(np.linspace(x_min, x_max, 101), np.linspace(y_min, y_max, 101))
    grid = torch.from_numpy(np.column_stack((xx.ravel(), yy.ravel()))).type(torch.float)
    model.eval()
    with torch.inference_mode():
        grid_pred = torch.softmax(model(grid.to(device)), dim=1).argmax(dim=1).cpu()
    # One colour band per class: levels halfway between the class numbers 0, 1, 2, 3.
    levels = np.arange(NUM_CLASSES + 1) - 0.5
    ax.contourf(xx, yy, grid_pred.numpy().reshape(xx.shape), levels=levels, cmap="RdYlBu",
                alpha=0.7)
    ax.scatter(X[:, 0], X[:, 1], c=y, s=25, cmap="RdYlBu", vmin=0, vmax=NUM_CLASSES - 1,
               edgecolors="k", linewidths=0.5)
    ax.set_xlabel("X[:, 0]")
    ax.set_ylabel("X[:, 1]")


# %% [markdown]
# ## Data, training and predictions
#
# `CrossEntropyLoss` takes raw logits (N, 4) and integer labels (N,) of dtype int64.
# `softmax` turns logits into probabilities and `argmax` picks the class. `--plot`
# draws the decision regions with the test points on top, and the loss curves.


# %%
def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=100)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--plot", nargs="?", const="", default=None, help="write a PNG")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--lr", type=float, default=0.1)
    args = parser.parse_args(argv)
    device = args.device

    X_blob, y_blob = make_blobs(n_samples=1000, n_features=NUM_FEATURES, centers=NUM_CLASSES,
                                cluster_std=1.5, random_state=42)
    X_train, X_test, y_train, y_test = train_test_split(X_blob, y_blob, test_size=0.2,
                                                        random_state=42)
    X_train, X_test = (torch.from_numpy(a).type(torch.float) for a in (X_train, X_test))
    # CrossEntropyLoss wants class indices as integers (int64, "long").
    y_train, y_test = (torch.from_numpy(a).type(torch.long) for a in (y_train, y_test))
    X_train, y_train = X_train.to(device), y_train.to(device)
    X_test, y_test = X_test.to(device), y_test.to(device)

    torch.manual_seed(args.seed)
    model = BlobModel(NUM_FEATURES, NUM_CLASSES).to(device)
    loss_fn = nn.CrossEntropyLoss()  # log_softmax + negative log likelihood in one
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr)

    history = []
    # A progress bar with the latest loss, in a terminal only (not in logs or under pytest).
    # `tqdm.write` prints a line above the bar instead of through it.
    progress = tqdm(range(args.epochs), desc="epochs", disable=not sys.stdout.isatty())
    for epoch in progress:
        model.train()
        y_logits = model(X_train)  # (N, 4): one raw score per class
        # logits -> probabilities (softmax over the class dim) -> labels (argmax)
        y_pred = torch.softmax(y_logits, dim=1).argmax(dim=1)
        loss = loss_fn(y_logits, y_train)
        acc = accuracy_fn(y_train, y_pred)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

        model.eval()
        with torch.inference_mode():
            test_logits = model(X_test)
            test_pred = torch.softmax(test_logits, dim=1).argmax(dim=1)
            test_loss = loss_fn(test_logits, y_test)
            test_acc = accuracy_fn(y_test, test_pred)
        history.append((epoch, loss.item(), test_loss.item()))
        progress.set_postfix(loss=loss.item(), refresh=False)  # drawn at the bar's next update
        if epoch % max(args.epochs // 10, 1) == 0:
            tqdm.write(f"Epoch: {epoch:4d} | Loss: {loss.item():.5f}, Acc: {acc:.2f}% | "
                       f"Test loss: {test_loss.item():.5f}, Test acc: {test_acc:.2f}%")

    with torch.inference_mode():
        probs = torch.softmax(model(X_test[:5]), dim=1)
    print("Prediction probabilities for 5 test points:\n", probs)
    print("Predicted:", probs.argmax(dim=1).tolist(), "true:", y_test[:5].tolist())

    if args.plot is not None:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        path = args.plot or Path(__file__).with_suffix(".png")
        fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(11, 4.5))
        plot_decision_boundary(ax0, model, X_test, y_test, device)
        ax0.set_title(f"decision regions and test points ({test_acc:.1f}% correct)")
        ax1.plot([h[0] for h in history], [h[1] for h in history], label="train")
        ax1.plot([h[0] for h in history], [h[2] for h in history], label="test")
        ax1.set_xlabel("epoch")
        ax1.set_ylabel("cross-entropy loss")
        ax1.set_title("loss curves")
        ax1.legend()
        fig.tight_layout()
        fig.savefig(path)
        print(f"Plot written to {path}")

    metrics = {
        "first_train_loss": history[0][1],
        "train_loss": loss.item(),
        "test_loss": test_loss.item(),
        "train_acc": acc,
        "test_acc": test_acc,
    }
    print("Final:", ", ".join(f"{k}={v:.5f}" for k, v in metrics.items()))
    return metrics


# %% [markdown]
# ## Run it
#
# From a terminal: `python examples/03_blobs_multiclass.py --plot out.png`. In a notebook,
# call `main([])` or `main(["--epochs", "5"])` instead of running this cell: a
# plain `main()` would parse the notebook kernel's own command-line arguments.


# %%
if __name__ == "__main__":
    main()
