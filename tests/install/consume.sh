#!/usr/bin/env bash
# Installs reentry into a temporary prefix and builds hosts against it out of
# tree, as a department's engineers would; each host runs and scores a person.
#
#   consume.sh <kind> <build dir> <prefix> <work dir>
#
# kinds:
#   tree         cmake --install into <prefix>; checks the tree holds the
#                libraries, headers, CMake and pkg-config files, the CLI, the
#                .proto files and the builtin definitions; runs the CLI
#   cpp          a C++ host: find_package(reentry CONFIG REQUIRED), reentry::reentry
#   c-cmake      a C host (conan/test_package): reentry::reentry_c
#   c-pkgconfig  the same C host: cc $(pkg-config --cflags --libs reentry)
#   python-pip   python3 -m venv; pip install ./python (no network: --no-index)
#   python-wheel pip install the wheel the build made (REENTRY_BUILD_PYTHON)
#
# Environment: REENTRY_SOURCE_DIR, CMAKE, CMAKE_GENERATOR, CC, CXX, PYTHON.
set -euo pipefail
kind=$1 build=$2 prefix=$3 work=$4
source_dir=${REENTRY_SOURCE_DIR:?}
cmake=${CMAKE:-cmake}
generator=${CMAKE_GENERATOR:-Ninja}
mkdir -p "$work"

fail() { echo "FAILED: $*" >&2; exit 1; }

configure_and_build() {  # <source> <binary> [cmake args]
  local src=$1 bin=$2
  shift 2
  rm -rf "$bin"
  "$cmake" -S "$src" -B "$bin" -G "$generator" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_PREFIX_PATH="$prefix" "$@"
  "$cmake" --build "$bin"
}

python_smoke() {  # <python>: the installed package, away from the source tree
  (cd "$work" && env -u PYTHONPATH -u REENTRY_LIBRARY "$1" - <<'PY'
import pathlib
import numpy as np
import reentry

package = pathlib.Path(reentry.__file__).parent
assert (package / "libreentry_c.so").is_file(), f"no library bundled in {package}"
assert "site-packages" in str(package), package
with reentry.Engine() as engine:
    scales = {s["scaleId"]: s for s in engine.score(instrument_id="psa", answers={
        "age_at_current_arrest": 20, "current_violent_offense": True, "pending_charge": True,
        "prior_misdemeanor_conviction": True, "prior_felony_conviction": False,
        "prior_violent_convictions": 1, "prior_fta_past_two_years": 1,
        "prior_fta_older_than_two_years": False,
        "prior_sentence_to_incarceration": True})["result"]["scales"]}
    assert scales["nca"]["scaledScore"] == 6 and scales["nvca"]["flag"] is True, scales
    batch = engine.score_columns("psa", {
        "age_at_current_arrest": np.array([20, 45], np.int32),
        "current_violent_offense": [True, False], "pending_charge": [True, False],
        "prior_misdemeanor_conviction": [True, False], "prior_felony_conviction": [False, False],
        "prior_violent_convictions": [1, 0], "prior_fta_past_two_years": [1, 0],
        "prior_fta_older_than_two_years": [False, False],
        "prior_sentence_to_incarceration": [True, False]})
    assert batch["nca.scaled_score"].tolist() == [6, 1], batch
print(f"installed package {package}: scored a person (NCA 6) and a caseload of two")
PY
  )
}

new_venv() {  # <dir>: a venv that sees Debian's numpy
  rm -rf "$1"
  "${PYTHON:-python3}" -m venv --system-site-packages "$1" ||
    fail "python3 -m venv failed (apt-get install python3-venv)"
}

