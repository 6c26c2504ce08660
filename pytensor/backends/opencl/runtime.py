"""The OpenCL runtime: devices, buffers, the program cache and the error flag.

Everything that talks to pyopencl directly lives here, so `backend.py` reads as a list of kernel
launches. pyopencl is imported the first time an OpenCL device is used, never at
`import pytensor`, so a machine without it loses nothing but the device.

Choosing a device: `opencl:N` is the N-th device of the list built from every platform, GPUs
first. The environment variable PYTENSOR_OPENCL_DEVICE narrows that list before it is numbered:
either `P:D` (device D of platform P, in pyopencl's order) or a piece of the device or platform
name, case-insensitive (`PYTENSOR_OPENCL_DEVICE=nvidia`, `=pthread` for PoCL's CPU device).
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Sequence
from functools import cache, lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

from ... import dtypes
from ...dtypes import dtype
from ..base import index_error_kind

MAX_DIMS = 8  # kernels/common.cl: the most dims a kernel's Shape and Layout hold
KERNELS = Path(__file__).with_name("kernels")
ENV_VAR = "PYTENSOR_OPENCL_DEVICE"

# The C type that holds each dtype's elements on the device. It has the same width as the host
# storage (array typecode), so copies between host and device are plain byte copies.
C_TYPES = {
    dtypes.float32: "float", dtypes.float64: "double", dtypes.float16: "float",
    dtypes.int64: "long", dtypes.int32: "int", dtypes.int16: "short", dtypes.int8: "char",
    dtypes.uint8: "uchar", dtypes.bool_: "uchar",
}  # fmt: skip
_LIMITS = {
    "long": ("LONG_MIN", "LONG_MAX"), "int": ("INT_MIN", "INT_MAX"),
    "short": ("SHRT_MIN", "SHRT_MAX"), "char": ("SCHAR_MIN", "SCHAR_MAX"),
    "uchar": ("0", "UCHAR_MAX"), "float": ("-INFINITY", "INFINITY"),
    "double": ("-INFINITY", "INFINITY"),
}  # fmt: skip

Defines = frozenset[tuple[str, str]]  # the #defines of one program, hashable

# What crossed between host and device, for tests and for curious readers:
# pytensor.opencl.stats() returns a copy. cached_bytes is what the buffer pool holds for reuse.
STATS = {"to_host": 0, "from_host": 0, "launches": 0, "live_buffers": 0, "live_bytes": 0,
         "cached_bytes": 0}  # fmt: skip
POOL_GRAIN = 512  # allocations are rounded up to this many bytes, so that near sizes share
POOL_LIMIT = 1 << 28  # the pool lets go of everything it holds beyond 256 MiB
LAUNCH_BATCH = 32


def cl() -> ModuleType:
    """pyopencl, imported on first use with an error that says what to install."""
    try:
        import pyopencl
    except ImportError as e:
        raise RuntimeError(
            "the OpenCL device needs pyopencl: pip install pyopencl (and, for a CPU OpenCL "
            "device where no GPU driver is installed, pip install pocl-binary-distribution)"
        ) from e
    return pyopencl


def np() -> ModuleType:
    """NumPy, which pyopencl depends on: it packs kernel arguments (tensor data never goes
    through it; array.array is the host buffer in both directions)."""
    import numpy

    return numpy


@cache
def arg_types() -> dict[str, Any]:
    """The NumPy type of each by-value kernel argument type, by its name in the .cl files."""
    numpy = np()
    long8 = (numpy.int64, (MAX_DIMS,))
    return {
        "long": numpy.int64, "int": numpy.int32, "short": numpy.int16, "char": numpy.int8,
        "uchar": numpy.uint8, "float": numpy.float32, "double": numpy.float64,
        "Shape": numpy.dtype([("ndim", numpy.int64), ("size", *long8)]),
        "Layout": numpy.dtype([("offset", numpy.int64), ("stride", *long8)]),
        "MatrixStrides": numpy.dtype([(name, numpy.int64) for name in
                                      ("a_row", "a_k", "b_k", "b_col", "out_row", "out_col")]),
    }  # fmt: skip


@cache
def devices() -> tuple[Any, ...]:
    """Every OpenCL device, GPUs first, narrowed by PYTENSOR_OPENCL_DEVICE when it is set."""
    pyopencl = cl()
    try:
        platforms = pyopencl.get_platforms()
    except pyopencl.Error:  # the ICD loader found no platform at all
        platforms = []
    found = [(p, d) for p in platforms for d in p.get_devices()]
    wanted = os.environ.get(ENV_VAR, "").strip()
    if wanted:
        found = _select(platforms, found, wanted)
    found = [(p, d) for p, d in found if _compiles(d)]
    gpus = [d for _, d in found if d.type & pyopencl.device_type.GPU]
    return tuple(gpus + [d for _, d in found if not d.type & pyopencl.device_type.GPU])


# Devices that were listed but could not build a kernel, with the compiler's log: a device
# that cannot compile is no device, and is_available() must not say otherwise.
UNUSABLE: dict[str, str] = {}


def _compiles(device: Any) -> bool:
    """Whether `device` builds a one-line kernel.

    A driver can list a device whose compiler then fails on every program. PoCL 3.0 (in
    pyopencl's wheels, LLVM 14) does so on CPUs newer than its LLVM ("unknown target CPU
    'generic'"), where Debian's PoCL works; such a device is left out of the list.
    """
    pyopencl = cl()
    try:
        context = pyopencl.Context([device])
        pyopencl.Program(context, "kernel void probe(global int *x) { x[0] = 1; }").build()
    except pyopencl.Error as e:
        UNUSABLE[f"{device.platform.name.strip()}: {device.name.strip()}"] = str(e).strip()
        return False
    return True


def _select(platforms: list[Any], found: list[tuple[Any, Any]], wanted: str) -> list[Any]:
    if ":" in wanted and wanted.replace(":", "").isdigit():
        p, d = (int(n) for n in wanted.split(":"))
        return [(platforms[p], platforms[p].get_devices()[d])]
    key = wanted.lower()
    return [(p, d) for p, d in found if key in d.name.lower() or key in p.name.lower()]


class DeviceBuffer:
    """One allocation on the device. When the last tensor using it dies, Python drops this
    object and its cl.Buffer goes back to the runtime's pool (or, for an upload, is released),
    and the live counters go down."""

    __slots__ = ("mem", "nbytes", "pool_size", "runtime")

    def __init__(self, runtime: Runtime, mem: Any, nbytes: int, pool_size: int = 0) -> None:
        self.runtime = runtime
        self.mem = mem
        self.nbytes = nbytes
        self.pool_size = pool_size  # the pool it returns to; 0 for an upload, released
        STATS["live_buffers"] += 1
        STATS["live_bytes"] += nbytes

    def __del__(self) -> None:
        if STATS is None:  # interpreter exit: this module was torn down first (the constants
            return  # that ops.creation keeps live that long)
        STATS["live_buffers"] -= 1
        STATS["live_bytes"] -= self.nbytes
        if self.pool_size:
            self.runtime.recycle(self.mem, self.pool_size)


class Runtime:
    """One device: its context and queue, compiled programs and kernels, and the error flag."""

    def __init__(self, index: int) -> None:
        pyopencl = cl()
        found = devices()
        if not found:
            raise RuntimeError(
                "no OpenCL device was found"
                + (f" matching {ENV_VAR}={os.environ[ENV_VAR]!r}" if os.environ.get(ENV_VAR)
                   else "; install a GPU driver's OpenCL ICD, or PoCL for a CPU device "
                        "(apt-get install pocl-opencl-icd, or pip install "
                        "pocl-binary-distribution)")  # fmt: skip
                + "".join(f"; {name} was found but cannot build a kernel"
                          for name in UNUSABLE)  # fmt: skip
            )
        if index >= len(found):
            raise RuntimeError(
                f"opencl:{index} does not exist: {len(found)} OpenCL device(s) were found"
            )
        self.index = index
        self.device = found[index]
        self.name = f"opencl:{index} ({self.device.name.strip()})"
        self.context = pyopencl.Context([self.device])
        self.queue = pyopencl.CommandQueue(self.context)
        self.has_fp64 = "cl_khr_fp64" in self.device.extensions
        # Correctly rounded float32 division and sqrt, when the device offers them, so that
        # x / y rounds as on the host. Nothing else is relaxed: no -cl-fast-relaxed-math.
        fp_config = self.device.single_fp_config
        exact = fp_config & pyopencl.device_fp_config.CORRECTLY_ROUNDED_DIVIDE_SQRT
        # -cl-kernel-arg-info lets kernel() read each argument's C type (see _typed).
        self.options = ["-cl-kernel-arg-info"]
        if exact:
            self.options.append("-cl-fp32-correctly-rounded-divide-sqrt")
        self.max_group = int(self.device.max_work_group_size)
        self.programs: dict[tuple[str, frozenset[tuple[str, str]]], Any] = {}
        self.kernels: dict[tuple[str, str, Defines], Any] = {}
        self.pool: dict[int, list[Any]] = {}
        self.pending: list[tuple[Any, tuple[int, ...], tuple[int, ...] | None, tuple[Any, ...]]]
        self.pending = []
        self.error = self.upload(array("q", [0] * 5))
        self.may_fail = False  # a kernel that can write the error buffer ran since the last wait
        self.error_kinds: list[type[Exception]] = []  # by tag: what a bad index raises

    # --- memory ---------------------------------------------------------------------------

    # A caching allocator, as PyTorch's CUDA allocator is: a buffer whose tensors died goes
    # into `pool` under its size, and the next allocation of that size takes it back. Creating
    # a cl.Buffer and touching it the first time costs more than many small kernels, and a
    # training step makes the same sizes at every step. Reuse is safe without waiting: the
    # queue runs in order, so a kernel that writes the reused buffer runs after every kernel
    # queued before it that read the old contents.

    def allocate(self, nbytes: int) -> DeviceBuffer:
        size = -(-max(nbytes, 1) // POOL_GRAIN) * POOL_GRAIN
        free = self.pool.get(size)
        if free:
            STATS["cached_bytes"] -= size
            return DeviceBuffer(self, free.pop(), nbytes, size)
        pyopencl = cl()
        mem = pyopencl.Buffer(self.context, pyopencl.mem_flags.READ_WRITE, size)
        return DeviceBuffer(self, mem, nbytes, size)

    def recycle(self, mem: Any, size: int) -> None:
        """Keep a buffer of `size` bytes whose tensors died, for the next allocation of its
        size. (The size is passed in: asking the driver for it costs a call.)"""
        if STATS["cached_bytes"] + size > POOL_LIMIT:
            self.empty_cache()
        self.pool.setdefault(size, []).append(mem)
        STATS["cached_bytes"] += size

    def empty_cache(self) -> None:
        """Release every pooled buffer to the driver (`pytensor.opencl.empty_cache()`)."""
        for buffers in self.pool.values():
            STATS["cached_bytes"] -= sum(mem.size for mem in buffers)
        self.pool.clear()

    def upload(self, host: array) -> DeviceBuffer:  # type: ignore[type-arg]
        """A new buffer holding a copy of `host` (array.array is a buffer: no NumPy needed)."""
        pyopencl = cl()
        nbytes = len(host) * host.itemsize
        if nbytes == 0:
            return self.allocate(0)
        flags = pyopencl.mem_flags.READ_WRITE | pyopencl.mem_flags.COPY_HOST_PTR
        STATS["from_host"] += 1
        # A buffer made around the host data copies it at once, without waiting for the queue
        # (a write into a pooled buffer would wait); it is released, not pooled, when it dies.
        mem = pyopencl.Buffer(self.context, flags, hostbuf=host)
        return DeviceBuffer(self, mem, nbytes)

    def download(self, buffer: DeviceBuffer, offset: int, out: array) -> None:  # type: ignore[type-arg]
        """Copy len(out) elements starting at element `offset` into `out`, waiting for them."""
        if len(out):
            STATS["to_host"] += 1
            self.flush()
            cl().enqueue_copy(
                self.queue, out, buffer.mem, src_offset=offset * out.itemsize, is_blocking=True
            )
            self.check_errors()

    def check_errors(self) -> None:
        """Raise what a kernel wrote into the error buffer (kernels cannot raise themselves).

        Called where the host waits for the device anyway (a copy to the host, synchronize),
        and only when a kernel that can fail (gather, scatter, integer division) ran since the
        last time: so a bad index raises IndexError at the next `.item()`, `.tolist()`,
        `print` or `pytensor.opencl.synchronize()` after the op, as CUDA reports a device-side
        assert. Checking right after each such op would make the host wait for the device in
        the middle of every training step (nll_loss gathers; its backward scatters).
        """
        if not self.may_fail:
            return
        self.may_fail = False
        pyopencl = cl()
        flag = array("q", [0] * 5)
        self.flush()
        pyopencl.enqueue_copy(self.queue, flag, self.error.mem, is_blocking=True)
        code, index, size, dim, tag = flag
        kinds, self.error_kinds = self.error_kinds, []
        if not code:
            return
        pyopencl.enqueue_copy(self.queue, self.error.mem, array("q", [0] * 5), is_blocking=True)
        if code == 2:
            raise RuntimeError("ZeroDivisionError")
        kind = kinds[tag] if tag < len(kinds) else IndexError
        raise kind(f"index {index} is out of bounds for dimension {dim} with size {size}")

    def error_tag(self) -> int:
        """A tag for a launch of a kernel that checks indices: the kernel writes it into the
        error buffer, and check_errors raises the exception kind the ops chose for that launch
        (IndexError for `x[i]`, RuntimeError for gather and scatter)."""
        self.may_fail = True
        if len(self.error_kinds) >= 4096:  # a long loop that never waits: check now
            self.check_errors()
            self.may_fail = True
        self.error_kinds.append(index_error_kind())
        return len(self.error_kinds) - 1

    def synchronize(self) -> None:
        self.flush()
        self.queue.finish()
        self.check_errors()

    # --- programs and kernels --------------------------------------------------------------

    def kernel(self, file: str, name: str, defines: dict[str, str] | Defines) -> Any:
        """The kernel `name` of kernels/`file` built with `defines`, compiled once per context.

        `defines` may be given frozen (a frozenset of pairs, see `frozen_defines`): the hot
        elementwise launches then skip building and hashing a dict on every call."""
        frozen = defines if isinstance(defines, frozenset) else frozenset(defines.items())
        cached = self.kernels.get((file, name, frozen))
        if cached is None:
            key = (file, frozen)
            program = self.programs.get(key)
            if program is None:
                program = self.programs[key] = self._build(file, dict(frozen))
            # Keep the cl.Kernel: looking it up on the program costs ~200 us per call.
            cached = self.kernels[(file, name, frozen)] = _typed(cl().Kernel(program, name))
        return cached

    def _build(self, file: str, defines: dict[str, str]) -> Any:
        pyopencl = cl()
        uses_double = "double" in (defines.get("T"), defines.get("U"), defines.get("ACC"))
        if uses_double and not self.has_fp64:
            raise RuntimeError(
                f"float64 is not supported on {self.name}: the device does not report "
                "cl_khr_fp64. Use float32 on this device."
            )
        header = "#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n" if self.has_fp64 else ""
        # Sorted, so that the same defines make the same source in every process: PoCL and the
        # GPU drivers cache compiled programs on disk by their source text.
        header += "".join(f"#define {k} {v}\n" for k, v in sorted(defines.items()))
        parts = ["common.cl"] + (["scalar.cl"] if file == "elementwise.cl" else []) + [file]
        source = header + "".join((KERNELS / p).read_text() for p in parts)
        try:
            return pyopencl.Program(self.context, source).build(options=self.options)
        except pyopencl.Error as e:
            numbered = "\n".join(f"{i + 1:4d}  {line}" for i, line in enumerate(source.split("\n")))
            raise RuntimeError(
                f"building OpenCL program {file} for {self.name} failed.\n--- source ---\n"
                f"{numbered}\n--- build log ---\n{e}"
            ) from None

    def launch(
        self, kernel: Any, global_size: Sequence[int], local_size: Sequence[int] | None,
        *args: Any,
    ) -> None:  # fmt: skip
        """Queue one kernel run. It does not wait: the queue runs kernels in order, and only
        a copy to the host (download) waits for them.

        Launches are handed to the driver in batches of LAUNCH_BATCH (and before anything
        reads the queue's results). A CPU device's worker threads go to sleep between the
        small kernels of a training step, and each lone launch paid to wake them (about 20 us
        here, against 5 us for a launch in a burst)."""
        STATS["launches"] += 1
        local = None if local_size is None else tuple(local_size)
        self.pending.append((kernel, tuple(global_size), local, args))
        if len(self.pending) >= LAUNCH_BATCH:
            self.flush()

    def flush(self) -> None:
        """Hand every batched launch to the driver, in order."""
        pending, self.pending = self.pending, []
        for kernel, global_size, local_size, args in pending:
            kernel(self.queue, global_size, local_size, *args)


def _typed(kernel: Any) -> Any:
    """Tell pyopencl the type of every by-value argument, read from the compiled kernel.

    With the types known, pyopencl packs a call's arguments in a few microseconds; handing it
    raw bytes instead costs ten times more per launch. Pointers (buffers, local memory) get
    None: they are passed as they are."""
    pyopencl = cl()
    names = [kernel.get_arg_info(i, pyopencl.kernel_arg_info.TYPE_NAME).strip()
             for i in range(kernel.num_args)]  # fmt: skip
    types = arg_types()
    kernel.set_scalar_arg_dtypes([None if n.endswith("*") else types[n] for n in names])
    return kernel


_runtimes: dict[int, Runtime] = {}


def runtime(index: int) -> Runtime:
    """The runtime of opencl:`index`, created on first use."""
    if index not in _runtimes:
        _runtimes[index] = Runtime(index)
    return _runtimes[index]


# --- packing kernel arguments -------------------------------------------------------------------


# The two packers are cached: a training loop launches the same few layouts over and over, and
# pyopencl passes an argument it has seen before faster than a new NumPy object.


@lru_cache(maxsize=4096)
@lru_cache(maxsize=4096)
def shape_arg(shape: tuple[int, ...]) -> Any:
    """kernels/common.cl's Shape struct: ndim, then the sizes padded to MAX_DIMS."""
    return np().array((len(shape), (*shape, *[1] * (MAX_DIMS - len(shape)))), arg_types()["Shape"])


@lru_cache(maxsize=4096)
def layout_arg(offset: int, strides: tuple[int, ...]) -> Any:
    """kernels/common.cl's Layout struct: offset, then the strides padded to MAX_DIMS."""
    padded = (*strides, *[0] * (MAX_DIMS - len(strides)))
    return np().array((offset, padded), arg_types()["Layout"])


def limits(dt: dtype) -> tuple[str, str]:
    """The lowest and highest value of `dt` as C constants (the identities of max and min)."""
    return _LIMITS[C_TYPES[dt]]


@cache
def frozen_defines(t: dtype, u: dtype, macro: str = "", expression: str = "") -> Defines:
    """The defines of an elementwise program: T and U's flags, and the op's macro (such as
    `BINARY_OP(a, b)`) defined as its C expression, if any. Cached, so a launch finds its
    kernel with one hashed lookup."""
    defines = {**type_defines("T", t), **type_defines("U", u)}
    if macro:
        defines[macro] = expression
    return frozenset(defines.items())


@cache
def type_defines(prefix: str, dt: dtype) -> dict[str, str]:
    """T or U and the flags common.cl reads: `T_FLOAT 1`, `U_HALF 1`, `U_BITS 64`, ...
    (Cached: callers copy it into their own dict, never change it.)"""
    return {
        prefix: C_TYPES[dt],
        f"{prefix}_FLOAT": str(int(dt.is_floating_point)),
        f"{prefix}_HALF": str(int(dt is dtypes.float16)),
        f"{prefix}_BOOL": str(int(dt.kind == "b")),
        f"{prefix}_INT": str(int(dt.kind in "iu")),
        f"{prefix}_SIGNED": str(int(dt.is_signed)),
        f"{prefix}_BITS": str(dt.bits),
    }
