"""Tensors and autograd in five minutes: fit y = 0.7 x + 0.3 by gradient descent.

Run it with `python examples/quickstart.py`. Swap the import for `import torch` and the
printed numbers stay the same.
"""

import pytensor as torch

# Data on a straight line: 50 points from 0 to 1.
x = torch.arange(0, 1, 0.02).unsqueeze(1)
y = 0.7 * x + 0.3
print("x:", x.shape, "y:", y.shape)
print("first targets:", y[:3].squeeze())

# Parameters are leaves that require grad.
weight = torch.tensor([[0.0]], requires_grad=True)
bias = torch.tensor([0.0], requires_grad=True)

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

print("learned weight:", weight)
print("learned bias:", bias)
print("the graph of the last loss:", loss.grad_fn, loss.grad_fn.next_functions)
