"""Validation side by side with jing, in one run: whole processes, medians over repeats.

For the sample and editions of about 1, 10 and 50 MB made from the sample's real text (its
notes, citations and bibliography repeated with fresh numbers and ids, body sections of its
abstract's words with note calls), each command runs as its own process, as a user runs it:

* ``jing``: java -cp jing.jar Driver tei_all.rng FILE, the reference;
* ``jing, tuned JVM``: the same with the JVM options teiedition runs jing with (serial
  collector, quick compiler only): how much of teiedition's figure is those options;
* ``tei-all (auto)``: ``teiedition validate --schema tei-all`` with the default engine;
* ``tei-all (jing)`` / ``tei-all (lxml)``: the same with TEIEDITION_RNG_ENGINE forcing one
  (lxml from 1 MB on checks the file streamed, piece by piece: .rngstream; libxml2 on the
  whole tree is quadratic in siblings, 175 s at 10 MB before);
* ``project``: ``--schema project`` (project schema and Schematron);
* ``all layers``: ``teiedition validate`` (well-formedness, TEI, project, Schematron, tei_all);
* ``all, whole tree``: the same with TEIEDITION_STREAM=0, every file's project and Schematron
  layers on libxml2's whole tree (as before the streamed check; the same for files under
  its threshold, 1 MB).

The repeats are paired (each repeat runs every command in turn). Printed per row: median
wall seconds, median CPU seconds (user + system, the process and
its children: the machine is shared, so CPU is the steadier figure), peak RSS of the largest
process of the run, and wall and CPU as multiples of jing's. Then the time per MB of "all
layers" for 1, 10 and 50 MB (linear growth keeps it within ±20 %). Asserts nothing.

Last run (2 cores at load average 2.5-3.2 from a model's training; wall / CPU seconds): all
layers 0.28 / 0.28 for the sample, 1.01 / 0.98 at 1 MB, 2.73 / 2.76 at 10 MB (0.86 times
jing's CPU) and 10.51 / 10.57 at 50 MB (1.79 / 1.80 times jing); beside them the whole tree
(``all, whole tree``) 0.97, 2.93 and 11.58 s of CPU (1.97 times jing at 50 MB). Peak RSS at
50 MB: 177 MB, jing's (teiedition's own process 84 MB; 587 MB on the whole tree): issue 15's
budget, 4 times the file plus 300 MB (502 MB), is met. 0.197 and 0.193 s of CPU per added MB.
The two runs before it (load 2.2-3.7 and 1.7-1.9): all layers at 50 MB 10.32 and 10.48 s
against 11.43 and 11.28 s on the whole tree, 1.66-1.97 times jing against 1.85-2.12. Every
row, the per-phase split, and the memory: schemas/README.md.

tei_all alone, last run (load 2.4-3.6; wall / CPU s, CPU as a multiple of jing's): ``tei-all
(lxml)`` 0.59 / 0.54 at 1 MB (0.45 times; the whole tree, pruned and flattened: the file is
under 1 MiB), 2.32 / 2.28 at 10 MB (0.73 times) and 9.48 / 9.07 at 50 MB (1.68 times; 148 MB
peak), streamed (.rngstream); before it 2.29 / 2.23 at 1 MB (1.87 times) and 175 s at 10 MB,
quadratic. ``tei-all (auto)``, jing above 512 KB: 0.66, 0.53 and 0.99 times jing's CPU.

    PYTHONPATH=src python bench/validation.py [--tei-all PATH] [--sizes 1,10,50] [--repeats 3]
"""
from __future__ import annotations

import argparse
import copy
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tei" / "roberts-1995-rapallo.xml"
T = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
JING_JAR = "/usr/share/java/jing.jar"
CLI = "import sys; from teiedition.cli import main; sys.exit(main())"
#: teiedition.validation.teiall.JVM_OPTIONS, written out: this process imports nothing of
#: teiedition (see run()).
JVM_OPTIONS = ("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")


