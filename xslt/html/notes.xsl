<?xml version="1.0" encoding="UTF-8"?>
<!-- Notes: the ordered list of the text's notes (ids = the notes' xml:ids, each number a
     permalink), note calls in the text and the way back, and citations inside notes, whose
     Ibid./short title/abbreviation links show the full reference on hover and on keyboard
     focus by CSS alone (a tooltip after the link, tied to it by aria-describedby). -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:te="urn:teiedition"
    xmlns:h="urn:teiedition:html"
    exclude-result-prefixes="#all"
    default-mode="h:flow">

  <xsl:function name="h:text-notes" as="element(tei:note)*">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:sequence select="$tei/tei:text//tei:note[te:is-text-note(.)]"/>
  </xsl:function>

  <xsl:function name="h:notes-heading" as="xs:string">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:sequence select="(($tei/tei:text/tei:back/tei:div[@type = 'notes']/tei:head)[1] ! te:plain(.)[. ne ''],
        te:label('notes', te:lang($tei)))[1]"/>
  </xsl:function>

  <!-- Note calls by the id they point at: looked up once per note, so long chapters stay linear. -->
  <xsl:key name="h:note-calls" match="tei:ref[@type = 'noteAnchor']" use="tokenize(normalize-space(@target), ' ')[1] ! substring(., 2)"/>

  <!-- The calls that lead to a note: noteAnchor refs pointing at it; a note written inline
       (a footnote in the running text) is its own call. -->
  <xsl:function name="h:calls" as="element()*">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:sequence select="(if (te:is-endnote($note))
        then key('h:note-calls', string($note/@xml:id), root($note))[te:target(.) is $note]
        else $note[not(ancestor::tei:div[@type = 'notes'])])[not(te:in-alternative(.))]"/>
  </xsl:function>

  <!-- A call's id: "call-" and the note's id; later calls of the same note add a count. -->
  <xsl:function name="h:call-id" as="xs:string">
    <xsl:param name="call" as="element()"/>
    <xsl:variable name="note" as="element(tei:note)" select="if ($call/self::tei:note) then $call else te:target($call)"/>
    <xsl:variable name="pos" as="xs:integer" select="(index-of(h:calls($note) ! generate-id(.), generate-id($call)), 1)[1]"/>
    <xsl:sequence select="'call-' || te:note-id($note) || ('-' || $pos)[$pos gt 1]"/>
  </xsl:function>

  <xsl:template name="h:notes">
    <xsl:variable name="notes" as="element(tei:note)*" select="h:text-notes(.)"/>
    <xsl:if test="exists($notes)">
      <section class="notes" aria-labelledby="ed-notes">
        <h2 id="ed-notes"><xsl:value-of select="h:notes-heading(.)"/></h2>
        <xsl:apply-templates select="tei:text/tei:back/tei:div[@type = 'notes']/(node() except (tei:head, tei:note))"/>
        <ol class="notes">
          <xsl:apply-templates select="$notes" mode="h:note-item"/>
        </ol>
      </section>
    </xsl:if>
    <xsl:apply-templates select="tei:text/tei:back/tei:div[@type = ('bibliography', 'abbreviations')]" mode="h:back"/>
  </xsl:template>

  <xsl:template match="tei:note" mode="h:note-item">
    <xsl:variable name="id" as="xs:string" select="te:note-id(.)"/>
    <xsl:variable name="n" as="xs:string" select="te:note-number(.)"/>
    <xsl:variable name="lang" as="xs:string" select="te:lang(.)"/>
    <li id="{$id}">
      <xsl:if test="$n castable as xs:integer"><xsl:attribute name="value" select="$n"/></xsl:if>
      <a class="note-num" href="#{$id}" title="{te:label('permalink', $lang)} {$n}"><xsl:value-of select="$n"/></a>
      <div class="note-body">
        <xsl:call-template name="h:lang"/>
        <xsl:apply-templates/>
        <xsl:for-each select="h:calls(.)">
          <xsl:text> </xsl:text>
          <a class="back" href="#{h:call-id(.)}" aria-label="{te:label('back-to-text', $lang)}">↩</a>
        </xsl:for-each>
      </div>
    </li>
  </xsl:template>

  <!-- In the running text a note leaves only its call; its text is in the notes list. -->
  <!-- The call's id is on the sup, so the note's way back works even where the call cannot
       be a link (inside another link). -->
  <xsl:template match="tei:note[te:is-text-note(.)]">
    <xsl:param name="h:in-link" as="xs:boolean" select="false()" tunnel="yes"/>
    <sup class="note-call" id="{h:call-id(.)}">
      <xsl:call-template name="h:maybe-link">
        <xsl:with-param name="href" select="'#' || te:note-id(.)"/>
        <xsl:with-param name="content" select="te:note-number(.)"/>
        <xsl:with-param name="in-link" select="$h:in-link"/>
      </xsl:call-template>
    </sup>
  </xsl:template>

  <xsl:template match="tei:ref[te:ref-kind(.) eq 'note-call']">
    <xsl:param name="h:in-link" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:variable name="target" as="element()" select="te:target(.)"/>
    <sup class="note-call">
      <xsl:if test="$target/self::tei:note"><xsl:attribute name="id" select="h:call-id(.)"/></xsl:if>
      <xsl:call-template name="h:maybe-link">
        <xsl:with-param name="href" select="'#' || $target/@xml:id"/>
        <xsl:with-param name="content" as="node()*"><xsl:apply-templates/></xsl:with-param>
        <xsl:with-param name="in-link" select="$h:in-link"/>
      </xsl:call-template>
    </sup>
  </xsl:template>

  <xsl:template name="h:maybe-link">
    <xsl:param name="href" as="xs:string"/>
    <xsl:param name="content" as="item()*"/>
    <xsl:param name="in-link" as="xs:boolean"/>
    <xsl:choose>
      <xsl:when test="$in-link"><xsl:sequence select="$content"/></xsl:when>
      <xsl:otherwise><a href="{$href}"><xsl:sequence select="$content"/></a></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A citation in a note: an anchor for back references and the bibliography's "cited in",
       and a small link to the work's bibliography entry, drawn by CSS (an arrow that is not
       copied with the text) and named by its aria-label. -->
  <xsl:template match="tei:bibl[te:bibl-kind(.) = ('citation', 'archive')]">
    <xsl:param name="h:in-link" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:variable name="entry" as="element()?" select="te:bibl-entry(.)"/>
    <span class="bibl bibl-{te:bibl-kind(.)} kind-{te:citation-kind(.)}">
      <xsl:call-template name="h:id"/>
      <!-- The kind is named only where it is not the common case (a book): "Despatch",
           "Government document" on hover. -->
      <xsl:if test="te:citation-kind(.) ne 'book'">
        <xsl:attribute name="title" select="te:kind-label(.)"/>
      </xsl:if>
      <xsl:apply-templates/>
    </span>
    <xsl:if test="exists($entry/@xml:id) and not($h:in-link)">
      <a class="to-bib" href="#{$entry/@xml:id}" title="{te:label('bibliography', te:lang(.))}: {te:plain($entry)}"
         aria-label="{te:label('bibliography', te:lang(.))}"></a>
    </xsl:if>
  </xsl:template>

  <!-- An empty back reference (a citation that repeats a work without printing its name, as
       "and vol. 2, doc. 127" after a DGFP citation) has no text to link: a link with no name
       would be unusable, so nothing is drawn; the citation's "bib" link still leads to the work. -->
  <xsl:template match="tei:ref[te:is-back-reference(.)][empty(*) and normalize-space() eq '']" priority="1"/>

  <!-- Ibid., short title, abbreviation: a link to the citation it stands for, followed by a
       tooltip holding the full reference. The tooltip is visible on hover and focus (CSS);
       aria-describedby gives it to screen readers. Nothing inside it is a link or has an id. -->
  <xsl:template match="tei:ref[te:is-back-reference(.)]">
    <xsl:param name="h:in-link" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:choose>
      <xsl:when test="$h:in-link"><span class="ref"><xsl:apply-templates/></span></xsl:when>
      <xsl:otherwise><xsl:call-template name="h:back-reference"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="h:back-reference">
    <xsl:variable name="target" as="element()" select="te:target(.)"/>
    <xsl:variable name="full" as="element()" select="(te:full-citation(.), $target)[1]"/>
    <!-- The id comes from the ref's place in the tree, not generate-id(), which differs
         between runs: the same TEI must give the same bytes. -->
    <xsl:variable name="tip" as="xs:string"
        select="'tip-' || string-join(ancestor-or-self::* ! (count(preceding-sibling::*) + 1), '-')"/>
    <xsl:variable name="note" as="element(tei:note)?" select="$full/ancestor::tei:note[te:is-text-note(.)][1]"/>
    <span class="cite">
      <a class="ref ref-{te:ref-kind(.)}" href="#{$target/@xml:id}" aria-describedby="{$tip}">
        <xsl:apply-templates>
          <xsl:with-param name="h:in-link" select="true()" tunnel="yes"/>
        </xsl:apply-templates>
      </a>
      <span class="tip" role="tooltip" id="{$tip}">
        <xsl:if test="exists($note)">
          <span class="tip-label"><xsl:value-of select="te:label('note', te:lang(.)) || ' ' || te:note-number($note)"/></span>
          <xsl:text> </xsl:text>
        </xsl:if>
        <xsl:apply-templates select="$full/node()" mode="h:tip"/>
      </span>
    </span>
  </xsl:template>

</xsl:stylesheet>
