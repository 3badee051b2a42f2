package io.ebpf4j.verifier.domain;

import static io.ebpf4j.isa.Opcodes.*;

import java.util.Map;

/**
 * Reading the kernel verifier's printed register states back into {@link Scalar}s, and a tiny
 * step language for the test programs whose states were recorded: {@code and:255} is
 * {@code r &= 255}, {@code add32:-1} is {@code w += -1}, {@code jgt:100} is the fall-through edge
 * of {@code if r > 100 goto out}, {@code mov32:0} is {@code w = w}, {@code movsx8:0} is
 * {@code r = (s8)r}.
 */
final class KernelStates {
    private KernelStates() {}

    static final Map<String, Integer> ALU_OPS = Map.ofEntries(
            Map.entry("add", ADD), Map.entry("sub", SUB), Map.entry("mul", MUL), Map.entry("div", DIV),
            Map.entry("sdiv", DIV), Map.entry("or", OR), Map.entry("and", AND), Map.entry("lsh", LSH),
            Map.entry("rsh", RSH), Map.entry("mod", MOD), Map.entry("smod", MOD), Map.entry("xor", XOR),
            Map.entry("arsh", ARSH));

    static final Map<String, Integer> JUMPS = Map.ofEntries(
            Map.entry("jeq", JEQ), Map.entry("jgt", JGT), Map.entry("jge", JGE), Map.entry("jset", JSET),
            Map.entry("jne", JNE), Map.entry("jsgt", JSGT), Map.entry("jsge", JSGE), Map.entry("jlt", JLT),
            Map.entry("jle", JLE), Map.entry("jslt", JSLT), Map.entry("jsle", JSLE));

    /** Applies a comma-separated list of steps to r; null once a fall-through edge is infeasible. */
    static Scalar steps(Scalar r, String steps) {
        if (steps.equals("-")) return r;
        for (String step : steps.split(",")) {
            if (r == null) return null;
            String[] kv = step.split(":");
            String name = kv[0];
            long imm = Long.parseLong(kv[1]);
            r = apply(r, name, Scalar.constant(imm));
        }
        return r;
    }

    /** One step or operation ({@code name} possibly suffixed 32) with the given source operand. */
    static Scalar apply(Scalar r, String name, Scalar src) {
        if (name.equals("mov32")) return Scalar.unknown().alu(MOV, r, false, 0);
        if (name.equals("movsx8")) return Scalar.unknown().alu(MOV, r, true, 8);
        boolean w32 = name.endsWith("32");
        String base = w32 ? name.substring(0, name.length() - 2) : name;
        Integer jmp = JUMPS.get(base);
        if (jmp != null) {
            Scalar[] edge = Scalar.assume(jmp, r, src, w32, false);
            return edge == null ? null : edge[0];
        }
        Integer op = ALU_OPS.get(base);
        if (op == null) throw new IllegalArgumentException("unknown step " + name);
        int off = base.startsWith("s") && (op == DIV || op == MOD) ? 1 : 0;
        return r.alu(op, src, !w32, off);
    }

    /** A register state as kernel/bpf/log.c prints it: a constant, or {@code scalar(...)}. */
    static Scalar parse(String s) {
        if (!s.startsWith("scalar(")) return Scalar.constant(num(s));
        String inner = s.substring("scalar(".length(), s.length() - 1);
        Tnum t = Tnum.UNKNOWN;
        long smin = Long.MIN_VALUE, smax = Long.MAX_VALUE, umin = 0, umax = -1L;
        long s32min = Integer.MIN_VALUE, s32max = Integer.MAX_VALUE, u32min = 0, u32max = 0xffff_ffffL;
        if (!inner.isEmpty()) {
            for (String item : inner.split(",")) {
                if (item.startsWith("var_off=")) {
                    String[] vm = item.substring("var_off=(".length(), item.length() - 1).split("; ");
                    t = new Tnum(num(vm[0]), num(vm[1]));
                    continue;
                }
                String[] parts = item.split("=");
                long v = num(parts[parts.length - 1]);
                for (int i = 0; i < parts.length - 1; i++) {
                    switch (parts[i]) {
                        case "smin" -> smin = v;
                        case "smax" -> smax = v;
                        case "umin" -> umin = v;
                        case "umax" -> umax = v;
                        case "smin32" -> s32min = (int) v;
                        case "smax32" -> s32max = (int) v;
                        case "umin32" -> u32min = v & 0xffff_ffffL;
                        case "umax32" -> u32max = v & 0xffff_ffffL;
                        default -> throw new IllegalArgumentException("unknown field " + parts[i] + " in " + s);
                    }
                }
            }
        }
        Scalar k = Scalar.make(t, smin, smax, umin, umax, s32min, s32max, u32min, u32max);
        if (k == null) throw new IllegalArgumentException("kernel state admits no value: " + s);
        return k;
    }

    private static long num(String v) {
        if (v.startsWith("0x")) return Long.parseUnsignedLong(v.substring(2), 16);
        if (v.startsWith("-0x")) return -Long.parseUnsignedLong(v.substring(3), 16);
        return Long.parseLong(v);
    }
}
