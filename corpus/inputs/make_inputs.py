#!/usr/bin/env python3
"""Writes the input packets and contexts of the corpus (corpus/README.md) into this directory.
Deterministic: running it twice gives the same bytes. All IPv4/TCP/UDP checksums are valid
unless the name says otherwise.

Packets (data_in):
  tcp64.bin         Ethernet/IPv4/TCP, 64 bytes, 10.0.0.1:12345 -> 10.0.0.2:80, ACK|PSH, payload "0123456789"
  tcp_syn60.bin     Ethernet/IPv4/TCP SYN 10.0.0.1:40000 -> 10.0.0.2:443, no payload, padded to 60
  tcp1514.bin       full-MTU TCP packet (1500-byte IP datagram), payload bytes i*7 & 0xff
  tcp_opts72.bin    IPv4 header with 4 bytes of options (IHL 6) + TCP + 14-byte payload, 72 bytes
  udp60.bin         Ethernet/IPv4/UDP 10.0.0.1:5000 -> 10.0.0.2:53, 18-byte payload, 60 bytes
  udp512.bin        Ethernet/IPv4/UDP, 512 bytes, payload bytes i & 0xff
  udp_csum0.bin     like udp60.bin but UDP checksum 0 (checksum not computed, legal for IPv4)
  udp_text.bin      UDP whose payload is the ASCII text parsed by helper_strtol
  ipv6_tcp74.bin    Ethernet/IPv6/TCP (2001:db8::1 -> 2001:db8::2), 74 bytes
  arp60.bin         Ethernet/ARP request, padded to 60 bytes
  vlan_udp64.bin    Ethernet/802.1Q (VID 100)/IPv4/UDP, 64 bytes
  eth14.bin         an Ethernet header alone (ethertype IPv4, no IP header): truncated packet
  trunc_ip20.bin    Ethernet header + 6 bytes of an IPv4 header: truncated IP header
  dst_10.1.2.3.bin, dst_10.1.9.9.bin, dst_10.200.0.1.bin, dst_192.168.5.5.bin, dst_8.8.8.8.bin
                    tcp64.bin with that IPv4 destination (LPM trie lookups)

Contexts (ctx_in):
  syscall_args.bin  24 bytes for the syscall programs: struct { s32 a; s32 b; u64 c; char s[8]; }
                    = { 1000, -7, 0x0123456789abcdef, "ebpf4j\\0\\0" }
  rawtp_args.bin    6 x u64 little-endian raw tracepoint args: 1, 2, 3, 0xffffffffffffffff, 40, 2
  skb_ctx.bin       struct __sk_buff (192 bytes): mark 0x1234, priority 7, cb[] = 1..5, rest 0
"""
import struct

HERE = __file__.rsplit('/', 1)[0] if '/' in __file__ else '.'
MAC_DST = bytes.fromhex('020000000002')
MAC_SRC = bytes.fromhex('020000000001')
MAC_BCAST = b'\xff' * 6


def csum(b):
    if len(b) % 2:
        b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff


def ip4(a):
    return bytes(int(x) for x in a.split('.'))


def ipv4(proto, l4, src='10.0.0.1', dst='10.0.0.2', options=b'', ident=1, ttl=64):
    ihl = 5 + len(options) // 4
    hdr = struct.pack('!BBHHHBBH4s4s', 0x40 | ihl, 0, ihl * 4 + len(l4), ident, 0x4000, ttl,
                      proto, 0, ip4(src), ip4(dst)) + options
    return hdr[:10] + struct.pack('!H', csum(hdr)) + hdr[12:] + l4


def l4csum(proto, src, dst, seg):
    pseudo = ip4(src) + ip4(dst) + struct.pack('!BBH', 0, proto, len(seg))
    return csum(pseudo + seg)


def tcp(sport, dport, flags, payload=b'', src='10.0.0.1', dst='10.0.0.2', seq=1, ack=1):
    seg = struct.pack('!HHIIBBHHH', sport, dport, seq, ack, 5 << 4, flags, 65535, 0, 0) + payload
    c = l4csum(6, src, dst, seg)
    return seg[:16] + struct.pack('!H', c) + seg[18:]


def udp(sport, dport, payload, src='10.0.0.1', dst='10.0.0.2', zero_csum=False):
    seg = struct.pack('!HHHH', sport, dport, 8 + len(payload), 0) + payload
    if zero_csum:
        return seg
    c = l4csum(17, src, dst, seg) or 0xffff
    return seg[:6] + struct.pack('!H', c) + seg[8:]


