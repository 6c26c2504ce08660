"""Datasets, following `torch/utils/data/dataset.py`.

A map-style dataset answers `dataset[i]` and `len(dataset)`; an iterable-style one is a stream
(`iter(dataset)`). The DataLoader asks a sampler for indices and the dataset for the items.

    >>> import pytensor as torch
    >>> ds = TensorDataset(torch.arange(6).view(3, 2), torch.tensor([0, 1, 0]))
    >>> ds[1]
    (tensor([2, 3]), tensor(1))
"""

from __future__ import annotations

import bisect
import itertools
import math
import warnings
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Generic, TypeVar

from ...ops.sampling import randperm
from ...random import Generator, default_generator
from ...tensor import Tensor

__all__ = [
    "ChainDataset",
    "ConcatDataset",
    "Dataset",
    "IterableDataset",
    "StackDataset",
    "Subset",
    "TensorDataset",
    "random_split",
]

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class Dataset(Generic[T_co]):
    """A map-style dataset: subclasses implement `__getitem__` (and usually `__len__`).

    `a + b` concatenates two datasets, as in PyTorch. A DataLoader asks a sampler for indices and
    the dataset for the items; a subclass may also define `__getitems__(indices)` to fetch a whole
    batch in one call.

    Examples:
        >>> import pytensor
        >>> from pytensor.utils.data import Dataset
        >>> class Squares(Dataset):
        ...     def __len__(self):
        ...         return 4
        ...
        ...     def __getitem__(self, i):
        ...         return pytensor.tensor(float(i)), pytensor.tensor(float(i * i))
        >>> x, y = Squares()[3]
        >>> x, y
        (tensor(3.), tensor(9.))
        >>> len(Squares() + Squares())
        8
    """

    def __getitem__(self, index: Any) -> T_co:
        raise NotImplementedError("Subclasses of Dataset should implement __getitem__.")

    def __add__(self, other: Dataset[T_co]) -> ConcatDataset[T_co]:
        return ConcatDataset([self, other])


class IterableDataset(Dataset[T_co], Iterable[T_co]):
    """An iterable-style dataset: subclasses implement `__iter__`. `a + b` chains two of them.

    Use it for streams, where items come in an order the dataset decides (reading a file line by
    line, for example). A DataLoader takes no sampler and no shuffle with it.

    Examples:
        >>> from pytensor.utils.data import DataLoader, IterableDataset
        >>> class Count(IterableDataset):
        ...     def __init__(self, n):
        ...         self.n = n
        ...
        ...     def __iter__(self):
        ...         return iter(range(self.n))
        >>> [batch.tolist() for batch in DataLoader(Count(5), batch_size=2)]
        [[0, 1], [2, 3], [4]]
        >>> list(Count(2) + Count(3))
        [0, 1, 0, 1, 2]
    """

    def __iter__(self) -> Iterator[T_co]:
        raise NotImplementedError("Subclasses of IterableDataset should implement __iter__.")

    def __add__(self, other: Dataset[T_co]) -> ChainDataset:  # type: ignore[override]
        return ChainDataset([self, other])


class TensorDataset(Dataset[tuple[Tensor, ...]]):
    """Sample i is `tuple(t[i] for t in tensors)`; every tensor has the same first dimension.

    Args:
        *tensors: the tensors, each `(N, *)`.

    Raises:
        AssertionError: if the first dimensions differ (PyTorch's exception type, kept).

    Examples:
        >>> import pytensor
        >>> from pytensor.utils.data import TensorDataset
        >>> ds = TensorDataset(pytensor.arange(6).view(3, 2), pytensor.tensor([0, 1, 0]))
        >>> len(ds), ds[1]
        (3, (tensor([2, 3]), tensor(1)))
    """

    tensors: tuple[Tensor, ...]

    def __init__(self, *tensors: Tensor) -> None:
        # PyTorch raises AssertionError here (not ValueError); kept for compatibility.
        if any(tensors[0].size(0) != tensor.size(0) for tensor in tensors):
            raise AssertionError("Size mismatch between tensors")
        self.tensors = tensors

    def __getitem__(self, index: Any) -> tuple[Tensor, ...]:
        return tuple([tensor[index] for tensor in self.tensors])

    def __len__(self) -> int:
        return int(self.tensors[0].size(0))


