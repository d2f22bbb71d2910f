"""Measure the citation layer and print tables.

1. The sample chapter's TEI against the gold (``../shared/gold/seed_gold.json``): citation
   boundaries, per-field precision/recall/F1, links (Ibid., short titles, abbreviations).
   Each gold citation is matched to the ``<bibl>`` of the same note with the most words in
   common; parts are compared with whitespace, surrounding punctuation and quotes, and
   their printed labels ("p.", "vol.", "docs") ignored.
2. The citation models, in one table (``models_table``): the labeller on AnyStyle's held-out
   fold (``../shared/corpus/anystyle-dev.jsonl``, 20% by sha256 of ``id``, never trained on)
   per ``style_guess`` and per field, with the converter's ``parse_reference`` beside it (the
   rules it replaced scored 0.487 micro F1 on this fold: humanities-note 0.866 on 37
   references, humanities-bibliography 0.622, author-date 0.429, numeric-science 0.388);
   LinkedBooks ``test`` (citation spans with exact boundaries, raw and with connectives and
   punctuation trimmed on both sides, and fields on the gold spans); FRUS chapters 1 and 3,
   each end to end (segmenter, then labeller) by models trained without that chapter
   (trained on first use, cached in ``bench/.cache/`` by a hash of the data and code); the
   sample's gold end to end with the shipped models (which were trained on it).
3. Every FRUS chapter of ``../shared/corpus/docs/`` (or ``--chapter``), against what its source
   says for itself: the italic runs of each note (notes.json) are the titles of books and
   journals, quotation marks mark article titles, and an abbreviation's expansion is the
   title of the work it follows, so it is set in italics. Titles named in prose come from the
   mentions model, trained here without the chapter it is measured on.

Usage: python bench/citations.py [TEI] [--gold FILE] [--corpus FILE] [--styles a,b] [--json]
       [--models DIR] [--folds ch01,ch03] [--no-linkedbooks] [--errors]
Without TEI, uses tei/roberts-1995-rapallo.xml when present, else converts the bundled
sample in-process.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from teiedition.citations import corpora, crf, evaluate, mentions, parse_reference, train

SHARED = ROOT.parent / "shared"
TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
# One normaliser and one comparison for every measure here and in the models' card.
norm, prf, compare = evaluate.norm, evaluate.prf, evaluate.compare


# ---------------------------------------------------------------- the sample's TEI


def printed(el: etree._Element) -> str:
    """The element's text as printed: without the editor's <corr> insertions."""
    out = []

    def walk(e):
        if e.tag == f"{TEI}corr":
            return
        if e.text:
            out.append(e.text)
        for c in e:
            walk(c)
            if c.tail:
                out.append(c.tail)
    walk(el)
    return "".join(out)


def words(text: str) -> Counter:
    return Counter(re.findall(r"\w+", text.casefold()))


def bibl_fields(b: etree._Element) -> dict[str, list[str]]:
    f: dict[str, list[str]] = defaultdict(list)
    titles = [(t.get("level"), printed(t)) for t in b.iter(f"{TEI}title")]
    # A letter has no title of its own (the gold's convention): a monograph title in it is
    # the volume that prints it, encoded as docs/encoding.md shows ("A letter printed in a
    # volume"), and the gold's container.
    has_a = any(lv == "a" for lv, _ in titles) or b.get("type") == "letter"
    for lv, t in titles:
        if lv == "j":
            f["journal"].append(t)
        elif lv == "a" or (lv == "m" and not has_a and "title" not in f):
            f["title"].append(t)
        elif lv == "m":
            f["container"].append(t)
        elif lv == "s":
            # A series named by its title ("Reports of the Secretary of State to the
            # President and Congress, 1790–1906"); a number or a session is a biblScope.
            f["series"].append(t)
    for a in b.iter(f"{TEI}author"):
        f["authors"].append(printed(a))
    for e in b.iter(f"{TEI}editor"):
        f["editors"].append(printed(e))
    for tag in ("pubPlace", "publisher", "date"):
        for e in b.iter(f"{TEI}{tag}"):
            f[tag].append(printed(e))
    for e in b.iter(f"{TEI}biblScope"):
        f[e.get("unit", "scope")].append(printed(e))
    units = {"page": "pages", "document": "docs", "chapter": "chapter", "note": "note_ref",
             "appendix": "appendix"}
    pages = []
    for e in b.iter(f"{TEI}citedRange"):
        key = units.get(e.get("unit", ""), e.get("unit", "range"))
        if key == "pages":
            pages.append(printed(e))
        else:
            f[key].append(printed(e))
    if pages:
        f["pages"].append(", ".join(norm(p) for p in pages))
    for e in b.iter(f"{TEI}abbr"):
        f["defines_abbr"].append(printed(e))
    return f


GOLD_FIELDS = ["authors", "editors", "title", "container", "journal", "series", "volume", "issue",
               "pages", "docs", "chapter", "appendix", "note_ref", "pubPlace", "publisher", "date",
               "defines_abbr"]


def gold_fields(c: dict) -> dict[str, list[str]]:
    f: dict[str, list[str]] = {}
    for k in GOLD_FIELDS:
        v = c.get(k)
        if k == "editors":
            v = (c.get("editors") or []) + (c.get("container_editors") or [])
        if v:
            f[k] = v if isinstance(v, list) else [v]
    if c.get("kind") == "journal_issue" and "journal" in f and "title" not in f:
        pass
    return f


def _in_notes_div(note: etree._Element) -> bool:
    parent = note.getparent()
    return parent is not None and parent.get("type") == "notes"


def score_tei(root: etree._Element, gold: dict) -> dict:
    notes = {int(n.get("n", "")): n for n in root.iter(f"{TEI}note") if n.get("n", "").isdigit()
             and _in_notes_div(n)}
    field_counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    n_gold = n_found = n_exact = 0
    boundary_errors: list[tuple[int, str, str | None]] = []
    field_errors: list[tuple] = []
    link_errors: list[tuple] = []
    matched: dict[tuple[int, int], etree._Element] = {}
    n_pred = 0
    for gn in gold["notes"]:
        note = notes.get(gn["n"])
        bibls = list(note.iter(f"{TEI}bibl")) if note is not None else []
        n_pred += len(bibls)
        for k, c in enumerate(gn["citations"]):
            n_gold += 1
            gw = words(c["surface"])
            best, best_common = None, 0
            for b in bibls:
                common = sum((words(printed(b)) & gw).values())
                if common > best_common:
                    best, best_common = b, common
            if best is None:
                boundary_errors.append((gn["n"], c["surface"], None))
                pf: dict[str, list[str]] = {}
            else:
                n_found += 1
                matched[(gn["n"], k)] = best
                if " ".join(printed(best).split()) == " ".join(c["surface"].split()):
                    n_exact += 1
                else:
                    boundary_errors.append((gn["n"], c["surface"], printed(best)))
                pf = bibl_fields(best)
            gf = gold_fields(c)
            for key in set(gf) | set(pf):
                if key not in GOLD_FIELDS:
                    continue
                tp, fp, fn = compare(pf.get(key, []), gf.get(key, []))
                cnt = field_counts[key]
                cnt[0] += tp
                cnt[1] += fp
                cnt[2] += fn
                if fp or fn:
                    field_errors.append((gn["n"], key, pf.get(key), gf.get(key)))
    # Links: the predicted ref/@target must be the bibl matched to the gold target.
    n_links = n_links_ok = 0
    for gn in gold["notes"]:
        for k, c in enumerate(gn["citations"]):
            link = c.get("link")
            if not link:
                continue
            n_links += 1
            got = matched.get((gn["n"], k))
            refs = list(got.iter(f"{TEI}ref")) if got is not None else []
            targets = [r.get("target") for r in refs if r.get("target")]
            if link["to"] is None:
                ok = got is not None and not targets and not got.get("corresp")
                expect = None
            else:
                tn, tk = (int(x) for x in link["to"].split(":"))
                tb = matched.get((tn, tk))
                expect = f"#{tb.get(XML_ID)}" if tb is not None else "?"
                via = {"short_title": "short"}.get(link["via"], link["via"])
                ok = any(r.get("target") == expect and r.get("type") == via for r in refs)
            n_links_ok += ok
            if not ok:
                link_errors.append((gn["n"], c["surface"], link, targets, expect))
    return {"gold": n_gold, "predicted": n_pred, "found": n_found, "exact": n_exact,
            "fields": dict(field_counts), "links": n_links, "links_ok": n_links_ok,
            "boundary_errors": boundary_errors, "field_errors": field_errors,
            "link_errors": link_errors}


# ---------------------------------------------------------------- the labelled corpus

CORPUS_MAP = {"author": "author", "editor": "editor", "translator": "translator",
              "title": "title", "container-title": "title[m]", "journal": "title[j]",
              "location": "pubPlace", "publisher": "publisher", "date": "date",
              "volume": "volume", "pages": "pages"}


def reference_fields(text: str) -> dict[str, list[str]]:
    ref = parse_reference(text)
    f: dict[str, list[str]] = defaultdict(list)
    spans = sorted(ref.spans, key=lambda s: (s.start, -s.end))
    authors: list = []
    editors: list = []
    translators: list = []
    for s in spans:
        v = text[s.start:s.end]
        lv = s.attrs.get("level")
        if s.tag == "title":
            f[f"title[{lv}]"].append(v)
        elif s.tag == "author":
            authors.append(s)
        elif s.tag == "editor":
            (translators if s.attrs.get("role") == "translator" else editors).append(s)
        elif s.tag in ("pubPlace", "publisher", "date"):
            f[s.tag].append(v)
        elif s.tag == "biblScope" and s.attrs.get("unit") in ("volume", "issue"):
            f["volume"].append(v)
        elif s.tag in ("citedRange", "biblScope") and s.attrs.get("unit") == "page":
            f["pages"].append(v)
    # Corpus labels hold a whole name list as one value: compare the list's extent.
    for key, group in (("author", authors), ("editor", editors), ("translator", translators)):
        if group:
            f[key].append(text[group[0].start:group[-1].end])
    if len(f["pages"]) > 1:
        f["pages"] = [text[text.find(f["pages"][0]):text.rfind(f["pages"][-1]) + len(f["pages"][-1])]]
    if len(f["volume"]) > 1:
        f["volume"] = [" ".join(f["volume"])]
    return f


def corpus_gold(rec: dict) -> dict[str, list[str]]:
    g: dict[str, list[str]] = {}
    for label, values in rec["fields_norm"].items():
        key = CORPUS_MAP.get(label)
        if key:
            g.setdefault(key, []).extend(values)
    if "volume" in g and len(g["volume"]) > 1:
        g["volume"] = [" ".join(g["volume"])]
    # title -> title[@level='a'] with a container or journal, else title[@level='m'] (README).
    if "title" in g:
        lv = "a" if ("title[m]" in g or "title[j]" in g) else "m"
        g.setdefault(f"title[{lv}]", []).extend(g.pop("title"))
    return g


# AnyStyle's translators are editors with a role; the models label both ``editor``.
MODEL_KEYS = {"author": "author", "editor": "editor", "container": "title[m]",
              "journal": "title[j]", "pubPlace": "pubPlace", "publisher": "publisher",
              "date": "date", "volume": "volume", "pages": "pages"}


def _merge_translators(f: dict[str, list[str]]) -> dict[str, list[str]]:
    if "translator" in f:
        f.setdefault("editor", []).extend(f.pop("translator"))
    return f


def model_fields(models: crf.Models, text: str) -> dict[str, list[str]]:
    """The labeller's parts under the rules' keys (title level from container or journal)."""
    parts = models.label(text, 0, len(text))
    has_cj = any(p.label in ("container", "journal") for p in parts)
    by: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for p in parts:
        key = ("title[a]" if has_cj else "title[m]") if p.label == "title" else MODEL_KEYS.get(p.label)
        if key:
            by[key].append((p.start, p.end))
    f: dict[str, list[str]] = {}
    for key, spans in by.items():
        # Name lists and page ranges are one value in the corpus: compare their extent.
        if key in ("author", "editor", "pages"):
            f[key] = [text[spans[0][0]:spans[-1][1]]]
        elif key == "volume":
            f[key] = [" ".join(text[a:b] for a, b in spans)]
        else:
            f[key] = [text[a:b] for a, b in spans]
    return f


def score_corpus(path: Path, styles: list[str], models: crf.Models | None) -> dict[str, dict]:
    """The rules (``parse_reference``) and the labeller on AnyStyle's held-out fold, per style.

    Only fold ``train.HELD_OUT`` (sha256 of the id, 20%): the shipped models never saw it.
    """
    out: dict[str, dict] = {}
    recs = [json.loads(line) for line in path.open(encoding="utf-8")]
    recs = [r for r in recs if corpora.fold(r["id"]) == train.HELD_OUT]
    for style in [*styles, "all"]:
        rules: dict[str, list[int]] = {}
        model: dict[str, list[int]] = {}
        n = 0
        for rec in recs:
            if style != "all" and rec["style_guess"] != style:
                continue
            if style == "all" and rec["style_guess"] not in styles:
                continue
            n += 1
            gold = _merge_translators(corpus_gold(rec))
            evaluate.add(rules, _merge_translators(reference_fields(rec["text"])), gold)
            if models is not None:
                evaluate.add(model, model_fields(models, rec["text"]), gold)
        out[style] = {"n": n, "rules": rules, "model": model}
    return out


# ---------------------------------------------------------------- LinkedBooks and the gold notes


def score_linkedbooks(models: crf.Models, path: Path) -> dict:
    """LinkedBooks ``test``: spans (raw and normalised) and the labeller on the gold spans."""
    test = list(corpora.read_linkedbooks(path, ["test"]))
    return {"n": len(test), "spans": train.linkedbooks_spans(models, path, "test"),
            "fields": evaluate.label_counts(models, test).get("test", {})}


def _digest(chapter: str, files: list[Path]) -> str:
    """A cache key: the chapter left out, and the name and content of every file a model is
    made from (data, annotations, and the modules that decide what a model learns)."""
    import hashlib
    h = hashlib.sha256(chapter.encode())
    for f in files:
        h.update(f.name.encode())
        h.update(corpora.sha256_file(f).encode())
    return h.hexdigest()[:16]


def _modules(*names: str) -> list[Path]:
    return [Path(train.__file__).parent / f"{m}.py" for m in names]


def _cache_key(shared: Path, chapter: str) -> str:
    """The data, the annotations and the training code: a fold model is rebuilt when one changes."""
    return _digest(chapter, [shared / "corpus" / "anystyle-dev.jsonl",
                             shared / "corpus" / "linkedbooks" / "linkedbooks-references.jsonl.gz",
                             *sorted((shared / "gold").glob("*.json")),
                             *sorted(train.ANNOTATIONS.glob("*.json")),
                             *_modules("tokens", "features", "corpora", "train", "neural", "neural_train")])


def fold_models(shared: Path, chapter: str) -> crf.Models:
    """Models trained without ``chapter``'s gold, cached under bench/.cache/ by the data hash."""
    cache = ROOT / "bench" / ".cache"
    cache.mkdir(parents=True, exist_ok=True)
    # The cache is local: a .gitignore inside it keeps it out of commits without touching the repo's.
    (cache / ".gitignore").write_text("*\n", encoding="utf-8")
    out = cache / f"without-{chapter}-{_cache_key(shared, chapter)}"
    if not (out / crf.LABELLER).is_file():
        print(f"training models without {chapter} into {out.relative_to(ROOT)} …", file=sys.stderr)
        train.main(["--shared", str(shared), "--out", str(out), "--exclude-gold", chapter,
                    "--no-eval"])
    return crf.Models(out)


