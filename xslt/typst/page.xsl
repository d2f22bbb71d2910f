<?xml version="1.0" encoding="UTF-8"?>
<!--
  The document shell: the page design (edition.typ), PDF metadata from the teiHeader, the title
  block, the abstract, the text, the back matter and the colophon, in that order.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:te="urn:teiedition"
    xmlns:tx="urn:teiedition:typst"
    exclude-result-prefixes="#all"
    default-mode="tx:flow">

  <!-- The Typst page design, read once when the stylesheet is compiled. -->
  <xsl:variable name="tx:design" as="xs:string"
      select="unparsed-text(resolve-uri('edition.typ', static-base-uri()), 'UTF-8')"/>

  <xsl:variable name="tx:papers" as="map(xs:string, xs:string)"
      select="map{'a4': 'a4', 'us-letter': 'us-letter', 'letter': 'us-letter'}"/>

  <xsl:template match="/">
    <xsl:if test="empty(tei:TEI | tei:teiCorpus/tei:TEI)">
      <xsl:sequence select="error(xs:QName('tx:E002'), 'typst.xsl: the root element is not a TEI element in the TEI namespace (http://www.tei-c.org/ns/1.0)')"/>
    </xsl:if>
    <!-- A teiCorpus is printed as one TEI whose text groups its documents' texts. -->
    <xsl:variable name="tei" as="element()" select="(tei:TEI, tei:teiCorpus ! te:corpus-as-tei(.))[1]"/>
    <xsl:variable name="paper-name" as="xs:string"
        select="($tx:papers(lower-case($paper)),
                 error(xs:QName('tx:E001'), 'typst.xsl: unknown paper size ' || $paper || ' (a4, us-letter)'))[1]"/>
    <xsl:text>// Print edition made by teiedition (xslt/typst.xsl) from TEI. Generated: edit the TEI, not this file.&#10;</xsl:text>
    <xsl:value-of select="$tx:design"/>
    <xsl:text>&#10;#show: edition.with(&#10;  paper: </xsl:text>
    <xsl:value-of select="tx:string($paper-name)"/>
    <xsl:text>,&#10;  </xsl:text>
    <xsl:value-of select="(tx:lang-args(te:lang($tei))[. ne ''], 'lang: &quot;en&quot;')[1]"/>
    <xsl:apply-templates select="$tei" mode="tx:metadata"/>
    <xsl:text>)&#10;&#10;</xsl:text>
    <xsl:apply-templates select="$tei" mode="tx:title-block"/>
    <xsl:apply-templates select="$tei" mode="tx:abstract"/>
    <xsl:apply-templates select="$tei/tei:text"/>
    <xsl:apply-templates select="$tei/tei:sourceDoc"/>
    <xsl:apply-templates select="$tei" mode="tx:colophon"/>
    <xsl:call-template name="te:warn-unknown"><xsl:with-param name="tei" select="$tei"/></xsl:call-template>
  </xsl:template>

  <!-- ===== metadata: document(title, author, keywords, description, date) ===== -->

  <!-- The title and authors are the shared decisions te:doc-title and te:doc-authors, so the
       PDF, the web page and the archive records name the same. -->
  <xsl:function name="tx:main-title" as="element()?">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="te:doc-title($tei)"/>
  </xsl:function>

  <xsl:function name="tx:authors" as="element()*">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="te:doc-authors($tei)"/>
  </xsl:function>

  <!-- Short title for the recto running head: a title typed 'short', else the main title up
       to its colon (the subtitle is too long for a running head). -->
  <xsl:function name="tx:short-title" as="xs:string">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="short" as="element()?" select="$tei/tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[@type = 'short'][1]"/>
    <xsl:variable name="main" as="xs:string" select="te:plain(tx:main-title($tei))"/>
    <xsl:sequence select="if (exists($short)) then te:plain($short)
        else if (contains($main, ': ')) then substring-before($main, ': ') else $main"/>
  </xsl:function>

  <!-- The edition's date as Typst datetime(..): the publication date of this edition, else
       the source's date, else 'auto' (pdf.py then fixes Typst's clock at the Unix epoch), so
       the PDF's dates never come from the clock. Partial ISO dates take the first day. -->
  <xsl:function name="tx:document-date" as="xs:string">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="fd" as="element()?" select="$tei/tei:teiHeader/tei:fileDesc"/>
    <xsl:variable name="when" as="xs:string?" select="(
        $fd/tei:publicationStmt/tei:date/@when, $fd/tei:sourceDesc//tei:date/@when,
        $tei/tei:teiHeader/tei:revisionDesc//@when)[matches(., '^\d{4}(-\d{2}(-\d{2})?)?$')][1]"/>
    <xsl:variable name="full" as="xs:string?"
        select="if (string-length($when) eq 4) then $when || '-01-01'
                else if (string-length($when) eq 7) then $when || '-01' else $when"/>
    <xsl:sequence select="if ($full castable as xs:date and xs:integer(substring($full, 1, 4)) ge 1)
        then 'datetime(year: ' || xs:integer(substring($full, 1, 4)) || ', month: '
             || xs:integer(substring($full, 6, 2)) || ', day: ' || xs:integer(substring($full, 9, 2)) || ')'
        else 'auto'"/>
  </xsl:function>

  <xsl:template match="*" mode="tx:metadata">
    <xsl:variable name="keywords" as="xs:string*"
        select="tei:teiHeader/tei:profileDesc/tei:textClass/tei:keywords//tei:term ! te:plain(.)[. ne '']"/>
    <xsl:variable name="abstract" as="xs:string"
        select="te:plain((tei:teiHeader/tei:profileDesc/tei:abstract, tei:text/tei:front/tei:div[@type = 'abstract'])[1]/(* except tei:head))"/>
    <xsl:text>,&#10;  title: </xsl:text>
    <!-- Never empty: PDF/UA needs a document title, which viewers show (DisplayDocTitle). -->
    <xsl:value-of select="tx:content((te:plain(tx:main-title(.))[normalize-space()], te:label('untitled', te:lang(.)))[1])"/>
    <xsl:text>,&#10;  short-title: </xsl:text>
    <xsl:value-of select="tx:content(tx:short-title(.))"/>
    <xsl:text>,&#10;  authors: (</xsl:text>
    <xsl:value-of select="tx:authors(.) ! (tx:string(te:plain(.)) || ',')" separator=" "/>
    <xsl:text>),&#10;  author-line: </xsl:text>
    <xsl:value-of select="tx:content(tx:names(tx:authors(.) ! te:plain(.), te:lang(.)))"/>
    <xsl:text>,&#10;  keywords: (</xsl:text>
    <xsl:value-of select="$keywords ! (tx:string(.) || ',')" separator=" "/>
    <xsl:text>),&#10;  description: </xsl:text>
    <xsl:value-of select="if ($abstract ne '') then tx:content($abstract) else 'none'"/>
    <xsl:text>,&#10;  date: </xsl:text>
    <xsl:value-of select="tx:document-date(.)"/>
    <xsl:text>,&#10;</xsl:text>
  </xsl:template>

  <!-- Words the print edition adds: the interface words of common/labels.xsl, so every
       language has them (English where a language lacks one). -->
  <xsl:function name="tx:word" as="xs:string">
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="lang" as="xs:string"/>
    <xsl:sequence select="te:label($key, $lang)"/>
  </xsl:function>

  <!-- "A", "A and B", "A, B and C", the conjunction in the document's language. -->
  <xsl:function name="tx:names" as="xs:string">
    <xsl:param name="names" as="xs:string*"/>
    <xsl:param name="lang" as="xs:string"/>
    <xsl:sequence select="if (count($names) le 1) then string($names[1])
        else string-join($names[position() lt last()], ', ') || ' ' || tx:word('and', $lang) || ' ' || $names[last()]"/>
  </xsl:function>

  <!-- ===== title block ===== -->

  <xsl:template match="*" mode="tx:title-block">
    <xsl:variable name="title" as="element()?" select="tx:main-title(.)"/>
    <xsl:variable name="sub" as="element()?" select="te:doc-subtitle(.)"/>
    <xsl:variable name="source" as="element()?" select="tei:teiHeader/tei:fileDesc/tei:sourceDesc/(tei:bibl[@type = 'source'], tei:bibl, tei:biblStruct, tei:p)[1]"/>
    <xsl:text>#title-block(&#10;  main: [</xsl:text>
    <xsl:choose>
      <!-- A long title "Main: Subtitle" is set on two lines, the colon kept at the end of the
           first, so the printed words are exactly the TEI's. -->
      <xsl:when test="empty($sub) and $title/text()[contains(., ': ')] and count($title/node()) eq 1">
        <xsl:value-of select="tx:display-title(substring-before(normalize-space($title), ': ') || ':')"/>
        <xsl:text>],&#10;  sub: [</xsl:text>
        <xsl:value-of select="tx:display-title(substring-after(normalize-space($title), ': '))"/>
      </xsl:when>
      <xsl:when test="count($title/node()) eq 1 and $title/text()">
        <xsl:value-of select="tx:display-title(normalize-space($title))"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates select="$title/node()"/>
        <xsl:if test="exists($sub)">
          <xsl:text>],&#10;  sub: [</xsl:text>
          <xsl:apply-templates select="$sub/node()"/>
        </xsl:if>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:text>],&#10;  authors: </xsl:text>
    <xsl:value-of select="tx:content(tx:names(tx:authors(.) ! te:plain(.), te:lang(.)))"/>
    <xsl:if test="exists($source)">
      <xsl:text>,&#10;  source: [</xsl:text>
      <xsl:value-of select="tx:escape(te:label('source', te:lang(.)) || ': ')"/>
      <xsl:apply-templates select="$source/node()"/>
      <xsl:text>]</xsl:text>
    </xsl:if>
    <xsl:text>,&#10;)&#10;&#10;</xsl:text>
  </xsl:template>

  <!-- A display title, escaped, with ranges of numbers ("1861–1868") kept on one line: a
       title broken after its en dash leaves a lone year on the next line. -->
  <xsl:function name="tx:display-title" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:variable name="parts" as="xs:string*">
      <xsl:analyze-string select="$text" regex="\d+[–-]\d+">
        <xsl:matching-substring><xsl:sequence select="'#box[' || tx:escape(.) || ']'"/></xsl:matching-substring>
        <xsl:non-matching-substring><xsl:sequence select="tx:escape(.)"/></xsl:non-matching-substring>
      </xsl:analyze-string>
    </xsl:variable>
    <xsl:sequence select="string-join($parts)"/>
  </xsl:function>

  <!-- The source's copyright and file notes go to the colophon, not the title block. -->
  <xsl:template match="tei:sourceDesc//tei:note[@type = ('copyright', 'file')]"/>

  <!-- ===== abstract ===== -->

  <xsl:template match="*" mode="tx:abstract">
    <xsl:variable name="abstract" as="element()?"
        select="(tei:text/tei:front/tei:div[@type = 'abstract'], tei:teiHeader/tei:profileDesc/tei:abstract)[1]"/>
    <xsl:if test="exists($abstract)">
      <xsl:text>#abstract-block(heading: </xsl:text>
      <xsl:value-of select="tx:content(($abstract/tei:head ! te:plain(.), te:label('abstract', te:lang(.)))[1])"/>
      <xsl:text>)[&#10;</xsl:text>
      <xsl:apply-templates select="$abstract/node() except $abstract/tei:head"/>
      <xsl:text>]&#10;&#10;</xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- In the flow, the front's title page and abstract are already printed above. -->
  <xsl:template match="tei:front/tei:titlePage | tei:front/tei:div[@type = 'abstract'] | tei:front/tei:docTitle
      | tei:front/tei:docAuthor | tei:front/tei:byline"/>
  <xsl:template match="tei:teiHeader"/>

  <!-- ===== colophon ===== -->

  <xsl:template match="*" mode="tx:colophon">
    <xsl:variable name="fd" as="element()?" select="tei:teiHeader/tei:fileDesc"/>
    <xsl:variable name="lang" as="xs:string" select="te:lang(.)"/>
    <xsl:variable name="source" as="element()*" select="$fd/tei:sourceDesc/*"/>
    <xsl:text>#colophon(heading: </xsl:text>
    <xsl:value-of select="tx:content(te:label('colophon', $lang))"/>
    <xsl:text>)[&#10;</xsl:text>
    <xsl:if test="exists($source)">
      <xsl:value-of select="'#colophon-item(' || tx:content(te:label('source', $lang)) || ')['"/>
      <xsl:for-each select="$source">
        <xsl:apply-templates select="node()"/>
        <xsl:for-each select=".//tei:note[@type = 'copyright']">
          <xsl:text> </xsl:text>
          <xsl:apply-templates select="node()"/>
        </xsl:for-each>
      </xsl:for-each>
      <xsl:text>]&#10;</xsl:text>
    </xsl:if>
    <xsl:for-each select="$fd/tei:publicationStmt/tei:availability[normalize-space()]">
      <xsl:value-of select="'#colophon-item(' || tx:content(te:label('licence', $lang)) || ')['"/>
      <xsl:for-each select="tei:p, tei:licence">
        <!-- The availability's paragraphs run on in one item, a middle dot between them. -->
        <xsl:if test="position() gt 1"><xsl:text> · </xsl:text></xsl:if>
        <xsl:apply-templates select="node()"/>
      </xsl:for-each>
      <xsl:if test="empty(tei:p | tei:licence)"><xsl:apply-templates select="node()"/></xsl:if>
      <xsl:text>]&#10;</xsl:text>
    </xsl:for-each>
    <xsl:variable name="edition" as="element()?" select="$fd/tei:editionStmt/tei:edition[1]"/>
    <xsl:variable name="date" as="element()?" select="$fd/tei:publicationStmt/tei:date[1]"/>
    <xsl:if test="exists($edition) or exists($date)">
      <xsl:value-of select="'#colophon-item(' || tx:content(te:label('edition', $lang)) || ')['"/>
      <xsl:apply-templates select="$edition/node()"/>
      <xsl:if test="exists($edition) and exists($date)"><xsl:text>, </xsl:text></xsl:if>
      <xsl:if test="exists($date)">
        <xsl:value-of select="if (normalize-space($date)) then () else tx:escape(string($date/@when))"/>
        <xsl:apply-templates select="$date/node()"/>
      </xsl:if>
      <xsl:text>\.]&#10;</xsl:text>
    </xsl:if>
    <xsl:if test="$tei-sha256 ne '' or $tei-name ne ''">
      <xsl:value-of select="'#colophon-item(' || tx:content(te:label('how-made', $lang)) || ')['"/>
      <xsl:variable name="typeset" as="xs:string" select="tx:word('typeset', $lang)"/>
      <xsl:value-of select="tx:escape(substring-before($typeset, '{file}') || $tei-name || substring-after($typeset, '{file}'))"/>
      <xsl:value-of select="'#checksum(' || tx:content($tei-sha256) || ')'"/>
      <xsl:text>]&#10;</xsl:text>
    </xsl:if>
    <xsl:text>]&#10;</xsl:text>
  </xsl:template>

</xsl:stylesheet>
