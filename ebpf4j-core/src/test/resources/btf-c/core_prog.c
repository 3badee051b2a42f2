/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A small CO-RE program built against the vmlinux.h that BtfCDumper writes (written for ebpf4j).
 * BtfCDumpCompileTest generates vmlinux.h from /sys/kernel/btf/vmlinux (and from the 7.1 CI
 * kernel's BTF among the shared fixtures) and compiles this with
 *   clang-19 -target bpf -O2 -g -D__TARGET_ARCH_x86 -I<dir of vmlinux.h> -c core_prog.c
 * against libbpf-dev's headers, then checks the CO-RE relocations in the object's .BTF.ext.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} seen SEC(".maps");

static __always_inline void put(__u32 key, __u64 value)
{
	bpf_map_update_elem(&seen, &key, &value, BPF_ANY);
}

SEC("raw_tp/sys_enter")
int on_sys_enter(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	pid_t pid, tgid = 0;

	/* one field read through __builtin_preserve_access_index directly */
	bpf_probe_read_kernel(&pid, sizeof(pid), __builtin_preserve_access_index(&task->pid));
	/* and a pointer chain through BPF_CORE_READ */
	tgid = BPF_CORE_READ(task, real_parent, tgid);

	put(0, pid);
	put(1, tgid);
	put(2, bpf_core_field_exists(task->pid));
	put(3, bpf_core_type_size(struct task_struct));
	return 0;
}
