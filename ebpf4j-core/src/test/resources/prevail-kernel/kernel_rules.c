// Programs checking, on the running kernel, the kernel rules cited in prevail-disagreements.txt.

#define SEC(n) __attribute__((section(n), used))
#define NAKED __attribute__((naked))

SEC("tc") NAKED int shift_imm_80(void) { asm volatile("r0 = 1; r0 >>= 80; exit;"); }
SEC("tc") NAKED int div_const_zero(void) { asm volatile("r0 = 1; r0 /= 0; exit;"); }
SEC("tc") NAKED int exit_r0_unset(void) { asm volatile("exit;"); }
SEC("tc") NAKED int mov_uninit(void) { asm volatile("r0 = 0; r2 = r3; exit;"); }
SEC("tc") NAKED int store_uninit(void) { asm volatile("r0 = 0; *(u64 *)(r10 - 8) = r6; exit;"); }
SEC("tc") NAKED int partial_ptr_spill(void) { asm volatile("r0 = 0; *(u8 *)(r10 - 8) = r1; exit;"); }
SEC("tc") NAKED int uninit_stack_read(void) { asm volatile("r0 = *(u64 *)(r10 - 16); r0 = 0; exit;"); }
SEC("tc") NAKED int mov32_pointer(void) { asm volatile("w0 = w1; r0 = 0; exit;"); }
SEC("tc") NAKED int ptr_minus_ptr(void) { asm volatile("r2 = r10; r2 -= r1; r0 = 0; exit;"); }
SEC("tc") NAKED int ptr_compare(void) { asm volatile("r0 = 0; if r1 > r10 goto +1; r0 = 1; exit;"); }
SEC("tc") NAKED int scalar_plus_ctx(void) { asm volatile("r3 = 4; r3 += r1; r0 = 0; exit;"); }
SEC("tc") NAKED int narrow_data_load(void) { asm volatile("r0 = *(u16 *)(r1 + 76); r0 = 0; exit;"); }
SEC("tc") NAKED int wide_u32_field_load(void) { asm volatile("r0 = *(u64 *)(r1 + 0); r0 = 0; exit;"); }
SEC("tc") NAKED int stack_above_fp(void) { asm volatile("r0 = 0; *(u32 *)(r10 + 0) = r0; exit;"); }
SEC("tc") NAKED int packet_below_data(void) { asm volatile("r2 = *(u32 *)(r1 + 76); r3 = *(u32 *)(r1 + 80); r4 = r2; r4 += 8; r0 = 0; if r4 > r3 goto +1; r0 = *(u8 *)(r2 - 1); exit;"); }

// jump.yaml "lost implications in correlated branches": the packet read happens only where r1 <= data_end
SEC("tc") NAKED int correlated_branches(void) {
    asm volatile("r2 = *(u32 *)(r1 + 76); r3 = *(u32 *)(r1 + 80); r1 = r2; r1 += 54; r0 = 0;"
                 "if r1 > r3 goto 2f; r4 = 0; goto 3f;"
                 "2: r4 = 1; goto 3f;"
                 "3: if r4 == 1 goto 4f; r0 = *(u64 *)(r1 - 8);"
                 "4: exit;");
}

// loop.yaml "very large loop > 1M iterations": a loop that ends after 1000001 iterations
SEC("tc") NAKED int loop_1m(void) { asm volatile("r0 = 0; 1: r0 += 1; if r0 < 1000001 goto 1b; r0 = 0; exit;"); }

// calllocal.yaml: a callee starts with only r1-r5 from its caller
__attribute__((noinline, used)) NAKED int sub_reads_r0(void) { asm volatile("r0 += 3; exit;"); }
__attribute__((noinline, used)) NAKED int sub_reads_r6(void) { asm volatile("r0 = r6; exit;"); }
SEC("tc") NAKED int callee_reads_r0(void) { asm volatile("r0 = 1; call sub_reads_r0; r0 = 0; exit;"); }
SEC("tc") NAKED int callee_reads_r6(void) { asm volatile("r6 = 5; call sub_reads_r6; r0 = 0; exit;"); }
char _license[] SEC("license") = "GPL";
