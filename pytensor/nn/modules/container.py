"""Containers: Sequential, ModuleList, ModuleDict, as in torch/nn/modules/container.py.

Each registers its entries as submodules named "0", "1", ... (or by key), so their parameters
appear in `parameters()` and `state_dict()` under those names.

>>> import pytensor.nn as nn
>>> net = nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 1))
>>> len(net), type(net[:2]).__name__
(3, 'Sequential')
"""

from __future__ import annotations

import operator
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from .module import Module, _addindent


class Sequential(Module):
    """A chain of modules: `forward` calls each on the output of the one before.

    `Sequential(m1, m2, ...)` registers the modules under the names "0", "1", ...;
    `Sequential(OrderedDict(...))` keeps the given names. Indexing gives a module, slicing a new
    Sequential of the same modules.

    Args:
        *args: the modules in order, or a single OrderedDict of name -> module.

    Shape:
        - Input: whatever the first module takes.
        - Output: whatever the last module returns.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
        >>> model(pytensor.randn(3, 4)).shape
        pytensor.Size([3, 2])
        >>> model[0]
        Linear(in_features=4, out_features=8, bias=True)
        >>> from collections import OrderedDict
        >>> nn.Sequential(OrderedDict([("fc", nn.Linear(2, 3)), ("act", nn.ReLU())]))
        Sequential(
          (fc): Linear(in_features=2, out_features=3, bias=True)
          (act): ReLU()
        )
    """

    def __init__(self, *args: Any) -> None:
        super().__init__()
        if len(args) == 1 and isinstance(args[0], OrderedDict):
            for key, module in args[0].items():
                self.add_module(key, module)
        else:
            for idx, module in enumerate(args):
                self.add_module(str(idx), module)

    def _index(self, idx: int) -> str:
        size = len(self)
        idx = operator.index(idx)
        if not -size <= idx < size:
            raise IndexError(f"index {idx} is out of range")
        return list(self._modules)[idx % size]

    def __getitem__(self, idx: int | slice) -> Any:
        if isinstance(idx, slice):
            return type(self)(OrderedDict(list(self._modules.items())[idx]))
        return self._modules[self._index(idx)]

    def __setitem__(self, idx: int, module: Module) -> None:
        setattr(self, self._index(idx), module)

    def __delitem__(self, idx: int | slice) -> None:
        keys = list(self._modules)[idx] if isinstance(idx, slice) else [self._index(idx)]
        for key in keys:
            delattr(self, key)
        # Renumber so that the names stay "0", "1", ... (torch does the same).
        self._modules = OrderedDict((str(i), m) for i, m in enumerate(self._modules.values()))

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self) -> Iterator[Module]:
        return iter(m for m in self._modules.values() if m is not None)

    def append(self, module: Module) -> Sequential:
        """Add `module` at the end; return self.

        Examples:
            >>> import pytensor.nn as nn
            >>> len(nn.Sequential(nn.Linear(2, 2)).append(nn.ReLU()))
            2
        """
        self.add_module(str(len(self)), module)
        return self

    def extend(self, modules: Iterable[Module]) -> Sequential:
        """Append every module of `modules` in order; return self."""
        for module in modules:
            self.append(module)
        return self

    def forward(self, input: Any) -> Any:  # noqa: A002
        for module in self:
            input = module(input)
        return input


