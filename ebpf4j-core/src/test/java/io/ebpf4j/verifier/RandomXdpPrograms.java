package io.ebpf4j.verifier;

import java.util.Random;

/**
 * Random XDP programs in LLVM assembly syntax for the soundness property: always well-formed (every
 * register written before it is read, r0 set before {@code exit}, jumps to labels inside the program,
 * calls only to helpers XDP may call) but of random SAFETY, so that the verifier accepts a good share
 * and rejects the rest. The shapes are those of real programs and of real verifier holes
 * (../shared/VERIFIER-NOTES.md): packet bounds checks with random constants, sometimes off by one or
 * on the wrong branch; stack accesses at constant and at variable offsets whose index is bounded by
 * AND, MOD, unsigned/signed compares, ALU32 ops and shifts (the bound-confusion shapes); reads of
 * uninitialised stack; ALU/ALU32 chains with every operation; bounded loops and {@code may_goto}
 * loops; helpers without maps and {@code bpf_xdp_adjust_head/tail} (after which the packet pointers
 * must be reloaded); lookups in an array map and a hash map with and without the NULL check.
 *
 * <p>Registers: r6 = ctx, r7 = data, r8 = data_end, r9 = an accumulated scalar; r0-r5 are temporaries
 * each snippet writes before reading.
 */
final class RandomXdpPrograms {
    /** Map 0: {@code arr}, BPF_MAP_TYPE_ARRAY, u32 key, 24-byte values (a multiple of 8, as array elements are laid out). */
    static final int ARRAY_VALUE = 24, ARRAY_ENTRIES = 4;
    /** Map 1: {@code hsh}, BPF_MAP_TYPE_HASH, u32 key, 16-byte values, never filled: every lookup returns NULL. */
    static final int HASH_VALUE = 16, HASH_ENTRIES = 8;

    /**
     * One generated program.
     *
     * @param asm              the program text
     * @param usesMaps         whether it references {@code arr} and {@code hsh} (ld_imm64 {@code r1 = 0 ll} to relocate, in order)
     * @param mapRefs          the map of each ld_imm64, in program order: 0 = arr, 1 = hsh
     * @param nondeterministic whether it calls bpf_get_prandom_u32 (its result differs between engines)
     */
    record Generated(String asm, boolean usesMaps, int[] mapRefs, boolean nondeterministic) {}

    private final Random rnd;
    private final StringBuilder out = new StringBuilder();
    private final java.util.List<Integer> mapRefs = new java.util.ArrayList<>();
    /** Stack bytes written on every path so far (index 0 = fp-512). */
    private final boolean[] init = new boolean[512];
    private int labels;
    private boolean nondeterministic;
    /** Nesting depth of conditional code: stores there do not initialise the stack for later snippets. */
    private int conditional;

    private RandomXdpPrograms(long seed) {
        this.rnd = new Random(seed);
    }

    static Generated generate(long seed) {
        return new RandomXdpPrograms(seed).build();
    }

    private Generated build() {
        emit("r6 = r1");
        emit("r9 = %d", rnd.nextInt(2001) - 1000);
        // a window of zeroed stack below fp for variable-offset reads
        int window = pick(0, 16, 32, 64, 128);
        for (int o = 8; o <= window; o += 8) {
            emit("*(u64 *)(r10 - %d) = 0", o);
            markInit(-o, 8);
        }
        loadPacketPointers();
        int snippets = 1 + rnd.nextInt(5);
        for (int i = 0; i < snippets; i++) {
            switch (rnd.nextInt(11)) {
                case 0, 1 -> packetAccess();
                case 2 -> packetVariableAccess();
                case 3 -> stackConstant();
                case 4, 5 -> stackVariable();
                case 6 -> scalarChain();
                case 7 -> loop();
                case 8 -> helper();
                case 9, 10 -> mapAccess();
                default -> throw new AssertionError();
            }
        }
        switch (rnd.nextInt(6)) {
            case 0 -> {
                emit("r0 = r9");
                emit("r0 &= 3");
            }
            case 1 -> emit("r0 = r9");
            default -> emit("r0 = %d", rnd.nextInt(5)); // XDP_ABORTED..XDP_REDIRECT
        }
        emit("exit");
        int[] refs = mapRefs.stream().mapToInt(Integer::intValue).toArray();
        return new Generated(out.toString(), refs.length > 0, refs, nondeterministic);
    }

