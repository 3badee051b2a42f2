#!/usr/bin/env bash
# Regenerates ebpf4j-core/src/test/resources/objdump/**: what llvm-objdump-19 (not ebpf4j) prints with
# "-d --no-show-raw-insn" for every object ObjectDisassemblerFixtureTest checks.
#
#   objdump/shared/<path>.objdump      every *.o and *.elf under SHARED/core-testdata (recursively)
#                                      and SHARED/bench/*.o; run from SHARED so llvm-objdump prints
#                                      the file name as <path>
#   objdump/asm-corpus/<name>.objdump  every asm-corpus/*.o, run from asm-corpus (name = file name),
#   objdump/asm-corpus/<name>.alu32.objdump   and the same with --mattr=+alu32
#
# Usage: scripts/regen-objdump-expected.sh [SHARED_DIR]   (default: ../shared next to the project)
# Env:   OBJDUMP=llvm-objdump-19 to pick the tool. It must be LLVM 19: later versions print some
#        instructions differently.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=$(cd "${1:-$ROOT/../shared}" && pwd)
RES="$ROOT/ebpf4j-core/src/test/resources"
OBJDUMP=${OBJDUMP:-llvm-objdump-19}
command -v "$OBJDUMP" >/dev/null || { echo "error: $OBJDUMP not found" >&2; exit 1; }
"$OBJDUMP" --version | grep -q 'LLVM version 19\.' || { echo "error: $OBJDUMP is not LLVM 19" >&2; exit 1; }

dump() { # dump OUT FILE [ARGS...]: the listing of FILE, as given, relative to the current directory
    local out=$1 file=$2
    shift 2
    mkdir -p "$(dirname "$out")"
    # llvm-objdump reports an object it cannot read on stderr and exits non-zero: stop rather than
    # commit a half listing (none of the fixtures does this today)
    if ! "$OBJDUMP" -d --no-show-raw-insn "$@" "$file" > "$out"; then
        echo "error: $OBJDUMP failed on $file" >&2
        exit 1
    fi
}

rm -rf "$RES/objdump/shared" "$RES/objdump/asm-corpus"

cd "$SHARED"
n=0
while IFS= read -r f; do
    dump "$RES/objdump/shared/$f.objdump" "$f"
    n=$((n + 1))
done < <({ find core-testdata -type f \( -name '*.o' -o -name '*.elf' \); find bench -maxdepth 1 -type f -name '*.o'; } | LC_ALL=C sort)
echo "wrote $n listings under objdump/shared"

cd "$RES/asm-corpus"
n=0
for f in *.o; do
    dump "$RES/objdump/asm-corpus/$f.objdump" "$f"
    dump "$RES/objdump/asm-corpus/$f.alu32.objdump" "$f" --mattr=+alu32
    n=$((n + 1))
done
echo "wrote $((2 * n)) listings under objdump/asm-corpus"
