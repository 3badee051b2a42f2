package io.ebpf4j.btf;

import java.util.List;

/**
 * One BTF type, decoded (Documentation/bpf/btf.rst §2.2). References to other types are type
 * ids, resolved through {@link Btf#type(int)}; id 0 is {@code void}. Names are already resolved
 * from the string section ("" for anonymous types).
 */
public sealed interface BtfType {

    /** This type's id in its {@link Btf} (0 for void). */
    int id();

    /** The type's name, "" when anonymous. */
    String name();

    BtfKind kind();

    /** Type id 0. */
    record Void() implements BtfType {
        public int id() { return 0; }
        public String name() { return "void"; }
        public BtfKind kind() { return BtfKind.UNKN; }
    }

    /** BTF_KIND_INT: {@code encoding} is a set of {@link #SIGNED}, {@link #CHAR}, {@link #BOOL}. */
    record Int(int id, String name, int size, int encoding, int bitOffset, int bits) implements BtfType {
        public static final int SIGNED = 1, CHAR = 2, BOOL = 4;
        public BtfKind kind() { return BtfKind.INT; }
        public boolean signed() { return (encoding & SIGNED) != 0; }
    }

    record Ptr(int id, String name, int type) implements BtfType {
        public BtfKind kind() { return BtfKind.PTR; }
    }

    record Array(int id, String name, int elemType, int indexType, int nelems) implements BtfType {
        public BtfKind kind() { return BtfKind.ARRAY; }
    }

    /**
     * A struct or union member. {@code bitOffset} is the member's offset in bits; {@code bitfieldSize}
     * is non-zero only for bitfields of a type whose kind_flag is set.
     */
    record Member(String name, int type, int bitOffset, int bitfieldSize) {}

    /** BTF_KIND_STRUCT or BTF_KIND_UNION. */
    record Struct(int id, String name, boolean isUnion, int size, boolean kindFlag, List<Member> members) implements BtfType {
        public BtfKind kind() { return isUnion ? BtfKind.UNION : BtfKind.STRUCT; }
    }

    record EnumValue(String name, long value) {}

    /**
     * BTF_KIND_ENUM (32-bit values) or BTF_KIND_ENUM64. {@code signed} is the kind_flag: values are
     * signed. For ENUM the values are sign- or zero-extended to 64 bits according to it.
     */
    record Enum(int id, String name, boolean is64, int size, boolean signed, List<EnumValue> values) implements BtfType {
        public BtfKind kind() { return is64 ? BtfKind.ENUM64 : BtfKind.ENUM; }
    }

    /** BTF_KIND_FWD: a forward declaration of a struct or (when {@code isUnion}) a union. */
    record Fwd(int id, String name, boolean isUnion) implements BtfType {
        public BtfKind kind() { return BtfKind.FWD; }
    }

    record Typedef(int id, String name, int type) implements BtfType {
        public BtfKind kind() { return BtfKind.TYPEDEF; }
    }

    /** BTF_KIND_VOLATILE, CONST, RESTRICT and TYPE_TAG: a qualifier over {@code type}. */
    record Qualifier(int id, String name, BtfKind kind, int type) implements BtfType {}

    /** BTF_KIND_FUNC; {@code linkage}: 0 static, 1 global, 2 extern. */
    record Func(int id, String name, int protoType, int linkage) implements BtfType {
        public BtfKind kind() { return BtfKind.FUNC; }
    }

    record Param(String name, int type) {}

    /** BTF_KIND_FUNC_PROTO; a variadic prototype ends with a parameter of name "" and type 0. */
    record FuncProto(int id, String name, int returnType, List<Param> params) implements BtfType {
        public BtfKind kind() { return BtfKind.FUNC_PROTO; }
    }

    /** BTF_KIND_VAR; {@code linkage}: 0 static, 1 global allocated, 2 extern. */
    record Var(int id, String name, int type, int linkage) implements BtfType {
        public BtfKind kind() { return BtfKind.VAR; }
    }

    record VarSecInfo(int type, int offset, int size) {}

    record DataSec(int id, String name, int size, List<VarSecInfo> vars) implements BtfType {
        public BtfKind kind() { return BtfKind.DATASEC; }
    }

    record FloatType(int id, String name, int size) implements BtfType {
        public BtfKind kind() { return BtfKind.FLOAT; }
    }

    /** BTF_KIND_DECL_TAG: {@code componentIdx} -1 tags the type itself, else a member or parameter. */
    record DeclTag(int id, String name, int type, int componentIdx, boolean kindFlag) implements BtfType {
        public BtfKind kind() { return BtfKind.DECL_TAG; }
    }
}
