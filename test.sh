#!/usr/bin/env bash
# Runs every test of the repository: unit, integration on SQLite, integration on PostgreSQL, end-to-end in Chromium.
# Works on a fresh Debian machine that has only the .NET SDK: it installs Chromium and the PostgreSQL server when
# they are missing, starts a throwaway PostgreSQL cluster on a free port, and always removes it on exit.
# The last line it prints is "N passed, N failed"; it exits non-zero when a test failed, a run gave no summary, the
# build failed, or the code is not formatted as `dotnet format` would write it.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
ROOT="$PWD"
CONFIGURATION=Release
CHROMIUM=/usr/bin/chromium
LOG_DIR="$ROOT/TestResults/test-sh"

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export DEBIAN_FRONTEND=noninteractive
: "${HOME:=$(getent passwd "$(id -u)" | cut -d: -f6)}"
export HOME

if [ "$(id -u)" -eq 0 ]; then SUDO=(); else SUDO=(sudo); fi

say() { printf '\n==> %s\n' "$*"; }

APT_UPDATED=0
apt_install() {
  if [ "$APT_UPDATED" -eq 0 ]; then
    "${SUDO[@]}" apt-get update
    APT_UPDATED=1
  fi
  "${SUDO[@]}" apt-get install -y "$@"
}

# --- Tools the tests need ------------------------------------------------------------------------------------------
if [ ! -x "$CHROMIUM" ]; then
  say "Installing Chromium (end-to-end tests drive it)"
  apt_install chromium
fi

find_pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
PG_BIN="$(find_pg_bin)"
if [ -z "$PG_BIN" ]; then
  say "Installing the PostgreSQL server (integration tests run against it)"
  apt_install postgresql
  PG_BIN="$(find_pg_bin)"
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  say "Installing Node.js (credentials are checked with the jose library, as outside verifiers would)"
  apt_install nodejs npm
fi

if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
  echo "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin" >&2
  exit 1
fi

echo "dotnet $(dotnet --version) · $("$CHROMIUM" --version 2>/dev/null) · $("$PG_BIN/postgres" --version)"

# --- Throwaway PostgreSQL cluster ------------------------------------------------------------------------------------
# PostgreSQL refuses to run as root, so root runs it as the postgres user.
if [ "$(id -u)" -eq 0 ]; then
  if ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  fi
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi

