#!/usr/bin/env bash
# Installs the Debian bookworm packages tessera builds and tests with, when any
# is missing. Runs apt-get as root, or through sudo.
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config
  libeigen3-dev libabsl-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  # The Python package (bindings/python), its tests, notebooks and `pip install .`.
  pybind11-dev python3-dev python3-numpy python3-pandas python3-pytest python3-hypothesis
  python3-matplotlib python3-nbclient python3-ipykernel python3-nbformat
  python3-setuptools python3-wheel python3-pip
  # The C ABI check (abi/): abi-dumper reads the DWARF (it needs elfutils and
  # vtable-dumper, which it depends on, and universal-ctags for
  # -public-headers), abi-compliance-checker compares the dumps.
  abi-dumper abi-compliance-checker universal-ctags xz-utils
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "tessera: installing ${missing[*]}" >&2
as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
