"""pytensor.utils.data against torch.utils.data: the same datasets, seeds and arguments must give
the same batches, splits, sampler sequences, collated structures, lengths and errors."""

from __future__ import annotations

import collections
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

torch = pytest.importorskip("torch")
import torch.utils.data as tdata  # noqa: E402

import pytensor as pt  # noqa: E402
import pytensor.utils.data as pdata  # noqa: E402

LIBS = [(pt, pdata), (torch, tdata)]


def describe(x: Any) -> Any:
    """A library-neutral picture of a (collated) value: container types, dtypes, shapes, values."""
    if isinstance(x, (pt.Tensor, torch.Tensor)):
        return ("tensor", str(x.dtype).split(".")[-1], tuple(x.shape), x.tolist())
    if isinstance(x, np.ndarray):
        return ("ndarray", x.dtype.str, x.tolist())
    if isinstance(x, tuple) and hasattr(x, "_fields"):
        return (type(x).__name__, [describe(v) for v in x])
    if isinstance(x, dict):
        return (type(x).__name__, [(k, describe(v)) for k, v in x.items()])
    if isinstance(x, (list, tuple)):
        return (type(x).__name__, [describe(v) for v in x])
    return (type(x).__name__, x)


def make_dataset(lib: Any, data: Any, n: int = 10) -> Any:
    """The same TensorDataset in either library: features (n, 2) float32, labels (n,) int64."""
    x = lib.arange(2 * n, dtype=lib.float32).reshape(n, 2) / 4
    return data.TensorDataset(x, lib.arange(n) * 3)


def run_both(fn: Callable[[Any, Any], Any], seed: int | None = 0) -> tuple[Any, Any]:
    """fn(lib, data) for pytensor and torch, each after seeding its global generator."""
    results = []
    for lib, data in LIBS:
        if seed is not None:
            lib.manual_seed(seed)
        results.append(describe(fn(lib, data)))
    return results[0], results[1]


def assert_same(fn: Callable[[Any, Any], Any], seed: int | None = 0) -> None:
    ours, theirs = run_both(fn, seed)
    assert ours == theirs


# --- DataLoader order: the random numbers must be torch's -----------------------------------


@pytest.mark.parametrize("seed", [0, 1, 1234])
@pytest.mark.parametrize("batch_size", [1, 3, 4])
def test_shuffle_with_seeded_global_generator(seed: int, batch_size: int) -> None:
    def epochs(lib: Any, data: Any) -> Any:
        loader = data.DataLoader(make_dataset(lib, data, 11), batch_size=batch_size, shuffle=True)
        out = [list(loader) for _ in range(2)]  # two epochs: the second reshuffles
        return out, lib.rand(3)  # and the global generator must end where torch's does

    assert_same(epochs, seed)


@pytest.mark.parametrize("seed", [0, 7])
def test_shuffle_with_explicit_generator(seed: int) -> None:
    def epochs(lib: Any, data: Any) -> Any:
        g = lib.Generator().manual_seed(seed)
        loader = data.DataLoader(
            make_dataset(lib, data, 9), batch_size=2, shuffle=True, generator=g
        )
        return [list(loader) for _ in range(3)], lib.rand(2)  # global generator untouched

    assert_same(epochs, seed=99)


def test_unshuffled_loader_still_advances_the_global_generator() -> None:
    # torch draws a base seed for its workers on every iter(), even with num_workers=0.
    def after(lib: Any, data: Any) -> Any:
        batches = list(data.DataLoader(make_dataset(lib, data, 5), batch_size=2))
        return batches, lib.rand(4)

    assert_same(after, seed=3)


def test_dataloader_default_batch_size_and_drop_last() -> None:
    for n in (0, 1, 7, 8, 9):
        for batch_size in (1, 2, 4):
            for drop_last in (False, True):

                def run(lib: Any, data: Any) -> Any:
                    ds = make_dataset(lib, data, n)
                    loader = data.DataLoader(ds, batch_size=batch_size, drop_last=drop_last)
                    return len(loader), list(loader)

                assert_same(run, seed=None)
    assert len(pdata.DataLoader(make_dataset(pt, pdata, 10))) == 10


