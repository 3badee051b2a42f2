/* dead_frame_store_bad: the callee stores a pointer to its own frame into the caller's stack
 * slot (through the pointer the caller passed); after the return the caller holds a pointer
 * into a dead frame.
 * issue: 6
 * category: dead_frame
 * expect: reject
 * kernel: cannot spill pointers to stack into stack frame of the caller */
#include "unsafe.h"

SUBPROG int store_frame(void)
{
    asm volatile(
        "r2 = r10;"
        "r2 += -8;"
        "*(u64 *)(r1 + 0) = r2;"
        "r0 = 0;"
        "exit;" ::: __clobber_all);
}

SEC("xdp")
__naked int dead_frame_store_bad(void)
{
    asm volatile(
        "r1 = 0;"
        "*(u64 *)(r10 - 8) = r1;"
        "r1 = r10;"
        "r1 += -8;"
        "call store_frame;"
        "r1 = *(u64 *)(r10 - 8);"
        "r0 = *(u64 *)(r1 + 0);"
        "exit;" ::: __clobber_all);
}
