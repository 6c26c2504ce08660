"""Bit-exact re-implementation of PyTorch's CPU random number generation.

PyTorch's CPU generator (``at::CPUGeneratorImpl``) is a 32-bit Mersenne
Twister (MT19937).  Every random tensor factory on the CPU (``torch.rand``,
``torch.randn``, ``torch.randint``, ``torch.randperm``, ``bernoulli_``,
``exponential_``, ``multinomial`` ...) pulls raw 32- or 64-bit words from that
engine and maps them through a small, fixed "transformation".  If we
reproduce both the engine *and* the exact floating-point arithmetic of each
transformation, we get the very same numbers as torch for the same seed.

This package is the bottom layer of ``pytensor``: it imports nothing from the
rest of pytensor and only uses the standard library.  Every distribution
function takes a :class:`Generator` (``None`` means :data:`default_generator`)
and a number of elements ``n`` and returns a flat Python list in row-major
order; the Tensor layer wraps the list into a tensor.

Where the numbers come from in ATen (paths relative to ``aten/src/ATen``):

* ``core/MT19937RNGEngine.h``       -- the engine (seeding, twist, tempering).
* ``CPUGeneratorImpl.cpp``          -- ``random()``, ``random64()``, the cached
  normal samples and the byte layout of ``get_state()``.
* ``core/TransformationHelper.h``   -- uniform_real, uniform_int, exponential...
* ``core/DistributionsHelper.h``    -- ``*_distribution`` structs (which raw
  draw each one consumes, and the Box-Muller normal with its cache).
* ``native/cpu/DistributionTemplates.h`` -- CPU kernels, including
  ``normal_fill`` (the vectorised 16-wide Box-Muller for tensors of >= 16
  elements) and its AVX2 specialisation built on ``native/cpu/avx_mathfun.h``.
* ``native/cpu/DistributionKernels.cpp`` -- which kernel is used.  MKL based
  bernoulli/exponential are compiled out of the open-source builds
  (pytorch issue 132395), so the generic kernels above are what runs.
* ``native/TensorFactories.cpp``    -- ``randperm_cpu``.
* ``native/Distributions.cpp`` and ``native/cpu/MultinomialKernel.cpp`` --
  ``multinomial``.

Floating-point fidelity notes
-----------------------------
ATen is compiled by GCC with ``-ffp-contract=fast`` (the GNU default) and
``-mfma`` for the AVX2 kernels, so an expression such as ``x * std + mean``
is emitted as a single fused multiply-add.  We therefore emulate FMAs
exactly (see :func:`_fma_f64` and :func:`_fma_f32_list`) wherever GCC
contracts, otherwise the last bit differs in a large fraction of samples.

Float32 arithmetic is emulated with Python floats (IEEE doubles) rounded to
float32 after every operation.  For +, -, *, / and sqrt of float32 operands
that double rounding is provably harmless (53 >= 2 * 24 + 2), so each
emulated operation is exactly the float32 operation.

Everything in this package is bit-exact against torch 2.13 on x86-64 (checked by
``tests/test_random_raw.py``), including the float32 ``randn`` path for
>= 16 elements, which reproduces the AVX2 polynomial ``log256_ps`` /
``sincos256_ps`` of ``avx_mathfun.h`` operation by operation.

Known gaps:

* torch builds without AVX2 (e.g. aarch64) run scalar ``logf``/``cosf`` in
  float32 for ``randn`` of >= 16 float32 elements; we still emulate AVX2
  there (expect differences of an ulp or two).
* ``multinomial`` without replacement breaks exact ties of ``p / q`` (e.g.
  several zero probabilities) by index; torch's libstdc++ partial sort may
  order such ties differently.
* ``randint`` into float32/bfloat16/float16 with a range beyond the dtype's
  integer precision (torch warns "will become an error") is not reproduced.
* ``randperm`` for n >= 2**32 // 20 follows the source but is untested.

The package in four files:

* ``generator.py``  -- the Mersenne Twister: :class:`Generator` (its state,
  seeding, the raw words) and the default generator with ``manual_seed``,
  ``get_rng_state``, ``fork_rng`` and the other module functions.
* ``transforms.py`` -- raw words to values: uniform, exponential, cauchy,
  geometric, randint, random_, randperm, bernoulli, multinomial.
* ``normal.py``     -- normal and log_normal, with the avx_mathfun emulation.
* ``rounding.py``   -- dtype names, float32/float16/bfloat16 rounding, casts
  and the exact FMA helpers.
"""

from __future__ import annotations

from .generator import (
    DEFAULT_SEED,
    Generator,
    default_generator,
    fork_rng,
    get_rng_state,
    initial_seed,
    manual_seed,
    seed,
    set_rng_state,
)
from .generator import LMASK as LMASK
from .generator import MATRIX_A as MATRIX_A
from .generator import MERSENNE_STATE_M as MERSENNE_STATE_M
from .generator import MERSENNE_STATE_N as MERSENNE_STATE_N
from .generator import UMASK as UMASK
from .generator import _gen as _gen
from .normal import (
    log_normal,
    normal,
)
from .rounding import _f32 as _f32
from .rounding import _fma_f32_list as _fma_f32_list
from .rounding import _fma_f64 as _fma_f64
from .rounding import _require_float as _require_float
from .transforms import _unit_f32 as _unit_f32
from .transforms import _unit_f64 as _unit_f64
from .transforms import (
    bernoulli,
    cauchy,
    exponential,
    geometric,
    multinomial,
    randint,
    random_,
    randperm,
    uniform,
)

__all__ = [
    "DEFAULT_SEED",
    "Generator",
    "bernoulli",
    "cauchy",
    "default_generator",
    "exponential",
    "fork_rng",
    "geometric",
    "get_rng_state",
    "initial_seed",
    "log_normal",
    "manual_seed",
    "multinomial",
    "normal",
    "randint",
    "random_",
    "randperm",
    "seed",
    "set_rng_state",
    "uniform",
]
