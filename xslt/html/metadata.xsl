<?xml version="1.0" encoding="UTF-8"?>
<!-- Metadata for reference managers and search engines, about the source chapter (the work
     a reader cites): Highwire Press citation_* meta tags (read by Google Scholar and Zotero)
     and schema.org JSON-LD, whose "citation" lists the works of the bibliography. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:te="urn:teiedition"
    xmlns:h="urn:teiedition:html"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:array="http://www.w3.org/2005/xpath-functions/array"
    exclude-result-prefixes="#all"
    default-mode="h:flow">

  <xsl:template name="h:metadata">
    <xsl:variable name="source" as="element()?" select="(tei:teiHeader/tei:fileDesc/tei:sourceDesc//tei:bibl)[1]"/>
    <xsl:variable name="title" as="xs:string"
        select="(($source/tei:title[@level = 'a'])[1] ! te:plain(.)[. ne ''], h:doc-title(.))[1]"/>
    <xsl:variable name="authors" as="xs:string*" select="h:authors(.) ! te:plain(.)"/>
    <xsl:variable name="year" as="xs:string?" select="$source ! te:year(.)"/>
    <xsl:variable name="book" as="xs:string?" select="($source/tei:title[@level = 'm'])[1] ! te:plain(.)"/>
    <xsl:variable name="publisher" as="xs:string?" select="($source/tei:publisher)[1] ! te:plain(.)"/>
    <xsl:variable name="abstract" as="xs:string?" select="h:abstract-text(.)"/>

    <meta name="citation_title" content="{$title}"/>
    <xsl:for-each select="$authors">
      <meta name="citation_author" content="{.}"/>
    </xsl:for-each>
    <xsl:if test="exists($year)">
      <meta name="citation_publication_date" content="{$year}"/>
    </xsl:if>
    <xsl:if test="exists($book)">
      <meta name="citation_inbook_title" content="{$book}"/>
    </xsl:if>
    <xsl:if test="exists($publisher)">
      <meta name="citation_publisher" content="{$publisher}"/>
    </xsl:if>
    <meta name="citation_language" content="{te:lang(.)}"/>
    <xsl:if test="exists($abstract)">
      <meta name="description" content="{$abstract}"/>
    </xsl:if>

    <xsl:variable name="ld" as="map(*)" select="map:merge((
        map{'@context': 'https://schema.org',
            '@type': if (exists($book)) then 'Chapter' else 'CreativeWork',
            'name': $title,
            'inLanguage': te:lang(.),
            'author': array{ $authors ! map{'@type': 'Person', 'name': .} }},
        $year ! map{'datePublished': .},
        $book ! map{'isPartOf': map{'@type': 'Book', 'name': .}},
        $publisher ! map{'publisher': map{'@type': 'Organization', 'name': .}},
        $abstract ! map{'abstract': .},
        (tei:teiHeader//tei:availability)[1] ! te:plain(.)[. ne ''] ! map{'copyrightNotice': .},
        map{'citation': array{ tei:text/tei:back//tei:listBibl/tei:bibl ! h:ld-work(.) }}
      ))"/>
    <script type="application/ld+json">
      <xsl:value-of select="h:json-for-script($ld)"/>
    </script>
  </xsl:template>

  <xsl:function name="h:abstract-text" as="xs:string?">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:sequence select="($tei/tei:teiHeader/tei:profileDesc/tei:abstract,
        $tei/tei:text/tei:front/tei:div[@type = 'abstract']/(* except tei:head))[1] ! te:plain(.)[. ne '']"/>
  </xsl:function>

  <!-- One cited work as schema.org data. -->
  <xsl:function name="h:ld-work" as="map(*)">
    <xsl:param name="bibl" as="element()"/>
    <xsl:variable name="kind" as="xs:string" select="te:work-kind($bibl)"/>
    <xsl:sequence select="map:merge((
        map{'@type': (map{'article': 'ScholarlyArticle', 'chapter': 'Chapter', 'book': 'Book'}($kind), 'CreativeWork')[1],
            'name': (($bibl/tei:title[@level = ('a', 'u')], $bibl/tei:title)[1] ! te:plain(.), te:plain($bibl))[1]},
        ($bibl/tei:author, $bibl/tei:editor)[1] ! map{'author': array{ ($bibl/tei:author, $bibl/tei:editor) ! te:plain(.) }},
        te:year($bibl) ! map{'datePublished': .},
        ($bibl/tei:title[@level = 'j'])[1] ! map{'isPartOf': map{'@type': 'Periodical', 'name': te:plain(.)}},
        ($bibl[tei:title[@level = 'a']]/tei:title[@level = 'm'])[1] ! map{'isPartOf': map{'@type': 'Book', 'name': te:plain(.)}}
      ), map{'duplicates': 'use-first'})"/>
  </xsl:function>

  <!-- JSON is written inside <script>, where the HTML parser ends the element at the first
       "</script" and treats "<!-" specially; escaping every "<" as \u003c (valid JSON)
       means no text from the TEI can close the script or open markup. -->
  <xsl:function name="h:json-for-script" as="xs:string">
    <xsl:param name="data" as="item()"/>
    <xsl:sequence select="replace(serialize($data, map{'method': 'json', 'indent': false()}), '&lt;', '\\u003c')"/>
  </xsl:function>

</xsl:stylesheet>
