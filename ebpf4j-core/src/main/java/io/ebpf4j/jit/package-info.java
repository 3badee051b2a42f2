/**
 * The compiling engine: each linked program becomes one hidden class of JVM bytecode
 * ({@code java.lang.classfile}), each BPF function a static method whose {@code long} locals are the
 * registers, so HotSpot compiles BPF code as it compiles Java. {@link io.ebpf4j.jit.JitCompiler}
 * generates the class, {@link io.ebpf4j.jit.JitState} runs it on a CPU slot with the interpreter's
 * semantics (instruction count and budget, call depth, tail calls, callbacks, faults).
 */
package io.ebpf4j.jit;
