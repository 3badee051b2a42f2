package io.ebpf4j.helpers;

/**
 * The packet of a running program and where it lies in the arena: an XDP frame
 * ({@link XdpBuff}, the kernel's {@code struct xdp_buff}) or a socket buffer ({@link SkBuff},
 * the parts of {@code struct sk_buff} the test run and the helpers use). Helpers that move the
 * packet's bounds update it and the context fields the program reads.
 */
public sealed interface PacketBuffer permits XdpBuff, SkBuff {}
