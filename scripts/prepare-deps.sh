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
# With --gui (implies --qt) it copies what the workbench needs as well: Qt 6 Gui, Widgets, Svg,
# PrintSupport and LinguistTools (lrelease) with the offscreen platform plugin, QCustomPlot,
# Graphviz (cgraph, gvc and its core and dot layout plugins, with their plugin config), giflib,
# the OpenGL headers and link libraries Qt's CMake package asks for, and the DejaVu fonts with a
# fontconfig file, all laid out as under /usr in FOLDER/qt. The shared libraries these need
# beyond glibc and libstdc++ go to FOLDER/qt/runtime, each under its soname: on the server,
# scripts/gpu-check.sh links to those the system lacks (by `ldconfig -p`) and puts them on the
# library path, so a library the server has is its own. FOLDER/qt/env.sh sets up the rest
# (GVBINDIR, FONTCONFIG_FILE, QT_PLUGIN_PATH).
#
# Usage: scripts/prepare-deps.sh [--tar] [--qt] [--gui] [FOLDER]  (default: deps/ in the repository, git-ignored)
#        --tar also writes FOLDER.tar.gz to carry elsewhere (FOLDER.tar.xz with --gui: it is larger)
set -euo pipefail

tarball=0
with_qt=0
with_gui=0
while [[ "${1:-}" == --* ]]; do
    case "$1" in
        --tar) tarball=1 ;;
        --qt) with_qt=1 ;;
        --gui) with_qt=1; with_gui=1 ;;
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

