/* helper_snprintf: bpf_snprintf into a stack buffer, copied over the packet payload so the
 * text is visible in data_out (bytes 14.. of the packet). bpf_snprintf returns the length of
 * the whole formatted string including the terminating NUL, even when it was truncated.
 *   res[0] "ip=%pI4 port=%u %s" with the packet's IPv4 source, TCP dport, "ok" ->
 *          "ip=10.0.0.1 port=80 ok" + NUL = 23
 *   res[1] "%d|%5x|%-4d|%c" (-17, 0xbeef, 3, 'q')  -> "-17| beef|3   |q" + NUL = 17
 *   res[2] same as res[0] into an 8-byte buffer -> still 23; buffer holds "ip=10.0" + NUL
 *   res[3] "%llu" with 18446744073709551615    -> 21
 *   (a bad format such as "%q" is rejected by the verifier at load time, "Invalid format
 *   string": see corpus/rejected/snprintf_bad_fmt.c)
 *   res[5] NULL buffer of size 0 with fmt1 (only counts) -> 17
 *   nd[0]  NULL buffer of size 0 with fmt0 (%pI4). NOT compared: Linux 6.18 returns 24, not 23.
 *          Its bstr_printf copies a pre-formatted %pI4 text only while the output position is
 *          inside the buffer and otherwise also forgets to step over it in the argument
 *          buffer, so the following %u/%s read the wrong bytes (a kernel quirk; an engine
 *          that returns 23 is right by the documented semantics).
 * data_out: bytes 14..45 = the first buffer (32 bytes, NUL-padded), 46..53 the 8-byte one.
 * retval XDP_TX (3); XDP_DROP (1) if the packet is shorter than 54 bytes or not IPv4/TCP. */
#include "corpus.h"

RESULTS(8)
NONDET(1)

SEC("xdp")
int helper_snprintf(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
    struct ethhdr *eth = data;
    struct iphdr *ip = (void *)(eth + 1);
    struct tcphdr *tcp = (void *)(ip + 1);
    if ((void *)(tcp + 1) > end || ip->protocol != IPPROTO_TCP)
        return XDP_DROP;
    static const char fmt0[] = "ip=%pI4 port=%u %s";
    static const char fmt1[] = "%d|%5x|%-4d|%c";
    static const char fmt3[] = "%llu";
    char buf[32] = {}, small[8] = {};
    u32 saddr = ip->saddr;
    u64 args[3] = { (u64)(long)&saddr, bpf_ntohs(tcp->dest), (u64)(long)"ok" };
    put(0, bpf_snprintf(buf, sizeof(buf), fmt0, args, sizeof(args)));
    put(2, bpf_snprintf(small, sizeof(small), fmt0, args, sizeof(args)));
    put_nd(0, bpf_snprintf(NULL, 0, fmt0, args, sizeof(args)));
    u64 args1[4] = { (u64)-17, 0xbeef, 3, 'q' };
    char buf1[32];
    put(1, bpf_snprintf(buf1, sizeof(buf1), fmt1, args1, sizeof(args1)));
    put(5, bpf_snprintf(NULL, 0, fmt1, args1, sizeof(args1)));
    u64 args3[1] = { ~0ULL };
    put(3, bpf_snprintf(buf1, sizeof(buf1), fmt3, args3, sizeof(args3)));
    if (data + 54 > end)
        return XDP_DROP;
    __builtin_memcpy(data + 14, buf, 32);
    __builtin_memcpy(data + 46, small, 8);
    return XDP_TX;
}
