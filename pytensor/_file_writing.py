"""Write a file at a path as `open(path, "wb")` would, but atomically where that is possible.

`pytensor.save` uses this for paths. A crash halfway through a checkpoint must not destroy the
previous one, so the bytes go to a temporary file in the target's folder, which is fsynced and
then renamed over the target: readers see the old file or the new one, never half of one. Beyond
that, a save should behave like writing the file, as `torch.save` (which opens the path and
writes into it) does:

* A FIFO or a device (`/dev/null`) is written through, never replaced by a regular file.
* A file the user may not write is refused with PermissionError, even where the folder would
  allow the rename.
* A new file gets the mode the umask gives (0o666 & ~umask); an existing one keeps its mode.
* In a folder the user may not write, an existing writable file is written in place, as
  `torch.save` does. That case is not atomic.
* Errors name the path the caller gave, not the temporary file.

An atomic replace gives the path a new inode, so other hard links to the old file keep the old
contents, as with any editor that saves by renaming.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
from collections.abc import Callable
from typing import IO

Writer = Callable[[IO[bytes]], None]

# Temporary files are named ".<target>.<pid>-<8 hex digits>.pytensor-save.tmp". Only this module
# makes such names, and the pid says whether the writer may still be alive (see _is_stale).
_SUFFIX = ".pytensor-save.tmp"
_NAME_KEPT = 100  # of the target's name, so that the temporary name stays under NAME_MAX (255)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def write_file(path: str, write: Writer) -> None:
    """Call `write` with a binary file whose bytes end up at `path`.

    Args:
        path: where the file goes, as the caller spelled it (used in error messages).
        write: writes the whole contents to the file object it is given.

    Raises:
        RuntimeError: for an empty name or one ending in a separator ("invalid file name: "),
            and for a missing parent folder ("Parent directory x does not exist."), in
            torch.save's words.
        OSError: what `open(path, "wb")` would raise (PermissionError, IsADirectoryError, ...),
            naming `path`.
    """
    if os.path.basename(path) == "":  # "" would otherwise mean the current folder
        raise RuntimeError(f"invalid file name: {path}")
    target = os.path.realpath(path)  # through a symlink, as open() would, not over it
    folder = os.path.dirname(target)
    if not os.path.isdir(folder):
        raise RuntimeError(f"Parent directory {os.path.dirname(path)} does not exist.")
    try:
        info: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode):
        # A FIFO, a device or a folder: open() writes through the first two and refuses the
        # third. A rename would replace any of them (as root, /dev/null itself).
        _write_in_place(path, write, sync=False)
        return
    if info is not None:
        _check_writable(target, path)
    _remove_stale_temporaries(folder, _temporary_prefix(target))
    try:
        fd, temporary = _create_temporary(target, info)
    except PermissionError:
        if info is None:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path) from None
        # The folder is read-only but the file is writable: torch.save writes into the file,
        # so this does too. Not atomic: a crash now leaves a partial file.
        _write_in_place(path, write, sync=True)
        return
    except OSError as e:
        raise OSError(e.errno, e.strerror, path) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.replace(temporary, target)
        except OSError as e:
            if e.filename != temporary:
                raise
            raise OSError(e.errno, e.strerror, path) from None
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    _sync_folder(folder)


def _write_in_place(path: str, write: Writer, sync: bool) -> None:
    with open(path, "wb") as fh:
        write(fh)
        if sync:  # fsync fails on a FIFO or a device, and means nothing there
            fh.flush()
            os.fsync(fh.fileno())


def _check_writable(target: str, path: str) -> None:
    """Raise what open() would if the user may not write `target`.

    The rename needs only the folder's permission, so without this a read-only file in a
    writable folder would be replaced. Opening for writing (without O_TRUNC, so nothing
    changes) asks the kernel itself: owner and mode, root's override, ACLs, read-only mounts.
    """
    try:
        fd = os.open(target, os.O_WRONLY | _CLOEXEC)
    except OSError as e:
        raise OSError(e.errno, e.strerror, path) from None
    os.close(fd)


def _temporary_prefix(target: str) -> str:
    return f".{os.path.basename(target)[:_NAME_KEPT]}."


def _create_temporary(target: str, info: os.stat_result | None) -> tuple[int, str]:
    """A new temporary file beside `target`, with the mode the finished file must have."""
    prefix = os.path.join(os.path.dirname(target), _temporary_prefix(target))
    while True:
        name = f"{prefix}{os.getpid()}-{secrets.token_hex(4)}{_SUFFIX}"
        try:
            # Mode 0o666 lets the kernel apply the umask (and a folder's default ACL), exactly
            # as for open(path, "wb"). tempfile.mkstemp would make every file 0o600.
            fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _CLOEXEC, 0o666)
        except FileExistsError:
            continue
        break
    if info is not None:  # an existing file keeps its mode (setuid/setgid dropped, as on write)
        try:
            os.chmod(name, stat.S_IMODE(info.st_mode) & 0o777)
        except BaseException:
            os.close(fd)
            os.unlink(name)
            raise
    return fd, name


def _remove_stale_temporaries(folder: str, prefix: str) -> None:
    """Delete temporary files that killed saves to this target left behind.

    A killed process cannot clean up, and a checkpoint's temporary file can be gigabytes. Only
    names this module makes for this target are touched, and only when the process in the
    name is gone: a live writer (another process, or another thread of this one) is still
    writing its file and will rename it.
    """
    pattern = re.compile(re.escape(prefix) + r"(\d{1,10})-[0-9a-f]{8}" + re.escape(_SUFFIX))
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return  # a folder we may write but not list: nothing to clean, and no reason to fail
    for entry in entries:
        match = pattern.fullmatch(entry.name)
        if match and entry.is_file(follow_symlinks=False) and _is_stale(int(match[1])):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


def _is_stale(pid: int) -> bool:
    """Whether the process `pid` no longer exists on this machine.

    A pid only means something on this machine (and in this pid namespace): on a folder that
    several machines share, a writer elsewhere could look dead. That is the one case this
    cannot tell; saving one target from several machines at once races on the target anyway.
    """
    if os.name != "posix" or pid <= 0:
        return False  # on Windows os.kill(pid, 0) would end the process; pid 0 is a group
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return True
    except (PermissionError, OverflowError):
        return False  # another user's live process, or not a pid at all
    return False


def _sync_folder(folder: str) -> None:
    """Make the rename itself durable (POSIX); harmless to skip where folders can't be opened."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
