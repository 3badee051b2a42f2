package io.ebpf4j.verifier;

import io.ebpf4j.link.LinkedProgram.SourceLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The way to an error, as a stack trace: the function the error is in first, then each caller out
 * to the program's entry, each with the call it is in and the decisions taken on the shortest way
 * from the function's entry to that point. The way is a shortest one the failing state came by,
 * followed through the states the analysis kept apart at each block (where it merged states, one of
 * the ways into the merged state); every step is a branch outcome or call the analysis could not
 * rule out.
 *
 * @param frames innermost first; empty when no path is known (e.g. an error about the program as a whole)
 */
public record ErrorPath(List<Frame> frames) {

    /** No path. */
    public static final ErrorPath NONE = new ErrorPath(List.of());

    public ErrorPath {
        frames = List.copyOf(frames);
    }

    /**
     * One function on the way.
     *
     * @param function  its name ({@code func@N} when the program has no function table: N its first instruction)
     * @param insnIndex where it stands: the error's instruction (innermost frame) or the call it is in
     * @param source    that instruction's source line, if known
     * @param entry     how this function was entered when not by a plain call: "" (a call, or the program's entry),
     *                  "callback" (called by a helper such as bpf_loop), "global" (a global function verified on its
     *                  own from its BTF prototype: there is no caller)
     * @param steps     the decisions and returned calls on the shortest way from the function's entry, in order
     */
    public record Frame(String function, int insnIndex, Optional<SourceLine> source, String entry, List<Step> steps) {
        public Frame {
            source = source == null ? Optional.empty() : source;
            entry = entry == null ? "" : entry;
            steps = List.copyOf(steps);
        }
    }

    /** What a step is. */
    public enum StepKind {
        /** a conditional jump taken */
        TAKEN,
        /** a conditional jump not taken */
        NOT_TAKEN,
        /** a bpf-to-bpf call that returned */
        RETURNED
    }

    /**
     * One step: a conditional jump and which way the path goes, or a call that returned.
     *
     * @param insnIndex the jump or call instruction
     * @param source    its source line, if known
     * @param kind      what happened there
     * @param text      in C-ish words: {@code when r2 > 14}, {@code when not (r1 == 0)}, {@code after parse_eth returned}
     */
    public record Step(int insnIndex, Optional<SourceLine> source, StepKind kind, String text) {
        public Step {
            source = source == null ? Optional.empty() : source;
        }

        /** {@code when r2 > 14 (insn 5, xdp_lb.c:131)}. */
        public String format() {
            return text + " (insn " + insnIndex + source.map(s -> ", " + where(s)).orElse("") + ")";
        }
    }

    /** Whether there is a path. */
    public boolean isEmpty() {
        return frames.isEmpty();
    }

    /**
     * The path as stack-trace lines, innermost first:
     * {@code at parse_ipv4 (xdp_lb.c:88) when not (r1 == 0) (insn 44, xdp_lb.c:86)} then
     * {@code <- called from xdp_main (xdp_lb.c:140) when r2 > 14 (insn 12, xdp_lb.c:131)}.
     */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < frames.size(); k++) {
            Frame f = frames.get(k);
            StringBuilder b = new StringBuilder();
            if (k == 0) b.append("at ");
            else if (frames.get(k - 1).entry().equals("callback")) b.append("<- callback called from ");
            else b.append("<- called from ");
            b.append(f.function()).append(" (").append(f.source().map(ErrorPath::where).orElse("insn " + f.insnIndex())).append(')');
            if (f.entry().equals("global")) b.append(" [global function, verified on its own from its BTF prototype]");
            for (int s = 0; s < f.steps().size(); s++) b.append(s == 0 ? " " : ", ").append(f.steps().get(s).format());
            out.add(b.toString());
        }
        return out;
    }

    /** {@code file.c:LINE}, the file without its directories. */
    static String where(SourceLine s) {
        String file = s.file() == null ? "?" : s.file();
        int slash = file.lastIndexOf('/');
        return (slash >= 0 ? file.substring(slash + 1) : file) + ":" + s.line();
    }
}
