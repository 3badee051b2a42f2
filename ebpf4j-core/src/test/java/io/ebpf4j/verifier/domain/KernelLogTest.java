package io.ebpf4j.verifier.domain;

import static io.ebpf4j.isa.Opcodes.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Register states the Linux 6.18 verifier printed (log level 2, `kernel-oracle`) for this
 * socket-filter program, replayed on our domain: the result must print exactly as the kernel's
 * (the {@code id=1} of linked registers is the analyzer's business and left out).
 *
 * <pre>
 *  0: call bpf_ktime_get_ns      ; r0 unknown 64-bit
 *  1: r6 = r0
 *  2: r1 = r6 ; 3: r1 &amp;= 255
 *  4: r2 = r6 ; 5: if r2 &lt; 0xa goto +1
 *  7: r3 = r6 ; 8: w3 = w3
 *  9: r4 = r6 ; 10: r4 = (s8)r4
 * 11: r5 = r6 ; 12: if w5 &lt; 0xa goto +1
 * 14: r7 = r6 ; 15: r7 s&gt;&gt;= 60
 * 16: r8 = r6 ; 17: r8 &amp;= 255 ; 18: r8 = be32 r8
 * 19: r9 = r6 ; 20: if r9 &gt;= 1 goto +1 ; 22: if r9 &lt;= 0x7fffffff goto +1
 * </pre>
 */
class KernelLogTest {

    private static final Scalar U = Scalar.unknown();

    private static Scalar c(long v) {
        return Scalar.constant(v);
    }

    private static DynamicTest state(String where, String kernel, Supplier<Scalar> ours) {
        return DynamicTest.dynamicTest(where, () -> assertEquals(kernel, ours.get().toString()));
    }

    @TestFactory
    Stream<DynamicTest> statesMatchTheKernelLog() {
        // r6 after the fall-through of insn 5 (r6 >= 10) and after its jump (r6 < 10)
        Supplier<Scalar> ge10 = () -> Scalar.assume(JLT, U, c(10), false, false)[0];
        Supplier<Scalar> lt10 = () -> Scalar.assume(JLT, U, c(10), false, true)[0];
        // r6 after the fall-through of insn 12 (w6 >= 10) and after its jump (w6 < 10), both from ge10
        Supplier<Scalar> w6ge10 = () -> Scalar.assume(JLT, ge10.get(), c(10), true, false)[0];
        Supplier<Scalar> w6lt10 = () -> Scalar.assume(JLT, ge10.get(), c(10), true, true)[0];
        String lt10Log = "scalar(smin=smin32=0,smax=umax=smax32=umax32=9,var_off=(0x0; 0xf))";
        String wlt10Log = "scalar(smax=0x7fffffff00000009,umin=10,umax=0xffffffff00000009,smin32=0,smax32=umax32=9,"
                + "var_off=(0x0; 0xffffffff0000000f))";
        return Stream.of(
            state("3: r1 &= 255", "scalar(smin=smin32=0,smax=umax=smax32=umax32=255,var_off=(0x0; 0xff))",
                    () -> U.alu(AND, c(255), true, 0)),
            state("5: if r2 < 0xa, fall-through", "scalar(umin=10)", ge10),
            state("5: if r2 < 0xa, taken", lt10Log, lt10),
            state("8: w3 = w3 (r6 >= 10)", "scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))",
                    () -> U.alu(MOV, ge10.get(), false, 0)),
            state("8: w3 = w3 (r6 < 10)", lt10Log, () -> U.alu(MOV, lt10.get(), false, 0)),
            state("10: r4 = (s8)r4 (r6 >= 10)", "scalar(smin=smin32=-128,smax=smax32=127)",
                    () -> U.alu(MOV, ge10.get(), true, 8)),
            state("10: r4 = (s8)r4 (r6 < 10)", lt10Log, () -> U.alu(MOV, lt10.get(), true, 8)),
            state("12: if w5 < 0xa, fall-through", "scalar(smin=0x800000000000000a,umin=umin32=10)", w6ge10),
            state("12: if w5 < 0xa, taken", wlt10Log, w6lt10),
            state("15: r7 s>>= 60 (w6 >= 10)", "scalar(smin=smin32=-8,smax=smax32=7)",
                    () -> w6ge10.get().alu(ARSH, c(60), true, 0)),
            state("15: r7 s>>= 60 (w6 < 10)", "scalar(smin=smin32=-8,smax=smax32=7)",
                    () -> w6lt10.get().alu(ARSH, c(60), true, 0)),
            state("17: r8 &= 255 (w6 < 10)", "scalar(smin=smin32=0,smax=umax=smax32=umax32=9,var_off=(0x0; 0xf))",
                    () -> w6lt10.get().alu(AND, c(255), true, 0)),
            state("18: r8 = be32 r8 (w6 >= 10)",
                    "scalar(smin=0,smax=umax=umax32=0xff000000,smax32=0x7f000000,var_off=(0x0; 0xff000000))",
                    () -> w6ge10.get().alu(AND, c(255), true, 0).endian(false, true, 32)),
            state("18: r8 = be32 r8 (w6 < 10)",
                    "scalar(smin=smin32=0,smax=umax=smax32=umax32=0xf000000,var_off=(0x0; 0xf000000))",
                    () -> w6lt10.get().alu(AND, c(255), true, 0).endian(false, true, 32)),
            state("22: if r9 <= 0x7fffffff, fall-through",
                    "scalar(smin=0x800000000000000a,umin=0x80000000,umin32=10)",
                    () -> Scalar.assume(JLE, Scalar.assume(JGE, w6ge10.get(), c(1), false, true)[0], c(0x7fff_ffff), false, false)[0]),
            state("22: if r9 <= 0x7fffffff, taken",
                    "scalar(smin=umin=smin32=umin32=10,smax=umax=umax32=0x7fffffff,var_off=(0x0; 0x7fffffff))",
                    () -> Scalar.assume(JLE, Scalar.assume(JGE, w6ge10.get(), c(1), false, true)[0], c(0x7fff_ffff), false, true)[0]));
    }
}
