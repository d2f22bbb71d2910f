"""Repository packages: BagIt 1.0 bags of an edition, and their verification.

A bag holds, under ``data/``, the TEI file (byte for byte), its HTML and PDF renderings and
``metadata/dc.xml`` (oai_dc) and ``metadata/datacite.xml`` (DataCite 4.5), both made from the
teiHeader by ``xslt/dc.xsl`` and ``xslt/datacite.xsl``. ``bag-info.txt`` is filled from the
header by ``xslt/bag-info.xsl``; manifests and tag manifests are SHA-256 and SHA-512.

Reproducible: the same inputs give byte-identical bags. What would otherwise vary, and how
it is fixed:

* Bagging-Date: from ``bagging_date`` (an ISO date, or ``"now"`` for the clock, only when
  asked), else the TEI's edition date (``publicationStmt/date/@when``, else the latest dated
  ``revisionDesc/change``), else ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention).
  With none of these the field is left out (it is optional in RFC 8493) and a warning says how
  to set it: a made-up date would be false and the clock would break reproducibility.
* Bag-Software-Agent: bagit-python writes its own version; we set ``teiedition <version>``.
* bagit.txt: bagit-python writes BagIt-Version 0.97; we write 1.0 (RFC 8493) and re-save.
* Tag manifests: bagit-python lists tag files in directory order; we sort their lines.
* Zip files: entries sorted, one fixed timestamp (the bagging date, else 1980-01-01),
  fixed permissions (0644) and creator system, fixed compression level.

bagit-python changes the process's working directory while it bags (``os.chdir``), so
bags must not be made from several threads of one process at once; processes are fine.

The package's modules: :mod:`.output` (where a bag may go, and replacing one safely),
:mod:`.verify` (our own verifier; bagit-python is used only to make bags), :mod:`.safeio`
(reading a bag without following links), :mod:`.tagfiles` (parsing tag files),
:mod:`.zipsafe` (checking and unpacking a zipped bag) and :mod:`.limits`.
"""
from __future__ import annotations

import datetime as _dt
import io
import json
import logging
import os
import re
import shutil
import stat
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import bagit  # type: ignore[import-untyped]  # bagit-python ships no type hints

from .. import __version__
from ..errors import InputError, TeieditionError
from ..model import Problem
from ..transform import TeiSource, run_xslt
from ..xmlsafe import parse_bytes, read_file
from . import limits, output, safeio
from .output import AGENT_PREFIX, PackageError
from .verify import BagProblem, inspect, verify_bag

__all__ = ["BagProblem", "PackageError", "UndatedEdition", "find_inputs", "header_fields",
           "limits", "make_bag", "metadata_record", "payload_stem", "resolve_bagging_date",
           "verify_bag"]

# bagit logs through ``logging``; without a handler, Python's last-resort handler would print
# its warnings on stderr next to our own messages. The library reports through return values.
logging.getLogger("bagit").addHandler(logging.NullHandler())

CHECKSUMS = ("sha256", "sha512")
BAGIT_TXT = b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
SOFTWARE_AGENT = f"{AGENT_PREFIX}{__version__}"
METADATA = {"dc.xml": "dc.xsl", "datacite.xml": "datacite.xsl"}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


class UndatedEdition(PackageError):
    """Neither the TEI nor the options date the edition, and DataCite needs a year."""


# ----------------------------------------------------------------------------- metadata

def metadata_record(tei: TeiSource, kind: str,
                    fallback_date: str | None = None) -> bytes:
    """The ``dc`` or ``datacite`` record of a TEI file, as UTF-8 XML bytes."""
    name = {"dc": "dc.xsl", "datacite": "datacite.xsl"}[kind]
    params = {"fallback-date": fallback_date} if fallback_date else None
    return run_xslt(name, tei, params).encode("utf-8")


def header_fields(tei: TeiSource) -> dict[str, str]:
    """The bag-info fields the teiHeader gives, plus ``edition-date`` and ``year`` when known."""
    return json.loads(run_xslt("bag-info.xsl", tei))


def resolve_bagging_date(option: str | None, edition_date: str | None) -> str | None:
    """The Bagging-Date, following the order in the module docstring (None: leave it out)."""
    if option:
        if option == "now":
            return _dt.date.today().isoformat()
        if not _DATE.match(option) or not _valid_date(option):
            raise PackageError(f"--bagging-date {option!r}: give a date as YYYY-MM-DD, or 'now'")
        return option
    if edition_date and _DATE.match(edition_date) and _valid_date(edition_date):
        return edition_date
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), _dt.UTC).date().isoformat()
    return None


def _valid_date(text: str) -> bool:
    try:
        _dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


