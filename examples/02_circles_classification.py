"""Binary classification: is a point on the inner circle or the outer one?

A straight line cannot separate two concentric circles, so the model needs non-linearity:
ReLU layers between the Linear layers let it bend its decision boundary.

    python examples/02_circles_classification.py [--epochs 1000] [--plot] [--seed 42]
"""

# %%
import argparse
import sys
from pathlib import Path

import numpy as np
from sklearn.datasets import make_circles
from sklearn.model_selection import train_test_split
from tqdm import tqdm

import pytensor as torch
from pytensor import nn

# %% [markdown]
# ## The model: three Linear layers with ReLU between them
#
# Without the ReLUs the three layers would compose into one linear map, and a line
# cannot separate two rings.


# %%
class CircleModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer_1 = nn.Linear(in_features=2, out_features=10)
        self.layer_2 = nn.Linear(in_features=10, out_features=10)
        self.layer_3 = nn.Linear(in_features=10, out_features=1)
        self.relu = nn.ReLU()  # without it, three Linear layers collapse into one

    def forward(self, x):
        # The output is a logit: any real number, > 0 meaning "more likely class 1".
        return self.layer_3(self.relu(self.layer_2(self.relu(self.layer_1(x)))))


# %% [markdown]
# ## Accuracy
#
# The loss is what gradient descent lowers; accuracy is what we report.


# %%
def accuracy_fn(y_true, y_pred):
    """Percentage of predictions equal to the labels."""
    correct = torch.eq(y_true, y_pred).sum().item()
    return correct / len(y_pred) * 100


# %% [markdown]
# ## The decision boundary
#
# Ask the model about every point of a fine grid over the plane and colour the grid by its
# answer: the edge between the two colours is where the model changes its mind. This is the
# `plot_decision_boundary` helper of the PyTorch courses.


# %%
def plot_decision_boundary(ax, model, X, y, device):
    """Fill `ax` with the model's predicted class over a grid, and draw the points X on top
    coloured by their true labels y."""
    X, y = X.cpu().numpy(), y.cpu().numpy()
    x_min, x_max = X[:, 0].min() - 0.1, X[:, 0].max() + 0.1
    y_min, y_max = X[:, 1].min() - 0.1, X[:, 1].max() + 0.1
    xx, yy = np.meshgrid(np.linspace(x_min, x_max, 101), np.linspace(y_min, y_max, 101))
    grid = torch.from_numpy(np.column_stack((xx.ravel(), yy.ravel()))).type(torch.float)
    model.eval()
    with torch.inference_mode():
        grid_pred = torch.round(torch.sigmoid(model(grid.to(device)).squeeze())).cpu()
    # Two colour bands, split halfway between the classes 0 and 1.
    ax.contourf(xx, yy, grid_pred.numpy().reshape(xx.shape), levels=[-0.5, 0.5, 1.5],
                cmap="RdYlBu", alpha=0.7)
    ax.scatter(X[:, 0], X[:, 1], c=y, s=25, cmap="RdYlBu", edgecolors="k", linewidths=0.5)
    ax.set_xlabel("X[:, 0]")
    ax.set_ylabel("X[:, 1]")


# %% [markdown]
# ## Data, training and the pictures
#
# `make_circles` gives 1000 points on two noisy rings. The model outputs logits;
# `BCEWithLogitsLoss` takes them directly (sigmoid and log fused, for numerical
# stability), and `round(sigmoid(logit))` turns them into 0/1 predictions. `--plot`
# draws the decision boundary with the test points, and the train and test loss curves.


# %%
def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=1000)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--plot", nargs="?", const="", default=None, help="write a PNG")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--lr", type=float, default=0.1)
    args = parser.parse_args(argv)
    device = args.device

    # 1000 points on two circles; noise blurs the rings a little.
    X, y = make_circles(1000, noise=0.03, random_state=42)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)
    # NumPy arrays -> tensors. NumPy gives float64; models use float32.
    X_train, X_test = (torch.from_numpy(a).type(torch.float) for a in (X_train, X_test))
    y_train, y_test = (torch.from_numpy(a).type(torch.float) for a in (y_train, y_test))
    X_train, y_train = X_train.to(device), y_train.to(device)
    X_test, y_test = X_test.to(device), y_test.to(device)

    torch.manual_seed(args.seed)
    model = CircleModel().to(device)
    # BCEWithLogitsLoss = sigmoid + binary cross entropy, fused for numerical stability.
    loss_fn = nn.BCEWithLogitsLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr)

    history = []
    # A progress bar with the latest loss, in a terminal only (not in logs or under pytest).
    # `tqdm.write` prints a line above the bar instead of through it.
    progress = tqdm(range(args.epochs), desc="epochs", disable=not sys.stdout.isatty())
    for epoch in progress:
        model.train()
        y_logits = model(X_train).squeeze()  # (N, 1) -> (N,) to match the labels
        # logits -> probabilities (sigmoid) -> labels (round at 0.5)
        y_pred = torch.round(torch.sigmoid(y_logits))
        loss = loss_fn(y_logits, y_train)  # the loss takes logits, not probabilities
        acc = accuracy_fn(y_train, y_pred)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

        model.eval()
        with torch.inference_mode():
            test_logits = model(X_test).squeeze()
            test_pred = torch.round(torch.sigmoid(test_logits))
            test_loss = loss_fn(test_logits, y_test)
            test_acc = accuracy_fn(y_test, test_pred)
        history.append((epoch, loss.item(), test_loss.item()))
        progress.set_postfix(loss=loss.item(), refresh=False)  # drawn at the bar's next update
        if epoch % max(args.epochs // 10, 1) == 0:
            tqdm.write(f"Epoch: {epoch:4d} | Loss: {loss.item():.5f}, Accuracy: {acc:.2f}% | "
                       f"Test loss: {test_loss.item():.5f}, Test acc: {test_acc:.2f}%")

    if args.plot is not None:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        path = args.plot or Path(__file__).with_suffix(".png")
        fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(11, 4.5))
        plot_decision_boundary(ax0, model, X_test, y_test, device)
        ax0.set_title(f"decision boundary and test points ({test_acc:.1f}% correct)")
        ax1.plot([h[0] for h in history], [h[1] for h in history], label="train")
        ax1.plot([h[0] for h in history], [h[2] for h in history], label="test")
        ax1.set_xlabel("epoch")
        ax1.set_ylabel("BCE with logits loss")
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
# From a terminal: `python examples/02_circles_classification.py --plot out.png`. In a notebook,
# call `main([])` or `main(["--epochs", "5"])` instead of running this cell: a
# plain `main()` would parse the notebook kernel's own command-line arguments.


# %%
if __name__ == "__main__":
    main()
