/* globals: .rodata is read-only for programs; .data and .bss are writable and persist between runs. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

typedef unsigned long long u64;

const volatile u64 ro = 42;
u64 rw = 7;
u64 acc;

SEC("syscall")
int read_globals(void *ctx)
{
    acc += ro + rw;
    rw++;
    return acc;
}

SEC("syscall")
int write_rodata(void *ctx)
{
    *(volatile u64 *)&ro = 1;
    return 0;
}



/* not autoloaded: a syscall program may not call an XDP helper */
SEC("?syscall")
int bad_helper(void *ctx)
{
    return bpf_xdp_adjust_head(ctx, 0);
}
char _license[] SEC("license") = "GPL";
