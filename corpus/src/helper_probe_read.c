/* helper_probe_read: bpf_probe_read_kernel, bpf_probe_read_kernel_str, bpf_probe_read_user,
 * bpf_probe_read_user_str from an XDP program (allowed for programs loaded with CAP_PERFMON,
 * via the kernel's base helper set). Sources are the program's own stack and .rodata (kernel
 * memory, deterministic contents) and invalid addresses.
 *   res[0] probe_read_kernel(dst, 8, &stack_u64)          -> 0, res[1] value read 0x1122334455667788
 *   res[2] probe_read_kernel_str(dst, 16, "kernel-string") -> 14 (length including the NUL)
 *   res[3] probe_read_kernel_str(dst, 5, "kernel-string")  -> 5 (truncated: "kern" + NUL)
 *   res[4] probe_read_kernel(dst, 8, NULL)                  -> -ERANGE (-34) on x86-64: the
 *          kernel refuses kernel reads from the user half of the address space
 *          (copy_from_kernel_nofault_allowed) before trying; the destination is zeroed:
 *   res[5] the destination after the failed read            -> 0
 *   res[6] probe_read_user(dst, 8, kernel stack address)    -> -EFAULT (-14): not a user address
 *   res[7] probe_read_user_str(dst, 8, NULL)                -> -EFAULT (-14)
 *   res[8] probe_read_kernel_str(dst, 16, (void *)8)        -> -ERANGE (-34), as res[4]
 *   res[9] probe_read_kernel(dst, 0, NULL)                  -> -ERANGE (-34): size 0 is
 *          not special-cased, the address check comes first
 * The truncated string is copied into the packet at offset 0 (data_out bytes 0..4 =
 * "kern\0"). retval XDP_PASS; XDP_DROP (1) for packets shorter than 16 bytes.
 * (No deterministic user memory exists under BPF_PROG_TEST_RUN, so only the error paths of
 * the _user variants are covered.) */
#include "corpus.h"

RESULTS(16)

static const char kstr[] = "kernel-string";

SEC("xdp")
int helper_probe_read(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
    volatile u64 src = 0x1122334455667788ULL;
    u64 dst = 0;
    char s[16] = {}, t[5] = {};
    put(0, bpf_probe_read_kernel(&dst, 8, (void *)&src));
    put(1, dst);
    put(2, bpf_probe_read_kernel_str(s, sizeof(s), kstr));
    put(3, bpf_probe_read_kernel_str(t, sizeof(t), kstr));
    dst = 0x5555;
    put(4, bpf_probe_read_kernel(&dst, 8, NULL));
    put(5, dst);
    put(6, bpf_probe_read_user(&dst, 8, (void *)&src));
    put(7, bpf_probe_read_user_str(s, 8, NULL));
    put(8, bpf_probe_read_kernel_str(s, sizeof(s), (void *)8));
    put(9, bpf_probe_read_kernel(&dst, 0, NULL));
    if (data + 16 > end)
        return XDP_DROP;
    __builtin_memcpy(data, t, 5);
    return XDP_PASS;
}
