#!/usr/bin/env bash
# Builds reentry and runs every test (unit tests, C ABI tests written in C,
# command-line and example checks) with ctest. With CI=true, warnings are
# errors.
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/packages.sh
reentry_install_packages

werror=OFF
if [ "${CI:-}" = "true" ]; then werror=ON; fi
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DREENTRY_WERROR="$werror"
cmake --build build
ctest --test-dir build --output-on-failure -j "$(nproc)"
