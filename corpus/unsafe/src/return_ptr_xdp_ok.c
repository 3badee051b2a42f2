/* return_ptr_xdp_ok: an XDP program returns its ctx pointer. Linux 6.18 checks the return
 * value's range only for some program types (cgroup, LSM, struct_ops, ...), not for XDP, and a
 * privileged loader may leak a pointer (env->allow_ptr_leaks), so the kernel accepts. (For an
 * unprivileged loader: "R0 leaks addr as return value".)
 * issue: 5
 * category: pointer_leak
 * expect: accept
 * note: accepted only because the oracle loads as root (allow_ptr_leaks)
 * ebpf4j: reject
 * ebpf4j_reason: issue #5 requires R0 to be a scalar at exit (the unprivileged kernel's rule: "R0 leaks addr as return value")
 */
#include "unsafe.h"

SEC("xdp")
__naked int return_ptr_xdp_ok(void)
{
    asm volatile(
        "r0 = r1;"
        "exit;" ::: __clobber_all);
}
