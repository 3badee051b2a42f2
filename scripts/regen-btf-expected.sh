#!/usr/bin/env bash
# Regenerates ebpf4j-core/src/test/resources/btf-expected/**: what bpftool (not ebpf4j) prints with
# "btf dump file FILE" (format raw) for every BTF fixture under SHARED/core-testdata, which
# BtfDumpExpectedTest compares with io.ebpf4j.btf.BtfDumper line by line.
#
#   btf-expected/<path>.txt       every *.elf / *.o with a .BTF section, every raw *.btf and
#                                 *.btf.base; the split btf_testmod.btf over btf_testmod.btf.base
#                                 (--base-btf), which prints only the split types
#   btf-expected/<path>.txt.gz    vmlinux.btf.gz, decompressed first; its dump is ~10 MB, so it is
#                                 stored gzipped (~1.8 MB)
#   btf-expected/index.txt        one line per dump: FIXTURE<TAB>BASE-OR-EMPTY<TAB>RESOURCE
#
# Objects without .BTF (loader_nobtf-*.elf) get no expected output; bpftool refuses them.
#
# Usage: scripts/regen-btf-expected.sh [SHARED_DIR]   (default: ../shared next to the project)
# Env:   BPFTOOL=/usr/sbin/bpftool. Checked with bpftool v7.1.0 (libbpf 1.1).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=$(cd "${1:-$ROOT/../shared}" && pwd)
OUT="$ROOT/ebpf4j-core/src/test/resources/btf-expected"
BPFTOOL=${BPFTOOL:-bpftool}
command -v "$BPFTOOL" >/dev/null || { echo "error: $BPFTOOL not found" >&2; exit 1; }
"$BPFTOOL" version | head -1 | grep -q '^bpftool v7\.1\.' \
    || echo "warning: the expected outputs were made with bpftool v7.1.0; $("$BPFTOOL" version | head -1)" >&2

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

rm -rf "$OUT"
mkdir -p "$OUT"
index="$OUT/index.txt"
: > "$index"

dump() { # dump FIXTURE BASE RESOURCE [FILE]: bpftool's dump of FILE (default SHARED/FIXTURE)
    local fixture=$1 base=$2 resource=$3 file=${4:-$SHARED/$1}
    local args=(btf dump file "$file")
    [ -n "$base" ] && args+=(--base-btf "$SHARED/$base")
    mkdir -p "$(dirname "$OUT/$resource")"
    # bpftool exits non-zero on BTF it cannot load: stop rather than commit half a dump
    if ! "$BPFTOOL" "${args[@]}" > "$tmp/out.txt"; then
        echo "error: $BPFTOOL ${args[*]} failed" >&2
        exit 1
    fi
    case "$resource" in
        *.gz) gzip -9 -n < "$tmp/out.txt" > "$OUT/$resource" ;;
        *) cp "$tmp/out.txt" "$OUT/$resource" ;;
    esac
    printf '%s\t%s\t%s\n' "$fixture" "$base" "$resource" >> "$index"
}

# A hand-made blob with the corners no fixture has: every INT encoding (and invalid ones), signed
# and unsigned ENUM/ENUM64 extremes, unknown FUNC/VAR linkage, a variadic FUNC_PROTO, FWD union,
# FLOAT, TYPE_TAG/DECL_TAG with kind_flag, bitfields, a non-zero name offset of an empty string
# ('' rather than '(anon)'), a name that is not valid UTF-8 (bpftool copies its bytes), DATASEC
# entries naming a VAR, a FUNC, an INT and void, and reference cycles.
# Python writes it (deterministically); it is committed so the test needs no python.
HAND="$OUT/handmade"
mkdir -p "$HAND"
python3 - "$HAND/edge-cases.btf" <<'PY'
import struct, sys
strs = b"\0int\0a\0\0neg\0big\0f\0v\0fw\0\xc3\xa9t\xff\0"
def off(s):  # a str is UTF-8; bytes are taken as they are
    return strs.index((s if isinstance(s, bytes) else s.encode("utf-8")) + b"\0") if s else 0
EMPTY = 7  # the second NUL of "a\0\0": a non-zero offset of ""
types = []
def t(name_off, kind, vlen, kflag, size, extra=b""):
    types.append(struct.pack("<IIi", name_off, (kflag << 31) | (kind << 24) | vlen, size) + extra)
def u32(*v):
    return struct.pack("<" + "I" * len(v), *v)
for enc in (0, 1, 2, 4, 3, 8):                                                  # 1-6 INT
    t(off("int"), 1, 0, 0, 4, u32((enc << 24) | (3 << 16) | 32))
