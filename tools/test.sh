#!/usr/bin/env bash
# Builds reentry and runs every test with ctest: unit tests, C ABI tests
# written in C, the ABI baseline, command-line and example checks, the Python
# package (pytest), the Java and Go hosts, and installed-tree consumers (CMake,
# pkg-config, pip, the wheel). With CI=true, warnings are errors.
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/packages.sh
reentry_install_packages

werror=OFF
if [ "${CI:-}" = "true" ]; then werror=ON; fi
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DREENTRY_WERROR="$werror" \
  -DREENTRY_BUILD_PYTHON=ON
cmake --build build
ctest --test-dir build --output-on-failure -j "$(nproc)"
