"""save and load without pickle: every file is a safetensors file.

A safetensors file is three parts:

    8 bytes    N, the length of the header (unsigned, little-endian)
    N bytes    a JSON object, one entry per tensor:
               {"w": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]}, ...,
                "__metadata__": {"format": "pt", "pytensor": "<structure as JSON>"}}
    the rest   the tensors' bytes, little-endian and row-major, back to back

`torch.save` pickles, and unpickling can run any code the file names. Here loading only parses
JSON and copies bytes, so a file can never run code. A flat dict of tensors (a state_dict) is
exactly what `safetensors.torch.load_file` reads. Anything else (an optimizer's state_dict,
nested lists and tuples, numbers, strings) is described by the "pytensor" metadata string:
JSON in which each tensor is `{"type": "tensor", "name": <entry>}`, floats are tagged so that
nan, inf and -0.0 survive, and dicts keep their key order and key types (optimizer state uses
int keys).

    >>> import io, pytensor as torch
    >>> buffer = io.BytesIO()
    >>> save({"w": torch.ones(2), "step": 3}, buffer)
    >>> _ = buffer.seek(0)
    >>> load(buffer)
    {'w': tensor([1., 1.]), 'step': 3}

Differences from torch.save/torch.load: tensors that share storage are saved as separate copies;
every tensor loads on the CPU unless `map_location` names a device; dict, list and tuple
subclasses other than OrderedDict and Size load as their base type; `weights_only` is accepted
and changes nothing, since no file can hold code.
"""

from __future__ import annotations

import json
import os
import sys
from array import array
from collections import OrderedDict
from collections.abc import Mapping
from typing import IO, Any, Union

from . import dtypes
from ._device import CPU, DeviceLike, as_device, device
from ._file_writing import write_file
from ._float16_bytes import float16_from_bytes, float16_to_bytes
from ._size import Size
from .backends import backend_for
from .backends.base import contiguous_strides
from .tensor import Storage, Tensor

__all__ = ["load", "save"]

FileLike = Union[str, "os.PathLike[str]", IO[bytes]]

# safetensors dtype names, and the pytensor dtypes they hold.
_DTYPES = {
    "F64": dtypes.float64, "F32": dtypes.float32, "F16": dtypes.float16,
    "I64": dtypes.int64, "I32": dtypes.int32, "I16": dtypes.int16, "I8": dtypes.int8,
    "U8": dtypes.uint8, "BOOL": dtypes.bool_,
}  # fmt: skip
_NAMES = {dt: name for name, dt in _DTYPES.items()}
MAX_HEADER_BYTES = 100_000_000  # the limit the safetensors library itself enforces
_LITTLE = sys.byteorder == "little"


# --- save ----------------------------------------------------------------------------------


def save(obj: Any, f: FileLike) -> None:
    """Write `obj` (tensors, dicts, lists, tuples, numbers, strings, None) to `f`.

    `f` is a path or a binary file object. A path is written atomically: the bytes go to a
    temporary file in the same directory, which is flushed, fsynced and renamed over `f`, so a
    crash or an error mid-write leaves any previous file at `f` as it was. Otherwise it is
    like writing the file, as `torch.save` does: a new file's mode follows the umask and an
    existing file keeps its mode; a file you may not write raises PermissionError; a FIFO or
    a device such as /dev/null is written through, not replaced; and in a read-only directory
    a writable existing file is written in place, which is not atomic. The rename gives `f` a
    new inode, so other hard links to the old file keep the old contents. Temporary files that
    killed saves to `f` left behind are removed by the next save to `f`.

    Args:
        obj: what to save: usually a `state_dict()` of a model or an optimizer, or a dict
            holding several (a checkpoint).
        f: a path, or a file object opened for binary writing.

    Raises:
        TypeError: for an object of another type (a Module, say: save its state_dict instead),
            a dict key that is not a str, number, bool or None, or a tensor dtype safetensors
            cannot hold.
        RuntimeError: in torch.save's words, for an empty file name or one ending in a
            separator ("invalid file name: "), or a missing parent directory
            ("Parent directory x does not exist.").
        OSError: what `open(f, "wb")` would raise (PermissionError, IsADirectoryError, ...),
            naming `f`.

    Note:
        The file is a safetensors file, not a pickle: `torch.load` cannot read it, but
        `safetensors.torch.load_file` reads a flat state_dict saved here. Tensors that share
        storage are saved as separate copies.

    Examples:
        >>> import os, tempfile
        >>> import pytensor, pytensor.nn as nn
        >>> model = nn.Linear(2, 1)
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     path = os.path.join(tmp, "model.safetensors")
        ...     pytensor.save(model.state_dict(), path)
        ...     restored = nn.Linear(2, 1)
        ...     print(restored.load_state_dict(pytensor.load(path)))
        <All keys matched successfully>
        >>> bool((restored.weight == model.weight).all())
        True
    """
    tensors: list[tuple[str, Tensor]] = []
    structure = _encode(obj, tensors)  # raises TypeError before anything touches the disk
    header = _header(tensors, structure)
    if isinstance(f, (str, os.PathLike)):
        write_file(os.fspath(f), lambda fh: _write(fh, header, tensors))
    else:
        _write(f, header, tensors)


