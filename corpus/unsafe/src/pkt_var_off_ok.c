/* pkt_var_off_ok: twin of pkt_var_off_bad: the pointer data + byte + 1 is compared with
 * data_end before the read (the kernel's find_good_pkt_pointers gives it range 1).
 * issue: 5
 * category: packet
 * expect: accept
 * twin: pkt_var_off_bad */
#include "unsafe.h"

SEC("xdp")
__naked int pkt_var_off_ok(void)
{
    asm volatile(
        "r2 = *(u32 *)(r1 + 0);"
        "r3 = *(u32 *)(r1 + 4);"
        "r4 = r2;"
        "r4 += 1;"
        "if r4 > r3 goto 1f;"
        "r5 = *(u8 *)(r2 + 0);"
        "r2 += r5;"
        "r4 = r2;"
        "r4 += 1;"
        "if r4 > r3 goto 1f;"
        "r0 = *(u8 *)(r2 + 0);"
        "exit;"
        "1: r0 = 1;"
        "exit;" ::: __clobber_all);
}
