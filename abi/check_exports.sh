#!/usr/bin/env bash
# Checks that libtessera exports exactly the C ABI of tessera.h: every defined
# dynamic symbol is a tessera_ name (or the version node TESSERA_x.y), every
# TESSERA_API function of the header is exported, and nothing named tessera_
# is exported that the header does not declare.
#   check_exports.sh LIBRARY HEADER
set -euo pipefail
library=$1 header=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# "0000000000012340 T tessera_result_free@@TESSERA_1.0" -> the bare name.
nm -D --defined-only "$library" | awk '{ print $NF }' | sed 's/@.*//' |
  sort -u >"$work/exported"
# Declarations may span lines: join them, then take the name before "(" in
# every "TESSERA_API <type> <name>(".
tr '\n' ' ' <"$header" | grep -oE 'TESSERA_API[^;#(]*\(' |
  sed -nE 's/.*[^A-Za-z0-9_](tessera_[A-Za-z0-9_]+) *\($/\1/p' |
  sort -u >"$work/declared"

status=0
foreign=$(grep -vE '^(tessera_[a-z0-9_]+|TESSERA_[0-9.]+)$' "$work/exported" || true)
if [ -n "$foreign" ]; then
  echo "exported but not tessera_ (the version script lets them out):"
  sed 's/^/  /' <<<"$foreign"
  status=1
fi
missing=$(comm -23 "$work/declared" "$work/exported")
if [ -n "$missing" ]; then
  echo "declared TESSERA_API in $(basename "$header") but not exported:"
  sed 's/^/  /' <<<"$missing"
  status=1
fi
undeclared=$(grep -E '^tessera_' "$work/exported" | comm -13 "$work/declared" -)
if [ -n "$undeclared" ]; then
  echo "exported but not declared in $(basename "$header"):"
  sed 's/^/  /' <<<"$undeclared"
  status=1
fi
if [ "$(wc -l <"$work/declared")" -eq 0 ]; then
  echo "no TESSERA_API declaration found in $header"
  status=1
fi
[ "$status" -eq 0 ] &&
  echo "$(wc -l <"$work/declared") functions declared in $(basename "$header"), all exported, nothing else"
exit "$status"
