package io.ebpf4j.helpers;

/**
 * A redirect a program asked for: {@code bpf_redirect(ifindex, flags)} or
 * {@code bpf_redirect_map(map, key, flags)}. The runtime has no devices, so it only records it.
 *
 * @param helper  the helper's name
 * @param ifindex the target interface (or the map key for {@code bpf_redirect_map})
 * @param flags   the flags argument
 * @param map     the map's name for {@code bpf_redirect_map}, else null
 */
public record Redirect(String helper, long ifindex, long flags, String map) {}