ARCHIVAL_PARTS = ("recipient", "repository", "collection", "box", "folder", "item")


def score_gold_chapter(models: crf.Models, docs: list[corpora.Doc]) -> dict:
    r = next(iter(evaluate.note_counts(models, docs).values()))
    r["parts"] = {k: v for k, v in r["fields"].items() if k in ARCHIVAL_PARTS}
    return r


# ---------------------------------------------------------------- a chapter without gold


def _run_words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _italic(title: str, runs: list[str]) -> bool:
    """Is the title exactly one italic run, or consecutive runs the source split
    ("Hartford" + "Daily Courant")?"""
    tw = _run_words(title)
    ws = [_run_words(r) for r in runs]
    for i in range(len(ws)):
        acc: list[str] = []
        for w in ws[i:]:
            acc += w
            if acc == tw:
                return True
            if len(acc) >= len(tw):
                break
    return False


def score_unlabelled(tei_root: etree._Element, notes_json: dict) -> dict:
    runs = {int(n["n"]): n["italic_spans"] for n in notes_json["notes"]}
    texts = {int(n["n"]): n["text"] for n in notes_json["notes"]}
    notes = {int(n.get("n", "")): n for n in tei_root.iter(f"{TEI}note")
             if n.get("n", "").isdigit() and _in_notes_div(n)}
    tp_p = n_titles = tp_r = n_runs = a_total = a_unquoted = 0
    wrong_titles, missed_runs, unquoted = [], [], []
    for n, note in notes.items():
        titles = [printed(t) for t in note.iter(f"{TEI}title") if t.get("level") in ("m", "j")]
        for title in titles:
            n_titles += 1
            if _italic(title, runs.get(n, [])):
                tp_p += 1
            else:
                wrong_titles.append((n, title))
        all_titles = " | ".join(" ".join(_run_words(printed(t))) for t in note.iter(f"{TEI}title"))
        for r in runs.get(n, []):
            n_runs += 1
            if " ".join(_run_words(r)) in all_titles:
                tp_r += 1
            else:
                missed_runs.append((n, r))
        for t in note.iter(f"{TEI}title"):
            if t.get("level") == "a":
                a_total += 1
                if not re.search(r"[‘“\"«]\s*" + re.escape(printed(t)), texts.get(n, "")):
                    a_unquoted += 1
                    unquoted.append((n, printed(t)))
    # An abbreviation's expansion should be an italic run of the note that defines it.
    abbr_ok, abbr_bad = 0, []
    defining: dict[str, int] = {}
    for n, note in notes.items():
        for b in note.iter(f"{TEI}bibl"):
            for a in b.iter(f"{TEI}abbr"):
                defining.setdefault(printed(a), n)
    items = tei_root.findall(f".//{TEI}div[@type='abbreviations']/{TEI}list/{TEI}item")
    labels = tei_root.findall(f".//{TEI}div[@type='abbreviations']/{TEI}list/{TEI}label")
    for lab, item in zip(labels, items, strict=False):
        ab, exp = printed(lab).strip(), printed(item).strip()
        if _italic(exp, runs.get(defining.get(ab, -1), [])):
            abbr_ok += 1
        else:
            abbr_bad.append((ab, exp))
    return {"titles": n_titles, "titles_italic": tp_p, "runs": n_runs, "runs_in_title": tp_r,
            "title_a": a_total, "title_a_unquoted": a_unquoted, "abbrs": len(items),
            "abbrs_ok": abbr_ok, "wrong_titles": wrong_titles, "missed_runs": missed_runs,
            "unquoted": unquoted, "abbr_errors": abbr_bad}


