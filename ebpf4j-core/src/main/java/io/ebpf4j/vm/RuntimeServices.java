package io.ebpf4j.vm;

import io.ebpf4j.helpers.HelperEnvironment;
import io.ebpf4j.maps.BpfMap;

/** What the CPU slots of an engine need from the runtime that owns them: its maps, its programs (for tail calls), its environment. */
interface RuntimeServices {

    /** The map whose pointer is {@code pointer}, or null. */
    BpfMap mapAt(long pointer);

    /** The map owning the arena memory at {@code address}, or null. */
    BpfMap mapContaining(long address);

    /** The program in slot {@code index} of the program array {@code progArray}, or null if the slot is empty. */
    PreparedProgram tailCallTarget(BpfMap progArray, int index);

    HelperEnvironment environment();

    /** Publishes a line of trace output written on CPU slot {@code cpu}. */
    void trace(int cpu, String line);

    /** Services of a standalone Vm: no maps, no programs to tail-call, the default environment, trace output dropped. */
    RuntimeServices NONE = new RuntimeServices() {
        private final HelperEnvironment env = HelperEnvironment.defaults(1);

        @Override
        public BpfMap mapAt(long pointer) {
            return null;
        }

        @Override
        public BpfMap mapContaining(long address) {
            return null;
        }

        @Override
        public PreparedProgram tailCallTarget(BpfMap progArray, int index) {
            return null;
        }

        @Override
        public HelperEnvironment environment() {
            return env;
        }

        @Override
        public void trace(int cpu, String line) {}
    };
}