t(off("neg"), 6, 2, 1, 4, u32(off("a"), 0xffffffff, off("big"), 0x80000000))    # 7 ENUM signed
t(off("big"), 6, 2, 0, 4, u32(off("a"), 0xffffffff, EMPTY, 5))                  # 8 ENUM unsigned
t(off("neg"), 19, 2, 1, 8, u32(off("a"), 0xffffffff, 0xffffffff, off("big"), 0, 0x80000000))  # 9
t(off("big"), 19, 1, 0, 8, u32(off("a"), 0xffffffff, 0xffffffff))              # 10 ENUM64 unsigned
t(0, 13, 2, 0, 1, u32(off("a"), 1, 0, 0))                                       # 11 variadic proto
t(off("f"), 12, 3, 0, 11)                                                       # 12 FUNC linkage 3
t(off("v"), 14, 0, 0, 1, u32(3))                                                # 13 VAR linkage 3
t(off("fw"), 7, 0, 1, 0)                                                        # 14 FWD union
t(off("fw"), 7, 0, 0, 0)                                                        # 15 FWD struct
t(off("f"), 16, 0, 0, 8)                                                        # 16 FLOAT
t(off("a"), 18, 0, 1, 1)                                                        # 17 TYPE_TAG kflag
t(off("a"), 17, 0, 1, 1, u32(0xffffffff))                                       # 18 DECL_TAG kflag
t(EMPTY, 4, 3, 1, 8, u32(EMPTY, 1, 0, 0, 1, (5 << 24) | 7, off(b"\xc3\xa9t\xff"), 1, 32))  # 19 bitfields
t(0, 5, 1, 0, 4, u32(off("a"), 1, 0xffffffff))                                  # 20 UNION
t(off("a"), 15, 4, 0, 16, u32(13, 0, 4, 12, 4, 4, 1, 8, 8, 0, 16, 0))           # 21 DATASEC
t(0, 6, 0, 0, 4)                                                                # 22 empty ENUM
t(0, 3, 0, 0, 0, u32(1, 1, 0xffffffff))                                         # 23 ARRAY
for k in (2, 10, 9, 11, 8):                                                     # 24-28 PTR CONST
    t(off("a"), k, 0, 0, 1)                                                     #   VOLATILE RESTRICT TYPEDEF
for linkage in (0, 1, 2):                                                       # 29-31 VAR
    t(off("v"), 14, 0, 0, 1, u32(linkage))
for linkage in (0, 1, 2):                                                       # 32-34 FUNC
    t(off("f"), 12, linkage, 0, 11)
t(off("big"), 6, 1, 0, 1, u32(off("a"), 255))                                   # 35 1-byte ENUM
t(off("int"), 1, 0, 1, 8, u32((1 << 24) | 64))                                  # 36 INT kind_flag
t(off("a"), 2, 0, 0, 37)                                                        # 37 PTR to itself
t(off("a"), 8, 0, 0, 39)                                                        # 38 TYPEDEF -> 39
t(0, 10, 0, 0, 38)                                                              # 39 CONST -> 38: a cycle
tsec = b"".join(types)
hdr = struct.pack("<HBBIIIII", 0xeb9f, 1, 0, 24, 0, len(tsec), len(tsec), len(strs))
open(sys.argv[1], "wb").write(hdr + tsec + strs)
PY
"$BPFTOOL" btf dump file "$HAND/edge-cases.btf" > "$HAND/edge-cases.btf.txt"

cd "$SHARED"
n=0
while IFS= read -r f; do
    case "$f" in
        *.elf|*.o)
            # only objects that have a .BTF section (readelf lists it as "] .BTF ")
            # (captured first: grep -q would end the pipe early and pipefail would report readelf's SIGPIPE)
            sections=$(llvm-readelf-19 -S "$f" 2>/dev/null || true)
            grep -q '] \.BTF ' <<< "$sections" || { echo "skip (no .BTF): $f"; continue; }
            dump "$f" "" "$f.txt" ;;
        */btf_testmod.btf)
            dump "$f" "${f}.base" "$f.txt" ;;
        *.btf|*.btf.base)
            dump "$f" "" "$f.txt" ;;
        *.btf.gz)
            gzip -dc "$f" > "$tmp/raw.btf"
            dump "$f" "" "${f%.gz}.txt.gz" "$tmp/raw.btf" ;;
        *) continue ;;
    esac
    n=$((n + 1))
done < <(find core-testdata -type f \( -name '*.elf' -o -name '*.o' -o -name '*.btf' -o -name '*.btf.base' -o -name '*.btf.gz' \) | LC_ALL=C sort)
echo "wrote $n dumps under $OUT"
