/* helper_strtol: bpf_strtol / bpf_strtoul. Both return the number of characters consumed
 * (leading white space included) or a negative errno, and store the value through *res.
 * flags = base: 0 (auto: 0x.. hex, 0.. octal, else decimal), 8, 10 or 16.
 * Strings from .rodata:
 *   res[0] strtol("  -123xyz", 10)  -> 6, res[1] value -123
 *   res[2] strtoul("0x1F", 0)       -> 4, res[3] value 31
 *   res[4] strtoul("0777", 0)       -> 4, res[5] value 511
 *   res[6] strtol("99999999999999999999", 10) -> -ERANGE (-34)
 *   res[7] strtoul("-5", 10)        -> -EINVAL (-22) (no sign allowed for unsigned)
 *   res[8] strtol("abc", 10)        -> -EINVAL (-22) (no digits)
 *   res[9] strtol("12", base 2)     -> -EINVAL (-22) (unsupported base)
 *   res[10] strtol("123456", len 3) -> 3, res[11] value 123 (only buf_len bytes are read)
 * From the packet (copied to the stack first: bpf_strtol may not read packet memory directly,
 * the verifier says "helper access to the packet is not allowed"):
 * the UDP payload of udp_text.bin is "  12345,-77,0x1F,0777,...";
 *   res[12] strtol(payload, 10)     -> 7 (two spaces + 5 digits), res[13] value 12345
 *   res[14] strtol(payload + 8, 0)  -> 3, res[15] value -77
 * retval = number of successful conversions (6 for udp_text.bin; 4 for tcp64.bin, whose
 * bytes at that offset are not digits: res[12] = res[14] = -EINVAL there). */
#include "corpus.h"

RESULTS(16)

static const char s_neg[] = "  -123xyz";
static const char s_hex[] = "0x1F";
static const char s_oct[] = "0777";
static const char s_big[] = "99999999999999999999";
static const char s_minus[] = "-5";
static const char s_abc[] = "abc";
static const char s_long[] = "123456";

SEC("xdp")
int helper_strtol(struct xdp_md *ctx)
{
    long v = 0;
    unsigned long u = 0;
    long r;
    int ok = 0;
#define CHECK(slot, expr, val) do { r = (expr); put(slot, r); if (r > 0) { ok++; put(slot + 1, val); } } while (0)
    CHECK(0, bpf_strtol(s_neg, sizeof(s_neg) - 1, 10, &v), v);
    CHECK(2, bpf_strtoul(s_hex, sizeof(s_hex) - 1, 0, &u), u);
    CHECK(4, bpf_strtoul(s_oct, sizeof(s_oct) - 1, 0, &u), u);
    put(6, bpf_strtol(s_big, sizeof(s_big) - 1, 10, &v));
    put(7, bpf_strtoul(s_minus, sizeof(s_minus) - 1, 10, &u));
    put(8, bpf_strtol(s_abc, sizeof(s_abc) - 1, 10, &v));
    put(9, bpf_strtol(s_long, sizeof(s_long) - 1, 2, &v));
    CHECK(10, bpf_strtol(s_long, 3, 10, &v), v);

    void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
    char *payload = data + 14 + 20 + 8;
    char text[16];
    if ((void *)(payload + 16) > end)
        return ok;
    __builtin_memcpy(text, payload, 16);
    CHECK(12, bpf_strtol(text, 16, 10, &v), v);
    CHECK(14, bpf_strtol(text + 8, 8, 0, &v), v);
    return ok;
}
