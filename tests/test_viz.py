"""pytensor.viz.make_dot: the DOT text is parsed back and checked against the grad_fn graph
walked independently here, and the grad_fn names against torch's graph of the same expression.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import pytensor as pt
from pytensor.viz import GraphvizNotInstalledError, make_dot

torch = pytest.importorskip("torch")

LEAF, OUTPUT, SAVED = "lightblue", "darkolivegreen1", "orange"

# --- a small DOT reader (only what make_dot writes) ----------------------------------------

QUOTED = r'"((?:[^"\\]|\\.)*)"'
NODE_RE = re.compile(rf"^\t{QUOTED} \[(.*)\]$")
EDGE_RE = re.compile(rf"^\t{QUOTED} -> {QUOTED}(?: \[(.*)\])?$")
ATTR_RE = re.compile(rf"(\w+)={QUOTED}")


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), text)


def parse_dot(
    source: str,
) -> tuple[dict[str, dict[str, str]], list[tuple[str, str, dict[str, str]]]]:
    """Nodes (id -> attributes, label unescaped) and edges (tail, head, attributes)."""
    nodes: dict[str, dict[str, str]] = {}
    edges: list[tuple[str, str, dict[str, str]]] = []
    lines = source.splitlines()
    assert lines[0] == "digraph {" and lines[-1] == "}"
    for line in lines[1:-1]:
        if line.startswith(("\tgraph [", "\tnode [")):
            continue
        if m := EDGE_RE.match(line):
            attrs = {k: unescape(v) for k, v in ATTR_RE.findall(m.group(3) or "")}
            edges.append((unescape(m.group(1)), unescape(m.group(2)), attrs))
        elif m := NODE_RE.match(line):
            nodes[unescape(m.group(1))] = {k: unescape(v) for k, v in ATTR_RE.findall(m.group(2))}
        else:
            raise AssertionError(f"unexpected DOT line {line!r}")
    for tail, head, _ in edges:
        assert tail in nodes and head in nodes, (tail, head)
    return nodes, edges


def labelled_edges(source: str, kind: str | None = None) -> Counter[tuple[str, str]]:
    """Edges as (tail label, head label): plain edges (kind None), or dir=none / dotted ones."""
    nodes, edges = parse_dot(source)
    out: Counter[tuple[str, str]] = Counter()
    for tail, head, attrs in edges:
        edge_kind = attrs.get("dir") or attrs.get("style")
        if edge_kind == kind:
            out[(nodes[tail]["label"], nodes[head]["label"])] += 1
    return out


def fn_labels(source: str) -> Counter[str]:
    """Labels of the grad_fn boxes (those without a fill colour)."""
    nodes, _ = parse_dot(source)
    return Counter(a["label"] for a in nodes.values() if "fillcolor" not in a)


# --- the graph walked independently ---------------------------------------------------------


def shape_str(shape: Any) -> str:
    return "(" + ", ".join(str(int(n)) for n in shape) + ")"


def walk(root: Any) -> list[Any]:
    """Every node reachable from `root` through next_functions, breadth first."""
    seen = {id(root): root}
    queue = [root]
    for fn in queue:
        for nxt, _ in fn.next_functions:
            if nxt is not None and id(nxt) not in seen:
                seen[id(nxt)] = nxt
                queue.append(nxt)
    return queue


def expected_graph(
    out: Any, names: dict[int, str]
) -> tuple[Counter[str], Counter[tuple[str, str]]]:
    """What make_dot should draw for `out` (a torch or pytensor tensor): the grad_fn names,
    and the edges between labels (leaf boxes labelled by `names`, output by its shape)."""
    fns = walk(out.grad_fn)
    labels = Counter(type(fn).__name__ for fn in fns)  # torch's name() is "torch::...Grad"
    edges: Counter[tuple[str, str]] = Counter()
    for fn in fns:
        for nxt, _ in fn.next_functions:
            if nxt is not None:
                edges[(type(nxt).__name__, type(fn).__name__)] += 1
        if hasattr(fn, "variable"):
            v = fn.variable
            edges[(f"{names[id(v)]}\n{shape_str(v.shape)}", type(fn).__name__)] += 1
    edges[(type(out.grad_fn).__name__, shape_str(out.shape))] += 1
    return labels, edges


# --- the expressions, written once for both libraries ---------------------------------------


def mlp(lib: Any) -> tuple[Any, dict[str, Any]]:
    """A two-layer MLP and its mean squared error."""
    gen = torch.Generator().manual_seed(0)

    def data(*shape: int, grad: bool = False) -> Any:
        t = lib.tensor(torch.randn(*shape, generator=gen).tolist())
        return t.requires_grad_() if grad else t

    x, target = data(4, 3), data(4, 2)
    params = {"w1": data(3, 5, grad=True), "b1": data(5, grad=True)}
    params |= {"w2": data(5, 2, grad=True), "b2": data(2, grad=True)}
    h = (x @ params["w1"] + params["b1"]).relu()
    out = h @ params["w2"] + params["b2"]
    return ((out - target) ** 2).mean(), params


def shared_broadcast(lib: Any) -> tuple[Any, dict[str, Any]]:
    """`a` (3, 1) is used three times and broadcast against `b` (4,)."""
    a = lib.tensor([[1.0], [2.0], [3.0]], requires_grad=True)
    b = lib.tensor([10.0, 20.0, 30.0, 40.0], requires_grad=True)
    y = a * b + a.exp() * a
    return (y / 7).sum(), {"a": a, "b": b}


EXPRESSIONS: list[Callable[[Any], tuple[Any, dict[str, Any]]]] = [mlp, shared_broadcast]


@pytest.mark.parametrize("expr", EXPRESSIONS, ids=lambda f: f.__name__)
def test_nodes_and_edges_follow_the_grad_fn_graph(expr: Any) -> None:
    loss, params = expr(pt)
    source = make_dot(loss, params=params).source
    names = {id(t): name for name, t in params.items()}
    labels, edges = expected_graph(loss, names)
    assert fn_labels(source) == labels
    assert labelled_edges(source) == edges
    nodes, _ = parse_dot(source)
    colours = Counter(a.get("fillcolor") for a in nodes.values())
    assert colours[LEAF] == len(params) and colours[OUTPUT] == 1 and colours[SAVED] == 0
    # one box per distinct grad_fn, one per leaf, one for the output
    assert len(nodes) == sum(labels.values()) + len(params) + 1


@pytest.mark.parametrize("expr", EXPRESSIONS, ids=lambda f: f.__name__)
def test_names_and_edges_match_torch(expr: Any) -> None:
    loss, params = expr(pt)
    source = make_dot(loss, params=params).source
    t_loss, t_params = expr(torch)
    t_labels, t_edges = expected_graph(t_loss, {id(t): n for n, t in t_params.items()})
    assert fn_labels(source) == t_labels
    assert labelled_edges(source) == t_edges


def test_params_name_the_leaves() -> None:
    w = pt.ones(2, 3, requires_grad=True)
    v = pt.ones(3, requires_grad=True)
    nodes, _ = parse_dot(make_dot((w * v).sum(), params={"layer.weight": w}).source)
    leaves = sorted(a["label"] for a in nodes.values() if a.get("fillcolor") == LEAF)
    assert leaves == ["(3)", "layer.weight\n(2, 3)"]
    outputs = [a["label"] for a in nodes.values() if a.get("fillcolor") == OUTPUT]
    assert outputs == ["()"]
    with pytest.raises(TypeError, match="params must map names to Tensors"):
        make_dot((w * v).sum(), params={"w": [1.0]})  # type: ignore[dict-item]


def test_model_named_parameters() -> None:
    pt.manual_seed(0)
    model = pt.nn.Sequential(pt.nn.Linear(3, 4), pt.nn.ReLU(), pt.nn.Linear(4, 1))
    loss = model(pt.randn(5, 3)).sum()
    nodes, _ = parse_dot(make_dot(loss, params=dict(model.named_parameters())).source)
    leaves = {a["label"] for a in nodes.values() if a.get("fillcolor") == LEAF}
    assert leaves == {"0.weight\n(4, 3)", "0.bias\n(4)", "2.weight\n(1, 4)", "2.bias\n(1)"}


def test_show_saved() -> None:
    a = pt.tensor([1.0, 2.0, 3.0], requires_grad=True)
    c = pt.tensor([[1.0], [2.0]])
    loss = (a.exp() * c).sum()
    plain = make_dot(loss).source
    source = make_dot(loss, show_saved=True).source
    nodes, edges = parse_dot(source)
    # The saved tensors, from the nodes' own records: every one is linked to its node.
    expected: Counter[tuple[str, str]] = Counter()
    for fn in walk(loss.grad_fn):
        for t in {id(t): t for t, _, _ in fn._saved}.values():
            expected[(fn.name(), shape_str(t.shape))] += 1
    assert ("ExpBackward0", "(3)") in expected and len(expected) >= 2  # exp saves its result
    got = Counter(
        (nodes[tail]["label"], nodes[head]["label"].split("\n")[-1])
        for tail, head, attrs in edges
        if attrs.get("dir") == "none"
    )
    assert got == expected
    saved = [a["label"] for a in nodes.values() if a.get("fillcolor") == SAVED]
    assert saved and all(label.split("\n")[0].startswith(("saved[", "result")) for label in saved)
    # The rest of the graph is unchanged, and nothing saved shows without show_saved.
    assert labelled_edges(source) == labelled_edges(plain)
    assert SAVED not in plain and "dir=" not in plain


def test_show_attrs_lists_saved_tensors_and_truncates() -> None:
    a = pt.tensor([1.0, 2.0], requires_grad=True)
    y = a.exp()
    y.grad_fn.metadata["note"] = "x" * 80  # user metadata, as in torch's Node.metadata
    nodes, _ = parse_dot(make_dot(y, show_attrs=True, max_attr_chars=10).source)
    (label,) = [n["label"] for n in nodes.values() if n["label"].startswith("ExpBackward0")]
    lines = label.split("\n")
    assert lines[0] == "ExpBackward0" and set(lines[1]) == {"-"}
    assert any(line.startswith("result: ") and line.endswith("[saved ...") for line in lines)
    assert any(line.startswith("note") and line.endswith("xxxxxxx...") for line in lines)
    assert all(len(line) <= len(lines[1]) for line in lines[2:])


def test_deep_chain_does_not_recurse() -> None:
    x = pt.tensor([1.0, 2.0], requires_grad=True)
    y = x
    for _ in range(3000):
        y = y * 1.0
    dot = make_dot(y)
    labels = fn_labels(dot.source)
    assert labels == Counter({"MulBackward0": 3000, "AccumulateGrad": 1})
    assert len(dot.edges) == 3000 + 1 + 1  # the chain, leaf -> AccumulateGrad, fn -> output


def test_deterministic_ids_and_source() -> None:
    first = make_dot(mlp(pt)[0], show_saved=True).source
    second = make_dot(mlp(pt)[0], show_saved=True).source  # other objects, other id()s
    assert first == second
    loss, params = shared_broadcast(pt)
    assert make_dot(loss, params).source == make_dot(loss, params).source
    nodes, _ = parse_dot(first)
    assert list(nodes) == [str(i) for i in range(len(nodes))]  # numbered in visit order
    assert "0x" not in first


def test_escaping() -> None:
    name = 'odd "name"\\with\nnewline'
    w = pt.ones(2, requires_grad=True)
    source = make_dot((w * 2).sum(), params={name: w}).source
    assert "\nnewline" not in source  # the newline is written as DOT's \n
    nodes, _ = parse_dot(source)
    assert f"{name}\n(2)" in {a["label"] for a in nodes.values()}


def test_several_outputs_and_no_graph() -> None:
    a = pt.tensor([1.0, 2.0], requires_grad=True)
    y1, y2 = a.exp(), a * 3
    nodes, edges = parse_dot(make_dot((y1, y2)).source)
    assert Counter(n.get("fillcolor") for n in nodes.values())[OUTPUT] == 2
    assert fn_labels(make_dot((y1, y2)).source) == Counter(
        {"ExpBackward0": 1, "MulBackward0": 1, "AccumulateGrad": 1}
    )
    nodes, edges = parse_dot(make_dot(pt.ones(3)).source)
    assert [n["label"] for n in nodes.values()] == ["(3)"] and edges == []


def test_view_output_shows_its_base() -> None:
    w = pt.ones(3, 2, requires_grad=True)
    v = (w * 2).view(6)
    source = make_dot(v).source
    assert labelled_edges(source, "dotted") == Counter({("(3, 2)", "(6)"): 1})
    t_w = torch.ones(3, 2, requires_grad=True)
    t_v = (t_w * 2).view(6)
    assert fn_labels(source) == expected_graph(t_v, {id(t_w): ""})[0]


def test_render_without_graphviz_package(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    dot = make_dot((pt.ones(2, requires_grad=True) * 2).sum())
    monkeypatch.setitem(sys.modules, "graphviz", None)  # import graphviz raises ImportError
    with pytest.raises(GraphvizNotInstalledError) as info:
        dot.render(str(tmp_path / "g"), format="svg")
    message = str(info.value)
    assert "graphviz Python package" in message
    assert "pip install graphviz" in message and "apt-get install graphviz" in message
    assert isinstance(info.value, RuntimeError)
    with pytest.raises(GraphvizNotInstalledError):
        dot._repr_svg_()
    assert dot.source.startswith("digraph {")  # the text still works
    assert not list(tmp_path.iterdir())


def test_render_without_dot_program(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    dot = make_dot((pt.ones(2, requires_grad=True) * 2).sum())
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None)
    with pytest.raises(GraphvizNotInstalledError, match="`dot` program"):
        dot.render(str(tmp_path / "g"), format="png")


def test_render_svg_and_png(tmp_path: Path) -> None:
    # Graphviz is part of the set-up (README), so its absence fails here instead of skipping.
    if importlib.util.find_spec("graphviz") is None or shutil.which("dot") is None:
        pytest.fail("rendering needs Graphviz: sh tools/install_system_packages.sh, and the graphviz "
                    "package (the dev or docs extra)")  # fmt: skip
    loss, params = mlp(pt)
    dot = make_dot(loss, params=params, show_saved=True)
    svg = Path(dot.render(str(tmp_path / "graph"), format="svg"))
    assert svg == tmp_path / "graph.svg" and svg.stat().st_size > 0
    text = svg.read_text()
    assert "<svg" in text and "MmBackward0" in text and "w1" in text
    png = Path(dot.render(str(tmp_path / "graph"), format="png"))
    assert png.read_bytes().startswith(b"\x89PNG")
    assert dot._repr_svg_().lstrip().startswith(("<?xml", "<svg", "<!--"))
