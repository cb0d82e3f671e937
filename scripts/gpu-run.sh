#!/usr/bin/env bash
# Runs named steps on a GPU host, each logged to $OUT/<step>.log with its exit
# code and time, and a step's failure not stopping the next: device time is
# scarce, so one call does a whole measurement. Usage, from the project root:
#   scripts/gpu-run.sh 'name: command' 'name: command' ...
# With LAB_GPU_TAR set, the logs so far are tarred there after every step: a call cut off by its time limit
# still brings back what ran.
set -u
out=${OUT:-/tmp/lab-gpu-out}
mkdir -p "$out"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv > "$out/nvidia-smi.csv" 2>&1 || true
# The GPU's clocks, power, temperatures and throttle reasons every 200 ms beside the steps (each log names its
# start and end in the same clock), for runs that come out slow without a cause of their own.
nvidia-smi --query-gpu=timestamp,clocks.sm,clocks.mem,power.draw,temperature.gpu,temperature.memory,utilization.gpu,utilization.memory,clocks_throttle_reasons.active --format=csv -lms 200 > "$out/clocks.csv" 2>&1 &
monitor=$!
# And every second, the processes that hold the GPU (a tenant beside ours would show here, where the host lets it).
( while sleep 1; do echo "$(date +'%Y/%m/%d %H:%M:%S') $(nvidia-smi --query-compute-apps=pid,process_name,used_memory --format=csv,noheader 2>&1 | tr '\n' ';')"; done ) > "$out/compute-apps.log" 2>&1 &
apps=$!
# And every 100 ms, the VM's CPU time by kind (/proc/stat: user nice system idle iowait irq softirq steal, in
# 10 ms ticks): time the hypervisor took from our vCPUs shows as steal.
( while sleep 0.1; do echo "$(date +'%Y/%m/%d %H:%M:%S.%2N') $(head -1 /proc/stat)"; done ) > "$out/proc-stat.log" 2>&1 &
stat=$!
trap 'kill $monitor $apps $stat 2>/dev/null' EXIT
# The container's CPU quota and its throttling so far (cgroup v2, else v1): a process stalled by the quota for tens
# of ms leaves the GPU idle however fast the host queues its work. Each log has the counters at its start and end.
cpu_stat() {
  { tr '\n' ' ' < /sys/fs/cgroup/cpu.stat || tr '\n' ' ' < /sys/fs/cgroup/cpu/cpu.stat || echo -n 'no cgroup cpu.stat '; } 2>/dev/null
  { echo -n "pressure: $(head -1 /proc/pressure/cpu)"; } 2>/dev/null
}
{ echo "cpu.max: $(cat /sys/fs/cgroup/cpu.max 2>/dev/null || cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us 2>/dev/null); nproc: $(nproc)"; echo "cpu.stat: $(cpu_stat)"; } > "$out/cpu.log"
for spec in "$@"; do
  name=${spec%%:*}
  cmd=${spec#*: }
  echo "=== $name: $cmd"
  start=$(date +%s%N)
  echo "started $(date +'%Y/%m/%d %H:%M:%S.%3N'); cpu.stat: $(cpu_stat); load: $(cat /proc/loadavg)" > "$out/$name.log"
  bash -c "$cmd" >> "$out/$name.log" 2>&1
  rc=$?
  echo "ended $(date +'%Y/%m/%d %H:%M:%S.%3N'); cpu.stat: $(cpu_stat); load: $(cat /proc/loadavg)" >> "$out/$name.log"
  echo "exit $rc after $(( ($(date +%s%N) - start) / 1000000 )) ms" >> "$out/$name.log"
  tail -n 25 "$out/$name.log"
  if [ -n "${LAB_GPU_TAR:-}" ]; then tar czf "$LAB_GPU_TAR.part" -C "$out" . && mv "$LAB_GPU_TAR.part" "$LAB_GPU_TAR"; fi
done
