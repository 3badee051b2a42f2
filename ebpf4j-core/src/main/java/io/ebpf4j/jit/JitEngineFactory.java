package io.ebpf4j.jit;

import io.ebpf4j.vm.JitBridge;

/** The JIT as the runtime finds it ({@link java.util.ServiceLoader} service of {@link JitBridge.EngineFactory}). */
public final class JitEngineFactory implements JitBridge.EngineFactory {
    @Override
    public JitBridge.SlotEngine create(JitBridge.Slot slot) {
        return new JitState(slot);
    }
}
