<?xml version="1.0" encoding="UTF-8"?>
<!-- The editorial meaning of the Guidelines' common modules in print: quotations, highlighting,
     editorial changes and transcription (del, add, subst, unclear, supplied, gap, space, ex),
     choice and the critical apparatus (their alternatives as notes at the foot of the page),
     drama, verse with line numbers, egXML, names and structured bibls with their parts
     spaced, word-internal line breaks, front and back structures, a sourceDoc transcription.
     What each shows is decided in common/editorial.xsl; here only how it looks. Typst
     functions used here (alt-note, verse-line, speech, …) are in edition.typ. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:te="urn:teiedition"
    xmlns:tx="urn:teiedition:typst"
    exclude-result-prefixes="#all"
    default-mode="tx:flow">

  <!-- Images found beside the TEI file, by the graphic's @url as written: JSON, an object of
       Typst bytes expressions, filled by transform.py (see its images_beside); empty: no
       image is read and every figure prints its description. -->
  <xsl:param name="images" as="xs:string" select="'{}'"/>
  <xsl:variable name="tx:images" as="map(*)" select="parse-json($images)"/>

  <!-- ===== language: hyphenation, script, writing direction ===== -->

  <!-- Typst text() arguments for a language: its lang and region (tx:lang-args), no
       hyphenation for a transliteration or a language Typst does not know (hyphenating
       "Diplomaticheskikh" by English rules splits it wrongly), the CJK font of the
       language's own variant (Chinese, Japanese and Korean forms of a character differ),
       and right to left for Arabic and Hebrew. -->
  <xsl:function name="tx:text-args" as="xs:string">
    <xsl:param name="tag" as="xs:string"/>
    <xsl:variable name="parts" as="xs:string*" select="tokenize(lower-case($tag), '[-_]')"/>
    <xsl:variable name="cjk" as="xs:string?" select="
        if ($parts[1] eq 'ja') then 'Noto Serif CJK JP'
        else if ($parts[1] eq 'ko') then 'Noto Serif CJK KR'
        else if ($parts[1] eq 'zh' and $parts = ('hant', 'tw', 'hk', 'mo')) then 'Noto Serif CJK TC'
        else if ($parts[1] eq 'zh') then 'Noto Serif CJK SC' else ()"/>
    <xsl:sequence select="string-join((tx:lang-args($tag)[. ne ''],
        'hyphenate: false'[te:is-transliteration($tag) or not(tx:lang-args($tag))],
        $cjk ! ('font: (ed-serif, ' || tx:string(.) || ')'),
        'dir: rtl'[te:direction($tag) eq 'rtl']), ', ')"/>
  </xsl:function>

  <!-- An element in another language than its parent sets Typst's text language, so it is
       hyphenated (and quoted) by that language's rules. Runs around every other template. -->
  <xsl:template match="*[@xml:lang][parent::*][te:lang(.) ne te:lang(..)]" priority="20">
    <xsl:variable name="args" as="xs:string" select="tx:text-args(te:lang(.))"/>
    <xsl:if test="$args ne ''"><xsl:value-of select="'#text(' || $args || ')['"/></xsl:if>
    <xsl:next-match/>
    <xsl:if test="$args ne ''"><xsl:text>]</xsl:text></xsl:if>
  </xsl:template>

  <!-- ===== spacing of structured names and bibls (te:separator-before) ===== -->

  <xsl:template match="*[parent::tei:persName or parent::tei:name or parent::tei:orgName or parent::tei:placeName or parent::tei:author or parent::tei:editor or parent::tei:roleName or parent::tei:docAuthor or parent::tei:biblStruct or parent::tei:analytic or parent::tei:monogr or parent::tei:imprint or parent::tei:series]" priority="30">
    <!-- Computed once, here rather than in the pattern as well. -->
    <xsl:variable name="separator" as="xs:string" select="te:separator-before(.)"/>
    <xsl:if test="$separator ne ''"><xsl:value-of select="tx:escape($separator)"/></xsl:if>
    <xsl:next-match/>
  </xsl:template>
  <!-- The layout whitespace inside a structured bibl: the separators stand for it. -->
  <xsl:template match="text()[te:is-structure-space(.)]" priority="5"/>

  <!-- A word-internal line break joins the word: the whitespace around it is layout (trimmed
       by Java's regex engine, as in html/editorial.xsl). -->
  <xsl:template match="text()[te:is-word-joined(.)]" priority="4">
    <xsl:variable name="t" as="xs:string" select="tx:collapse(.)"/>
    <xsl:variable name="t" as="xs:string"
        select="if (following-sibling::node()[1][self::tei:lb[te:breaks-word(.)]]) then replace($t, '[ \t\n\r]+\z', '', ';j') else $t"/>
    <xsl:variable name="t" as="xs:string"
        select="if (preceding-sibling::node()[1][self::tei:lb[te:breaks-word(.)]]) then replace($t, '^[ \t\n\r]+', '', ';j') else $t"/>
    <xsl:value-of select="tx:unbroken-ranges(tx:escape(tx:typography($t)))"/>
  </xsl:template>
  <xsl:template match="tei:lb[te:breaks-word(.) or te:is-hidden-break(.)]" priority="2"/>

  <!-- ===== quotations ===== -->

  <xsl:template match="tei:q | tei:quote | tei:said | tei:soCalled">
    <xsl:variable name="marks" as="xs:string*" select="te:q-marks(.)"/>
    <xsl:value-of select="$marks[1] ! tx:escape(.)"/>
    <xsl:apply-templates/>
    <xsl:value-of select="$marks[2] ! tx:escape(.)"/>
  </xsl:template>

  <xsl:template match="*[self::tei:q or self::tei:quote or self::tei:said][te:is-block-quote(.)]" priority="1">
    <xsl:value-of select="$tx:parbreak || '#block-quote['"/>
    <xsl:apply-templates/>
    <xsl:value-of select="']' || $tx:parbreak"/>
  </xsl:template>
  <xsl:template match="tei:cit[parent::*[te:is-division(.) or self::tei:body or self::tei:epigraph]]">
    <xsl:value-of select="$tx:parbreak || '#block-quote['"/>
    <xsl:apply-templates/>
    <xsl:value-of select="']' || $tx:parbreak"/>
  </xsl:template>
  <xsl:template match="tei:cit/tei:bibl | tei:cit/tei:ref[not(@type = 'noteAnchor')]" priority="2">
    <xsl:text> (</xsl:text>
    <xsl:next-match/>
    <xsl:text>)</xsl:text>
  </xsl:template>

  <!-- ===== highlighting ===== -->

  <!-- Each rendition word of te:rend is one Typst function around the content. -->
  <xsl:variable name="tx:rend-open" as="map(xs:string, xs:string)" select="map{
      'italic': '#emph[', 'bold': '#strong[', 'strikethrough': '#strike[', 'underline': '#underline[',
      'doubleunderline': '#double-underline[', 'wavyunderline': '#wavy-underline[', 'overline': '#overline[',
      'allcaps': '#upper[', 'smallcaps': '#smallcaps[', 'sup': '#super[', 'sub': '#sub[',
      'code': '#code-text[', 'large': '#text(size: 1.2em)[', 'small': '#text(size: 0.85em)['}"/>

  <xsl:template match="tei:hi | tei:emph[@rend or @style or @rendition] | tei:seg[@rend or @style or @rendition]">
    <xsl:variable name="open" as="xs:string*" select="te:rend(.) ! $tx:rend-open(.)"/>
    <xsl:variable name="color" as="xs:string?" select="te:rend-color(.)"/>
    <xsl:value-of select="$color ! ('#colored(' || tx:string(.) || ')[')"/>
    <xsl:value-of select="string-join($open)"/>
    <xsl:apply-templates/>
    <xsl:value-of select="string-join($open ! ']')"/>
    <xsl:value-of select="$color ! ']'"/>
  </xsl:template>

  <xsl:template match="tei:gi | tei:att | tei:val | tei:tag | tei:ident | tei:code">
    <xsl:value-of select="'#code-text[' || (if (self::tei:gi) then '\&lt;' else if (self::tei:att) then '\@' else '')"/>
    <xsl:apply-templates/>
    <xsl:value-of select="(if (self::tei:gi) then '\&gt;' else '') || ']'"/>
  </xsl:template>

  <!-- ===== transcription: changes, doubts, omissions ===== -->

  <!-- Additions between the Leiden marks \ and /, deletions struck through. -->
  <xsl:template match="tei:add">
    <xsl:text>\\</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>\/</xsl:text>
  </xsl:template>
  <xsl:template match="tei:del">
    <xsl:text>#strike[</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>]</xsl:text>
  </xsl:template>
  <xsl:template match="tei:unclear">
    <xsl:text>#unclear-text[</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>]</xsl:text>
  </xsl:template>
  <xsl:template match="tei:supplied">
    <xsl:text>\[</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>\]</xsl:text>
  </xsl:template>
  <xsl:template match="tei:surplus">
    <xsl:text>\{</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>\}</xsl:text>
  </xsl:template>
  <!-- Expanded letters of an abbreviation in parentheses (Leiden): "d(omi)n(u)s". -->
  <xsl:template match="tei:ex">
    <xsl:text>\(</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>\)</xsl:text>
  </xsl:template>
  <xsl:template match="tei:gap">
    <xsl:variable name="words" as="xs:string" select="te:gap-words(.)"/>
    <xsl:value-of select="'#gap-mark(' || (if ($words ne '') then tx:content($words) else 'none') || ')'"/>
    <xsl:apply-templates select="(node() except tei:desc)[not(self::text()[not(normalize-space())])]"/>
  </xsl:template>
  <xsl:template match="tei:space">
    <xsl:text>#h(2em)</xsl:text>
    <xsl:apply-templates/>
  </xsl:template>

  <!-- ===== choice and apparatus: the reading, its alternatives reachable ===== -->

  <!-- The alternatives of a choice, or the variants of an apparatus entry, as a note at the
       foot of the page; inside a note (no note in a note) in brackets after the reading. -->
  <xsl:template name="tx:alternatives">
    <xsl:param name="lemma" as="element()?"/>
    <xsl:param name="items" as="item()*"/>
    <xsl:choose>
      <!-- In brackets where a note cannot stand (notes, headings, cells), and in a transcription
           of the document (sourceDoc), whose every line may have a regularised reading: a
           note per line would bury the page under its notes. -->
      <xsl:when test="ancestor::tei:note or ancestor::tei:head or ancestor::tei:titlePart or ancestor::tei:docTitle
          or ancestor::tei:cell or ancestor::tei:sourceDoc">
        <xsl:text>#alt-note[</xsl:text>
        <xsl:sequence select="$items"/>
        <xsl:text>]</xsl:text>
      </xsl:when>
      <xsl:otherwise>
        <xsl:text>#app-note[</xsl:text>
        <xsl:apply-templates select="$lemma/node()"/>
        <xsl:text>\] </xsl:text>
        <xsl:sequence select="$items"/>
        <xsl:text>]</xsl:text>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:choice">
    <xsl:variable name="reading" as="element()?" select="te:choice-reading(.)"/>
    <xsl:variable name="alternatives" as="element()*" select="te:choice-alternatives(.)"/>
    <xsl:apply-templates select="$reading, te:loose-text(.)"/>
    <xsl:if test="exists($alternatives)">
      <xsl:call-template name="tx:alternatives">
        <xsl:with-param name="lemma" select="$reading"/>
        <xsl:with-param name="items" as="item()*">
          <xsl:for-each select="$alternatives">
            <!-- An escaped semicolon: Typst swallows a plain one right after #sigla[..]. -->
            <xsl:if test="position() gt 1"><xsl:text>\; </xsl:text></xsl:if>
            <xsl:value-of select="'#emph[' || tx:escape(te:alternative-label(.)) || '] '"/>
            <xsl:apply-templates/>
          </xsl:for-each>
        </xsl:with-param>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:app">
    <xsl:variable name="reading" as="element()?" select="te:app-reading(.)"/>
    <xsl:variable name="variants" as="element()*" select="te:app-variants(.)"/>
    <xsl:apply-templates select="$reading, te:loose-text(.)"/>
    <xsl:if test="exists($variants)">
      <xsl:call-template name="tx:alternatives">
        <xsl:with-param name="lemma" select="$reading"/>
        <xsl:with-param name="items" as="item()*">
          <xsl:for-each select="$variants">
            <!-- An escaped semicolon: Typst swallows a plain one right after #sigla[..]. -->
            <xsl:if test="position() gt 1"><xsl:text>\; </xsl:text></xsl:if>
            <xsl:apply-templates/>
            <xsl:if test="not(normalize-space())"><xsl:value-of select="'#emph[' || tx:escape(te:label('omits', te:lang(.))) || ']'"/></xsl:if>
            <xsl:value-of select="' #sigla[' || tx:escape(te:sigla(.)) || ']'"/>
          </xsl:for-each>
          <xsl:if test="normalize-space(te:sigla($reading))">
            <xsl:value-of select="'\; ' || '#emph[' || tx:escape(te:plain($reading)) || '] #sigla[' || tx:escape(te:sigla($reading)) || ']'"/>
          </xsl:if>
        </xsl:with-param>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>
  <!-- Witness details in the text itself (wit, witDetail) belong to the apparatus note. -->
  <xsl:template match="tei:app/tei:wit | tei:app/tei:witDetail | tei:app/tei:note"/>

  <!-- ===== drama ===== -->

  <xsl:template match="tei:sp">
    <xsl:value-of select="$tx:parbreak || '#speech(' || (if (tei:speaker) then '' else 'none') "/>
    <xsl:if test="tei:speaker">
      <xsl:text>[</xsl:text>
      <xsl:apply-templates select="tei:speaker/node()"/>
      <xsl:text>]</xsl:text>
    </xsl:if>
    <xsl:text>)[</xsl:text>
    <xsl:apply-templates select="node() except tei:speaker"/>
    <xsl:value-of select="']' || $tx:parbreak"/>
  </xsl:template>
  <xsl:template match="tei:stage">
    <xsl:text>#stage-text[</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>]</xsl:text>
  </xsl:template>
  <xsl:template match="tei:stage[parent::tei:div or parent::tei:body or parent::tei:sp or parent::tei:div1 or parent::tei:div2 or parent::tei:div3]" priority="1">
    <xsl:value-of select="$tx:parbreak || '#stage-block['"/>
    <xsl:apply-templates/>
    <xsl:value-of select="']' || $tx:parbreak"/>
  </xsl:template>
  <xsl:template match="tei:castList">
    <xsl:apply-templates select="tei:head"/>
    <xsl:value-of select="$tx:parbreak || '#list('"/>
    <xsl:for-each select="tei:castItem | tei:castGroup">
      <xsl:text>[</xsl:text>
      <xsl:apply-templates/>
      <xsl:text>], </xsl:text>
    </xsl:for-each>
    <xsl:value-of select="')' || $tx:parbreak"/>
  </xsl:template>
  <xsl:template match="tei:roleDesc">
    <xsl:text>, #emph[</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>]</xsl:text>
  </xsl:template>

  <!-- ===== verse: stanzas apart, a number beside every fifth line ===== -->

  <xsl:template match="tei:lg">
    <xsl:value-of select="$tx:parbreak || '#stanza['"/>
    <xsl:apply-templates/>
    <xsl:value-of select="']' || $tx:parbreak"/>
  </xsl:template>
  <xsl:template match="tei:l">
    <xsl:value-of select="'#verse-line(' || (te:line-number(.)[. ne ''] ! tx:content(.), 'none')[1] || ')['"/>
    <xsl:call-template name="tx:anchor"/>
    <xsl:apply-templates/>
    <xsl:text>]</xsl:text>
  </xsl:template>
  <!-- A verse line inside a paragraph or a quotation in running text: a line break after it. -->
  <xsl:template match="tei:l[parent::tei:p or parent::tei:q or parent::tei:quote[not(te:is-block-quote(.))] or parent::tei:note or ancestor::tei:hi]" priority="1">
    <xsl:apply-templates/>
    <xsl:if test="following-sibling::tei:l"><xsl:text>#linebreak()</xsl:text></xsl:if>
    <xsl:text> </xsl:text>
  </xsl:template>

  <!-- ===== egXML: the example as XML, highlighted ===== -->

  <!-- priority 1: above the generic block fallback, which *:egXML (-0.25) would lose to. -->
  <xsl:template match="*:egXML | tei:eg" priority="1">
    <xsl:variable name="code" as="xs:string"
        select="if (self::tei:eg) then string(.) else string-join(node() ! (if (. instance of element()) then serialize(., map{'method': 'xml', 'indent': false()}) else string(.)))"/>
    <xsl:value-of select="$tx:parbreak || '#example-code(' || tx:raw-string(te:dedent(replace($code, ' xmlns(:\w+)?=&quot;[^&quot;]*&quot;', ''))) || ', lang: ' || (if (self::tei:eg) then 'none' else '&quot;xml&quot;') || ')' || $tx:parbreak"/>
  </xsl:template>

  <!-- A Typst string literal that keeps line breaks (for code): backslash, quote and line
       breaks escaped, every other character as is. -->
  <xsl:function name="tx:raw-string" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:sequence select="'&quot;' || replace(replace(replace(replace(replace($text, '\\', '\\\\'), '&quot;', '\\&quot;'),
        '\r?\n|[&#x85;&#x2028;&#x2029;]', '\\n'), '&#x9;', '  '), '\r', '') || '&quot;'"/>
  </xsl:function>

  <!-- ===== names, dates, numbers ===== -->

  <xsl:template match="tei:foreign | tei:term[@xml:lang] | tei:mentioned | tei:emph[not(@rend or @style or @rendition)]">
    <xsl:text>#emph[</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>]</xsl:text>
  </xsl:template>

  <!-- ===== figures: the image when beside the TEI, else its description ===== -->

  <xsl:template match="tei:figure">
    <xsl:value-of select="$tx:parbreak || '#figure-block['"/>
    <xsl:apply-templates select="node() except (tei:head, tei:figDesc)"/>
    <!-- The description: inside the placeholder of a missing image (graphic below), else a
         line of its own (under the image, or alone in a figure without a graphic). -->
    <xsl:if test="tei:figDesc and (empty(tei:graphic) or exists(tei:graphic[exists(tx:image(.))]))">
      <xsl:text>#linebreak()#figure-desc[</xsl:text>
      <xsl:apply-templates select="tei:figDesc/node()"/>
      <xsl:text>]</xsl:text>
    </xsl:if>
    <xsl:if test="tei:head">
      <xsl:text>#linebreak()#emph[</xsl:text>
      <xsl:apply-templates select="tei:head/node()"/>
      <xsl:text>]</xsl:text>
    </xsl:if>
    <xsl:value-of select="']' || $tx:parbreak"/>
  </xsl:template>

  <!-- The image's bytes (a Typst bytes array) when Python found the file beside the TEI and
       passed it in the images parameter; else () and a described placeholder prints. -->
  <xsl:function name="tx:image" as="xs:string?">
    <xsl:param name="graphic" as="element()"/>
    <xsl:sequence select="$tx:images(normalize-space($graphic/@url))"/>
  </xsl:function>

  <xsl:template match="tei:graphic">
    <xsl:variable name="data" as="xs:string?" select="tx:image(.)"/>
    <xsl:choose>
      <xsl:when test="exists($data)">
        <xsl:value-of select="'#figure-image(' || $data || ', ' || tx:string(te:plain(../tei:figDesc)) || ')'"/>
      </xsl:when>
      <!-- As on the web page: "[Figure: its description]", the image not read. -->
      <xsl:otherwise>
        <xsl:text>#figure-missing[\[</xsl:text>
        <xsl:value-of select="tx:escape(te:label('figure', te:lang(.)))"/>
        <xsl:if test="../tei:figDesc[normalize-space()] and empty(preceding-sibling::tei:graphic)">
          <xsl:text>: </xsl:text>
          <xsl:apply-templates select="../tei:figDesc/node()"/>
        </xsl:if>
        <xsl:text>\]]</xsl:text>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:apply-templates/>
  </xsl:template>
  <xsl:template match="tei:binaryObject"/>

  <!-- ===== front and back: title page, openers and closers ===== -->

  <xsl:template match="tei:front/tei:titlePage" priority="1">
    <xsl:value-of select="$tx:parbreak || '#title-page['"/>
    <xsl:apply-templates/>
    <xsl:value-of select="']' || $tx:parbreak"/>
  </xsl:template>
  <xsl:template match="tei:front/tei:titlePage[te:title-page-repeats(.)]" priority="3"/>
  <xsl:template match="tei:titlePage//tei:titlePart | tei:titlePage//tei:docAuthor | tei:titlePage//tei:docImprint
      | tei:titlePage//tei:docEdition | tei:titlePage//tei:docDate | tei:titlePage/tei:byline | tei:titlePage//tei:imprimatur">
    <xsl:value-of select="$tx:parbreak || '#align(center)['"/>
    <xsl:apply-templates/>
    <xsl:value-of select="']' || $tx:parbreak"/>
  </xsl:template>
  <xsl:template match="tei:argument | tei:epigraph | tei:opener | tei:closer | tei:postscript | tei:trailer">
    <xsl:value-of select="$tx:parbreak || '#' || (if (self::tei:closer) then 'closer-block' else if (self::tei:trailer) then 'align(center)' else 'block-quote') || '['"/>
    <xsl:apply-templates/>
    <xsl:value-of select="']' || $tx:parbreak"/>
  </xsl:template>
  <xsl:template match="tei:opener/* | tei:closer/*[not(self::tei:lb or self::tei:pb)]">
    <xsl:apply-templates/>
    <xsl:if test="following-sibling::*"><xsl:text>#linebreak()</xsl:text></xsl:if>
  </xsl:template>

  <!-- ===== index: entries collected where they stand, printed with their pages ===== -->

  <xsl:template match="tei:index" priority="1">
    <xsl:if test="te:index-key(.) ne ''">
      <xsl:value-of select="'#index-entry(' || tx:string(te:index-key(.)) || ')'"/>
    </xsl:if>
    <xsl:apply-templates select="tei:index"/>
  </xsl:template>
  <xsl:template match="tei:divGen[@type = 'index']">
    <xsl:value-of select="$tx:parbreak || '#print-index(' || tx:content((tei:head ! te:plain(.), te:label('index', te:lang(.)))[1]) || ')' || $tx:parbreak"/>
  </xsl:template>
  <xsl:template match="tei:TEI/tei:text" priority="1">
    <xsl:next-match/>
    <xsl:if test="empty(te:index-place(.)) and exists(.//tei:index)">
      <xsl:value-of select="$tx:parbreak || '#print-index(' || tx:content(te:label('index', te:lang(.))) || ')' || $tx:parbreak"/>
    </xsl:if>
  </xsl:template>

  <!-- ===== sourceDoc: a transcription of the written surfaces ===== -->

  <xsl:template match="tei:sourceDoc">
    <xsl:call-template name="tx:heading">
      <xsl:with-param name="level" select="1"/>
      <xsl:with-param name="content" select="tx:escape(te:label('transcription', te:lang(.)) || (' ' || @n)[current()/@n])"/>
    </xsl:call-template>
    <xsl:apply-templates/>
  </xsl:template>
  <xsl:template match="tei:surface | tei:surfaceGrp">
    <xsl:call-template name="tx:heading">
      <xsl:with-param name="level" select="2"/>
      <xsl:with-param name="content" as="item()*">
        <xsl:value-of select="tx:escape(te:label('surface', te:lang(.)) || (' ' || @n)[current()/@n])"/>
        <xsl:if test="tei:desc"><xsl:text>: </xsl:text><xsl:apply-templates select="tei:desc/node()"/></xsl:if>
      </xsl:with-param>
    </xsl:call-template>
    <xsl:apply-templates select="node() except tei:desc"/>
  </xsl:template>
  <xsl:template match="tei:zone">
    <xsl:value-of select="$tx:parbreak || '#zone-block['"/>
    <xsl:apply-templates/>
    <xsl:value-of select="']' || $tx:parbreak"/>
  </xsl:template>
  <xsl:template match="tei:line">
    <xsl:value-of select="'#verse-line(' || (te:line-number(.)[. ne ''] ! tx:content(.), 'none')[1] || ')['"/>
    <xsl:apply-templates/>
    <xsl:text>]</xsl:text>
  </xsl:template>
  <xsl:template match="tei:sourceDoc//tei:graphic | tei:surface/tei:desc | tei:zone/tei:desc" priority="2"/>

</xsl:stylesheet>
