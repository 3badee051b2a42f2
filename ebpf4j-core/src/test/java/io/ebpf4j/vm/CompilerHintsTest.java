package io.ebpf4j.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * The directive of {@link CompilerHints} is in HotSpot's own directive stack after {@link CompilerHints#await()}, as
 * HotSpot prints it ({@code jcmd PID Compiler.directives_print}), and it names the classes that run programs.
 */
class CompilerHintsTest {

    private static boolean hotSpotWithDiagnosticCommands() {
        try {
            ManagementFactory.getPlatformMBeanServer().getMBeanInfo(new ObjectName("com.sun.management:type=DiagnosticCommand"));
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void hotSpotHoldsTheDirectiveForTheInterpreterAndTheJitsClasses() throws Exception {
        assumeTrue(hotSpotWithDiagnosticCommands(), "this JVM has no DiagnosticCommand MBean (not HotSpot)");
        assumeTrue(!"false".equalsIgnoreCase(System.getProperty(CompilerHints.PROPERTY)), "turned off by -D" + CompilerHints.PROPERTY + "=false");
        assertEquals("installed", CompilerHints.await());
        assertEquals("installed", CompilerHints.status());
        String printed = directivesPrinted();
        // HotSpot prints each directive with its patterns and, per compiler, its inline list
        assertTrue(printed.contains("io/ebpf4j/jit/Bpf_*.*"), printed);
        assertTrue(printed.contains("io/ebpf4j/vm/Interpreter.*"), printed);
        for (String accessor : new String[] {"getShortUnaligned", "getIntUnaligned", "getLongUnaligned",
                "putShortUnaligned", "putIntUnaligned", "putLongUnaligned"}) {
            assertTrue(printed.contains("+jdk/internal/misc/Unsafe." + accessor), accessor + " in\n" + printed);
        }
        // once per JVM: a second request adds nothing
        CompilerHints.request();
        String again = directivesPrinted();
        assertEquals(count(printed, "io/ebpf4j/jit/Bpf_*.*"), count(again, "io/ebpf4j/jit/Bpf_*.*"));
    }

    @Test
    void thePatternsNameTheClassesThatRunPrograms() throws Exception {
        // a renamed class would silently lose the directive: HotSpot's class patterns are '/'-separated, and a
        // trailing '*' is a prefix match
        java.util.List<String> prefixes = new java.util.ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"([^\"]*?)\\*?\\.\\*\"").matcher(
                CompilerHints.DIRECTIVE.substring(0, CompilerHints.DIRECTIVE.indexOf("inline")));
        while (m.find()) prefixes.add(m.group(1));
        assertEquals(2, prefixes.size(), CompilerHints.DIRECTIVE);
        assertEquals(Interpreter.class.getName().replace('.', '/'), prefixes.get(1));
        // the class a JIT-compiled program runs in
        try (Vm vm = Vm.load(io.ebpf4j.isa.Program.of(Code.mov(0, 1), Code.exit()), VmOptions.defaults(), Engine.JIT)) {
            Object compiled = JitBridge.compiledForm(vm);
            java.lang.reflect.Field f = compiled.getClass().getDeclaredField("hiddenClass");
            f.setAccessible(true);
            String name = ((Class<?>) f.get(compiled)).getName().replace('.', '/');
            assertTrue(name.startsWith(prefixes.get(0)), name + " against " + prefixes.get(0));
        }
    }

    /** HotSpot's directive stack as {@code jcmd PID Compiler.directives_print} prints it. */
    private static String directivesPrinted() throws Exception {
        return String.valueOf(ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesPrint",
                new Object[] {new String[0]}, new String[] {String[].class.getName()}));
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) n++;
        return n;
    }
}
