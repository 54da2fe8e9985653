#!/usr/bin/env bash
# The C ABI against its released baseline (capi/abi/libreentry_c.abi, written
# by tools/update_abi_baseline.sh): any change a host compiled against the
# baseline could notice fails; adding functions passes.
#
#   tests/capi/check_abi.sh <libreentry_c.so> <source dir>
#
# abidiff's exit code is a set of bits (abidiff(1), RETURN VALUES): 1 error,
# 2 usage error, 4 the ABIs differ, 8 an incompatible change. Bit 8 is set
# only for removed symbols; a changed struct layout or function type sets
# bit 4 alone, so with added functions filtered out (--no-added-syms) any
# non-zero code fails here. (No --headers-dir2: the baseline, written by
# abidw with --headers-dir and without locations, already holds only the
# public types, and with it abidiff 2.2 filters out every struct change.)
set -euo pipefail
library=$1 source_dir=$2
baseline=$source_dir/capi/abi/libreentry_c.abi
report=$(mktemp)
trap 'rm -f "$report"' EXIT
status=0
abidiff --no-added-syms --fail-no-debug-info --exported-interfaces-only --suppressions "$source_dir/capi/abi/experimental.abignore" \
  "$baseline" "$library" > "$report" 2>&1 || status=$?
cat "$report"
if [ "$status" -eq 0 ]; then
  added=$(abidiff --fail-no-debug-info --exported-interfaces-only --suppressions "$source_dir/capi/abi/experimental.abignore" \
    "$baseline" "$library" | sed -n "s/^  \[A\] 'function \(.*\)'.*/\1/p" || true)
  if [ -n "$added" ]; then
    echo "added since the baseline (compatible; record them with tools/update_abi_baseline.sh at the release):"
    echo "$added" | sed 's/^/  /'
  fi
  echo "ABI compatible with capi/abi/libreentry_c.abi"
  exit 0
fi
if (( status & 2 )) || (( status & 1 )); then
  echo "abidiff failed to run (exit $status): is the library built with debug info (-g)?" >&2
elif (( status & 8 )); then
  echo "INCOMPATIBLE: a released symbol was removed (abidiff exit $status)." >&2
else
  echo "ABI CHANGED (abidiff exit $status): a released function type or struct layout differs." >&2
fi
echo "Hosts built against the baseline would break. Undo the change, or make a deliberate ABI" >&2
echo "bump: raise REENTRY_ABI_VERSION (CMakeLists.txt and capi/reentry.h) and run" >&2
echo "tools/update_abi_baseline.sh (see docs/embedding.md, Versioning)." >&2
exit 1
