#!/usr/bin/env bash
# vendor.sh: fetches the page's one library, htm's "preact/standalone"
# module (Preact 10 + hooks + htm's tagged templates in one 13 KB ES module,
# no build step), from the npm registry, checks the tarball against the
# registry's integrity hash, and writes it to assets/vendor/. Run it only to
# upgrade: the file is committed and embedded in the library, so neither
# npm nor Node is needed to build or run ppy studio.
set -euo pipefail
cd "$(dirname "$0")"
version=3.1.1
integrity="sha512-983Vyg8NwUE7JkZ6NmOqpCZ+sh1bKv2iYTlUkzlWmA5JD2acKoxd4KVxbMmxX/85mtfdnDmTFoNKcg5DGAvxNQ=="
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "htm@$version" >/dev/null)
got="sha512-$(openssl dgst -sha512 -binary "$tmp/htm-$version.tgz" | base64 -w0)"
[ "$got" = "$integrity" ] || { echo "vendor.sh: htm-$version.tgz integrity $got, want $integrity" >&2; exit 1; }
tar -xzf "$tmp/htm-$version.tgz" -C "$tmp" package/preact/standalone.module.js package/LICENSE
{
	echo "/* htm@$version preact/standalone.module.js (Preact + hooks + htm), from the npm registry by engine/studio/vendor.sh."
	echo "   htm: Apache-2.0 (c) Google; Preact: MIT (c) Jason Miller. Unmodified below this comment. */"
	cat "$tmp/package/preact/standalone.module.js"
} >assets/vendor/preact-htm.js
echo "wrote assets/vendor/preact-htm.js (htm@$version)"
