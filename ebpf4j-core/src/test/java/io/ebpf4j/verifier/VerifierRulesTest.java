package io.ebpf4j.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.asm.LlvmAssembler;
import io.ebpf4j.object.MapType;
import io.ebpf4j.object.ProgramType;
import io.ebpf4j.progtype.ProgTypes;
import io.ebpf4j.verifier.domain.Scalar;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * One test per rule: an unsafe program that must be rejected and a nearly equal safe one that must
 * be accepted, so soundness and precision are tested together. Expected verdicts follow the
 * kernel's rules (Documentation/bpf/verifier.rst, kernel/bpf/verifier.c; the function named in
 * each comment) and RFC 9669 for the instructions' meaning.
 */
class VerifierRulesTest {
    static final MapDescriptor HASH = new MapDescriptor(MapType.HASH, 4, 8, 16);
    static final MapDescriptor RODATA = new MapDescriptor(MapType.ARRAY, 4, 8, 1, ".rodata", true);
    static final MapDescriptor RINGBUF = new MapDescriptor(MapType.RINGBUF, 0, 0, 4096);

    static VerifierResult xdp(String asm, MapDescriptor... maps) {
        return verify(ProgramType.XDP, asm, maps);
    }

    static VerifierResult verify(ProgramType type, String asm, MapDescriptor... maps) {
        VerifierEnv env = new VerifierEnv(ProgTypes.of(type).orElseThrow(), List.of(maps), EntryState.kernelDefault(), Set.of(), 0);
        return Verifier.verify(LlvmAssembler.assemble(asm, "test"), env, VerifierOptions.defaults());
    }

    static void rejected(VerifierResult r, String ruleOrMessage) {
        assertFalse(r.accepted(), "must be rejected (" + ruleOrMessage + ")");
        String all = r.errors().stream().map(e -> e.rule() + " | " + e.format()).collect(Collectors.joining("\n"));
        assertTrue(all.contains(ruleOrMessage), "expected '" + ruleOrMessage + "' in:\n" + all);
    }

    static void accepted(VerifierResult r) {
        assertTrue(r.accepted(), () -> "must be accepted:\n" + r.errors().stream().map(VerifierError::format).collect(Collectors.joining("\n")));
    }

    /** Packet prologue: r2 = data, r3 = data_end; then {@code body}. */
    static String pkt(String body) {
        return "r2 = *(u32 *)(r1 + 0)\nr3 = *(u32 *)(r1 + 4)\n" + body;
    }

    /** A lookup of key 0 in map 0: r0 = map_value_or_null. */
    static final String LOOKUP = """
            r1 = 0
            *(u32 *)(r10 - 4) = r1
            r2 = r10
            r2 += -4
            ld_pseudo r1, 5, 0
            call 1
            """;

    @Test
    void registersAreReadOnlyAfterTheyAreWritten() {
        // check_reg_arg SRC_OP: "R3 !read_ok"
        rejected(xdp("r0 = r3\nexit"), "R3 !read_ok");
        accepted(xdp("r3 = 1\nr0 = r3\nexit"));
    }

    @Test
    void r0MustBeSetAndAScalarAtExit() {
        rejected(xdp("exit"), "R0 !read_ok");
        rejected(xdp("r0 = r10\nexit"), "return value");
        accepted(xdp("r0 = 2\nexit"));
    }

    @Test
    void deadCodeIsRefused() {
        // check_cfg: "unreachable insn 2" (corpus/unsafe unreachable_insn_bad), whatever the dead code does
        rejected(xdp("r0 = 2\nexit\nr0 = 1\nexit"), "unreachable insn 2");
        // the same code reached through a conditional jump, even one whose outcome is known, is live
        accepted(xdp("r0 = 2\nif r0 == 3 goto +1\nexit\nr0 = 1\nexit"));
        // the kernel numbers 8-byte slots: after an ld_imm64 the dead insn is 4, not 3
        rejected(xdp("r1 = 0x100000000 ll\nr0 = 2\nexit\nr0 = 1\nexit"), "unreachable insn 4");
    }

