/* rej_helper_not_allowed (REJECTED): bpf_l3_csum_replace is an skb helper that XDP programs
 * may not call: "program of this type cannot use helper bpf_l3_csum_replace#10".
 * (bpf_get_current_pid_tgid, the classic tracing-only example, is ACCEPTED in XDP by
 * Linux 6.18, so it is not used here.) */
#include "corpus.h"

SEC("xdp")
int rej_helper_not_allowed(struct xdp_md *ctx)
{
    return bpf_l3_csum_replace((void *)ctx, 24, 0, 1, 2);
}
