"""Measure the citation layer and print tables.

1. The sample chapter's TEI against the gold (``../shared/gold/seed_gold.json``): citation
   boundaries, per-field precision/recall/F1, links (Ibid., short titles, abbreviations).
   Each gold citation is matched to the ``<bibl>`` of the same note with the most words in
   common; parts are compared with whitespace, surrounding punctuation and quotes, and
   their printed labels ("p.", "vol.", "docs") ignored.
2. ``parse_reference`` (the ``teiedition bibl`` parser) on the labelled corpus
   (``../shared/corpus/anystyle-dev.jsonl``), per ``style_guess``.
3. A Chicago-style chapter with no gold (``../shared/corpus/docs/frus-history-ch02.txt``),
   against what its source says for itself: the italic runs of each note (notes.json) are
   the titles of books and journals, quotation marks mark article titles, and an
   abbreviation's expansion is the title of the work it follows, so it is set in italics.

Usage: python bench/citations.py [TEI] [--gold FILE] [--corpus FILE] [--styles a,b] [--json]
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

from teiedition.citations import parse_reference  # noqa: E402

SHARED = ROOT.parent / "shared"
TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
LABELS = re.compile(r"^(?:ed\.\s+by|edited\s+by|trans\.\s+by|translated\s+by|pp?\.|pages?|vols?\.|volume|nos?\.|issue|docs?\.?|documents?|ch\.|chap\.|"
                    r"chapters?|nn?\.|notes?|series|ser\.|appendix|app\.|part|pt\.|in|ed\.|eds\.?|"
                    r"edited by|trans\.|translated by|\(eds?\.?\))\s*", re.I)
STRIP = " \t\n.,;:()[]‘’“”\"'«»`"

# ---------------------------------------------------------------- normalising values


def norm(value: str) -> str:
    v = " ".join(value.split())
    v = re.sub(r"\s*\((?:eds?\.?|hrsg\.?|trans\.?)\)\s*$|,?\s+eds?\.?\s*$", "", v, flags=re.I)
    for _ in range(3):
        v = v.strip(STRIP)
        v = LABELS.sub("", v)
        v = re.sub(r"\s*\((?:eds?\.?|hrsg\.?|trans\.?)\)$|,?\s+eds?\.?$", "", v, flags=re.I)
    v = v.strip(STRIP)
    v = re.sub(r"\s*([,;:])\s*", r"\1 ", v)
    return v.replace("‐", "-").casefold()


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def compare(pred: list[str], gold: list[str]) -> tuple[int, int, int]:
    pc, gc = Counter(norm(x) for x in pred if norm(x)), Counter(norm(x) for x in gold if norm(x))
    tp = sum((pc & gc).values())
    return tp, sum(pc.values()) - tp, sum(gc.values()) - tp


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
    has_a = any(lv == "a" for lv, _ in titles)
    for lv, t in titles:
        if lv == "j":
            f["journal"].append(t)
        elif lv == "a" or (lv == "m" and not has_a and "title" not in f):
            f["title"].append(t)
        elif lv == "m":
            f["container"].append(t)
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


def score_tei(root: etree._Element, gold: dict) -> dict:
    notes = {int(n.get("n")): n for n in root.iter(f"{TEI}note") if n.get("n", "").isdigit()
             and n.getparent() is not None and n.getparent().get("type") == "notes"}
    field_counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    n_gold = n_found = n_exact = 0
    boundary_errors, field_errors, link_errors = [], [], []
    matched: dict[tuple[int, int], etree._Element] = {}
    n_pred = 0
    for gn in gold["notes"]:
        note = notes.get(gn["n"])
        bibls = [b for b in note.iter(f"{TEI}bibl")] if note is not None else []
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
            b = matched.get((gn["n"], k))
            refs = [r for r in b.iter(f"{TEI}ref")] if b is not None else []
            targets = [r.get("target") for r in refs if r.get("target")]
            if link["to"] is None:
                ok = b is not None and not targets and not b.get("corresp")
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
    has_a = any(s.tag == "title" and s.attrs.get("level") == "a" for s in spans)
    authors, editors, translators = [], [], []
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


def score_corpus(path: Path, styles: list[str]) -> dict[str, dict]:
    out: dict[str, dict] = {}
    recs = [json.loads(line) for line in path.open(encoding="utf-8")]
    for style in styles:
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        n = 0
        for rec in recs:
            if rec["style_guess"] != style:
                continue
            n += 1
            pred, gold = reference_fields(rec["text"]), corpus_gold(rec)
            for key in set(pred) | set(gold):
                if key not in CORPUS_MAP.values() and not key.startswith("title["):
                    continue
                tp, fp, fn = compare(pred.get(key, []), gold.get(key, []))
                c = counts[key]
                c[0] += tp
                c[1] += fp
                c[2] += fn
        out[style] = {"n": n, "fields": dict(counts)}
    return out


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
    notes = {int(n.get("n")): n for n in tei_root.iter(f"{TEI}note")
             if n.get("n", "").isdigit() and n.getparent().get("type") == "notes"}
    tp_p = n_titles = tp_r = n_runs = a_total = a_unquoted = 0
    wrong_titles, missed_runs, unquoted = [], [], []
    for n, note in notes.items():
        titles = [printed(t) for t in note.iter(f"{TEI}title") if t.get("level") in ("m", "j")]
        for t in titles:
            n_titles += 1
            if _italic(t, runs.get(n, [])):
                tp_p += 1
            else:
                wrong_titles.append((n, t))
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
    defining = {}
    for n, note in notes.items():
        for b in note.iter(f"{TEI}bibl"):
            for a in b.iter(f"{TEI}abbr"):
                defining.setdefault(printed(a), n)
    items = tei_root.findall(f".//{TEI}div[@type='abbreviations']/{TEI}list/{TEI}item")
    labels = tei_root.findall(f".//{TEI}div[@type='abbreviations']/{TEI}list/{TEI}label")
    for lab, item in zip(labels, items):
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


def print_unlabelled(name: str, u: dict, errors: bool) -> None:
    p = u["titles_italic"] / max(1, u["titles"])
    r = u["runs_in_title"] / max(1, u["runs"])
    f = 2 * p * r / (p + r) if p + r else 0.0
    print(f"Chapter without gold: {name}")
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("tei", nargs="?")
    ap.add_argument("--gold", default=str(SHARED / "gold" / "seed_gold.json"))
    ap.add_argument("--corpus", default=str(SHARED / "corpus" / "anystyle-dev.jsonl"))
    ap.add_argument("--styles", default="humanities-note,humanities-bibliography,author-date,"
                    "numeric-science,other")
    ap.add_argument("--chapter", default=str(SHARED / "corpus" / "docs" / "frus-history-ch02.txt"),
                    help="a chapter with a .notes.json of italic runs beside it ('' to skip)")
    ap.add_argument("--errors", action="store_true", help="list every mismatch")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    root, source, warnings = load_tei(args.tei)
    gold = json.loads(Path(args.gold).read_text(encoding="utf-8"))
    s = score_tei(root, gold)
    corpus = score_corpus(Path(args.corpus), args.styles.split(",")) if args.corpus else {}
    unl = score_unlabelled(*unlabelled_chapter(Path(args.chapter))) if args.chapter else None
    if args.json:
        print(json.dumps({"sample": {k: v for k, v in s.items() if not k.endswith("errors")},
                          "corpus": corpus,
                          "chapter": {k: v for k, v in (unl or {}).items() if isinstance(v, int)}},
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
    for style, res in corpus.items():
        print()
        print(table(f"Corpus: parse_reference on {style} ({res['n']} references)", res["fields"]))
    if unl is not None:
        print()
        print_unlabelled(Path(args.chapter).name, unl, args.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
