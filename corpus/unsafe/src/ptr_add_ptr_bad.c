/* ptr_add_ptr_bad: adds one pointer to another (packet pointer += frame pointer).
 * issue: 5
 * category: pointer_arith
 * expect: reject
 * kernel: R2 pointer += pointer prohibited */
#include "unsafe.h"

SEC("xdp")
__naked int ptr_add_ptr_bad(void)
{
    asm volatile(
        "r2 = *(u32 *)(r1 + 0);"
        "r2 += r10;"
        "r0 = 2;"
        "exit;" ::: __clobber_all);
}
