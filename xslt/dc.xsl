<?xml version="1.0" encoding="UTF-8"?>
<!--
  teiHeader -> Dublin Core (oai_dc), the record OAI-PMH repositories ask for.

  Each dc element comes from one function of archive/header.xsl (which documents the
  fallbacks). The record describes the edition; its relation to the printed chapter is given
  twice, as DC intends: dc:source (the chapter it is derived from, as a citation) and
  dc:relation (the same chapter, by identifier when the source has one, else by citation).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:a="urn:teiedition:archive"
    xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    exclude-result-prefixes="xs tei a">

  <xsl:import href="archive/header.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>

  <xsl:template match="/">
    <xsl:variable name="h" select="a:header(.)"/>
    <xsl:variable name="lang" select="a:language($h)"/>
    <oai_dc:dc xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd">
      <dc:title>
        <xsl:sequence select="string-join((a:title($h), a:subtitles($h)), ': ')"/>
      </dc:title>
      <xsl:for-each select="a:creators($h)">
        <dc:creator><xsl:sequence select="."/></dc:creator>
      </xsl:for-each>
      <dc:date><xsl:sequence select="a:date($h)"/></dc:date>
      <dc:publisher><xsl:sequence select="a:publisher($h)"/></dc:publisher>
      <xsl:for-each select="a:rights($h)">
        <xsl:variable name="r" select="."/>
        <dc:rights><xsl:sequence select="string-join(($r?text, $r?uri[. ne $r?text]), ' ')"/></dc:rights>
      </xsl:for-each>
      <xsl:for-each select="a:source-citation($h)">
        <dc:source><xsl:sequence select="."/></dc:source>
      </xsl:for-each>
      <xsl:variable name="source-ids" select="a:source-ids($h) ! a:id-uri(.)"/>
      <xsl:for-each select="if (exists($source-ids)) then $source-ids else a:source-citation($h)">
        <dc:relation><xsl:sequence select="'Derived from: ' || ."/></dc:relation>
      </xsl:for-each>
      <xsl:for-each select="a:identifier($h)">
        <dc:identifier><xsl:sequence select="."/></dc:identifier>
      </xsl:for-each>
      <xsl:for-each select="$lang">
        <dc:language><xsl:sequence select="."/></dc:language>
      </xsl:for-each>
      <!-- DCMI Type Vocabulary: an edition is Text. -->
      <dc:type>Text</dc:type>
      <xsl:for-each select="$a:formats">
        <dc:format><xsl:sequence select="."/></dc:format>
      </xsl:for-each>
      <xsl:for-each select="a:abstract($h)">
        <dc:description>
          <xsl:if test="$lang"><xsl:attribute name="xml:lang" select="$lang"/></xsl:if>
          <xsl:sequence select="."/>
        </dc:description>
      </xsl:for-each>
    </oai_dc:dc>
  </xsl:template>

  <!-- A source identifier as a URI where it has a resolver, else as type:value. -->
  <xsl:function name="a:id-uri" as="xs:string">
    <xsl:param name="id" as="map(xs:string, xs:string)"/>
    <xsl:sequence select="if ($id?type = 'DOI' and not(starts-with($id?value, 'http')))
                            then 'https://doi.org/' || replace($id?value, '^doi:', '')
                          else if ($id?type = 'URL') then $id?value
                          else lower-case($id?type) || ':' || $id?value"/>
  </xsl:function>

</xsl:stylesheet>