    // ------------------------------------------------------------------ snippets

    private void loadPacketPointers() {
        // struct xdp_md: data at 0, data_end at 4 (include/uapi/linux/bpf.h)
        emit("r7 = *(u32 *)(r6 + 0)");
        emit("r8 = *(u32 *)(r6 + 4)");
    }

    /** {@code data + k <= data_end} checked (or not quite), then accesses at constant offsets from data. */
    private void packetAccess() {
        if (chance(0.1)) loadPacketPointers();
        int k = 1 + rnd.nextInt(48);
        String skip = label();
        emit("r2 = r7");
        emit("r2 += %d", k);
        branchOutUnlessInBounds("r2", skip);
        conditional++;
        if (chance(0.15)) {
            // moving data after the check: the proven range moves with it (kernel: the same id, off grows)
            int j = rnd.nextInt(k + 1);
            emit("r7 += %d", j);
            k -= j;
        }
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            int size = pick(1, 2, 4, 8);
            int off = safeOffset(k, size);
            memoryAccess("r7", off, size, true);
        }
        conditional--;
        emit("%s:", skip);
    }

    /** A bounded variable offset into the packet: {@code p = data + (byte & m); if p + k > data_end skip; *(p + off)}. */
    private void packetVariableAccess() {
        String skip = label();
        emit("r2 = r7");
        emit("r2 += %d", chance(0.9) ? 2 : 1);
        branchOutUnlessInBounds("r2", skip);
        conditional++;
        emit("r3 = *(%s *)(r7 + 0)", chance(0.8) ? "u8" : "u16");
        boundIndex("r3", "w3", 1 + rnd.nextInt(63), skip);
        emit("r4 = r7");
        emit("r4 += r3");
        int k = 1 + rnd.nextInt(16);
        emit("r5 = r4");
        emit("r5 += %d", k);
        emit("if r5 > r8 goto %s", skip);
        int size = pick(1, 2, 4, 8);
        memoryAccess("r4", safeOffset(k, size), size, true);
        conditional--;
        emit("%s:", skip);
    }

    /** Stack stores and loads at constant offsets (sometimes outside the frame, sometimes of uninitialised bytes). */
    private void stackConstant() {
        int n = 1 + rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            int size = pick(1, 2, 4, 8);
            int off;
            if (chance(0.93)) {
                off = size + rnd.nextInt(512 - size + 1); // fp-off .. fp-off+size within the frame
                if (chance(0.5)) off = (off + size - 1) / size * size;
            } else {
                off = pick(0, -4, 513, 516, 520, size - 1);
            }
            boolean store = chance(0.5);
            if (!store && chance(0.85)) {
                int o = initialisedOffset(size);
                if (o != 0) off = o;
            }
            if (store) {
                storeTo("r10", -off, size);
                markInit(-off, size);
            } else {
                int tmp = 1 + rnd.nextInt(5);
                emit("r%d = *(%s *)(r10 %s)", tmp, width(size), signed(-off));
                emit("r9 += r%d", tmp);
            }
        }
    }

    /** {@code r2 = r10 - base + bounded(r3)}: the bound-confusion shapes of variable stack offsets. */
    private void stackVariable() {
        String skip = label();
        source("r3");
        int max = pick(1, 3, 7, 15, 31, 63, 100, 255);
        int bound = boundIndex("r3", "w3", max, skip);
        conditional++;
        if (chance(0.3)) spillAndFill("r3");
        int size = pick(1, 2, 4, 8);
        boolean load = chance(0.4);
        int base;
        int window = windowSize();
        if (chance(0.75)) {
            // [fp - base + off, fp - base + bound + off + size) inside the frame (and the window for loads)
            int need = bound + size;
            int limit = load ? window : 512;
            base = need <= limit ? need + rnd.nextInt(limit - need + 1) : need;
        } else {
            base = rnd.nextInt(530);
        }
        emit("r2 = r10");
        emit("r2 += %d", -base);
        emit("r2 += r3");
        if (load) {
            int tmp = pick(0, 4, 5);
            emit("r%d = *(%s *)(r2 + 0)", tmp, width(size));
            emit("r9 ^= r%d", tmp);
        } else {
            storeTo("r2", 0, size);
        }
        conditional--;
        emit("%s:", skip);
    }

    /**
     * Spills {@code reg} to the stack and fills it back: the bounds must survive a full-width spill
     * and be lost when a byte of the slot is overwritten in between (kernel check_stack_write_fixed_off:
     * a partial overwrite turns the slot into misc data).
     */
    private void spillAndFill(String reg) {
        int slot = 8 * (1 + rnd.nextInt(64));
        int width = chance(0.75) ? 8 : 4;
        emit("*(%s *)(r10 - %d) = %s", width(width), slot, reg);
        if (chance(0.3)) {
            int size = pick(1, 2, 4);
            emit("*(%s *)(r10 - %d) = %d", width(size), slot - rnd.nextInt(8 - size + 1), rnd.nextInt(256));
        }
        if (chance(0.3)) emit("call 5"); // r1-r5 are lost, the stack is not
        int fill = chance(0.85) ? width : pick(1, 2, 4, 8);
        emit("%s = *(%s *)(r10 - %d)", reg, width(fill), slot);
    }

    /** A chain of ALU and ALU32 operations on r9, with immediates and registers, every operation. */
    private void scalarChain() {
        int n = 1 + rnd.nextInt(8);
        emit("r3 = %d", rnd.nextInt(65) - 16);
        for (int i = 0; i < n; i++) {
            boolean w = chance(0.4);
            String d = w ? "w9" : "r9";
            String s = w ? "w3" : "r3";
            int width = w ? 32 : 64;
            switch (rnd.nextInt(16)) {
                case 0 -> emit("%s += %s", d, chance(0.5) ? s : String.valueOf(rnd.nextInt(1000) - 500));
                case 1 -> emit("%s -= %s", d, chance(0.5) ? s : String.valueOf(rnd.nextInt(1000) - 500));
                case 2 -> emit("%s *= %s", d, chance(0.5) ? s : String.valueOf(rnd.nextInt(100) - 50));
                case 3 -> emit("%s %s %s", d, chance(0.5) ? "/=" : "s/=", chance(0.6) ? s : String.valueOf(nonZero()));
                case 4 -> emit("%s %s %s", d, chance(0.5) ? "%=" : "s%=", chance(0.6) ? s : String.valueOf(nonZero()));
                case 5 -> emit("%s |= %s", d, chance(0.5) ? s : String.valueOf(rnd.nextInt(256)));
                case 6 -> emit("%s &= %s", d, chance(0.5) ? s : String.valueOf(rnd.nextInt(1 << 16)));
                case 7 -> emit("%s ^= %s", d, chance(0.5) ? s : String.valueOf(rnd.nextInt()));
                case 8 -> emit("%s <<= %d", d, shift(width));
                case 9 -> emit("%s >>= %d", d, shift(width));
                case 10 -> emit("%s s>>= %d", d, shift(width));
                case 11 -> {
                    // shift by a register: the run masks the amount (RFC 9669 §4.1); the verifier must not assume less
                    emit("%s = %d", s, rnd.nextInt(80));
                    emit("%s %s %s", d, pickOf("<<=", ">>=", "s>>="), s);
                }
                case 12 -> emit("%s = -%s", d, d);
                case 13 -> emit("r9 = %s r9", pickOf("be16", "be32", "be64", "le16", "le32", "le64", "bswap16", "bswap32", "bswap64"));
                case 14 -> emit("%s = (s%d)%s", d, w ? pick(8, 16) : pick(8, 16, 32), d);
                case 15 -> emit("%s = %s", d, s);
                default -> throw new AssertionError();
            }
        }
    }

    /** A counted loop (constant bound, sometimes never reached) or a {@code may_goto} loop. */
    private void loop() {
        String head = label(), end = label();
        conditional++;
        // sometimes a stack cursor carried round the loop (r5 moved by a constant each time, clang's strength-reduced
        // buf[i]): only the counter bounds it, through the number of iterations
        cursor = chance(0.3) ? 1 + rnd.nextInt(3) : 0;
        if (cursor != 0) {
            emit("r5 = r10");
            emit("r5 += %d", -(1 + rnd.nextInt(160)));
        }
        if (chance(0.25)) {
            // may_goto bounds the iterations whatever the body does (kernel BPF_JCOND, do_misc_fixups)
            emit("r4 = 0");
            emit("%s:", head);
            emit("may_goto %s", end);
            if (chance(0.5)) emit("if r4 > %d goto %s", 1 + rnd.nextInt(40), end); // a bound of its own as well
            loopBody();
            emit("r4 += 1");
            emit("goto %s", head);
            emit("%s:", end);
        } else {
            int bound = 1 + rnd.nextInt(40);
            int step = chance(0.85) ? 1 : pick(2, 3);
            emit("r4 = 0");
            emit("%s:", head);
            loopBody();
            if (chance(0.97)) emit("r4 += %d", step);
            switch (rnd.nextInt(5)) {
                case 0 -> emit("if r4 != %d goto %s", bound, head); // endless when the step jumps over the bound
                case 1 -> emit("if r4 s< %d goto %s", bound, head);
                case 2 -> emit("if w4 < %d goto %s", bound, head);
                case 3 -> emit("if r4 <= %d goto %s", bound, head);
                default -> emit("if r4 < %d goto %s", bound, head);
            }
            emit("%s:", end);
        }
        conditional--;
    }

    /** The step of the stack cursor r5 in the loop being generated, 0 if none. */
    private int cursor;

    private void loopBody() {
        if (cursor != 0 && chance(0.7)) {
            emit("*(u8 *)(r5 + 0) = %d", rnd.nextInt(256));
            emit("r5 += %d", cursor);
            return;
        }
        switch (rnd.nextInt(3)) {
            case 0 -> emit("r9 += r4");
            case 1 -> emit("r9 ^= %d", rnd.nextInt(1 << 12));
            default -> {
                // a store indexed by the counter: fp - base + r4 (in a may_goto loop r4 has no bound but may_goto's)
                int base = chance(0.7) ? 48 + rnd.nextInt(400) : 1 + rnd.nextInt(60);
                emit("r2 = r10");
                emit("r2 += %d", -base);
                emit("r2 += r4");
                emit("*(u8 *)(r2 + 0) = %d", rnd.nextInt(256));
            }
        }
    }

    /** Helpers XDP may call that need no map: time, random numbers, moving the packet's head or tail. */
    private void helper() {
        switch (rnd.nextInt(4)) {
            case 0 -> {
                emit("call 5"); // bpf_ktime_get_ns
                emit("r9 += r0");
            }
            case 1 -> {
                emit("call 7"); // bpf_get_prandom_u32
                emit("r9 ^= r0");
                nondeterministic = true;
            }
            default -> {
                int spill = chance(0.35) ? 8 * (1 + rnd.nextInt(64)) : 0;
                if (spill != 0) emit("*(u64 *)(r10 - %d) = r7", spill); // a packet pointer spilled across the call
                emit("r1 = r6");
                emit("r2 = %d", rnd.nextInt(129) - 64);
                emit("call %d", chance(0.5) ? 44 : 65); // bpf_xdp_adjust_head / bpf_xdp_adjust_tail
                // the verifier must forget every packet pointer, spilled ones too (clear_all_pkt_pointers);
                // reload them, mostly
                switch (rnd.nextInt(10)) {
                    case 0 -> { } // stale r7 and r8
                    case 1 -> emit("r8 = *(u32 *)(r6 + 4)"); // fresh data_end, stale data
                    case 2 -> {
                        loadPacketPointers();
                        if (spill != 0) emit("r7 = *(u64 *)(r10 - %d)", spill); // the stale copy from the stack
                    }
                    default -> loadPacketPointers();
                }
                if (chance(0.3)) {
                    emit("r9 += r0");
                }
            }
        }
    }

    /** {@code bpf_map_lookup_elem} in arr or hsh, with or without the NULL check, then value accesses. */
    private void mapAccess() {
        int map = chance(0.75) ? 0 : 1;
        int valueSize = map == 0 ? ARRAY_VALUE : HASH_VALUE;
        String skip = label();
        int keyOff = pick(4, 8, 12, 16);
        if (chance(0.9)) {
            emit("*(u32 *)(r10 - %d) = %d", keyOff, chance(0.8) ? rnd.nextInt(ARRAY_ENTRIES) : rnd.nextInt(10));
            markInit(-keyOff, 4);
        }
        emit("r2 = r10");
        emit("r2 += %d", -keyOff);
        emit("r1 = 0 ll");
        mapRefs.add(map);
        emit("call 1"); // bpf_map_lookup_elem
        switch (rnd.nextInt(10)) {
            case 0 -> { } // no NULL check
            case 1 -> {
                emit("r4 = r0"); // the check on a copy refines r0 too (mark_ptr_or_null_regs: the same id)
                emit("if r4 == 0 goto %s", skip);
            }
            case 2 -> {
                emit("if r0 != 0 goto +1");
                emit("goto %s", skip);
            }
            default -> emit("if r0 == 0 goto %s", skip);
        }
        conditional++;
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            int size = pick(1, 2, 4, 8);
            if (chance(0.3)) {
                // a bounded variable offset into the value
                emit("r3 = r9");
                int bound = boundIndex("r3", "w3", pick(3, 7, 15, 16), skip);
                emit("r4 = r0");
                emit("r4 += r3");
                int off = chance(0.8) ? rnd.nextInt(Math.max(1, valueSize - bound - size + 1)) : rnd.nextInt(valueSize + 4);
                memoryAccess("r4", off, size, false);
            } else {
                memoryAccess("r0", safeOffset(valueSize, size), size, false);
            }
        }
        conditional--;
        emit("%s:", skip);
    }

    // ------------------------------------------------------------------ pieces

    /** Branches to {@code skip} unless {@code ptr <= data_end}: mostly right, sometimes off by one or the wrong way. */
    private void branchOutUnlessInBounds(String ptr, String skip) {
        switch (rnd.nextInt(14)) {
            case 0 -> emit("if %s >= r8 goto %s", ptr, skip);           // stricter than needed: safe
            case 1 -> emit("if r8 < %s goto %s", ptr, skip);            // the same test, operands swapped
            case 2 -> emit("if %s < r8 goto %s", ptr, skip);            // the wrong branch
            case 3 -> emit("if %s s> r8 goto %s", ptr, skip);           // a signed compare of pointers
            case 4 -> emit("if %s != r8 goto %s", ptr, skip);           // equality proves little
            case 5 -> {
                String in = label();                                  // the in-bounds edge as the taken one
                emit("if %s <= r8 goto %s", ptr, in);
                emit("goto %s", skip);
                emit("%s:", in);
            }
            default -> emit("if %s > r8 goto %s", ptr, skip);
        }
    }

    /** An offset for a {@code size}-byte access below a proven {@code k}: mostly in range, sometimes one past or random. */
    private int safeOffset(int k, int size) {
        if (k >= size && chance(0.85)) return rnd.nextInt(k - size + 1);
        if (chance(0.5)) return k - size + 1;
        return rnd.nextInt(k + 8) - 4;
    }

    private void memoryAccess(String base, int off, int size, boolean packet) {
        int op = rnd.nextInt(packet ? 4 : 3);
        if (op == 0 || op == 3) {
            int tmp = pick(1, 3, 5);
            String kind = chance(0.15) && size < 8 ? "s" + size * 8 : width(size);
            emit("r%d = *(%s *)(%s %s)", tmp, kind, base, signed(off));
            emit("r9 += r%d", tmp);
        } else {
            storeTo(base, off, size);
        }
    }

    private void storeTo(String base, int off, int size) {
        if (chance(0.5)) {
            emit("*(%s *)(%s %s) = %d", width(size), base, signed(off), rnd.nextInt(1 << 15) - (1 << 14));
        } else {
            emit("*(%s *)(%s %s) = r9", width(size), base, signed(off));
        }
    }

    /** Puts an unknown scalar in {@code reg} (r3): a helper's result, r9, or a value read back from the stack. */
    private void source(String reg) {
        switch (rnd.nextInt(5)) {
            case 0 -> {
                emit("call 5"); // bpf_ktime_get_ns: any u64
                emit("%s = r0", reg);
            }
            case 1 -> {
                emit("call 7"); // bpf_get_prandom_u32: a u32
                emit("%s = r0", reg);
                nondeterministic = true;
            }
            case 2 -> {
                emit("call 5");
                emit("%s = r0", reg);
                emit("%s -= %d", reg, rnd.nextInt(1 << 20)); // may wrap below zero
            }
            default -> emit("%s = r9", reg);
        }
    }

    /**
     * Bounds {@code reg} (64-bit name) / {@code wreg} (its 32-bit name) to {@code [0, max]} in one of the
     * shapes of ../shared/VERIFIER-NOTES.md, some of them wrong (signed compares that let negatives
     * through, 32-bit compares of a 64-bit value). Branches out to {@code skip}.
     *
     * @return the bound the shape claims
     */
    private int boundIndex(String reg, String wreg, int max, String skip) {
        switch (rnd.nextInt(22)) {
            case 0 -> emit("%s &= %d", reg, max);
            case 1 -> emit("%s %%= %d", reg, max + 1);                     // [0, max] unsigned
            case 2 -> emit("if %s > %d goto %s", reg, max, skip);
            case 3 -> emit("if %s s> %d goto %s", reg, max, skip);         // negatives pass: unsafe
            case 4 -> {
                emit("if %s s> %d goto %s", reg, max, skip);
                emit("if %s s< 0 goto %s", reg, skip);
            }
            case 5 -> emit("%s &= %d", wreg, max);                         // ALU32 result zero-extended
            case 6 -> emit("%s %%= %d", wreg, max + 1);
            case 7 -> emit("if %s > %d goto %s", wreg, max, skip);         // upper half unknown: unsafe unless 32-bit
            case 8 -> {
                emit("%s = %s", wreg, wreg);                              // zero-extend, then a 32-bit compare
                emit("if %s > %d goto %s", wreg, max, skip);
            }
            case 9 -> {
                int bits = 64 - (32 - Integer.numberOfLeadingZeros(Math.max(max, 1)));
                emit("%s >>= %d", reg, bits);
                return (int) Math.min(max, (1L << (64 - bits)) - 1);
            }
            case 10 -> {
                emit("%s <<= 32", reg);                                    // sign-extension confusion
                emit("%s s>>= 32", reg);
                emit("if %s > %d goto %s", reg, max, skip);
            }
            case 11 -> {
                emit("if %s < %d goto +1", reg, max + 1);                  // the wrong way round: unbounded after
                emit("goto %s", skip);
            }
            case 12 -> {
                emit("if %s >= %d goto %s", reg, max + 1, skip);
                emit("%s += %d", reg, pick(0, 1, -1));                      // off by one after the check
            }
            case 13 -> {
                int f = pick(2, 4, 8);
                emit("%s &= %d", reg, max);
                emit("%s *= %d", reg, f);
                return max * f;
            }
            case 14 -> {
                emit("%s = (s8)%s", reg, reg);                             // [-128, 127]
                if (chance(0.8)) emit("if %s s< 0 goto %s", reg, skip);
                return 127;
            }
            case 15 -> {
                emit("%s &= %d", reg, max);                                // max - x is in [0, max] too
                emit("r5 = %d", max);
                emit("r5 -= %s", reg);
                emit("%s = r5", reg);
            }
            case 16 -> {
                int m = (Integer.highestOneBit(Math.min(max, 127)) << 1) - 1;
                emit("%s &= 255", reg);
                emit("if %s & %d goto %s", reg, 255 ^ m, skip);            // JSET's false edge clears those bits
                return m;
            }
            case 17 -> {
                emit("if %s s> %d goto %s", wreg, max, skip);              // 32-bit signed: the upper half is not bounded
                emit("if %s s< 0 goto %s", wreg, skip);
                if (chance(0.5)) emit("%s = %s", wreg, wreg);
            }
            case 18 -> {
                int sh = 1 + rnd.nextInt(40);
                emit("%s &= %d", reg, max);
                emit("%s <<= %d", reg, sh);
                emit("%s >>= %d", reg, sh);
            }
            case 19 -> {
                emit("r5 = %d", max);
                emit("if %s > r5 goto %s", reg, skip);                      // a bound held in a register
            }
            case 20 -> {
                int d = 1023 / Math.max(max, 1) + 1;
                emit("%s &= 1023", reg);
                emit("%s /= %d", reg, d);
                return 1023 / d;
            }
            default -> emit("%s &= %d", reg, max);
        }
        return max;
    }

    private int windowSize() {
        int w = 0;
        while (w < 512 && init[511 - w]) w++;
        return w;
    }

    /** An offset (positive, below fp) of {@code size} initialised bytes written unconditionally, or 0. */
    private int initialisedOffset(int size) {
        for (int tries = 0; tries < 8; tries++) {
            int off = size + rnd.nextInt(512 - size + 1);
            boolean ok = true;
            for (int i = 0; i < size && ok; i++) ok = init[512 - off + i];
            if (ok) return off;
        }
        return 0;
    }

    private void markInit(int fpOffset, int size) {
        if (conditional > 0) return;
        for (int i = 0; i < size; i++) {
            int at = 512 + fpOffset + i;
            if (at >= 0 && at < 512) init[at] = true;
        }
    }

    private int shift(int width) {
        return chance(0.97) ? rnd.nextInt(width) : width + rnd.nextInt(4); // an out-of-range immediate the kernel rejects
    }

    private int nonZero() {
        int v = rnd.nextInt(200) - 100;
        return v == 0 ? 7 : v;
    }

    private static String width(int size) {
        return switch (size) {
            case 1 -> "u8";
            case 2 -> "u16";
            case 4 -> "u32";
            default -> "u64";
        };
    }

    private static String signed(int off) {
        return off < 0 ? "- " + (-off) : "+ " + off;
    }

    private String label() {
        return "L" + labels++;
    }

    private boolean chance(double p) {
        return rnd.nextDouble() < p;
    }

    private int pick(int... xs) {
        return xs[rnd.nextInt(xs.length)];
    }

    private String pickOf(String... xs) {
        return xs[rnd.nextInt(xs.length)];
    }

    private void emit(String fmt, Object... args) {
        String line = args.length == 0 ? fmt : String.format(fmt, args);
        out.append(line.endsWith(":") ? "" : "    ").append(line).append('\n');
    }
}
