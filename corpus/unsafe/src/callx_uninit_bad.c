/* callx_uninit_bad: callx through r3, which no instruction wrote. Our verifier must reject it
 * because r3 is read before it is written (kernel rule for any register read: "R3 !read_ok").
 * Linux 6.18 rejects every callx (it has no indirect calls), so its reason is the opcode
 * itself.
 * issue: 6
 * category: callx
 * expect: reject
 * kernel: unknown opcode 8d
 * cflags: -mcpu=v4 */
#include "unsafe.h"

SEC("xdp")
__naked int callx_uninit_bad(void)
{
    asm volatile(
        "callx r3;"
        "r0 = 2;"
        "exit;" ::: __clobber_all);
}
