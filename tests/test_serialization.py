"""save/load: bit-exact round trips, the structure of nested objects, safetensors interop,
atomic writes, and a loader that turns every damaged or hostile file into a ValueError."""

from __future__ import annotations

import errno
import io
import json
import math
import os
import pickle
import shutil
import signal
import stat
import struct
import sys
import tempfile
import tracemalloc
import warnings
from collections import OrderedDict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pytensor as pt
from pytensor import serialization
from pytensor.serialization import load, save

PACK = {"float64": "d", "float32": "f", "float16": "e", "int64": "q", "int32": "i",
        "int16": "h", "int8": "b", "uint8": "B", "bool": "?"}  # fmt: skip
SAMPLES: dict[str, list[Any]] = {
    "float64": [0.0, -0.0, 1.5, -2.25e-300, math.inf, -math.inf, math.nan, 5e-324, 1.7e308],
    "float32": [0.0, -0.0, 1.5, 3.4e38, math.inf, -math.inf, math.nan, 1e-45, 0.1],
    "float16": [0.0, -0.0, 1.5, 65504.0, math.inf, -math.inf, math.nan, 6e-8, 0.1],
    "int64": [0, -1, 2**63 - 1, -(2**63), 12345678901234],
    "int32": [0, -1, 2**31 - 1, -(2**31)],
    "int16": [0, -1, 32767, -32768],
    "int8": [0, -1, 127, -128],
    "uint8": [0, 1, 255, 128],
    "bool": [True, False, True],
}


def raw(t: pt.Tensor) -> bytes:
    """The tensor's values as little-endian bytes, independently of serialization.py."""
    values = t.reshape(-1).tolist()
    return struct.pack(f"<{len(values)}{PACK[t.dtype.name]}", *values)


def round_trip(obj: Any) -> Any:
    buffer = io.BytesIO()
    save(obj, buffer)
    return load(io.BytesIO(buffer.getvalue()))


def assert_same_tensor(a: pt.Tensor, b: pt.Tensor) -> None:
    assert (a.dtype, tuple(a.shape)) == (b.dtype, tuple(b.shape))
    assert raw(a) == raw(b)


# --- round trips ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(SAMPLES))
def test_every_dtype_round_trips_bit_exactly(name: str, tmp_path: Path) -> None:
    t = pt.tensor(SAMPLES[name], dtype=getattr(pt, name))
    path = tmp_path / "t.safetensors"
    save(t, path)
    loaded = load(path)
    assert_same_tensor(loaded, t)
    assert not loaded.requires_grad


@pytest.mark.parametrize(
    "make",
    [
        lambda: pt.arange(12.0).reshape(3, 4).t(),  # transposed
        lambda: pt.arange(20).reshape(4, 5)[1:, ::2],  # offset and step
        lambda: pt.tensor([1.0, 2.0]).expand(3, 2),  # stride 0
        lambda: pt.arange(24, dtype=pt.int16).reshape(2, 3, 4).permute(2, 0, 1)[1],
        lambda: pt.tensor(7.5),  # 0-dim
        lambda: pt.zeros(2, 0, 3),  # empty
        lambda: pt.tensor([0.1, 0.2], dtype=pt.float16).flip(0),
    ],
)
def test_views_save_their_own_values(make: Any) -> None:
    t = make()
    loaded = round_trip({"t": t})["t"]
    assert_same_tensor(loaded, t)
    assert loaded.is_contiguous()


def test_nested_structures_keep_types_order_and_keys() -> None:
    a, b = pt.ones(2), pt.arange(3)
    obj = {
        "z": [a, (b, None), {"inner": (1, 2.5, "s", True)}],
        3: OrderedDict([("b", 1), ("a", 2)]),
        None: -0.0,
        2.5: [math.inf, -math.inf, math.nan, 1e-310, 0.1],
        True: pt.Size([2, 3]),
        "dtype": pt.float16,
        "empty": ({}, [], ()),
        "big": 2**70,
    }
    got = round_trip(obj)
    assert type(got) is dict and list(got) == ["z", 3, None, 2.5, True, "dtype", "empty", "big"]
    assert_same_tensor(got["z"][0], a)
    assert type(got["z"][1]) is tuple and got["z"][1][1] is None
    assert_same_tensor(got["z"][1][0], b)
    assert got["z"][2] == {"inner": (1, 2.5, "s", True)}
    assert type(got[3]) is OrderedDict and list(got[3].items()) == [("b", 1), ("a", 2)]
    assert math.copysign(1.0, got[None]) == -1.0
    floats = got[2.5]
    assert floats[:2] == [math.inf, -math.inf] and math.isnan(floats[2])
    assert floats[3:] == [1e-310, 0.1]
    assert type(got[True]) is pt.Size and got[True] == (2, 3)
    assert got["dtype"] is pt.float16
    assert got["empty"] == ({}, [], ()) and type(got["empty"]) is tuple
    assert got["big"] == 2**70 and type(got["z"][2]["inner"][3]) is bool


