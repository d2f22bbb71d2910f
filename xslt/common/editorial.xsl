<?xml version="1.0" encoding="UTF-8"?>
<!--
  Editorial decisions on the text itself, shared by every output (HTML, Typst, the archive
  crosswalks): which title and authors a document has, how deep a heading is, which reading of
  a choice or an apparatus entry is shown and which alternatives a reader can reach, how a gap
  reads, which quotation marks a quotation takes, what a highlighting means, where a line
  number stands, which elements an output knows. Output-neutral like common.xsl: strings,
  booleans and TEI nodes, never HTML or Typst. Included by common.xsl.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:te="urn:teiedition"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    exclude-result-prefixes="#all">

  <!-- ===================== title, authors, headings ===================== -->

  <!-- The document's title: the titleStmt's main title (the title of the work and of this
       edition, what a repository record also says), else any title of the titleStmt that is
       not a subtitle or short title, else the text's own title page. -->
  <xsl:function name="te:doc-title" as="element()?">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="stmt" as="element()*" select="$tei/tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[normalize-space()]"/>
    <xsl:sequence select="($stmt[@type = 'main'], $stmt[not(@type)], $stmt[not(@type = ('sub', 'short'))],
        $tei/tei:text/tei:front/tei:titlePage/tei:docTitle/tei:titlePart[not(@type) or @type = 'main'][normalize-space()],
        $tei/tei:text/tei:front//tei:docTitle[normalize-space()])[1]"/>
  </xsl:function>

  <xsl:function name="te:doc-subtitle" as="element()?">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="title" as="element()?" select="te:doc-title($tei)"/>
    <xsl:sequence select="if ($title/self::tei:titlePart)
        then $title/../tei:titlePart[@type = ('sub', 'desc')][1]
        else $tei/tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[@type = 'sub'][normalize-space()][1]"/>
  </xsl:function>

  <!-- The document's authors: the titleStmt's, else the title page's docAuthors; of an
       author that also gives an affiliation or an address, the name alone. -->
  <xsl:function name="te:doc-authors" as="element()*">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="stmt" as="element()*" select="$tei/tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:author[normalize-space()]"/>
    <xsl:sequence select="(if (exists($stmt)) then $stmt else $tei/tei:text/tei:front//tei:docAuthor[normalize-space()])
        ! (if (tei:persName | tei:name) then (tei:persName | tei:name)[1] else .)"/>
  </xsl:function>

  <!-- A title page that only repeats the title block (the same title, subtitle and authors,
       as the converter writes it): not printed a second time. Any other title page is text of
       the edition and printed whole where it stands. -->
  <xsl:function name="te:title-page-repeats" as="xs:boolean">
    <xsl:param name="page" as="element()"/>
    <xsl:variable name="tei" as="element()?" select="$page/ancestor::tei:TEI[1]"/>
    <xsl:variable name="shown" as="xs:string*"
        select="(te:doc-title($tei), te:doc-subtitle($tei), te:doc-authors($tei)) ! te:plain(.)"/>
    <xsl:variable name="parts" as="element()*"
        select="$page//(tei:titlePart | tei:docAuthor)[normalize-space()]"/>
    <xsl:sequence select="exists($tei) and exists($parts) and (every $p in $parts satisfies te:plain($p) = $shown)
        and normalize-space(string-join($page//text()[not(ancestor::tei:titlePart or ancestor::tei:docAuthor)])) eq ''"/>
  </xsl:function>

  <!-- The heading level of a division, 1 for the text's top divisions: numbered (div1..div7)
       and unnumbered divisions alike, nested ones one deeper, capped at 6. -->
  <xsl:function name="te:heading-level" as="xs:integer">
    <xsl:param name="div" as="element()"/>
    <xsl:sequence select="max((1, min((6, count($div/ancestor-or-self::*[te:is-division(.)])))))"/>
  </xsl:function>

  <xsl:function name="te:is-division" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="exists($e/self::tei:div) or matches(local-name($e), '^div[1-7]$') and namespace-uri($e) eq 'http://www.tei-c.org/ns/1.0'"/>
  </xsl:function>

  <!-- A head that is a heading of the document's outline (a division's), not a caption. -->
  <xsl:function name="te:is-heading" as="xs:boolean">
    <xsl:param name="head" as="element()"/>
    <xsl:sequence select="exists($head/self::tei:head) and exists($head/parent::*[te:is-division(.)])"/>
  </xsl:function>

  <!-- ===================== quotations ===================== -->

  <!-- A quotation set off as a block: one standing between blocks, holding blocks, or
       marked so by @rend; its marks are the indentation, never quotation marks. -->
  <xsl:function name="te:is-block-quote" as="xs:boolean">
    <xsl:param name="q" as="element()"/>
    <xsl:sequence select="exists($q/(tei:p | tei:lg | tei:ab | tei:list | tei:table | tei:sp))
        or exists($q/parent::*[te:is-division(.) or self::tei:body or self::tei:front or self::tei:back
                               or self::tei:cit[parent::*[te:is-division(.) or self::tei:body]] or self::tei:epigraph])
        or tokenize(lower-case($q/@rend), '\s+') = ('block', 'display')"/>
  </xsl:function>

  <!-- The quotation marks an output adds around q, quote, said, soCalled (open, close), by the
       language of the quotation and its depth (a quotation inside a quotation takes the
       language's inner marks): none for block quotations, indirect speech (said
       direct="false"), @rend saying otherwise, or where the text prints its own marks. -->
  <xsl:function name="te:q-marks" as="xs:string*">
    <xsl:param name="q" as="element()"/>
    <xsl:variable name="depth" as="xs:integer"
        select="count($q/ancestor::*[self::tei:q or self::tei:quote or self::tei:said or self::tei:soCalled][not(te:is-block-quote(.))])"/>
    <xsl:variable name="quote" as="xs:string">['‘’“”„‚«»‹›"]</xsl:variable>
    <xsl:variable name="before" as="xs:string" select="string($q/preceding-sibling::node()[1][self::text()])"/>
    <xsl:variable name="rend" as="xs:string*" select="tokenize(lower-case($q/@rend), '[\s,;]+')"/>
    <xsl:sequence select="
        if (te:is-block-quote($q) or $q/@direct = 'false' or $rend = ('noquotes', 'none', 'inline-noquotes')
            or not(normalize-space($q)) or matches($before, $quote || '$')
            or matches(normalize-space($q), '^' || $quote)) then ()
        else te:nested-quote-marks(te:lang($q), $depth)"/>
  </xsl:function>

  <!-- Quotation marks by language, outer (depth even) and inner (depth odd). -->
  <xsl:function name="te:nested-quote-marks" as="xs:string+">
    <xsl:param name="lang" as="xs:string"/>
    <xsl:param name="depth" as="xs:integer"/>
    <xsl:variable name="l" as="xs:string" select="lower-case(tokenize($lang, '-')[1])"/>
    <xsl:variable name="marks" as="xs:string+" select="
        if ($l = ('de', 'sl', 'cs', 'sk')) then ('„', '“', '‚', '‘')
        else if ($l = ('fr')) then ('«&#xA0;', '&#xA0;»', '“', '”')
        else if ($l = ('it', 'es', 'pt', 'ca', 'ru', 'uk', 'el')) then ('«', '»', '“', '”')
        else if ($l = ('en')) then ('‘', '’', '“', '”')
        else ('“', '”', '‘', '’')"/>
    <xsl:sequence select="if ($depth mod 2 eq 0) then $marks[position() le 2] else $marks[position() gt 2]"/>
  </xsl:function>

  <!-- ===================== choice, apparatus ===================== -->

  <!-- The reading a choice shows: the correction, the regularised form, the expansion (the
       edited text), else its first alternative; in a transcription of the document
       (sourceDoc) the source's own reading, since that is what it transcribes. -->
  <xsl:function name="te:choice-reading" as="element()?">
    <xsl:param name="choice" as="element()"/>
    <xsl:sequence select="if ($choice/ancestor::tei:sourceDoc)
        then ($choice/tei:orig, $choice/tei:sic, $choice/tei:abbr, $choice/*)[1]
        else ($choice/tei:corr, $choice/tei:reg, $choice/tei:expan, $choice/tei:seg,
              $choice/tei:abbr, $choice/tei:orig, $choice/tei:sic, $choice/*)[1]"/>
  </xsl:function>

  <!-- Is the node inside an alternative a choice does not show (its text is read in the
       alternative's tooltip or apparatus entry, where a note call has no place of its own)? -->
  <xsl:function name="te:in-alternative" as="xs:boolean">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="some $alt in $node/ancestor-or-self::*[parent::tei:choice]
        satisfies not($alt is te:choice-reading($alt/parent::tei:choice))"/>
  </xsl:function>

  <!-- The alternatives a reader can reach from a choice (the source's reading, the original
       spelling, the abbreviation): the other children that have text. An empty sic (a lost
       space the converter restored) has nothing to show. -->
  <xsl:function name="te:choice-alternatives" as="element()*">
    <xsl:param name="choice" as="element()"/>
    <xsl:sequence select="($choice/* except te:choice-reading($choice))[normalize-space()]"/>
  </xsl:function>

  <!-- Text standing in a choice or an app outside its readings (not allowed, but a TEI may
       have it): kept, after the reading, so that no word is lost. -->
  <xsl:function name="te:loose-text" as="text()*">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="$e/text()[normalize-space()]"/>
  </xsl:function>

  <!-- The word an alternative is introduced by ("source", "original", "abbreviated"). -->
  <xsl:function name="te:alternative-label" as="xs:string">
    <xsl:param name="alt" as="element()"/>
    <!-- Any other element in a choice (not allowed there, but a TEI may have it) is an "or". -->
    <xsl:variable name="key" as="xs:string" select="'alt-' || local-name($alt)"/>
    <xsl:sequence select="te:label(if (map:contains($te:labels('en'), $key)) then $key else 'alt-seg', te:lang($alt))"/>
  </xsl:function>

  <!-- The reading an apparatus entry shows in the text: its lemma, else (parallel
       segmentation without a lemma) its first reading. The others are its variants. -->
  <xsl:function name="te:app-reading" as="element()?">
    <xsl:param name="app" as="element()"/>
    <xsl:sequence select="($app/tei:lem, $app/tei:rdgGrp/tei:lem, $app/(tei:rdg | tei:rdgGrp/tei:rdg))[1]"/>
  </xsl:function>

  <xsl:function name="te:app-variants" as="element()*">
    <xsl:param name="app" as="element()"/>
    <xsl:sequence select="$app/(tei:lem | tei:rdg | tei:rdgGrp/tei:lem | tei:rdgGrp/tei:rdg) except te:app-reading($app)"/>
  </xsl:function>

  <!-- The sigla of a reading's witnesses: each #id of @wit as its witness's @n, else the id
       itself (the usual short siglum), in the order written; @source the same way. -->
  <xsl:function name="te:sigla" as="xs:string">
    <xsl:param name="reading" as="element()"/>
    <xsl:variable name="ids" as="xs:string*" select="tokenize(normalize-space(($reading/@wit, $reading/@source)[1]), ' ')"/>
    <xsl:sequence select="string-join($ids ! (let $id := replace(., '^#', '')
        return (id($id, root($reading))/@n[normalize-space()] ! normalize-space(.), $id)[1]), ' ')"/>
  </xsl:function>

  <!-- ===================== gaps and transcription ===================== -->

  <!-- What an omission says, after the ellipsis: its description; else its reason in the
       reader's words (illegible, damaged, omitted); else nothing ("[…]"). Inside a deletion
       or a reading the reason stays that of the gap, never "not in the source". -->
  <xsl:function name="te:gap-words" as="xs:string">
    <xsl:param name="gap" as="element()"/>
    <xsl:variable name="lang" as="xs:string" select="te:lang($gap)"/>
    <xsl:variable name="reason" as="xs:string" select="lower-case(normalize-space($gap/@reason))"/>
    <xsl:variable name="key" as="xs:string?" select="
        if ($reason = 'not-in-source' and empty($gap/ancestor::tei:del)) then 'gap'
        else if ($reason = ('illegible', 'unreadable')) then 'illegible'
        else if ($reason = ('damage', 'damaged')) then 'damage'
        else if ($reason = ('omitted', 'editorial', 'irrelevant', 'sampling')) then 'omitted'
        else if ($reason = ('cancelled', 'deleted')) then 'deleted'
        else ()"/>
    <xsl:sequence select="if (normalize-space($gap/tei:desc)) then normalize-space($gap/tei:desc)
        else if (exists($key)) then te:label($key, $lang)
        else translate($reason, '-_', '  ')"/>
  </xsl:function>

  <!-- ===================== highlighting ===================== -->

  <!-- What a highlight means, as a list of the project's rendition words: italic, bold,
       strikethrough, underline, doubleunderline, wavyunderline, overline, allcaps,
       smallcaps, sup, sub, code, large, small, plain; from @rend (the TEI Stylesheets'
       vocabulary and common synonyms), the CSS of @style and of the tagsDecl renditions
       @rendition points at. An hi that says nothing known is italic; other elements get
       only what they say. -->
  <xsl:variable name="te:rend-words" as="map(xs:string, xs:string)" select="map{
      'italic': 'italic', 'italics': 'italic', 'i': 'italic', 'it': 'italic', 'slanted': 'italic', 'ital': 'italic',
      'bold': 'bold', 'b': 'bold', 'bo': 'bold', 'strong': 'bold',
      'strikethrough': 'strikethrough', 'strike': 'strikethrough', 'overstrike': 'strikethrough',
      'doublestrikethrough': 'strikethrough', 'double-strikethrough': 'strikethrough',
      'line-through': 'strikethrough', 'struck': 'strikethrough', 'crossed': 'strikethrough',
      'underline': 'underline', 'u': 'underline', 'ul': 'underline', 'underlined': 'underline',
      'doubleunderline': 'doubleunderline', 'double-underline': 'doubleunderline', 'uu': 'doubleunderline',
      'wavyunderline': 'wavyunderline', 'wavy-underline': 'wavyunderline',
      'overline': 'overline',
      'allcaps': 'allcaps', 'caps': 'allcaps', 'uppercase': 'allcaps', 'upper': 'allcaps',
      'smallcaps': 'smallcaps', 'small-caps': 'smallcaps', 'sc': 'smallcaps', 'smcap': 'smallcaps',
      'sup': 'sup', 'superscript': 'sup', 'super': 'sup', 'sub': 'sub', 'subscript': 'sub',
      'typewriter': 'code', 'code': 'code', 'monospace': 'code', 'tt': 'code', 'mono': 'code', 'computer': 'code',
      'large': 'large', 'larger': 'large', 'big': 'large', 'small': 'small', 'smaller': 'small',
      'normal': 'plain', 'roman': 'plain', 'upright': 'plain', 'plain': 'plain', 'normalweight': 'plain',
      'normalstyle': 'plain', 'none': 'plain', 'hidden': 'plain'}"/>

  <xsl:function name="te:rend" as="xs:string*">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="css" as="xs:string"
        select="lower-case(string-join(($e/@style, tokenize(normalize-space($e/@rendition), ' ')[starts-with(., '#')]
            ! id(substring(., 2), root($e))[self::tei:rendition]), ';'))"/>
    <!-- A token's word before any "(": "color(red)" is "color" (tokens hold no line ends). -->
    <xsl:variable name="from-rend" as="xs:string*"
        select="tokenize(lower-case(normalize-space($e/@rend)), '[\s,;]+') ! $te:rend-words(if (contains(., '(')) then substring-before(., '(') else .)"/>
    <!-- Most highlights have no CSS: nothing to look for in it. -->
    <xsl:variable name="from-css" as="xs:string*" select="if ($css eq '') then () else
        ('italic'[matches($css, 'font-style\s*:\s*(italic|oblique)')],
         'bold'[matches($css, 'font-weight\s*:\s*(bold|[6-9]00)')],
         'strikethrough'[matches($css, 'text-decoration[a-z-]*\s*:[^;]*line-through')],
         'underline'[matches($css, 'text-decoration[a-z-]*\s*:[^;]*underline')],
         'smallcaps'[matches($css, 'font-variant[a-z-]*\s*:\s*small-caps')],
         'allcaps'[matches($css, 'text-transform\s*:\s*uppercase')],
         'sup'[matches($css, 'vertical-align\s*:\s*super')],
         'sub'[matches($css, 'vertical-align\s*:\s*sub')],
         'code'[matches($css, 'font-family\s*:[^;]*mono')])"/>
    <xsl:variable name="all" as="xs:string*" select="distinct-values(($from-rend, $from-css))"/>
    <xsl:sequence select="if (empty($all) and $e/self::tei:hi and empty(te:rend-color($e))) then 'italic' else $all[. ne 'plain']"/>
  </xsl:function>

  <!-- A colour a highlight asks for (@rend color(x), CSS color), only when it is a safe CSS
       colour value: a name of letters or #hex; anything else is ignored, so no markup or
       CSS can come from the attribute. -->
  <xsl:function name="te:rend-color" as="xs:string?">
    <xsl:param name="e" as="element()"/>
    <!-- Only an attribute that names a colour is analysed (analyze-string builds a tree): a
         text with thousands of hi asks this of each. -->
    <xsl:variable name="rend" as="xs:string" select="lower-case($e/@rend)"/>
    <xsl:variable name="style" as="xs:string" select="lower-case($e/@style)"/>
    <xsl:variable name="r" as="xs:string?"
        select="((if (contains($rend, 'colo')) then analyze-string($rend, 'colou?r\(\s*([a-z]+|#[0-9a-f]{3,6})\s*\)')//*:group[@nr = 1] else ()),
                 (if (contains($style, 'color')) then analyze-string($style, '(^|;)\s*color\s*:\s*([a-z]+|#[0-9a-f]{3,6})\s*(;|$)')//*:group[@nr = 2] else ()))[1]"/>
    <xsl:sequence select="$r[matches(., '^([a-z]{3,20}|#[0-9a-f]{3}|#[0-9a-f]{6})$')]"/>
  </xsl:function>


  <!-- ===================== spacing of structured names and bibls ===================== -->

  <!-- What an output writes before an element that the encoding runs on from the one before
       it with no text between: a space between the parts of a name ("Charles" "Dickens"),
       and in a biblStruct the punctuation a reference needs (", " between authors and
       inside an imprint or a scope, ". " between author, title and imprint). '' where the
       encoder's own text separates them (or the part before already ends in punctuation). -->
  <xsl:function name="te:separator-before" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="parent" as="element()?" select="$e/parent::*"/>
    <xsl:variable name="structured" as="xs:boolean"
        select="exists($parent[self::tei:biblStruct or self::tei:analytic or self::tei:monogr or self::tei:imprint or self::tei:series])"/>
    <xsl:variable name="name" as="xs:boolean"
        select="exists($parent[self::tei:persName or self::tei:name or self::tei:orgName or self::tei:placeName
            or self::tei:author or self::tei:editor or self::tei:roleName or self::tei:docAuthor])"/>
    <xsl:variable name="prev-node" as="node()?" select="$e/preceding-sibling::node()[1]"/>
    <xsl:variable name="prev" as="element()?"
        select="$e/preceding-sibling::node()[not(self::text()[not(normalize-space())] or self::comment() or self::processing-instruction())][1][self::*]"/>
    <xsl:sequence select="
        if (empty($prev) or not($structured or $name)) then ''
        else if ($name) then (if ($prev-node/self::text()) then '' else ' ')
        else if ($e/self::tei:note or $e/self::tei:idno[empty(following-sibling::*)]) then ' '
        else if (te:ends-in-punctuation($prev)) then ' '
        else if (($e | $prev)/self::*[self::tei:author or self::tei:editor or self::tei:respStmt] and
                 $e/local-name() eq $prev/local-name()) then ', '
        else if ($parent/self::tei:imprint or $e/self::tei:biblScope or $e/self::tei:date or $e/self::tei:citedRange
                 or $e/self::tei:edition) then ', '
        else '. '"/>
  </xsl:function>

  <!-- Layout whitespace between the parts of a structured bibl (the separators above stand
       for it, so it must not print as well). -->
  <xsl:function name="te:is-structure-space" as="xs:boolean">
    <xsl:param name="t" as="node()"/>
    <xsl:sequence select="not(normalize-space($t)) and exists($t/parent::*[self::tei:biblStruct or self::tei:analytic
        or self::tei:monogr or self::tei:imprint or self::tei:series])"/>
  </xsl:function>

  <!-- Whether te:plain($e) of a part of a structured bibl ends in punctuation (ends with one
       of . , : ; ! ?), read without te:plain's own separator before $e, which would read the
       part before $e, and the one before that, and so on at every level of the bibl
       (test27.xml, 75 biblStructs: the web page's transformation took 267 ms, now 53): the
       part's own reading decides, and only when it has no text does the separator ("." or
       ",") stand at its end. -->
  <xsl:function name="te:ends-in-punctuation" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="parts" as="xs:string*">
      <xsl:apply-templates select="$e" mode="te:plain">
        <xsl:with-param name="te:own-separator" select="false()"/>
      </xsl:apply-templates>
    </xsl:variable>
    <xsl:variable name="own" as="xs:string" select="normalize-space(string-join($parts))"/>
    <xsl:sequence select="if ($own ne '') then substring($own, string-length($own)) = ('.', ',', ':', ';', '!', '?')
        else normalize-space(te:separator-before($e)) ne ''"/>
  </xsl:function>

  <!-- The separator, then what the part reads (te:ends-in-punctuation asks for the part
       without its separator). -->
  <xsl:template match="*[parent::tei:persName or parent::tei:name or parent::tei:orgName or parent::tei:placeName or parent::tei:author or parent::tei:editor or parent::tei:roleName or parent::tei:docAuthor or parent::tei:biblStruct or parent::tei:analytic or parent::tei:monogr or parent::tei:imprint or parent::tei:series]" mode="te:plain" priority="30">
    <xsl:param name="te:own-separator" as="xs:boolean" select="true()"/>
    <xsl:if test="$te:own-separator">
      <xsl:sequence select="te:separator-before(.)[. ne '']"/>
    </xsl:if>
    <xsl:next-match/>
  </xsl:template>
  <xsl:template match="text()[te:is-structure-space(.)]" mode="te:plain" priority="5"/>
  <!-- A note in a heading is a note of the text, not words of the heading (contents lists,
       running heads and PDF bookmarks read headings through te:plain). -->
  <xsl:template match="tei:head//tei:note | tei:titlePart//tei:note" mode="te:plain" priority="5"/>

  <!-- Code with the indentation common to its lines removed, and the blank first and last
       lines of its layout dropped (an example indented to fit the surrounding XML). -->
  <xsl:function name="te:dedent" as="xs:string">
    <xsl:param name="code" as="xs:string"/>
    <xsl:variable name="lines" as="xs:string*" select="tokenize(replace($code, '^\s*\n|\n\s*$', ''), '\r?\n')"/>
    <xsl:variable name="indent" as="xs:integer"
        select="(min($lines[normalize-space()] ! (string-length(.) - string-length(replace(., '^[ \t]+', '')))), 0)[1]"/>
    <xsl:sequence select="string-join($lines ! substring(., $indent + 1), '&#10;')"/>
  </xsl:function>

  <!-- ===================== lines, verse ===================== -->

  <!-- A line break inside a word (break="no", or the older type="hyphenInWord"): the two
       parts join with no space, and no break is shown, so the word reads whole. -->
  <xsl:function name="te:breaks-word" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="$e/@break = ('no', 'false', 'n') or $e/@type = ('hyphenInWord', 'inWord', 'hyphenated')"/>
  </xsl:function>

  <!-- A text node on either side of a word-internal line break: the node just before or just
       after an lb that breaks a word. Saxon's tree answers "the sibling just before" from an
       index it builds once, so this test on every text node costs less than the key by
       generate-id() it replaces (test14.xml, a line break in every other word: the HTML
       transformation 104 -> 90 ms). -->
  <xsl:function name="te:is-word-joined" as="xs:boolean">
    <xsl:param name="t" as="node()"/>
    <xsl:sequence select="exists($t/following-sibling::node()[1][self::tei:lb[te:breaks-word(.)]])
        or exists($t/preceding-sibling::node()[1][self::tei:lb[te:breaks-word(.)]])"/>
  </xsl:function>

  <!-- A line break the encoder marked as not to be shown (rend="hidden"): no break. -->
  <xsl:function name="te:is-hidden-break" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="tokenize(lower-case($e/@rend), '\s+') = ('hidden', 'none', 'invisible')"/>
  </xsl:function>

  <!-- The number printed beside a verse line: every fifth line of its poem (the nearest
       division, or the text), counted, or its own @n when the encoder numbered it and that
       number is a multiple of five; '' for other lines. -->
  <xsl:function name="te:line-number" as="xs:string">
    <xsl:param name="l" as="element()"/>
    <xsl:variable name="n" as="xs:string" select="normalize-space($l/@n)"/>
    <xsl:choose>
      <xsl:when test="$n ne ''">
        <xsl:sequence select="($n[. castable as xs:integer][xs:integer(.) mod 5 eq 0], '')[1]"/>
      </xsl:when>
      <xsl:otherwise>
        <!-- Counted only for a line without its own number (a transcription numbers every
             line: test32.xml's 917). The name is computed once, not for every element the
             predicate tests. -->
        <xsl:variable name="scope" as="element()?" select="$l/ancestor::*[te:is-division(.) or self::tei:body
            or self::tei:sp or self::tei:quote or self::tei:note or self::tei:surface or self::tei:zone][1]"/>
        <xsl:variable name="name" as="xs:QName" select="node-name($l)"/>
        <xsl:variable name="count" as="xs:integer"
            select="count($scope//*[node-name() eq $name][. &lt;&lt; $l]) + 1"/>
        <xsl:sequence select="if ($count mod 5 eq 0 and empty($l/ancestor::tei:note)) then string($count) else ''"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- ===================== index ===================== -->

  <!-- The heading under which an index element files its place: its term, after the terms
       of the index elements around it ("Shellfish — Oysters"). -->
  <xsl:function name="te:index-key" as="xs:string">
    <xsl:param name="index" as="element()"/>
    <xsl:sequence select="string-join($index/ancestor-or-self::tei:index ! te:plain(tei:term[1])[. ne ''], ' — ')"/>
  </xsl:function>

  <!-- Where the index is printed: the text's divGen of type index, else after the text. -->
  <xsl:function name="te:index-place" as="element()?">
    <xsl:param name="text" as="element()"/>
    <xsl:sequence select="$text//tei:divGen[@type = 'index'][1]"/>
  </xsl:function>

  <!-- ===================== language and script ===================== -->

  <!-- Writing direction of a language: 'rtl' for scripts written right to left (by the
       language, or a script subtag), else ''. -->
  <xsl:function name="te:direction" as="xs:string">
    <xsl:param name="lang" as="xs:string"/>
    <xsl:variable name="parts" as="xs:string*" select="tokenize(lower-case($lang), '-')"/>
    <xsl:sequence select="if ($parts[position() gt 1] = ('arab', 'hebr', 'syrc', 'thaa', 'nkoo', 'samr', 'mand', 'adlm')) then 'rtl'
        else if ($parts[position() gt 1][string-length(.) eq 4]) then ''
        else if ($parts[1] = ('ar', 'he', 'iw', 'fa', 'ur', 'yi', 'ps', 'syr', 'dv', 'ug', 'ckb', 'arc', 'sd')) then 'rtl'
        else ''"/>
  </xsl:function>

  <!-- A transliteration (a Latin script subtag on a language not written in it: ru-Latn,
       el-Latn, "-x-..." private uses) or a language tag no hyphenation dictionary knows:
       text that must not be hyphenated by any language's rules. -->
  <xsl:function name="te:is-transliteration" as="xs:boolean">
    <xsl:param name="lang" as="xs:string"/>
    <xsl:variable name="parts" as="xs:string*" select="tokenize(lower-case($lang), '-')"/>
    <xsl:sequence select="$parts[position() gt 1] = ('latn', 'x', 't') and not($parts[1] = ('en', 'de', 'fr', 'it', 'es', 'la', 'sl', 'pt', 'nl'))"/>
  </xsl:function>

  <!-- ===================== teiCorpus ===================== -->

  <!-- A teiCorpus as one TEI, so every output renders it with the rules of a single text: the
       corpus's header, and a text that is a group of its TEI documents' texts, in order, each
       opened by a title page with its own title (TEI's own model for a composite text). -->
  <xsl:function name="te:corpus-as-tei" as="element()">
    <xsl:param name="corpus" as="element()"/>
    <xsl:variable name="doc" as="document-node()">
      <xsl:document>
        <TEI xmlns="http://www.tei-c.org/ns/1.0">
          <xsl:copy-of select="$corpus/@xml:lang"/>
          <xsl:copy-of select="$corpus/tei:teiHeader"/>
          <text>
            <group>
              <xsl:for-each select="$corpus//tei:TEI[tei:text]">
                <text>
                  <xsl:copy-of select="@xml:id, (@xml:lang, tei:text/@xml:lang)[1]"/>
                  <xsl:variable name="title" as="element()?" select="te:doc-title(.)"/>
                  <xsl:if test="exists($title) or tei:text/tei:front">
                    <front>
                      <xsl:if test="exists($title)">
                        <titlePage><docTitle><titlePart type="main"><xsl:copy-of select="$title/node()"/></titlePart></docTitle></titlePage>
                      </xsl:if>
                      <xsl:copy-of select="tei:text/tei:front/node()"/>
                    </front>
                  </xsl:if>
                  <xsl:copy-of select="tei:text/(tei:body, tei:group, tei:back)"/>
                </text>
              </xsl:for-each>
            </group>
          </text>
          <xsl:copy-of select="$corpus//tei:TEI/tei:sourceDoc"/>
        </TEI>
      </xsl:document>
    </xsl:variable>
    <xsl:sequence select="$doc/tei:TEI"/>
  </xsl:function>

  <!-- ===================== known elements ===================== -->

  <!-- Elements of the text the outputs render by a rule of their own (everything else keeps
       its text through the generic fallback and is named once in a warning). -->
  <xsl:variable name="te:known-elements-list" as="xs:string+" select="(
      'text', 'front', 'body', 'back', 'group', 'div', 'div1', 'div2', 'div3', 'div4', 'div5', 'div6', 'div7',
      'head', 'p', 'ab', 'list', 'item', 'label', 'table', 'row', 'cell', 'figure', 'graphic', 'figDesc', 'media',
      'lg', 'l', 'quote', 'q', 'said', 'cit', 'soCalled', 'mentioned', 'foreign', 'emph', 'hi', 'term', 'gloss',
      'title', 'note', 'ref', 'ptr', 'bibl', 'biblStruct', 'listBibl', 'analytic', 'monogr', 'imprint', 'series',
      'author', 'editor', 'respStmt', 'resp', 'name', 'persName', 'placeName', 'orgName', 'forename', 'surname',
      'roleName', 'addName', 'nameLink', 'genName', 'geogName', 'settlement', 'country', 'region', 'district', 'bloc',
      'date', 'time', 'num', 'measure', 'unit', 'choice', 'sic', 'corr', 'orig', 'reg', 'abbr', 'expan', 'ex', 'am',
      'del', 'add', 'subst', 'unclear', 'supplied', 'gap', 'space', 'damage', 'handShift', 'restore', 'surplus',
      'app', 'lem', 'rdg', 'rdgGrp', 'wit', 'sp', 'speaker', 'stage', 'castList', 'castItem', 'castGroup', 'role',
      'roleDesc', 'actor', 'set', 'lb', 'pb', 'cb', 'milestone', 'anchor', 'index', 'fw', 'seg', 'w', 'pc', 'c', 's', 'phr',
      'divGen', 'titlePage', 'docTitle', 'titlePart', 'docAuthor', 'docImprint', 'docDate', 'docEdition', 'byline', 'argument',
      'epigraph', 'opener', 'closer', 'salute', 'signed', 'dateline', 'postscript', 'trailer', 'floatingText',
      'sourceDoc', 'surface', 'zone', 'line', 'surfaceGrp', 'egXML', 'eg', 'code', 'gi', 'att', 'val', 'tag', 'ident',
      'publisher', 'pubPlace', 'biblScope', 'citedRange', 'idno', 'edition', 'extent', 'address', 'addrLine',
      'email', 'lang', 'desc', 'abstract', 'listWit', 'witness', 'listPerson', 'person', 'listPlace', 'place',
      'distinct', 'rs', 'interp', 'interpGrp', 'span', 'spanGrp', 'link', 'linkGrp', 'join', 'alt', 'altGrp', 'timeline', 'when')"/>
  <!-- As a map, so that looking an element up costs the same for any length of the list. -->
  <xsl:variable name="te:known-elements" as="map(xs:string, xs:boolean)"
      select="map:merge($te:known-elements-list ! map{.: true()})"/>


  <!-- One message per element name the outputs have no rule for (its text is kept by the
       generic fallback): transform.py turns each into a warning naming the element. Elements
       of other namespaces inside egXML are examples, shown as code, never unknown; of an
       embedded vocabulary (MathML, SVG) only its outermost element is named. -->
  <xsl:template name="te:warn-unknown">
    <xsl:param name="tei" as="element()"/>
    <xsl:for-each select="distinct-values(($tei/tei:text, $tei/tei:sourceDoc)//*[not(ancestor::*:egXML)]
        [not(parent::*[namespace-uri() ne 'http://www.tei-c.org/ns/1.0'])]
        [not(namespace-uri() eq 'http://www.tei-c.org/ns/1.0' and map:contains($te:known-elements, local-name()))]
        [not(self::*:egXML)] ! name())">
      <xsl:sort select="."/>
      <xsl:message select="'teiedition-unknown-element: ' || ."/>
    </xsl:for-each>
  </xsl:template>

</xsl:stylesheet>
