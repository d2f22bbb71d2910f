"""The shipped citation models: find citations in a note (``segment``), label their parts (``label``).

Over the tokens of ``tokens.tokenize`` with the features of ``features.features``:

- the segmenter, a linear-chain CRF (python-crfsuite), tags every token of a note ``B``
  (first token of a citation), ``I`` (inside) or ``O`` (prose);
- the labeller, a BiLSTM-CRF run with numpy (``neural.py``: it measured well above a CRF),
  tags every token of one citation with a part label (``corpora.LABELS``);
- a third, small CRF (``mentions``) tags the tokens a printed note would set in italics
  (``T``/``O``), for titles named in a note's prose (``mentions.py``).

The models are loaded once per process, on first use, from ``models/`` beside this file
(``python -m teiedition.citations.train`` rebuilds them; ``models/card.json`` records the
data, features, parameters and held-out scores). The functions are pure: the same text
gives the same result.
"""
from __future__ import annotations

import lzma
from dataclasses import dataclass
from pathlib import Path

import pycrfsuite  # type: ignore[import-untyped]

from . import neural
from .corpora import trim_part
from .features import features
from .tokens import tokenize

MODELS = Path(__file__).resolve().parent / "models"
# Stored xz-compressed (a third of the size: the package stays small and no file passes
# 2 MB); crfsuite reads the model from memory, so nothing is unpacked to disk.
SEGMENTER = "segmenter.crfsuite.xz"
LABELLER = "labeller.npz.xz"  # the network's weights (neural.py), not a CRF
# Notes and citations whose reading is remembered, by their text (Models.segment, label_many).
_REMEMBERED = 50000
MENTIONS = "mentions.crfsuite.xz"
# Edges a citation never starts or ends with, whatever the model says (the gold's convention).
_TRAIL = ",;:."

__all__ = ["Field", "Models", "Segment", "label", "models", "segment"]


@dataclass(frozen=True)
class Segment:
    """A citation in a note: ``text[start:end]``; ``prob`` is the mean marginal of its tokens' tags."""

    start: int
    end: int
    prob: float


@dataclass(frozen=True)
class Field:
    """A labelled part of a citation: ``text[start:end]``, offsets into the note's text."""

    start: int
    end: int
    label: str
    prob: float