# ----------------------------------------------------------------------------- inputs

@dataclass
class Inputs:
    tei: Path
    html: Path | None = None
    pdf: Path | None = None


def find_inputs(path: Path) -> Inputs:
    """The TEI file and the HTML and PDF already made from it, if any.

    ``path`` is a TEI file or a build directory holding exactly one TEI file (``*.xml`` whose
    root is ``TEI``). ``NAME.html`` and ``NAME.pdf`` beside the TEI are used when they are at
    least as new as it; older ones are stale (the TEI was edited after rendering) and are
    rendered afresh, like absent ones.
    """
    path = Path(path)
    if path.is_dir():
        teis = sorted(p for p in path.glob("*.xml") if p.is_file() and _is_tei(p))
        if not teis:
            raise InputError(str(path), "no TEI file (*.xml with a TEI root) in this directory")
        if len(teis) > 1:
            names = ", ".join(p.name for p in teis)
            raise InputError(str(path), f"more than one TEI file ({names}): give the file to package")
        tei = teis[0]
    elif path.is_file():
        tei = path
    else:
        raise InputError(str(path), "no such file or directory")
    return Inputs(tei, _fresh(tei, ".html"), _fresh(tei, ".pdf"))


def _fresh(tei: Path, suffix: str) -> Path | None:
    made = tei.with_suffix(suffix)
    try:
        if made.is_file() and made.stat().st_mtime_ns >= tei.stat().st_mtime_ns:
            return made
    except OSError:
        pass
    return None


def _is_tei(path: Path) -> bool:
    try:
        root = parse_bytes(read_file(path), str(path)).getroot()
    except InputError:
        return False
    return root.tag == "{http://www.tei-c.org/ns/1.0}TEI"


def _rendering(tei: Path, given: Path | None, fmt: str) -> bytes:
    if given is not None:
        try:
            return Path(given).read_bytes()
        except OSError as exc:
            raise InputError(str(given), f"cannot read file: {exc.strerror}") from None
    from .. import transform
    if fmt not in getattr(transform, "RENDERERS", {}):
        raise PackageError(
            f"{tei}: no {fmt.upper()} beside it and this installation cannot render {fmt.upper()}; "
            f"put {tei.stem}.{fmt} next to the TEI in a build directory and package the directory")
    return transform.render(tei, fmt)


# ----------------------------------------------------------------------------- making

