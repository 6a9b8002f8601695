#!/usr/bin/env bash
# Purser's load benchmark (see docs/BENCHMARKS.md).
#
#   bench/run.sh            full run: 7 interleaved rounds × 4 s per target at 1, 16 and 64 connections (~7 min)
#   bench/run.sh --quick    3 rounds × 2 s (~2 min)
#   bench/run.sh --no-portkey | --no-floor | --rounds N | --duration S | --warmup S | --concurrency 1,16,64
#   bench/run.sh --scenarios streaming,translated,budget,cache-hit,large-prompt | all | none
#                           extra scenarios after the baseline, each with its own Purser (full run: all; --quick: none)
#   bench/run.sh --rate-limits   also the same Purser through virtual keys with and without rate limits (and an A/A control)
#   bench/run.sh --storage sqlite,postgres [--instances 3] [--postgres <Npgsql connection>]
#                           a run of its own: one Purser on SQLite next to one on PostgreSQL, each with and without
#                           a hard budget, and with --instances N also N Purser instances on one PostgreSQL database
#                           (no Portkey); without --postgres a throwaway cluster is started on 127.0.0.1 and removed
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

args=("$@")
storage_run=false
wants_postgres=false
has_postgres=false
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    --storage) storage_run=true; [[ "${args[i + 1]:-}" == *postgres* ]] && wants_postgres=true ;;
    --postgres) has_postgres=true ;;
  esac
done

driver_args=()
if [[ " $* " != *" --no-portkey"* ]] && ! $storage_run; then
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

driver=""
pg_dir=""
cleanup() {
  if [[ -n "$driver" ]]; then
    if kill -0 "$driver" 2>/dev/null; then
      kill -TERM -- "-$driver" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$driver" 2>/dev/null || break; sleep 0.2; done
    fi
    kill -KILL -- "-$driver" 2>/dev/null || true
  fi
  if [[ -n "$pg_dir" ]]; then
    echo "Stopping the throwaway PostgreSQL cluster..."
    bash scripts/postgres-server.sh stop "$pg_dir" || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if $wants_postgres && ! $has_postgres; then
  # PostgreSQL's default durability (fsync on, every commit flushed), as a team database would run, unless
  # PURSER_POSTGRES_FSYNC=off asks for the tests' setting.
  echo "Starting a throwaway PostgreSQL cluster on 127.0.0.1 (scripts/postgres-server.sh)..."
  pg_env=$(PURSER_POSTGRES_FSYNC=${PURSER_POSTGRES_FSYNC:-on} bash scripts/postgres-server.sh start) || { echo "No PostgreSQL server: see above, or pass --postgres <connection>." >&2; exit 1; }
  pg_dir=$(sed -n "s/^export PURSER_TEST_POSTGRES_DIR='\(.*\)'$/\1/p" <<<"$pg_env")
  pg_connection=$(sed -n "s/^export PURSER_TEST_POSTGRES='\(.*\)'$/\1/p" <<<"$pg_env")
  driver_args+=(--postgres "$pg_connection")
fi

# The driver runs in its own process group, so that whatever happens to this script, everything it started goes.
setsid dotnet bench/Purser.Bench/bin/Release/net10.0/Purser.Bench.dll --repo "$repo" "${driver_args[@]}" "$@" &
driver=$!
status=0
wait "$driver" || status=$?
exit "$status"
