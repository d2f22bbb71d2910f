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
    <xsl:sequence select="($node/ancestor-or-self::*[@xml:lang[te:is-language-tag(.)]][1]/@xml:lang ! string(.), 'en')[1]"/>
  </xsl:function>

  <!-- A well-formed BCP 47 language tag (shape only). Anything else in xml:lang is ignored
       rather than copied into an output's language attribute. Asked of every element with an
       xml:lang and its ancestors: Java's regex engine (Saxon's flag ";j", "\z" the end of the
       text as XPath's "$" is) answers it sooner than Saxon's. -->
  <xsl:function name="te:is-language-tag" as="xs:boolean">
    <xsl:param name="value" as="xs:string?"/>
    <xsl:sequence select="matches(string($value), '^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*\z', ';j')"/>
  </xsl:function>

  <!-- Labels by language (te:labels, every word an output adds): common/labels.xsl. Any
       language without a word falls back to English rather than failing. -->
  <xsl:include href="common/labels.xsl"/>
  <!-- Editorial decisions on the text (titles, authors, heading levels, quotations,
       choice, apparatus, gaps, highlighting): common/editorial.xsl. -->
  <xsl:include href="common/editorial.xsl"/>

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
  <!-- An address printed in running text ("… 1781–2010,” https://history.state.gov/…/d119).")
       without markup of its own: http(s) up to the first space, less the punctuation that
       ends the sentence around it. Both editions link it (te:safe-url decides the href). -->
  <xsl:variable name="te:bare-url" as="xs:string"
      select="'https?://[^\s&lt;&gt;&quot;]*[^\s&lt;&gt;&quot;.,;:!?)\]’”»]'"/>

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
       'chapter' (article title in a book), 'book', 'document' (an archival source: a file, or a
       letter not printed in a volume), 'work' otherwise. -->
  <xsl:function name="te:work-kind" as="xs:string">
    <xsl:param name="bibl" as="element()"/>
    <xsl:sequence select="
        if (te:is-archival($bibl)) then 'document'
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

  <!-- ===================== kinds of citation and their parts ===================== -->

  <!-- The words for kinds of citation, letter genres and parts of citations, and the
       headings of the bibliography's archival and published lists. Looked up by
       te:citation-label, which falls back to English key by key as te:label does. -->
  <xsl:variable name="te:citation-labels" as="map(xs:string, map(xs:string, xs:string))" select="map{
      'en': map{
        'published-works': 'Published works', 'archival-sources': 'Archival sources',
        'kind-book': 'Book', 'kind-article': 'Article', 'kind-chapter': 'Chapter', 'kind-letter': 'Letter',
        'kind-archive': 'Archival source', 'kind-government_document': 'Government document',
        'kind-newspaper': 'Newspaper', 'kind-web': 'Web source', 'kind-interview': 'Interview',
        'kind-document_collection': 'Document collection', 'kind-journal_issue': 'Journal issue',
        'kind-other': 'Other source',
        'genre-letter': 'Letter', 'genre-message': 'Message', 'genre-despatch': 'Despatch',
        'genre-instruction': 'Instruction', 'genre-memorandum': 'Memorandum', 'genre-telegram': 'Telegram',
        'part-author': 'Author', 'part-sender': 'Sender', 'part-interviewee': 'Interviewee',
        'part-editor': 'Editor', 'part-translator': 'Translator', 'part-compiler': 'Compiler',
        'part-recipient': 'Recipient', 'part-repository': 'Repository', 'part-collection': 'Collection',
        'part-item': 'Item', 'part-doi': 'DOI', 'part-url': 'Web address', 'part-edition': 'Edition',
        'part-series': 'Series', 'part-volume': 'Volume', 'part-issue': 'Issue', 'part-part': 'Part',
        'part-box': 'Box', 'part-folder': 'Folder', 'part-folio': 'Folio'},
      'de': map{
        'published-works': 'Veröffentlichte Werke', 'archival-sources': 'Archivalische Quellen',
        'kind-book': 'Buch', 'kind-article': 'Aufsatz', 'kind-chapter': 'Beitrag', 'kind-letter': 'Brief',
        'kind-archive': 'Archivalie', 'kind-government_document': 'Amtliche Druckschrift',
        'kind-newspaper': 'Zeitung', 'kind-web': 'Webquelle', 'kind-interview': 'Interview',
        'kind-document_collection': 'Quellenedition', 'kind-journal_issue': 'Zeitschriftenheft',
        'kind-other': 'Sonstige Quelle',
        'genre-letter': 'Brief', 'genre-message': 'Botschaft', 'genre-despatch': 'Depesche',
        'genre-instruction': 'Instruktion', 'genre-memorandum': 'Memorandum', 'genre-telegram': 'Telegramm',
        'part-author': 'Autor', 'part-sender': 'Absender', 'part-interviewee': 'Befragte Person',
        'part-editor': 'Herausgeber', 'part-translator': 'Übersetzer', 'part-compiler': 'Bearbeiter',
        'part-recipient': 'Empfänger', 'part-repository': 'Archiv', 'part-collection': 'Bestand',
        'part-item': 'Signatur', 'part-doi': 'DOI', 'part-url': 'Webadresse', 'part-edition': 'Auflage',
        'part-series': 'Reihe', 'part-volume': 'Band', 'part-issue': 'Heft', 'part-part': 'Teil',
        'part-box': 'Karton', 'part-folder': 'Mappe', 'part-folio': 'Blatt'}
    }"/>

  <xsl:function name="te:citation-label" as="xs:string">
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="lang" as="xs:string"/>
    <xsl:variable name="primary" as="xs:string" select="lower-case(tokenize($lang, '-')[1])"/>
    <xsl:sequence select="(map:get(($te:citation-labels($primary), map{})[1], $key), $te:citation-labels('en')($key),
        error(xs:QName('te:E002'), 'common.xsl: no citation label for key ' || $key))[1]"/>
  </xsl:function>

  <!-- The kinds of bibl/@type (docs/encoding.md); no @type is a book. -->
  <xsl:variable name="te:citation-kinds" as="xs:string+" select="('article', 'chapter', 'letter', 'archive',
      'government_document', 'newspaper', 'web', 'interview', 'document_collection', 'journal_issue', 'other')"/>

  <!-- What kind of work a citation or entry cites: its @type when it is one of the kinds, 'book'
       without @type, 'other' for a type of another project's TEI. -->
  <xsl:function name="te:citation-kind" as="xs:string">
    <xsl:param name="bibl" as="element()"/>
    <xsl:variable name="type" as="xs:string" select="normalize-space($bibl/@type)"/>
    <xsl:sequence select="if ($type eq '') then 'book' else if ($type = $te:citation-kinds) then $type else 'other'"/>
  </xsl:function>

  <!-- The word for a citation's kind; for a letter, its genre when known ("Despatch"). -->
  <xsl:function name="te:kind-label" as="xs:string">
    <xsl:param name="bibl" as="element()"/>
    <xsl:variable name="kind" as="xs:string" select="te:citation-kind($bibl)"/>
    <xsl:variable name="genre" as="xs:string" select="normalize-space($bibl/@subtype)"/>
    <xsl:sequence select="if ($kind eq 'letter' and $genre = ('letter', 'message', 'despatch', 'instruction', 'memorandum', 'telegram'))
        then te:citation-label('genre-' || $genre, te:lang($bibl)) else te:citation-label('kind-' || $kind, te:lang($bibl))"/>
  </xsl:function>

  <!-- An unpublished source, listed apart in the bibliography: an archival file, a letter not
       printed in a volume (no book or journal title), anything held by a repository. -->
  <xsl:function name="te:is-archival" as="xs:boolean">
    <xsl:param name="bibl" as="element()"/>
    <xsl:sequence select="$bibl/@type = 'archive'
        or ($bibl/@type = 'letter' and empty($bibl/tei:title[@level = ('m', 'j')]))
        or exists($bibl/tei:orgName[@type = 'repository'])"/>
  </xsl:function>

  <!-- The role of a part of a citation, by element, type and the citation's kind: the key of
       its label (te:part-label) and of its class in the web edition; empty for what is not a
       part (prose, pointers other than URLs, titles, which show their level by their style). -->
  <xsl:function name="te:part-role" as="xs:string?">
    <xsl:param name="part" as="element()"/>
    <xsl:variable name="kind" as="xs:string?" select="$part/ancestor::tei:bibl[1] ! te:citation-kind(.)"/>
    <xsl:variable name="type" as="xs:string" select="normalize-space($part/@type)"/>
    <xsl:variable name="unit" as="xs:string" select="normalize-space($part/@unit)"/>
    <xsl:sequence select="
        if ($part/self::tei:author) then
          (if ($kind eq 'letter') then 'sender' else if ($kind eq 'interview') then 'interviewee' else 'author')
        else if ($part/self::tei:editor) then
          (normalize-space($part/@role)[. = ('translator', 'compiler')], 'editor')[1]
        else if ($part/self::tei:name and $type = ('recipient', 'collection')) then $type
        else if ($part/self::tei:orgName and $type eq 'repository') then 'repository'
        else if ($part/self::tei:idno and $type eq 'item') then 'item'
        else if ($part/self::tei:idno and $type eq 'DOI') then 'doi'
        else if ($part/self::tei:ref and $type eq 'url') then 'url'
        else if ($part/self::tei:edition) then 'edition'
        else if ($part/self::tei:biblScope and $unit = ('series', 'volume', 'issue', 'part', 'box', 'folder')) then $unit
        else if ($part/self::tei:citedRange and $unit eq 'folio') then 'folio'
        else ()"/>
  </xsl:function>

  <!-- The word for a part's role ("Recipient", "Repository"), in the part's language. -->
  <xsl:function name="te:part-label" as="xs:string?">
    <xsl:param name="part" as="element()"/>
    <xsl:sequence select="te:part-role($part) ! te:citation-label('part-' || ., te:lang($part))"/>
  </xsl:function>

  <!-- The address of a DOI (idno[@type='DOI'] as printed, with or without "doi:" or the
       resolver), if it has the shape of one: https://doi.org/ and the DOI, each segment
       percent-encoded; empty otherwise, so that no text becomes a link it should not be. -->
  <xsl:function name="te:doi-url" as="xs:string?">
    <xsl:param name="idno" as="element()"/>
    <xsl:variable name="doi" as="xs:string"
        select="replace(normalize-space($idno), '^(doi:\s*|https?://(dx\.)?doi\.org/)', '', 'i')"/>
    <xsl:sequence select="if (matches($doi, '^10\.[0-9]{4,9}/\S+$'))
        then te:safe-url('https://doi.org/' || string-join(tokenize($doi, '/') ! encode-for-uri(.), '/')) else ()"/>
  </xsl:function>

  <!-- ===================== bibliography: archival sources ===================== -->

  <!-- The heading an archival entry is listed under: its repository and collection as printed
       ("NARA, RG 59"); '' when it names neither. -->
  <xsl:function name="te:archival-group" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="string-join((($entry/tei:orgName[@type = 'repository'])[1], ($entry/tei:name[@type = 'collection'])[1])
        ! te:plain(.)[. ne ''], ', ')"/>
  </xsl:function>

  <!-- Archival entries in the order an archival bibliography lists them: by repository and
       collection (entries naming neither last), then by date (@when of the first date; undated
       last), then by their text. Published entries keep the converter's order. -->
  <xsl:function name="te:archival-order" as="element()*">
    <xsl:param name="entries" as="element()*"/>
    <xsl:perform-sort select="$entries">
      <xsl:sort select="te:archival-group(.) eq ''"/>
      <xsl:sort select="lower-case(te:archival-group(.))"/>
      <xsl:sort select="(tei:date[@when][1]/string(@when), '~')[1]"/>
      <xsl:sort select="lower-case(te:plain(node() except tei:note))"/>
    </xsl:perform-sort>
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
    <!-- The text just before the title in reading order, not only among its siblings: a
         citation may begin with its title, the printed quotation mark standing just before
         the bibl (“<bibl><title level="a">A Small Reform</title>,” …). Only within the
         title's note, paragraph or entry: the end of the previous note says nothing. -->
    <xsl:variable name="block" as="element()?" select="$title/ancestor::*[self::tei:note or self::tei:p
        or self::tei:ab or self::tei:item or self::tei:head or self::tei:l or self::tei:cell
        or self::tei:bibl[parent::tei:listBibl]][1]"/>
    <xsl:variable name="before" as="xs:string"
        select="string($title/preceding::text()[1][empty($block) or (some $a in ancestor::* satisfies $a is $block)])"/>
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
