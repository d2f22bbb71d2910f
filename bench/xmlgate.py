"""What the XML gate costs: the sample and a generated 10 MB edition, best of several runs.
Prints numbers; asserts nothing.

    PYTHONPATH=src python bench/xmlgate.py [--size BYTES] [--runs N]

Rows: the gate alone (expat's events: DTD content, XInclude, limits), libxml2's parse alone
(with the gate's parser settings: what reading cost before the gate existed), and
``parse_bytes`` (both: what every command pays now), per file and per MB.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from lxml import etree

from teiedition import xmlsafe

sys.path.insert(0, str(Path(__file__).resolve().parent))
from validation import SAMPLE, make_large


def best(fn, runs: int) -> tuple[float, float]:
    """Best wall time and best CPU time of ``runs`` calls: on a shared machine the CPU time is
    the steadier of the two."""
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return min(wall), min(cpu)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=10_000_000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        large = Path(tmp) / "large.xml"
        make_large(large, args.size)
        print(f"{'file':<12} {'elements':>9} {'step':<30} {'wall s':>7} {'CPU s':>7} {'CPU s/MB':>8}")
        for label, path in (("sample", SAMPLE), (f"{large.stat().st_size / 1e6:.1f} MB", large)):
            data = xmlsafe.read_file(path)
            mb = len(data) / 1e6
            elements = sum(1 for _ in xmlsafe.parse_bytes(data).getroot().iter())
            rows = [
                ("gate (expat events, limits)", lambda d=data: xmlsafe.check_bytes(d, "x")),
                ("libxml2 parse alone", lambda d=data: etree.fromstring(d, xmlsafe._parser())),
                ("parse_bytes (gate + libxml2)", lambda d=data: xmlsafe.parse_bytes(d, "x")),
                ("parse_file (read + both)", lambda p=path: xmlsafe.parse_file(p)),
            ]
            for name, fn in rows:
                wall, cpu = best(fn, args.runs)
                print(f"{label:<12} {elements:>9} {name:<30} {wall:7.3f} {cpu:7.3f} {cpu / mb:8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
