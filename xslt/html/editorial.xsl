<?xml version="1.0" encoding="UTF-8"?>
<!-- The editorial meaning of the Guidelines' common modules on the web page: quotations,
     highlighting, editorial changes and transcription, choice and the critical apparatus (the
     alternatives in a tooltip shown on hover and keyboard focus, like the citations'),
     drama, verse with line numbers, egXML as highlighted XML, names and structured bibls
     with their parts spaced, word-internal line breaks, figures, title pages, openers and
     closers, a sourceDoc transcription, right-to-left text. What each shows is decided in
     common/editorial.xsl; here only how it looks (classes styled in editorial.css). -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:te="urn:teiedition"
    xmlns:h="urn:teiedition:html"
    exclude-result-prefixes="#all"
    default-mode="h:flow">

  <!-- Images found beside the TEI file, by the graphic's @url as written: JSON, an object of
       data: URLs, filled by transform.py; empty: every figure shows its description. -->
  <xsl:param name="images" as="xs:string" select="'{}'"/>
  <xsl:variable name="h:images" as="map(*)" select="parse-json($images)"/>

  <!-- ===== spacing of structured names and bibls (te:separator-before) ===== -->

  <xsl:template match="*[parent::tei:persName or parent::tei:name or parent::tei:orgName or parent::tei:placeName or parent::tei:author or parent::tei:editor or parent::tei:roleName or parent::tei:docAuthor or parent::tei:biblStruct or parent::tei:analytic or parent::tei:monogr or parent::tei:imprint or parent::tei:series]" mode="h:flow h:tip" priority="30">
    <!-- Computed once, here rather than in the pattern as well. -->
    <xsl:variable name="separator" as="xs:string" select="te:separator-before(.)"/>
    <xsl:if test="$separator ne ''"><xsl:value-of select="$separator"/></xsl:if>
    <xsl:next-match/>
  </xsl:template>
  <xsl:template match="text()[te:is-structure-space(.)]" mode="h:flow h:tip" priority="5"/>

  <!-- A word-internal line break joins the word: the whitespace around it is layout. It is
       trimmed by Java's regex engine (Saxon's flag ";j"; \z is the end of the text, [ \t\n\r]
       XPath's \s): Saxon's own tries "\s+$" at every space of the text, which cost more than
       the rest of the transformation of a text with a line break in every other word. -->
  <xsl:template match="text()[te:is-word-joined(.)]" mode="h:flow h:tip" priority="4">
    <xsl:variable name="t" as="xs:string"
        select="if (following-sibling::node()[1][self::tei:lb[te:breaks-word(.)]]) then replace(., '[ \t\n\r]+\z', '', ';j') else string(.)"/>
    <xsl:value-of select="if (preceding-sibling::node()[1][self::tei:lb[te:breaks-word(.)]]) then replace($t, '^[ \t\n\r]+', '', ';j') else $t"/>
  </xsl:template>
  <xsl:template match="tei:lb[te:breaks-word(.) or te:is-hidden-break(.)]" mode="h:flow h:tip" priority="2"/>

  <!-- Where the writing direction changes (an element in Arabic or Hebrew in a left-to-right
       text, or back), the element is wrapped with dir and lang: a div around what renders as
       a block, a span around the rest, so the HTML nesting stays valid. -->
  <xsl:template match="*[@xml:lang][parent::*][te:direction(te:lang(.)) ne te:direction(te:lang(..))]" mode="h:flow" priority="25">
    <xsl:variable name="dir" as="xs:string" select="(te:direction(te:lang(.))[. ne ''], 'ltr')[1]"/>
    <xsl:element name="{if (self::tei:p or self::tei:ab or self::tei:div or self::tei:lg or self::tei:list or self::tei:table
        or self::tei:sp or self::tei:figure or self::tei:head or self::tei:quote[te:is-block-quote(.)] or self::tei:text
        or self::tei:body or self::tei:front or self::tei:back or matches(local-name(), '^div[1-7]$')) then 'div' else 'span'}">
      <xsl:attribute name="dir" select="$dir"/>
      <xsl:attribute name="lang" select="te:lang(.)"/>
      <xsl:next-match/>
    </xsl:element>
  </xsl:template>

  <!-- ===== quotations ===== -->

  <xsl:template match="tei:q | tei:quote | tei:said | tei:soCalled" mode="h:flow h:tip">
    <xsl:variable name="marks" as="xs:string*" select="te:q-marks(.)"/>
    <span class="quote {local-name()}">
      <xsl:call-template name="h:lang"/>
      <xsl:value-of select="$marks[1]"/>
      <xsl:apply-templates mode="#current"/>
      <xsl:value-of select="$marks[2]"/>
    </span>
  </xsl:template>
  <xsl:template match="*[self::tei:q or self::tei:quote or self::tei:said][te:is-block-quote(.)]" mode="h:flow" priority="1">
    <blockquote><xsl:call-template name="h:id"/><xsl:call-template name="h:lang"/><xsl:apply-templates/></blockquote>
  </xsl:template>
  <xsl:template match="tei:mentioned" mode="h:flow h:tip">
    <i class="mentioned"><xsl:call-template name="h:lang"/><xsl:apply-templates mode="#current"/></i>
  </xsl:template>

  <!-- ===== highlighting: te:rend's words as classes (editorial.css), a checked colour ===== -->

  <xsl:template match="tei:hi | tei:emph[@rend or @style or @rendition] | tei:seg[@rend or @style or @rendition]" mode="h:flow h:tip">
    <xsl:variable name="words" as="xs:string*" select="te:rend(.)"/>
    <xsl:variable name="element" as="xs:string" select="
        if ($words = 'sup') then 'sup' else if ($words = 'sub') then 'sub'
        else if ($words = 'code') then 'code' else if ($words = 'strikethrough') then 's'
        else if ($words = 'italic' and count($words) eq 1) then 'i'
        else if ($words = 'bold' and count($words) eq 1) then 'b'
        else if ($words = 'underline' and count($words) eq 1) then 'u'
        else if (self::tei:emph) then 'em' else 'span'"/>
    <xsl:element name="{$element}">
      <xsl:if test="not($element = ('i', 'b', 'u', 'em')) or count($words) gt 1">
        <xsl:attribute name="class" select="string-join($words ! ('r-' || .), ' ')"/>
      </xsl:if>
      <xsl:if test="exists(te:rend-color(.))">
        <xsl:attribute name="style" select="'color: ' || te:rend-color(.)"/>
      </xsl:if>
      <xsl:call-template name="h:lang"/>
      <xsl:apply-templates mode="#current"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:gi | tei:att | tei:val | tei:tag | tei:ident | tei:code" mode="h:flow h:tip">
    <code class="{local-name()}">
      <xsl:value-of select="if (self::tei:gi) then '&lt;' else if (self::tei:att) then '@' else ''"/>
      <xsl:apply-templates mode="#current"/>
      <xsl:value-of select="if (self::tei:gi) then '&gt;' else ''"/>
    </code>
  </xsl:template>

  <!-- ===== transcription: changes, doubts, omissions ===== -->

  <xsl:template match="tei:del" mode="h:flow">
    <del><xsl:call-template name="h:change-title"/><xsl:apply-templates/></del>
  </xsl:template>
  <xsl:template match="tei:add" mode="h:flow">
    <ins><xsl:call-template name="h:change-title"/><xsl:apply-templates/></ins>
  </xsl:template>
  <!-- In a tooltip (one line of reading text) a deletion is not read, an addition is. -->
  <xsl:template match="tei:del" mode="h:tip"/>
  <xsl:template name="h:change-title">
    <xsl:variable name="what" as="xs:string*" select="(te:label(if (self::tei:del) then 'deleted' else 'added', te:lang(.)),
        @place ! normalize-space(.), @hand ! (te:label('hand', te:lang(..)) || ' ' || replace(normalize-space(.), '^#', '')))"/>
    <xsl:attribute name="title" select="string-join($what[. ne ''], ', ')"/>
  </xsl:template>
  <xsl:template match="tei:unclear" mode="h:flow">
    <span class="unclear" title="{string-join((te:label('unclear', te:lang(.)), @reason ! translate(., '-_', '  ')), ': ')}"><xsl:apply-templates/></span>
  </xsl:template>
  <xsl:template match="tei:supplied" mode="h:flow h:tip">
    <span class="supplied" title="{string-join((te:label('supplied', te:lang(.)), @reason ! translate(., '-_', '  ')), ': ')}">[<xsl:apply-templates mode="#current"/>]</span>
  </xsl:template>
  <xsl:template match="tei:surplus" mode="h:flow h:tip">
    <span class="surplus">{<xsl:apply-templates mode="#current"/>}</span>
  </xsl:template>
  <xsl:template match="tei:ex" mode="h:flow h:tip">
    <span class="ex">(<xsl:apply-templates mode="#current"/>)</span>
  </xsl:template>
  <xsl:template match="tei:damage" mode="h:flow">
    <span class="damage" title="{te:label('damage', te:lang(.))}"><xsl:apply-templates/></span>
  </xsl:template>
  <xsl:template match="tei:space" mode="h:flow">
    <span class="space" title="{te:label('space', te:lang(.))}"><xsl:apply-templates/></span>
  </xsl:template>
  <xsl:template match="tei:gap" mode="h:flow h:tip">
    <xsl:variable name="words" as="xs:string" select="te:gap-words(.)"/>
    <span class="gap">[…<xsl:value-of select="(' ' || $words)[$words ne '']"/><xsl:apply-templates select="(node() except tei:desc)[not(self::text()[not(normalize-space())])]" mode="#current"/>]</span>
  </xsl:template>

  <!-- ===== choice and apparatus: the reading, its alternatives in a tooltip ===== -->

  <!-- The reading, focusable, with the alternatives in a tooltip (CSS shows it on hover and
       focus, as for the citations); in a tooltip itself only the reading. -->
  <xsl:template name="h:with-alternatives">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="reading" as="element()?"/>
    <xsl:param name="alternatives" as="item()*"/>
    <xsl:param name="h:in-link" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:variable name="tip" as="xs:string"
        select="'alt-' || string-join(ancestor-or-self::* ! (count(preceding-sibling::*) + 1), '-')"/>
    <xsl:choose>
      <xsl:when test="empty($alternatives)">
        <xsl:apply-templates select="$reading"/>
      </xsl:when>
      <xsl:otherwise>
        <span class="alt-host {$kind}">
          <xsl:if test="not($h:in-link)"><xsl:attribute name="tabindex" select="0"/></xsl:if>
          <xsl:attribute name="aria-describedby" select="$tip"/>
          <!-- The reading element itself, so that its own xml:lang (an orig in the old
               orthography) reaches the page. -->
          <span class="reading"><xsl:apply-templates select="$reading"/></span>
          <span class="alt" role="tooltip" id="{$tip}"><xsl:sequence select="$alternatives"/></span>
        </span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:choice" mode="h:flow">
    <xsl:call-template name="h:choice"/>
    <xsl:apply-templates select="te:loose-text(.)"/>
  </xsl:template>
  <xsl:template name="h:choice">
    <xsl:call-template name="h:with-alternatives">
      <xsl:with-param name="kind" select="'choice'"/>
      <xsl:with-param name="reading" select="te:choice-reading(.)"/>
      <xsl:with-param name="alternatives" as="item()*">
        <xsl:for-each select="te:choice-alternatives(.)">
          <xsl:if test="position() gt 1"><xsl:text>; </xsl:text></xsl:if>
          <span class="alt-item {local-name()}">
            <span class="alt-label"><xsl:value-of select="te:alternative-label(.)"/></span>
            <xsl:text> </xsl:text>
            <xsl:apply-templates mode="h:tip"/>
          </span>
        </xsl:for-each>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
  <xsl:template match="tei:choice" mode="h:tip">
    <xsl:apply-templates select="te:choice-reading(.)/node(), te:loose-text(.)" mode="h:tip"/>
  </xsl:template>

  <xsl:template match="tei:app" mode="h:flow">
    <xsl:call-template name="h:app"/>
    <xsl:apply-templates select="te:loose-text(.)"/>
  </xsl:template>
  <xsl:template name="h:app">
    <xsl:variable name="reading" as="element()?" select="te:app-reading(.)"/>
    <xsl:call-template name="h:with-alternatives">
      <xsl:with-param name="kind" select="'app'"/>
      <xsl:with-param name="reading" select="$reading"/>
      <xsl:with-param name="alternatives" as="item()*">
        <xsl:if test="exists(te:app-variants(.))">
          <xsl:for-each select="$reading, te:app-variants(.)">
            <xsl:if test="position() gt 1"><xsl:text>; </xsl:text></xsl:if>
            <span class="alt-item {local-name()}">
              <xsl:apply-templates mode="h:tip"/>
              <xsl:if test="not(normalize-space())"><i><xsl:value-of select="te:label('omits', te:lang(.))"/></i></xsl:if>
              <xsl:if test="te:sigla(.) ne ''">
                <xsl:text> </xsl:text>
                <span class="sigla"><xsl:value-of select="te:sigla(.)"/></span>
              </xsl:if>
            </span>
          </xsl:for-each>
        </xsl:if>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
  <xsl:template match="tei:app" mode="h:tip">
    <xsl:apply-templates select="te:app-reading(.)/node(), te:loose-text(.)" mode="h:tip"/>
  </xsl:template>
  <xsl:template match="tei:app/tei:wit | tei:app/tei:witDetail | tei:app/tei:note" mode="h:flow h:tip"/>

  <!-- ===== drama ===== -->

  <xsl:template match="tei:sp" mode="h:flow">
    <div class="sp"><xsl:call-template name="h:id"/><xsl:apply-templates/></div>
  </xsl:template>
  <xsl:template match="tei:speaker" mode="h:flow">
    <div class="speaker"><xsl:apply-templates/></div>
  </xsl:template>
  <xsl:template match="tei:stage" mode="h:flow">
    <span class="stage"><xsl:apply-templates/></span>
  </xsl:template>
  <xsl:template match="tei:stage[parent::tei:sp or parent::*[te:is-division(.)] or parent::tei:body]" mode="h:flow" priority="1">
    <div class="stage"><xsl:apply-templates/></div>
  </xsl:template>
  <xsl:template match="tei:castList" mode="h:flow">
    <xsl:apply-templates select="tei:head"/>
    <ul class="castlist"><xsl:apply-templates select="node() except tei:head"/></ul>
  </xsl:template>
  <xsl:template match="tei:castItem | tei:castList/tei:castGroup" mode="h:flow">
    <li><xsl:apply-templates/></li>
  </xsl:template>
  <xsl:template match="tei:roleDesc" mode="h:flow">
    <xsl:text>, </xsl:text><i class="roledesc"><xsl:apply-templates/></i>
  </xsl:template>

  <!-- ===== verse: stanzas apart, a number beside every fifth line ===== -->

  <xsl:template match="tei:lg" mode="h:flow">
    <div class="lg"><xsl:call-template name="h:id"/><xsl:apply-templates/></div>
  </xsl:template>
  <xsl:template match="tei:l | tei:line" mode="h:flow">
    <xsl:variable name="n" as="xs:string" select="te:line-number(.)"/>
    <span class="l"><xsl:call-template name="h:id"/><xsl:if test="$n ne ''"><span class="ln" aria-hidden="true"><xsl:value-of select="$n"/></span></xsl:if><xsl:apply-templates/></span>
  </xsl:template>

  <!-- ===== egXML: the example as XML, highlighted by element, attribute and text ===== -->

  <xsl:template match="*:egXML" mode="h:flow" priority="1">
    <pre class="egxml"><code><xsl:apply-templates select="node()" mode="h:xml"><xsl:with-param name="indent" select="h:indent(.)" tunnel="yes"/></xsl:apply-templates></code></pre>
  </xsl:template>
  <xsl:template match="tei:eg" mode="h:flow">
    <pre class="eg"><code><xsl:value-of select="te:dedent(string(.))"/></code></pre>
  </xsl:template>
  <xsl:function name="h:indent" as="xs:integer">
    <xsl:param name="eg" as="element()"/>
    <xsl:variable name="lines" as="xs:string*" select="tokenize(string-join($eg//text()), '\n')[position() gt 1][normalize-space()]"/>
    <xsl:sequence select="(min($lines ! (string-length(.) - string-length(replace(., '^[ \t]+', '')))), 0)[1]"/>
  </xsl:function>
  <xsl:template match="*" mode="h:xml">
    <span class="x-tag">&lt;<xsl:value-of select="name()"/></span>
    <xsl:for-each select="@*">
      <xsl:text> </xsl:text><span class="x-att"><xsl:value-of select="name()"/></span>=<span class="x-val">"<xsl:value-of select="."/>"</span>
    </xsl:for-each>
    <xsl:choose>
      <xsl:when test="node()">
        <span class="x-tag">&gt;</span>
        <xsl:apply-templates mode="h:xml"/>
        <span class="x-tag">&lt;/<xsl:value-of select="name()"/>&gt;</span>
      </xsl:when>
      <xsl:otherwise><span class="x-tag">/&gt;</span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <xsl:template match="text()" mode="h:xml">
    <xsl:param name="indent" as="xs:integer" tunnel="yes"/>
    <xsl:value-of select="replace(., '\n[ \t]{0,' || $indent || '}', '&#10;')"/>
  </xsl:template>
  <xsl:template match="comment()" mode="h:xml">
    <span class="x-comment">&lt;!--<xsl:value-of select="."/>--&gt;</span>
  </xsl:template>

  <!-- ===== figures: the image when beside the TEI (a data: URL), else its description ===== -->

  <xsl:template match="tei:figure" mode="h:flow">
    <figure>
      <xsl:call-template name="h:id"/>
      <xsl:apply-templates select="node() except (tei:head, tei:figDesc)"/>
      <!-- The description: in the placeholder of a missing image (graphic below), else a line
           of its own (under the image, or alone in a figure without a graphic). -->
      <xsl:if test="tei:figDesc and (empty(tei:graphic) or tei:graphic[h:image(.)])">
        <div class="figdesc"><xsl:apply-templates select="tei:figDesc/node()"/></div>
      </xsl:if>
      <xsl:if test="tei:head">
        <figcaption><xsl:apply-templates select="tei:head/node()"/></figcaption>
      </xsl:if>
    </figure>
  </xsl:template>
  <xsl:template match="tei:graphic" mode="h:flow">
    <xsl:variable name="alt" as="xs:string" select="te:plain(../tei:figDesc)"/>
    <xsl:variable name="url" as="xs:string" select="normalize-space(@url)"/>
    <xsl:variable name="data" as="xs:string?" select="h:image(.)"/>
    <xsl:choose>
      <xsl:when test="exists($data)">
        <img src="{$data}" alt="{$alt}"/>
      </xsl:when>
      <xsl:otherwise>
        <span class="graphic" title="{te:label('image-missing', te:lang(.))}">[<xsl:value-of select="te:label('figure', te:lang(.))"/>
          <xsl:value-of select="(': ' || $alt)[$alt ne '']"/>]</span>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:apply-templates/>
  </xsl:template>
  <!-- The image of a graphic: found beside the TEI (the images parameter), or embedded in
       the TEI as a data: URL; else (). -->
  <xsl:function name="h:image" as="xs:string?">
    <xsl:param name="graphic" as="element()"/>
    <xsl:variable name="url" as="xs:string" select="normalize-space($graphic/@url)"/>
    <xsl:sequence select="($h:images($url), $url[matches(., '^data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+$')])[1]"/>
  </xsl:function>
  <xsl:template match="tei:binaryObject" mode="h:flow h:tip"/>

  <!-- ===== front and back: title page, openers and closers ===== -->

  <xsl:template match="tei:front/tei:titlePage" mode="h:flow" priority="1">
    <div class="titlepage"><xsl:apply-templates/></div>
  </xsl:template>
  <xsl:template match="tei:front/tei:titlePage[te:title-page-repeats(.)]" mode="h:flow" priority="3"/>
  <xsl:template match="tei:titlePage//tei:titlePart | tei:titlePage//tei:docAuthor | tei:titlePage//tei:docImprint
      | tei:titlePage//tei:docEdition | tei:titlePage//tei:docDate | tei:titlePage/tei:byline | tei:titlePage/tei:docTitle" mode="h:flow">
    <div class="{local-name()}"><xsl:apply-templates/></div>
  </xsl:template>
  <xsl:template match="tei:argument | tei:epigraph | tei:opener | tei:closer | tei:postscript | tei:trailer
      | tei:dateline | tei:salute | tei:signed | tei:byline" mode="h:flow">
    <div class="{local-name()}"><xsl:call-template name="h:id"/><xsl:apply-templates/></div>
  </xsl:template>
  <xsl:template match="*[self::tei:dateline or self::tei:salute or self::tei:signed or self::tei:byline]
      [ancestor::tei:p or parent::tei:hi or parent::tei:q]" mode="h:flow" priority="1">
    <span class="{local-name()}"><xsl:apply-templates/></span>
  </xsl:template>

  <!-- ===== divisions numbered div1..div7 are divisions like div ===== -->

  <xsl:template match="tei:div1 | tei:div2 | tei:div3 | tei:div4 | tei:div5 | tei:div6 | tei:div7" mode="h:flow">
    <section id="{h:div-id(.)}">
      <xsl:if test="@type"><xsl:attribute name="class" select="'div-' || @type"/></xsl:if>
      <xsl:apply-templates/>
    </section>
  </xsl:template>

  <!-- ===== index: an anchor where each entry stands, the index lists them with links ===== -->

  <xsl:function name="h:index-id" as="xs:string">
    <xsl:param name="index" as="element()"/>
    <xsl:sequence select="'ed-idx-' || count($index/preceding::tei:index | $index/ancestor::tei:index)"/>
  </xsl:function>
  <xsl:template match="tei:index" mode="h:flow" priority="1">
    <span class="index-anchor" id="{h:index-id(.)}"/>
    <xsl:apply-templates select="tei:index"/>
  </xsl:template>
  <xsl:template match="tei:index" mode="h:tip" priority="1"/>
  <xsl:template match="tei:divGen[@type = 'index']" mode="h:flow">
    <xsl:call-template name="h:index">
      <xsl:with-param name="heading" select="(tei:head ! te:plain(.), te:label('index', te:lang(.)))[1]"/>
    </xsl:call-template>
  </xsl:template>
  <xsl:template match="tei:divGen" mode="h:flow h:tip"/>
  <xsl:template match="tei:TEI/tei:text" mode="h:flow" priority="1">
    <xsl:next-match/>
    <xsl:if test="empty(te:index-place(.)) and exists(.//tei:index)">
      <xsl:call-template name="h:index">
        <xsl:with-param name="heading" select="te:label('index', te:lang(.))"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>
  <xsl:template name="h:index">
    <xsl:param name="heading" as="xs:string"/>
    <section class="index" id="ed-index">
      <h2><xsl:value-of select="$heading"/></h2>
      <ul class="index">
        <xsl:for-each-group select="root(.)//tei:text//tei:index[te:index-key(.) ne '']" group-by="te:index-key(.)">
          <xsl:sort select="current-grouping-key()" lang="{te:lang(.)}"/>
          <li><xsl:value-of select="current-grouping-key()"/><xsl:text> </xsl:text>
            <xsl:for-each select="current-group()">
              <xsl:if test="position() gt 1"><xsl:text>, </xsl:text></xsl:if>
              <a href="#{h:index-id(.)}"><xsl:value-of select="position()"/></a>
            </xsl:for-each>
          </li>
        </xsl:for-each-group>
      </ul>
    </section>
  </xsl:template>

  <!-- Notes of a transcription (sourceDoc) inside an alternative reading are part of that
       reading: in its tooltip in brackets (a note of the text is in the notes list). -->
  <xsl:template match="tei:note[not(te:is-text-note(.))][ancestor::tei:choice or ancestor::tei:app]" mode="h:tip" priority="1">
    <span class="alt-note"> [<xsl:apply-templates mode="h:tip"/>]</span>
  </xsl:template>

  <!-- ===== sourceDoc: a transcription of the written surfaces ===== -->

  <xsl:template match="tei:sourceDoc" mode="h:flow">
    <section class="sourcedoc" id="{(@xml:id, 'ed-sourcedoc')[1]}">
      <h2><xsl:value-of select="te:label('transcription', te:lang(.)) || (' ' || @n)[current()/@n]"/></h2>
      <xsl:apply-templates/>
    </section>
  </xsl:template>
  <xsl:template match="tei:surface | tei:surfaceGrp" mode="h:flow">
    <section class="surface">
      <xsl:call-template name="h:id"/>
      <h3><xsl:value-of select="te:label('surface', te:lang(.)) || (' ' || @n)[current()/@n]"/>
        <xsl:if test="tei:desc"><xsl:text>: </xsl:text><xsl:apply-templates select="tei:desc/node()"/></xsl:if></h3>
      <xsl:apply-templates select="node() except tei:desc"/>
    </section>
  </xsl:template>
  <xsl:template match="tei:zone" mode="h:flow">
    <div class="zone"><xsl:call-template name="h:id"/><xsl:apply-templates/></div>
  </xsl:template>
  <xsl:template match="tei:sourceDoc//tei:graphic | tei:zone/tei:desc" mode="h:flow" priority="2"/>

</xsl:stylesheet>
