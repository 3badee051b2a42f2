package io.ebpf4j.verifier.domain;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Precision against the Linux 6.18 verifier: random straight-line cases, each loaded into the
 * live kernel as a socket filter by {@code kernel-oracle --log-level 2}, with the register states
 * the kernel printed at the last instruction. Each line is {@code r6 steps | r7 steps | operation
 * | kernel state of r6}, or for a final conditional jump {@code … | r6 | r7} on the fall-through
 * edge ({@code -} where the kernel printed none). r6 and r7 start as two {@code bpf_ktime_get_ns()}
 * results (unknown), the steps are {@link KernelStates#steps}, the operation is {@code r6 op= r7},
 * {@code r6 op= imm} or {@code if r6 op r7/imm goto out} ({@code 32} suffix: the ALU32/JMP32 form).
 * A case that an earlier branch made unreachable for the kernel is absent, and so is one where
 * the kernel split r6 = {-1, 0} into two states at the operation ("from 8 to 8" in its log) and
 * printed only the first.
 *
 * <p>Each case was compiled ({@code clang-19 -O2 -target bpf -mcpu=v4}) from one inline-asm block:
 * <pre>
 *   call 5; r6 = r0; call 5; r7 = r0;     // bpf_ktime_get_ns twice
 *   &lt;r6 steps&gt; &lt;r7 steps&gt;               // a jump step is "if r6 OP imm goto out"
 *   r6 OP= r7 (or imm), or a jump         // the states printed here are recorded
 * out:
 * </pre>
 *
 * <p>Our result must be at least as precise as the kernel's (component by component after
 * reducing the kernel's state); the cases where it is strictly more precise are expected (division,
 * modulo and variable shifts, which the kernel leaves unknown, and tighter 32/64-bit deductions).
 * Soundness of the extra precision is the job of {@link ScalarSoundnessTest}.
 */
class KernelDifferentialTest {

