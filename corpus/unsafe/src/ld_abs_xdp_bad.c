/* ld_abs_xdp_bad: the legacy packet load BPF_LD_ABS, which only socket filters and tc (skb
 * programs) may use, in an XDP program.
 * issue: 5
 * category: ctx
 * expect: reject
 * kernel: BPF_LD_[ABS|IND] instructions not allowed for this program type */
#include "unsafe.h"

SEC("xdp")
__naked int ld_abs_xdp_bad(void)
{
    asm volatile(
        "r6 = r1;"
        "r0 = *(u8 *)skb[12];"
        "exit;" ::: __clobber_all);
}
