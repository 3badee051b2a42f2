/* unsafe.h: glue for the unsafe corpus (corpus/unsafe/README section in corpus/README.md).
 * Includes the runtime corpus's corpus.h (types, helpers, license) and adds what the
 * hand-written instruction sequences need: operands for inline asm that name a helper by
 * its number or a map / function by its address, as the kernel's own selftests write them. */
#ifndef UNSAFE_H
#define UNSAFE_H
#include "corpus.h"

#define __naked __attribute__((naked))
#define __imm(name) [name] "i"(name)
#define __imm_addr(name) [name] "i"(&name)
#define __imm_const(name, expr) [name] "i"(expr)
#define __clobber_all "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "memory"

/* an 8-byte array map used by many programs: key u32, value u64, 1 entry */
#define ARRAY8(name)                                                        \
    struct {                                                                \
        __uint(type, BPF_MAP_TYPE_ARRAY);                                   \
        __uint(max_entries, 1);                                             \
        __type(key, u32);                                                   \
        __type(value, u64);                                                 \
    } name SEC(".maps");

/* a 16-byte array map: key u32, value 16 bytes, 1 entry */
struct v16 { u8 b[16]; };
#define ARRAY16(name)                                                       \
    struct {                                                                \
        __uint(type, BPF_MAP_TYPE_ARRAY);                                   \
        __uint(max_entries, 1);                                             \
        __type(key, u32);                                                   \
        __type(value, struct v16);                                          \
    } name SEC(".maps");
/* an 8-byte HASH map (lookups may fail, so they return map_value_or_null) */
#define HASH8(name)                                                         \
    struct {                                                                \
        __uint(type, BPF_MAP_TYPE_HASH);                                    \
        __uint(max_entries, 4);                                             \
        __type(key, u32);                                                   \
        __type(value, u64);                                                 \
    } name SEC(".maps");


/* a static BPF function (bpf-to-bpf call target) written in asm; kept even when unreferenced */
#define SUBPROG static __attribute__((naked, noinline, used))
#endif
