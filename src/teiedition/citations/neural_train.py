"""Training the labeller's BiLSTM-CRF (``neural``) with PyTorch, for ``citations.train`` only.

PyTorch is needed to train, never to run: ``pip install 'teiedition[train]'``. The result is
a dict of numpy arrays (vocabularies and int8 weights) that ``neural.Tagger`` reads.

Deterministic: one CPU thread, a fixed seed, batches and their order from a seeded
``random.Random``, and deterministic algorithms only; the same sequences give the same
weights and so byte-identical model files on one machine and PyTorch version.
"""
from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import InputError
from .neural import CHARS, MAX_FEATURES, Vocabulary, local_features, quantize


@dataclass(frozen=True)
class NetParams:
    """Sizes and schedule (``train.Plan`` holds one; ``--quick`` a tiny one)."""

    word_dim: int = 64
    feature_dim: int = 64
    char_dim: int = 24
    char_filters: int = 48
    hidden: int = 128
    dropout: float = 0.3
    epochs: int = 12
    batch: int = 32
    lr: float = 2e-3
    min_word_count: int = 2  # rarer words are "unknown": the character CNN reads them
    min_feature_count: int = 5

    def as_card(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _frequent(counts: Counter, least: int) -> list[str]:
    """The items seen at least ``least`` times, most frequent first (ties in code order)."""
    return sorted((x for x, c in counts.items() if c >= least), key=lambda x: (-counts[x], x))


def _torch() -> Any:
    try:
        import torch
    except ImportError:
        raise InputError("torch", "training the citation labeller needs PyTorch: "
                         "pip install 'teiedition[train]'") from None
    return torch


def train(sequences: list[tuple[list[str], list[str]]], labels: list[str],
          params: NetParams, log: Any = None) -> dict[str, np.ndarray]:
    """Train on (words, labels) sequences; return the arrays ``neural.Tagger`` reads."""
    torch = _torch()
    nn = torch.nn
    torch.manual_seed(0)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)

    feats_seq = [local_features(ws) for ws, _ in sequences]
    word_vocab = _frequent(Counter(w.lower() for ws, _ in sequences for w in ws), params.min_word_count)
    feat_vocab = _frequent(Counter(f for fs in feats_seq for f_tok in fs for f in f_tok),
                           params.min_feature_count)
    char_vocab = _frequent(Counter(ch for ws, _ in sequences for w in ws for ch in w[:CHARS]),
                           params.min_feature_count)
    vocabulary = Vocabulary(word_vocab, feat_vocab, char_vocab)
    lix = {label: i for i, label in enumerate(labels)}

    def encode(i: int) -> tuple[Any, Any, Any, Any]:
        ws, ls = sequences[i]
        n = len(ws)
        w = torch.tensor(vocabulary.word_ids(ws), dtype=torch.long)
        f = torch.zeros((n, MAX_FEATURES), dtype=torch.long)
        for t, fs in enumerate(feats_seq[i]):
            ids = vocabulary.feature_ids(fs)
            if ids:
                f[t, :len(ids)] = torch.tensor(ids)
        c = torch.zeros((n, CHARS), dtype=torch.long)
        for t, x in enumerate(ws):
            ids = vocabulary.char_ids(x)
            c[t, :len(ids)] = torch.tensor(ids)
        return w, f, c, torch.tensor([lix[x] for x in ls], dtype=torch.long)

    class Net(nn.Module):  # type: ignore[name-defined]  # torch is imported at run time
        def __init__(self) -> None:
            super().__init__()
            p = params
            self.word = nn.Embedding(len(word_vocab) + 2, p.word_dim, padding_idx=0)
            self.feat = nn.EmbeddingBag(len(feat_vocab) + 1, p.feature_dim, mode="sum", padding_idx=0)
            self.char = nn.Embedding(len(char_vocab) + 2, p.char_dim, padding_idx=0)
            self.conv = nn.Conv1d(p.char_dim, p.char_filters, 3, padding=1)
            self.lstm = nn.LSTM(p.word_dim + p.feature_dim + p.char_filters, p.hidden,
                                batch_first=True, bidirectional=True)
            self.drop = nn.Dropout(p.dropout)
            self.out = nn.Linear(2 * p.hidden, len(labels))
            self.trans = nn.Parameter(torch.zeros(len(labels), len(labels)))
            self.start = nn.Parameter(torch.zeros(len(labels)))

        def emissions(self, w: Any, f: Any, c: Any, lengths: Any) -> Any:
            b, n = w.shape
            fe = self.feat(f.view(b * n, -1)).view(b, n, -1)
            ce = self.char(c.view(b * n, -1)).transpose(1, 2)
            ce = torch.relu(self.conv(ce)).max(dim=2).values.view(b, n, -1)
            x = self.drop(torch.cat([self.word(w), fe, ce], -1))
            # Packed: the backward direction starts at each row's last token, as neural does.
            packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True,
                                                       enforce_sorted=False)
            h, _ = self.lstm(packed)
            h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=n)
            return self.out(self.drop(h))

        def nll(self, e: Any, y: Any, mask: Any) -> Any:
            """The linear-chain CRF's negative log-likelihood of the gold tags, summed."""
            score = self.start[y[:, 0]] + e[:, 0].gather(1, y[:, :1]).squeeze(1)
            alpha = self.start + e[:, 0]
            for t in range(1, e.shape[1]):
                m = mask[:, t]
                step = self.trans[y[:, t - 1], y[:, t]] + e[:, t].gather(1, y[:, t:t + 1]).squeeze(1)
                score = score + step * m
                nxt = torch.logsumexp(alpha.unsqueeze(2) + self.trans.unsqueeze(0), 1) + e[:, t]
                alpha = torch.where(m.unsqueeze(1), nxt, alpha)
            return (torch.logsumexp(alpha, 1) - score).sum()

    net = Net()
    encoded = [encode(i) for i in range(len(sequences))]
    optimiser = torch.optim.Adam(net.parameters(), lr=params.lr)
    rng = random.Random(0)  # noqa: S311  (a seeded order of batches, not a secret)
    by_length = sorted(range(len(encoded)), key=lambda i: (len(encoded[i][0]), i))
    batches = [by_length[i:i + params.batch] for i in range(0, len(by_length), params.batch)]
    pad = nn.utils.rnn.pad_sequence
    for epoch in range(params.epochs):
        rng.shuffle(batches)
        net.train()
        total = 0.0
        for batch in batches:
            items = [encoded[i] for i in batch]
            w = pad([x[0] for x in items], batch_first=True)
            f = pad([x[1] for x in items], batch_first=True)
            c = pad([x[2] for x in items], batch_first=True)
            y = pad([x[3] for x in items], batch_first=True)
            lengths = torch.tensor([len(x[0]) for x in items])
            mask = torch.arange(w.shape[1])[None, :] < lengths[:, None]
            loss = net.nll(net.emissions(w, f, c, lengths), y, mask) / len(batch)
            optimiser.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(net.parameters(), 5.0)
            optimiser.step()
            total += float(loss.detach())
        if log is not None:
            log(f"epoch {epoch + 1}/{params.epochs}: loss {total / len(batches):.3f}")

    state = {k: v.detach().numpy() for k, v in net.state_dict().items()}
    weights = {
        "word_emb": state["word.weight"], "feat_emb": state["feat.weight"],
        "char_emb": state["char.weight"], "conv_w": state["conv.weight"],
        "conv_b": state["conv.bias"], "out_w": state["out.weight"], "out_b": state["out.bias"],
        "trans": state["trans"], "start": state["start"],
    }
    for d, suffix in (("f", ""), ("b", "_reverse")):
        weights[f"lstm_ih_{d}"] = state[f"lstm.weight_ih_l0{suffix}"]
        weights[f"lstm_hh_{d}"] = state[f"lstm.weight_hh_l0{suffix}"]
        weights[f"lstm_bih_{d}"] = state[f"lstm.bias_ih_l0{suffix}"]
        weights[f"lstm_bhh_{d}"] = state[f"lstm.bias_hh_l0{suffix}"]
    # Padding rows are zero by construction (padding_idx); made exact for the int8 copy.
    for name in ("word_emb", "feat_emb", "char_emb"):
        weights[name][0] = 0.0
    arrays: dict[str, np.ndarray] = {
        "words": np.array(word_vocab, dtype=str), "feats": np.array(feat_vocab, dtype=str),
        "chars": np.array(char_vocab, dtype=str), "labels": np.array(labels, dtype=str)}
    for name, value in weights.items():
        arrays.update(quantize(name, value))
    return arrays
