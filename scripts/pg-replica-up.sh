#!/usr/bin/env bash
# pg-replica-up.sh: start a streaming replica of the test PostgreSQL of
# scripts/db-up.sh, which calls it (CASPIAN_PG_REPLICA=0 skips it), for the
# read-replica tests. Prints the export line of CASPIAN_TEST_PG_REPLICA_URL.
#
#   scripts/pg-replica-up.sh <state dir> <primary port>
#
# The replica is made once with `pg_basebackup -R -C -S caspian_replica` (which writes
# standby.signal and primary_conninfo) under <state>/pg-replica, and listens
# on 127.0.0.1:$CASPIAN_PG_REPLICA_PORT (default 55532). Databases created on
# the primary appear on it after replay; it refuses writes. Idempotent;
# progress on stderr; scripts/db-down.sh stops it.
set -euo pipefail

state="$1"
primary_port="$2"
port="${CASPIAN_PG_REPLICA_PORT:-55532}"
dir="$state/pg-replica"
data="$dir/data"
sock="$dir/sock"
user=caspian
password=caspian

log() { echo "pg-replica-up: $*" >&2; }
die() { log "error: $*"; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }
as_pg() { if is_root; then runuser -u postgres -- "$@"; else "$@"; fi; }

bin=""
for d in /usr/lib/postgresql/*/bin; do [ -x "$d/pg_basebackup" ] && bin="$d"; done
[ -n "$bin" ] || die "pg_basebackup not found (scripts/db-up.sh installs PostgreSQL)"

mkdir -p "$dir" "$sock"
is_root && chown postgres: "$dir" "$sock"
if [ ! -s "$data/PG_VERSION" ]; then
	log "pg_basebackup -R from 127.0.0.1:$primary_port into $data"
	rm -rf "$data"
	# A replication slot keeps the primary's WAL until the replica has it:
	# without one, a replica left behind (every CREATE DATABASE logs its
	# template whole) asked for segments the primary had already recycled
	# and never caught up. A slot left by an earlier replica is dropped first.
	PGPASSWORD="$password" "$bin/psql" -h 127.0.0.1 -p "$primary_port" -U "$user" -d postgres -qAt -c \
		"SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = 'caspian_replica' AND NOT active" \
		>"$dir/slot.log" 2>&1 || { cat "$dir/slot.log" >&2; die "could not clear the replication slot"; }
	PGPASSWORD="$password" as_pg "$bin/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U "$user" \
		-D "$data" -R -X stream -C -S caspian_replica -c fast >"$dir/basebackup.log" 2>&1 ||
		{ cat "$dir/basebackup.log" >&2; die "pg_basebackup failed"; }
	# The primary's settings came along; the last value of a key wins.
	cat >>"$data/postgresql.conf" <<-EOF
		# caspian test replica
		port = $port
		unix_socket_directories = '$sock'
		hot_standby = on
	EOF
fi
if as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
	log "replica already running on 127.0.0.1:$port"
else
	if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
		die "127.0.0.1:$port is already in use by another process (for the replica): stop it, or choose another port with CASPIAN_PG_REPLICA_PORT"
	fi
	log "starting the replica on 127.0.0.1:$port"
	as_pg "$bin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 start >&2 ||
		{ tail -20 "$dir/server.log" >&2; die "the replica did not start"; }
fi
echo "export CASPIAN_TEST_PG_REPLICA_URL=postgresql://$user:$password@127.0.0.1:$port/caspian"
