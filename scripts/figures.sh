#!/usr/bin/env bash
# Regenerates the README's figures with the project's own code (the CLI, then headless Chromium):
#   docs/images/landscape.png  the default run's 3-D figure (losslandscape run --png: the tool's own export)
#   docs/images/contour.png    the default run's contour view (the same run's contour.png)
#   docs/images/compare.png    the default optimizer race (losslandscape compare)
#   docs/images/compare-contour.png  the same race's contour view (compare's contour.png)
#   docs/images/edge-of-stability.png, spectrum.png, sharpness-map.png  run --curvature, --surface sharpness
#   docs/images/mlp-pca-contour.png, docs/images/mlp-pca-projection.png  a 1,16,16,1 relu network on its PCA plane
#     with the projected path, and the chart of each record's distance to the plane (run --plane pca --png)
# Usage: scripts/figures.sh [chromium binary]   (default: chromium)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
chromium="${1:-chromium}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

dotnet build "$root/src/LossLandscape.Cli/LossLandscape.Cli.csproj" -c Release --nologo -v quiet
cli="$root/src/LossLandscape.Cli/bin/Release/net10.0/LossLandscape.Cli"
mkdir -p "$root/docs/images"

# shot HTML PNG WIDTH HEIGHT: WebGL through SwiftShader so the 3-D scene renders without a GPU.
shot() {
  "$chromium" --headless --no-sandbox --use-angle=swiftshader --enable-unsafe-swiftshader --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update --disable-sync --hide-scrollbars \
    --user-data-dir="$work/profile-$(basename "$2")" --window-size="$3,$4" --virtual-time-budget=15000 \
    --screenshot="$2" "file://$1" 2>/dev/null
  test -s "$2"
  echo "wrote $2"
}

# The article's experiment with the defaults.
"$cli" run --out "$work/run" --png --browser "$(command -v "$chromium")"
for name in landscape contour; do
  cp "$work/run/$name.png" "$root/docs/images/$name.png"
  echo "wrote $root/docs/images/$name.png"
done

# The race: the five optimizers at their usual rates, 25 epochs, the article's data, start and grid. Its contour view
# is the tool's own contour.png (--png, drawn by plotly in the same headless Chromium).
"$cli" compare --out "$work/compare" --png --browser "$(command -v "$chromium")"
shot "$work/compare/compare.html" "$root/docs/images/compare.png" 900 1100
cp "$work/compare/contour.png" "$root/docs/images/compare-contour.png"
echo "wrote $root/docs/images/compare-contour.png"

# An MLP on the PCA plane of its own path: the contour view with the projected path, and the distance chart.
"$cli" run --out "$work/mlp" --layers 1,16,16,1 --activation relu --bias --plane pca --a-range -25:2:0.25 --b-range -6:12:0.25 \
  --log-loss --png --browser "$(command -v "$chromium")"
cp "$work/mlp/contour.png" "$root/docs/images/mlp-pca-contour.png"
cp "$work/mlp/projection.png" "$root/docs/images/mlp-pca-projection.png"
echo "wrote $root/docs/images/mlp-pca-contour.png and mlp-pca-projection.png"

# The edge of stability (full-batch gradient descent of a 1,32,32,1 tanh MLP on the seed data, λmax of the
# full Hessian every 25 steps against 2/lr) and the sharpness map (λmax at every point of the article's plane).
"$cli" run --out "$work/eos" --layers 1,32,32,1 --bias --batch-size full --epochs 1500 --lr 0.02 --curvature 25 \
  --png --browser "$(command -v "$chromium")"
cp "$work/eos/hessian.png" "$root/docs/images/edge-of-stability.png"
cp "$work/eos/spectrum.png" "$root/docs/images/spectrum.png"
"$cli" run --out "$work/map" --surface sharpness --png --browser "$(command -v "$chromium")"
cp "$work/map/sharpness-map.png" "$root/docs/images/sharpness-map.png"
echo "wrote $root/docs/images/edge-of-stability.png, spectrum.png and sharpness-map.png"
