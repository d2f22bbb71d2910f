<?xml version="1.0" encoding="UTF-8"?>
<!-- Inline markup: highlighting, titles, corrections, abbreviations, links, and the generic
     fallback for elements this stylesheet does not know (they keep their text). -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:te="urn:teiedition"
    xmlns:h="urn:teiedition:html"
    exclude-result-prefixes="#all"
    default-mode="h:flow">

  <!-- Generic fallback, in both modes: a span (or div, where it stands between blocks) that
       names the TEI element in its class and keeps all the text inside. -->
  <xsl:template match="*" mode="h:flow">
    <xsl:element name="{if (parent::tei:div or parent::tei:body or parent::tei:front or parent::tei:back) then 'div' else 'span'}">
      <xsl:attribute name="class" select="'tei-' || local-name()"/>
      <xsl:call-template name="h:id"/>
      <xsl:call-template name="h:lang"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>
  <xsl:template match="*" mode="h:tip">
    <xsl:apply-templates mode="h:tip"/>
  </xsl:template>
  <!-- A tooltip or one-line rendering shows the citation only: notes inside it (a work's
       "cited by" list, a footnote) are shown in their own place on the page. -->
  <xsl:template match="tei:note" mode="h:tip"/>

  <xsl:template name="h:lang">
    <xsl:if test="te:is-language-tag(@xml:lang)">
      <xsl:attribute name="lang" select="@xml:lang"/>
    </xsl:if>
  </xsl:template>

  <!-- Highlighting (hi, @rend, @style, @rendition): editorial.xsl, by te:rend. -->

  <xsl:template match="tei:emph" mode="h:flow h:tip">
    <em><xsl:apply-templates mode="#current"/></em>
  </xsl:template>

  <xsl:template match="tei:foreign | tei:term[@xml:lang]" mode="h:flow h:tip">
    <i><xsl:call-template name="h:lang"/><xsl:apply-templates mode="#current"/></i>
  </xsl:template>

  <!-- Titles: italic for books and journals, quotation marks for articles and chapters,
       added only where the printed text does not already have them (te:title-marks). -->
  <xsl:template match="tei:title" mode="h:flow h:tip">
    <xsl:variable name="marks" as="xs:string*" select="te:title-marks(.)"/>
    <xsl:variable name="style" as="xs:string" select="te:title-style(.)"/>
    <cite class="title title-{$style}">
      <xsl:call-template name="h:lang"/>
      <xsl:value-of select="$marks[1]"/>
      <xsl:apply-templates mode="#current"/>
      <xsl:value-of select="$marks[2]"/>
    </cite>
  </xsl:template>

  <!-- Quotations (te:q-marks): editorial.xsl. -->

  <!-- choice (te:choice-reading, te:choice-alternatives): editorial.xsl. -->

  <!-- An abbreviation: its expansion (from the abbreviations list) as a title. -->
  <xsl:template match="tei:abbr" mode="h:flow">
    <xsl:variable name="expan" as="xs:string?" select="h:expansion(.)"/>
    <abbr>
      <xsl:if test="exists($expan)"><xsl:attribute name="title" select="$expan"/></xsl:if>
      <xsl:apply-templates/>
    </abbr>
  </xsl:template>

  <xsl:function name="h:expansion" as="xs:string?">
    <xsl:param name="abbr" as="element(tei:abbr)"/>
    <xsl:variable name="key" as="xs:string" select="normalize-space($abbr)"/>
    <xsl:sequence select="(root($abbr)//tei:div[@type = 'abbreviations']//tei:label[normalize-space(.) eq $key]
        /following-sibling::tei:item[1])[1] ! te:plain(.)[. ne '']"/>
  </xsl:function>

  <!-- gap (te:gap-words): editorial.xsl. -->

  <xsl:template match="tei:sic[not(parent::tei:choice)] | tei:corr[not(parent::tei:choice)]" mode="h:flow">
    <span class="{local-name()}"><xsl:apply-templates/></span>
  </xsl:template>

  <!-- Links other than note calls and back references (those are in notes.xsl): internal
       pointers and safe external addresses become links; anything else stays text. Inside a
       link nothing more is a link (HTML does not nest them): the tunnel parameter h:in-link
       says so to every template below. -->
  <xsl:template match="tei:ref | tei:ptr" mode="h:flow">
    <xsl:param name="h:in-link" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:variable name="kind" as="xs:string" select="te:ref-kind(.)"/>
    <xsl:choose>
      <xsl:when test="$h:in-link">
        <span class="ref"><xsl:call-template name="h:link-text"/></span>
      </xsl:when>
      <xsl:when test="$kind = ('internal', 'note-call', 'ibid', 'short', 'abbr')">
        <a href="#{te:target(.)/@xml:id}"><xsl:call-template name="h:link-text"/></a>
      </xsl:when>
      <xsl:when test="$kind eq 'external'">
        <a href="{te:safe-url(@target)}"><xsl:call-template name="h:link-text"/></a>
      </xsl:when>
      <xsl:otherwise>
        <span class="ref"><xsl:call-template name="h:link-text"/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A ptr has no content: its address is its text. -->
  <xsl:template name="h:link-text">
    <xsl:choose>
      <xsl:when test="self::tei:ptr"><xsl:value-of select="@target"/></xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates>
          <xsl:with-param name="h:in-link" select="true()" tunnel="yes"/>
        </xsl:apply-templates>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:ref | tei:ptr" mode="h:tip">
    <xsl:apply-templates mode="h:tip"/>
  </xsl:template>

  <!-- Parts of a citation whose role the text alone does not show (a letter's sender and
       recipient, repository, collection, item, box, folder, series, volume, folio, edition,
       translator): a span named by its role, the role's word as its title. Plain authors and
       editors keep the generic span, as before. -->
  <xsl:template match="tei:bibl//*[not(self::tei:ref or self::tei:idno[@type = 'DOI'])]
      [te:part-role(.) = ('sender', 'interviewee', 'translator', 'compiler', 'recipient', 'repository',
       'collection', 'item', 'edition', 'series', 'volume', 'issue', 'part', 'box', 'folder', 'folio')]" mode="h:flow">
    <span class="tei-{local-name()} part-{te:part-role(.)}" title="{te:part-label(.)}">
      <xsl:call-template name="h:lang"/>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <!-- A URL printed with a citation: a link when its address is http, https or mailto
       (te:safe-url), else its text; never a link inside another link. -->
  <xsl:template match="tei:ref[@type = 'url']" mode="h:flow" priority="2">
    <xsl:param name="h:in-link" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:variable name="href" as="xs:string?" select="te:safe-url(@target)"/>
    <xsl:choose>
      <xsl:when test="exists($href) and not($h:in-link)">
        <a class="url" href="{$href}"><xsl:apply-templates>
          <xsl:with-param name="h:in-link" select="true()" tunnel="yes"/>
        </xsl:apply-templates></a>
      </xsl:when>
      <xsl:otherwise><span class="url"><xsl:apply-templates/></span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A DOI as printed, linked to its resolver when it has the shape of a DOI. -->
  <xsl:template match="tei:idno[@type = 'DOI']" mode="h:flow">
    <xsl:param name="h:in-link" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:variable name="href" as="xs:string?" select="te:doi-url(.)"/>
    <xsl:choose>
      <xsl:when test="exists($href) and not($h:in-link)">
        <a class="doi" href="{$href}" title="{te:part-label(.)}"><xsl:apply-templates>
          <xsl:with-param name="h:in-link" select="true()" tunnel="yes"/>
        </xsl:apply-templates></a>
      </xsl:when>
      <xsl:otherwise><span class="doi" title="{te:part-label(.)}"><xsl:apply-templates/></span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Anchors and milestones keep their ids as link targets. -->
  <xsl:template match="tei:anchor[@xml:id] | tei:milestone[@xml:id]" mode="h:flow">
    <span id="{@xml:id}"/>
  </xsl:template>

  <!-- A URL in plain text (the encoding has no ref for it) is a link all the same, as in
       print; inside another link, or in a tooltip (mode h:tip: no links), it stays text. -->
  <xsl:template match="text()[contains(., '://')][not(ancestor::tei:ref or ancestor::tei:ptr or ancestor::tei:idno
      or ancestor::tei:email or ancestor::tei:code or ancestor::tei:egXML)]" mode="h:flow" priority="2">
    <xsl:param name="h:in-link" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:call-template name="h:bare-urls"><xsl:with-param name="link" select="not($h:in-link)"/></xsl:call-template>
  </xsl:template>
  <xsl:template match="text()[contains(., '://')][not(ancestor::tei:ref or ancestor::tei:ptr or ancestor::tei:idno
      or ancestor::tei:email or ancestor::tei:code or ancestor::tei:egXML)]" mode="h:tip" priority="2">
    <xsl:call-template name="h:bare-urls"><xsl:with-param name="link" select="false()"/></xsl:call-template>
  </xsl:template>

  <xsl:template name="h:bare-urls">
    <xsl:param name="link" as="xs:boolean"/>
    <xsl:analyze-string select="." regex="{$te:bare-url}">
      <xsl:matching-substring>
        <xsl:variable name="href" as="xs:string?" select="te:safe-url(.)"/>
        <xsl:choose>
          <xsl:when test="exists($href) and $link"><a class="url" href="{$href}"><xsl:value-of select="."/></a></xsl:when>
          <xsl:otherwise><span class="url"><xsl:value-of select="."/></span></xsl:otherwise>
        </xsl:choose>
      </xsl:matching-substring>
      <xsl:non-matching-substring><xsl:value-of select="."/></xsl:non-matching-substring>
    </xsl:analyze-string>
  </xsl:template>

  <!-- A pinpoint ("p. 56", "pp. 83–5", "vol. 3") and a range of numbers ("1933–1941") are not
       broken across lines: each is a nowrap span (CSS .nobr), its text unchanged, so copying
       and searching read it as printed. Text without a digit is left alone at once.
       Both regexes run on Java's regex engine (Saxon's flag ";j"), six times faster here
       than Saxon's own on every text with a digit; they are written in the part of the
       syntax where the two agree (\p{Nd} for XPath's \d, [ \t\n\r] for its \s), so the
       matches are those of the XPath regexes they stand for. -->
  <xsl:variable name="h:unbroken" as="xs:string"
      select="'(^|[ \t\n\r(\[])((p|pp|vol|vols|no|nos|doc|docs|ch|chs|n|nn|fol|fols|col|cols)\.?[ \t\n\r]+\p{Nd}+(–\p{Nd}+)?)|(\p{Nd}+–\p{Nd}+)'"/>
  <!-- Not inside an address or identifier (a URL, DOI, item number), whose text is one token:
       "05-09-02" there is not a range. Hyphenated numbers are identifiers too; ranges are
       printed with an en dash. -->
  <xsl:template match="text()[matches(., '\p{Nd}', ';j')][not(ancestor::tei:ref[@type = 'url'] or ancestor::tei:idno
      or ancestor::tei:ptr or ancestor::tei:email or ancestor::tei:code or ancestor::tei:egXML)]" mode="h:flow h:tip">
    <xsl:analyze-string select="." regex="{$h:unbroken}" flags=";j">
      <xsl:matching-substring>
        <xsl:value-of select="regex-group(1)"/>
        <span class="nobr"><xsl:value-of select="(regex-group(2)[. ne ''], regex-group(5))[1]"/></span>
      </xsl:matching-substring>
      <xsl:non-matching-substring><xsl:value-of select="."/></xsl:non-matching-substring>
    </xsl:analyze-string>
  </xsl:template>

</xsl:stylesheet>