def _encode(obj: Any, tensors: list[tuple[str, Tensor]]) -> Any:
    """The JSON description of `obj`; appends each tensor and its entry name to `tensors`."""
    flat = isinstance(obj, dict) and all(
        isinstance(k, str) and k != "__metadata__" and isinstance(v, Tensor) for k, v in obj.items()
    )
    used: set[str] = set()

    def entry_name(path: list[str]) -> str:
        # A flat state_dict keeps its keys as entry names; nested tensors are named by their
        # path ("state.0.exp_avg"), with a suffix in the rare case two paths print the same.
        name = base = path[-1] if flat else ".".join(path) or "tensor"
        suffix = 0
        while name in used or name == "__metadata__":
            suffix += 1
            name = f"{base}#{suffix}"
        used.add(name)
        return name

    def encode(x: Any, path: list[str]) -> Any:
        if x is None or isinstance(x, (bool, int, str)):
            return x
        if isinstance(x, float):
            return {"type": "float", "value": repr(x)}  # repr round-trips exactly, nan too
        if isinstance(x, Tensor):
            name = entry_name(path)
            tensors.append((name, x))
            node: dict[str, Any] = {"type": "tensor", "name": name}
            if x.requires_grad:
                node["requires_grad"] = True
            return node
        if isinstance(x, dtypes.dtype):
            return {"type": "dtype", "name": x.name}
        if isinstance(x, Mapping):
            keys = [encode_key(k) for k in x]
            values = [encode(v, [*path, str(k)]) for k, v in x.items()]
            kind = "OrderedDict" if isinstance(x, OrderedDict) else "dict"
            return {"type": kind, "keys": keys, "values": values}
        if isinstance(x, (list, tuple)):
            kind = "Size" if isinstance(x, Size) else "tuple" if isinstance(x, tuple) else "list"
            return {"type": kind, "items": [encode(v, [*path, str(i)]) for i, v in enumerate(x)]}
        where = ".".join(path) or "top level"
        if callable(getattr(x, "state_dict", None)):  # a Module or an optimizer, as PyTorch pickles
            raise TypeError(_whole_object_message(x, where))
        raise TypeError(
            f"pytensor.save cannot store {type(x).__name__} (at {where}); "
            "it stores tensors, dicts, lists, tuples, int, float, bool, str and None"
        )

    def encode_key(k: Any) -> Any:
        if k is None or isinstance(k, (bool, int, float, str)):
            return encode(k, [])
        raise TypeError(
            f"pytensor.save: dict keys must be str, int, float, bool or None, got {k!r}"
        )

    return encode(obj, [])


def _whole_object_message(x: Any, where: str) -> str:
    # torch.save pickles a whole model, code references and all; a safetensors file holds data
    # only, so the learner is shown the state_dict line that PyTorch's own docs recommend.
    from .nn import Module

    name = "model" if isinstance(x, Module) else "optimizer"
    line = f"torch.save({name}.state_dict(), PATH)"
    load = f"{name}.load_state_dict(...)"
    if where == "top level":
        advice = f"Write {line} instead, and load it back with {load}"
    else:
        advice = f"Store {name}.state_dict() there instead, as in {line}, and load it with {load}"
    return (
        f"pytensor.save cannot store a whole {type(x).__name__} (at {where}): pytensor saves "
        f"state_dicts only, not pickled objects. {advice}"
    )


