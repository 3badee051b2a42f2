package io.ebpf4j.verifier.prevail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The translation of PREVAIL's {@code pre} and {@code assume} into our verifier's terms, each checked by a pair of
 * programs that differ only in the fact under test (the meaning of the facts: ../shared/prevail-yaml/README.md).
 */
class PrevailRunnerTest {

    private static PrevailRunner.Outcome run(List<String> pre, String... blocks) {
        Map<String, String> code = new LinkedHashMap<>();
        for (int i = 0; i < blocks.length; i += 2) code.put(blocks[i], blocks[i + 1]);
        PrevailCase c = new PrevailCase("unit.yaml", "case", List.of(), pre, code, List.of(), List.of(), null, null);
        PrevailRunner.Outcome o = PrevailRunner.run(c);
        assertTrue(o.ran(), () -> "did not run: " + o.parseError() + " " + o.untranslatable());
        return o;
    }

    private static void accepted(PrevailRunner.Outcome o) {
        assertTrue(o.accepted(), () -> "rejected: " + o.firstError());
    }

    @Test
    void stackIndicesAreAbsoluteWithR10At512() {
        String code = "r0 = *(u64 *)(r1 + 0)\nexit\n";
        accepted(run(List.of("r1.type=stack", "r1.stack_offset=504", "s[504...511].type=number"), "<start>", code));
        // one byte short of the 8 read: rejected
        assertFalse(run(List.of("r1.type=stack", "r1.stack_offset=504", "s[505...511].type=number"), "<start>", code).accepted());
        // r10 named elsewhere: indices are relative to it
        accepted(run(List.of("r10.type=stack", "r10.stack_offset=4096", "s[4088...4095].type=number"),
                "<start>", "r0 = *(u64 *)(r10 - 8)\nexit\n"));
        assertFalse(run(List.of("r10.type=stack", "r10.stack_offset=4096", "s[504...511].type=number"),
                "<start>", "r0 = *(u64 *)(r10 - 8)\nexit\n").accepted());
    }

    @Test
    void numberRangesAndStackValues() {
        // r1 in [0, 7] indexes an initialised 16-byte buffer
        String code = "r2 = r10\nr2 += -16\nr2 += r1\nr0 = *(u8 *)(r2 + 0)\nexit\n";
        List<String> init = List.of("s[496...511].type=number");
        accepted(run(concat(init, "r1.type=number", "r1.svalue=[0, 7]"), "<start>", code));
        assertFalse(run(concat(init, "r1.type=number", "r1.svalue=[0, 16]"), "<start>", code).accepted());
        // uvalue=svalue bounds a value whose signed range alone is open below
        accepted(run(concat(init, "r1.type=number", "r1.svalue=[-100, 7]", "r1.uvalue=r1.svalue"), "<start>", code));
        assertFalse(run(concat(init, "r1.type=number", "r1.svalue=[-100, 7]"), "<start>", code).accepted());
    }

    @Test
    void assumeDropsTheEdgeIntoTheSink() {
        String body = "r2 = r10\nr2 += -16\nr2 += r1\nr0 = *(u8 *)(r2 + 0)\nexit\n";
        List<String> pre = List.of("s[496...511].type=number", "r1.type=number", "r1.uvalue=[0, 100]");
        accepted(run(pre, "<start>", "assume r1 < 16\n" + body));
        assertFalse(run(pre, "<start>", "assume r1 < 17\n" + body).accepted());
        // assume false: nothing after it runs, and falling to the sink is no error
        accepted(run(List.of("r1.type=number", "r1.svalue=3"), "<start>", "assume r1 == 4\nr0 = *(u8 *)(r5 + 0)\n"));
    }

    @Test
    void packetEndAndTypeDisjunction() {
        String code = "r0 = 0\nr3 = r1\nr3 += 4\nif r3 > r2 goto <out>\nr0 = *(u32 *)(r1 + 0)\n";
        List<String> pre = List.of("r1.type=packet", "r1.packet_offset=0", "r2.type=packet", "r2.packet_offset=packet_size");
        accepted(run(pre, "<start>", code, "<out>", "exit\n"));
        assertFalse(run(pre, "<start>", "r0 = *(u32 *)(r1 + 0)\nexit\n").accepted());

        // r1 is a stack pointer or the ctx: reading 4 bytes at offset 8 is fine for both
        List<String> both = List.of("r1.type in {stack, ctx}", "r1.stack_offset=496", "r1.ctx_offset=0", "s[496...511].type=number");
        accepted(run(both, "<start>", "r0 = *(u32 *)(r1 + 8)\nexit\n"));
        // reading 8 bytes at offset 8: fine in the stack, refused in the ctx (u32 fields): the case is rejected
        accepted(run(List.of("r1.type=stack", "r1.stack_offset=496", "s[496...511].type=number"), "<start>", "r0 = *(u64 *)(r1 + 8)\nexit\n"));
        PrevailRunner.Outcome o = run(both, "<start>", "r0 = *(u64 *)(r1 + 8)\nexit\n");
        assertFalse(o.accepted());
        assertNotNull(o.firstError());
        assertEquals(0, o.errorLine());
    }

    @Test
    void contradictorySvalueAndUvalueRunWithEitherValue() {
        // PREVAIL keeps svalue and uvalue as two variables; -1 and 5 name no common 64-bit number, so r2 starts as
        // "-1 or 5" (a larger entry state: sound) and the approximation is reported
        PrevailCase c = new PrevailCase("unit.yaml", "case", List.of(),
                List.of("r2.type=number", "r2.svalue=-1", "r2.uvalue=5"),
                Map.of("<start>", "r0 = r2\nexit\n"), List.of(), List.of(), null, null);
        PrevailRunner.Outcome o = PrevailRunner.run(c);
        assertTrue(o.ran(), String.valueOf(o.untranslatable()));
        assertTrue(o.approximations().toString().contains("no common 64-bit number"), o.approximations().toString());
        assertTrue(o.accepted(), o.firstError());
        // with "r2 is -1 or 5", a jump taken only for 5 is not always taken: r0 stays unset on the -1 path
        assertFalse(run(List.of("r2.type=number", "r2.svalue=-1", "r2.uvalue=5"),
                "<start>", "if r2 == 5 goto <out>\nexit\n", "<out>", "r0 = 0\nexit\n").accepted());
    }

    @Test
    void aSharedPointerWhoseValueMayBeZeroIsAMapValueThatMayBeNull() {
        // PREVAIL: a shared pointer whose value may be 0 may be NULL; the kernel: map_value_or_null must be
        // checked before use ("invalid mem access 'map_value_or_null'", check_mem_access)
        List<String> pre = List.of("r2.type=shared", "r2.shared_offset=0", "r2.shared_region_size=4", "r2.svalue=[0, 10]");
        assertFalse(run(pre, "<start>", "r0 = *(u32 *)(r2 + 0)\nexit\n").accepted());
        accepted(run(pre, "<start>", "r0 = 0\nif r2 == 0 goto <out>\nr0 = *(u32 *)(r2 + 0)\n", "<out>", "exit\n"));
        // not nullable when its value excludes 0
        accepted(run(List.of("r2.type=shared", "r2.shared_offset=0", "r2.shared_region_size=4", "r2.svalue=[1, 10]"),
                "<start>", "r0 = *(u32 *)(r2 + 0)\nexit\n"));
    }

    private static List<String> concat(List<String> a, String... b) {
        List<String> out = new java.util.ArrayList<>(a);
        out.addAll(List.of(b));
        return out;
    }
}
