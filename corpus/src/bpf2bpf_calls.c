/* bpf2bpf_calls: BPF-to-BPF function calls (__noinline static and global functions):
 * five arguments, pointers to the caller's stack, a call chain 6 frames deep, a recursion-free
 * fibonacci by iteration in a callee, and a global function (verified separately by the
 * kernel, arguments checked against its BTF prototype).
 *   res[0] add5(1, 2, 3, 4, 5) -> 1 + 2*2 + 3*3 + 4*4 + 5*5 = 55
 *   res[1] fill(buf, 16, 7) writes buf[i] = 7 * i into the caller's stack; sum -> 840
 *   res[2] depth1(1) -> each of depth1..depth6 adds its level: 1 + 1+2+3+4+5+6 = 22
 *   res[3] fib(40) (iterative) -> 102334155
 *   res[4] global_mix(0x1234, 0x5678) -> (a * 31) ^ b = 0x2344c ^ 0x5678 = 0x26234 (156212)
 *   res[5] callee modifying r6-r9-held values of the caller: the caller's locals survive -> 1
 * retval = (res[0] + res[2]) = 77. */
#include "corpus.h"

RESULTS(8)

static __noinline u64 add5(u64 a, u64 b, u64 c, u64 d, u64 e)
{
    return a + b * 2 + c * 3 + d * 4 + e * 5;
}

static __noinline int fill(u32 *buf, int n, u32 k)
{
    for (int i = 0; i < 16; i++) {
        if (i >= n)
            break;
        buf[i] = k * i;
    }
    return n;
}

static __noinline u64 depth6(u64 x) { return x + 6; }
static __noinline u64 depth5(u64 x) { return depth6(x + 5); }
static __noinline u64 depth4(u64 x) { return depth5(x + 4); }
static __noinline u64 depth3(u64 x) { return depth4(x + 3); }
static __noinline u64 depth2(u64 x) { return depth3(x + 2); }
static __noinline u64 depth1(u64 x) { return depth2(x + 1); }

static __noinline u64 fib(u32 n)
{
    u64 a = 0, b = 1;
    for (u32 i = 0; i < n && i < 90; i++) {
        u64 t = a + b;
        a = b;
        b = t;
    }
    return a;
}

__noinline int global_mix(u32 a, u32 b)
{
    return (a * 31) ^ b;
}

static __noinline u64 clobber(u64 x)
{
    u64 a = x * 3, b = x * 5, c = x * 7, d = x * 11;
    return a ^ b ^ c ^ d;
}

SEC("xdp")
int bpf2bpf_calls(struct xdp_md *ctx)
{
    u32 buf[16] = {};
    u64 r0 = add5(1, 2, 3, 4, 5);
    put(0, r0);
    fill(buf, 16, 7);
    u64 s = 0;
    for (int i = 0; i < 16; i++)
        s += buf[i];
    put(1, s);
    u64 r2 = depth1(1);
    put(2, r2);
    put(3, fib(40));
    put(4, global_mix(0x1234, 0x5678));
    u64 k1 = r0 * 7, k2 = r2 * 13, k3 = s + 1, k4 = r0 ^ r2;
    clobber(k1 + k2);
    put(5, k1 == 385 && k2 == 286 && k3 == 841 && k4 == (55 ^ 22));
    return r0 + r2;
}
