/* ctx_modified_ptr_bad: pointer arithmetic on ctx: r1 += 4, then a load at r1+0. The kernel
 * rewrites ctx accesses by their constant offset, so a ctx pointer must be dereferenced
 * unmodified.
 * issue: 5
 * category: ctx
 * expect: reject
 * kernel: dereference of modified ctx ptr R1 off=4 disallowed
 * twin: ctx_modified_ptr_ok */
#include "unsafe.h"

SEC("xdp")
__naked int ctx_modified_ptr_bad(void)
{
    asm volatile(
        "r1 += 4;"
        "r0 = *(u32 *)(r1 + 0);"
        "r0 = 2;"
        "exit;" ::: __clobber_all);
}
