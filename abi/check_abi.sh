#!/usr/bin/env bash
# Compares the ABI of the built libtessera with the committed baseline of its
# major version and fails on any binary or source incompatibility
# (abi-compliance-checker exits 0 when compatible, 1 when not, 2 or more on
# errors) or on a changed constant (constants.sh). Skips (77) when the tools
# are missing, except under CI=true.
#   check_abi.sh LIBRARY BASELINE SOURCE_DIR WORK
set -euo pipefail
library=$1 baseline=$2 source_dir=$3 work=$4

for tool in abi-dumper abi-compliance-checker; do
  if ! command -v "$tool" >/dev/null; then
    if [ "${CI:-}" = true ]; then
      echo "$tool is not installed (scripts/install-deps.sh installs it)" >&2
      exit 1
    fi
    echo "skipped: $tool is not installed (scripts/install-deps.sh installs it)"
    exit 77
  fi
done

rm -rf "$work"
mkdir -p "$work"
case $baseline in
  *.xz) xz -dc "$baseline" >"$work/baseline.dump" ;;
  *) cp "$baseline" "$work/baseline.dump" ;;
esac
if ! "$(dirname "$0")/dump.sh" "$library" "$work/current.dump" current "$source_dir" \
    >"$work/dump.log" 2>&1; then
  cat "$work/dump.log" >&2
  exit 1
fi

# Enumerator and macro values: none may change or go, except that a struct's
# _VERSION may grow (a field was appended).
constants_baseline=${baseline%.dump*}.constants
"$(dirname "$0")/constants.sh" "$source_dir" >"$work/current.constants"
constant_changes=$(awk 'NR == FNR { now[$1] = $2; next }
  !($1 in now) { print "  " $1 " " $2 " is gone"; next }
  $1 ~ /_VERSION$/ ? now[$1] < $2 : now[$1] != $2 {
    print "  " $1 " was " $2 ", is " now[$1] }' \
  "$work/current.constants" "$constants_baseline")
if [ -n "$constant_changes" ]; then
  echo "constants changed since $(basename "$constants_baseline"):"
  echo "$constant_changes"
else
  echo "constants: the $(wc -l <"$constants_baseline") of $(basename "$constants_baseline") unchanged"
fi

status=0
abi-compliance-checker -l tessera -old "$work/baseline.dump" -new "$work/current.dump" \
  -report-path "$work/compat_report.html" >"$work/check.log" 2>&1 || status=$?
grep -E '^(Binary|Source) compatibility|^Total' "$work/check.log" || cat "$work/check.log"
[ -z "$constant_changes" ] || [ "$status" -ne 0 ] || status=1
case $status in
  0) echo "compatible with $(basename "$baseline")" ;;
  1) echo "INCOMPATIBLE with $(basename "$baseline"): see the constants above and $work/compat_report.html" ;;
  *) echo "abi-compliance-checker failed (exit $status): see $work/check.log" ;;
esac
exit "$status"
