package io.ebpf4j.btf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code .BTF.ext} section of an object: per code section, the function info, line info and
 * CO-RE relocation records (libbpf's {@code struct btf_ext_header} and {@code btf_ext_info_sec},
 * Documentation/bpf/btf.rst §4.2). Strings (section, file and source-line names, access strings)
 * come from the object's {@code .BTF}. Records larger than the minimum size are accepted; the
 * extra bytes are ignored, as libbpf does.
 *
 * <p>Instruction offsets are in bytes from the start of the section, as in the object file.
 */
public record BtfExt(Map<String, List<FuncInfo>> funcInfos,
                     Map<String, List<LineInfo>> lineInfos,
                     Map<String, List<CoreRelo>> coreRelos) {

    /** {@code bpf_func_info}: the function starting at {@code insnOff} has BTF type {@code typeId} (a FUNC). */
    public record FuncInfo(int insnOff, int typeId) {
        public int insnIndex() { return insnOff / 8; }
    }

    /** {@code bpf_line_info}: the instruction at {@code insnOff} comes from {@code fileName}:{@code line}:{@code column}. */
    public record LineInfo(int insnOff, String fileName, String lineText, int line, int column) {
        public int insnIndex() { return insnOff / 8; }
    }

    /** {@code bpf_core_relo}: a CO-RE relocation of the instruction at {@code insnOff}. */
    public record CoreRelo(int insnOff, int typeId, String accessString, int kind) {
        public int insnIndex() { return insnOff / 8; }
    }

    static final int MAGIC = 0xeB9F;
    private static final int MIN_HEADER = 24;
    private static final int FUNC_INFO_MIN = 8, LINE_INFO_MIN = 16, CORE_RELO_MIN = 16;

    public BtfExt {
        // keep the object's section order: it is the order the records are listed in
        funcInfos = Collections.unmodifiableMap(new LinkedHashMap<>(funcInfos));
        lineInfos = Collections.unmodifiableMap(new LinkedHashMap<>(lineInfos));
        coreRelos = Collections.unmodifiableMap(new LinkedHashMap<>(coreRelos));
    }

    /** Parses a {@code .BTF.ext} blob whose strings live in {@code btf}. */
    public static BtfExt parse(byte[] blob, Btf btf, String source) {
        String src = source == null ? ".BTF.ext" : source;
        if (blob.length < 8) throw new BtfException(src + ": " + blob.length + " bytes is too short for a .BTF.ext header");
        ByteBuffer buf = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        int magic = buf.getShort(0) & 0xffff;
        if (magic != MAGIC) {
            if (Short.reverseBytes((short) magic) != (short) MAGIC) {
                throw new BtfException(String.format("%s: bad magic 0x%04x (expected 0xeb9f)", src, magic));
            }
            buf.order(ByteOrder.BIG_ENDIAN);
        }
        if (blob[2] != 1) throw new BtfException(src + ": unsupported .BTF.ext version " + (blob[2] & 0xff));
        long hdrLen = Integer.toUnsignedLong(buf.getInt(4));
        if (hdrLen < MIN_HEADER || hdrLen > blob.length) {
            throw new BtfException(src + ": header length " + hdrLen + " is invalid for a " + blob.length + "-byte section");
        }
        Map<String, List<FuncInfo>> funcs = new LinkedHashMap<>();
        Map<String, List<LineInfo>> lines = new LinkedHashMap<>();
        Map<String, List<CoreRelo>> relos = new LinkedHashMap<>();
        Reader r = new Reader(buf, btf, src, (int) hdrLen);
        r.section(buf.getInt(8), buf.getInt(12), FUNC_INFO_MIN, "func_info",
                (sec, p) -> funcs.computeIfAbsent(sec, k -> new ArrayList<>()).add(new FuncInfo(buf.getInt(p), buf.getInt(p + 4))));
        r.section(buf.getInt(16), buf.getInt(20), LINE_INFO_MIN, "line_info", (sec, p) -> {
            int lineCol = buf.getInt(p + 12);
            // libbpf BPF_LINE_INFO_LINE_NUM / _LINE_COL: line << 10 | column
            lines.computeIfAbsent(sec, k -> new ArrayList<>()).add(new LineInfo(buf.getInt(p),
                    r.string(buf.getInt(p + 4), "file name"), r.string(buf.getInt(p + 8), "line"), lineCol >>> 10, lineCol & 0x3ff));
        });
        if (hdrLen >= 32) {
            r.section(buf.getInt(24), buf.getInt(28), CORE_RELO_MIN, "core_relo", (sec, p) ->
                    relos.computeIfAbsent(sec, k -> new ArrayList<>()).add(new CoreRelo(buf.getInt(p), buf.getInt(p + 4),
                            r.string(buf.getInt(p + 8), "access string"), buf.getInt(p + 12))));
        }
        return new BtfExt(freeze(funcs), freeze(lines), freeze(relos));
    }

    private static <T> Map<String, List<T>> freeze(Map<String, List<T>> m) {
        Map<String, List<T>> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return out;
    }

    public List<FuncInfo> funcInfos(String section) {
        return funcInfos.getOrDefault(section, List.of());
    }

    public List<LineInfo> lineInfos(String section) {
        return lineInfos.getOrDefault(section, List.of());
    }

    public List<CoreRelo> coreRelos(String section) {
        return coreRelos.getOrDefault(section, List.of());
    }

    private interface RecordSink {
        void accept(String section, int position);
    }

    private record Reader(ByteBuffer buf, Btf btf, String src, int hdrLen) {
        String string(int off, String what) {
            try {
                return btf.string(off);
            } catch (BtfException e) {
                throw new BtfException(src + ": " + what + " string offset " + Integer.toUnsignedString(off) + " is outside .BTF's string section", e);
            }
        }

        /** One info section: u32 record size, then {sec_name_off, num_info, records} blocks (libbpf btf_ext_parse_info). */
        void section(int offRaw, int lenRaw, int minRecord, String what, RecordSink sink) {
            long off = Integer.toUnsignedLong(offRaw), len = Integer.toUnsignedLong(lenRaw);
            if (len == 0) return;
            int limit = buf.capacity();
            if (hdrLen + off + len > limit) {
                throw new BtfException(src + ": " + what + " [" + off + ", +" + len + ") is past the end of the section");
            }
            if (off % 4 != 0) throw new BtfException(src + ": " + what + " offset " + off + " is not 4-byte aligned");
            int p = (int) (hdrLen + off);
            int end = (int) (p + len);
            if (end - p < 4) throw new BtfException(src + ": " + what + " has no record size");
            long recSize = Integer.toUnsignedLong(buf.getInt(p));
            if (recSize < minRecord || recSize % 4 != 0 || recSize > 1024) {
                throw new BtfException(src + ": " + what + " record size " + recSize + " is invalid (minimum " + minRecord + ")");
            }
            p += 4;
            while (p < end) {
                if (end - p < 8) throw new BtfException(src + ": " + what + ": truncated section header at offset " + (p - hdrLen));
                String section = string(buf.getInt(p), what + " section name");
                long n = Integer.toUnsignedLong(buf.getInt(p + 4));
                p += 8;
                if (n == 0) throw new BtfException(src + ": " + what + " for section '" + section + "' has no records");
                if (n * recSize > end - p) {
                    throw new BtfException(src + ": " + what + " for section '" + section + "': " + n + " records of " + recSize
                            + " bytes run past the end");
                }
                for (long k = 0; k < n; k++, p += (int) recSize) sink.accept(section, p);
            }
        }
    }
}
