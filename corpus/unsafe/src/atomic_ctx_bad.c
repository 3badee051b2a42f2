/* atomic_ctx_bad: an atomic add into the context (tc's __sk_buff.mark is writable with a
 * plain store, but never with BPF_ATOMIC).
 * issue: 5
 * category: ctx
 * expect: reject
 * kernel: BPF_ATOMIC stores into R1 ctx is not allowed
 * twin: atomic_map_ok
 * cflags: -mcpu=v3 */
#include "unsafe.h"

SEC("tc")
__naked int atomic_ctx_bad(void)
{
    asm volatile(
        "r2 = 1;"
        "lock *(u32 *)(r1 + 8) += w2;"
        "r0 = 0;"
        "exit;" ::: __clobber_all);
}
