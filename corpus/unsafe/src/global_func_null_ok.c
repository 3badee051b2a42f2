/* global_func_null_ok: twin of global_func_null_bad: the global function checks p for NULL
 * before the load.
 * issue: 6
 * category: global_func
 * expect: accept
 * twin: global_func_null_bad */
#include "unsafe.h"

__attribute__((noinline)) int read_global(u64 *p)
{
    if (!p)
        return 0;
    return *(volatile u64 *)p & 1;
}

SEC("xdp")
int global_func_null_ok(struct xdp_md *ctx)
{
    u64 v = ctx->ingress_ifindex;
    return read_global(&v);
}
