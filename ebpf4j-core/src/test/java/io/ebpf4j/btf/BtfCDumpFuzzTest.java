package io.ebpf4j.btf;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.ebpf4j.btf.BtfCDumpRobustnessTest.Blob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * {@link BtfCDumper} on random small BTF graphs (jqwik), cyclic ones included; the generator is
 * also used by {@link BtfCDumpBpftoolTest} to compare with bpftool.
 */
class BtfCDumpFuzzTest {

    /**
     * Random small BTF graphs, cyclic ones included: the dump terminates (well within a second)
     * with either a header or a {@link BtfException}; never another exception or error.
     */
    @Property(tries = 3000)
    void randomGraphsDumpOrFailCleanly(@ForAll long seed) {
        byte[] blob = RandomBtf.generate(new Random(seed), true);
        Btf btf = Btf.parse(blob, "random " + seed);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try {
                String dump = BtfCDumper.dump(btf);
                BtfCDumpRobustnessTest.body(dump);
            } catch (BtfException e) {
                // rejected: fine
            }
        });
    }

    /** Random BTF for the property above and for the comparison with bpftool. */
    static final class RandomBtf {
        private RandomBtf() {}

        private static final String[] NAMES = {"", "", "", "", "a", "b", "foo", "bar", "A", "__builtin_va_list",
            "__gnuc_va_list"};
        private static final String[] INT_NAMES = {"int", "char", "long", "unsigned int", "short", "_Bool",
            "long long unsigned int", "__int128", "__Poly16_t"};
        private static final String[] ENUMERATORS = {"A", "B", "foo", "bar", "a"};

        /**
         * A blob of 1 to 14 types. With {@code cycles}, references may point anywhere (self, later
         * types); without, only pointers may point forward, so graphs are what C can express
         * (mostly: embedded structs still only refer backwards).
         */
        static byte[] generate(Random r, boolean cycles) {
            Blob b = new Blob();
            int n = 1 + r.nextInt(14);
            for (int k = 0; k < n; k++) {
                int self = b.nextId();
                int total = n + 1;
                // a reference: to void, an earlier type, or (cyclic graphs) any type
                java.util.function.IntSupplier back = () -> self == 1 || r.nextInt(8) == 0 ? 0 : 1 + r.nextInt(self - 1);
                java.util.function.IntSupplier any = () -> r.nextInt(total);
                java.util.function.IntSupplier ref = cycles && r.nextInt(6) == 0 ? any : back;
                String name = NAMES[r.nextInt(NAMES.length)];
                switch (r.nextInt(20)) {
                    case 0, 1 -> {
                        int size = new int[] {1, 2, 4, 8, 16}[r.nextInt(5)];
                        b.intType(INT_NAMES[r.nextInt(INT_NAMES.length)], size, r.nextInt(3) == 0 ? 0 : 1, size * 8);
                    }
                    case 2, 3, 4 -> b.ptr(r.nextBoolean() ? any.getAsInt() : back.getAsInt());
                    case 5 -> b.array(ref.getAsInt(), back.getAsInt(), r.nextInt(5) == 0 ? 0 : 1 + r.nextInt(4));
                    case 6, 7, 8 -> {
                        int m = r.nextInt(5);
                        List<Blob.M> members = new ArrayList<>();
                        int bit = 0;
                        for (int j = 0; j < m; j++) {
                            bit += r.nextInt(4) == 0 ? 8 * r.nextInt(9) : 0;
                            if (r.nextInt(4) == 0) {
                                int size = 1 + r.nextInt(20);
                                members.add(Blob.bf(NAMES[r.nextInt(NAMES.length)] + j, ref.getAsInt(), bit, size));
                                bit += size;
                            } else {
                                bit = (bit + 7) / 8 * 8;
                                bit = r.nextBoolean() ? (bit + 31) / 32 * 32 : bit;
                                members.add(Blob.m(NAMES[r.nextInt(NAMES.length)] + j, ref.getAsInt(), bit));
                                bit += 8 * (1 + r.nextInt(8));
                            }
                        }
                        int size = (bit + 7) / 8 + r.nextInt(9);
                        Blob.M[] ms = members.toArray(Blob.M[]::new);
                        if (r.nextInt(3) == 0) b.union(name, size, ms); else b.struct(name, size, ms);
                    }
                    case 9 -> {
                        int m = r.nextInt(3);
                        Blob.V[] vs = new Blob.V[m];
                        for (int j = 0; j < m; j++) vs[j] = Blob.v(ENUMERATORS[r.nextInt(ENUMERATORS.length)], r.nextInt(7) - 3);
                        b.enumType(name, new int[] {1, 2, 4, 8}[r.nextInt(4)], r.nextBoolean(), vs);
                    }
                    case 10 -> b.enum64(name, 8, r.nextBoolean(), Blob.v("E" + k, r.nextLong()));
                    case 11 -> b.fwd(name, r.nextBoolean());
                    case 12, 13 -> b.typedef(name.isEmpty() ? "t" + k : name, ref.getAsInt());
                    case 14 -> b.qual(new BtfKind[] {BtfKind.CONST, BtfKind.VOLATILE, BtfKind.RESTRICT}[r.nextInt(3)], ref.getAsInt());
                    case 15 -> b.typeTag("tag" + r.nextInt(2), ref.getAsInt());
                    case 16 -> {
                        int m = r.nextInt(4);
                        Blob.P[] ps = new Blob.P[m];
                        for (int j = 0; j < m; j++) ps[j] = Blob.p(r.nextBoolean() ? "" : "p" + j, ref.getAsInt());
                        b.funcProto(ref.getAsInt(), ps);
                    }
                    case 17 -> b.floatType(new String[] {"float", "double", "long double"}[r.nextInt(3)], new int[] {4, 8, 16}[r.nextInt(3)]);
                    case 18 -> b.func("f" + k, ref.getAsInt(), r.nextInt(3));
                    default -> b.declTag("d", ref.getAsInt(), -1);
                }
            }
            return b.bytes();
        }
    }
}
