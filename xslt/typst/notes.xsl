<?xml version="1.0" encoding="UTF-8"?>
<!-- Notes: endnotes when the text has no note calls (as in the sample, whose source page
     lost them), footnotes at the foot of the page for every note the text calls or holds
     inline; citations inside notes are anchors for back references and "cited in". -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:te="urn:teiedition"
    xmlns:tx="urn:teiedition:typst"
    exclude-result-prefixes="#all"
    default-mode="tx:flow">

  <!-- Note calls of the running text (not those inside notes), by the id they point at. -->
  <xsl:key name="tx:calls" match="tei:ref[@type = 'noteAnchor'][not(ancestor::tei:note)][starts-with(normalize-space(@target), '#')]"
      use="substring(tokenize(normalize-space(@target), ' ')[1], 2)"/>

  <!-- The call that prints a note as a footnote: the first call of the text that leads to
       it. A note with such a call is a footnote; the others are endnotes. -->
  <xsl:function name="tx:first-call" as="element()?">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:sequence select="if ($note/@xml:id) then key('tx:calls', string($note/@xml:id), root($note))[1] else ()"/>
  </xsl:function>

  <xsl:function name="tx:is-footnote" as="xs:boolean">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:sequence select="exists(tx:first-call($note))"/>
  </xsl:function>

  <!-- The footnote: Typst places it at the foot of the page of the call; its mark is the
       note's own number (te:note-number), not Typst's count. -->
  <xsl:template name="tx:footnote">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:value-of select="'#footnote(numbering: (..n) => ' || tx:content(te:note-number($note)) || ')['"/>
    <xsl:for-each select="$note">
      <xsl:call-template name="tx:anchor"/>
      <xsl:apply-templates/>
    </xsl:for-each>
    <xsl:text>]</xsl:text>
  </xsl:template>

  <!-- A note call: the first call of a note prints the footnote; a later call of the same
       note, or a call of something that is not a note, is a superscript link. -->
  <xsl:template match="tei:ref[te:ref-kind(.) eq 'note-call']">
    <xsl:variable name="target" as="element()?" select="te:target(.)"/>
    <xsl:choose>
      <xsl:when test="$target/self::tei:note and tx:first-call($target) is .">
        <xsl:call-template name="tx:footnote">
          <xsl:with-param name="note" select="$target"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:text>#super[</xsl:text>
        <xsl:call-template name="tx:internal-link">
          <xsl:with-param name="target" select="$target"/>
          <xsl:with-param name="content" as="item()*"><xsl:apply-templates/></xsl:with-param>
        </xsl:call-template>
        <xsl:text>]</xsl:text>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A note call that leads nowhere (a hand-edited file): its marker, still superscript. -->
  <xsl:template match="tei:ref[@type = 'noteAnchor'][te:ref-kind(.) ne 'note-call']">
    <xsl:text>#super[</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>]</xsl:text>
  </xsl:template>

  <!-- A note written inline in the running text (other projects' TEI) is a footnote there. -->
  <xsl:template match="tei:note[te:is-text-note(.)][not(ancestor::tei:div[@type = 'notes'])][not(ancestor::tei:note)]">
    <xsl:call-template name="tx:footnote">
      <xsl:with-param name="note" select="."/>
    </xsl:call-template>
  </xsl:template>

  <!-- The notes division: the endnotes, i.e. its notes that no call made footnotes. Its head
       (or the label "Notes") only when there is one to print. -->
  <xsl:template match="tei:div[@type = 'notes']">
    <xsl:variable name="endnotes" as="element(tei:note)*" select="tei:note[not(tx:is-footnote(.))]"/>
    <xsl:if test="exists($endnotes)">
      <xsl:call-template name="tx:heading">
        <xsl:with-param name="level" select="tx:heading-level(.)"/>
        <xsl:with-param name="content" as="item()*">
          <xsl:apply-templates select="tei:head[1]/node()"/>
          <xsl:if test="empty(tei:head)"><xsl:value-of select="tx:escape(te:label('notes', te:lang(.)))"/></xsl:if>
        </xsl:with-param>
      </xsl:call-template>
      <xsl:text>#notes-section[&#10;</xsl:text>
      <xsl:apply-templates select="(node() except tei:head) except tei:note[tx:is-footnote(.)]"/>
      <xsl:text>]&#10;&#10;</xsl:text>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:div[@type = 'notes']/tei:note">
    <xsl:variable name="n" as="xs:string" select="te:note-number(.)"/>
    <!-- An integer number makes the note an item of the notes list (edition.typ). -->
    <xsl:value-of select="if ($n castable as xs:integer and xs:integer($n) ge 0 and matches($n, '^\d{1,9}$'))
        then '#endnote-item(' || xs:integer($n) || ')['
        else '#endnote(' || tx:content($n) || ')['"/>
    <xsl:call-template name="tx:anchor"/>
    <xsl:apply-templates/>
    <xsl:text>]&#10;&#10;</xsl:text>
  </xsl:template>

  <!-- The whitespace at the start and end of a note is the layout of the XML file (a note
       whose text begins on the next, indented line), not text: printed, it put a space
       before the note's first word. Inner whitespace is kept as it is everywhere. -->
  <xsl:template match="tei:note/text()[not(preceding-sibling::node()) or not(following-sibling::node())]" priority="6">
    <xsl:variable name="t" as="xs:string" select="tx:collapse(.)"/>
    <xsl:variable name="t" as="xs:string" select="if (preceding-sibling::node()) then $t else replace($t, '^\s+', '')"/>
    <xsl:variable name="t" as="xs:string" select="if (following-sibling::node()) then $t else replace($t, '\s+$', '')"/>
    <xsl:value-of select="if (contains($t, '://')) then tx:linked-text($t) else tx:unbroken-ranges(tx:escape(tx:typography($t)))"/>
  </xsl:template>

  <!-- A citation: an anchor (Ibid. and "cited in" lead here), then its text as printed. -->
  <xsl:template match="tei:bibl[te:bibl-kind(.) = ('citation', 'archive')]">
    <xsl:call-template name="tx:anchor"/>
    <xsl:apply-templates/>
  </xsl:template>

</xsl:stylesheet>
