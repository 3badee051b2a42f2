#!/usr/bin/env bash
# Builds the test objects of io.ebpf4j.asm (LlvmAssembler, LlvmDisassembler, ObjectDisassembler)
# into ebpf4j-core/src/test/resources/asm-corpus/, for both byte orders, then regenerates their
# expected llvm-objdump listings. The objects are committed: the tests never need a compiler.
#
#   all-insns.S   every instruction kind, written by hand in LLVM syntax
#   layout.S      symbol, section and zero-run layouts that decide how llvm-objdump labels and elides
#   opcodes       generated here: every opcode byte 0x00-0xff with ten settings of the other fields,
#                 so the corpus pins down which encodings llvm-objdump decodes and which it prints
#                 as <unknown>
#   random        generated here: 3000 pseudo-random instructions (fixed seed), labels and zero runs
#
# Requires clang-19 (for the C preprocessor and LLVM's integrated BPF assembler) and, for the
# listings, llvm-objdump-19. Usage: scripts/build-asm-corpus.sh
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CORPUS="$ROOT/ebpf4j-core/src/test/resources/asm-corpus"
CLANG=${CLANG:-clang-19}
command -v "$CLANG" >/dev/null || { echo "error: $CLANG not found" >&2; exit 1; }

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# RAW(op, dst, src, off, imm): one instruction written field by field, in the target's byte order
PRELUDE='#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define REGS(dst, src) (((src) << 4) | (dst))
#else
#define REGS(dst, src) (((dst) << 4) | (src))
#endif
#define RAW(op, dst, src, off, imm) .byte op, REGS(dst, src) ; .short off ; .long imm'

gen_opcodes() {
    local variants=(
        "1 2 0 0" "0 0 0 16" "10 11 1 32" "11 1 8 64" "3 12 16 1"
        "12 3 32 0xe1" "2 5 -1 0xf1" "4 0 0x7fff -1" "15 15 -0x8000 0x51" "5 6 0 0x10a1"
    )
    echo "$PRELUDE"
    printf '\t.text\n\t.globl opcodes\n\t.type opcodes,@function\nopcodes:\n'
    local op v
    for ((op = 0; op < 256; op++)); do
        printf 'op_%02x:\n' "$op"
        for v in "${variants[@]}"; do
            set -- $v
            printf '\tRAW(0x%02x, %s, %s, %s, %s)\n' "$op" "$1" "$2" "$3" "$4"
            # give ld_imm64 its own second slot, with a non-zero upper immediate
            if ((op == 0x18)); then printf '\t.byte 0, 0, 0, 0 ; .long 0x%x\n' $((op * 0x1010 + 7)); fi
        done
    done
}

# a 31-bit linear congruential generator, so the corpus is the same with any shell
SEED=20250101
rnd() { # rnd N -> R in [0, N)
    SEED=$(((SEED * 1103515245 + 12345) & 0x7fffffff))
    R=$(((SEED >> 8) % $1))
}

gen_random() {
    local special_ops=(0x18 0xdb 0xc3 0xbf 0xbc 0x05 0x06 0xe5 0x85 0x8d 0x95 0xd4 0xdc 0xd7 0x07 0x15 0x1e 0x61 0x7b)
    local special_offs=(0 0 0 1 8 16 32 -1 2 0x7fff -0x8000 64)
    local special_imms=(0 16 32 64 1 -1 0x7fffffff -0x80000000 0x01 0x40 0x41 0x50 0x51 0xa0 0xa1 0xe1 0xf1 0xe0 0x02 0x1234501)
    local i op dst src off imm
    echo "$PRELUDE"
    printf '\t.text\n\t.globl random\n\t.type random,@function\nrandom:\n'
    for ((i = 0; i < 3000; i++)); do
        rnd 100; if ((R == 0)); then printf 'L%d:\n' "$i"; fi
        rnd 300; if ((R == 0)); then rnd 27; printf '\t.zero %d\n' $((R + 4)); fi
        rnd 10
        if ((R < 7)); then rnd 256; op=$R; else rnd ${#special_ops[@]}; op=$((special_ops[R])); fi
        rnd 10; if ((R < 3)); then rnd 16; dst=$R; else rnd 11; dst=$R; fi
        rnd 10; if ((R < 3)); then rnd 16; src=$R; else rnd 11; src=$R; fi
        rnd 2; if ((R == 0)); then rnd ${#special_offs[@]}; off=${special_offs[R]}; else rnd 65536; off=$((R - 32768)); fi
        rnd 5
        case $R in
            0|1) rnd ${#special_imms[@]}; imm=${special_imms[R]} ;;
            2) rnd 101; imm=$((R - 50)) ;;
            *) rnd 65536; imm=$R; rnd 65536; imm=$(((R << 16 | imm) - 0x80000000)) ;;
        esac
        printf '\tRAW(0x%02x, %d, %d, %s, %s)\n' "$op" "$dst" "$src" "$off" "$imm"
        if ((op == 0x18)); then rnd 65536; printf '\t.byte 0, 0, 0, 0 ; .long %d\n' "$R"; fi
    done
    # a ragged end
    printf '\t.byte 0x18, 0x01, 0, 0, 5\n'
}

gen_opcodes > "$TMP/opcodes.S"
gen_random > "$TMP/random.S"

build() { # build SOURCE NAME
    local order
    for order in el eb; do
        "$CLANG" -target "bpf$order" -mcpu=v4 -c "$1" -o "$CORPUS/$2-$order.o"
        echo "built asm-corpus/$2-$order.o"
    done
}
build "$CORPUS/all-insns.S" all-insns
build "$CORPUS/layout.S" layout
build "$TMP/opcodes.S" opcodes
build "$TMP/random.S" random

"$ROOT/scripts/regen-objdump-expected.sh"
