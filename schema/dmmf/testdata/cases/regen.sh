#!/bin/sh
# Regenerates every <case>.expected/ here with Prisma's own engine, using the
# corpus's oracle script (same conventions: a single file is "schema.prisma").
# usage: sh schema/dmmf/testdata/cases/regen.sh /tmp/pswasm/node_modules
set -e
here=$(cd "$(dirname "$0")" && pwd)
cp "$here/../../../testdata/corpus/oracle.cjs" "$here/.oracle.cjs"
trap 'rm -f "$here/.oracle.cjs"' EXIT
node "$here/.oracle.cjs" "$1"
