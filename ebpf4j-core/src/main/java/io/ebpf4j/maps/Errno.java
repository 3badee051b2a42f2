package io.ebpf4j.maps;

/** Linux errno values (include/uapi/asm-generic/errno-base.h, errno.h) that map operations return negated. */
public final class Errno {
    private Errno() {}

    public static final int EPERM = 1, ENOENT = 2, E2BIG = 7, EBADF = 9, EAGAIN = 11, ENOMEM = 12, EFAULT = 14,
            EBUSY = 16, EEXIST = 17, EINVAL = 22, ENOSPC = 28, ERANGE = 34, EOPNOTSUPP = 95;

    /** Kernel-internal (include/linux/errno.h), yet returned to user space by several map commands. */
    public static final int ENOTSUPP = 524;

    /** The symbolic name of an errno value (positive or negated), e.g. {@code "EEXIST"}; the number if unknown. */
    public static String name(long errno) {
        long e = Math.abs(errno);
        return switch ((int) e) {
            case EPERM -> "EPERM";
            case ENOENT -> "ENOENT";
            case E2BIG -> "E2BIG";
            case EBADF -> "EBADF";
            case EAGAIN -> "EAGAIN";
            case ENOMEM -> "ENOMEM";
            case EFAULT -> "EFAULT";
            case EBUSY -> "EBUSY";
            case EEXIST -> "EEXIST";
            case EINVAL -> "EINVAL";
            case ENOSPC -> "ENOSPC";
            case ERANGE -> "ERANGE";
            case EOPNOTSUPP -> "EOPNOTSUPP";
            case ENOTSUPP -> "ENOTSUPP";
            default -> Long.toString(e);
        };
    }
}
