#!/usr/bin/env bash
# Copies the header-only libraries the build needs (CLI11, nlohmann-json, spdlog and fmt) from
# this Debian machine's packages into a folder with small CMake package files, so that a
# machine without apt (a GPU server, a cluster node) finds them with
#   cmake -DCMAKE_PREFIX_PATH=<folder> ...
# spdlog is set up header-only (no libspdlog.so) with its external fmt, also header-only
# (SPDLOG_FMT_EXTERNAL + FMT_HEADER_ONLY), as Debian's headers are configured.
#
# With --qt it also copies Qt 6 Core + Test (libraries, headers, CMake packages, moc and the
# shared libraries they need that a Python/CUDA image usually lacks, such as ICU 72) into
# FOLDER/qt, laid out as under /usr, so that the core tests can run on a GPU server with
# `-DCMAKE_PREFIX_PATH=FOLDER/qt` and `LD_LIBRARY_PATH=FOLDER/qt/lib/x86_64-linux-gnu`
# (scripts/gpu-check.sh does both). Qt's CMake packages compute their prefix from their own
# location, so the copy works wherever it lies.
#
# Usage: scripts/prepare-deps.sh [--tar] [--qt] [FOLDER]  (default: deps/ in the repository, git-ignored)
#        --tar also writes FOLDER.tar.gz to carry elsewhere
set -euo pipefail

tarball=0
with_qt=0
while [[ "${1:-}" == --* ]]; do
    case "$1" in
        --tar) tarball=1 ;;
        --qt) with_qt=1 ;;
        *) echo "prepare-deps: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
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

if [[ $with_qt == 1 ]]; then
    multiarch=x86_64-linux-gnu
    qt_cmake=/usr/lib/$multiarch/cmake
    need "$qt_cmake/Qt6Test/Qt6TestConfig.cmake" qt6-base-dev
    need /usr/lib/qt6/libexec/moc qt6-base-dev-tools
    # Everything the Core, CoreTools and Test packages import must exist, or CMake refuses
    # the package ("imported target references the file ... but this file does not exist").
    qt_paths=(
        "lib/$multiarch/cmake/Qt6" "lib/$multiarch/cmake/Qt6Core" "lib/$multiarch/cmake/Qt6CoreTools"
        "lib/$multiarch/cmake/Qt6Test" "lib/$multiarch/cmake/Qt6HostInfo"
        "include/$multiarch/qt6/QtCore" "include/$multiarch/qt6/QtTest"
        "lib/$multiarch/qt6/mkspecs/linux-g++" "lib/$multiarch/qt6/mkspecs/common"
        "lib/$multiarch/qt6/mkspecs/features" "lib/$multiarch/qt6/mkspecs/qconfig.pri"
        "lib/$multiarch/metatypes/qt6core_none_metatypes.json" "lib/$multiarch/metatypes/qt6test_none_metatypes.json"
        "lib/qt6/libexec/moc" "lib/qt6/libexec/rcc" "lib/qt6/libexec/tracegen" "lib/qt6/libexec/qlalr"
        "lib/qt6/libexec/cmake_automoc_parser" "lib/qt6/bin/androiddeployqt" "lib/qt6/bin/androidtestrunner"
        "lib/qt6/bin/qtpaths" "lib/qt6/bin/qtpaths6" "lib/qt6/bin/qmake" "lib/qt6/bin/qmake6" "bin/$multiarch-qmake6"
    )
    mkdir -p "$dest/qt"
    for path in "${qt_paths[@]}"; do
        if [[ -e "/usr/$path" ]]; then
            (cd /usr && cp -a --parents "$path" "$dest/qt/")
        fi
    done
    # The shared libraries: Qt's own and those of its dependencies that are not part of a
    # basic glibc/libstdc++ system (symlinks resolved; the versioned names are what ld.so asks for).
    libdir="$dest/qt/lib/$multiarch"
    for lib in libQt6Core.so.6 libQt6Test.so.6 libicuuc.so.72 libicui18n.so.72 libicudata.so.72 \
               libdouble-conversion.so.3 libb2.so.1 libpcre2-16.so.0 libpcre2-8.so.0 \
               libglib-2.0.so.0 libzstd.so.1; do
        source="/usr/lib/$multiarch/$lib"
        [[ -e "$source" ]] || source="/lib/$multiarch/$lib"
        need "$source" "the package that holds $lib"
        cp -L "$source" "$libdir/$lib"
    done
    for lib in libQt6Core libQt6Test; do
        real="$(basename "$(readlink -f "/usr/lib/$multiarch/$lib.so.6")")"  # libQt6Core.so.6.4.2
        ln -sf "$lib.so.6" "$libdir/$real"
        ln -sf "$lib.so.6" "$libdir/$lib.so"
    done
    qt_version="$(sed -n 's/^#define QT_VERSION_STR "\(.*\)"/\1/p' /usr/include/$multiarch/qt6/QtCore/qtcore-config.h /usr/include/$multiarch/qt6/QtCore/qconfig.h 2>/dev/null | head -n1)"
    echo "prepare-deps: Qt ${qt_version:-6} Core + Test in $dest/qt ($(du -sh "$dest/qt" | cut -f1)); at run time LD_LIBRARY_PATH=$libdir"
fi

echo "prepare-deps: CLI11 $cli11_version, nlohmann-json $json_version, spdlog $spdlog_version (header-only), fmt $fmt_version (header-only) in $dest"
echo "prepare-deps: configure with -DCMAKE_PREFIX_PATH=\"$dest;<LibTorch's cmake prefix>\""
if [[ $tarball == 1 ]]; then
    tar -C "$(dirname "$dest")" -czf "$dest.tar.gz" "$(basename "$dest")"
    echo "prepare-deps: wrote $dest.tar.gz"
fi
