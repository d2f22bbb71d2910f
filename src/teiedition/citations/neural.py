"""The labeller's network, run with numpy: a BiLSTM-CRF over the tokens of one citation.

Why not a linear-chain CRF: on the same training data and the same held-out splits the CRF
labeller reached field micro F1 0.790 on AnyStyle's held-out fold and 0.765 on LinkedBooks
``test``; this network 0.840 and 0.826 (``docs/citations-models.md``).
The CRF sees a ±2-token window; the recurrent layers see the whole citation, so "Appadurai,
Arjun. Modernity at Large" is an author and a title even when "Arjun" was never seen.

Each token is the concatenation of a word embedding (lower-cased word, 1 for unknown), the sum
of embeddings of the CRF's own local features (``features.features`` minus the word and
window strings, which the recurrent layers replace), and a character CNN (max over a fixed
``CHARS`` positions, so a token's vector never depends on the batch). A bidirectional LSTM
reads those; a linear layer gives each label's score per token and a learned transition
matrix joins them (a linear-chain CRF): Viterbi for the tags, forward-backward for each tag's
marginal probability (the certainty the editor sees).

Training is PyTorch's (``neural_train``, only for ``python -m teiedition.citations.train``);
running needs numpy alone. The weights ship as int8 with a scale per row (``labeller.npz.xz``,
1.5 MB), read back to float32 here; the arithmetic is
deterministic for a given file.
"""
from __future__ import annotations

import io
import lzma
import zipfile
from pathlib import Path

import numpy as np
from threadpoolctl import ThreadpoolController  # type: ignore[import-untyped]

from .features import features

CHARS = 16  # characters of a word the CNN reads
# The matrices are small: BLAS threads would only wait on each other (three times the CPU
# for the same result on a loaded 2-core machine), and a chapter cluster runs a process a core.
_BLAS = ThreadpoolController()
_CHAR_MEMO = 200_000  # distinct words whose character vector is remembered
MAX_FEATURES = 40  # local feature strings of a token kept (there are never more than ~20)


def local_features(words: list[str]) -> list[list[str]]:
    """The CRF's features of each token less the word, its affixes, the bigram and the tokens
    two away, which the network's word embedding, character CNN and LSTM replace."""
    return features(words, lean=True)


class Vocabulary:
    """Words, feature strings and characters to the network's ids, one definition for training
    and running: 0 pads; an unknown word or character is 1, an unknown feature is left out."""

    def __init__(self, words: list[str], feats: list[str], chars: list[str]):
        self.words = {w: i + 2 for i, w in enumerate(words)}
        self.feats = {f: i + 1 for i, f in enumerate(feats)}
        self.chars = {c: i + 2 for i, c in enumerate(chars)}

    def word_ids(self, words: list[str]) -> list[int]:
        return [self.words.get(w.lower(), 1) for w in words]

    def feature_ids(self, feats: list[str]) -> list[int]:
        return [self.feats[f] for f in feats if f in self.feats][:MAX_FEATURES]

    def char_ids(self, word: str) -> list[int]:
        return [self.chars.get(c, 1) for c in word[:CHARS]]


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (np.tanh(0.5 * x) + 1.0)  # tanh form: no overflow warning for large |x|


_TINY = 1e-300  # a step's total, never zero: a path the transitions rule out has probability 0


