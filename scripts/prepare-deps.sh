#!/usr/bin/env bash
# Copies the header-only libraries the build needs (CLI11, nlohmann-json, spdlog and fmt) from
# this Debian machine's packages into a folder with small CMake package files, so that a
# machine without apt (a GPU server, a cluster node) finds them with
#   cmake -DCMAKE_PREFIX_PATH=<folder> ...
# spdlog is set up header-only (no libspdlog.so) with its external fmt, also header-only
# (SPDLOG_FMT_EXTERNAL + FMT_HEADER_ONLY), as Debian's headers are configured.
#
# Usage: scripts/prepare-deps.sh [FOLDER]        (default: deps/ in the repository, git-ignored)
#        scripts/prepare-deps.sh --tar [FOLDER]  also writes FOLDER.tar.gz to carry elsewhere
set -euo pipefail

tarball=0
if [[ "${1:-}" == "--tar" ]]; then
    tarball=1
    shift
fi
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="${1:-$repo/deps}"
include=/usr/include

need() {  # need <path> <debian package>
    if [[ ! -e "$1" ]]; then
        echo "prepare-deps: $1 is missing; install it with: apt-get install $2" >&2
        exit 1
    fi
}
need "$include/CLI/CLI.hpp" libcli11-dev
need "$include/nlohmann/json.hpp" nlohmann-json3-dev
need "$include/spdlog/spdlog.h" libspdlog-dev
need "$include/spdlog/logger-inl.h" libspdlog-dev
need "$include/fmt/format-inl.h" libfmt-dev

