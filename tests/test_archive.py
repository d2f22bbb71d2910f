"""Repository packages: BagIt bags of an edition, made reproducibly and verified.

Most tests package a build directory holding the sample TEI and small stand-in HTML and PDF
files, so they run in milliseconds and do not depend on the renderers; one test lets the
package step render both itself.
"""
from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import bagit
import pytest

from teiedition.archive import (
    BagProblem,
    PackageError,
    make_bag,
    payload_stem,
    verify_bag,
)
from teiedition.cli import main
from teiedition.errors import InputError

from .conftest import SAMPLE_TEI

STEM = SAMPLE_TEI.stem
HTML = b"<!DOCTYPE html>\n<html><body><p>stand-in web edition</p></body></html>\n"
PDF = b"%PDF-1.7\n% stand-in print edition\n" + bytes(range(256)) + b"\n%%EOF\n"
PAYLOAD = {f"data/{STEM}.xml", f"data/{STEM}.html", f"data/{STEM}.pdf",
           "data/metadata/dc.xml", "data/metadata/datacite.xml"}


@pytest.fixture
def build_dir(tmp_path: Path) -> Path:
    d = tmp_path / "build"
    d.mkdir()
    shutil.copyfile(SAMPLE_TEI, d / f"{STEM}.xml")
    (d / f"{STEM}.html").write_bytes(HTML)
    (d / f"{STEM}.pdf").write_bytes(PDF)
    return d


@pytest.fixture
def bag(build_dir: Path, tmp_path: Path) -> Path:
    return make_bag(build_dir, tmp_path / "bag", bagging_date="2026-01-31")


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _info(bag: Path) -> dict[str, str]:
    lines = (bag / "bag-info.txt").read_text("utf-8").splitlines()
    return dict(line.split(": ", 1) for line in lines)


def _with_edition_date(tmp_path: Path, when: str) -> Path:
    """The sample TEI with an edition date in its publicationStmt."""
    text = SAMPLE_TEI.read_text("utf-8")
    text = text.replace("</availability>", f"</availability>\n        <date when=\"{when}\">{when}</date>", 1)
    d = tmp_path / "dated"
    d.mkdir()
    (d / f"{STEM}.xml").write_text(text, "utf-8")
    (d / f"{STEM}.html").write_bytes(HTML)
    (d / f"{STEM}.pdf").write_bytes(PDF)
    return d


# --------------------------------------------------------------------------- making a bag

