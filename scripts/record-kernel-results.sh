#!/usr/bin/env bash
# Records the running kernel's results for every case of the corpus (corpus/README.md):
#   corpus/corpus.json            -> corpus/kernel-results/NAME.json
#   corpus/rejected/rejected.json -> corpus/rejected/kernel-results/NAME.json
# Each result file holds the kernel-oracle's JSON ("oracle") plus the exact command, the kernel
# version (uname -r), the date, the printk lines the run produced ("trace"), the object's map
# names keyed by their bpffs pin names ("map_names") and the outcome of the sanity checks
# ("checks": expected values from corpus.json and packet checksum checks on data_out).
#
# Every case runs pinned to CPU 0 (taskset -c 0) so per-CPU map values land in the cpu 0 slot.
# The oracle gets --repeat N only for N > 1 (raw_tracepoint and syscall test runs refuse a
# repeat; for packet programs repeat 0 and 1 are the same single run).
#
# Needs root (CAP_BPF, CAP_PERFMON, CAP_NET_ADMIN, CAP_SYS_ADMIN), bpftool, libbpf (python ctypes),
# taskset; mounts bpffs at /sys/fs/bpf and tracefs at /sys/kernel/tracing when missing.
#   scripts/record-kernel-results.sh              record everything, then check
#   scripts/record-kernel-results.sh NAME...      record only these cases (corpus or rejected)
#   scripts/record-kernel-results.sh --check      only re-check the committed results
# Environment: KERNEL_ORACLE (default ../shared/tools/kernel-oracle next to the repository).
# Exit status: 0 all recorded and all checks passed, 1 otherwise.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
ORACLE=${KERNEL_ORACLE:-$(cd "$ROOT/.." && pwd)/shared/tools/kernel-oracle}

if [ "${1:-}" != "--check" ]; then
    [ -x "$ORACLE" ] || [ -f "$ORACLE" ] || { echo "error: kernel-oracle not found at $ORACLE" >&2; exit 1; }
    [ "$(id -u)" -eq 0 ] || { echo "error: must run as root (BPF_PROG_TEST_RUN, bpffs)" >&2; exit 1; }
    command -v bpftool >/dev/null || { echo "error: bpftool not found" >&2; exit 1; }
    mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf
    mountpoint -q /sys/kernel/tracing || mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null ||
        echo "warning: tracefs not mounted, printk output will not be recorded" >&2
fi

export ROOT ORACLE
exec python3 - "$@" <<'PY'
import ctypes, ctypes.util, datetime, json, os, platform, shlex, struct, subprocess, sys

ROOT, ORACLE = os.environ["ROOT"], os.environ["ORACLE"]
C = os.path.join(ROOT, "corpus")
TRACE = "/sys/kernel/tracing/trace"
args = sys.argv[1:]
check_only = args[:1] == ["--check"]
if check_only:
    args = args[1:]


def map_names(obj):
    """libbpf's map names of an object, keyed by the name of their bpffs pin ('.' -> '_')."""
    lib = ctypes.CDLL(ctypes.util.find_library("bpf") or "libbpf.so.1")
    P = ctypes.c_void_p
    lib.bpf_object__open_file.restype = P
    lib.bpf_object__open_file.argtypes = [ctypes.c_char_p, P]
    lib.bpf_object__next_map.restype = P
    lib.bpf_object__next_map.argtypes = [P, P]
    lib.bpf_map__name.restype = ctypes.c_char_p
    lib.bpf_map__name.argtypes = [P]
    lib.bpf_object__close.argtypes = [P]
    o = lib.bpf_object__open_file(obj.encode(), None)
    if not o:
        return {}
    out, m = {}, None
    while True:
        m = lib.bpf_object__next_map(o, m)
        if not m:
            break
        n = lib.bpf_map__name(m).decode()
        out[n.replace(".", "_")] = n
    lib.bpf_object__close(o)
    return out


def read_trace():
    try:
        with open(TRACE) as f:
            return [l.split("bpf_trace_printk: ", 1)[1].rstrip("\n")
                    for l in f if "bpf_trace_printk: " in l]
    except OSError:
        return None


def clear_trace():
    try:
        open(TRACE, "w").close()
    except OSError:
        pass


def command(case):
    cmd = ["taskset", "-c", "0", ORACLE, os.path.join("corpus", case["object"]), case["program"]]
    if case.get("data"):
        cmd += ["--data", os.path.join("corpus", case["data"])]
    if case.get("ctx"):
        cmd += ["--ctx", os.path.join("corpus", case["ctx"])]
    if case.get("repeat", 1) > 1:
        cmd += ["--repeat", str(case["repeat"])]
    cmd += case.get("oracle_args", [])
    return cmd + ["--json"]


