#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs and starts what the tests need, then dotnet test.
set -euo pipefail
cd "$(dirname "$0")/.."

dotnet --version >/dev/null

# The full suite; results in TestResults/ as TRX for inspection.
dotnet test Purser.slnx -c Release --logger "console;verbosity=minimal" --logger trx --results-directory TestResults "$@"
