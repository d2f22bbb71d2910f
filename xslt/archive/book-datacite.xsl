<?xml version="1.0" encoding="UTF-8"?>
<!--
  A book's teiCorpus -> DataCite 4.5: the record datacite.xsl makes from the book's header,
  with the book's editors as its creators (an edited volume has no author; DataCite asks for
  creators and names editors of the whole so), and one relatedItem per chapter with
  relationType HasPart (its title, authors and number: chapters have no identifier of their
  own before deposit, and a relatedItem describes them without one).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:a="urn:teiedition:archive"
    xmlns:te="urn:teiedition"
    xmlns="http://datacite.org/schema/kernel-4"
    xmlns:dc4="http://datacite.org/schema/kernel-4"
    exclude-result-prefixes="xs tei a te dc4">

  <xsl:import href="../datacite.xsl"/>

  <xsl:template match="/">
    <xsl:if test="empty(tei:teiCorpus)">
      <xsl:sequence select="error(xs:QName('a:not-a-book'), 'book-datacite.xsl: the book TEI must be a teiCorpus')"/>
    </xsl:if>
    <xsl:variable name="record"><xsl:apply-imports/></xsl:variable>
    <xsl:apply-templates select="$record" mode="a:book">
      <xsl:with-param name="corpus" select="tei:teiCorpus" tunnel="yes"/>
    </xsl:apply-templates>
  </xsl:template>

  <xsl:mode name="a:book" on-no-match="shallow-copy"/>

  <xsl:template match="dc4:creators" mode="a:book">
    <xsl:param name="corpus" as="element(tei:teiCorpus)" tunnel="yes"/>
    <xsl:variable name="editors" select="$corpus/tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:editor[a:text(.)] ! a:name(.)"/>
    <creators>
      <xsl:for-each select="$editors">
        <creator>
          <creatorName nameType="{?type}"><xsl:sequence select="?name"/></creatorName>
          <xsl:if test="?given ne ''"><givenName><xsl:sequence select="?given"/></givenName></xsl:if>
          <xsl:if test="?family ne ''"><familyName><xsl:sequence select="?family"/></familyName></xsl:if>
        </creator>
      </xsl:for-each>
      <xsl:if test="empty($editors)"><xsl:copy-of select="node()"/></xsl:if>
    </creators>
  </xsl:template>

  <xsl:template match="dc4:resource" mode="a:book">
    <xsl:param name="corpus" as="element(tei:teiCorpus)" tunnel="yes"/>
    <xsl:copy>
      <xsl:apply-templates select="@*, node()" mode="a:book"/>
      <xsl:if test="empty(dc4:relatedItems)">
        <relatedItems><xsl:call-template name="a:parts"/></relatedItems>
      </xsl:if>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="dc4:relatedItems" mode="a:book">
    <xsl:copy>
      <xsl:apply-templates select="@*, node()" mode="a:book"/>
      <xsl:call-template name="a:parts"/>
    </xsl:copy>
  </xsl:template>

  <xsl:template name="a:parts">
    <xsl:param name="corpus" as="element(tei:teiCorpus)" tunnel="yes"/>
    <xsl:for-each select="$corpus/tei:TEI">
      <xsl:variable name="h" select="tei:teiHeader"/>
      <relatedItem relationType="HasPart" relatedItemType="BookChapter">
        <xsl:variable name="authors" select="$h/tei:fileDesc/tei:titleStmt/tei:author[a:text(.)] ! a:name(.)"/>
        <xsl:if test="exists($authors)">
          <creators>
            <xsl:for-each select="$authors">
              <creator>
                <creatorName nameType="{?type}"><xsl:sequence select="?name"/></creatorName>
                <xsl:if test="?given ne ''"><givenName><xsl:sequence select="?given"/></givenName></xsl:if>
                <xsl:if test="?family ne ''"><familyName><xsl:sequence select="?family"/></familyName></xsl:if>
              </creator>
            </xsl:for-each>
          </creators>
        </xsl:if>
        <titles><title><xsl:sequence select="a:title($h)"/></title></titles>
        <number numberType="Chapter"><xsl:sequence select="string((@n, position())[1])"/></number>
      </relatedItem>
    </xsl:for-each>
  </xsl:template>

</xsl:stylesheet>