def unlabelled_chapter(path: Path) -> tuple[etree._Element, dict]:
    from teiedition import api
    from teiedition.sourcefile import read_text
    tree = api.convert_text(read_text(path).text, str(path))[0]
    notes = json.loads(path.with_suffix(".notes.json").read_text(encoding="utf-8"))
    return tree.getroot(), notes


def mention_fold(shared: Path, chapter: str) -> Path:
    """A mentions model trained on every other chapter's italic runs (never this one's),
    cached under bench/.cache/ by a hash of the notes files and the code that trains it."""
    docs = sorted((shared / "corpus" / "docs").glob("*.notes.json"))
    key = _digest(chapter, [*docs, *_modules("tokens", "features", "mentions", "train")])
    out = ROOT / "bench" / ".cache" / f"mentions-without-{chapter}-{key}"
    if not (out / crf.MENTIONS).is_file():
        out.mkdir(parents=True, exist_ok=True)
        (out.parent / ".gitignore").write_text("*\n", encoding="utf-8")
        data = train.Data()
        for f in docs:
            data.italics[corpora.chapter_name(f.name.removesuffix(".notes.json"))] = \
                list(mentions.italic_sequences(f))
        train.train_model(train.italic_pairs(data, {chapter}), train.Plan().men_params,
                          out / crf.MENTIONS)
    return out


