#ifndef __VMLINUX_H__
#define __VMLINUX_H__

#ifndef BPF_NO_PRESERVE_ACCESS_INDEX
#pragma clang attribute push (__attribute__((preserve_access_index)), apply_to = record)
#endif

enum {
	FRAP = 0,
};

struct s {
	int _1;
	char _2;
	unsigned int _3;
};

typedef struct s s_t;

enum e {
	ZERO = 0,
	ONE = 1,
	TWO = 2,
};

typedef enum e e_t;

union u {
	int *_1;
	char *_2;
	unsigned int *_3;
};

typedef union u u_t;

enum e64 {
	LARGE = 8589934591ULL,
};

struct t {
	union {
		s_t s[10];
	};
	struct {
		union u u;
	};
};

struct ambiguous {
	int _1;
	char _2;
};

struct ambiguous___flavour {
	char _1;
	int _2;
};

#ifndef BPF_NO_PRESERVE_ACCESS_INDEX
#pragma clang attribute pop
#endif

#endif /* __VMLINUX_H__ */
