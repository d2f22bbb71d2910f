<?xml version="1.0" encoding="UTF-8"?>
<!--
  What the archive metadata (dc.xsl, datacite.xsl, bag-info.xsl) reads from a teiHeader.

  One function per fact, each returning plain strings or maps, so the three outputs agree on
  the title, the creators, the publisher, the dates and the source chapter; each output only
  decides how to write them. Fallbacks for headers that lack a fact are decided here, once:

  * publisher: publicationStmt/publisher, else distributor, else authority, else the DataCite
    standard value "(:unav)" (value unavailable). The source's publisher is never used: it
    published the chapter, not this edition.
  * edition date: publicationStmt/date/@when (or its text when that is a date), else the
    latest revisionDesc/change/@when.
  * year (DataCite publicationYear, dc:date): the edition date's year, else the source's year
    (its bibl's date, else a date in sourceDesc or profileDesc/creation: the date of the text),
    else the year of $fallback-date (the bagging date Python was given), else a fatal error
    naming what to add.
  * creators: titleStmt/author, else the source's authors, else "(:unav)".
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:te="urn:teiedition"
    xmlns:a="urn:teiedition:archive"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    exclude-result-prefixes="#all">

  <!-- The title, subtitle and authors are the editions' own decisions (common/editorial.xsl:
       te:doc-title, te:doc-subtitle, te:doc-authors), so a record never names the work
       otherwise than its web page and its PDF do. -->
  <xsl:import href="../common.xsl"/>


  <!-- A date (YYYY, YYYY-MM or YYYY-MM-DD) used only when the header has no date at all. -->
  <xsl:param name="fallback-date" as="xs:string" select="''"/>

  <!-- DataCite's standard value for a mandatory property whose value is unavailable. -->
  <xsl:variable name="a:unavailable" as="xs:string" select="'(:unav)'"/>

  <xsl:function name="a:text" as="xs:string">
    <xsl:param name="nodes" as="node()*"/>
    <!-- Notes inside a title or bibl are commentary, not part of the name; an email inside a
         publisher is its address, not its name (bag-info.xsl reads it on its own). -->
    <!-- A title read on its own (dc:title, a related item's title) is its words; the quotation
         marks of a:words are for titles inside a citation. -->
    <xsl:sequence select="normalize-space(string-join($nodes ! (if (self::tei:title) then node() ! a:words(.) else a:words(.)), ''))"/>
  </xsl:function>

  <xsl:function name="a:words" as="xs:string*">
    <xsl:param name="node" as="node()"/>
    <xsl:choose>
      <xsl:when test="$node/self::tei:note or $node/self::tei:sic or $node/self::tei:email
                      or $node/self::comment()
                      or $node/self::processing-instruction()"/>
      <xsl:when test="$node/self::text()"><xsl:sequence select="string($node)"/></xsl:when>
      <!-- A title the editions print in quotation marks (an article's, a chapter's) keeps
           them in a one-line citation (dc:source), unless the text prints its own. -->
      <xsl:when test="$node/self::tei:title and exists(te:title-marks($node))">
        <xsl:variable name="marks" select="te:title-marks($node)"/>
        <xsl:sequence select="$marks[1], $node/node() ! a:words(.), $marks[2]"/>
      </xsl:when>
      <xsl:otherwise><xsl:sequence select="$node/node() ! a:words(.)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <xsl:function name="a:header" as="element(tei:teiHeader)">
    <xsl:param name="doc" as="node()"/>
    <xsl:variable name="h" select="root($doc)/(tei:TEI|tei:teiCorpus)[1]/tei:teiHeader"/>
    <xsl:if test="empty($h)">
      <xsl:sequence select="error(xs:QName('a:no-header'),
        'the file has no TEI/teiHeader: archive metadata is made from the header')"/>
    </xsl:if>
    <xsl:sequence select="$h"/>
  </xsl:function>

  <xsl:function name="a:title" as="xs:string">
    <xsl:param name="h" as="element(tei:teiHeader)"/>
    <xsl:variable name="main" select="a:text(te:doc-title($h/..))"/>
    <xsl:sequence select="if ($main) then $main else $a:unavailable"/>
  </xsl:function>

  <xsl:function name="a:subtitles" as="xs:string*">
    <xsl:param name="h" as="element(tei:teiHeader)"/>
    <xsl:sequence select="te:doc-subtitle($h/..) ! a:text(.)[.]"/>
  </xsl:function>

  <xsl:function name="a:creators" as="xs:string+">
    <xsl:param name="h" as="element(tei:teiHeader)"/>
    <xsl:variable name="own" select="te:doc-authors($h/..) ! a:text(.)[.]"/>
    <xsl:variable name="source" select="a:source($h)/tei:author ! a:text(.)[.]"/>
    <xsl:sequence select="if (exists($own)) then $own
                          else if (exists($source)) then $source
                          else $a:unavailable"/>
  </xsl:function>

  <!-- The publisher of the edition: publisher, else distributor, else (:unav). An authority
       is by TEI's definition responsible "other than a publisher or distributor" (the
       converter's says that no publisher is stated), so it never stands as the publisher. -->
  <xsl:function name="a:publisher" as="xs:string">
    <xsl:param name="h" as="element(tei:teiHeader)"/>
    <xsl:variable name="p" select="$h/tei:fileDesc/tei:publicationStmt"/>
    <xsl:sequence select="(($p/tei:publisher, $p/tei:distributor) ! a:text(.)[.],
                           $a:unavailable)[1]"/>
  </xsl:function>

  <!-- A creator's name as DataCite wants it: maps with 'name' ("Family, Given" for a person),
       'type' (Personal, Organizational or '' when unknown) and 'given', 'family'. A person's
       parts come from persName/surname/forename, else from "Family, Given", else the last
       word is the family name ("Geoffrey Roberts"); an orgName is an organisation. -->
  <xsl:function name="a:name" as="map(xs:string, xs:string)">
    <xsl:param name="person" as="element()"/>
    <xsl:variable name="text" select="a:text($person)"/>
    <xsl:variable name="family" select="if ($person//tei:surname) then a:text(($person//tei:surname)[1])
        else if (contains($text, ',')) then normalize-space(substring-before($text, ','))
        else replace($text, '^.*\s', '')"/>
    <xsl:variable name="given" select="if ($person//tei:surname) then a:text($person//tei:forename)
        else if (contains($text, ',')) then normalize-space(substring-after($text, ','))
        else normalize-space(replace($text, '\S+$', ''))"/>
    <xsl:sequence select="
        if ($person/tei:orgName or $person/self::tei:orgName) then map{'name': $text, 'type': 'Organizational', 'given': '', 'family': ''}
        else if ($text eq '') then map{'name': $a:unavailable, 'type': '', 'given': '', 'family': ''}
        else map{'name': string-join(($family, $given[. ne '']), ', '), 'type': 'Personal',
                 'given': $given, 'family': $family}"/>
  </xsl:function>

  <!-- The edition's creators as a:name maps (see a:creators for which elements). -->
  <xsl:function name="a:creator-names" as="map(xs:string, xs:string)+">
    <xsl:param name="h" as="element(tei:teiHeader)"/>
    <xsl:variable name="own" select="te:doc-authors($h/..)[a:text(.)]"/>
    <xsl:variable name="source" select="a:source($h)/tei:author[a:text(.)]"/>
    <xsl:sequence select="if (exists($own)) then $own ! a:name(.)
                          else if (exists($source)) then $source ! a:name(.)
                          else map{'name': $a:unavailable, 'type': '', 'given': '', 'family': ''}"/>
  </xsl:function>

  <!-- The SPDX identifier of a Creative Commons licence URL (DataCite's rightsIdentifier). -->
  <xsl:function name="a:spdx" as="xs:string?">
    <xsl:param name="uri" as="xs:string"/>
    <xsl:variable name="u" select="normalize-space($uri)"/>
    <xsl:sequence select="
        if (matches($u, '^https?://creativecommons\.org/licenses/(by|by-sa|by-nd|by-nc|by-nc-sa|by-nc-nd)/(\d\.\d)/?$'))
        then replace($u, '^https?://creativecommons\.org/licenses/([a-z-]+)/(\d\.\d)/?$', 'CC-$1-$2') ! upper-case(.)
        else if (matches($u, '^https?://creativecommons\.org/publicdomain/zero/1\.0/?$')) then 'CC0-1.0'
        else ()"/>
  </xsl:function>

  <!-- The edition's own date, as written in @when (YYYY, YYYY-MM or YYYY-MM-DD), or (). -->
  <xsl:function name="a:edition-date" as="xs:string?">
    <xsl:param name="h" as="element(tei:teiHeader)"/>
    <!-- @when first; a date written only as text (<date>2019-05-01</date>) counts too. -->
    <xsl:variable name="pub" select="$h/tei:fileDesc/tei:publicationStmt/tei:date
                                     ! (string(@when), normalize-space(.))[a:is-date(.)][1]"/>
    <xsl:variable name="changes" select="sort($h/tei:revisionDesc//tei:change/@when[a:is-date(.)] ! string(.))"/>
    <xsl:sequence select="($pub[1], $changes[last()])[1]"/>
  </xsl:function>

  <xsl:function name="a:is-date" as="xs:boolean">
    <xsl:param name="s" as="xs:string"/>
    <xsl:sequence select="matches($s, '^\d{4}(-\d{2}(-\d{2})?)?$')"/>
  </xsl:function>

  <!-- The bibl describing the printed source (the chapter), or (). -->
  <xsl:function name="a:source" as="element()?">
    <xsl:param name="h" as="element(tei:teiHeader)"/>
    <xsl:variable name="s" select="$h/tei:fileDesc/tei:sourceDesc"/>
    <xsl:sequence select="($s/tei:bibl[@type = 'source'], $s/tei:bibl, $s/tei:biblStruct)[1]"/>
  </xsl:function>

  <xsl:function name="a:source-year" as="xs:string?">
    <xsl:param name="h" as="element(tei:teiHeader)"/>
    <!-- The source's bibl first, then any date of the source description (a manuscript's
         origDate) or of the text's creation (profileDesc/creation). -->
    <xsl:variable name="dates" select="a:source($h)//tei:date,
        $h/tei:fileDesc/tei:sourceDesc//(tei:date|tei:origDate),
        $h/tei:profileDesc/tei:creation//(tei:date|tei:origDate)"/>
    <xsl:variable name="d" select="($dates/(string(@when), string(@notBefore), string(@from), normalize-space(.)))
                                   [matches(., '^\d{4}')] ! substring(., 1, 4)"/>
    <xsl:sequence select="$d[1]"/>
  </xsl:function>

  <!-- The source chapter as one line of citation text, without its notes. -->
  <xsl:function name="a:source-citation" as="xs:string?">
    <xsl:param name="h" as="element(tei:teiHeader)"/>
    <xsl:variable name="c" select="a:text(a:source($h))"/>
    <xsl:sequence select="$c[.]"/>
  </xsl:function>

  <xsl:function name="a:source-title" as="xs:string?">
    <xsl:param name="h" as="element(tei:teiHeader)"/>
    <xsl:variable name="b" select="a:source($h)"/>
    <xsl:sequence select="($b/(tei:title[@level = 'a'], tei:title, tei:analytic/tei:title, tei:monogr/tei:title) ! a:text(.)[.])[1]"/>
  </xsl:function>

  <!-- DataCite resourceTypeGeneral of the source: a part of a book, an article, a book. -->
  <xsl:function name="a:source-type" as="xs:string">
    <xsl:param name="h" as="element(tei:teiHeader)"/>
    <xsl:variable name="b" select="a:source($h)"/>
    <xsl:sequence select="if ($b//tei:title[@level = 'j']) then 'JournalArticle'
                          else if ($b//tei:title[@level = 'a'] or $b/tei:analytic) then 'BookChapter'
                          else if ($b//tei:title[@level = 'm']) then 'Book'
                          else 'Text'"/>
  </xsl:function>

  <!-- Identifiers of the source: maps with 'type' (DataCite relatedIdentifierType) and 'value'. -->
  <xsl:function name="a:source-ids" as="map(xs:string, xs:string)*">
    <xsl:param name="h" as="element(tei:teiHeader)"/>
    <xsl:variable name="b" select="a:source($h)"/>
    <xsl:sequence select="($b//tei:idno ! a:id-map(string(@type), a:text(.)),
                           $b//(tei:ptr|tei:ref)/@target[matches(., '^https?://')] ! map{'type': 'URL', 'value': string(.)})
                          [map:size(.) gt 0]"/>
  </xsl:function>

  <!-- An idno as a DataCite identifier type; an empty map when the type has no DataCite name. -->
  <xsl:function name="a:id-map" as="map(xs:string, xs:string)">
    <xsl:param name="type" as="xs:string"/>
    <xsl:param name="value" as="xs:string"/>
    <xsl:variable name="known" select="map{'doi': 'DOI', 'isbn': 'ISBN', 'issn': 'ISSN', 'url': 'URL',
                                           'uri': 'URL', 'handle': 'Handle', 'urn': 'URN', 'ark': 'ARK'}"/>
    <xsl:variable name="t" select="$known(lower-case($type))"/>
    <xsl:sequence select="if ($t and $value) then map{'type': $t, 'value': $value} else map{}"/>
  </xsl:function>

  <!-- The edition's identifiers (publicationStmt/idno): maps with 'type' and 'value' as written. -->
  <xsl:function name="a:ids" as="map(xs:string, xs:string)*">
    <xsl:param name="h" as="element(tei:teiHeader)"/>
    <xsl:sequence select="$h/tei:fileDesc/tei:publicationStmt/tei:idno[normalize-space(.)]
                          ! map{'type': string((@type, 'id')[1]), 'value': a:text(.)}"/>
  </xsl:function>

  <xsl:function name="a:doi" as="xs:string?">
    <xsl:param name="h" as="element(tei:teiHeader)"/>
    <xsl:sequence select="(a:ids($h)[lower-case(?type) = 'doi'] ! replace(?value, '^(https?://(dx\.)?doi\.org/|doi:)', ''))[1]"/>
  </xsl:function>

  <!-- One identifier string for the edition, one that resolves: a DOI as a URL, else the
       first URL, Handle, URN or ARK idno. A checksum (the converter's sha256 of the source
       text) identifies nothing a reader can look up, so it is not an identifier here. -->
  <xsl:function name="a:identifier" as="xs:string?">
    <xsl:param name="h" as="element(tei:teiHeader)"/>
    <xsl:variable name="doi" select="a:doi($h)"/>
    <xsl:sequence select="if ($doi) then 'https://doi.org/' || $doi
                          else (a:ids($h) ! a:id-map(?type, ?value)[map:size(.) gt 0]
                                ! (if (?type eq 'URL' or matches(?value, '^[a-z]+:', 'i')) then ?value
                                   else lower-case(?type) || ':' || ?value))[1]"/>
  </xsl:function>

  <!-- Rights: one map per licence (text, and uri from @target) and one per paragraph of the
       availability (a copyright line and a rights statement are separate statements). -->
  <xsl:function name="a:rights" as="map(xs:string, xs:string)*">
    <xsl:param name="h" as="element(tei:teiHeader)"/>
    <xsl:variable name="av" select="$h/tei:fileDesc/tei:publicationStmt/tei:availability"/>
    <xsl:variable name="licences" select="$av/tei:licence ! map:merge((
        map{'text': (a:text(.)[.], string(@target))[1]},
        @target[normalize-space(.)] ! map{'uri': string(.)}))"/>
    <xsl:variable name="statements" select="$av/tei:p ! a:text(.)[.]"/>
    <xsl:variable name="status" select="$av/@status[. = ('free', 'restricted')] ! ('Availability: ' || .)"/>
    <xsl:sequence select="$licences,
        (if (exists($statements)) then $statements ! map{'text': .}
         else if (empty($licences) and $status) then map{'text': $status}
         else if (empty($licences)) then map{'text': 'Rights not stated in the TEI header'}
         else ())"/>
  </xsl:function>

  <xsl:function name="a:language" as="xs:string?">
    <xsl:param name="h" as="element(tei:teiHeader)"/>
    <xsl:sequence select="($h/tei:profileDesc/tei:langUsage/tei:language/@ident,
                           root($h)/*/@xml:lang)[normalize-space(.)][1] ! string(.)"/>
  </xsl:function>

  <xsl:function name="a:abstract" as="xs:string?">
    <xsl:param name="h" as="element(tei:teiHeader)"/>
    <xsl:variable name="ps" select="$h/tei:profileDesc/tei:abstract/(tei:p, .[not(tei:p)]) ! a:text(.)[.]"/>
    <xsl:sequence select="string-join($ps, '&#10;&#10;')[.]"/>
  </xsl:function>

  <xsl:function name="a:version" as="xs:string?">
    <xsl:param name="h" as="element(tei:teiHeader)"/>
    <xsl:sequence select="$h/tei:fileDesc/tei:editionStmt/tei:edition/@n[normalize-space(.)][1] ! string(.)"/>
  </xsl:function>

  <!-- The year the edition is dated by; see the fallbacks at the top of this file. -->
  <xsl:function name="a:year" as="xs:string">
    <xsl:param name="h" as="element(tei:teiHeader)"/>
    <xsl:variable name="y" select="a:known-year($h)"/>
    <xsl:if test="empty($y)">
      <xsl:sequence select="error(xs:QName('a:no-date'),
        'the TEI header has no date (publicationStmt/date/@when or a dated source): '
        || 'add one, or give a bagging date')"/>
    </xsl:if>
    <xsl:sequence select="$y[1]"/>
  </xsl:function>

  <xsl:function name="a:known-year" as="xs:string?">
    <xsl:param name="h" as="element(tei:teiHeader)"/>
    <!-- The edition's year, else the year the bag is made (the bagging date: the edition is
         published no earlier), and only with neither the source's year, which dates the
         chapter, not this edition. -->
    <xsl:sequence select="((a:edition-date($h), $fallback-date[a:is-date(.)],
                            a:source-year($h)) ! substring(., 1, 4))[1]"/>
  </xsl:function>

  <!-- The date for dc:date: the edition date, else the source year (see the top of this file). -->
  <xsl:function name="a:date" as="xs:string">
    <xsl:param name="h" as="element(tei:teiHeader)"/>
    <xsl:sequence select="(a:edition-date($h), a:year($h))[1]"/>
  </xsl:function>

  <!-- The media types of the files a package holds besides the metadata. -->
  <xsl:variable name="a:formats" as="xs:string+"
      select="('application/tei+xml', 'text/html', 'application/pdf')"/>

</xsl:stylesheet>
