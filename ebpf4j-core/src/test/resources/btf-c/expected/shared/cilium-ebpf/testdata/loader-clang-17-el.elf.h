#ifndef __VMLINUX_H__
#define __VMLINUX_H__

#ifndef BPF_NO_PRESERVE_ACCESS_INDEX
#pragma clang attribute push (__attribute__((preserve_access_index)), apply_to = record)
#endif

typedef unsigned int uint32_t;

typedef unsigned long uint64_t;

struct inner_map_t {
	int (*type)[1];
	uint32_t *key;
	int *value;
	int (*max_entries)[1];
};

struct perf_event {
	uint64_t foo;
	uint64_t bar;
};

typedef struct {
	int (*type)[2];
	int (*key_size)[4];
	int (*value_size)[8];
	int (*max_entries)[1];
} array_map_t;

struct bpf_map_def {
	unsigned int type;
	unsigned int key_size;
	unsigned int value_size;
	unsigned int max_entries;
	unsigned int map_flags;
};

#ifndef BPF_NO_PRESERVE_ACCESS_INDEX
#pragma clang attribute pop
#endif

#endif /* __VMLINUX_H__ */
