"""state_dict and load_state_dict: a Module's parameters and persistent buffers by dotted name,
out and back in. `Module` inherits them from `_ModuleStateDict`, so that module.py stays short.

>>> import pytensor.nn as nn
>>> net = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
>>> list(net.state_dict())
['0.weight', '0.bias', '2.weight', '2.bias']
>>> nn.Linear(3, 1).load_state_dict(net[2].state_dict())
<All keys matched successfully>
"""

# Every method here runs on a Module, the one class that inherits them, so `self` is typed
# `Module`; mypy would ask for a supertype of _ModuleStateDict.
# mypy: disable-error-code="misc"

from __future__ import annotations

from collections import OrderedDict, namedtuple
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ...autograd.grad_mode import no_grad
from ...tensor import Tensor

if TYPE_CHECKING:
    from .module import Module


class _IncompatibleKeys(namedtuple("IncompatibleKeys", ["missing_keys", "unexpected_keys"])):
    """What load_state_dict returns: the keys that were missing and the ones left over."""

    missing_keys: list[str]
    unexpected_keys: list[str]

    def __repr__(self) -> str:
        if not self.missing_keys and not self.unexpected_keys:
            return "<All keys matched successfully>"
        return super().__repr__()


class _ModuleStateDict:
    """The state_dict methods of `Module` (a mixin: every method runs on a Module)."""

    def state_dict(
        self: Module, destination: Any = None, prefix: str = "", keep_vars: bool = False
    ) -> OrderedDict[str, Tensor]:
        """Return every parameter and persistent buffer by dotted name, in registration order.

        The values are detached tensors sharing the module's storage (not copies), as in PyTorch:
        save them with `pytensor.save`, or copy them before changing the model.

        Args:
            destination: a dict to fill instead of a new OrderedDict.
            prefix: prepended to every key.
            keep_vars: if True, the tensors are not detached.

        Examples:
            >>> import pytensor.nn as nn
            >>> net = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3))
            >>> list(net.state_dict())  # doctest: +NORMALIZE_WHITESPACE
            ['0.weight', '0.bias', '1.weight', '1.bias', '1.running_mean', '1.running_var',
             '1.num_batches_tracked']
        """
        if destination is None:
            destination = OrderedDict()
        for name, param in self._parameters.items():
            if param is not None:
                destination[prefix + name] = param if keep_vars else param.detach()
        for name, buf in self._buffers.items():
            if buf is not None and name not in self._non_persistent_buffers_set:
                destination[prefix + name] = buf if keep_vars else buf.detach()
        for name, module in self._modules.items():
            if module is not None:
                module.state_dict(destination, prefix + name + ".", keep_vars)
        return destination  # type: ignore[no-any-return]

    def _load_from_state_dict(
        self: Module,
        state_dict: Mapping[str, Any],
        prefix: str,
        missing_keys: list[str],
        error_msgs: list[str],
    ) -> None:
        persistent = {k: v for k, v in self._buffers.items()
                      if k not in self._non_persistent_buffers_set}  # fmt: skip
        local = {**self._parameters, **persistent}
        for name, param in local.items():
            key = prefix + name
            if param is None:
                continue
            if key not in state_dict:
                missing_keys.append(key)
                continue
            value = state_dict[key]
            if not isinstance(value, Tensor):
                error_msgs.append(
                    f'While copying the parameter named "{key}", expected torch.Tensor or '
                    f"Tensor-like object from checkpoint but received {type(value)}"
                )
                continue
            if value.shape != param.shape:
                error_msgs.append(
                    f"size mismatch for {key}: copying a param with shape {value.shape} from "
                    f"checkpoint, the shape in current model is {param.shape}."
                )
                continue
            with no_grad():
                param.copy_(value)

    def load_state_dict(
        self: Module, state_dict: Mapping[str, Any], strict: bool = True
    ) -> _IncompatibleKeys:
        """Copy the tensors of `state_dict` into this model's parameters and buffers, in place.

        Args:
            state_dict: a mapping from dotted names to tensors, as `state_dict()` returns.
            strict: if True, a missing or unexpected key is an error; if False, they are only
                reported.

        Returns:
            A named tuple `(missing_keys, unexpected_keys)`.

        Raises:
            RuntimeError: for missing or unexpected keys (with `strict`) or a shape mismatch, worded
                as in PyTorch.

        Examples:
            >>> import pytensor.nn as nn
            >>> source, target = nn.Linear(2, 2), nn.Linear(2, 2)
            >>> target.load_state_dict(source.state_dict())
            <All keys matched successfully>
            >>> bool((target.weight == source.weight).all())
            True
        """
        missing_keys: list[str] = []
        error_msgs: list[str] = []
        expected: set[str] = set()
        for prefix, module in self.named_modules():
            prefix = prefix + "." if prefix else ""
            module._load_from_state_dict(state_dict, prefix, missing_keys, error_msgs)
            expected.update(prefix + name for name in module._local_state_keys())
        unexpected_keys = [k for k in state_dict if k not in expected]
        if strict:
            if unexpected_keys:
                keys = ", ".join(f'"{k}"' for k in unexpected_keys)
                error_msgs.insert(0, f"Unexpected key(s) in state_dict: {keys}. ")
            if missing_keys:
                keys = ", ".join(f'"{k}"' for k in missing_keys)
                error_msgs.insert(0, f"Missing key(s) in state_dict: {keys}. ")
        if error_msgs:
            raise RuntimeError(
                f"Error(s) in loading state_dict for {type(self).__name__}:\n\t"
                + "\n\t".join(error_msgs)
            )
        return _IncompatibleKeys(missing_keys, unexpected_keys)

    def _local_state_keys(self: Module) -> list[str]:
        names = [k for k, v in self._parameters.items() if v is not None]
        names += [k for k, v in self._buffers.items()
                  if v is not None and k not in self._non_persistent_buffers_set]  # fmt: skip
        return names
