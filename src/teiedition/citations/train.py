"""Rebuild the shipped citation models: ``python -m teiedition.citations.train``.

    python -m teiedition.citations.train [--shared PATH] [--extra NOTES.jsonl ...] [--out DIR]
                                         [--quick] [--exclude-gold ch01 ...] [--no-eval]

Reads the training data (``../shared`` by default, see ``docs/citations-models.md``), trains
the segmenter and the mentions model (python-crfsuite, L-BFGS) and the labeller (a BiLSTM-CRF
network, ``neural_train``: PyTorch needed), writes them to ``--out`` (the package's
``models/`` by default) with ``card.json``: the data used (files, sha256, row counts,
splits), the features, the parameters and the scores on held-out data.

Deterministic: every sample is chosen by a sha256 of the record's id, never by ``random``,
sequences are appended in a fixed order, crfsuite's L-BFGS has no randomness and the network
trains on one thread from a fixed seed, so the same data gives byte-identical model files.

Held out, never trained on: AnyStyle fold 0 (20% of ``anystyle-dev.jsonl`` by sha256 of
``id``), LinkedBooks ``test`` and ``valid``, and any gold chapter named by ``--exclude-gold``
(the bench trains one model per FRUS chapter that way, to measure each chapter blind; the
chapter's italic runs then stay out of the mentions model too). The card's mentions scores
are leave-one-chapter-out: each chapter measured by a mentions model trained without it.
"""
from __future__ import annotations

import argparse
import json
import lzma
import os
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pycrfsuite  # type: ignore[import-untyped]

from . import corpora, evaluate, mentions
from .corpora import Doc
from .crf import LABELLER, MENTIONS, MODELS, SEGMENTER, Models
from .features import features
from .neural import save as save_network
from .neural_train import NetParams

PACKAGE = Path(__file__).resolve().parent
ANNOTATIONS = PACKAGE / "annotations"
DEFAULT_SHARED = Path(os.environ.get("TEIEDITION_TEST_SHARED", "")) if os.environ.get(
    "TEIEDITION_TEST_SHARED") else PACKAGE.parents[2].parent / "shared"

# Held-out AnyStyle fold: fold(id) == HELD_OUT of 5, never used to train the shipped models.
HELD_OUT = 0


@dataclass
class Plan:
    """How much of each corpus, and the learner's parameters (``--quick`` shrinks everything)."""

    lb_label: int = 10000  # LinkedBooks train sequences for the labeller (of 49,614)
    # Segmenter: fewer LinkedBooks sequences (Italian, cut into lines) and more composed
    # English notes measured better on FRUS chapters held out (exact boundaries 0.87/0.92
    # for ch01/ch03 against 0.85/0.88 with 9,000 + 4,000 and 2,000 composed notes). Lines
    # of reference lists: 6,000 rather than 2,000 found LinkedBooks `valid` citations with
    # exact boundaries at 0.862 against 0.799 and FRUS ch03 held out at 0.892 against
    # 0.853, ch01 0.894 against 0.905 (segmenter alone); 9,000 and 12,000 cost ch01 more
    # (0.872, 0.851), as did counting the gold notes 8 times instead of 4.
    lb_seg: int = 5000  # LinkedBooks train footnote sequences (with prose)
    lb_seg_lists: int = 6000  # LinkedBooks train sequences with no prose (reference lists)
    anystyle: int = 100000  # AnyStyle references of the training folds (all of them)
    composites: int = 4000  # notes composed of training citations, connectives and prose
    gold_repeat: int = 4  # gold notes count this many times: few, English, and the target
    seg_params: dict = field(default_factory=lambda: {
        "c1": 0.3, "c2": 0.01, "max_iterations": 150, "feature.possible_transitions": True})
    lab_params: NetParams = field(default_factory=NetParams)
    men_params: dict = field(default_factory=lambda: {
        "c1": 0.1, "c2": 0.01, "max_iterations": 100, "feature.possible_transitions": True})


QUICK = Plan(lb_label=1500, lb_seg=1200, lb_seg_lists=200, anystyle=1200, composites=300,
             gold_repeat=3,
             seg_params={"c1": 0.05, "c2": 0.01, "max_iterations": 60,
                         "feature.possible_transitions": True},
             lab_params=NetParams(word_dim=16, feature_dim=16, char_dim=8, char_filters=16,
                                  hidden=32, epochs=10, batch=8, lr=1e-2),
             men_params={"c1": 0.1, "c2": 0.01, "max_iterations": 40,
                         "feature.possible_transitions": True})


