"""The training command end to end on a tiny invented corpus: data in, models and card out."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from teiedition.citations import crf, train

SURNAMES = ["Hale", "Moretti", "Brandt", "Okafor", "Lindqvist", "Duarte", "Keller", "Novak"]
WORDS = ["Empire", "Trade", "Memory", "Frontier", "Republic", "Harbour", "Treaty", "Council"]
PLACES = ["London", "Oxford", "Chicago", "Boston"]


def _ref(k: int) -> list[list[str]]:
    """An invented humanities reference as AnyStyle labels it: (label, value as printed)."""
    a, b = SURNAMES[k % 8], WORDS[k % 8]
    return [["author", f"{'ABCDEFG'[k % 7]}. {a},"], ["title", f"The {b} and the {WORDS[(k + 3) % 8]}"],
            ["location", f"({PLACES[k % 4]}:"], ["publisher", f"{a} Press,"],
            ["date", f"{1950 + k})."]]


def _shared(tmp: Path) -> Path:
    """A shared/ folder in the corpus formats, a few dozen sequences in all."""
    (tmp / "corpus" / "linkedbooks").mkdir(parents=True)
    (tmp / "gold").mkdir()
    with (tmp / "corpus" / "anystyle-dev.jsonl").open("w", encoding="utf-8") as f:
        for k in range(30):
            seq = _ref(k)
            f.write(json.dumps({"id": f"tiny:{k}", "text": " ".join(v for _, v in seq),
                                "sequence": seq, "style_guess": "humanities-note"}) + "\n")
    with gzip.open(tmp / "corpus" / "linkedbooks" / "linkedbooks-references.jsonl.gz", "wt",
                   encoding="utf-8") as f:
        for k in range(24):
            tokens = ["Vedi", SURNAMES[k % 8], ",", WORDS[k % 8], ",", PLACES[k % 4], str(1900 + k),
                      ",", "p", ".", str(k + 3), "."]
            fields = ["ref", "author", "author", "title", "title", "publicationplace", "year",
                      "pagination", "pagination", "pagination", "pagination", "pagination"]
            span = ["b-r"] + ["i-r"] * 10 + ["e-r"]
            f.write(json.dumps({"split": "test" if k >= 20 else "train", "tokens": tokens,
                                "fields": fields, "kind": ["o"] * 12, "span": span}) + "\n")
    notes = []
    for k in range(12):
        a = SURNAMES[k % 8]
        surface = f"{a} to {SURNAMES[(k + 1) % 8]}, March {k + 1}, 1871, NARA, RG 59, Box {k + 2}"
        notes.append({"n": k + 1, "text": f"See {surface}. This is discussed at length.",
                      "citations": [{"surface": surface, "kind": "letter", "authors": [a],
                                     "recipients": [SURNAMES[(k + 1) % 8]],
                                     "date": f"March {k + 1}, 1871", "repository": "NARA",
                                     "collection": "RG 59", "box": str(k + 2)}]})
    (tmp / "gold" / "seed_gold.json").write_text(json.dumps({"notes": notes}), encoding="utf-8")
    return tmp


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("tiny")
    shared = _shared(tmp / "shared")
    out = tmp / "models"
    # A user's own notes, one gold-shaped note a line (docs/citations-models.md).
    extra = tmp / "my-notes.jsonl"
    extra.write_text(json.dumps({"n": 1, "text": "Cf. Keller, Harbour Memory, p. 9. Not a citation.",
                                 "citations": [{"surface": "Keller, Harbour Memory, p. 9",
                                                "kind": "book", "authors": ["Keller"],
                                                "title": "Harbour Memory", "pages": "9"}]}) + "\n",
                     encoding="utf-8")
    assert train.main(["--shared", str(shared), "--out", str(out), "--quick", "--extra", str(extra),
                       "--annotations", str(tmp / "no-annotations")]) == 0
    return shared, out


def test_train_writes_both_models_and_a_card(trained: tuple[Path, Path]) -> None:
    _shared_dir, out = trained
    card = json.loads((out / "card.json").read_text(encoding="utf-8"))
    assert (out / crf.SEGMENTER).stat().st_size > 0 and (out / crf.LABELLER).stat().st_size > 0
    assert {f["rows"] for f in card["data"]} >= {30, 20, 12}
    assert all(len(f["sha256"]) == 64 for f in card["data"])
    assert card["gold_alignment"]["aligned"] == card["gold_alignment"]["values"]
    assert "anystyle_heldout" in card["heldout_scores"]
    assert card["counts"]["extra_my-notes.jsonl"] == 1
    assert any(f["path"].endswith("my-notes.jsonl") for f in card["data"])


def test_tiny_model_labels_a_training_reference(trained: tuple[Path, Path]) -> None:
    _shared_dir, out = trained
    models = crf.Models(out)
    text = " ".join(v for _, v in _ref(1))  # the second training reference, as trained on
    got = {(text[f.start:f.end], f.label) for f in models.label(text, 0, len(text))}
    assert got == {("B. Moretti", "author"), ("The Trade and the Republic", "title"),
                   ("Oxford", "pubPlace"), ("Moretti Press", "publisher"), ("1951", "date")}


def test_tiny_model_finds_a_training_letter(trained: tuple[Path, Path]) -> None:
    _shared_dir, out = trained
    models = crf.Models(out)
    text = "See Brandt to Okafor, March 3, 1871, NARA, RG 59, Box 4. This is discussed at length."
    segs = models.segment(text)
    assert [text[s.start:s.end] for s in segs] == ["Brandt to Okafor, March 3, 1871, NARA, RG 59, Box 4"]
    assert 0.0 < segs[0].prob <= 1.0
    labels = {text[f.start:f.end]: f.label for f in models.label(text, segs[0].start, segs[0].end)}
    assert labels["Okafor"] == "recipient" and labels["RG 59"] == "collection"


def test_training_is_deterministic(trained: tuple[Path, Path], tmp_path: Path) -> None:
    shared, out = trained
    again = tmp_path / "again"
    train.main(["--shared", str(shared), "--out", str(again), "--quick", "--no-eval",
                "--extra", str(shared.parent / "my-notes.jsonl"),
                "--annotations", str(tmp_path / "none")])
    for name in (crf.SEGMENTER, crf.LABELLER):
        assert (again / name).read_bytes() == (out / name).read_bytes()
