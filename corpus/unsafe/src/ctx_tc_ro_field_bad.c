/* ctx_tc_ro_field_bad: a tc program writes __sk_buff.len, a read-only field (tc may write
 * mark, priority, tc_index, cb[], tc_classid, queue_mapping and a few others).
 * issue: 5
 * category: ctx
 * expect: reject
 * kernel: invalid bpf_context access off=0 size=4
 * twin: ctx_tc_ro_field_ok */
#include "unsafe.h"

SEC("tc")
int ctx_tc_ro_field_bad(struct __sk_buff *skb)
{
    *(volatile u32 *)&skb->len = 7;
    return TC_ACT_OK;
}
