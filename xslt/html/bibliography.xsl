<?xml version="1.0" encoding="UTF-8"?>
<!-- Back matter after the notes: the bibliography (each entry with a COinS span for
     reference managers and links back to every citation of the work) and the
     abbreviations. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:te="urn:teiedition"
    xmlns:h="urn:teiedition:html"
    exclude-result-prefixes="#all"
    default-mode="h:flow">

  <!-- Rendered after the notes (notes.xsl calls mode h:back), not in document order. -->
  <xsl:template match="tei:back/tei:div[@type = ('bibliography', 'abbreviations')]"/>

  <xsl:template match="tei:div" mode="h:back">
    <xsl:variable name="key" as="xs:string" select="string(@type)"/>
    <section class="{$key}" aria-labelledby="ed-{$key}">
      <xsl:call-template name="h:id"/>
      <h2 id="ed-{$key}"><xsl:value-of select="h:back-heading(.)"/></h2>
      <xsl:apply-templates select="node() except tei:head"/>
    </section>
  </xsl:template>

  <xsl:function name="h:back-heading" as="xs:string">
    <xsl:param name="div" as="element(tei:div)"/>
    <xsl:sequence select="($div/tei:head[1] ! te:plain(.)[. ne ''], te:label(string($div/@type), te:lang($div)))[1]"/>
  </xsl:function>

  <!-- Letters and archival files (te:is-archival) are listed apart, first, as archival
       bibliographies do: one list per repository and collection, each by date. Published
       works follow, in the TEI's order. A list with no archival entries is one list, as before. -->
  <xsl:template match="tei:listBibl">
    <xsl:variable name="entries" as="element()*" select="tei:bibl | tei:biblStruct"/>
    <xsl:variable name="archival" as="element()*" select="$entries[te:is-archival(.)]"/>
    <xsl:variable name="lang" as="xs:string" select="te:lang(.)"/>
    <xsl:apply-templates select="tei:head"/>
    <xsl:choose>
      <xsl:when test="empty($archival)">
        <ul class="bibliography">
          <xsl:apply-templates select="* except tei:head"/>
        </ul>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="level" as="xs:integer" select="min((6, count(ancestor::tei:div) + 2))"/>
        <xsl:variable name="key" as="xs:string" select="'ed-' || h:list-key(.)"/>
        <section class="archival-sources" aria-labelledby="{$key}-archival">
          <xsl:element name="h{$level}">
            <xsl:attribute name="id" select="$key || '-archival'"/>
            <xsl:value-of select="te:citation-label('archival-sources', $lang)"/>
          </xsl:element>
          <xsl:for-each-group select="te:archival-order($archival)" group-adjacent="te:archival-group(.)">
            <xsl:if test="current-grouping-key() ne ''">
              <xsl:element name="h{min((6, $level + 1))}">
                <xsl:attribute name="class" select="'archival-group'"/>
                <xsl:value-of select="current-grouping-key()"/>
              </xsl:element>
            </xsl:if>
            <ul class="bibliography archival">
              <xsl:apply-templates select="current-group()"/>
            </ul>
          </xsl:for-each-group>
        </section>
        <xsl:variable name="published" as="node()*" select="(* except tei:head) except $archival"/>
        <xsl:if test="exists($published)">
          <section class="published-works" aria-labelledby="{$key}-published">
            <xsl:element name="h{$level}">
              <xsl:attribute name="id" select="$key || '-published'"/>
              <xsl:value-of select="te:citation-label('published-works', $lang)"/>
            </xsl:element>
            <ul class="bibliography">
              <xsl:apply-templates select="$published"/>
            </ul>
          </section>
        </xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A key for the ids of a list's headings: its xml:id, else its place among the lists. -->
  <xsl:function name="h:list-key" as="xs:string">
    <xsl:param name="list" as="element(tei:listBibl)"/>
    <xsl:sequence select="(string($list/@xml:id)[. ne ''], 'listbibl-' || (count($list/preceding::tei:listBibl) + 1))[1]"/>
  </xsl:function>

  <xsl:template match="tei:listBibl/tei:bibl | tei:listBibl/tei:biblStruct" priority="2">
    <li>
      <xsl:call-template name="h:id"/>
      <span class="entry"><xsl:apply-templates select="node() except tei:note[@type = 'citedBy']"/></span>
      <span class="Z3988" title="{h:coins(.)}"></span>
      <xsl:call-template name="h:cited-by"/>
    </li>
  </xsl:template>

  <!-- Links back to the citing notes, once per note (a note citing the work twice is one
       note to look up; the link leads to its first citation of the work). Made from the
       citations themselves (te:citing-bibls: the targets of the converter's citedBy note, else
       the bibls whose @corresp points here), so the list never repeats a note number. -->
  <xsl:template name="h:cited-by">
    <xsl:variable name="lang" as="xs:string" select="te:lang(.)"/>
    <xsl:variable name="citing" as="element()*">
      <xsl:for-each-group select="te:citing-bibls(.)" group-by="(ancestor::tei:note[1], .)[1] ! generate-id(.)">
        <xsl:sequence select="current-group()[1]"/>
      </xsl:for-each-group>
    </xsl:variable>
    <xsl:if test="exists($citing)">
      <xsl:text> </xsl:text>
      <span class="cited-by">
        <xsl:value-of select="te:label(if (count($citing) gt 1) then 'cited-in-notes' else 'cited-in-note', $lang)"/>
        <xsl:text> </xsl:text>
        <xsl:for-each select="$citing">
          <xsl:variable name="note" as="element()?" select="ancestor::tei:note[1]"/>
          <a href="#{(@xml:id, $note ! te:note-id(.))[1]}">
            <xsl:value-of select="($note ! te:note-number(.), string(position()))[1]"/>
          </a>
          <xsl:if test="position() ne last()">, </xsl:if>
        </xsl:for-each>
        <xsl:text>.</xsl:text>
      </span>
    </xsl:if>
  </xsl:template>

  <!-- COinS: an OpenURL 1.0 ContextObject in KEV form, which Zotero and other reference
       managers read from span.Z3988/@title, by the KEV matrices: an article is the journal
       matrix (rft.atitle the article, rft.jtitle the journal); a chapter is the book matrix's
       bookitem (rft.atitle the chapter, rft.btitle the book); a book or a document has
       rft.btitle. rft.title is the legacy name of the container title in both matrices
       (Zotero's parser reads it as the journal or book), so it is written only where it
       names the same thing as rft.jtitle or rft.btitle. The matrices have no editor field:
       editors are left out rather than made authors. -->
  <xsl:function name="h:coins" as="xs:string">
    <xsl:param name="bibl" as="element()"/>
    <xsl:variable name="kind" as="xs:string" select="te:work-kind($bibl)"/>
    <xsl:variable name="journal" as="xs:boolean" select="$kind eq 'article'"/>
    <xsl:variable name="authors" as="element()*" select="$bibl/tei:author"/>
    <xsl:variable name="part" as="xs:string?"
        select="($bibl/tei:title[@level = ('a', 'u')])[1][$kind = ('article', 'chapter')] ! te:plain(.)"/>
    <xsl:variable name="container" as="xs:string?" select="
        if ($journal) then ($bibl/tei:title[@level = 'j'])[1] ! te:plain(.)
        else (($bibl/tei:title[@level = 'm'], $bibl/tei:title[not(@level)], $bibl/tei:title[@level = 's'],
               $bibl/tei:title)[1] ! te:plain(.),
              (: a letter or file has no title: its description (Fish to Hall, a date) names it :)
              te:plain($bibl/(node() except tei:note))[te:is-archival($bibl)])[1]"/>
    <xsl:variable name="pages" as="element()?" select="($bibl/tei:biblScope[@unit = 'page'])[1]"/>
    <xsl:variable name="pairs" as="xs:string*" select="
        ('url_ver', 'Z39.88-2004'),
        ('ctx_ver', 'Z39.88-2004'),
        ('rfr_id', 'info:sid/teiedition'),
        ('rft_val_fmt', if ($journal) then 'info:ofi/fmt:kev:mtx:journal' else 'info:ofi/fmt:kev:mtx:book'),
        ('rft.genre', (map{'article': 'article', 'chapter': 'bookitem', 'book': 'book'}($kind), 'document')[1]),
        $part ! ('rft.atitle', .),
        $container ! ((if ($journal) then 'rft.jtitle' else 'rft.btitle'), ., 'rft.title', .),
        for $n in ($authors[1] ! h:name-parts(.)) return ('rft.aulast', $n?last, if ($n?first ne '') then ('rft.aufirst', $n?first) else ()),
        $authors ! ('rft.au', te:plain(.)),
        te:year($bibl) ! ('rft.date', .),
        ($bibl/tei:pubPlace)[not($journal)][1] ! ('rft.place', te:plain(.)),
        ($bibl/tei:publisher)[1] ! ('rft.pub', te:plain(.)),
        ($bibl/tei:edition)[not($journal)][1] ! ('rft.edition', te:plain(.)),
        ($bibl/tei:biblScope[@unit = 'volume'])[1] ! ('rft.volume', (@n, te:plain(.))[1]),
        ($bibl/tei:biblScope[@unit = 'issue'])[1] ! ('rft.issue', (@n, te:plain(.))[1]),
        ($bibl/tei:biblScope[@unit = 'series'])[not($journal)][1] ! ('rft.series', te:plain(.)),
        $pages/@from ! ('rft.spage', string(.)),
        $pages/@to ! ('rft.epage', string(.)),
        $pages ! ('rft.pages', te:plain(.)),
        ($bibl/tei:idno[@type = 'DOI'])[1] ! te:doi-url(.) ! ('rft_id', 'info:doi/' || substring-after(., 'https://doi.org/'))"/>
    <xsl:sequence select="string-join(
        for $i in 1 to count($pairs) idiv 2
        return $pairs[2 * $i - 1] || '=' || encode-for-uri(string($pairs[2 * $i])), '&amp;')"/>
  </xsl:function>

  <!-- A person's family and given names for rft.aulast/aufirst and citation_author: the
       encoding's surname/forename when it has them; "Roberts, Geoffrey" split at the comma;
       else the last word is the family name ("Geoffrey Roberts", "X. J. Eudin"). -->
  <xsl:function name="h:name-parts" as="map(xs:string, xs:string)?">
    <xsl:param name="person" as="element()"/>
    <xsl:variable name="name" as="xs:string" select="normalize-space(te:plain($person))"/>
    <xsl:sequence select="
        if ($person//tei:surname) then map{'last': normalize-space(te:plain(($person//tei:surname)[1])),
                                           'first': normalize-space(string-join(($person//tei:forename) ! te:plain(.), ' '))}
        else if ($name eq '') then ()
        else if (contains($name, ',')) then map{'last': normalize-space(substring-before($name, ',')),
                                                 'first': normalize-space(substring-after($name, ','))}
        else map{'last': replace($name, '^.*\s', ''),
                 'first': normalize-space(replace($name, '\S+$', ''))}"/>
  </xsl:function>

</xsl:stylesheet>
