package io.ebpf4j.helpers;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The helpers a runtime offers, by id: the standard set ({@link #standard()}: the kernel helpers
 * ebpf4j implements, with the kernel's ids and prototypes) plus helpers users register as Java
 * lambdas ({@link #with}). Immutable: {@code with} returns a new registry.
 *
 * <p>Standard helpers are offered to a program only if its type's {@code get_func_proto} list
 * has them ({@link io.ebpf4j.progtype.ProgTypeOps#allowsHelper}); user helpers to every program.
 */
public final class HelperRegistry {
    private final Map<Integer, Helper> helpers;
    private final Set<Integer> user;

    private HelperRegistry(Map<Integer, Helper> helpers, Set<Integer> user) {
        this.helpers = Collections.unmodifiableMap(helpers);
        this.user = Collections.unmodifiableSet(user);
    }

    /** No helpers at all. */
    public static HelperRegistry empty() {
        return new HelperRegistry(new TreeMap<>(), new TreeSet<>());
    }

    /** The standard helpers ({@link StandardHelpers#all()}). */
    public static HelperRegistry standard() {
        Map<Integer, Helper> m = new TreeMap<>();
        for (Helper h : StandardHelpers.all()) m.put(h.id(), h);
        return new HelperRegistry(m, new TreeSet<>());
    }

    /**
     * This registry plus {@code helper}, replacing a helper with the same id. The new helper is a
     * user helper: every program type may call it.
     */
    public HelperRegistry with(Helper helper) {
        Map<Integer, Helper> m = new TreeMap<>(helpers);
        m.put(helper.id(), helper);
        Set<Integer> u = new TreeSet<>(user);
        u.add(helper.id());
        return new HelperRegistry(m, u);
    }

    /** The helper with this id, if any. */
    public Optional<Helper> get(int id) {
        return Optional.ofNullable(helpers.get(id));
    }

    /** Every helper, by ascending id. */
    public Collection<Helper> all() {
        return helpers.values();
    }

    /** Whether {@code id} was registered by the user (and so is not subject to program-type lists). */
    public boolean isUserHelper(int id) {
        return user.contains(id);
    }

    @Override
    public String toString() {
        return "HelperRegistry" + helpers.keySet();
    }
}
