#!/usr/bin/env bash
# Rewrites the C ABI baseline, capi/abi/libreentry_c.abi, from a fresh build of
# libreentry_c (with debug info: abidw reads the types from DWARF). The ctest
# abi_baseline compares every build against it.
#
# Run it only:
#  - at a release, to record functions added since the last one (adding is
#    compatible: the check passes before and after), or
#  - for a deliberate ABI bump, after raising REENTRY_ABI_VERSION in
#    CMakeLists.txt and capi/reentry.h (the SONAME and the CMake package's
#    major version follow) and updating tests/capi/abi_test.c and
#    capi/reentry_c.symbols;
# never to silence the check. Commit the new baseline with the reason.
#
#   tools/update_abi_baseline.sh [build dir]     (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
cmake --build "$build" --target reentry_c
(cd "$build" && abidw --headers-dir "$OLDPWD/capi" --drop-private-types --exported-interfaces-only \
  --no-show-locs --no-comp-dir-path --out-file "$OLDPWD/capi/abi/libreentry_c.abi" libreentry_c.so)
echo "capi/abi/libreentry_c.abi now describes $(git describe --always --dirty)'s libreentry_c:"
git diff --stat -- capi/abi/libreentry_c.abi
