/* global_func_arg_bad: calls a global function whose BTF signature takes a context pointer
 * (struct xdp_md *) with a plain number instead: calls to global functions are checked
 * against the signature.
 * issue: 6
 * category: global_func
 * expect: reject
 * kernel: arg#0 expects pointer to ctx
 * twin: global_func_null_ok */
#include "unsafe.h"

__attribute__((noinline)) int ctx_len(struct xdp_md *ctx)
{
    return (ctx->data_end - ctx->data) & 1;
}

SEC("xdp")
int global_func_arg_bad(struct xdp_md *ctx)
{
    u64 bogus = ctx->ingress_ifindex;
    asm volatile("" : "+r"(bogus));
    return ctx_len((struct xdp_md *)bogus);
}
