"""The distribution has a name of its own: `pytensor` on PyPI is PyMC's PyTensor.

A reader told to `pip install pytensor` gets that other project, so nothing here may say so.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# `pip install pytensor`, `pip install "pytensor[opencl]"`, `pip install -U pytensor==1`, ...
INSTALLS_PYMC = re.compile(r"""pip install (?:-\S+ )*["']?pytensor(?:["'\[\s=<>~!]|$)""", re.M)


def test_distribution_name_is_not_pymc_s() -> None:
    # (read with a pattern rather than tomllib, which Python 3.10 lacks)
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert re.findall(r'^name = "(.*)"$', pyproject, re.M) == ["pytensor-learn"]
    assert 'include = ["pytensor*"]' in pyproject  # the import name stays pytensor


def test_no_page_tells_a_reader_to_pip_install_pytensor() -> None:
    files = [ROOT / "README.md", *ROOT.glob("docs/**/*.md"), *ROOT.glob("examples/*.py"),
             *ROOT.glob("pytensor/**/*.py"), *ROOT.glob("benchmarks/*.py")]  # fmt: skip
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in files
        for match in INSTALLS_PYMC.finditer(path.read_text())
    ]
    assert offenders == []


def test_the_pattern_catches_the_old_advice() -> None:
    assert INSTALLS_PYMC.search('pip install "pytensor[opencl]" installs both')
    assert INSTALLS_PYMC.search("pip install pytensor\n")
    assert not INSTALLS_PYMC.search('pip install -e ".[opencl]"')
    assert not INSTALLS_PYMC.search("pip install pytensor-learn")


def test_docs_extra_builds_the_site_on_its_own() -> None:
    """mkdocs build runs tools/docs_hooks.py, which renders with the graphviz package."""
    pyproject = (ROOT / "pyproject.toml").read_text()
    docs = re.findall(r"^docs = \[(.*)\]$", pyproject, re.M)
    assert len(docs) == 1 and '"graphviz"' in docs[0]