def make_edition(size: int, sample: Path = SAMPLE) -> bytes:
    """A valid edition of about ``size`` bytes from the sample's text: copy k renumbers the
    sample's notes by k times their count (ids, note calls, Ibid./short-title pointers), adds
    its bibliography entries with ids suffixed -ck (citations' @corresp follow), and a body
    section whose paragraphs call those notes."""
    from lxml import etree  # here: the measuring parent stays small (see run())

    tree = etree.parse(str(sample))
    root = tree.getroot()
    def find(path: str) -> etree._Element:
        found = root.find(path)
        if found is None:
            raise SystemExit(f"{sample}: no {path}: not the sample this generator reads")
        return found

    chapter = find(f".//{T}body/{T}div")
    notes_div = find(f".//{T}back/{T}div[@type='notes']")
    listbibl = find(f".//{T}back/{T}div[@type='bibliography']/{T}listBibl")
    notes = notes_div.findall(f"{T}note")
    entries = listbibl.findall(f"{T}bibl")
    words = " ".join(" ".join(p.itertext()) for p in root.iter(f"{T}abstract")).split()
    count = len(notes)

    def shift(value: str, offset: int) -> str:
        return re.sub(r"^(#?)n(\d+)", lambda m: f"{m[1]}n{int(m[2]) + offset}", value)

    base = len(etree.tostring(tree))
    per_copy = None
    k = 0
    while per_copy is None or base + per_copy * k < size:
        k += 1
        offset, suffix = k * count, f"-c{k}"
        section = etree.SubElement(chapter, f"{T}div", type="section")
        etree.SubElement(section, f"{T}head").text = f"Part {k}"
        for j in range(count):
            p = etree.SubElement(section, f"{T}p")
            start = (j * 7) % len(words)
            p.text = " ".join(words[start:start + 40])
            call = etree.SubElement(p, f"{T}ref", type="noteAnchor", target=f"#n{j + 1 + offset}",
                                    n=str(j + 1 + offset))
            call.text = str(j + 1 + offset)
            call.tail = " " + " ".join(words[:12])
        for note in notes:
            new = copy.deepcopy(note)
            for e in new.iter():
                xml_id, target, corresp = e.get(XML_ID), e.get("target") or "", e.get("corresp")
                if xml_id:
                    e.set(XML_ID, shift(xml_id, offset))
                if e.tag == f"{T}note":
                    e.set("n", str(int(e.get("n") or 0) + offset))
                if target.startswith("#n"):
                    e.set("target", shift(target, offset))
                if corresp:
                    e.set("corresp", corresp + suffix)
            notes_div.append(new)
        for entry in entries:
            new = copy.deepcopy(entry)
            new.set(XML_ID, (new.get(XML_ID) or "") + suffix)
            for e in new.iter(f"{T}ref"):
                target = e.get("target") or ""
                if target.startswith("#n"):
                    e.set("target", shift(target, offset))
            listbibl.append(new)
        if per_copy is None:
            per_copy = len(etree.tostring(tree)) - base
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float, int]:
    """(wall s, CPU s of the process and its children, peak RSS MB of the largest, exit).

    A child's ru_maxrss counts the memory it shared with this process before exec, so this
    process never imports lxml or builds a file: the editions are made by a child."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tei-all", default=os.environ.get("TEIEDITION_TEI_ALL")
                    or str(ROOT.parent / "shared" / "schemas" / "tei_all.rng"))
    ap.add_argument("--sizes", default="1,10,50", help="MB, comma-separated")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--make", nargs=2, metavar=("BYTES", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.make:
        Path(args.make[1]).write_bytes(make_edition(int(args.make[0])))
        return 0
    rng = Path(args.tei_all)
    java = shutil.which("java")
    if not rng.is_file() or not java or not os.path.isfile(JING_JAR):
        print("needs tei_all.rng (--tei-all), java and " + JING_JAR, file=sys.stderr)
        return 2
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), TEIEDITION_TEI_ALL=str(rng))
    env.pop("TEIEDITION_RNG_ENGINE", None)
    env.pop("TEIEDITION_STREAM", None)
    print(f"tei_all: {rng}; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; "
          f"medians of {args.repeats} runs\n")
    header = (f"{'file':<9} {'MB':>5}  {'command':<16} {'wall s':>7} {'CPU s':>7} {'RSS MB':>7}"
              f" {'wall/jing':>9} {'CPU/jing':>8}  exit")
    print(header)
    print("-" * len(header))
    per_mb: dict[str, tuple[float, float, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        files = [("sample", SAMPLE)]
        for mb in (int(s) for s in args.sizes.split(",") if s):
            path = Path(tmp) / f"edition-{mb}mb.xml"
            subprocess.run([sys.executable, __file__, "--make", str(mb * 1_000_000), str(path)],
                           env=env, check=True)
            files.append((f"{mb} MB", path))
        for label, path in files:
            size = path.stat().st_size / 1e6
            validate = [sys.executable, "-c", CLI, "validate"]
            rows = [
                ("jing", [java, "-cp", JING_JAR, "com.thaiopensource.relaxng.util.Driver",
                          str(rng), str(path)], {}),
                ("jing, tuned JVM", [java, *JVM_OPTIONS, "-cp", JING_JAR,
                                     "com.thaiopensource.relaxng.util.Driver", str(rng), str(path)], {}),
                ("tei-all (auto)", [*validate, "--schema", "tei-all", str(path)], {}),
                ("tei-all (jing)", [*validate, "--schema", "tei-all", str(path)],
                 {"TEIEDITION_RNG_ENGINE": "jing"}),
                ("tei-all (lxml)", [*validate, "--schema", "tei-all", str(path)],
                 {"TEIEDITION_RNG_ENGINE": "lxml"}),
                ("project", [*validate, "--schema", "project", str(path)], {}),
                ("all layers", [*validate, str(path)], {}),
                ("all, whole tree", [*validate, str(path)], {"TEIEDITION_STREAM": "0"}),
            ]
            # Paired: each repeat runs every command once, in turn, so a change in the load of
            # the shared machine falls on all of them alike rather than on one command's runs.
            results: dict[str, list[tuple[float, float, float, int]]] = {name: [] for name, _, _ in rows}
            for _ in range(args.repeats):
                for name, cmd, extra in rows:
                    results[name].append(run(cmd, env | extra))
            jing_wall = jing_cpu = 1.0
            for name, _, _ in rows:
                runs = results[name]
                wall = statistics.median(r[0] for r in runs)
                cpu = statistics.median(r[1] for r in runs)
                rss = max(r[2] for r in runs)
                if name == "jing":
                    jing_wall, jing_cpu = wall, cpu
                print(f"{label:<9} {size:5.1f}  {name:<16} {wall:7.2f} {cpu:7.2f} {rss:7.0f}"
                      f" {wall / jing_wall:9.2f} {cpu / jing_cpu:8.2f}  {runs[0][3]}", flush=True)
                if name == "all layers" and label != "sample":
                    per_mb[label] = (size, wall, cpu)
    if per_mb:
        # Linear: each step's added seconds per added MB (the fixed start-up of Python and
        # of the JVM drops out) stays within ±20 % of the others.
        print("\nall layers, growth with size (seconds per MB added since the previous size):")
        previous = None
        for label, (size, wall, cpu) in per_mb.items():
            step = "" if previous is None else (
                f"   marginal: wall {(wall - previous[1]) / (size - previous[0]):.3f} s/MB, "
                f"CPU {(cpu - previous[2]) / (size - previous[0]):.3f} s/MB")
            print(f"  {label:<7} wall {wall:7.2f} s  CPU {cpu:7.2f} s  "
                  f"({wall / size:.3f} and {cpu / size:.3f} s/MB){step}")
            previous = (size, wall, cpu)
    print(f"\nthis process's own peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
