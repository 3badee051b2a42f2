/* may_goto_loop: loops guarded by may_goto (the can_loop pattern of the kernel's
 * bpf_experimental.h, opcode 0xe5) whose iteration count stays far below the kernel's
 * may_goto budget, so the result is exact:
 *   res[0] 100000 iterations of an xorshift/multiply chain starting from the packet's first
 *          8 bytes (loop counter starts from a .data global that is 0, so the verifier does
 *          not walk 100000 iterations) -> a deterministic 64-bit value
 *   res[1] iterations done -> 100000 (may_goto never fired)
 *   res[2] a may_goto-guarded loop of 1000 iterations reading a stack array with a variable
 *          index: sum of tab[k & 31] with tab[j] = j * j -> 31 full rounds of 10416 plus
 *          j = 0..7 (140) = 323036
 * retval = (u32)res[0]. */
#include "corpus.h"

RESULTS(4)

__attribute__((section(".data"))) u32 loop_zero = 0;

SEC("xdp")
int may_goto_loop(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
    u64 x = 0x9e3779b97f4a7c15ULL;
    if (data + 8 <= end)
        x ^= *(u64 *)data;
    u32 i;
#pragma clang loop unroll(disable)
    for (i = loop_zero; i < 100000 && can_loop; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x = x * 0x2545F4914F6CDD1DULL + i;
    }
    put(0, x);
    put(1, i);
    u64 tab[32], sum = 0;
#pragma clang loop unroll(full)
    for (int j = 0; j < 32; j++)
        tab[j] = j * j;
#pragma clang loop unroll(disable)
    for (u32 k = loop_zero; k < 1000 && can_loop; k++)
        sum += tab[k & 31];
    put(2, sum);
    return (u32)x;
}
