package io.ebpf4j.maps;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** {@link MapRegistry#create()}: ids counted from 1 (as the kernel's map idr starts at 1). */
final class DefaultMapRegistry implements MapRegistry {
    private final AtomicInteger nextId = new AtomicInteger(1);
    private final Map<Integer, BpfMap> byId = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<BpfMap> all = new CopyOnWriteArrayList<>();

    @Override
    public int register(BpfMap map) {
        int id = nextId.getAndIncrement();
        byId.put(id, map);
        all.add(map);
        return id;
    }

    @Override
    public void unregister(BpfMap map) {
        byId.remove(map.id(), map);
        all.remove(map);
    }

    @Override
    public BpfMap map(int id) {
        return byId.get(id);
    }

    @Override
    public BpfMap mapContaining(long address) {
        for (BpfMap m : all) {
            if (m.contains(address)) return m;
        }
        return null;
    }

    @Override
    public String toString() {
        return "MapRegistry" + byId.keySet();
    }
}
