#!/usr/bin/env bash
# Regenerates the README's figures from the command line and headless Chromium:
#   docs/images/compare.png  the default optimizer race (losslandscape compare)
# Usage: scripts/figures.sh [chromium binary]   (default: chromium)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
chromium="${1:-chromium}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

dotnet build "$root/src/LossLandscape.Cli/LossLandscape.Cli.csproj" -c Release --nologo -v quiet
cli="$root/src/LossLandscape.Cli/bin/Release/net10.0/LossLandscape.Cli"

# The race: the five optimizers at their usual rates, 25 epochs, the article's data, start and grid.
"$cli" compare --out "$work/compare"

# WebGL through SwiftShader so the 3-D scene renders without a GPU; the page is 900 x 1100 (the figure's size).
mkdir -p "$root/docs/images"
"$chromium" --headless --no-sandbox --use-angle=swiftshader --enable-unsafe-swiftshader --disable-gpu --disable-quic \
  --no-first-run --disable-background-networking --disable-component-update --disable-sync --hide-scrollbars \
  --user-data-dir="$work/profile" --window-size=900,1100 --virtual-time-budget=15000 \
  --screenshot="$root/docs/images/compare.png" "file://$work/compare/compare.html" 2>/dev/null
test -s "$root/docs/images/compare.png"
echo "wrote docs/images/compare.png"
