"""Tensors and autograd in five minutes: fit y = 0.7 x + 0.3 by gradient descent.

Run it with `python examples/quickstart.py`. Swap the import for `import torch` and the
printed numbers stay the same.
"""

# %%
import pytensor as torch

# %% [markdown]
# ## Data on a straight line
#
# Fifty inputs from 0 to 1 and their targets `y = 0.7 x + 0.3`. `unsqueeze(1)` turns
# `x` into a column of shape (50, 1): one row per sample, one column per feature.

# %%
# Data on a straight line: 50 points from 0 to 1.
x = torch.arange(0, 1, 0.02).unsqueeze(1)
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
weight = torch.tensor([[0.0]], requires_grad=True)
bias = torch.tensor([0.0], requires_grad=True)

# %% [markdown]
# ## Gradient descent by hand
#
# Each step: predict, measure the mean squared error, let `backward()` compute
# d loss / d weight and d loss / d bias, then move each parameter a little against
# its gradient. The update runs under `no_grad()` so it is not itself recorded, and
# the gradients are zeroed because `backward()` adds to `.grad`.

# %%
learning_rate = 0.1
for step in range(301):
    prediction = x @ weight + bias
    loss = ((prediction - y) ** 2).mean()
    loss.backward()  # fills weight.grad and bias.grad
    with torch.no_grad():
        weight -= learning_rate * weight.grad
        bias -= learning_rate * bias.grad
    weight.grad.zero_()
    bias.grad.zero_()
    if step % 100 == 0:
        print(f"step {step:3d}  loss {loss.item():.8f}")

# %% [markdown]
# ## What was learned
#
# The weight and bias should be close to 0.7 and 0.3. `loss.grad_fn` is the last
# node of the recorded graph; `next_functions` are the nodes it sends gradients to.

# %%
print("learned weight:", weight)
print("learned bias:", bias)
print("the graph of the last loss:", loss.grad_fn, loss.grad_fn.next_functions)