PG_DIR=""
stop_postgres() {
  if [ -n "$PG_DIR" ] && [ -d "$PG_DIR" ]; then
    if [ -f "$PG_DIR/data/postmaster.pid" ]; then
      as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w -t 30 stop >/dev/null 2>&1 || {
        pid="$(head -n 1 "$PG_DIR/data/postmaster.pid" 2>/dev/null || true)"
        if [ -n "$pid" ]; then kill -9 "$pid" 2>/dev/null || true; fi
      }
    fi
    rm -rf "$PG_DIR"
    echo "PostgreSQL test cluster stopped and removed."
  fi
  PG_DIR=""
}
on_exit() {
  local status=$?
  trap - EXIT INT TERM
  stop_postgres
  exit "$status"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

listening_ports() {
  # Local ports in LISTEN state (0A), from the kernel's tables: no ss/netstat/python needed.
  cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk '$4 == "0A" { split($2, a, ":"); print a[2] }'
}

PG_DIR="$(mktemp -d -t ctec-pg.XXXXXX)"
if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$PG_DIR"; fi
say "Starting a throwaway PostgreSQL cluster in $PG_DIR"
as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
  || { cat "$PG_DIR/initdb.log" >&2; exit 1; }
PG_PORT=""
for _ in $(seq 1 20); do
  candidate=$((20000 + RANDOM % 40000))
  if listening_ports | grep -qix "$(printf '%04X' "$candidate")"; then continue; fi
  # Another process may take the port between the check and the start: then try another one.
  if as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $candidate -k $PG_DIR -c fsync=off -c full_page_writes=off" start >/dev/null; then
    PG_PORT="$candidate"
    break
  fi
done
if [ -z "$PG_PORT" ]; then
  echo "Could not start PostgreSQL:" >&2
  cat "$PG_DIR/server.log" >&2 || true
  exit 1
fi
echo "PostgreSQL listening on 127.0.0.1:$PG_PORT"

# --- Build once, then run every test project -------------------------------------------------------------------------
rm -rf "$LOG_DIR"
mkdir -p "$LOG_DIR"
TOTAL_PASSED=0
TOTAL_FAILED=0
BROKEN_RUNS=()

say "Installing the JOSE interop checker (tests/interop)"
npm ci --prefix "$ROOT/tests/interop" --no-audit --no-fund

say "Building CtecSkills.sln ($CONFIGURATION)"
BUILT=1
if ! dotnet build CtecSkills.sln -c "$CONFIGURATION" 2>&1 | tee "$LOG_DIR/build.log"; then
  BROKEN_RUNS+=("build")
  BUILT=0
fi

# After the build, so that packages are restored already (--no-restore). Unformatted code breaks the run but the
# tests still run, so that one report shows both.
if [ "$BUILT" -eq 1 ]; then
  say "Checking formatting (dotnet format --verify-no-changes)"
  if ! dotnet format CtecSkills.sln --verify-no-changes --no-restore 2>&1 | tee "$LOG_DIR/format.log"; then
    BROKEN_RUNS+=("format: files differ from what 'dotnet format CtecSkills.sln' writes (see $LOG_DIR/format.log); run it and commit the result")
  fi
fi

# run_tests NAME PROJECT [VAR=VALUE...]: runs one project, adds its counts to the totals.
run_tests() {
  local name="$1" project="$2"
  shift 2
  local log="$LOG_DIR/$name.log"
  say "Tests: $name"
  set +e
  env "$@" dotnet test "$project" -c "$CONFIGURATION" --no-build \
    --blame-hang-timeout 15m --blame-hang-dump-type none 2>&1 | tee "$log"
  local exit_code=${PIPESTATUS[0]}
  set -e

  local summaries passed failed
  summaries="$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^[[:space:]]*(Passed|Failed)!  - Failed: ' || true)"
  if [ -n "$summaries" ]; then
    passed="$(sed -E 's/.*Passed: *([0-9]+).*/\1/' <<<"$summaries" | awk '{ s += $1 } END { print s + 0 }')"
    failed="$(sed -E 's/.*Failed: *([0-9]+), Passed:.*/\1/' <<<"$summaries" | awk '{ s += $1 } END { print s + 0 }')"
  elif grep -q 'No test is available in' "$log" && [ "$exit_code" -eq 0 ]; then
    # A project that has no tests yet counts as zero, not as a broken run.
    passed=0
    failed=0
  else
    BROKEN_RUNS+=("$name (no summary, exit $exit_code)")
    return 0
  fi
  if [ "$exit_code" -ne 0 ] && [ "$failed" -eq 0 ]; then
    BROKEN_RUNS+=("$name (exit $exit_code)")
  fi
  TOTAL_PASSED=$((TOTAL_PASSED + passed))
  TOTAL_FAILED=$((TOTAL_FAILED + failed))
  echo "$name: $passed passed, $failed failed"
}

if [ "$BUILT" -eq 1 ]; then
  run_tests unit tests/CtecSkills.UnitTests
  run_tests integration-sqlite tests/CtecSkills.IntegrationTests CTEC_TEST_DATABASE=Sqlite
  run_tests integration-postgres tests/CtecSkills.IntegrationTests CTEC_TEST_DATABASE=Postgres \
    "CTEC_TEST_POSTGRES=Host=127.0.0.1;Port=$PG_PORT;Username=postgres"
  run_tests e2e e2e/CtecSkills.E2E
fi

# --- Verdict ---------------------------------------------------------------------------------------------------------
status=0
echo
echo "Logs: $LOG_DIR"
if [ ${#BROKEN_RUNS[@]} -gt 0 ]; then
  printf 'Broken run: %s\n' "${BROKEN_RUNS[@]}"
  status=1
fi
if [ "$TOTAL_FAILED" -gt 0 ]; then status=1; fi
if [ "$TOTAL_PASSED" -eq 0 ]; then
  echo "No test passed at all."
  status=1
fi
# Stop the cluster now, so that nothing is printed after the closing line.
stop_postgres
echo "$TOTAL_PASSED passed, $TOTAL_FAILED failed"
exit "$status"
