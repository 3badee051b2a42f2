package io.ebpf4j.vm;

import io.ebpf4j.isa.Program;
import io.ebpf4j.object.ProgramType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** {@link Vm#load}: one prepared program, one interpreter, an arena of its own (stack + input region). */
final class StandaloneVm implements Vm {
    private final PreparedProgram prepared;
    private final VmOptions options;
    private VmMemory memory;
    private MemoryArena arena;
    private Interpreter interpreter;
    private int inputLength;
    /** The input region of {@link #memory}: kept here so a run reads two fields, not two objects deep. */
    private long inputAddress;
    private int inputCapacity;
    private final Engine engine;
    private JitBridge.SlotEngine jit;
    /** The memory's byte order (helpers read it from the run context). */
    private final java.nio.ByteOrder byteOrder;

    StandaloneVm(PreparedProgram prepared, VmOptions options) {
        this(prepared, options, Engine.INTERPRETER);
    }

    StandaloneVm(PreparedProgram prepared, VmOptions options, Engine engine) {
        this(prepared, options, engine, java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    StandaloneVm(PreparedProgram prepared, VmOptions options, Engine engine, java.nio.ByteOrder byteOrder) {
        this.prepared = prepared;
        this.options = options;
        this.engine = engine;
        this.byteOrder = byteOrder;
        allocate(options.inputCapacity());
    }

    private void allocate(int capacity) {
        VmMemory next = VmMemory.standalone(options.stackFrameSize(), options.maxCallDepth(), capacity, byteOrder,
                options.checked() ? RegionCheck.STACK_GUARD : 0);
        if (memory != null) memory.close();
        memory = next;
        arena = next.arena();
        inputAddress = next.inputAddress();
        inputCapacity = next.inputCapacity();
        RunContext ctx = new RunContext(memory.arena(), 0, RuntimeServices.NONE);
        interpreter = new Interpreter(memory, ctx, options.instructionBudget(), options.mayGotoLimit(), options.maxCallDepth(),
                options.checked() ? new CpuSlot[] {memory.slot()} : null);
        if (engine == Engine.JIT) {
            jit = JitBridge.newJit(memory, ctx, options.instructionBudget(), options.mayGotoLimit(), options.maxCallDepth(),
                    interpreter.regionCheck(), options.verified(), false);
            jit.compile(JitBridge.code(prepared)); // compile now: a JIT internal error shows at load time
        }
    }

    PreparedProgram prepared() {
        return prepared;
    }

    @Override
    public Program program() {
        return prepared.program;
    }

    @Override
    public VmOptions options() {
        return options;
    }

    @Override
    public VmMemory memory() {
        return memory;
    }

    @Override
    public long run(byte[] input) {
        ensureOpen();
        if (input.length > memory.inputCapacity()) {
            allocate(Math.max(input.length, (int) Math.min(Integer.MAX_VALUE - 8, 2L * memory.inputCapacity())));
        }
        MemorySegment.copy(input, 0, memory.segment(), ValueLayout.JAVA_BYTE, memory.inputAddress() - VmMemory.BASE, input.length);
        inputLength = input.length;
        return execute(memory.inputAddress(), input.length);
    }

    @Override
    public long runInPlace(int length) {
        ensureOpen();
        if (length < 0 || length > inputCapacity) {
            throw new BpfRuntimeException("input length " + length + " is outside the input region of "
                    + memory.inputCapacity() + " bytes");
        }
        inputLength = length;
        return execute(inputAddress, length);
    }

    @Override
    public long run(long r1, long r2) {
        ensureOpen();
        inputLength = 0;
        return execute(r1, r2);
    }

    private long execute(long r1, long r2) {
        interpreter.context().beginRun(ProgramType.UNSPEC, null);
        if (jit != null) {
            jit.legacyPacket(inputAddress, inputLength);
            return jit.run(JitBridge.code(prepared), r1, r2);
        }
        interpreter.legacyPacket(inputAddress, inputLength);
        return interpreter.run(prepared, r1, r2);
    }

    @Override
    public byte[] inputBytes() {
        ensureOpen();
        return memory.read(memory.inputAddress(), inputLength);
    }

    @Override
    public long instructionCount() {
        return jit != null ? jit.instructionCount() : interpreter.instructionCount();
    }

    @Override
    public void close() {
        memory.close();
    }

    private void ensureOpen() {
        if (arena.isClosed()) throw new BpfRuntimeException("the vm is closed");
    }
}