def blind_chapter(path: Path, shared: Path, base: Path = crf.MODELS) -> tuple[etree._Element, dict]:
    """``unlabelled_chapter`` with the mentions model trained without this chapter, and the
    segmenter and labeller of ``base`` (the shipped ones, or a fold's trained without it)."""
    chapter = corpora.chapter_name(path.name)
    saved = crf._MODELS
    crf._MODELS = crf.Models(base, mentions=mention_fold(shared, chapter))
    try:
        return unlabelled_chapter(path)
    finally:
        crf._MODELS = saved


def print_unlabelled(name: str, u: dict, errors: bool) -> None:
    p = u["titles_italic"] / max(1, u["titles"])
    r = u["runs_in_title"] / max(1, u["runs"])
    f = 2 * p * r / (p + r) if p + r else 0.0
    print(f"{name}")
    print(f"  titles m/j set in italics (precision)  {u['titles_italic']}/{u['titles']} = {p:.3f}")
    print(f"  italic runs inside a title (recall)    {u['runs_in_title']}/{u['runs']} = {r:.3f}   F1 {f:.3f}")
    print(f"  title[a] not in quotes in the source   {u['title_a_unquoted']}/{u['title_a']}")
    print(f"  abbreviations expanded to their title  {u['abbrs_ok']}/{u['abbrs']}")
    if errors:
        for key in ("wrong_titles", "missed_runs", "unquoted", "abbr_errors"):
            for e in u[key]:
                print(f"  {key.upper()}", e)


