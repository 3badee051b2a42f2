/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Types that exercise the BTF-to-C dumper (BtfCDumper) beyond what the shared fixtures cover.
 * Written for ebpf4j; compiled by scripts/regen-btf-c-expected.sh with
 *   clang-19 -target bpf -O2 -g -c features.c -o features.o
 * and dumped with `bpftool btf dump file features.o format c` into features.h, which
 * BtfCDumpFixturesTest compares with BtfCDumper's output. Not a program meant to be loaded.
 */

#define __tag(x) __attribute__((btf_type_tag(x)))
#define __dtag(x) __attribute__((btf_decl_tag(x)))
#define SEC(name) __attribute__((section(name), used))

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef long long s64;

/* structs referring to each other through pointers: forward declarations */
struct node;
struct list {
	struct node *head;
	struct node *tail;
	struct list *self;
};
struct node {
	struct node *next;
	struct list *owner;
	const char *name;
};

/* embedded by value before being defined elsewhere in the source order of use */
struct inner {
	int a;
	short b;
};
struct outer {
	struct inner in;
	struct inner arr[3];
	struct inner *pin;
};

/* bitfields, including ones that need explicit padding */
struct bits {
	u32 a: 3;
	u32 b: 5;
	u32 : 0;
	u32 c: 7;
	u8 d;
	u64 e: 40;
	int f: 2;
	unsigned int g: 1;
	long h;
};

struct bits_gap {
	char x;
	unsigned int y: 4;
	unsigned int : 12;
	unsigned int z: 4;
	u64 w: 33;
};

/* packing and alignment */
struct packed1 {
	char c;
	int i;
	short s;
} __attribute__((packed));

struct packed2 {
	u64 a;
	u8 b;
} __attribute__((packed));

struct naturally_aligned_but_packed {
	int a;
	int b;
} __attribute__((packed));

struct aligned_member {
	char c;
	int i __attribute__((aligned(16)));
	char tail;
};

struct aligned_struct {
	int x;
} __attribute__((aligned(32)));

struct holds_aligned {
	char c;
	struct aligned_struct s;
	struct packed1 p;
	char end[3];
};

struct cacheline {
	long a;
	long b __attribute__((aligned(64)));
	char c;
};

struct empty {};

struct holds_empty {
	int x;
	struct empty e;
	int y;
};

/* anonymous nested structs and unions, anonymous enums inline */
struct nested {
	union {
		struct {
			int lo;
			int hi;
		};
		long whole;
		struct {
			u8 bytes[4];
			union {
				u16 h1;
				u8 b1;
			} inner_u;
		} named_member;
	};
	enum {
		NESTED_A = 1,
		NESTED_B = 2,
	} kind;
	struct {
		struct {
			int deep;
		} level2;
	} level1;
	struct {
		int p;
	} *anon_ptr;
};

/* enums: plain, signed, 64-bit, signed 64-bit, 1-byte */
enum plain { PLAIN_A, PLAIN_B = 5, PLAIN_C };
enum negative { NEG_A = -1, NEG_B = -100, NEG_C = 3 };
enum big { BIG_A = 0x100000000ULL, BIG_B = 0xffffffffffffffffULL };
enum big_signed { BIGS_A = -5000000000LL, BIGS_B = 7 };
enum __attribute__((packed)) small { SMALL_A = 1, SMALL_B = 200 };
enum max32 { MAX32 = 0xffffffffU };

struct with_enums {
	enum plain p;
	enum negative n;
	enum big b;
	enum big_signed bs;
	enum small s;
	enum max32 m;
};

/* top-level anonymous enum: constants */
enum {
	CONST_ONE = 1,
	CONST_TWO = 2,
};

/* arrays */
struct arrays {
	int one[4];
	int two[2][3];
	int three[2][3][4];
	char *strs[8];
	int (*ptr_to_arr)[5];
	int (*arr_of_ptr_to_arr[2])[5];
	const char name[16];
	int flex[];
};

/* functions pointers */
struct sk_buff;
typedef int (*handler_t)(struct sk_buff *, int);
typedef void fn_t(void);
typedef int (*variadic_t)(const char *, ...);