    @Test
    void aTailCallFromACalledFunctionNeedsLessThan256BytesOfStackBelowIt() {
        // check_max_stack_depth_subprog: "tail_calls are not allowed when call stack of previous frames is 320 bytes.
        // Too large" (corpus/unsafe tailcall_stack_bad); 224 bytes below (tailcall_stack_ok's shape) are allowed
        MapDescriptor progs = new MapDescriptor(MapType.PROG_ARRAY, 4, 4, 1);
        String prog = """
                r2 = 0
                *(u64 *)(r10 - %d) = r2
                call f
                exit
                f:
                ld_pseudo r2, 5, 0
                r3 = 0
                call 12
                r0 = 2
                exit
                """;
        rejected(xdp(prog.formatted(320), progs), "call stack of previous frames is 320 bytes");
        rejected(xdp(prog.formatted(256), progs), "call stack of previous frames is 256 bytes");
        accepted(xdp(prog.formatted(224), progs));
    }

    @Test
    void theFramePointerIsReadOnly() {
        rejected(xdp("r10 = 0\nr0 = 0\nexit"), "frame pointer is read only");
        accepted(xdp("r9 = 0\nr0 = 0\nexit"));
    }

    @Test
    void stackAccessesStayInTheFrame() {
        // check_stack_access_within_bounds: the frame is [r10 - 512, r10)
        rejected(xdp("r1 = 0\n*(u64 *)(r10 - 520) = r1\nr0 = 0\nexit"), "invalid stack access");
        rejected(xdp("r1 = 0\n*(u64 *)(r10 + 0) = r1\nr0 = 0\nexit"), "invalid stack access");
        accepted(xdp("r1 = 0\n*(u64 *)(r10 - 512) = r1\nr0 = 0\nexit"));
    }

    @Test
    void stackReadsNeedInitialisedBytes() {
        rejected(xdp("r0 = *(u64 *)(r10 - 8)\nexit"), "uninitialised stack read");
        rejected(xdp("r1 = 0\n*(u32 *)(r10 - 8) = r1\nr0 = *(u64 *)(r10 - 8)\nexit"), "uninitialised stack read");
        accepted(xdp("r1 = 0\n*(u64 *)(r10 - 8) = r1\nr0 = *(u64 *)(r10 - 8)\nexit"));
    }

    @Test
    void spilledPointersKeepTheirType() {
        // an 8-byte aligned spill keeps the register's state (check_stack_write_fixed_off / save_register_state)
        accepted(xdp("*(u64 *)(r10 - 8) = r1\nr1 = *(u64 *)(r10 - 8)\nr0 = *(u32 *)(r1 + 12)\nexit"));
        // a narrower fill of a pointer is a number, not a pointer
        rejected(xdp("*(u64 *)(r10 - 8) = r1\nr1 = *(u32 *)(r10 - 8)\nr0 = *(u32 *)(r1 + 12)\nexit"), "invalid mem access 'scalar'");
    }

    @Test
    void spilledConstantsKeepTheirValue() {
        // the index survives the spill, so the map access is proven in bounds
        String prog = LOOKUP + """
                if r0 == 0 goto out
                r1 = %d
                *(u64 *)(r10 - 16) = r1
                r1 = *(u64 *)(r10 - 16)
                r0 += r1
                r0 = *(u8 *)(r0 + 0)
                out:
                r0 = 0
                exit
                """;
        accepted(xdp(prog.formatted(7), HASH));
        rejected(xdp(prog.formatted(8), HASH), "invalid map value access");
    }

    @Test
    void packetAccessMustBeProvenAgainstDataEnd() {
        // check_packet_access / find_good_pkt_pointers
        String prog = pkt("""
                r4 = r2
                r4 += 14
                if r4 > r3 goto out
                r0 = *(u8 *)(r2 + %d)
                exit
                out:
                r0 = 1
                exit
                """);
        accepted(xdp(prog.formatted(13)));
        rejected(xdp(prog.formatted(14)), "invalid access to packet, off=14 size=1");
    }

    @Test
    void packetRangesFollowEveryCopyWithTheSameId() {
        // the comparison is on r4, the access through r5: both derive from r2 + the same variable offset
        String prog = pkt("""
                r6 = *(u8 *)(r1 + 16)
                r6 &= 15
                r2 += r6
                r4 = r2
                r5 = r2
                r4 += 4
                if r4 %s r3 goto out
                r0 = *(u32 *)(r5 + 0)
                exit
                out:
                r0 = 1
                exit
                """);
        accepted(xdp(prog.formatted(">")));
        rejected(xdp(prog.formatted("<")), "invalid access to packet"); // the wrong edge: nothing proven
    }

