/* rawtp_current: helpers about the current task, from a raw tracepoint program under
 * BPF_PROG_TEST_RUN (ctx = corpus/inputs/rawtp_args.bin). The values describe the process that
 * issued the test run (the kernel-oracle's python, pid varies; uid/gid 0 when recorded as
 * root; comm "kernel-oracle"), so they are NOT compared: an engine makes them configurable.
 * They go to nd: nd[0] = pid_tgid, nd[1] = uid_gid, nd[2] = first 8 bytes of comm,
 * nd[3] = bpf_get_current_task() != 0.
 * Compared, because they hold for any process:
 *   res[0] get_current_comm(buf, 16) -> 0
 *   res[1] comm is NUL-terminated within 16 bytes -> 1
 *   res[2] (pid_tgid >> 32) != 0 (tgid of a user process) -> 1
 *   res[3] get_current_comm into a 4-byte buffer -> 0 (the name is truncated)
 *   res[4] the truncated comm's byte 3 is NUL -> 1
 * retval 0. */
#include "corpus.h"

RESULTS(8)
NONDET(4)

SEC("raw_tp/corpus")
int rawtp_current(u64 *args)
{
    char comm[16] = {}, small[4] = { 1, 1, 1, 1 };
    u64 pid_tgid = bpf_get_current_pid_tgid();
    u64 uid_gid = bpf_get_current_uid_gid();
    put(0, bpf_get_current_comm(comm, sizeof(comm)));
    put(1, comm[15] == 0);
    put(2, (pid_tgid >> 32) != 0);
    put(3, bpf_get_current_comm(small, sizeof(small)));
    put(4, small[3] == 0);
    put_nd(0, pid_tgid);
    put_nd(1, uid_gid);
    put_nd(2, *(u64 *)comm);
    put_nd(3, bpf_get_current_task() != 0);
    return 0;
}
