package io.ebpf4j.jit;

import io.ebpf4j.Ebpf4jException;
import io.ebpf4j.helpers.HelperException;
import io.ebpf4j.isa.Insn;
import io.ebpf4j.isa.Opcodes;
import io.ebpf4j.isa.Program;
import io.ebpf4j.vm.BpfRuntimeException;
import io.ebpf4j.vm.JitBridge;
import io.ebpf4j.vm.MemoryArena;
import io.ebpf4j.vm.VmOptions;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The run-time companion of one compiled program (a constant of its hidden class): the error
 * messages of the interpreter, word for word, and the slow paths that are not worth inlining.
 */
final class ProgramSupport {
    // little-endian, unaligned: the layouts of the interpreter (RFC 9669 §5: loads and stores are in host order)
    static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;
    // RFC 9669 §5.5: legacy packet loads are in network byte order
    static final ValueLayout.OfInt BE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfShort BE_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final VarHandle ATOMIC64 = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    private static final VarHandle ATOMIC32 = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    // a big-endian object's memory (the runtime's *_BE opcodes): the interpreter's layouts; BE_INT, BE_SHORT above serve too
    static final ValueLayout.OfLong BE_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final VarHandle ATOMIC64_BE = ValueLayout.JAVA_LONG.withOrder(ByteOrder.BIG_ENDIAN).varHandle();
    private static final VarHandle ATOMIC32_BE = ValueLayout.JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN).varHandle();

    final JitBridge.Code code;
    final MemorySegment segment;
    final long budgetSetting;
    final int maxDepth;
    /** Compiled for checked mode (a region check before every access). */
    final boolean checked;
    /** Set once the hidden class is defined. */
    JitProgram program;
    Class<?> hiddenClass;
    /** Compile time in ns and size of the generated class. */
    long compileNanos;
    long generateNanos;
    int classBytes;
    int methods;
    int largestMethod;
    /** Reachable instructions compiled to the "not supported" fault. */
    int unsupported;
    /** Stack slots kept in locals, over all functions ({@link FrameSlots}). */
    int keptFrameSlots;
    /** Groups of loads and stores that share one bounds check, and the accesses in them ({@link AccessGroups}). */
    int accessGroups, groupedAccesses;
    /** Calls of {@code bpf_map_lookup_elem} on arrays written out in place ({@link Unit}). */
    int inlinedLookups;
    /** Of those, the ones with a key the block stored as a constant ({@link BlockConstants}). */
    int constantKeys;
    /** Map helper calls made the map's own operation on a constant map ({@link Unit}). */
    int directMapCalls;
    /** {@code bpf_loop} calls written out as a loop over the callback's method ({@link Unit}). */
    int inlinedLoops;

    ProgramSupport(JitBridge.Code code, MemorySegment segment, long budgetSetting, int maxDepth, boolean checked) {
        this.code = code;
        this.checked = checked;
        this.segment = segment;
        this.budgetSetting = budgetSetting;
        this.maxDepth = maxDepth;
    }

    String name() {
        return code.name();
    }

    // ------------------------------------------------------------------ errors (as the interpreter words them)

    RuntimeException budgetExhausted(int slot) {
        return new BpfRuntimeException(name(), slot, code.insnAt(slot), "instruction budget of " + budgetSetting + " exhausted", null);
    }

    RuntimeException callTooDeep(int slot) {
        return new BpfRuntimeException(name(), slot, code.insnAt(slot), "call depth exceeds " + maxDepth + " frames", null);
    }

    RuntimeException badCallx(int slot, int reg, long value) {
        return new BpfRuntimeException(name(), slot, code.insnAt(slot), String.format(
                "r%d = 0x%x is neither a function pointer of this program nor the id of a registered helper", reg, value), null);
    }

    RuntimeException fellOff() {
        Program prog = code.program();
        int last = prog.slotOf(prog.size() - 1);
        return new BpfRuntimeException(name(), last, prog.insn(prog.size() - 1), "execution ran past the last instruction", null);
    }

    RuntimeException unsupported(int slot) {
        return new BpfRuntimeException(name(), slot, code.insnAt(slot), "instruction not supported by the JIT compiler", null);
    }

    private RuntimeException misaligned(int slot, long offset, int size) {
        return new BpfRuntimeException(name(), slot, code.insnAt(slot), String.format(
                "misaligned atomic access of %d bytes at 0x%x (the kernel's verifier requires %d-byte alignment)",
                size, offset + MemoryArena.BASE, size), null);
    }

    private RuntimeException unknownAtomic(int slot, int op) {
        return new BpfRuntimeException(name(), slot, code.insnAt(slot), String.format("unknown atomic operation 0x%x", op), null);
    }

    /** A load or store that the arena segment rejected (exception handler of each memory instruction). */
    static RuntimeException fault(IndexOutOfBoundsException e, long address, int slot, ProgramSupport sup, JitState s) {
        return s.slot.fault(sup.code, slot, address, e);
    }

    /**
     * The slice of an access group ({@code AccessGroups}) that the arena rejected: the bytes {@code [address, address
     * + span)} that the accesses of slots {@code first} to {@code last} cover leave the arena. A program that passed
     * the verifier has each of them in a region of the arena, so the program ran as verified without being so (or the
     * verifier erred); the fault comes before any of them ran.
     */
    static RuntimeException groupFault(IndexOutOfBoundsException e, long address, long span, int first, int last,
                                       ProgramSupport sup) {
        return new BpfRuntimeException(sup.name(), first, sup.code.insnAt(first), String.format(
                "the accesses of slots %d to %d cover [0x%x, 0x%x), which is not inside the memory arena"
                        + " (the program runs as verified, but the verifier would not accept these accesses)",
                first, last, address, address + span), e);
    }

    /** What escaped a helper call at {@code slot}, as the interpreter reports it. */
    static RuntimeException helperFailure(RuntimeException e, int slot, ProgramSupport sup) {
        if (e instanceof JitControl) return e;
        Insn in = sup.code.insnAt(slot);
        if (e instanceof HelperException) {
            String helper = in.opcode() == Opcodes.CALL_IMM && in.src() == Opcodes.CALL_HELPER
                    ? "helper " + sup.code.helperName((int) (sup.code.word(slot) >> 32)) + ": " : "";
            return new BpfRuntimeException(sup.name(), slot, in, helper + e.getMessage(), e);
        }
        if (e instanceof Ebpf4jException) return e;
        return new BpfRuntimeException(sup.name(), slot, in, "failed: " + e, e);
    }

    // ------------------------------------------------------------------ atomics

    // RFC 9669 §5.3: atomic operations; fetch forms and xchg load the old value into src, cmpxchg
    // compares with r0 and loads the old value into r0; 32-bit forms zero-extend it. The kernel's
    // verifier rejects misaligned atomics (check_atomic -> check_ptr_alignment, strict).
    // Returns the old value for the forms that load it.
    static long atomic64(MemorySegment mw, long at, long v, long r0, int op, int slot, ProgramSupport sup) {
        if ((at & 7) != 0) throw sup.misaligned(slot, at, 8);
        return switch (op) {
            case Opcodes.ATOMIC_ADD, Opcodes.ATOMIC_ADD | Opcodes.FETCH -> (long) ATOMIC64.getAndAdd(mw, at, v);
            case Opcodes.ATOMIC_OR, Opcodes.ATOMIC_OR | Opcodes.FETCH -> (long) ATOMIC64.getAndBitwiseOr(mw, at, v);
            case Opcodes.ATOMIC_AND, Opcodes.ATOMIC_AND | Opcodes.FETCH -> (long) ATOMIC64.getAndBitwiseAnd(mw, at, v);
            case Opcodes.ATOMIC_XOR, Opcodes.ATOMIC_XOR | Opcodes.FETCH -> (long) ATOMIC64.getAndBitwiseXor(mw, at, v);
            case Opcodes.XCHG -> (long) ATOMIC64.getAndSet(mw, at, v);
            case Opcodes.CMPXCHG -> (long) ATOMIC64.compareAndExchange(mw, at, r0, v);
            default -> throw sup.unknownAtomic(slot, op);
        };
    }

    static long atomic32(MemorySegment mw, long at, long value, long r0, int op, int slot, ProgramSupport sup) {
        if ((at & 3) != 0) throw sup.misaligned(slot, at, 4);
        int v = (int) value;
        int old = switch (op) {
            case Opcodes.ATOMIC_ADD, Opcodes.ATOMIC_ADD | Opcodes.FETCH -> (int) ATOMIC32.getAndAdd(mw, at, v);
            case Opcodes.ATOMIC_OR, Opcodes.ATOMIC_OR | Opcodes.FETCH -> (int) ATOMIC32.getAndBitwiseOr(mw, at, v);
            case Opcodes.ATOMIC_AND, Opcodes.ATOMIC_AND | Opcodes.FETCH -> (int) ATOMIC32.getAndBitwiseAnd(mw, at, v);
            case Opcodes.ATOMIC_XOR, Opcodes.ATOMIC_XOR | Opcodes.FETCH -> (int) ATOMIC32.getAndBitwiseXor(mw, at, v);
            case Opcodes.XCHG -> (int) ATOMIC32.getAndSet(mw, at, v);
            // cmpxchg compares the low 32 bits of r0
            case Opcodes.CMPXCHG -> (int) ATOMIC32.compareAndExchange(mw, at, (int) r0, v);
            default -> throw sup.unknownAtomic(slot, op);
        };
        return old & 0xffff_ffffL;
    }

    /**
     * {@link #atomic64} on big-endian memory: the same operations, alignment rule and messages. A
     * var handle of the other byte order is still atomic on aligned memory (the JDK swaps the
     * value inside a compare-and-set loop), so programs on several threads keep the guarantees.
     */
    static long atomic64Be(MemorySegment mw, long at, long v, long r0, int op, int slot, ProgramSupport sup) {
        if ((at & 7) != 0) throw sup.misaligned(slot, at, 8);
        return switch (op) {
            case Opcodes.ATOMIC_ADD, Opcodes.ATOMIC_ADD | Opcodes.FETCH -> (long) ATOMIC64_BE.getAndAdd(mw, at, v);
            case Opcodes.ATOMIC_OR, Opcodes.ATOMIC_OR | Opcodes.FETCH -> (long) ATOMIC64_BE.getAndBitwiseOr(mw, at, v);
            case Opcodes.ATOMIC_AND, Opcodes.ATOMIC_AND | Opcodes.FETCH -> (long) ATOMIC64_BE.getAndBitwiseAnd(mw, at, v);
            case Opcodes.ATOMIC_XOR, Opcodes.ATOMIC_XOR | Opcodes.FETCH -> (long) ATOMIC64_BE.getAndBitwiseXor(mw, at, v);
            case Opcodes.XCHG -> (long) ATOMIC64_BE.getAndSet(mw, at, v);
            case Opcodes.CMPXCHG -> (long) ATOMIC64_BE.compareAndExchange(mw, at, r0, v);
            default -> throw sup.unknownAtomic(slot, op);
        };
    }

    /** {@link #atomic32} on big-endian memory. */
    static long atomic32Be(MemorySegment mw, long at, long value, long r0, int op, int slot, ProgramSupport sup) {
        if ((at & 3) != 0) throw sup.misaligned(slot, at, 4);
        int v = (int) value;
        int old = switch (op) {
            case Opcodes.ATOMIC_ADD, Opcodes.ATOMIC_ADD | Opcodes.FETCH -> (int) ATOMIC32_BE.getAndAdd(mw, at, v);
            case Opcodes.ATOMIC_OR, Opcodes.ATOMIC_OR | Opcodes.FETCH -> (int) ATOMIC32_BE.getAndBitwiseOr(mw, at, v);
            case Opcodes.ATOMIC_AND, Opcodes.ATOMIC_AND | Opcodes.FETCH -> (int) ATOMIC32_BE.getAndBitwiseAnd(mw, at, v);
            case Opcodes.ATOMIC_XOR, Opcodes.ATOMIC_XOR | Opcodes.FETCH -> (int) ATOMIC32_BE.getAndBitwiseXor(mw, at, v);
            case Opcodes.XCHG -> (int) ATOMIC32_BE.getAndSet(mw, at, v);
            case Opcodes.CMPXCHG -> (int) ATOMIC32_BE.compareAndExchange(mw, at, (int) r0, v);
            default -> throw sup.unknownAtomic(slot, op);
        };
        return old & 0xffff_ffffL;
    }

    static long effectiveBudget(long setting) {
        return setting == VmOptions.UNLIMITED ? Long.MAX_VALUE : setting;
    }
}
