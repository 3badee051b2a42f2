#ifndef __VMLINUX_H__
#define __VMLINUX_H__

#ifndef BPF_NO_PRESERVE_ACCESS_INDEX
#pragma clang attribute push (__attribute__((preserve_access_index)), apply_to = record)
#endif

struct clash {
	long block_scope;
};

typedef long clash_t;

enum clash_e2 {
	CLASH_V2 = 2,
};

struct clash___2 {
	char another;
};

struct clash___3 {
	int file_scope;
};

typedef int clash_t___2;

enum clash_e {
	CLASH_V = 1,
};

struct node;

struct list {
	struct node *head;
	struct node *tail;
	struct list *self;
};

struct inner {
	int a;
	short b;
};

struct outer {
	struct inner in;
	struct inner arr[3];
	struct inner *pin;
};

typedef unsigned int u32;

typedef unsigned char u8;

typedef unsigned long long u64;

struct bits {
	u32 a: 3;
	u32 b: 5;
	int: 24;
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
	short: 4;
	char: 8;
	unsigned int z: 4;
	u64 w: 33;
};

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
};

struct aligned_member {
	char c;
	long: 64;
	int i;
	char tail;
	long: 64;
};

struct aligned_struct {
	int x;
	long: 64;
	long: 64;
	long: 64;
};

struct holds_aligned {
	char c;
	long: 64;
	long: 64;
	long: 64;
	struct aligned_struct s;
	struct packed1 p;
	char end[3];
	long: 64;
	long: 64;
};

struct cacheline {
	long a;
	long: 64;
	long: 64;
	long: 64;
	long: 64;
	long: 64;
	long: 64;
	long: 64;
	long b;
	char c;
	long: 64;
	long: 64;
	long: 64;
	long: 64;
	long: 64;
	long: 64;
};

struct empty {};

struct holds_empty {
	int x;
	struct empty e;
	int y;
};

typedef unsigned short u16;

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

enum plain {
	PLAIN_A = 0,
	PLAIN_B = 5,
	PLAIN_C = 6,
};

enum negative {
	NEG_A = -1,
	NEG_B = -100,
	NEG_C = 3,
};

enum big {
	BIG_A = 4294967296ULL,
	BIG_B = 18446744073709551615ULL,
};

enum big_signed {
	BIGS_A = -5000000000LL,
	BIGS_B = 7LL,
};

enum small {
	SMALL_A = 1,
	SMALL_B = 200,
};

enum max32 {
	MAX32 = 4294967295,
};

struct with_enums {
	enum plain p;
	enum negative n;
	enum big b;
	enum big_signed bs;
	enum small s;
	enum max32 m;
};

struct arrays {
	int one[4];
	int two[2][3];
	int three[2][3][4];
	char *strs[8];
	int (*ptr_to_arr)[5];
	int (*arr_of_ptr_to_arr[2])[5];
	const char name[16];
	int flex[0];
};

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
	int (* (*returns_fp)(int))(long);
	void (*arr_of_fp[4])(int);
	struct sk_buff * (*get)(struct ops *, const void *);
	int (*with_arrays)(int *, char(*)[8]);
};

struct quals {
	const int ci;
	volatile int vi;
	volatile const int cvi;
	const char *pc;
	char * const cp;
	const char * const cpc;
	int * restrict rp;
	volatile unsigned long *vp;
	const int * const *cpp;
	void * const *vpp;
};

struct tagged {
	int __attribute__((btf_type_tag("user"))) *user_ptr;
	int __attribute__((btf_type_tag("rcu"))) __attribute__((btf_type_tag("percpu"))) *two_tags;
	struct node __attribute__((btf_type_tag("kptr"))) *kptr;
	int plain;
	const int __attribute__((btf_type_tag("c"))) *const_tagged;
};

typedef long long s64;

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
};

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
	ANON_E_Y = 11,
} anon_enum_t;

struct fwd_only;

typedef struct fwd_only fwd_only_t;

union fwd_union;

typedef union fwd_union fwd_union_t;

struct self_ref_t_s;

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

struct self_ref_t_s {
	struct self_ref_t_s *next;
	int v;
};

typedef struct self_ref_t_s self_ref_t;

struct later;

typedef struct later *later_ptr;

struct uses_later {
	later_ptr lp;
};

struct scalars {
	_Bool b;
	char c;
	signed char sc;
	unsigned char uc;
	short s;
	unsigned short us;
	int i;
	unsigned int u;
	long l;
	unsigned long ul;
	long long ll;
	unsigned long long ull;
	__int128 i128;
	unsigned __int128 u128;
	float f;
	double d;
	long double ld;
	long: 64;
};

#ifndef BPF_NO_PRESERVE_ACCESS_INDEX
#pragma clang attribute pop
#endif

#endif /* __VMLINUX_H__ */
