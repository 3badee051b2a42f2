#ifndef __VMLINUX_H__
#define __VMLINUX_H__

#ifndef BPF_NO_PRESERVE_ACCESS_INDEX
#pragma clang attribute push (__attribute__((preserve_access_index)), apply_to = record)
#endif

typedef unsigned int uint32_t;

typedef unsigned long uint64_t;

struct var_struct_t {
	uint64_t a;
	uint64_t b;
};

typedef unsigned short uint16_t;

typedef unsigned char uint8_t;

struct var_struct_pad_t {
	uint32_t a;
	uint64_t b;
	uint16_t c;
	uint8_t d[5];
	uint64_t e;
};

#ifndef BPF_NO_PRESERVE_ACCESS_INDEX
#pragma clang attribute pop
#endif

#endif /* __VMLINUX_H__ */
