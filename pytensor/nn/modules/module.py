"""Module: the base class of every layer, following torch/nn/modules/module.py.

A Module keeps three ordered dicts: `_parameters` (learnable tensors), `_buffers` (state that is
saved but not learned, like BatchNorm's running mean) and `_modules` (child layers). Assigning
`self.fc = Linear(2, 3)` in `__init__` files the child under `_modules["fc"]`; everything else
(`parameters()`, `state_dict()`, `to()`, `train()`, the printout) walks those three dicts.

Module is one class, read in three files: this one (registration, modes and conversion, calling,
printing), module_walks.py (`named_modules()`, `parameters()` and the other walks) and
module_state_dict.py (`state_dict()`, `load_state_dict()`), whose classes it inherits.
RemovableHandle, what the hook registrations return, is in hooks.py.

>>> import pytensor.nn as nn
>>> net = nn.Sequential(nn.Linear(2, 3), nn.ReLU())
>>> [name for name, _ in net.named_parameters()]
['0.weight', '0.bias']
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from ...autograd.grad_mode import no_grad
from ...dtypes import dtype
from ...tensor import Tensor
from ..parameter import Parameter
from .hooks import ForwardHook, ForwardPreHook, RemovableHandle
from .module_state_dict import _ModuleStateDict
from .module_walks import _ModuleWalks


def _addindent(s: str, num_spaces: int) -> str:
    """Indent every line but the first (how nested modules line up in the printout)."""
    lines = s.split("\n")
    if len(lines) == 1:
        return s
    first = lines.pop(0)
    return first + "\n" + "\n".join(num_spaces * " " + line for line in lines)


def _forward_unimplemented(self: Module, *args: Any) -> Any:
    """The `forward` of a Module subclass that forgot to define one: PyTorch's error, not an
    AttributeError."""
    raise NotImplementedError(
        f'Module [{type(self).__name__}] is missing the required "forward" function'
    )


class Module(_ModuleWalks, _ModuleStateDict):
    """Base class for all layers and models.

    A model subclasses Module, creates its layers and parameters as attributes in `__init__`
    (after `super().__init__()`), and defines `forward`. Calling the model runs `forward` (and any
    hooks). Assigning a `Parameter`, a Module or a registered buffer as an attribute registers it,
    so `parameters()`, `state_dict()`, `to()` and the printout find it.

    Note:
        Not implemented: backward hooks, state_dict and load_state_dict hooks,
        `get_parameter`, `get_buffer`, `set_submodule`, `get_extra_state`, `to_empty`,
        `type`, `bfloat16`, the accelerators other than `cuda()`, `share_memory()`,
        `compile()`, `load_state_dict(assign=True)`, and the `prepend`, `with_kwargs` and
        `always_call` options of the forward hooks.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> class Model(nn.Module):
        ...     def __init__(self):
        ...         super().__init__()
        ...         self.fc1 = nn.Linear(4, 8)
        ...         self.fc2 = nn.Linear(8, 2)
        ...
        ...     def forward(self, x):
        ...         return self.fc2(self.fc1(x).relu())
        >>> model = Model()
        >>> model(pytensor.randn(3, 4)).shape
        pytensor.Size([3, 2])
        >>> [name for name, _ in model.named_parameters()]
        ['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']
        >>> model
        Model(
          (fc1): Linear(in_features=4, out_features=8, bias=True)
          (fc2): Linear(in_features=8, out_features=2, bias=True)
        )
    """

    training: bool
    _parameters: dict[str, Parameter | None]
    _buffers: dict[str, Tensor | None]
    _non_persistent_buffers_set: set[str]
    _modules: dict[str, Module | None]
    _forward_hooks: dict[int, ForwardHook]
    _forward_pre_hooks: dict[int, ForwardPreHook]

    def __init__(self) -> None:
        # object.__setattr__ skips our own __setattr__, which needs these dicts to exist.
        object.__setattr__(self, "training", True)
        object.__setattr__(self, "_parameters", OrderedDict())
        object.__setattr__(self, "_buffers", OrderedDict())
        object.__setattr__(self, "_non_persistent_buffers_set", set())
        object.__setattr__(self, "_modules", OrderedDict())
        object.__setattr__(self, "_forward_hooks", OrderedDict())
        object.__setattr__(self, "_forward_pre_hooks", OrderedDict())

    forward: Callable[..., Any] = _forward_unimplemented

    # --- attribute registration: the heart of Module -------------------------------------

    def __setattr__(self, name: str, value: Any) -> None:
        params = self.__dict__.get("_parameters")
        if isinstance(value, Parameter):
            if params is None:
                raise AttributeError("cannot assign parameters before Module.__init__() call")
            self._forget(name)
            self.register_parameter(name, value)
        elif params is not None and name in params:
            # `self.bias = None` keeps the slot; a plain tensor may not replace a Parameter.
            if value is not None:
                raise TypeError(
                    f"cannot assign '{_typename(value)}' as parameter '{name}' "
                    "(pytensor.nn.Parameter or None expected)"
                )
            self.register_parameter(name, value)
        elif isinstance(value, Module):
            if self.__dict__.get("_modules") is None:
                raise AttributeError("cannot assign module before Module.__init__() call")
            self._forget(name)
            self._modules[name] = value
        elif name in self.__dict__.get("_modules", {}):
            if value is not None:
                raise TypeError(
                    f"cannot assign '{_typename(value)}' as child module '{name}' "
                    "(pytensor.nn.Module or None expected)"
                )
            self._modules[name] = value
        elif name in self.__dict__.get("_buffers", {}):
            # Assigning to a registered buffer replaces the buffer (BatchNorm's running stats).
            if value is not None and not isinstance(value, Tensor):
                raise TypeError(
                    f"cannot assign '{_typename(value)}' as buffer '{name}' "
                    "(pytensor.Tensor or None expected)"
                )
            self._buffers[name] = value
        else:
            object.__setattr__(self, name, value)

    def _forget(self, name: str) -> None:
        """Remove `name` from wherever it is registered, before it is registered anew."""
        for store in (self.__dict__, self._parameters, self._buffers, self._modules):
            store.pop(name, None)
        self._non_persistent_buffers_set.discard(name)

    def __getattr__(self, name: str) -> Any:
        # Only called when normal lookup fails: that is, for registered entries.
        for store in ("_parameters", "_buffers", "_modules"):
            entries = self.__dict__.get(store)
            if entries is not None and name in entries:
                return entries[name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __delattr__(self, name: str) -> None:
        for store in (self._parameters, self._buffers, self._modules):
            if name in store:
                del store[name]
                self._non_persistent_buffers_set.discard(name)
                return
        object.__delattr__(self, name)

    def __dir__(self) -> list[str]:
        keys = list(super().__dir__())
        keys += list(self._parameters) + list(self._buffers) + list(self._modules)
        return sorted(key for key in set(keys) if not key[0].isdigit())

    def register_parameter(self, name: str, param: Parameter | None) -> None:
        """Register `param` (a Parameter, or None for an empty slot) under `name`.

        `self.name = param` does the same for a Parameter; this form also takes None, which keeps
        the name reserved (as `Linear(bias=False)` does for `bias`).

        Args:
            name: the attribute name; no dots, not empty, not an existing attribute.
            param: the Parameter, or None.

        Raises:
            TypeError: if `param` is a tensor but not a Parameter.
            KeyError: if the name is not allowed.
        """
        if "_parameters" not in self.__dict__:
            raise AttributeError("cannot assign parameter before Module.__init__() call")
        _check_name(name, "parameter", self)
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(
                f"cannot assign '{_typename(param)}' object to parameter '{name}' "
                "(pytensor.nn.Parameter or None required)"
            )
        self._parameters[name] = param

    def register_buffer(self, name: str, tensor: Tensor | None, persistent: bool = True) -> None:
        """Register a tensor that is state but not learned, such as BatchNorm's running mean.

        A buffer moves with `to()` and is saved in `state_dict()`, but `parameters()` skips it
        and no optimizer updates it.

        Args:
            name: the attribute name; no dots, not empty, not an existing attribute.
            tensor: the buffer, or None.
            persistent: if False, the buffer is left out of `state_dict()`. Default: True.

        Examples:
            >>> import pytensor, pytensor.nn as nn
            >>> m = nn.Module()
            >>> m.register_buffer("running_mean", pytensor.zeros(3))
            >>> m.running_mean, list(m.state_dict())
            (tensor([0., 0., 0.]), ['running_mean'])
        """
        if "_buffers" not in self.__dict__:
            raise AttributeError("cannot assign buffer before Module.__init__() call")
        _check_name(name, "buffer", self)
        if tensor is not None and not isinstance(tensor, Tensor):
            raise TypeError(
                f"cannot assign '{_typename(tensor)}' object to buffer '{name}' "
                "(torch Tensor or None required)"
            )
        self._buffers[name] = tensor
        if persistent:
            self._non_persistent_buffers_set.discard(name)
        else:
            self._non_persistent_buffers_set.add(name)

    def add_module(self, name: str, module: Module | None) -> None:
        """Register `module` as a child named `name` (the same as `self.name = module`).

        Args:
            name: the attribute name; no dots, not empty, not an existing attribute.
            module: the child module, or None.

        Examples:
            >>> import pytensor.nn as nn
            >>> m = nn.Module()
            >>> m.add_module("fc", nn.Linear(2, 2))
            >>> m
            Module(
              (fc): Linear(in_features=2, out_features=2, bias=True)
            )
        """
        if module is not None and not isinstance(module, Module):
            raise TypeError(f"{_typename(module)} is not a Module subclass")
        _check_name(name, "module", self, allow_dots=False)
        self._modules[name] = module

    register_module = add_module

    def get_submodule(self, target: str) -> Module:
        """Return the submodule at the dotted path `target` (`""` is the module itself).

        Args:
            target: names separated by dots, as in `named_modules()`.

        Raises:
            AttributeError: if a name on the path is missing or not a Module.

        Examples:
            >>> import pytensor.nn as nn
            >>> net = nn.Sequential(nn.Linear(2, 3), nn.Sequential(nn.ReLU(), nn.Linear(3, 1)))
            >>> net.get_submodule("1.1")
            Linear(in_features=3, out_features=1, bias=True)
        """
        mod = self
        if not target:
            return mod
        for item in target.split("."):
            if not hasattr(mod, item):
                raise AttributeError(f"{mod._get_name()} has no attribute `{item}`")
            mod = getattr(mod, item)
            if not isinstance(mod, Module):
                raise AttributeError(f"`{item}` is not an nn.Module")
        return mod

    # --- walking the tree: inherited from _ModuleWalks (module_walks.py) ----------------------

    # --- modes, conversion, gradients --------------------------------------------------------

    def train(self, mode: bool = True) -> Module:
        """Set training mode (or eval mode with `mode=False`) on this module and every descendant;
        return self.

        It changes what `Dropout` and `BatchNorm` do. It does not turn off autograd: use
        `pytensor.no_grad()` for that.

        Args:
            mode: True for training, False for evaluation.

        Examples:
            >>> import pytensor.nn as nn
            >>> net = nn.Sequential(nn.Linear(2, 2), nn.Dropout())
            >>> net.eval()[1].training, net.train()[1].training
            (False, True)
        """
        if not isinstance(mode, bool):
            raise ValueError("training mode is expected to be boolean")
        self.training = mode
        for module in self.children():
            module.train(mode)
        return self

    def eval(self) -> Module:
        """Set evaluation mode on this module and every descendant; the same as `train(False)`."""
        return self.train(False)

    def requires_grad_(self, requires_grad: bool = True) -> Module:
        """Set `requires_grad` on every parameter (False freezes the module); return self.

        Args:
            requires_grad: whether autograd should record operations on the parameters.

        Examples:
            >>> import pytensor.nn as nn
            >>> nn.Linear(2, 2).requires_grad_(False).weight.requires_grad
            False
        """
        for p in self.parameters():
            p.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Reset the gradient of every parameter: to None (the default) or to zeros.

        Args:
            set_to_none: if True, set `.grad` to None instead of filling it with zeros.
        """
        for p in self.parameters():
            if p.grad is None:
                continue
            if set_to_none:
                p.grad = None
            else:
                p.grad = p.grad.detach().zero_()

    def apply(self, fn: Callable[[Module], None]) -> Module:
        """Call `fn` on every descendant (children first, recursively), then on self; return self.

        Typically used to initialise the weights of a whole model.

        Args:
            fn: a function taking a Module.

        Examples:
            >>> import pytensor, pytensor.nn as nn
            >>> def init_weights(m):
            ...     if isinstance(m, nn.Linear):
            ...         nn.init.ones_(m.weight)
            >>> net = nn.Sequential(nn.Linear(2, 2), nn.ReLU()).apply(init_weights)
            >>> net[0].weight
            Parameter containing:
            tensor([[1., 1.],
                    [1., 1.]], requires_grad=True)
        """
        for module in self.children():
            module.apply(fn)
        fn(self)
        return self

    def _apply(self, fn: Callable[[Tensor], Tensor]) -> Module:
        """Convert every parameter and buffer with `fn`, keeping the Parameter objects (so an
        optimizer built before `model.to(...)` still holds the right tensors)."""
        for module in self.children():
            module._apply(fn)
        with no_grad():
            for param in self._parameters.values():
                if param is None:
                    continue
                param.data = fn(param)
                if param.grad is not None:
                    param.grad = fn(param.grad)
            for key, buf in self._buffers.items():
                if buf is not None:
                    self._buffers[key] = fn(buf)
        return self

    def to(self, *args: Any, **kwargs: Any) -> Module:
        """Move and/or cast the parameters and buffers, in place; return self.

        Called as `to(device)`, `to(dtype)`, `to(device, dtype)` or `to(tensor)` (that tensor's
        device and dtype), or with `device=` and `dtype=` keywords. Only floating point
        parameters and buffers change dtype, so `num_batches_tracked` stays int64, as in torch.
        The Parameter objects are kept, so an optimizer created before still holds the model's
        parameters.

        Args:
            *args: a device, a dtype, both, or a tensor.
            **kwargs: `device` and `dtype`.

        Raises:
            TypeError: if the dtype is not a floating point dtype.

        Note:
            PyTorch's `non_blocking` and `memory_format` are not supported.

        Examples:
            >>> import pytensor, pytensor.nn as nn
            >>> m = nn.Linear(2, 2).to(pytensor.float64)
            >>> m.weight.dtype
            pytensor.float64
        """
        dt: dtype | None = kwargs.get("dtype")
        dev: Any = kwargs.get("device")
        for arg in args:
            if isinstance(arg, dtype):
                dt = arg
            elif isinstance(arg, Tensor):
                dt, dev = arg.dtype, arg.device
            else:
                dev = arg
        if dt is not None and not dt.is_floating_point:
            raise TypeError(
                "nn.Module.to only accepts floating point or complex dtypes, but got desired "
                f"dtype={dt}"
            )

        def convert(t: Tensor) -> Tensor:
            target = dt if dt is not None and t.is_floating_point() else None
            if dev is None:
                return t.to(target) if target is not None else t
            return t.to(dev, target) if target is not None else t.to(dev)

        return self._apply(convert)

    def float(self) -> Module:
        """Cast floating point parameters and buffers to float32; return self."""
        return self._apply(lambda t: t.float() if t.is_floating_point() else t)

    def double(self) -> Module:
        """Cast floating point parameters and buffers to float64; return self."""
        return self._apply(lambda t: t.double() if t.is_floating_point() else t)

    def half(self) -> Module:
        """Cast floating point parameters and buffers to float16; return self."""
        return self._apply(lambda t: t.half() if t.is_floating_point() else t)

    def cpu(self) -> Module:
        """Move every parameter and buffer to the CPU; return self."""
        return self._apply(lambda t: t.cpu())

    def cuda(self, device: Any = None) -> Module:
        """Move every parameter and buffer to "cuda" (see `Tensor.cuda`); return self."""
        return self._apply(lambda t: t.cuda(device))

    # --- state_dict: inherited from _ModuleStateDict (module_state_dict.py) -----------------

    # --- calling: forward with hooks -----------------------------------------------------

    def register_forward_pre_hook(self, hook: ForwardPreHook) -> RemovableHandle:
        """Register `hook(module, args)` to run before every `forward`; a non-None result
        replaces the positional arguments (a single value is wrapped in a tuple).

        Args:
            hook: the function to call.

        Returns:
            A `RemovableHandle` whose `remove()` takes the hook off.
        """
        handle = RemovableHandle(self._forward_pre_hooks)
        self._forward_pre_hooks[handle.id] = hook
        return handle

    def register_forward_hook(self, hook: ForwardHook) -> RemovableHandle:
        """Register `hook(module, args, output)` to run after every `forward`; a non-None result
        replaces the output.

        Args:
            hook: the function to call.

        Returns:
            A `RemovableHandle` whose `remove()` takes the hook off.

        Examples:
            >>> import pytensor, pytensor.nn as nn
            >>> net = nn.Sequential(nn.Linear(4, 3), nn.ReLU())
            >>> shapes = []
            >>> handle = net[0].register_forward_hook(lambda m, args, out: shapes.append(out.shape))
            >>> _ = net(pytensor.randn(2, 4))
            >>> shapes
            [pytensor.Size([2, 3])]
            >>> handle.remove()
        """
        handle = RemovableHandle(self._forward_hooks)
        self._forward_hooks[handle.id] = hook
        return handle

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if not (self._forward_pre_hooks or self._forward_hooks):  # the common case
            return self.forward(*args, **kwargs)
        for pre_hook in list(self._forward_pre_hooks.values()):
            result = pre_hook(self, args)
            if result is not None:
                args = result if isinstance(result, tuple) else (result,)
        output = self.forward(*args, **kwargs)
        for hook in list(self._forward_hooks.values()):
            result = hook(self, args, output)
            if result is not None:
                output = result
        return output

    # --- printing ----------------------------------------------------------------------------

    def _get_name(self) -> str:
        return type(self).__name__

    def extra_repr(self) -> str:
        """The text inside the parentheses; layers override it (Linear: "in_features=...")."""
        return ""

    def __repr__(self) -> str:
        extra = self.extra_repr()
        extra_lines = extra.split("\n") if extra else []
        child_lines = [
            f"({key}): " + _addindent(repr(module), 2) for key, module in self._modules.items()
        ]
        lines = extra_lines + child_lines
        main = self._get_name() + "("
        if lines:
            if len(extra_lines) == 1 and not child_lines:
                main += extra_lines[0]
            else:
                main += "\n  " + "\n  ".join(lines) + "\n"
        return main + ")"


def _typename(value: object) -> str:
    if isinstance(value, type):  # a layer's class where an instance was meant: nn.ReLU
        return f"{value.__module__}.{value.__qualname__}"
    if isinstance(value, Tensor):
        return str(value.type())  # "pytensor.FloatTensor": torch.typename's "torch.FloatTensor"
    return type(value).__name__


def _check_name(name: str, kind: str, module: Module, allow_dots: bool = False) -> None:
    if not isinstance(name, str):
        raise TypeError(f"{kind} name should be a string. Got {type(name).__name__}")
    if "." in name:
        raise KeyError(f'{kind} name can\'t contain ".", got: {name}')
    if name == "":
        raise KeyError(f'{kind} name can\'t be empty string ""')
    if hasattr(module, name) and not _is_registered(module, name):
        raise KeyError(f"attribute '{name}' already exists")


def _is_registered(module: Module, name: str) -> bool:
    return any(name in module.__dict__[s] for s in ("_parameters", "_buffers", "_modules"))
