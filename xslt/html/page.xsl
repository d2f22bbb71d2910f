<?xml version="1.0" encoding="UTF-8"?>
<!-- The page shell: head (metadata, inline CSS), header, contents, main text, back matter,
     colophon. Only the header's own parts are read here; every part of the TEI is rendered
     by the module that owns it. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:te="urn:teiedition"
    xmlns:h="urn:teiedition:html"
    exclude-result-prefixes="#all"
    default-mode="h:flow">

  <!-- The CSS is a separate file so it can be edited as CSS; it is inlined, never linked. -->
  <xsl:variable name="h:css" as="xs:string"
      select="unparsed-text(resolve-uri('edition.css', static-base-uri()), 'UTF-8')"/>
  <!-- The look of the editorial markup (editorial.xsl), in its own file beside it. -->
  <xsl:variable name="h:editorial-css" as="xs:string"
      select="unparsed-text(resolve-uri('editorial.css', static-base-uri()), 'UTF-8')"/>

  <!-- The SHA-256 of the page's one style element (edition.css and editorial.css as inlined),
       base64, computed by html.py: XPath has no hash function. With it the page carries a
       Content-Security-Policy; without it (a caller running html.xsl directly) none, since a
       wrong hash would leave the page unstyled. -->
  <xsl:param name="css-sha256" as="xs:string" select="''"/>

  <xsl:template match="/">
    <xsl:if test="empty(tei:TEI | tei:teiCorpus)">
      <xsl:sequence select="error(xs:QName('te:E101'), 'html.xsl: the root element is not a TEI element in the TEI namespace (http://www.tei-c.org/ns/1.0)')"/>
    </xsl:if>
    <!-- A teiCorpus is rendered as one TEI whose text groups its documents' texts. -->
    <xsl:apply-templates select="tei:TEI, tei:teiCorpus ! te:corpus-as-tei(.)"/>
  </xsl:template>

  <xsl:template match="tei:TEI">
    <xsl:variable name="lang" as="xs:string" select="te:lang(.)"/>
    <html lang="{$lang}">
      <xsl:if test="te:direction($lang) eq 'rtl'"><xsl:attribute name="dir" select="'rtl'"/></xsl:if>
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <xsl:call-template name="h:csp"/>
        <title><xsl:value-of select="h:doc-title(.)"/></title>
        <xsl:call-template name="h:metadata"/>
        <style><xsl:value-of select="$h:css"/><xsl:value-of select="$h:editorial-css"/></style>
      </head>
      <body>
        <a class="skip" href="#ed-text"><xsl:value-of select="te:label('skip', $lang)"/></a>
        <xsl:call-template name="h:header"/>
        <xsl:call-template name="h:contents"/>
        <main id="ed-text">
          <xsl:call-template name="h:abstract"/>
          <xsl:apply-templates select="tei:text"/>
          <xsl:apply-templates select="tei:sourceDoc"/>
          <xsl:call-template name="h:notes"/>
        </main>
        <xsl:call-template name="h:colophon"/>
        <xsl:call-template name="te:warn-unknown"><xsl:with-param name="tei" select="."/></xsl:call-template>
      </body>
    </html>
  </xsl:template>

  <!-- Content-Security-Policy: nothing is fetched or run. The one style element is allowed by
       its hash; style attributes (colours and CSS of the TEI's own @style/@rendition, te:rend)
       are allowed as attributes only, and with default-src 'none' none of them can load
       anything. JSON-LD is a data block that browsers never run, so script-src stays 'none';
       images are data: URLs only. frame-ancestors cannot be set from a meta element. -->
  <xsl:template name="h:csp">
    <xsl:if test="$css-sha256 ne ''">
      <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-{$css-sha256}'; style-src-elem 'sha256-{$css-sha256}'; style-src-attr 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"/>
    </xsl:if>
  </xsl:template>

  <!-- The title and the authors are the shared decisions te:doc-title, te:doc-authors, so the
       page, the PDF and the archive records name the same. -->
  <xsl:function name="h:doc-title" as="xs:string">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:sequence select="(te:doc-title($tei) ! te:plain(.)[. ne ''], te:label('untitled', te:lang($tei)))[1]"/>
  </xsl:function>

  <xsl:function name="h:authors" as="element()*">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:sequence select="te:doc-authors($tei)"/>
  </xsl:function>

  <xsl:template name="h:header">
    <xsl:variable name="lang" as="xs:string" select="te:lang(.)"/>
    <header class="masthead">
      <h1><xsl:value-of select="h:doc-title(.)"/></h1>
      <xsl:variable name="authors" as="element()*" select="h:authors(.)"/>
      <xsl:if test="exists($authors)">
        <p class="authors"><xsl:value-of select="string-join($authors ! te:plain(.), ', ')"/></p>
      </xsl:if>
      <!-- Where the chapter first appeared, without repeating the author and title shown
           just above; the full source is in the colophon. -->
      <xsl:for-each select="tei:teiHeader/tei:fileDesc/tei:sourceDesc/tei:bibl[1]">
        <xsl:variable name="book" as="element()?" select="tei:title[@level = 'm'][1]"/>
        <xsl:variable name="rest" as="xs:string*" select="(tei:publisher[1] ! te:plain(.), te:year(.))[. ne '']"/>
        <xsl:if test="exists($book) or exists($rest)">
          <p class="source-line">
            <xsl:value-of select="te:label(if (exists($book)) then 'published-in' else 'published', $lang) || ' '"/>
            <xsl:apply-templates select="$book" mode="h:tip"/>
            <xsl:value-of select="(', '[exists($book) and exists($rest)]) || string-join($rest, ', ')"/>
          </p>
        </xsl:if>
      </xsl:for-each>
    </header>
  </xsl:template>

  <!-- Contents: abstract, the text's headed divisions (nested), the notes and back matter. -->
  <xsl:template name="h:contents">
    <xsl:variable name="lang" as="xs:string" select="te:lang(.)"/>
    <nav class="contents" aria-labelledby="ed-contents">
      <h2 id="ed-contents"><xsl:value-of select="te:label('contents', $lang)"/></h2>
      <ol>
        <xsl:if test="h:has-abstract(.)">
          <li><a href="#ed-abstract"><xsl:value-of select="te:label('abstract', $lang)"/></a></li>
        </xsl:if>
        <xsl:if test="h:body-needs-head(.)">
          <!-- The body's headed divisions inside headless ones (a chapter div around its
               sections, as in the FRUS chapter) are listed under it. -->
          <xsl:variable name="inner" as="element()*" select="tei:text/tei:body//*[te:is-division(.)][tei:head]
              [not(ancestor::*[te:is-division(.)][tei:head])]"/>
          <li>
            <a href="#ed-body"><xsl:value-of select="te:label('text', $lang)"/></a>
            <xsl:if test="exists($inner)"><ol><xsl:apply-templates select="$inner" mode="h:toc"/></ol></xsl:if>
          </li>
        </xsl:if>
        <xsl:apply-templates select="tei:text/(tei:front, tei:body, tei:back)/*[te:is-division(.)][tei:head]
            [not(@type = ('abstract', 'notes', 'bibliography', 'abbreviations'))]" mode="h:toc"/>
        <xsl:if test="exists(h:text-notes(.))">
          <li><a href="#ed-notes"><xsl:value-of select="h:notes-heading(.)"/></a></li>
        </xsl:if>
        <!-- Bibliography and abbreviations follow the notes on the page (notes.xsl). -->
        <xsl:for-each select="tei:text/tei:back/tei:div[@type = ('bibliography', 'abbreviations')]">
          <li><a href="#ed-{@type}"><xsl:value-of select="h:back-heading(.)"/></a></li>
        </xsl:for-each>
        <li><a href="#ed-colophon"><xsl:value-of select="te:label('colophon', $lang)"/></a></li>
      </ol>
    </nav>
  </xsl:template>

  <xsl:template match="*" mode="h:toc">
    <li>
      <a href="#{h:div-id(.)}"><xsl:value-of select="te:plain(tei:head[1])"/></a>
      <xsl:if test="*[te:is-division(.)][tei:head]">
        <ol><xsl:apply-templates select="*[te:is-division(.)][tei:head]" mode="h:toc"/></ol>
      </xsl:if>
    </li>
  </xsl:template>

  <!-- The abstract: the header's (profileDesc) is the authority; the front's abstract div
       repeats it for readers of the TEI and is not rendered twice. -->
  <xsl:function name="h:has-abstract" as="xs:boolean">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:sequence select="exists($tei/tei:teiHeader/tei:profileDesc/tei:abstract/*)
        or exists($tei/tei:text/tei:front/tei:div[@type = 'abstract'])"/>
  </xsl:function>

  <xsl:template name="h:abstract">
    <xsl:if test="h:has-abstract(.)">
      <section class="abstract" aria-labelledby="ed-abstract">
        <h2 id="ed-abstract"><xsl:value-of select="te:label('abstract', te:lang(.))"/></h2>
        <xsl:variable name="head" as="element()?" select="tei:teiHeader/tei:profileDesc/tei:abstract"/>
        <xsl:apply-templates select="if (exists($head/*)) then $head/node()
            else tei:text/tei:front/tei:div[@type = 'abstract']/(node() except tei:head)"/>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- Front matter that the page already shows elsewhere. -->
  <xsl:template match="tei:front/tei:titlePage | tei:front/tei:div[@type = 'abstract']"/>

  <xsl:template match="tei:text | tei:front | tei:body | tei:back">
    <xsl:apply-templates/>
  </xsl:template>

  <!-- A body with no heading of its own would run on from the abstract (or from "The source
       gives no abstract.") as if part of it, and the contents would not list it: a body with
       no headed division gets a section headed "Text"; one with headed divisions has those. -->
  <xsl:function name="h:body-needs-head" as="xs:boolean">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="body" as="element()?" select="$tei/tei:text/tei:body"/>
    <xsl:sequence select="exists($body/node()[normalize-space() or self::*])
        and empty($body/*[te:is-division(.)][tei:head])"/>
  </xsl:function>

  <xsl:template match="tei:TEI/tei:text/tei:body[h:body-needs-head(ancestor::tei:TEI[1])]" priority="1">
    <section class="body" aria-labelledby="ed-body">
      <h2 id="ed-body"><xsl:value-of select="te:label('text', te:lang(.))"/></h2>
      <xsl:apply-templates/>
    </section>
  </xsl:template>

  <!-- The colophon: the source chapter, licence and availability, how the edition was made. -->
  <xsl:template name="h:colophon">
    <xsl:variable name="lang" as="xs:string" select="te:lang(.)"/>
    <xsl:variable name="file" as="element()?" select="tei:teiHeader/tei:fileDesc"/>
    <xsl:variable name="enc" as="element()?" select="tei:teiHeader/tei:encodingDesc"/>
    <footer class="colophon" aria-labelledby="ed-colophon">
      <h2 id="ed-colophon"><xsl:value-of select="te:label('colophon', $lang)"/></h2>
      <dl>
        <!-- Only source descriptions with text: an empty bibl or p would print "Source:" alone. -->
        <xsl:for-each select="$file/tei:sourceDesc/*[normalize-space()]">
          <dt><xsl:value-of select="te:label('source', $lang)"/></dt>
          <dd class="source">
            <xsl:apply-templates mode="h:tip"/>
            <!-- Notes on the source (h:tip leaves them out of the one-line reference). -->
            <xsl:for-each select="tei:note">
              <br/>
              <xsl:value-of select="(te:label('source-file', $lang) || ': ')[current()/@type = 'file']"/>
              <xsl:apply-templates mode="h:tip"/>
            </xsl:for-each>
          </dd>
        </xsl:for-each>
        <!-- The edition and its date, as the print colophon gives them (typst/page.xsl). -->
        <xsl:variable name="edition" as="element()?" select="$file/tei:editionStmt/tei:edition[1]"/>
        <xsl:variable name="date" as="element()?" select="$file/tei:publicationStmt/tei:date[1]"/>
        <xsl:if test="exists($edition) or exists($date)">
          <dt><xsl:value-of select="te:label('edition', $lang)"/></dt>
          <dd class="edition">
            <xsl:for-each select="$edition">
              <xsl:apply-templates mode="h:tip"/><xsl:value-of select="@n ! (' (' || . || ')')"/>
            </xsl:for-each>
            <xsl:if test="exists($edition) and exists($date)"><xsl:text>, </xsl:text></xsl:if>
            <xsl:for-each select="$date">
              <time>
                <xsl:if test="@when castable as xs:date or @when castable as xs:gYear or @when castable as xs:gYearMonth">
                  <xsl:attribute name="datetime" select="@when"/>
                </xsl:if>
                <xsl:choose>
                  <xsl:when test="normalize-space()"><xsl:apply-templates mode="h:tip"/></xsl:when>
                  <xsl:otherwise><xsl:value-of select="@when"/></xsl:otherwise>
                </xsl:choose>
              </time>
            </xsl:for-each>
          </dd>
        </xsl:if>
        <xsl:for-each select="$file/tei:editionStmt/tei:edition[position() gt 1]">
          <dt><xsl:value-of select="te:label('edition', $lang)"/></dt>
          <dd><xsl:apply-templates mode="h:tip"/><xsl:value-of select="@n ! (' (' || . || ')')"/></dd>
        </xsl:for-each>
        <xsl:for-each select="$file/tei:publicationStmt[tei:availability or tei:licence]">
          <dt><xsl:value-of select="te:label('licence', $lang)"/></dt>
          <dd class="licence"><xsl:apply-templates select=".//tei:availability/node()"/></dd>
        </xsl:for-each>
        <xsl:for-each select="$file/tei:publicationStmt/tei:idno">
          <dt><xsl:value-of select="te:label('identifier', $lang)"/></dt>
          <dd><xsl:value-of select="(@type ! (. || ': '), normalize-space(.))" separator=""/></dd>
        </xsl:for-each>
        <dt><xsl:value-of select="te:label('how-made', $lang)"/></dt>
        <dd class="how-made">
          <xsl:apply-templates select="$enc/tei:projectDesc/node()"/>
          <xsl:for-each select="$file/tei:titleStmt/tei:respStmt">
            <p><xsl:value-of select="te:plain(tei:resp) || ': ' || te:plain(tei:name | tei:persName | tei:orgName)"/></p>
          </xsl:for-each>
          <xsl:apply-templates select="tei:teiHeader/tei:revisionDesc"/>
          <p><xsl:value-of select="te:label('made-html', $lang)"/></p>
          <xsl:if test="$enc/tei:editorialDecl/*">
            <details>
              <summary><xsl:value-of select="te:label('decisions', $lang)"/></summary>
              <xsl:apply-templates select="$enc/tei:editorialDecl/*"/>
            </details>
          </xsl:if>
        </dd>
      </dl>
    </footer>
  </xsl:template>

  <xsl:template match="tei:editorialDecl/*">
    <div class="decl"><xsl:apply-templates/></div>
  </xsl:template>

  <xsl:template match="tei:revisionDesc">
    <xsl:for-each select=".//tei:change">
      <p class="change"><xsl:apply-templates/></p>
    </xsl:for-each>
  </xsl:template>

</xsl:stylesheet>
