#!/usr/bin/env bash
# Profiles the bundled example and prints what memscope found.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/bin
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
trace="$out/image_pipeline.mst"
echo "== memscope run -o $trace -- $bin/image_pipeline"
"$bin/memscope" run -o "$trace" -- "$bin/image_pipeline"
echo
echo "== memscope summary"
"$bin/memscope" summary "$trace"
echo
echo "== memscope top --by peak -n 5"
"$bin/memscope" top "$trace" --by peak -n 5
echo
echo "== memscope top --by temporary -n 3"
"$bin/memscope" top "$trace" --by temporary -n 3
echo
echo "== memscope leaks"
"$bin/memscope" leaks "$trace"
