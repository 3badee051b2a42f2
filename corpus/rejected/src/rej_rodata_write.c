/* rej_rodata_write (REJECTED): writes into a .rodata variable; libbpf freezes .rodata and the
 * map is read-only for programs ("write into map forbidden"). The write goes through a
 * volatile pointer so the compiler emits it. */
#include "corpus.h"

const volatile u64 limit = 10;

SEC("xdp")
int rej_rodata_write(struct xdp_md *ctx)
{
    *(volatile u64 *)&limit = 11;
    return XDP_PASS;
}
