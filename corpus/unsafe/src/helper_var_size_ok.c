/* helper_var_size_ok: twin of helper_var_size_bad with the size masked to 0..15 (a zero size
 * is allowed for this helper's ARG_CONST_SIZE_OR_ZERO).
 * issue: 5
 * category: helper_args
 * expect: accept
 * twin: helper_var_size_bad */
#include "unsafe.h"

SEC("xdp")
__naked int helper_var_size_ok(void)
{
    asm volatile(
        "r2 = *(u32 *)(r1 + 0);"
        "r3 = *(u32 *)(r1 + 4);"
        "r4 = r2;"
        "r4 += 1;"
        "if r4 > r3 goto 1f;"
        "r3 = r1;"
        "r2 = *(u8 *)(r2 + 0);"
        "r2 &= 15;"
        "r1 = r10;"
        "r1 += -16;"
        "call %[bpf_probe_read_kernel];"
        "1: r0 = 2;"
        "exit;"
        :: __imm(bpf_probe_read_kernel) : __clobber_all);
}