def test_dataloader_with_sampler_and_batch_sampler() -> None:
    def run(lib: Any, data: Any) -> Any:
        ds = make_dataset(lib, data, 8)
        sampler = data.SubsetRandomSampler([1, 3, 5, 7], generator=lib.Generator().manual_seed(5))
        by_sampler = list(data.DataLoader(ds, batch_size=3, sampler=sampler))
        batches = data.BatchSampler(data.SequentialSampler(range(8)), 3, drop_last=True)
        by_batch_sampler = data.DataLoader(ds, batch_sampler=batches)
        return by_sampler, len(by_batch_sampler), list(by_batch_sampler)

    assert_same(run)


def test_no_automatic_batching() -> None:
    def run(lib: Any, data: Any) -> Any:
        return list(data.DataLoader(make_dataset(lib, data, 3), batch_size=None))

    assert_same(run)


def test_custom_collate_fn_and_getitems() -> None:
    class Batched(pdata.Dataset[int]):
        def __init__(self) -> None:
            self.calls: list[list[int]] = []

        def __getitem__(self, i: int) -> int:
            raise AssertionError("the loader should use __getitems__")

        def __getitems__(self, indices: list[int]) -> list[int]:
            self.calls.append(indices)
            return [10 * i for i in indices]

        def __len__(self) -> int:
            return 5

    ds = Batched()
    out = list(pdata.DataLoader(ds, batch_size=2, collate_fn=lambda b: b))
    assert out == [[0, 10], [20, 30], [40]]
    assert ds.calls == [[0, 1], [2, 3], [4]]


def test_iterable_dataset() -> None:
    def run(lib: Any, data: Any) -> Any:
        class Stream(data.IterableDataset):  # type: ignore[misc, name-defined]
            def __iter__(self) -> Any:
                return iter(range(7))

            def __len__(self) -> int:
                return 7

        full = data.DataLoader(Stream(), batch_size=3)
        dropped = data.DataLoader(Stream(), batch_size=3, drop_last=True)
        chained = list(data.DataLoader(Stream() + Stream(), batch_size=5))
        return len(full), list(full), len(dropped), list(dropped), chained

    assert_same(run)


def _error(fn: Callable[[], Any]) -> tuple[str, str]:
    with pytest.raises(Exception) as info:
        fn()
    return type(info.value).__name__, str(info.value)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"sampler": [0, 1], "shuffle": True},
        {"batch_sampler": [[0, 1]], "batch_size": 2},
        {"batch_sampler": [[0, 1]], "shuffle": True},
        {"batch_sampler": [[0, 1]], "sampler": [0, 1]},
        {"batch_sampler": [[0, 1]], "drop_last": True},
        {"batch_size": None, "drop_last": True},
        {"num_workers": -1},
        {"timeout": -1},
        {"prefetch_factor": 2},
        {"persistent_workers": True},
        {"batch_size": 0},
        {"batch_size": 2, "drop_last": 1},
    ],
)
def test_dataloader_argument_errors_match_torch(kwargs: dict[str, Any]) -> None:
    ours = _error(lambda: pdata.DataLoader(make_dataset(pt, pdata), **kwargs))
    theirs = _error(lambda: tdata.DataLoader(make_dataset(torch, tdata), **kwargs))
    assert ours == theirs


def test_iterable_dataset_rejects_shuffle_and_samplers() -> None:
    class Stream(pdata.IterableDataset[int]):
        def __iter__(self) -> Any:
            return iter(range(3))

    for kwargs in ({"shuffle": True}, {"sampler": [0]}, {"batch_sampler": [[0]]}):
        with pytest.raises(ValueError, match="IterableDataset"):
            pdata.DataLoader(Stream(), **kwargs)


def test_attributes_are_frozen_after_init() -> None:
    loader = pdata.DataLoader(make_dataset(pt, pdata), batch_size=2)
    with pytest.raises(ValueError, match="batch_size attribute should not be set"):
        loader.batch_size = 3
    loader.num_workers = 0  # others may change


