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
echo
echo "== memscope fit --target newlib-32 --compare --binary $bin/image_pipeline --ram 64MiB"
# A gate: exit 1 when the program would not fit; the demo shows the verdict either way.
"$bin/memscope" fit "$trace" --target newlib-32 --compare --binary "$bin/image_pipeline" --ram 64MiB || true
