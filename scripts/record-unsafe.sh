#!/usr/bin/env bash
# Records the running kernel's verdict for every program of the unsafe corpus
# (corpus/README.md, "The unsafe corpus"):
#   corpus/unsafe/src/NAME.c (header)  ->  corpus/unsafe/kernel-results/NAME.json (oracle JSON)
#                                      ->  corpus/unsafe/unsafe.json (the manifest)
# plus the 11 older programs of corpus/rejected (rejected.json), which the manifest references
# where they are (their category and twin are in SEED below, their reason is rejected.json's
# expect_log); their verdicts are recorded again into corpus/unsafe/kernel-results.
# Each source's first comment says what the program is:
#   issue: 5|6            the issue whose corpus it belongs to (5 single function, 6 calls)
#   category: WORD        what kind of hole (packet, map_value, stack, ctx, alu32_bounds, ...)
#   expect: reject|accept the verdict a correct verifier gives
#   kernel: TEXT          (reject only) a piece of the kernel's verifier log that names the
#                         INTENDED reason; a rejection for any other reason is a failure
#   twin: NAME            (optional) the nearly-equal program with the opposite verdict
#   note: TEXT            (optional, may continue on the next comment lines)
#   ebpf4j: reject        (optional) where ebpf4j's verifier must deliberately differ from the
#   ebpf4j_reason: TEXT   privileged kernel, with the reason (the issue's rule it follows)
# For each program the script runs
#   ../shared/tools/kernel-oracle corpus/unsafe/obj/NAME.o NAME --log-lines 40 --json
# from the repository root (no test run: there is no --data), keeps the oracle's JSON, and
# checks the verdict against "expect" and the log against "kernel". unsafe.json keeps per
# program: name, object, source, program, section, type, issue, category, expect, twin, note,
# kernel_reason, ebpf4j_expect (= expect unless the header says ebpf4j:), ebpf4j_reason and what
# the kernel said (accepted, errno text, the decisive log lines).
#
# Needs root (bpf(), bpffs at /sys/fs/bpf) and bpftool.
#   scripts/record-unsafe.sh              record every program, rewrite unsafe.json, check
#   scripts/record-unsafe.sh NAME...      record only these programs (unsafe.json is rewritten
#                                         from all committed results)
#   scripts/record-unsafe.sh --check      no kernel: rebuild unsafe.json from the committed
#                                         results and check them against the sources
# Environment: KERNEL_ORACLE (default ../shared/tools/kernel-oracle next to the repository).
# Exit status: 0 every program recorded and as expected, 1 otherwise.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
ORACLE=${KERNEL_ORACLE:-$(cd "$ROOT/.." && pwd)/shared/tools/kernel-oracle}

if [ "${1:-}" != "--check" ]; then
    [ -f "$ORACLE" ] || { echo "error: kernel-oracle not found at $ORACLE" >&2; exit 1; }
    [ "$(id -u)" -eq 0 ] || { echo "error: must run as root (bpf(), bpffs)" >&2; exit 1; }
    command -v bpftool >/dev/null || { echo "error: bpftool not found" >&2; exit 1; }
    mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf
fi

export ROOT ORACLE
exec python3 - "$@" <<'PY'
import datetime, json, os, platform, re, shlex, subprocess, sys

ROOT, ORACLE = os.environ["ROOT"], os.environ["ORACLE"]
U = os.path.join(ROOT, "corpus", "unsafe")
args = sys.argv[1:]
check_only = args[:1] == ["--check"]
if check_only:
    args = args[1:]

# ELF section -> program type as the kernel names it (bpf_prog_info.type)
SECTION_TYPES = [("xdp", "xdp"), ("tc", "sched_cls"), ("classifier", "sched_cls"),
                 ("socket", "socket_filter"), ("cgroup_skb/", "cgroup_skb"), ("syscall", "syscall")]