# ---------------------------------------------------------------- printing


def table(title: str, counts: dict[str, list[int]]) -> str:
    lines = [title, f"  {'field':<14}{'P':>7}{'R':>7}{'F1':>7}{'gold':>7}"]
    tot = [0, 0, 0]
    for key in sorted(counts, key=lambda k: -(counts[k][0] + counts[k][2])):
        tp, fp, fn = counts[key]
        tot = [tot[0] + tp, tot[1] + fp, tot[2] + fn]
        p, r, f = prf(tp, fp, fn)
        lines.append(f"  {key:<14}{p:7.3f}{r:7.3f}{f:7.3f}{tp + fn:7d}")
    p, r, f = prf(*tot)
    lines.append(f"  {'ALL (micro)':<14}{p:7.3f}{r:7.3f}{f:7.3f}{tot[0] + tot[2]:7d}")
    return "\n".join(lines)


def _block(section: str, group: str, model: dict[str, list[int]],
           rules: dict[str, list[int]] | None = None, only: tuple[str, ...] = ()) -> list[str]:
    """Rows of the models' table: one per field, then the micro average."""
    keys = [k for k in sorted(set(model) | set(rules or {}),
                              key=lambda k: -sum((model.get(k) or [0, 0, 0])[0::2]))
            if not only or k in only]
    rows = []
    for key in [*keys, "ALL (micro)"]:
        if key == "ALL (micro)":
            m = [sum(model.get(k, [0, 0, 0])[i] for k in keys) for i in range(3)]
            r = [sum((rules or {}).get(k, [0, 0, 0])[i] for k in keys) for i in range(3)]
        else:
            m, r = model.get(key, [0, 0, 0]), (rules or {}).get(key, [0, 0, 0])
        p, rc, f = prf(*m)
        rf = f"{prf(*r)[2]:7.3f}" if rules is not None else f"{'':>7}"
        rows.append(f"  {section:<12}{group:<30}{key:<14}{rf}{p:7.3f}{rc:7.3f}{f:7.3f}{m[0] + m[2]:7d}")
    return rows


