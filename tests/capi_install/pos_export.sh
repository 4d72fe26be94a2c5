#!/usr/bin/env bash
# Builds examples/pos_export against the installed prefix and runs it on the
# UCI Online Retail file with the example service-level rules, then checks
# the figures published for that file. Skips (77) without the shared data,
# except under CI=true, where that is a failure.
#   pos_export.sh DATA RULES MODE SOURCE_DIR PREFIX LIBDIR WORK
set -euo pipefail
data=$1 rules=$2
shift 2
if [ ! -f "$data" ]; then
  if [ "${CI:-}" = true ]; then
    echo "pos_export: $data is missing, and CI=true requires the shared data" >&2
    exit 1
  fi
  echo "skipped: $data not found (the shared reference data beside the checkout)"
  exit 77
fi

output=$("$(dirname "$0")/host.sh" "$@" pos_export "$data" "$rules" 17850)
printf '%s\n' "$output"
fail() { echo "FAIL: $*" >&2; exit 1; }
expect() { grep -qE -- "$1" <<<"$output" || fail "no line matches: $1"; }

# /work/shared/data/REFERENCE.md, "UCI Online Retail sanity figures":
# 541,909 rows, 135,080 of them without a CustomerID, 4,372 distinct
# CustomerID. Accepted rows are the difference: 541909 - 135080 = 406829.
expect '^rows read 541909, without customer 135080$'
expect ': read 541909 rows, 406829 accepted, 135080 rejected \(missing_customer 135080\)'
expect '^scored 4372 customers$'

# Both rule sets of the file are reported, and each one's tiers (with any
# customers left without one) account for every customer.
totals=$(awk '/^$/ { set = "" }
              set != "" { total[set] += $NF }
              /^[[:alnum:]_.]+ +customers$/ { set = $1 }
              END { for (s in total) print s, total[s] }' <<<"$output" | sort)
[ "$totals" = $'contact 4372\nservice 4372' ] ||
  fail "tier counts per rule set should each add up to 4372, got: ${totals:-nothing}"

# The explanation names the tier and the rule that gave it.
expect '^customer 17850, service:$'
expect '^customer 17850, contact:$'
expect 'tier "[^"]+" by rule [0-9]+'
