#!/usr/bin/env bash
# db-up.sh: start throwaway PostgreSQL and MariaDB servers for the test suites.
#
#   eval "$(scripts/db-up.sh)"
#
# Installs the Debian packages when missing (apt-get, as root), creates the
# clusters under a state dir (default <repo>/.ci-state/db, override with
# CASPIAN_DB_STATE), starts them on 127.0.0.1 on non-default ports
# (CASPIAN_PG_PORT, default 55432; CASPIAN_MYSQL_PORT, default 53306) and prints
# the export lines for CASPIAN_TEST_POSTGRES_URL and CASPIAN_TEST_MYSQL_URL.
# Both servers offer TLS, which clients may use or not: a throwaway CA and
# certificates (scripts/tls-certs.sh) are made under <state>/tls, exported as
# CASPIAN_TEST_TLS_DIR; the user caspian_tls logs in with the client
# certificate there (PostgreSQL `cert` auth, MariaDB REQUIRE X509).
# Beside them: PgBouncer in transaction mode (scripts/pgbouncer-up.sh,
# CASPIAN_PGBOUNCER_PORT, default 56432; CASPIAN_PGBOUNCER=0 skips it) and a
# streaming replica (scripts/pg-replica-up.sh, CASPIAN_PG_REPLICA_PORT,
# default 55532; CASPIAN_PG_REPLICA=0 skips it).
# Idempotent: servers already running are left alone. Progress goes to stderr;
# stdout carries only the export lines. scripts/db-down.sh stops them.
#
# The servers trade durability for speed (fsync off): they hold test data only.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
state="${CASPIAN_DB_STATE:-$repo/.ci-state/db}"
pg_port="${CASPIAN_PG_PORT:-55432}"
my_port="${CASPIAN_MYSQL_PORT:-53306}"
user=caspian
password=caspian
dbname=caspian
tls_user=caspian_tls
tls="$state/tls"

log() { echo "db-up: $*" >&2; }
die() { log "error: $*"; exit 1; }

is_root() { [ "$(id -u)" = 0 ]; }

# port_free fails, naming the port and what to do, when something already
# listens on 127.0.0.1:$1 (a server of another state dir, say): the server
# started next would only fail to bind, after a wait.
port_free() {
	if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
		die "127.0.0.1:$1 is already in use by another process (for $2): stop it, or choose another port with $3"
	fi
}

# reachable makes sure OS user $1 can traverse down to dir $2 (a server run as
# that user must reach its data dir); it touches only parents that block it.
reachable() {
	runuser -u "$1" -- test -x "$2" 2>/dev/null && return 0
	local d="$2"
	while [ "$d" != / ]; do chmod o+x "$d"; d="$(dirname "$d")"; done
}

# --- packages ---------------------------------------------------------------

