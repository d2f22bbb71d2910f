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

  <xsl:template match="tei:listBibl">
    <xsl:apply-templates select="tei:head"/>
    <xsl:text>#bib-section[&#10;</xsl:text>
    <xsl:apply-templates select="node() except tei:head"/>
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

  <!-- "Cited in notes 2, 3": smaller, each number a link to the citation. -->
  <xsl:template match="tei:note[@type = 'citedBy']">
    <xsl:text>#cited-in[</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>]</xsl:text>
  </xsl:template>

</xsl:stylesheet>
