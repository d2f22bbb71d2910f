<?xml version="1.0" encoding="UTF-8"?>
<!--
  teiHeader -> the descriptive fields of a BagIt bag-info.txt, as a JSON object
  (field name -> value) that teiedition.archive hands to bagit. Payload-Oxum and the
  manifests are computed by bagit; Bagging-Date is decided in Python from "edition-date"
  below or the user's option. "edition-date" and "year" (the year the metadata records will
  carry, absent when the header has no date at all) are for Python, not for bag-info.txt.

  Contact: an email in the header (publicationStmt first, then anywhere in the fileDesc)
  with the name of the element that holds it; without one, Contact-Name is the
  organisation responsible for the edition (the publisher fallback of archive/header.xsl),
  so the field always says who to ask, as far as the header knows.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:a="urn:teiedition:archive"
    exclude-result-prefixes="#all">

  <xsl:import href="archive/header.xsl"/>

  <xsl:output method="json" encoding="UTF-8" indent="no"/>

  <xsl:template match="/">
    <xsl:variable name="h" select="a:header(.)"/>
    <xsl:variable name="fd" select="$h/tei:fileDesc"/>
    <xsl:variable name="email" select="($fd/tei:publicationStmt//tei:email, $fd//tei:email)[normalize-space(.)][1]"/>
    <xsl:variable name="holder" select="$email/.. ! a:text((tei:persName, tei:orgName, tei:name)[1])[.]"/>
    <xsl:variable name="authors" select="a:creators($h)[. ne $a:unavailable]"/>
    <xsl:variable name="source" select="a:source-citation($h)"/>
    <xsl:sequence select="map:merge((
        map{'Source-Organization': a:publisher($h)},
        map{'Contact-Name': ($holder, a:publisher($h))[1]},
        $email ! map{'Contact-Email': normalize-space(.)},
        map{'External-Description':
              'TEI P5 edition of “' || a:title($h) || '”'
              || (if (exists($authors)) then ' by ' || string-join($authors, ', ') else '')
              || ', with HTML and PDF renderings and Dublin Core and DataCite metadata.'
              || ($source ! (' Source: ' || .))},
        a:identifier($h) ! map{'External-Identifier': .},
        a:edition-date($h) ! map{'edition-date': .},
        a:known-year($h) ! map{'year': .}
      ))" xmlns:map="http://www.w3.org/2005/xpath-functions/map"/>
  </xsl:template>

</xsl:stylesheet>
