#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs and starts what the tests need, then dotnet test.
set -euo pipefail
cd "$(dirname "$0")/.."

dotnet --version >/dev/null

# The npm clients the gateway is tested against (openai, @anthropic-ai/sdk, @google/genai).
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "Node.js and npm are needed for the client tests" >&2
  exit 1
fi
(cd tests/js && npm ci --no-audit --no-fund --loglevel=error)

# The coding agents the gateway is proven against (Codex CLI, Gemini CLI, Claude Code, OpenCode, Qwen Code), pinned;
# the install scripts allowed in package.json put their native binaries in place. Claude Code and Qwen Code ask for
# Node 22 and run on Node 20 (npm says so with an EBADENGINE warning, silenced here).
(cd tests/agents && npm ci --no-audit --no-fund --loglevel=error)

# python3: the code validator checks Python syntax with python3's own parser (its tests expect it to be there).
if ! command -v python3 >/dev/null; then
  if command -v apt-get >/dev/null; then
    apt-get update -qq && apt-get install -y -qq python3-minimal >/dev/null
  else
    echo "python3 is needed for the validator's Python tests" >&2
    exit 1
  fi
fi

# Debian's chromium for the dashboard's browser tests (tests/Purser.DashboardTests): Playwright drives it and never
# downloads a browser of its own.
if [ ! -x /usr/bin/chromium ]; then
  echo "Installing chromium (Debian package) for the dashboard's browser tests..."
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "chromium is missing and cannot be installed here: apt-get install chromium" >&2
    exit 1
  fi
fi
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

# A throwaway PostgreSQL cluster for the PostgreSQL tests (store contracts, scale-out): Debian's postgresql package,
# installed when missing. When none can be started the PostgreSQL tests are skipped, saying why; once one is
# started, PURSER_REQUIRE_POSTGRES=1 makes any of them that cannot reach it fail rather than skip.
if [[ -z "${PURSER_TEST_POSTGRES:-}" ]]; then
  if pg_env=$(bash scripts/postgres-server.sh start); then
    eval "$pg_env"
    export PURSER_REQUIRE_POSTGRES=1
    trap 'bash scripts/postgres-server.sh stop "$PURSER_TEST_POSTGRES_DIR"' EXIT
  else
    echo "test.sh: no PostgreSQL server could be started; the PostgreSQL tests will be skipped" >&2
  fi
fi

# The full suite; results in TestResults/ as TRX for inspection.
dotnet test Purser.slnx -c Release --logger "console;verbosity=minimal" --logger trx --results-directory TestResults "$@"

# The packages and the purser tool: pack what the suite built, install the tool from the local folder, run it.
bash scripts/package-test.sh --no-build