case "$kind" in
  tree)
    rm -rf "$prefix"
    "$cmake" --install "$build" --prefix "$prefix" > "$work/install.log" ||
      { cat "$work/install.log"; fail "cmake --install"; }
    for path in include/reentry.h include/reentry/engine/engine.h \
                include/reentry/v1/assessment.pb.h lib/libreentry_c.so lib/libreentry_c.so.1 \
                lib/libreentry.a lib/cmake/reentry/reentryConfig.cmake \
                lib/cmake/reentry/reentryConfigVersion.cmake \
                lib/cmake/reentry/reentryCTargets.cmake lib/cmake/reentry/reentryTargets.cmake \
                lib/pkgconfig/reentry.pc bin/reentry \
                share/reentry/proto/reentry/v1/engine.proto \
                share/reentry/proto/reentry/v1/assessment.proto \
                share/reentry/instruments/psa.textproto share/reentry/instruments/pattern.textproto \
                share/reentry/instruments/reentry_needs_screen.textproto \
                share/reentry/catalogs/us_federal.textproto share/doc/reentry/embedding.md; do
      [ -e "$prefix/$path" ] || fail "the installed tree has no $path"
    done
    # Every .proto and builtin definition of the source tree is installed.
    for f in "$source_dir"/proto/reentry/v1/*.proto; do
      [ -e "$prefix/share/reentry/proto/reentry/v1/$(basename "$f")" ] || fail "missing $f"
    done
    for f in "$source_dir"/instruments/*.textproto "$source_dir"/catalogs/*.textproto; do
      [ -e "$prefix/share/reentry/$(basename "$(dirname "$f")")/$(basename "$f")" ] ||
        fail "missing $f"
    done
    readelf -d "$prefix/lib/libreentry_c.so" | grep -q 'SONAME.*libreentry_c.so.1' ||
      fail "libreentry_c.so has no SONAME libreentry_c.so.1"
    "$prefix/bin/reentry" score --instrument psa --input "$source_dir/examples/data/person_psa.json" |
      tee "$work/cli.txt"
    grep -Eq 'New Criminal Activity \(NCA\) +10 +6' "$work/cli.txt" || fail "the installed CLI"
    echo "installed tree complete in $prefix"
    ;;
  cpp)
    configure_and_build "$source_dir/tests/install/cpp_consumer" "$work/cpp" \
      -DCMAKE_CXX_COMPILER="${CXX:-c++}"
    "$work/cpp/score_person"
    ;;
  c-cmake)
    configure_and_build "$source_dir/conan/test_package" "$work/c-cmake" \
      -DCMAKE_C_COMPILER="${CC:-cc}"
    "$work/c-cmake/test_package"
    ;;
  c-pkgconfig)
    export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
    [ "$(pkg-config --modversion reentry)" = "$(sed -n 's/^#define REENTRY_VERSION_STRING "\(.*\)"/\1/p' "$prefix/include/reentry.h")" ] ||
      fail "pkg-config --modversion reentry is not the header's version"
    flags=$(pkg-config --cflags --libs reentry)
    echo "pkg-config --cflags --libs reentry: $flags"
    mkdir -p "$work/c-pkgconfig"
    # shellcheck disable=SC2086
    "${CC:-cc}" -std=c99 -Wall -Wextra -o "$work/c-pkgconfig/test_package" \
      "$source_dir/conan/test_package/test_package.c" $flags \
      -Wl,-rpath,"$(pkg-config --variable=libdir reentry)"
    "$work/c-pkgconfig/test_package"
    ;;
  python-pip)
    new_venv "$work/venv-pip"
    rm -rf "$work/python-src"
    cp -r "$source_dir/python" "$work/python-src"  # pip builds in place: keep the checkout clean
    REENTRY_LIBRARY="$prefix/lib/libreentry_c.so" \
      "$work/venv-pip/bin/pip" install --no-index "$work/python-src"
    python_smoke "$work/venv-pip/bin/python"
    ;;
  python-wheel)
    wheels=("$prefix"/share/reentry/python/reentry-*.whl)
    [ -f "${wheels[0]}" ] || fail "no wheel installed under $prefix/share/reentry/python"
    new_venv "$work/venv-wheel"
    "$work/venv-wheel/bin/pip" install --no-index "${wheels[0]}"
    python_smoke "$work/venv-wheel/bin/python"
    ;;
  *)
    fail "unknown kind $kind"
    ;;
esac
