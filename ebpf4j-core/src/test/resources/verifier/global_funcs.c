#include "unsafe.h"

__attribute__((noinline)) int gnum(int x)
{
    return x & 1;
}

SEC("xdp")
__naked int gf_ptr_as_num_bad(void)
{
    asm volatile(
        "call gnum;"
        "exit;" ::: __clobber_all);
}

SEC("xdp")
__naked int gf_num_ok(void)
{
    asm volatile(
        "r1 = 3;"
        "call gnum;"
        "exit;" ::: __clobber_all);
}

__attribute__((noinline)) int gmem(u64 *p)
{
    if (!p)
        return 0;
    return *(volatile u64 *)p & 1;
}

SEC("xdp")
__naked int gf_short_buf_bad(void)
{
    asm volatile(
        "r1 = 0;"
        "*(u32 *)(r10 - 4) = r1;"
        "r1 = r10;"
        "r1 += -4;"
        "call gmem;"
        "exit;" ::: __clobber_all);
}

SEC("xdp")
__naked int gf_null_ok(void)
{
    asm volatile(
        "r1 = 0;"
        "call gmem;"
        "exit;" ::: __clobber_all);
}
