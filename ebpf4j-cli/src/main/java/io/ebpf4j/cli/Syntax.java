package io.ebpf4j.cli;

import io.ebpf4j.asm.LlvmAssembler;
import io.ebpf4j.asm.LlvmDisassembler;
import io.ebpf4j.asm.UbpfAssembler;
import io.ebpf4j.asm.UbpfDisassembler;
import io.ebpf4j.isa.Program;

/** The two assembly syntaxes the CLI speaks. */
enum Syntax {
    /** LLVM / kernel syntax, as printed by {@code llvm-objdump -d} and verifier logs. */
    llvm,
    /** uBPF syntax of the bpf_conformance suite ({@code ldxw %r0, [%r1+4]}). */
    ubpf;

    Program assemble(String text, String sourceName) {
        return switch (this) {
            case llvm -> LlvmAssembler.assemble(text, sourceName);
            case ubpf -> UbpfAssembler.assemble(text, sourceName);
        };
    }

    String disassemble(Program program) {
        return switch (this) {
            case llvm -> LlvmDisassembler.OBJDUMP.listing(program, "prog");
            case ubpf -> UbpfDisassembler.disassemble(program);
        };
    }

    /** uBPF source names registers {@code %rN}; LLVM source never does. */
    static Syntax detect(String text) {
        return text.contains("%r") ? ubpf : llvm;
    }
}
