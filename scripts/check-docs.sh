#!/usr/bin/env bash
# Runs every `losslandscape` command in the README and docs/*.md (benchmarks.md aside: its commands time installed
# tools) in a scratch folder, in the order they appear, and reports the ones that fail. `serve` is started and stopped
# once the page answers. Commands with --png/--svg need a Chromium on PATH.
# Usage: scripts/check-docs.sh [CLI]   (default: the Release build, src/LossLandscape.Cli/bin/Release/net10.0/LossLandscape.Cli)
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cli="${1:-$root/src/LossLandscape.Cli/bin/Release/net10.0/LossLandscape.Cli}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
ln -s "$root/tests" "$work/tests"

# The commands: lines starting with `losslandscape` (or `F=`) in fenced blocks other than ```text (those show errors),
# joined across trailing backslashes.
extract() {
  awk '
    /^```/ { if (block) { block = 0 } else { block = 1; skip = ($0 ~ /^```text/) }; next }
    !block || skip { next }
    {
      line = $0
      sub(/^\$ /, "", line)
      if (cont != "") { cmd = cmd " " line } else if (line ~ /^(losslandscape|F=)/) { cmd = line } else { next }
      if (cmd ~ /\\$/) { sub(/\\$/, "", cmd); cont = 1; next }
      cont = ""
      sub(/[ ]+#.*$/, "", cmd)
      print cmd
    }' "$1"
}

failed=0; count=0
for doc in "$root/README.md" "$root"/docs/*.md; do
  [[ "$(basename "$doc")" == benchmarks.md ]] && continue
  while IFS= read -r cmd; do
    if [[ "$cmd" == F=* ]]; then eval "export $cmd"; continue; fi
    count=$((count + 1))
    args="${cmd#losslandscape}"
    if [[ "$args" == " serve"* ]]; then
      port=$(( 20000 + RANDOM % 20000 ))
      (cd "$work" && eval "\"$cli\" serve --port $port" >"$work/serve.log" 2>&1) &
      pid=$!
      ok=0
      for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/openapi/v1.json" >/dev/null && { ok=1; break; }; sleep 0.2; done
      kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
      [[ $ok == 1 ]] || { echo "FAIL ($(basename "$doc")): $cmd"; failed=$((failed + 1)); }
      continue
    fi
    if out=$(cd "$work" && eval "\"$cli\"$args" 2>&1); then
      echo "ok   ($(basename "$doc")): $cmd"
    else
      echo "FAIL ($(basename "$doc")): $cmd"
      echo "$out" | tail -3 | sed 's/^/       /'
      failed=$((failed + 1))
    fi
  done < <(extract "$doc")
done
echo "$count commands, $failed failed"
[[ $failed == 0 ]]
