"""How long tei_all validation takes: the sample and a generated 10 MB TEI file, with the
chosen engine (jing, driven by teiedition), jing run directly, and lxml for comparison;
then the whole `validate` (every layer). Prints numbers; asserts nothing.

    PYTHONPATH=src python bench/validation.py [--tei-all PATH] [--skip-lxml]
"""
from __future__ import annotations

import argparse
import copy
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lxml import etree

from teiedition.validation import teiall, validate, wellformed

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tei" / "roberts-1995-rapallo.xml"
EDITION = ROOT / "tests" / "fixtures" / "valid" / "edition-minimal.xml"
TEI = "{http://www.tei-c.org/ns/1.0}"


def make_large(path: Path, size: int = 10_000_000) -> None:
    """A valid edition grown to ``size`` bytes by repeating its body paragraph in sections."""
    tree = etree.parse(str(EDITION))
    chapter = tree.find(f".//{TEI}body/{TEI}div")
    paragraph = chapter.find(f"{TEI}p")
    k = 0
    while len(etree.tostring(tree)) < size:
        for _ in range(500):
            k += 1
            section = etree.SubElement(chapter, f"{TEI}div", type="section")
            etree.SubElement(section, f"{TEI}head").text = f"Section {k}"
            for _ in range(3):
                section.append(copy.deepcopy(paragraph))
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def jing_direct(jing: str, rng: Path, path: Path) -> bool:
    return subprocess.run([jing, str(rng), str(path)], capture_output=True).returncode == 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tei-all", default=os.environ.get(teiall.ENV) or str(ROOT.parent / "shared" / "schemas" / "tei_all.rng"))
    ap.add_argument("--skip-lxml", action="store_true", help="skip lxml (it compiles tei_all for 5-9 s)")
    args = ap.parse_args(argv)
    rng = Path(args.tei_all)
    jing = shutil.which("jing")
    if not rng.is_file() or not jing:
        print("needs tei_all.rng (--tei-all) and jing", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        large = Path(tmp) / "large.xml"
        make_large(large)
        files = [("sample", SAMPLE), (f"{large.stat().st_size / 1e6:.1f} MB", large)]
        print(f"tei_all: {rng}\nchosen engine: {teiall.engine_name()}\n")
        print(f"{'file':<10} {'engine':<34} {'seconds':>8}  valid")
        for label, path in files:
            parse_s, (parsed, _) = timed(lambda: wellformed.parse(str(path)))
            rows = [
                ("teiedition tei_all layer (jing)", lambda: not teiall.check([parsed], rng, engine="jing")),
                ("jing, run directly", lambda: jing_direct(jing, rng, path)),
            ]
            if not args.skip_lxml:
                teiall._compiled_rng.cache_clear()
                rows.append(("lxml RelaxNG (compile + validate)",
                             lambda: not teiall.check([parsed], rng, engine="lxml")))
            for name, fn in rows:
                seconds, ok = timed(fn)
                print(f"{label:<10} {name:<34} {seconds:8.2f}  {ok}")
            print(f"{label:<10} {'(safe parse before the layer)':<34} {parse_s:8.2f}")
            seconds, report = timed(lambda: validate(path, tei_all=rng))
            print(f"{label:<10} {'validate(): every layer':<34} {seconds:8.2f}  {report.ok}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
