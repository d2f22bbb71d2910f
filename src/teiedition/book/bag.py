"""The book's deposit package: one BagIt 1.0 bag (``OUT/book.bag``) holding the book's TEI,
each chapter's TEI (``data/chapters/``), the site, the book PDF, and Dublin Core and DataCite
records of the book, the DataCite record naming each chapter (relationType ``HasPart``,
``xslt/archive/book-datacite.xsl``). Made and written by the chapters' bag code
(:mod:`teiedition.archive`): the same reproducible bag (sorted tag manifests, the book's date
as Bagging-Date), replaced only when teiedition made the one there."""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .. import archive
from ..archive import output
from ..tei import TEI_NS
from ..transform import SaxonDocument, run_xslt

T = f"{{{TEI_NS}}}"


@dataclass
class BagRecords:
    """What the bag says about the book: its metadata records and bag-info fields. Made
    apart from the writing, by the build's Saxon thread while Typst sets the book PDF."""

    metadata: dict[str, bytes]
    info: dict[str, str]


def book_records(book: etree._ElementTree, document: SaxonDocument | etree._ElementTree, chapters: int,
                 bagging_date: str | None) -> BagRecords:
    """``document`` is the book as Saxon holds it (or its tree)."""
    fields = archive.header_fields(document)
    edition_date = fields.pop("edition-date", None)
    fields.pop("year", None)
    date = archive.resolve_bagging_date(bagging_date, edition_date)
    title = book.getroot().findtext(f"{T}teiHeader/{T}fileDesc/{T}titleStmt/{T}title") or "untitled"
    fields["External-Description"] = (f"TEI P5 edition of the book “{title}” and its {chapters} "
                                      "chapters, with its web site, its PDF and Dublin Core and DataCite metadata.")
    fallback = date or ""
    metadata = {
        "metadata/dc.xml": archive.metadata_record(document, "dc", fallback),
        "metadata/datacite.xml": run_xslt("archive/book-datacite.xsl", document,
                                          {"fallback-date": fallback} if fallback else None).encode("utf-8"),
    }
    info = dict(fields)
    info["Bag-Software-Agent"] = archive.SOFTWARE_AGENT
    if date:
        info["Bagging-Date"] = date
    return BagRecords(metadata, info)


def make_book_bag(outdir: Path, records: BagRecords, book_bytes: bytes, site: dict[str, bytes],
                  chapter_tei: dict[str, bytes]) -> Path:
    out = outdir / "book.bag"
    output.recover(out)
    output.check_target(out, [outdir / "book.xml"], False)
    payload = {"book.xml": book_bytes, **site}
    for stem, data in chapter_tei.items():
        payload[f"chapters/{stem}.xml"] = data
    payload.update(records.metadata)
    work = output.temp_path(out, "new")
    work.mkdir(mode=0o700)
    try:
        bag_dir = work / out.name
        archive._write_bag(bag_dir, payload, records.info)  # the chapters' bag writer, shared
        output.install_dir(bag_dir, out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out
