"""Token features for the citation models: small named extractors, one list of strings a token.

``features(words)`` turns the tokens of one sequence (a note for the segmenter, one
citation for the labeller) into what the models read: one list of ``"name=value"``
strings per token. Everything that depends on the word alone is computed once per distinct
word and cached (notes repeat "p", ",", "Vol" endlessly); the rest (quote and bracket state,
position, the ±2 window) is one pass over the sequence. Feature extraction in Python is the
cost of running the models, so this module is kept lean: no regular expression runs twice
on the same word.

The lexicons are generic classes of the citation language (months, locator labels,
connectives, role words), never names or titles taken from any test material.
"""
from __future__ import annotations

import re
from functools import lru_cache

MONTHS = frozenset(["january", "february", "march", "april", "may", "june", "july", "august", "september",
                    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
                    "sept", "oct", "nov", "dec", "gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno",
                    "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre", "janvier", "février",
                    "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
                    "décembre", "januar", "februar", "märz", "juni", "juli", "oktober", "dezember", "spring",
                    "summer", "autumn", "fall", "winter"])
# Printed labels before a locator value ("p. 5", "Vol. 9", "Box 3", "RG 59", "fol. 6r").
LOCATORS = frozenset(["p", "pp", "page", "pages", "vol", "vols", "volume", "volumes", "no", "nos", "n", "nn",
                      "number", "issue", "box", "container", "folder", "file", "fol", "fols", "f", "ff",
                      "doc", "docs", "document", "documents", "rg", "roll", "reel", "ser", "series", "ch",
                      "chap", "chapter", "chapters", "pt", "part", "sec", "sect", "section", "art", "c", "cc",
                      "col", "cols", "tomo", "t", "bd", "busta", "b", "reg", "fasc", "fascicolo", "filza",
                      "lot", "item", "sheet", "s", "ss", "app", "appendix", "note", "notes"])
CONNECTIVES = frozenset(["see", "also", "cf", "cfr", "cited", "quoted", "in", "and", "or", "by", "from", "at",
                         "on", "for", "vedi", "v", "e", "ed", "et", "und", "und", "voir", "see", "compare",
                         "especially", "esp"])
# Role words around editors and translators: printed, but not part of the name.
ROLES = frozenset(["ed", "eds", "edited", "editor", "editors", "trans", "translated", "translator", "hrsg",
                   "hg", "cura", "curatore", "a", "dir", "director", "comp", "compiled"])
IBID = frozenset(["ibid", "ibidem", "id", "idem", "op", "cit", "loc", "ivi", "supra", "infra"])
HEREAFTER = frozenset(["hereafter", "henceforth", "hereinafter", "cited", "thereafter"])
PUBLISHER = frozenset(["press", "university", "verlag", "editions", "éditions", "edizioni", "editore",
                       "publishers", "publishing", "books", "co", "inc", "ltd", "company", "printing",
                       "office", "gpo"])
ARCHIVE = frozenset(["papers", "archives", "archive", "archivio", "library", "collection", "collections",
                     "record", "records", "group", "lot", "manuscripts", "manuscript", "division", "mss",
                     "ms", "national", "state", "department"])
GENRE = frozenset(["memorandum", "memo", "telegram", "despatch", "dispatch", "letter", "cable",
                   "conversation", "message", "instruction", "instructions", "minutes", "diary", "report",
                   "thesis", "dissertation"])
CONGRESS = frozenset(["cong", "congress", "sess", "session", "senate", "house", "doc", "exec", "misc"])
OPEN_Q = frozenset("“‘«„")
DASHES = frozenset("-–—‐")
CLOSE_Q = frozenset("”’»")
PUNCT_CLASS = {".": "dot", ",": "comma", ";": "semi", ":": "colon", "(": "lpar", ")": "rpar",
               "[": "lbr", "]": "rbr", "–": "dash", "-": "dash", "—": "dash", "/": "slash",
               "&": "amp", '"': "quote", "'": "quote", "“": "oquote", "‘": "oquote",
               "«": "oquote", "”": "cquote", "’": "cquote", "»": "cquote", "?": "q", "!": "q"}
