"""Page furniture: text a publisher's page shows around a chapter that is not part of it.

Listed in one place so the reader, the header's editorial declaration and the tests agree
on what is dropped. Everything not listed here must survive into the TEI.
"""
from __future__ import annotations

import re

# Link labels the page prints after each reference or in its margins.
LINK_LABELS: tuple[str, ...] = (
    "Google Scholar",
    "CrossRef",
    "PubMed",
    "MathSciNet",
    "zbMATH",
)

# Whole lines (whitespace-normalised) that are page navigation or placeholders.
LINES: tuple[str, ...] = (
    "Unable to display preview. Download preview PDF.",
    "Personalised recommendations",
    "Copyright information",
    "Authors and Affiliations",
    "There are no affiliations available",
    "Cite this chapter",
    "Buy options",
    "Access this chapter",
    # A publisher's page (Springer Link) around its citation and reference lists: the
    # citation the page gives is read into the source description, the rest is navigation.
    "Download citation",
    "Download references",
    "About this chapter",
    "Author information",
    "Editor information",
    "Rights and permissions",
    "Reprints and permissions",
    "Share this chapter",
    "Publish with us",
    "Policies and ethics",
)

# Lines of a publisher's page between the byline and the abstract that describe the page,
# not the chapter: its kind, its access and citation counts, its online date.
PAGE_LINE_PATTERNS: tuple[str, ...] = (
    r"Chapter",
    r"\d[\d,]*\s+Accesses",
    r"\d[\d,]*\s+Citations?",
    r"\d[\d,]*\s+Altmetric",
    r"First Online:\s*\d{1,2} \w+ \d{4}",
)
_PAGE_LINE = re.compile("^(?:" + "|".join(PAGE_LINE_PATTERNS) + ")$")

# Bullet items of "Download citation": file formats of the page's citation, never authors.
DOWNLOAD_FORMATS: tuple[str, ...] = (".RIS", ".ENW", ".BIB")

# Labels of the page's sections that hold metadata rather than chapter text.
COPYRIGHT_HEAD = "Copyright information"
AUTHORS_HEAD = "Authors and Affiliations"
CITE_HEAD = "Cite this chapter"
ABOUT_HEAD = "About this chapter"

BULLET = "\u2022"


def normalise(line: str) -> str:
    """Collapse all whitespace (the page uses no-break spaces freely) to single spaces."""
    return " ".join(line.split())


def is_furniture_line(line: str) -> bool:
    norm = normalise(line)
    return norm in LINES or bool(_PAGE_LINE.match(norm))


def is_download_bullet(line: str) -> bool:
    """A "Download citation" item ("• .RIS"), with or without its bullet."""
    return normalise(line).lstrip(BULLET).strip() in DOWNLOAD_FORMATS


def strip_link_labels(text: str) -> tuple[str, list[str]]:
    """Remove link labels glued to the end of a line; returns the text and what was removed.

    Only trailing labels are removed: "Google Scholar" inside a sentence is the author's text.
    """
    removed: list[str] = []
    changed = True
    while changed:
        changed = False
        stripped = text.rstrip()
        for label in LINK_LABELS:
            if stripped.endswith(label) and len(stripped) > len(label):
                text = stripped[: -len(label)]
                removed.append(label)
                changed = True
                break
    return text, removed
