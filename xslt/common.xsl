<?xml version="1.0" encoding="UTF-8"?>
<!--
  Shared decisions for every output (html.xsl, typst.xsl): what kind of note, bibl or ref a
  thing is, where a pointer leads, how a title is marked, which words label the parts.

  Everything here is output-neutral: functions return strings, booleans or TEI nodes, never
  HTML or Typst. Each output decides how to draw what these functions decide.

  The function names and signatures below are a public interface (typst.xsl imports this
  file): add new ones freely, but do not rename or change existing ones.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:te="urn:teiedition"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    exclude-result-prefixes="#all">

  <!-- ===================== languages and labels ===================== -->

  <!-- The language of a node: the nearest well-formed xml:lang, else English. -->
  <xsl:function name="te:lang" as="xs:string">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="(($node/ancestor-or-self::*/@xml:lang[te:is-language-tag(.)])[last()] ! string(.), 'en')[1]"/>
  </xsl:function>

  <!-- A well-formed BCP 47 language tag (shape only). Anything else in xml:lang is ignored
       rather than copied into an output's language attribute. -->
  <xsl:function name="te:is-language-tag" as="xs:boolean">
    <xsl:param name="value" as="xs:string?"/>
    <xsl:sequence select="matches(string($value), '^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$')"/>
  </xsl:function>

  <!-- Labels by language. Only English and German are written out; any other language falls
       back to English rather than failing, because any TEI must render. -->
  <xsl:variable name="te:labels" as="map(xs:string, map(xs:string, xs:string))" select="map{
      'en': map{
        'contents': 'Contents', 'abstract': 'Abstract', 'notes': 'Notes',
        'bibliography': 'Bibliography', 'abbreviations': 'Abbreviations',
        'colophon': 'About this edition', 'source': 'Source',
        'licence': 'Licence and availability', 'how-made': 'How this edition was made',
        'decisions': 'Editorial decisions', 'revisions': 'Revisions',
        'cited-in-note': 'Cited in note', 'cited-in-notes': 'Cited in notes',
        'note': 'Note', 'permalink': 'Permalink to note', 'back-to-text': 'Back to the text',
        'skip': 'Skip to the text', 'by': 'by', 'text': 'Text', 'figure': 'Figure',
        'page': 'page', 'gap': 'text not in the source', 'source-reads': 'the source reads',
        'full-reference': 'Full reference', 'edition': 'Edition', 'identifier': 'Identifier',
        'source-file': 'Source file', 'published-in': 'In', 'published': 'Published'},
      'de': map{
        'contents': 'Inhalt', 'abstract': 'Zusammenfassung', 'notes': 'Anmerkungen',
        'bibliography': 'Literaturverzeichnis', 'abbreviations': 'Abkürzungen',
        'colophon': 'Über diese Edition', 'source': 'Quelle',
        'licence': 'Lizenz und Verfügbarkeit', 'how-made': 'Wie diese Edition entstand',
        'decisions': 'Editorische Entscheidungen', 'revisions': 'Änderungen',
        'cited-in-note': 'Zitiert in Anmerkung', 'cited-in-notes': 'Zitiert in Anmerkungen',
        'note': 'Anmerkung', 'permalink': 'Permalink zu Anmerkung', 'back-to-text': 'Zurück zum Text',
        'skip': 'Zum Text springen', 'by': 'von', 'text': 'Text', 'figure': 'Abbildung',
        'page': 'Seite', 'gap': 'Text fehlt in der Quelle', 'source-reads': 'die Quelle hat',
        'full-reference': 'Vollständiger Nachweis', 'edition': 'Ausgabe', 'identifier': 'Kennung',
        'source-file': 'Quelldatei', 'published-in': 'In', 'published': 'Erschienen'}
    }"/>

  <xsl:function name="te:label" as="xs:string">
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="lang" as="xs:string"/>
    <xsl:variable name="primary" as="xs:string" select="lower-case(tokenize($lang, '-')[1])"/>
    <xsl:sequence select="(map:get(($te:labels($primary), map{})[1], $key), $te:labels('en')($key),
        error(xs:QName('te:E001'), 'common.xsl: no label for key ' || $key))[1]"/>
  </xsl:function>

  <!-- Quotation marks (open, close) for titles of articles and chapters. British single
       quotes for English, as in the sample's own citations. -->
  <xsl:function name="te:quote-marks" as="xs:string+">
    <xsl:param name="lang" as="xs:string"/>
    <xsl:sequence select="let $l := lower-case(tokenize($lang, '-')[1])
        return if ($l eq 'de') then ('„', '“')
        else if ($l eq 'fr') then ('« ', ' »')
        else if ($l eq 'en') then ('‘', '’')
        else ('“', '”')"/>
  </xsl:function>

  <!-- ===================== pointers ===================== -->

  <!-- The element a same-document pointer ("#id", first of several) leads to, if any. -->
  <xsl:function name="te:target" as="element()?">
    <xsl:param name="ref" as="element()"/>
    <xsl:variable name="first" as="xs:string?" select="tokenize(normalize-space($ref/(@target, @corresp)[1]), ' ')[1]"/>
    <xsl:sequence select="if (starts-with($first, '#') and string-length($first) gt 1)
        then id(substring($first, 2), root($ref))[1] else ()"/>
  </xsl:function>

  <!-- An external address safe to link to (http, https, mailto), else empty: a TEI file may
       hold "javascript:" or other schemes that must never become a link. -->
  <xsl:function name="te:safe-url" as="xs:string?">
    <xsl:param name="url" as="xs:string?"/>
    <xsl:variable name="u" as="xs:string" select="normalize-space($url)"/>
    <xsl:sequence select="$u[matches(., '^(https?://|mailto:)[^\s&quot;&lt;&gt;]+$', 'i')]"/>
  </xsl:function>

  <!-- What a ref is:
       'ibid' | 'short' | 'abbr'   stands for an earlier citation (encoding.md), target resolves;
       'note-call'                 a note call in the running text (type noteAnchor);
       'internal'                  points at an element of this document;
       'external'                  a safe external address;
       'unresolved'                a pointer that leads nowhere (kept as text);
       'none'                      no pointer at all. -->
  <xsl:function name="te:ref-kind" as="xs:string">
    <xsl:param name="ref" as="element()"/>
    <xsl:variable name="t" as="xs:string" select="normalize-space($ref/@target)"/>
    <xsl:sequence select="
        if ($t eq '') then 'none'
        else if (starts-with($t, '#')) then
          (if (empty(te:target($ref))) then 'unresolved'
           else if ($ref/@type = ('ibid', 'short', 'abbr')) then string($ref/@type)
           else if ($ref/@type = 'noteAnchor') then 'note-call'
           else 'internal')
        else if (exists(te:safe-url($t))) then 'external'
        else 'unresolved'"/>
  </xsl:function>

  <!-- True for a ref that abbreviates an earlier citation (Ibid., short title, abbreviation). -->
  <xsl:function name="te:is-back-reference" as="xs:boolean">
    <xsl:param name="ref" as="element()"/>
    <xsl:sequence select="te:ref-kind($ref) = ('ibid', 'short', 'abbr')"/>
  </xsl:function>

  <!-- The full citation an Ibid./short title/abbreviation stands for. Chains are followed
       (an Ibid. pointing at a short title leads on to the short title's target) until a
       citation that is not itself abbreviated; at most 20 steps, so a cycle in a hand-edited
       file cannot loop. Empty if the pointer leads nowhere. -->
  <xsl:function name="te:full-citation" as="element()?">
    <xsl:param name="ref" as="element()"/>
    <xsl:sequence select="te:follow(te:target($ref), 20)"/>
  </xsl:function>

  <xsl:function name="te:follow" as="element()?">
    <xsl:param name="target" as="element()?"/>
    <xsl:param name="steps" as="xs:integer"/>
    <xsl:variable name="next" as="element()?"
        select="$target/descendant::tei:ref[te:is-back-reference(.)][1]"/>
    <xsl:sequence select="if (empty($next) or $steps le 0) then $target
                          else te:follow(te:target($next), $steps - 1)"/>
  </xsl:function>

  <!-- ===================== notes ===================== -->

  <!-- The notes that make the notes list: the back's notes div; notes elsewhere (footnotes of
       other projects' TEI, anywhere in the text) are rendered as calls plus list entries too.
       Header notes and notes inside bibliography entries (citedBy) are not notes of the text. -->
  <xsl:function name="te:is-text-note" as="xs:boolean">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:sequence select="exists($note/ancestor::tei:text) and empty($note/ancestor::tei:listBibl)
        and empty($note/ancestor::tei:bibl) and not($note/@type = ('citedBy', 'copyright', 'file'))"/>
  </xsl:function>

  <!-- True if the note is in the back's notes division (the converter's endnotes). -->
  <xsl:function name="te:is-endnote" as="xs:boolean">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:sequence select="exists($note/parent::tei:div[@type = 'notes'])"/>
  </xsl:function>

  <!-- The note's number as printed: @n, else its position among the text's notes. -->
  <xsl:function name="te:note-number" as="xs:string">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:sequence select="(normalize-space($note/@n)[. ne ''],
        string(count($note/preceding::tei:note[te:is-text-note(.)]) + 1))[1]"/>
  </xsl:function>

  <!-- The note's identifier: its xml:id (stable, from the converter), else one made from its
       position so that it is still stable for the same file. -->
  <xsl:function name="te:note-id" as="xs:string">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:sequence select="(string($note/@xml:id)[. ne ''],
        'note-' || (count($note/preceding::tei:note[te:is-text-note(.)]) + 1))[1]"/>
  </xsl:function>

  <!-- ===================== bibls ===================== -->

  <!-- What a bibl is: 'source' (the edited chapter itself, in the header), 'entry' (in the
       consolidated bibliography), 'archive' (an unpublished source), 'citation' (in a note or
       the text). -->
  <xsl:function name="te:bibl-kind" as="xs:string">
    <xsl:param name="bibl" as="element()"/>
    <xsl:sequence select="
        if ($bibl/@type = 'source' or $bibl/ancestor::tei:sourceDesc) then 'source'
        else if ($bibl/parent::tei:listBibl) then 'entry'
        else if ($bibl/@type = 'archive') then 'archive'
        else 'citation'"/>
  </xsl:function>

  <!-- The bibliography entry a citation's work has (bibl/@corresp), if any. -->
  <xsl:function name="te:bibl-entry" as="element()?">
    <xsl:param name="bibl" as="element()"/>
    <xsl:variable name="c" as="xs:string?" select="tokenize(normalize-space($bibl/@corresp), ' ')[1]"/>
    <xsl:sequence select="if (starts-with($c, '#')) then id(substring($c, 2), root($bibl))[self::tei:bibl or self::tei:biblStruct][1] else ()"/>
  </xsl:function>

  <!-- The citations of a bibliography entry's work: from its citedBy note when the converter
       wrote one, else every bibl whose @corresp points at the entry. -->
  <xsl:function name="te:citing-bibls" as="element()*">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="listed" as="element()*"
        select="$entry/tei:note[@type = 'citedBy']//tei:ref ! te:target(.)"/>
    <xsl:sequence select="if (exists($entry/tei:note[@type = 'citedBy'])) then $listed
        else root($entry)//tei:bibl[tokenize(@corresp, '\s+') = '#' || $entry/@xml:id]"/>
  </xsl:function>

  <!-- The kind of work an entry describes, for metadata: 'article' (article title and journal),
       'chapter' (article title in a book), 'book', 'document' (archive), 'work' otherwise. -->
  <xsl:function name="te:work-kind" as="xs:string">
    <xsl:param name="bibl" as="element()"/>
    <xsl:sequence select="
        if ($bibl/@type = 'archive') then 'document'
        else if ($bibl/tei:title[@level = 'a'] and $bibl/tei:title[@level = 'j']) then 'article'
        else if ($bibl/tei:title[@level = 'a'] and $bibl/tei:title[@level = 'm']) then 'chapter'
        else if ($bibl/tei:title[@level = ('m', 's')] or $bibl/tei:title[not(@level)]) then 'book'
        else 'work'"/>
  </xsl:function>

  <!-- The year of a bibl: its first date/@when (ISO), else the first four-digit number in its
       first date. -->
  <xsl:function name="te:year" as="xs:string?">
    <xsl:param name="bibl" as="element()"/>
    <xsl:variable name="d" as="element()?" select="($bibl//tei:date)[1]"/>
    <xsl:sequence select="(substring($d/@when, 1, 4)[matches(., '^\d{4}$')],
        analyze-string(string($d), '\d{4}')/*:match[1]/string())[1]"/>
  </xsl:function>

  <!-- ===================== titles ===================== -->

  <!-- The bibliographic level of a title: @level; for a short title, the level of the main
       title of the work it abbreviates (its entry, else the full citation it points at); a
       title inside a bibl without a level counts as a monograph; other titles: ''. -->
  <xsl:function name="te:title-level" as="xs:string">
    <xsl:param name="title" as="element()"/>
    <xsl:variable name="bibl" as="element()?" select="$title/ancestor::*[self::tei:bibl or self::tei:biblStruct][1]"/>
    <xsl:variable name="ref" as="element()?" select="$title/ancestor::tei:ref[te:is-back-reference(.)][1]"/>
    <xsl:variable name="work" as="element()?"
        select="(($bibl ! te:bibl-entry(.)), ($ref ! te:full-citation(.)))[1]"/>
    <xsl:sequence select="
        if ($title/@level) then string($title/@level)
        else if ($title/@type = 'short' and exists($work)) then
          (($work/tei:title[@level][1]/@level)[1] ! string(), 'm')[1]
        else if (exists($bibl)) then 'm'
        else ''"/>
  </xsl:function>

  <!-- How a title is set: 'italic' for books, journals and series (m, j, s); 'quoted' for
       articles, chapters and unpublished items (a, u); 'plain' otherwise. -->
  <xsl:function name="te:title-style" as="xs:string">
    <xsl:param name="title" as="element()"/>
    <xsl:sequence select="let $level := te:title-level($title)
        return if ($level = ('m', 'j', 's')) then 'italic'
        else if ($level = ('a', 'u')) then 'quoted'
        else 'plain'"/>
  </xsl:function>

  <!-- The quotation marks an output must add around a title: none unless its style is
       'quoted' and the text does not already print them (bibls keep the source's own
       punctuation, which usually has them just outside the title element). -->
  <xsl:function name="te:title-marks" as="xs:string*">
    <xsl:param name="title" as="element()"/>
    <xsl:variable name="before" as="xs:string" select="string($title/preceding-sibling::node()[1][self::text()])"/>
    <xsl:variable name="inside" as="xs:string" select="normalize-space($title)"/>
    <xsl:variable name="quote" as="xs:string">['‘’“”„«»"]</xsl:variable>
    <xsl:sequence select="
        if (te:title-style($title) ne 'quoted') then ()
        else if (matches($before, $quote || '\s*$') or matches($inside, '^' || $quote)) then ()
        else te:quote-marks(te:lang($title))"/>
  </xsl:function>

  <!-- ===================== plain text ===================== -->

  <!-- The reading text of nodes as one normalised string: corrections rather than the
       source's errors, no citedBy/copyright/file notes, and no added title quotation marks
       (metadata wants the bare title). For metadata, attributes and labels. -->
  <xsl:function name="te:plain" as="xs:string">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:variable name="parts" as="xs:string*">
      <xsl:apply-templates select="$nodes" mode="te:plain"/>
    </xsl:variable>
    <xsl:sequence select="normalize-space(string-join($parts))"/>
  </xsl:function>

  <xsl:mode name="te:plain" on-no-match="text-only-copy"/>
  <xsl:template match="tei:choice" mode="te:plain">
    <xsl:apply-templates select="(tei:corr, tei:reg, tei:expan, tei:abbr, tei:orig, tei:sic)[1]" mode="te:plain"/>
  </xsl:template>
  <xsl:template match="tei:note[@type = ('citedBy', 'copyright', 'file')]" mode="te:plain"/>
  <!-- Blocks are separated by a space, so that "<p>a</p><p>b</p>" reads "a b", not "ab". -->
  <xsl:template match="tei:p | tei:ab | tei:head | tei:item | tei:label | tei:l | tei:cell" mode="te:plain">
    <xsl:apply-templates mode="te:plain"/>
    <xsl:sequence select="' '"/>
  </xsl:template>

</xsl:stylesheet>
