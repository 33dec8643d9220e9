#!/usr/bin/env bash
# Refresh the vendored front-end files from the npm registry (needs npm; `make run` never does).
# DKFDS is pinned; htmx follows 2.0.x and axe-core 4.x. The built files are committed.
set -euo pipefail

DKFDS_VERSION="11.2.0"
HTMX_RANGE="2.0"
AXE_RANGE="4"
NOTO_ARABIC_RANGE="5"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
static="$root/lokalsundhed/static/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

command -v npm >/dev/null || { echo "npm is needed to refresh the vendored files" >&2; exit 1; }

cd "$work"
npm pack --silent "dkfds@$DKFDS_VERSION" "htmx.org@$HTMX_RANGE" "axe-core@$AXE_RANGE" \
    "@fontsource/noto-sans-arabic@$NOTO_ARABIC_RANGE" >/dev/null
for tgz in dkfds-*.tgz htmx.org-*.tgz axe-core-*.tgz fontsource-noto-sans-arabic-*.tgz; do
    name="${tgz%.tgz}"
    mkdir "$name"
    tar -xzf "$tgz" -C "$name"
done
dkfds="$(ls -d dkfds-*/package)"
htmx="$(ls -d htmx.org-*/package)"
axe="$(ls -d axe-core-*/package)"
noto_arabic="$(ls -d fontsource-noto-sans-arabic-*/package)"
version() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["version"])' "$1/package.json"; }

# DKFDS: the stylesheet, the script, the icon sprite, and every file the stylesheet points at
# (fonts and icons), at the same relative paths so url(../fonts/...) keeps working.
rm -rf "$static/dkfds" "$static/htmx"
mkdir -p "$static/dkfds/css" "$static/dkfds/js" "$static/dkfds/img" "$static/htmx"
# Source maps are not shipped: drop the comments that point at them (a hashing storage would
# otherwise look for the missing .map files).
sed -e 's#/\*\# sourceMappingURL=[^*]*\*/##' "$dkfds/dist/css/dkfds.min.css" > "$static/dkfds/css/dkfds.min.css"
sed -e 's#^//\# sourceMappingURL=.*$##' "$dkfds/dist/js/dkfds.min.js" > "$static/dkfds/js/dkfds.min.js"
cp "$dkfds/dist/img/all-svg-icons.svg" "$static/dkfds/img/"
cp "$dkfds/LICENSE.md" "$static/dkfds/LICENSE.md"
grep -o 'url([^)]*)' "$dkfds/dist/css/dkfds.min.css" \
    | sed -e 's/^url(//' -e 's/)$//' -e "s/[\"']//g" -e 's/[?#].*$//' \
    | grep -v '^data:' | sort -u \
    | while read -r ref; do
        rel="${ref#../}"
        mkdir -p "$static/dkfds/$(dirname "$rel")"
        cp "$dkfds/dist/$rel" "$static/dkfds/$rel"
    done

cp "$htmx/dist/htmx.min.js" "$static/htmx/htmx.min.js"
cp "$htmx/LICENSE" "$static/htmx/LICENSE"

# Noto Sans Arabic (regular and bold, Arabic script only): DKFDS's IBM Plex has no Arabic.
# The @font-face rules are in lokalsundhed/directory/static/directory/help-guide.css.
rm -rf "$static/noto-sans-arabic"
mkdir -p "$static/noto-sans-arabic"
cp "$noto_arabic"/files/noto-sans-arabic-arabic-{400,700}-normal.woff2 "$static/noto-sans-arabic/"
cp "$noto_arabic/LICENSE" "$static/noto-sans-arabic/LICENSE"

mkdir -p "$root/tests/browser/vendor"
cp "$axe/axe.min.js" "$root/tests/browser/vendor/axe.min.js"
cp "$axe/LICENSE" "$root/tests/browser/vendor/LICENSE-axe-core"

cat > "$static/VERSIONS" <<VERSIONS
# Vendored by scripts/vendor.sh (make vendor); do not edit these files by hand.
dkfds $(version "$dkfds")  lokalsundhed/static/vendor/dkfds/ (css/dkfds.min.css, js/dkfds.min.js, img/all-svg-icons.svg, fonts and icons the CSS uses)
htmx.org $(version "$htmx")  lokalsundhed/static/vendor/htmx/htmx.min.js
axe-core $(version "$axe")  tests/browser/vendor/axe.min.js
@fontsource/noto-sans-arabic $(version "$noto_arabic")  lokalsundhed/static/vendor/noto-sans-arabic/ (Arabic script, 400 and 700)
VERSIONS
cat "$static/VERSIONS"
