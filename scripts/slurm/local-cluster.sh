#!/bin/bash
# A one-node Slurm cluster on this machine, without systemd: Debian's slurm-wlm and munge (22.05).
#
#   scripts/slurm/local-cluster.sh start DIR    # writes DIR/slurm.conf, starts munged (unless one answers), slurmctld
#                                               # and slurmd; prints `export SLURM_CONF=DIR/slurm.conf`
#   scripts/slurm/local-cluster.sh stop DIR     # stops every daemon start started, by the pids it recorded in DIR/pids
#
# Needs root (SlurmUser=root) and `apt-get install -y slurm-wlm munge`. DIR holds everything else: the state and spool
# folders, the logs and the pid files. SLURM_PORT (default 6817; slurmd takes the next port) lets two clusters coexist.
# The node is the short host name with the machine's CPUs and memory; the one partition is called `local`.
set -euo pipefail

usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
command=$1
dir=$2

stop() {
    local pids=$dir/pids
    [ -f "$pids" ] || { echo "$0: no $pids: nothing was started in $dir" >&2; return 0; }
    # Newest first: slurmd, slurmctld, then munged (only when this script started it).
    tac "$pids" | while read -r name pid; do
        if kill -0 "$pid" 2>/dev/null; then
            kill "$pid" 2>/dev/null || true
            for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
            if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
            echo "stopped $name ($pid)"
        fi
    done
    rm -f "$pids"
}

wait_for_pid_file() {
    local file=$1 name=$2
    for _ in $(seq 100); do
        if [ -s "$file" ] && kill -0 "$(cat "$file")" 2>/dev/null; then
            echo "$name $(cat "$file")" >> "$dir/pids"
            return 0
        fi
        sleep 0.1
    done
    echo "$0: $name did not start; see $dir/$name.log" >&2
    stop
    exit 1
}

start() {
    for tool in munged slurmctld slurmd sinfo; do
        command -v "$tool" >/dev/null || { echo "$0: $tool not found: apt-get install -y slurm-wlm munge" >&2; exit 1; }
    done
    [ "$(id -u)" -eq 0 ] || { echo "$0: run as root (the cluster's SlurmUser is root)" >&2; exit 1; }
    mkdir -p "$dir/state" "$dir/spool"
    dir=$(cd "$dir" && pwd)
    [ -f "$dir/pids" ] && { echo "$0: $dir/pids exists: stop that cluster first" >&2; exit 1; }
    : > "$dir/pids"

    # munge: the key in /etc/munge (made once), the daemon's pid and socket under /run/munge. A munged that already
    # answers is used and left alone.
    if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
        if [ ! -s /etc/munge/munge.key ]; then
            mkdir -p /etc/munge
            dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none
        fi
        chown munge:munge /etc/munge/munge.key 2>/dev/null || true
        chmod 0400 /etc/munge/munge.key
        mkdir -p /run/munge /var/lib/munge /var/log/munge
        chown munge:munge /run/munge /var/lib/munge /var/log/munge 2>/dev/null || true
        rm -f /run/munge/munged.pid
        if id munge >/dev/null 2>&1; then
            runuser -u munge -- munged --pid-file=/run/munge/munged.pid
        else
            munged --force --pid-file=/run/munge/munged.pid
        fi
        wait_for_pid_file /run/munge/munged.pid munged
    fi

    local host cpus memory port
    host=$(hostname -s)
    cpus=$(nproc --all)
    memory=$(awk '/MemTotal/ { print int($2 / 1024 * 0.9) }' /proc/meminfo)
    port=${SLURM_PORT:-6817}
    cat > "$dir/slurm.conf" <<CONF
ClusterName=local
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
CryptoType=crypto/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
NodeName=$host CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
    export SLURM_CONF=$dir/slurm.conf
    slurmctld -f "$SLURM_CONF" -i
    wait_for_pid_file "$dir/slurmctld.pid" slurmctld
    slurmd -f "$SLURM_CONF"
    wait_for_pid_file "$dir/slurmd.pid" slurmd

    for _ in $(seq 150); do
        if sinfo -h -N -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then
            echo "export SLURM_CONF=$SLURM_CONF"
            return 0
        fi
        sleep 0.2
    done
    echo "$0: the node did not come up; see $dir/slurmctld.log and $dir/slurmd.log" >&2
    stop
    exit 1
}

case $command in
    start) start ;;
    stop) stop ;;
    *) usage ;;
esac
