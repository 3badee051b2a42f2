package io.ebpf4j.verifier.prevail;

import io.ebpf4j.object.ProgramType;
import io.ebpf4j.progtype.ContextField;
import io.ebpf4j.progtype.PreparedRun;
import io.ebpf4j.progtype.ProgTypeOps;
import io.ebpf4j.progtype.SlotMemory;
import io.ebpf4j.progtype.TestRunInput;
import java.util.ArrayList;
import java.util.List;

/**
 * The program type PREVAIL runs its YAML cases on (vbpf/prevail src/test/ebpf_yaml.cpp run_yaml_test_case:
 * {@code ebpf_context_descriptor_t{64, 0, 4, -1}} on the test platform): a 64-byte context whose 32-bit
 * field at offset 0 is the packet's {@code data} and at offset 4 its {@code data_end}, with no {@code data_meta};
 * the other 56 bytes are plain numbers a program may read and write (ctx.yaml "store number to ctx scalar field
 * is allowed"), modelled as 14 u32 fields as the kernel lays out its contexts (so a field is written whole and
 * an 8-byte access spans two fields, which the kernel refuses). Every helper with a Linux prototype may be
 * called (the test platform's is_helper_usable). PREVAIL reads and writes the packet directly and with the
 * legacy {@code skb[...]} loads: the kernel allows both for tc programs (may_access_direct_pkt_data,
 * may_access_skb), whose type this reports.
 */
final class PrevailContext implements ProgTypeOps {
    static final int SIZE = 64;

    private static final List<ContextField> FIELDS = fields();

    /** data, data_end, then 14 writable u32 fields (as the kernel's contexts are laid out in u32 fields). */
    private static List<ContextField> fields() {
        List<ContextField> f = new ArrayList<>();
        f.add(new ContextField("data", 0, 4, true, false, ContextField.Kind.PTR_TO_PACKET));
        f.add(new ContextField("data_end", 4, 4, true, false, ContextField.Kind.PTR_TO_PACKET_END));
        for (int off = 8; off < SIZE; off += 4) f.add(ContextField.scalar("field" + off, off, 4, true));
        return List.copyOf(f);
    }

    @Override
    public ProgramType type() {
        return ProgramType.SCHED_CLS;
    }

    @Override
    public String name() {
        return "prevail-yaml";
    }

    @Override
    public int contextSize() {
        return SIZE;
    }

    @Override
    public List<ContextField> contextFields() {
        return FIELDS;
    }

    @Override
    public boolean allowsHelper(int helperId) {
        return true;
    }

    @Override
    public PreparedRun prepare(SlotMemory memory, TestRunInput input) {
        throw new UnsupportedOperationException("the PREVAIL test context is for the verifier only");
    }
}
