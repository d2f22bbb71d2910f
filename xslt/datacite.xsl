<?xml version="1.0" encoding="UTF-8"?>
<!--
  teiHeader -> DataCite Metadata Schema 4.5 XML (namespace kernel-4), the record DOI
  registration agencies and repositories such as Zenodo read.

  Mandatory properties and where they come from (fallbacks: archive/header.xsl):
    creators         titleStmt/author
    titles           titleStmt/title (main; type="sub" as Subtitle)
    publisher        publicationStmt/publisher | distributor | authority, else "(:unav)"
    publicationYear  the edition date's year, else the source chapter's year
    resourceType     Text, "Digital scholarly edition (TEI P5)"
  identifier       the DOI (publicationStmt/idno[@type='DOI']), else "(:tba)": an edition gets
                   its DOI from the repository at deposit; an invented DOI would be false.
  Names are "Family, Given" with nameType, givenName and familyName; a Creative Commons
  licence URL also gets its SPDX rightsIdentifier.
  The source chapter is a relatedItem (relationType IsDerivedFrom), so it is described even
  when it has no identifier; when it has one it is also a relatedIdentifier.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:a="urn:teiedition:archive"
    xmlns="http://datacite.org/schema/kernel-4"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    exclude-result-prefixes="xs tei a">

  <xsl:import href="archive/header.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>

  <xsl:template match="/">
    <xsl:variable name="h" select="a:header(.)"/>
    <xsl:variable name="lang" select="a:language($h)"/>
    <resource xsi:schemaLocation="http://datacite.org/schema/kernel-4 http://schema.datacite.org/meta/kernel-4.5/metadata.xsd">
      <!-- The DOI, else DataCite's standard value (:tba), "to be assigned": the repository
           registers the DOI at deposit (the kernel-4.5 XSD takes any non-empty identifier;
           a DOI made up here would be false). -->
      <identifier identifierType="DOI"><xsl:sequence select="(a:doi($h), '(:tba)')[1]"/></identifier>
      <creators>
        <xsl:for-each select="a:creator-names($h)">
          <creator>
            <creatorName>
              <xsl:if test="?type ne ''"><xsl:attribute name="nameType" select="?type"/></xsl:if>
              <xsl:sequence select="?name"/>
            </creatorName>
            <xsl:if test="?given ne ''"><givenName><xsl:sequence select="?given"/></givenName></xsl:if>
            <xsl:if test="?family ne ''"><familyName><xsl:sequence select="?family"/></familyName></xsl:if>
          </creator>
        </xsl:for-each>
      </creators>
      <titles>
        <title>
          <xsl:if test="$lang"><xsl:attribute name="xml:lang" select="$lang"/></xsl:if>
          <xsl:sequence select="a:title($h)"/>
        </title>
        <xsl:for-each select="a:subtitles($h)">
          <title titleType="Subtitle"><xsl:sequence select="."/></title>
        </xsl:for-each>
      </titles>
      <publisher><xsl:sequence select="a:publisher($h)"/></publisher>
      <publicationYear><xsl:sequence select="a:year($h)"/></publicationYear>
      <resourceType resourceTypeGeneral="Text">Digital scholarly edition (TEI P5)</resourceType>
      <xsl:variable name="edition" select="a:edition-date($h)"/>
      <xsl:variable name="source-year" select="a:source-year($h)"/>
      <xsl:if test="exists(($edition, $source-year))">
        <dates>
          <xsl:for-each select="$edition">
            <date dateType="Issued"><xsl:sequence select="."/></date>
          </xsl:for-each>
          <!-- The text itself was made when the chapter was written and published. -->
          <xsl:for-each select="$source-year">
            <date dateType="Created" dateInformation="publication of the source chapter"><xsl:sequence select="."/></date>
          </xsl:for-each>
        </dates>
      </xsl:if>
      <xsl:for-each select="$lang">
        <language><xsl:sequence select="."/></language>
      </xsl:for-each>
      <xsl:variable name="other-ids" select="a:ids($h)[lower-case(?type) ne 'doi']"/>
      <xsl:if test="exists($other-ids)">
        <alternateIdentifiers>
          <xsl:for-each select="$other-ids">
            <alternateIdentifier alternateIdentifierType="{?type}"><xsl:sequence select="?value"/></alternateIdentifier>
          </xsl:for-each>
        </alternateIdentifiers>
      </xsl:if>
      <xsl:variable name="source-ids" select="a:source-ids($h)"/>
      <xsl:if test="exists($source-ids)">
        <relatedIdentifiers>
          <xsl:for-each select="$source-ids">
            <relatedIdentifier relatedIdentifierType="{?type}" relationType="IsDerivedFrom"
                resourceTypeGeneral="{a:source-type($h)}"><xsl:sequence select="?value"/></relatedIdentifier>
          </xsl:for-each>
        </relatedIdentifiers>
      </xsl:if>
      <formats>
        <xsl:for-each select="$a:formats">
          <format><xsl:sequence select="."/></format>
        </xsl:for-each>
      </formats>
      <xsl:for-each select="a:version($h)">
        <version><xsl:sequence select="."/></version>
      </xsl:for-each>
      <rightsList>
        <xsl:for-each select="a:rights($h)">
          <rights>
            <xsl:for-each select="?uri">
              <xsl:attribute name="rightsURI" select="."/>
              <xsl:for-each select="a:spdx(.)">
                <xsl:attribute name="rightsIdentifier" select="."/>
                <xsl:attribute name="rightsIdentifierScheme" select="'SPDX'"/>
                <xsl:attribute name="schemeURI" select="'https://spdx.org/licenses/'"/>
              </xsl:for-each>
            </xsl:for-each>
            <xsl:sequence select="?text"/>
          </rights>
        </xsl:for-each>
      </rightsList>
      <xsl:for-each select="a:abstract($h)">
        <descriptions>
          <description descriptionType="Abstract">
            <xsl:if test="$lang"><xsl:attribute name="xml:lang" select="$lang"/></xsl:if>
            <xsl:sequence select="."/>
          </description>
        </descriptions>
      </xsl:for-each>
      <xsl:apply-templates select="a:source($h)" mode="a:related-item">
        <xsl:with-param name="h" select="$h"/>
      </xsl:apply-templates>
    </resource>
  </xsl:template>

  <!-- The source chapter, described in full so that it is named even without an identifier. -->
  <xsl:template match="*" mode="a:related-item">
    <xsl:param name="h" as="element(tei:teiHeader)"/>
    <xsl:variable name="id" select="a:source-ids($h)[1]"/>
    <xsl:variable name="book" select="(tei:title[@level = 'm'], tei:monogr/tei:title)[1]"/>
    <relatedItems>
      <relatedItem relationType="IsDerivedFrom" relatedItemType="{a:source-type($h)}">
        <xsl:for-each select="$id">
          <relatedItemIdentifier relatedItemIdentifierType="{?type}"><xsl:sequence select="?value"/></relatedItemIdentifier>
        </xsl:for-each>
        <xsl:variable name="authors" select="(tei:author, tei:analytic/tei:author)[a:text(.)] ! a:name(.)"/>
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
        <titles>
          <title><xsl:sequence select="(a:source-title($h), a:source-citation($h))[1]"/></title>
        </titles>
        <xsl:for-each select="a:source-year($h)">
          <publicationYear><xsl:sequence select="."/></publicationYear>
        </xsl:for-each>
        <xsl:for-each select="(.//tei:publisher ! a:text(.)[.])[1]">
          <publisher><xsl:sequence select="."/></publisher>
        </xsl:for-each>
        <xsl:variable name="editors" select=".//tei:editor[a:text(.)] ! a:name(.)"/>
        <xsl:if test="exists($editors) and $book">
          <contributors>
            <xsl:for-each select="$editors">
              <contributor contributorType="Editor">
                <contributorName nameType="{?type}"><xsl:sequence select="?name"/></contributorName>
                <xsl:if test="?given ne ''"><givenName><xsl:sequence select="?given"/></givenName></xsl:if>
                <xsl:if test="?family ne ''"><familyName><xsl:sequence select="?family"/></familyName></xsl:if>
              </contributor>
            </xsl:for-each>
          </contributors>
        </xsl:if>
      </relatedItem>
    </relatedItems>
  </xsl:template>

</xsl:stylesheet>
