#!/usr/bin/env bash
# Vets, tests, builds and runs the Go host against libreentry_c in <library
# dir>, offline: GOPROXY=off, and GOCACHE/GOPATH under <work dir>.
#
#   examples/go/check.sh <library dir> <work dir>
set -euo pipefail
library_dir=$1 work=$2
cd "$(dirname "$0")"
mkdir -p "$work"
export GOFLAGS=-mod=mod GOPROXY=off GOTOOLCHAIN=local CGO_ENABLED=1
export GOCACHE="$work/cache" GOPATH="$work/path"
export CGO_LDFLAGS="-L$library_dir -Wl,-rpath,$library_dir"
go=${GO:-go}
"$go" version
"$go" vet .
"$go" test -count=1 .
"$go" build -o "$work/score" .
"$work/score"
