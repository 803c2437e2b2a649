#!/usr/bin/env bash
# make demo: a sample Caspian project with the page's schema on SQLite.
# Copies examples/page to demo/, runs `ppy db push` and `ppy generate`, then
# runs the page's snippets and prints what they return.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
rm -rf "$here/demo"
cp -r "$here/examples/page" "$here/demo"
cd "$here/demo"
echo "\$ ppy db push"
ppy db push
echo "\$ ppy generate"
ppy generate
echo "\$ python main.py"
python main.py