class ModuleList(Module):
    """Holds submodules in a list, registered so that `parameters()`, `to()` and `state_dict()` see
    them (a plain Python list would hide them). It has no `forward`: iterate over it yourself.

    Args:
        modules: an iterable of modules to add. Default: None (empty).

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> layers = nn.ModuleList([nn.Linear(10, 10) for _ in range(3)])
        >>> x = pytensor.randn(2, 10)
        >>> for layer in layers:
        ...     x = layer(x).relu()
        >>> x.shape, len(list(layers.parameters()))
        (pytensor.Size([2, 10]), 6)
        >>> layers
        ModuleList(
          (0-2): 3 x Linear(in_features=10, out_features=10, bias=True)
        )
    """

    def __init__(self, modules: Iterable[Module] | None = None) -> None:
        super().__init__()
        if modules is not None:
            self.extend(modules)

    def _index(self, idx: int) -> str:
        idx = operator.index(idx)
        if not -len(self) <= idx < len(self):
            raise IndexError(f"index {idx} is out of range")
        return str(idx % len(self))

    def __getitem__(self, idx: int | slice) -> Any:
        if isinstance(idx, slice):
            return type(self)(list(self._modules.values())[idx])  # type: ignore[arg-type]
        return self._modules[self._index(idx)]

    def __setitem__(self, idx: int, module: Module) -> None:
        setattr(self, self._index(idx), module)

    def __delitem__(self, idx: int | slice) -> None:
        keys = list(self._modules)[idx] if isinstance(idx, slice) else [self._index(idx)]
        for key in keys:
            delattr(self, key)
        self._modules = OrderedDict((str(i), m) for i, m in enumerate(self._modules.values()))

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self) -> Iterator[Module]:
        return iter(m for m in self._modules.values() if m is not None)

    def __iadd__(self, modules: Iterable[Module]) -> ModuleList:
        return self.extend(modules)

    def append(self, module: Module) -> ModuleList:
        """Add `module` at the end; return self."""
        self.add_module(str(len(self)), module)
        return self

    def extend(self, modules: Iterable[Module]) -> ModuleList:
        """Append every module of `modules` in order; return self."""
        for module in modules:
            self.append(module)
        return self

    def insert(self, index: int, module: Module) -> None:
        """Insert `module` before position `index`, renumbering the modules after it.

        Examples:
            >>> import pytensor.nn as nn
            >>> layers = nn.ModuleList([nn.ReLU(), nn.Tanh()])
            >>> layers.insert(1, nn.Sigmoid())
            >>> [type(m).__name__ for m in layers]
            ['ReLU', 'Sigmoid', 'Tanh']
        """
        modules = list(self._modules.values())
        modules.insert(index, module)
        self._modules = OrderedDict()
        for i, m in enumerate(modules):
            self.add_module(str(i), m)

    def __repr__(self) -> str:
        """Like Module's, but runs of identical entries print once: "(0-2): 3 x Linear(...)"."""
        reprs = [repr(m) for m in self]
        if not reprs:
            return self._get_name() + "()"
        blocks: list[list[Any]] = []  # [start, end, repr]
        for i, r in enumerate(reprs):
            if blocks and blocks[-1][2] == r:
                blocks[-1][1] = i
            else:
                blocks.append([i, i, r])
        lines = []
        for start, end, r in blocks:
            count = end - start + 1
            line = f"({start}): {r}" if count == 1 else f"({start}-{end}): {count} x {r}"
            lines.append(_addindent(line, 2))
        return self._get_name() + "(\n  " + "\n  ".join(lines) + "\n)"


class ModuleDict(Module):
    """Holds submodules in an ordered dict, registered under their keys so that `parameters()` and
    `state_dict()` see them. It has no `forward`.

    Args:
        modules: a mapping of name -> module, or an iterable of (name, module) pairs. Default:
            None (empty).

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> choices = nn.ModuleDict({"conv": nn.Conv2d(1, 2, 3), "pool": nn.MaxPool2d(2)})
        >>> list(choices.keys())
        ['conv', 'pool']
        >>> choices["pool"](pytensor.ones(1, 1, 4, 4)).shape
        pytensor.Size([1, 1, 2, 2])
    """

    def __init__(self, modules: Mapping[str, Module] | None = None) -> None:
        super().__init__()
        if modules is not None:
            self.update(modules)

    def __getitem__(self, key: str) -> Module:
        module = self._modules[key]
        assert module is not None
        return module

    def __setitem__(self, key: str, module: Module) -> None:
        self.add_module(key, module)

    def __delitem__(self, key: str) -> None:
        del self._modules[key]

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self) -> Iterator[str]:
        return iter(self._modules)

    def __contains__(self, key: object) -> bool:
        return key in self._modules

    def keys(self) -> Iterable[str]:
        """The names, in insertion order."""
        return self._modules.keys()

    def items(self) -> Iterable[tuple[str, Module | None]]:
        """The (name, module) pairs, in insertion order."""
        return self._modules.items()

    def values(self) -> Iterable[Module | None]:
        """The modules, in insertion order."""
        return self._modules.values()

    def pop(self, key: str) -> Module:
        """Remove the module named `key` and return it."""
        module = self[key]
        del self[key]
        return module

    def clear(self) -> None:
        """Remove every module."""
        self._modules.clear()

    def update(self, modules: Mapping[str, Module] | Iterable[tuple[str, Module]]) -> None:
        """Add or replace modules from a mapping or an iterable of (name, module) pairs."""
        pairs = modules.items() if isinstance(modules, Mapping) else modules
        for key, module in pairs:
            self[key] = module
