#!/usr/bin/env bash
# db-down.sh: stop the servers that scripts/db-up.sh started. With --purge, also
# delete their state dir (default <repo>/.ci-state/db, or CASPIAN_DB_STATE).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
state="${CASPIAN_DB_STATE:-$repo/.ci-state/db}"
log() { echo "db-down: $*" >&2; }

# PgBouncer first: it holds connections to PostgreSQL.
pidfile="$state/pgbouncer/pgbouncer.pid"
if [ -s "$pidfile" ]; then
	pid="$(cat "$pidfile")"
	if kill -0 "$pid" 2>/dev/null; then
		log "stopping PgBouncer (pid $pid)"
		kill "$pid"
		for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
	fi
fi

# The replica, then the primary.
for cluster in pg-replica pg; do
	[ -s "$state/$cluster/data/PG_VERSION" ] || continue
	bin=""
	for d in /usr/lib/postgresql/*/bin; do [ -x "$d/pg_ctl" ] && bin="$d"; done
	[ -z "$bin" ] && bin="$(dirname "$(command -v pg_ctl)")"
	if [ "$(id -u)" = 0 ]; then pgc=(runuser -u postgres -- "$bin/pg_ctl"); else pgc=("$bin/pg_ctl"); fi
	if "${pgc[@]}" -D "$state/$cluster/data" status >/dev/null 2>&1; then
		log "stopping PostgreSQL ($cluster)"
		"${pgc[@]}" -D "$state/$cluster/data" -m fast -w stop >&2 || true
	fi
done

pidfile="$state/mysql/mysqld.pid"
if [ -s "$pidfile" ]; then
	pid="$(cat "$pidfile")"
	if kill -0 "$pid" 2>/dev/null; then
		log "stopping MariaDB (pid $pid)"
		kill "$pid"
		for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
	fi
fi

if [ "${1:-}" = --purge ]; then
	log "removing $state"
	rm -rf "$state"
fi