def _header(tensors: list[tuple[str, Tensor]], structure: Any) -> bytes:
    entries: dict[str, Any] = {}
    offset = 0
    for name, t in tensors:
        if t.dtype not in _NAMES:
            raise TypeError(f"pytensor.save: no safetensors dtype for {t.dtype}")
        size = t.numel() * t.dtype.itemsize
        entries[name] = {"dtype": _NAMES[t.dtype], "shape": list(t.shape),
                         "data_offsets": [offset, offset + size]}  # fmt: skip
        offset += size
    # Metadata values must be strings; "format": "pt" is what other readers look for.
    metadata = {"format": "pt", "pytensor": json.dumps(structure, separators=(",", ":"))}
    text = json.dumps({"__metadata__": metadata, **entries}, separators=(",", ":"))
    header = text.encode("utf-8")
    # Pad with spaces so the data starts 8-byte aligned, as the safetensors library does.
    return header + b" " * (-(8 + len(header)) % 8)


def _tensor_bytes(t: Tensor) -> bytes | bytearray:
    """The values of `t` (any layout, any device) as contiguous little-endian bytes."""
    host = t.backend.to_host(t.view_of())  # row-major copy, so views save their own values
    if t.dtype is dtypes.float16:
        return float16_to_bytes(host)  # float16 is kept in a float array
    if not _LITTLE:
        host.byteswap()
    return host.tobytes()


def _write(fh: IO[bytes], header: bytes, tensors: list[tuple[str, Tensor]]) -> None:
    fh.write(len(header).to_bytes(8, "little"))
    fh.write(header)
    for _, t in tensors:
        fh.write(_tensor_bytes(t))


# --- load ----------------------------------------------------------------------------------


def load(f: FileLike, map_location: Any = None, weights_only: bool = True) -> Any:
    """Read what `save` wrote, or any safetensors file (which loads as a dict of tensors).

    Everything in the header is checked before any tensor is allocated, so a damaged or hostile
    file raises ValueError naming the problem instead of allocating what the header claims.

    Args:
        f: a path, or a file object opened for binary reading.
        map_location: None (the CPU), a device or device string, or a dict such as
            `{"cpu": "opencl:0"}`.
        weights_only: accepted for compatibility; it changes nothing, since no file can hold
            code.

    Returns:
        The saved object, with its tensors on the chosen device.

    Raises:
        ValueError: for a file that is not a valid safetensors file (including a `torch.save`
            zip/pickle file, which is never unpickled).
        TypeError: for an unsupported `map_location` or a text-mode file.

    Examples:
        >>> import io, pytensor
        >>> buffer = io.BytesIO()
        >>> pytensor.save({"step": 3, "lr": 0.1, "w": pytensor.ones(2, requires_grad=True)}, buffer)
        >>> _ = buffer.seek(0)
        >>> pytensor.load(buffer)
        {'step': 3, 'lr': 0.1, 'w': tensor([1., 1.], requires_grad=True)}
    """
    data = _read(f)
    header, start = _parse_header(data)
    metadata = header.pop("__metadata__", {})
    entries = _check_entries(header, len(data) - start)
    dev = _target_device(map_location)
    view = memoryview(data)[start:]
    tensors = {name: _tensor(name, dt, shape, view[begin:end], dev)
               for name, (dt, shape, begin, end) in entries.items()}  # fmt: skip
    if "pytensor" not in metadata:
        return tensors  # a safetensors file from elsewhere: its tensors, in header order
    try:
        structure = json.loads(metadata["pytensor"])
    except RecursionError:
        raise _fail("the structure in the metadata is nested too deeply") from None
    except ValueError as e:
        raise _fail(f"the structure in the metadata is not JSON ({e})") from None
    try:
        return _decode(structure, tensors)
    except RecursionError:
        raise _fail("the structure in the metadata is nested too deeply") from None


