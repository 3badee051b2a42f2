#!/bin/sh
# Verify every BPF object of the repository and of ../shared/bench with `ebpf4j verify --stats`:
# per-program verdicts, then a summary (objects, programs, verified, rejected, errors, total time,
# programs per second, median and p90 verification time, slowest program). Build first:
#   ./mvnw -q -B -DskipTests package
# Run from anywhere; extra arguments go to `ebpf4j verify` (e.g. --btf FILE). Set SHARED to use
# another shared folder. The asm-corpus objects are assembler fixtures without loadable programs:
# they are reported as errors (exit status 2), which the summary counts.
here=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$(cd "$here/.." && pwd)/shared}
cd "$here" || exit 2
exec ./ebpf4j verify --stats "$@" corpus/obj/*.o corpus/rejected/obj/*.o corpus/unsafe/obj/*.o \
  $(find ebpf4j-core/src/test/resources -name '*.o' | sort) "$shared"/bench/*.kern.o