class Tagger:
    """One trained network: ``tag(sequences)`` gives each token's label and its marginal."""

    def __init__(self, arrays: dict[str, np.ndarray]):
        self.vocabulary = Vocabulary(*([str(x) for x in arrays[k]] for k in ("words", "feats", "chars")))
        self.labels = [str(x) for x in arrays["labels"]]
        w = {k[2:]: _dequantize(arrays, k[2:]) for k in arrays if k.startswith("q:")}
        w.update({k[2:]: arrays[k].astype(np.float32) for k in arrays if k.startswith("f:")})
        self.w = w
        self._char_memo: dict[str, np.ndarray] = {}

    @classmethod
    def load(cls, path: Path) -> Tagger:
        with np.load(io.BytesIO(lzma.decompress(path.read_bytes())), allow_pickle=False) as npz:
            return cls({k: npz[k] for k in npz.files})

    # ------------------------------------------------------------------ the network

    def inputs(self, sequences: list[list[str]], n: int) -> np.ndarray:
        """The LSTM's input (B, n, D) for sequences padded to ``n`` tokens (zeros after each)."""
        w = self.w
        b = len(sequences)
        dim_w, dim_f = w["word_emb"].shape[1], w["feat_emb"].shape[1]
        dim_c = w["conv_b"].shape[0]
        x = np.zeros((b, n, dim_w + dim_f + dim_c), dtype=np.float32)
        rows: list[int] = []  # flat token index of each (token, feature) pair
        ids: list[int] = []
        for r, words in enumerate(sequences):
            x[r, :len(words), :dim_w] = w["word_emb"][self.vocabulary.word_ids(words)]
            for t, fs in enumerate(local_features(words)):
                kept = self.vocabulary.feature_ids(fs)
                ids += kept
                rows += [r * n + t] * len(kept)
            x[r, :len(words), dim_w + dim_f:] = self._chars(words)
        if ids:
            # Sum each token's feature embeddings: rows are in order, so one reduceat per run.
            flat = np.asarray(rows)
            starts = np.flatnonzero(np.r_[True, flat[1:] != flat[:-1]])
            sums = np.add.reduceat(w["feat_emb"][ids], starts, axis=0)
            x.reshape(b * n, -1)[flat[starts], dim_w:dim_w + dim_f] = sums
        return x

    def _chars(self, words: list[str]) -> np.ndarray:
        """The character CNN's vector of each word (it depends on the word alone: computed once
        per distinct word and remembered, for words repeat endlessly in notes)."""
        missing = [t for t in dict.fromkeys(words) if t not in self._char_memo]
        if missing:
            w = self.w
            cid = np.zeros((len(missing), CHARS), dtype=np.int64)
            for k, t in enumerate(missing):
                cid[k, :min(len(t), CHARS)] = self.vocabulary.char_ids(t)
            chars = np.pad(w["char_emb"][cid], ((0, 0), (1, 1), (0, 0)))  # (U, CHARS + 2, C)
            kernel = w["conv_w"]  # (out, C, 3): torch's Conv1d layout, padding 1
            conv = sum(chars[:, k:k + CHARS, :] @ kernel[:, :, k].T for k in range(3)) + w["conv_b"]
            vectors = np.maximum(conv, 0.0).max(axis=1)
            if len(self._char_memo) > _CHAR_MEMO:
                self._char_memo.clear()
            self._char_memo.update(zip(missing, vectors, strict=True))
        return np.stack([self._char_memo[t] for t in words])

    def emissions(self, sequences: list[list[str]]) -> np.ndarray:
        """Label scores (B, n, K) of sequences padded to the longest."""
        w = self.w
        n = max(len(s) for s in sequences)
        x = self.inputs(sequences, n)
        lengths = np.array([len(s) for s in sequences])
        fwd = self._lstm(x, lengths, "f", reverse=False)
        bwd = self._lstm(x, lengths, "b", reverse=True)
        return np.concatenate([fwd, bwd], axis=-1) @ w["out_w"].T + w["out_b"]

    def _lstm(self, x: np.ndarray, lengths: np.ndarray, d: str, reverse: bool) -> np.ndarray:
        """One direction of torch's LSTM (gates i, f, g, o) over rows padded at the end. The
        backward direction reads each row reversed within its own length, so that it starts at
        the row's last token and the padding, now at the end again, never reaches a real token."""
        w = self.w
        b, n, _ = x.shape
        hidden = w[f"lstm_hh_{d}"].shape[1]
        order = np.broadcast_to(np.arange(n), (b, n))
        if reverse:
            order = np.where(order < lengths[:, None], lengths[:, None] - 1 - order, order)
            x = np.take_along_axis(x, order[:, :, None], axis=1)
        xs = x @ w[f"lstm_ih_{d}"].T + (w[f"lstm_bih_{d}"] + w[f"lstm_bhh_{d}"])
        whh = np.ascontiguousarray(w[f"lstm_hh_{d}"].T)
        h = np.zeros((b, hidden), dtype=np.float32)
        c = np.zeros((b, hidden), dtype=np.float32)
        out = np.empty((b, n, hidden), dtype=np.float32)
        for t in range(n):
            g = xs[:, t] + h @ whh
            gates = _sigmoid(g)  # i, f and o; the g quarter is read through tanh instead
            c = gates[:, hidden:2 * hidden] * c + gates[:, :hidden] * np.tanh(g[:, 2 * hidden:3 * hidden])
            h = gates[:, 3 * hidden:] * np.tanh(c)
            out[:, t] = h
        if reverse:
            back = np.empty_like(out)
            np.put_along_axis(back, order[:, :, None], out, axis=1)
            return back
        return out

    # ------------------------------------------------------------------ decoding

    def tag(self, sequences: list[list[str]], batch: int = 128) -> list[tuple[list[str], list[float]]]:
        """Each sequence's labels and each label's marginal probability, in input order.
        Sequences are run in batches of similar length (less padding); the result does not
        depend on the batching."""
        with _BLAS.limit(limits=1, user_api="blas"):
            return self._tag(sequences, batch)

    def _tag(self, sequences: list[list[str]], batch: int) -> list[tuple[list[str], list[float]]]:
        out: list[tuple[list[str], list[float]]] = [([], [])] * len(sequences)
        order = sorted((i for i, s in enumerate(sequences) if s), key=lambda i: len(sequences[i]))
        for k in range(0, len(order), batch):
            ids = order[k:k + batch]
            lengths = np.array([len(sequences[i]) for i in ids])
            scores = self.emissions([sequences[i] for i in ids]).astype(np.float64)
            tags, probs = self._decode(scores, lengths)
            for r, i in enumerate(ids):
                n_r = int(lengths[r])
                out[i] = ([self.labels[k] for k in tags[r, :n_r]], probs[r, :n_r].tolist())
        return out

    def _decode(self, e: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Viterbi tags (B, n) and their forward-backward marginals (B, n) for a padded batch:
        one step of numpy for all rows at once (a row's steps past its length change nothing)."""
        trans = self.w["trans"].astype(np.float64)
        start = self.w["start"].astype(np.float64)
        b, n, k = e.shape
        rows = np.arange(b)
        live = np.arange(n)[None, :] < lengths[:, None]  # (B, n)
        # Viterbi; past a row's end its scores stand and its back pointers are the identity.
        v = start + e[:, 0]
        back = np.broadcast_to(np.arange(k), (n, b, k)).copy()
        for t in range(1, n):
            scores = v[:, :, None] + trans  # (B, from, to)
            m = live[:, t:t + 1]
            back[t] = np.where(m, scores.argmax(axis=1), back[t])
            v = np.where(m, scores.max(axis=1) + e[:, t], v)
        tags = np.zeros((b, n), dtype=np.int64)
        tags[:, n - 1] = v.argmax(axis=1)
        for t in range(n - 1, 0, -1):
            tags[:, t - 1] = back[t, rows, tags[:, t]]
        # Forward-backward for the marginals, scaled (each step's vector normalised to sum 1)
        # rather than in logs: a matrix product a step instead of a log-sum-exp over (B, K, K).
        ts = np.exp(trans - trans.max())
        es = np.exp(e - e.max(axis=2, keepdims=True))
        alpha = np.empty_like(e)
        scale = np.empty((b, n))
        a = np.exp(start - start.max()) * es[:, 0]
        for t in range(n):
            if t:
                a = (alpha[:, t - 1] @ ts) * es[:, t]
            scale[:, t] = np.maximum(a.sum(axis=1), _TINY)
            alpha[:, t] = a / scale[:, t:t + 1]
        beta = np.ones_like(e)
        for t in range(n - 2, -1, -1):
            step = ((es[:, t + 1] * beta[:, t + 1]) @ ts.T) / scale[:, t + 1:t + 2]
            beta[:, t] = np.where(live[:, t + 1:t + 2], step, 1.0)
        chosen = np.take_along_axis(alpha * beta, tags[:, :, None], axis=2)[:, :, 0]
        return tags, np.clip(chosen, 0.0, 1.0)


def _dequantize(arrays: dict[str, np.ndarray], name: str) -> np.ndarray:
    """int8 rows times their float32 scale (``quantize``'s inverse)."""
    q = arrays[f"q:{name}"].astype(np.float32)
    scale = arrays[f"s:{name}"].astype(np.float32)
    return q * scale.reshape((-1,) + (1,) * (q.ndim - 1))


def quantize(name: str, weights: np.ndarray) -> dict[str, np.ndarray]:
    """A matrix as int8 with one scale per row (per output unit, per embedded symbol): a
    quarter of float32's size, and the rounding error is far below what training varies by.
    Vectors (biases, the CRF's transitions) stay float32."""
    weights = np.asarray(weights, dtype=np.float32)
    if weights.ndim < 2:
        return {f"f:{name}": weights}
    rows = weights.reshape(weights.shape[0], -1)
    scale = np.abs(rows).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    q = np.clip(np.rint(rows / scale[:, None]), -127, 127).astype(np.int8)
    return {f"q:{name}": q.reshape(weights.shape), f"s:{name}": scale.astype(np.float32)}


def save(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """An npz, xz-compressed, byte-identical for identical arrays: written entry by entry with a
    fixed date (``np.savez`` stamps each entry with the time of writing)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name in sorted(arrays):
            member = io.BytesIO()
            np.lib.format.write_array(member, np.ascontiguousarray(arrays[name]), allow_pickle=False)
            archive.writestr(zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0)),
                             member.getvalue())
    path.write_bytes(lzma.compress(buffer.getvalue(), preset=9 | lzma.PRESET_EXTREME))