    @Test
    void contextFieldsFollowTheProgramType() {
        // xdp_is_valid_access: data_end may be read, never written
        rejected(xdp("r2 = 0\n*(u32 *)(r1 + 4) = r2\nr0 = 0\nexit"), "invalid bpf_context access off=4 size=4");
        accepted(xdp("r2 = *(u32 *)(r1 + 4)\nr0 = 0\nexit"));
        // tc may write skb->mark (offset 8), socket filters may not (sk_filter_is_valid_access)
        accepted(verify(ProgramType.SCHED_CLS, "r2 = 1\n*(u32 *)(r1 + 8) = r2\nr0 = 0\nexit"));
        rejected(verify(ProgramType.SOCKET_FILTER, "r2 = 1\n*(u32 *)(r1 + 8) = r2\nr0 = 0\nexit"), "invalid bpf_context access");
    }

    @Test
    void theContextPointerMustNotBeMovedBeforeAnAccess() {
        // check_ptr_off_reg: "dereference of modified ctx ptr"
        rejected(xdp("r1 += 4\nr0 = *(u32 *)(r1 + 0)\nexit"), "dereference of modified ctx ptr");
        accepted(xdp("r0 = *(u32 *)(r1 + 12)\nexit"));
    }

    @Test
    void mapValuesNeedTheNullCheck() {
        // "R0 invalid mem access 'map_value_or_null'"
        rejected(xdp(LOOKUP + "r0 = *(u64 *)(r0 + 0)\nexit", HASH), "map_value_or_null");
        accepted(xdp(LOOKUP + "if r0 == 0 goto out\nr0 = *(u64 *)(r0 + 0)\nout:\nexit", HASH));
    }

    @Test
    void theNullCheckRefinesEveryCopy() {
        // mark_ptr_or_null_regs: r6 is a copy of r0, checking r0 proves r6
        accepted(xdp(LOOKUP + "r6 = r0\nif r0 == 0 goto out\nr0 = *(u64 *)(r6 + 0)\nout:\nexit", HASH));
        // on the NULL edge every copy is the number 0
        rejected(xdp(LOOKUP + "r6 = r0\nif r0 != 0 goto out\nr0 = *(u64 *)(r6 + 0)\nexit\nout:\nr0 = 0\nexit", HASH), "invalid mem access 'scalar'");
    }

    @Test
    void mapValueAccessesStayWithinTheValue() {
        // check_map_access: value_size 8
        rejected(xdp(LOOKUP + "if r0 == 0 goto out\nr0 = *(u32 *)(r0 + 8)\nout:\nexit", HASH), "invalid access to map value, value_size=8 off=8 size=4");
        accepted(xdp(LOOKUP + "if r0 == 0 goto out\nr0 = *(u32 *)(r0 + 4)\nout:\nexit", HASH));
    }

    @Test
    void noArithmeticOnPointersThatMayBeNull() {
        // CVE-2022-23222 shape: adjust_ptr_min_max_vals "pointer arithmetic on map_value_or_null prohibited"
        rejected(xdp(LOOKUP + "r0 += 1\nif r0 == 0 goto out\nr0 = *(u8 *)(r0 + 0)\nout:\nexit", HASH), "null-check it first");
        accepted(xdp(LOOKUP + "if r0 == 0 goto out\nr0 += 1\nr0 = *(u8 *)(r0 + 0)\nout:\nexit", HASH));
    }

    @Test
    void noArithmeticOnMapPointersOrPacketEnd() {
        rejected(xdp("ld_pseudo r1, 5, 0\nr1 += 8\nr0 = 0\nexit", HASH), "pointer arithmetic on map_ptr prohibited");
        rejected(xdp(pkt("r3 += 8\nr0 = 0\nexit")), "pointer arithmetic on pkt_end prohibited");
        accepted(xdp(pkt("r2 += 8\nr0 = 0\nexit")));
    }

    @Test
    void bitwiseOperationsOnPointersAreRefused() {
        rejected(xdp("r2 = r10\nr2 &= -8\nr0 = 0\nexit"), "bitwise operator &= on pointer prohibited");
        accepted(xdp("r2 = r10\nr2 += -8\nr0 = 0\nexit"));
    }

