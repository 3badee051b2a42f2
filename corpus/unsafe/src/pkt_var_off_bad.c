/* pkt_var_off_bad: adds a packet byte (0..255) to the packet pointer and checks the result
 * plus 1 against data_end only AFTER reading: the read happens without any proven range.
 * issue: 5
 * category: packet
 * expect: reject
 * kernel: invalid access to packet, off=0 size=1, R2(id=1,off=0,r=0)
 * twin: pkt_var_off_ok */
#include "unsafe.h"

SEC("xdp")
__naked int pkt_var_off_bad(void)
{
    asm volatile(
        "r2 = *(u32 *)(r1 + 0);"    /* data */
        "r3 = *(u32 *)(r1 + 4);"    /* data_end */
        "r4 = r2;"
        "r4 += 1;"
        "if r4 > r3 goto 1f;"
        "r5 = *(u8 *)(r2 + 0);"     /* one byte: 0..255 */
        "r2 += r5;"
        "r0 = *(u8 *)(r2 + 0);"     /* not checked against data_end */
        "exit;"
        "1: r0 = 1;"
        "exit;" ::: __clobber_all);
}
