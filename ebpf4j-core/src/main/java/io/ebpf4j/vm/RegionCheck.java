package io.ebpf4j.vm;

import io.ebpf4j.helpers.SkBuff;
import io.ebpf4j.helpers.XdpBuff;

/**
 * Checked mode's access rule, for programs that were not verified: a load, store or atomic of
 * {@code size} bytes at {@code address} must lie wholly inside one region the running program may
 * touch with that kind of access. The regions are
 * <ul>
 * <li>the active stack frames of the running CPU slot, {@code [r10 of depth d - 512, r10 of depth d)} for every
 *     depth d up to the current one (a callee may use a pointer into its caller's frame, as the kernel lets a
 *     subprogram receive {@code PTR_TO_STACK}); a deeper, inactive frame is not one;</li>
 * <li>the slot's context: the program type's context structure, or the whole context region for a free-form one;</li>
 * <li>the slot's packet: {@code [data_meta, data_end)} of an XDP buffer (kernel {@code xdp_is_valid_access}: meta
 *     is readable and writable in front of data), {@code [data, data + len)} of a socket buffer, the whole input
 *     region for a run without a packet;</li>
 * <li>any other named region of the arena (map values and storage, global data, ring buffer records), where a
 *     write needs a region programs may write ({@code .rodata}, {@code BPF_F_RDONLY_PROG} maps are read-only).</li>
 * </ul>
 * The private memory of the other CPU slots (stacks, contexts, packets) is never one. Finer rules (which context
 * fields are writable, which map value bytes hold a spin lock) are the verifier's business, not this check's.
 */
final class RegionCheck {
    /** Instructions a checked run may execute when the options set no budget: stops endless loops after a few seconds. */
    static final long DEFAULT_BUDGET = 1L << 28;
    /**
     * Bytes of unmapped memory (in no region) on either side of each slot's stack in checked mode: the reach of an
     * instruction's signed 16-bit offset, so that {@code r10 + off} past the entry frame (or below the deepest one)
     * cannot land in the context or packet that happens to lie next to the stack.
     */
    static final long STACK_GUARD = 0x8000;

    private final MemoryArena arena;
    private final CpuSlot own;
    private final CpuSlot[] all;
    private final RunContext context;
    private final long stackEnd;
    private final int frameSize;
    /** Lowest and highest address of every slot's private memory, to find "another CPU's" quickly. */
    private final long slotsLow;
    private final long slotsHigh;
    /** sizeof the running program type's context structure, or 0 for a free-form one (the whole context region). */
    private int contextSize;

    RegionCheck(MemoryArena arena, CpuSlot own, CpuSlot[] all, RunContext context) {
        this.arena = arena;
        this.own = own;
        this.all = all.clone();
        this.context = context;
        this.stackEnd = own.stackBase() + own.stackSize();
        this.frameSize = own.frameSize();
        long lo = Long.MAX_VALUE, hi = Long.MIN_VALUE;
        for (CpuSlot s : this.all) {
            lo = Math.min(lo, Math.min(s.stackBase(), s.packetAddress()));
            if (s.ctxCapacity() > 0) lo = Math.min(lo, s.ctxAddress());
            hi = Math.max(hi, Math.max(s.stackBase() + s.stackSize(), s.packetAddress() + s.packetCapacity()));
            if (s.ctxCapacity() > 0) hi = Math.max(hi, s.ctxAddress() + s.ctxCapacity());
        }
        this.slotsLow = lo;
        this.slotsHigh = hi;
    }

    void contextSize(int bytes) {
        this.contextSize = bytes;
    }

    /**
     * Why the access is not allowed, or null if it is. {@code depth} is the call depth of the running function.
     */
    String violation(long address, int size, boolean write, int depth) {
        // the common case, small enough for HotSpot to inline into both engines: inside the running function's own
        // frame [r10 - frameSize, r10), r10 of depth d being stackTop(d) (case 1 below, with d == depth)
        long top = stackEnd - (long) depth * frameSize;
        if (address >= top - frameSize && address <= top - size) return null;
        return regionViolation(address, size, write, depth);
    }