def test_bag_of_the_sample_passes_bagits_own_validation(bag: Path):
    bagit.Bag(str(bag)).validate()  # raises on any problem
    # ... and bagit's command line says so too, as a repository's ingest script would run it.
    run = subprocess.run([sys.executable, "-m", "bagit", "--validate", str(bag)],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr


def test_bag_layout_and_payload(bag: Path, build_dir: Path):
    files = _files(bag)
    assert {f for f in files if f.startswith("data/")} == PAYLOAD
    assert set(files) - PAYLOAD == {
        "bagit.txt", "bag-info.txt", "manifest-sha256.txt", "manifest-sha512.txt",
        "tagmanifest-sha256.txt", "tagmanifest-sha512.txt"}
    # The TEI goes in byte for byte; the build directory's renderings are used as they are.
    assert files[f"data/{STEM}.xml"] == SAMPLE_TEI.read_bytes()
    assert files[f"data/{STEM}.html"] == HTML
    assert files[f"data/{STEM}.pdf"] == PDF
    assert b"<oai_dc:dc" in files["data/metadata/dc.xml"]
    assert b"http://datacite.org/schema/kernel-4" in files["data/metadata/datacite.xml"]
    assert files["bagit.txt"] == b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"


def test_manifests_list_every_payload_file_in_sha256_and_sha512(bag: Path):
    for alg, width in (("sha256", 64), ("sha512", 128)):
        lines = (bag / f"manifest-{alg}.txt").read_text().splitlines()
        listed = {line.split(None, 1)[1] for line in lines}
        assert listed == PAYLOAD
        assert all(len(line.split()[0]) == width for line in lines)
        tag_lines = (bag / f"tagmanifest-{alg}.txt").read_text().splitlines()
        tags = [line.split(None, 1)[1] for line in tag_lines]
        assert set(tags) == {"bagit.txt", "bag-info.txt", "manifest-sha256.txt", "manifest-sha512.txt"}
        # Sorted by path, not in directory order (which differs between file systems), so
        # the bytes of the tag manifests do not depend on where the bag was made.
        assert tags == sorted(tags)
        assert [line.split(None, 1)[1] for line in lines] == sorted(PAYLOAD, key=lambda p: (p.count("/"), p))


def test_bag_info_fields(bag: Path):
    info = _info(bag)
    assert info["Source-Organization"] and info["Contact-Name"]
    assert info["External-Description"].startswith(
        "TEI P5 edition of “From Co-operation to Confrontation")
    # The sample has no DOI or URL: a checksum of its source text resolves to nothing, so no
    # External-Identifier (it is optional in RFC 8493); the publisher is DataCite's (:unav).
    assert "External-Identifier" not in info
    assert info["Source-Organization"] == "(:unav)"
    assert info["Bagging-Date"] == "2026-01-31"
    payload = [bag / f for f in PAYLOAD]
    assert info["Payload-Oxum"] == f"{sum(p.stat().st_size for p in payload)}.{len(payload)}"
    # Not bagit's own agent line with its version: our name, so the bytes do not depend on it.
    assert info["Bag-Software-Agent"].startswith("teiedition ")


def test_contact_email_from_the_header(tmp_path: Path):
    full = Path(__file__).parent / "fixtures" / "archive" / "full-header.xml"
    warnings: list = []
    out = make_bag(full, tmp_path / "bag", html_path=_write(tmp_path / "x.html", HTML),
                   pdf_path=_write(tmp_path / "x.pdf", PDF), warnings=warnings)
    assert warnings == []  # dated, and with a DOI: nothing to warn about
    info = _info(out)
    assert info["Contact-Email"] == "editionen@example.org"
    assert info["Source-Organization"] == "Institut für Editionen"
    assert info["Bagging-Date"] == "2026-01-31"  # the header's edition date
    assert info["External-Identifier"] == "https://doi.org/10.5072/teiedition.test"


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_renders_html_and_pdf_when_absent(tmp_path: Path):
    tei = tmp_path / SAMPLE_TEI.name  # alone, so nothing beside it can stand in for a rendering
    shutil.copyfile(SAMPLE_TEI, tei)
    out = make_bag(tei, tmp_path / "bag", bagging_date="2026-01-31")
    files = _files(out)
    html = files[f"data/{STEM}.html"]
    assert b"<html" in html.lower() and b"From Co-operation to Confrontation" in html
    assert files[f"data/{STEM}.pdf"].startswith(b"%PDF-")
    assert verify_bag(out) == []
    # Rendering is part of the reproducibility promise too.
    again = make_bag(tei, tmp_path / "again" / "bag", bagging_date="2026-01-31")
    assert _files(again) == files


# --------------------------------------------------------------------------- reproducibility

def test_two_builds_are_byte_identical(build_dir: Path, tmp_path: Path):
    a = make_bag(build_dir, tmp_path / "a" / "bag", bagging_date="2026-01-31")
    b = make_bag(build_dir, tmp_path / "b" / "bag", bagging_date="2026-01-31")
    assert _files(a) == _files(b)


def test_bagging_date_comes_from_the_edition_date_not_the_clock(tmp_path: Path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    out = make_bag(_with_edition_date(tmp_path, "2024-05-06"), tmp_path / "bag")
    assert _info(out)["Bagging-Date"] == "2024-05-06"


def test_without_any_date_the_bag_has_no_bagging_date_and_a_warning(build_dir, tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    warnings: list = []
    out = make_bag(build_dir, tmp_path / "bag", warnings=warnings)
    assert "Bagging-Date" not in _info(out)  # never today's date unasked
    assert any("--bagging-date" in w.message for w in warnings)
    assert any("(:tba)" in w.message and "DOI" in w.message for w in warnings)
    assert verify_bag(out) == []


def test_source_date_epoch_and_now(build_dir: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 UTC
    assert _info(make_bag(build_dir, tmp_path / "epoch"))["Bagging-Date"] == "2023-11-14"
    today = dt.date.today().isoformat()
    out = make_bag(build_dir, tmp_path / "now", bagging_date="now")
    assert _info(out)["Bagging-Date"] in (today, dt.date.today().isoformat())


@pytest.mark.parametrize("bad", ["2026-02-30", "31.01.2026", "yesterday"])
def test_bad_bagging_date_is_refused(build_dir: Path, tmp_path: Path, bad: str):
    with pytest.raises(PackageError, match="YYYY-MM-DD"):
        make_bag(build_dir, tmp_path / "bag", bagging_date=bad)
    assert not (tmp_path / "bag").exists()


def test_zip_is_reproducible_with_fixed_times_and_permissions(build_dir: Path, tmp_path: Path):
    a = make_bag(build_dir, tmp_path / "a" / "edition", zip=True, bagging_date="2026-01-31")
    b = make_bag(build_dir, tmp_path / "b" / "edition.zip", zip=True, bagging_date="2026-01-31")
    assert a.name == b.name == "edition.zip"
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as zf:
        names = zf.namelist()
        assert names == sorted(names)
        assert {n.split("/", 1)[1] for n in names} >= PAYLOAD
        assert all(n.startswith("edition/") for n in names)
        for info in zf.infolist():
            assert info.date_time == (2026, 1, 31, 0, 0, 0)
            assert info.external_attr >> 16 == 0o100644
    assert verify_bag(a) == []


# --------------------------------------------------------------------------- output directory

def test_existing_bag_is_replaced_but_another_directory_is_refused(build_dir: Path, tmp_path: Path):
    out = tmp_path / "bag"
    make_bag(build_dir, out, bagging_date="2026-01-31")
    first = _files(out)
    make_bag(build_dir, out, bagging_date="2026-02-01")  # our own, unchanged bag: replaced
    assert _files(out) != first and verify_bag(out) == []
    # A file the user put in our bag is not ours to delete: the bag is then left as it is.
    (out / "data" / "stale.txt").write_text("left over")
    before = _files(out)
    with pytest.raises(PackageError, match=r"data/stale\.txt"):
        make_bag(build_dir, out, bagging_date="2026-01-31")
    assert _files(out) == before

    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "notes.txt").write_text("mine")
    with pytest.raises(PackageError, match="not a bag"):
        make_bag(build_dir, precious)
    assert (precious / "notes.txt").read_text() == "mine"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp left


def test_build_dir_with_two_tei_files_is_refused(build_dir: Path, tmp_path: Path):
    shutil.copyfile(SAMPLE_TEI, build_dir / "other.xml")
    with pytest.raises(InputError, match="more than one TEI file"):
        make_bag(build_dir, tmp_path / "bag")


# --------------------------------------------------------------------------- verifying

def _kinds(problems: list[BagProblem]) -> dict[str, str]:
    return {p.file: p.kind for p in problems}


def test_valid_bag_verifies(bag: Path):
    assert verify_bag(bag) == []
    assert main(["package", "--verify", str(bag)]) == 0


def test_one_byte_of_the_pdf_changed(bag: Path, capsys):
    pdf = bag / "data" / f"{STEM}.pdf"
    data = bytearray(pdf.read_bytes())
    data[len(data) // 2] ^= 0x01
    pdf.write_bytes(bytes(data))
    assert _kinds(verify_bag(bag)) == {f"data/{STEM}.pdf": "changed"}
    assert main(["package", "--verify", str(bag)]) == 1
    assert f"data/{STEM}.pdf: changed" in capsys.readouterr().out


def test_html_deleted(bag: Path, capsys):
    (bag / "data" / f"{STEM}.html").unlink()
    assert _kinds(verify_bag(bag)) == {f"data/{STEM}.html": "missing"}
    assert main(["package", "--verify", str(bag)]) == 1
    assert f"data/{STEM}.html: missing" in capsys.readouterr().out


def test_file_added(bag: Path, capsys):
    (bag / "data" / "metadata" / "notes.txt").write_text("added later")
    assert _kinds(verify_bag(bag)) == {"data/metadata/notes.txt": "extra"}
    assert main(["package", "--verify", str(bag)]) == 1
    assert "data/metadata/notes.txt: extra" in capsys.readouterr().out


def test_every_problem_is_reported_at_once(bag: Path):
    (bag / "data" / f"{STEM}.pdf").write_bytes(b"%PDF- replaced")
    (bag / "data" / f"{STEM}.html").unlink()
    (bag / "data" / "extra.bin").write_bytes(b"\0")
    assert _kinds(verify_bag(bag)) == {f"data/{STEM}.pdf": "changed",
                                       f"data/{STEM}.html": "missing",
                                       "data/extra.bin": "extra"}


def test_changed_tag_file_is_named(bag: Path):
    info = bag / "bag-info.txt"
    info.write_text(info.read_text().replace("2026-01-31", "2026-02-01"))
    assert _kinds(verify_bag(bag)) == {"bag-info.txt": "changed"}


def test_zipped_bag_with_a_changed_pdf(build_dir: Path, tmp_path: Path):
    z = make_bag(build_dir, tmp_path / "edition.zip", zip=True, bagging_date="2026-01-31")
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(z) as src, zipfile.ZipFile(tampered, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.endswith(".pdf"):
                data = data[:-1] + bytes([data[-1] ^ 1])
            dst.writestr(info, data)
    assert _kinds(verify_bag(tampered)) == {f"data/{STEM}.pdf": "changed"}
    assert main(["package", "--verify", str(tampered)]) == 1


def _zip_with(tmp_path: Path, name: str, members: dict[str, bytes]) -> Path:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for member, data in members.items():
            zf.writestr(member, data)
    path = tmp_path / name
    path.write_bytes(buf.getvalue())
    return path


@pytest.mark.parametrize("make, message", [
    (lambda d: _write(d / "garbage.zip", b"PK\x03\x04 not really a zip"), "not a bag"),
    (lambda d: _write(d / "plain.txt", b"hello"), "not a bag"),
    (lambda d: _zip_with(d, "nobag.zip", {"x/readme.txt": b"no bagit.txt here"}), "no bagit.txt"),
    (lambda d: _zip_with(d, "escape.zip", {"../evil/bagit.txt": b"BagIt-Version: 1.0\n"}),
     "unsafe path"),
    (lambda d: _zip_with(d, "badtxt.zip", {"b/bagit.txt": b"BagIt-Version: x\n"}), "not a readable bag"),
    (lambda d: (d / "empty-dir").mkdir() or d / "empty-dir", "no bagit.txt"),
    (lambda d: d / "does-not-exist", "no such file"),
], ids=["broken zip", "not a zip", "zip without a bag", "path escaping the zip",
        "broken bagit.txt", "empty dir", "missing"])
def test_unreadable_bags_exit_2(tmp_path: Path, make, message, capsys):
    path = make(tmp_path)
    with pytest.raises(InputError, match=message):
        verify_bag(path)
    assert main(["package", "--verify", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("teiedition: ") and len(err.strip().splitlines()) == 1


# --------------------------------------------------------------------------- command line

def test_cli_package_writes_a_bag_and_warns_without_date(build_dir, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    out = tmp_path / "bag"
    assert main(["package", str(build_dir), "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert f"wrote {out}" in captured.out
    assert "--bagging-date" in captured.err
    assert main(["package", "--verify", str(out)]) == 0


def test_cli_package_zip(build_dir: Path, tmp_path: Path):
    assert main(["package", str(build_dir), "-o", str(tmp_path / "e"), "--zip",
                 "--bagging-date", "2026-01-31"]) == 0
    assert main(["package", "--verify", str(tmp_path / "e.zip")]) == 0


@pytest.mark.parametrize("argv", [
    ["package"],
    ["package", "tei.xml"],
    ["package", "--verify", "x", "-o", "y"],
])
def test_cli_usage_errors_exit_2(argv, capsys):
    assert main(argv) == 2
    assert "teiedition:" in capsys.readouterr().err


def test_cli_bad_bagging_date_exits_2(build_dir: Path, tmp_path: Path, capsys):
    assert main(["package", str(build_dir), "-o", str(tmp_path / "b"), "--bagging-date", "soon"]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_payload_oxum_that_does_not_match_is_named(bag: Path):
    # With the tag manifests gone, a changed bag-info.txt is no longer caught by its checksum:
    # the Payload-Oxum check is what still sees that the payload and the bag disagree.
    for alg in ("sha256", "sha512"):
        (bag / f"tagmanifest-{alg}.txt").unlink()
    info = bag / "bag-info.txt"
    oxum = _info(bag)["Payload-Oxum"]
    info.write_text(info.read_text().replace(oxum, "1.1"))
    assert _kinds(verify_bag(bag)) == {"bag-info.txt": "oxum"}


def test_payload_file_missing_from_one_manifest_is_named(bag: Path):
    for alg in ("sha256", "sha512"):
        (bag / f"tagmanifest-{alg}.txt").unlink()
    manifest = bag / "manifest-sha512.txt"
    lines = manifest.read_text().splitlines(keepends=True)
    manifest.write_text("".join(line for line in lines if not line.rstrip().endswith(".pdf")))
    assert _kinds(verify_bag(bag)) == {f"data/{STEM}.pdf": "unlisted"}


def test_zip_with_a_symlink_is_refused(tmp_path: Path):
    info = zipfile.ZipInfo("b/bagit.txt")
    info.create_system = 3
    info.external_attr = 0o120777 << 16  # a symbolic link
    path = tmp_path / "link.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(info, "/etc/passwd")
    with pytest.raises(InputError, match="symbolic link"):
        verify_bag(path)


def test_zip_larger_than_the_limit_is_refused(build_dir: Path, tmp_path: Path, monkeypatch):
    z = make_bag(build_dir, tmp_path / "e.zip", zip=True, bagging_date="2026-01-31")
    monkeypatch.setenv("TEIEDITION_MAX_BAG_BYTES", "1000")
    with pytest.raises(InputError, match=r"bag-bytes limit of 1,000 bytes.*TEIEDITION_MAX_BAG_BYTES"):
        verify_bag(z)


@pytest.mark.parametrize("name, stem", [
    ("roberts-1995-rapallo.xml", "roberts-1995-rapallo"),
    ("Rapallo édition 100%.xml", "Rapallo-édition-100"),  # bagit-python leaves % unencoded
    ("e\u0301dition.xml", "\u00e9dition"),  # NFC, so the manifest matches on any file system
    ("%%.xml", "edition"),
])
def test_payload_names_are_safe(name: str, stem: str):
    assert payload_stem(Path(name)) == stem


def test_tei_with_an_awkward_name_makes_a_valid_bag(build_dir: Path, tmp_path: Path):
    (build_dir / f"{STEM}.xml").rename(build_dir / "Rapallo 1%.xml")
    (build_dir / f"{STEM}.html").rename(build_dir / "Rapallo 1%.html")
    (build_dir / f"{STEM}.pdf").rename(build_dir / "Rapallo 1%.pdf")
    out = make_bag(build_dir, tmp_path / "bag", bagging_date="2026-01-31")
    assert (out / "data" / "Rapallo-1.html").read_bytes() == HTML
    bagit.Bag(str(out)).validate()
    assert verify_bag(out) == []


def test_renderings_beside_a_tei_file_are_used_when_fresh_and_redone_when_stale(build_dir, tmp_path):
    tei = build_dir / f"{STEM}.xml"
    out = make_bag(tei, tmp_path / "fresh", bagging_date="2026-01-31")
    assert (out / "data" / f"{STEM}.html").read_bytes() == HTML  # newer than the TEI: used
    # The TEI edited after rendering: the HTML beside it is stale and is rendered again.
    html = build_dir / f"{STEM}.html"
    os.utime(html, ns=(tei.stat().st_mtime_ns - 10**9,) * 2)
    out = make_bag(tei, tmp_path / "stale", bagging_date="2026-01-31")
    assert (out / "data" / f"{STEM}.html").read_bytes() != HTML
    assert (out / "data" / f"{STEM}.pdf").read_bytes() == PDF


def test_cli_help(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["package", "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "usage: teiedition package" in out and "--verify" in out and "--zip" in out
