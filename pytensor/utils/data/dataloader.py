"""DataLoader: a sampler picks indices, the dataset returns items, collate_fn makes the batch.

This follows `torch/utils/data/dataloader.py` for the arguments, their defaults, the errors for
conflicting arguments, `len()` and the random numbers drawn. Loading always happens in this
process: `num_workers > 0` is accepted and behaves like 0 (pytensor is single-process), so
randomness inside `dataset.__getitem__` is not seeded per worker as in PyTorch.

    >>> import pytensor as torch
    >>> from pytensor.utils.data import TensorDataset
    >>> ds = TensorDataset(torch.arange(10.).view(5, 2), torch.arange(5))
    >>> [y.tolist() for x, y in DataLoader(ds, batch_size=2)]
    [[0, 1], [2, 3], [4]]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Generic, TypeVar

from ... import dtypes
from ...ops.creation import empty
from ...random import Generator
from ._collate import default_collate, default_convert
from .dataset import Dataset, IterableDataset
from .sampler import BatchSampler, RandomSampler, Sampler, SequentialSampler

__all__ = ["DataLoader", "default_collate", "default_convert", "get_worker_info"]

T_co = TypeVar("T_co", covariant=True)


def get_worker_info() -> None:
    """Always None: pytensor loads data in the main process (torch returns None there too).

    Returns:
        None.

    Examples:
        >>> from pytensor.utils.data import get_worker_info
        >>> get_worker_info() is None
        True
    """
    return None


class _InfiniteConstantSampler(Sampler[None]):
    """The sampler of an iterable-style dataset: the dataset decides what comes next."""

    def __iter__(self) -> Iterator[None]:
        while True:
            yield None


class DataLoader(Generic[T_co]):
    """Iterate over `dataset` in batches.

    With `batch_size` set (the default, 1), a `BatchSampler` groups the sampler's indices and
    `collate_fn` (default: `default_collate`) stacks each group. `batch_size=None` turns
    batching off and yields single samples through `default_convert`. `shuffle=True` uses a
    `RandomSampler(dataset, generator=generator)`.

    Random numbers, as in PyTorch: every `iter(loader)` draws one 64-bit number from
    `generator` (the default generator when None) for a base seed, and then the RandomSampler
    draws its own seed; so a seeded run gives PyTorch's batches, and leaves the global
    generator where PyTorch leaves it.

    Args:
        dataset: a map-style or iterable-style dataset.
        batch_size: the number of samples per batch, or None for no batching. Default: 1.
        shuffle: reshuffle the indices at every pass. Default: None (False).
        sampler: the order of the indices (exclusive with `shuffle`). Default: None.
        batch_sampler: yields whole lists of indices (exclusive with `batch_size`, `shuffle`,
            `sampler` and `drop_last`). Default: None.
        num_workers: accepted; loading always happens in this process (see the note).
            Default: 0.
        collate_fn: turns a list of samples into a batch. Default: None (`default_collate`).
        pin_memory: accepted; a no-op without CUDA, as in PyTorch on a CPU. Default: False.
        drop_last: drop the last batch if it is incomplete. Default: False.
        timeout: accepted and stored; must not be negative. Default: 0.
        worker_init_fn: accepted and stored; never called, as there are no workers.
            Default: None.
        multiprocessing_context: accepted and stored. Default: None.
        generator: the Generator for the base seed and the RandomSampler. Default: None.
        prefetch_factor: only valid with `num_workers > 0`; stored. Default: None.
        persistent_workers: only valid with `num_workers > 0`; stored. Default: False.
        pin_memory_device: accepted and stored. Default: "".
        in_order: accepted and stored. Default: True.

    Raises:
        ValueError: for conflicting arguments, with PyTorch's messages.

    Note:
        pytensor is single-process: `num_workers > 0` behaves like 0, so randomness inside
        `dataset.__getitem__` is not seeded per worker as in PyTorch, and `worker_init_fn` is
        never called.

    Examples:
        >>> import pytensor
        >>> from pytensor.utils.data import DataLoader, TensorDataset
        >>> ds = TensorDataset(pytensor.arange(10.0).view(5, 2), pytensor.arange(5))
        >>> _ = pytensor.manual_seed(0)
        >>> for x, y in DataLoader(ds, batch_size=2, shuffle=True):
        ...     print(x.tolist(), y.tolist())
        [[2.0, 3.0], [8.0, 9.0]] [1, 4]
        [[4.0, 5.0], [6.0, 7.0]] [2, 3]
        [[0.0, 1.0]] [0]
        >>> len(DataLoader(ds, batch_size=2)), len(DataLoader(ds, batch_size=2, drop_last=True))
        (3, 2)
    """

    dataset: Dataset[T_co]
    batch_size: int | None
    drop_last: bool
    sampler: Sampler[Any] | Iterable[Any]
    batch_sampler: Sampler[list[Any]] | Iterable[list[Any]] | None
    __initialized = False

    def __init__(
        self,
        dataset: Dataset[T_co],
        batch_size: int | None = 1,
        shuffle: bool | None = None,
        sampler: Sampler[Any] | Iterable[Any] | None = None,
        batch_sampler: Sampler[list[Any]] | Iterable[list[Any]] | None = None,
        num_workers: int = 0,
        collate_fn: Callable[[Any], Any] | None = None,
        pin_memory: bool = False,
        drop_last: bool = False,
        timeout: float = 0,
        worker_init_fn: Callable[[int], None] | None = None,
        multiprocessing_context: Any = None,
        generator: Generator | None = None,
        *,
        prefetch_factor: int | None = None,
        persistent_workers: bool = False,
        pin_memory_device: str = "",
        in_order: bool = True,
    ) -> None:
        if num_workers < 0:
            raise ValueError(
                "num_workers option should be non-negative; "
                "use num_workers=0 to disable multiprocessing."
            )
        if timeout < 0:
            raise ValueError("timeout option should be non-negative")
        if num_workers == 0 and prefetch_factor is not None:
            raise ValueError(
                "prefetch_factor option could only be specified in multiprocessing."
                "let num_workers > 0 to enable multiprocessing, otherwise set prefetch_factor "
                "to None."
            )
        if prefetch_factor is not None and prefetch_factor < 0:
            raise ValueError("prefetch_factor option should be non-negative")
        if persistent_workers and num_workers == 0:
            raise ValueError("persistent_workers option needs num_workers > 0")

        self.dataset = dataset
        self.num_workers = num_workers
        self.prefetch_factor = prefetch_factor
        self.pin_memory = pin_memory  # accepted; a no-op without CUDA, as in PyTorch on a CPU
        self.pin_memory_device = pin_memory_device
        self.timeout = timeout
        self.worker_init_fn = worker_init_fn
        self.multiprocessing_context = multiprocessing_context
        self.in_order = in_order

        # An iterable-style dataset decides its own order, so it takes no sampler or shuffle.
        self._is_iterable = isinstance(dataset, IterableDataset)
        if self._is_iterable:
            if shuffle not in {False, None}:
                raise ValueError(
                    "DataLoader with IterableDataset: expected unspecified shuffle option, "
                    f"but got shuffle={shuffle}"
                )
            if sampler is not None:
                raise ValueError(
                    "DataLoader with IterableDataset: expected unspecified sampler option, "
                    f"but got sampler={sampler}"
                )
            if batch_sampler is not None:
                raise ValueError(
                    "DataLoader with IterableDataset: expected unspecified batch_sampler option, "
                    f"but got batch_sampler={batch_sampler}"
                )
        else:
            shuffle = bool(shuffle)

        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")
        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError(
                    "batch_sampler option is mutually exclusive with batch_size, shuffle, "
                    "sampler, and drop_last"
                )
            batch_size = None
            drop_last = False
        elif batch_size is None and drop_last:
            raise ValueError(
                "batch_size=None option disables auto-batching and is mutually exclusive with "
                "drop_last"
            )

        if sampler is None:
            if self._is_iterable:
                sampler = _InfiniteConstantSampler()
            elif shuffle:
                sampler = RandomSampler(dataset, generator=generator)  # type: ignore[arg-type]
            else:
                sampler = SequentialSampler(dataset)  # type: ignore[arg-type]
        if batch_size is not None and batch_sampler is None:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)

        self.batch_size = batch_size
        self.drop_last = drop_last
        self.sampler = sampler
        self.batch_sampler = batch_sampler
        self.generator = generator
        if collate_fn is None:
            collate_fn = default_collate if self._auto_collation else default_convert
        self.collate_fn = collate_fn
        self.persistent_workers = persistent_workers
        self.__initialized = True

    def __setattr__(self, attr: str, val: Any) -> None:
        # As in PyTorch: changing these after construction would leave the samplers stale.
        frozen = ("batch_size", "batch_sampler", "sampler", "drop_last", "dataset")
        if self.__initialized and attr in frozen + ("persistent_workers",):
            raise ValueError(
                f"{attr} attribute should not be set after {type(self).__name__} is initialized"
            )
        super().__setattr__(attr, val)

    @property
    def _auto_collation(self) -> bool:
        return self.batch_sampler is not None

    @property
    def _index_sampler(self) -> Iterable[Any]:
        """What is iterated: batches of indices with auto-collation, single indices without."""
        return self.batch_sampler if self.batch_sampler is not None else self.sampler

    def __len__(self) -> int:
        if self._is_iterable:
            length: int = len(self.dataset)  # type: ignore[arg-type]
            if self.batch_size is not None:
                if self.drop_last:
                    return length // self.batch_size
                return -(-length // self.batch_size)
            return length
        return len(self._index_sampler)  # type: ignore[arg-type]

    def __iter__(self) -> Iterator[Any]:
        return _DataLoaderIter(self)


class _DataLoaderIter(Iterator[Any]):
    """One pass over a DataLoader (PyTorch's _SingleProcessDataLoaderIter and its fetchers)."""

    def __init__(self, loader: DataLoader[Any]) -> None:
        self._dataset: Any = loader.dataset
        self._is_iterable = loader._is_iterable
        self._auto_collation = loader._auto_collation
        self._drop_last = loader.drop_last
        self._collate_fn = loader.collate_fn
        self._index_sampler = loader._index_sampler
        self._sampler_iter = iter(self._index_sampler)
        # PyTorch seeds its workers from this draw even with num_workers=0, so the generator
        # advances here; drawing it keeps every later random number equal to PyTorch's.
        base = empty((), dtype=dtypes.int64).random_(generator=loader.generator)
        self._base_seed = int(base.item())
        self._dataset_iter = iter(self._dataset) if self._is_iterable else None
        self._ended = False

    def __iter__(self) -> _DataLoaderIter:
        return self

    def __len__(self) -> int:
        return len(self._index_sampler)  # type: ignore[arg-type]

    def __next__(self) -> Any:
        index = next(self._sampler_iter)  # StopIteration ends the pass
        if self._dataset_iter is not None:
            return self._collate_fn(self._fetch_iterable(index))
        if not self._auto_collation:
            return self._collate_fn(self._dataset[index])
        getitems = getattr(self._dataset, "__getitems__", None)
        if callable(getitems):
            return self._collate_fn(getitems(index))
        return self._collate_fn([self._dataset[i] for i in index])

    def _fetch_iterable(self, index: Any) -> Any:
        assert self._dataset_iter is not None
        if self._ended:
            raise StopIteration
        if not self._auto_collation:
            return next(self._dataset_iter)
        data = []
        for _ in index:
            try:
                data.append(next(self._dataset_iter))
            except StopIteration:
                self._ended = True
                break
        if len(data) == 0 or (self._drop_last and len(data) < len(index)):
            raise StopIteration
        return data
