#!/usr/bin/env bash
# Put factdesk in the Linux desktop menu for the current user (no root needed).
#
#   bash install-desktop.sh              # next to a built bundle (dist/factdesk/), or from a checkout
#   bash install-desktop.sh --uninstall
#
# Installs the .desktop file into ~/.local/share/applications, the icons into
# ~/.local/share/icons/hicolor, and a `factdesk` link into ~/.local/bin.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
apps=$data/applications
icons=$data/icons/hicolor
bin=$HOME/.local/bin

if [ "${1:-}" = "--uninstall" ]; then
    rm -f "$apps/factdesk.desktop" "$icons"/*/apps/factdesk.png "$icons/scalable/apps/factdesk.svg"
    [ -L "$bin/factdesk" ] && rm -f "$bin/factdesk"
    echo "factdesk removed from the desktop menu (your verdict log is untouched)"
    exit 0
fi

# Where the program and its resources are: a bundle (this script copied into dist/factdesk/),
# the repository's dist/factdesk/, or the repository's .venv.
if [ -x "$here/factdesk" ] && [ -d "$here/_internal/resources" ]; then
    exe=$here/factdesk; res=$here/_internal/resources
elif [ -x "$here/../dist/factdesk/factdesk" ]; then
    exe=$(cd "$here/../dist/factdesk" && pwd)/factdesk; res=$(cd "$here/.." && pwd)/resources
elif [ -x "$here/../.venv/bin/factdesk" ]; then
    exe=$(cd "$here/.." && pwd)/.venv/bin/factdesk; res=$(cd "$here/.." && pwd)/resources
else
    echo "install-desktop.sh: no factdesk found; run \`make package\` (or \`make run\`) first" >&2
    exit 2
fi

mkdir -p "$apps" "$icons/scalable/apps" "$bin"
for size in 16 32 48 64 128 256 512; do
    mkdir -p "$icons/${size}x${size}/apps"
    cp "$res/icons/factdesk-$size.png" "$icons/${size}x${size}/apps/factdesk.png"
done
cp "$res/icons/factdesk.svg" "$icons/scalable/apps/factdesk.svg"
sed "s|^Exec=factdesk|Exec=\"$exe\"|" "$res/factdesk.desktop" > "$apps/factdesk.desktop"
ln -sf "$exe" "$bin/factdesk"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$apps" || true
touch "$icons"  # icon themes notice new files by the folder time
echo "factdesk is in the desktop menu (Office); \`factdesk\` is linked in $bin"
