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

  <!-- Links back to the citing notes: the converter's citedBy note as written; for TEI
       without one, made from the citations whose @corresp points at this entry. -->
  <xsl:template name="h:cited-by">
    <xsl:variable name="lang" as="xs:string" select="te:lang(.)"/>
    <xsl:choose>
      <xsl:when test="tei:note[@type = 'citedBy']">
        <xsl:text> </xsl:text>
        <span class="cited-by"><xsl:apply-templates select="tei:note[@type = 'citedBy']/node()"/></span>
      </xsl:when>
      <xsl:when test="@xml:id and exists(te:citing-bibls(.))">
        <xsl:variable name="citing" as="element()*" select="te:citing-bibls(.)"/>
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
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- COinS: an OpenURL 1.0 ContextObject in KEV form, which Zotero and other reference
       managers read from span.Z3988/@title. -->
  <xsl:function name="h:coins" as="xs:string">
    <xsl:param name="bibl" as="element()"/>
    <xsl:variable name="kind" as="xs:string" select="te:work-kind($bibl)"/>
    <xsl:variable name="journal" as="xs:boolean" select="$kind eq 'article'"/>
    <xsl:variable name="authors" as="xs:string*" select="($bibl/tei:author, $bibl/tei:editor[empty($bibl/tei:author)]) ! te:plain(.)"/>
    <xsl:variable name="first" as="xs:string?" select="$authors[1]"/>
    <xsl:variable name="pairs" as="xs:string*" select="
        ('url_ver', 'Z39.88-2004'),
        ('ctx_ver', 'Z39.88-2004'),
        ('rfr_id', 'info:sid/teiedition'),
        ('rft_val_fmt', if ($journal) then 'info:ofi/fmt:kev:mtx:journal' else 'info:ofi/fmt:kev:mtx:book'),
        ('rft.genre', (map{'article': 'article', 'chapter': 'bookitem', 'book': 'book'}($kind), 'document')[1]),
        ($bibl/tei:title[@level = ('a', 'u')])[1] ! ('rft.atitle', te:plain(.)),
        (if ($journal) then ($bibl/tei:title[@level = 'j'])[1] ! ('rft.jtitle', te:plain(.))
         else ($bibl/tei:title[@level = 'm'], $bibl/tei:title[not(@level)])[1] ! ('rft.btitle', te:plain(.))),
        (($bibl/tei:title[@level = ('a', 'u', 'm', 'j')], $bibl/tei:title)[1] ! te:plain(.),
         (: a letter or file has no title: its description (Fish to Hall, a date) names it :)
         te:plain($bibl/(node() except tei:note))[te:is-archival($bibl)])[1] ! ('rft.title', .),
        $first[contains(., ',')] ! ('rft.aulast', normalize-space(substring-before(., ',')),
                                    'rft.aufirst', normalize-space(substring-after(., ','))),
        $authors ! ('rft.au', .),
        te:year($bibl) ! ('rft.date', .),
        ($bibl/tei:pubPlace)[1] ! ('rft.place', te:plain(.)),
        ($bibl/tei:publisher)[1] ! ('rft.pub', te:plain(.)),
        ($bibl/tei:biblScope[@unit = 'volume'])[1] ! ('rft.volume', (@n, te:plain(.))[1]),
        ($bibl/tei:biblScope[@unit = 'issue'])[1] ! ('rft.issue', (@n, te:plain(.))[1]),
        ($bibl/tei:biblScope[@unit = 'series'])[1] ! ('rft.series', (@n, te:plain(.))[1]),
        ($bibl/tei:biblScope[@unit = 'page'])[1] ! ('rft.pages', te:plain(.))"/>
    <xsl:sequence select="string-join(
        for $i in 1 to count($pairs) idiv 2
        return $pairs[2 * $i - 1] || '=' || encode-for-uri(string($pairs[2 * $i])), '&amp;')"/>
  </xsl:function>

</xsl:stylesheet>