@dataclass
class Data:
    seg: list[Doc] = field(default_factory=list)
    lab: list[Doc] = field(default_factory=list)
    # Italic-run notes (``.notes.json``) by chapter, for the mentions model.
    italics: dict[str, list[tuple[list[str], list[str]]]] = field(default_factory=dict)
    anystyle_heldout: list[Doc] = field(default_factory=list)
    gold_by_chapter: dict[str, list[Doc]] = field(default_factory=dict)
    files: list[dict] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    align: corpora.AlignStats = field(default_factory=corpora.AlignStats)


def _file_record(path: Path, role: str, rows: int, **extra: object) -> dict:
    return {"path": _display(path), "sha256": corpora.sha256_file(path), "rows": rows, "role": role, **extra}


def _display(path: Path) -> str:
    """A path without the machine's prefix: repository-relative, or from the shared folder."""
    path = path.resolve()
    repo = PACKAGE.parents[2]
    if path.is_relative_to(repo):
        return str(path.relative_to(repo))
    # shared/corpus/x, shared/gold/x: the folder and the file, as the READMEs name them.
    return str(Path(*path.parts[-3:])) if path.parent.parent.name == "corpus" else \
        str(Path(*path.parts[-2:]))


def _take(docs: Iterable[Doc], n: int, salt: str) -> list[Doc]:
    """A deterministic sample of ``n`` docs: the smallest sha256 keys, kept in corpus order."""
    docs = list(docs)
    if len(docs) <= n:
        return docs
    keyed = sorted(range(len(docs)), key=lambda i: corpora.fold(f"{salt}:{docs[i].id}", 1 << 30))
    keep = set(keyed[:n])
    return [d for i, d in enumerate(docs) if i in keep]


def load(shared: Path, plan: Plan, extra: list[Path], exclude_gold: set[str],
         annotations: Path = ANNOTATIONS) -> Data:
    data = Data()
    # AnyStyle: labeller data (folds 1-4) and the composed notes of the segmenter.
    path = shared / "corpus" / "anystyle-dev.jsonl"
    refs = list(corpora.read_anystyle(path))
    train = [d for d in refs if corpora.fold(d.id) != HELD_OUT]
    data.anystyle_heldout = [d for d in refs if corpora.fold(d.id) == HELD_OUT]
    train = _take(train, plan.anystyle, "anystyle")
    data.lab += train
    data.files.append(_file_record(path, "labeller; composed notes for the segmenter", len(refs),
                                   split=f"sha256(id) % 5 == {HELD_OUT} held out "
                                   f"({len(data.anystyle_heldout)}), trained on {len(train)}"))
    data.counts["anystyle_train"] = len(train)
    data.counts["composites"] = plan.composites

    # LinkedBooks train only: spans for the segmenter, fields for the labeller.
    path = shared / "corpus" / "linkedbooks" / "linkedbooks-references.jsonl.gz"
    lb = list(corpora.read_linkedbooks(path, ["train"]))
    prose = [d for d in lb if _has_prose(d)]
    lists = [d for d in lb if not _has_prose(d)]
    seg_lb = _take(prose, plan.lb_seg, "lbseg") + _take(lists, plan.lb_seg_lists, "lblist")
    lab_lb = _take(lb, plan.lb_label, "lblab")
    data.seg += seg_lb
    data.lab += lab_lb
    data.counts["linkedbooks_seg"] = len(seg_lb)
    data.counts["linkedbooks_lab"] = len(lab_lb)
    data.files.append(_file_record(path, "segmenter and labeller", len(lb),
                                   split="train only (valid for tuning, test to measure)"))

    # Gold notes: the sample, FRUS chapters 1 and 3, the repository's annotations, --extra.
    gold_files = [(shared / "gold" / "seed_gold.json", "sample"),
                  (shared / "gold" / "frus-history-ch01-ch03.gold.json", None)]
    gold_files += [(p, None) for p in sorted(annotations.glob("*.json"))]
    for path, name in gold_files:
        if not path.is_file():
            continue
        n_notes = 0
        try:
            chapters = corpora.gold_file_notes(path)
        except (ValueError, KeyError) as e:
            if name is not None or path.parent != annotations:
                raise
            # Annotation files are written by hand, by others, while we train: a file
            # caught half-written is left out and named in the card, never half-read.
            print(f"train: skipping {path.name}: not a complete gold file ({e})", file=sys.stderr)
            data.files.append({"path": _display(path), "skipped": str(e)})
            continue
        for chapter, notes in chapters:
            chapter = name or chapter
            docs = list(corpora.gold_notes(notes, f"gold:{chapter}", chapter, data.align))
            n_notes += len(docs)
            data.gold_by_chapter.setdefault(chapter, []).extend(docs)
            if chapter in exclude_gold:
                continue
            data.seg += docs * plan.gold_repeat
            data.lab += docs * plan.gold_repeat
            data.counts[f"gold_{chapter}"] = len(docs)
        data.files.append(_file_record(path, "segmenter and labeller (gold notes)", n_notes,
                                       repeat=plan.gold_repeat,
                                       excluded=sorted(exclude_gold) or None))
    extra_docs: list[Doc] = []
    for path in extra:
        docs = list(corpora.gold_notes(corpora.read_jsonl_notes(path), f"extra:{path.name}",
                                       path.stem, data.align))
        extra_docs += docs
        data.seg += docs * plan.gold_repeat
        data.lab += docs * plan.gold_repeat
        data.counts[f"extra_{path.name}"] = len(docs)
        data.files.append(_file_record(path, "user notes (--extra)", len(docs)))
    # Italic runs of real notes, for the mentions model (every chapter given, less --exclude-gold).
    for path in sorted((shared / "corpus" / "docs").glob("*.notes.json")):
        chapter = corpora.chapter_name(path.name.removesuffix(".notes.json"))
        seqs = list(mentions.italic_sequences(path))
        data.italics[chapter] = seqs
        data.files.append(_file_record(path, "mentions (italic runs of notes)", len(seqs),
                                       excluded=chapter in exclude_gold or None))
    # Composed notes (segmentation only), from training material only: AnyStyle references
    # that start with their author (no citation number) and the citations of the gold notes
    # trained on, with prose sentences of those notes between them.
    gold_train = [d for ch, docs in data.gold_by_chapter.items() if ch not in exclude_gold
                  for d in docs] + extra_docs
    ref_pieces = list(corpora.pieces(d for d in train if d.group in (
        "humanities-note", "humanities-bibliography", "author-date", "other")
        and d.fields and d.fields[0][0] < 3))
    gold_pieces = list(corpora.pieces(gold_train))
    sentences = corpora.prose_sentences(gold_train)
    for k in range(plan.composites if ref_pieces else 0):
        n = 1 + corpora.fold(f"n:{k}", 3)
        # Half the composed notes draw on the gold citations (letters, archives, documents).
        pool = gold_pieces if gold_pieces and k % 2 else ref_pieces
        pick = [pool[corpora.fold(f"r:{k}:{j}", len(pool))] for j in range(n)]
        data.seg.append(corpora.compose(pick, k, sentences))
    return data


