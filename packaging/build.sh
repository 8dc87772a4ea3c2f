#!/usr/bin/env bash
# Build factdesk as a one-folder desktop application in dist/factdesk/ and smoke-test it.
#
#   make package                    # installs the `package` extra, then runs this script
#   bash packaging/build.sh         # the same, with PyInstaller already in .venv
#   SMOKE=0 bash packaging/build.sh # build only
#
# The result runs on machines like the build machine (same OS family, same or newer glibc);
# copy or archive the whole dist/factdesk/ folder. packaging/install-desktop.sh adds it to the
# Linux desktop menu.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-.venv/bin/python}
if ! "$PY" -c "import PyInstaller" 2>/dev/null; then
    echo "build.sh: PyInstaller is not installed in $PY; run \`make package\` (it installs the package extra)" >&2
    exit 2
fi

start=$(date +%s)
rm -rf build/factdesk dist/factdesk
# (spaCy's own hook lists its test modules, which the spec leaves out: those warnings are noise.)
QT_QPA_PLATFORM=offscreen "$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build packaging/factdesk.spec 2>&1 \
    | { grep -v -E 'Hidden import "(spacy|thinc)\.tests' || true; }
cp packaging/install-desktop.sh dist/factdesk/
built=$(date +%s)
echo "built dist/factdesk/ in $((built - start)) s ($(du -sh dist/factdesk | cut -f1))"

if [ "${SMOKE:-1}" != 0 ]; then
    "$PY" packaging/smoke.py dist/factdesk/factdesk
    echo "smoke test took $(($(date +%s) - built)) s"
fi
