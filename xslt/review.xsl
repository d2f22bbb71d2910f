<?xml version="1.0" encoding="UTF-8"?>
<!--
  TEI to the editor's review list: one HTML5 page naming what most needs an editor's look in an
  edition, most urgent first, each with its note's full text (the item highlighted) and a link
  into the web edition. Made from the TEI file alone (src/teiedition/review.py runs it).

  What is listed, in this order (within a kind, in the order of the text):
    cert-low      citations the models found or labelled with low certainty (bibl[@cert='low'])
    cert-medium   citations with medium certainty
    unresolved    Ibid., short titles and abbreviations that stand for nothing: a ref of one of
                  those types with no @target, or one that leads nowhere in the file; a short
                  title outside any ref in a citation with no @corresp (the converter writes an
                  unresolved short title so: bibl/title[@type='short'])
    ambiguous     links the converter was unsure of (ref[@cert='low']): several candidates
    repair        the converter's repairs of the source (choice with sic and corr)
  A hand-encoded TEI without @cert lists only the last three kinds.

  Parameters (strings, set by review.py):
    edition-href  the web edition's address, to which "#" and a note's id are added
                  (default: the TEI file's stem and ".html", beside the review)
    tei-name      the TEI file's name, printed in the heading
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:te="urn:teiedition"
    xmlns:r="urn:teiedition:review"
    exclude-result-prefixes="#all"
    default-mode="r:page">

  <xsl:import href="common.xsl"/>

  <xsl:param name="edition-href" as="xs:string" select="''"/>
  <xsl:param name="tei-name" as="xs:string" select="''"/>

  <xsl:output method="html" version="5" encoding="UTF-8" indent="no" include-content-type="no"/>

  <xsl:mode name="r:page" on-no-match="shallow-skip"/>
  <xsl:mode name="r:text" on-no-match="text-only-copy"/>

  <!-- The kinds of entry, most urgent first: key, heading, what the editor should check. -->
  <xsl:variable name="r:kinds" as="map(xs:string, xs:string)*" select="(
      map{'key': 'cert-low', 'head': 'Citations with low certainty',
          'check': 'Check where the citation begins and ends and how its parts are marked up.'},
      map{'key': 'cert-medium', 'head': 'Citations with medium certainty',
          'check': 'Check the citation’s boundaries and parts.'},
      map{'key': 'unresolved', 'head': 'Unresolved links',
          'check': 'An Ibid., short title or abbreviation with no earlier citation to stand for: add @target, or correct the citation.'},
      map{'key': 'ambiguous', 'head': 'Ambiguous links',
          'check': 'The converter chose among several earlier citations: check that the link leads to the right one.'},
      map{'key': 'repair', 'head': 'Repairs of the source',
          'check': 'Text the converter restored where the source lost it: check the correction.'})"/>

  <!-- The items of one kind, in document order. Only the text's notes and paragraphs are
       looked at: the header and the bibliography are made from them. -->
  <xsl:function name="r:items" as="element()*">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:param name="key" as="xs:string"/>
    <xsl:variable name="text" as="element()*" select="$tei/tei:text/(tei:front, tei:body, tei:back)/*[not(self::tei:div[@type = ('bibliography', 'abbreviations')])]"/>
    <xsl:sequence select="
        if ($key eq 'cert-low') then $text//tei:bibl[normalize-space(@cert) eq 'low']
        else if ($key eq 'cert-medium') then $text//tei:bibl[normalize-space(@cert) eq 'medium']
        else if ($key eq 'unresolved') then $text//tei:ref[@type = ('ibid', 'short', 'abbr')][te:ref-kind(.) = ('none', 'unresolved')]
            | $text//tei:bibl[not(@corresp)]/tei:title[@type = 'short']
        else if ($key eq 'ambiguous') then $text//tei:ref[normalize-space(@cert) eq 'low'][not(te:ref-kind(.) = ('none', 'unresolved'))]
        else if ($key eq 'repair') then $text//tei:choice[tei:sic and tei:corr]
        else ()"/>
  </xsl:function>

  <xsl:template match="/">
    <xsl:if test="empty(tei:TEI)">
      <xsl:sequence select="error(xs:QName('te:E201'), 'review.xsl: the root element is not a TEI element in the TEI namespace (http://www.tei-c.org/ns/1.0)')"/>
    </xsl:if>
    <xsl:apply-templates select="tei:TEI"/>
  </xsl:template>

  <xsl:template match="tei:TEI">
    <xsl:variable name="tei" as="element(tei:TEI)" select="."/>
    <xsl:variable name="title" as="xs:string"
        select="((tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title)[1] ! te:plain(.)[. ne ''], $tei-name, 'TEI')[1]"/>
    <xsl:variable name="counts" as="xs:integer*" select="$r:kinds ! count(r:items($tei, ?key))"/>
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>Review: <xsl:value-of select="$title"/></title>
        <style><xsl:value-of select="$r:css"/></style>
      </head>
      <body>
        <header>
          <h1>Review: <xsl:value-of select="$title"/></h1>
          <p class="about">
            <xsl:text>What most needs an editor’s look in </xsl:text>
            <xsl:value-of select="($tei-name[. ne ''], 'this edition')[1]"/>
            <xsl:text>, most urgent first. Each link opens the note in the </xsl:text>
            <a href="{r:edition-href()}">web edition</a>
            <xsl:text>.</xsl:text>
          </p>
        </header>
        <main>
          <xsl:choose>
            <xsl:when test="sum($counts) eq 0">
              <p class="empty">Nothing to review: every citation has high certainty (or none is given), every Ibid., short title and abbreviation is linked, no link is ambiguous and the converter repaired nothing.</p>
            </xsl:when>
            <xsl:otherwise>
              <nav aria-labelledby="r-summary">
                <h2 id="r-summary">Summary</h2>
                <ul>
                  <xsl:for-each select="1 to count($r:kinds)">
                    <xsl:variable name="kind" as="map(xs:string, xs:string)" select="$r:kinds[current()]"/>
                    <li>
                      <xsl:choose>
                        <xsl:when test="$counts[current()] gt 0"><a href="#{$kind?key}"><xsl:value-of select="$kind?head"/></a></xsl:when>
                        <xsl:otherwise><xsl:value-of select="$kind?head"/></xsl:otherwise>
                      </xsl:choose>
                      <xsl:value-of select="': ' || $counts[current()]"/>
                    </li>
                  </xsl:for-each>
                </ul>
              </nav>
              <xsl:for-each select="1 to count($r:kinds)">
                <xsl:variable name="i" as="xs:integer" select="."/>
                <xsl:variable name="kind" as="map(xs:string, xs:string)" select="$r:kinds[$i]"/>
                <xsl:variable name="items" as="element()*" select="r:items($tei, $kind('key'))"/>
                <!-- Entries are numbered across kinds (r1, r2, …) so that their ids are unique
                     and their order is the order of urgency. -->
                <xsl:variable name="before" as="xs:integer" select="sum($counts[position() lt $i])"/>
                <xsl:if test="exists($items)">
                  <section id="{$kind('key')}" aria-labelledby="{$kind('key')}-head">
                    <h2 id="{$kind('key')}-head"><xsl:value-of select="$kind('head') || ' (' || count($items) || ')'"/></h2>
                    <p class="check"><xsl:value-of select="$kind('check')"/></p>
                    <ol class="entries">
                      <xsl:for-each select="$items">
                        <xsl:call-template name="r:entry">
                          <xsl:with-param name="key" select="$kind('key')"/>
                          <xsl:with-param name="id" select="'r' || ($before + position())"/>
                        </xsl:call-template>
                      </xsl:for-each>
                    </ol>
                  </section>
                </xsl:if>
              </xsl:for-each>
            </xsl:otherwise>
          </xsl:choose>
        </main>
      </body>
    </html>
  </xsl:template>

  <!-- The web edition, from the parameter (or the TEI file's stem beside the review). -->
  <xsl:function name="r:edition-href" as="xs:string">
    <xsl:sequence select="($edition-href[. ne ''], encode-for-uri(replace($tei-name, '\.[^.]*$', '')  || '.html')[$tei-name ne ''],
        'edition.html')[1]"/>
  </xsl:function>

  <!-- One entry: what it is, where (the note's number, linked into the edition), the item's
       own text, and the whole note with the item marked. -->
  <xsl:template name="r:entry">
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="id" as="xs:string"/>
    <xsl:variable name="item" as="element()" select="."/>
    <xsl:variable name="note" as="element(tei:note)?" select="ancestor::tei:note[te:is-text-note(.)][1]"/>
    <!-- Outside a note (a repair in the running text): the paragraph or heading it is in. -->
    <xsl:variable name="context" as="element()" select="($note, ancestor::*[self::tei:p or self::tei:head or self::tei:ab or self::tei:item][1], ..)[1]"/>
    <xsl:variable name="target" as="xs:string?" select="($note ! te:note-id(.), ancestor-or-self::*[@xml:id][1]/@xml:id)[1]"/>
    <li id="{$id}" class="entry entry-{$key}">
      <p class="where">
        <xsl:choose>
          <xsl:when test="exists($note)">
            <xsl:variable name="n" as="xs:string" select="te:note-number($note)"/>
            <a class="to-edition" href="{r:edition-href() || '#' || $target}">Note <xsl:value-of select="$n"/></a>
          </xsl:when>
          <xsl:when test="exists($target)">
            <a class="to-edition" href="{r:edition-href() || '#' || $target}">Text</a>
          </xsl:when>
          <xsl:otherwise>Text</xsl:otherwise>
        </xsl:choose>
        <xsl:text>: </xsl:text>
        <xsl:apply-templates select="." mode="r:what"/>
      </p>
      <blockquote class="note-text">
        <xsl:apply-templates select="$context/node()" mode="r:text">
          <xsl:with-param name="r:item" select="$item" tunnel="yes"/>
        </xsl:apply-templates>
      </blockquote>
    </li>
  </xsl:template>

  <!-- What the item is, in words, with its own text. -->
  <xsl:template match="tei:bibl" mode="r:what">
    <xsl:text>citation </xsl:text>
    <code><xsl:value-of select="@xml:id"/></code>
    <xsl:value-of select="' (' || lower-case(te:kind-label(.)) || ', certainty ' || normalize-space(@cert) || ')'"/>
  </xsl:template>

  <xsl:template match="tei:ref" mode="r:what">
    <xsl:variable name="kind" as="xs:string" select="te:ref-kind(.)"/>
    <xsl:variable name="words" as="xs:string" select="map{'ibid': 'Ibid.', 'short': 'short title', 'abbr': 'abbreviation'}(string(@type))"/>
    <xsl:value-of select="$words || ' '"/>
    <q><xsl:value-of select="(te:plain(.)[. ne ''], '(no text)')[1]"/></q>
    <xsl:choose>
      <xsl:when test="$kind eq 'none'"> links to nothing</xsl:when>
      <xsl:when test="$kind eq 'unresolved'"> points at <code><xsl:value-of select="normalize-space(@target)"/></code>, which is not in the file</xsl:when>
      <xsl:otherwise>
        <xsl:variable name="to" as="element()?" select="te:target(.)"/>
        <xsl:variable name="note" as="element(tei:note)?" select="$to/ancestor::tei:note[te:is-text-note(.)][1]"/>
        <xsl:text> links to </xsl:text>
        <code><xsl:value-of select="normalize-space(@target)"/></code>
        <xsl:if test="exists($note)"><xsl:value-of select="' in note ' || te:note-number($note)"/></xsl:if>
        <xsl:if test="exists($to)">
          <xsl:text>: </xsl:text>
          <q><xsl:value-of select="te:plain($to)"/></q>
        </xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:title" mode="r:what">
    <xsl:text>short title </xsl:text>
    <q><xsl:value-of select="te:plain(.)"/></q>
    <xsl:text> stands for no citation in the file</xsl:text>
  </xsl:template>

  <xsl:template match="tei:choice" mode="r:what">
    <xsl:text>the source reads </xsl:text>
    <q><xsl:value-of select="r:visible(string(tei:sic))"/></q>
    <xsl:text>, the edition </xsl:text>
    <q><xsl:value-of select="r:visible(string(tei:corr))"/></q>
  </xsl:template>

  <!-- Whitespace made visible: a repair is often one lost space, which would print as nothing. -->
  <xsl:function name="r:visible" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:sequence select="if ($text eq '') then '(nothing)' else replace($text, '\s', '␣')"/>
  </xsl:function>

  <!-- ===== the note's text, the item marked ===== -->

  <!-- The item itself: marked. -->
  <xsl:template match="*" mode="r:text" priority="2">
    <xsl:param name="r:item" as="element()" tunnel="yes"/>
    <xsl:choose>
      <xsl:when test=". is $r:item">
        <mark><xsl:next-match/></mark>
      </xsl:when>
      <xsl:otherwise><xsl:next-match/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A repair shows both readings, the source's struck out, so the editor sees what changed;
       an inserted space is shown as a visible mark. -->
  <xsl:template match="tei:choice[tei:sic and tei:corr]" mode="r:text">
    <xsl:if test="string(tei:sic) ne ''"><del><xsl:value-of select="tei:sic"/></del></xsl:if>
    <ins><xsl:value-of select="if (normalize-space(tei:corr) eq '' and string(tei:corr) ne '') then '␣' else string(tei:corr)"/></ins>
  </xsl:template>
  <xsl:template match="tei:choice" mode="r:text">
    <xsl:apply-templates select="(tei:corr, tei:reg, tei:expan, tei:abbr, tei:orig, tei:sic)[1]/node()" mode="r:text"/>
  </xsl:template>

  <!-- Titles set as the editions set them (te:title-style), so the note reads as printed. -->
  <xsl:template match="tei:title" mode="r:text">
    <cite class="{te:title-style(.)}"><xsl:apply-templates mode="r:text"/></cite>
  </xsl:template>

  <!-- A note's own notes (none in teiedition's TEI) are not part of its text here. -->
  <xsl:template match="tei:note" mode="r:text"/>

  <xsl:variable name="r:css" as="xs:string">
body { font-family: system-ui, sans-serif; max-width: 52rem; margin: 0 auto; padding: 1.5rem 1rem 4rem; line-height: 1.5; color: #1d1d1f; background: #fff; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-top: 1px solid #ccc; padding-top: .75rem; }
.about, .check { color: #454545; }
ol.entries { padding-left: 1.5rem; }
li.entry { margin: 0 0 1.25rem; }
.where { margin: 0 0 .35rem; }
blockquote.note-text { margin: 0; padding: .5rem .75rem; border-left: 3px solid #bbb; background: #f7f7f5; font-family: Georgia, serif; }
mark { background: #ffe58a; color: inherit; padding: 0 .1em; }
del { color: #8a1c1c; } ins { color: #135e13; text-decoration: underline; }
a { color: #0b4f9c; } a:focus-visible { outline: 2px solid #0b4f9c; outline-offset: 2px; }
code { font-size: .9em; }
cite { font-style: normal; } cite.italic { font-style: italic; }
  </xsl:variable>

</xsl:stylesheet>