def _read(f: FileLike) -> bytes:
    if isinstance(f, (str, os.PathLike)):
        with open(f, "rb") as fh:
            return fh.read()
    data = f.read()
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError("pytensor.load needs a path or a file opened in binary mode")
    return bytes(data)


def _fail(problem: str) -> ValueError:
    return ValueError(f"pytensor.load: not a valid safetensors file: {problem}")


def _parse_header(data: bytes) -> tuple[dict[str, Any], int]:
    if data[:4] == b"PK\x03\x04":
        raise _fail(
            "this looks like a torch.save (zip/pickle) file, which pytensor never unpickles"
        )
    try:
        return _parse_safetensors_header(data)
    except ValueError:
        # Pickle protocols 2 to 5 begin with the PROTO opcode 0x80 and the protocol number, and
        # torch.save's legacy format is such a pickle. A valid header length can begin with the
        # same two bytes, so this only explains a header that is invalid anyway.
        if len(data) >= 2 and data[0] == 0x80 and 2 <= data[1] <= 5:
            raise _fail(
                f"this looks like a pickle (protocol {data[1]}: pickle.dump, or torch.save's "
                "legacy format), which pytensor never unpickles"
            ) from None
        raise


def _parse_safetensors_header(data: bytes) -> tuple[dict[str, Any], int]:
    if len(data) < 8:
        raise _fail(f"the file has {len(data)} bytes, fewer than the 8-byte header length")
    n = int.from_bytes(data[:8], "little")
    if n > MAX_HEADER_BYTES:
        raise _fail(f"the header length {n} is over the {MAX_HEADER_BYTES}-byte limit")
    if 8 + n > len(data):
        raise _fail(f"the header length {n} runs past the end of the {len(data)}-byte file")
    try:
        header = json.loads(data[8 : 8 + n].decode("utf-8"), object_pairs_hook=_no_duplicates)
    except UnicodeDecodeError:
        raise _fail("the header is not UTF-8") from None
    except RecursionError:
        raise _fail("the header JSON is nested too deeply") from None
    except ValueError as e:  # json.JSONDecodeError, and duplicate names (below)
        raise _fail(f"the header is not valid JSON ({e})") from None
    if not isinstance(header, dict):
        raise _fail("the header is not a JSON object")
    metadata = header.get("__metadata__", {})
    if not isinstance(metadata, dict) or not all(isinstance(v, str) for v in metadata.values()):
        raise _fail("__metadata__ must be an object whose values are strings")
    return header, 8 + n


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise ValueError("a name appears twice in one object")
    return result


def _check_entries(
    header: dict[str, Any], data_len: int
) -> dict[str, tuple[dtypes.dtype, list[int], int, int]]:
    """Validate every entry: dtype, shape, offsets inside the data, byte count, and that the
    entries tile the data section exactly (no overlap, no gap, nothing left over)."""
    entries = {}
    for name, info in header.items():
        if not isinstance(info, dict) or not {"dtype", "shape", "data_offsets"} <= info.keys():
            raise _fail(f"entry {_short(name)} needs dtype, shape and data_offsets")
        dt = _DTYPES.get(info["dtype"]) if isinstance(info["dtype"], str) else None
        if dt is None:
            raise _fail(f"entry {_short(name)} has unsupported dtype {_short(info['dtype'])}")
        shape, offsets = info["shape"], info["data_offsets"]
        if not isinstance(shape, list) or not all(type(d) is int and d >= 0 for d in shape):
            raise _fail(f"entry {_short(name)} has a shape that is not a list of non-negative ints")
        if (
            not isinstance(offsets, list)
            or len(offsets) != 2
            or not all(type(o) is int for o in offsets)
            or not 0 <= offsets[0] <= offsets[1] <= data_len
        ):
            raise _fail(
                f"entry {_short(name)} has data_offsets {_short(offsets)} outside 0..{data_len}"
            )
        begin, end = offsets
        if _numel_up_to(shape, data_len) * dt.itemsize != end - begin:
            raise _fail(
                f"entry {_short(name)}: shape {_short(shape)} of {info['dtype']} does not fit its "
                f"{end - begin} bytes"
            )
        entries[name] = (dt, shape, begin, end)
    covered = 0
    for name, (_, _, begin, end) in sorted(entries.items(), key=lambda e: e[1][2:]):
        if begin != covered:
            what = "overlaps the entry before it" if begin < covered else "leaves a gap before it"
            raise _fail(f"entry {_short(name)} at bytes {begin}..{end} {what}")
        covered = end
    if covered != data_len:
        raise _fail(f"{data_len - covered} bytes after the last tensor belong to no entry")
    return entries


