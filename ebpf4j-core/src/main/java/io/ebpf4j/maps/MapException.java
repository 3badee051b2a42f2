package io.ebpf4j.maps;

import io.ebpf4j.Ebpf4jException;

/** A map that cannot be created, or a Java-side map operation given bad arguments (wrong key size...). */
public final class MapException extends Ebpf4jException {
    private static final long serialVersionUID = 1L;

    public MapException(String message) {
        super(message);
    }
}
