#!/usr/bin/env bash
# Stops the servers started by start.sh (by their pid files) and deletes their data.
set -uo pipefail
DIR=${CLICKHOUSE_DEV_DIR:-/tmp/marketloop-clickhouse}
[ -d "$DIR" ] || exit 0
for pidfile in "$DIR"/*/pid; do
  [ -f "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  fi
  rm -f "$pidfile"
done
[ "${1:-}" = --keep ] || rm -rf "$DIR"