def _short(value: Any) -> str:
    """A repr cut to a readable length: error messages must not echo a 100 MB header."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _numel_up_to(shape: list[int], limit: int) -> int:
    """prod(shape), but stopping once past `limit`: a lying shape of a million dims must not
    cost a million-digit multiplication."""
    if 0 in shape:
        return 0
    numel = 1
    for d in shape:
        numel *= d
        if numel > limit:
            return limit + 1
    return numel


def _tensor(name: str, dt: dtypes.dtype, shape: list[int], raw: memoryview, dev: device) -> Tensor:
    if dt is dtypes.float16:
        values = float16_from_bytes(raw)
    else:
        values = array(dt.typecode)
        values.frombytes(raw)
        if not _LITTLE:
            values.byteswap()
        if dt is dtypes.bool_ and bytes(raw).translate(None, b"\x00\x01"):
            raise _fail(f"BOOL entry {_short(name)} holds bytes other than 0 and 1")
    # `values` is storage already (exact float16 values, bools as 0 and 1): no pass over every
    # element as ops.creation.from_values makes, which rounds each float16 in Python.
    storage = Storage(backend_for(dev).from_host(values, dt), dev)
    return Tensor._make(storage, tuple(shape), contiguous_strides(shape), 0, dt)


def _target_device(map_location: Any) -> device:
    if isinstance(map_location, dict):
        map_location = map_location.get("cpu", "cpu")  # every tensor is saved from the host
    if map_location is None:
        return CPU  # where every tensor was saved from, whatever the default device is
    if isinstance(map_location, (str, device)):
        location: DeviceLike = map_location
        return as_device(location)
    raise TypeError(f"pytensor.load: unsupported map_location {map_location!r}")


def _decode(node: Any, tensors: dict[str, Tensor]) -> Any:
    """Rebuild the saved object from its JSON description (only the types `save` writes)."""
    if node is None or isinstance(node, (bool, int, float, str)):
        return node
    kind = node.get("type") if isinstance(node, dict) else None
    if kind == "tensor":
        name = node.get("name")
        t = tensors.get(name) if isinstance(name, str) else None
        if t is None:
            raise _fail(f"the structure names a tensor {_short(name)} that is not stored")
        if node.get("requires_grad") is True:
            if not t.dtype.is_floating_point:
                raise _fail("only floating-point tensors can require grad")
            t.requires_grad_(True)
        return t
    if kind == "float" and isinstance(node.get("value"), str):
        try:
            return float(node["value"])
        except ValueError:
            raise _fail(f"bad float {node['value']!r} in the structure") from None
    if kind == "dtype" and node.get("name") in [d.name for d in dtypes.ALL_DTYPES]:
        return dtypes.by_name(node["name"])
    if kind in ("list", "tuple", "Size") and isinstance(node.get("items"), list):
        items = [_decode(v, tensors) for v in node["items"]]
        return items if kind == "list" else tuple(items) if kind == "tuple" else Size(items)
    if kind in ("dict", "OrderedDict"):
        keys, values = node.get("keys"), node.get("values")
        if not isinstance(keys, list) or not isinstance(values, list) or len(keys) != len(values):
            raise _fail("a dict in the structure needs keys and values lists of equal length")
        decoded_keys = [_decode(k, tensors) for k in keys]
        if not all(k is None or isinstance(k, (bool, int, float, str)) for k in decoded_keys):
            raise _fail("a dict key in the structure is not a str, number, bool or None")
        pairs = zip(decoded_keys, (_decode(v, tensors) for v in values))
        return OrderedDict(pairs) if kind == "OrderedDict" else dict(pairs)
    raise _fail(f"unknown node {_short(node)} in the structure")