class StackDataset(Dataset[Any]):
    """Zips datasets of equal length: `StackDataset(a, b)[i] == (a[i], b[i])`, and with keyword
    arguments `StackDataset(x=a, y=b)[i] == {"x": a[i], "y": b[i]}`.

    Args:
        *args: the datasets, for tuple samples.
        **kwargs: the datasets by name, for dict samples.

    Raises:
        ValueError: if both or neither of args and kwargs are given, or the lengths differ.

    Examples:
        >>> import pytensor
        >>> from pytensor.utils.data import StackDataset, TensorDataset
        >>> images, labels = TensorDataset(pytensor.zeros(3, 2)), TensorDataset(pytensor.arange(3))
        >>> StackDataset(image=images, label=labels)[2]
        {'image': (tensor([0., 0.]),), 'label': (tensor(2),)}
    """

    datasets: tuple[Any, ...] | dict[str, Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if args and kwargs:
            raise ValueError(
                "Supported either ``tuple``- (via ``args``) or"
                "``dict``- (via ``kwargs``) like input/output, but both types are given."
            )
        if not args and not kwargs:
            raise ValueError("At least one dataset should be passed")
        parts = list(args) if args else list(kwargs.values())
        self._length = len(parts[0])
        if any(self._length != len(dataset) for dataset in parts):
            raise ValueError("Size mismatch between datasets")
        self.datasets = args if args else kwargs

    def __getitem__(self, index: Any) -> Any:
        if isinstance(self.datasets, dict):
            return {k: dataset[index] for k, dataset in self.datasets.items()}
        return tuple(dataset[index] for dataset in self.datasets)

    def __len__(self) -> int:
        return self._length


class ConcatDataset(Dataset[T_co]):
    """Several map-style datasets one after the other; index i is found by bisection.

    Args:
        datasets: the map-style datasets, at least one.

    Raises:
        AssertionError: if `datasets` is empty or holds an IterableDataset.

    Examples:
        >>> from pytensor.utils.data import ConcatDataset
        >>> ds = ConcatDataset([range(3), range(10, 12)])
        >>> len(ds), ds[3], ds[-1], ds.cumulative_sizes
        (5, 10, 11, [3, 5])
    """

    datasets: list[Dataset[T_co]]
    cumulative_sizes: list[int]

    @staticmethod
    def cumsum(sequence: Iterable[Any]) -> list[int]:
        """The running total of the lengths of `sequence`: the index where each dataset ends."""
        return list(itertools.accumulate(len(e) for e in sequence))

    def __init__(self, datasets: Iterable[Dataset[Any]]) -> None:
        self.datasets = list(datasets)
        if len(self.datasets) == 0:
            raise AssertionError("datasets should not be an empty iterable")
        for d in self.datasets:
            if isinstance(d, IterableDataset):
                raise AssertionError("ConcatDataset does not support IterableDataset")
        self.cumulative_sizes = self.cumsum(self.datasets)

    def __len__(self) -> int:
        return self.cumulative_sizes[-1]

    def __getitem__(self, idx: int) -> T_co:
        if idx < 0:
            if -idx > len(self):
                raise ValueError("absolute value of index should not exceed dataset length")
            idx = len(self) + idx
        dataset_idx = bisect.bisect_right(self.cumulative_sizes, idx)
        sample_idx = idx if dataset_idx == 0 else idx - self.cumulative_sizes[dataset_idx - 1]
        return self.datasets[dataset_idx][sample_idx]


class ChainDataset(IterableDataset[Any]):
    """Several iterable-style datasets chained one after the other.

    Args:
        datasets: the iterable-style datasets.

    Examples:
        >>> from pytensor.utils.data import ChainDataset, IterableDataset
        >>> class Letters(IterableDataset):
        ...     def __init__(self, text):
        ...         self.text = text
        ...
        ...     def __iter__(self):
        ...         return iter(self.text)
        >>> list(ChainDataset([Letters("ab"), Letters("cd")]))
        ['a', 'b', 'c', 'd']
    """

    def __init__(self, datasets: Iterable[Dataset[Any]]) -> None:
        self.datasets = datasets

    def __iter__(self) -> Iterator[Any]:
        for d in self.datasets:
            if not isinstance(d, IterableDataset):
                raise AssertionError("ChainDataset only supports IterableDataset")
            yield from d

    def __len__(self) -> int:
        total = 0
        for d in self.datasets:
            if not isinstance(d, IterableDataset):
                raise AssertionError("ChainDataset only supports IterableDataset")
            total += len(d)  # type: ignore[arg-type]
        return total


class Subset(Dataset[T_co]):
    """The items of `dataset` at `indices`, in that order.

    Args:
        dataset: the whole dataset.
        indices: the indices of the subset.

    Examples:
        >>> from pytensor.utils.data import Subset
        >>> evens = Subset(range(10, 20), [0, 2, 4])
        >>> len(evens), [evens[i] for i in range(len(evens))]
        (3, [10, 12, 14])
    """

    dataset: Dataset[T_co]
    indices: Sequence[int]

    def __init__(self, dataset: Dataset[T_co], indices: Sequence[int]) -> None:
        self.dataset = dataset
        self.indices = indices

    def __getitem__(self, idx: Any) -> T_co:
        if isinstance(idx, list):
            return self.dataset[[self.indices[i] for i in idx]]
        return self.dataset[self.indices[idx]]

    def __getitems__(self, indices: list[int]) -> list[T_co]:
        # The DataLoader fetches a whole batch through __getitems__ when a dataset has one.
        getitems = getattr(self.dataset, "__getitems__", None)
        if callable(getitems):
            return getitems([self.indices[idx] for idx in indices])  # type: ignore[no-any-return]
        return [self.dataset[self.indices[idx]] for idx in indices]

    def __len__(self) -> int:
        return len(self.indices)


def random_split(
    dataset: Dataset[T],
    lengths: Sequence[int | float],
    generator: Generator | None = default_generator,
) -> list[Subset[T]]:
    """Split `dataset` into non-overlapping random subsets of the given lengths.

    Fractions that sum to 1 become lengths as in PyTorch: `floor(len * frac)` each, then the
    remainder is handed out one item at a time, round-robin from the first split. The order is
    `randperm(len(dataset), generator=generator)`, so a seeded generator gives torch's split.

    Args:
        dataset: the dataset to split.
        lengths: the lengths of the splits, summing to `len(dataset)`, or fractions summing to 1.
        generator: the Generator for the permutation. Default: the global one.

    Returns:
        A list of Subsets.

    Raises:
        ValueError: if the lengths do not add up, or a fraction is outside [0, 1].

    Examples:
        >>> import pytensor as torch
        >>> a, b = random_split(range(10), [0.7, 0.3], generator=torch.Generator().manual_seed(0))
        >>> list(a), list(b)
        ([4, 1, 7, 5, 3, 9, 0], [8, 6, 2])
        >>> a, b = random_split(range(10), [3, 7], generator=torch.Generator().manual_seed(0))
        >>> list(a), list(b)
        ([4, 1, 7], [5, 3, 9, 0, 8, 6, 2])
    """
    n = len(dataset)  # type: ignore[arg-type]
    if math.isclose(sum(lengths), 1) and sum(lengths) <= 1:
        subset_lengths: list[int] = []
        for i, frac in enumerate(lengths):
            if frac < 0 or frac > 1:
                raise ValueError(f"Fraction at index {i} is not between 0 and 1")
            subset_lengths.append(math.floor(n * frac))
        remainder = n - sum(subset_lengths)
        for i in range(remainder):
            subset_lengths[i % len(subset_lengths)] += 1
        lengths = subset_lengths
        for i, length in enumerate(lengths):
            if length == 0:
                warnings.warn(
                    f"Length of split at index {i} is 0. This might result in an empty dataset.",
                    stacklevel=2,
                )
    if sum(lengths) != n:
        raise ValueError("Sum of input lengths does not equal the length of the input dataset!")
    int_lengths = [int(length) for length in lengths]
    indices: list[int] = randperm(sum(int_lengths), generator=generator).tolist()
    return [
        Subset(dataset, indices[offset - length : offset])
        for offset, length in zip(itertools.accumulate(int_lengths), int_lengths)
    ]
