package io.ebpf4j.helpers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Kernel numbering and prototypes of the standard helpers; user helpers. */
class HelperRegistryTest {

    @Test
    void standardHelpersCarryTheKernelsIdsNamesAndPrototypes() {
        HelperRegistry r = HelperRegistry.standard();
        assertEquals("bpf_map_lookup_elem", r.get(1).orElseThrow().name());
        assertEquals(RetType.PTR_TO_MAP_VALUE_OR_NULL, r.get(1).orElseThrow().proto().ret());
        assertEquals(ArgType.CONST_MAP_PTR, r.get(1).orElseThrow().proto().arg(0));
        assertEquals("bpf_tail_call", r.get(12).orElseThrow().name());
        assertEquals("bpf_loop", r.get(181).orElseThrow().name());
        assertEquals(ArgType.PTR_TO_FUNC, r.get(181).orElseThrow().proto().arg(1));
        assertEquals("bpf_strtol", r.get(105).orElseThrow().name());
        assertEquals(8, r.get(105).orElseThrow().proto().arg(3).fixedSize());
        assertTrue(r.get(6).orElseThrow().proto().gplOnly()); // trace_printk
        assertEquals(RetType.PTR_TO_RINGBUF_MEM_OR_NULL, r.get(131).orElseThrow().proto().ret());
        for (Helper h : r.all()) assertEquals(HelperIds.name(h.id()), h.name());
        assertEquals("bpf_cgrp_storage_delete", HelperIds.name(211));
        assertEquals(164, HelperIds.id("bpf_for_each_map_elem"));
    }

    @Test
    void userHelpersAreAddedAndMayReplaceStandardOnes() {
        Helper mine = new Helper(1000, "my_helper", HelperProto.scalars(2), (ctx, a, b, c, d, e) -> a + b);
        HelperRegistry r = HelperRegistry.standard().with(mine);
        assertTrue(r.isUserHelper(1000));
        assertFalse(r.isUserHelper(1));
        assertEquals(mine, r.get(1000).orElseThrow());
        assertEquals(HelperRegistry.standard().all().size() + 1, r.all().size());
    }
}
