/* embed: a program calling a helper the embedding Java code registers (id 1000), and trace_printk. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

static long (*java_add)(long a, long b) = (void *)1000;

SEC("syscall")
int call_java(long *args)
{
    long r = java_add(args[0], args[1]);
    bpf_printk("sum=%ld", r);
    return r;
}

char _license[] SEC("license") = "GPL";
