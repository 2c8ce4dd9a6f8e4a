#!/bin/bash
# A/B of recorder builds on the sqlite workload by the sqlite thread's own CPU
# time (bench/thread_cpu_at_exit.c) and wall time, alternating native and
# each build in every round; prints the medians.
# Usage: bench/thread_cpu_ab.sh ROUNDS SQL_SCRIPT BUILD_DIR...
# (SQL_SCRIPT: bench/out/sqlite_workload.sql, written by bench/run.py or
# bench/gen_sqlite_workload.py.)
set -eu
rounds=$1 script=$2
shift 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cc -O2 -shared -fPIC -o "$work/thread_cpu.so" "$(dirname "$0")/thread_cpu_at_exit.c"
export THREAD_CPU_OUT="$work/cpu"
declare -A wall cpu
run() {  # name command...
    local name=$1
    shift
    rm -f "$THREAD_CPU_OUT" "$work/trace.mst"
    LD_PRELOAD="$work/thread_cpu.so" /usr/bin/time -o "$work/time" -f %e "$@" >/dev/null 2>&1
    wall[$name]+="$(cat "$work/time") "
    cpu[$name]+="$(sort -n "$THREAD_CPU_OUT" | tail -1) "  # the CLI's own line is the smaller
}
for _ in $(seq "$rounds"); do
    run native sqlite3 :memory: ".read $script"
    for build in "$@"; do
        run "$build" "$build/bin/memscope" run -o "$work/trace.mst" -- sqlite3 :memory: ".read $script"
    done
done
median() { tr ' ' '\n' <<<"$*" | grep . | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
for name in native "$@"; do
    echo "$name: wall median $(median ${wall[$name]}) s, sqlite thread CPU median $(median ${cpu[$name]}) s (${cpu[$name]})"
done
