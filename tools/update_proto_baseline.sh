#!/usr/bin/env bash
# Copies the current protos into tests/proto_baseline, the reference `buf breaking`
# checks against. Run it when a release is cut, never to silence CI.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf tests/proto_baseline/reentry
cp -r proto/reentry tests/proto_baseline/
echo "tests/proto_baseline now holds the protos of $(git describe --always --dirty)"