    @Test
    void pointerMinusPointerOfOneRegionIsANumber() {
        // ptr - ptr: allowed (allow_ptr_leaks); the same region and base gives the constant difference
        // (the kernel forgets it, mark_reg_unknown, and rejects the first program: see KernelVerdictsTest.DIFFERENCES)
        accepted(xdp("r2 = r10\nr2 += -8\nr3 = r10\nr3 -= r2\nr4 = r10\nr4 += -16\nr4 += r3\nr5 = 0\n*(u64 *)(r4 + 0) = r5\nr0 = 0\nexit"));
        rejected(xdp("r2 = r10\nr2 += -8\nr3 = r10\nr3 -= r2\nr4 = r10\nr4 += -4\nr4 += r3\nr5 = 0\n*(u64 *)(r4 + 0) = r5\nr0 = 0\nexit"), "invalid stack access");
    }

    @Test
    void readOnlyGlobalDataIsNotWritten() {
        // .rodata (frozen, BPF_F_RDONLY_PROG): check_map_access_type "write into map forbidden"
        rejected(xdp("ld_pseudo r1, 6, 0\nr2 = 1\n*(u64 *)(r1 + 0) = r2\nr0 = 0\nexit", RODATA), "write into map forbidden");
        accepted(xdp("ld_pseudo r1, 6, 0\nr0 = *(u64 *)(r1 + 0)\nexit", RODATA));
    }

    @Test
    void aNegativeImmediateMovedIn32BitsIsZeroExtended() {
        // CVE-2017-16995 shape: w2 = -1 is 0xffffffff (RFC 9669 §4.1: ALU results are zero-extended), never -1
        String prog = LOOKUP + """
                if r0 == 0 goto out
                %s
                r2 += 1
                r0 += r2
                r0 = *(u8 *)(r0 + 0)
                out:
                r0 = 0
                exit
                """;
        // 0xffffffff + 1 = 2^32: kernel check_reg_sane_offset "value 4294967296 makes map_value pointer be out of bounds"
        rejected(xdp(prog.formatted("w2 = -1"), HASH), "makes map_value pointer be out of bounds");
        accepted(xdp(prog.formatted("r2 = -1"), HASH));
    }

    @Test
    void a32BitCompareBoundsOnlyTheLowHalf() {
        // CVE-2020-8835 shape: "if w2 > 7" says nothing of r2's upper 32 bits
        String prog = LOOKUP + """
                if r0 == 0 goto out
                r2 = *(u64 *)(r0 + 0)
                if %s > 7 goto out
                r0 += r2
                r0 = *(u8 *)(r0 + 0)
                out:
                r0 = 0
                exit
                """;
        // kernel: "math between map_value pointer and register with unbounded min value is not allowed"
        rejected(xdp(prog.formatted("w2"), HASH), "unbounded min value");
        accepted(xdp(prog.formatted("r2"), HASH));
    }

    @Test
    void alu32ResultsAreBoundedIn32Bits() {
        // CVE-2021-3490 shape: w2 &= 7 is in [0, 7] for all 64 bits (zero-extended), r2 &= 7 too; w2 |= 7 is not small
        String prog = LOOKUP + """
                if r0 == 0 goto out
                r2 = *(u64 *)(r0 + 0)
                %s
                r0 += r2
                r0 = *(u8 *)(r0 + 0)
                out:
                r0 = 0
                exit
                """;
        accepted(xdp(prog.formatted("w2 &= 7"), HASH));
        rejected(xdp(prog.formatted("w2 |= 7"), HASH), "map value");
    }

    @Test
    void signedAndUnsignedBoundsAreNotConfused() {
        // a signed upper bound leaves the value possibly negative; an unsigned one does not
        String prog = LOOKUP + """
                if r0 == 0 goto out
                r2 = *(u64 *)(r0 + 0)
                if r2 %s 7 goto out
                r0 += r2
                r0 = *(u8 *)(r0 + 0)
                out:
                r0 = 0
                exit
                """;
        rejected(xdp(prog.formatted("s>"), HASH), "unbounded min value");
        accepted(xdp(prog.formatted(">"), HASH));
    }

