#!/usr/bin/env bash
# pgbouncer-up.sh: start PgBouncer in transaction pooling mode in front of the
# test PostgreSQL of scripts/db-up.sh, which calls it (CASPIAN_PGBOUNCER=0
# skips it). Prints the export line of CASPIAN_TEST_PGBOUNCER_URL.
#
#   scripts/pgbouncer-up.sh <state dir> <postgres port>
#
# Listens on 127.0.0.1:$CASPIAN_PGBOUNCER_PORT (default 56432), every database
# of the server behind it (`* =`), pool_mode=transaction with few server
# connections, so that consecutive statements of one client land on different
# server connections, as in production. Clients may use TLS, with the
# throwaway certificates of the servers (<state>/tls, scripts/tls-certs.sh);
# CASPIAN_TEST_PGBOUNCER_TLS names that folder. Idempotent; progress on
# stderr; scripts/db-down.sh stops it.
set -euo pipefail

state="$1"
pg_port="$2"
port="${CASPIAN_PGBOUNCER_PORT:-56432}"
dir="$state/pgbouncer"
user=caspian
password=caspian

log() { echo "pgbouncer-up: $*" >&2; }
die() { log "error: $*"; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }

if ! command -v pgbouncer >/dev/null 2>&1 && [ ! -x /usr/sbin/pgbouncer ]; then
	is_root || die "pgbouncer is not installed; run as root or install it"
	log "installing pgbouncer"
	export DEBIAN_FRONTEND=noninteractive
	# The package starts a system-wide PgBouncer; we run our own, so deny that.
	policy=/usr/sbin/policy-rc.d created_policy=0
	if [ ! -e "$policy" ]; then
		printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && created_policy=1
	fi
	rc=0
	apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends pgbouncer >&2 ||
		{ apt-get -o DPkg::Lock::Timeout=600 update -qq >&2 &&
			apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends pgbouncer >&2; } || rc=$?
	[ $created_policy = 1 ] && rm -f "$policy"
	[ $rc = 0 ] || die "apt-get install pgbouncer failed"
fi
bin="$(command -v pgbouncer || echo /usr/sbin/pgbouncer)"

mkdir -p "$dir"
# The certificates of the servers (scripts/tls-certs.sh; made once).
tls="$state/tls"
bash "$(dirname "${BASH_SOURCE[0]}")/tls-certs.sh" "$tls"

cat >"$dir/userlist.txt" <<EOF
"$user" "$password"
EOF
cat >"$dir/pgbouncer.ini" <<EOF
[databases]
* = host=127.0.0.1 port=$pg_port

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $dir/userlist.txt
pool_mode = transaction
default_pool_size = 4
max_client_conn = 400
pidfile = $dir/pgbouncer.pid
logfile = $dir/pgbouncer.log
client_tls_sslmode = allow
client_tls_key_file = $tls/server.key
client_tls_cert_file = $tls/server.pem
client_tls_ca_file = $tls/ca.pem
EOF

run_as=""
if is_root; then
	# PgBouncer refuses to run as root.
	id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
	chown -R postgres: "$dir"
	run_as=postgres
fi

pid="$(cat "$dir/pgbouncer.pid" 2>/dev/null || true)"
if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
	log "PgBouncer already running on 127.0.0.1:$port"
else
	if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
		die "127.0.0.1:$port is already in use by another process (for PgBouncer): stop it, or choose another port with CASPIAN_PGBOUNCER_PORT"
	fi
	log "starting PgBouncer (transaction pooling) on 127.0.0.1:$port"
	if [ -n "$run_as" ]; then runuser -u "$run_as" -- "$bin" -d -q "$dir/pgbouncer.ini"; else "$bin" -d -q "$dir/pgbouncer.ini"; fi
	for i in $(seq 1 40); do
		(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
		[ "$i" = 40 ] && { tail -20 "$dir/pgbouncer.log" >&2; die "PgBouncer did not start"; }
		sleep 0.25
	done
fi
echo "export CASPIAN_TEST_PGBOUNCER_URL=postgresql://$user:$password@127.0.0.1:$port/caspian"
echo "export CASPIAN_TEST_PGBOUNCER_TLS=$tls"
