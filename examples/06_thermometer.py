"""Calibrating a thermometer: gradient descent by hand, then autograd, then optimizers.

From "Deep Learning with PyTorch" (Stevens, Antiga, Viehmann), chapter 5. We have readings t_u
in unknown units and the matching temperatures t_c in Celsius, and fit t_c = w * t_u + b.

    python examples/06_thermometer.py [--epochs 5000] [--plot] [--seed 42]
"""

# %%
import argparse
import sys
from pathlib import Path

from tqdm import tqdm

import pytensor as torch
from pytensor import optim

# %% [markdown]
# ## The measurements
#
# `t_c` are temperatures in Celsius, `t_u` the readings of a thermometer in unknown
# units.


# %%
t_c = [0.5, 14.0, 15.0, 28.0, 11.0, 8.0, 3.0, -4.0, 6.0, 13.0, 21.0]
t_u = [35.7, 55.9, 58.2, 81.9, 56.3, 48.9, 33.9, 21.8, 48.4, 60.4, 68.4]


# %% [markdown]
# ## A linear model, its loss, and the gradient by hand
#
# For `loss = mean((w t_u + b - t_c)^2)` the chain rule gives
# d loss / d w = mean(2 (t_p - t_c) t_u) and d loss / d b = mean(2 (t_p - t_c)).


# %%
def model(t_u, w, b):
    return w * t_u + b


def loss_fn(t_p, t_c):
    squared_diffs = (t_p - t_c) ** 2
    return squared_diffs.mean()


# The gradient by hand, with the chain rule: d loss/d w = d loss/d t_p * d t_p/d w.
def dloss_fn(t_p, t_c):
    return 2 * (t_p - t_c) / t_p.size(0)  # derivative of the mean of squares


def grad_fn(t_u, t_c, t_p, w, b):
    dloss_dtp = dloss_fn(t_p, t_c)
    dloss_dw = dloss_dtp * t_u  # d t_p / d w = t_u
    dloss_db = dloss_dtp * 1.0  # d t_p / d b = 1
    return torch.stack([dloss_dw.sum(), dloss_db.sum()])


# %% [markdown]
# ## Three training loops
#
# The same descent three ways: with the gradient by hand, with autograd filling
# `params.grad`, and with an optimizer doing the update.


# %%
def bar(n_epochs, desc):
    """The epochs 1..n_epochs with a progress bar, in a terminal only (not in logs or under
    pytest). Each loop puts its latest loss in the bar with `set_postfix`; with
    refresh=False it is drawn at tqdm's own pace, not on every one of thousands of steps."""
    return tqdm(range(1, n_epochs + 1), desc=desc, disable=not sys.stdout.isatty())


def manual_training_loop(n_epochs, learning_rate, params, t_u, t_c):
    progress = bar(n_epochs, "by hand")
    for _ in progress:
        w, b = params
        t_p = model(t_u, w, b)
        loss = loss_fn(t_p, t_c)
        grad = grad_fn(t_u, t_c, t_p, w, b)
        params = params - learning_rate * grad
        progress.set_postfix(loss=loss.item(), refresh=False)
    return params, loss


def autograd_training_loop(n_epochs, learning_rate, params, t_u, t_c):
    progress = bar(n_epochs, "autograd")
    for _ in progress:
        if params.grad is not None:
            params.grad.zero_()  # backward() adds to .grad, so clear it first
        t_p = model(t_u, *params)
        loss = loss_fn(t_p, t_c)
        loss.backward()
        with torch.no_grad():  # the update itself must not become part of the graph
            params -= learning_rate * params.grad
        progress.set_postfix(loss=loss.item(), refresh=False)
    return params, loss


def optimizer_training_loop(n_epochs, optimizer, params, train_t_u, val_t_u, train_t_c, val_t_c,
                            desc):
    history = []
    progress = bar(n_epochs, desc)
    for epoch in progress:
        train_loss = loss_fn(model(train_t_u, *params), train_t_c)
        with torch.no_grad():  # validation only measures: no graph needed
            val_loss = loss_fn(model(val_t_u, *params), val_t_c)
        optimizer.zero_grad()
        train_loss.backward()
        optimizer.step()
        history.append((epoch, train_loss.item(), val_loss.item()))
        progress.set_postfix(loss=history[-1][1], refresh=False)
    return params, history


# %% [markdown]
# ## Run the three loops and compare
#
# The input is scaled by 0.1 so that w and b get gradients of similar size. Then a
# train/validation split, SGD on the scaled input and Adam on the raw one. `--plot`
# draws the measurements and the fitted line.


