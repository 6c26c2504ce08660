"""Samplers: which dataset indices a DataLoader reads, and in which order.

Follows `torch/utils/data/sampler.py`.

The random samplers draw exactly the numbers PyTorch draws, from the same Mersenne Twister, so a
seeded run shuffles the same way in both libraries:

    >>> import pytensor as torch
    >>> list(RandomSampler(range(5), generator=torch.Generator().manual_seed(0)))
    [4, 0, 1, 3, 2]
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence, Sized
from typing import Any, Generic, TypeVar

from ... import dtypes
from ...ops.creation import as_tensor, empty
from ...ops.sampling import multinomial, randint, randperm
from ...random import Generator
from ...tensor import Tensor

__all__ = [
    "BatchSampler",
    "RandomSampler",
    "Sampler",
    "SequentialSampler",
    "SubsetRandomSampler",
    "WeightedRandomSampler",
]

T_co = TypeVar("T_co", covariant=True)


class Sampler(Generic[T_co]):
    """Base class: a sampler is an iterable of indices (or of lists of indices, for batches).

    A subclass implements `__iter__`, and `__len__` when the number of indices is known; a
    DataLoader takes one as `sampler=` (indices) or `batch_sampler=` (lists of indices).

    Examples:
        >>> from pytensor.utils.data import DataLoader, Sampler
        >>> class Reversed(Sampler):
        ...     def __init__(self, n):
        ...         self.n = n
        ...
        ...     def __iter__(self):
        ...         return iter(range(self.n - 1, -1, -1))
        ...
        ...     def __len__(self):
        ...         return self.n
        >>> [batch.tolist() for batch in DataLoader(range(5), batch_size=2, sampler=Reversed(5))]
        [[4, 3], [2, 1], [0]]
    """

    def __iter__(self) -> Iterator[T_co]:
        raise NotImplementedError


class SequentialSampler(Sampler[int]):
    """0, 1, ..., len(data_source) - 1.

    Args:
        data_source: the dataset (anything with a length).

    Examples:
        >>> from pytensor.utils.data import SequentialSampler
        >>> list(SequentialSampler(range(4)))
        [0, 1, 2, 3]
    """

    data_source: Sized

    def __init__(self, data_source: Sized) -> None:
        self.data_source = data_source

    def __iter__(self) -> Iterator[int]:
        return iter(range(len(self.data_source)))

    def __len__(self) -> int:
        return len(self.data_source)


class RandomSampler(Sampler[int]):
    """A random permutation of the indices, or `num_samples` draws with replacement.

    Without a `generator`, each pass seeds a fresh Generator from one 64-bit draw of the default
    generator (PyTorch does the same), so `manual_seed` before the loop fixes the order.
    Indices with replacement come 32 at a time from `randint`, and `num_samples > n` without
    replacement concatenates whole permutations, as in PyTorch.

    Args:
        data_source: the dataset (anything with a length).
        replacement: draw with replacement. Default: False.
        num_samples: the number of indices per pass. Default: `len(data_source)`.
        generator: the Generator to draw from. Default: None (see above).

    Raises:
        TypeError: if `replacement` is not a bool.
        ValueError: if `num_samples` is not a positive int.

    Examples:
        >>> import pytensor
        >>> from pytensor.utils.data import RandomSampler
        >>> list(RandomSampler(range(5), generator=pytensor.Generator().manual_seed(0)))
        [4, 0, 1, 3, 2]
        >>> g = pytensor.Generator().manual_seed(0)
        >>> list(RandomSampler(range(5), replacement=True, num_samples=8, generator=g))
        [4, 4, 3, 0, 3, 4, 2, 3]
    """

    data_source: Sized
    replacement: bool

    def __init__(
        self,
        data_source: Sized,
        replacement: bool = False,
        num_samples: int | None = None,
        generator: Generator | None = None,
    ) -> None:
        self.data_source = data_source
        self.replacement = replacement
        self._num_samples = num_samples
        self.generator = generator
        if not isinstance(self.replacement, bool):
            raise TypeError(
                f"replacement should be a boolean value, but got replacement={self.replacement}"
            )
        if not isinstance(self.num_samples, int) or self.num_samples <= 0:
            raise ValueError(
                "num_samples should be a positive integer value, "
                f"but got num_samples={self.num_samples}"
            )

    @property
    def num_samples(self) -> int:
        """The number of indices per pass: `num_samples`, or the length of the data source."""
        return len(self.data_source) if self._num_samples is None else self._num_samples

    def __iter__(self) -> Iterator[int]:
        n = len(self.data_source)
        if self.generator is None:
            seed = int(empty((), dtype=dtypes.int64).random_().item())
            generator = Generator()
            generator.manual_seed(seed)
        else:
            generator = self.generator

        if self.replacement:
            for _ in range(self.num_samples // 32):
                yield from randint(0, n, (32,), generator=generator).tolist()
            yield from randint(0, n, (self.num_samples % 32,), generator=generator).tolist()
        else:
            for _ in range(self.num_samples // n):
                yield from randperm(n, generator=generator).tolist()
            yield from randperm(n, generator=generator).tolist()[: self.num_samples % n]

    def __len__(self) -> int:
        return self.num_samples


class SubsetRandomSampler(Sampler[int]):
    """The given indices in a random order (`randperm(len(indices))`), without replacement.

    Args:
        indices: the indices to sample from.
        generator: the Generator to draw from. Default: the global one.

    Examples:
        >>> import pytensor
        >>> from pytensor.utils.data import SubsetRandomSampler
        >>> g = pytensor.Generator().manual_seed(0)
        >>> list(SubsetRandomSampler([10, 20, 30, 40], generator=g))
        [10, 20, 40, 30]
    """

    indices: Sequence[int]

    def __init__(self, indices: Sequence[int], generator: Generator | None = None) -> None:
        self.indices = indices
        self.generator = generator

    def __iter__(self) -> Iterator[int]:
        for i in randperm(len(self.indices), generator=self.generator).tolist():
            yield self.indices[i]

    def __len__(self) -> int:
        return len(self.indices)


class WeightedRandomSampler(Sampler[int]):
    """Indices in `[0, len(weights))` drawn with probability proportional to `weights`.

    One call to `multinomial` on float64 weights per pass, as in PyTorch. A common use is
    balancing classes: give each sample the weight 1 / (the size of its class).

    Args:
        weights: the weights, a sequence or a 1-D tensor (they need not sum to 1).
        num_samples: the number of indices per pass.
        replacement: draw with replacement; without it, each index comes at most once, so
            num_samples is at most `len(weights)`. Default: True.
        generator: the Generator to draw from. Default: the global one.

    Raises:
        ValueError: if `num_samples` is not a positive int, `replacement` not a bool, or the
            weights not 1-D.

    Examples:
        >>> import pytensor
        >>> from pytensor.utils.data import WeightedRandomSampler
        >>> weights = [0.1, 0.9, 0.4, 0.7, 3.0, 0.6]
        >>> g = pytensor.Generator().manual_seed(0)
        >>> list(WeightedRandomSampler(weights, 5, replacement=True, generator=g))
        [5, 4, 4, 5, 4]
    """

    weights: Tensor
    num_samples: int
    replacement: bool

    def __init__(
        self,
        weights: Sequence[float] | Tensor,
        num_samples: int,
        replacement: bool = True,
        generator: Generator | None = None,
    ) -> None:
        if not isinstance(num_samples, int) or isinstance(num_samples, bool) or num_samples <= 0:
            raise ValueError(
                f"num_samples should be a positive integer value, but got num_samples={num_samples}"
            )
        if not isinstance(replacement, bool):
            raise ValueError(
                f"replacement should be a boolean value, but got replacement={replacement}"
            )
        weights_tensor = as_tensor(weights, dtype=dtypes.float64)
        if len(weights_tensor.shape) != 1:
            raise ValueError(
                "weights should be a 1d sequence but given "
                f"weights have shape {tuple(weights_tensor.shape)}"
            )
        self.weights = weights_tensor
        self.num_samples = num_samples
        self.replacement = replacement
        self.generator = generator

    def __iter__(self) -> Iterator[int]:
        drawn = multinomial(
            self.weights, self.num_samples, self.replacement, generator=self.generator
        )
        yield from iter(drawn.tolist())

    def __len__(self) -> int:
        return self.num_samples


class BatchSampler(Sampler[list[Any]]):
    """Groups another sampler's indices into lists of `batch_size`.

    Args:
        sampler: the sampler (or any iterable) of indices.
        batch_size: the size of each batch.
        drop_last: drop the last batch if it is smaller than `batch_size`.

    Raises:
        ValueError: if `batch_size` is not a positive int or `drop_last` not a bool.

    Examples:
        >>> list(BatchSampler(SequentialSampler(range(10)), batch_size=3, drop_last=False))
        [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]
        >>> list(BatchSampler(SequentialSampler(range(10)), batch_size=3, drop_last=True))
        [[0, 1, 2], [3, 4, 5], [6, 7, 8]]
    """

    def __init__(
        self, sampler: Sampler[Any] | Iterable[Any], batch_size: int, drop_last: bool
    ) -> None:
        if not isinstance(batch_size, int) or isinstance(batch_size, bool) or batch_size <= 0:
            raise ValueError(
                f"batch_size should be a positive integer value, but got batch_size={batch_size}"
            )
        if not isinstance(drop_last, bool):
            raise ValueError(f"drop_last should be a boolean value, but got drop_last={drop_last}")
        self.sampler = sampler
        self.batch_size = batch_size
        self.drop_last = drop_last

    def __iter__(self) -> Iterator[list[Any]]:
        sampler_iter = iter(self.sampler)
        batch = list(itertools.islice(sampler_iter, self.batch_size))
        while batch:
            if self.drop_last and len(batch) < self.batch_size:
                return
            yield batch
            batch = list(itertools.islice(sampler_iter, self.batch_size))

    def __len__(self) -> int:
        n = len(self.sampler)  # type: ignore[arg-type]
        if self.drop_last:
            return n // self.batch_size
        return (n + self.batch_size - 1) // self.batch_size