def _has_prose(doc: Doc) -> bool:
    """Does the sequence hold text outside its references (a footnote, not a list)?"""
    covered = sum(e - s for s, e in doc.citations or [])
    return len(doc.text.replace(" ", "")) - covered > 3


def train_model(pairs: Iterable[tuple[list[str], list[str]]], params: dict, path: Path) -> int:
    """Train one CRF; returns the number of sequences."""
    trainer = pycrfsuite.Trainer(verbose=False)
    n = 0
    for words, labels in pairs:
        if words:
            trainer.append(features(words), labels)
            n += 1
    trainer.set_params(params)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "model.crfsuite"
        trainer.train(str(raw))
        # xz with no timestamps: the same model gives the same bytes (crf.py reads it back).
        path.write_bytes(lzma.compress(raw.read_bytes(), preset=9))
    return n


def train_labeller(pairs: Iterable[tuple[list[str], list[str]]], params: NetParams,
                   path: Path) -> int:
    """Train the labeller's network (``neural_train``); returns the number of sequences."""
    from . import neural_train  # PyTorch: needed here only

    sequences = [(w, lab) for w, lab in pairs if w]
    arrays = neural_train.train(sequences, list(corpora.LABELS), params,
                                log=lambda line: print(f"train: {line}", file=sys.stderr))
    path.parent.mkdir(parents=True, exist_ok=True)
    save_network(path, arrays)
    return len(sequences)


def segmentation_pairs(docs: Iterable[Doc]) -> Iterable[tuple[list[str], list[str]]]:
    for d in docs:
        yield corpora.seg_sequence(d)


