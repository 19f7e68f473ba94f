#!/usr/bin/env bash
# Times the installed tool the way docs/benchmarks.md reports it: packs the CLI as a .NET tool (native AOT,
# linux-x64), installs it into a temporary tool path with `dotnet tool install --tool-path`, and times as whole
# processes `losslandscape --help` and the default `losslandscape run` (RUNS times each, default 11, after one
# untimed run) and `run --layers 1,32,32,1 --bias --plane random` (MLP_RUNS times, default 5), printing every wall time, the median wall time and the median CPU time (user + system). On a shared
# machine the wall time grows with the load (a process waits for a core); the CPU time does not, so both are shown.
# Needs clang (Debian: clang or clang-14) for the native link.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-11}
rid=linux-x64
feed=$(mktemp -d)
tools=$(mktemp -d)
cache=$(mktemp -d)
out=$(mktemp -d)
trap 'rm -rf "$feed" "$cache" "$out"; [[ -n "${TOOL_PATH:-}" ]] || rm -rf "$tools"' EXIT

# TOOL_PATH=DIR installs into DIR and keeps it (to time later, e.g. when the machine is quiet); TOOL=FILE times an
# installed tool without packing.
if [[ -n "${TOOL:-}" ]]; then
  tool=$TOOL
else
  [[ -n "${TOOL_PATH:-}" ]] && tools=$TOOL_PATH
  # The native package for this machine, then the package that points to it (what `dotnet tool install` asks for).
  dotnet pack src/LossLandscape.Cli -c Release -r "$rid" -o "$feed" >"$feed/pack-rid.log" 2>&1 || { tail -30 "$feed/pack-rid.log"; exit 1; }
  dotnet pack src/LossLandscape.Cli -c Release -o "$feed" >"$feed/pack.log" 2>&1 || { tail -30 "$feed/pack.log"; exit 1; }
  ls "$feed"/*.nupkg

  # A fresh package folder, so a package of the same version packed earlier is never installed instead.
  NUGET_PACKAGES=$cache dotnet tool install LossLandscape.Cli --tool-path "$tools" --add-source "$feed" >/dev/null
  tool="$tools/losslandscape"
  file -L "$(find "$tools/.store" -type f -name LossLandscape.Cli | head -1)" | sed 's/^/installed: /'
fi

# "wall cpu" of one run of "$@" in seconds, from bash's time keyword (getrusage of the child: no extra process).
timed() {
  local TIMEFORMAT='%3R %3U %3S'
  { time "$@" >/dev/null 2>&1; } 2>&1 | awk '{printf "%.3f %.3f\n", $1, $2 + $3}'
}

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

measure() {
  local name=$1
  shift
  "$@" >/dev/null
  local walls=() cpus=() w c
  for _ in $(seq "$runs"); do
    read -r w c < <(timed "$@")
    walls+=("$w")
    cpus+=("$c")
  done
  printf '%-22s %s runs, wall (s): %s\n' "$name" "$runs" "${walls[*]}"
  printf '%-22s median wall %.3f s, median CPU %.3f s   load average: %s\n' "$name" "$(median "${walls[@]}")" "$(median "${cpus[@]}")" "$(cut -d' ' -f1-3 /proc/loadavg)"
}

echo "machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) CPUs"
measure "losslandscape --help" "$tool" --help
measure "losslandscape run" "$tool" run --out "$out"
echo "run.json seconds of the last run: $(tr -d ' \n' <"$out/run.json" | sed -n 's/.*"seconds":\({[^}]*}\).*/\1/p')"
# The whole-process target of an MLP (≤ 1 s): an MLP on a random plane (MLP_RUNS times, default 5).
runs=${MLP_RUNS:-5}
measure "losslandscape run mlp" "$tool" run --layers 1,32,32,1 --bias --plane random --out "$out/mlp"
echo "run.json seconds of the last MLP run: $(tr -d ' \n' <"$out/mlp/run.json" | sed -n 's/.*"seconds":\({[^}]*}\).*/\1/p')"
