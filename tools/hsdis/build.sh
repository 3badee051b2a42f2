#!/bin/sh
# Builds hsdis-amd64.so here (needs gcc and Debian's libcapstone-dev: apt-get install libcapstone-dev).
# Then, e.g.:
#   LD_LIBRARY_PATH=tools/hsdis java -XX:+UnlockDiagnosticVMOptions \
#     -XX:CompileCommand=print,io.ebpf4j.vm.Interpreter::execute -jar ebpf4j-cli/target/ebpf4j-cli-all.jar bench ...
set -e
cd "$(dirname "$0")"
gcc -O2 -shared -fPIC -o hsdis-amd64.so hsdis.c -lcapstone
echo "built $(pwd)/hsdis-amd64.so"