def labelling_pairs(docs: Iterable[Doc]) -> Iterable[tuple[list[str], list[str]]]:
    """Each citation as labelled; half of the notes with prose (a fixed half, by id) give
    their citations with the prose before them (``corpora.label_sequences``)."""
    for d in docs:
        lead = d.citations is not None and corpora.fold(f"lead:{d.id}", 2) == 0
        yield from corpora.label_sequences(d, lead=lead)


def linkedbooks_spans(models: Models, path: Path, split: str) -> dict:
    """Citation spans on LinkedBooks ``split``: exact boundaries, raw and normalised.

    raw: the model's spans against the corpus's own spans (which may include a leading
    "see"/"cfr." and trailing punctuation); normalised: both sides trimmed of leading
    connectives and trailing punctuation (``corpora.trim_citation``), the gold's convention.
    """
    raw, normal = [0, 0, 0], [0, 0, 0]
    for text, gold in corpora.linkedbooks_raw_spans(path, split):
        pred = [(s.start, s.end) for s in models.segment(text)]
        for acc, p, g in ((raw, pred, gold),
                          (normal, [corpora.trim_citation(text, *x) for x in pred],
                           [corpora.trim_citation(text, *x) for x in gold])):
            for i, v in enumerate(evaluate.span_f1(p, g)):
                acc[i] += v
    return {"raw": _f(raw), "normalised": _f(normal)}


def _f(c: list[int]) -> dict:
    p, r, f = evaluate.prf(*c)
    return {"P": round(p, 4), "R": round(r, 4), "F1": round(f, 4), "gold": c[0] + c[2]}


def _table(counts: evaluate.Counts) -> dict:
    out = {k: _f(v) for k, v in sorted(counts.items())}
    tot = [sum(c[i] for c in counts.values()) for i in range(3)]
    out["ALL (micro)"] = _f(tot)
    return out


def italic_pairs(data: Data, leave_out: set[str]) -> Iterable[tuple[list[str], list[str]]]:
    for chapter, seqs in sorted(data.italics.items()):
        if chapter not in leave_out:
            yield from seqs


def mention_scores(data: Data, params: dict, exclude: set[str]) -> dict:
    """Each chapter's italic runs predicted by a mentions model trained without it: exact
    runs, precision, recall and F1 (the runs the converter would see as titles)."""
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for chapter in sorted(data.italics):
            if not any(data.italics.get(ch) for ch in set(data.italics) - exclude - {chapter}):
                continue  # nothing left to train on without this chapter
            path = Path(tmp) / chapter / MENTIONS
            train_model(italic_pairs(data, exclude | {chapter}), params, path)
            models = Models(path.parent)
            c = [0, 0, 0]
            for words, labels in data.italics[chapter]:
                # Rebuild the text with one space between tokens: runs compare by token extent.
                text = " ".join(words)
                toks = []
                at = 0
                for w in words:
                    toks.append((at, at + len(w)))
                    at += len(w) + 1
                pred = [(r.start, r.end) for r in models.italic_runs(text)]
                for i, v in enumerate(mentions.score(pred, mentions.runs_of(labels, toks))):
                    c[i] += v
            out[chapter] = _f(c)
    return out


def scores(models: Models, data: Data, shared: Path) -> dict:
    """Held-out scores for the card: AnyStyle fold 0 per style, LinkedBooks test."""
    out: dict = {}
    by_style = evaluate.label_counts(models, data.anystyle_heldout)
    allc: evaluate.Counts = {}
    for counts in by_style.values():
        for k, v in counts.items():
            a = allc.setdefault(k, [0, 0, 0])
            for i in range(3):
                a[i] += v[i]
    out["anystyle_heldout"] = {style: {"n": sum(1 for d in data.anystyle_heldout if d.group == style),
                                       **_table(c)} for style, c in sorted(by_style.items())}
    out["anystyle_heldout"]["all"] = _table(allc)
    lb = shared / "corpus" / "linkedbooks" / "linkedbooks-references.jsonl.gz"
    test = list(corpora.read_linkedbooks(lb, ["test"]))
    out["linkedbooks_test"] = {"fields": _table(evaluate.label_counts(models, test).get("test", {})),
                               "spans": linkedbooks_spans(models, lb, "test")}
    return out


