/* ctx_modified_ptr_ok: twin of ctx_modified_ptr_bad: the same field (data_end) read with the
 * offset in the instruction, r1+4.
 * issue: 5
 * category: ctx
 * expect: accept
 * twin: ctx_modified_ptr_bad */
#include "unsafe.h"

SEC("xdp")
__naked int ctx_modified_ptr_ok(void)
{
    asm volatile(
        "r0 = *(u32 *)(r1 + 4);"
        "r0 = 2;"
        "exit;" ::: __clobber_all);
}
