"""Reader for a chapter as plain text: title lines, body paragraphs, then a notes section.

Shape: a title block (optionally a book title above the chapter title, a "Chapter N: Title"
line, the title, a byline); body paragraphs separated by blank lines, with short unpunctuated
one-line paragraphs as section headings; a line ``Notes`` (``Endnotes``, ``Notes and
References``, ``References and notes``) followed by notes numbered ``1.``, ``[1]`` or ``1)``.

Note calls in the body are printed as ``[1]``, ``^1``, superscript digits, or bare digits glued
to a word or to punctuation ("compiled.1 Nevertheless"). Bare digits are ambiguous ("in
1861.", "vol.2", "2.5 million"), so calls are found by their sequence: they are the longest
run of markers numbered 1..N (N notes) that increase through the text, preferring surer forms.
Paragraph text is the source's text with runs of whitespace collapsed; each call is an offset
range in it holding the marker exactly as printed.

What the reader leaves out of the text is listed in ``Chapter.dropped`` (note number labels,
a chapter label line repeating the title, a book title printed above the chapter title);
everything else is a ``SourceBlock`` for the fidelity check.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import InputError
from ..model import Chapter, Dropped, Note, NoteCall, Paragraph, Problem, SourceBlock

FORMAT = "plain-text"

NOTES_HEAD = re.compile(r"^(notes and references|references and notes|endnotes|notes)\s*:?$",
                        re.IGNORECASE)
# The three numbering styles of a notes section; the first note fixes which one is used.
NOTE_STYLES = {
    "dot": re.compile(r"^(\d{1,4})\.(?=\s|$)"),
    "bracket": re.compile(r"^\[(\d{1,4})\]"),
    "paren": re.compile(r"^(\d{1,4})\)"),
}
ABSTRACT_HEAD = re.compile(r"^abstract\s*[:.]?\s*", re.IGNORECASE)
CHAPTER_LABEL = re.compile(
    r"^(?:chapter|ch\.)\s+[\dIVXLCivxlc]+\s*[:.\u2013\u2014-]\s*(?P<title>\S.*)$", re.IGNORECASE)
# A sentence ends in punctuation, possibly inside closing quotes or brackets, possibly
# followed by a glued note call ("… Secretary.2", "… message.”17").
SENTENCE_END = re.compile(r"[.!?:;,…][\"'”’)\]]*(?:\d{1,4}|\[\d{1,4}\]|\^\d{1,4})?$")
NAME_PART = re.compile(r"^(?:[A-ZÀ-ÞŁŚŻ][\w’'\-]*\.?|[A-Z]\.(?:-?[A-Z]\.)*"
                       r"|(?:de|da|di|del|della|der|van|von|du|la|le|bin|ibn|y|st\.?)"
                       r"|Jr\.?|Sr\.?|II|III)$")
AUTHOR_SEPARATOR = re.compile(r",\s+and\s+|\s+and\s+|\s*&\s*|,\s+")
BYLINE_LABEL = re.compile(r"^by\s+", re.IGNORECASE)
# Capitalised words of titles and headings that are never part of a personal name.
NOT_NAMES = frozenset((
    "a", "an", "the", "of", "on", "in", "at", "to", "for", "from", "with", "and", "or", "but",
    "as", "into", "under", "over", "after", "before", "between", "against", "about", "toward",
    "towards", "during", "notes", "chapter", "part", "section", "introduction", "conclusion",
    "abstract", "appendix"))

SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
# Marker forms and how sure each is to be a call: explicit marks beat digits after
# punctuation, which beat digits glued to a letter (a word like "M40" is not rare).
CALL_FORMS = re.compile(
    r"\[(?P<bracket>\d{1,4})\]"
    r"|\^(?P<caret>\d{1,4})"
    r"|(?P<sup>[⁰¹²³⁴⁵⁶⁷⁸⁹]+)"
    r"|(?<=[.,;:!?…\"'”’)\]])(?P<punct>\d{1,4})(?![\w])"
    r"|(?<=[^\W\d_])(?P<glued>\d{1,4})(?![\w])"
)
# Abbreviations after which a glued number is a reference ("vol.2"), not a call.
ABBREVIATION = re.compile(r"\b(?:vols?|nos?|pp?|ch|chap|fig|figs|art|arts|sec|secs|para|paras|n|nn|"
                          r"doc|docs|ser|pt|pts)\.$", re.IGNORECASE)
STRENGTH = {"bracket": 3, "caret": 3, "sup": 3, "punct": 2, "glued": 1}

MAX_HEAD_WORDS = 15
MAX_HEAD_CHARS = 120
# A source line longer than this is not hard-wrapped: each such line is a paragraph.
WRAP_WIDTH = 100


def _norm(text: str) -> str:
    return " ".join(text.split())


@dataclass
class _Block:
    """A paragraph of the source: its normalised text and first line (1-based)."""

    text: str
    line: int


def _notes_heads(lines: list[str]) -> list[tuple[int, str, str, int]]:
    """(index, heading as printed, numbering style, first note number) of every notes heading
    whose next non-blank line is a numbered note: a chapter has one at its end, a book's
    section or a chapter printed with notes after each section has several."""
    found = []
    for i, raw in enumerate(lines):
        head = _norm(raw)
        if not NOTES_HEAD.match(head):
            continue
        j = i + 1
        while j < len(lines) and not lines[j].strip():
            j += 1
        if j < len(lines):
            numbered = _note_style(lines[j].strip())
            if numbered is not None:
                found.append((i, head, numbered[0], numbered[1]))
    return found


def _note_style(line: str) -> tuple[str, int] | None:
    """The numbering style and number of a note line; notes may start at any number (a
    book's section continues the numbering of the section before it)."""
    for style, pattern in NOTE_STYLES.items():
        m = pattern.match(line)
        if m and int(m.group(1)) >= 1:
            return style, int(m.group(1))
    return None


def detect(text: str) -> bool:
    return bool(_notes_heads(text.splitlines()))


def _blocks(lines: list[str], first: int) -> list[_Block]:
    """Blank-line separated paragraphs of ``lines`` (which start at 0-based line ``first``)."""
    blocks: list[_Block] = []
    group: list[tuple[int, str]] = []

    def flush() -> None:
        if not group:
            return
        # Unwrapped text (one long line per paragraph) with no blank lines between paragraphs.
        if any(len(line) > WRAP_WIDTH for _, line in group[:-1]):
            blocks.extend(_Block(_norm(line), n) for n, line in group)
        else:
            blocks.append(_Block(_norm(" ".join(line for _, line in group)), group[0][0]))
        group.clear()

    for i, raw in enumerate(lines):
        if raw.strip():
            group.append((first + i + 1, raw))
        else:
            flush()
    flush()
    return blocks


def _is_heading(text: str) -> bool:
    return (len(text) <= MAX_HEAD_CHARS and len(text.split()) <= MAX_HEAD_WORDS
            and not SENTENCE_END.search(text) and not text[0].islower())


_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|"
          r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?")
# A dateline: a date, perhaps after a place ("Washington, May 3, 1861", "London, 12 March
# 1933", "Paris, 1919").
DATELINE = re.compile(rf"^(?:[A-Z][\w.'’ -]*,\s*)?(?:(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})"
                      rf"|(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}})|(?:{_MONTH},?\s+\d{{4}})"
                      rf"|(?:\d{{4}}))\.?$")
# An epigraph's quotation or its attribution line.
EPIGRAPH = re.compile(r"^[\"“‘«]|^[—–-]\s*\S|\s[—–]\s*[A-Z][\w.’' -]+$")
ATTRIBUTION = re.compile(r"^[—–]\s*\S")
CLOSING = re.compile(r"^(?:I have the honou?r to be|Your obedient servant|(?:Very )?respectfully|"
                     r"Sincerely|Yours\b|Faithfully)", re.IGNORECASE)


def _role(text: str) -> str | None:
    """Short lines that look like headings but are not: a dateline, an epigraph, a signature."""
    if DATELINE.match(text):
        return "dateline"
    if EPIGRAPH.search(text):
        return "epigraph"
    if CLOSING.match(text) or (text.upper() == text and _authors(text.title())):
        return "signature"
    if _authors(text):
        return "signature"
    return None


def _kinds(texts: list[str]) -> list[str]:
    """``head`` or ``p`` for each body paragraph. Of consecutive short unpunctuated lines, one
    is the heading: the first that is not a dateline, an epigraph or a signature (a letter's
    signature before the next heading, a dateline or epigraph after one); the others are
    paragraphs, so that no division holds a heading alone. Lines with no text after them (a
    signature at the end) are paragraphs."""
    cand = [_is_heading(t) for t in texts]
    kinds = ["p"] * len(texts)
    i = 0
    while i < len(texts):
        if not cand[i]:
            i += 1
            continue
        j = i
        while j < len(texts) and cand[j]:
            j += 1
        if j < len(texts):
            if j - i == 1:
                # Alone, a short line is a heading, unless it is an epigraph's attribution
                # ("— Abraham Lincoln" after the quotation, which ends a sentence).
                if not ATTRIBUTION.match(texts[i]):
                    kinds[i] = "head"
            else:
                chosen = next((k for k in range(i, j) if _role(texts[k]) is None), i)
                kinds[chosen] = "head"
        i = j
    return kinds


def _authors(text: str) -> list[str] | None:
    """The names of a byline ("Aaron W. Marrs", "Jane Doe and John Roe"), or None."""
    text = BYLINE_LABEL.sub("", text)
    names = [n for n in AUTHOR_SEPARATOR.split(text) if n]
    if not names or len(names) > 8:
        return None
    for name in names:
        words = name.split()
        if not 2 <= len(words) <= 5 or not all(NAME_PART.match(w) for w in words):
            return None
        if any(w.lower() in NOT_NAMES for w in words):
            return None
        if not words[0][0].isupper() or not words[-1][0].isupper():
            return None
    return names


def _read_front(blocks: list[_Block], name: str, chapter: Chapter) -> list[_Block]:
    """Fill title, authors and abstract; return the blocks left for the body."""
    if not blocks:
        raise InputError(name, "no title or text before the notes heading")
    # The title block: the leading short unpunctuated lines, ended by a byline if there is one.
    lead = 1
    while lead < min(len(blocks), 5) and not SENTENCE_END.search(blocks[lead].text) \
            and len(blocks[lead].text) <= 250:
        lead += 1
    # The last name-like line: a subtitle of capitalised words above it stays as text.
    byline = next((i for i in reversed(range(1, lead)) if _authors(blocks[i].text)), None)
    candidates = blocks[:byline] if byline is not None else blocks[:lead]
    title_at, labelled = 0, None
    for i, block in enumerate(candidates):
        m = CHAPTER_LABEL.match(block.text)
        if m is None:
            continue
        repeat = next((j for j, b in enumerate(candidates)
                       if j != i and b.text == m.group("title")), None)
        if repeat is not None:
            title_at, labelled = repeat, i
            break
    # Without a byline or a "Chapter N: Title" line to go by, only the first line is taken as
    # the title: the next short line may as well be the first section heading.
    if byline is not None:
        consumed = byline + 1
    elif labelled is not None:
        consumed = max(title_at, labelled) + 1
    else:
        consumed = 1
    title = candidates[title_at]
    chapter.title = title.text
    chapter.blocks.append(SourceBlock(title.line, title.text))
    rest: list[_Block] = []
    for i, block in enumerate(candidates[:consumed]):
        if i == title_at:
            continue
        if i == labelled:
            label = CHAPTER_LABEL.match(block.text)
            if label is None:  # ``labelled`` is the index of a line that matched
                raise AssertionError(f"line {block.line}: the chapter label no longer matches")
            chapter.chapter_label = block.text[: label.start("title")].rstrip(": .\u2013\u2014-")
            chapter.blocks.append(SourceBlock(block.line, chapter.chapter_label, region="header"))
            chapter.dropped.append(Dropped(block.line, block.text[label.start("title"):],
                                           "title repeated after the chapter label"))
        elif block.text == title.text:
            chapter.dropped.append(Dropped(block.line, block.text, "duplicated title line"))
        elif i < title_at and chapter.book_title is None:
            # The book or series the chapter belongs to: kept in the header's source description.
            chapter.book_title = block.text
            chapter.blocks.append(SourceBlock(block.line, block.text, region="header"))
        elif i < title_at:
            rest.append(block)
        else:
            rest.append(block)
    if byline is not None:
        _read_byline(blocks[byline], chapter)
    return _read_abstract(rest + blocks[consumed:], chapter)


def _read_byline(block: _Block, chapter: Chapter) -> None:
    label = BYLINE_LABEL.match(block.text)
    if label:
        chapter.dropped.append(Dropped(block.line, label.group(0).strip(), "byline label"))
    chapter.authors = _authors(block.text) or []
    names_text = BYLINE_LABEL.sub("", block.text)
    for sep in AUTHOR_SEPARATOR.findall(names_text):
        if sep.strip():
            chapter.dropped.append(Dropped(block.line, sep.strip(),
                                           "separator between author names"))
    chapter.blocks.extend(SourceBlock(block.line, a) for a in chapter.authors)


def _read_abstract(blocks: list[_Block], chapter: Chapter) -> list[_Block]:
    """An abstract is announced: a line "Abstract", or a paragraph opening "Abstract:"."""
    if not blocks:
        return blocks
    head = blocks[0]
    m = ABSTRACT_HEAD.match(head.text)
    if not m or (m.end() < len(head.text) and not re.search(r"[:.]", m.group(0))):
        return blocks
    # The edition prints its own "Abstract" heading, so the label is not kept as text.
    chapter.dropped.append(Dropped(head.line, m.group(0).strip(), "abstract label"))
    first = [_Block(head.text[m.end():], head.line)] if m.end() < len(head.text) else []
    following = blocks[1:]
    # The abstract runs to the next section heading; with none, it is one paragraph.
    end = next((i for i, b in enumerate(following) if _is_heading(b.text)), None)
    if end is None:
        end = 0 if first else min(1, len(following))
    abstract = first + following[:end]
    chapter.abstract = [Paragraph(b.text, b.line) for b in abstract]
    chapter.blocks.extend(SourceBlock(b.line, b.text) for b in abstract)
    return following[end:]


def _read_notes(lines: list[str], first: int, style: str, start: int, name: str,
                chapter: Chapter) -> list[str]:
    """Read the notes numbered from ``start`` in ``lines`` (0-based index ``first`` in the
    file, up to the next notes section or the end); return the lines after the notes."""
    pattern = NOTE_STYLES[style]
    notes: list[Note] = []
    parts: list[list[str]] = []
    blank_before = False
    end = len(lines)
    where = f"in the notes list starting at {start} (line {first + 1})"
    for i, raw in enumerate(lines):
        lineno = first + i + 1
        line = raw.strip()
        if not line:
            blank_before = True
            continue
        m = pattern.match(line)
        n = int(m.group(1)) if m else None
        expected = start + len(notes)
        if m is not None and n == expected:
            chapter.dropped.append(Dropped(lineno, m.group(0), "note number, kept as note/@n"))
            notes.append(Note(n=expected, text="", line=lineno))
            parts.append([line[m.end():]])
        elif n is not None and notes and (n == expected - 1 or expected < n <= expected + 3):
            # Near the expected number, a numbered line is a misnumbered note, not prose that
            # happens to start with a number (as "1967. The…" inside a note does).
            what = f"note {n} appears twice" if n == expected - 1 else \
                f"note {n} found where note {expected} was expected"
            raise InputError(name, f"{what} {where}; notes must be numbered in order, each "
                             "one more than the note before", lineno)
        elif blank_before and _is_heading(line) and not any(
                _number(later, pattern) == expected for later in lines[i + 1:]):
            # A heading after the last note (a bibliography, a copyright line, the next
            # section of a book) ends the notes; one followed by the next note is a short
            # paragraph of the current note.
            end = i
            break
        else:
            parts[-1].append(line)
        blank_before = False
    for note, text in zip(notes, parts, strict=True):
        note.text = _norm(" ".join(text))
        if not note.text:
            raise InputError(name, f"note {note.n} is empty", note.line)
        chapter.blocks.append(SourceBlock(note.line, note.text))
    chapter.notes.extend(notes)
    return lines[end:]


def _numbered_run(lines: list[str], style: str, start: int) -> int:
    """How many notes numbered start, start + 1, … begin lines of ``lines``."""
    pattern = NOTE_STYLES[style]
    count = 0
    for line in lines:
        if _number(line, pattern) == start + count:
            count += 1
    return count


def _longest_numbered_list(lines: list[str]) -> tuple[int, int, int] | None:
    """(first number, last number, 0-based line) of the longest run of lines numbered N,
    N + 1, … in one style: what a notes list without its heading looks like."""
    best: tuple[int, int, int] | None = None
    for pattern in NOTE_STYLES.values():
        runs: dict[int, tuple[int, int]] = {}  # next expected number -> (first number, line)
        for i, line in enumerate(lines):
            n = _number(line, pattern)
            if n is None:
                continue
            first, at = runs.pop(n, (n, i))
            runs[n + 1] = (first, at)
            if best is None or n - first > best[1] - best[0]:
                best = (first, n, at)
    return best


def _number(line: str, pattern: re.Pattern[str]) -> int | None:
    m = pattern.match(line.strip())
    return int(m.group(1)) if m else None


@dataclass
class _Candidate:
    para: int
    start: int
    end: int
    n: int
    strength: int


def _candidates(paragraphs: list[Paragraph], low: int, count: int) -> list[_Candidate]:
    """Every marker in the text that could be the call of a note low..count, in text order."""
    found: list[_Candidate] = []
    for p, para in enumerate(paragraphs):
        for m in CALL_FORMS.finditer(para.text):
            kind = m.lastgroup or ""
            n = int(m.group(kind).translate(SUPERSCRIPTS))
            if not low <= n <= count:
                continue
            strength = STRENGTH[kind]
            before = para.text[: m.start()]
            if kind == "punct" and ABBREVIATION.search(before):
                # "vol.2", "p.3": a reference written without a space, not a call.
                strength = 0
            elif kind == "punct" and len(before) >= 2 and before[-2].isdigit():
                # "2.5 million", "10:30", "1,000": a number with a decimal point or separator.
                strength = STRENGTH["glued"]
            found.append(_Candidate(p, m.start(), m.end(), n, strength))
    return found


def _link_calls(paragraphs: list[Paragraph], notes: list[Note], chapter: Chapter) -> None:
    """Anchor the calls of the notes (numbered from any first number to the last, ``count``).

    Calls come in the order of their notes, so the calls are the longest run of markers
    whose numbers increase through the text; among runs as long, the one of surer forms
    ("[5]" over "Section.5", a digit after a full stop over a decimal), then the earlier.
    A note whose call is not found is skipped with a warning rather than stopping the rest.
    """
    low, count = notes[0].n, notes[-1].n
    cands = _candidates(paragraphs, low, count)
    # best[i]: the best run ending at candidate i, as (length, strength, -last index).
    best: list[tuple[int, int, int]] = []
    prev: list[int | None] = []
    # A Fenwick tree of prefix maxima over note numbers, holding (run score, candidate index):
    # the best run so far that ends at a number below n is one query.
    tree: list[tuple[tuple[int, int, int], int] | None] = [None] * (count + 1)
    for i, c in enumerate(cands):
        top: tuple[tuple[int, int, int], int] | None = None
        k = c.n - 1
        while k > 0:
            node = tree[k]
            if node is not None and (top is None or node > top):
                top = node
            k -= k & -k
        if top is None:
            best.append((1, c.strength, -i))
            prev.append(None)
        else:
            (length, strength, _), j = top
            best.append((length + 1, strength + c.strength, -i))
            prev.append(j)
        entry = (best[i], i)
        k = c.n
        while k <= count:
            node = tree[k]
            if node is None or entry > node:
                tree[k] = entry
            k += k & -k
    chosen: list[int] = []
    at = max(range(len(cands)), key=lambda i: best[i], default=None)
    while at is not None:
        chosen.append(at)
        at = prev[at]
    for i in reversed(chosen):
        c = cands[i]
        paragraphs[c.para].calls.append(NoteCall(c.start, c.end, c.n))
    linked = {cands[i].n for i in chosen}
    if not linked:
        chapter.warnings.append(Problem(chapter.notes[0].line, "no note calls found in the "
                                        "text; the notes are not linked to the text"))
        return
    for note in chapter.notes:
        if note.n not in linked:
            chapter.warnings.append(Problem(note.line,
                                            f"no call for note {note.n} found in the text"))


def _no_notes(lines: list[str], name: str) -> InputError:
    """The honest error when no notes section is found: what was found instead."""
    heads = [i for i, line in enumerate(lines) if NOTES_HEAD.match(_norm(line))]
    if heads:
        at = heads[-1]
        following = next((_norm(line) for line in lines[at + 1:] if line.strip()), "")
        found = f"'{following[:40]}' follows it" if following else "nothing follows it"
        return InputError(name, f"the notes heading is not followed by notes numbered '1.', '[1]' "
                          f"or '1)' (from any number): {found}", at + 1)
    run = _longest_numbered_list(lines)
    if run is not None and run[1] - run[0] >= 2:
        return InputError(name, f"a list numbered {run[0]}–{run[1]} that looks like notes was found "
                          f"at line {run[2] + 1}, but no 'Notes' heading above it: add a line "
                          "'Notes' (or 'Endnotes') before the notes", run[2] + 1)
    return InputError(name, "no notes found: expected a 'Notes' (or 'Endnotes', 'Notes and "
                      "References', 'References and notes') heading followed by notes numbered "
                      "'1.', '[1]' or '1)'")


def _sections(lines: list[str], heads: list[tuple[int, str, str, int]],
              chapter: Chapter) -> list[tuple[int, str, str, int]]:
    """The notes sections: the last notes heading, and each one before it whose notes the next
    section's numbering continues (a chapter printed with notes after each section). An
    earlier numbered list under a heading "Notes" that the numbering does not continue is
    text of the body; when the numbering starts again, the file holds several chapters."""
    chosen = [heads[-1]]
    for head in reversed(heads[:-1]):
        nxt = chosen[0]
        count = _numbered_run(lines[head[0] + 1:nxt[0]], head[2], head[3])
        if count and head[3] + count == nxt[3] and head[2] == nxt[2]:
            chosen.insert(0, head)
        elif count >= 2 and nxt[3] <= head[3] + count - 1:
            chapter.warnings.append(Problem(head[0] + 1, f"the notes {head[3]}–{head[3] + count - 1} "
                                            f"under this heading are read as text: the notes at "
                                            f"line {nxt[0] + 1} start again at {nxt[3]}; give each "
                                            "chapter its own file"))
        elif count >= 2:
            chapter.warnings.append(Problem(head[0] + 1, f"the notes {head[3]}–{head[3] + count - 1} "
                                            f"under this heading are read as text: the notes at "
                                            f"line {nxt[0] + 1} start at {nxt[3]}, not at "
                                            f"{head[3] + count}"))
    return chosen


def read(text: str, name: str) -> Chapter:
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        raise InputError(name, "the file is empty")
    heads = _notes_heads(lines)
    if not heads:
        raise _no_notes(lines, name)
    chapter = Chapter(
        title="", authors=[], abstract=[], body=[], notes=[], source_name=name,
        source_format=FORMAT,
        notes_head=heads[-1][1],
    )
    sections = _sections(lines, heads, chapter)
    chapter.notes_head = sections[0][1]
    body_blocks = _read_front(_blocks(lines[:sections[0][0]], 0), name, chapter)
    for k, (head_at, head, style, start) in enumerate(sections):
        if k == 0:
            chapter.blocks.append(SourceBlock(head_at + 1, head))
        else:
            # The edition gathers the notes in one list under the first notes heading.
            chapter.dropped.append(Dropped(head_at + 1, head, "notes heading of a section; its "
                                           "notes join the chapter's one list of notes"))
        if chapter.notes and start != chapter.notes[-1].n + 1:
            raise InputError(name, f"the notes at line {head_at + 1} start at {start}, but the "
                             f"notes before end at {chapter.notes[-1].n}", head_at + 1)
        end = sections[k + 1][0] if k + 1 < len(sections) else len(lines)
        after = _read_notes(lines[head_at + 1:end], head_at + 1, style, start, name, chapter)
        first_after = end - len(after)
        if k + 1 < len(sections):
            # Between two notes sections: the next section of the chapter's text.
            body_blocks.extend(_blocks(after, first_after))
        elif after:
            chapter.trailer = [Paragraph(b.text, b.line) for b in _blocks(after, first_after)]
            chapter.blocks.extend(SourceBlock(p.line, p.text) for p in chapter.trailer)
    kinds = _kinds([b.text for b in body_blocks])
    chapter.body = [Paragraph(b.text, b.line, kind) for b, kind in zip(body_blocks, kinds, strict=True)]
    chapter.blocks.extend(SourceBlock(b.line, b.text) for b in body_blocks)
    _link_calls(chapter.abstract + chapter.body, chapter.notes, chapter)
    chapter.blocks.sort(key=lambda b: b.line)
    return chapter