FEATURES_DOC = ("per token (features.py): lower-cased word, shape, 2/3-char prefix and suffix, "
                "length, number class (year, number of n digits, ordinal, roman), lexicon classes "
                "(month, locator label, connective, role word, Ibid. form, hereafter, publisher "
                "word, archive word, genre word, congress word), capitalised, all caps, single "
                "letter, letters+digits, URL, punctuation class, inside quotes, parenthesis depth, "
                "inside brackets, relative position (tenths), first/last; the core features of "
                "the tokens at -2..+2; the bigram with the previous word; 'to' between "
                "capitalised words; initial letter + full stop; a number opening or closing a range. "
                "The labeller's network reads these less the word, its affixes, the bigram and "
                "the tokens two away (features(lean=True)), with a word embedding and a character "
                "CNN of the first 16 characters, through a bidirectional LSTM")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m teiedition.citations.train",
                                 description="Rebuild the citation models from the training data.")
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED,
                    help="the shared data directory (corpus/ and gold/)")
    ap.add_argument("--extra", type=Path, action="append", default=[],
                    help="a JSONL file of your own labelled notes (docs/citations-models.md)")
    ap.add_argument("--out", type=Path, default=MODELS, help="where the model files go")
    ap.add_argument("--quick", action="store_true", help="a small sample, for trying features")
    ap.add_argument("--exclude-gold", action="append", default=[], metavar="CHAPTER",
                    help="leave a gold chapter out of training (ch01, ch03, sample, …)")
    ap.add_argument("--annotations", type=Path, default=ANNOTATIONS,
                    help="directory of gold-shaped annotation files")
    ap.add_argument("--no-eval", action="store_true", help="skip the held-out scores")
    args = ap.parse_args(argv)
    plan = QUICK if args.quick else Plan()
    data = load(args.shared, plan, args.extra, set(args.exclude_gold), args.annotations)
    args.out.mkdir(parents=True, exist_ok=True)
    n_seg = train_model(segmentation_pairs(data.seg), plan.seg_params, args.out / SEGMENTER)
    n_lab = train_labeller(labelling_pairs(data.lab), plan.lab_params, args.out / LABELLER)
    exclude = set(args.exclude_gold)
    # No italic-run notes, no mentions model: the converter then names no titles in prose.
    n_men = train_model(italic_pairs(data, exclude), plan.men_params, args.out / MENTIONS) \
        if any(data.italics.get(ch) for ch in set(data.italics) - exclude) else 0
    card = {
        "models": {SEGMENTER: {"labels": ["B", "I", "O"], "sequences": n_seg,
                               "params": plan.seg_params, "bytes": (args.out / SEGMENTER).stat().st_size},
                   LABELLER: {"labels": list(corpora.LABELS), "sequences": n_lab,
                              "learner": "BiLSTM-CRF (PyTorch to train, numpy to run: neural.py)",
                              "params": plan.lab_params.as_card(),
                              "bytes": (args.out / LABELLER).stat().st_size},
                   **({MENTIONS: {"labels": ["T", "O"], "sequences": n_men, "params": plan.men_params,
                                  "bytes": (args.out / MENTIONS).stat().st_size}} if n_men else {})},
        "learner": "segmenter and mentions: python-crfsuite L-BFGS; labeller: BiLSTM-CRF",
        "plan": {k: v for k, v in vars(plan).items() if not k.endswith("params")},
        "quick": args.quick,
        "data": data.files,
        "counts": dict(sorted(data.counts.items())),
        "gold_alignment": {"values": data.align.values, "aligned": data.align.aligned,
                           "citations": data.align.citations,
                           "citations_fully_aligned": data.align.citations_aligned,
                           "failed": data.align.failed},
        "label_mapping": {
            "anystyle": corpora.ANYSTYLE_MAP, "linkedbooks": corpora.LINKEDBOOKS_MAP,
            "gold": corpora.GOLD_MAP,
            "rules": ["any other corpus label -> o",
                      "LinkedBooks ref -> ibid when an Ibid. form, else o; abbreviation 'AA. VV.' -> author",
                      "LinkedBooks title after 'in' -> journal with a volume-year after it, else container",
                      "LinkedBooks publicationnumber-year -> volume, its year (a month before it too) -> date",
                      "gold: printed Ibid./op. cit./idem -> ibid; genre only where printed",
                      "punctuation between parts -> the part before it (trimmed at output)",
                      "locator values include their printed label; name lists are one part"]},
        "features": FEATURES_DOC,
        "excluded_gold": sorted(args.exclude_gold),
    }
    if not args.no_eval:
        card["heldout_scores"] = scores(Models(args.out), data, args.shared)
        card["heldout_scores"]["mentions_leave_one_chapter_out"] = mention_scores(
            data, plan.men_params, exclude) if n_men else {}
    (args.out / "card.json").write_text(json.dumps(card, indent=1, ensure_ascii=False) + "\n",
                                        encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
