#!/usr/bin/env bash
# Builds the Debian package of a configured build folder with CPack, installs it with apt-get,
# checks what it put where, starts gdas-workbench (under Xvfb, in English and in German) and
# gdas, then removes the package again.
#
#   tests/packaging/test-deb.sh BUILD_DIR
#
# Needs root (apt-get), xvfb-run and a GUI build (GDAS_BUILD_GUI=ON). Exits 77 (CTest: skipped)
# when it cannot run here: not root, no xvfb-run, or a gdas-workbench package is installed
# already (the test never replaces someone's installation).
set -euo pipefail

build=$(cd "${1:?usage: test-deb.sh BUILD_DIR}" && pwd)
app_id=io.github.gdasworkbench.Workbench
skip() { echo "test-deb: SKIP: $*"; exit 77; }
fail() { echo "test-deb: FAIL: $*" >&2; exit 1; }

[[ $(id -u) -eq 0 ]] || skip "apt-get install needs root"
command -v xvfb-run >/dev/null || skip "xvfb-run missing (apt install xvfb)"
command -v cpack >/dev/null || skip "cpack missing"
if dpkg-query -W -f='${Status}' gdas-workbench 2>/dev/null | grep -q "install ok installed"; then
    skip "a gdas-workbench package is installed already"
fi

# What the package holds must be built; the tests need not be.
cmake --build "$build" --target gdas gdas-workbench gdas_icons gdas-workbench_lrelease
work=$(mktemp -d)
cleanup() {
    if dpkg-query -W -f='${Status}' gdas-workbench 2>/dev/null | grep -q "install ok installed"; then
        apt-get remove -y -qq gdas-workbench >/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

start=$(date +%s)
(cd "$work" && cpack --config "$build/CPackConfig.cmake" -G DEB -B "$work/out" >"$work/cpack.log" 2>&1) \
    || { cat "$work/cpack.log"; fail "cpack failed"; }
deb=$(ls "$work"/out/gdas-workbench_*.deb)
echo "test-deb: built $(basename "$deb") ($(du -h "$deb" | cut -f1)) in $(( $(date +%s) - start )) s"
depends=$(dpkg-deb -f "$deb" Depends)
echo "test-deb: Depends: $depends"
for lib in libqt6widgets6 libqt6svg6 libgvc6 libgif7 libtorch; do
    grep -q "$lib" <<<"$depends" || fail "Depends lacks $lib"
done

DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$deb" >"$work/apt.log" 2>&1 \
    || { cat "$work/apt.log"; fail "apt-get install failed"; }
echo "test-deb: installed"

for f in /usr/bin/gdas /usr/bin/gdas-workbench; do [[ -x $f ]] || fail "$f missing"; done
for f in /usr/share/applications/$app_id.desktop /usr/share/metainfo/$app_id.metainfo.xml \
         /usr/share/icons/hicolor/scalable/apps/$app_id.svg \
         /usr/share/icons/hicolor/16x16/apps/$app_id.png /usr/share/icons/hicolor/256x256/apps/$app_id.png \
         /usr/share/gdas-workbench/translations/gdas_workbench_de.qm \
         /usr/share/gdas-workbench/translations/gdas_workbench_zh_CN.qm \
         /usr/share/doc/gdas-workbench/README.md /usr/share/doc/gdas-workbench/USER_GUIDE.md; do
    [[ -f $f ]] || fail "$f missing"
done
if command -v appstreamcli >/dev/null; then
    appstreamcli validate --no-net "/usr/share/metainfo/$app_id.metainfo.xml" || fail "AppStream metadata invalid"
fi
if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate "/usr/share/applications/$app_id.desktop" || fail "desktop entry invalid"
fi

/usr/bin/gdas --help >"$work/gdas-help.txt" || fail "gdas --help failed"
grep -q "search" "$work/gdas-help.txt" || fail "gdas --help does not list search"
/usr/bin/gdas genotype show GDAS_V1 >/dev/null || fail "gdas genotype show GDAS_V1 failed"
echo "test-deb: gdas --help and gdas genotype show work"

# The installed workbench, in a clean home, under Xvfb: once in English, once in German (the
# translation must come from /usr/share/gdas-workbench/translations).
mkdir -p "$work/home"
run_workbench() {  # LANG, expected text
    HOME=$work/home XDG_CONFIG_HOME=$work/home/.config LANG=$1 LC_ALL= LANGUAGE= \
        timeout 120 xvfb-run -a -s "-screen 0 1280x800x24" /usr/bin/gdas-workbench --self-test \
        >"$work/self-test.txt" 2>&1 || { cat "$work/self-test.txt"; fail "gdas-workbench --self-test ($1) failed"; }
    grep -q "$2" "$work/self-test.txt" || { cat "$work/self-test.txt"; fail "self-test ($1) did not report: $2"; }
    grep "self-test" "$work/self-test.txt"
}
run_workbench C.UTF-8 "welcome page shown, translation none"
run_workbench de_DE.UTF-8 "translation /usr/share/gdas-workbench/translations/gdas_workbench_de.qm"
run_workbench zh_CN.UTF-8 "main window \"GDAS 工作台\""

apt-get remove -y -qq gdas-workbench >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "apt-get remove failed"; }
[[ ! -e /usr/bin/gdas-workbench ]] || fail "/usr/bin/gdas-workbench still there after removal"
echo "test-deb: removed; all checks passed in $(( $(date +%s) - start )) s"
