#!/usr/bin/env bash
# Installs the build tree into a scratch prefix, then configures, builds and
# runs a separate project against the installed package.
set -euo pipefail
build_dir=$1 source_dir=$2 work=$3
rm -rf "$work"
cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null
cmake -S "$source_dir" -B "$work/build" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/build" >/dev/null
"$work/build/consumer"
