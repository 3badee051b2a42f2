/* rej_uninit_reg (REJECTED): returns r3, which is not initialised at program entry (only r1 =
 * ctx and r10 = frame pointer are). Note: reading UNINITIALISED STACK is accepted for
 * privileged loaders (CAP_PERFMON: allow_uninit_stack), an uninitialised register never is. */
#include "corpus.h"

SEC("xdp")
__attribute__((naked)) int rej_uninit_reg(struct xdp_md *ctx)
{
    asm volatile("r0 = r3; exit;");
}