def eth(ethertype, body):
    return MAC_DST + MAC_SRC + struct.pack('!H', ethertype) + body


def pad(p, n=60):
    return p + b'\0' * (n - len(p)) if len(p) < n else p


def write(name, b):
    with open(f'{HERE}/{name}', 'wb') as f:
        f.write(b)


def tcp_pkt(dst='10.0.0.2'):
    return eth(0x0800, ipv4(6, tcp(12345, 80, 0x18, b'0123456789', dst=dst), dst=dst))


def main():
    p = tcp_pkt()
    assert len(p) == 64
    write('tcp64.bin', p)
    write('tcp_syn60.bin', pad(eth(0x0800, ipv4(6, tcp(40000, 443, 0x02, seq=1000, ack=0)))))
    payload = bytes((i * 7) & 0xff for i in range(1460))
    p = eth(0x0800, ipv4(6, tcp(12345, 80, 0x10, payload)))
    assert len(p) == 1514
    write('tcp1514.bin', p)
    opts = bytes([1, 1, 1, 0])  # NOP NOP NOP EOL
    p = eth(0x0800, ipv4(6, tcp(1234, 8080, 0x18, b'optionsoptions'), options=opts))
    assert len(p) == 72, len(p)
    write('tcp_opts72.bin', p)
    p = eth(0x0800, ipv4(17, udp(5000, 53, b'hello, ebpf4j !!!\n')))
    assert len(p) == 60, len(p)
    write('udp60.bin', p)
    p = eth(0x0800, ipv4(17, udp(5001, 9999, bytes(i & 0xff for i in range(470)))))
    assert len(p) == 512, len(p)
    write('udp512.bin', p)
    write('udp_csum0.bin', eth(0x0800, ipv4(17, udp(5000, 53, b'hello, ebpf4j !!!\n', zero_csum=True))))
    text = b'  12345,-77,0x1F,0777,99999999999999999999,abc,-0x10 '
    write('udp_text.bin', eth(0x0800, ipv4(17, udp(7777, 7777, text))))
    src6 = bytes.fromhex('20010db8000000000000000000000001')
    dst6 = bytes.fromhex('20010db8000000000000000000000002')
    seg = struct.pack('!HHIIBBHHH', 12345, 80, 1, 1, 5 << 4, 0x18, 65535, 0, 0)
    pseudo = src6 + dst6 + struct.pack('!IxxxB', len(seg), 6)
    seg = seg[:16] + struct.pack('!H', csum(pseudo + seg)) + seg[18:]
    ip6 = struct.pack('!IHBB', 6 << 28, len(seg), 6, 64) + src6 + dst6
    p = eth(0x86dd, ip6 + seg)
    assert len(p) == 74, len(p)
    write('ipv6_tcp74.bin', p)
    arp = struct.pack('!HHBBH6s4s6s4s', 1, 0x0800, 6, 4, 1, MAC_SRC, ip4('10.0.0.1'),
                      b'\0' * 6, ip4('10.0.0.2'))
    write('arp60.bin', pad(MAC_BCAST + MAC_SRC + struct.pack('!H', 0x0806) + arp))
    inner = ipv4(17, udp(5000, 53, b'vlan tagged udp!!!'))
    p = MAC_DST + MAC_SRC + struct.pack('!HHH', 0x8100, 100, 0x0800) + inner
    write('vlan_udp64.bin', pad(p, 64))
    write('eth14.bin', eth(0x0800, b''))
    write('trunc_ip20.bin', eth(0x0800, ipv4(6, tcp(1, 2, 0x02))[:6]))
    for d in ('10.1.2.3', '10.1.9.9', '10.200.0.1', '192.168.5.5', '8.8.8.8'):
        write(f'dst_{d}.bin', tcp_pkt(d))

    write('syscall_args.bin', struct.pack('<iiQ8s', 1000, -7, 0x0123456789abcdef, b'ebpf4j'))
    write('rawtp_args.bin', struct.pack('<6Q', 1, 2, 3, 0xffffffffffffffff, 40, 2))
    skb = bytearray(192)
    struct.pack_into('<I', skb, 8, 0x1234)       # mark
    struct.pack_into('<I', skb, 32, 7)           # priority
    struct.pack_into('<5I', skb, 48, 1, 2, 3, 4, 5)  # cb[5]
    write('skb_ctx.bin', bytes(skb))


if __name__ == '__main__':
    main()
