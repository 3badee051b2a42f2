package io.ebpf4j.vm;

/**
 * Where one CPU slot's private memory lies in the arena: its stack ({@code frames} frames of
 * {@code frameSize} bytes, the deepest frame at the lowest address, since stacks grow down), its
 * context region (the program's {@code ctx}: {@code struct xdp_md}, {@code struct __sk_buff},
 * syscall arguments) and its packet region (the packet, with the headroom the kernel keeps in front
 * of it). A "CPU" of the runtime is a slot: one program run at a time uses it.
 *
 * @param index          the slot number (what {@code bpf_get_smp_processor_id} returns)
 * @param stackBase      lowest address of the stack
 * @param frameSize      bytes per stack frame (the kernel's {@code MAX_BPF_STACK}, 512)
 * @param frames         stack frames ({@code MAX_CALL_FRAMES}, 8)
 * @param ctxAddress     first address of the context region
 * @param ctxCapacity    its size in bytes
 * @param packetAddress  first address of the packet region
 * @param packetCapacity its size in bytes
 */
public record CpuSlot(int index, long stackBase, int frameSize, int frames, long ctxAddress, int ctxCapacity,
                      long packetAddress, int packetCapacity) {

    /** r10 of the frame at call depth {@code depth} (0 = the entry function): the first address past the frame. */
    public long stackTop(int depth) {
        return stackBase + (long) (frames - depth) * frameSize;
    }

    /** Bytes of stack in all. */
    public long stackSize() {
        return (long) frames * frameSize;
    }

    /** Bytes one slot takes in the arena (before alignment). */
    static long footprint(int frameSize, int frames, int ctxCapacity, int packetCapacity) {
        return MemoryArena.alignUp((long) frameSize * frames, 64) + MemoryArena.alignUp(ctxCapacity, 64)
                + MemoryArena.alignUp(packetCapacity, 64) + 3 * 64;
    }

    /**
     * Lays out slot {@code index} at the arena's next writable addresses and names its regions
     * ({@code prefix + "stack frame N"}, {@code prefix + "context"}, {@code prefix + name of the packet region}).
     */
    static CpuSlot allocate(MemoryArena arena, int index, String prefix, int frameSize, int frames, int ctxCapacity,
                            int packetCapacity, String packetName) {
        return allocate(arena, index, prefix, frameSize, frames, ctxCapacity, packetCapacity, packetName, 0);
    }

    /**
     * {@link #allocate(MemoryArena, int, String, int, int, int, int, String)} with {@code guard} bytes of unnamed memory
     * (in no region) below and above the stack: checked mode's guard, so that an access just past a stack frame is
     * outside every region rather than in the neighbouring context or packet.
     */
    static CpuSlot allocate(MemoryArena arena, int index, String prefix, int frameSize, int frames, int ctxCapacity,
                            int packetCapacity, String packetName, long guard) {
        if (guard > 0) arena.allocate(guard, 64, null);
        long stack = arena.allocate((long) frameSize * frames, 64, null);
        if (guard > 0) arena.allocate(guard, 64, null);
        int named = Math.min(frames, VmOptions.MAX_CALL_FRAMES);
        if (frames > named) {
            arena.nameRegion(prefix + "stack frames " + named + "-" + (frames - 1) + " (tail-call chains)", stack,
                    (long) (frames - named) * frameSize);
        }
        for (int depth = named - 1; depth >= 0; depth--) {
            arena.nameRegion(prefix + "stack frame " + depth, stack + (long) (frames - 1 - depth) * frameSize, frameSize);
        }
        long ctx = ctxCapacity == 0 ? 0 : arena.allocate(ctxCapacity, 64, prefix + "context");
        long packet = arena.allocate(packetCapacity, 64, prefix + packetName);
        return new CpuSlot(index, stack, frameSize, frames, ctx, ctxCapacity, packet, packetCapacity);
    }
}
