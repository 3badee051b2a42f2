package io.ebpf4j.helpers;

import java.util.Objects;

/**
 * The "current task" the task helpers report ({@code bpf_get_current_pid_tgid},
 * {@code bpf_get_current_uid_gid}, {@code bpf_get_current_comm}, {@code bpf_get_current_task}):
 * under the runtime there is no kernel task, so the values are configured.
 *
 * @param pid         the thread id ({@code task->pid})
 * @param tgid        the process id ({@code task->tgid})
 * @param uid         the user id
 * @param gid         the group id
 * @param comm        the command name; the kernel keeps at most 15 bytes ({@code TASK_COMM_LEN} 16 with the NUL)
 * @param taskPointer what {@code bpf_get_current_task} returns: an opaque, non-zero "kernel address"
 */
public record TaskInfo(int pid, int tgid, int uid, int gid, String comm, long taskPointer) {

    /** {@code TASK_COMM_LEN}. */
    public static final int TASK_COMM_LEN = 16;

    public TaskInfo {
        Objects.requireNonNull(comm, "comm");
    }

    /** The JVM's own process id and thread-less defaults: uid/gid 0, comm "ebpf4j". */
    public static TaskInfo defaults() {
        int pid = (int) ProcessHandle.current().pid();
        return new TaskInfo(pid, pid, 0, 0, "ebpf4j", 0xffff_8880_0000_1000L);
    }

    /** {@code (u64) tgid << 32 | pid} as {@code bpf_get_current_pid_tgid} returns it. */
    public long pidTgid() {
        return (long) tgid << 32 | (pid & 0xffff_ffffL);
    }

    /** {@code (u64) gid << 32 | uid} as {@code bpf_get_current_uid_gid} returns it. */
    public long uidGid() {
        return (long) gid << 32 | (uid & 0xffff_ffffL);
    }

    /** The comm as the kernel stores it: at most 15 bytes (ASCII), NUL-padded to 16. */
    public byte[] commBytes() {
        byte[] out = new byte[TASK_COMM_LEN];
        byte[] c = comm.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        System.arraycopy(c, 0, out, 0, Math.min(c.length, TASK_COMM_LEN - 1));
        return out;
    }

    public TaskInfo withPid(int newPid, int newTgid) {
        return new TaskInfo(newPid, newTgid, uid, gid, comm, taskPointer);
    }

    public TaskInfo withUid(int newUid, int newGid) {
        return new TaskInfo(pid, tgid, newUid, newGid, comm, taskPointer);
    }

    public TaskInfo withComm(String newComm) {
        return new TaskInfo(pid, tgid, uid, gid, newComm, taskPointer);
    }
}
