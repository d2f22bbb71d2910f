"""xslt/common.xsl on small TEI fragments: the shared decisions that html.xsl and typst.xsl
both rely on. Each case is an XPath expression over a fragment and the expected result, so
a change of behaviour in the shared interface names the function and the case."""
from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import quoteattr

import pytest
from saxonche import PySaxonProcessor

COMMON = (Path(__file__).resolve().parents[1] / "xslt" / "common.xsl").as_uri()

DOC = """<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en"><text><body>
<p xml:lang="de">Text <title level="a" xml:id="t-a">Aufsatz</title> <foreign xml:lang="bad lang!">x</foreign></p>
<p>‘<title level="a" xml:id="t-printed">Printed</title>’ <title level="j" xml:id="t-j">Journal</title>
 <title xml:id="t-plain">Header-ish</title> <ref xml:id="r-js" target="javascript:alert(1)">js</ref>
 <ref xml:id="r-web" target="https://example.org/a">web</ref> <ref xml:id="r-gone" target="#missing">gone</ref>
 <ref xml:id="r-call" type="noteAnchor" target="#n1">1</ref></p>
</body><back><div type="notes">
<note xml:id="n1" n="1"><bibl xml:id="n1-1" corresp="#art"><title level="a">An Article</title>, <title level="j">J</title></bibl></note>
<note xml:id="n2" n="2"><bibl xml:id="n2-1" corresp="#art"><ref xml:id="r-short" type="short" target="#n1-1"><title type="short" xml:id="t-short">Article</title></ref>, p. 3</bibl></note>
<note xml:id="n3" n="3"><bibl xml:id="n3-1" corresp="#art"><ref xml:id="r-ibid" type="ibid" target="#n2-1">Ibid.</ref></bibl></note>
<note xml:id="n4" n="4"><bibl xml:id="n4-1" corresp="#book"><title level="m">A Book</title><choice><sic/><corr> </corr></choice>(London)</bibl></note>
</div><div type="bibliography"><listBibl>
<bibl xml:id="art"><title level="a">An Article</title>. <title level="j">J</title>. <date when="1990-05">May 1990</date>.<note type="citedBy">Cited in notes <ref target="#n1-1">1</ref>, <ref target="#n2-1">2</ref>.</note></bibl>
<bibl xml:id="book"><title level="m">A Book</title>. <date>autumn 1993</date>.</bibl>
<bibl xml:id="chap"><title level="a">C</title> in <title level="m">B</title></bibl>
</listBibl></div></back></text></TEI>"""  # noqa: E501  # whitespace between the tags would be text


@pytest.fixture(scope="module")
def evaluate():
    proc = PySaxonProcessor(license=False)
    doc = proc.parse_xml(xml_text=DOC)

    def run(expr: str) -> str:
        xsl = f"""<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
            xmlns:tei="http://www.tei-c.org/ns/1.0" xmlns:te="urn:teiedition">
          <xsl:import href="{COMMON}"/>
          <xsl:output method="text"/>
          <xsl:template match="/"><xsl:value-of select={quoteattr(expr)} separator="|"/></xsl:template>
        </xsl:stylesheet>"""
        exe = proc.new_xslt30_processor().compile_stylesheet(stylesheet_text=xsl)
        return exe.transform_to_string(xdm_node=doc)
    return run


CASES = [
    # languages and labels
    ("te:lang(id('t-a'))", "de"),
    ("te:lang(//tei:foreign)", "de"),                       # a malformed xml:lang is skipped
    ("te:lang(id('t-j'))", "en"),
    ("te:label('notes', 'de-AT')", "Anmerkungen"),
    ("te:label('notes', 'xx')", "Notes"),                   # unknown language: English
    ("te:quote-marks('de')", "„|“"),
    # titles
    ("te:title-style(id('t-a'))", "quoted"),
    ("te:title-marks(id('t-a'))", "„|“"),
    ("te:title-marks(id('t-printed'))", ""),                # the text prints its own marks
    ("te:title-style(id('t-j'))", "italic"),
    ("te:title-style(id('t-plain'))", "plain"),             # not in a bibl
    ("te:title-level(id('t-short'))", "a"),                 # from the work's entry
    ("te:title-marks(id('t-short'))", "‘|’"),
    # pointers
    ("te:ref-kind(id('r-js'))", "unresolved"),
    ("te:ref-kind(id('r-web'))", "external"),
    ("te:ref-kind(id('r-gone'))", "unresolved"),
    ("te:ref-kind(id('r-call'))", "note-call"),
    ("te:ref-kind(id('r-short'))", "short"),
    ("te:safe-url('javascript:alert(1)')", ""),
    ("te:safe-url(' https://example.org/x ')", "https://example.org/x"),
    ("te:safe-url('https://example.org/\"onmouseover')", ""),
    ("te:full-citation(id('r-short'))/@xml:id", "n1-1"),
    ("te:full-citation(id('r-ibid'))/@xml:id", "n1-1"),     # Ibid. -> short title -> full citation
    ("te:is-back-reference(id('r-web'))", "false"),
    # notes and bibls
    ("te:note-number(id('n3'))", "3"),
    ("te:note-id(id('n3'))", "n3"),
    ("te:is-text-note(id('art')/tei:note)", "false"),
    ("te:bibl-kind(id('n1-1'))", "citation"),
    ("te:bibl-kind(id('art'))", "entry"),
    ("te:bibl-entry(id('n2-1'))/@xml:id", "art"),
    ("te:citing-bibls(id('art'))/@xml:id", "n1-1|n2-1"),
    ("te:citing-bibls(id('book'))/@xml:id", "n4-1"),        # no citedBy note: from @corresp
    ("te:work-kind(id('art'))", "article"),
    ("te:work-kind(id('chap'))", "chapter"),
    ("te:work-kind(id('book'))", "book"),
    ("te:year(id('art'))", "1990"),
    ("te:year(id('book'))", "1993"),
    ("te:plain(id('n4-1'))", "A Book (London)"),            # corr, not sic
    ("te:plain(id('art'))", "An Article. J. May 1990."),    # no citedBy note
]


@pytest.mark.parametrize("expr,expected", CASES, ids=[c[0] for c in CASES])
def test_common_function(evaluate, expr, expected):
    assert evaluate(expr) == expected
