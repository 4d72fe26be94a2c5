#!/usr/bin/env bash
# Two periods of service levels on the bundled CDNOW sample: tiers as of the
# end of September 1997 are saved, the December run reads them back so that
# `demote after 2 periods` can hold customers in their tier, and the two
# snapshots are compared. Run from the repository root after
# scripts/quickstart.sh has built build/src/cli/tessera.
set -euo pipefail
cd "$(dirname "$0")/.."

tessera=build/src/cli/tessera
out=build/two_periods
mkdir -p "$out"
segment=(segment data/cdnow/CDNOW_sample.txt --delimiter space --no-header
         --customer '#1' --date '#2' --amount '#4'
         --strategy rfm --strategy abc --strategy lifecycle
         --rules examples/rules/service_levels.rules --quiet)

"$tessera" "${segment[@]}" --as-of 1997-09-30 --save-tiers "$out/q3.tiers"
"$tessera" "${segment[@]}" --as-of 1997-12-31 \
  --previous-tiers "$out/q3.service.tiers" --previous-tiers "$out/q3.contact.tiers" \
  --save-tiers "$out/q4.tiers" --output "$out/q4_customers.csv"
"$tessera" compare-tiers "$out/q3.service.tiers" "$out/q4.service.tiers" \
  --moves "$out/q4_moves.csv"