class Models:
    """A segmenter and a labeller read from one directory (the shipped one, or a trained one)."""

    def __init__(self, directory: Path = MODELS, mentions: Path | None = None) -> None:
        self.directory = Path(directory)
        # The mentions model may come from elsewhere (the bench's leave-one-chapter-out folds).
        self.mentions_directory = Path(mentions) if mentions else self.directory
        self._seg: pycrfsuite.Tagger | None = None
        self._lab: neural.Tagger | None = None
        self._labelled: dict[str, list[Field]] = {}
        self._segmented: dict[str, list[Segment]] = {}
        self._men: pycrfsuite.Tagger | None = None
        self._buffers: dict[str, bytes] = {}

    def _tagger(self, name: str) -> pycrfsuite.Tagger:
        path = (self.mentions_directory if name == MENTIONS else self.directory) / name
        if not path.is_file():
            raise FileNotFoundError(f"citation model {path} is missing: run "
                                    "'python -m teiedition.citations.train' to build it")
        # crfsuite reads the model in place, not a copy: the bytes must live as long as the
        # tagger, so the Models object keeps them.
        data = self._buffers[name] = lzma.decompress(path.read_bytes())
        tagger = pycrfsuite.Tagger()
        tagger.open_inmemory(data)
        return tagger

    @property
    def segmenter(self) -> pycrfsuite.Tagger:
        if self._seg is None:
            self._seg = self._tagger(SEGMENTER)
        return self._seg

    @property
    def labeller(self) -> neural.Tagger:
        if self._lab is None:
            path = self.directory / LABELLER
            if not path.is_file():
                raise FileNotFoundError(f"citation model {path} is missing: run "
                                        "'python -m teiedition.citations.train' to build it")
            self._lab = neural.Tagger.load(path)
        return self._lab

    @property
    def mentioner(self) -> pycrfsuite.Tagger:
        if self._men is None:
            self._men = self._tagger(MENTIONS)
        return self._men

    def italic_runs(self, text: str) -> list[Segment]:
        """Where the printed note set words in italics (the third model, ``mentions``):
        maximal runs of tokens tagged ``T``, with their mean marginal."""
        toks = tokenize(text)
        # A model directory trained without italic-run notes has no mentions model.
        if not toks or not (self.mentions_directory / MENTIONS).is_file():
            return []
        tagger = self.mentioner
        tagger.set(features([text[s:e] for s, e in toks]))
        tags = tagger.tag()
        out, i, n = [], 0, len(tags)
        while i < n:
            if tags[i] != "T":
                i += 1
                continue
            j = i
            while j < n and tags[j] == "T":
                j += 1
            probs = [tagger.marginal("T", t) for t in range(i, j)]
            out.append(Segment(toks[i][0], toks[j - 1][1], round(sum(probs) / len(probs), 4)))
            i = j
        return out

    def segment(self, text: str) -> list[Segment]:
        """The citations of a note's text (remembered by the text: ``assemble.prefetch`` asks
        first, ``assemble.read`` again)."""
        known = self._segmented.get(text)
        if known is None:
            if len(self._segmented) >= _REMEMBERED:
                self._segmented.clear()
            known = self._segmented[text] = self._segment(text)
        return list(known)  # the remembered list stays as the model gave it

    def _segment(self, text: str) -> list[Segment]:
        toks = tokenize(text)
        if not toks:
            return []
        tagger = self.segmenter
        tagger.set(features([text[s:e] for s, e in toks]))
        tags = tagger.tag()
        out: list[Segment] = []
        i, n = 0, len(tags)
        while i < n:
            if tags[i] == "O":
                i += 1
                continue
            # A citation starts at B, or at an I the model did not open with B.
            j = i + 1
            while j < n and tags[j] == "I":
                j += 1
            # Trailing punctuation is outside, as in the training data; the model may slip.
            k = j
            while k > i + 1 and text[toks[k - 1][0]:toks[k - 1][1]] in _TRAIL:
                k -= 1
            # A citation does not stop inside its own parentheses: "(Container 280)" keeps
            # its ")" even where the model left it out.
            while k < n and text[toks[k][0]:toks[k][1]] in ")]" and \
                    _open(text, toks[i][0], toks[k - 1][1]) > 0:
                k += 1
            # Initials belong to the name after them: "C. A. Logan to Fish" starts at "C.",
            # even where the model opened the citation at "Logan".
            b = i
            while b >= 2 and text[toks[b - 1][0]:toks[b - 1][1]] == "." and \
                    _initial(text[toks[b - 2][0]:toks[b - 2][1]]) and tags[b - 2] == "O" and \
                    (not out or out[-1].end <= toks[b - 2][0]):
                b -= 2
            probs = [tagger.marginal(tags[t], t) for t in range(i, j)]
            out.append(Segment(toks[b][0], toks[k - 1][1], round(sum(probs) / len(probs), 4)))
            i = j
        return out

    def label(self, text: str, start: int, end: int) -> list[Field]:
        """The parts of the citation ``text[start:end]``."""
        return self.label_many([(text, start, end)])[0]

    def label_many(self, spans: list[tuple[str, int, int]]) -> list[list[Field]]:
        """The parts of many citations at once: the network runs them in batches, which is
        most of its speed. A citation's parts depend on its own text alone, so they are
        remembered by that text (a chapter asks for many twice: ``prefetch`` then ``read``)."""
        out: list[list[Field] | None] = [None] * len(spans)
        todo: dict[str, list[int]] = {}
        for k, (text, start, end) in enumerate(spans):
            known = self._labelled.get(text[start:end])
            if known is not None:
                out[k] = _shifted(known, start)
            else:
                todo.setdefault(text[start:end], []).append(k)
        if todo:
            pieces = list(todo)
            toks = [tokenize(piece) for piece in pieces]
            tagged = self.labeller.tag([[p[s:e] for s, e in t] for p, t in zip(pieces, toks, strict=True)])
            for piece, piece_toks, (tags, probs) in zip(pieces, toks, tagged, strict=True):
                fields = _fields(piece, piece_toks, tags, probs)
                if len(self._labelled) >= _REMEMBERED:
                    self._labelled.clear()  # a bound, not an LRU: chapters ask in runs
                self._labelled[piece] = fields
                for k in todo[piece]:
                    out[k] = _shifted(fields, spans[k][1])
        return [fields or [] for fields in out]


def _shifted(fields: list[Field], offset: int) -> list[Field]:
    """Parts read from a citation's own text, as offsets into the note holding it."""
    return [Field(offset + f.start, offset + f.end, f.label, f.prob) for f in fields]


def _fields(text: str, toks: list[tuple[int, int]], tags: list[str], probs: list[float]) -> list[Field]:
    """Maximal runs of one label, ``o`` left out, trimmed as the training data was."""
    out = []
    i, n = 0, len(tags)
    while i < n:
        j = i + 1
        while j < n and tags[j] == tags[i]:
            j += 1
        if tags[i] != "o":
            # The model tags punctuation after a part with the part; the part itself
            # is trimmed as the training data was (corpora.trim_part).
            s, e = trim_part(text, toks[i][0], toks[j - 1][1], tags[i])
            if e > s:
                out.append(Field(s, e, tags[i], round(sum(probs[i:j]) / (j - i), 4)))
        i = j
    return out


def _initial(word: str) -> bool:
    return len(word) == 1 and word.isupper()


def _open(text: str, start: int, end: int) -> int:
    """Brackets opened and not closed in ``text[start:end]``."""
    return (text.count("(", start, end) + text.count("[", start, end)
            - text.count(")", start, end) - text.count("]", start, end))


_MODELS: Models | None = None


def models() -> Models:
    """The shipped models, loaded once per process."""
    global _MODELS
    if _MODELS is None:
        _MODELS = Models()
    return _MODELS


def segment(text: str) -> list[Segment]:
    """The citations of a note's text, in reading order."""
    return models().segment(text)


def label(text: str, start: int, end: int) -> list[Field]:
    """The parts of the citation ``text[start:end]``: maximal runs of one label, ``o`` left out."""
    return models().label(text, start, end)
