/* rej_stack_oob (REJECTED): indexes a 16-byte stack array with a packet byte (0..255): the
 * access may fall above the top of the frame (out-of-bounds variable-offset stack read).
 * (An index that stays inside the 512-byte frame is accepted for privileged loaders, even
 * where it leaves the array or reads uninitialised stack.) */
#include "corpus.h"

SEC("xdp")
int rej_stack_oob(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
    u8 arr[16] = {};
    if (data + 1 > end)
        return XDP_DROP;
    u64 i = *(u8 *)data;
    asm volatile("" : "+r"(i));
    return ((volatile u8 *)arr)[i];
}
