"""Utilities a training loop uses, laid out as in `torch.utils`: `data` holds the datasets,
samplers and the DataLoader."""

from . import data

__all__ = ["data"]
