"""Tensors and autograd in five minutes: fit y = 0.7 x + 0.3 by gradient descent.

    python examples/quickstart.py [--epochs 300] [--plot out.png] [--seed 42] [--device cpu]

Swap the import for `import torch` and the printed numbers stay the same.
"""

# %%
import argparse
import sys
from pathlib import Path

from tqdm import tqdm

import pytensor as torch

# %% [markdown]
# ## Options
#
# The same options as every other example. `parse_known_args` skips arguments it does not
# know, such as the ones a notebook kernel is started with, so this cell runs in Jupyter too.

# %%
parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], allow_abbrev=False)
parser.add_argument("--epochs", type=int, default=300, help="gradient steps after the first")
parser.add_argument("--device", default="cpu")
parser.add_argument("--plot", nargs="?", const="", default=None, help="write a PNG")
parser.add_argument("--seed", type=int, default=42)
args, _ = parser.parse_known_args()
device = args.device
# Nothing below draws random numbers; seeding anyway is the habit every example keeps.
torch.manual_seed(args.seed)

# %% [markdown]
# ## Data on a straight line
#
# Fifty inputs from 0 to 1 and their targets `y = 0.7 x + 0.3`. `unsqueeze(1)` turns
# `x` into a column of shape (50, 1): one row per sample, one column per feature.
# `.to(device)` moves them to where the computation runs (`cpu` or `opencl`).

# %%
# Data on a straight line: 50 points from 0 to 1.
x = torch.arange(0, 1, 0.02).unsqueeze(1).to(device)
y = 0.7 * x + 0.3
print("x:", x.shape, "y:", y.shape)
print("first targets:", y[:3].squeeze())

# %% [markdown]
# ## Two parameters
#
# A weight and a bias, both zero to start with. `requires_grad=True` asks autograd to
# record every operation on them, so that `loss.backward()` can fill their `.grad`.

# %%
# Parameters are leaves that require grad.
weight = torch.tensor([[0.0]], device=device, requires_grad=True)
bias = torch.tensor([0.0], device=device, requires_grad=True)

# %% [markdown]
# ## Gradient descent by hand
#
# Each step: predict, measure the mean squared error, let `backward()` compute
# d loss / d weight and d loss / d bias, then move each parameter a little against
# its gradient. The update runs under `no_grad()` so it is not itself recorded, and
# the gradients are zeroed because `backward()` adds to `.grad`. In a terminal, tqdm
# draws a progress bar with the current loss, and `tqdm.write` prints above it.

# %%
learning_rate = 0.1
losses = []
progress = tqdm(range(args.epochs + 1), desc="steps", disable=not sys.stdout.isatty())
for step in progress:
    prediction = x @ weight + bias
    loss = ((prediction - y) ** 2).mean()
    loss.backward()  # fills weight.grad and bias.grad
    with torch.no_grad():
        weight -= learning_rate * weight.grad
        bias -= learning_rate * bias.grad
    weight.grad.zero_()
    bias.grad.zero_()
    losses.append(loss.item())
    progress.set_postfix(loss=losses[-1], refresh=False)  # shown at the bar's next redraw
    if step % 100 == 0:
        tqdm.write(f"step {step:3d}  loss {loss.item():.8f}")

# %% [markdown]
# ## What was learned
#
# The weight and bias should be close to 0.7 and 0.3. `loss.grad_fn` is the last
# node of the recorded graph; `next_functions` are the nodes it sends gradients to.

# %%
print("learned weight:", weight)
print("learned bias:", bias)
print("the graph of the last loss:", loss.grad_fn, loss.grad_fn.next_functions)

# %% [markdown]
# ## The picture
#
# With `--plot out.png`: the data, the true line and the fitted one on the left, and the
# loss falling step by step on the right (a log scale, because it shrinks by orders of
# magnitude).

# %%
if args.plot is not None:
    import matplotlib

    matplotlib.use("Agg")  # write files; no window needed
    import matplotlib.pyplot as plt

    path = args.plot or Path(__file__).with_suffix(".png")
    xs = x.squeeze(1).cpu().tolist()
    with torch.no_grad():
        fitted = (x @ weight + bias).squeeze(1).cpu().tolist()
    w, b = weight.item(), bias.item()
    fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(10, 4))
    ax0.scatter(xs, y.squeeze(1).cpu().tolist(), s=12, c="tab:blue", label="data")
    ax0.plot([0, 1], [0.3, 1.0], "k--", label="true line: y = 0.7 x + 0.3")
    ax0.plot(xs, fitted, c="tab:red", label=f"fitted: y = {w:.3f} x + {b:.3f}")
    ax0.set_xlabel("x")
    ax0.set_ylabel("y")
    ax0.set_title("the data and the fitted line")
    ax0.legend()
    ax1.plot(range(len(losses)), losses)
    ax1.set_yscale("log")
    ax1.set_xlabel("step")
    ax1.set_ylabel("mean squared error")
    ax1.set_title("training loss")
    fig.tight_layout()
    fig.savefig(path)
    print(f"Plot written to {path}")