def models_table(corpus: dict, lb: dict | None, gold: dict[str, dict]) -> str:
    """The one table of the models: AnyStyle held-out per style, LinkedBooks test, gold notes."""
    lines = [("Citation models (conv = F1 of the converter's parse_reference, the labeller plus "
              "assembly, which replaced the rules; model = the labeller alone: the shipped model, or "
              "for a FRUS chapter, models trained without it)"),
             f"  {'data':<12}{'group':<30}{'field':<14}{'conv':>7}{'P':>7}{'R':>7}{'F1':>7}{'gold':>7}"]
    for style, res in corpus.items():
        lines += _block("anystyle", f"{style} ({res['n']})", res["model"], res["rules"])
    if lb:
        for kind in ("raw", "normalised"):
            sp = lb["spans"][kind]
            lines.append(f"  {'linkedbooks':<12}{'spans, ' + kind:<30}{'exact span':<14}{'':>7}"
                         f"{sp['P']:7.3f}{sp['R']:7.3f}{sp['F1']:7.3f}{sp['gold']:7d}")
        lines += _block("linkedbooks", f"test fields ({lb['n']})", lb["fields"])
    for name, r in gold.items():
        lines.append(f"  {'gold':<12}{name:<30}{'found':<14}{'':>7}{'':>7}"
                     f"{r['found'] / max(1, r['gold']):7.3f}{'':>7}{r['gold']:7d}")
        lines.append(f"  {'gold':<12}{name:<30}{'exact':<14}{'':>7}{'':>7}"
                     f"{r['exact'] / max(1, r['gold']):7.3f}{'':>7}{r['gold']:7d}")
        lines += _block("gold", name, r["fields"])
        if r["parts"]:
            lines += _block("gold", name + " archival", r["parts"])
    return "\n".join(lines)


def load_tei(path: str | None) -> tuple[etree._Element, str, list]:
    if path:
        return etree.parse(path).getroot(), path, []
    default = ROOT / "tei" / "roberts-1995-rapallo.xml"
    if default.exists():
        root = etree.parse(str(default)).getroot()
        # Only a TEI file made with the citation layer has bibls in its notes.
        if root.find(f".//{TEI}div[@type='notes']//{TEI}bibl") is not None:
            return root, str(default), []
    from teiedition import api
    from teiedition.sourcefile import read_text
    src = api.sample_path()
    tree, chapter = api.convert_text(read_text(src).text, str(src))[:2]
    return tree.getroot(), f"in-process conversion of {src.name} ({default} has no citations yet)", chapter.warnings


ARCHIVAL_PARTS = {  # gold key -> how the converter marks it up (docs/encoding.md)
    "recipients": ("name", "type", "recipient"), "repository": ("orgName", "type", "repository"),
    "collection": ("name", "type", "collection"), "box": ("biblScope", "unit", "box"),
    "folder": ("biblScope", "unit", "folder"), "item": ("idno", "type", "item")}