# Versions, read from the headers themselves.
define() { sed -n "s/^#define $1 \\([0-9]*\\).*/\\1/p" "$2" | head -n1; }
cli11_version="$(sed -n 's/^#define CLI11_VERSION "\(.*\)"/\1/p' "$include/CLI/Version.hpp")"
# 3.11 keeps its version in detail/abi_macros.hpp, earlier releases in json.hpp.
json_header="$include/nlohmann/json.hpp"
[[ -f "$include/nlohmann/detail/abi_macros.hpp" ]] && json_header="$include/nlohmann/detail/abi_macros.hpp"
json_version="$(define NLOHMANN_JSON_VERSION_MAJOR "$json_header").$(define NLOHMANN_JSON_VERSION_MINOR "$json_header").$(define NLOHMANN_JSON_VERSION_PATCH "$json_header")"
spdlog_version="$(define SPDLOG_VER_MAJOR "$include/spdlog/version.h").$(define SPDLOG_VER_MINOR "$include/spdlog/version.h").$(define SPDLOG_VER_PATCH "$include/spdlog/version.h")"
fmt_number="$(define FMT_VERSION "$include/fmt/core.h")"
fmt_version="$((fmt_number / 10000)).$((fmt_number / 100 % 100)).$((fmt_number % 100))"
for v in "$cli11_version" "$json_version" "$spdlog_version" "$fmt_version"; do
    if [[ ! "$v" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
        echo "prepare-deps: could not read a version from the headers (got '$v')" >&2
        exit 1
    fi
done
if ! grep -q '^#define SPDLOG_FMT_EXTERNAL' "$include/spdlog/tweakme.h"; then
    echo "prepare-deps: $include/spdlog/tweakme.h does not select the external fmt; this script expects Debian's spdlog" >&2
    exit 1
fi

rm -rf "$dest"
mkdir -p "$dest/include" "$dest/lib/cmake"
cp -a "$include/CLI" "$include/nlohmann" "$include/spdlog" "$include/fmt" "$dest/include/"
printf '*\n' > "$dest/.gitignore"  # the folder ignores itself; no change to the repository's .gitignore

version_file() {  # version_file <file> <version>: compatible with any requested version up to <version>
    cat > "$1" <<CMAKE
set(PACKAGE_VERSION "$2")
if(PACKAGE_FIND_VERSION AND PACKAGE_FIND_VERSION VERSION_GREATER PACKAGE_VERSION)
  set(PACKAGE_VERSION_COMPATIBLE FALSE)
else()
  set(PACKAGE_VERSION_COMPATIBLE TRUE)
  if(PACKAGE_FIND_VERSION STREQUAL PACKAGE_VERSION)
    set(PACKAGE_VERSION_EXACT TRUE)
  endif()
endif()
CMAKE
}

# Each config finds the headers relative to itself: the folder can move.
prefix_line='get_filename_component(_gdas_deps "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)'

mkdir -p "$dest/lib/cmake/CLI11"
cat > "$dest/lib/cmake/CLI11/CLI11Config.cmake" <<CMAKE
# CLI11 $cli11_version, header-only (from scripts/prepare-deps.sh)
$prefix_line
if(NOT TARGET CLI11::CLI11)
  add_library(CLI11::CLI11 INTERFACE IMPORTED)
  set_target_properties(CLI11::CLI11 PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "\${_gdas_deps}/include")
endif()
set(CLI11_INCLUDE_DIRS "\${_gdas_deps}/include")
CMAKE
version_file "$dest/lib/cmake/CLI11/CLI11ConfigVersion.cmake" "$cli11_version"

mkdir -p "$dest/lib/cmake/nlohmann_json"
cat > "$dest/lib/cmake/nlohmann_json/nlohmann_jsonConfig.cmake" <<CMAKE
# nlohmann-json $json_version, header-only (from scripts/prepare-deps.sh)
$prefix_line
if(NOT TARGET nlohmann_json::nlohmann_json)
  add_library(nlohmann_json::nlohmann_json INTERFACE IMPORTED)
  set_target_properties(nlohmann_json::nlohmann_json PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "\${_gdas_deps}/include")
endif()
CMAKE
version_file "$dest/lib/cmake/nlohmann_json/nlohmann_jsonConfigVersion.cmake" "$json_version"

mkdir -p "$dest/lib/cmake/fmt"
cat > "$dest/lib/cmake/fmt/fmt-config.cmake" <<CMAKE
# fmt $fmt_version in header-only mode (from scripts/prepare-deps.sh)
$prefix_line
if(NOT TARGET fmt::fmt-header-only)
  add_library(fmt::fmt-header-only INTERFACE IMPORTED)
  set_target_properties(fmt::fmt-header-only PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "\${_gdas_deps}/include"
    INTERFACE_COMPILE_DEFINITIONS "FMT_HEADER_ONLY=1")
endif()
if(NOT TARGET fmt::fmt)
  add_library(fmt::fmt INTERFACE IMPORTED)
  set_target_properties(fmt::fmt PROPERTIES INTERFACE_LINK_LIBRARIES fmt::fmt-header-only)
endif()
CMAKE
version_file "$dest/lib/cmake/fmt/fmt-config-version.cmake" "$fmt_version"

mkdir -p "$dest/lib/cmake/spdlog"
cat > "$dest/lib/cmake/spdlog/spdlogConfig.cmake" <<CMAKE
# spdlog $spdlog_version in header-only mode over the external, header-only fmt
# (from scripts/prepare-deps.sh). Without SPDLOG_COMPILED_LIB, spdlog includes its *-inl.h.
$prefix_line
include(CMakeFindDependencyMacro)
find_dependency(fmt CONFIG PATHS "\${_gdas_deps}/lib/cmake/fmt" NO_DEFAULT_PATH)
find_dependency(Threads)
if(NOT TARGET spdlog::spdlog_header_only)
  add_library(spdlog::spdlog_header_only INTERFACE IMPORTED)
  set_target_properties(spdlog::spdlog_header_only PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "\${_gdas_deps}/include"
    INTERFACE_COMPILE_DEFINITIONS "SPDLOG_FMT_EXTERNAL"
    INTERFACE_LINK_LIBRARIES "fmt::fmt-header-only;Threads::Threads")
endif()
if(NOT TARGET spdlog::spdlog)
  add_library(spdlog::spdlog INTERFACE IMPORTED)
  set_target_properties(spdlog::spdlog PROPERTIES INTERFACE_LINK_LIBRARIES spdlog::spdlog_header_only)
endif()
CMAKE
version_file "$dest/lib/cmake/spdlog/spdlogConfigVersion.cmake" "$spdlog_version"

echo "prepare-deps: CLI11 $cli11_version, nlohmann-json $json_version, spdlog $spdlog_version (header-only), fmt $fmt_version (header-only) in $dest"
echo "prepare-deps: configure with -DCMAKE_PREFIX_PATH=\"$dest;<LibTorch's cmake prefix>\""
if [[ $tarball == 1 ]]; then
    tar -C "$(dirname "$dest")" -czf "$dest.tar.gz" "$(basename "$dest")"
    echo "prepare-deps: wrote $dest.tar.gz"
fi
