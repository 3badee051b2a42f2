/* helper_printk: bpf_trace_printk (bpf_printk with <= 3 args) and bpf_trace_vprintk
 * (bpf_printk with > 3 args). Both return the number of bytes written (without the NUL), or a
 * negative errno for a bad format; the text goes to the kernel's trace buffer. The record
 * script captures those lines (the "trace" field of the kernel result: the message text after
 * "bpf_trace_printk: "), so an engine that captures printk output can compare them too.
 *   res[0] bpf_printk("corpus: hello")                          -> 13
 *   res[1] bpf_printk("d=%d u=%u x=%x", -5, 4000000000u, 255)    -> 22  "d=-5 u=4000000000 x=ff"
 *   res[2] bpf_printk("s=%s c=%c", "str", 'Z')                   -> 9   "s=str c=Z"
 *   res[3] bpf_printk("%lld|%llx|%5d|%-3u|", ...) (4 args: vprintk) -> 48
 *          "-9223372036854775808|ffffffffffffffff|   42|7  |"
 *   res[4] format "%n" (not allowed)                              -> -EINVAL (-22)
 *   res[5] bpf_printk("len=%d", packet length) (64 for tcp64.bin)  -> 6
 *   res[6] format with 4 specifiers but through trace_printk (3 args max) -> -EINVAL (-22)
 * retval XDP_PASS. */
#include "corpus.h"

RESULTS(8)

SEC("xdp")
int helper_printk(struct xdp_md *ctx)
{
    static const char bad[] = "bad %n";
    static const char four[] = "%d %d %d %d";
    put(0, bpf_printk("corpus: hello"));
    put(1, bpf_printk("d=%d u=%u x=%x", -5, 4000000000u, 255));
    put(2, bpf_printk("s=%s c=%c", "str", 'Z'));
    put(3, bpf_printk("%lld|%llx|%5d|%-3u|", (long long)0x8000000000000000ULL, -1LL, 42, 7));
    put(4, bpf_trace_printk(bad, sizeof(bad), 1));
    put(5, bpf_printk("len=%d", ctx->data_end - ctx->data));
    put(6, bpf_trace_printk(four, sizeof(four), 1, 2, 3));
    return XDP_PASS;
}