def test_state_dict_of_a_small_model() -> None:
    pt.manual_seed(0)
    state = OrderedDict(
        [
            ("fc1.weight", pt.randn(4, 3)),
            ("fc1.bias", pt.randn(4)),
            ("bn.running_mean", pt.zeros(4)),
            ("bn.num_batches_tracked", pt.tensor(5)),
            ("fc2.weight", pt.randn(2, 4).t()),  # a view, e.g. a tied or transposed weight
        ]
    )
    loaded = round_trip(state)
    assert type(loaded) is OrderedDict and list(loaded) == list(state)
    for key in state:
        assert_same_tensor(loaded[key], state[key])


def test_optimizer_state_dict() -> None:
    state = {
        "state": {0: {"step": pt.tensor(3.0), "exp_avg": pt.ones(2), "exp_avg_sq": pt.zeros(2)}},
        "param_groups": [
            {
                "lr": 1e-3,
                "betas": (0.9, 0.999),
                "eps": 1e-8,
                "weight_decay": 0,
                "amsgrad": False,
                "foreach": None,
                "params": [0, 1],
            }  # fmt: skip
        ],
    }
    got = round_trip(state)
    assert list(got["state"]) == [0] and list(got["state"][0]) == ["step", "exp_avg", "exp_avg_sq"]
    assert_same_tensor(got["state"][0]["exp_avg"], state["state"][0]["exp_avg"])
    assert got["param_groups"] == state["param_groups"]


def test_scalars_and_strings_at_top_level() -> None:
    for obj in (None, 3, -1.5, "text", True, [], {}):
        assert round_trip(obj) == obj


def test_requires_grad_and_repeated_tensors() -> None:
    w = pt.randn(2, requires_grad=True)
    got = round_trip([w, w, w * 2])
    assert got[0].requires_grad and got[1].requires_grad and got[2].requires_grad
    assert got[2].grad_fn is None and got[0].is_leaf
    assert_same_tensor(got[1], w.detach())


def test_paths_and_file_objects(tmp_path: Path) -> None:
    t = pt.arange(4)
    save(t, str(tmp_path / "a"))
    save(t, tmp_path / "b")
    with open(tmp_path / "c", "wb") as fh:
        save(t, fh)
    for name in "abc":
        assert_same_tensor(load(str(tmp_path / name)), t)
        with open(tmp_path / name, "rb") as fh:
            assert_same_tensor(load(fh, map_location="cpu"), t)
    assert load(tmp_path / "a", map_location={"cpu": "cpu"}).device == pt.device("cpu")
    assert (tmp_path / "a").read_bytes() == (tmp_path / "c").read_bytes()


def test_saving_through_a_symlink_replaces_its_target(tmp_path: Path) -> None:
    target, link = tmp_path / "real", tmp_path / "link"
    save(pt.zeros(1), target)
    link.symlink_to(target)
    save(pt.ones(1), link)
    assert link.is_symlink() and load(target).tolist() == [1.0]


def test_unsupported_objects_raise_type_error_before_writing(tmp_path: Path) -> None:
    path = tmp_path / "x"
    for bad in (object(), {"f": lambda: 0}, {(1, 2): 3}, {1 + 2j}):
        with pytest.raises(TypeError, match="pytensor.save"):
            save(bad, path)
    assert list(tmp_path.iterdir()) == []


def test_saving_a_whole_module_says_to_save_its_state_dict() -> None:
    # torch.save pickles the model; pytensor shows the line to write instead.
    model = pt.nn.Sequential(pt.nn.Linear(2, 2))
    with pytest.raises(TypeError) as info:
        save(model, io.BytesIO())
    message = str(info.value)
    assert "pytensor saves state_dicts only" in message
    assert "torch.save(model.state_dict(), PATH)" in message
    optimizer = pt.optim.SGD(model.parameters(), lr=0.1)
    with pytest.raises(TypeError, match=r"torch.save\(optimizer.state_dict\(\), PATH\)"):
        save({"epoch": 3, "optimizer": optimizer}, io.BytesIO())


# --- the file is a standard safetensors file ----------------------------------------------


def header_of(data: bytes) -> dict[str, Any]:
    n = int.from_bytes(data[:8], "little")
    assert (8 + n) % 8 == 0  # data section 8-byte aligned
    header: dict[str, Any] = json.loads(data[8 : 8 + n])
    return header


def test_layout_of_a_flat_state_dict() -> None:
    buffer = io.BytesIO()
    save({"w": pt.tensor([[1.0, 2.0]]), "n": pt.tensor([1, 2], dtype=pt.int8)}, buffer)
    data = buffer.getvalue()
    header = header_of(data)
    assert header["w"] == {"dtype": "F32", "shape": [1, 2], "data_offsets": [0, 8]}
    assert header["n"] == {"dtype": "I8", "shape": [2], "data_offsets": [8, 10]}
    assert header["__metadata__"]["format"] == "pt"
    assert isinstance(header["__metadata__"]["pytensor"], str)
    assert data[-10:] == struct.pack("<2f", 1.0, 2.0) + b"\x01\x02"


