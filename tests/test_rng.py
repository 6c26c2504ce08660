"""Seeded random tensors equal PyTorch's, at the tensor level (pytensor.rand, Tensor.normal_, ...).

The generator and transforms are tested word by word in test_random_raw.py; here every public
entry point is compared with torch after the same seed, exactly (bit for bit).
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from typing import Any

import pytest

import pytensor as pt

torch = pytest.importorskip("torch")

SEEDS = [0, 42, 12345]
SIZES = [1, 15, 16, 17, 100, 10_000]
FLOATS = [("float32", pt.float32, torch.float32), ("float64", pt.float64, torch.float64)]


def bits(values: list[Any], fmt: str) -> list[bytes]:
    return [struct.pack(fmt, v) for v in values]


def assert_same(p: pt.Tensor, t: Any) -> None:
    """Equal values, bit for bit (so -0.0 and nan payload-free values compare exactly)."""
    assert tuple(p.shape) == tuple(t.shape)
    assert p.dtype.name == str(t.dtype).replace("torch.", "")
    pv = p.reshape(-1).tolist()
    tv = t.reshape(-1).tolist()
    if p.dtype.is_floating_point:
        fmt = "<d" if p.dtype.bits == 64 else "<f"
        assert bits(pv, fmt) == bits(tv, fmt)
    else:
        assert pv == tv


def both(seed: int, make_pt: Callable[[], pt.Tensor], make_torch: Callable[[], Any]) -> None:
    pt.manual_seed(seed)
    torch.manual_seed(seed)
    assert_same(make_pt(), make_torch())


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("name,pdt,tdt", FLOATS)
def test_rand_and_randn(seed: int, n: int, name: str, pdt: Any, tdt: Any) -> None:
    both(seed, lambda: pt.rand(n, dtype=pdt), lambda: torch.rand(n, dtype=tdt))
    both(seed, lambda: pt.randn(n, dtype=pdt), lambda: torch.randn(n, dtype=tdt))


@pytest.mark.parametrize("seed", SEEDS)
def test_shapes_and_like_forms(seed: int) -> None:
    both(seed, lambda: pt.randn(3, 4, 5), lambda: torch.randn(3, 4, 5))
    both(seed, lambda: pt.rand((2, 9)), lambda: torch.rand((2, 9)))
    base_p, base_t = pt.zeros(4, 5, dtype=pt.float64), torch.zeros(4, 5, dtype=torch.float64)
    both(seed, lambda: pt.rand_like(base_p), lambda: torch.rand_like(base_t))
    both(seed, lambda: pt.randn_like(base_p), lambda: torch.randn_like(base_t))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("n", [1, 7, 16, 1000])
def test_randint_and_randperm(seed: int, n: int) -> None:
    both(seed, lambda: pt.randint(0, 10, (n,)), lambda: torch.randint(0, 10, (n,)))
    both(seed, lambda: pt.randint(-5, 2**40, (n,)), lambda: torch.randint(-5, 2**40, (n,)))
    both(seed, lambda: pt.randint(7, (n,)), lambda: torch.randint(7, (n,)))
    both(seed, lambda: pt.randperm(n), lambda: torch.randperm(n))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("n", [3, 16, 50])
def test_normal_overloads(seed: int, n: int) -> None:
    means = [float(i) for i in range(n)]
    stds = [0.5 + 1.5 * i / n for i in range(n)]
    mean_p, mean_t = pt.tensor(means), torch.tensor(means)
    std_p, std_t = pt.tensor(stds), torch.tensor(stds)
    both(seed, lambda: pt.normal(2.0, 3.0, (n,)), lambda: torch.normal(2.0, 3.0, (n,)))
    both(seed, lambda: pt.normal(mean_p, std_p), lambda: torch.normal(mean_t, std_t))
    both(seed, lambda: pt.normal(mean_p, 2.0), lambda: torch.normal(mean_t, 2.0))
    both(seed, lambda: pt.normal(1.0, std_p), lambda: torch.normal(1.0, std_t))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("n", [5, 16, 300])
@pytest.mark.parametrize("name,pdt,tdt", FLOATS)
def test_inplace_samplers(seed: int, n: int, name: str, pdt: Any, tdt: Any) -> None:
    def fill(lib: Any, dt: Any, how: str) -> Any:
        t = lib.empty(n, dtype=dt)
        return getattr(t, how[0])(*how[1:])

    for how in [
        ("uniform_", -2.0, 3.0),
        ("normal_", 1.0, 0.5),
        ("exponential_", 2.0),
        ("bernoulli_", 0.3),
        ("random_", 0, 100),
        ("random_", 50),
    ]:
        both(seed, lambda: fill(pt, pdt, how), lambda: fill(torch, tdt, how))


@pytest.mark.parametrize("seed", SEEDS)
def test_bernoulli_with_probabilities(seed: int) -> None:
    probs = [i / 40 for i in range(40)]
    for pdt, tdt in [(pt.float32, torch.float32), (pt.float64, torch.float64)]:
        p, t = pt.tensor(probs, dtype=pdt), torch.tensor(probs, dtype=tdt)
        both(seed, lambda: pt.bernoulli(p), lambda: torch.bernoulli(t))
        both(
            seed,
            lambda: pt.zeros(40, dtype=pdt).bernoulli_(p),
            lambda: torch.zeros(40, dtype=tdt).bernoulli_(t),
        )


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("replacement", [False, True])
def test_multinomial(seed: int, replacement: bool) -> None:
    weights = [[0.1, 0.2, 0.3, 0.4, 1.0], [2.0, 1.0, 0.5, 0.25, 0.125]]
    p, t = pt.tensor(weights), torch.tensor(weights)
    both(
        seed,
        lambda: pt.multinomial(p, 3, replacement),
        lambda: torch.multinomial(t, 3, replacement),
    )
    both(seed, lambda: p[0].multinomial(4, replacement), lambda: t[0].multinomial(4, replacement))


@pytest.mark.parametrize("seed", SEEDS)
def test_explicit_generator(seed: int) -> None:
    gp = pt.Generator().manual_seed(seed)
    gt = torch.Generator().manual_seed(seed)
    pt.manual_seed(seed + 1)  # the global stream must not be used
    torch.manual_seed(seed + 1)
    for _ in range(2):
        assert_same(pt.rand(20, generator=gp), torch.rand(20, generator=gt))
        assert_same(pt.randn(5, generator=gp), torch.randn(5, generator=gt))
        assert_same(pt.randint(0, 9, (6,), generator=gp), torch.randint(0, 9, (6,), generator=gt))
        assert_same(pt.randperm(12, generator=gp), torch.randperm(12, generator=gt))
        assert_same(pt.empty(17).normal_(generator=gp), torch.empty(17).normal_(generator=gt))
    assert_same(pt.rand(3), torch.rand(3))


def test_interleaved_calls_share_one_stream() -> None:
    pt.manual_seed(7)
    torch.manual_seed(7)
    for n in [3, 20, 1, 16, 5]:
        assert_same(pt.randn(n), torch.randn(n))
        assert_same(pt.rand(n, dtype=pt.float64), torch.rand(n, dtype=torch.float64))
        assert_same(pt.randint(0, 1000, (n,)), torch.randint(0, 1000, (n,)))


def test_rng_state_round_trip_and_layout() -> None:
    pt.manual_seed(3)
    torch.manual_seed(3)
    pt.rand(10)
    torch.rand(10)
    state_p, state_t = pt.get_rng_state(), torch.get_rng_state()
    assert state_p.dtype is pt.uint8
    assert state_p.tolist() == state_t.tolist()  # the same byte layout as torch
    first = pt.randn(20)
    pt.set_rng_state(state_p)
    assert pt.randn(20).tolist() == first.tolist()
    pt.set_rng_state(state_p)
    torch.set_rng_state(torch.tensor(state_p.tolist(), dtype=torch.uint8))
    assert_same(pt.randn(20), torch.randn(20))


def test_fork_rng_restores_the_stream() -> None:
    pt.manual_seed(11)
    expected = pt.rand(5).tolist()
    pt.manual_seed(11)
    with pt.random.fork_rng():
        pt.randn(100)
    assert pt.rand(5).tolist() == expected


def test_initial_seed() -> None:
    pt.manual_seed(1234)
    assert pt.initial_seed() == 1234
