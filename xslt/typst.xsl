<?xml version="1.0" encoding="UTF-8"?>
<!--
  TEI to Typst markup (the print edition); src/teiedition/pdf.py compiles it to PDF/A-2b.

  Decisions shared with the web edition (what a note, bibl or ref is; how titles are marked;
  labels) come from common.xsl. The document is built by the modules in typst/:
    escape.xsl        the one escaping function for Typst text, string literals, typography
    page.xsl          the document shell: preamble, metadata, title block, abstract, colophon
    blocks.xsl        divisions, paragraphs, lists, tables, figures, verse, quotations
    inline.xsl        highlighting, titles, corrections, abbreviations, links, fallback
    notes.xsl         endnotes or footnotes, note calls, citations
    bibliography.xsl  bibliography with hanging indents, abbreviations
    editorial.xsl     quotations, highlighting, transcription, choice and apparatus, drama,
                      verse, egXML, figures, title pages, sourceDoc (common/editorial.xsl decides)
    edition.typ       the page design, in Typst, copied to the top of the output
  All templates are in mode tx:flow unless named otherwise. Unknown elements keep their text
  (on-no-match="text-only-copy" plus the text() template that escapes it), so any TEI prints.

  Parameters (all strings, set by pdf.py):
    paper       'a4' (default) or 'us-letter'
    tei-sha256  SHA-256 of the TEI file's bytes, printed in the colophon ('' leaves it out)
    tei-name    the TEI file's name (no directory), printed in the colophon
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:te="urn:teiedition"
    xmlns:tx="urn:teiedition:typst"
    exclude-result-prefixes="#all"
    default-mode="tx:flow">

  <xsl:import href="common.xsl"/>
  <xsl:include href="typst/escape.xsl"/>
  <xsl:include href="typst/page.xsl"/>
  <xsl:include href="typst/blocks.xsl"/>
  <xsl:include href="typst/inline.xsl"/>
  <xsl:include href="typst/notes.xsl"/>
  <xsl:include href="typst/bibliography.xsl"/>
  <xsl:include href="typst/editorial.xsl"/>

  <xsl:param name="paper" as="xs:string" select="'a4'"/>
  <xsl:param name="tei-sha256" as="xs:string" select="''"/>
  <xsl:param name="tei-name" as="xs:string" select="''"/>

  <xsl:output method="text" encoding="UTF-8"/>

  <xsl:mode name="tx:flow" on-no-match="text-only-copy"/>

</xsl:stylesheet>
