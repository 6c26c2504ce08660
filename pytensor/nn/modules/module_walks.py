"""The walks over a Module's tree: named_modules, children, named_parameters, parameters,
named_buffers and buffers. `Module` inherits them from `_ModuleWalks`, so that module.py stays
short; they read `_modules`, `_parameters` and `_buffers`, the dicts that `Module.__setattr__`
fills.

>>> import pytensor.nn as nn
>>> net = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3))
>>> [name for name, _ in net.named_buffers()]
['1.running_mean', '1.running_var', '1.num_batches_tracked']
"""

# Every method here runs on a Module, the one class that inherits them, so `self` is typed
# `Module`; mypy would ask for a supertype of _ModuleWalks.
# mypy: disable-error-code="misc"

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ...tensor import Tensor
from ..parameter import Parameter

if TYPE_CHECKING:
    from .module import Module


class _ModuleWalks:
    """The tree walks of `Module` (a mixin: every method runs on a Module)."""

    def named_modules(
        self: Module,
        memo: set[Module] | None = None,
        prefix: str = "",
        remove_duplicate: bool = True,
    ) -> Iterator[tuple[str, Module]]:
        """Yield `(name, module)` for this module and every descendant, depth first, each once (by
        identity).

        Args:
            memo: modules already yielded (used by the recursion).
            prefix: the name of this module, prepended to the others.
            remove_duplicate: if False, a module reachable twice is yielded twice.

        Examples:
            >>> import pytensor.nn as nn
            >>> net = nn.Sequential(nn.Linear(2, 3), nn.Sequential(nn.ReLU()))
            >>> [name for name, _ in net.named_modules()]
            ['', '0', '1', '1.0']
        """
        if memo is None:
            memo = set()
        if remove_duplicate:
            if self in memo:
                return
            memo.add(self)
        yield prefix, self
        for name, module in self._modules.items():
            if module is None:
                continue
            sub_prefix = prefix + ("." if prefix else "") + name
            yield from module.named_modules(memo, sub_prefix, remove_duplicate)

    def modules(self: Module) -> Iterator[Module]:
        """Yield this module and every descendant (see `named_modules`)."""
        for _, module in self.named_modules():
            yield module

    def named_children(self: Module) -> Iterator[tuple[str, Module]]:
        """Yield `(name, module)` for the direct children, each once."""
        seen: set[Module] = set()
        for name, module in self._modules.items():
            if module is not None and module not in seen:
                seen.add(module)
                yield name, module

    def children(self: Module) -> Iterator[Module]:
        """Yield the direct children, each once."""
        for _, module in self.named_children():
            yield module

    def _named_members(
        self: Module, store: str, prefix: str, recurse: bool, remove_duplicate: bool
    ) -> Iterator[tuple[str, Any]]:
        """Entries of `_parameters` or `_buffers` across the tree; a tensor shared by two
        layers (tied weights) is yielded once."""
        seen: set[int] = set()
        modules = (
            self.named_modules(prefix=prefix, remove_duplicate=remove_duplicate)
            if recurse
            else [(prefix, self)]
        )
        for module_prefix, module in modules:
            for name, value in getattr(module, store).items():
                if value is None or (remove_duplicate and id(value) in seen):
                    continue
                seen.add(id(value))
                yield module_prefix + ("." if module_prefix else "") + name, value

    def named_parameters(
        self: Module, prefix: str = "", recurse: bool = True, remove_duplicate: bool = True
    ) -> Iterator[tuple[str, Parameter]]:
        """Yield `(name, parameter)` for every parameter, with dotted names; a parameter shared
        by two layers (tied weights) is yielded once.

        Args:
            prefix: prepended to every name.
            recurse: if False, only this module's own parameters.
            remove_duplicate: if False, a shared parameter is yielded under each name.

        Examples:
            >>> import pytensor.nn as nn
            >>> net = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
            >>> [(name, tuple(p.shape)) for name, p in net.named_parameters()]
            [('0.weight', (3, 2)), ('0.bias', (3,)), ('2.weight', (1, 3)), ('2.bias', (1,))]
        """
        yield from self._named_members("_parameters", prefix, recurse, remove_duplicate)

    def parameters(self: Module, recurse: bool = True) -> Iterator[Parameter]:
        """Yield every parameter (see `named_parameters`); what an optimizer is given.

        Args:
            recurse: if False, only this module's own parameters.

        Examples:
            >>> import pytensor.nn as nn
            >>> sum(p.numel() for p in nn.Linear(10, 5).parameters())
            55
        """
        for _, param in self.named_parameters(recurse=recurse):
            yield param

    def named_buffers(
        self: Module, prefix: str = "", recurse: bool = True, remove_duplicate: bool = True
    ) -> Iterator[tuple[str, Tensor]]:
        """Yield `(name, buffer)` for every buffer, with dotted names, each once.

        Args:
            prefix: prepended to every name.
            recurse: if False, only this module's own buffers.
            remove_duplicate: if False, a shared buffer is yielded under each name.
        """
        yield from self._named_members("_buffers", prefix, recurse, remove_duplicate)

    def buffers(self: Module, recurse: bool = True) -> Iterator[Tensor]:
        """Yield every buffer (see `named_buffers`).

        Args:
            recurse: if False, only this module's own buffers.
        """
        for _, buf in self.named_buffers(recurse=recurse):
            yield buf
