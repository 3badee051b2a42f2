/**
 * Helper functions: each {@link io.ebpf4j.helpers.Helper} has the kernel's id, its name, its
 * prototype ({@link io.ebpf4j.helpers.HelperProto}, the kernel's {@code bpf_func_proto}, for the
 * verifier) and its Java implementation, which sees the running program through
 * {@link io.ebpf4j.helpers.HelperContext}. {@link io.ebpf4j.helpers.HelperRegistry} holds the
 * standard set and helpers users register.
 */
package io.ebpf4j.helpers;
