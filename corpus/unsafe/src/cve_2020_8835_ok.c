/* cve_2020_8835_ok: twin of cve_2020_8835_bad with the upper bound 0xffffffff instead of
 * 0x100000001: now the 64-bit range fits in 32 bits, so "w2 <= 1" with r2 >= 1 gives r2 == 1
 * exactly (the kernel's reg_bounds_sync), r2 >> 28 = 0 and the load is in bounds.
 * issue: 5
 * category: alu32_bounds
 * expect: accept
 * twin: cve_2020_8835_bad
 * cflags: -mcpu=v3 */
#include "unsafe.h"

ARRAY16(m)

SEC("xdp")
__naked int cve_2020_8835_ok(void)
{
    asm volatile(
        "r1 = 0;"
        "*(u32 *)(r10 - 4) = r1;"
        "r2 = r10;"
        "r2 += -4;"
        "r1 = %[m] ll;"
        "call %[bpf_map_lookup_elem];"
        "if r0 == 0 goto 1f;"
        "r2 = *(u64 *)(r0 + 0);"
        "if r2 < 1 goto 1f;"
        "r3 = 0xffffffff ll;"
        "if r2 > r3 goto 1f;"
        "if w2 > 1 goto 1f;"
        "r2 >>= 28;"
        "r0 += r2;"
        "r0 = *(u8 *)(r0 + 0);"
        "exit;"
        "1: r0 = 2;"
        "exit;"
        :: __imm_addr(m), __imm(bpf_map_lookup_elem) : __clobber_all);
}
