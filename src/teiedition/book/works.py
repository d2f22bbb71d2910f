"""One bibliography and one person index for a book, from its chapters' TEI.

A chapter's converter already made one bibliography entry per work the chapter cites
(``citations/resolve.py``). Across chapters the same work is matched by the same keys
resolve.py uses within a chapter: the surnames of the work's first full citation (authors,
else editors without a role), folded, and the significant words of its main title (an
article's title, else the book's, else the journal's), ``normalise.title_key``. A work with
no title words is never merged. A short title that its own chapter could not resolve ("Boyd
and Rips, United States Government Publications" in a chapter that never cites the book in
full) is matched like resolve.py's short titles: its first title word in the work's title,
its surnames among the work's names, every year it names named by the work, and at least
three quarters of its title words in the work's title (all of them without a surname).

Everything is read from the TEI (the pivot): this works on hand-corrected chapters too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from ..citations import normalise as nz
from ..citations.resolve import need, short_title_score
from ..tei import TEI_NS, XML_ID

T = f"{{{TEI_NS}}}"
NS = {"t": TEI_NS}


def plain(el: etree._Element) -> str:
    """An element's text as the reader sees it: a repair's ``corr``, never its ``sic``."""
    return " ".join("".join(el.xpath(".//text()[not(ancestor::t:sic)]", namespaces=NS)).split())


@dataclass
class Cited:
    """A citation in a chapter's note: the citing ``bibl`` and where it is."""
    chapter: int  # 1-based position in the book
    note: str  # the note's number as printed (@n)
    bibl_id: str  # the citing bibl's xml:id in the book
    bibl: etree._Element


@dataclass
class Record:
    """What resolve.py compares, read back from a citing ``bibl``."""
    surnames: list[str]
    title_key: list[str]
    years: frozenset[str]

    @property
    def key(self) -> tuple:
        return (tuple(self.surnames), tuple(self.title_key))

    @property
    def title_words(self) -> frozenset[str]:
        return frozenset(self.title_key)


def record(bibl: etree._Element) -> Record:
    authors = bibl.findall(f"{T}author")
    names = authors or [e for e in bibl.findall(f"{T}editor") if not e.get("role")]
    surnames = [nz.fold(nz.surname(plain(n))) for n in names]
    title = None
    for level in ("a", "m", "j"):
        found = bibl.xpath("(.//t:title[@level=$l])[1]", namespaces=NS, l=level)
        if found:
            title = plain(found[0])
            break
    key = nz.title_key(title or "")
    whens = (d.get("when") or "" for d in bibl.iter(f"{T}date"))
    dated = {w for w in whens if len(w) == 4}
    return Record(surnames, key, frozenset(dated | {w for w in key if re.fullmatch(r"\d{4}", w)}))


@dataclass
class BookWork:
    entry: etree._Element  # the first chapter's bibliography entry (copied into the book's)
    first: Record
    cited: list[Cited] = field(default_factory=list)
    xml_id: str = ""


def _citing(tei: etree._Element, by_id: dict[str, etree._Element], entry: etree._Element) -> list[etree._Element]:
    """The note citations an entry lists in its citedBy note, in order."""
    out = []
    for ref in entry.xpath("t:note[@type='citedBy']//t:ref[@target]", namespaces=NS):
        target = by_id.get(ref.get("target").lstrip("#"))
        if target is not None:
            out.append(target)
    return out


def _where(bibl: etree._Element, chapter: int) -> Cited:
    note = bibl.xpath("ancestor::t:note[1]", namespaces=NS)
    return Cited(chapter, note[0].get("n", "") if note else "", bibl.get(XML_ID, ""), bibl)


def consolidate(chapters: list[etree._Element]) -> list[BookWork]:
    """The book's works, each once, with every citing note of every chapter; ``chapters`` are
    the chapters' ``TEI`` elements as they stand in the book (ids already prefixed)."""
    works: list[BookWork] = []
    by_key: dict[tuple, BookWork] = {}
    shorts: list[tuple[Record, Cited]] = []
    for number, tei in enumerate(chapters, 1):
        by_id = {i: e for e in tei.iter(f"{T}bibl") if (i := e.get(XML_ID))}
        for entry in tei.xpath("t:text/t:back/t:div[@type='bibliography']/t:listBibl/t:bibl",
                               namespaces=NS):
            citing = _citing(tei, by_id, entry)
            rec = record(citing[0] if citing else entry)
            cited = [_where(b, number) for b in citing]
            work = by_key.get(rec.key) if rec.title_key and entry.get("type") not in ("letter", "archive") else None
            if work is None:
                work = BookWork(entry, rec)
                works.append(work)
                if rec.title_key and entry.get("type") not in ("letter", "archive"):
                    by_key[rec.key] = work
            work.cited.extend(cited)
        # Short titles the chapter could not resolve: a short-typed title, no bibliography entry.
        for bibl in tei.xpath("t:text/t:back/t:div[@type='notes']/t:note/t:bibl[not(@corresp)]"
                              "[.//t:title[@type='short']][not(.//t:ref[@target][not(@type='url')])]",
                              namespaces=NS):
            shorts.append((record(bibl), _where(bibl, number)))
    for rec, where in shorts:
        work = _find_work(rec, works)
        if work is not None:
            work.cited.append(where)
    for work in works:
        work.cited.sort(key=lambda c: (c.chapter, _note_order(c.note), c.bibl_id))
    return works


