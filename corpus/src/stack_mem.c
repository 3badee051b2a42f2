/* stack_mem: stack memory as programs use it: a 384-byte buffer (stack depth 448 of the
 * 512-byte frame), __builtin_memset/memcpy of odd sizes at unaligned offsets (compiled to
 * byte/half/word/dword stores), reads through a variable index (bounded by a mask), a struct
 * with padding copied by value, and narrow loads from a wider store (byte order of the target
 * matters: res[4] is the little-endian result).
 *   res[0] sum of buf[0..383] after memset(buf, 0x11, 384) and memcpy(buf + 3, src, 37)
 *          with src[i] = i  -> (384 - 37) * 0x11 + sum(0..36) = 5899 + 666 = 6565
 *   res[1] buf[(packet byte 23, the IP protocol: 6) & 63] -> buf[6] = 3 (src[3])
 *   res[2] struct copy: b.x + b.y + b.z after b = a -> 1 + 2 + 3 = 6
 *   res[3] 8-byte store then 8 single-byte loads, summed -> 0x01+..+0x08 = 36
 *   res[4] u16 load from the middle of a stored u64 0x1122334455667788 at byte 2 -> 0x5566
 * retval = res[0] & 0xffff; XDP_DROP (1) for packets shorter than 24 bytes. */
#include "corpus.h"

RESULTS(8)

struct s { u8 x; u32 y; u16 z; };

SEC("xdp")
int stack_mem(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
    u8 buf[384];
    u8 src[37];
#pragma clang loop unroll(full)
    for (int i = 0; i < 37; i++)
        src[i] = i;
    __builtin_memset(buf, 0x11, sizeof(buf));
    __builtin_memcpy(buf + 3, src, sizeof(src));
    u64 sum = 0;
#pragma clang loop unroll(disable)
    for (int i = 0; i < 384; i++)
        sum += buf[i];
    put(0, sum);
    if (data + 24 > end)
        return XDP_DROP;
    u8 idx = *(u8 *)(data + 23) & 63;
    put(1, buf[idx]);
    struct s a = { 1, 2, 3 }, b;
    __builtin_memcpy(&b, &a, sizeof(a));
    put(2, b.x + b.y + b.z);
    volatile u64 w = 0x0807060504030201ULL;
    u8 *pb = (u8 *)&w;
    u64 t = 0;
#pragma clang loop unroll(full)
    for (int i = 0; i < 8; i++)
        t += ((volatile u8 *)pb)[i];
    put(3, t);
    volatile u64 w2 = 0x1122334455667788ULL;
    put(4, *(volatile u16 *)((u8 *)&w2 + 2));
    return sum & 0xffff;
}
