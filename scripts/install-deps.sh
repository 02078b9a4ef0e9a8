#!/usr/bin/env bash
# Installs the Debian 12 packages GDAS Workbench needs to build, test and run.
# Run as root (or through sudo). Safe to run again: apt-get skips what is installed.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkgconf
  libtorch-dev libgloo-dev
  qt6-base-dev qt6-svg-dev qt6-tools-dev qt6-l10n-tools qt6-tools-dev-tools libgl1-mesa-dev
  qt6-translations-l10n
  libqcustomplot-dev libgraphviz-dev
  libspdlog-dev libcli11-dev nlohmann-json3-dev zlib1g-dev libgoogle-perftools-dev
  libpng-dev libjpeg62-turbo-dev libgif-dev
  libsqlite3-dev libbz2-dev
  dataset-fashion-mnist
  xvfb xauth imagemagick appstream
  clang-format
  texlive-latex-base texlive-latex-recommended   # tests: the LaTeX tables of `gdas study` compile
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all packages present"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages: ${missing[*]}" >&2
  echo "install-deps: run as root: sudo bash scripts/install-deps.sh" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
