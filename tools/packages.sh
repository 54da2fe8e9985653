#!/usr/bin/env bash
# Installs the Debian packages reentry builds with, if any is missing.
# Sourced by tools/demo.sh and tools/test.sh; uses sudo when not root.
set -euo pipefail

REENTRY_PACKAGES=(
  cmake ninja-build g++ pkg-config
  libboost-graph-dev libboost-date-time-dev
  libabsl-dev libprotobuf-dev protobuf-compiler
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-numpy
  # Hosts and packaging, each tested by ctest: the Python package (pytest, a
  # venv for `pip install ./python`, the wheel), Java through JNA, Go through
  # cgo, and the ABI baseline check (abidiff).
  python3-pytest python3-setuptools python3-wheel python3-venv
  openjdk-17-jdk-headless libjna-java golang-go abigail-tools
)

reentry_install_packages() {
  local missing=()
  for package in "${REENTRY_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$package")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi
  echo "Installing missing packages: ${missing[*]}"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}