def test_safetensors_reads_pytensor_files(tmp_path: Path) -> None:
    safetensors_torch = pytest.importorskip("safetensors.torch")
    torch = pytest.importorskip("torch")
    state = {name: pt.tensor(values, dtype=getattr(pt, name)) for name, values in SAMPLES.items()}
    state["view"] = pt.arange(6.0).reshape(2, 3).t()
    save(state, tmp_path / "flat.safetensors")
    theirs = safetensors_torch.load_file(str(tmp_path / "flat.safetensors"))
    assert sorted(theirs) == sorted(state)
    for name, t in state.items():
        assert str(theirs[name].dtype) == str(t.dtype).replace("pytensor", "torch")
        assert theirs[name].shape == torch.Size(t.shape)
        assert theirs[name].tolist() == t.tolist() or name.startswith("float")
        assert raw(pt.tensor(theirs[name].tolist(), dtype=t.dtype)) == raw(t)
    # A nested object is still a safetensors file: its tensors are named by their path.
    save({"state": {0: {"m": pt.ones(2)}}, "lr": 0.1}, tmp_path / "nested.safetensors")
    assert list(safetensors_torch.load_file(str(tmp_path / "nested.safetensors"))) == ["state.0.m"]


def test_pytensor_reads_safetensors_files(tmp_path: Path) -> None:
    safetensors_torch = pytest.importorskip("safetensors.torch")
    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    theirs = {
        "a": torch.randn(3, 4),
        "b": torch.randn(2).double(),
        "c": torch.randn(5).half(),
        "d": torch.arange(-3, 3, dtype=torch.int32),
        "e": torch.tensor([True, False]),
        "f": torch.zeros(0, 2, dtype=torch.uint8),
    }
    safetensors_torch.save_file(theirs, str(tmp_path / "t.safetensors"), metadata={"k": "v"})
    ours = load(tmp_path / "t.safetensors")
    assert sorted(ours) == sorted(theirs)
    for name, t in theirs.items():
        assert str(ours[name].dtype).split(".")[-1] == str(t.dtype).split(".")[-1]
        assert ours[name].tolist() == t.tolist()


def test_torch_pickle_files_are_refused_with_a_clear_message() -> None:
    torch = pytest.importorskip("torch")
    buffer = io.BytesIO()
    torch.save(torch.ones(2), buffer)
    with pytest.raises(ValueError, match="torch.save"):
        load(io.BytesIO(buffer.getvalue()))


# --- atomic writes -------------------------------------------------------------------------


def test_failure_mid_write_keeps_the_old_file(tmp_path: Path, monkeypatch: Any) -> None:
    path = tmp_path / "ckpt.safetensors"
    save({"w": pt.ones(3)}, path)
    before = path.read_bytes()
    calls = []

    def failing(t: pt.Tensor) -> bytes:
        calls.append(t)
        if len(calls) == 2:
            raise OSError("disk full")
        return b"\x00" * (t.numel() * t.dtype.itemsize)

    monkeypatch.setattr(serialization, "_tensor_bytes", failing)
    with pytest.raises(OSError, match="disk full"):
        save({"a": pt.zeros(2), "b": pt.zeros(2)}, path)
    assert len(calls) == 2  # it failed after part of the file was written
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["ckpt.safetensors"]


def test_failure_at_rename_or_fsync_leaves_no_temp_file(tmp_path: Path, monkeypatch: Any) -> None:
    path = tmp_path / "ckpt"
    for target in ("replace", "fsync"):
        with monkeypatch.context() as m:

            def boom(*args: Any) -> None:
                raise OSError(target)

            m.setattr(os, target, boom)
            with pytest.raises(OSError, match=target):
                save(pt.ones(2), path)
        assert list(tmp_path.iterdir()) == []
    save(pt.ones(2), path)
    assert [p.name for p in tmp_path.iterdir()] == ["ckpt"]


# --- saving to a path behaves like writing a file, as torch.save does ---------------------

NOBODY = 65534  # the uid and gid of "nobody", for the cases that need an unprivileged user


def outcome(action: Callable[[], object]) -> str:
    """Run `action`: "ok", or its exception as "Type: message", which a child can send back."""
    try:
        action()
    except Exception as e:  # noqa: BLE001
        return f"{type(e).__name__}: {e}"
    return "ok"


