<?xml version="1.0" encoding="UTF-8"?>
<!--
  A book's static site, from the book's TEI (a teiCorpus, docs/encoding.md#books): one
  compiled stylesheet, run once per page (src/teiedition/book/site.py).

  Chapter pages are the web edition of each chapter (html.xsl, imported, unchanged), with the
  site's navigation added around them (mode site:patch): the book's pages, previous and next
  chapter, ids on the body's paragraphs (what search results link to) and the notes' links to
  the bibliography leading to the book's one bibliography. The other pages (index,
  bibliography, persons, search) share one shell (site:shell).

  Parameters (strings, set by site.py):
    page         index | chapter | bibliography | persons | search; chapter-body: the web
                 edition of the first chapter alone, unpatched, as XML text (site.py keeps it
                 between builds, made from a document of that chapter only: parts.py)
    chapter      the chapter's position (1-based), for page = chapter
    chapter-html the chapter's chapter-body, for page = chapter: patched instead of
                 rendering the chapter again (the same page)
    stems        the chapters' file names without extension, space-separated, in order: the
                 page of chapter N is N's stem + '.html', its PDF chapters/stem.pdf
    css-sha256, site-css-sha256, search-js-sha256, index-js-sha256
                 CSP hashes (base64) of the inlined style and script elements; XPath has no
                 hash function
    search-js, search-index
                 the search page's script (search.js) and its index (site.py), inlined
  Site words are English (the chapters' own pages keep their language's labels).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:te="urn:teiedition"
    xmlns:h="urn:teiedition:html"
    xmlns:site="urn:teiedition:site"
    exclude-result-prefixes="#all"
    default-mode="h:flow">

  <xsl:import href="../html.xsl"/>

  <xsl:param name="page" as="xs:string" select="'index'"/>
  <xsl:param name="chapter" as="xs:string" select="'1'"/>
  <xsl:param name="stems" as="xs:string" select="''"/>
  <xsl:param name="site-css-sha256" as="xs:string" select="''"/>
  <xsl:param name="search-js-sha256" as="xs:string" select="''"/>
  <xsl:param name="index-js-sha256" as="xs:string" select="''"/>
  <xsl:param name="search-js" as="xs:string" select="''"/>
  <xsl:param name="search-index" as="xs:string" select="''"/>
  <xsl:param name="chapter-html" as="xs:string" select="''"/>

  <xsl:variable name="site:css" as="xs:string"
      select="unparsed-text(resolve-uri('site.css', static-base-uri()), 'UTF-8')"/>
  <xsl:variable name="site:stems" as="xs:string*" select="tokenize($stems)"/>
  <xsl:variable name="site:corpus" as="element(tei:teiCorpus)" select="/tei:teiCorpus"/>
  <xsl:variable name="site:chapters" as="element(tei:TEI)*" select="/tei:teiCorpus/tei:TEI"/>

  <!-- Citing bibl (its xml:id) -> the book's bibliography entry listing it. -->
  <xsl:key name="site:entry-of" match="tei:standOff/tei:listBibl/tei:bibl"
      use="tei:note[@type = 'citedBy']/tei:ref/substring(@target, 2)"/>

  <xsl:function name="site:href" as="xs:string">
    <xsl:param name="number" as="xs:integer"/>
    <xsl:sequence select="$site:stems[$number] || '.html'"/>
  </xsl:function>

  <!-- The page of the chapter holding an element, and the element's anchor there. -->
  <xsl:function name="site:link" as="xs:string">
    <xsl:param name="id" as="xs:string"/>
    <xsl:variable name="tei" as="element(tei:TEI)?" select="$site:corpus/key('te:site-id', $id)/ancestor::tei:TEI[1]"/>
    <xsl:sequence select="site:href(xs:integer(($tei/@n, 1)[1])) || '#' || $id"/>
  </xsl:function>
  <xsl:key name="te:site-id" match="*[@xml:id]" use="@xml:id"/>

  <xsl:template match="/">
    <xsl:if test="empty(tei:teiCorpus)">
      <xsl:sequence select="error(xs:QName('te:E201'), 'site.xsl: the book TEI must be a teiCorpus')"/>
    </xsl:if>
    <xsl:choose>
      <xsl:when test="$page = 'chapter'">
        <xsl:variable name="rendered" as="document-node()">
          <xsl:choose>
            <xsl:when test="$chapter-html ne ''"><xsl:sequence select="parse-xml($chapter-html)"/></xsl:when>
            <xsl:otherwise>
              <xsl:document><xsl:apply-templates select="$site:chapters[xs:integer($chapter)]"/></xsl:document>
            </xsl:otherwise>
          </xsl:choose>
        </xsl:variable>
        <xsl:apply-templates select="$rendered" mode="site:patch"/>
      </xsl:when>
      <xsl:when test="$page = 'chapter-body'">
        <xsl:variable name="rendered">
          <xsl:apply-templates select="$site:chapters[1]"/>
        </xsl:variable>
        <xsl:result-document method="text" encoding="UTF-8">
          <xsl:value-of select="serialize($rendered, map {'method': 'xml'})"/>
        </xsl:result-document>
      </xsl:when>
      <xsl:when test="$page = 'index'"><xsl:call-template name="site:index"/></xsl:when>
      <xsl:when test="$page = 'bibliography'"><xsl:call-template name="site:bibliography"/></xsl:when>
      <xsl:when test="$page = 'persons'"><xsl:call-template name="site:persons"/></xsl:when>
      <xsl:when test="$page = 'search'"><xsl:call-template name="site:search"/></xsl:when>
      <xsl:otherwise>
        <xsl:sequence select="error(xs:QName('te:E202'), 'site.xsl: unknown page ' || $page)"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ===================== navigation, on every page ===================== -->

  <xsl:template name="site:nav">
    <xsl:param name="current" as="xs:string"/>
    <nav class="site-nav" aria-label="Book">
      <a href="index.html" class="book-title">
        <xsl:if test="$current = 'index'"><xsl:attribute name="aria-current" select="'page'"/></xsl:if>
        <xsl:value-of select="site:book-title()"/>
      </a>
      <ul>
        <xsl:for-each select="'index', 'bibliography', 'persons', 'search'">
          <li>
            <a href="{.}.html">
              <xsl:if test="$current = ."><xsl:attribute name="aria-current" select="'page'"/></xsl:if>
              <xsl:value-of select="map {'index': 'Contents', 'bibliography': 'Bibliography',
                  'persons': 'Persons', 'search': 'Search'}(.)"/>
            </a>
          </li>
        </xsl:for-each>
      </ul>
    </nav>
  </xsl:template>

  <xsl:function name="site:book-title" as="xs:string">
    <xsl:sequence select="te:plain($site:corpus/tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[@type = 'main'][1])"/>
  </xsl:function>

  <!-- Previous and next chapter, by title. -->
  <xsl:template name="site:pager">
    <xsl:param name="number" as="xs:integer"/>
    <nav class="pager" aria-label="Chapters">
      <xsl:if test="$number gt 1">
        <a rel="prev" href="{site:href($number - 1)}">
          <span class="dir">Previous chapter</span>
          <span class="t"><xsl:value-of select="h:doc-title($site:chapters[$number - 1])"/></span>
        </a>
      </xsl:if>
      <xsl:if test="$number lt count($site:chapters)">
        <a rel="next" href="{site:href($number + 1)}">
          <span class="dir">Next chapter</span>
          <span class="t"><xsl:value-of select="h:doc-title($site:chapters[$number + 1])"/></span>
        </a>
      </xsl:if>
    </nav>
  </xsl:template>

  <!-- ===================== chapter pages: the web edition, patched ===================== -->

  <xsl:mode name="site:patch" on-no-match="shallow-copy"/>

  <!-- The page's policy also allows the site's own style element (by its hash). -->
  <xsl:template match="meta[@http-equiv = 'Content-Security-Policy']" mode="site:patch">
    <meta http-equiv="Content-Security-Policy"
        content="{replace(@content, 'style-src(-elem)? ''(sha256-[^'']+)''', 'style-src$1 ''$2'' ''sha256-' || $site-css-sha256 || '''')}"/>
  </xsl:template>

  <xsl:template match="head/style" mode="site:patch">
    <xsl:copy-of select="."/>
    <style><xsl:value-of select="$site:css"/></style>
  </xsl:template>

  <xsl:template match="body" mode="site:patch">
    <xsl:copy>
      <xsl:apply-templates select="@*" mode="site:patch"/>
      <xsl:apply-templates select="a[@class = 'skip']" mode="site:patch"/>
      <xsl:call-template name="site:nav"><xsl:with-param name="current" select="''"/></xsl:call-template>
      <xsl:apply-templates select="node() except a[@class = 'skip']" mode="site:patch"/>
      <xsl:call-template name="site:pager"><xsl:with-param name="number" select="xs:integer($chapter)"/></xsl:call-template>
    </xsl:copy>
  </xsl:template>

  <!-- The chapter's PDF and its place in the book, under the chapter's masthead. -->
  <xsl:template match="header[@class = 'masthead']" mode="site:patch">
    <xsl:copy>
      <xsl:apply-templates select="@*, node()" mode="site:patch"/>
      <p class="in-book">Chapter <xsl:value-of select="$chapter"/> of <a href="index.html"><xsl:value-of select="site:book-title()"/></a>
        · <a href="chapters/{$site:stems[xs:integer($chapter)]}.pdf">PDF of this chapter</a> · <a href="book.pdf">PDF of the book</a></p>
    </xsl:copy>
  </xsl:template>

  <!-- Paragraphs of the text get ids (p1, p2, … in reading order), the anchors of search results. -->
  <xsl:template match="main//p[not(@id)][not(ancestor::section[@class = ('notes', 'bibliography')])]" mode="site:patch">
    <xsl:copy>
      <xsl:attribute name="id" select="'p' || site:paragraph-number(.)"/>
      <xsl:apply-templates select="@*, node()" mode="site:patch"/>
    </xsl:copy>
  </xsl:template>

  <xsl:function name="site:paragraph-number" as="xs:integer">
    <xsl:param name="p" as="element()"/>
    <xsl:sequence select="count($p/preceding::p[ancestor::main][not(@id)][not(ancestor::section[@class = ('notes', 'bibliography')])]) + 1"/>
  </xsl:function>

  <!-- A note's link to the bibliography leads to the book's entry for the work, which lists
       every chapter citing it; a citation the chapter could not resolve but the book could
       (a short title of a work cited in full in another chapter) gets such a link. -->
  <xsl:template match="a[@class = 'to-bib']" mode="site:patch">
    <xsl:variable name="entry" as="element()?" select="site:book-entry(preceding-sibling::*[1]/@id)"/>
    <xsl:copy>
      <xsl:apply-templates select="@*" mode="site:patch"/>
      <xsl:if test="exists($entry)">
        <xsl:attribute name="href" select="'bibliography.html#' || $entry/@xml:id"/>
      </xsl:if>
      <xsl:apply-templates mode="site:patch"/>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="span[tokenize(@class) = 'bibl-citation'][@id][not(following-sibling::*[1][self::a[@class = 'to-bib']])]" mode="site:patch">
    <xsl:variable name="entry" as="element()?" select="site:book-entry(@id)"/>
    <xsl:copy-of select="."/>
    <xsl:if test="exists($entry)">
      <a class="to-bib" href="bibliography.html#{$entry/@xml:id}" title="Bibliography: {te:plain($entry/node() except $entry/tei:note)}" aria-label="Bibliography"></a>
    </xsl:if>
  </xsl:template>

  <xsl:function name="site:book-entry" as="element()?">
    <xsl:param name="citing" as="xs:string?"/>
    <xsl:sequence select="if ($citing) then $site:corpus/key('site:entry-of', $citing)[1] else ()"/>
  </xsl:function>

  <!-- ===================== the shell of the book's own pages ===================== -->

  <xsl:template name="site:shell">
    <xsl:param name="name" as="xs:string"/>
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="content" as="node()*"/>
    <xsl:param name="script" as="xs:boolean" select="false()"/>
    <xsl:variable name="lang" as="xs:string" select="te:lang($site:corpus)"/>
    <html lang="{$lang}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <xsl:if test="$css-sha256 ne ''">
          <xsl:variable name="styles" as="xs:string" select="'''sha256-' || $css-sha256 || ''' ''sha256-' || $site-css-sha256 || ''''"/>
          <xsl:variable name="scripts" as="xs:string"
              select="if ($script) then 'script-src ''sha256-' || $search-js-sha256 || ''' ''sha256-' || $index-js-sha256 || '''; ' else ''"/>
          <meta http-equiv="Content-Security-Policy" content="default-src 'none'; {$scripts}style-src {$styles}; style-src-elem {$styles}; style-src-attr 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"/>
        </xsl:if>
        <title><xsl:value-of select="$title"/></title>
        <style><xsl:value-of select="$h:css"/><xsl:value-of select="$h:editorial-css"/></style>
        <style><xsl:value-of select="$site:css"/></style>
      </head>
      <body>
        <a class="skip" href="#ed-text"><xsl:value-of select="te:label('skip', $lang)"/></a>
        <xsl:call-template name="site:nav"><xsl:with-param name="current" select="$name"/></xsl:call-template>
        <main id="ed-text">
          <xsl:sequence select="$content"/>
        </main>
        <footer class="colophon">
          <p><xsl:value-of select="site:book-title()"/>. <xsl:value-of select="te:plain($site:corpus/tei:teiHeader/tei:fileDesc/tei:publicationStmt/tei:publisher)"/>,
            <xsl:value-of select="$site:corpus/tei:teiHeader/tei:fileDesc/tei:publicationStmt/tei:date"/>.
            Made from <a href="book.xml">the book's TEI</a> with teiedition
            <xsl:value-of select="$site:corpus/tei:teiHeader/tei:encodingDesc/tei:appInfo/tei:application/@version"/>.</p>
        </footer>
      </body>
    </html>
  </xsl:template>

  <!-- ===================== index ===================== -->

  <xsl:template name="site:index">
    <xsl:variable name="header" as="element()" select="$site:corpus/tei:teiHeader"/>
    <xsl:call-template name="site:shell">
      <xsl:with-param name="name" select="'index'"/>
      <xsl:with-param name="title" select="site:book-title()"/>
      <xsl:with-param name="content">
        <header class="masthead">
          <h1><xsl:value-of select="site:book-title()"/></h1>
          <xsl:for-each select="$header/tei:fileDesc/tei:titleStmt/tei:title[@type = 'sub']">
            <p class="subtitle"><xsl:value-of select="te:plain(.)"/></p>
          </xsl:for-each>
          <p class="authors">Edited by <xsl:value-of select="string-join($header/tei:fileDesc/tei:titleStmt/tei:editor ! te:plain(.), ', ')"/></p>
          <p class="source-line"><xsl:value-of select="te:plain($header/tei:fileDesc/tei:publicationStmt/tei:publisher)"/>,
            <xsl:value-of select="$header/tei:fileDesc/tei:publicationStmt/tei:date"/>
            · <a href="book.pdf">The book as PDF</a> · <a href="book.xml">TEI</a></p>
        </header>
        <xsl:for-each select="$header/tei:profileDesc/tei:abstract">
          <section class="abstract" aria-labelledby="book-abstract">
            <h2 id="book-abstract">About this book</h2>
            <xsl:apply-templates select="node()"/>
          </section>
        </xsl:for-each>
        <section aria-labelledby="book-chapters">
          <h2 id="book-chapters">Chapters</h2>
          <ol class="chapters">
            <xsl:for-each select="$site:chapters">
              <xsl:variable name="n" as="xs:integer" select="position()"/>
              <li id="chapter-{$n}">
                <h3><a href="{site:href($n)}"><xsl:value-of select="h:doc-title(.)"/></a></h3>
                <xsl:variable name="authors" as="element()*" select="h:authors(.)"/>
                <xsl:if test="exists($authors)">
                  <p class="authors"><xsl:value-of select="string-join($authors ! te:plain(.), ', ')"/></p>
                </xsl:if>
                <xsl:variable name="abstract" as="element()?" select="tei:teiHeader/tei:profileDesc/tei:abstract"/>
                <xsl:if test="exists($abstract/*) and not(te:plain($abstract) = 'The source gives no abstract.')">
                  <div class="chapter-abstract"><xsl:apply-templates select="$abstract/node()"/></div>
                </xsl:if>
                <p class="chapter-links"><a href="chapters/{$site:stems[$n]}.pdf">PDF</a> · <a href="chapters/{$site:stems[$n]}.xml">TEI</a></p>
              </li>
            </xsl:for-each>
          </ol>
        </section>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- ===================== bibliography ===================== -->

  <xsl:template name="site:bibliography">
    <xsl:call-template name="site:shell">
      <xsl:with-param name="name" select="'bibliography'"/>
      <xsl:with-param name="title" select="'Bibliography — ' || site:book-title()"/>
      <xsl:with-param name="content">
        <h1>Bibliography</h1>
        <p class="lead">Every work the chapters cite, once, with the chapters and notes citing it.</p>
        <ul class="bibliography">
          <xsl:apply-templates select="$site:corpus/tei:standOff/tei:listBibl/tei:bibl" mode="site:entry"/>
        </ul>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:bibl" mode="site:entry">
    <li id="{@xml:id}">
      <span class="entry"><xsl:apply-templates select="node() except tei:note[@type = 'citedBy']"/></span>
      <span class="Z3988" title="{h:coins(.)}"></span>
      <xsl:text> </xsl:text>
      <xsl:call-template name="site:cited-in"/>
    </li>
  </xsl:template>

  <!-- "Cited in chapter 1, note 17; chapter 2, notes 3, 9.": one link per note (to its first
       citation of the work), grouped by chapter, each chapter named by its title. -->
  <xsl:template name="site:cited-in">
    <xsl:variable name="targets" as="element()*"
        select="tei:note[@type = 'citedBy']/tei:ref ! key('te:site-id', substring(@target, 2))"/>
    <span class="cited-by">
      <xsl:text>Cited in </xsl:text>
      <xsl:for-each-group select="$targets" group-by="ancestor::tei:TEI[1]/@n">
        <xsl:variable name="tei" as="element(tei:TEI)" select="current-group()[1]/ancestor::tei:TEI[1]"/>
        <xsl:variable name="notes" as="element()*">
          <xsl:for-each-group select="current-group()" group-by="(ancestor::tei:note[1], .)[1] ! generate-id(.)">
            <xsl:sequence select="current-group()[1]"/>
          </xsl:for-each-group>
        </xsl:variable>
        <xsl:if test="position() gt 1">; </xsl:if>
        <a class="chapter" href="{site:href(xs:integer($tei/@n))}" title="{h:doc-title($tei)}">chapter <xsl:value-of select="$tei/@n"/></a>
        <xsl:value-of select="if (count($notes) gt 1) then ', notes ' else ', note '"/>
        <xsl:for-each select="$notes">
          <a href="{site:link(@xml:id)}"><xsl:value-of select="ancestor::tei:note[1]/@n"/></a>
          <xsl:if test="position() ne last()">, </xsl:if>
        </xsl:for-each>
      </xsl:for-each-group>
      <xsl:text>.</xsl:text>
    </span>
  </xsl:template>

  <!-- ===================== persons ===================== -->

  <xsl:template name="site:persons">
    <xsl:variable name="people" as="element()*" select="$site:corpus/tei:standOff/tei:listPerson/tei:person"/>
    <xsl:call-template name="site:shell">
      <xsl:with-param name="name" select="'persons'"/>
      <xsl:with-param name="title" select="'Persons — ' || site:book-title()"/>
      <xsl:with-param name="content">
        <h1>Index of persons cited</h1>
        <p class="lead">Authors and editors of the works the notes cite, with the notes citing them.</p>
        <xsl:for-each-group select="$people" group-by="upper-case(substring(te:plain(tei:persName/tei:surname), 1, 1))">
          <section aria-labelledby="letter-{position()}">
            <h2 id="letter-{position()}"><xsl:value-of select="current-grouping-key()"/></h2>
            <ul class="persons">
              <xsl:for-each select="current-group()">
                <li id="{@xml:id}">
                  <span class="person"><xsl:value-of select="te:plain(tei:persName)"/></span>
                  <xsl:text> </xsl:text>
                  <xsl:call-template name="site:cited-in"/>
                </li>
              </xsl:for-each>
            </ul>
          </section>
        </xsl:for-each-group>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- ===================== search ===================== -->

  <!-- The form works without a server: search.js reads the index (made by site.py from
       the chapter pages' paragraphs and notes) and lists matches as links to the paragraph or
       note. Without JavaScript the page says so. -->
  <xsl:template name="site:search">
    <xsl:call-template name="site:shell">
      <xsl:with-param name="name" select="'search'"/>
      <xsl:with-param name="title" select="'Search — ' || site:book-title()"/>
      <xsl:with-param name="script" select="true()"/>
      <xsl:with-param name="content">
        <h1>Search</h1>
        <form role="search" class="search" id="search-form">
          <label for="q">Words to find in the chapters and notes</label>
          <input type="search" id="q" name="q" autocomplete="off"/>
          <button type="submit">Search</button>
        </form>
        <p id="search-status" role="status" aria-live="polite">
          <noscript>Searching needs JavaScript; every chapter is linked from the <a href="index.html">contents</a>.</noscript>
        </p>
        <ol id="search-results" class="search-results"></ol>
        <!-- Inline, not a file beside the page: browsers load no script file from file: under
             a policy that names scripts by hash (integrity checks need CORS). -->
        <script><xsl:value-of select="$search-index"/></script>
        <script><xsl:value-of select="$search-js"/></script>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

</xsl:stylesheet>
