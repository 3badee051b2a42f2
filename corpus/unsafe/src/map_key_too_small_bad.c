/* map_key_too_small_bad: the key given to bpf_map_lookup_elem is a 2-byte slot at the top of
 * the stack (fp-2) but the map's key is 4 bytes: the helper would read 2 bytes above the frame.
 * issue: 5
 * category: helper_args
 * expect: reject
 * kernel: invalid read from stack R2 off=-2 size=4
 * twin: map_key_too_small_ok */
#include "unsafe.h"

ARRAY8(m)

SEC("xdp")
__naked int map_key_too_small_bad(void)
{
    asm volatile(
        "r1 = 0;"
        "*(u16 *)(r10 - 2) = r1;"
        "r2 = r10;"
        "r2 += -2;"
        "r1 = %[m] ll;"
        "call %[bpf_map_lookup_elem];"
        "r0 = 2;"
        "exit;"
        :: __imm_addr(m), __imm(bpf_map_lookup_elem) : __clobber_all);
}