# --- samplers ------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 42])
def test_random_sampler_sequences(seed: int) -> None:
    def run(lib: Any, data: Any) -> Any:
        g = lib.Generator().manual_seed(seed + 1)
        src = range(10)
        return [
            list(data.RandomSampler(src)),  # seeds itself from the global generator
            list(data.RandomSampler(src)),
            list(data.RandomSampler(src, generator=g)),
            list(data.RandomSampler(src, num_samples=23)),  # 2 full permutations + 3
            list(data.RandomSampler(src, num_samples=4)),
            list(data.RandomSampler(src, replacement=True)),
            list(data.RandomSampler(src, replacement=True, num_samples=70)),  # 32 + 32 + 6
            list(data.RandomSampler(src, replacement=True, num_samples=64, generator=g)),
            len(data.RandomSampler(src, replacement=True, num_samples=70)),
            lib.rand(2),
        ]

    assert_same(run, seed)


@pytest.mark.parametrize("seed", [0, 3])
def test_other_samplers(seed: int) -> None:
    def run(lib: Any, data: Any) -> Any:
        weights = [0.1, 0.9, 0.4, 0.7, 3.0, 0.6]
        g = lib.Generator().manual_seed(seed)
        return [
            list(data.SequentialSampler(range(4))),
            list(data.SubsetRandomSampler([5, 7, 9, 11])),
            list(data.SubsetRandomSampler([5, 7, 9, 11], generator=g)),
            list(data.WeightedRandomSampler(weights, 20)),
            list(data.WeightedRandomSampler(weights, 5, replacement=False)),
            list(data.WeightedRandomSampler(lib.tensor(weights), 7, generator=g)),
            list(data.BatchSampler(range(10), 3, drop_last=False)),
            list(data.BatchSampler(range(10), 3, drop_last=True)),
            len(data.BatchSampler(range(10), 3, drop_last=False)),
            len(data.BatchSampler(range(10), 3, drop_last=True)),
            lib.rand(2),
        ]

    assert_same(run, seed)


@pytest.mark.parametrize(
    "make",
    [
        lambda d: d.RandomSampler(range(3), replacement=1),
        lambda d: d.RandomSampler(range(3), num_samples=0),
        lambda d: d.RandomSampler([]),
        lambda d: d.WeightedRandomSampler([1.0], 0),
        lambda d: d.WeightedRandomSampler([1.0], 1, replacement=None),
        lambda d: d.WeightedRandomSampler([[1.0]], 1),
        lambda d: d.BatchSampler(range(3), True, False),
        lambda d: d.BatchSampler(range(3), 2, None),
    ],
)
def test_sampler_errors_match_torch(make: Callable[[Any], Any]) -> None:
    assert _error(lambda: make(pdata)) == _error(lambda: make(tdata))


# --- datasets and random_split -------------------------------------------------------------


def test_datasets() -> None:
    def run(lib: Any, data: Any) -> Any:
        a = make_dataset(lib, data, 3)
        b = data.TensorDataset(lib.ones(2, 2), lib.zeros(2, dtype=lib.int64))
        concat = a + b
        subset = data.Subset(concat, [4, 0, 2])
        stacked = data.StackDataset(a, a)
        named = data.StackDataset(x=a, y=b + data.Subset(b, [0]))
        return [
            len(a), a[1], a[-1],
            len(concat), concat.cumulative_sizes, [concat[i] for i in range(5)], concat[-1],
            len(subset), [subset[i] for i in range(3)], subset.__getitems__([0, 2]),
            len(stacked), stacked[2], len(named), named[0],
        ]  # fmt: skip

    assert_same(run, seed=None)
    with pytest.raises(ValueError, match="absolute value"):
        pdata.ConcatDataset([make_dataset(pt, pdata, 2)])[-3]


def test_tensor_dataset_size_mismatch() -> None:
    with pytest.raises(AssertionError, match="Size mismatch between tensors"):
        pdata.TensorDataset(pt.zeros(3, 2), pt.zeros(4))
    with pytest.raises(ValueError, match="Size mismatch between datasets"):
        pdata.StackDataset([1, 2], [1])


@pytest.mark.parametrize(
    "lengths",
    [[3, 7], [0.3, 0.7], [0.5, 0.5], [0.2, 0.2, 0.2, 0.2, 0.2], [1 / 3, 1 / 3, 1 / 3], [10]],
)
@pytest.mark.parametrize("n", [10, 13])
def test_random_split_matches_torch(lengths: list[float], n: int) -> None:
    if all(isinstance(x, int) for x in lengths) and sum(lengths) != n:
        lengths = [*lengths[:-1], n - sum(lengths[:-1])]

    def run(lib: Any, data: Any) -> Any:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            seeded = data.random_split(range(n), lengths, generator=lib.Generator().manual_seed(42))
            default = data.random_split(range(n), lengths)  # the global generator
        return [list(s) for s in seeded], [s.indices for s in default], lib.rand(1)

    assert_same(run, seed=5)


