"""docs/compat.md is generated from docs/compat/names.txt and must be up to date.

When this fails, run `python tools/gen_compat.py` and commit the new page: a name was added to
pytensor (or to the list), and the page should say so.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import gen_compat  # noqa: E402


def test_compat_page_is_up_to_date() -> None:
    expected = gen_compat.render()
    actual = gen_compat.PAGE.read_text(encoding="utf-8")
    assert actual == expected, "docs/compat.md is out of date: run python tools/gen_compat.py"


def test_every_listed_name_exists_in_torch() -> None:
    """The list only names real PyTorch API (a typo would show up as 'missing in pytensor')."""
    torch = pytest.importorskip("torch")
    torch_data = pytest.importorskip("torch.utils.data")

    objects = {
        "torch": torch,
        "torch.Tensor": torch.Tensor,
        "torch.nn": torch.nn,
        "torch.nn.functional": torch.nn.functional,
        "torch.optim": torch.optim,
        "torch.utils.data": torch_data,
    }
    names = gen_compat.read_names()
    assert set(names) == set(objects)
    missing = []
    for ns, listed in names.items():
        for name in listed:
            obj = objects[ns]
            for part in name.split("."):
                if not hasattr(obj, part):
                    missing.append(f"{ns}.{name}")
                    break
                obj = getattr(obj, part)
    assert missing == []


def test_lookup() -> None:
    import pytensor

    assert gen_compat.has(pytensor, "nn.functional.relu")
    assert gen_compat.has(pytensor.Tensor, "grad")  # set per tensor, not on the class
    assert gen_compat.has(pytensor, "cuda.is_available")  # as PyTorch's CPU build
    assert not gen_compat.has(pytensor, "fft.fft")
    assert not gen_compat.has(pytensor.Tensor, "no_such_method")


def test_names_file_rejects_duplicates(tmp_path: Path) -> None:
    path = tmp_path / "names.txt"
    path.write_text("[torch]\nzeros\n# a comment\nzeros\n")
    with pytest.raises(ValueError, match="listed twice"):
        gen_compat.read_names(path)
