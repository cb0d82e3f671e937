#!/usr/bin/env bash
# A queued sweep on a GPU host, end to end: a Redis of its own on loopback, one lab worker per GPU
# (--gpu N), the sweep through the queue, then the same sweep run locally for comparison. Usage, from
# the project root on the GPU host: scripts/gpu-queue-check.sh REDIS_SERVER OUT_DIR -- <lab sweep args>
set -euo pipefail
redis=$1; out=$2; shift 3
port=6390
"$redis" --port $port --bind 127.0.0.1 --save '' --appendonly no --daemonize yes --dir /tmp --logfile "$out/redis.log"
trap 'kill $(jobs -p) 2>/dev/null; pkill -f "redis-server.*:$port" 2>/dev/null; true' EXIT
gpus=$(nvidia-smi -L | wc -l)
for ((g = 0; g < gpus; g++)); do npx lab worker --queue redis://127.0.0.1:$port --gpu $g > "$out/worker-$g.log" 2>&1 & done
echo "== a worker asked for GPU $gpus (there are $gpus):"
npx lab worker --queue redis://127.0.0.1:$port --gpu $gpus && echo "exit 0" || echo "exit $?"
echo "== the sweep through the queue:"
npx lab sweep "$@" --queue redis://127.0.0.1:$port --db "$out/queue.db" --load-threshold 100
echo "== the same sweep, local:"
npx lab sweep "$@" --db "$out/local.db"
