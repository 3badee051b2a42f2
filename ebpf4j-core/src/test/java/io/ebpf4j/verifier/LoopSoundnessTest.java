package io.ebpf4j.verifier;

import static io.ebpf4j.verifier.VerifierRulesTest.accepted;
import static io.ebpf4j.verifier.VerifierRulesTest.rejected;
import static io.ebpf4j.verifier.VerifierRulesTest.xdp;

import io.ebpf4j.object.MapType;
import org.junit.jupiter.api.Test;

/**
 * Loops the verifier once accepted and the kernel rejects (found by SoundnessPropertyTest), each
 * with a nearly equal program the kernel accepts. Verdicts checked with the live kernel (6.18)
 * through /work/shared/tools/kernel-oracle.
 */
class LoopSoundnessTest {
    static final MapDescriptor ARRAY = new MapDescriptor(MapType.ARRAY, 4, 8, 4);

    @Test
    void aMayGotoLoopCounterIsNotBoundedByTheMayGoto() {
        // kernel: may_goto only caps the iterations (BPF_MAX_LOOPS, 8M); at r4 = 8 the store leaves the
        // 8-byte slot: "invalid write to stack R2 off=0 size=1" (check_stack_access_within_bounds)
        String body = """
                r4 = 0
                L0:
                may_goto L1
                %s
                r2 = r10
                r2 += -8
                r2 += r4
                *(u8 *)(r2 + 0) = 1
                r4 += 1
                goto L0
                L1:
                r0 = 0
                exit
                """;
        rejected(xdp(body.formatted("")), "stack");
        accepted(xdp(body.formatted("if r4 > 6 goto L1")));
    }

    @Test
    void aLoopWhoseStateOnlyDiffersInANullableMapValueIsEndless() {
        // kernel is_state_visited: "infinite loop detected at insn 9"; r0's lookup result is the same each time round
        String prog = """
                *(u32 *)(r10 - 16) = 3
                r2 = r10
                r2 += -16
                ld_pseudo r1, 5, 0
                call 1
                r9 = 750
                r4 = 0
                L0:
                r9 ^= 1
                %s
                if r4 != 21 goto L0
                r0 = 1
                exit
                """;
        rejected(xdp(prog.formatted(""), ARRAY), "loop");
        accepted(xdp(prog.formatted("r4 += 1"), ARRAY));
    }
}
