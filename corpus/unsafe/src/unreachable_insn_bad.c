/* unreachable_insn_bad: code after an unconditional exit that no jump reaches; the kernel's
 * CFG check refuses dead instructions.
 * issue: 5
 * category: cfg
 * expect: reject
 * kernel: unreachable insn 2 */
#include "unsafe.h"

SEC("xdp")
__naked int unreachable_insn_bad(void)
{
    asm volatile(
        "r0 = 2;"
        "exit;"
        "r0 = 1;"
        "exit;" ::: __clobber_all);
}