KEYS = ("issue", "category", "expect", "kernel", "twin", "note", "cflags", "ebpf4j", "ebpf4j_reason")
# corpus/rejected programs: name -> (category, twin in corpus/unsafe or None)
SEED = {"rej_unbounded_loop": ("loops", "loop_bounded_ok"), "rej_pkt_oob": ("packet", "pkt_oob_check_short_ok"),
        "rej_null_map_value": ("null_check", "map_null_deref_twice_ok"), "rej_uninit_reg": ("registers", None),
        "rej_helper_not_allowed": ("helper_args", None), "rej_ringbuf_leak": ("ringbuf", "ringbuf_submit_ok"),
        "rej_spin_lock_call": ("locks", None), "rej_rodata_write": ("rodata", "rodata_helper_write_ok"),
        "rej_ctx_write": ("ctx", "ctx_tc_ro_field_ok"), "rej_stack_oob": ("stack", None),
        "snprintf_bad_fmt": ("helper_args", None)}


def header(path):
    """The key: value lines of the source's first comment (a key's text may continue on
    following comment lines that are not themselves keys)."""
    with open(path) as f:
        text = f.read()
    comment = text[text.index("/*") + 2:text.index("*/")]
    meta, key = {}, None
    for raw in comment.split("\n"):
        line = raw.strip().lstrip("*").strip()
        m = re.match(r"^(%s):\s*(.*)$" % "|".join(KEYS), line)
        if m:
            key = m.group(1)
            meta[key] = m.group(2).strip()
        elif key in ("note", "ebpf4j_reason") and line:
            meta[key] += " " + line
        else:
            key = None
    sec = re.search(r'SEC\("([^"]+)"\)\s*\n(?:__naked\s+)?int\s+%s\s*\(' % re.escape(os.path.basename(path)[:-2]), text)
    meta["section"] = sec.group(1) if sec else None
    return meta


def prog_type(section):
    for prefix, t in SECTION_TYPES:
        if section == prefix or (prefix.endswith("/") and section.startswith(prefix)):
            return t
    return None


def decisive(log, reason):
    """The log line holding the reason, with the instruction line the kernel was at."""
    hit = max((i for i, l in enumerate(log) if reason and reason in l), default=None)
    if hit is None:
        return []
    insn = next((log[j] for j in range(hit - 1, -1, -1) if re.match(r"^\d+: \(", log[j])), None)
    return ([insn] if insn else []) + [log[hit]]


own = sorted(f[:-2] for f in os.listdir(os.path.join(U, "src")) if f.endswith(".c"))
with open(os.path.join(ROOT, "corpus", "rejected", "rejected.json")) as f:
    seed = {c["name"]: c for c in json.load(f)["cases"]}
if set(seed) != set(SEED):
    sys.exit("error: corpus/rejected/rejected.json and SEED in this script name different programs")
sources = sorted(own + list(seed))
unknown = [a for a in args if a not in sources]
if unknown:
    sys.exit("error: unknown program(s): " + " ".join(unknown))
os.makedirs(os.path.join(U, "kernel-results"), exist_ok=True)

