#!/usr/bin/env bash
# Builds the unsafe corpus (corpus/README.md, "The unsafe corpus"):
#   corpus/unsafe/src/NAME.c -> corpus/unsafe/obj/NAME.o
# Same conventions as scripts/build-corpus.sh: clang-19 -O2 -g -target bpf -c, plus
# -I/usr/include/$(uname -m)-linux-gnu and -fdebug-prefix-map so the objects do not depend on
# the checkout path; a source adds flags with a "cflags:" line in its first comment (-mcpu=v3 /
# -mcpu=v4 where a program needs ALU32 or v4 instructions). The objects are committed: tests
# never need a compiler.
#
# Requires clang-19 and libbpf-dev (/usr/include/bpf/bpf_helpers.h). Usage:
#   scripts/build-unsafe.sh            rebuild every program
#   scripts/build-unsafe.sh NAME...    rebuild only these sources
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
U="$ROOT/corpus/unsafe"
CLANG=${CLANG:-clang-19}
if ! command -v "$CLANG" >/dev/null 2>&1; then
    echo "error: $CLANG not found (install clang-19, e.g. apt-get install clang-19)" >&2
    exit 1
fi
if [ ! -f /usr/include/bpf/bpf_helpers.h ]; then
    echo "error: /usr/include/bpf/bpf_helpers.h not found (install libbpf-dev)" >&2
    exit 1
fi
ARCH_INC="/usr/include/$(uname -m)-linux-gnu"

cflags_of() { # extra flags from a "cflags:" line in the file's first comment
    sed -n '1,/\*\//{s/.*cflags:[[:space:]]*\(.*\)$/\1/p}' "$1" | head -n1 | sed 's|[[:space:]]*\*/.*$||'
}

mkdir -p "$U/obj"
want=("$@")
selected() { [ ${#want[@]} -eq 0 ] && return 0; local w; for w in "${want[@]}"; do [ "$w" = "$1" ] && return 0; done; return 1; }

fail=0
for src in "$U"/src/*.c; do
    name=$(basename "$src" .c)
    selected "$name" || continue
    extra=$(cflags_of "$src")
    # shellcheck disable=SC2086
    if "$CLANG" -O2 -g -target bpf $extra -I"$U/src" -I"$ROOT/corpus/src" -I"$ARCH_INC" \
        -fdebug-prefix-map="$ROOT"=. -fdebug-compilation-dir=. -c "$src" -o "$U/obj/$name.o"; then
        echo "  bpf ${U#"$ROOT"/}/obj/$name.o"
    else
        fail=1
    fi
done
[ $fail -eq 0 ] || { echo "error: some sources failed to compile" >&2; exit 1; }
