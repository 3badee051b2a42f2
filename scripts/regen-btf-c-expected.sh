#!/usr/bin/env bash
# Regenerates ebpf4j-core/src/test/resources/btf-c/**: what bpftool (not ebpf4j) prints with
# "btf dump file FILE format c" for every BTF fixture, which BtfCDumpFixturesTest compares with
# io.ebpf4j.btf.BtfCDumper.
#
#   btf-c/features.o                      built here from btf-c/features.c (our own source) with
#                                         clang-19 -target bpf -O2 -g, then llvm-strip -g (keeps
#                                         .BTF, drops DWARF); reproducible byte for byte
#   btf-c/expected/own/features.o.h       bpftool's header for features.o
#   btf-c/expected/shared/<path>.h        every *.elf / *.o with a .BTF section, every raw *.btf and
#                                         *.btf.base and the gzipped vmlinux.btf.gz under
#                                         SHARED/core-testdata; the split btf_testmod.btf over
#                                         btf_testmod.btf.base (-B), which prints base types too
#   btf-c/expected/shared/<path>.h.sha256 instead of the header when it is over 256 KiB (the
#                                         7.1 CI kernel's vmlinux.btf.gz: 2.4 MB): "SHA-256 LINES"
#
# Objects without .BTF (loader_nobtf-*.elf) are skipped; bpftool refuses them.
#
# Usage: scripts/regen-btf-c-expected.sh [SHARED_DIR]   (default: ../shared next to the project)
# Env:   BPFTOOL=bpftool CLANG=clang-19 STRIP=llvm-strip-19. The expected outputs must come from
#        bpftool v7.1 (Debian 12's, with the kernel 6.1 libbpf): later versions print more (e.g.
#        __attribute__((mode(byte))) on 1-byte enums) and BtfCDumper reproduces v7.1.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=$(cd "${1:-$ROOT/../shared}" && pwd)
RES="$ROOT/ebpf4j-core/src/test/resources/btf-c"
OUT="$RES/expected"
BPFTOOL=${BPFTOOL:-bpftool}
CLANG=${CLANG:-clang-19}
STRIP=${STRIP:-llvm-strip-19}
LIMIT=$((256 * 1024))
for tool in "$BPFTOOL" "$CLANG" "$STRIP"; do
    command -v "$tool" >/dev/null || { echo "error: $tool not found" >&2; exit 1; }
done
"$BPFTOOL" version | head -1 | grep -q '^bpftool v7\.1\.' \
    || { echo "error: need bpftool v7.1.x, got: $("$BPFTOOL" version | head -1)" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# our own feature object: compiled from the resource directory with a relative compilation
# directory, so that no absolute path ends up in its BTF strings (line info names the file)
(cd "$RES" && "$CLANG" -target bpf -O2 -g -Wall -Werror -fdebug-compilation-dir=. -c features.c -o "$tmp/features.o")
"$STRIP" -g "$tmp/features.o" -o "$RES/features.o"

rm -rf "$OUT"
mkdir -p "$OUT/own" "$OUT/shared"

dump() { # dump OUTFILE FILE [BASE]: bpftool's C header for FILE (split over BASE)
    local out=$1 file=$2 base=${3:-}
    local args=(btf dump)
    [ -n "$base" ] && args+=(-B "$base")
    args+=(file "$file" format c)
    mkdir -p "$(dirname "$out")"
    # bpftool exits non-zero on BTF it cannot load or dump: stop rather than commit half a header
    if ! "$BPFTOOL" "${args[@]}" > "$tmp/out.h"; then
        echo "error: $BPFTOOL ${args[*]} failed" >&2
        exit 1
    fi
    if [ "$(stat -c %s "$tmp/out.h")" -gt "$LIMIT" ]; then
        printf '%s %s\n' "$(sha256sum < "$tmp/out.h" | cut -d' ' -f1)" "$(wc -l < "$tmp/out.h")" > "$out.sha256"
    else
        cp "$tmp/out.h" "$out"
    fi
}

dump "$OUT/own/features.o.h" "$RES/features.o"

cd "$SHARED"
n=0
while IFS= read -r f; do
    rel=${f#core-testdata/}
    case "$f" in
        *.gz)
            gunzip -c "$f" > "$tmp/unzipped"
            dump "$OUT/shared/$rel.h" "$tmp/unzipped" ;;
        *.btf)
            if [ -f "$f.base" ]; then
                dump "$OUT/shared/$rel.h" "$f" "$f.base"
            else
                dump "$OUT/shared/$rel.h" "$f"
            fi ;;
        *.btf.base)
            dump "$OUT/shared/$rel.h" "$f" ;;
        *)
            # only objects with BTF
            if ! "$BPFTOOL" btf dump file "$f" > /dev/null 2>&1; then
                echo "skipping $f: no .BTF"
                continue
            fi
            dump "$OUT/shared/$rel.h" "$f" ;;
    esac
    n=$((n + 1))
done < <(find core-testdata -type f \( -name '*.o' -o -name '*.elf' -o -name '*.btf' -o -name '*.btf.base' -o -name '*.btf.gz' \) | LC_ALL=C sort)
echo "wrote $n headers under btf-c/expected/shared and 1 under btf-c/expected/own"
