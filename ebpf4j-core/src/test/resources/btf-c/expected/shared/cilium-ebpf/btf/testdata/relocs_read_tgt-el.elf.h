#ifndef __VMLINUX_H__
#define __VMLINUX_H__

#ifndef BPF_NO_PRESERVE_ACCESS_INDEX
#pragma clang attribute push (__attribute__((preserve_access_index)), apply_to = record)
#endif

struct s {
	char a;
	char b;
};

typedef unsigned char u8;

typedef unsigned int my_u32;

typedef unsigned short u16;

typedef unsigned int u32;

struct bits {
	u8 b: 2;
	u8 a: 4;
	my_u32 d: 2;
	u16 c: 1;
	enum {
		ZERO = 0,
		ONE = 1,
	} e: 1;
	u16 f;
	u32 g: 30;
};

#ifndef BPF_NO_PRESERVE_ACCESS_INDEX
#pragma clang attribute pop
#endif

#endif /* __VMLINUX_H__ */
