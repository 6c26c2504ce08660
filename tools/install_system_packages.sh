#!/bin/sh
# The system packages pytensor's set-up needs; everything else (PyTorch, pyopencl, MkDocs, ...)
# comes from PyPI through pyproject.toml's extras.
#
# * Graphviz's `dot` program: pytensor.viz and the docs site draw autograd graphs with it.
# * On Debian and Ubuntu, PoCL (pocl-opencl-icd), a CPU OpenCL device for machines without a
#   GPU driver. pyopencl's wheels bring a PoCL 3.0 too, but its LLVM 14 cannot compile for
#   CPUs newer than itself ("unknown target CPU 'generic'"); Debian's PoCL can. pytensor
#   leaves out any device that cannot build a kernel (pytensor/backends/opencl/runtime.py).
#
# Debian and Ubuntu: apt-get (through sudo unless you are root). macOS: Homebrew (macOS has
# its own OpenCL). Elsewhere it says what to install and stops, so that the set-up never goes
# on half done.
set -eu

if command -v apt-get >/dev/null 2>&1; then
    if command -v dot >/dev/null 2>&1 && [ -e /etc/OpenCL/vendors/pocl.icd ]; then
        echo "Graphviz and PoCL are installed: $(dot -V 2>&1)"
        exit 0
    fi
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then
        SUDO="sudo"
    fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
        graphviz pocl-opencl-icd
elif command -v dot >/dev/null 2>&1; then
    echo "Graphviz: $(dot -V 2>&1)"
    exit 0
elif command -v brew >/dev/null 2>&1; then
    brew install graphviz
else
    echo "Graphviz's dot is missing. Install Graphviz from your package manager:" >&2
    echo "  Fedora: sudo dnf install graphviz   Arch: sudo pacman -S graphviz" >&2
    echo "  Windows: winget install graphviz (or choco install graphviz), then add its bin" >&2
    echo "  folder to PATH. Then run the set-up command again." >&2
    exit 1
fi
dot -V