def start_child(action: Callable[[], str], *, unprivileged: bool = False) -> tuple[int, int]:
    """Run `action` in a forked child; return its pid and a pipe that brings back its result.

    With `unprivileged`, a root process drops to nobody first, since root may write any file
    and so never meets the cases under test. A suite that already runs as an ordinary user
    meets them as it is. Fork rather than a new interpreter: nobody may not be able to reach
    the interpreter's files (under /root, say), but the forked copy has everything loaded.
    """
    read_end, write_end = os.pipe()
    with warnings.catch_warnings():  # Python 3.12+ warns about forking a threaded process; the
        warnings.simplefilter("ignore", DeprecationWarning)  # child takes no lock, then exits
        pid = os.fork()
    if pid == 0:  # the child: report through the pipe, never return into pytest
        try:
            os.close(read_end)
            if unprivileged and os.geteuid() == 0:
                os.setgroups([])
                os.setgid(NOBODY)
                os.setuid(NOBODY)
            try:
                result = action()
            except BaseException as e:  # noqa: BLE001
                result = f"the child raised {type(e).__name__}: {e}"
            os.write(write_end, result.encode())
        finally:
            os._exit(0)
    os.close(write_end)
    return pid, read_end


def finish_child(pid: int, pipe: int) -> str:
    """What the child sent ("" if it was killed first); waits for it to end."""
    with os.fdopen(pipe, "rb") as reader:
        result = reader.read().decode()
    os.waitpid(pid, 0)
    return result


def in_child(action: Callable[[], str], *, unprivileged: bool = False) -> str:
    return finish_child(*start_child(action, unprivileged=unprivileged))


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder that nobody may write in: pytest's tmp_path sits under a root-only 0700 one."""
    folder = Path(tempfile.mkdtemp(prefix="pytensor-save-"))
    folder.chmod(0o777)
    yield folder
    for sub in folder.rglob("*"):
        if sub.is_dir() and not sub.is_symlink():
            sub.chmod(0o777)  # let rmtree into the read-only folders a test made
    shutil.rmtree(folder)


def try_import_torch() -> Any:
    try:
        import torch
    except ImportError:
        return None
    return torch


