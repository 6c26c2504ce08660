"""Datasets, samplers and the DataLoader, named and behaving as in `torch.utils.data`.

>>> import pytensor as torch
>>> from pytensor.utils.data import DataLoader, TensorDataset
>>> _ = torch.manual_seed(0)
>>> ds = TensorDataset(torch.arange(4), torch.tensor([0., 1., 0., 1.]))
>>> for x, y in DataLoader(ds, batch_size=2, shuffle=True):
...     print(x.tolist(), y.tolist())
[2, 1] [0.0, 1.0]
[3, 0] [1.0, 0.0]
"""

from ._collate import default_collate, default_convert
from .dataloader import DataLoader, get_worker_info
from .dataset import (
    ChainDataset,
    ConcatDataset,
    Dataset,
    IterableDataset,
    StackDataset,
    Subset,
    TensorDataset,
    random_split,
)
from .sampler import (
    BatchSampler,
    RandomSampler,
    Sampler,
    SequentialSampler,
    SubsetRandomSampler,
    WeightedRandomSampler,
)

__all__ = [
    "BatchSampler",
    "ChainDataset",
    "ConcatDataset",
    "DataLoader",
    "Dataset",
    "IterableDataset",
    "RandomSampler",
    "Sampler",
    "SequentialSampler",
    "StackDataset",
    "Subset",
    "SubsetRandomSampler",
    "TensorDataset",
    "WeightedRandomSampler",
    "default_collate",
    "default_convert",
    "get_worker_info",
    "random_split",
]
