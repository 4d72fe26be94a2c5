#!/usr/bin/env bash
# Builds a C host against the installed prefix the way a host project would
# (MODE cmake: find_package(tessera), rpath from CMake; MODE make: pkg-config,
# LD_LIBRARY_PATH), then runs PROGRAM with the remaining arguments. Build
# output is shown only when the build fails, so the test sees only the
# program's output.
set -euo pipefail
mode=$1 source_dir=$2 prefix=$3 libdir=$4 work=$5 program=$6
shift 6
rm -rf "$work"
mkdir -p "$work"
log=$work/build.log

case $mode in
  cmake)
    # HOST_CMAKE_ARGS: extra configure options, e.g. to hide Abseil.
    # shellcheck disable=SC2086
    if ! { cmake -S "$source_dir" -B "$work" -G Ninja \
             -DCMAKE_PREFIX_PATH="$prefix" ${HOST_CMAKE_ARGS:-} &&
           cmake --build "$work"; } >"$log" 2>&1; then
      cat "$log" >&2
      exit 1
    fi
    ;;
  make)
    export PKG_CONFIG_PATH=$prefix/$libdir/pkgconfig
    if ! make -C "$work" -f "$source_dir/Makefile" >"$log" 2>&1; then
      cat "$log" >&2
      exit 1
    fi
    export LD_LIBRARY_PATH=$prefix/$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
    ;;
  *)
    echo "host.sh: MODE is cmake or make, not '$mode'" >&2
    exit 2
    ;;
esac

status=0
"$work/$program" "$@" || status=$?
if [ "$status" -ne 0 ]; then
  echo "$program exited with status $status"
  exit "$status"
fi