def score_converter_chapter(models: crf.Models, gold_chapter: dict) -> dict:
    """A FRUS chapter through the whole converter (readers, models, rules, TEI) with the given
    models, scored against its gold: boundaries, fields, links, letters and archives typed,
    and their archival parts."""
    from teiedition import api
    saved = crf._MODELS
    crf._MODELS = models
    try:
        text = (SHARED / "corpus" / "docs" / gold_chapter["file"]).read_text(encoding="utf-8")
        root = api.convert_text(text, gold_chapter["file"])[0].getroot()
    finally:
        crf._MODELS = saved
    r = score_tei(root, {"notes": gold_chapter["notes"]})
    notes = {int(n.get("n")): n for n in root.iter(f"{TEI}note")
             if n.get("n", "").isdigit() and _in_notes_div(n)}
    typed = typed_ok = 0
    parts = [0, 0, 0]
    for gn in gold_chapter["notes"]:
        bibls = list(notes[gn["n"]].iter(f"{TEI}bibl")) if gn["n"] in notes else []
        for c in gn["citations"]:
            gw = words(c["surface"])
            best = max(bibls, key=lambda b: sum((words(printed(b)) & gw).values()), default=None)
            if c["kind"] in ("letter", "archive"):
                typed += 1
                typed_ok += best is not None and best.get("type") == c["kind"]
            for key, (tag, attr, value) in ARCHIVAL_PARTS.items():
                gold_values = c.get(key) or []
                gold_values = gold_values if isinstance(gold_values, list) else [gold_values]
                pred = [printed(e) for e in best.iter(f"{TEI}{tag}") if e.get(attr) == value] \
                    if best is not None else []
                for k, v in enumerate(compare(pred, gold_values)):
                    parts[k] += v
    r["typed"], r["typed_ok"], r["parts"] = typed, typed_ok, parts
    return r


def print_converter_chapter(name: str, r: dict) -> None:
    tp = sum(v[0] for v in r["fields"].values())
    fp = sum(v[1] for v in r["fields"].values())
    fn = sum(v[2] for v in r["fields"].values())
    print(f"  {name}: found {r['found'] / r['gold']:.3f}, exact {r['exact'] / r['gold']:.3f}, "
          f"field F1 {prf(tp, fp, fn)[2]:.3f}, links {r['links_ok']}/{r['links']}, letters and "
          f"archives typed {r['typed_ok']}/{r['typed']}, their parts F1 {prf(*r['parts'])[2]:.3f}")


FORMATS = ROOT / "tests" / "fixtures" / "readers"


def score_formats(gold: dict) -> dict[str, tuple[dict, dict]]:
    """The sample as DOCX, ODT and Markdown (real footnotes, italic titles): scored with the
    source's italics as title evidence and with them taken away, to show what they add."""
    from teiedition import readers, tei
    from teiedition.citations import parse_citations
    out = {}
    for path in sorted(FORMATS.glob("roberts-1995-rapallo.*")):
        if path.suffix not in (".docx", ".odt", ".md"):
            continue
        text = readers.load(path, None, None)
        scores = []
        for keep in (True, False):
            ch = readers.read(text.text, str(path), None, text.data)
            if not keep:
                for note in ch.notes:
                    note.styles = [st for st in note.styles if st.kind != "italic"]
            scores.append(score_tei(tei.to_tei(parse_citations(ch)).getroot(), gold))
        out[path.suffix[1:]] = (scores[0], scores[1])
    return out


