#!/usr/bin/env bash
# Times the installed tool the way docs/benchmarks.md reports it: packs the CLI as a .NET tool (native AOT,
# linux-x64), installs it into a temporary tool path with `dotnet tool install --tool-path`, and times as whole
# processes `losslandscape --help` and the default `losslandscape run` (RUNS times each, default 11, after one
# untimed run), printing every wall time and the medians. Needs clang (Debian: clang or clang-14) for the native link.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-11}
rid=linux-x64
feed=$(mktemp -d)
tools=$(mktemp -d)
cache=$(mktemp -d)
out=$(mktemp -d)
trap 'rm -rf "$feed" "$tools" "$cache" "$out"' EXIT

# The native package for this machine, then the package that points to it (what `dotnet tool install` asks for).
dotnet pack src/LossLandscape.Cli -c Release -r "$rid" -o "$feed" >"$feed/pack-rid.log" 2>&1 || { tail -30 "$feed/pack-rid.log"; exit 1; }
dotnet pack src/LossLandscape.Cli -c Release -o "$feed" >"$feed/pack.log" 2>&1 || { tail -30 "$feed/pack.log"; exit 1; }
ls "$feed"/*.nupkg

# A fresh package folder, so a package of the same version packed earlier is never installed instead.
NUGET_PACKAGES=$cache dotnet tool install LossLandscape.Cli --tool-path "$tools" --add-source "$feed" >/dev/null
tool="$tools/losslandscape"
file -L "$(find "$tools/.store" -type f -name LossLandscape.Cli | head -1)" | sed 's/^/installed: /'

# Wall time of one run of "$@" in seconds (bash's own clock: no extra process per reading).
wall() {
  local start=$EPOCHREALTIME
  "$@" >/dev/null
  awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.4f", b - a}'
}

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

measure() {
  local name=$1
  shift
  "$@" >/dev/null
  local times=()
  for _ in $(seq "$runs"); do
    times+=("$(wall "$@")")
  done
  printf '%-22s %s runs (s): %s\n' "$name" "$runs" "${times[*]}"
  printf '%-22s median: %.4f s   load average: %s\n' "$name" "$(median "${times[@]}")" "$(cut -d' ' -f1-3 /proc/loadavg)"
}

echo "machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) CPUs"
measure "losslandscape --help" "$tool" --help
measure "losslandscape run" "$tool" run --out "$out"
echo "run.json seconds of the last run: $(tr -d ' \n' <"$out/run.json" | sed -n 's/.*"seconds":\({[^}]*}\).*/\1/p')"
