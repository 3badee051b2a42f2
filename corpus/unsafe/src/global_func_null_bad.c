/* global_func_null_bad: a GLOBAL function (verified once on its own, from its BTF signature)
 * takes "u64 *p" and dereferences it without a NULL check: the kernel verifies it for every
 * caller, including one passing NULL.
 * issue: 6
 * category: global_func
 * expect: reject
 * kernel: R1 invalid mem access 'mem_or_null'
 * twin: global_func_null_ok */
#include "unsafe.h"

__attribute__((noinline)) int read_global(u64 *p)
{
    return *(volatile u64 *)p & 1;
}

SEC("xdp")
int global_func_null_bad(struct xdp_md *ctx)
{
    u64 v = ctx->ingress_ifindex;
    return read_global(&v);
}
