#!/usr/bin/env bash
# sanity.sh: check that this harness reproduces the shared Prisma oracle files byte for byte
# (/work/shared/prisma-oracle/sql, or $ORACLE_DIR). Run it before trusting a regeneration.
#
#   bash sanity.sh [PG_URL]        (or $ORACLE_PG_URL)
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
O="${ORACLE_DIR:-/work/shared/prisma-oracle}"
pg_url="${1:-${ORACLE_PG_URL:-}}"
[ -n "$pg_url" ] || { echo "usage: sanity.sh PG_URL" >&2; exit 2; }
T="$(mktemp -d)"; trap 'rm -rf "$T"' EXIT
ok=0; bad=0

# check <provider> <from schema|empty> <to schema> <expected file> [--summary]
check() {
	local p=$1 from=$2 to=$3 want=$4 flag=${5:-} url=file::memory:
	[ "$p" = postgresql ] && url=$pg_url
	[ -f "$want" ] || return 0
	if [ "$from" != empty ]; then sed "s/PROVIDER/$p/" "$from" > "$T/from.prisma"; from="$T/from.prisma"; fi
	sed "s/PROVIDER/$p/" "$to" > "$T/to.prisma"
	if node "$here/harness/diff.mjs" "$p" "$url" "$from" "$T/to.prisma" $flag > "$T/out" 2> "$T/err" && cmp -s "$T/out" "$want"; then
		ok=$((ok+1))
	else
		bad=$((bad+1)); echo "MISMATCH: $want" >&2
	fi
}

S="$O/schemas"; Q="$O/sql"
for p in sqlite postgresql; do
	for s in basic types relations alter_v1; do check $p empty "$S/$s.prisma" "$Q/$s.from-empty.$p.sql"; done
	check $p empty "$S/basic.prisma" "$Q/basic.from-empty.$p.summary.txt" --summary
	check $p "$S/alter_v1.prisma" "$S/alter_v2.prisma" "$Q/alter_v1_to_v2.$p.sql"
	check $p "$S/alter_v1.prisma" "$S/alter_v2.prisma" "$Q/alter_v1_to_v2.$p.summary.txt" --summary
	check $p "$S/enum_v1.prisma" "$S/enum_v2.prisma" "$Q/enum_v1_to_v2.$p.sql"
	for f in "$S"/alter-cases/*.prisma; do
		n=$(basename "$f" .prisma)
		case $n in base|enums_tables_base|enums_tables_next) continue ;; esac
		check $p "$S/alter-cases/base.prisma" "$f" "$Q/alter-cases/$n.$p.sql"
	done
	check $p "$S/alter-cases/enums_tables_base.prisma" "$S/alter-cases/enums_tables_next.prisma" "$Q/alter-cases/enum_add_value_drop_table_drop_enum.$p.sql"
done
for s in longnames native; do check postgresql empty "$S/$s.postgresql.prisma" "$Q/$s.from-empty.postgresql.sql"; done

echo "sanity: $ok match, $bad mismatch"
[ "$bad" = 0 ]
