/* cve_2021_3490_xor_bad: CVE-2021-3490 shape (ALU32 bitwise ops on a register whose lower 32
 * bits are known and upper 32 bits unknown). r2 = unknown & 0xffffffff00000000 | 1, then
 * "w2 ^= w4" with r4 = 0x100000011: the result is exactly 16 (zero-extended), one
 * past the 16-byte map value. The vulnerable kernel skipped the 32-bit bounds update when both
 * subregisters were constants and kept stale bounds.
 * issue: 5
 * category: alu32_bounds
 * expect: reject
 * kernel: invalid access to map value, value_size=16 off=16 size=1
 * twin: cve_2021_3490_xor_ok
 * cflags: -mcpu=v3 */
#include "unsafe.h"

ARRAY16(m)

SEC("xdp")
__naked int cve_2021_3490_xor_bad(void)
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
        "r3 = 0xffffffff00000000 ll;"
        "r2 &= r3;"
        "r2 |= 1;"
        "r4 = 0x100000011 ll;"
        "w2 ^= w4;"
        "r2 <<= 0;"
        "r0 += r2;"
        "r0 = *(u8 *)(r0 + 0);"
        "exit;"
        "1: r0 = 2;"
        "exit;"
        :: __imm_addr(m), __imm(bpf_map_lookup_elem) : __clobber_all);
}