def _title_f1(s: dict) -> float:
    tp = fp = fn = 0
    for key in ("title", "journal", "container"):
        a, b, c = s["fields"].get(key, [0, 0, 0])
        tp, fp, fn = tp + a, fp + b, fn + c
    return prf(tp, fp, fn)[2]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("tei", nargs="?")
    ap.add_argument("--gold", default=str(SHARED / "gold" / "seed_gold.json"))
    ap.add_argument("--corpus", default=str(SHARED / "corpus" / "anystyle-dev.jsonl"))
    ap.add_argument("--styles", default="humanities-note,humanities-bibliography,author-date,"
                    "numeric-science,other")
    ap.add_argument("--chapter", action="append", default=None,
                    help="a chapter with a .notes.json of italic runs beside it (repeatable; "
                    "default: every such chapter of the shared corpus; '' to skip)")
    ap.add_argument("--errors", action="store_true", help="list every mismatch")
    ap.add_argument("--models", default=None, help="a model directory (default: the shipped models)")
    ap.add_argument("--shared", default=str(SHARED))
    ap.add_argument("--linkedbooks", action=argparse.BooleanOptionalAction, default=True)
    ap.add_argument("--folds", default="ch01,ch03",
                    help="gold chapters measured by models trained without them ('' to skip)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--formats", action=argparse.BooleanOptionalAction, default=True,
                    help="the sample as DOCX, ODT and Markdown, with and without its italics")
    args = ap.parse_args(argv)

    root, source, warnings = load_tei(args.tei)
    gold = json.loads(Path(args.gold).read_text(encoding="utf-8"))
    s = score_tei(root, gold)
    models = crf.Models(Path(args.models)) if args.models else crf.models()
    shared = Path(args.shared)
    corpus = score_corpus(Path(args.corpus), args.styles.split(","), models) if args.corpus else {}
    lb_path = shared / "corpus" / "linkedbooks" / "linkedbooks-references.jsonl.gz"
    lb = score_linkedbooks(models, lb_path) if args.linkedbooks else None
    chapters: dict[str, list[corpora.Doc]] = {}
    stats = corpora.AlignStats()
    for path in (Path(args.gold), shared / "gold" / "frus-history-ch01-ch03.gold.json"):
        for ch, notes in corpora.gold_file_notes(path):
            ch = "sample" if path == Path(args.gold) else ch
            chapters[ch] = list(corpora.gold_notes(notes, f"gold:{ch}", ch, stats))
    gold_scores = {}
    for ch in [c for c in args.folds.split(",") if c]:
        gold_scores[f"{ch} (without it)"] = score_gold_chapter(fold_models(shared, ch), chapters[ch])
    gold_scores["sample (trained on)"] = score_gold_chapter(models, chapters["sample"])
    chapter_paths = [Path(c) for c in (args.chapter if args.chapter is not None else sorted(
        str(p.with_suffix("").with_suffix(".txt")) for p in (shared / "corpus" / "docs").glob("*.notes.json")))
        if c]
    folds = [c for c in args.folds.split(",") if c]
    unl = {}
    for p in chapter_paths:
        ch = corpora.chapter_name(p.name)
        if ch in folds:  # a gold chapter: every model trained without it
            unl[f"{p.name} (all three models trained without it)"] = score_unlabelled(
                *blind_chapter(p, shared, fold_models(shared, ch).directory))
        unl[p.name] = score_unlabelled(*blind_chapter(p, shared))
    if args.json:
        print(json.dumps({"sample": {k: v for k, v in s.items() if not k.endswith("errors")},
                          "corpus": corpus, "linkedbooks": lb,
                          "gold_notes": {k: {x: y for x, y in v.items() if x != "errors"}
                                         for k, v in gold_scores.items()},
                          "chapters": {name: {k: v for k, v in u.items() if isinstance(v, int)}
                                       for name, u in unl.items()}},
                         indent=1))
        return 0
    print(f"Sample: {source}")
    print(f"  gold citations {s['gold']}, bibls {s['predicted']}, matched {s['found']}, "
          f"exact boundaries {s['exact']} ({100 * s['exact'] / s['gold']:.1f}%)")
    print(f"  links right {s['links_ok']}/{s['links']} ({100 * s['links_ok'] / max(1, s['links']):.1f}%)")
    unresolved = [w.message for w in warnings if "no full citation" in w.message]
    if not warnings:
        # From the TEI alone: a short title that points nowhere and has no bibliography entry.
        unresolved = [printed(b) for b in root.iter(f"{TEI}bibl") if not b.get("corresp")
                      and b.find(f"{TEI}title[@type='short']") is not None
                      and not any(r.get("target") for r in b.iter(f"{TEI}ref"))]
    print(f"  unresolved short titles: {len(unresolved)}")
    for m in unresolved:
        print(f"    {m}")
    print(table("  Fields (sample)", s["fields"]))
    if args.errors:
        for e in s["boundary_errors"]:
            print("  BOUNDARY", e)
        for e in s["field_errors"]:
            print("  FIELD", e)
        for e in s["link_errors"]:
            print("  LINK", e)
    if args.formats:
        print("  The sample in other formats (title, journal, book title F1; exact boundaries):")
        for fmt, (typeset, plain) in score_formats(gold).items():
            print(f"    {fmt:<5} with italics {_title_f1(typeset):.3f} ({typeset['exact']}/{typeset['gold']})"
                  f"   without {_title_f1(plain):.3f} ({plain['exact']}/{plain['gold']})")
    if folds:
        print("  FRUS chapters through the whole converter, models trained without the chapter:")
        frus = json.loads((shared / "gold" / "frus-history-ch01-ch03.gold.json").read_text(encoding="utf-8"))
        for ch in folds:
            chapter = next((c for c in frus["chapters"] if ch in c["file"]), None)
            if chapter is not None:
                print_converter_chapter(ch, score_converter_chapter(fold_models(shared, ch), chapter))
    print()
    print(models_table(corpus, lb, gold_scores))
    print(f"  gold values aligned to their citation: {stats.aligned}/{stats.values}; "
          f"not found: {stats.failed}")
    if args.errors:
        for name, r in gold_scores.items():
            for e in r["errors"]:
                print(f"  {name} BOUNDARY", e)
    if unl:
        print()
        print("Chapters against their italic runs (mentions model always trained without the")
        print("chapter; segmenter and labeller shipped, so trained on the chapter's annotations,")
        print("except the lines marked 'all three models trained without it'):")
        for name, u in unl.items():
            print_unlabelled(name, u, args.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
