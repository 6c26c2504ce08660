"""The parameters an update rule sees: one tensor, or all of a group's at once (`foreach`).

An optimizer writes its rule once, against `Params`: `params.grad()`, `params.state("exp_avg")`,
`params.add_(update)`. `OneParam` is the plain per-parameter loop. `AllParams` is PyTorch's
`foreach=True`: where PyTorch calls `torch._foreach_mul_(tensors, beta)` to launch one kernel for
a list of tensors, pytensor keeps each state buffer (Adam's exp_avg, ...) of all the group's
parameters as slices of one flat tensor, so one op on it updates every parameter. The gradients
are gathered into one flat tensor, and each parameter adds its slice of the update (the loops
over tensors are in ops/foreach.py, PyTorch's `_foreach_*` ops).

Each element meets the same arithmetic either way, so both give the same numbers. What changes
is the number of kernel launches: Adam on a 3-layer MLP (6 tensors) is 66 launches a step one
by one and 21 all at once. On the CPU the loop is the default, as in PyTorch; on a device it is
`foreach`.
"""

from __future__ import annotations

from typing import Any, Protocol

from .. import dtypes
from ..ops.creation import full, tensor, zeros, zeros_like
from ..ops.foreach import add_slices_, flatten
from ..tensor import Tensor


class Params(Protocol):
    """What an update rule reads and writes: one parameter, or a group's, as one tensor."""

    def grad(self, maximize: bool) -> Tensor: ...
    def values(self) -> Tensor: ...
    def state(self, name: str) -> Tensor: ...
    def advance_step(self) -> float: ...
    def mul_(self, factor: float) -> None: ...
    def add_(self, update: Tensor) -> None: ...


def _advance(state: dict[str, Any]) -> float:
    if "step" not in state:  # a tensor, as in PyTorch, so that state_dicts match
        state["step"] = tensor(0.0, dtype=dtypes.get_default_dtype())
    state["step"] += 1
    return float(state["step"].item())


class OneParam:
    """One parameter and its state: the per-parameter loop."""

    def __init__(self, p: Tensor, state: dict[str, Any]) -> None:
        self.p = p
        self._state = state

    def grad(self, maximize: bool) -> Tensor:
        assert self.p.grad is not None
        return -self.p.grad if maximize else self.p.grad

    def values(self) -> Tensor:
        return self.p

    def state(self, name: str) -> Tensor:
        if name not in self._state:
            self._state[name] = zeros_like(self.p)
        return self._state[name]  # type: ignore[no-any-return]

    def advance_step(self) -> float:
        return _advance(self._state)

    def mul_(self, factor: float) -> None:
        self.p.mul_(factor)

    def add_(self, update: Tensor) -> None:
        self.p.add_(update)


class AllParams:
    """A group's parameters as one flat vector (`foreach`): state in flat buffers, each
    parameter's state entry a view of its slice."""

    def __init__(self, params: list[Tensor], states: list[dict[str, Any]]) -> None:
        self.params = params
        self.states = states

    def grad(self, maximize: bool) -> Tensor:
        grads = [p.grad for p in self.params if p.grad is not None]
        flat = flatten(grads)
        return -flat if maximize else flat

    def values(self) -> Tensor:
        return flatten(self.params)

    def state(self, name: str) -> Tensor:
        """The flat buffer behind `state[p][name]`, made (or gathered from what a
        load_state_dict put there) when the entries are not its slices yet."""
        entries: list[Tensor | None] = [s.get(name) for s in self.states]
        first = entries[0]
        flat = first._base if first is not None else None
        if flat is not None and self._slices_of(flat, entries, [p.shape for p in self.params]):
            return flat
        if all(e is None for e in entries):  # a new state starts at zero
            p = self.params[0]
            flat = zeros(sum(p.numel() for p in self.params), dtype=p.dtype, device=p.device)
        else:
            values = [e if e is not None else zeros_like(p) for e, p in zip(entries, self.params)]
            flat = flatten(values)
        for state, piece in zip(self.states, self._pieces(flat)):
            state[name] = piece
        return flat

    def advance_step(self) -> float:
        """Count one step for every parameter with one `+= 1`: the counts live in one flat
        CPU tensor, and each state's "step" is a 0-dim view of its element (PyTorch calls
        `_foreach_add_(state_steps, 1)`)."""
        entries = [s.get("step") for s in self.states]
        first = entries[0]
        steps = first._base if first is not None else None
        if steps is None or not self._slices_of(steps, entries, [()] * len(entries)):
            # use_foreach checked that every parameter has taken as many steps
            count = float(first.item()) if first is not None else 0.0
            steps = full((len(self.states),), count, dtype=dtypes.get_default_dtype())
            for i, state in enumerate(self.states):
                state["step"] = steps[i]
        steps += 1
        return float(self.states[0]["step"].item())

    def mul_(self, factor: float) -> None:
        for p in self.params:
            p.mul_(factor)

    def add_(self, update: Tensor) -> None:
        add_slices_(self.params, update)

    def _pieces(self, flat: Tensor) -> list[Tensor]:
        """Each parameter's slice of a flat tensor, shaped like the parameter."""
        pieces, offset = [], 0
        for p in self.params:
            pieces.append(flat.narrow(0, offset, p.numel()).view(p.shape))
            offset += p.numel()
        return pieces

    @staticmethod
    def _slices_of(flat: Tensor, entries: list[Tensor | None], shapes: list[Any]) -> bool:
        """True when the entries are consecutive contiguous pieces of `flat`, one per shape,
        that cover it: what `state` and `advance_step` make, and a state_dict load does not."""
        offset = flat._offset
        for entry, shape in zip(entries, shapes):
            if entry is None or entry._storage is not flat._storage or entry._offset != offset:
                return False
            if entry.shape != shape or not entry.is_contiguous():
                return False
            offset += entry.numel()
        return len(entries) == len(shapes) and offset - flat._offset == flat.numel()


def use_foreach(group: dict[str, Any], params: list[Tensor], state: Any) -> bool:
    """PyTorch's rule for `foreach=None`: all at once on a device, one by one on the CPU.
    The group's parameters must share a device and dtype and have taken the same number of
    steps (they do, unless some had no gradient at some step)."""
    if not params or group.get("foreach") is False:
        return False
    if group.get("foreach") is None and params[0].device.type == "cpu":
        return False
    first = params[0]
    steps = {float(state[p]["step"].item()) if "step" in state[p] else 0.0 for p in params}
    return len(steps) == 1 and all(
        p.device == first.device and p.dtype is first.dtype for p in params
    )


def batches(group: dict[str, Any], state: Any) -> list[Params]:
    """The `Params` an optimizer's step walks for one group: one `AllParams`, or a `OneParam`
    per parameter with a gradient."""
    params = [p for p in group["params"] if p.grad is not None]
    if use_foreach(group, params, state):
        return [AllParams(params, [state[p] for p in params])]
    return [OneParam(p, state[p]) for p in params]
