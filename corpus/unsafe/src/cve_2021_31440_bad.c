/* cve_2021_31440_bad: CVE-2021-31440 shape (64-bit bounds propagated to the 32-bit
 * subregister). r2 is unknown with 0 <= r2 <= 0x80000010 (64-bit compare); that range fits
 * in u32 but crosses the s32 sign boundary, so "if w2 s> 15" (signed 32-bit) does NOT make w2
 * non-negative: w2 = 0x80000000 passes, and after the zero-extending "w2 = w2" r2 indexes
 * 2 GiB past the map value. Taking the s32 bounds from the 64-bit ones gives [0, 15].
 * issue: 5
 * category: alu32_bounds
 * expect: reject
 * kernel: R0 unbounded memory access, make sure to bounds check any such access
 * twin: cve_2021_31440_ok
 * cflags: -mcpu=v3 */
#include "unsafe.h"

ARRAY16(m)

SEC("xdp")
__naked int cve_2021_31440_bad(void)
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
        "r3 = 0x80000010 ll;"
        "if r2 > r3 goto 1f;"
        "if w2 s> 15 goto 1f;"
        "w2 = w2;"
        "r0 += r2;"
        "r0 = *(u8 *)(r0 + 0);"
        "exit;"
        "1: r0 = 2;"
        "exit;"
        :: __imm_addr(m), __imm(bpf_map_lookup_elem) : __clobber_all);
}