struct ops {
	int (*fn)(struct sk_buff *, int);
	void (*noargs)(void);
	handler_t h;
	fn_t *f;
	variadic_t v;
	int (*(*returns_fp)(int))(long);
	void (*arr_of_fp[4])(int);
	struct sk_buff *(*get)(struct ops *self, const void *key);
	int (*with_arrays)(int a[4], char (*b)[8]);
};

/* qualifiers */
struct quals {
	const int ci;
	volatile int vi;
	const volatile int cvi;
	const char *pc;
	char *const cp;
	const char *const cpc;
	int *restrict rp;
	volatile unsigned long *vp;
	const int *const *cpp;
	void *const *vpp;
};

/* type tags and decl tags */
struct tagged {
	int __tag("user") *user_ptr;
	int __tag("rcu") __tag("percpu") *two_tags;
	struct node __tag("kptr") *kptr;
	int plain __dtag("decl");
	const int __tag("c") *const_tagged;
} __dtag("on_struct");

/* unions */
union value {
	u64 u;
	s64 s;
	double d;
	float f;
	char c[8];
	struct inner in;
};

union packed_union {
	int i;
	char c[5];
} __attribute__((packed));

/* typedef chains, typedef of anonymous struct/union/enum */
typedef struct {
	int x;
	int y;
} point_t;
typedef point_t point2_t;
typedef const point2_t cpoint_t;
typedef union {
	int i;
	float f;
} anon_union_t;
typedef enum {
	ANON_E_X = 10,
	ANON_E_Y,
} anon_enum_t;
typedef struct fwd_only fwd_only_t;
typedef union fwd_union fwd_union_t;

struct uses_typedefs {
	point_t p;
	point2_t p2;
	cpoint_t cp;
	anon_union_t au;
	anon_enum_t ae;
	fwd_only_t *fo;
	fwd_union_t *fu;
	struct self_ref_t_s *srt;
};

/* a typedef used through a pointer inside the struct it names */
typedef struct self_ref_t_s {
	struct self_ref_t_s *next;
	int v;
} self_ref_t;

/* a typedef of a pointer to a struct that is defined after use */
typedef struct later *later_ptr;
struct uses_later {
	later_ptr lp;
};
struct later {
	int v;
	struct uses_later back;
};

/* integer and float types */
struct scalars {
	_Bool b;
	char c;
	signed char sc;
	unsigned char uc;
	short s;
	unsigned short us;
	int i;
	unsigned u;
	long l;
	unsigned long ul;
	long long ll;
	unsigned long long ull;
	__int128 i128;
	unsigned __int128 u128;
	float f;
	double d;
	long double ld;
};

/* name clashes: block-scope types with the names of file-scope ones */
struct clash {
	int file_scope;
};
typedef int clash_t;
enum clash_e { CLASH_V = 1 };

struct clash g_clash;
clash_t g_clash_t;
enum clash_e g_clash_e;

struct list g_list;
struct outer g_outer;
struct bits g_bits;
struct bits_gap g_bits_gap;
struct packed1 g_packed1;
struct packed2 g_packed2;
struct naturally_aligned_but_packed g_nabp;
struct aligned_member g_aligned_member;
struct holds_aligned g_holds_aligned;
struct cacheline g_cacheline;
struct holds_empty g_holds_empty;
struct nested g_nested;
struct with_enums g_with_enums;
int g_const_one = CONST_ONE;
struct arrays g_arrays;
struct ops g_ops;
struct quals g_quals;
struct tagged g_tagged;
union value g_value;
union packed_union g_packed_union;
struct uses_typedefs g_uses_typedefs;
self_ref_t g_self_ref;
struct uses_later g_uses_later;
struct scalars g_scalars;

SEC("socket")
int prog(void *ctx)
{
	{
		struct clash {
			long block_scope;
		};
		typedef long clash_t;
		enum clash_e2 { CLASH_V2 = 2 };
		static volatile struct clash s_clash;
		static volatile clash_t s_clash_t;
		static volatile enum clash_e2 s_clash_e2;
		s_clash.block_scope = 1;
		s_clash_t = 2;
		s_clash_e2 = CLASH_V2;
		if (s_clash_t + s_clash_e2 == 0)
			return 1;
	}
	{
		struct clash {
			char another;
		};
		static volatile struct clash s_clash3;
		s_clash3.another = 3;
	}
	return 0;
}

char _license[] SEC("license") = "GPL";
