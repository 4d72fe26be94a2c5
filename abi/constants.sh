#!/usr/bin/env bash
# Prints "NAME VALUE" for every integer constant of the C ABI: the enumerators
# and the numeric TESSERA_ macros of tessera.h (struct versions, counts,
# TESSERA_AS_OF_AUTO). Hosts compile these values in, so they are part of the
# ABI, but no exported function's type carries them, so the DWARF-based dump
# cannot see them. The version of the release itself (MINOR, PATCH, NUMBER)
# is left out: it changes on purpose.
#   constants.sh SOURCE_DIR
set -euo pipefail
source_dir=$1
header=$source_dir/capi/include/tessera/tessera.h
includes=(-I "$source_dir/capi/include" -I "$source_dir/include")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

{
  # Enumerators: an indented TESSERA_ name followed by "=", "," or the end.
  sed -nE 's/^[[:space:]]+(TESSERA_[A-Z0-9_]+)[[:space:]]*(=|,|$).*/\1/p' "$header"
  # Macros whose body is an integer expression (not an initializer list,
  # an attribute or empty).
  cc -E -dM "${includes[@]}" "$header" |
    sed -nE 's/^#define (TESSERA_[A-Z0-9_]+) +([^{_ ].*)$/\1/p' |
    grep -vxE 'TESSERA_VERSION_(MINOR|PATCH|NUMBER)'
} | sort -u >"$work/names"

{
  printf '#include <stdio.h>\n#include "tessera/tessera.h"\nint main(void) {\n'
  while read -r name; do
    printf '  printf("%%s %%lld\\n", "%s", (long long)(%s));\n' "$name" "$name"
  done <"$work/names"
  printf '  return 0;\n}\n'
} >"$work/constants.c"
cc -std=c99 "${includes[@]}" -o "$work/constants" "$work/constants.c"
"$work/constants"