    @Test
    void signExtensionIsTracked() {
        // movsx (RFC 9669 §4.1, MOVSX): a byte 0..255 sign-extended is in [-128, 127]
        String prog = LOOKUP + """
                if r0 == 0 goto out
                r2 = *(u8 *)(r0 + 0)
                %s
                r0 += r3
                r0 = *(u8 *)(r0 + 0)
                out:
                r0 = 0
                exit
                """;
        rejected(xdp(prog.formatted("r3 = (s8)r2"), HASH), "min value is negative");
        accepted(xdp(prog.formatted("r3 = r2\nr3 &= 7"), HASH));
    }

    @Test
    void constantDivisionByZeroAndOversizedShiftsAreRefused() {
        // check_alu_op: "div by zero", "invalid shift"; division by a register that may be 0 is defined (RFC 9669: x/0 = 0)
        rejected(xdp("r0 = 1\nr0 /= 0\nexit"), "div by zero");
        accepted(xdp("r0 = 1\nr1 = 0\nr0 /= r1\nexit"));
        rejected(xdp("r0 = 1\nr0 <<= 64\nexit"), "invalid shift");
        accepted(xdp("r0 = 1\nr0 <<= 63\nexit"));
        rejected(xdp("w0 = 1\nw0 <<= 32\nexit"), "invalid shift");
    }

    @Test
    void variableStackOffsetsMustStayInTheFrame() {
        // check_stack_read_var_off: every byte the read may touch is in the frame and initialised
        String prog = """
                r2 = *(u32 *)(r1 + 12)
                r1 = 0
                *(u64 *)(r10 - 8) = r1
                *(u64 *)(r10 - 16) = r1
                r2 &= %d
                r3 = r10
                r3 += -16
                r3 += r2
                r0 = *(u8 *)(r3 + 0)
                exit
                """;
        accepted(xdp(prog.formatted(15)));
        rejected(xdp(prog.formatted(31)), "invalid variable-offset read from stack");
    }

    @Test
    void boundedLoopsAreAcceptedUnboundedOnesRejected() {
        // a counter in [1, 15] decremented to 0 ends; one from an unknown 64-bit value does not end in bounds the kernel accepts
        String prog = pkt("""
                r4 = r2
                r4 += 8
                if r4 > r3 goto out
                r5 = *(u64 *)(r2 + 0)
                %s
                if r5 == 0 goto out
                loop:
                r5 += -1
                if r5 != 0 goto loop
                out:
                r0 = 0
                exit
                """);
        accepted(xdp(prog.formatted("r5 &= 15")));
        VerifierResult r = xdp(prog.formatted(""));
        rejected(r, "unbounded loop");
        assertTrue(r.errors().get(0).message().contains("loop at insn"), "the loop head is named: " + r.errors().get(0).message());
    }

    @Test
    void mayGotoBoundsALoop() {
        // the kernel bounds may_goto with a hidden counter (BPF_MAX_LOOPS)
        accepted(xdp("loop:\nmay_goto out\ngoto loop\nout:\nr0 = 0\nexit"));
        // (the exit is reachable as far as the kernel's check_cfg can tell, else it would be "unreachable insn")
        rejected(xdp("r1 = 0\nloop:\nr1 += 0\nif r1 == 1 goto out\ngoto loop\nout:\nr0 = 0\nexit"), "unbounded loop");
    }

    @Test
    void ringBufferRecordsAreReleasedExactlyOnce() {
        // acquire_reference_state / check_reference_leak ("Unreleased reference"), release_reference
        String reserve = """
                ld_pseudo r1, 5, 0
                r2 = 8
                r3 = 0
                call 131
                if r0 == 0 goto out
                r1 = 7
                *(u64 *)(r0 + 0) = r1
                %s
                out:
                r0 = 0
                exit
                """;
        String submit = "r1 = r0\nr2 = 0\ncall 132\n";
        accepted(xdp(reserve.formatted(submit), RINGBUF));
        rejected(xdp(reserve.formatted(""), RINGBUF), "Unreleased reference");
        rejected(xdp(reserve.formatted("r6 = r0\n" + submit + "r1 = r6\nr2 = 0\ncall 132\n"), RINGBUF), "R1 type=");
        // and the record is no longer accessible after submit
        rejected(xdp(reserve.formatted("r6 = r0\n" + submit + "r0 = *(u64 *)(r6 + 0)\n"), RINGBUF), "invalid mem access 'scalar'");
    }

