"""Property tests: any text either converts to TEI that keeps every source word, or is refused
with the documented input error; nothing else ever escapes."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from teiedition.api import convert_text, sample_path
from teiedition.errors import InputError
from teiedition.tei import TEI_NS, serialize

SAMPLE = sample_path().read_text(encoding="utf-8")
SAMPLE_LINES = SAMPLE.splitlines()

# Printable text plus the characters that matter to the readers and to XML.
alphabet = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00") | \
    st.sampled_from(list("0123456789.;:,()[]^&<>\"'\u2013\u2018\u2019\u00a0\n\t "))


def _check(text: str) -> None:
    try:
        tree, chapter = convert_text(text, "generated.txt")
    except InputError as exc:
        assert str(exc).startswith("generated.txt")
        return
    data = serialize(tree)
    root = etree.fromstring(data)
    assert root.tag == f"{{{TEI_NS}}}TEI"
    notes = root.findall(f".//{{{TEI_NS}}}note[@type='endnote']")
    assert [int(n.get("n")) for n in notes] == list(range(1, len(notes) + 1))
    assert len(notes) == len(chapter.notes) > 0


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
