/* rawtp_args: a raw tracepoint program run by BPF_PROG_TEST_RUN with a context of 6 u64
 * arguments (corpus/inputs/rawtp_args.bin = 1, 2, 3, 0xffffffffffffffff, 40, 2). Raw
 * tracepoint test runs take no data_in/data_out and no repeat (repeat must be 0: the kernel
 * returns -EINVAL otherwise), so this runs once.
 * The case is run with BPF_F_TEST_RUN_ON_CPU and cpu = 1 (flags 1) while the caller is pinned
 * to CPU 0: the kernel runs the program on CPU 1 through an IPI (interrupt context, `current`
 * is whatever task CPU 1 was running), so bpf_get_smp_processor_id() is deterministic here.
 *   res[0] args[0] + args[1] + args[2]                 -> 6
 *   res[1] (s64)args[3]                                -> -1
 *   res[2] args[4] >> 2                                -> 10
 *   res[3] bpf_get_smp_processor_id()                  -> 1 (== args[5])
 *   res[4] probe_read_kernel of args[4] through a stack copy -> 40
 *   res[5] probe_read_kernel_str of a .rodata string  -> 10 ("raw_tp ok" + NUL)
 *   res[6] probe_read_user(dst, 8, a kernel stack address) -> -EFAULT (-14): fails the
 *          user-range check before any access. (With a user address such as 1 the result
 *          depended on the task the IPI interrupted on CPU 1: -EFAULT in one recording, -EPERM
 *          in the next, so that variant is not used.)
 * retval = args[0] * 100 + args[1] * 10 + args[2] = 123. */
#include "corpus.h"

RESULTS(8)

static const char msg[] = "raw_tp ok";

SEC("raw_tp/corpus")
int rawtp_args(u64 *args)
{
    u64 a0 = args[0], a1 = args[1], a2 = args[2], a3 = args[3], a4 = args[4];
    u64 copy = a4, dst = 0;
    char s[16];
    put(0, a0 + a1 + a2);
    put(1, (s64)a3);
    put(2, a4 >> 2);
    put(3, bpf_get_smp_processor_id());
    bpf_probe_read_kernel(&dst, 8, &copy);
    put(4, dst);
    put(5, bpf_probe_read_kernel_str(s, sizeof(s), msg));
    put(6, bpf_probe_read_user(&dst, 8, &copy));
    return a0 * 100 + a1 * 10 + a2;
}
