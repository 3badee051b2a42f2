/* div_ptr_bad: divides a pointer (the frame pointer copy) by 2.
 * issue: 5
 * category: division
 * expect: reject
 * kernel: R1 pointer arithmetic with /= operator prohibited */
#include "unsafe.h"

SEC("xdp")
__naked int div_ptr_bad(void)
{
    asm volatile(
        "r1 = r10;"
        "r1 /= 2;"
        "r0 = 2;"
        "exit;" ::: __clobber_all);
}
