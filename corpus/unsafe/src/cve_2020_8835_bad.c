/* cve_2020_8835_bad: CVE-2020-8835 shape (32-bit bounds from a JMP32 compare mixed with 64-bit
 * bounds). r2 is an unknown 64-bit value with 1 <= r2 <= 0x100000001 (64-bit compares), then
 * "if w2 > 1" (32-bit compare). At run time r2 can be 0x100000000 or 0x100000001, so
 * r2 >> 28 is 16: one past the 16-byte map value. The vulnerable kernel concluded r2 == 1.
 * issue: 5
 * category: alu32_bounds
 * expect: reject
 * kernel: invalid access to map value, value_size=16 off=16 size=1
 * twin: cve_2020_8835_ok
 * cflags: -mcpu=v3 */
#include "unsafe.h"

ARRAY16(m)

SEC("xdp")
__naked int cve_2020_8835_bad(void)
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
        "r3 = 0x100000001 ll;"
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
