<?xml version="1.0" encoding="UTF-8"?>
<!-- The consolidated bibliography (hanging indents, "cited in notes" with links to the
     citations) and the list of abbreviations (two columns). -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:te="urn:teiedition"
    xmlns:tx="urn:teiedition:typst"
    exclude-result-prefixes="#all"
    default-mode="tx:flow">

  <!-- Back divisions named by type get the label of their language when they have no head. -->
  <xsl:template match="tei:back/tei:div[@type = ('bibliography', 'abbreviations')][empty(tei:head)]" priority="1">
    <xsl:call-template name="tx:heading">
      <xsl:with-param name="level" select="tx:heading-level(.)"/>
      <xsl:with-param name="content" select="tx:escape(te:label(@type, te:lang(.)))"/>
    </xsl:call-template>
    <xsl:next-match/>
  </xsl:template>

  <!-- Letters and archival files (te:is-archival) first, apart, by repository and collection
       and then by date (te:archival-order), as the web edition lists them; published works
       after them in the TEI's order. Without archival entries the list is one section. -->
  <xsl:template match="tei:listBibl">
    <xsl:variable name="archival" as="element()*" select="(tei:bibl | tei:biblStruct)[te:is-archival(.)]"/>
    <xsl:apply-templates select="tei:head"/>
    <xsl:choose>
      <xsl:when test="empty($archival)">
        <xsl:call-template name="tx:bib-section">
          <xsl:with-param name="entries" select="node() except tei:head"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="level" as="xs:integer" select="min((6, (ancestor::tei:div[1] ! (tx:heading-level(.) + 1), 1)[1]))"/>
        <xsl:call-template name="tx:heading">
          <xsl:with-param name="level" select="$level"/>
          <xsl:with-param name="content" select="tx:escape(te:citation-label('archival-sources', te:lang(.)))"/>
        </xsl:call-template>
        <xsl:for-each-group select="te:archival-order($archival)" group-adjacent="te:archival-group(.)">
          <xsl:if test="current-grouping-key() ne ''">
            <xsl:value-of select="'#bib-group(' || tx:content(current-grouping-key()) || ')&#10;&#10;'"/>
          </xsl:if>
          <xsl:call-template name="tx:bib-section">
            <xsl:with-param name="entries" select="current-group()"/>
          </xsl:call-template>
        </xsl:for-each-group>
        <xsl:variable name="published" as="node()*" select="(node() except tei:head) except $archival"/>
        <xsl:if test="exists($published[self::*])">
          <xsl:call-template name="tx:heading">
            <xsl:with-param name="level" select="$level"/>
            <xsl:with-param name="content" select="tx:escape(te:citation-label('published-works', te:lang(.)))"/>
          </xsl:call-template>
          <xsl:call-template name="tx:bib-section">
            <xsl:with-param name="entries" select="$published"/>
          </xsl:call-template>
        </xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="tx:bib-section">
    <xsl:param name="entries" as="node()*"/>
    <xsl:text>#bib-section[&#10;</xsl:text>
    <xsl:apply-templates select="$entries"/>
    <xsl:text>]&#10;&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="tei:listBibl/tei:bibl | tei:listBibl/tei:biblStruct" priority="2">
    <xsl:text>#bib-entry[</xsl:text>
    <xsl:call-template name="tx:anchor"/>
    <xsl:apply-templates/>
    <xsl:text>]&#10;&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="tei:listBibl/tei:listBibl" priority="2">
    <xsl:apply-templates select="tei:head"/>
    <xsl:apply-templates select="node() except tei:head"/>
  </xsl:template>

  <!-- "Cited in notes 2, 3": smaller, each number a link to the note's first citation of
       the work, once per note (a note citing the work twice is one note to look up), from the
       citations themselves (te:citing-bibls), as the web edition makes it. -->
  <xsl:template match="tei:note[@type = 'citedBy']">
    <xsl:variable name="lang" as="xs:string" select="te:lang(.)"/>
    <xsl:variable name="citing" as="element()*">
      <xsl:for-each-group select="te:citing-bibls(..)" group-by="(ancestor::tei:note[1], .)[1] ! generate-id(.)">
        <xsl:sequence select="current-group()[1]"/>
      </xsl:for-each-group>
    </xsl:variable>
    <xsl:if test="exists($citing)">
      <xsl:text>#cited-in[</xsl:text>
      <xsl:value-of select="tx:escape(te:label(if (count($citing) gt 1) then 'cited-in-notes' else 'cited-in-note', $lang) || ' ')"/>
      <xsl:for-each select="$citing">
        <xsl:call-template name="tx:internal-link">
          <xsl:with-param name="target" select="."/>
          <xsl:with-param name="content" select="tx:escape((ancestor::tei:note[1] ! te:note-number(.), string(position()))[1])"/>
        </xsl:call-template>
        <xsl:if test="position() ne last()"><xsl:text>, </xsl:text></xsl:if>
      </xsl:for-each>
      <xsl:text>.]</xsl:text>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
