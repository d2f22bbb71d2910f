"""Property tests: any text either converts to TEI that is valid (project schema and Schematron
rules, which imply tei_all) and keeps every source word (the fidelity check inside
convert_text), or is refused with the documented input error; nothing else ever escapes."""
from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from teiedition.api import convert_text, sample_path
from teiedition.errors import InputError
from teiedition.tei import TEI_NS, serialize
from teiedition.validation import validate

SAMPLE = sample_path().read_text(encoding="utf-8")
_TMP = Path(tempfile.mkdtemp(prefix="teiedition-properties-"))
SAMPLE_LINES = SAMPLE.splitlines()

# Printable text plus the characters that matter to the readers and to XML.
alphabet = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00") | \
    st.sampled_from(list("0123456789.;:,()[]^&<>\"'\u2013\u2018\u2019\u00a0\n\t "))


def _check(text: str) -> bool:
    """True when the text converted (and its TEI passed), False when it was refused."""
    try:
        tree, chapter = convert_text(text, "generated.txt")
    except InputError as exc:
        assert str(exc).startswith("generated.txt")
        return False
    data = serialize(tree)
    path = _TMP / "generated.xml"
    path.write_bytes(data)
    report = validate(path, schema="project")
    assert report.ok, report.to_text()
    root = etree.fromstring(data)
    assert root.tag == f"{{{TEI_NS}}}TEI"
    notes = root.findall(f".//{{{TEI_NS}}}note[@type='endnote']")
    # Contiguous from the first note, which may be any N >= 1 (a chapter continuing the
    # numbering of the one before, or a sample whose first note was cut away).
    numbers = [int(n.get("n")) for n in notes]
    assert numbers and numbers[0] >= 1 and numbers == list(range(numbers[0], numbers[0] + len(notes)))
    assert len(notes) == len(chapter.notes) > 0
    return True


def test_the_checks_pass_on_real_chapters_and_refuse_prose():
    assert _check(SAMPLE)
    assert _check("A Title\n\nBody with a call.1 More.\n\nNotes\n\n1. See J. Smith, A Book (London, 1990), p. 3.\n")
    assert not _check("Only prose, no notes.")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet, max_size=400))
def test_random_text(text):
    _check(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(SAMPLE_LINES) - 1),
                          st.sampled_from(["delete", "duplicate", "insert", "truncate"]),
                          st.text(alphabet, max_size=30)), max_size=6))
def test_mutated_sample(mutations):
    lines = list(SAMPLE_LINES)
    for index, action, text in mutations:
        index %= max(1, len(lines))
        if not lines:
            break
        if action == "delete":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "insert":
            lines.insert(index, text)
        else:
            lines[index] = lines[index][: len(text)]
    _check("\n".join(lines))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(alphabet, min_size=1, max_size=120), min_size=1, max_size=8),
       st.sampled_from(["{n}. ", "[{n}] ", "{n}) "]))
def test_plain_text_with_notes(notes, style):
    body = "A Title\n\nSome body text with a call.1 And more.\n\nNotes\n\n"
    text = body + "\n".join(style.format(n=i) + note.replace("\n", " ")
                            for i, note in enumerate(notes, start=1))
    _check(text)
