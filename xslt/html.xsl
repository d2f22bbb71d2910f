<?xml version="1.0" encoding="UTF-8"?>
<!--
  TEI to one self-contained HTML5 page (the web edition).

  Decisions shared with the print edition (what a note, bibl or ref is; how titles are
  marked; labels) come from common.xsl. The page is built by the modules in html/:
    page.xsl          the document shell: head, header, contents, colophon
    metadata.xsl      Highwire citation_* tags and schema.org JSON-LD
    blocks.xsl        divisions, paragraphs, lists, tables, figures, verse, page breaks
    inline.xsl        highlighting, titles, corrections, abbreviations, links, fallback
    notes.xsl         notes list, note calls, citations and their tooltips
    bibliography.xsl  bibliography with COinS, abbreviations
    editorial.xsl     quotations, highlighting, transcription, choice and apparatus, drama,
                      verse, egXML, figures, title pages, sourceDoc (common/editorial.xsl decides)
  All templates are in mode h:flow (the page) unless named otherwise; h:tip renders the text
  of a tooltip, where nothing may be a link or have an id.
  No script is written except JSON-LD data: the page works without JavaScript.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:te="urn:teiedition"
    xmlns:h="urn:teiedition:html"
    exclude-result-prefixes="#all"
    default-mode="h:flow">

  <xsl:import href="common.xsl"/>
  <xsl:include href="html/page.xsl"/>
  <xsl:include href="html/metadata.xsl"/>
  <xsl:include href="html/blocks.xsl"/>
  <xsl:include href="html/inline.xsl"/>
  <xsl:include href="html/notes.xsl"/>
  <xsl:include href="html/bibliography.xsl"/>
  <xsl:include href="html/editorial.xsl"/>

  <!-- include-content-type="no": page.xsl writes <meta charset> itself, first in head. -->
  <xsl:output method="html" version="5" encoding="UTF-8" indent="no" include-content-type="no"/>

  <xsl:mode name="h:flow" on-no-match="text-only-copy"/>
  <xsl:mode name="h:tip" on-no-match="text-only-copy"/>

</xsl:stylesheet>
