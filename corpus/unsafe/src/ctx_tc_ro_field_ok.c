/* ctx_tc_ro_field_ok: twin of ctx_tc_ro_field_bad writing __sk_buff.mark, which tc may write.
 * issue: 5
 * category: ctx
 * expect: accept
 * twin: ctx_tc_ro_field_bad */
#include "unsafe.h"

SEC("tc")
int ctx_tc_ro_field_ok(struct __sk_buff *skb)
{
    *(volatile u32 *)&skb->mark = 7;
    return TC_ACT_OK;
}
