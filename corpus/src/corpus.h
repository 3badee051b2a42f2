/* corpus.h: shared glue for the ebpf4j "equal to the kernel" corpus.
 *
 * Conventions used by the programs in this directory:
 *  - res:  an ARRAY map of 16 signed 64-bit slots (key u32, value s64). Programs write the
 *          results they want compared (helper return codes, computed values) with put(i, v).
 *          Its contents are deterministic and always compared.
 *  - nd:   an ARRAY map of 8 u64 slots for values that can NOT be equal to the kernel (time,
 *          random numbers, CPU ids, pointers, ...). Declared only where needed, never compared;
 *          the manifest names each such value and the reason.
 *  - opaque(x): hides a constant from the compiler (reads a volatile .data global that holds 0
 *          and adds it), so the instruction really executes and the verifier sees an unknown
 *          scalar (.data is a writable map, its contents are not tracked).
 */
#ifndef CORPUS_H
#define CORPUS_H
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <linux/pkt_cls.h>
#include <linux/errno.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

typedef unsigned long long u64;
typedef unsigned int u32;
typedef unsigned short u16;
typedef unsigned char u8;
typedef long long s64;
typedef int s32;
typedef short s16;
typedef signed char s8;

#define RESULTS(n)                                                          \
    struct {                                                                \
        __uint(type, BPF_MAP_TYPE_ARRAY);                                   \
        __uint(max_entries, n);                                             \
        __type(key, u32);                                                   \
        __type(value, s64);                                                 \
    } res SEC(".maps");                                                     \
    static __always_inline void put(u32 i, s64 v)                           \
    {                                                                       \
        s64 *p = bpf_map_lookup_elem(&res, &i);                             \
        if (p)                                                              \
            *p = v;                                                         \
    }

#define NONDET(n)                                                           \
    struct {                                                                \
        __uint(type, BPF_MAP_TYPE_ARRAY);                                   \
        __uint(max_entries, n);                                             \
        __type(key, u32);                                                   \
        __type(value, u64);                                                 \
    } nd SEC(".maps");                                                      \
    static __always_inline void put_nd(u32 i, u64 v)                        \
    {                                                                       \
        u64 *p = bpf_map_lookup_elem(&nd, &i);                              \
        if (p)                                                              \
            *p = v;                                                         \
    }

/* 0 at run time, unknown to compiler and verifier */
#define OPAQUE_ZERO                                                         \
    __attribute__((section(".data"))) volatile u64 opaque_zero = 0;
#define opaque(x) ((x) + opaque_zero)

/* Same idea as can_loop in the kernel's bpf_experimental.h (and LOOP_GUARD in
 * ../shared/bench/common.h): emits a may_goto instruction (opcode 0xe5); the
 * expression is 1 while the kernel's loop budget lasts, then 0. */
#define can_loop ({ __label__ l_break, l_cont; int __ret = 1;               \
    asm volatile goto("may_goto %l[l_break]" :::: l_break); goto l_cont;    \
    l_break: __ret = 0; l_cont:; __ret; })

char _license[] SEC("license") = "GPL";
#endif
