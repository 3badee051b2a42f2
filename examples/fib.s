; Iterative Fibonacci in the LLVM/kernel syntax (what llvm-objdump prints).
; Input: none. Returns fib(r1) for r1 = 40 in r0.
        r1 = 40
        r2 = 0          ; fib(i)
        r3 = 1          ; fib(i+1)
loop:
        if r1 == 0 goto done
        r4 = r2
        r4 += r3
        r2 = r3
        r3 = r4
        r1 += -1
        goto loop
done:
        r0 = r2
        exit
