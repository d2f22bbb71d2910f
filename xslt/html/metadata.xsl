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

  <!-- The PDF beside the page (build writes NAME.html and NAME.pdf together), from html.py;
       empty when the TEI was not read from a file. -->
  <xsl:param name="pdf-name" as="xs:string" select="''"/>

  <xsl:template name="h:metadata">
    <xsl:variable name="fd" as="element()?" select="tei:teiHeader/tei:fileDesc"/>
    <xsl:variable name="source" as="element()?" select="($fd/tei:sourceDesc//tei:bibl)[1]"/>
    <xsl:variable name="title" as="xs:string"
        select="(($source/tei:title[@level = 'a'])[1] ! te:plain(.)[. ne ''], h:doc-title(.))[1]"/>
    <xsl:variable name="authors" as="xs:string*" select="h:authors(.) ! te:plain(.)"/>
    <xsl:variable name="editors" as="xs:string*" select="$source/tei:editor ! te:plain(.)"/>
    <xsl:variable name="year" as="xs:string?" select="$source ! te:year(.)"/>
    <xsl:variable name="book" as="xs:string?" select="($source/tei:title[@level = 'm'])[1] ! te:plain(.)"/>
    <xsl:variable name="journal" as="xs:string?" select="($source/tei:title[@level = 'j'])[1] ! te:plain(.)"/>
    <xsl:variable name="publisher" as="xs:string?" select="($source/tei:publisher)[1] ! te:plain(.)"/>
    <xsl:variable name="pages" as="element()?" select="($source/tei:biblScope[@unit = 'page'])[1]"/>
    <xsl:variable name="doi-url" as="xs:string?" select="($source/tei:idno[@type = 'DOI'])[1] ! te:doi-url(.)"/>
    <xsl:variable name="doi" as="xs:string?" select="($source/tei:idno[@type = 'DOI'])[1][exists($doi-url)]
        ! replace(normalize-space(.), '^(doi:\s*|https?://(dx\.)?doi\.org/)', '', 'i')"/>
    <!-- The edition's own address: its DOI, else a URI idno of its publicationStmt. -->
    <xsl:variable name="edition-url" as="xs:string?" select="(
        ($fd/tei:publicationStmt/tei:idno[@type = 'DOI'])[1] ! te:doi-url(.),
        ($fd/tei:publicationStmt/tei:idno[lower-case(@type) = ('uri', 'url')])[1] ! te:safe-url(.))[1]"/>
    <xsl:variable name="edition-date" as="xs:string?"
        select="($fd/tei:publicationStmt/tei:date/@when)[1] ! string(.)[matches(., '^\d{4}(-\d\d){0,2}$')]"/>
    <xsl:variable name="licence" as="element()?" select="($fd/tei:publicationStmt//tei:licence)[1]"/>
    <xsl:variable name="abstract" as="xs:string?" select="h:abstract-text(.)"/>

    <xsl:if test="exists($edition-url)"><link rel="canonical" href="{$edition-url}"/></xsl:if>
    <meta name="citation_title" content="{$title}"/>
    <xsl:for-each select="$authors">
      <meta name="citation_author" content="{.}"/>
    </xsl:for-each>
    <xsl:for-each select="$editors">
      <meta name="citation_editor" content="{.}"/>
    </xsl:for-each>
    <xsl:if test="exists($year)">
      <meta name="citation_publication_date" content="{$year}"/>
    </xsl:if>
    <xsl:if test="exists($edition-date)">
      <meta name="citation_online_date" content="{replace($edition-date, '-', '/')}"/>
    </xsl:if>
    <xsl:if test="exists($book)">
      <meta name="citation_inbook_title" content="{$book}"/>
    </xsl:if>
    <xsl:if test="exists($journal)">
      <meta name="citation_journal_title" content="{$journal}"/>
    </xsl:if>
    <xsl:if test="exists($publisher)">
      <meta name="citation_publisher" content="{$publisher}"/>
    </xsl:if>
    <xsl:for-each select="$pages/@from"><meta name="citation_firstpage" content="{.}"/></xsl:for-each>
    <xsl:for-each select="$pages/@to"><meta name="citation_lastpage" content="{.}"/></xsl:for-each>
    <xsl:if test="exists($doi)">
      <meta name="citation_doi" content="{$doi}"/>
    </xsl:if>
    <xsl:if test="$pdf-name ne ''">
      <meta name="citation_pdf_url" content="{encode-for-uri($pdf-name)}"/>
    </xsl:if>
    <meta name="citation_language" content="{te:lang(.)}"/>
    <xsl:if test="exists($abstract)">
      <meta name="description" content="{$abstract}"/>
    </xsl:if>

    <xsl:variable name="people" as="function(xs:string*) as array(*)"
        select="function($names) { array{ $names ! map{'@type': 'Person', 'name': .} } }"/>
    <xsl:variable name="ld" as="map(*)" select="map:merge((
        map{'@context': 'https://schema.org',
            '@type': if (exists($book)) then 'Chapter' else if (exists($journal)) then 'ScholarlyArticle' else 'CreativeWork',
            'name': $title,
            'inLanguage': te:lang(.),
            'author': $people($authors)},
        $edition-url ! map{'@id': ., 'url': .},
        (: the work's own identifier is its DOI; the edition's, its URL above :)
        $doi-url ! map{'identifier': map{'@type': 'PropertyValue', 'propertyID': 'DOI', 'value': $doi, 'url': .},
                       'sameAs': .},
        $editors[1] ! map{'editor': $people($editors)},
        $year ! map{'datePublished': .},
        $book ! map{'isPartOf': map:merge((map{'@type': 'Book', 'name': .},
                    $editors[1] ! map{'editor': $people($editors)}))},
        $journal ! map{'isPartOf': map{'@type': 'Periodical', 'name': .}},
        $pages/@from ! map{'pageStart': string(.)},
        $pages/@to ! map{'pageEnd': string(.)},
        $publisher ! map{'publisher': map{'@type': 'Organization', 'name': .}},
        $abstract ! map{'abstract': .},
        $licence ! map:merge(((@target ! te:safe-url(.))[1] ! map{'license': .})),
        (($fd/tei:publicationStmt/tei:availability)[1] ! te:plain(.)[. ne ''])[1] ! map{'copyrightNotice': .},
        (: this page is an edition of the work: its date, its PDF :)
        map{'workExample': map:merge((
            map{'@type': 'CreativeWork', 'name': h:doc-title(.), 'bookEdition': 'TEI edition',
                'encodingFormat': 'text/html'},
            $edition-date ! map{'datePublished': .},
            ($pdf-name[. ne ''] ! map{'associatedMedia': map{'@type': 'MediaObject', 'encodingFormat': 'application/pdf',
                                                             'contentUrl': encode-for-uri(.)}})))},
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
        (: authors and editors apart: an edited volume's editors are not its authors :)
        $bibl/tei:author[1] ! map{'author': array{ $bibl/tei:author ! te:plain(.) }},
        $bibl[not(tei:title[@level = 'a'])]/tei:editor[1] ! map{'editor': array{ $bibl/tei:editor ! te:plain(.) }},
        ($bibl/tei:idno[@type = 'DOI'])[1] ! te:doi-url(.) ! map{'identifier': ., 'url': .},
        ($bibl/tei:publisher)[1] ! map{'publisher': te:plain(.)},
        te:year($bibl) ! map{'datePublished': .},
        ($bibl/tei:title[@level = 'j'])[1] ! map{'isPartOf': map{'@type': 'Periodical', 'name': te:plain(.)}},
        ($bibl[tei:title[@level = 'a']]/tei:title[@level = 'm'])[1] ! map:merge((map{'isPartOf': map:merge((
            map{'@type': 'Book', 'name': te:plain(.)},
            $bibl/tei:editor[1] ! map{'editor': array{ $bibl/tei:editor ! te:plain(.) }}))}))
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
