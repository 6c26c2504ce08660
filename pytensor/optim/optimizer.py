"""The Optimizer base class: parameter groups, per-parameter state, and their state_dict.

An optimizer holds `param_groups`, a list of dicts. Each dict has the group's tensors under
"params" and every hyperparameter ("lr", "momentum", ...) filled in from `defaults`, so that a
scheduler can change one group's lr by writing `group["lr"]`. `state` maps each parameter to
a dict of tensors the update rule carries from step to step ("momentum_buffer", "exp_avg", ...).

Subclasses implement `step`: a plain loop over groups and parameters that applies the update
rule written in the class docstring. The loop runs under `no_grad`, so the in-place writes
(`p.add_(...)`) are not recorded in any graph.

>>> import pytensor
>>> w = pytensor.tensor([1.0, -2.0], requires_grad=True)
>>> opt = pytensor.optim.SGD([w], lr=0.1)
>>> opt.zero_grad()
>>> (w * w).sum().backward()  # the gradient is 2w
>>> opt.step()
>>> w
tensor([ 0.8000, -1.6000], requires_grad=True)
"""

from __future__ import annotations

import warnings
from collections import defaultdict
from collections.abc import Callable, Iterable
from copy import deepcopy
from itertools import chain
from typing import Any, Union

from ..autograd.grad_mode import enable_grad
from ..tensor import Tensor

ParamsT = Union[Iterable[Tensor], Iterable[dict[str, Any]], Iterable[tuple[str, Tensor]]]
StateDict = dict[str, Any]


class _RequiredParameter:
    """Marks a default the caller must give in every param group (as `torch.optim.required`)."""

    def __repr__(self) -> str:
        return "<required parameter>"


required = _RequiredParameter()


def _typename(obj: object) -> str:
    """The type name PyTorch's error messages use (`int`, `pytensor.FloatTensor`, ...)."""
    if isinstance(obj, Tensor):
        return str(obj.type())
    module = type(obj).__module__
    name = type(obj).__qualname__
    return name if module == "builtins" else f"{module}.{name}"


