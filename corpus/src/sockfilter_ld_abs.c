/* sockfilter_ld_abs: the legacy packet-access instructions BPF_LD | BPF_ABS / BPF_IND
 * (classic-BPF style loads, allowed in socket filters and tc), emitted by clang from the
 * load_byte/load_half/load_word builtins. They read in network byte order (converted to host
 * order), relative to the start the program sees (the IP header for a socket filter). An
 * out-of-bounds LD_ABS/LD_IND ends the program with return value 0.
 *   res[0] load_half(2)  -> IPv4 total length (0x32 = 50 for tcp64.bin)
 *   res[1] load_word(12) -> IPv4 saddr 0x0a000001
 *   res[2] load_byte(9)  -> protocol (6 for TCP)
 *   res[3] load_half via BPF_IND at offset ihl * 4 -> TCP source port 12345
 * Then reads load_byte(5000), beyond the packet: the program exits with 0 at that point,
 * so res[4] is never written (stays 0) and retval = 0. */
#include "corpus.h"

RESULTS(8)

unsigned long long load_byte(void *skb, unsigned long long off) asm("llvm.bpf.load.byte");
unsigned long long load_half(void *skb, unsigned long long off) asm("llvm.bpf.load.half");
unsigned long long load_word(void *skb, unsigned long long off) asm("llvm.bpf.load.word");

SEC("socket")
int sockfilter_ld_abs(struct __sk_buff *skb)
{
    put(0, load_half(skb, 2));
    put(1, load_word(skb, 12));
    put(2, load_byte(skb, 9));
    u64 ihl = (load_byte(skb, 0) & 0xf) * 4;
    put(3, load_half(skb, ihl));
    u64 x = load_byte(skb, 5000);
    put(4, 1);
    return x + 1;
}