def test_fifo_and_character_devices_are_written_through(tmp_path: Path) -> None:
    obj = {"w": pt.arange(6.0).reshape(2, 3), "step": 3}
    buffer = io.BytesIO()
    save(obj, buffer)
    expected = buffer.getvalue()
    assert len(expected) < 4096  # the pipe's buffer holds it all, so no reader thread is needed
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    # A reader, so that opening the FIFO for writing does not block.
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        save(obj, fifo)
        try:
            got = os.read(reader, 1 << 16)
        except BlockingIOError:
            got = b""
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode), "the FIFO was replaced by a regular file"
    assert got == expected
    # Character devices: a private copy of /dev/null where root may make one, then the real one
    # (checked only after the FIFO, so a regression fails above and never replaces /dev/null).
    devices = ["/dev/null"]
    if os.geteuid() == 0:
        os.mknod(tmp_path / "null", 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        devices.insert(0, str(tmp_path / "null"))
    for dev in devices:
        save(obj, dev)
        assert stat.S_ISCHR(os.stat(dev).st_mode), f"{dev} is no longer a character device"
    assert {p.name for p in tmp_path.iterdir()} <= {"pipe", "null"}  # no temporary file left


def test_a_read_only_file_is_refused_as_torch_refuses_it(shared_dir: Path) -> None:
    torch = try_import_torch()
    for name in ("ours", "theirs"):
        (shared_dir / name).write_bytes(b"old")
        (shared_dir / name).chmod(0o444)

    def attempt() -> str:
        ours = outcome(lambda: save(pt.ones(2), shared_dir / "ours"))
        if torch is None:
            return json.dumps([ours, "no torch"])
        theirs = outcome(lambda: torch.save(torch.ones(2), str(shared_dir / "theirs")))
        return json.dumps([ours, theirs])

    ours, theirs = json.loads(in_child(attempt, unprivileged=True))
    assert ours == f"PermissionError: [Errno 13] Permission denied: '{shared_dir / 'ours'}'"
    # torch 2.13 refuses too (its RuntimeError says "open file failed with strerror: Permission
    # denied" without naming the file); pytensor raises what open(path, "wb") would.
    assert torch is None or ("Permission denied" in theirs and theirs != "ok")
    for name in ("ours", "theirs"):
        assert (shared_dir / name).read_bytes() == b"old"
        assert stat.S_IMODE(os.stat(shared_dir / name).st_mode) == 0o444
    assert sorted(p.name for p in shared_dir.iterdir()) == ["ours", "theirs"]


def test_a_read_only_folder_writes_a_writable_file_in_place(shared_dir: Path) -> None:
    torch = try_import_torch()
    folder = shared_dir / "read-only"
    folder.mkdir()
    for name in ("ours", "theirs"):
        (folder / name).write_bytes(b"old")
        (folder / name).chmod(0o666)
    inode = os.stat(folder / "ours").st_ino
    folder.chmod(0o555)

    def attempt() -> str:
        results = [outcome(lambda: save({"w": pt.ones(2)}, folder / "ours")),
                   outcome(lambda: save({"w": pt.ones(2)}, folder / "new"))]  # fmt: skip
        if torch is not None:
            results.append(outcome(lambda: torch.save(torch.ones(2), str(folder / "theirs"))))
            results.append(outcome(lambda: torch.save(torch.ones(2), str(folder / "new"))))
        return json.dumps(results)

    results = json.loads(in_child(attempt, unprivileged=True))
    refused = f"PermissionError: [Errno 13] Permission denied: '{folder / 'new'}'"
    assert results[:2] == ["ok", refused]
    if torch is not None:  # torch writes in place, and cannot create a file there either
        assert results[2] == "ok" and "Permission denied" in results[3]
    assert os.stat(folder / "ours").st_ino == inode  # written in place, not replaced
    assert load(folder / "ours")["w"].tolist() == [1.0, 1.0]
    assert sorted(p.name for p in folder.iterdir()) == ["ours", "theirs"]


@pytest.mark.parametrize("umask", [0o077, 0o002, 0o022])
def test_a_new_file_follows_the_umask_and_an_old_one_keeps_its_mode(
    umask: int, tmp_path: Path
) -> None:
    torch = try_import_torch()
    (tmp_path / "old").write_bytes(b"")
    (tmp_path / "old").chmod(0o640)
    previous = os.umask(umask)
    try:
        save(pt.ones(2), tmp_path / "new")
        save(pt.ones(2), tmp_path / "old")
        if torch is not None:
            torch.save(torch.ones(2), str(tmp_path / "theirs"))
    finally:
        os.umask(previous)
    assert stat.S_IMODE(os.stat(tmp_path / "new").st_mode) == 0o666 & ~umask
    assert stat.S_IMODE(os.stat(tmp_path / "old").st_mode) == 0o640
    if torch is not None:
        assert stat.S_IMODE(os.stat(tmp_path / "theirs").st_mode) == 0o666 & ~umask


def killed_save(path: Path) -> Callable[[], str]:
    """An action for `in_child`: a save to `path` killed (SIGKILL) while it writes."""

    def action() -> str:
        def die(t: pt.Tensor) -> bytes:
            os.kill(os.getpid(), signal.SIGKILL)
            raise AssertionError("unreachable")

        serialization._tensor_bytes = die  # only in the child
        save({"a": pt.ones(2)}, path)
        return "survived"

    return action


def test_the_next_save_removes_temporary_files_of_killed_saves(tmp_path: Path) -> None:
    path = tmp_path / "ckpt"
    save(pt.zeros(2), path)
    save(pt.zeros(2), tmp_path / "other")
    (tmp_path / ".ckpt.abc.tmp").write_bytes(b"not ours")  # a name this module never makes
    assert in_child(killed_save(tmp_path / "other")) == ""
    others = {p.name for p in tmp_path.iterdir()} - {"ckpt", "other", ".ckpt.abc.tmp"}
    assert len(others) == 1  # what the killed save left behind
    for _ in range(3):
        assert in_child(killed_save(path)) == ""
        # Each killed save removed the one before it, and left its own.
        names = {p.name for p in tmp_path.iterdir()}
        assert len(names) == 4 + 1
    save(pt.ones(2), path)
    # Another target's temporary file is not this save's business, stale or not.
    assert {p.name for p in tmp_path.iterdir()} == {"ckpt", "other", ".ckpt.abc.tmp"} | others
    assert load(path).tolist() == [1.0, 1.0]


def test_a_live_writers_temporary_file_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "ckpt"
    ready_r, ready_w = os.pipe()
    go_r, go_w = os.pipe()
    real_tensor_bytes = serialization._tensor_bytes

    def slow_save() -> str:
        os.close(ready_r)
        os.close(go_w)

        def wait_then_write(t: pt.Tensor) -> bytes:
            os.write(ready_w, b"r")  # its temporary file exists now
            os.read(go_r, 1)
            return real_tensor_bytes(t)

        serialization._tensor_bytes = wait_then_write  # only in the child
        save({"by": pt.tensor([2.0])}, path)
        return "done"

    child = start_child(slow_save)
    os.close(ready_w)  # so that a child that dies early gives EOF instead of a hang
    os.close(go_r)
    try:
        assert os.read(ready_r, 1) == b"r"
        save({"by": pt.tensor([1.0])}, path)  # a second save to the same target, meanwhile
        assert len(list(tmp_path.iterdir())) == 2  # the target, and the writer's temporary file
        assert load(path)["by"].tolist() == [1.0]
    finally:
        os.write(go_w, b"g")
        os.close(go_w)
        os.close(ready_r)
        result = finish_child(*child)
    assert result == "done"
    assert [p.name for p in tmp_path.iterdir()] == ["ckpt"]
    assert load(path)["by"].tolist() == [2.0]  # the slow writer finished last, and won


def test_errors_name_the_path_given_in_torchs_words(tmp_path: Path, monkeypatch: Any) -> None:
    torch = try_import_torch()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "folder").mkdir()
    cases = ["nope/m.pt", str(tmp_path / "nope" / "m.pt"), "", "folder/", "missing/"]
    for path in cases:
        with pytest.raises(RuntimeError) as ours:
            save(pt.ones(2), path)
        if torch is not None:
            with pytest.raises(RuntimeError) as theirs:
                torch.save(torch.ones(2), path)
            # torch's message has a C++ source location before it: "[enforce fail at ...] . "
            assert str(theirs.value).endswith(str(ours.value)), path
        assert ".tmp" not in str(ours.value)
    assert str(pytest.raises(RuntimeError, save, pt.ones(2), "nope/m.pt").value) == (
        "Parent directory nope does not exist."
    )
    assert str(pytest.raises(RuntimeError, save, pt.ones(2), "").value) == "invalid file name: "
    # A folder as the target: what open(path, "wb") raises, naming the path.
    with pytest.raises(IsADirectoryError) as error:
        save(pt.ones(2), tmp_path / "folder")
    assert error.value.filename == str(tmp_path / "folder") and error.value.errno == errno.EISDIR
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder"]
    assert list((tmp_path / "folder").iterdir()) == []


