#!/usr/bin/env bash
# tls-certs.sh: make the throwaway certificates the test servers serve TLS
# with (scripts/db-up.sh and scripts/pgbouncer-up.sh call it).
#
#   scripts/tls-certs.sh <dir>
#
# Writes into <dir>, once (idempotent):
#   ca.pem, ca.key           a CA, valid for 10 years
#   server.pem, server.key   the servers' certificate, signed by the CA, for
#                            localhost and 127.0.0.1 (CN and SAN)
#   client.pem, client.key   a client certificate, signed by the CA, CN
#                            caspian_tls: the user that db-up.sh lets in by
#                            certificate (PostgreSQL `cert`, MariaDB REQUIRE X509)
#   client.p12               the same certificate and key as PKCS #12 with the
#                            password "caspian", for the URLs' sslidentity
#   other-ca.pem             a CA that signed nothing here: a "wrong CA"
# P-256 keys: each is made in milliseconds, where RSA 2048 takes a while on a
# loaded machine. Every file is readable by all (the servers run as other
# users; the keys guard nothing but test data).
set -euo pipefail

dir="$1"
log() { echo "tls-certs: $*" >&2; }

[ -s "$dir/client.p12" ] && [ -s "$dir/other-ca.pem" ] && exit 0
command -v openssl >/dev/null 2>&1 || { log "error: openssl not found"; exit 1; }
log "making a throwaway CA and certificates in $dir"
mkdir -p "$dir"
cd "$dir"
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
ca() { # ca <name> <CN>
	key "$1.key"
	openssl req -x509 -new -key "$1.key" -days 3650 -subj "/CN=$2" -out "$1.pem" 2>/dev/null
}
signed() { # signed <name> <CN> <extensions>
	key "$1.key"
	openssl req -new -key "$1.key" -subj "/CN=$2" -out "$1.csr" 2>/dev/null
	printf '%s\n' "$3" >"$1.ext"
	openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 3650 \
		-extfile "$1.ext" -out "$1.pem" 2>/dev/null
	rm -f "$1.csr" "$1.ext"
}
ca ca caspian-test-ca
ca other-ca caspian-other-ca
rm -f other-ca.key
signed server localhost $'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth'
signed client caspian_tls 'extendedKeyUsage=clientAuth'
openssl pkcs12 -export -in client.pem -inkey client.key -certfile ca.pem \
	-passout pass:caspian -out client.p12.tmp 2>/dev/null
chmod a+r ./*
mv client.p12.tmp client.p12
