#!/usr/bin/env bash
# Regenerates tests/LossLandscape.Tests/Optim/optimizers-float64.json: the shared PyTorch optimizer reference
# (../shared/peers/optimizer_reference.py) run with float64 tensors and a float64 model instead of float32.
# It shows which differences from the float32 reference are float32 rounding (see OptimizerReferenceTests).
# Needs Debian's python3-torch, python3-sklearn and python3-numpy (/usr/bin/python3).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="${LOSSLANDSCAPE_SHARED:-$root/../shared}"
script="$(mktemp --suffix=.py)"
trap 'rm -f "$script"' EXIT
sed -e 's/dtype=torch.float32/dtype=torch.float64/' \
    -e 's/nn.Linear(1, 1, bias=False))$/nn.Linear(1, 1, bias=False)).double()/' \
    "$shared/peers/optimizer_reference.py" >"$script"
grep -q 'torch.float64' "$script" && grep -q '.double()' "$script" || { echo "the peer script changed; update the substitutions" >&2; exit 1; }
/usr/bin/python3 "$script" "$root/tests/LossLandscape.Tests/Optim/optimizers-float64.json" "$@"
