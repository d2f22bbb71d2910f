<?xml version="1.0" encoding="UTF-8"?>
<!-- Inline markup: highlighting, titles, corrections, abbreviations, links, languages,
     anchors for internal links, and the generic fallback for elements this stylesheet does
     not know (the mode's on-no-match="text-only-copy": they keep their text). -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:te="urn:teiedition"
    xmlns:tx="urn:teiedition:typst"
    exclude-result-prefixes="#all"
    default-mode="tx:flow">

  <!-- ===== anchors and internal links ===== -->

  <!-- An element with an xml:id becomes a link target: an invisible metadata element with
       that label. Only ids that are valid Typst label names are used (the converter's always
       are); others just get no anchor, and links to them print as text. -->
  <xsl:function name="tx:label-name" as="xs:string?">
    <xsl:param name="id" as="xs:string?"/>
    <xsl:sequence select="$id[matches(., '^[A-Za-z_][A-Za-z0-9_.:\-]*$')]"/>
  </xsl:function>

  <xsl:template name="tx:anchor">
    <xsl:variable name="name" as="xs:string?" select="tx:label-name(@xml:id)"/>
    <xsl:if test="exists($name)">
      <xsl:value-of select="'#metadata(none)&lt;' || $name || '&gt;'"/>
    </xsl:if>
  </xsl:template>

  <!-- A link to a target of this document; edition.typ's xref prints the text without a link
       when the target's label is missing or not unique, so a dangling pointer in a hand-made
       TEI cannot stop the compilation. -->
  <xsl:template name="tx:internal-link">
    <xsl:param name="target" as="element()?"/>
    <xsl:param name="content" as="item()*"/>
    <xsl:variable name="name" as="xs:string?" select="tx:label-name($target/@xml:id)"/>
    <xsl:choose>
      <xsl:when test="exists($name)">
        <xsl:value-of select="'#xref(' || tx:string($name) || ')['"/>
        <xsl:sequence select="$content"/>
        <xsl:text>]</xsl:text>
      </xsl:when>
      <xsl:otherwise><xsl:sequence select="$content"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Language (hyphenation, quotation marks, CJK font variant): editorial.xsl (tx:text-args). -->

  <!-- Highlighting, emphasis, foreign words: editorial.xsl (te:rend). -->

  <!-- Titles: italic for books and journals, quotation marks for articles and chapters,
       added only where the printed text does not already have them (te:title-marks) — the
       same decisions as the web edition. -->
  <xsl:template match="tei:title">
    <xsl:variable name="marks" as="xs:string*" select="te:title-marks(.)"/>
    <xsl:variable name="italic" as="xs:boolean" select="te:title-style(.) eq 'italic'"/>
    <xsl:value-of select="$marks[1] ! tx:escape(.)"/>
    <!-- A cited title whose language the encoding does not give is often not in the text's
         language (a transliterated Russian title in an English chapter: "Diplomatich-eskikh"
         by English rules): it is not hyphenated. A title with its own xml:lang is hyphenated
         by that language (editorial.xsl). -->
    <xsl:variable name="unhyphenated" as="xs:boolean" select="exists(ancestor::tei:bibl) and empty(ancestor-or-self::*[@xml:lang][1] intersect ancestor-or-self::tei:title)"/>
    <xsl:if test="$unhyphenated"><xsl:text>#text(hyphenate: false)[</xsl:text></xsl:if>
    <xsl:if test="$italic"><xsl:text>#emph[</xsl:text></xsl:if>
    <xsl:apply-templates/>
    <xsl:if test="$italic"><xsl:text>]</xsl:text></xsl:if>
    <xsl:if test="$unhyphenated"><xsl:text>]</xsl:text></xsl:if>
    <xsl:value-of select="$marks[2] ! tx:escape(.)"/>
  </xsl:template>

  <!-- ===== corrections, abbreviations, gaps ===== -->

  <!-- choice, gap, supplied, del, add: editorial.xsl (the decisions of common/editorial.xsl). -->

  <xsl:template match="tei:lb">
    <xsl:text>#linebreak()</xsl:text>
  </xsl:template>

  <!-- Not printed: page breaks of the source, index entries, non-printing anchors. -->
  <xsl:template match="tei:pb | tei:cb | tei:index | tei:fw"/>
  <xsl:template match="tei:anchor | tei:milestone">
    <xsl:call-template name="tx:anchor"/>
  </xsl:template>

  <!-- ===== links ===== -->

  <!-- A DOI as printed, linked to its resolver when it has the shape of a DOI (te:doi-url);
       the address is a string literal (tx:string), the text escaped as all text is. -->
  <xsl:template match="tei:idno[@type = 'DOI']">
    <xsl:variable name="href" as="xs:string?" select="te:doi-url(.)"/>
    <xsl:if test="exists($href)"><xsl:value-of select="'#link(' || tx:string($href) || ')['"/></xsl:if>
    <xsl:apply-templates/>
    <xsl:if test="exists($href)"><xsl:text>]</xsl:text></xsl:if>
  </xsl:template>

  <!-- Links other than note calls and back references (those are in notes.xsl): internal
       pointers lead to their target, safe external addresses (te:safe-url) become links, a
       ptr prints its address; anything else stays text. -->
  <xsl:template match="tei:ref | tei:ptr">
    <xsl:variable name="kind" as="xs:string" select="te:ref-kind(.)"/>
    <xsl:variable name="content" as="item()*">
      <xsl:choose>
        <xsl:when test="self::tei:ptr"><xsl:value-of select="tx:escape(normalize-space(@target))"/></xsl:when>
        <xsl:otherwise><xsl:apply-templates/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$kind = ('internal', 'ibid', 'short', 'abbr')">
        <xsl:call-template name="tx:internal-link">
          <xsl:with-param name="target" select="te:target(.)"/>
          <xsl:with-param name="content" select="$content"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="$kind eq 'external'">
        <xsl:value-of select="'#link(' || tx:string(te:safe-url(@target)) || ')['"/>
        <xsl:sequence select="$content"/>
        <xsl:text>]</xsl:text>
      </xsl:when>
      <xsl:otherwise><xsl:sequence select="$content"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
