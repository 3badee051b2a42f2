/* helper_var_size_bad: bpf_probe_read_kernel into a 16-byte stack buffer with a size taken
 * from the packet (0..255): the helper may write up to 239 bytes above the frame.
 * issue: 5
 * category: helper_args
 * expect: reject
 * kernel: invalid write to stack R1 off=-16 size=255
 * twin: helper_var_size_ok */
#include "unsafe.h"

SEC("xdp")
__naked int helper_var_size_bad(void)
{
    asm volatile(
        "r2 = *(u32 *)(r1 + 0);"
        "r3 = *(u32 *)(r1 + 4);"
        "r4 = r2;"
        "r4 += 1;"
        "if r4 > r3 goto 1f;"
        "r3 = r1;"
        "r2 = *(u8 *)(r2 + 0);"
        "r1 = r10;"
        "r1 += -16;"
        "call %[bpf_probe_read_kernel];"
        "1: r0 = 2;"
        "exit;"
        :: __imm(bpf_probe_read_kernel) : __clobber_all);
}
