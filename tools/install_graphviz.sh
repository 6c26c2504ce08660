#!/bin/sh
# Graphviz's `dot` program: the one system package pytensor's set-up needs. pytensor.viz and
# the docs site draw autograd graphs and storage diagrams with it. Everything else (PyTorch,
# PoCL, MkDocs, ...) comes from PyPI through pyproject.toml's extras.
#
# Debian and Ubuntu: apt-get (through sudo unless you are root). macOS: Homebrew. Elsewhere
# it says what to install and stops, so that the set-up never goes on half done.
set -eu

if command -v dot >/dev/null 2>&1; then
    echo "Graphviz: $(dot -V 2>&1)"
    exit 0
fi

if command -v apt-get >/dev/null 2>&1; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then
        SUDO="sudo"
    fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends graphviz
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