def test_pickles_are_refused_as_pickles(tmp_path: Path) -> None:
    files = {f"protocol {p}": pickle.dumps({"w": [1.0, 2.0]}, protocol=p) for p in (2, 3, 4, 5)}
    torch = try_import_torch()
    if torch is not None:  # raw pickles as torch.save wrote them before its zip format
        buffer = io.BytesIO()
        torch.save({"w": torch.ones(2)}, buffer, _use_new_zipfile_serialization=False)
        files["legacy torch.save"] = buffer.getvalue()
    for name, data in files.items():
        with pytest.raises(ValueError, match="a pickle.*never unpickles") as error:
            load(io.BytesIO(data))
        assert "header length" not in str(error.value), name


def test_a_header_length_that_starts_like_a_pickle_still_loads() -> None:
    # 640 = 0x280: the file starts with bytes 0x80 0x02, as a protocol-2 pickle does.
    header = json.dumps({"a": entry("U8", (1,), (0, 1))}).encode()
    data = with_header(header + b" " * (640 - len(header)), b"\x07")
    assert data[:2] == b"\x80\x02"
    assert load(io.BytesIO(data))["a"].tolist() == [7]


# --- float16: bit-exact, and converted in bulk ---------------------------------------------


def every_half() -> Any:
    """All 65536 float16 bit patterns in torch: both zeros, subnormals, infs, NaN payloads."""
    torch = pytest.importorskip("torch")
    return torch.arange(-(2**15), 2**15, dtype=torch.int32).to(torch.int16).view(torch.float16)


def test_every_float16_bit_pattern_round_trips_through_safetensors(tmp_path: Path) -> None:
    safetensors_torch = pytest.importorskip("safetensors.torch")
    torch = pytest.importorskip("torch")
    halves = every_half()
    safetensors_torch.save_file({"h": halves}, str(tmp_path / "theirs.safetensors"))
    loaded = load(tmp_path / "theirs.safetensors")["h"]
    assert loaded.dtype is pt.float16
    finite = ~torch.isnan(halves)
    ours = loaded.tolist()
    expected = halves.double().tolist()
    for i in finite.nonzero().flatten().tolist():
        assert ours[i] == expected[i] and math.copysign(1, ours[i]) == math.copysign(1, expected[i])
    assert all(math.isnan(ours[i]) for i in (~finite).nonzero().flatten().tolist())
    # Saved again, the bytes are the very bytes safetensors wrote: NaN payloads too.
    save({"h": loaded}, tmp_path / "ours.safetensors")
    back = safetensors_torch.load_file(str(tmp_path / "ours.safetensors"))["h"]
    assert torch.equal(back.view(torch.int16), halves.view(torch.int16))


def test_float16_values_made_here_save_as_torch_saves_them(tmp_path: Path) -> None:
    safetensors_torch = pytest.importorskip("safetensors.torch")
    torch = pytest.importorskip("torch")
    values = SAMPLES["float16"] + [-math.nan, 1e-7, -65504.0, 2.0**-24, 2.0**-14]
    save({"h": pt.tensor(values, dtype=pt.float16)}, tmp_path / "ours")
    theirs = torch.tensor(values, dtype=torch.float16)
    assert torch.equal(
        safetensors_torch.load_file(str(tmp_path / "ours"))["h"].view(torch.int16),
        theirs.view(torch.int16),
    )


def python_calls_and_peak(action: Callable[[], object]) -> tuple[int, int]:
    """How many Python functions `action` calls, and its peak of allocated bytes."""
    calls = 0

    def count(frame: Any, event: str, arg: Any) -> None:
        nonlocal calls
        calls += event == "call"

    tracemalloc.start()
    sys.setprofile(count)
    try:
        action()
    finally:
        sys.setprofile(None)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return calls, peak


