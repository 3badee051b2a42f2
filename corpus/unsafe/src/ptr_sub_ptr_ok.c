/* ptr_sub_ptr_ok: data_end - data (pointer minus pointer) gives a scalar; privileged loaders
 * may do it (env->allow_ptr_leaks), and checking the difference is a common way to test the
 * packet length. The scalar is returned, never used as an address.
 * issue: 5
 * category: pointer_arith
 * expect: accept */
#include "unsafe.h"

SEC("xdp")
__naked int ptr_sub_ptr_ok(void)
{
    asm volatile(
        "r2 = *(u32 *)(r1 + 0);"
        "r3 = *(u32 *)(r1 + 4);"
        "r3 -= r2;"
        "r0 = 2;"
        "if r3 > 60 goto 1f;"
        "r0 = 1;"
        "1: exit;" ::: __clobber_all);
}
