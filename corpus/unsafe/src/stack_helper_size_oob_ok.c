/* stack_helper_size_oob_ok: bpf_probe_read_kernel into an 8-byte stack buffer at fp-8 with
 * size 8 (twin of stack_helper_size_oob_bad).
 * issue: 5
 * category: helper_args
 * expect: accept
 * twin: stack_helper_size_oob_bad */
#include "unsafe.h"

SEC("xdp")
__naked int stack_helper_size_oob_ok(void)
{
    asm volatile(
        "r3 = r1;"
        "r1 = r10;"
        "r1 += -8;"
        "r2 = 8;"
        "call %[bpf_probe_read_kernel];"
        "r0 = 2;"
        "exit;"
        :: __imm(bpf_probe_read_kernel) : __clobber_all);
}