kernel = platform.release()
cases, failures = [], []
for name in sources:
    if name in seed:
        c = seed[name]
        meta = {"issue": "5", "category": SEED[name][0], "expect": "reject", "kernel": c["expect_log"],
                "section": c["section"], "program": c["program"]}
        if SEED[name][1]:
            meta["twin"] = SEED[name][1]
        where = "rejected"
    else:
        meta = header(os.path.join(U, "src", name + ".c"))
        where = "unsafe"
    problems = [f"header has no {k}:" for k in ("issue", "category", "expect") if k not in meta]
    if meta.get("expect") not in ("reject", "accept"):
        problems.append("expect: must be reject or accept")
    if meta.get("ebpf4j", meta.get("expect")) != meta.get("expect") and not meta.get("ebpf4j_reason"):
        problems.append("ebpf4j: differs from expect: without an ebpf4j_reason: line")
    if meta.get("expect") == "reject" and not meta.get("kernel"):
        problems.append("a reject program needs a kernel: line (the intended reason)")
    obj = os.path.join("corpus", where, "obj", name + ".o")
    program = meta.get("program", name)
    result_path = os.path.join(U, "kernel-results", name + ".json")
    if (not args or name in args) and not check_only:
        cmd = [ORACLE, obj, program, "--log-lines", "40", "--json"]
        cp = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        try:
            oracle = json.loads(cp.stdout)
        except ValueError:
            failures.append((name, [f"oracle failed (exit {cp.returncode}): {cp.stderr.strip()[-300:]}"]))
            continue
        shown = [c if c != ORACLE else "../shared/tools/kernel-oracle" for c in cmd]
        result = {"program": name, "command": shlex.join(shown), "oracle_exit_status": cp.returncode,
                  "kernel": kernel,
                  "date": datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat(),
                  "oracle": oracle}
        with open(result_path, "w") as f:
            json.dump(result, f, indent=1)
            f.write("\n")
    if not os.path.exists(result_path):
        failures.append((name, ["no recorded kernel result"]))
        continue
    with open(result_path) as f:
        result = json.load(f)
    oracle = result["oracle"]
    log = oracle.get("log_tail", [])
    accepted = bool(oracle.get("accepted"))
    want_accept = meta.get("expect") == "accept"
    if accepted != want_accept:
        problems.append(f"kernel {'accepted' if accepted else 'rejected'}, expected {meta.get('expect')}"
                        + ("" if accepted else ": " + " | ".join(log[-3:])))
    lines = decisive(log, meta.get("kernel"))
    if not accepted and meta.get("kernel") and not lines:
        problems.append(f"kernel rejected, but not for the intended reason {meta['kernel']!r}: "
                        + " | ".join(log[-3:]))
    section = meta["section"] or oracle.get("section")
    ptype = prog_type(section or "")
    if ptype is None:
        problems.append(f"unknown section {section!r}")
    if accepted and oracle.get("prog_info", {}).get("type") not in (None, ptype):
        problems.append(f"kernel loaded it as {oracle['prog_info']['type']}, section says {ptype}")
    twin = meta.get("twin")
    if twin and twin not in sources:
        problems.append(f"twin {twin} has no source")
    case = {"name": name, "object": "%s/obj/%s.o" % (where, name), "source": "%s/src/%s.c" % (where, name),
            "program": program, "section": section, "type": ptype, "issue": int(meta.get("issue", 0)),
            "category": meta.get("category"), "expect": meta.get("expect"), "twin": twin,
            "note": meta.get("note"), "kernel_reason": meta.get("kernel"),
            "ebpf4j_expect": meta.get("ebpf4j", meta.get("expect")), "ebpf4j_reason": meta.get("ebpf4j_reason"),
            "kernel_result": "unsafe/kernel-results/%s.json" % name,
            "kernel_verdict": {"accepted": accepted, "error": oracle.get("error"),
                               "decisive_log": lines if not accepted else [],
                               "processed_insns": oracle.get("verifier", {}).get("processed_insns")}}
    cases.append(case)
    if problems:
        failures.append((name, problems))
    print(f"{'ok  ' if not problems else 'FAIL'} {name:36} {'accepted' if accepted else 'rejected'}"
          f"{'' if accepted else ': ' + (lines[-1] if lines else '?')}", flush=True)

kernels = sorted({json.load(open(os.path.join(U, "kernel-results", c["name"] + ".json")))["kernel"] for c in cases})
manifest = {"format": 1,
            "description": "unsafe corpus: programs a verifier must reject (each the shape of a real "
                           "verifier hole) and their nearly-equal safe twins it must accept, with the "
                           "Linux kernel's verdict; see corpus/README.md",
            "recording": {"kernels": kernels, "oracle": "../shared/tools/kernel-oracle",
                          "privileged": True,
                          "note": "loaded as root: CAP_PERFMON/CAP_BPF semantics (uninitialised stack "
                                  "reads and pointer leaks are allowed, as for any privileged loader)"},
            "cases": cases}
with open(os.path.join(U, "unsafe.json"), "w") as f:
    json.dump(manifest, f, indent=1)
    f.write("\n")

bad = sum(1 for c in cases if c["expect"] == "reject")
print(f"\n{len(cases) - len(failures)}/{len(sources)} programs as expected "
      f"({bad} reject, {len(cases) - bad} accept; kernel {', '.join(kernels)})")
for name, probs in failures:
    for p in probs:
        print(f"  {name}: {p}")
sys.exit(1 if failures else 0)
PY
