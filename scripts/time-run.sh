#!/usr/bin/env bash
# Times `losslandscape run` with the defaults as a whole process, the way docs/benchmarks.md reports it:
# publishes the CLI for this machine (the project's publish settings), runs it RUNS times (default 10) after one untimed run,
# and prints every wall time and the median. With --peer it also times the article's program once
# (../shared/peers/seed_torch.py on Debian's python3 with PyTorch) and prints the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-10}
rid=$(dotnet --info | sed -n 's/^ *RID: *//p' | head -1)
pub=$(mktemp -d)
out=$(mktemp -d)
dotnet publish src/LossLandscape.Cli -c Release -r "$rid" --self-contained false -o "$pub" >/dev/null
"$pub/LossLandscape.Cli" run --out "$out" >/dev/null
times=()
for _ in $(seq "$runs"); do
  start=$(date +%s.%N)
  "$pub/LossLandscape.Cli" run --out "$out" >/dev/null
  end=$(date +%s.%N)
  times+=("$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.3f", b - a}')")
done
median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')
printf 'losslandscape run, %s runs (s): %s\n' "$runs" "${times[*]}"
printf 'median: %.3f s   load average: %s\n' "$median" "$(cut -d' ' -f1-3 /proc/loadavg)"
if [ "${1:-}" = "--peer" ]; then
  start=$(date +%s.%N)
  /usr/bin/python3 ../shared/peers/seed_torch.py --out "$out/seed_torch.json" --html "$out/seed_torch.html" >/dev/null
  end=$(date +%s.%N)
  peer=$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.3f", b - a}')
  printf 'seed_torch.py: %.1f s   ratio: %.0fx   load average: %s\n' "$peer" "$(awk -v p="$peer" -v m="$median" 'BEGIN {print p / m}')" "$(cut -d' ' -f1-3 /proc/loadavg)"
fi
rm -rf "$pub" "$out"
