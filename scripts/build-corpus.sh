#!/usr/bin/env bash
# Builds the "equal to the kernel" corpus (corpus/README.md):
#   corpus/src/NAME.c            -> corpus/obj/NAME.o        (little-endian, -target bpf)
#   corpus/src/NAME.c (EB list)  -> corpus/obj/NAME.eb.o     (big-endian, -target bpfeb)
#   corpus/rejected/src/NAME.c   -> corpus/rejected/obj/NAME.o
#   corpus/inputs/*.bin          <- corpus/inputs/make_inputs.py
# The objects are committed: tests never need a compiler.
#
# Flags: clang-19 -O2 -g -target bpf -c, plus -I/usr/include/$(uname -m)-linux-gnu (for
# <asm/...> headers) and -fdebug-prefix-map so the objects do not depend on the checkout path.
# A source may ask for more flags with a line "cflags: ..." inside its first comment
# (used for -mcpu=v3 / -mcpu=v4 where the program needs ALU32, atomic fetch ops, sdiv, ...).
#
# Requires clang-19 and libbpf-dev (/usr/include/bpf/bpf_helpers.h). Usage:
#   scripts/build-corpus.sh            rebuild everything
#   scripts/build-corpus.sh NAME...    rebuild only these sources (LE, and EB if listed)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
C="$ROOT/corpus"
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

# Programs also built big-endian: endian-neutral results (no multi-byte packet field is used
# without bpf_ntoh*/bpf_hton*), so their expected results are the little-endian kernel's.
EB="arith_alu32 arith_signed bpf2bpf_calls globals bounded_loop map_hash helper_loop pkt_swap_macs"

cflags_of() { # extra flags from a "cflags:" line in the file's first comment
    sed -n '1,/\*\//{s/.*cflags:[[:space:]]*\(.*\)$/\1/p}' "$1" | head -n1
}

build() { # SRC OUT TARGET
    local src=$1 out=$2 target=$3 dir extra
    dir=$(dirname "$src")
    extra=$(cflags_of "$src")
    # shellcheck disable=SC2086
    "$CLANG" -O2 -g -target "$target" $extra -I"$dir" -I"$C/src" -I"$ARCH_INC" \
        -fdebug-prefix-map="$ROOT"=. -fdebug-compilation-dir=. -c "$src" -o "$out"
    echo "  $target ${out#"$ROOT"/}"
}

mkdir -p "$C/obj" "$C/rejected/obj"
want=("$@")
selected() { [ ${#want[@]} -eq 0 ] && return 0; local w; for w in "${want[@]}"; do [ "$w" = "$1" ] && return 0; done; return 1; }

fail=0
for src in "$C"/src/*.c; do
    name=$(basename "$src" .c)
    selected "$name" || continue
    build "$src" "$C/obj/$name.o" bpf || fail=1
    case " $EB " in *" $name "*) build "$src" "$C/obj/$name.eb.o" bpfeb || fail=1 ;; esac
done
for src in "$C"/rejected/src/*.c; do
    [ -e "$src" ] || continue
    name=$(basename "$src" .c)
    selected "$name" || continue
    build "$src" "$C/rejected/obj/$name.o" bpf || fail=1
done
if [ ${#want[@]} -eq 0 ]; then
    (cd "$C/inputs" && python3 make_inputs.py)
fi
[ $fail -eq 0 ] || { echo "error: some sources failed to compile" >&2; exit 1; }
