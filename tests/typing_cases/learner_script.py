"""A learner's script, type-checked as its author would check it (mypy --strict)."""

import pytensor as torch
import pytensor.nn as nn
import pytensor.nn.functional as F
from pytensor.utils.data import DataLoader, TensorDataset


class Net(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc = nn.Linear(4, 2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.relu(self.fc(x))


def main() -> None:
    torch.manual_seed(0)
    x = torch.zeros(3, 4) + torch.ones(3, 4) * torch.rand(3, 4)
    y = torch.tensor([0, 1, 1], dtype=torch.long)
    model = Net()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    loader = DataLoader(TensorDataset(x, y), batch_size=2)
    for xb, yb in loader:
        loss = F.cross_entropy(model(xb), yb)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    with torch.no_grad():
        pred = torch.argmax(model(x), dim=1)
    size: torch.Size = x.shape
    kind: torch.dtype = torch.float32
    print(pred, size, kind, torch.cat([x, x]).sum().item(), torch.is_grad_enabled())


main()