    private static final String CASES = """
            jslt:1000,add32:1 | - | lsh 54 | scalar(smax=0x7fc0000000000000,umax=0xffc0000000000000,smin32=0,smax32=umax32=0,var_off=(0x0; 0xffc0000000000000))
            - | - | div r7 | scalar()
            - | and:2147483647,and:4095,mov32:0 | lsh32 19 | scalar(smin=0,smax=umax=umax32=0xfff80000,smax32=0x7ff80000,var_off=(0x0; 0xfff80000))
            and:2147483647 | and:15,add32:1041056 | mod -8 | scalar()
            and:15,rsh:26,rsh:23 | add:2,mov32:0 | rsh 39 | 0
            mov32:0,movsx8:0,or:2147483647 | - | rsh32 r7 | scalar()
            and:2147483647,rsh32:24,jslt:10 | or:256,rsh:18,mov32:0 | sdiv 100 | scalar()
            jeq:957651,rsh:13 | or32:3,and:2147483647,and:2147483647 | rsh32 3 | scalar(smin=smin32=0,smax=umax=smax32=umax32=0x1fffffff,var_off=(0x0; 0x1fffffff))
            - | - | xor32 2 | scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))
            add:-2147483648 | or32:3,or:2147483647 | sub32 r7 | scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))
            or:256,add32:8 | - | smod r7 | scalar()
            - | add:16,add:214 | div r7 | scalar()
            rsh32:13 | jeq:100 | rsh32 r7 | scalar()
            or:2147483647,mov32:0 | - | div32 10 | scalar()
            or:1 | movsx8:0,mov32:0,rsh:27 | arsh32 12 | scalar(smin=0,smax=umax=0xffffffff,smin32=0xfff80000,smax32=0x7ffff,var_off=(0x0; 0xffffffff))
            jslt:65535,or:1,movsx8:0 | jlt32:-2147483648 | xor r7 | scalar()
            jeq:-279,and:4095 | rsh32:28,jgt32:-128,mov32:0 | or r7 | scalar(smin=smin32=0,smax=umax=smax32=umax32=4095,var_off=(0x0; 0xfff))
            - | or:3,rsh:17 | mul r7 | scalar()
            - | rsh32:1,rsh:6,jsle:256 | arsh r7 | scalar()
            - | - | div32 2 | scalar()
            add32:256,add:100,or:3 | movsx8:0 | mod r7 | scalar()
            add:8,or32:3 | and:2147483647,or32:2147483647 | smod32 r7 | scalar()
            jsgt:7,or:256 | jslt:2147483647 | div32 10 | scalar()
            - | add:256,add:7 | smod32 r7 | scalar()
            - | mov32:0,and:4095 | or r7 | scalar()
            or32:3,movsx8:0 | and:240,and:4095 | lsh 2 | scalar(smax=0x7ffffffffffffffc,umax=0xfffffffffffffffc,smax32=0x7ffffffc,umax32=0xfffffffc,var_off=(0x0; 0xfffffffffffffffc))
            - | and:2147483647,and:240 | sub 100 | scalar(-100)
            and:2147483647 | - | mul32 -8 | scalar(smin=0,smax=umax=umax32=0xfffffff8,smax32=0x7ffffff8,var_off=(0x0; 0xfffffff8))
            mov32:0 | add:0,mov32:0,and:255 | add r7 | scalar(smin=0,smax=umax=0x1000000fe,var_off=(0x0; 0x1ffffffff))
            add:222888 | movsx8:0,or:3,add:256 | div r7 | scalar()
            or:1 | and:15 | arsh 20 | scalar(smin=0xfffff80000000000,smax=0x7ffffffffff)
            - | - | arsh r7 | scalar()
            add32:-1,jlt32:1000 | add:15,mov32:0 | mul32 -8 | scalar(smin=0,smax=umax=umax32=0xfffffff8,smax32=0x7ffffff8,var_off=(0x0; 0xfffffff8))
            jeq:2 | or:3 | add32 r7 | scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))
            - | movsx8:0 | sdiv r7 | scalar()
            movsx8:0,or32:256 | - | sdiv r7 | scalar()
            add:33721 | and:255 | add32 -1 | scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))
            - | - | arsh 33 | scalar(smin=0xffffffffc0000000,smax=smax32=0x3fffffff,smin32=0xc0000000)
            - | rsh32:30,add:-2,mov32:0 | smod32 7 | scalar()
            movsx8:0 | or:1,or:2147483647,rsh32:21 | arsh32 r7 | scalar()
            mov32:0,movsx8:0 | add:1,or32:1 | sdiv32 -3 | scalar()
            or:1,add32:0 | or32:3,mov32:0 | lsh32 r7 | scalar()
            and:15 | movsx8:0 | mod32 -8 | scalar()
            and:65535,jsle:0 | and:60 | arsh 18 | 0
            mov32:0,or:2147483647,and:65535 | rsh:31,jgt:1000 | sub32 r7 | scalar(smin=umin=smin32=umin32=0xfc17,smax=umax=smax32=umax32=0xffff,var_off=(0xfc00; 0x3ff))
            - | or:1,mov32:0 | sub32 r7 | scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))
            jsgt:1000 | and:-16,add:2147483647,or:256 | arsh 16 | scalar(smin=0xffff800000000000,smax=0)
            or:2147483647 | mov32:0,movsx8:0 | sdiv 7 | scalar()
            or:3,and:4095 | and:2147483647 | mod 7 | scalar()
            mov32:0,rsh:5,add32:256 | - | and32 0 | 0
            or:256,or32:1,or32:2147483647 | movsx8:0 | mod r7 | scalar()
            and:240 | or:3 | lsh r7 | scalar()
            - | and:-16 | sdiv r7 | scalar()
            and:15,or:3,or32:1 | jlt:2 | mod 3 | scalar()
            add:11 | add:2,mov32:0 | mod 8 | scalar()
            rsh:1 | or32:2147483647,movsx8:0 | div 7 | scalar()
            - | movsx8:0,movsx8:0,mov32:0 | add32 100 | scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))
            movsx8:0 | mov32:0,jsle32:1000,movsx8:0 | lsh32 r7 | scalar()
            - | or:2147483647 | smod 7 | scalar()
            rsh:4,add:-2 | movsx8:0,and:4095,or32:1 | xor32 65535 | scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))
            movsx8:0,mov32:0,movsx8:0 | - | sub 1 | scalar(smin=smin32=-129,smax=smax32=126)
            movsx8:0,movsx8:0 | rsh:11,or32:1,and:240 | sub32 r7 | scalar(smin=0,smax=umax=0xffffffff,smin32=-368,smax32=127,var_off=(0x0; 0xffffffff))
            - | or:2147483647 | smod -1 | scalar()
            mov32:0 | jsge:185,or32:3,and:-16 | add r7 | scalar(smin=0,smax=umax=0x1ffffffef,var_off=(0x0; 0x1ffffffff))
            - | jge:100,mov32:0 | xor32 r7 | scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))
            mov32:0,mov32:0 | - | sdiv r7 | scalar()
            - | - | div32 r7 | scalar()
            rsh:9,or:256,or32:2147483647 | add32:1000 | smod 7 | scalar()
            rsh32:14,and:255,or:2147483647 | or:1 | or -1 | -1
            jlt:255 | mov32:0,add32:15 | rsh32 9 | scalar(smin=smin32=0,smax=umax=smax32=umax32=0x7fffff,var_off=(0x0; 0x7fffff))
            add32:100,jeq:1 | - | add r7 | scalar()
            mov32:0,and:240,jge32:2 | add:545150,and:15 | arsh r7 | scalar()
            and:65535 | jgt32:-2147483648,movsx8:0 | arsh r7 | scalar()
            or:256,add:-2 | and:-16,and:-16,movsx8:0 | mod32 r7 | scalar()
            or:3 | movsx8:0,mov32:0 | lsh 45 | scalar(smin=0x8000600000000000,smax=0x7fffe00000000000,umin=0x600000000000,umax=0xffffe00000000000,smin32=0,smax32=umax32=0,var_off=(0x600000000000; 0xffff800000000000))
            and:255 | movsx8:0 | smod -8 | scalar()
            movsx8:0,add32:10 | and:15 | lsh r7 | scalar()
            mov32:0 | rsh:30 | rsh32 r7 | scalar()
            and:4095,movsx8:0,rsh:20 | add:-128,jgt:65535,mov32:0 | sub32 r7 | scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))
            and:255 | and:-16,add:255 | xor32 -8 | scalar(smin=umin=umin32=0xffffff00,smax=umax=0xffffffff,smin32=-256,smax32=-1,var_off=(0xffffff00; 0xff))
            - | - | smod 3 | scalar()
            - | - | xor r7 | scalar()
            jsle32:2 | add:-2147483648,mov32:0 | rsh32 r7 | scalar()
            jne32:256,mov32:0,and:2147483647 | or32:2147483647 | arsh32 16 | 0
            - | - | arsh r7 | scalar()
            add:-100,movsx8:0,rsh:26 | mov32:0,or:256 | and32 -2147483648 | scalar(smin=0,smax=umax=umax32=0x80000000,smax32=0,var_off=(0x0; 0x80000000))
            - | rsh:10,movsx8:0 | xor r7 | scalar()
            - | - | div32 r7 | scalar()
            or:1,jsle32:1,and:65535 | and:65535,add32:-128 | mul32 r7 | scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))
            jlt32:-1,and:15,movsx8:0 | rsh:9 | lsh r7 | scalar()
            - | add:16,jgt32:65535 | mul32 -2147483648 | scalar(smin=0,smax=umax=umax32=0x80000000,smax32=0,var_off=(0x0; 0x80000000))
            jslt32:-2147483648 | add:-2 | sdiv 100 | scalar()
            mov32:0,movsx8:0 | and:255 | mul32 256 | scalar(smin=0,smax=umax=umax32=0xffffff00,smin32=-32768,smax32=32512,var_off=(0x0; 0xffffff00))
            or:256 | rsh:23,movsx8:0,rsh:16 | rsh r7 | scalar()
            mov32:0 | movsx8:0 | add32 1 | scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))
            - | jeq:7,jle32:-266 | sub r7 | scalar()
            or32:1,rsh:7 | mov32:0,mov32:0 | lsh32 18 | scalar(smin=0,smax=umax=umax32=0xfffc0000,smax32=0x7ffc0000,var_off=(0x0; 0xfffc0000))
            - | mov32:0,rsh:17 | rsh r7 | scalar()
            - | and:-16,add:1,add:10 | lsh32 3 | scalar(smin=0,smax=umax=umax32=0xfffffff8,smax32=0x7ffffff8,var_off=(0x0; 0xfffffff8))
            - | or32:256,or:2147483647 | xor -2 | scalar()
            and:15 | rsh:18,rsh32:11,mov32:0 | sub -212 | scalar(smin=umin=smin32=umin32=212,smax=umax=smax32=umax32=227,var_off=(0xc0; 0x3f))
            - | jsgt32:65535,movsx8:0 | div -8 | scalar()
            - | add:944361,add:-1 | sdiv r7 | scalar()
            mov32:0 | movsx8:0,movsx8:0,jeq32:8 | div r7 | scalar()
            jle:7,jset32:8 | movsx8:0,mov32:0 | lsh32 6 | scalar(smin=0,smax=umax=umax32=0xfffffdc0,smax32=0x7ffffdc0,var_off=(0x0; 0xfffffdc0))
            jslt:2147483647,movsx8:0 | add:0 | mul32 r7 | scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))
            - | rsh:19 | xor 479421 | scalar()
            movsx8:0 | - | rsh 12 | scalar(smin=0,smax=umax=0xfffffffffffff,var_off=(0x0; 0xfffffffffffff))
            jslt:2147483647,or:3,add:0 | rsh:4,and:240,add32:7 | xor 187 | scalar(smin=0,smax=umax=0x7ffffffffffffffc,smax32=0x7ffffffc,umax32=0xfffffffc,var_off=(0x0; 0x7ffffffffffffffc))
            add:440589,jslt:-175 | - | or32 2147483647 | scalar(smin=umin=umin32=0x7fffffff,smax=umax=0xffffffff,smin32=-1,var_off=(0x7fffffff; 0x80000000))
            movsx8:0,movsx8:0,movsx8:0 | add32:65535,add:15 | mul32 r7 | scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))
            or:256 | mov32:0 | arsh r7 | scalar()
            or:256,rsh:12,rsh:9 | movsx8:0,mov32:0,or:3 | add r7 | scalar(smin=umin=3,smax=umax=0x800fffffffe,var_off=(0x0; 0xfffffffffff))
            jset:2147483647,add:255 | and:15,rsh:11,rsh:17 | and 2 | 2
            mov32:0,add32:10 | mov32:0,rsh32:29,or:256 | xor r7 | scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))
            - | jsle:-1,movsx8:0 | sub -2 | scalar(+2)
            add32:-2,jsle32:256,or:3 | rsh:14,or:1 | mul r7 | scalar(smin=0x8000000000000001,umin=umin32=1,smin32=0x80000001,var_off=(0x1; 0xfffffffffffffffe))
            - | - | xor32 r7 | scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))
            rsh:17,or:256 | - | div r7 | scalar()
            jset:15,mov32:0 | jne:65535,movsx8:0 | mod r7 | scalar()
            - | mov32:0,and:255,and:2147483647 | rsh r7 | scalar()
            add32:1,movsx8:0,movsx8:0 | movsx8:0,rsh32:22,jgt:1000 | mul r7 | scalar(smin=0xfffffffffffe0c00,smax=smax32=0x1f018,smin32=0xfffe0c00)
            rsh:14,and:65535 | - | lsh r7 | scalar()
            - | add:-128,movsx8:0,or:1 | arsh32 r7 | scalar()
            or:1 | - | arsh r7 | scalar()
            - | and:255,movsx8:0,movsx8:0 | sub r7 | scalar()
            rsh32:16 | - | or 1000 | scalar(smin=umin=smin32=umin32=1000,smax=umax=smax32=umax32=0xffff,var_off=(0x3e8; 0xfc17))
            movsx8:0 | - | or r7 | scalar()
            movsx8:0,mov32:0,and:255 | - | add32 r7 | scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))
            - | mov32:0,mov32:0,movsx8:0 | xor32 r7 | scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))
            add32:-2,movsx8:0,jlt:-181 | movsx8:0 | smod -1 | scalar()
            rsh:11,mov32:0 | and:65535,rsh:1 | mul 65535 | scalar(smin=0,smax=umax=0xfffeffff0001,var_off=(0x0; 0xffffffffffff))
            movsx8:0,or:256,rsh:23 | - | and32 255 | scalar(smin=smin32=0,smax=umax=smax32=umax32=255,var_off=(0x0; 0xff))
            rsh:19 | mov32:0 | smod r7 | scalar()
            add32:16,or:2147483647,rsh:16 | jle32:1000 | xor 16 | scalar(smin=umin=smin32=umin32=32751,smax=umax=smax32=umax32=0xffef,var_off=(0x7fef; 0x8000))
            - | mov32:0,rsh32:21,or:256 | and 7 | scalar(smin=smin32=0,smax=umax=smax32=umax32=7,var_off=(0x0; 0x7))
            - | rsh:16 | xor 7 | scalar()
            rsh:20,jsgt:10,or32:1 | - | mod32 r7 | scalar()
            rsh:3,rsh:13,and:15 | mov32:0,add32:10 | rsh 30 | 0
            jgt:-100 | - | add32 r7 | scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))
            - | movsx8:0,jgt32:-2147483648,rsh:24 | mul r7 | 0
            rsh32:3,or:2147483647,rsh32:4 | jsge32:-1,add:100 | lsh 34 | 0x1ffffffc00000000
            mov32:0,rsh32:16 | - | and -143 | scalar(smin=smin32=0,smax=umax=smax32=umax32=0xff71,var_off=(0x0; 0xff71))
            add:100 | mov32:0 | lsh r7 | scalar()
            and:-16 | or:1,rsh:10 | mul -8 | scalar(smax=0x7fffffffffffff80,umax=0xffffffffffffff80,smax32=0x7fffff80,umax32=0xffffff80,var_off=(0x0; 0xffffffffffffff80))
            or32:2147483647 | mov32:0 | lsh32 17 | 0xfffe0000
            jlt:15 | - | sub r7 | scalar()
            jle32:15,and:15 | rsh:2,add:43,rsh:3 | add r7 | scalar(smin=umin=5,smax=umax=0x800000000000014,var_off=(0x0; 0xfffffffffffffff))
            rsh:8 | add:10 | sdiv32 r7 | scalar()
            - | add:7,mov32:0 | sdiv32 r7 | scalar()
            rsh:13,add:7 | or:256,and:2147483647,and:2147483647 | xor32 0 | scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))
            jsgt:10,jslt:-10,jeq:-1 | and:60 | lsh r7 | scalar()
            jsgt:1000,jslt:-1 | jgt:2147483647 | sub32 r7 | scalar(smin=0,smax=umax=0xffffffff,smax32=1000,var_off=(0x0; 0xffffffff))
            jgt:1000 | jlt:2147483638,jgt:2147483638,mov32:0,rsh32:10 | add32 r7 | scalar(+2097151,smin=umin=smin32=umin32=0x1fffff,smax=umax=smax32=umax32=0x2003e7,var_off=(0x0; 0x3fffff))
            jsgt:10,jslt:-10 | and:60,or32:256,rsh:11,and:240 | arsh32 7 | scalar(smin=0,smax=umax=0xffffffff,smin32=-1,smax32=0,var_off=(0x0; 0xffffffff))
            and32:65535,jset:8,or:1,or:256 | jsgt:0,jslt:-1,or:1 | sub -2147483648 | scalar(smin=umin=smin32=umin32=0x80000101,smax=umax=smax32=umax32=0x8000fff7,var_off=(0x80000101; 0xfef6))
            jsgt:10,jslt:-10 | jgt32:255,add:65535,jset32:15 | and r7 | scalar(smax=0x7fffffff0001fff0,umax=0xffffffff0001fff0,smin32=0,smax32=umax32=0x1fff0,var_off=(0x0; 0xffffffff0001fff0))
            jlt:1,jgt:1001 | and:4095,movsx8:0 | smod32 r7 | scalar()
            jsgt:100,jslt:-100 | jlt:5,jgt:5 | and r7 | scalar(smin=smin32=0,smax=umax=smax32=umax32=5,var_off=(0x0; 0x5))
            - | and:60,mov32:0,jge32:1 | or r7 | scalar()
            jlt:2147483638,jgt:2147483638,add32:-128,and:15,and:15 | jsgt:1000,jslt:-1000,movsx8:0,movsx8:0,add:-8 | or32 r7 | scalar(smin=umin=umin32=6,smax=umax=0xffffffff,smin32=0x80000006,var_off=(0x6; 0xfffffff9))
            jgt:10,rsh:30,or32:1,mov32:0 | jsgt32:0,jslt32:-10,or:2147483647,or:256,movsx8:0 | add r7 | scalar(smin=smin32=-127,smax=smax32=128)
            jgt:2147483647,jlt32:2,mov32:0 | and:4095,rsh:21 | or 2 | scalar(smin=umin=smin32=umin32=2,smax=umax=umax32=0x7fffffff,var_off=(0x2; 0x7ffffffd))
            jsgt:10,jslt:-10,add:277,jslt:16 | and:255,and:65535,and:2147483647,jsle32:-100 | sub32 65535 | scalar(smin=umin=smin32=umin32=0xffff010c,smax=umax=smax32=umax32=0xffff0120,var_off=(0xffff0100; 0x3f))
            jgt32:65535,jsle:-100,add:-1,mov32:0 | jgt32:65535 | lsh32 5 | scalar(smin=0,smax=umax=umax32=0xffffffe0,smax32=0x7fffffe0,var_off=(0x0; 0xffffffe0))
            mov32:0,movsx8:0 | add32:-100,or:3 | add32 r7 | scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))
            and32:4095,or32:3 | add:-1,add:-8,add:255 | arsh32 r7 | scalar()
            mov32:0 | add:-8,and:-16 | add -2 | scalar(smin=-2,smax=0xfffffffd)
            jgt32:2147483647,or:3,mov32:0,jsle:-2 | and32:2147483647 | mod32 r7 | scalar()
            jgt32:10,mov32:0,movsx8:0 | jsgt:10,jslt:-1000 | or r7 | scalar()
            jlt32:2147483638,jgt32:2147483641,rsh:21 | jgt:2147483647,jset:-2147483648 | arsh 24 | scalar(smin=smin32=0,smax=umax=smax32=umax32=0x7ffff,var_off=(0x0; 0x7ffff))
            jlt:7 | jlt:5,jgt:8,movsx8:0,movsx8:0,rsh32:7 | mul r7 | 0
            - | jsgt:100,jslt:-100 | and32 8 | scalar(smin=smin32=0,smax=umax=smax32=umax32=8,var_off=(0x0; 0x8))
            and32:65280,mov32:0 | - | mul32 r7 | scalar(smin=0,smax=umax=umax32=0xffffff00,smax32=0x7fffff00,var_off=(0x0; 0xffffff00))
            and:65535,add:0,movsx8:0,movsx8:0 | jgt32:1000,movsx8:0,mov32:0 | smod r7 | scalar()
            and:255,add:100,mov32:0,and:4095 | jlt32:100,jgt32:150,rsh32:7,movsx8:0,jge:7 | add r7 | scalar(smin=smin32=0,smax=umax=smax32=umax32=356,var_off=(0x0; 0x1ff))
            - | jsgt:65536,jslt:-65536,add32:227 | lsh r7 | scalar()
            - | and:4095,or:256,movsx8:0,or32:2147483647 | mod32 -3 | scalar()
            jsgt:0,jslt:-1000,rsh:18,add:10,or:256 | - | add -2147483648 | scalar(smin=0xffffffff80000100,smax=0x7fff7fffffff,umin=umin32=256,smin32=0x80000100,var_off=(0x100; 0xfffffffffffffeff))
            jsgt32:1000,jslt32:-10,movsx8:0,movsx8:0 | and32:15 | rsh32 r7 | scalar()
            jsgt:10,jslt:-10,and:2147483647,or:2147483647 | and:15 | sub32 r7 | scalar(smin=umin=smin32=umin32=0x7ffffff0,smax=umax=umax32=0x7fffffff,var_off=(0x7ffffff0; 0xf))
            and32:65535,and:2147483647,rsh32:17,jge:-1 | jsgt:10,jslt:-1000,mov32:0 | or32 100 | 100
            jsgt:0,jslt:-1000,rsh32:31,jeq:-100 | jsgt32:10,jslt32:-10 | div32 2 | scalar()
            add32:-2 | jsgt:100,jslt:-100 | div r7 | scalar()
            jlt32:1,jgt32:1,jset:256,mov32:0 | mov32:0 | arsh 15 | 0
            jlt:100,jgt:1100,or:3,movsx8:0 | and:65535 | sdiv32 r7 | scalar()
            jgt:255,add32:10,and:60,rsh32:1 | and:2147483647,and:-16,and:240 | xor32 2 | scalar(smin=smin32=0,smax=umax=smax32=umax32=30,var_off=(0x0; 0x1e))
            jsgt:0,jslt:-1,or:256,movsx8:0,jset:15 | jsgt32:0,jslt32:-10,movsx8:0,and:240 | rsh32 r7 | scalar()
            or:2147483647,movsx8:0,add:16 | jgt:1000,rsh:22,jgt:16 | add 8 | scalar(smin=smin32=-104,smax=smax32=151)
            jsgt32:1000,jslt32:-1000,add:0,jlt:100 | jsgt32:10,jslt32:-1000,and:240,and:2147483647,or32:1 | sub32 r7 | scalar(smin=0,smax=umax=0xffffffff,smin32=-1241,smax32=999,var_off=(0x0; 0xffffffff))
            jgt:255,mov32:0,or32:2147483647 | - | sdiv32 100 | scalar()
            and:255,movsx8:0,movsx8:0,or32:1 | and:65280,add32:256 | smod 7 | scalar()
            and:4095,movsx8:0,movsx8:0,mov32:0 | jlt32:5,jgt32:5,movsx8:0 | rsh 51 | 0
            jsgt:0,jslt:-1000 | jgt:65535,and:-16,jeq:-2147483648,movsx8:0 | and32 r7 | scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))
            jgt:2147483647,add:-128 | rsh32:8 | and r7 | scalar(smin=smin32=0,smax=umax=smax32=umax32=0xffffff,var_off=(0x0; 0xffffff))
            jsgt32:10,jslt32:-10,movsx8:0,jle:-100,mov32:0 | jsgt:10,jslt:-10 | xor 10 | scalar(smin=umin=umin32=0xfffffff0,smax=umax=0xffffffff,smin32=-16,smax32=-1,var_off=(0xfffffff0; 0xf))
            jsgt:10,jslt:-1,jset32:10,jslt:7,add:100 | jsgt32:10,jslt32:-10,or:1 | and32 r7 | scalar(smin=0,smax=umax=umax32=0xfffffffd,smax32=0x7ffffffd,var_off=(0x0; 0xfffffffd))
            rsh32:29,or:3,rsh:19 | jsgt:1000,jslt:-10,and:65535,and:240,movsx8:0 | lsh r7 | scalar()
            jsgt:10,jslt:-10,and:60 | jlt:2147483638,jgt:2147483638,add:2 | arsh32 r7 | scalar()
            jgt32:65535,add32:-8,rsh32:29,add:255 | jsgt32:100,jslt32:-100 | sub r7 | scalar(smin=0x800000000000009b,smax=0x7fffffff0000016a,umin=smin32=umin32=155,umax=0xffffffff0000016a,smax32=umax32=362,var_off=(0x0; 0xffffffff000001ff))
            - | jsgt:1000,jslt:-1000,movsx8:0,jsge:2,jle:100 | and r7 | scalar()
            jsgt:10,jslt:-10,mov32:0 | movsx8:0 | rsh32 r7 | scalar()
            and:2147483647 | and32:2147483647,add32:10,mov32:0 | lsh32 1 | scalar(smin=0,smax=umax=umax32=0xfffffffe,smax32=0x7ffffffe,var_off=(0x0; 0xfffffffe))
            jgt:10,rsh:1,or32:1,add:672771 | and:2147483647,add:-2147483648 | add32 100 | scalar(smin=umin=smin32=umin32=0xa4468,smax=umax=smax32=umax32=0xa446e,var_off=(0xa4468; 0x6))
            jgt:2147483647,mov32:0,and:2147483647,add:10 | jsgt32:10,jslt32:-10,movsx8:0,mov32:0,rsh:3 | div r7 | scalar()
            jgt:10,or32:2147483647,rsh:17 | jsgt:1000,jslt:-1000,or32:256 | and r7 | scalar(smin=umin=smin32=umin32=256,smax=umax=smax32=umax32=16383,var_off=(0x100; 0x3eff))
            and:65535,movsx8:0,jgt32:-1 | and32:65535,and:-16 | xor32 71864 | scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))
            mov32:0 | jsgt:10,jslt:-10 | rsh32 13 | scalar(smin=smin32=0,smax=umax=smax32=umax32=0x7ffff,var_off=(0x0; 0x7ffff))
            jlt:1,jgt:51,or:256 | and32:4095,jeq:65535 | lsh r7 | scalar()
            jlt:5,jgt:1005,add:100 | jsgt:100,jslt:-100,add:7,mov32:0 | sub32 r7 | scalar(smin=0,smax=umax=0xffffffff,smin32=-2,smax32=1198,var_off=(0x0; 0xffffffff))
            jgt:10 | or32:3,mov32:0,mov32:0 | or 1 | scalar(smin=umin=smin32=umin32=1,smax=umax=smax32=umax32=15,var_off=(0x1; 0xe))
            and:15,movsx8:0,and:65535 | jsgt32:65536,jslt32:-65536 | smod 10 | scalar()
            jsgt32:65536,jslt32:-65536,or:2147483647 | jgt:65535,or:3,add32:0 | smod32 r7 | scalar()
            and:-16,or:2147483647 | jsgt:10,jslt:-10 | sub32 r7 | scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))
            jsgt:100,jslt:-100,or:2147483647,and:2147483647,rsh32:2 | jlt:1,jgt:51 | sub 8 | 0x1ffffff7
            jsgt:1000,jslt:-1000,and:4095,add32:541384,jle:0 | jlt:1,jgt:51,mov32:0,and:255 | arsh 50 | 0
            jgt:100,add:1000,or32:3 | jgt:65535,add:7 | xor32 10 | scalar(smin=umin=smin32=umin32=1,smax=umax=smax32=umax32=2045,var_off=(0x1; 0x7fc))
            jlt:1,jgt:51,or:3,mov32:0 | jsgt:1000,jslt:-1000,mov32:0 | lsh r7 | scalar()
            jgt32:65535 | mov32:0 | sdiv r7 | scalar()
            jsgt:65536,jslt:-65536,mov32:0 | jlt:100,jgt:103,movsx8:0,add:816520,movsx8:0 | lsh r7 | scalar()
            jgt:2147483647,or:256,mov32:0 | add:100,mov32:0 | rsh32 16 | scalar(smin=smin32=0,smax=umax=smax32=umax32=32767,var_off=(0x0; 0x7fff))
            jgt32:255 | jsgt:100,jslt:-100,or32:2147483647,rsh:18,and:2147483647 | xor r7 | scalar(smin=0x8000000000001f00,smax=0x7fffffff00003fff,umin=smin32=umin32=7936,umax=0xffffffff00003fff,smax32=umax32=16383,var_off=(0x1f00; 0xffffffff000020ff))
            jgt:100,add:0,jeq32:1000,and:240 | jlt32:5,jgt32:5,and:240,rsh32:30 | and32 r7 | 0
            and:65535,rsh:9,add32:16,mov32:0 | jsgt:1000,jslt:-1000,movsx8:0,movsx8:0 | sub32 100 | scalar(-100,smin=0,smax=umax=0xffffffff,smin32=-84,smax32=43,var_off=(0x0; 0xffffffff))
            jgt32:65535,add:1000 | jgt:100,and:255,or:3,and:65535 | xor r7 | scalar(smax=0x7fffffff0001ffff,umax=0xffffffff0001ffff,smin32=0,smax32=umax32=0x1ffff,var_off=(0x0; 0xffffffff0001ffff))
            jgt:2147483647 | jsgt:100,jslt:-100,or:256,rsh32:22,or:2147483647 | and r7 | scalar(smin=smin32=0,smax=umax=umax32=0x7fffffff,var_off=(0x0; 0x7fffffff))
            jlt:1,jgt:4,or:3,add:-1 | jlt:2147483638,jgt:2147483641,add:-8,movsx8:0,or:1 | lsh32 29 | scalar(smin=umin=umin32=0x40000000,smax=umax=umax32=0xc0000000,smin32=0xc0000000,smax32=0x40000000,var_off=(0x40000000; 0x80000000))
            jsgt:1000,jslt:-1000,movsx8:0 | jsgt:0,jslt:-10 | rsh32 r7 | scalar()
            jgt:10,mov32:0,and:4095 | mov32:0,add:-100 | add 2 | scalar(smin=umin=smin32=umin32=2,smax=umax=smax32=umax32=12,var_off=(0x0; 0xf))
            jlt:2147483638,jgt:2147483641 | and:2147483647 | or 1000 | scalar(smin=umin=smin32=umin32=0x7ffffff8,smax=umax=umax32=0x7fffffff,var_off=(0x7ffffff8; 0x7))
            rsh32:14 | jlt32:2147483638,jgt32:2147484638 | mul -100 | scalar(smin=0xfffffffffe700064,smax=smax32=0,umax=0xfffffffffffffffc,smin32=0xfe700064,umax32=0xfffffffc,var_off=(0x0; 0xfffffffffffffffc))
            jlt:100,jgt:150,movsx8:0,add32:8 | jsgt:0,jslt:-10 | mod r7 | scalar()
            jgt32:10,movsx8:0 | jsgt:100,jslt:-100,and:240 | add32 r7 | scalar(smin=smin32=0,smax=umax=smax32=umax32=250,var_off=(0x0; 0xff))
            jgt:10,add:-128,and:240 | jsgt:10,jslt:-10,jsle:-1,movsx8:0,and:65535 | add32 r7 | scalar(smin=umin=smin32=umin32=128,smax=umax=smax32=umax32=138,var_off=(0x80; 0xf))
            jsgt32:10,jslt32:-10,and:-16 | jsgt:10,jslt:-10,mov32:0,mov32:0,and:15 | xor 1000 | scalar(smin=0x8000000000000008,smax=0x7ffffffffffffff8,umin=umin32=8,umax=0xfffffffffffffff8,smin32=0x80000008,smax32=0x7ffffff8,umax32=0xfffffff8,var_off=(0x8; 0xfffffffffffffff0))
            and:60,rsh:1,movsx8:0 | jlt32:5,jgt32:1005,or:1,jgt:16 | rsh 7 | 0
            jlt:5,jgt:8,mov32:0,rsh32:13,and:15 | jsgt:10,jslt:-1000,rsh:14,or32:2147483647,rsh:27 | add32 7 | 7
            jsgt:0,jslt:-1000,jset32:255 | jgt32:1000,and:2147483647,add:-1,jge:8 | mul 0 | 0
            and:60,jsgt:7,or:1,or:1 | jsgt32:10,jslt32:-10,jset:-128,add:-201,mov32:0 | mod 10 | scalar()
            jlt:2147483638,jgt:2147483688,and:255,mov32:0,rsh:6 | jsgt:0,jslt:-1000 | sdiv32 7 | scalar()
            jsgt:0,jslt:-10,add:16,mov32:0,add:-2147483648 | and:65535 | or 100 | scalar(smin=0xffffffff80000064,smax=0xffffffff8000007f,umin=0xffffffff80000064,umax=0xffffffff8000007f,smin32=umin32=0x80000064,smax32=umax32=0x8000007f,var_off=(0xffffffff80000064; 0x1b))
            jlt:100,jgt:1100 | and32:15,mov32:0,and:65535 | or r7 | scalar(smin=umin=smin32=umin32=100,smax=umax=smax32=umax32=2047,var_off=(0x0; 0x7ff))
            and:65535 | and:4095 | lsh r7 | scalar()
            and:65535,mov32:0,movsx8:0,movsx8:0 | - | and -1 | scalar()
            and:60 | jsgt:10,jslt:-10 | smod32 r7 | scalar()
            jgt32:255,rsh:5 | or32:3,or32:3,or:3 | or 15 | scalar(smin=umin=umin32=15,smax=umax=0x7fffffff800000f,smin32=0x8000000f,smax32=0x7800000f,umax32=0xf800000f,var_off=(0xf; 0x7fffffff8000000))
            jgt:1000,or:3,mov32:0,rsh:16 | jlt:2147483638,jgt:2147483641,mov32:0,movsx8:0 | add 65535 | 0xffff
            jgt:2147483647 | jlt:2147483638,jgt:2147484638,and:2147483647,jne32:1,movsx8:0 | sdiv r7 | scalar()
            jgt:255,and:2147483647,rsh32:7 | and:4095,rsh32:6 | sdiv 8 | scalar()
            jsgt32:1000,jslt32:-1000 | jsgt:1000,jslt:-1000,add32:100,and:240 | mod 100 | scalar()
            jsgt:1000,jslt:-1,add:1 | jsgt:100,jslt:-100,or:2147483647,movsx8:0,jset:16 | mul 0 | 0
            jsgt:0,jslt:-10,mov32:0,rsh32:31 | and32:65535,movsx8:0 | or -8 | scalar(smin=smin32=-8,smax=smax32=-7,umin=0xfffffffffffffff8,umax=0xfffffffffffffff9,umin32=0xfffffff8,umax32=0xfffffff9,var_off=(0xfffffffffffffff8; 0x1))
            jsgt:0,jslt:-1000 | jlt32:2147483638,jgt32:2147483638 | or 8 | scalar(smin=0x8000000000000008,umin=umin32=8,smin32=0x80000008,var_off=(0x8; 0xfffffffffffffff7))
            rsh:26 | jlt:100,jgt:103 | or32 r7 | scalar(smin=umin=umin32=100,smax=umax=0xffffffff,smin32=0x80000064,var_off=(0x64; 0xffffff9b))
            jsgt:10,jslt:-10,and:4095,rsh32:20,add:1000 | jgt:100,mov32:0,mov32:0,jsge:1 | mul32 r7 | 0
            jsgt32:0,jslt32:-1,add:2,and:-16,jslt:15 | jsgt:10,jslt:-10,rsh:2,or32:1,or:256 | mul32 r7 | 0
            mov32:0,jlt32:15 | jgt:65535,mov32:0,mov32:0,movsx8:0 | div 2 | scalar()
            movsx8:0,and:15 | jgt:255,rsh:9,and:15,movsx8:0 | rsh32 r7 | scalar(smin=smin32=0,smax=umax=smax32=umax32=15,var_off=(0x0; 0xf))
            jsge:-2 | jsgt:1000,jslt:-10,and:2147483647,jsle:-128,or:2147483647 | and32 0 | 0
            jlt:1,jgt:1001 | and32:255,mov32:0,rsh:12 | and32 r7 | 0
            jgt:2147483647,or:3,mov32:0,mov32:0 | jset:-8,add:256,jeq:255 | rsh32 r7 | scalar()
            jsgt32:1000,jslt32:-1000,movsx8:0,and:60,or32:3 | jsgt:65536,jslt:-65536 | rsh32 28 | 0
            jsgt:100,jslt:-100,rsh32:7,movsx8:0,add32:2 | jlt32:100,jgt32:150,movsx8:0 | lsh 38 | scalar(smax=0x7fffffc000000000,umax=0xffffffc000000000,smin32=0,smax32=umax32=0,var_off=(0x0; 0xffffffc000000000))
            movsx8:0 | jsgt:100,jslt:-100 | and32 -2 | scalar(smin=0,smax=umax=umax32=0xfffffffe,smax32=0x7ffffffe,var_off=(0x0; 0xfffffffe))
            jsgt:10,jslt:-1000 | and:240 | xor -2147483648 | scalar()
            and:65535,rsh:1,add32:16,or:1 | jgt:100,movsx8:0 | lsh r7 | scalar()
            jsgt:100,jslt:-100 | and:255 | xor r7 | scalar()
            jlt:100,jgt:100,jeq:7,rsh:2 | jsgt32:0,jslt32:-1000,jslt:1,mov32:0 | xor r7 | scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))
            jlt32:5,jgt32:1005 | jlt:2147483638,jgt:2147483688,and:15,jlt:10,add:100 | rsh32 3 | scalar(smin=smin32=0,smax=umax=smax32=umax32=125,var_off=(0x0; 0x7f))
            and:15,and:15,and:240 | jsgt:0,jslt:-10,add:-50,jset:2,movsx8:0 | mul32 0 | 0
            jlt:1,jgt:4,rsh:19 | - | arsh32 26 | 0
            jsgt:10,jslt:-10,movsx8:0 | - | and r7 | scalar()
            jlt32:100,jgt32:150,mov32:0,mov32:0,movsx8:0 | jlt:1,jgt:4,rsh:31,and:240 | mul32 r7 | 0
            jlt:100,jgt:1100,and:255 | jsgt:10,jslt:-1000 | xor32 r7 | scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))
            jsgt:100,jslt:-100,rsh32:23,mov32:0 | jsgt:0,jslt:-1000,or:256,rsh:28 | lsh32 7 | scalar(smin=smin32=0,smax=umax=smax32=umax32=0xff80,var_off=(0x0; 0xff80))
            - | jsgt32:10,jslt32:-10 | arsh r7 | scalar()
            jsgt:1000,jslt:-1000,rsh:11 | jsgt32:1000,jslt32:-10,add32:27 | arsh r7 | scalar()
            jgt:65535,or:2147483647 | jsgt:100,jslt:-100,mov32:0,and:2147483647,or:1 | mul r7 | scalar(smin=umin=0x7fffffff,smax=umax=0x3fffffff00000001,smin32=0x80000001,umin32=1,var_off=(0x1; 0x3ffffffffffffffe))
            - | and:65280,add:7,or32:256,add32:1 | sub 16 | scalar(-16)
            jgt:255,and:255,mov32:0 | jsgt32:0,jslt32:-1,rsh32:22 | or32 r7 | scalar(smin=smin32=0,smax=umax=smax32=umax32=1023,var_off=(0x0; 0x3ff))
            movsx8:0,movsx8:0,add32:-8 | jlt:5,jgt:55 | xor32 255 | scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))
            jsgt:65536,jslt:-65536,movsx8:0,or32:256 | and:15 | rsh 54 | 0
            jsgt32:1000,jslt32:-1000,and:15,and:4095 | and:65535 | mul 15 | scalar(smin=smin32=0,smax=umax=smax32=umax32=225,var_off=(0x0; 0xff))
            add:16,movsx8:0 | jgt:100,mov32:0,jeq:15 | rsh 4 | scalar(smin=0,smax=umax=0xfffffffffffffff,var_off=(0x0; 0xfffffffffffffff))
            jgt:65535 | jlt:100,jgt:150,mov32:0 | rsh32 2 | scalar(smin=smin32=0,smax=umax=smax32=umax32=16383,var_off=(0x0; 0x3fff))
            or:2147483647,or:256 | and32:4095,jset32:16,or32:1 | rsh r7 | scalar()
            jsgt:10,jslt:-10,or:1,add32:1000,add:8 | jeq32:-1 | lsh 4 | scalar(smin=umin=144,smax=umax=0x1000000070,smin32=0x80000010,smax32=0x7ffffff0,umin32=16,umax32=0xfffffff0,var_off=(0x10; 0x1fffffffe0))
            jlt:2147483638,jgt:2147484638,rsh:29 | and32:15 | add32 r7 | scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))
            and32:4095 | jgt32:100,and:-16,jge:10,rsh:13 | add32 r7 | scalar(smin=smin32=0,smax=umax=smax32=umax32=4095,var_off=(0x0; 0xfff))
            jlt32:100,jgt32:100 | jsgt:65536,jslt:-65536,mov32:0,add32:65535,rsh:12 | div 8 | scalar()
            jgt:10,movsx8:0 | jsgt:10,jslt:-10 | add 16 | scalar(+16,smin=umin=smin32=umin32=16,smax=umax=smax32=umax32=26,var_off=(0x10; 0xf))
            jsgt:0,jslt:-10,movsx8:0,and:15 | and:60,or:1,and:-16 | rsh 59 | 0
            and32:60,movsx8:0,mov32:0 | jsgt:10,jslt:-10 | and32 10 | scalar(smin=smin32=0,smax=umax=smax32=umax32=10,var_off=(0x0; 0xa))
            jgt32:65535,and:65535,movsx8:0 | jsgt:100,jslt:-100 | arsh 56 | scalar(smin=smin32=-1,smax=smax32=0)
            jgt:10,rsh32:21 | jsgt:100,jslt:-100 | add 8 | 8
            and:15,mov32:0 | jsgt:10,jslt:-1,movsx8:0,jslt:-189 | arsh r7 | scalar()
            jgt:2147483647,or:2147483647 | rsh:3 | add r7 | scalar(smin=umin=0x7fffffff,smax=umax=0x200000007ffffffe,var_off=(0x0; 0x3fffffffffffffff))
            or32:1 | jgt:1000,mov32:0,jsge32:8,and:-16 | add32 r7 | scalar(smin=umin=umin32=1,smax=umax=0xffffffff,smin32=0x80000001,var_off=(0x1; 0xfffffffe))
            and:240,mov32:0 | jsgt:1000,jslt:-1000,rsh32:22 | rsh32 6 | scalar(smin=smin32=0,smax=umax=smax32=umax32=3,var_off=(0x0; 0x3))
            mov32:0 | and:60 | xor32 r7 | scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))
            and:65535,rsh32:14 | jsgt:10,jslt:-10,movsx8:0 | mul 7 | scalar(smin=smin32=0,smax=umax=smax32=umax32=21,var_off=(0x0; 0x1f))
            and:2147483647 | jlt:100,jgt:150 | or -2147483648 | scalar(smin=0xffffffff80000000,smax=smax32=-1,umin=0xffffffff80000000,umin32=0x80000000,var_off=(0xffffffff80000000; 0x7fffffff))
            - | and32:60 | or32 256 | scalar(smin=umin=umin32=256,smax=umax=0xffffffff,smin32=0x80000100,var_off=(0x100; 0xfffffeff))
            jsgt:65536,jslt:-65536 | jsgt:100,jslt:-100,rsh:23,movsx8:0,add:8 | sub r7 | scalar(smin=0xfffffffffffeff79,smax=smax32=0x10078,smin32=0xfffeff79)
            and:65535,add:256 | and:65535 | lsh32 11 | scalar(smin=umin=smin32=umin32=0x80000,smax=umax=smax32=umax32=0x807f800,var_off=(0x0; 0xffff800))
            jsgt:10,jslt:-10 | jlt32:5,jgt32:8,and:2147483647,rsh:21,jsle:-2 | mul32 16 | scalar(smin=0,smax=umax=umax32=0xfffffff0,smin32=-160,smax32=160,var_off=(0x0; 0xfffffff0))
            - | rsh32:12,and:2147483647,mov32:0 | rsh r7 | scalar()
            jlt32:100,jgt32:1100,add:-8,or:1 | jlt:5,jgt:55 | mul32 1 | scalar(smin=umin=smin32=umin32=92,smax=umax=smax32=umax32=2047,var_off=(0x1; 0x7fe))
            jsgt:0,jslt:-1 | jlt:5,jgt:8 | lsh32 5 | scalar(smin=0,smax=umax=umax32=0xffffffe0,smax32=0x7fffffe0,var_off=(0x0; 0xffffffe0))
            jsgt32:65536,jslt32:-65536,and:60,and:240 | - | xor r7 | scalar()
            rsh:7 | and:60 | xor 2 | scalar(smin=0,smax=umax=0x1ffffffffffffff,var_off=(0x0; 0x1ffffffffffffff))
            - | jsgt:65536,jslt:-65536,and:-16,and:-16,jslt:16 | and32 -100 | scalar(smin=0,smax=umax=umax32=0xffffff9c,smax32=0x7fffff9c,var_off=(0x0; 0xffffff9c))
            jsgt:10,jslt:-1,movsx8:0,and:65535,add:100 | and32:4095,and:2147483647 | add r7 | scalar(smin=umin=smin32=umin32=100,smax=umax=smax32=umax32=0x11062,var_off=(0x0; 0x1ffff))
            and:65535,and:-16 | jsgt:0,jslt:-10,rsh32:13,rsh:23,rsh:22 | xor r7 | scalar(smin=smin32=0,smax=umax=smax32=umax32=0xfff0,var_off=(0x0; 0xfff0))
            jsgt:0,jslt:-1000 | jgt:2147483647,add32:200 | xor 65535 | scalar()
            and:-16,movsx8:0 | and:60 | sub -128 | scalar(smin=smin32=0,smax=umax=smax32=umax32=255,var_off=(0x0; 0xff))
            and:60,jsgt:10,mov32:0 | jsgt:10,jslt:-1,and:2147483647,movsx8:0 | rsh32 r7 | scalar()
            jsgt:1000,jslt:-1000,movsx8:0,and:4095 | jgt:10,and:2147483647 | div r7 | scalar()
            and32:255,and:60,rsh:22,mov32:0 | jsgt32:10,jslt32:-10,movsx8:0,movsx8:0,rsh:31 | lsh32 6 | 0
            jlt:5,jgt:8,or:256 | and:60,movsx8:0 | xor 1000 | scalar(smin=umin=smin32=umin32=736,smax=umax=smax32=umax32=751,var_off=(0x2e0; 0xf))
            and:2147483647 | jsgt:0,jslt:-10,rsh32:20,add:1,and:65535 | lsh 25 | scalar(smin=0,smax=umax=0xfffffffe000000,smax32=0x7e000000,umax32=0xfe000000,var_off=(0x0; 0xfffffffe000000))
            or:3 | jsgt:10,jslt:-1,mov32:0,mov32:0,and:15 | mul32 -2147483648 | 0x80000000
            jsgt:1000,jslt:-1000,add:0 | jlt:100,jgt:150,rsh:9,movsx8:0,add:255 | lsh32 24 | scalar(smin=0,smax=umax=umax32=0xff000000,smax32=0x7f000000,var_off=(0x0; 0xff000000))
            jgt32:10,rsh:20 | jlt32:100,jgt32:150 | sub32 7 | scalar(smin=umin=umin32=4089,smax=umax=umax32=0xfffffff9,smin32=0x80000ff9,smax32=0x7ffffff9,var_off=(0xff9; 0xfffff000))
            jsgt:65536,jslt:-65536,rsh:29,add:2 | and:2147483647,jeq:-2 | sub -25 | scalar(smin=umin=27,smax=umax=0x80000001a,var_off=(0x0; 0xfffffffff))
            jlt:1,jgt:51,movsx8:0 | jsgt32:1000,jslt32:-1000,rsh32:29,mov32:0 | sdiv32 7 | scalar()
            and32:255,and:60,jgt:255,mov32:0 | jgt32:10,or:3 | sdiv r7 | scalar()
            jgt:10,and:65535,add:16,movsx8:0 | jsgt:100,jslt:-100,mov32:0 | or -100 | scalar(smin=smin32=-100,smax=smax32=-97,umin=0xffffffffffffff9c,umax=0xffffffffffffff9f,umin32=0xffffff9c,umax32=0xffffff9f,var_off=(0xffffffffffffff9c; 0x3))
            jsgt:100,jslt:-100 | and32:4095 | sdiv32 r7 | scalar()
            jgt32:2147483647,and:4095,or32:2147483647 | and32:65535,and:-16,add32:-2 | rsh 36 | 0
            and:4095,rsh32:4,and:60,movsx8:0 | jgt32:65535,add32:8,or32:3,or32:1 | or32 -128 | scalar(smin=umin=umin32=0xffffff80,smax=umax=umax32=0xffffffbf,smin32=-128,smax32=-65,var_off=(0xffffff80; 0x3f))
            and:255,or:1,rsh:17,or:1 | jlt:2147483638,jgt:2147483638,and:15 | rsh 9 | 0
            jlt:5,jgt:55 | jsgt:100,jslt:-100 | mod32 10 | scalar()
            and:255 | jgt32:10,rsh:29 | sub32 -2147483648 | scalar(smin=umin=umin32=0x80000000,smax=umax=smax32=umax32=0x800000ff,var_off=(0x80000000; 0xff))
            jgt:2147483647,and:-16,add:10 | jgt:100,and:-16,jeq32:73926 | and r7 | scalar(smin=smin32=0,smax=umax=smax32=umax32=100,var_off=(0x0; 0x70))
            and:4095 | and:-16,add:-2147483648 | mul r7 | scalar(smax=0x7ffffffffffffff0,umax=0xfffffffffffffff0,smax32=0x7ffffff0,umax32=0xfffffff0,var_off=(0x0; 0xfffffffffffffff0))
            and32:255,add:-2 | jsgt:100,jslt:-100,movsx8:0,and:240 | lsh32 r7 | scalar()
            jsgt:65536,jslt:-65536,movsx8:0,movsx8:0,add32:-8 | or:1 | add32 r7 | scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))
            rsh:24 | jsgt:1000,jslt:-10 | arsh 61 | 0
            movsx8:0,jslt:10,and:4095 | jgt32:2147483647,mov32:0 | mul -1 | scalar(smin=smin32=-127,smax=smax32=0)
            jlt:100,jgt:150,mov32:0,rsh:20,add:-128 | jsgt32:1000,jslt32:-1000,add:-2,mov32:0 | xor 16 | -112
            jsgt:10,jslt:-1000,movsx8:0,rsh:6,jne:1000 | jlt:100,jgt:150,rsh:13,or:256,add:8 | lsh32 r7 | scalar()
            and:4095 | jlt32:2147483638,jgt32:2147483638,mov32:0 | add -2147483648 | scalar(smin=0xffffffff80000000,smax=0xffffffff80000fff,umin=0xffffffff80000000,umax=0xffffffff80000fff,smax32=umax32=0x80000fff,umin32=0x80000000,var_off=(0xffffffff80000000; 0xfff))
            jgt:10,or:3 | jlt:2147483638,jgt:2147483641,jsle:16 | mul32 r7 | scalar(smin=umin=smin32=umin32=0x7fffff00,smax=umax=umax32=0x7fffffff,var_off=(0x7fffff00; 0xff))
            jsgt:10,jslt:-10,and:240 | and:65535,jeq:-43,and:255,and:15 | sub 256 | scalar(smin=smin32=-256,smax=smax32=-16,umin=0xffffffffffffff00,umax=0xfffffffffffffff0,umin32=0xffffff00,umax32=0xfffffff0,var_off=(0xffffffffffffff00; 0xf0))
            jsgt:10,jslt:-1000,movsx8:0 | jlt:5,jgt:5 | or32 255 | scalar(smin=umin=umin32=255,smax=umax=0xffffffff,smin32=0x800000ff,var_off=(0xff; 0xffffff00))
            jsgt:65536,jslt:-65536,rsh32:13,mov32:0 | jsgt:1000,jslt:-1000 | or r7 | scalar()
            jsgt32:65536,jslt32:-65536,add:65535,and:2147483647 | jsgt:1000,jslt:-1000,add:-2,or:2147483647,or:3 | mul 16 | scalar(smin=0,smax=umax=0x7fffffff0,smax32=0x7ffffff0,umax32=0xfffffff0,var_off=(0x0; 0x7fffffff0))
            and32:2147483647,mov32:0,movsx8:0 | jlt:1,jgt:1001 | sub32 r7 | scalar(smin=0,smax=umax=0xffffffff,smin32=-1129,smax32=126,var_off=(0x0; 0xffffffff))
            jgt:10,add:15 | jsgt:10,jslt:-1000,or:2147483647,jge:-128,and:15 | arsh32 r7 | 0
            jlt:2147483638,jgt:2147483641,mov32:0 | - | or32 2147483647 | 0x7fffffff
            movsx8:0,movsx8:0 | jsgt:0,jslt:-1000 | smod32 8 | scalar()
            rsh32:19,mov32:0 | jsgt:1000,jslt:-1,or32:3,and:15 | jlt r7 | scalar(smin=umin=smin32=umin32=3,smax=umax=smax32=umax32=8191,var_off=(0x0; 0x1fff)) | scalar(smin=umin=smin32=umin32=3,smax=umax=smax32=umax32=15,var_off=(0x3; 0xc))
            jsgt:100,jslt:-100 | jgt:65535,add:589874,mov32:0 | and32 10 | scalar(smin=smin32=0,smax=umax=smax32=umax32=10,var_off=(0x0; 0xa))
            jsgt:1000,jslt:-1 | jlt32:100,jgt32:150,and:65535,mov32:0 | sub -2 | scalar(+2,smin=umin=smin32=umin32=1,smax=umax=smax32=umax32=1002,var_off=(0x0; 0x3ff))
            jsgt32:1000,jslt32:-1000 | or:1 | smod32 r7 | scalar()
            jsgt:0,jslt:-10 | and:4095,rsh32:20,movsx8:0,rsh:23 | rsh r7 | scalar()
            jsgt:10,jslt:-10,and:255,movsx8:0 | jsgt:10,jslt:-1,movsx8:0 | jle r7 | scalar(smin=smin32=-128,smax=smax32=127,umin=1) | scalar(smin=smin32=0,smax=umax=smax32=umax32=10,var_off=(0x0; 0xf))
            rsh:23,mov32:0,and:65535 | jgt:1000,rsh:6 | add -2147483648 | scalar(smin=0xffffffff80000000,smax=0xffffffff8000ffff,umin=0xffffffff80000000,umax=0xffffffff8000ffff,smax32=umax32=0x8000ffff,umin32=0x80000000,var_off=(0xffffffff80000000; 0xffff))
            jsgt:0,jslt:-1000,mov32:0,and:2147483647 | or:3,add:1000,rsh:31 | and32 -100 | scalar(smin=smin32=0,smax=umax=smax32=umax32=0x7fffff9c,var_off=(0x0; 0x7fffff9c))
            and:4095,add:100 | jlt32:1,jgt32:51 | jslt r7 | scalar(smin=umin=smin32=umin32=100,smax=umax=smax32=umax32=4195,var_off=(0x0; 0x1fff)) | scalar(smin=0x8000000000000001,smax=smax32=umax32=51,umin=smin32=umin32=1,umax=0xffffffff00000033,var_off=(0x0; 0xffffffff0000003f))
            jsgt32:100,jslt32:-100 | jsgt:1000,jslt:-10,and:4095,and:15 | and -2 | scalar(smax=0x7ffffffffffffffe,umax=0xfffffffffffffffe,smax32=0x7ffffffe,umax32=0xfffffffe,var_off=(0x0; 0xfffffffffffffffe))
            add:-2147483648,rsh:11 | jsgt32:100,jslt32:-100,or:256 | add r7 | scalar()
            jsgt:10,jslt:-10,mov32:0 | jsgt:10,jslt:-10,or:256,rsh:6,jsge:256 | and r7 | scalar(smin=smin32=0,smax=umax=smax32=umax32=255,var_off=(0x0; 0xff))
            jgt:10,or:3,rsh:16 | rsh:30,or:3,and:60 | smod 1 | scalar()
            jsgt:1000,jslt:-1000,jne:-100 | and:60,movsx8:0 | div r7 | scalar()
            jsgt:10,jslt:-10,movsx8:0,mov32:0 | jsgt:1000,jslt:-10,movsx8:0,and:2147483647 | mul r7 | scalar(smin=0,smax=umax=0x7ffffffe80000001,var_off=(0x0; 0x7fffffffffffffff))
            jgt:10,mov32:0,and:15 | and:60 | mod 1 | scalar()
            movsx8:0 | and:15,rsh32:2 | or32 r7 | scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))
            and32:15 | jlt:5,jgt:8,rsh32:22 | mul r7 | 0
            jlt:1,jgt:1001,or:1,jne:1,rsh:11 | and:60,or:256,or32:2147483647 | lsh r7 | scalar()
            jsgt:1000,jslt:-1,or:256,rsh32:11 | jsgt32:10,jslt32:-10,movsx8:0,and:-16 | mul32 2147483647 | scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))
            add32:100 | jset32:-2 | add32 r7 | scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))
            jsgt:10,jslt:-10,movsx8:0 | and:2147483647,movsx8:0,movsx8:0,and:4095 | sdiv r7 | scalar()
            jgt:100,movsx8:0 | jsgt32:10,jslt32:-10 | mod -8 | scalar()
            jsgt:0,jslt:-1000 | jsgt32:10,jslt32:-10,movsx8:0,mov32:0,add:100 | jge32 r7 | 0 | scalar(smin=umin=100,smax=umax=0x100000063,smin32=umin32=90,smax32=umax32=110,var_off=(0x40; 0x10000003f))
            jgt:10,add32:1,add:-8,rsh:28 | jsgt:10,jslt:-1000 | jle r7 | scalar(smin=umin=1,smax=umax=0xfffffffff,var_off=(0x0; 0xfffffffff)) | scalar(smin=smin32=0,smax=umax=smax32=umax32=10,var_off=(0x0; 0xf))
            jgt:10,rsh32:30 | jsgt:1000,jslt:-1000,rsh:14,jset:256 | jslt32 r7 | 0 | scalar(smin=0,smax=umax=0x3fffffffffeff,smax32=0,umax32=0xfffffeff,var_off=(0x0; 0x3fffffffffeff))
            jsgt:10,jslt:-1,rsh:18 | jlt:2147483638,jgt:2147483638 | rsh r7 | scalar()
            and:65280,jset32:1000,add:15 | jsgt32:0,jslt32:-10 | jle32 r7 | scalar(smin=umin=smin32=umin32=15,smax=umax=smax32=umax32=0xfc0f,var_off=(0xf; 0xfc00)) | scalar(smax=0x7fffffff00000000,umax=0xffffffff00000000,smin32=0,smax32=umax32=0,var_off=(0x0; 0xffffffff00000000))
            jgt:65535 | jsgt32:100,jslt32:-100,jsgt:-2,rsh32:19,movsx8:0 | xor r7 | scalar()
            jgt:65535,add:10,or32:1,add:0 | jsgt32:10,jslt32:-1,movsx8:0,mov32:0,or:2147483647 | mod r7 | scalar()
            jsgt32:1000,jslt32:-1000,add:256 | jgt:255 | jsge32 10 | scalar(+256,smin32=-744,smax32=9) | -
            and:2147483647,movsx8:0,rsh:27,movsx8:0 | jlt:100,jgt:1100 | jslt32 r7 | scalar(smin=umin=smin32=umin32=100,smax=umax=smax32=umax32=127,var_off=(0x60; 0x1f)) | scalar(smin=umin=smin32=umin32=100,smax=umax=smax32=umax32=127,var_off=(0x60; 0x1f))
            jsgt:1000,jslt:-1 | or32:1,add:-128,rsh:23 | jgt32 r7 | scalar(smin=smin32=-1,smax=smax32=1000) | scalar(smin=0,smax=umax=0x1ffffffffff,var_off=(0x0; 0x1ffffffffff))
            or:1,movsx8:0,or32:256 | and:255,movsx8:0 | rsh32 r7 | scalar()
            jgt:255,mov32:0,movsx8:0,or:1 | and:4095,mov32:0,jge:8 | lsh32 r7 | scalar()
            rsh:6 | jgt:255,or:2147483647 | sub32 16 | scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))
            jgt32:10,or:1 | and:4095,movsx8:0,jgt32:-1 | jsle r7 | scalar(smin=umin=smin32=umin32=1,smax=umax=0x7fffffff0000000f,smax32=umax32=15,var_off=(0x1; 0x7fffffff0000000e)) | scalar(smin=smin32=-128,smax=smax32=127)
            jlt:100,jgt:150,and:255,mov32:0,and:65535 | and:15,or:2147483647,mov32:0,mov32:0 | xor r7 | scalar(smin=umin=smin32=umin32=0x7fffff00,smax=umax=umax32=0x7fffffff,var_off=(0x7fffff00; 0xff))
            jlt32:100,jgt32:1100,jsge:65535 | jgt:255,and:4095 | div32 r7 | scalar()
            jsgt:1000,jslt:-1000 | or:1,movsx8:0,add32:-169 | jslt32 r7 | scalar(smin=-1000,smax=smax32=1000,smin32=-297) | scalar(smin=umin=umin32=0xfffffed7,smax=umax=umax32=0xffffffd6,smin32=-297,smax32=-42,var_off=(0xfffffe00; 0x1ff))
            and:65535,and:4095 | jsgt32:1000,jslt32:-10 | div r7 | scalar()
            jlt:100,jgt:150,mov32:0,mov32:0 | jgt:2147483647,mov32:0 | jeq32 r7 | scalar(smin=umin=smin32=umin32=100,smax=umax=smax32=umax32=150,var_off=(0x0; 0xff)) | scalar(smin=smin32=0,smax=umax=umax32=0x7fffffff,var_off=(0x0; 0x7fffffff))
            jsgt:1000,jslt:-1000,mov32:0,and:15,movsx8:0 | jgt:65535 | and32 8 | scalar(smin=smin32=0,smax=umax=smax32=umax32=8,var_off=(0x0; 0x8))
            jsgt:0,jslt:-1000,movsx8:0,mov32:0,mov32:0 | jsgt:0,jslt:-1,movsx8:0 | or32 r7 | scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))
            jsgt32:10,jslt32:-10,jsge:2147483647 | jgt:2147483647,rsh:18,or:256,or:2147483647 | arsh 0 | scalar(smax=0x7ffffffe)
            jlt:2147483638,jgt:2147484638,jsgt32:1,movsx8:0,and:255 | and:4095,or:1 | mod -3 | scalar()
            jsgt32:0,jslt32:-1 | and:4095,and:60,mov32:0,and:240 | jslt32 r7 | scalar(smax=0x7fffffff00000000,umax=0xffffffff00000000,smin32=0,smax32=umax32=0,var_off=(0x0; 0xffffffff00000000)) | 0
            and32:2147483647,rsh:29 | jsgt:65536,jslt:-65536,rsh:12,rsh:9,jle:10 | jset32 r7 | scalar(smin=smin32=0,smax=umax=smax32=umax32=3,var_off=(0x0; 0x3)) | scalar(smin=umin=11,smax=umax=0x7ffffffffff,var_off=(0x0; 0x7ffffffffff))
            jsgt:1000,jslt:-1000,movsx8:0,add:-100,or:2147483647 | jgt:65535,jsge:131 | sub32 r7 | scalar(smin=umin=umin32=0x7fffff7d,smax=umax=0xffffffff,smin32=-131,var_off=(0x7fffff00; 0x800000ff))
            jsgt:0,jslt:-1000,movsx8:0,mov32:0,rsh:14 | jsgt:10,jslt:-1000,mov32:0,add:65535,or:1 | sub32 65535 | scalar(smin=0,smax=umax=0xffffffff,smin32=0xffff0001,smax32=0x30000,var_off=(0x0; 0xffffffff))
            - | jlt:5,jgt:5 | rsh32 r7 | scalar(smin=smin32=0,smax=umax=smax32=umax32=0x7ffffff,var_off=(0x0; 0x7ffffff))
            add:2 | and32:65535,rsh32:18 | mod -1 | scalar()
            jle:8 | and32:4095 | jne 2147483647 | 0x7fffffff | -
            jsgt:10,jslt:-1,movsx8:0,rsh:30,rsh:14 | and32:65280,rsh:2,rsh32:14 | xor32 r7 | scalar(smin=smin32=0,smax=umax=smax32=umax32=0xfffff,var_off=(0x0; 0xfffff))
            jsgt:1000,jslt:-10 | - | rsh 22 | scalar(smin=0,smax=umax=0x3ffffffffff,var_off=(0x0; 0x3ffffffffff))
            and:4095,mov32:0 | and:4095,mov32:0 | and32 256 | scalar(smin=smin32=0,smax=umax=smax32=umax32=256,var_off=(0x0; 0x100))
            and:15,mov32:0 | jsgt:100,jslt:-100,add:100 | arsh32 r7 | scalar()
            jlt:1,jgt:1001,rsh32:19,rsh:30,or32:1 | and32:4095,movsx8:0,mov32:0 | smod 100 | scalar()
            jsgt:0,jslt:-1000 | jsgt:0,jslt:-1 | jsgt32 r7 | scalar(smin=smin32=-1000,smax=smax32=0) | scalar(smin=smin32=-1,smax=smax32=0)
            and:4095 | jlt:1,jgt:51 | jslt32 r7 | scalar(smin=umin=smin32=umin32=1,smax=umax=smax32=umax32=4095,var_off=(0x0; 0xfff)) | scalar(smin=umin=smin32=umin32=1,smax=umax=smax32=umax32=51,var_off=(0x0; 0x3f))
            jlt:-100 | jsgt32:1000,jslt32:-1000,or32:256 | or -2 | scalar(smin=smin32=-2,smax=smax32=-1,umin=0xfffffffffffffffe,umin32=0xfffffffe,var_off=(0xfffffffffffffffe; 0x1))
            mov32:0,or:3 | jsgt:100,jslt:-100,or32:2147483647,or:256 | lsh32 0 | scalar(smin=umin=umin32=3,smax=umax=0xffffffff,smin32=0x80000003,var_off=(0x3; 0xfffffffc))
            jsgt:10,jslt:-10 | - | jsle r7 | scalar(smin=smin32=-10,smax=smax32=10) | scalar(smax=9)
            jgt32:10 | jgt:2147483647,movsx8:0 | jset r7 | scalar(smax=0x7fffffff0000000a,umax=0xffffffff0000000a,smin32=0,smax32=umax32=10,var_off=(0x0; 0xffffffff0000000f)) | scalar(smin=smin32=-128,smax=smax32=127)
            and32:4095 | jsgt:1000,jslt:-1,add:255,rsh32:10,or:3 | jlt r7 | scalar(smin=umin=smin32=umin32=3,smax=umax=smax32=umax32=4095,var_off=(0x0; 0xfff)) | 3
            jlt32:2147483638,jgt32:2147484638 | and:4095,or:256,rsh:6,movsx8:0 | jsgt r7 | scalar(smin=0x800000007ffffff6,smax=0xffffffff800003de,umin=0x800000007ffffff6,umax=0xffffffff800003de,umin32=0x7ffffff6,umax32=0x800003de,var_off=(0x8000000000000000; 0x7fffffffffffffff)) | scalar(smin=umin=smin32=umin32=4,smax=umax=smax32=umax32=63,var_off=(0x0; 0x3f))
            and32:4095,rsh:1 | and:60,movsx8:0,rsh:29,jsge:2 | add 65535 | scalar(smin=umin=smin32=umin32=0xffff,smax=umax=smax32=umax32=0x107fe,var_off=(0x0; 0x1ffff))
            jgt32:65535 | jsgt:0,jslt:-1000,rsh32:20,or32:3 | mul32 -128 | scalar(smin=0,smax=umax=umax32=0xffffff80,smin32=0xff800080,smax32=0,var_off=(0x0; 0xffffff80))
            and:2147483647 | jlt:100,jgt:100,and:60,and:-16,add32:256 | xor 256 | scalar(smin=smin32=0,smax=umax=umax32=0x7fffffff,var_off=(0x0; 0x7fffffff))
            jlt:5,jgt:8 | and:2147483647 | jge r7 | scalar(smin=umin=smin32=umin32=5,smax=umax=smax32=umax32=8,var_off=(0x0; 0xf)) | scalar(smin=umin=smin32=umin32=6,smax=umax=umax32=0x7fffffff,var_off=(0x0; 0x7fffffff))
            jsgt:1000,jslt:-1000,movsx8:0,add:100 | jsgt:0,jslt:-1,jset:10,movsx8:0 | jne r7 | scalar(smin=smin32=-28,smax=smax32=127) | scalar(smin=smin32=-28,smax=smax32=127)
            jsgt:10,jslt:-10,jsge32:0 | jsgt:0,jslt:-1,movsx8:0,add:-2,rsh:1 | smod32 3 | scalar()
            jsgt32:1000,jslt32:-1000,jlt:256 | and:15,add:-8,mov32:0 | arsh r7 | scalar()
            jgt:65535 | jlt:100,jgt:103 | arsh r7 | scalar()
            jsgt:10,jslt:-1000,movsx8:0,movsx8:0 | jgt:65535 | add32 r7 | scalar(smin=0,smax=umax=0xffffffff,smin32=-128,smax32=0x1007e,var_off=(0x0; 0xffffffff))
            and:65535,movsx8:0,and:15,rsh:21 | jsgt:65536,jslt:-65536,add:2147483647,rsh:30 | add32 10 | 10
            and:2147483647 | and:240,mov32:0 | or32 r7 | scalar(smin=smin32=0,smax=umax=umax32=0x7fffffff,var_off=(0x0; 0x7fffffff))
            jsgt:10,jslt:-10,mov32:0,movsx8:0,mov32:0 | jlt:5,jgt:1005,add:804828,or:3,or:256 | jlt r7 | scalar(smin=umin=umin32=0xfffffff6,smax=umax=0xffffffff,smin32=-10,smax32=-1,var_off=(0xfffffff0; 0xf)) | scalar(smin=umin=smin32=umin32=0xc47e1,smax=umax=smax32=umax32=0xc4fff,var_off=(0xc4103; 0xefc))
            and:60,jge:-128,jsle:7,jsle:10 | and:255,mov32:0,or:2147483647,add32:10 | div 2 | scalar()
            jsgt:1000,jslt:-10,and:255 | and:-16,and:2147483647 | jne32 r7 | scalar(smin=smin32=0,smax=umax=smax32=umax32=240,var_off=(0x0; 0xf0)) | scalar(smin=smin32=0,smax=umax=smax32=umax32=240,var_off=(0x0; 0xf0))
            - | jsgt32:1000,jslt32:-1000,and:255,or32:3 | or 217 | scalar(smin=0x80000000000000d9,umin=umin32=217,smin32=0x800000d9,var_off=(0xd9; 0xffffffffffffff26))
            jsgt32:0,jslt32:-1,movsx8:0 | jgt:2147483647,add:15,rsh:14,mov32:0 | xor32 7 | scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))
            jgt:10 | jgt:1000,rsh:2,rsh:2,mov32:0 | jslt32 r7 | scalar(smin=smin32=0,smax=umax=smax32=umax32=10,var_off=(0x0; 0xf)) | scalar(smin=smin32=0,smax=umax=smax32=umax32=10,var_off=(0x0; 0xf))
            - | jgt32:2147483647 | jsle r7 | scalar(smin=0x8000000000000001) | scalar(smax=0x7fffffff7fffffff,umax=0xffffffff7fffffff,smin32=0,umax32=0x7fffffff,var_off=(0x0; 0xffffffff7fffffff))
            jgt:100,add:-100 | jsgt:1000,jslt:-1,and:255,and:240,movsx8:0 | jsge r7 | scalar(-100,smin=smin32=-100,smax=smax32=0) | scalar(smin=smin32=-99,smax=smax32=127)
            and32:65535 | and:240 | arsh32 10 | scalar(smin=smin32=0,smax=umax=smax32=umax32=63,var_off=(0x0; 0x3f))
            and:15,and:65535 | jgt32:2147483647 | jsle32 r7 | scalar(smin=umin=smin32=umin32=1,smax=umax=smax32=umax32=15,var_off=(0x0; 0xf)) | scalar(smax=0x7fffffff0000000e,umax=0xffffffff0000000e,smin32=0,smax32=umax32=14,var_off=(0x0; 0xffffffff0000000f))
            jgt32:10,mov32:0 | jlt:5,jgt:8 | jeq32 r7 | scalar(smin=smin32=0,smax=umax=smax32=umax32=10,var_off=(0x0; 0xf)) | scalar(smin=umin=smin32=umin32=5,smax=umax=smax32=umax32=8,var_off=(0x0; 0xf))
            jgt32:100 | jgt32:1000,or:256 | rsh32 3 | scalar(smin=smin32=0,smax=umax=smax32=umax32=12,var_off=(0x0; 0xf))
            and:65535 | mov32:0 | div 10 | scalar()
            jlt:-1,or:3,or:1 | - | jslt32 r7 | -1 | scalar(smin=0x8000000080000000,umin=umin32=0x80000000,smax32=-1,var_off=(0x80000000; 0xffffffff7fffffff))
            and:65280,movsx8:0 | mov32:0,or32:1 | rsh r7 | scalar()
            jlt:2147483638,jgt:2147484638,mov32:0,movsx8:0,rsh:12 | jlt32:1,jgt32:1001,rsh:22,and:65535,jle:255 | xor r7 | scalar(smin=0,smax=umax=0xfffffffffffff,var_off=(0x0; 0xfffffffffffff))
            jsgt32:65536,jslt32:-65536,or32:256,add32:16,add:2147483647 | jlt32:1,jgt32:1,rsh:19,add:90,add:2 | and -2 | scalar(smin=0,smax=umax=0x17ffffffe,smax32=0x7ffffffe,umax32=0xfffffffe,var_off=(0x0; 0x1fffffffe))
            mov32:0,jslt32:1024024 | jsgt:10,jslt:-10,and:-16,rsh:10 | div 100 | scalar()
            jsgt:100,jslt:-100,rsh:25,movsx8:0 | and:15,add:255 | jgt r7 | scalar(smin=smin32=0,smax=umax=smax32=umax32=127,var_off=(0x0; 0x7f)) | scalar(smin=umin=smin32=umin32=255,smax=umax=smax32=umax32=270,var_off=(0x0; 0x1ff))
            jsgt:10,jslt:-10,and:60,jset32:2,and:2147483647 | jgt32:10 | jsgt32 r7 | scalar(smin=smin32=0,smax=umax=smax32=umax32=10,var_off=(0x0; 0xc)) | scalar(smax=0x7fffffff0000000a,umax=0xffffffff0000000a,smin32=0,smax32=umax32=10,var_off=(0x0; 0xffffffff0000000f))
            jge:-8 | jgt32:2147483647,movsx8:0,jlt:256,add:2 | xor32 r7 | scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))
            and:-16,add:-128 | jsgt:10,jslt:-10,rsh:21,and:15 | jset r7 | scalar(smax=0x7ffffffffffffff0,umax=0xfffffffffffffff0,smax32=0x7ffffff0,umax32=0xfffffff0,var_off=(0x0; 0xfffffffffffffff0)) | scalar(smin=smin32=0,smax=umax=smax32=umax32=15,var_off=(0x0; 0xf))
            and:4095,add:-128 | jgt:255,movsx8:0 | jne r7 | scalar(smin=smin32=-128,smax=smax32=127) | scalar(smin=smin32=-128,smax=smax32=127)
            movsx8:0,add:16,add:8 | jsgt32:65536,jslt32:-65536,mov32:0,add:256,mov32:0 | jlt r7 | scalar(smin=smin32=-104,smax=smax32=151) | scalar(smin=0,smax=umax=0xffffffff,smin32=0xffff0100,smax32=0x10100,var_off=(0x0; 0xffffffff))
            and:2147483647,mov32:0,and:4095 | jsgt:65536,jslt:-65536,movsx8:0,add:-2147483648 | sdiv32 -1 | scalar()
            jlt32:2147483638,jgt32:2147483688 | jsgt:65536,jslt:-65536,and:4095,rsh:18,rsh32:11 | add32 8 | scalar(smin=umin=umin32=0x7ffffffe,smax=umax=umax32=0x80000030,var_off=(0x0; 0xffffffff))
            jgt32:1000,movsx8:0,or32:256 | jlt32:2147483638,jgt32:2147483638,mov32:0,or:1 | jsge r7 | scalar(smin=umin=smin32=umin32=256,smax=umax=smax32=umax32=0x7ffffff6,var_off=(0x100; 0x7ffffeff)) | 0x7ffffff7
            - | and32:65280,mov32:0 | lsh r7 | scalar()
            and:255 | and:2147483647 | jset32 -100 | scalar(smin=smin32=0,smax=umax=smax32=umax32=99,var_off=(0x0; 0x63)) | -
            jsgt32:1000,jslt32:-1000,rsh:23,rsh:5 | jlt:2147483638,jgt:2147483638,add32:8 | sub32 r7 | scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))
            jlt32:2147483638,jgt32:2147483688,jgt32:-2,or:3,and:255 | jlt:100,jgt:150 | xor -2147483648 | scalar(smin=0xffffffff80000003,smax=0xffffffff800000ff,umin=0xffffffff80000003,umax=0xffffffff800000ff,smin32=umin32=0x80000003,smax32=umax32=0x800000ff,var_off=(0xffffffff80000003; 0xfc))
            and:4095,rsh32:6,rsh:13,rsh32:9 | jlt32:2147483638,jgt32:2147483688 | sdiv r7 | scalar()
            jlt:2147483638,jgt:2147483641,and:60,jle:15 | jne32:100 | mul 100 | scalar(smin=umin=smin32=umin32=4800,smax=umax=smax32=umax32=6000,var_off=(0x1040; 0x7b0))
            jsgt:1000,jslt:-1000,mov32:0 | and32:2147483647 | jsle32 r7 | scalar(smin=umin=smin32=umin32=1,smax=umax=smax32=umax32=1000,var_off=(0x0; 0x3ff)) | scalar(smin=smin32=0,smax=umax=smax32=umax32=999,var_off=(0x0; 0x3ff))
            jgt32:2147483647,movsx8:0 | jgt32:2147483647,or32:3 | jsge32 r7 | scalar(smin=smin32=-128,smax=smax32=127) | scalar(smin=umin=smin32=umin32=3,smax=umax=umax32=0x7fffffff,var_off=(0x3; 0x7ffffffc))
            - | jlt32:2147483638,jgt32:2147483641,jslt:-8 | mod 10 | scalar()
            jsgt:1000,jslt:-1000,mov32:0,and:15 | jsgt:1000,jslt:-1000,add32:64,movsx8:0,add32:7 | or r7 | scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))
            jsgt:65536,jslt:-65536,mov32:0 | jlt:1,jgt:51,and:-16,jset32:15,or:3 | lsh32 13 | scalar(smin=0,smax=umax=umax32=0xffffe000,smax32=0x7fffe000,var_off=(0x0; 0xffffe000))
            jsgt:1000,jslt:-1000,mov32:0 | jgt:2147483647 | lsh32 r7 | scalar()
            and:60,and:15,jge32:8 | and:4095 | sub r7 | scalar(smin=smin32=-4095,smax=smax32=4)
            and32:65535,add:15,add32:0,or32:3 | jsgt:10,jslt:-1,movsx8:0,jset:10 | or 0 | scalar(smin=umin=smin32=umin32=15,smax=umax=smax32=umax32=0x1ffff,var_off=(0x3; 0x1fffc))
            mov32:0,rsh:1 | and:65535,or:2147483647 | or32 r7 | 0x7fffffff
            - | mov32:0,or:2147483647,jge:-109 | jle32 r7 | scalar(smin=0x8000000080000000,umin=umin32=0x80000000,smax32=-1,var_off=(0x80000000; 0xffffffff7fffffff)) | 0x7fffffff
            and32:15 | and:4095,add:-100 | jslt32 r7 | scalar(smin=smin32=0,smax=umax=smax32=umax32=15,var_off=(0x0; 0xf)) | scalar(smin=smin32=-100,smax=3995,smax32=15)
            jsgt:100,jslt:-100,and:255 | - | add32 65535 | scalar(smin=umin=smin32=umin32=0xffff,smax=umax=smax32=umax32=0x100fe,var_off=(0x0; 0x1ffff))
            jlt:1,jgt:1,movsx8:0,rsh:10 | and:255,and:65535,jslt:-128,movsx8:0 | add32 r7 | scalar(smin=0,smax=umax=0xffffffff,smin32=-128,smax32=127,var_off=(0x0; 0xffffffff))
            jsgt32:10,jslt32:-10 | jgt:2147483647 | arsh32 24 | scalar(smin=0,smax=umax=0xffffffff,smin32=-1,smax32=0,var_off=(0x0; 0xffffffff))
            jsgt:1000,jslt:-1,mov32:0,rsh32:6 | - | jslt r7 | scalar(smin=smin32=0,smax=umax=smax32=umax32=0x3ffffff,var_off=(0x0; 0x3ffffff)) | scalar(smax=0x3ffffff)
            jsgt:1000,jslt:-1,and:240,mov32:0,movsx8:0 | jsgt32:1000,jslt32:-10,and:65535,movsx8:0 | add32 r7 | scalar(smin=0,smax=umax=0xffffffff,smin32=-256,smax32=254,var_off=(0x0; 0xffffffff))
            jsgt32:65536,jslt32:-65536,or:3,mov32:0,add:65535 | jlt:1,jgt:1,and:65535 | and32 r7 | 0
            jsgt:10,jslt:-10,mov32:0,or32:2147483647,movsx8:0 | jsgt32:0,jslt32:-1000,and:15,or32:3,and:255 | jle r7 | scalar(smin=smin32=-128,smax=smax32=127,umin=4) | scalar(smin=umin=smin32=umin32=3,smax=umax=smax32=umax32=15,var_off=(0x3; 0xc))
            jgt:1000,add:2,mov32:0,jsle:8 | jsgt:1000,jslt:-1000 | mul32 r7 | scalar(smin=0,smax=umax=0xffffffff,smin32=0xfff0b5f0,smax32=0xf4a10,var_off=(0x0; 0xffffffff))
            jgt:100,add:65535,rsh32:17,rsh32:28 | jsgt32:0,jslt32:-1000,movsx8:0,jle:142,or:3 | sdiv 10 | scalar()
            jgt:255,add:0 | jsgt32:10,jslt32:-10,add:2147483647,add32:-128,and:240 | jlt r7 | scalar(+0,smin=smin32=0,smax=umax=smax32=umax32=255,var_off=(0x0; 0xff)) | scalar(smin=smin32=0,smax=umax=smax32=umax32=240,var_off=(0x0; 0xf0))
            and:15,or:3,and:65535,movsx8:0 | jgt:10,or:3,rsh32:13 | mul32 256 | scalar(smin=umin=smin32=umin32=768,smax=umax=smax32=umax32=3840,var_off=(0x0; 0xf00))
            jgt:65535 | jlt32:1,jgt32:1,movsx8:0,and:15,add32:7 | mod 8 | scalar()
            mov32:0,and:15 | and:2147483647,or32:2147483647,rsh32:25,add32:95150 | add32 r7 | scalar(smin=umin=smin32=umin32=0x173ed,smax=umax=smax32=umax32=0x173fc,var_off=(0x173e0; 0x1f))
            mov32:0,or32:1 | jsgt:1000,jslt:-1000 | sub r7 | scalar(smin=-999,smax=0x1000003e7)
            jgt32:1000,or:256,movsx8:0,or32:2147483647 | jsgt32:100,jslt32:-100,rsh:5 | jgt r7 | scalar(smin=umin=umin32=0x7fffffff,smax=umax=0xffffffff,smin32=-1,var_off=(0x7fffffff; 0x80000000)) | scalar(smin=umin=0x7fffffff,smax=umax=0x7ffffffffffffff,var_off=(0x0; 0x7ffffffffffffff))
            jsgt:1000,jslt:-1000,mov32:0,movsx8:0 | jsgt:1000,jslt:-1000 | sdiv32 r7 | scalar()
            add:412920,add:-2147483648 | jlt32:2147483638,jgt32:2147483638,movsx8:0,movsx8:0,jne:7 | and 65535 | scalar(smin=smin32=0,smax=umax=smax32=umax32=0xffff,var_off=(0x0; 0xffff))
            jge:1000 | jgt:65535 | lsh 24 | scalar(smin=0,smax=umax=0x3e7000000,smax32=0x7f000000,umax32=0xff000000,var_off=(0x0; 0x3ff000000))
            jsgt:0,jslt:-1,mov32:0 | jgt:100,movsx8:0,and:-16 | mod 3 | scalar()
            jlt:1,jgt:1001,and:2147483647,movsx8:0 | or:3,or:256 | mod r7 | scalar()
            jlt32:100,jgt32:1100 | jsgt32:1000,jslt32:-1000,jsle:8,rsh32:8 | jslt r7 | scalar(smin=umin=smin32=umin32=100,smax=umax=0x7fffffff0000044c,smax32=umax32=1100,var_off=(0x0; 0x7fffffff000007ff)) | scalar(smin=smin32=0,smax=umax=smax32=umax32=0xffffff,var_off=(0x0; 0xffffff))
            jgt32:65535,movsx8:0,mov32:0,and:4095 | jgt32:255,movsx8:0 | jge r7 | scalar(smin=smin32=0,smax=umax=smax32=umax32=4095,var_off=(0x0; 0xfff)) | scalar(smin=smin32=-128,smax=smax32=127,umin=1)
            jsgt:10,jslt:-10,mov32:0,movsx8:0 | jsgt:10,jslt:-1000,add32:10 | jset 1 | scalar(smax=0x7ffffffffffffffe,umax=0xfffffffffffffffe,smax32=0x7ffffffe,umax32=0xfffffffe,var_off=(0x0; 0xfffffffffffffffe)) | -
            jlt32:100,jgt32:1100,or:256 | and:65535,jgt:-1 | jset32 r7 | scalar(smin=0x8000000000000100,smax=0x7fffffff000007ff,umin=smin32=umin32=256,umax=0xffffffff000007ff,smax32=umax32=2047,var_off=(0x100; 0xffffffff000006ff)) | scalar(smin=smin32=0,smax=umax=smax32=umax32=0xffff,var_off=(0x0; 0xffff))
            jsgt32:0,jslt32:-1000,or:1,rsh:9 | jsgt32:10,jslt32:-10,mov32:0 | mul 15 | scalar(smin=0,smax=umax=0x77ffffffffffff1,var_off=(0x0; 0x7ffffffffffffff))
            jsgt32:100,jslt32:-100,or:3,rsh:31,or:3 | jlt:1,jgt:1001,movsx8:0,or32:3 | arsh32 26 | scalar(smin=0,smax=umax=0xffffffff,smin32=-32,smax32=31,var_off=(0x0; 0xffffffff))
            and:4095 | jlt:2147483638,jgt:2147484638,movsx8:0,mov32:0 | sdiv r7 | scalar()
            jsgt32:100,jslt32:-100,or:256,mov32:0,rsh:13 | jsgt:10,jslt:-10,movsx8:0 | jset r7 | scalar(smin=smin32=0,smax=umax=smax32=umax32=0x7ffff,var_off=(0x0; 0x7ffff)) | scalar(smin=smin32=-10,smax=smax32=10)
            jsgt32:10,jslt32:-1000,and:240,mov32:0 | and:65280,jsge32:8,movsx8:0 | div r7 | scalar()
            jsgt32:1000,jslt32:-1000,jsgt:-2147483648,movsx8:0,jsgt:640693 | jsgt:10,jslt:-1,movsx8:0,or32:3,mov32:0 | xor32 16 | scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))
            jsgt:65536,jslt:-65536,and:4095 | jsgt32:1000,jslt32:-1000,jgt32:16 | and 1000 | scalar(smin=smin32=0,smax=umax=smax32=umax32=1000,var_off=(0x0; 0x3e8))
            jlt:1,jgt:4,or32:2147483647,add:1 | jsgt:100,jslt:-100 | jle r7 | 0x80000000 | scalar(smin=smin32=0,smax=umax=smax32=umax32=100,var_off=(0x0; 0x7f))
            jlt:5,jgt:1005,mov32:0,and:65535 | jsgt32:0,jslt32:-1 | mod r7 | scalar()
            jgt32:65535,and:60,rsh:2,and:15 | jlt32:5,jgt32:8,and:65535,rsh:21 | jne r7 | 0 | 0
            jgt:255,movsx8:0,add:-128,rsh:10 | jsgt32:100,jslt32:-100,add:8 | rsh 14 | 0xffffffffff
            jlt:2147483638,jgt:2147483638,movsx8:0 | - | or -8 | -2
            jsgt32:10,jslt32:-1,or32:1,mov32:0 | jsgt:0,jslt:-1,rsh:24 | sub32 r7 | scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))
            """;