def test_float16_is_converted_in_bulk() -> None:
    n = 200_000
    halves = pt.arange(n, dtype=pt.float32).remainder(2048).to(pt.float16)
    buffer = io.BytesIO()
    calls, peak = python_calls_and_peak(lambda: save({"h": halves}, buffer))
    data_bytes = 2 * n
    assert calls < 1000  # no Python function runs once per element
    assert peak < 6 * data_bytes  # was about 40x: a tuple of n Python floats
    data = buffer.getvalue()
    loaded: list[Any] = []
    calls, peak = python_calls_and_peak(lambda: loaded.append(load(io.BytesIO(data))))
    assert calls < 1000
    assert peak < 6 * data_bytes
    assert loaded[0]["h"].dtype is pt.float16 and bool(pt.equal(loaded[0]["h"], halves))


# --- the loader never trusts the file ------------------------------------------------------


def valid_file() -> bytes:
    buffer = io.BytesIO()
    save({"a": pt.tensor([1.0, 2.0]), "b": pt.tensor([[1, 2]], dtype=pt.int16), "n": 3}, buffer)
    return buffer.getvalue()


def with_header(header: Any, data: bytes = b"", length: int | None = None) -> bytes:
    text = header if isinstance(header, bytes) else json.dumps(header).encode()
    return (len(text) if length is None else length).to_bytes(8, "little") + text + data


def entry(dtype: str = "F32", shape: Any = (2,), offsets: Any = (0, 8)) -> dict[str, Any]:
    return {"dtype": dtype, "shape": list(shape), "data_offsets": list(offsets)}


BAD_FILES = {
    "empty": b"",
    "short": b"\x01\x00\x00",
    "length past end": with_header({}, length=100),
    "huge length": with_header({}, length=2**63),
    "length over limit": with_header({}, length=200_000_000) + b" " * 10,
    "not utf-8": with_header(b"\xff\xfe{}"),
    "not json": with_header(b"{nope"),
    "not an object": with_header([1, 2]),
    "deep json": with_header(b"[" * 100_000 + b"]" * 100_000),
    "duplicate names": with_header(b'{"a": 1, "a": 2}'),
    "entry not object": with_header({"a": 3}),
    "missing field": with_header({"a": {"dtype": "F32", "shape": [1]}}, b"\0" * 4),
    "unknown dtype": with_header({"a": entry("BF16", (2,), (0, 4))}, b"\0" * 4),
    "dtype not str": with_header({"a": entry(7)}, b"\0" * 8),
    "negative dim": with_header({"a": entry(shape=(-2,))}, b"\0" * 8),
    "bool dim": with_header({"a": entry(shape=(True, 2))}, b"\0" * 8),
    "float dim": with_header({"a": entry(shape=(2.0,))}, b"\0" * 8),
    "shape not list": with_header({"a": {"dtype": "F32", "shape": 2, "data_offsets": [0, 8]}}),
    "offsets out of range": with_header({"a": entry(offsets=(0, 8))}, b"\0" * 4),
    "offsets reversed": with_header({"a": entry(shape=(0,), offsets=(8, 0))}, b"\0" * 8),
    "negative offset": with_header({"a": entry(offsets=(-8, 0))}, b"\0" * 8),
    "three offsets": with_header({"a": entry(offsets=(0, 4, 8))}, b"\0" * 8),
    "byte count mismatch": with_header({"a": entry(shape=(3,))}, b"\0" * 8),
    "lying huge shape": with_header({"a": entry(shape=(10**9, 10**9, 10**9))}, b"\0" * 8),
    "million dims": with_header({"a": entry(shape=[2] * 1_000_000)}, b"\0" * 8),
    "overlap": with_header({"a": entry(offsets=(0, 8)), "b": entry(offsets=(4, 12))}, b"\0" * 12),
    "gap": with_header({"a": entry(offsets=(4, 12))}, b"\0" * 12),
    "trailing bytes": with_header({"a": entry()}, b"\0" * 9),
    "metadata not strings": with_header({"__metadata__": {"pytensor": 1}}),
    "metadata not object": with_header({"__metadata__": "x"}),
    "structure not json": with_header({"__metadata__": {"pytensor": "{"}}),
    "structure unknown node": with_header({"__metadata__": {"pytensor": '{"type": "pickle"}'}}),
    "structure missing tensor": with_header(
        {"__metadata__": {"pytensor": '{"type": "tensor", "name": "x"}'}}
    ),
    "structure bad key": with_header(
        {"__metadata__": {"pytensor": '{"type": "dict", "keys": [[1]], "values": [1]}'}}
    ),
    "structure bad float": with_header(
        {"__metadata__": {"pytensor": '{"type": "float", "value": "one"}'}}
    ),
    "structure too deep": with_header(
        {"__metadata__": {"pytensor": '{"type": "list", "items": [' * 5000 + "]}" * 5000}}
    ),
    "int grad": with_header(
        {
            "__metadata__": {"pytensor": '{"type": "tensor", "name": "a", "requires_grad": true}'},
            "a": entry("I32", (2,)),
        },
        b"\0" * 8,
    ),
    "bool byte 2": with_header({"a": entry("BOOL", (2,), (0, 2))}, b"\x01\x02"),
    "torch zip": b"PK\x03\x04" + b"\0" * 100,
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_bad_files_raise_value_error(name: str) -> None:
    with pytest.raises(ValueError, match="pytensor.load"):
        load(io.BytesIO(BAD_FILES[name]))


@pytest.mark.parametrize(
    "name", ["huge length", "length over limit", "lying huge shape", "byte count mismatch"]
)
def test_lying_headers_allocate_nothing(name: str) -> None:
    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match="pytensor.load"):
            load(io.BytesIO(BAD_FILES[name]))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2**20  # far below what the header asks for


