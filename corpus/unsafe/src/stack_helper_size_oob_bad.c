/* stack_helper_size_oob_bad: bpf_probe_read_kernel into an 8-byte stack buffer at fp-8 with
 * size 16: the helper would write 8 bytes above the frame.
 * issue: 5
 * category: helper_args
 * expect: reject
 * kernel: invalid write to stack R1 off=-8 size=16
 * twin: stack_helper_size_oob_ok */
#include "unsafe.h"

SEC("xdp")
__naked int stack_helper_size_oob_bad(void)
{
    asm volatile(
        "r3 = r1;"
        "r1 = r10;"
        "r1 += -8;"
        "r2 = 16;"
        "call %[bpf_probe_read_kernel];"
        "r0 = 2;"
        "exit;"
        :: __imm(bpf_probe_read_kernel) : __clobber_all);
}