    private static void within(Scalar ours, Scalar kernel) {
        assertTrue(ours.leq(kernel), () -> "ours " + ours + " is not within the kernel's " + kernel);
    }

    @TestFactory
    Stream<DynamicTest> atLeastAsPreciseAsTheKernel() {
        return Arrays.stream(CASES.strip().split("\n")).map(String::strip).map(line -> {
            String[] f = line.split(" \\| ");
            return DynamicTest.dynamicTest(line, () -> {
                Scalar r6 = KernelStates.steps(Scalar.unknown(), f[0]);
                Scalar r7 = KernelStates.steps(Scalar.unknown(), f[1]);
                if (r6 == null || r7 == null) return;   // we proved the path dead; soundness is tested elsewhere
                String[] op = f[2].split(" ");
                Scalar src = op[1].equals("r7") ? r7 : Scalar.constant(Long.parseLong(op[1]));
                if (f.length == 5) {
                    // a conditional jump: the kernel printed the fall-through state of r6 and r7
                    String name = op[0];
                    boolean w32 = name.endsWith("32");
                    int jmp = KernelStates.JUMPS.get(w32 ? name.substring(0, name.length() - 2) : name);
                    Scalar[] edge = Scalar.assume(jmp, r6, src, w32, false);
                    if (edge == null) return;
                    if (!f[3].equals("-")) within(edge[0], KernelStates.parse(f[3]));
                    if (!f[4].equals("-") && op[1].equals("r7")) within(edge[1], KernelStates.parse(f[4]));
                    return;
                }
                within(KernelStates.apply(r6, op[0], src), KernelStates.parse(f[3]));
            });
        });
    }
}