class Optimizer:
    """Base class of all optimizers.

    Args:
        params: the tensors to optimize: an iterable of tensors, of `(name, tensor)` pairs (as
            `named_parameters()` gives), or of dicts that each define a parameter group (a
            "params" key and any per-group hyperparameters).
        defaults: the hyperparameters a group gets when it does not set them itself.

    Raises:
        TypeError: if `params` is a single tensor, or holds something other than tensors.
        ValueError: if `params` is empty, a tensor is not a leaf, or a tensor appears in two
            groups.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
        >>> opt = pytensor.optim.SGD([
        ...     {"params": model[0].parameters()},
        ...     {"params": model[2].parameters(), "lr": 1e-3},
        ... ], lr=1e-2, momentum=0.9)
        >>> [group["lr"] for group in opt.param_groups], opt.param_groups[1]["momentum"]
        ([0.01, 0.001], 0.9)
    """

    def __init__(self, params: ParamsT, defaults: dict[str, Any]) -> None:
        self.defaults = defaults
        if isinstance(params, Tensor):
            raise TypeError(
                "params argument given to the optimizer should be an iterable of Tensors or "
                "dicts, but got " + _typename(params)
            )
        self.state: defaultdict[Tensor, dict[str, Any]] = defaultdict(dict)
        self.param_groups: list[dict[str, Any]] = []

        param_groups: list[Any] = list(params)
        if len(param_groups) == 0:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(param_groups[0], dict):
            param_groups = [{"params": param_groups}]
        for param_group in param_groups:
            self.add_param_group(param_group)

    def __repr__(self) -> str:
        format_string = self.__class__.__name__ + " ("
        for i, group in enumerate(self.param_groups):
            format_string += "\n"
            format_string += f"Parameter Group {i}\n"
            for key in sorted(group.keys()):
                if key != "params":
                    format_string += f"    {key}: {group[key]}\n"
        format_string += ")"
        return format_string

    # --- parameter groups -----------------------------------------------------------------

    def add_param_group(self, param_group: dict[str, Any]) -> None:
        """Add a group of parameters, e.g. layers unfrozen while fine-tuning.

        Hyperparameters the group leaves out are taken from `defaults`.

        Args:
            param_group: a dict with a "params" key (a tensor or an iterable of them) and any
                per-group hyperparameters.

        Raises:
            ValueError: if a tensor is already in another group, or a required hyperparameter is
                missing.

        Examples:
            >>> import pytensor
            >>> w, b = pytensor.zeros(2, requires_grad=True), pytensor.zeros(1, requires_grad=True)
            >>> opt = pytensor.optim.SGD([w], lr=0.1)
            >>> opt.add_param_group({"params": [b], "lr": 0.01})
            >>> [group["lr"] for group in opt.param_groups]
            [0.1, 0.01]
        """
        if not isinstance(param_group, dict):
            raise TypeError(f"param_group must be a dict, but got {type(param_group)}")

        params = param_group["params"]
        if isinstance(params, Tensor):
            param_group["params"] = [params]
        elif isinstance(params, set):
            raise TypeError(
                "optimizer parameters need to be organized in ordered collections, but the "
                "ordering of tensors in sets will change between runs. Please use a list instead."
            )
        else:
            param_group["params"] = list(params)

        # named_parameters() gives (name, tensor) pairs: keep the names beside the tensors
        tensors: list[Any] = []
        names: list[str] = []
        for param in param_group["params"]:
            if isinstance(param, tuple):
                names.append(param[0])
                tensors.append(param[1])
            else:
                tensors.append(param)
        param_group["params"] = tensors
        if names:
            if len(names) != len(tensors):
                raise ValueError(
                    "all optimizer params should be with/without names. Some param names are "
                    "missing"
                )
            param_group["param_names"] = names

        for param in param_group["params"]:
            if not isinstance(param, Tensor):
                raise TypeError(
                    "optimizer can only optimize Tensors, but one of the params is "
                    + _typename(param)
                )
            if not (param.is_leaf or param.retains_grad):
                raise ValueError("can't optimize a non-leaf Tensor")

        for name, default in self.defaults.items():
            if default is required and name not in param_group:
                raise ValueError(
                    "parameter group didn't specify a value of required optimization "
                    f"parameter {name}"
                )
            param_group.setdefault(name, default)

        params = param_group["params"]
        if len(params) != len(set(params)):
            warnings.warn(
                "optimizer contains a parameter group with duplicate parameters; in future, "
                "this will cause an error; see github.com/pytorch/pytorch/issues/40967 for more "
                "information",
                stacklevel=3,
            )

        param_set: set[Tensor] = set()
        for group in self.param_groups:
            param_set.update(group["params"])
            if ("param_names" in param_group) != ("param_names" in group):
                current = "with names" if "param_names" in param_group else "without names"
                raise ValueError(
                    "all optimizer param groups should be with/without names. "
                    f"cannot add param group {current} to the optimizer"
                )
        if not param_set.isdisjoint(param_group["params"]):
            raise ValueError("some parameters appear in more than one parameter group")

        self.param_groups.append(param_group)

    # --- gradients and the step -----------------------------------------------------------

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Reset the gradients of all parameters: to None (the default) or to zeros.

        With None, a parameter that gets no gradient in the next backward is skipped by
        `step`; with zeros it is updated with a zero gradient (weight decay and momentum
        still move it).

        Args:
            set_to_none: set `.grad` to None instead of zeroing it.
        """
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                if set_to_none:
                    p.grad = None
                else:
                    if p.grad.grad_fn is not None:
                        p.grad.detach_()
                    else:
                        p.grad.requires_grad_(False)
                    p.grad.zero_()

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Update every parameter that has a gradient; return the closure's loss, if given.

        Args:
            closure: a function that clears the gradients, recomputes the loss, calls `backward`
                and returns the loss (run with grad enabled). Optional for these optimizers.

        Returns:
            The closure's loss, or None.
        """
        raise NotImplementedError

    @staticmethod
    def _evaluate_closure(closure: Callable[[], Any] | None) -> Any:
        """Run the closure with grad enabled: `step` itself runs under no_grad, but the closure
        recomputes the loss and calls backward."""
        if closure is None:
            return None
        with enable_grad():
            return closure()

    # --- state_dict -----------------------------------------------------------------------

    def state_dict(self) -> StateDict:
        """{'state': {0: {...}, 1: {...}}, 'param_groups': [{'lr': ..., 'params': [0, 1]}]}.

        Parameters are replaced by integer ids, numbered in the order they appear across the
        groups; the state tensors are the live ones, not copies (as in PyTorch).

        Returns:
            The dict above; `pytensor.save` stores it.

        Examples:
            >>> import pytensor
            >>> w = pytensor.tensor([1.0, -2.0], requires_grad=True)
            >>> opt = pytensor.optim.SGD([w], lr=0.1, momentum=0.9)
            >>> (w * w).sum().backward()
            >>> opt.step()
            >>> state = opt.state_dict()
            >>> state["state"]
            {0: {'momentum_buffer': tensor([ 2., -4.])}}
            >>> state["param_groups"][0]["params"], state["param_groups"][0]["lr"]
            ([0], 0.1)
        """
        param_mappings: dict[int, int] = {}
        start_index = 0

        def pack_group(group: dict[str, Any]) -> dict[str, Any]:
            nonlocal start_index
            packed = {k: v for k, v in group.items() if k != "params"}
            for i, p in enumerate(group["params"], start_index):
                param_mappings.setdefault(id(p), i)
            packed["params"] = [param_mappings[id(p)] for p in group["params"]]
            start_index += len(packed["params"])
            return packed

        param_groups = [pack_group(g) for g in self.param_groups]
        packed_state = {
            (param_mappings[id(k)] if isinstance(k, Tensor) else k): v
            for k, v in self.state.items()
        }
        return {"state": packed_state, "param_groups": param_groups}

    def load_state_dict(self, state_dict: StateDict) -> None:
        """Load a state_dict from `state_dict()`.

        The ids are matched to this optimizer's parameters by position, and floating state tensors
        are cast to each parameter's dtype and device ("step" is kept as it is).

        Args:
            state_dict: what `state_dict()` returned, for an optimizer whose groups have the
                same sizes.

        Raises:
            ValueError: if the number of groups, or the size of a group, differs.

        Examples:
            >>> import pytensor
            >>> w = pytensor.tensor([1.0, -2.0], requires_grad=True)
            >>> opt = pytensor.optim.Adam([w], lr=0.1)
            >>> (w * w).sum().backward()
            >>> opt.step()
            >>> resumed = pytensor.optim.Adam([w], lr=0.1)
            >>> resumed.load_state_dict(opt.state_dict())
            >>> resumed.state[w]["step"], resumed.state[w]["exp_avg"]
            (tensor(1.), tensor([ 0.2000, -0.4000]))
        """
        groups = self.param_groups
        saved_groups = deepcopy(state_dict["param_groups"])

        if len(groups) != len(saved_groups):
            raise ValueError("loaded state dict has a different number of parameter groups")
        if any(len(g["params"]) != len(s["params"]) for g, s in zip(groups, saved_groups)):
            raise ValueError(
                "loaded state dict contains a parameter group that doesn't match the size of "
                "optimizer's group"
            )

        id_map = dict(
            zip(
                chain.from_iterable(g["params"] for g in saved_groups),
                chain.from_iterable(g["params"] for g in groups),
            )
        )

        def cast(param: Tensor, value: Any, key: Any = None) -> Any:
            if isinstance(value, Tensor):
                if key == "step":  # kept on the host in float32, see PyTorch issue 74424
                    return value
                if param.is_floating_point():
                    return value.to(dtype=param.dtype, device=param.device)
                return value.to(device=param.device)
            if isinstance(value, dict):
                return {k: cast(param, v, key=k) for k, v in value.items()}
            if isinstance(value, (list, tuple)):
                return type(value)(cast(param, v) for v in value)
            return value

        state: defaultdict[Any, dict[str, Any]] = defaultdict(dict)
        for k, v in state_dict["state"].items():
            if k in id_map:
                param = id_map[k]
                state[param] = cast(param, v)
            else:
                state[k] = v  # state not tied to a parameter is kept as it is

        for group, new_group in zip(groups, saved_groups):
            new_group["params"] = group["params"]
            if "param_names" in group and "param_names" not in new_group:
                new_group["param_names"] = group["param_names"]
        self.state = state
        self.param_groups = saved_groups


def check_implementation_flags(
    foreach: bool | None = None,
    fused: bool | None = None,
    capturable: bool = False,
    differentiable: bool = False,
) -> None:
    """pytensor keeps PyTorch's implementation switches as param_group keys, so that reprs and
    state_dicts match. `foreach` only asks for speed and is accepted (Adam and AdamW follow it,
    see optim/_foreach.py; the other optimizers loop over parameters); the others change
    behaviour and are refused.

    Args:
        foreach: accepted whatever its value.
        fused: must be falsy.
        capturable: must be False.
        differentiable: must be False.

    Raises:
        NotImplementedError: if `fused`, `capturable` or `differentiable` is set.

    Examples:
        >>> from pytensor.optim.optimizer import check_implementation_flags
        >>> check_implementation_flags(foreach=True)
        >>> check_implementation_flags(fused=True)
        Traceback (most recent call last):
            ...
        NotImplementedError: pytensor.optim does not implement fused=True
    """
    for name, value in (("fused", fused), ("capturable", capturable),
                        ("differentiable", differentiable)):  # fmt: skip
        if value:
            raise NotImplementedError(f"pytensor.optim does not implement {name}=True")