# %%
def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=5000)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--plot", nargs="?", const="", default=None, help="write a PNG")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    device, n_epochs = args.device, args.epochs

    tc = torch.tensor(t_c).to(device)
    tu = torch.tensor(t_u).to(device)
    # Inputs near 50 give a gradient for w ~50x the one for b: one learning rate cannot suit
    # both. Scaling the input brings them to the same order of magnitude.
    tun = 0.1 * tu

    # 1. Plain gradient descent with the gradient we derived by hand.
    params, loss = manual_training_loop(n_epochs, 1e-2, torch.tensor([1.0, 0.0]).to(device),
                                        tun, tc)
    manual_w, manual_b = params.tolist()
    print(f"by hand:   w={manual_w:.4f} b={manual_b:.4f} loss={loss.item():.4f}")

    # 2. The same, with autograd computing the gradient into params.grad.
    params = torch.tensor([1.0, 0.0], device=device, requires_grad=True)
    params, loss = autograd_training_loop(n_epochs, 1e-2, params, tun, tc)
    params_autograd = params.tolist()
    print(f"autograd:  w={params_autograd[0]:.4f} b={params_autograd[1]:.4f} "
          f"loss={loss.item():.4f}")

    # 3. A train/validation split: shuffle indices, hold out 20% to detect overfitting.
    torch.manual_seed(args.seed)
    n_samples = tu.shape[0]
    n_val = int(0.2 * n_samples)
    shuffled_indices = torch.randperm(n_samples)
    train_indices, val_indices = shuffled_indices[:-n_val], shuffled_indices[-n_val:]
    print("train indices:", train_indices.tolist(), "val indices:", val_indices.tolist())
    train_t_un, val_t_un = tun[train_indices], tun[val_indices]
    train_t_c, val_t_c = tc[train_indices], tc[val_indices]

    # 4. The optimizer does the update: SGD on the scaled input...
    params = torch.tensor([1.0, 0.0], device=device, requires_grad=True)
    optimizer = optim.SGD([params], lr=1e-2)
    sgd_params, sgd_history = optimizer_training_loop(
        n_epochs, optimizer, params, train_t_un, val_t_un, train_t_c, val_t_c, "SGD")
    # ... and Adam, whose per-parameter step size copes even with the unscaled input.
    params = torch.tensor([1.0, 0.0], device=device, requires_grad=True)
    optimizer = optim.Adam([params], lr=1e-1)
    train_t_u, val_t_u = tu[train_indices], tu[val_indices]
    adam_params, adam_history = optimizer_training_loop(
        n_epochs, optimizer, params, train_t_u, val_t_u, train_t_c, val_t_c, "Adam")
    for name, p, h in (("SGD", sgd_params, sgd_history), ("Adam", adam_params, adam_history)):
        print(f"{name + ':':10} w={p[0].item():.4f} b={p[1].item():.4f} "
              f"train loss={h[-1][1]:.4f} val loss={h[-1][2]:.4f}")

    if args.plot is not None:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        path = args.plot or Path(__file__).with_suffix(".png")
        fig, ax = plt.subplots()
        with torch.no_grad():
            t_p = model(tun, *sgd_params)
        ax.plot(t_u, t_c, "o", label="measured")
        ax.plot(t_u, t_p.cpu().tolist(), label="model (SGD)")
        ax.set_xlabel("Fahrenheit-ish (t_u)")
        ax.set_ylabel("Celsius (t_c)")
        ax.legend()
        fig.savefig(path)
        print(f"Plot written to {path}")

    metrics = {
        "manual_w": manual_w,
        "manual_b": manual_b,
        "autograd_w": params_autograd[0],
        "autograd_b": params_autograd[1],
        "sgd_w": sgd_params[0].item(),
        "sgd_b": sgd_params[1].item(),
        "sgd_first_train_loss": sgd_history[0][1],
        "sgd_train_loss": sgd_history[-1][1],
        "sgd_val_loss": sgd_history[-1][2],
        "adam_w": adam_params[0].item(),
        "adam_b": adam_params[1].item(),
        "adam_train_loss": adam_history[-1][1],
        "adam_val_loss": adam_history[-1][2],
    }
    print("Final:", ", ".join(f"{k}={v:.5f}" for k, v in metrics.items()))
    return metrics


# %% [markdown]
# ## Run it
#
# From a terminal: `python examples/06_thermometer.py --plot out.png`. In a notebook,
# call `main([])` or `main(["--epochs", "5"])` instead of running this cell: a
# plain `main()` would parse the notebook kernel's own command-line arguments.


# %%
if __name__ == "__main__":
    main()