def make_bag(tei_path: str | Path, out_dir: str | Path, *, html_path: str | Path | None = None,
             pdf_path: str | Path | None = None, zip: bool = False,
             bagging_date: str | None = None,
             warnings: list[Problem] | None = None) -> Path:
    """Make a BagIt 1.0 bag of an edition at ``out_dir`` (a ``.zip`` file with ``zip=True``).

    ``tei_path`` is a TEI file or a build directory (see :func:`find_inputs`); ``html_path``
    and ``pdf_path`` override the renderings found, and are rendered when absent.
    ``bagging_date`` is ``YYYY-MM-DD`` or ``"now"``. Warnings (a bag without Bagging-Date)
    are appended to ``warnings`` when it is given. Returns the bag directory or zip file.
    An existing bag at ``out_dir`` is replaced only when teiedition made it and it is unchanged
    (see :mod:`.output`); anything else there is refused and left alone.
    """
    out = _output_path(Path(out_dir), zip)
    inputs = find_inputs(Path(tei_path))
    given = [Path(tei_path), inputs.tei] + [Path(p) for p in (html_path, pdf_path) if p]
    # A bag that a killed run set aside goes back first, so that it is checked like any other.
    output.recover(out)
    output.check_target(out, given, zip)
    tei = inputs.tei
    # Read and parse once: the metadata describe exactly the bytes that go into the bag, even
    # if the file changes meanwhile; unsafe or broken XML is refused before anything is made.
    tei_bytes = read_file(tei)
    tree = parse_bytes(tei_bytes, str(tei))
    html = _rendering(tei, Path(html_path) if html_path else inputs.html, "html")
    pdf = _rendering(tei, Path(pdf_path) if pdf_path else inputs.pdf, "pdf")

    fields = header_fields(tree)
    edition_date = fields.pop("edition-date", None)
    year = fields.pop("year", None)
    date = resolve_bagging_date(bagging_date, edition_date)
    if year is None and date is None:
        # DataCite needs a publication year; with no date anywhere, the bagging date is the
        # only honest candidate, so the user is asked for one rather than the clock used.
        raise UndatedEdition(f"{tei}: the TEI header has no date (no publicationStmt/date/@when "
                           "and no dated source): give --bagging-date YYYY-MM-DD, or add the "
                           "edition date to the header")
    if date is None and warnings is not None:
        warnings.append(Problem(0, "the bag has no Bagging-Date: the TEI has no edition date "
                                "(publicationStmt/date/@when); give --bagging-date YYYY-MM-DD"))
    if warnings is not None and not fields.get("External-Identifier", "").startswith("https://doi.org/"):
        warnings.append(Problem(0, "datacite.xml's identifier is (:tba), to be assigned: the "
                                "TEI has no DOI (publicationStmt/idno[@type='DOI']); the "
                                "repository assigns one at deposit"))
    fallback = date or ""
    stem = payload_stem(tei)
    payload = {
        f"{stem}.xml": tei_bytes,
        f"{stem}.html": html,
        f"{stem}.pdf": pdf,
    }
    for name in METADATA:
        payload[f"metadata/{name}"] = metadata_record(tree, name.removesuffix(".xml"), fallback)

    info = dict(fields)
    info["Bag-Software-Agent"] = SOFTWARE_AGENT
    if date:
        info["Bagging-Date"] = date

    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        work = output.temp_path(out, "new")
        work.mkdir(mode=0o700)
    except OSError as exc:
        raise PackageError(f"{out}: cannot write the bag here: {exc.strerror or exc}") from None
    try:
        bag_dir = work / (out.stem if zip else out.name)
        _write_bag(bag_dir, payload, info)
        if zip:
            output.install_file(_zip_bytes(bag_dir, date), out)
        else:
            output.install_dir(bag_dir, out)
    except OSError as exc:
        raise PackageError(f"{out}: cannot write the bag: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out


def payload_stem(tei: Path) -> str:
    """The name the edition's files get in ``data/``: the TEI file's stem, NFC-normalised,
    with anything but letters, digits, ``.``, ``_`` and ``-`` replaced by ``-``.

    bagit-python does not percent-encode ``%`` in manifests as RFC 8493 requires, and spaces
    and control characters trouble repository ingest tools, so such names never reach a bag.
    """
    stem = re.sub(r"[^\w.-]+", "-", unicodedata.normalize("NFC", tei.stem))
    stem = stem.strip(".-")
    return stem or "edition"


def _write_bag(bag_dir: Path, payload: dict[str, bytes], info: dict[str, str]) -> None:
    bag_dir.mkdir()
    # bagit gives data/ the mode of the bagged directory; the work directory's 0700 would
    # leave the payload unreadable to the repository's other users.
    bag_dir.chmod(0o755)
    for rel, data in sorted(payload.items()):
        target = bag_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        target.chmod(0o644)
    bagit.make_bag(str(bag_dir), dict(info), checksums=list(CHECKSUMS))
    (bag_dir / "bagit.txt").write_bytes(BAGIT_TXT)
    bag = bagit.Bag(str(bag_dir))  # re-read as a 1.0 bag, then rewrite bag-info and tag manifests
    if "Bagging-Date" not in info:
        bag.info.pop("Bagging-Date", None)  # bagit filled in today's date; see the docstring
    bag.save(manifests=False)
    for alg in CHECKSUMS:
        tagmanifest = bag_dir / f"tagmanifest-{alg}.txt"
        lines: list[bytes] = sorted(tagmanifest.read_bytes().splitlines(keepends=True),
                                    key=_manifest_path)
        tagmanifest.write_bytes(b"".join(lines))
    for path in bag_dir.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    problems = inspect(safeio.BagDir(bag_dir)).problems
    if problems:  # a bug here, not a user error: keep the details
        raise TeieditionError(f"the bag made at {bag_dir} does not verify: "
                              f"{'; '.join(map(str, problems))}")


def _manifest_path(line: bytes) -> bytes:
    return line.split(b" ", 1)[1]


def _output_path(out: Path, zip: bool) -> Path:
    """Where the bag goes: ``out``, with ``.zip`` added for a zipped bag when missing."""
    if zip and out.suffix != ".zip":
        return out.with_name(out.name + ".zip")
    return out


def _zip_bytes(bag_dir: Path, date: str | None) -> bytes:
    stamp = (*_dt.date.fromisoformat(date).timetuple()[:3], 0, 0, 0) if date else _ZIP_EPOCH
    stamp = max(stamp, _ZIP_EPOCH)  # zip dates start in 1980
    files = sorted(p for p in bag_dir.rglob("*") if p.is_file())
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for path in files:
            rel = path.relative_to(bag_dir).as_posix()
            info = zipfile.ZipInfo(f"{bag_dir.name}/{rel}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so that the permission bits below are read
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            zf.writestr(info, path.read_bytes(), compresslevel=9)
    return buf.getvalue()
