/* globals: global data sections as libbpf maps them: .data (initialised, writable), .rodata
 * (const, frozen after load: the verifier knows its contents), .bss (zero-initialised,
 * writable) and a custom section .data.stats (its own map, named after the section).
 * Per run: runs (.bss) += 1; total (.data, starts at 1000) += scale (.rodata, 3) * runs;
 * hist[runs % 4] (.bss array) += 1; a struct in .data is updated; stats.calls
 * (.data.stats) += 2; the table in .rodata is summed.
 * After --repeat 5: runs 5, total 1000 + 3 * (1+2+3+4+5) = 1045, hist {1, 2, 1, 1},
 * cfg = {.id = 7, .flags = 0x17} (flags |= runs each run: 0x10|1|2|3|4|5), stats.calls 10,
 * name (.data char[8]) "glob" with name[4] = '0' + runs ('5').
 * retval = sum of the .rodata table {1, 1, 2, 3, 5, 8, 13, 21} = 54 + runs = 59.
 * The map names (globals.data, globals.rodata, globals.bss, .data.stats) follow libbpf's rule:
 * the object name truncated to 8 characters + the section name. */
#include "corpus.h"

const volatile u64 scale = 3;
const u32 table[8] = { 1, 1, 2, 3, 5, 8, 13, 21 };
u64 total = 1000;
char name[8] = "glob";
struct cfg { u32 id; u32 flags; } cfg = { 7, 0x10 };
u64 runs;
u32 hist[4];
u64 calls SEC(".data.stats") = 0;
u64 limit SEC(".data.stats") = 99;

SEC("xdp")
int globals(struct xdp_md *ctx)
{
    runs++;
    total += scale * runs;
    hist[runs & 3]++;
    cfg.flags |= runs;
    name[4] = '0' + runs;
    calls += 2;
    u32 sum = 0;
    for (int i = 0; i < 8; i++)
        sum += table[i];
    return sum + runs;
}
