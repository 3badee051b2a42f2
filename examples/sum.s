# Sums the bytes of the input buffer, in the uBPF syntax of the conformance suite.
# On entry r1 = address of the buffer, r2 = its length.
    mov %r0, 0
    mov %r3, 0
loop:
    jge %r3, %r2, done
    mov %r4, %r1
    add %r4, %r3
    ldxb %r5, [%r4]
    add %r0, %r5
    add %r3, 1
    ja loop
done:
    exit
