"""The labeller's network: trained with PyTorch, run from its stored file with numpy.

A network trained until it memorises a few references must give back every training label
when numpy runs it from the int8 file: a check of numpy's forward pass (embeddings, the
character CNN, both LSTM directions, the CRF's Viterbi) against what PyTorch learned.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from teiedition.citations import corpora, neural, neural_train
from teiedition.citations.tokens import tokenize

NAMES = ["Hale", "Moretti", "Brandt", "Okafor", "Lindqvist", "Duarte"]
WORDS = ["Empire", "Trade", "Memory", "Frontier", "Republic", "Harbour", "Treaty"]


def _sequences() -> list[tuple[list[str], list[str]]]:
    out = []
    for k in range(18):
        parts = [(f"{NAMES[k % 6]}, {'ABCDE'[k % 5]}.", "author"), (",", "author"),
                 (f"The {WORDS[k % 7]} of {WORDS[(k + 2) % 7]}", "title"), (".", "title"),
                 (["London", "Paris", "Rome"][k % 3], "pubPlace"), (":", "pubPlace"),
                 (f"{NAMES[(k + 1) % 6]} Press", "publisher"), (",", "publisher"),
                 (str(1900 + 7 * k), "date"), (".", "date")]
        words: list[str] = []
        labels: list[str] = []
        for text, label in parts:
            for s, e in tokenize(text):
                words.append(text[s:e])
                labels.append(label)
        out.append((words, labels))
    return out


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> Path:
    seqs = _sequences()
    params = neural_train.NetParams(word_dim=12, feature_dim=12, char_dim=8, char_filters=12,
                                    hidden=24, epochs=30, batch=4, lr=1e-2, dropout=0.0)
    arrays = neural_train.train(seqs, list(corpora.LABELS), params)
    path = tmp_path_factory.mktemp("net") / "labeller.npz.xz"
    neural.save(path, arrays)
    return path


def test_numpy_gives_back_what_the_network_memorised(stored: Path) -> None:
    seqs = _sequences()
    tagger = neural.Tagger.load(stored)
    tagged = tagger.tag([w for w, _ in seqs])
    for (_words, gold), (tags, probs) in zip(seqs, tagged, strict=True):
        assert tags == gold
        assert all(0.5 < p <= 1.0 + 1e-9 for p in probs)


def test_a_sequence_tags_the_same_alone_and_in_any_batch(stored: Path) -> None:
    tagger = neural.Tagger.load(stored)
    seqs = [w for w, _ in _sequences()]
    alone = [tagger.tag([s])[0] for s in seqs[:5]]
    batched = tagger.tag(list(reversed(seqs)), batch=3)[::-1][:5]
    assert [a[0] for a in alone] == [b[0] for b in batched]
    assert np.allclose([a[1] for a in alone], [b[1] for b in batched])
    assert tagger.tag([[]]) == [([], [])]


def test_the_stored_file_is_byte_identical_for_the_same_arrays(tmp_path: Path) -> None:
    arrays = {"f:x": np.arange(5, dtype=np.float32), **neural.quantize("m", np.eye(3) * 2.5)}
    neural.save(tmp_path / "a.npz.xz", arrays)
    neural.save(tmp_path / "b.npz.xz", dict(reversed(list(arrays.items()))))
    assert (tmp_path / "a.npz.xz").read_bytes() == (tmp_path / "b.npz.xz").read_bytes()


def test_int8_rows_come_back_within_half_a_step() -> None:
    rng = np.random.default_rng(0)
    weights = rng.normal(size=(7, 5)).astype(np.float32)
    arrays = neural.quantize("w", weights)
    back = neural._dequantize(arrays, "w")
    step = np.abs(weights).max(axis=1, keepdims=True) / 127
    assert np.all(np.abs(back - weights) <= step / 2 + 1e-7)
    assert arrays["q:w"].dtype == np.int8
