"""Linear regression, the PyTorch workflow end to end: data, model, loss, optimizer, loops, save.

We make points on a straight line y = 0.7 x + 0.3 and let gradient descent rediscover the
weight and bias: first with a hand-written Module holding two Parameters, then with nn.Linear.

    python examples/01_linear_regression.py [--epochs 300] [--plot] [--seed 42]

Swap the two pytensor imports for `import torch` / `from torch import nn` and the printed
numbers stay the same.
"""

# %%
import argparse
import sys
from pathlib import Path

from tqdm import tqdm

import pytensor as torch
from pytensor import nn

# %% [markdown]
# ## Model 0: a Module with two Parameters
#
# `nn.Parameter` is what makes a tensor part of a model: assigning one to `self.weight`
# registers it, so `parameters()`, `state_dict()` and the optimizer all find it.


# %%
class LinearRegressionModel(nn.Module):
    """y = weight * x + bias, with the two numbers as learnable Parameters."""

    def __init__(self):
        super().__init__()
        # nn.Parameter registers a tensor with the Module, so .parameters() and
        # .state_dict() find it, and autograd tracks it (requires_grad=True).
        self.weight = nn.Parameter(torch.randn(1, dtype=torch.float))
        self.bias = nn.Parameter(torch.randn(1, dtype=torch.float))

    def forward(self, x):
        return self.weight * x + self.bias


# %% [markdown]
# ## Model 1: the same with `nn.Linear`
#
# `nn.Linear(1, 1)` creates and initialises the weight (1, 1) and bias (1,) itself.


# %%
class LinearRegressionModelV2(nn.Module):
    """The same model, with nn.Linear creating and initialising the parameters for us."""

    def __init__(self):
        super().__init__()
        self.linear_layer = nn.Linear(in_features=1, out_features=1)

    def forward(self, x):
        return self.linear_layer(x)


# %% [markdown]
# ## The training loop and the testing loop
#
# The five steps every PyTorch loop repeats: forward, loss, `zero_grad()`, `backward()`,
# `step()`. Testing runs under `inference_mode()`, so no graph is recorded.


