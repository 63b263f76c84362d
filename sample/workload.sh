#!/bin/sh
# A small CPU-bound workload: compresses generated data a few times in short-lived child processes.
set -e
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
seq 1 200000 > "$tmp"
for i in 1 2 3 4 5 6 7 8; do
	gzip -6 -c "$tmp" > /dev/null
done
echo "workload: compressed $(wc -c < "$tmp") bytes 8 times"