def _note_order(n: str) -> tuple[int, str]:
    return (int(n), n) if n.isdigit() else (1 << 30, n)


def _find_work(rec: Record, works: list[BookWork]) -> BookWork | None:
    """resolve.py's rule for a short title, over the book's works: the best match, the first
    of equals."""
    least = need(rec)
    best, best_score = None, 0.0
    for work in works:
        score = short_title_score(rec, work.first)
        if score >= least and score > best_score:
            best, best_score = work, score
    return best


@dataclass
class Person:
    surname: str
    forenames: str
    cited: list[Cited] = field(default_factory=list)
    xml_id: str = ""

    @property
    def display(self) -> str:
        return f"{self.surname}, {self.forenames}" if self.forenames else self.surname


def persons(chapters: list[etree._Element], works: list[BookWork] | None = None) -> list[Person]:
    """The persons the notes cite (authors, and editors of any role), each once: a name with
    forenames is one person per surname and first initial. A surname alone ("Boyd and Rips,
    United States Government Publications") is the person its work's citations name with
    forenames under that surname (Anne Morris Boyd); without one it is an entry of its own,
    never guessed from the surname alone (a bare "Seward" may be any Seward)."""
    full: dict[tuple[str, str], Person] = {}
    bare: list[tuple[str, Cited]] = []
    for number, tei in enumerate(chapters, 1):
        for bibl in tei.xpath("t:text/t:back/t:div[@type='notes']/t:note/t:bibl", namespaces=NS):
            cited = _where(bibl, number)
            seen: set[int] = set()
            for surname, forenames in _names(bibl):
                if not forenames:
                    bare.append((surname, cited))
                    continue
                key = (nz.fold(surname), nz.fold(forenames)[:1])
                person = full.get(key)
                if person is None:
                    person = full[key] = Person(surname, forenames)
                elif len(forenames) > len(person.forenames):
                    person.forenames = forenames  # the fullest form names the entry
                if id(person) not in seen:
                    person.cited.append(cited)
                    seen.add(id(person))
    # Per citing bibl, the forenamed persons its work's citations name, by folded surname.
    named_by_work: dict[str, dict[str, Person]] = {}
    for work in works or []:
        names: dict[str, Person] = {}
        for c in work.cited:
            for surname, forenames in _names(c.bibl):
                person = full.get((nz.fold(surname), nz.fold(forenames)[:1])) if forenames else None
                if person is not None:
                    names.setdefault(nz.fold(surname), person)
        for c in work.cited:
            named_by_work[c.bibl_id] = names
    alone: dict[str, Person] = {}
    for surname, cited in bare:
        person = named_by_work.get(cited.bibl_id, {}).get(nz.fold(surname))
        if person is None:
            person = alone.get(nz.fold(surname))
            if person is None:
                person = alone[nz.fold(surname)] = Person(surname, "")
        if not person.cited or person.cited[-1].bibl_id != cited.bibl_id:
            person.cited.append(cited)
    people = list(full.values()) + list(alone.values())
    for person in people:
        person.cited.sort(key=lambda c: (c.chapter, _note_order(c.note), c.bibl_id))
    people.sort(key=lambda p: (nz.fold(p.surname), nz.fold(p.forenames)))
    used: set[str] = set()
    for person in people:
        person.xml_id = unique_id("p-" + nz.slug(f"{person.surname} {person.forenames}", 4), used)
    return people


def _names(bibl: etree._Element) -> list[tuple[str, str]]:
    """(surname, forenames) of a citation's authors and editors; names without a letter
    (a parsing slip) are not persons."""
    out = []
    for el in bibl.xpath("t:author | t:editor", namespaces=NS):
        name = plain(el)
        if re.search(r"[^\W\d_]", name):
            out.append(nz.split_name(name))
    return out


def unique_id(base: str, used: set[str]) -> str:
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}-{n}", n + 1
    used.add(candidate)
    return candidate