pg_bindir() {
	local d
	for d in /usr/lib/postgresql/*/bin; do
		[ -x "$d/initdb" ] && { echo "$d"; return 0; }
	done
	command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
	return 1
}

mariadbd_bin() {
	local b
	for b in mariadbd /usr/sbin/mariadbd mysqld /usr/sbin/mysqld; do
		command -v "$b" >/dev/null 2>&1 && { command -v "$b"; return 0; }
	done
	return 1
}

wait_for_apt() {
	# Another process (e.g. a provisioning step) may be installing right now.
	command -v pgrep >/dev/null 2>&1 || return 0
	local i=0
	while pgrep -x apt-get >/dev/null 2>&1 || pgrep -x dpkg >/dev/null 2>&1 || pgrep -x apt >/dev/null 2>&1; do
		[ $i = 0 ] && log "waiting for a running apt/dpkg to finish"
		i=$((i + 1))
		[ $i -gt 600 ] && die "apt/dpkg still busy after 10 minutes"
		sleep 1
	done
}

missing_packages() {
	pg_bindir >/dev/null || echo postgresql
	{ mariadbd_bin >/dev/null && command -v mariadb-install-db >/dev/null 2>&1; } || echo mariadb-server
	command -v mariadb >/dev/null 2>&1 || command -v mysql >/dev/null 2>&1 || echo mariadb-client
}

install_packages() {
	local want
	want="$(missing_packages)"
	[ -z "$want" ] && return 0
	wait_for_apt
	# Re-check: the apt run we waited for may have installed them.
	want="$(missing_packages)"
	[ -z "$want" ] && return 0
	is_root || die "missing packages ($(echo $want)); run as root or install them"
	log "installing $(echo $want)"
	export DEBIAN_FRONTEND=noninteractive
	# The packages try to start system-wide servers; we run our own, so deny that.
	local policy=/usr/sbin/policy-rc.d created_policy=0
	if [ ! -e "$policy" ]; then
		printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && created_policy=1
	fi
	# Lock::Timeout: wait for a concurrent apt instead of failing at once.
	# shellcheck disable=SC2086
	local rc=0
	apt-get -o DPkg::Lock::Timeout=600 update -qq >&2 &&
		apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $want >&2 || rc=$?
	[ $created_policy = 1 ] && rm -f "$policy"
	[ $rc = 0 ] || die "apt-get failed"
	return 0
}

# --- PostgreSQL -------------------------------------------------------------

# as_pg runs a command as the OS user that owns the cluster: PostgreSQL refuses
# to run as root.
as_pg() {
	if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

# pg_tls makes a cluster serve TLS (kept optional for clients) and let
# $tls_user in by certificate only; it answers 0 when it changed something.
# The certificate and key are copied into the data dir: PostgreSQL insists
# that its key belongs to it and is private, and pg_basebackup carries them
# to the replica.
pg_tls() {
	local data="$1" changed=1
	if [ ! -s "$data/server.key" ]; then
		cp "$tls/server.pem" "$data/server.crt"
		cp "$tls/server.key" "$data/server.key"
		cp "$tls/ca.pem" "$data/root.crt"
		chmod 600 "$data/server.key"
		is_root && chown postgres: "$data/server.crt" "$data/server.key" "$data/root.crt"
	fi
	if ! grep -q '^ssl = on' "$data/postgresql.conf"; then
		# Relative paths are taken from the data dir.
		cat >>"$data/postgresql.conf" <<-EOF
			ssl = on
			ssl_cert_file = 'server.crt'
			ssl_key_file = 'server.key'
			ssl_ca_file = 'root.crt'
		EOF
		changed=0
	fi
	if ! grep -q "^hostssl all $tls_user " "$data/pg_hba.conf"; then
		# First: the first matching line decides.
		{ echo "hostssl all $tls_user 127.0.0.1/32 cert"; cat "$data/pg_hba.conf"; } >"$data/pg_hba.conf.new"
		mv "$data/pg_hba.conf.new" "$data/pg_hba.conf"
		is_root && chown postgres: "$data/pg_hba.conf"
		changed=0
	fi
	return $changed
}

pg_up() {
	local bin data sock
	bin="$(pg_bindir)" || die "PostgreSQL binaries not found"
	data="$state/pg/data"
	sock="$state/pg/sock"
	mkdir -p "$state/pg" "$sock"
	if is_root; then
		id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
		# Recursively only before the cluster exists: a running server's
		# files come and go (a dropped database) under a recursive chown.
		if [ -s "$data/PG_VERSION" ]; then chown postgres: "$state/pg" "$sock"; else chown -R postgres: "$state/pg"; fi
		reachable postgres "$state/pg"
	fi
	if [ ! -s "$data/PG_VERSION" ]; then
		log "initdb $data"
		local pwfile="$state/pg/.pw"
		echo "$password" >"$pwfile"
		is_root && chown postgres: "$pwfile"
		as_pg "$bin/initdb" -D "$data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
			--pwfile="$pwfile" -E UTF8 --locale=C.UTF-8 >"$state/pg/initdb.log" 2>&1 ||
			{ cat "$state/pg/initdb.log" >&2; die "initdb failed"; }
		rm -f "$pwfile"
		cat >>"$data/postgresql.conf" <<-EOF
			# caspian test cluster
			listen_addresses = '127.0.0.1'
			port = $pg_port
			unix_socket_directories = '$sock'
			fsync = off
			synchronous_commit = off
			full_page_writes = off
			max_connections = 200
		EOF
	fi
	local tls_changed=1
	pg_tls "$data" && tls_changed=0
	if as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
		log "PostgreSQL already running on 127.0.0.1:$pg_port"
		if [ $tls_changed = 0 ]; then
			log "reloading PostgreSQL for TLS"
			as_pg "$bin/pg_ctl" -D "$data" reload >&2
		fi
	else
		port_free "$pg_port" PostgreSQL CASPIAN_PG_PORT
		log "starting PostgreSQL on 127.0.0.1:$pg_port"
		as_pg "$bin/pg_ctl" -D "$data" -l "$state/pg/server.log" -w -t 60 start >&2 ||
			{ tail -20 "$state/pg/server.log" >&2; die "PostgreSQL did not start"; }
	fi
	# The role and database are created once; the check keeps reruns quiet.
	local psql=("$bin/psql" -h "$sock" -p "$pg_port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA)
	if [ "$(as_pg "${psql[@]}" -c "SELECT 1 FROM pg_roles WHERE rolname = '$user'")" != 1 ]; then
		as_pg "${psql[@]}" -c "CREATE ROLE $user LOGIN CREATEDB SUPERUSER PASSWORD '$password'" >&2
	fi
	if [ "$(as_pg "${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname = '$dbname'")" != 1 ]; then
		as_pg "${psql[@]}" -c "CREATE DATABASE $dbname OWNER $user" >&2
	fi
	if [ "$(as_pg "${psql[@]}" -c "SELECT 1 FROM pg_roles WHERE rolname = '$tls_user'")" != 1 ]; then
		as_pg "${psql[@]}" -c "CREATE ROLE $tls_user LOGIN" >&2
	fi
}

# --- MariaDB ----------------------------------------------------------------

my_client() {
	local c
	c="$(command -v mariadb || command -v mysql)" || die "mariadb client not found"
	"$c" --no-defaults --socket="$state/mysql/mysqld.sock" -uroot "$@"
}

my_up() {
	local bin data run_as
	bin="$(mariadbd_bin)" || die "MariaDB server not found"
	data="$state/mysql/data"
	# Its own tmpdir: internal temporary tables (information_schema queries)
	# never depend on what else writes to or cleans /tmp.
	mkdir -p "$state/mysql/tmp"
	run_as="$(id -un)"
	if is_root; then
		run_as=mysql
		id mysql >/dev/null 2>&1 || useradd --system --no-create-home mysql
		if [ -d "$data/mysql" ]; then chown mysql: "$state/mysql" "$state/mysql/tmp"; else chown -R mysql: "$state/mysql"; fi
		reachable mysql "$state/mysql"
		reachable mysql "$tls"
	fi
	if [ ! -d "$data/mysql" ]; then
		log "mariadb-install-db $data"
		# "normal" root auth: root@localhost with no password, reachable only
		# through the socket in the state dir.
		mariadb-install-db --no-defaults --datadir="$data" --user="$run_as" \
			--auth-root-authentication-method=normal --skip-test-db \
			>"$state/mysql/install.log" 2>&1 || { cat "$state/mysql/install.log" >&2; die "mariadb-install-db failed"; }
	fi
	if my_client -e 'SELECT 1' >/dev/null 2>&1; then
		log "MariaDB already running on 127.0.0.1:$my_port"
	else
		port_free "$my_port" MariaDB CASPIAN_MYSQL_PORT
		log "starting MariaDB on 127.0.0.1:$my_port"
		rm -f "$state/mysql/mysqld.sock" "$state/mysql/mysqld.pid"
		# setsid + nohup: the server outlives this script and its terminal.
		setsid nohup "$bin" --no-defaults --datadir="$data" --user="$run_as" \
			--socket="$state/mysql/mysqld.sock" --pid-file="$state/mysql/mysqld.pid" \
			--port="$my_port" --bind-address=127.0.0.1 --skip-name-resolve \
			--log-error="$state/mysql/server.log" --tmpdir="$state/mysql/tmp" \
			--innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 --sync-binlog=0 \
			--innodb-buffer-pool-size=128M --max-connections=300 \
			--character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
			--ssl-ca="$tls/ca.pem" --ssl-cert="$tls/server.pem" --ssl-key="$tls/server.key" \
			</dev/null >/dev/null 2>&1 &
		local i
		for i in $(seq 1 120); do
			my_client -e 'SELECT 1' >/dev/null 2>&1 && break
			[ "$i" = 120 ] && { tail -20 "$state/mysql/server.log" >&2; die "MariaDB did not start"; }
			sleep 0.5
		done
	fi
	my_client -e "
		CREATE USER IF NOT EXISTS '$user'@'%' IDENTIFIED BY '$password';
		CREATE USER IF NOT EXISTS '$user'@'localhost' IDENTIFIED BY '$password';
		GRANT ALL PRIVILEGES ON *.* TO '$user'@'%' WITH GRANT OPTION;
		GRANT ALL PRIVILEGES ON *.* TO '$user'@'localhost' WITH GRANT OPTION;
		CREATE DATABASE IF NOT EXISTS \`$dbname\`;
		CREATE USER IF NOT EXISTS '$tls_user'@'%' IDENTIFIED BY '$password' REQUIRE X509;
		GRANT ALL PRIVILEGES ON *.* TO '$tls_user'@'%';
		FLUSH PRIVILEGES;" >&2
	# The TLS options are read at start only: a server started by an older
	# db-up.sh serves none until it is restarted.
	if [ "$(my_client -NBe "SELECT @@have_ssl")" != YES ]; then
		log "warning: MariaDB on 127.0.0.1:$my_port has no TLS; restart it (scripts/db-down.sh, then db-up.sh) for the TLS tests"
	fi
}

install_packages
mkdir -p "$state"
bash "$repo/scripts/tls-certs.sh" "$tls"
pg_up
my_up
echo "export CASPIAN_TEST_POSTGRES_URL=postgresql://$user:$password@127.0.0.1:$pg_port/$dbname"
echo "export CASPIAN_TEST_MYSQL_URL=mysql://$user:$password@127.0.0.1:$my_port/$dbname"
echo "export CASPIAN_TEST_TLS_DIR=$tls"
# PgBouncer in transaction mode in front of PostgreSQL (the pgbouncer=true
# tests); CASPIAN_PGBOUNCER=0 leaves it out.
if [ "${CASPIAN_PGBOUNCER:-1}" != 0 ]; then
	bash "$repo/scripts/pgbouncer-up.sh" "$state" "$pg_port"
fi
# A streaming replica of PostgreSQL (the read-replica tests);
# CASPIAN_PG_REPLICA=0 leaves it out.
if [ "${CASPIAN_PG_REPLICA:-1}" != 0 ]; then
	bash "$repo/scripts/pg-replica-up.sh" "$state" "$pg_port"
fi