    @Test
    void ringBufferRecordsStayWithinTheirSize() {
        String prog = """
                ld_pseudo r1, 5, 0
                r2 = 8
                r3 = 0
                call 131
                if r0 == 0 goto out
                r1 = 7
                *(u32 *)(r0 + %d) = r1
                r1 = r0
                r2 = 0
                call 133
                out:
                r0 = 0
                exit
                """;
        accepted(xdp(prog.formatted(4), RINGBUF));
        rejected(xdp(prog.formatted(5), RINGBUF), "invalid access to ringbuf record");
    }

    @Test
    void helpersMustBeAllowedForTheType() {
        // get_func_proto: bpf_l3_csum_replace is a tc helper
        rejected(xdp("r2 = 0\nr3 = 0\nr4 = 0\nr5 = 0\ncall 10\nexit"), "cannot use helper bpf_l3_csum_replace#10");
        accepted(xdp("call 5\nexit"));
        rejected(xdp("call 9999\nexit"), "unknown helper");
    }

    @Test
    void helperArgumentsFollowThePrototype() {
        // bpf_map_lookup_elem(map, key): the key must be key_size (4) initialised stack bytes
        String prog = """
                r1 = 0
                *(%s *)(r10 - 4) = r1
                r2 = r10
                r2 += -4
                ld_pseudo r1, 5, 0
                call 1
                r0 = 0
                exit
                """;
        accepted(xdp(prog.formatted("u32"), HASH));
        rejected(xdp(prog.formatted("u16"), HASH), "uninitialised stack read");
        rejected(xdp("r1 = 0\nr2 = r10\nr2 += -4\ncall 1\nr0 = 0\nexit", HASH), "expected=map_ptr");
    }

    @Test
    void packetPointersDieWhenAHelperMayMoveThePacket() {
        // clear_all_pkt_pointers after bpf_xdp_adjust_head (bpf_helper_changes_pkt_data)
        String prog = pkt("""
                r4 = r2
                r4 += 14
                if r4 > r3 goto out
                r6 = r2
                r7 = r1
                r1 = r7
                r2 = 0
                %s
                r0 = *(u8 *)(r6 + 0)
                exit
                out:
                r0 = 1
                exit
                """);
        rejected(xdp(prog.formatted("call 44")), "invalid mem access 'scalar'");
        accepted(xdp(prog.formatted("call 5")));
    }

    @Test
    void noHelperCallsWhileHoldingASpinLock() {
        MapDescriptor withLock = new MapDescriptor(MapType.ARRAY, 4, 8, 1);
        String prog = LOOKUP + """
                if r0 == 0 goto out
                r6 = r0
                r1 = r6
                call 93
                %s
                r1 = r6
                call 94
                out:
                r0 = 0
                exit
                """;
        accepted(xdp(prog.formatted("r2 = 1"), withLock));
        rejected(xdp(prog.formatted("call 5"), withLock), "function calls are not allowed while holding a lock");
    }

    @Test
    void calleesReachTheCallersFrameOnlyThroughWhatTheyAreGiven() {
        // check_func_call: the callee runs with the caller's R1-R5; a pointer into the caller's frame stays bounded by it
        String prog = """
                r1 = 0
                *(u64 *)(r10 - 8) = r1
                r1 = r10
                r1 += -8
                call f
                r0 = *(u64 *)(r10 - 8)
                exit
                f:
                r2 = 5
                *(u64 *)(r1 + %d) = r2
                r0 = 0
                exit
                """;
        accepted(xdp(prog.formatted(0)));
        rejected(xdp(prog.formatted(8)), "invalid stack access");
    }

    @Test
    void r1ToR5AreUnreadableAfterACall() {
        // kernel: caller-saved registers are marked NOT_INIT after the call
        rejected(xdp("r1 = 1\ncall f\nr0 = r1\nexit\nf:\nr0 = 0\nexit"), "R1 !read_ok");
        accepted(xdp("r6 = 1\ncall f\nr0 = r6\nexit\nf:\nr0 = 0\nexit"));
    }

