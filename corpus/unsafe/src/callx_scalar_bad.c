/* callx_scalar_bad: an indirect call (callx, BPF_CALL|BPF_X) through a register that holds a
 * plain number, not a function address. Our verifier must reject it because r2 is not a
 * function pointer. Linux 6.18 rejects every callx (it has no indirect calls), so its reason
 * is the opcode itself.
 * issue: 6
 * category: callx
 * expect: reject
 * kernel: unknown opcode 8d
 * cflags: -mcpu=v4 */
#include "unsafe.h"

SEC("xdp")
__naked int callx_scalar_bad(void)
{
    asm volatile(
        "r2 = 16;"
        "callx r2;"
        "r0 = 2;"
        "exit;" ::: __clobber_all);
}