def csum16(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return s


def packet_checks(hexdata, names):
    """ipv4_checksum / l4_checksum on an Ethernet+IPv4 packet (data_out)."""
    if not names:
        return []
    p = bytes.fromhex(hexdata)
    if len(p) < 34:
        return [(n, False) for n in names]
    out = []
    ip = p[14:]
    ihl = (ip[0] & 15) * 4
    if "ipv4_checksum" in names:
        out.append(("ipv4_checksum", csum16(ip[:ihl]) == 0xffff))
    if "l4_checksum" in names:
        tot = struct.unpack("!H", ip[2:4])[0]
        seg, proto = ip[ihl:tot], ip[9]
        if proto == 17 and seg[6:8] == b"\0\0":
            ok = True  # UDP without checksum
        else:
            ok = csum16(ip[12:20] + struct.pack("!BBH", 0, proto, len(seg)) + seg) == 0xffff
        out.append(("l4_checksum", ok))
    return out


def res_values(oracle):
    rows = oracle.get("maps", {}).get("res", [])
    return {str(r["key"]): r["value"] for r in rows if isinstance(r, dict) and "key" in r}


def check(case, result, rejected):
    """Returns a list of failure strings (empty: all good) and the list of checks done."""
    o, fails, done = result["oracle"], [], []
    if rejected:
        done.append("rejected")
        if o.get("accepted"):
            fails.append("expected the verifier to reject the program, it was accepted")
        log = "\n".join(o.get("log_tail", []))
        want = case.get("expect_log")
        if want:
            done.append("expect_log")
            if want not in log:
                fails.append(f"verifier log does not contain {want!r}")
        return fails, done
    if not o.get("accepted"):
        return [f"REJECTED by the verifier: {o.get('error')}"], done
    run = o.get("run")
    if run is None or "error" in run:
        return [f"test run failed: {run and run.get('error')}"], done
    exp = case.get("expect", {})
    if "retval" in exp:
        done.append("retval")
        if run["retval"] != exp["retval"]:
            fails.append(f"retval {run['retval']} != expected {exp['retval']}")
    if "data_out_len" in exp:
        done.append("data_out_len")
        if run.get("data_out_len") != exp["data_out_len"]:
            fails.append(f"data_out_len {run.get('data_out_len')} != expected {exp['data_out_len']}")
    if "res" in exp:
        got = res_values(o)
        for k, v in exp["res"].items():
            done.append(f"res[{k}]")
            if got.get(k) != v:
                fails.append(f"res[{k}] = {got.get(k)} != expected {v}")
    for name, ok in packet_checks(run.get("data_out", ""), case.get("checks", [])):
        done.append(name)
        if not ok:
            fails.append(f"{name} of data_out is not valid")
    return fails, done


def load(path):
    with open(path) as f:
        return json.load(f)


manifests = [(load(os.path.join(C, "corpus.json"))["cases"], os.path.join(C, "kernel-results"), False)]
rej = os.path.join(C, "rejected", "rejected.json")
if os.path.exists(rej):
    manifests.append((load(rej)["cases"], os.path.join(C, "rejected", "kernel-results"), True))

known = {c["name"] for cases, _, _ in manifests for c in cases}
unknown = [a for a in args if a not in known]
if unknown:
    sys.exit(f"error: unknown case(s): {' '.join(unknown)}")

kernel = platform.release()
total = ok = 0
failures = []
for cases, outdir, rejected in manifests:
    os.makedirs(outdir, exist_ok=True)
    for case in cases:
        if args and case["name"] not in args:
            continue
        total += 1
        path = os.path.join(outdir, case["name"] + ".json")
        if check_only:
            if not os.path.exists(path):
                failures.append((case["name"], ["no recorded result"]))
                continue
            result = load(path)
        else:
            cmd = command(case)
            clear_trace()
            cp = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
            trace = read_trace()
            try:
                oracle = json.loads(cp.stdout)
            except ValueError:
                failures.append((case["name"], [f"oracle failed (exit {cp.returncode}): {cp.stderr.strip()[-300:]}"]))
                continue
            shown = [c if c != ORACLE else "../shared/tools/kernel-oracle" for c in cmd]
            result = {
                "case": case["name"],
                "command": shlex.join(shown),
                "oracle_exit_status": cp.returncode,
                "kernel": kernel,
                "date": datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat(),
                "map_names": map_names(os.path.join(C, case["object"])),
                "trace": trace,
                "oracle": oracle,
            }
        fails, done = check(case, result, rejected)
        result["checks"] = {"done": done, "failed": fails}
        if not check_only:
            with open(path, "w") as f:
                json.dump(result, f, indent=1)
                f.write("\n")
        if fails:
            failures.append((case["name"], fails))
        else:
            ok += 1
        print(f"{'ok  ' if not fails else 'FAIL'} {case['name']}", flush=True)

print(f"\n{ok}/{total} cases {'checked' if check_only else 'recorded'} without failures"
      f" (kernel {kernel})")
for name, fails in failures:
    for f in fails:
        print(f"  {name}: {f}")
sys.exit(1 if failures else 0)
PY
