/* callback_not_func_bad: passes a plain number where bpf_loop expects a callback function
 * (a function pointer from ld_imm64 src=BPF_PSEUDO_FUNC).
 * issue: 6
 * category: callback
 * expect: reject
 * kernel: R2 type=scalar expected=func
 * twin: callback_ret_range_ok */
#include "unsafe.h"

SEC("xdp")
__naked int callback_not_func_bad(void)
{
    asm volatile(
        "r1 = 4;"
        "r2 = 16;"
        "r3 = 0;"
        "r4 = 0;"
        "call %[bpf_loop];"
        "r0 = 2;"
        "exit;"
        :: __imm(bpf_loop) : __clobber_all);
}
