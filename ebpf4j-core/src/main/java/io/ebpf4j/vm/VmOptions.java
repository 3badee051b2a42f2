package io.ebpf4j.vm;

import io.ebpf4j.helpers.Helper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How a {@link Vm} runs a program.
 *
 * @param helpers           helpers callable by id; ids must be unique
 * @param instructionBudget maximum number of instructions one run may execute, or
 *                          {@link #UNLIMITED}; exceeding it is a {@link BpfRuntimeException}
 * @param stackFrameSize    bytes of stack per call frame (the kernel's MAX_BPF_STACK is 512); a multiple of 8
 * @param maxCallDepth      frames in total, the entry function included (kernel MAX_CALL_FRAMES = 8)
 * @param inputCapacity     initial size of the input region; it grows when a larger input is given
 * @param mayGotoLimit      how many times each {@code may_goto} counter falls through before it jumps
 *                          (kernel BPF_MAX_LOOPS = 8M); see {@link Vm}
 * @param resolver          resolves {@code ld_imm64} map/BTF references, or null
 * @param checked           checked mode, for programs nobody verified: every load, store and atomic must lie in one
 *                          region (an active stack frame, the input region, another named region), and a run without
 *                          a budget gets one (see {@link RuntimeOptions#checked()}); both engines
 * @param verified          a promise that the program passed the verifier ({@code io.ebpf4j.verifier}), as every
 *                          program of a {@link Runtime} not in checked mode has: only pointers derived from a
 *                          frame's r10 reach that frame. The JIT then keeps stack slots whose address never escapes
 *                          in JVM locals (docs/architecture.md, "Frame slots in locals"); the arena still holds their
 *                          values after every run. A raw program that reaches a frame through another pointer (which
 *                          the verifier rejects) may see different values with it; off by default, ignored in
 *                          checked mode
 */
public record VmOptions(List<Helper> helpers, long instructionBudget, int stackFrameSize, int maxCallDepth,
                        int inputCapacity, long mayGotoLimit, LdImm64Resolver resolver, boolean checked, boolean verified) {

    /** {@link #instructionBudget()} value for no limit. */
    public static final long UNLIMITED = 0;
    /** Kernel {@code BPF_MAX_LOOPS} (include/linux/bpf.h): 8 * 1024 * 1024. */
    public static final long BPF_MAX_LOOPS = 8L * 1024 * 1024;
    /** Kernel {@code MAX_BPF_STACK}. */
    public static final int MAX_BPF_STACK = 512;
    /** Kernel {@code MAX_CALL_FRAMES}. */
    public static final int MAX_CALL_FRAMES = 8;

    public VmOptions {
        helpers = List.copyOf(helpers);
        Set<Integer> ids = new HashSet<>();
        for (Helper h : helpers) {
            if (!ids.add(h.id())) throw new IllegalArgumentException("two helpers with id " + h.id());
        }
        if (instructionBudget < 0) throw new IllegalArgumentException("negative instruction budget");
        if (stackFrameSize <= 0 || stackFrameSize % 8 != 0 || stackFrameSize > (1 << 20)) {
            throw new IllegalArgumentException("stack frame size must be a positive multiple of 8 up to 1 MiB: " + stackFrameSize);
        }
        if (maxCallDepth < 1 || maxCallDepth > 1024) throw new IllegalArgumentException("max call depth must be 1..1024: " + maxCallDepth);
        if (inputCapacity < 0) throw new IllegalArgumentException("negative input capacity");
        if (mayGotoLimit < 0) throw new IllegalArgumentException("negative may_goto limit");
    }

    /** No helpers, no budget, 8 frames of 512 bytes, 64 KiB input, kernel may_goto limit, no resolver. */
    public static VmOptions defaults() {
        return new VmOptions(List.of(), UNLIMITED, MAX_BPF_STACK, MAX_CALL_FRAMES, 64 * 1024, BPF_MAX_LOOPS, null, false, false);
    }

    /** These options with {@code more} helpers added. */
    public VmOptions withHelpers(Helper... more) {
        List<Helper> all = new ArrayList<>(helpers);
        all.addAll(List.of(more));
        return new VmOptions(all, instructionBudget, stackFrameSize, maxCallDepth, inputCapacity, mayGotoLimit, resolver, checked, verified);
    }

    public VmOptions withInstructionBudget(long budget) {
        return new VmOptions(helpers, budget, stackFrameSize, maxCallDepth, inputCapacity, mayGotoLimit, resolver, checked, verified);
    }

    public VmOptions withStackFrameSize(int size) {
        return new VmOptions(helpers, instructionBudget, size, maxCallDepth, inputCapacity, mayGotoLimit, resolver, checked, verified);
    }

    public VmOptions withMaxCallDepth(int depth) {
        return new VmOptions(helpers, instructionBudget, stackFrameSize, depth, inputCapacity, mayGotoLimit, resolver, checked, verified);
    }

    public VmOptions withInputCapacity(int capacity) {
        return new VmOptions(helpers, instructionBudget, stackFrameSize, maxCallDepth, capacity, mayGotoLimit, resolver, checked, verified);
    }

    public VmOptions withMayGotoLimit(long limit) {
        return new VmOptions(helpers, instructionBudget, stackFrameSize, maxCallDepth, inputCapacity, limit, resolver, checked, verified);
    }

    public VmOptions withResolver(LdImm64Resolver r) {
        return new VmOptions(helpers, instructionBudget, stackFrameSize, maxCallDepth, inputCapacity, mayGotoLimit, r, checked, verified);
    }

    /** These options in checked mode or not. */
    public VmOptions withChecked(boolean on) {
        return new VmOptions(helpers, instructionBudget, stackFrameSize, maxCallDepth, inputCapacity, mayGotoLimit, resolver, on, verified);
    }

    /** These options with the promise that the program was verified, or without it (see {@link #verified()}). */
    public VmOptions withVerified(boolean on) {
        return new VmOptions(helpers, instructionBudget, stackFrameSize, maxCallDepth, inputCapacity, mayGotoLimit, resolver, checked, on);
    }
}
