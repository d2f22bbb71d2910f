"""Dataclasses that travel from a reader through the citation parser to the TEI writer.

Offsets are character offsets into the string they belong to (a note's ``text`` or a
citation's ``text``), so every marked-up part can be traced back to the printed source.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Span:
    """A marked-up part of a citation: ``text[start:end]`` becomes ``<tag attrs>``."""

    start: int
    end: int
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)


@dataclass
class Repair:
    """Text the source lost (a space next to a stripped italic title), inserted at ``offset``."""

    offset: int
    inserted: str


@dataclass
class Link:
    """What an abbreviated citation stands for: ``via`` is ``ibid``, ``short`` or ``abbr``."""

    via: str
    target: str | None  # xml:id of the earlier citation; None when nothing matches


@dataclass
class Citation:
    """One cited work inside a note; ``start``/``end`` and every span's offsets are
    offsets in the note's text, so prose, citations and parts share one coordinate system."""

    start: int
    end: int
    kind: str  # book, article, chapter, document_collection, archive, journal_issue, reference
    spans: list[Span] = field(default_factory=list)
    xml_id: str = ""
    link: Link | None = None
    corresp: str | None = None  # xml:id of the bibliography entry
    defines_abbr: str | None = None
    cert: str | None = None  # high, medium or low: the models' confidence in span and parts
    genre: str | None = None  # a letter's kind (letter, memorandum, telegram, despatch, ...)


@dataclass
class Style:
    """Typography that carries meaning, over ``text[start:end]`` of a paragraph or a note.

    ``kind`` is one of ``STYLE_KINDS``. Italics are evidence of a book or journal title and
    quotation marks of an article's title, so the citation step reads them; ``link`` has the
    link's ``target``. Readers of formats that print no typography (plain text) still give
    ``quoted`` spans, since quotation marks survive any export.
    """

    start: int
    end: int
    kind: str
    target: str | None = None


# The kinds of Style, with the TEI rendition each is written as (hi/@rend); ``link`` is a
# ref/@target and ``quoted`` stays as the printed quotation marks.
STYLE_KINDS: dict[str, str | None] = {
    "italic": "italic",
    "bold": "bold",
    "smallcaps": "smallcaps",
    "superscript": "superscript",
    "subscript": "subscript",
    "underline": "underline",
    "strikethrough": "strikethrough",
    "code": "code",
    "link": None,
    "quoted": None,
}


@dataclass
class Note:
    n: int
    text: str
    line: int  # 1-based line of the source where the note starts
    citations: list[Citation] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)  # offsets in ``text``
    styles: list[Style] = field(default_factory=list)  # offsets in ``text``
    # Works the note's prose names outside its citations (``title`` spans, offsets in ``text``).
    mentions: list[Span] = field(default_factory=list)
    # Offsets in ``text`` where a paragraph of a multi-paragraph note starts (its first
    # paragraph, at 0, is not listed): the note's text joins its paragraphs with one space.
    breaks: list[int] = field(default_factory=list)

    @property
    def xml_id(self) -> str:
        return f"n{self.n}"


@dataclass
class NoteCall:
    """A note call in the body: ``paragraph.text[start:end]`` is the marker as printed."""

    start: int
    end: int
    n: int


@dataclass
class Paragraph:
    """A block of the text. ``kind``: ``p``, ``head`` (a heading of depth ``level``),
    ``quote`` (a paragraph of a block quotation: consecutive ones with the same ``group``
    are one quotation), ``item`` (a list item at nesting depth ``level``; consecutive items
    with the same ``group`` are one list, ``ordered`` or not) or ``table`` (``rows`` of cells,
    the first ``head_rows`` of them column headings; its ``text`` is empty)."""

    text: str
    line: int
    kind: str = "p"
    calls: list[NoteCall] = field(default_factory=list)
    styles: list[Style] = field(default_factory=list)
    level: int = 1
    group: int = 0
    ordered: bool = False
    rows: list[list[Paragraph]] = field(default_factory=list)
    head_rows: int = 0


@dataclass
class Dropped:
    """Source text left out of the edition's text, and why."""

    line: int
    text: str
    reason: str


@dataclass
class SourceBlock:
    """A piece of the source that must survive in the TEI, for the fidelity check.

    ``region`` says where: ``text`` (the edition's text) or ``header`` (metadata such as
    the copyright statement, which the page shows but which is not part of the chapter).
    """

    line: int
    text: str
    region: str = "text"


@dataclass
class BiblEntry:
    """One distinct work in the consolidated bibliography."""

    xml_id: str
    sort_key: str
    # The normalised entry as a sequence of (tag, attrs, text): tag None is plain text
    # (punctuation between parts); other tags are TEI elements inside the entry's <bibl>.
    parts: list[tuple[str | None, dict[str, str], str]]
    kind: str = "book"
    cited_in: list[str] = field(default_factory=list)  # xml:ids of the citing <bibl>s


@dataclass
class Abbreviation:
    abbr: str
    expansion: str
    target: str  # xml:id of the defining citation
    entry: str | None = None  # xml:id of its bibliography entry


@dataclass
class Problem:
    """A warning about the source, with where it is."""

    line: int
    message: str


@dataclass
class Chapter:
    title: str
    authors: list[str]
    abstract: list[Paragraph]
    body: list[Paragraph]
    notes: list[Note]
    source_name: str
    source_format: str
    source_sha256: str = ""  # of the text as read, set by readers.read for every format
    notes_head: str = "Notes"
    source_encoding: str = "utf-8"
    copyright_statement: str | None = None
    copyright_holder: str | None = None
    year: str | None = None
    affiliations: list[str] = field(default_factory=list)
    publisher: str | None = None
    book_title: str | None = None  # the book or series the chapter belongs to, as printed
    # From a chapter page's "Cite this chapter" block: the book's editors, its place of
    # publication, the chapter's pages and DOI, each as printed.
    editors: list[str] = field(default_factory=list)
    series: str | None = None  # the book's series, as printed
    pub_place: str | None = None
    pages: str | None = None
    doi: str | None = None
    chapter_label: str | None = None  # "Chapter 2", as printed
    lang: str = "en"
    trailer: list[Paragraph] = field(default_factory=list)  # unrecognised text after the notes
    dropped: list[Dropped] = field(default_factory=list)
    blocks: list[SourceBlock] = field(default_factory=list)
    bibliography: list[BiblEntry] = field(default_factory=list)
    abbreviations: list[Abbreviation] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
