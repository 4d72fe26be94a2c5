#!/usr/bin/env bash
# `pip install .` works offline and gives an importable package: copies the
# sources the Python build needs to a scratch folder (so the build leaves
# nothing in the checkout), installs with Debian's pip into a target folder,
# then segments a tiny dataset with the installed package only.
#
# Usage: test_install.sh <repository> [<scratch folder>]
# Given a scratch folder, setup.py's CMake build tree in it is kept between
# runs, so that a second run compiles only what changed; without one, a
# temporary folder is used and removed.
set -euo pipefail

repository=$(cd "$1" && pwd)
python=${PYTHON:-/usr/bin/python3}
if [ $# -ge 2 ]; then
  scratch=$2
  mkdir -p "$scratch"
else
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
fi

mkdir -p "$scratch/source"
find "$scratch/source" -mindepth 1 -maxdepth 1 ! -name build -exec rm -rf {} +
rm -rf "$scratch/site"
# -p keeps modification times, which the kept build tree compares.
for part in CMakeLists.txt README.md setup.py pyproject.toml cmake include src bindings; do
  cp -Rp "$repository/$part" "$scratch/source/"
done
find "$scratch/source" -name __pycache__ -prune -exec rm -rf {} +

"$python" -m pip install --no-build-isolation --no-deps --no-index --quiet --root-user-action=ignore \
  --target "$scratch/site" "$scratch/source"

# Run from a folder holding nothing of tessera, so only the installed copy
# can be imported.
cd "$scratch"
PYTHONPATH="$scratch/site" PYTHONDONTWRITEBYTECODE=1 "$python" - "$scratch/site" <<'PY'
import os
import sys

import numpy as np

import tessera
from tessera import _core

site = os.path.realpath(sys.argv[1])
assert os.path.realpath(tessera.__file__).startswith(site), tessera.__file__
assert os.path.realpath(_core.__file__).startswith(site), _core.__file__
assert os.path.exists(os.path.join(os.path.dirname(_core.__file__), "_core.pyi"))
assert _core.__version__ == tessera.__version__, (_core.__version__, tessera.__version__)

# Three customers: 1 buys twice (10 + 20), 2 once (5), 3 once (7).
dataset = _core.build_dataset(int_keys=np.array([1, 2, 1, 3], dtype=np.int64),
                              days=np.array([18000, 18005, 18010, 17990], dtype=np.int32),
                              amounts=np.array([10.0, 5.0, 20.0, 7.0]))
result = _core.run(dataset)
assert list(result.feature("monetary")) == [30.0, 5.0, 7.0]
assert list(result.feature("frequency")) == [2.0, 1.0, 1.0]
rows = result.segment_summary("rfm.segment")
assert rows[-1].segment == "total" and rows[-1].customers == 3 and rows[-1].revenue == 42.0
print("installed tessera", tessera.__version__, "segments", [row.segment for row in rows])
PY
