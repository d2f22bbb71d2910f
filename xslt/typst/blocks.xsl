<?xml version="1.0" encoding="UTF-8"?>
<!-- Block structure of any TEI text: divisions and headings, paragraphs, lists, tables,
     figures, verse, quotations. A block is written as Typst markup separated by blank lines
     (paragraph breaks) or as a call of an edition.typ function with content blocks. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:te="urn:teiedition"
    xmlns:tx="urn:teiedition:typst"
    exclude-result-prefixes="#all"
    default-mode="tx:flow">

  <xsl:variable name="tx:parbreak" as="xs:string" select="'&#10;&#10;'"/>

  <!-- Heading level: sections of the text start at 1 (the title is the document's title). -->
  <!-- A heading's level counts only the enclosing divisions that print a heading: a chapter
       div without a head around its headed sections (the FRUS chapter) would otherwise open
       the PDF at level 2, and a tagged PDF (PDF/UA) needs a first heading of level 1 and no
       skipped level. The back matter's divisions print a heading from their label. -->
  <xsl:function name="tx:heading-level" as="xs:integer">
    <xsl:param name="div" as="element()"/>
    <xsl:sequence select="min((6, 1 + count($div/ancestor::*[te:is-division(.)]
        [tei:head[te:is-heading(.)] or @type = ('notes', 'bibliography', 'abbreviations')])))"/>
  </xsl:function>

  <xsl:template name="tx:heading">
    <xsl:param name="level" as="xs:integer"/>
    <xsl:param name="content" as="item()*"/>
    <xsl:value-of select="$tx:parbreak || '#heading(level: ' || $level || ')['"/>
    <xsl:sequence select="$content"/>
    <xsl:value-of select="']' || $tx:parbreak"/>
  </xsl:template>

  <xsl:template match="tei:head[te:is-heading(.)]">
    <xsl:call-template name="tx:heading">
      <xsl:with-param name="level" select="tx:heading-level(..)"/>
      <xsl:with-param name="content" as="item()*"><xsl:apply-templates/></xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- Any other head (list, table, figure, lg): a caption-like italic line. -->
  <xsl:template match="tei:head">
    <xsl:value-of select="$tx:parbreak || '#block(sticky: true, emph['"/>
    <xsl:apply-templates/>
    <xsl:value-of select="'])' || $tx:parbreak"/>
  </xsl:template>

  <xsl:template match="tei:p | tei:ab">
    <xsl:value-of select="$tx:parbreak"/>
    <xsl:call-template name="tx:anchor"/>
    <xsl:apply-templates/>
    <xsl:value-of select="$tx:parbreak"/>
  </xsl:template>

  <!-- A p inside inline markup (a title, a highlight): its text, with a space, since a
       paragraph break would end the inline markup's content block badly. -->
  <xsl:template match="tei:p[ancestor::tei:hi or ancestor::tei:title or ancestor::tei:ref or ancestor::tei:q]" priority="1">
    <xsl:text> </xsl:text>
    <xsl:apply-templates/>
    <xsl:text> </xsl:text>
  </xsl:template>

  <!-- Lists: numbered ones as enum, the rest as bullet lists, gloss lists as two columns. -->
  <xsl:template match="tei:list">
    <xsl:apply-templates select="tei:head"/>
    <xsl:value-of select="$tx:parbreak || (if (@type = ('ordered', 'numbered') or @rend = ('numbered', 'ordered')) then '#enum(' else '#list(')"/>
    <xsl:for-each select="tei:item">
      <xsl:text>[</xsl:text>
      <xsl:call-template name="tx:anchor"/>
      <xsl:apply-templates/>
      <xsl:text>], </xsl:text>
    </xsl:for-each>
    <xsl:value-of select="')' || $tx:parbreak"/>
  </xsl:template>

  <xsl:template match="tei:list[@type = 'gloss' or tei:label]">
    <xsl:apply-templates select="tei:head"/>
    <xsl:value-of select="$tx:parbreak || '#gloss('"/>
    <xsl:for-each select="tei:label">
      <xsl:text>[</xsl:text>
      <xsl:apply-templates/>
      <xsl:text>], [</xsl:text>
      <xsl:apply-templates select="following-sibling::*[1][self::tei:item]/node()"/>
      <xsl:text>], </xsl:text>
    </xsl:for-each>
    <xsl:value-of select="')' || $tx:parbreak"/>
  </xsl:template>

  <!-- Tables: as many columns as the widest row; role="label" cells bold; cols/rows span.
       Spans are capped (tx:span) so that a file claiming cols="99999999" cannot make Typst
       lay out a table of that many columns. -->
  <xsl:function name="tx:span" as="xs:integer">
    <xsl:param name="value" as="attribute()?"/>
    <xsl:sequence select="if ($value castable as xs:positiveInteger) then min((xs:integer($value), 64)) else 1"/>
  </xsl:function>

  <xsl:template match="tei:table">
    <xsl:variable name="columns" as="xs:integer"
        select="max((1, tei:row ! sum(tei:cell ! tx:span(@cols))))"/>
    <xsl:apply-templates select="tei:head"/>
    <xsl:value-of select="$tx:parbreak || '#table(columns: ' || $columns || ', stroke: 0.4pt, inset: 4pt, '"/>
    <xsl:for-each select="tei:row/tei:cell">
      <xsl:variable name="span" as="xs:string*" select="
          (if (tx:span(@cols) gt 1) then 'colspan: ' || tx:span(@cols) else (),
           if (tx:span(@rows) gt 1) then 'rowspan: ' || tx:span(@rows) else ())"/>
      <xsl:value-of select="if (exists($span)) then 'table.cell(' || string-join($span, ', ') || ')[' else '['"/>
      <xsl:if test="@role = 'label' or ../@role = 'label'"><xsl:text>#strong[</xsl:text></xsl:if>
      <xsl:apply-templates/>
      <xsl:if test="@role = 'label' or ../@role = 'label'"><xsl:text>]</xsl:text></xsl:if>
      <xsl:text>], </xsl:text>
    </xsl:for-each>
    <xsl:value-of select="')' || $tx:parbreak"/>
  </xsl:template>

  <!-- Figures, verse and quotations: editorial.xsl. -->



  <!-- Generic block fallback: an unknown element between blocks keeps its text as a
       paragraph of its own, so it cannot run into the paragraph before or after it. -->
  <xsl:template match="*[parent::tei:div or parent::tei:body or parent::tei:front or parent::tei:back]
      [not(self::tei:div or self::tei:p or self::tei:ab or self::tei:head or self::tei:list or self::tei:table
           or self::tei:figure or self::tei:lg or self::tei:quote or self::tei:note or self::tei:pb
           or self::tei:milestone or self::tei:anchor or self::tei:cit or self::tei:listBibl)]" priority="-0.2">
    <xsl:value-of select="$tx:parbreak"/>
    <xsl:apply-templates/>
    <xsl:value-of select="$tx:parbreak"/>
  </xsl:template>

</xsl:stylesheet>
