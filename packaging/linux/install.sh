#!/bin/sh
# Install On-Ramp for the current user, from the folder this script is in:
# the app goes to ~/.local/lib/onramp, with a menu entry, an icon and an `onramp` command.
# No administrator rights needed; nothing outside your home folder is touched.
#
#   ./install.sh            install, or update an earlier install
#   ./install.sh --remove   remove the app again (your sessions and sign-ins are kept)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
data_home=${XDG_DATA_HOME:-"$HOME/.local/share"}
app_dir=${ONRAMP_INSTALL_DIR:-"$HOME/.local/lib/onramp"}
bin_dir=${ONRAMP_BIN_DIR:-"$HOME/.local/bin"}
entry="$data_home/applications/onramp.desktop"
icons="$data_home/icons/hicolor"

refresh_menus() {
    command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$data_home/applications" || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$icons" 2>/dev/null || true
}

if [ "${1:-}" = "--remove" ]; then
    rm -rf "$app_dir"
    rm -f "$entry" "$icons/256x256/apps/onramp.png" "$icons/48x48/apps/onramp.png" \
          "$icons/scalable/apps/onramp.svg"
    if [ -L "$bin_dir/onramp" ]; then rm -f "$bin_dir/onramp"; fi
    refresh_menus
    echo "On-Ramp was removed. Your data is still in $data_home/onramp."
    exit 0
fi

if [ ! -x "$here/onramp" ] || [ ! -d "$here/_internal" ]; then
    echo "Run this script from the unpacked On-Ramp folder (the one holding 'onramp' and '_internal')." >&2
    exit 1
fi

if [ "$here" != "$app_dir" ]; then
    # Copy beside the old install first, then swap, so a failed copy leaves the old one working.
    mkdir -p "$(dirname "$app_dir")"
    rm -rf "$app_dir.new"
    cp -R "$here" "$app_dir.new"
    rm -rf "$app_dir"
    mv "$app_dir.new" "$app_dir"
fi

mkdir -p "$bin_dir" "$(dirname "$entry")" "$icons/256x256/apps" "$icons/48x48/apps" "$icons/scalable/apps"
ln -sf "$app_dir/onramp" "$bin_dir/onramp"
cp "$app_dir/share/icons/onramp-256.png" "$icons/256x256/apps/onramp.png"
cp "$app_dir/share/icons/onramp-48.png" "$icons/48x48/apps/onramp.png"
cp "$app_dir/share/icons/onramp.svg" "$icons/scalable/apps/onramp.svg"
# The menu entry names the installed program by its full path: ~/.local/bin is not always on PATH.
sed -e "s|^Exec=onramp|Exec=\"$app_dir/onramp\"|" -e "s|^TryExec=onramp|TryExec=$app_dir/onramp|" \
    "$app_dir/share/applications/onramp.desktop" > "$entry"
chmod 644 "$entry"
refresh_menus
echo "On-Ramp is installed: find it in your applications menu, or run $bin_dir/onramp"