def test_random_split_errors_and_warning() -> None:
    assert _error(lambda: pdata.random_split(range(5), [2, 2])) == _error(
        lambda: tdata.random_split(range(5), [2, 2])
    )
    assert _error(lambda: pdata.random_split(range(5), [1.5, -0.5])) == _error(
        lambda: tdata.random_split(range(5), [1.5, -0.5])
    )
    with pytest.warns(UserWarning, match="Length of split at index 1 is 0"):
        pdata.random_split(range(1), [0.5, 0.5])


# --- collation -----------------------------------------------------------------------------

Point = collections.namedtuple("Point", ["x", "y"])


@pytest.mark.parametrize(
    "make_batch",
    [
        lambda lib: [1, 2, 3],
        lambda lib: [1.5, 2.0],
        lambda lib: [True, False],
        lambda lib: ["a", "b"],
        lambda lib: [b"a", b"b"],
        lambda lib: [lib.tensor([1.0, 2.0]), lib.tensor([3.0, 4.0])],
        lambda lib: [lib.tensor(1, dtype=lib.int16), lib.tensor(2, dtype=lib.int16)],
        lambda lib: [(lib.ones(2), 1, 0.5, True, "s"), (lib.zeros(2), 2, 1.5, False, "t")],
        lambda lib: [[1, 2.5], [3, 4.5]],
        lambda lib: [{"a": 1, "b": [lib.ones(1), 2.0]}, {"a": 2, "b": [lib.zeros(1), 3.0]}],
        lambda lib: [collections.OrderedDict(z=1, a=2), collections.OrderedDict(z=3, a=4)],
        lambda lib: [Point(1, lib.ones(2)), Point(2, lib.zeros(2))],
        lambda lib: [{"p": Point(0.5, (1, 2))}, {"p": Point(1.5, (3, 4))}],
        lambda lib: [np.array([1.0, 2.0]), np.array([3.0, 4.0])],
        lambda lib: [np.float32(1.5), np.float32(2.5)],
        lambda lib: [np.int32(1), np.int32(2)],
        lambda lib: [(np.arange(3), "x"), (np.arange(3), "y")],
    ],
)
def test_default_collate_matches_torch(make_batch: Callable[[Any], Any]) -> None:
    ours = describe(pdata.default_collate(make_batch(pt)))
    theirs = describe(tdata.default_collate(make_batch(torch)))
    assert ours == theirs


@pytest.mark.parametrize(
    "make_data",
    [
        lambda lib: np.arange(3),
        lambda lib: (np.arange(2), 1, "s"),
        lambda lib: {"a": np.float64(2.5), "b": [np.arange(2)]},
        lambda lib: Point(np.arange(2), 3),
        lambda lib: lib.ones(2),
        lambda lib: np.array(["a", "b"]),
    ],
)
def test_default_convert_matches_torch(make_data: Callable[[Any], Any]) -> None:
    ours = describe(pdata.default_convert(make_data(pt)))
    theirs = describe(tdata.default_convert(make_data(torch)))
    assert ours == theirs


@pytest.mark.parametrize(
    "batch", [[object(), object()], [[1, 2], [3]], [np.array(["a"]), np.array(["b"])]]
)
def test_collate_errors_match_torch(batch: list[Any]) -> None:
    assert _error(lambda: pdata.default_collate(batch)) == _error(
        lambda: tdata.default_collate(batch)
    )


def test_collated_batches_from_a_loader() -> None:
    def run(lib: Any, data: Any) -> Any:
        class Samples(data.Dataset):  # type: ignore[misc, name-defined]
            def __getitem__(self, i: int) -> Any:
                return {"x": lib.full((2,), float(i)), "y": i, "w": i / 2, "tag": f"s{i}"}

            def __len__(self) -> int:
                return 5

        return list(data.DataLoader(Samples(), batch_size=2, shuffle=True))

    assert_same(run, seed=11)
