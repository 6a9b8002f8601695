#!/usr/bin/env bash
# Memory of the gateway under large request bodies (docs/BENCHMARKS.md, "Large request bodies").
#
#   bench/large-bodies.sh [--purser <purser executable>] [--bodies 40] [--size 9100000]
#
# Starts the benchmark's fake upstream and `purser serve` on 127.0.0.1, sends --bodies different chat requests of
# --size bytes each (a code prompt: newlines, quotes, tabs and non-ASCII to escape) all at once with curl, and prints
# how they were answered and the gateway's resident set at rest and at its peak (VmHWM). Bounded: each request has
# a 300 s limit, and everything started is stopped on exit. Build first: bench/run.sh does, or
#   dotnet build src/Purser.Cli -c Release && dotnet build bench/Purser.Bench.Upstream -c Release
set -euo pipefail
cd "$(dirname "$0")/.."
purser=src/Purser.Cli/bin/Release/net10.0/purser
upstream_exe=bench/Purser.Bench.Upstream/bin/Release/net10.0/Purser.Bench.Upstream
bodies=40
size=9100000
while [ $# -gt 0 ]; do
  case "$1" in
    --purser) purser=$2; shift 2 ;;
    --bodies) bodies=$2; shift 2 ;;
    --size) size=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
for exe in "$purser" "$upstream_exe"; do
  [ -x "$exe" ] || { echo "$exe is not built (see the header of this script)" >&2; exit 1; }
done

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

port() { shuf -i 20000-60000 -n 1; }
up_port=$(port)
gw_port=$(port)
"$upstream_exe" "$up_port" >"$work/upstream.log" 2>&1 &
pids+=($!)
cat >"$work/purser.json" <<EOF
{"Purser":{"Providers":{"openai":{"Kind":"openai","BaseUrl":"http://127.0.0.1:$up_port/v1","ApiKey":"bench-not-a-key","Models":["gpt-4o-mini"],"TimeoutSeconds":300}},
  "Resilience":{"Retry":{"MaxAttempts":1}}}}
EOF
env -u OPENAI_API_KEY -u ANTHROPIC_API_KEY -u HTTP_PROXY -u HTTPS_PROXY -u http_proxy -u https_proxy \
  PURSER_HOME="$work/home" "$purser" serve --port "$gw_port" --config "$work/purser.json" >"$work/purser.log" 2>&1 &
gateway=$!
pids+=($gateway)
for _ in $(seq 1 300); do
  curl -sf "http://127.0.0.1:$gw_port/health" >/dev/null 2>&1 && curl -sf "http://127.0.0.1:$up_port/health" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -sf "http://127.0.0.1:$gw_port/health" >/dev/null || { echo "the gateway did not start:"; cat "$work/purser.log"; exit 1; }

# One prompt line of code, as JSON text (escaped), repeated up to the size; each body starts with its own number.
line='    if (value < limit) { return \"na\u00efve\\tcaf\u00e9\"; } // line\n'
lines=$(( (size - 200) / ${#line} ))
L="$line" awk -v n="$lines" 'BEGIN { l = ENVIRON["L"]; for (i = 0; i < n; i++) printf "%s", l }' >"$work/prompt"
for i in $(seq 1 "$bodies"); do
  { printf '{"model":"gpt-4o-mini","max_tokens":5,"messages":[{"role":"user","content":"client %d\\n' "$i"
    cat "$work/prompt"
    printf '"}]}'; } >"$work/body-$i.json"
done

rss() { awk -v k="$1:" '$1 == k { printf "%.0f", $2 / 1024 }' "/proc/$gateway/status"; }
at_rest=$(rss VmRSS)
start=$(date +%s)
clients=()
for i in $(seq 1 "$bodies"); do
  curl -s -m 300 -o /dev/null -w '%{http_code}\n' -H 'content-type: application/json' \
    --data-binary "@$work/body-$i.json" "http://127.0.0.1:$gw_port/v1/chat/completions" >"$work/status-$i" &
  clients+=($!)
done
for client in "${clients[@]}"; do wait "$client" || true; done
took=$(( $(date +%s) - start ))
peak=$(rss VmHWM)
after=$(rss VmRSS)
echo "$bodies bodies of $(stat -c %s "$work/body-1.json") bytes at once in ${took} s; answers: $(cat "$work"/status-* | sort | uniq -c | awk '{printf "%s x %s  ", $1, $2}')"
echo "gateway resident set: at rest ${at_rest} MB, peak (VmHWM) ${peak} MB, after ${after} MB"
