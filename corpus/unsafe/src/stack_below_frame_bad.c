/* stack_below_frame_bad: writes 8 bytes at fp-520, below the 512-byte frame.
 * issue: 5
 * category: stack
 * expect: reject
 * kernel: invalid write to stack R10 off=-520 size=8
 * twin: stack_below_frame_ok */
#include "unsafe.h"

SEC("xdp")
__naked int stack_below_frame_bad(void)
{
    asm volatile(
        "r1 = 1;"
        "*(u64 *)(r10 - 520) = r1;"
        "r0 = 2;"
        "exit;" ::: __clobber_all);
}
