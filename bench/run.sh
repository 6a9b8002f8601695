#!/usr/bin/env bash
# Purser's load benchmark (see docs/BENCHMARKS.md).
#
#   bench/run.sh            full run: 7 interleaved rounds × 4 s per target at 1, 16 and 64 connections (~7 min)
#   bench/run.sh --quick    3 rounds × 2 s (~2 min)
#   bench/run.sh --no-portkey | --no-floor | --rounds N | --duration S | --warmup S | --concurrency 1,16,64
#   bench/run.sh --scenarios streaming,translated,budget,cache-hit,large-prompt | all | none
#                           extra scenarios after the baseline, each with its own Purser (full run: all; --quick: none)
#   bench/run.sh --rate-limits   also the same Purser through virtual keys with and without rate limits (and an A/A control)
#
# Targets, interleaved round by round: direct (the fake upstream itself), floor (a bare .NET pass-through proxy),
# purser (`purser serve` from the Release build) and portkey (@portkey-ai/gateway from npm).
#
# Installs wrk (Debian) and the Portkey gateway (npm, into bench/peers/node_modules) when missing, builds Release,
# then runs the driver (bench/Purser.Bench), which starts the fake upstream and the proxies on 127.0.0.1,
# measures, writes bench/results/<time>/ and stops everything it started. Traffic never leaves loopback; every
# load run is bounded in time and the whole run has a deadline.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

if ! command -v wrk >/dev/null 2>&1; then
  echo "Installing wrk (Debian package)..."
  if [ "$(id -u)" -eq 0 ]; then
    apt-get install -y wrk >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get install -y wrk >/dev/null || { sudo apt-get update >/dev/null && sudo apt-get install -y wrk >/dev/null; }
  else
    echo "wrk is missing and cannot be installed here: apt-get install wrk" >&2
    exit 1
  fi
fi

echo "Building Release..."
for project in src/Purser.Cli bench/Purser.Bench.Upstream bench/Purser.Bench; do
  dotnet build "$project" -c Release -nologo -v quiet -clp:ErrorsOnly
done

driver_args=()
if [[ " $* " != *" --no-portkey"* ]]; then
  pinned=$(sed -n 's/.*"@portkey-ai\/gateway": *"\([^"]*\)".*/\1/p' bench/peers/package.json)
  installed=$(sed -n 's/^  "version": *"\([^"]*\)".*/\1/p' bench/peers/node_modules/@portkey-ai/gateway/package.json 2>/dev/null || true)
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    driver_args=(--no-portkey "node and npm are not installed")
  elif [ "$installed" != "$pinned" ]; then
    echo "Installing @portkey-ai/gateway $pinned with npm into bench/peers/node_modules..."
    # --ignore-scripts: its only install script is patch-package, and the published package ships no patches.
    if ! (cd bench/peers && timeout 600 npm install --no-audit --no-fund --ignore-scripts --no-package-lock --loglevel=error); then
      driver_args=(--no-portkey "npm could not install @portkey-ai/gateway $pinned")
    fi
  fi
fi

# The driver runs in its own process group, so that whatever happens to this script, everything it started goes.
setsid dotnet bench/Purser.Bench/bin/Release/net10.0/Purser.Bench.dll --repo "$repo" "${driver_args[@]}" "$@" &
driver=$!
cleanup() {
  if kill -0 "$driver" 2>/dev/null; then
    kill -TERM -- "-$driver" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$driver" 2>/dev/null || break; sleep 0.2; done
  fi
  kill -KILL -- "-$driver" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM
status=0
wait "$driver" || status=$?
exit "$status"
