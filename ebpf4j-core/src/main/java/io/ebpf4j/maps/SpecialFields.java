package io.ebpf4j.maps;

import io.ebpf4j.btf.Btf;
import io.ebpf4j.btf.BtfType;

/**
 * The special fields of a map value that map operations treat apart (the kernel's
 * {@code struct btf_record}, built from the value's BTF by {@code btf_parse_fields}). Only
 * {@code struct bpf_spin_lock} is supported: {@code copy_map_value} never overwrites it, Java-side
 * lookups return it as zero ({@code check_and_init_map_value}), and {@code BPF_F_LOCK} updates copy
 * the value while holding it ({@code copy_map_value_locked}).
 *
 * @param spinLockOffset byte offset of the {@code struct bpf_spin_lock} in the value, or -1 for none
 */
public record SpecialFields(int spinLockOffset) {

    /** A value without special fields. */
    public static final SpecialFields NONE = new SpecialFields(-1);

    public SpecialFields {
        if (spinLockOffset < -1 || spinLockOffset >= 0 && spinLockOffset % 4 != 0) {
            throw new IllegalArgumentException("bpf_spin_lock offset must be a multiple of 4: " + spinLockOffset);
        }
    }

    /** A value holding a {@code struct bpf_spin_lock} at {@code offset}. */
    public static SpecialFields spinLockAt(int offset) {
        return new SpecialFields(offset);
    }

    /** Whether the value holds a {@code struct bpf_spin_lock}. */
    public boolean hasSpinLock() {
        return spinLockOffset >= 0;
    }

    /**
     * The special fields of the value type {@code valueTypeId} of {@code btf}: a member (of a struct
     * value) or a variable (of a DATASEC value, global data) whose type is {@code struct bpf_spin_lock}.
     * Only top-level members are searched, as the kernel requires for {@code bpf_spin_lock}. A null
     * {@code btf} or type id 0 gives {@link #NONE}.
     */
    public static SpecialFields of(Btf btf, int valueTypeId) {
        if (btf == null || valueTypeId == 0) return NONE;
        BtfType value = btf.skipModsAndTypedefs(valueTypeId);
        if (value instanceof BtfType.Struct s && !s.isUnion()) {
            for (BtfType.Member m : s.members()) {
                if (isSpinLock(btf, m.type())) return spinLockAt(m.bitOffset() / 8);
            }
        } else if (value instanceof BtfType.DataSec ds) {
            for (BtfType.VarSecInfo v : ds.vars()) {
                if (btf.type(v.type()) instanceof BtfType.Var var && isSpinLock(btf, var.type())) {
                    return spinLockAt(v.offset());
                }
            }
        }
        return NONE;
    }

    private static boolean isSpinLock(Btf btf, int typeId) {
        return btf.skipModsAndTypedefs(typeId) instanceof BtfType.Struct s && "bpf_spin_lock".equals(s.name());
    }
}
