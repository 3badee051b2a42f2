/* ctx_wide_load_bad: xdp_md.data is a 32-bit field (the kernel converts it to a pointer
 * load); an 8-byte load of it is not a valid context access.
 * issue: 5
 * category: ctx
 * expect: reject
 * kernel: invalid bpf_context access off=0 size=8 */
#include "unsafe.h"

SEC("xdp")
__naked int ctx_wide_load_bad(void)
{
    asm volatile(
        "r0 = *(u64 *)(r1 + 0);"
        "r0 = 2;"
        "exit;" ::: __clobber_all);
}
