#ifndef __VMLINUX_H__
#define __VMLINUX_H__

#ifndef BPF_NO_PRESERVE_ACCESS_INDEX
#pragma clang attribute push (__attribute__((preserve_access_index)), apply_to = record)
#endif

struct s {
	char b;
	char a;
};

typedef unsigned char u8;

typedef unsigned short u16;

typedef unsigned long u64;

struct bits {
	int x;
	u8 a: 4;
	u8 b: 2;
	u16 c: 1;
	unsigned int d: 2;
	enum {
		ZERO = 0,
		ONE = 1,
	} e: 1;
	u64 f: 16;
	long: 6;
	u64 g: 30;
};

struct nonexist {
	int non_exist;
};

enum nonexist_enum {
	NON_EXIST = 1,
};

#ifndef BPF_NO_PRESERVE_ACCESS_INDEX
#pragma clang attribute pop
#endif

#endif /* __VMLINUX_H__ */
