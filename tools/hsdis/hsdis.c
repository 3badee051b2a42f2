/*
 * A disassembler plug-in for HotSpot's -XX:+PrintAssembly (x86-64 only), on the capstone library: a developer's
 * tool to read what C2 makes of the interpreter and of the JIT's classes; not part of ebpf4j's build or runtime.
 * HotSpot loads hsdis-amd64.so (from LD_LIBRARY_PATH among other places) and calls decode_instructions_virtual
 * for each range of code, with an event callback ("insn" before an instruction, "/insn" after it) that lets it
 * print addresses and its own comments, and a printf callback for the text. Build and use: see build.sh.
 */
#include <capstone/capstone.h>
#include <stdint.h>
#include <stddef.h>

void* decode_instructions_virtual(uintptr_t start_va, uintptr_t end_va, unsigned char* buffer, uintptr_t length,
                                  void* (*event_callback)(void*, const char*, void*), void* event_stream,
                                  int (*printf_callback)(void*, const char*, ...), void* printf_stream,
                                  const char* options, int newline) {
    csh h;
    if (cs_open(CS_ARCH_X86, CS_MODE_64, &h) != CS_ERR_OK) return NULL;
    cs_insn* insn;
    size_t count = cs_disasm(h, buffer, length, start_va, 0, &insn);
    for (size_t j = 0; j < count; j++) {
        (*event_callback)(event_stream, "insn", (void*)(uintptr_t)insn[j].address);
        (*printf_callback)(printf_stream, "%s\t%s", insn[j].mnemonic, insn[j].op_str);
        (*event_callback)(event_stream, "/insn", (void*)(uintptr_t)(insn[j].address + insn[j].size));
        if (newline) (*printf_callback)(printf_stream, "\n");
    }
    uintptr_t end = count ? insn[count - 1].address + insn[count - 1].size : start_va;
    if (count) cs_free(insn, count);
    cs_close(&h);
    return (void*)end;
}