def test_every_truncation_of_a_valid_file_is_rejected() -> None:
    data = valid_file()
    assert round_trip(load(io.BytesIO(data)))["n"] == 3
    for cut in range(len(data)):
        with pytest.raises(ValueError):
            load(io.BytesIO(data[:cut]))


def check_loader(data: bytes) -> None:
    """Loading may succeed or raise ValueError/RuntimeError, but nothing else."""
    try:
        load(io.BytesIO(data))
    except (ValueError, RuntimeError):
        pass


# No deadline: how long a load takes depends on the machine, and speed is not what this checks.
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.binary(max_size=300))
def test_fuzz_random_bytes(data: bytes) -> None:
    check_loader(data)


@FUZZ
@given(st.data())
def test_fuzz_mutated_valid_file(draw: st.DataObject) -> None:
    data = bytearray(valid_file())
    for _ in range(draw.draw(st.integers(1, 4))):
        pos = draw.draw(st.integers(0, len(data) - 1))
        data[pos] = draw.draw(st.integers(0, 255))
    check_loader(bytes(data))


json_leaf = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(), st.text(max_size=4)
)
json_value = st.recursive(
    json_leaf,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=8,
)
fuzz_entry = st.fixed_dictionaries(
    {
        "dtype": st.one_of(
            st.sampled_from(["F32", "F64", "F16", "I64", "I8", "BOOL", "BF16", "X"]), json_value
        ),
        "shape": st.one_of(st.lists(st.integers(-2, 2**40), max_size=4), json_value),
        "data_offsets": st.one_of(
            st.lists(st.integers(-4, 40), min_size=2, max_size=2), json_value
        ),
    }
)


# Nodes of the "pytensor" structure: known and unknown types, with fields of any JSON type.
structure_node = st.recursive(
    st.fixed_dictionaries(
        {
            "type": st.sampled_from(
                ["tensor", "float", "dtype", "list", "tuple", "Size", "dict", "x"]
            )
        },
        optional={
            "name": st.one_of(st.sampled_from(["a", "b", "float32"]), json_value),
            "value": st.one_of(st.sampled_from(["1.5", "nan", "-0.0"]), json_value),
            "requires_grad": json_value,
        },
    ),
    # "items" is required here (a container without items still comes from the leaves above):
    # Hypothesis cannot see `inner` inside `optional=` and would warn that it never recurses.
    lambda inner: st.fixed_dictionaries(
        {
            "type": st.sampled_from(["list", "tuple", "Size", "dict", "OrderedDict"]),
            "items": st.lists(inner, max_size=3),
        },
        optional={
            "keys": st.lists(st.one_of(json_leaf, inner), max_size=3),
            "values": st.lists(inner, max_size=3),
        },
    ),
    max_leaves=6,
)


@FUZZ
@given(
    st.dictionaries(
        st.sampled_from(["a", "b", "c"]), st.one_of(fuzz_entry, json_value), max_size=3
    ),
    st.binary(max_size=40),
    st.one_of(st.none(), st.one_of(json_value, structure_node).map(json.dumps)),
)
def test_fuzz_corrupted_headers(header: dict[str, Any], data: bytes, structure: Any) -> None:
    if structure is not None:
        header["__metadata__"] = {"pytensor": structure}
    check_loader(with_header(header, data))


def test_fuzz_examples_that_load_are_consistent() -> None:
    # A hand-made consistent header (no pytensor metadata) loads as a dict of tensors.
    header = {"x": entry("I16", (2,), (0, 4)), "y": entry("U8", (0, 3), (4, 4))}
    got = load(io.BytesIO(with_header(header, struct.pack("<2h", -2, 7))))
    assert got["x"].tolist() == [-2, 7] and got["x"].dtype is pt.int16
    assert tuple(got["y"].shape) == (0, 3)
