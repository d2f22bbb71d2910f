"""Hostile bags given to ``teiedition package --verify``: exit code, seconds and peak memory.

Each case runs the command line in its own process; its CPU time and peak RSS come from
``os.wait4`` on that process alone, and what it writes under its ``TMPDIR`` is polled while
it runs. The acceptance of issue 11: refused (or handled) in under 60 s and 2 GB,
and a zip bomb refused before anything is unpacked.

    python bench/bags.py [--only NAME ...] [--keep DIR]

Cases: the sample's bag as a directory and as a zip (the baseline); a manifest of one
million lines with the default limits (refused) and with the limits raised (handled); a
million lines of 9 bytes (refused by the line limit); a ``bag-info.txt`` linked to
``/dev/zero``; a 4 GB zip bomb with honest headers, and the same
bomb whose headers claim 1,000 bytes; a zip of 200,000 members.
"""
from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

SAMPLE_TEI = ROOT / "tei" / "roberts-1995-rapallo.xml"
CLI = "import sys; from teiedition.cli import main; sys.exit(main())"


def sample_bag(work: Path, zip: bool = False) -> Path:
    from teiedition.archive import make_bag  # from src/, put on the path above

    build = work / "build"
    if not build.exists():
        build.mkdir()
        shutil.copyfile(SAMPLE_TEI, build / SAMPLE_TEI.name)
        (build / f"{SAMPLE_TEI.stem}.html").write_bytes(b"<html><body>stand-in</body></html>\n")
        (build / f"{SAMPLE_TEI.stem}.pdf").write_bytes(b"%PDF-1.7\n%stand-in\n%%EOF\n")
    name = "sample.zip" if zip else "sample.bag"
    out = work / name
    if not out.exists():
        make_bag(build, out, zip=zip, bagging_date="2026-01-31")
    return out


def million_lines(work: Path) -> Path:
    """The sample bag with a sha256 manifest of 1,000,000 realistic lines (87 MB)."""
    bag = work / "million.bag"
    if bag.exists():
        return bag
    shutil.copytree(sample_bag(work), bag)
    with open(bag / "manifest-sha256.txt", "w") as fh:
        fh.writelines(f"{hashlib.sha256(str(i).encode()).hexdigest()}  data/f/{i:07d}.bin\n"
                      for i in range(1_000_000))
    return bag


def million_short_lines(work: Path) -> Path:
    """1,000,000 lines of 9 bytes: under the byte limit, so the line limit is what refuses it."""
    bag = work / "short.bag"
    if not bag.exists():
        shutil.copytree(sample_bag(work), bag)
        (bag / "manifest-sha256.txt").write_bytes(b"0 data/f\n" * 1_000_000)
    return bag


def dev_zero(work: Path) -> Path:
    bag = work / "zero.bag"
    if not bag.exists():
        shutil.copytree(sample_bag(work), bag)
        (bag / "bag-info.txt").unlink()
        (bag / "bag-info.txt").symlink_to("/dev/zero")
    return bag


def bomb(work: Path, lie: bool) -> Path:
    """A zipped "bag" with one member of 4,000,000,000 zero bytes (about 4 MB deflated);
    with ``lie`` its headers say the member holds 1,000 bytes."""
    honest = work / "bomb.zip"
    size = 4_000_000_000
    if not honest.exists():
        info = zipfile.ZipInfo("b/data/zeros")
        info.compress_type = zipfile.ZIP_DEFLATED
        block = bytes(1 << 24)
        with zipfile.ZipFile(honest, "w") as zf:
            zf.writestr("b/bagit.txt", "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n")
            with zf.open(info, "w", force_zip64=True) as dst:
                for _ in range(size // len(block)):
                    dst.write(block)
                dst.write(bytes(size % len(block)))
    if not lie:
        return honest
    liar = work / "bomb-lie.zip"
    if not liar.exists():
        # Over 2 GiB the sizes live in the zip64 extra fields of both headers, as 8 bytes.
        data = honest.read_bytes()
        liar.write_bytes(data.replace(struct.pack("<Q", size), struct.pack("<Q", 1000)))
    return liar


def many_members(work: Path) -> Path:
    path = work / "many.zip"
    if not path.exists():
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("b/bagit.txt", "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n")
            for i in range(200_000):
                zf.writestr(f"b/data/{i}", b"")
    return path


CASES = {
    "sample-dir": (lambda w: sample_bag(w), {}),
    "sample-zip": (lambda w: sample_bag(w, zip=True), {}),
    "million-line-manifest": (million_lines, {}),
    "million-short-lines": (million_short_lines, {}),
    "million-line-manifest-raised": (million_lines, {"TEIEDITION_MAX_TAG_FILE_LINES": "2000000",
                                                     "TEIEDITION_MAX_TAG_FILE_BYTES": "200000000"}),
    "bag-info-dev-zero": (dev_zero, {}),
    "zip-bomb-4GB": (lambda w: bomb(w, lie=False), {}),
    "zip-bomb-4GB-lying-header": (lambda w: bomb(w, lie=True), {}),
    "zip-200k-members": (many_members, {}),
}


def run(path: Path, env: dict[str, str], work: Path) -> tuple[int, float, float, float, str, int]:
    tmp = work / "tmp"
    tmp.mkdir(exist_ok=True)
    full_env = {**os.environ, "TMPDIR": str(tmp), **env}
    with open(work / "stdout", "wb") as out, open(work / "stderr", "wb") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", CLI, "package", "--verify", str(path)],
                                stdout=out, stderr=err, env=full_env)
        # Poll what the command writes under TMPDIR while it runs: a bomb must be refused
        # before anything is unpacked.
        peak_tmp = 0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            peak_tmp = max(peak_tmp, _du(tmp))
            time.sleep(0.05)
        seconds = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    line = (work / "stderr").read_text(errors="replace").strip().splitlines()
    cpu = usage.ru_utime + usage.ru_stime  # wall time varies with the machine's load; this does not
    return code, seconds, cpu, usage.ru_maxrss / 1024, line[-1] if line else "", peak_tmp


def _du(path: Path) -> int:
    total = 0
    for dirpath, _dirs, files in os.walk(path):
        for name in files:
            with contextlib.suppress(OSError):
                total += os.lstat(os.path.join(dirpath, name)).st_size
    return total


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="*", choices=list(CASES))
    ap.add_argument("--keep", type=Path, help="build the fixtures here and keep them (they take "
                    "a minute to make: the bomb deflates 4 GB)")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="teiedition-bench-bags-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"{'case':30} {'exit':>4} {'wall s':>7} {'CPU s':>6} {'peak MB':>8} {'TMPDIR peak':>12}  stderr")
    try:
        for name in args.only or CASES:
            make, env = CASES[name]
            path = make(work)
            code, seconds, cpu, rss, line, tmp = run(path, env, work)
            print(f"{name:30} {code:>4} {seconds:>7.2f} {cpu:>6.2f} {rss:>8.0f} {tmp:>12,}  {line[:150]}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    assert zlib  # deflate must be available for the bomb
    sys.exit(main())
