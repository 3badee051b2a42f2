/* callx_funcptr_ok: safe twin of the callx_*_bad programs: r2 is add1 or dbl (a join of two
 * function pointers), spilled to the stack and filled back, NULL-free, and called with r1 = 5;
 * both targets return a number. Linux 6.18 rejects it only because it rejects every callx
 * (opcode 0x8d is unknown to it); ebpf4j accepts it.
 * issue: 6
 * category: callx
 * expect: reject
 * kernel: unknown opcode 8d
 * ebpf4j: accept
 * ebpf4j_reason: issue #6 asks for callx through a function pointer (ld_imm64 src=BPF_PSEUDO_FUNC,
 * kept through joins and spills): every function it may hold is analysed as a bpf-to-bpf call
 * cflags: -mcpu=v4 */
#include "unsafe.h"

SUBPROG int add1(void)
{
    asm volatile(
        "r0 = r1;"
        "r0 += 1;"
        "exit;" ::: __clobber_all);
}

SUBPROG int dbl(void)
{
    asm volatile(
        "r0 = r1;"
        "r0 <<= 1;"
        "exit;" ::: __clobber_all);
}

SEC("xdp")
__naked int callx_funcptr_ok(void)
{
    asm volatile(
        "r6 = *(u32 *)(r1 + 12);"
        "r2 = add1 ll;"
        "if r6 == 0 goto 1f;"
        "r2 = dbl ll;"
        "1: *(u64 *)(r10 - 8) = r2;"
        "r3 = *(u64 *)(r10 - 8);"
        "r1 = 5;"
        "callx r3;"
        "r0 &= 3;"
        "exit;" ::: __clobber_all);
}
