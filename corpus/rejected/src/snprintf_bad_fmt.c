/* snprintf_bad_fmt (REJECTED): bpf_snprintf with an unsupported conversion ("%q"). The format
 * lives in .rodata, so the verifier checks it at load time: "Invalid format string". */
#include "corpus.h"

RESULTS(1)

SEC("xdp")
int snprintf_bad_fmt(struct xdp_md *ctx)
{
    static const char fmt[] = "%q";
    char buf[16];
    u64 args[1] = { 1 };
    put(0, bpf_snprintf(buf, sizeof(buf), fmt, args, sizeof(args)));
    return XDP_PASS;
}
