/* callx_map_loaded_bad: a function's address stored into an array map value and loaded back
 * for the callx. The map is writable from user space (bpf_map_update_elem) at any time, so the
 * loaded value is any number, not a function pointer. Our verifier must reject it because the
 * loaded r2 is a number. Linux 6.18 rejects every callx (it has no indirect calls), so its
 * reason is the opcode itself.
 * issue: 6
 * category: callx
 * expect: reject
 * kernel: unknown opcode 8d
 * cflags: -mcpu=v4 */
#include "unsafe.h"

ARRAY8(a)

SUBPROG int add1(void)
{
    asm volatile(
        "r0 = r1;"
        "r0 += 1;"
        "exit;" ::: __clobber_all);
}

SEC("xdp")
__naked int callx_map_loaded_bad(void)
{
    asm volatile(
        "r1 = 0;"
        "*(u32 *)(r10 - 4) = r1;"
        "r2 = r10;"
        "r2 += -4;"
        "r1 = %[a] ll;"
        "call %[bpf_map_lookup_elem];"
        "if r0 == 0 goto 1f;"
        "r2 = add1 ll;"
        "*(u64 *)(r0 + 0) = r2;"
        "r2 = *(u64 *)(r0 + 0);"
        "r1 = 1;"
        "callx r2;"
        "1: r0 = 2;"
        "exit;"
        :: __imm_addr(a), __imm(bpf_map_lookup_elem) : __clobber_all);
}
