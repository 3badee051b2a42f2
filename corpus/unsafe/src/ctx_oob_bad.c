/* ctx_oob_bad: a 4-byte load at offset 64 of struct xdp_md (which is 24 bytes).
 * issue: 5
 * category: ctx
 * expect: reject
 * kernel: invalid bpf_context access off=64 size=4 */
#include "unsafe.h"

SEC("xdp")
__naked int ctx_oob_bad(void)
{
    asm volatile(
        "r0 = *(u32 *)(r1 + 64);"
        "r0 = 2;"
        "exit;" ::: __clobber_all);
}
