/* bounded_loop: loops the verifier proves bounded (no unrolling, no may_goto): a loop over
 * the packet bytes with a constant upper bound (1514) and a bounds check per byte, and a
 * nested loop with constant bounds.
 *   res[0] number of bytes visited (= packet length up to 1514)
 *   res[1] Fletcher-16 checksum of the whole packet: (sum2 << 8) | sum1, both mod 255
 *   res[2] number of 0x00 bytes in the packet
 *   res[3] nested 16 x 16 loop: sum of (i ^ j) -> 1920
 *   res[4] a while loop with a data-dependent exit: index of the first byte equal to 0x45
 *          (the IPv4 version/IHL byte: 14 for plain IPv4 packets), -1 if none in the first 64
 * retval = res[1] & 0xffff. */
#include "corpus.h"

RESULTS(8)

SEC("xdp")
int bounded_loop(struct xdp_md *ctx)
{
    u8 *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
    u64 x = 0;
#pragma clang loop unroll(disable)
    for (u32 i = 0; i < 16; i++)
#pragma clang loop unroll(disable)
        for (u32 j = 0; j < 16; j++)
            x += i ^ j;
    put(3, x);
    s64 at = -1;
    u32 k = 0;
#pragma clang loop unroll(disable)
    while (k < 64) {
        u8 *p = data + k;
        if ((void *)(p + 1) > (void *)end)
            break;
        if (*p == 0x45) {
            at = k;
            break;
        }
        k++;
    }
    put(4, at);
    u32 s1 = 0, s2 = 0, zeros = 0, n = 0;
#pragma clang loop unroll(disable)
    for (u32 i = 0; i < 1514; i++) {
        u8 *p = data + i;
        if ((void *)(p + 1) > (void *)end)
            break;
        s1 = (s1 + *p) % 255;
        s2 = (s2 + s1) % 255;
        zeros += *p == 0;
        n++;
    }
    put(0, n);
    put(1, (s2 << 8) | s1);
    put(2, zeros);
    return ((s2 << 8) | s1) & 0xffff;
}