    /** {@link #violation} for every access outside the running frame: the whole rule. */
    private String regionViolation(long address, int size, boolean write, int depth) {
        long end = address + size;
        // 1. the running slot's stack: one active frame
        if (address >= own.stackBase() && address < stackEnd) {
            int fs = own.frameSize();
            int d = (int) ((stackEnd - 1 - address) / fs);
            long top = own.stackTop(d);
            if (d > depth) {
                return what(address, size, write) + " is in " + frame(d, top, fs) + ", below the running function's frame (call depth " + depth + ")";
            }
            if (end > top) return what(address, size, write) + " runs past the end of " + frame(d, top, fs);
            return null;
        }
        // 2. the running slot's context
        if (own.ctxCapacity() > 0 && address >= own.ctxAddress() && address < own.ctxAddress() + own.ctxCapacity()) {
            // a typed context ends with its structure (kernel: the type's is_valid_access refuses off >= sizeof)
            long cend = own.ctxAddress() + (contextSize > 0 ? Math.min(contextSize, own.ctxCapacity()) : own.ctxCapacity());
            if (end > cend) {
                return what(address, size, write) + String.format(" is outside cpu %d: context [0x%x, 0x%x)", own.index(), own.ctxAddress(), cend);
            }
            return null;
        }
        // 3. the running slot's packet (the part the program type lets it reach)
        long pkt = own.packetAddress(), pktEnd = pkt + own.packetCapacity();
        if (address >= pkt && address < pktEnd) {
            long lo = pkt, hi = pktEnd;
            String name = "input";
            if (context != null && context.packet instanceof XdpBuff x) {
                lo = x.metaUnsupported() ? x.data() : x.dataMeta();
                hi = x.dataEnd();
                name = "packet [data_meta, data_end)";
            } else if (context != null && context.packet instanceof SkBuff s) {
                lo = s.data();
                hi = s.tail();
                name = "packet [data, data_end)";
            }
            if (address < lo || end > hi) {
                return what(address, size, write) + String.format(" is outside the %s [0x%x, 0x%x) of cpu %d", name, lo, hi, own.index());
            }
            return null;
        }
        // 4. another slot's private memory
        if (address >= slotsLow && address < slotsHigh) {
            for (CpuSlot s : all) {
                if (s == own || s.index() == own.index()) continue;
                String part = null;
                if (address >= s.stackBase() && address < s.stackBase() + s.stackSize()) part = "stack";
                else if (s.ctxCapacity() > 0 && address >= s.ctxAddress() && address < s.ctxAddress() + s.ctxCapacity()) part = "context";
                else if (address >= s.packetAddress() && address < s.packetAddress() + s.packetCapacity()) part = "packet";
                if (part != null) {
                    return what(address, size, write) + " is in the " + part + " of cpu " + s.index() + ", not of the running cpu " + own.index();
                }
            }
        }
        // 5. any other named region
        MemoryRegion r = arena.regionOf(address);
        if (r == null) {
            MemoryRegion near = arena.nearestRegion(address);
            return what(address, size, write) + " is outside any region" + (near == null ? "" : " (nearest: " + near + ")");
        }
        if (end > r.end()) return what(address, size, write) + " runs past the end of " + r;
        if (write && r.readOnly()) return what(address, size, write) + " is in " + r + ": programs may only read it";
        return null;
    }

    private String frame(int d, long top, int fs) {
        return String.format("cpu %d: stack frame %d [0x%x, 0x%x)", own.index(), d, top - fs, top);
    }

    /** The access as messages name it; built only when it faults (the check runs before every access). */
    private static String what(long address, int size, boolean write) {
        return String.format("%d-byte %s at 0x%x", size, write ? "write" : "read", address);
    }

    /** The budget of a run: the configured one, or {@link #DEFAULT_BUDGET} in checked mode when none is set. */
    static long budget(long setting, boolean checked) {
        return checked && setting == VmOptions.UNLIMITED ? DEFAULT_BUDGET : setting;
    }

    /** The fault of an access {@link #violation} refused, the same in both engines. */
    static BpfRuntimeException fault(String program, int slot, io.ebpf4j.isa.Insn insn, String why) {
        return new BpfRuntimeException(program, slot, insn, "checked mode: " + why, null);
    }
}