ROMAN = re.compile(r"^(?=[ivxlcdm]+$)m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
ORDINAL = re.compile(r"^\d+(st|nd|rd|th|d)$")
_SHAPE = str.maketrans({**dict.fromkeys("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "X"),
                        **dict.fromkeys("abcdefghijklmnopqrstuvwxyz", "x"),
                        **dict.fromkeys("0123456789", "d")})


def _shape(w: str) -> str:
    s = w.translate(_SHAPE)
    if not s.isascii():
        s = "".join("X" if c.isupper() else "x" if c.isalpha() else c for c in s)
    # Letter runs collapse to two ("Xxxxx" -> "Xxx" is noise, "Xxx" and "Xxxxxxx" alike);
    # digit runs keep their length, so a year's shape "dddd" differs from a page's "dd".
    out: list[str] = []
    for c in s:
        if len(out) >= 2 and out[-1] == c and out[-2] == c and c != "d":
            continue
        out.append(c)
    return "".join(out)[:8]


Window = tuple[tuple[str, ...], tuple[str, ...], dict[int, tuple[str, ...]],
               tuple[tuple[str, ...], tuple[str, ...], dict[int, tuple[str, ...]]]]


@lru_cache(maxsize=65536)
def word_features(w: str) -> Window:
    """(features a neighbour also shows, features only the token itself shows, the first
    as seen from each window offset; the same three for ``lean`` features): the offset
    prefixes are built once per word here, not once per token in ``features``, which is the
    hot loop."""
    core, own = _word_features(w)
    # Lean: no word string and no affixes (the labeller's network has its own word embedding
    # and character CNN for those), the length kept.
    lean_core = tuple(x for x in core if not x.startswith("w="))
    lean_own = tuple(x for x in own if x.startswith("len="))
    return (core, own, {k: tuple(f"{k}{x}" for x in core) for k in (-2, -1, 1, 2)},
            (lean_core, lean_own, {k: tuple(f"{k}{x}" for x in lean_core) for k in (-1, 1)}))


def _word_features(w: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    lw = w.lower()
    core = ["w=" + lw[:20], "sh=" + _shape(w)]
    own = []
    if len(w) == 1 and not w.isalnum():
        core.append("pc=" + PUNCT_CLASS.get(w, "other"))
    else:
        if w.isdigit() and w.isascii():  # "²" is a digit to str.isdigit, not to int()
            n = int(w) if len(w) < 6 else 0
            core.append("year" if len(w) == 4 and 1400 <= n <= 2100 else f"num{min(len(w), 5)}")
        elif ORDINAL.match(lw):
            core.append("ordinal")
        elif ROMAN.match(lw):
            core.append("roman")
        if lw in MONTHS:
            core.append("month")
        if lw in LOCATORS:
            core.append("loc")
        if lw in CONNECTIVES:
            core.append("conn")
        if lw in ROLES:
            core.append("role")
        if lw in IBID:
            core.append("ibid")
        if lw in HEREAFTER:
            core.append("hereafter")
        if lw in PUBLISHER:
            core.append("publ")
        if lw in ARCHIVE:
            core.append("arch")
        if lw in GENRE:
            core.append("genre")
        if lw in CONGRESS:
            core.append("cong")
        if w.startswith(("http", "www.")):
            core.append("url")
        if w[0].isupper():
            core.append("cap")
            if w.isupper() and len(w) > 1 and w.isalpha():
                core.append("allcaps")
        if len(w) == 1 and w.isalpha():
            core.append("single")
        if any(c.isdigit() for c in w) and not w.isdigit():
            core.append("alnum")
        own += ["p2=" + lw[:2], "s2=" + lw[-2:], "s3=" + lw[-3:], "p3=" + lw[:3]]
        own.append(f"len={min(len(w), 10)}")
    return tuple(core), tuple(own)


def features(words: list[str], lean: bool = False) -> list[list[str]]:
    """One list of feature strings per token of one sequence. ``lean``: without the word,
    its affixes, the bigram and the tokens two away (what the labeller's network reads
    besides its own word embedding, character CNN and recurrent layers)."""
    n = len(words)
    full = [word_features(w) for w in words]
    base = [b[3] for b in full] if lean else full
    offsets = (-1, 1) if lean else (-2, -1, 1, 2)
    out: list[list[str]] = []
    quote = paren = brack = 0
    stops = commas = 0  # full stops after a word (not an initial) and commas seen so far
    straight = False  # inside "…" with straight quotes (one character opens and closes)
    for i, w in enumerate(words):
        core, own, _ = base[i][:3]
        f = ["b", *core, *own, f"pos={10 * i // n}"]
        if i == 0:
            f.append("first")
        if i == n - 1:
            f.append("last")
        # State before this token: inside quotes, brackets.
        if quote or straight:
            f.append("inq")
        if paren:
            f.append(f"par={min(paren, 2)}")
        if brack:
            f.append("brk")
        # Which sentence and which comma-separated piece of the sequence: in a bibliography
        # entry the author comes before the first stop, the title before the second.
        f.append(f"stops={min(stops, 4)}")
        f.append(f"commas={min(commas, 6)}")
        if i and words[i - 1] == "." and stops and not (i > 1 and len(words[i - 2]) == 1):
            f.append("after_stop")
        for k in offsets:
            j = i + k
            if 0 <= j < n:
                # Seen from token i, neighbour j sits at offset k = j - i.
                f += base[j][2][k]
            else:
                f.append(f"{k}<edge>")
        if i and not lean:
            f.append("bi=" + words[i - 1].lower()[:12] + "|" + w.lower()[:12])
        # "to" between capitalised words: the letter "X to Y" pattern.
        if w == "to" and 0 < i < n - 1 and words[i - 1][:1].isupper() and words[i + 1][:1].isupper():
            f.append("letter_to")
        # A number in a range ("1805-1815", "pp. 79–183") is a page or a span of years, not
        # one year: its shape alone ("dddd") cannot tell.
        if w[:1].isdigit():
            if i + 2 < n and words[i + 1] in DASHES and words[i + 2][:1].isdigit():
                f.append("range_from")
            if i >= 2 and words[i - 1] in DASHES and words[i - 2][:1].isdigit():
                f.append("range_to")
        # An initial: a single capital followed by a full stop.
        if len(w) == 1 and w.isupper() and i + 1 < n and words[i + 1] == ".":
            f.append("initial")
        if w == "." and i and len(words[i - 1]) == 1 and words[i - 1].isupper():
            f.append("initial_dot")
        out.append(f)
        if w == "." and i and len(words[i - 1]) > 1 and words[i - 1][0].isalnum() and \
                words[i - 1].lower() not in LOCATORS:
            stops += 1
        elif w == ",":
            commas += 1
        if w in OPEN_Q:
            quote += 1
        elif w in CLOSE_Q and quote:
            # ’ is also an apostrophe; it closes only an open single quote.
            quote -= 1
        elif w == '"':
            straight = not straight
        elif w == "(":
            paren += 1
        elif w == ")" and paren:
            paren -= 1
        elif w == "[":
            brack += 1
        elif w == "]" and brack:
            brack -= 1
    return out
