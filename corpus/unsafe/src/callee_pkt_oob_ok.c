/* callee_pkt_oob_ok: twin of callee_pkt_oob_bad: the caller proves 21 bytes, so the callee's
 * read at offset 20 is inside the range the pointer carries.
 * issue: 6
 * category: call_args
 * expect: accept
 * twin: callee_pkt_oob_bad */
#include "unsafe.h"

SUBPROG int read_byte(void)
{
    asm volatile(
        "r0 = *(u8 *)(r1 + 20);"
        "exit;" ::: __clobber_all);
}

SEC("xdp")
__naked int callee_pkt_oob_ok(void)
{
    asm volatile(
        "r2 = *(u32 *)(r1 + 0);"
        "r3 = *(u32 *)(r1 + 4);"
        "r4 = r2;"
        "r4 += 21;"
        "if r4 > r3 goto 1f;"
        "r1 = r2;"
        "call read_byte;"
        "r0 &= 1;"
        "exit;"
        "1: r0 = 2;"
        "exit;" ::: __clobber_all);
}