    @Test
    void recursionIsRejected() {
        rejected(xdp("call f\nexit\nf:\ncall g\nr0 = 0\nexit\ng:\ncall f\nr0 = 0\nexit"), "recursive call");
        accepted(xdp("call f\nexit\nf:\ncall g\nr0 = 0\nexit\ng:\nr0 = 0\nexit"));
    }

    @Test
    void aCalleeMayNotReturnAPointerToItsOwnFrame() {
        // prepare_func_exit: "cannot return stack pointer to the caller frame"
        String prog = """
                r1 = 0
                *(u64 *)(r10 - 8) = r1
                r1 = r10
                r1 += -8
                call f
                r0 = *(u64 *)(r0 + 0)
                exit
                f:
                r2 = 0
                *(u64 *)(r10 - 8) = r2
                %s
                exit
                """;
        rejected(xdp(prog.formatted("r0 = r10\nr0 += -8")), "cannot return stack pointer to the caller frame");
        // returning the caller's own pointer is sound; the kernel refuses it too (KernelVerdictsTest.DIFFERENCES)
        accepted(xdp(prog.formatted("r0 = r1")));
    }

    @Test
    void atMostEightFrames() {
        // MAX_CALL_FRAMES: the entry function and 7 nested calls
        StringBuilder seven = new StringBuilder("call f1\nexit\n");
        for (int k = 1; k <= 7; k++) seven.append("f").append(k).append(":\n").append(k < 7 ? "call f" + (k + 1) + "\n" : "").append("r0 = 0\nexit\n");
        accepted(xdp(seven.toString()));
        StringBuilder eight = new StringBuilder("call f1\nexit\n");
        for (int k = 1; k <= 8; k++) eight.append("f").append(k).append(":\n").append(k < 8 ? "call f" + (k + 1) + "\n" : "").append("r0 = 0\nexit\n");
        rejected(xdp(eight.toString()), "frames is too deep");
    }

    @Test
    void theDeepestCallChainsFramesFitIn512Bytes() {
        // check_max_stack_depth: each frame rounded up to 32 bytes, the chain's sum at most 512
        String prog = """
                r1 = 0
                *(u64 *)(r10 - 320) = r1
                call f
                exit
                f:
                r1 = 0
                *(u64 *)(r10 - %d) = r1
                r0 = 0
                exit
                """;
        accepted(xdp(prog.formatted(192)));
        rejected(xdp(prog.formatted(200)), "stack too large");
    }

    @Test
    void callbacksAreAnalysedWithTheHelpersArguments() {
        // bpf_loop(nr, cb, ctx, 0): cb(index, ctx) must return 0 or 1 (kernel: "should have been in [0, 1]")
        String prog = """
                r1 = 0
                *(u64 *)(r10 - 8) = r1
                r1 = 10
                r2 = cb ll
                r3 = r10
                r3 += -8
                r4 = 0
                call 181
                r0 = 0
                exit
                cb:
                r3 = *(u64 *)(r2 + 0)
                r3 += r1
                *(u64 *)(r2 + 0) = r3
                r0 = %d
                exit
                """;
        accepted(xdp(prog.formatted(0)));
        rejected(xdp(prog.formatted(2)), "should have been in [0, 1]");
    }

    @Test
    void atomicsOnlyOnStackAndWritableMapValues() {
        // check_atomic: "BPF_ATOMIC stores into R1 ctx is not allowed"; the value must be a number
        String onMap = LOOKUP + "if r0 == 0 goto out\nr1 = 1\nlock *(u64 *)(r0 + %d) += r1\nout:\nr0 = 0\nexit";
        accepted(xdp(onMap.formatted(0), HASH));
        rejected(xdp(onMap.formatted(4), HASH), "invalid access to map value");
        rejected(xdp("r2 = 1\nlock *(u32 *)(r1 + 12) += r2\nr0 = 0\nexit"), "BPF_ATOMIC stores into R1 ctx is not allowed");
        rejected(xdp("ld_pseudo r1, 6, 0\nr2 = 1\nlock *(u64 *)(r1 + 0) += r2\nr0 = 0\nexit", RODATA), "write into map forbidden");
        accepted(xdp("r1 = 0\n*(u64 *)(r10 - 8) = r1\nr1 = 1\nr1 = atomic_fetch_add((u64 *)(r10 - 8), r1)\nr0 = r1\nexit"));
    }

