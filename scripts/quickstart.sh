#!/usr/bin/env bash
# The README's first command: install what is missing, build tessera, and
# segment the bundled CDNOW sample (2,357 real customers) with RFM, ABC and
# lifecycle stages, then assign service levels with the example rule file.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DTESSERA_BUILD_TESTS=OFF -DTESSERA_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build build --target tessera_cli

# CDNOW_sample.txt: no header, whitespace-separated columns
# master_id sample_id YYYYMMDD number_of_cds dollar_value.
build/src/cli/tessera segment data/cdnow/CDNOW_sample.txt \
  --delimiter space --no-header \
  --customer '#1' --date '#2' --amount '#4' \
  --as-of 1998-07-01 \
  --strategy rfm --strategy abc --strategy lifecycle \
  --rules examples/rules/service_levels.rules --explain 1 \
  --output build/cdnow_segments.csv
echo "per-customer results: build/cdnow_segments.csv"
