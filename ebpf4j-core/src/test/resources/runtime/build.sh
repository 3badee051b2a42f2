#!/bin/sh
# Rebuilds the runtime tests' objects (committed, so tests need no compiler): clang-19 and libbpf-dev.
set -e
cd "$(dirname "$0")"
for c in *.c; do
  clang-19 -O2 -g -target bpf -I/usr/include/"$(uname -m)"-linux-gnu -fdebug-prefix-map="$PWD"=. -c "$c" -o "${c%.c}.o"
done
