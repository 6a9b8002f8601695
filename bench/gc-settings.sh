#!/usr/bin/env bash
# GC settings of `purser serve` under load (issue 16): for each setting, a fresh Purser on 127.0.0.1 in front of the
# benchmark's fake upstream, a warm-up, then a measured wrk run of the load benchmark's request (16 connections), with
# dotnet-counters reading the runtime's own counters. Prints per setting: requests, GC counts per 1,000 requests by
# generation, KB allocated and GC pause per request, and the resident set (peak VmHWM and at the end). Counts and memory are steady on a
# shared machine; the req/s column is not.
#
#   bench/gc-settings.sh [--duration S] [--connections N]
#
# Needs wrk and dotnet-counters (`dotnet tool install --tool-path <dir> dotnet-counters`, on PATH or in
# DOTNET_COUNTERS). Builds nothing: run bench/run.sh once (or build src/Purser.Cli and bench/Purser.Bench.Upstream
# in Release) first. Bounded: every run ends after its duration; everything started is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=10
connections=16
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
counters=${DOTNET_COUNTERS:-$(command -v dotnet-counters || true)}
[ -n "$counters" ] || { echo "dotnet-counters is missing (see the header of this script)" >&2; exit 1; }
purser=src/Purser.Cli/bin/Release/net10.0/purser
upstream=bench/Purser.Bench.Upstream/bin/Release/net10.0/Purser.Bench.Upstream
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_up() { for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$1/health" >/dev/null && return 0; sleep 0.1; done; echo "port $1 did not come up" >&2; exit 1; }

up_port=$(free_port)
"$upstream" "$up_port" >"$work/upstream.log" 2>&1 & pids+=($!)
wait_up "$up_port"
cat >"$work/purser.json" <<JSON
{"Purser":{"Providers":{"openai":{"Kind":"openai","BaseUrl":"http://127.0.0.1:$up_port/v1","ApiKey":"bench-not-a-key","Models":["gpt-4o-mini"]}}}}
JSON
cat >"$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = [==[{"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are a terse assistant. Answer with the number only."},{"role":"user","content":"What is six times seven?"}],"max_tokens":64,"temperature":0}]==]
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer bench-not-a-key"
wrk.headers["Cache-Control"] = "no-store"
LUA

printf '| setting | requests | KB allocated /req | gen0 /1k req | gen1 /1k req | gen2 /1k req | GC pause ms /req | peak RSS MB | RSS at end MB | req/s (noisy) |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n'
run() {
  local name=$1; shift
  local port home pid
  port=$(free_port); home="$work/home-$port"; mkdir -p "$home"
  env -u OPENAI_API_KEY -u ANTHROPIC_API_KEY PURSER_HOME="$home" "$@" "$purser" serve --port "$port" --config "$work/purser.json" >"$work/purser-$port.log" 2>&1 &
  pid=$!; pids+=("$pid")
  wait_up "$port"
  wrk -t1 -c"$connections" -d3s -s "$work/post.lua" "http://127.0.0.1:$port/v1/chat/completions" >/dev/null
  "$counters" collect -p "$pid" --counters System.Runtime --format csv -o "$work/c-$port.csv" --refresh-interval 1 --duration "00:00:$(printf '%02d' $((duration + 2)))" >/dev/null 2>&1 &
  local collector=$!
  sleep 1
  local out
  out=$(wrk -t1 -c"$connections" -d"${duration}s" -s "$work/post.lua" "http://127.0.0.1:$port/v1/chat/completions")
  wait "$collector" || true
  local hwm rss requests rps
  hwm=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$pid/status")
  rss=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$pid/status")
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  rps=$(echo "$out" | awk '/Requests\/sec/ {printf "%.0f", $2}')
  kill "$pid"; wait "$pid" 2>/dev/null || true
  python3 - "$work/c-$port.csv" "$name" "$requests" "$hwm" "$rss" "$rps" <<'PY'
import csv, sys
path, name, requests, hwm, rss, rps = sys.argv[1:]
counts, pause, allocated = {}, 0.0, 0.0
for row in csv.reader(open(path)):
    if len(row) < 5 or row[0] == "Timestamp":
        continue
    counter, value = row[2], float(row[4] or 0)
    if counter.startswith("dotnet.gc.collections"):
        gen = counter.split("gc.heap.generation=")[-1].rstrip("]")
        counts[gen] = counts.get(gen, 0) + value
    elif counter.startswith("dotnet.gc.pause.time"):
        pause += value
    elif counter.startswith("dotnet.gc.heap.total_allocated"):
        allocated += value
req = max(1, int(requests))
per = lambda g: f"{counts.get(g, 0) * 1000 / req:.2f}"
print(f"| {name} | {req:,} | {allocated / req / 1024:.1f} | {per('gen0')} | {per('gen1')} | {per('gen2')} | {pause * 1000 / req:.3f} | {hwm} | {rss} | {rps} |")
PY
}

run "Workstation, concurrent (default)"
run "Workstation, non-concurrent" DOTNET_gcConcurrent=0
run "Server GC (DATAS, the .NET 10 default for Server)" DOTNET_gcServer=1
run "Server GC without DATAS" DOTNET_gcServer=1 DOTNET_GCDynamicAdaptationMode=0
run "Workstation, concurrent, gen0 budget 4 MB" DOTNET_GCgen0size=0x400000
run "Workstation, non-concurrent, conserve memory 5" DOTNET_gcConcurrent=0 DOTNET_GCConserveMemory=5