# %%
def fit(model, X_train, y_train, X_test, y_test, epochs):
    """The training loop and the testing loop, one pass of each per epoch."""
    loss_fn = nn.L1Loss()  # mean absolute error
    optimizer = torch.optim.SGD(params=model.parameters(), lr=0.01)
    history = []
    # A progress bar with the latest loss, in a terminal only (not in logs or under pytest).
    # `tqdm.write` prints a line above the bar instead of through it.
    progress = tqdm(range(epochs), desc=type(model).__name__, disable=not sys.stdout.isatty())
    for epoch in progress:
        model.train()
        y_pred = model(X_train)  # 1. forward pass
        loss = loss_fn(y_pred, y_train)  # 2. how wrong are we?
        optimizer.zero_grad()  # 3. gradients accumulate, so clear last step's
        loss.backward()  # 4. backpropagation: d loss / d parameter for every parameter
        optimizer.step()  # 5. gradient descent: parameter -= lr * grad

        model.eval()
        with torch.inference_mode():  # no graph is recorded while testing
            test_loss = loss_fn(model(X_test), y_test)
        history.append((epoch, loss.item(), test_loss.item()))
        progress.set_postfix(loss=loss.item(), refresh=False)  # drawn at the bar's next update
        if epoch % max(epochs // 5, 1) == 0:
            tqdm.write(f"Epoch: {epoch:4d} | Train loss: {loss.item():.5f} | "
                       f"Test loss: {test_loss.item():.5f}")
    return history


# %% [markdown]
# ## Data, two models, then save and reload
#
# The data lie on a known line, 80% for training and 20% for testing. Both models are
# trained from the same seed; then model 1's `state_dict` is saved with `torch.save`
# (a safetensors file, no pickle), loaded into a fresh model, and the two models'
# predictions are compared. `--plot` draws the predictions against the data and the
# loss curves.


# %%
def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=300)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--plot", nargs="?", const="", default=None, help="write a PNG")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--save-dir", default="models", help="where torch.save writes")
    args = parser.parse_args(argv)
    device = args.device

    # Data: a known straight line, so we can check what the model learns.
    weight, bias = 0.7, 0.3
    X = torch.arange(0, 1, 0.02).unsqueeze(dim=1)  # (50, 1): one feature per sample
    y = weight * X + bias
    train_split = int(0.8 * len(X))  # 80% to learn from, 20% to test on
    X_train, y_train = X[:train_split].to(device), y[:train_split].to(device)
    X_test, y_test = X[train_split:].to(device), y[train_split:].to(device)

    # Model 0: two hand-made Parameters, random to start with.
    torch.manual_seed(args.seed)
    model_0 = LinearRegressionModel().to(device)
    print("Before training:", model_0.state_dict())
    history_0 = fit(model_0, X_train, y_train, X_test, y_test, args.epochs)
    print("After training: ", model_0.state_dict(), f"(true: weight={weight}, bias={bias})")

    # Model 1: the same, with nn.Linear.
    torch.manual_seed(args.seed)
    model_1 = LinearRegressionModelV2().to(device)
    with torch.inference_mode():  # its guesses before training, for the picture
        y_preds_untrained = model_1(X_test)
    history_1 = fit(model_1, X_train, y_train, X_test, y_test, args.epochs)
    print("nn.Linear learned:", model_1.state_dict())

    # Save only the learned numbers (the state_dict), then load them into a fresh model.
    save_dir = Path(args.save_dir)
    save_dir.mkdir(parents=True, exist_ok=True)
    model_path = save_dir / "01_linear_regression.pth"
    torch.save(obj=model_1.state_dict(), f=model_path)
    loaded_model = LinearRegressionModelV2()
    loaded_model.load_state_dict(torch.load(f=model_path))
    loaded_model.to(device)
    model_1.eval()
    loaded_model.eval()
    with torch.inference_mode():
        y_preds = model_1(X_test)
        loaded_preds = loaded_model(X_test)
    reload_equal = bool((y_preds == loaded_preds).all())
    print(f"Saved to {model_path}; reloaded predictions equal: {reload_equal}")

    if args.plot is not None:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        path = args.plot or Path(__file__).with_suffix(".png")
        fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(11, 4.5))
        # Left: what the course's plot_predictions shows, with each thing drawn its own way
        # so that the predictions do not hide the test points they sit on.
        ax0.plot([0, 1], [bias, weight + bias], "k--", lw=1,
                 label=f"true line: y = {weight} X + {bias}")
        ax0.scatter(X_train.cpu().tolist(), y_train.cpu().tolist(), s=14, c="tab:blue",
                    label="training data")
        ax0.scatter(X_test.cpu().tolist(), y_test.cpu().tolist(), s=60, facecolors="none",
                    edgecolors="tab:green", linewidths=1.5, label="test data")
        ax0.scatter(X_test.cpu().tolist(), y_preds_untrained.cpu().tolist(), s=30, c="gray",
                    marker="+", label="predictions before training")
        ax0.scatter(X_test.cpu().tolist(), y_preds.cpu().tolist(), s=30, c="tab:red",
                    marker="x", label="predictions after training")
        ax0.set_xlabel("X")
        ax0.set_ylabel("y")
        ax0.set_title("nn.Linear model: predictions on the test data")
        ax0.legend()
        # Right: the loss curves of both models.
        for name, history, colour in (("model_0", history_0, "tab:blue"),
                                      ("model_1", history_1, "tab:orange")):
            epochs = [h[0] for h in history]
            ax1.plot(epochs, [h[1] for h in history], c=colour, label=f"{name} train")
            ax1.plot(epochs, [h[2] for h in history], "--", c=colour, label=f"{name} test")
        ax1.set_xlabel("epoch")
        ax1.set_ylabel("L1 loss")
        ax1.set_title("loss curves")
        ax1.legend()
        fig.tight_layout()
        fig.savefig(path)
        print(f"Plot written to {path}")

    metrics = {
        "model_0_train_loss": history_0[-1][1],
        "model_0_test_loss": history_0[-1][2],
        "model_0_weight": model_0.weight.item(),
        "model_0_bias": model_0.bias.item(),
        "model_1_first_train_loss": history_1[0][1],
        "model_1_train_loss": history_1[-1][1],
        "model_1_test_loss": history_1[-1][2],
        "model_1_weight": model_1.linear_layer.weight.item(),
        "model_1_bias": model_1.linear_layer.bias.item(),
        "reload_equal": reload_equal,
    }
    print("Final:", ", ".join(f"{k}={v:.5f}" for k, v in metrics.items() if k != "reload_equal"))
    return metrics


# %% [markdown]
# ## Run it
#
# From a terminal: `python examples/01_linear_regression.py --plot out.png`. In a notebook,
# call `main([])` or `main(["--epochs", "5"])` instead of running this cell: a
# plain `main()` would parse the notebook kernel's own command-line arguments.


# %%
if __name__ == "__main__":
    main()
