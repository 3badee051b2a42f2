/* map_value_idx_off_by_one_ok: indexes a 16-byte map value with a packet byte after the
 * check "i < 16" (twin of map_value_idx_off_by_one_bad).
 * issue: 5
 * category: map_value
 * expect: accept
 * twin: map_value_idx_off_by_one_bad */
#include "unsafe.h"

ARRAY16(m)

SEC("xdp")
int map_value_idx_off_by_one_ok(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
    u32 k = 0;
    if (data + 1 > end)
        return XDP_DROP;
    u64 i = *(u8 *)data;
    struct v16 *v = bpf_map_lookup_elem(&m, &k);
    if (!v)
        return XDP_PASS;
    if (i < 16)
        return v->b[i];
    return XDP_PASS;
}
