#!/usr/bin/env bash
# Writes the ABI dump of a built libtessera: the exported functions and the
# types they use, as declared in the public C headers (tessera.h and the
# version.h it includes), read from the library's DWARF by abi-dumper.
#   dump.sh LIBRARY OUTPUT VERSION SOURCE_DIR
set -euo pipefail
library=$1 output=$2 version=$3 source_dir=$4
headers=$(mktemp -d)
trap 'rm -rf "$headers"' EXIT
cp "$source_dir/capi/include/tessera/tessera.h" "$source_dir/include/tessera/version.h" \
  "$headers/"
abi-dumper "$library" -o "$output" -lver "$version" -sort -public-headers "$headers"
