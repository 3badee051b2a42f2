package io.ebpf4j.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static java.lang.constant.ConstantDescs.CD_Object;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;

import io.ebpf4j.Ebpf4jException;
import io.ebpf4j.asm.LlvmAssembler;
import io.ebpf4j.vm.BpfRuntimeException;
import io.ebpf4j.vm.Engine;
import io.ebpf4j.vm.JitBridge;
import io.ebpf4j.vm.Vm;
import io.ebpf4j.vm.VmOptions;
import java.lang.classfile.ClassFile;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bad bytecode is the compiler's bug, never the user's (issue #7: "VerifyError never reaches a user"): whatever the
 * JVM throws when it defines, verifies or links the generated class ({@code ClassFormatError}, {@code VerifyError},
 * other {@code LinkageError}s) reaches the caller as a {@link BpfRuntimeException} (of the library's
 * {@link Ebpf4jException} hierarchy) naming the program and saying it is an internal error, with the JVM's error as
 * its cause. The class files here are broken on purpose; the JVM's own checks (JVMS §4.8 format, §4.10 verification)
 * are what reject them.
 */
class JitInternalErrorTest {

    /** A compiled program of a standalone Vm, for its {@link JitBridge.Code}. */
    private static ProgramSupport compiledSample(Vm vm) {
        return (ProgramSupport) JitBridge.compiledForm(vm);
    }

    private static BpfRuntimeException define(byte[] bytes) {
        try (Vm vm = Vm.load(LlvmAssembler.assemble("r0 = 7\nexit\n"), VmOptions.defaults(), Engine.JIT)) {
            ProgramSupport sample = compiledSample(vm);
            ProgramSupport fresh = new ProgramSupport(sample.code, sample.segment, 0, 8, false);
            BpfRuntimeException e = assertThrows(BpfRuntimeException.class,
                    () -> JitCompiler.define(fresh, bytes, List.of(fresh, sample.segment, sample.segment)));
            assertInstanceOf(Ebpf4jException.class, e);
            assertTrue(e.getMessage().contains("internal error of the JIT compiling program (anonymous) (2 instructions)"), e.getMessage());
            assertTrue(e.getMessage().contains("--engine interpreter"), e.getMessage());
            return e;
        }
    }

    @Test
    void aClassFileTheJvmCannotParseIsAnInternalErrorNamingTheProgram() {
        BpfRuntimeException e = define(new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe, 0, 0});
        assertInstanceOf(ClassFormatError.class, e.getCause());
    }

    @Test
    void aClassTheVerifierRejectsIsAnInternalErrorNamingTheProgram() {
        // a method declared to return long that returns an int: JVMS §4.10.1.9 lreturn needs a long on the stack
        ClassDesc self = ClassDesc.of("io.ebpf4j.jit.Bpf_broken");
        byte[] bytes = ClassFile.of(ClassFile.StackMapsOption.DROP_STACK_MAPS).build(self, clb -> {
            clb.withMethodBody("<init>", MethodTypeDesc.of(CD_void), ClassFile.ACC_PUBLIC, cb -> {
                cb.aload(0);
                cb.invokespecial(CD_Object, "<init>", MethodTypeDesc.of(CD_void));
                cb.return_();
            });
            clb.withMethodBody("f", MethodTypeDesc.of(CD_long), ClassFile.ACC_STATIC, cb -> {
                cb.iconst_0();
                cb.lreturn();
            });
        });
        BpfRuntimeException e = define(bytes);
        assertInstanceOf(VerifyError.class, e.getCause());
        assertFalse(e.getMessage().isBlank());
    }

    @Test
    void aWellFormedProgramStillCompilesAndRuns() {
        // the control: the same path with the compiler's own class file defines and runs
        try (Vm vm = Vm.load(LlvmAssembler.assemble("r0 = 7\nexit\n"), VmOptions.defaults(), Engine.JIT)) {
            assertEquals(7, vm.run(new byte[1]));
        }
    }
}