    @Test
    void legacyPacketLoadsNeedTheContextInR6AndAnSkbType() {
        // check_ld_abs: socket filters and tc only, R6 the context; R1-R5 are clobbered
        accepted(verify(ProgramType.SOCKET_FILTER, "r6 = r1\nr0 = *(u8 *)skb[12]\nexit"));
        rejected(verify(ProgramType.SOCKET_FILTER, "r0 = *(u8 *)skb[12]\nexit"), "R6");
        rejected(xdp("r6 = r1\nr0 = *(u8 *)skb[12]\nexit"), "BPF_LD_[ABS|IND] instructions not allowed for this program type");
        rejected(verify(ProgramType.SOCKET_FILTER, "r6 = r1\nr1 = 0\nr0 = *(u8 *)skb[12]\nr0 = r1\nexit"), "R1 !read_ok");
    }

    @Test
    void errorsCarryTheInstructionItsTextAndTheRegisters() {
        VerifierResult r = xdp(LOOKUP + "r0 = *(u64 *)(r0 + 0)\nexit", HASH);
        VerifierError e = r.errors().get(0);
        assertEquals(6, e.insnIndex()); // ld_pseudo is one instruction of two slots
        assertEquals("r0 = *(u64 *)(r0 + 0x0)", e.insnText());
        assertTrue(e.registers().get("r0").startsWith("map_value_or_null"), e.registers().toString());
        assertTrue(e.format().startsWith("6: r0 = *(u64 *)(r0 + 0x0): R0 invalid mem access 'map_value_or_null'"), e.format());
    }

    @Test
    void logLevelsShowStatesAtBranchesOrEveryInstruction() {
        String prog = "r0 = 0\nif r1 == 0 goto out\nr0 = 1\nout:\nexit";
        VerifierEnv env = VerifierEnv.of(EntryState.builder().scalar(1, Scalar.unknown()).build());
        var code = LlvmAssembler.assemble(prog, "t");
        assertEquals("", Verifier.verify(code, env, VerifierOptions.defaults()).log());
        String l1 = Verifier.verify(code, env, VerifierOptions.defaults().withLogLevel(1)).log();
        assertTrue(l1.contains("1: if r1 == 0x0 goto") && !l1.contains("2: r0 = 0x1"), l1);
        String l2 = Verifier.verify(code, env, VerifierOptions.defaults().withLogLevel(2)).log();
        assertTrue(l2.contains("0: r0 = 0x0") && l2.contains("2: r0 = 0x1") && l2.contains("R0=0"), l2);
    }

    @Test
    void assumeSinksDropTheEdgeToTheSink() {
        // the PREVAIL harness writes "assume r1 < 8" as "if r1 >= 8 goto sink"
        String prog = """
                r0 = 0
                if r1 >= 8 goto sink
                r2 = r10
                r2 += -8
                r2 += r1
                r3 = 0
                *(u8 *)(r2 + 0) = r3
                exit
                sink:
                r0 = *(u64 *)(r10 + 8)
                exit
                """;
        VerifierEnv env = VerifierEnv.of(EntryState.builder().scalar(1, Scalar.unsignedRange(0, 100)).build());
        var code = LlvmAssembler.assemble(prog, "t");
        accepted(Verifier.verify(code, env.withAssumeSinks(Set.of(8)), VerifierOptions.defaults()));
        // without the sink the jump reaches an access outside the frame
        assertFalse(Verifier.verify(code, env, VerifierOptions.defaults()).accepted());
    }

    @Test
    void entryStatesFromTheBuilder() {
        // PREVAIL-style: a packet of at least 20 bytes, r1 = data, r2 = data_end
        EntryState e = EntryState.builder().packet(1, Scalar.constant(0)).packetEnd(2).packetSize(Scalar.unsignedRange(20, 100)).build();
        var code = LlvmAssembler.assemble("r0 = *(u32 *)(r1 + %d)\nexit".formatted(16), "t");
        accepted(Verifier.verify(code, VerifierEnv.of(e), VerifierOptions.defaults()));
        var bad = LlvmAssembler.assemble("r0 = *(u32 *)(r1 + 17)\nexit", "t");
        assertFalse(Verifier.verify(bad, VerifierEnv.of(e), VerifierOptions.defaults()).accepted());
    }
}
