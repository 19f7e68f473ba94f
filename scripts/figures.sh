#!/usr/bin/env bash
# Regenerates the README's figures with the project's own code: runs the CLI, then renders the HTML in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
cli() { dotnet run --project src/LossLandscape.Cli -c Release -- "$@"; }
shot() { # shot HTML PNG WIDTH HEIGHT
  local profile; profile=$(mktemp -d)
  chromium --headless --no-sandbox --use-angle=swiftshader --enable-unsafe-swiftshader --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update --disable-sync --hide-scrollbars \
    --user-data-dir="$profile" --window-size="$3,$4" --virtual-time-budget=20000 --screenshot="$2" "file://$1" >/dev/null 2>&1
  rm -rf "$profile"
}
cli run --out "$out/run"
shot "$out/run/landscape.html" docs/images/landscape.png 820 820
echo "figures written to docs/images"
