#!/usr/bin/env bash
# Installs the build tree into the scratch prefix the C host tests share, and
# checks the layout hosts rely on: the development link, the SONAME link and
# the real file of libtessera, the C header, the CMake package and tessera.pc.
set -euo pipefail
build_dir=$1 prefix=$2 libdir=$3 version=$4
major=${version%%.*}
fail() { echo "install layout: $*" >&2; exit 1; }

rm -rf "$prefix"
cmake --install "$build_dir" --prefix "$prefix" >/dev/null
lib=$prefix/$libdir

for file in include/tessera/tessera.h include/tessera/version.h \
    "$libdir/pkgconfig/tessera.pc" "$libdir/cmake/tessera/tesseraConfig.cmake" \
    "$libdir/cmake/tessera/tesseraCTargets.cmake" "$libdir/libtessera_core.a"; do
  [ -f "$prefix/$file" ] || fail "$file is missing"
done
[ -L "$lib/libtessera.so" ] || fail "$libdir/libtessera.so is not a symlink"
soname=$(readelf -d "$lib/libtessera.so" | sed -n 's/.*(SONAME).*\[\(.*\)\]$/\1/p')
[ "$soname" = "libtessera.so.$major" ] ||
  fail "SONAME is '$soname', expected libtessera.so.$major (SOVERSION = major)"
[ -L "$lib/$soname" ] || fail "$libdir/$soname (the link the loader follows) is missing"
real=$(readlink -f "$lib/libtessera.so")
[ -f "$real" ] && [ ! -L "$real" ] || fail "libtessera.so does not lead to a file"

modversion=$(PKG_CONFIG_PATH="$lib/pkgconfig" pkg-config --modversion tessera)
[ "$modversion" = "$version" ] || fail "tessera.pc says version '$modversion', expected $version"
echo "$libdir/libtessera.so -> $(readlink "$lib/libtessera.so") -> $(basename "$real"), SONAME $soname, tessera.pc $modversion"