# copy_gui <qt folder>: the workbench's libraries (see --gui above), from Debian's packages.
copy_gui() {
    local qt="$1" multiarch=x86_64-linux-gnu package path
    mkdir -p "$qt" "$qt/../qt-staging"
    local packages=(
        qt6-base-dev qt6-base-dev-tools qmake6 qmake6-bin qt6-svg-dev qt6-tools-dev qt6-l10n-tools
        libqt6core6 libqt6gui6 libqt6widgets6 libqt6printsupport6 libqt6test6 libqt6dbus6 libqt6svg6
        libqcustomplot-dev libqcustomplot2.1-qt6
        libgraphviz-dev libgvc6 libcgraph6 libcdt5 libpathplan4 libxdot4
        libgif-dev libgif7 libgl-dev libglx-dev libopengl-dev libegl-dev
        libgl1 libglx0 libopengl0 libegl1 libglvnd0
        libsqlite3-dev libbz2-dev
    )
    for package in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
            { echo "prepare-deps: --gui needs $package: apt-get install $package" >&2; exit 1; }
        # Files and symbolic links, without documentation, Graphviz plugins other than the layout
        # ones, or Qt platform plugins other than offscreen and minimal (they pull X11, EGL, ...).
        dpkg -L "$package" | while read -r path; do
            [[ -f "$path" || -L "$path" ]] && [[ ! -d "$path" ]] || continue
            case "$path" in
                /usr/share/doc/* | /usr/share/man/* | /usr/share/lintian/* | /usr/share/bug/*) continue ;;
                */graphviz/libgvplugin_*) [[ "$path" =~ libgvplugin_(core|dot_layout)\.so ]] || continue ;;
                */graphviz/config*) continue ;;
                */qt6/plugins/*) [[ "$path" =~ /platforms/libq(offscreen|minimal)\.so$|/imageformats/ ]] || continue ;;
                */libQt6XcbQpa* | */libQt6EglFS* | */libQt6WaylandClient*) continue ;;
            esac
            (cd / && cp -a --parents "${path#/}" "$qt/../qt-staging/") 2>/dev/null || true
        done
    done
    # /usr/X -> qt/X (the staging folder mirrors / first, to keep cp --parents simple).
    cp -a "$qt/../qt-staging/usr/." "$qt/"
    [[ -d "$qt/../qt-staging/lib" ]] && cp -a "$qt/../qt-staging/lib/." "$qt/lib/"
    rm -rf "$qt/../qt-staging"
    # Every file a copied CMake package imports must exist, or CMake refuses the package: those
    # that come from packages not copied whole (qmake, lprodump, ...) are copied one by one.
    local loaded=(Qt6 Qt6Core Qt6CoreTools Qt6DBus Qt6DBusTools Qt6Gui Qt6GuiTools Qt6Widgets Qt6WidgetsTools Qt6Svg
                  Qt6PrintSupport Qt6Test Qt6LinguistTools QCustomPlotQt6)  # what the build's find_package loads
    for package in "${loaded[@]}"; do cat "$qt/lib/$multiarch/cmake/$package/"*Targets-*.cmake 2>/dev/null || true; done |
        grep -o '${_IMPORT_PREFIX}/[^" ]*' | sort -u |
        while read -r imported; do
            path="${imported#'${_IMPORT_PREFIX}/'}"
            # Plugins stay out (CMake does not insist on them): the platforms besides offscreen
            # pull in X11, EGL, libinput, ..., the print support plugin CUPS.
            if [[ "$path" != */qt6/plugins/* && ! -e "$qt/$path" && -e "/usr/$path" ]]; then
                (cd /usr && cp -a --parents "$path" "$qt/")
                if [[ -L "/usr/$path" ]]; then cp -L "/usr/$path" "$qt/$path.real" && mv -f "$qt/$path.real" "$qt/$path"; fi
            fi
        done
    # A link library whose runtime package is not copied, or that points outside the copy
    # (libsqlite3.so, libbz2.so: servers have the runtime library, not the headers or the link):
    # point it at a copy in runtime/, which
    # the server uses only when it lacks the library.
    mkdir -p "$qt/runtime"
    for link in "$qt/lib/$multiarch/"*.so; do
        [[ -L "$link" ]] && [[ ! -e "$link" || "$(readlink "$link")" == /* ]] || continue
        real="$(readlink -f "/usr/lib/$multiarch/$(basename "$link")")"
        soname="$(objdump -p "$real" | awk '$1 == "SONAME" { print $2 }')"
        [[ -n "$soname" ]] || continue
        cp -L "$real" "$qt/runtime/$soname"
        ln -sf "../../runtime/$soname" "$link"
    done
    # pkg-config files point into the copy, wherever it lies (pkgconf's ${pcfiledir}).
    sed -i 's|^prefix=/usr$|prefix=${pcfiledir}/../../..|' "$qt/lib/$multiarch/pkgconfig/"*.pc
    rm -f "$qt/lib/$multiarch/"*.a  # static archives: the build links the shared libraries
    # The Graphviz plugin config for the two plugins copied (gvc reads it from GVBINDIR).
    awk '/^libgvplugin_/ { keep = ($1 ~ /libgvplugin_(core|dot_layout)\.so/) } keep' \
        "/usr/lib/$multiarch/graphviz/config6a" > "$qt/lib/$multiarch/graphviz/config6a"
    # Fonts: Qt draws no text without one, and a GPU server usually has none.
    mkdir -p "$qt/share/fonts"
    for font in DejaVuSans.ttf DejaVuSans-Bold.ttf DejaVuSansMono.ttf; do
        need "/usr/share/fonts/truetype/dejavu/$font" fonts-dejavu-core
        cp "/usr/share/fonts/truetype/dejavu/$font" "$qt/share/fonts/"
    done
    # The shared libraries all of these need, beyond glibc, libstdc++ and what is copied above.
    mkdir -p "$qt/runtime"
    # What runs: the libraries, the plugins, and the tools the build calls (not lupdate or
    # qdoc, which pull in LLVM: CMake only checks that they exist).
    { find "$qt/lib/$multiarch" -maxdepth 1 -name '*.so*' -type f
      find "$qt/lib/$multiarch/qt6/plugins" "$qt/lib/$multiarch/graphviz" -name '*.so*' -type f
      for tool in libexec/moc libexec/rcc libexec/uic libexec/cmake_automoc_parser bin/lrelease bin/qtpaths; do
          [[ -f "$qt/lib/qt6/$tool" ]] && echo "$qt/lib/qt6/$tool"
      done; } | tr '\n' '\0' | xargs -0 -r ldd 2>/dev/null |
        awk '$2 == "=>" && $3 ~ /^\// { print $1, $3 }' | sort -u |
        while read -r soname path; do
            case "$soname" in
                libc.so.* | libm.so.* | libdl.so.* | librt.so.* | libpthread.so.* | ld-linux* | libstdc++.so.* | libgcc_s.so.*) continue ;;
                libQt5* | libQt6*) continue ;;  # Qt's own come from lib/ above, never from here
            esac
            [[ -e "$qt/lib/$multiarch/$soname" || -e "$qt/runtime/$soname" ]] && continue
            cp -L "$path" "$qt/runtime/$soname"
        done
    cat > "$qt/env.sh" <<'ENV'
# Sourced by scripts/gpu-check.sh: where the copied Qt, Graphviz and fonts find their parts.
_gdas_qt="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export QT_PLUGIN_PATH="$_gdas_qt/lib/x86_64-linux-gnu/qt6/plugins"
export GVBINDIR="$_gdas_qt/lib/x86_64-linux-gnu/graphviz"
export QT_QPA_FONTDIR="$_gdas_qt/share/fonts"
mkdir -p /tmp/gdas-fontconfig-cache
cat > /tmp/gdas-fonts.conf <<CONF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>$_gdas_qt/share/fonts</dir><cachedir>/tmp/gdas-fontconfig-cache</cachedir></fontconfig>
CONF
export FONTCONFIG_FILE=/tmp/gdas-fonts.conf
ENV
    echo "prepare-deps: the workbench's libraries in $qt ($(du -sh "$qt" | cut -f1); $(ls "$qt/runtime" | wc -l) runtime libraries in $qt/runtime)"
}

if [[ $with_gui == 1 ]]; then
    copy_gui "$dest/qt"
elif [[ $with_qt == 1 ]]; then
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
if [[ $tarball == 1 && $with_gui == 1 ]]; then
    tar -C "$(dirname "$dest")" -cJf "$dest.tar.xz" "$(basename "$dest")"
    echo "prepare-deps: wrote $dest.tar.xz ($(du -h "$dest.tar.xz" | cut -f1))"
elif [[ $tarball == 1 ]]; then
    tar -C "$(dirname "$dest")" -czf "$dest.tar.gz" "$(basename "$dest")"
    echo "prepare-deps: wrote $dest.tar.gz"
fi
