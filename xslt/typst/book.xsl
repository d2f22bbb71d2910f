<?xml version="1.0" encoding="UTF-8"?>
<!--
  A book (a teiCorpus of chapters, docs/encoding.md#books) to Typst markup: one print
  edition of the whole (src/teiedition/book/pdf.py compiles it to PDF/A-2b).

  The chapters are printed by the print edition's own templates (typst.xsl, imported,
  unchanged): their text, their notes (footnotes at the call, numbered as in the chapter),
  abbreviations. Added here: the title page, the contents (Typst's outline, whose page
  numbers and PDF bookmarks Typst makes from the chapter headings), each chapter's opening
  (title, authors) and running heads (book.typ), the book's bibliography in place of each
  chapter's own, the index of persons, whose page numbers Typst finds at layout time
  (book.typ pages-of), and the book's colophon.

  Parameters: paper, tei-sha256, tei-name (as typst.xsl's); part: "book" (the default) the
  whole; "frame" all but the chapters, each chapter's place one line "// teiedition-chapter N"
  (escaped TEI text cannot make it: "/" is escaped, whitespace collapsed); "chapters" the
  chapters alone. src/teiedition/book/pdf.py makes each chapter's markup from a document
  holding that chapter alone and keeps it until the chapter changes (book/parts.py): a
  chapter's markup is most of the book's and depends on nothing outside the chapter.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:te="urn:teiedition"
    xmlns:tx="urn:teiedition:typst"
    exclude-result-prefixes="#all"
    default-mode="tx:flow">

  <xsl:import href="../typst.xsl"/>

  <xsl:variable name="tx:book-design" as="xs:string"
      select="unparsed-text(resolve-uri('book.typ', static-base-uri()), 'UTF-8')"/>

  <xsl:param name="part" as="xs:string" select="'book'"/>

  <xsl:template match="/">
    <xsl:if test="empty(tei:teiCorpus/tei:TEI)">
      <xsl:sequence select="error(xs:QName('tx:E201'), 'typst/book.xsl: the book TEI must be a teiCorpus of TEI chapters')"/>
    </xsl:if>
    <xsl:choose>
      <xsl:when test="$part eq 'chapters'">
        <xsl:apply-templates select="tei:teiCorpus/tei:TEI" mode="tx:book-chapter"/>
      </xsl:when>
      <xsl:when test="$part = ('book', 'frame')">
        <xsl:call-template name="tx:book"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:sequence select="error(xs:QName('tx:E202'), 'typst/book.xsl: unknown part ' || $part || ' (book, frame, chapters)')"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="tx:book">
    <xsl:variable name="corpus" as="element(tei:teiCorpus)" select="tei:teiCorpus"/>
    <xsl:variable name="header" as="element()" select="$corpus/tei:teiHeader"/>
    <xsl:variable name="lang" as="xs:string" select="te:lang($corpus)"/>
    <xsl:variable name="title" as="xs:string" select="te:plain($header/tei:fileDesc/tei:titleStmt/tei:title[@type = 'main'][1])"/>
    <xsl:variable name="editors" as="xs:string*" select="$header/tei:fileDesc/tei:titleStmt/tei:editor ! te:plain(.)"/>
    <xsl:variable name="paper-name" as="xs:string"
        select="($tx:papers(lower-case($paper)),
                 error(xs:QName('tx:E001'), 'typst/book.xsl: unknown paper size ' || $paper || ' (a4, us-letter)'))[1]"/>
    <xsl:text>// Print edition of a book made by teiedition (xslt/typst/book.xsl) from TEI. Generated: edit the TEI, not this file.&#10;</xsl:text>
    <xsl:value-of select="$tx:design"/>
    <xsl:value-of select="$tx:book-design"/>
    <xsl:text>&#10;#show: edition.with(&#10;  paper: </xsl:text>
    <xsl:value-of select="tx:string($paper-name)"/>
    <xsl:text>,&#10;  </xsl:text>
    <xsl:value-of select="(tx:lang-args($lang)[. ne ''], 'lang: &quot;en&quot;')[1]"/>
    <xsl:text>,&#10;  title: </xsl:text>
    <xsl:value-of select="tx:content($title)"/>
    <xsl:text>,&#10;  short-title: </xsl:text>
    <xsl:value-of select="tx:content(tx:book-short($title))"/>
    <xsl:text>,&#10;  authors: (</xsl:text>
    <xsl:value-of select="$editors ! (tx:string(.) || ',')" separator=" "/>
    <xsl:text>),&#10;  author-line: </xsl:text>
    <xsl:value-of select="tx:content(tx:names($editors, $lang))"/>
    <xsl:text>,&#10;  description: </xsl:text>
    <xsl:value-of select="($header/tei:profileDesc/tei:abstract ! tx:content(te:plain(.)), 'none')[1]"/>
    <xsl:text>,&#10;  date: </xsl:text>
    <xsl:value-of select="tx:book-date($header)"/>
    <xsl:text>,&#10;)&#10;</xsl:text>
    <xsl:text>#set page(header: book-header(</xsl:text>
    <xsl:value-of select="tx:content(tx:book-short($title))"/>
    <xsl:text>), footer: book-footer)&#10;&#10;</xsl:text>

    <xsl:text>#book-title-page(main: </xsl:text>
    <xsl:value-of select="tx:content($title)"/>
    <xsl:for-each select="$header/tei:fileDesc/tei:titleStmt/tei:title[@type = 'sub'][1]">
      <xsl:value-of select="', sub: ' || tx:content(te:plain(.))"/>
    </xsl:for-each>
    <xsl:value-of select="', editors: ' || tx:content('Edited by ' || tx:names($editors, $lang))"/>
    <xsl:value-of select="', publisher: ' || tx:content(te:plain($header/tei:fileDesc/tei:publicationStmt/tei:publisher))"/>
    <xsl:value-of select="', date: ' || tx:content(string($header/tei:fileDesc/tei:publicationStmt/tei:date))"/>
    <xsl:text>)&#10;#book-contents([Contents])&#10;&#10;</xsl:text>

    <xsl:for-each select="$corpus/tei:TEI">
      <xsl:choose>
        <xsl:when test="$part eq 'frame'">
          <xsl:value-of select="'// teiedition-chapter ' || position() || '&#10;'"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates select="." mode="tx:book-chapter"/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>

    <xsl:apply-templates select="$corpus/tei:standOff/tei:listBibl" mode="tx:book"/>
    <xsl:apply-templates select="$corpus/tei:standOff/tei:listPerson" mode="tx:book"/>
    <xsl:apply-templates select="$corpus" mode="tx:book-colophon"/>
    <xsl:call-template name="te:warn-unknown"><xsl:with-param name="tei" select="$corpus"/></xsl:call-template>
  </xsl:template>

  <!-- The running head's book title: up to its colon, as a chapter's short title. -->
  <xsl:function name="tx:book-short" as="xs:string">
    <xsl:param name="title" as="xs:string"/>
    <xsl:sequence select="if (contains($title, ': ')) then substring-before($title, ': ') else $title"/>
  </xsl:function>

  <xsl:function name="tx:book-date" as="xs:string">
    <xsl:param name="header" as="element()"/>
    <xsl:variable name="when" as="xs:string" select="string($header/tei:fileDesc/tei:publicationStmt/tei:date/@when)"/>
    <xsl:variable name="full" as="xs:string" select="if (string-length($when) eq 4) then $when || '-01-01' else $when"/>
    <xsl:sequence select="if ($full castable as xs:date)
        then 'datetime(year: ' || xs:integer(substring($full, 1, 4)) || ', month: '
             || xs:integer(substring($full, 6, 2)) || ', day: ' || xs:integer(substring($full, 9, 2)) || ')'
        else 'auto'"/>
  </xsl:function>

  <!-- ===== a chapter ===== -->

  <xsl:template match="tei:TEI" mode="tx:book-chapter">
    <xsl:variable name="lang" as="xs:string" select="te:lang(.)"/>
    <xsl:text>#chapter-start(n: </xsl:text>
    <xsl:value-of select="(@n, position())[1]"/>
    <xsl:text>, short: </xsl:text>
    <xsl:value-of select="tx:content(tx:short-title(.))"/>
    <xsl:text>, authors: </xsl:text>
    <xsl:value-of select="tx:content(tx:names(tx:authors(.) ! te:plain(.), $lang))"/>
    <xsl:text>)[</xsl:text>
    <xsl:value-of select="tx:display-title(te:plain(tx:main-title(.)))"/>
    <xsl:text>]&#10;</xsl:text>
    <xsl:apply-templates select="." mode="tx:abstract"/>
    <xsl:apply-templates select="tei:text"/>
    <xsl:text>&#10;&#10;</xsl:text>
  </xsl:template>

  <!-- A chapter's own headings (its sections, its Notes) sit one level below its title, so
       the contents list the chapters and the bookmarks nest their sections under them.
       (Typst's heading offset does not apply to headings given a level, as these are.) -->
  <xsl:template name="tx:heading">
    <xsl:param name="level" as="xs:integer"/>
    <xsl:param name="content" as="item()*"/>
    <xsl:value-of select="$tx:parbreak || '#heading(level: ' || min((6, $level + 1)) || ')['"/>
    <xsl:sequence select="$content"/>
    <xsl:value-of select="']' || $tx:parbreak"/>
  </xsl:template>

  <!-- The book's bibliography replaces each chapter's own. -->
  <xsl:template match="tei:TEI/tei:text/tei:back/tei:div[@type = 'bibliography']" priority="5"/>

  <!-- ===== the book's bibliography ===== -->

  <xsl:template match="tei:listBibl" mode="tx:book">
    <xsl:text>#book-part(</xsl:text>
    <xsl:value-of select="tx:content(te:plain(tei:head))"/>
    <xsl:text>)&#10;#bib-section[&#10;</xsl:text>
    <xsl:for-each select="tei:bibl">
      <xsl:text>#bib-entry[</xsl:text>
      <xsl:call-template name="tx:anchor"/>
      <xsl:apply-templates select="node() except tei:note[@type = 'citedBy']"/>
      <xsl:text> #cited-in[</xsl:text>
      <xsl:call-template name="tx:book-cited-in"/>
      <xsl:text>]]&#10;</xsl:text>
    </xsl:for-each>
    <xsl:text>]&#10;&#10;</xsl:text>
  </xsl:template>

  <!-- "Cited in ch. 1, n. 17; ch. 2, nn. 3, 9." once per note, each note a link to its
       first citation of the work. -->
  <xsl:template name="tx:book-cited-in">
    <xsl:variable name="targets" as="element()*"
        select="tei:note[@type = 'citedBy']/tei:ref ! key('tx:book-id', substring(@target, 2))"/>
    <xsl:text>Cited in </xsl:text>
    <xsl:for-each-group select="$targets" group-by="ancestor::tei:TEI[1]/@n">
      <xsl:variable name="notes" as="element()*">
        <xsl:for-each-group select="current-group()" group-by="(ancestor::tei:note[1], .)[1] ! generate-id(.)">
          <xsl:sequence select="current-group()[1]"/>
        </xsl:for-each-group>
      </xsl:variable>
      <xsl:if test="position() gt 1">; </xsl:if>
      <xsl:value-of select="'ch. ' || current-grouping-key() || (if (count($notes) gt 1) then ', nn. ' else ', n. ')"/>
      <xsl:for-each select="$notes">
        <xsl:call-template name="tx:internal-link">
          <xsl:with-param name="target" select="."/>
          <xsl:with-param name="content" select="tx:escape(string(ancestor::tei:note[1]/@n))"/>
        </xsl:call-template>
        <xsl:if test="position() ne last()">, </xsl:if>
      </xsl:for-each>
    </xsl:for-each-group>
    <xsl:text>.</xsl:text>
  </xsl:template>
  <xsl:key name="tx:book-id" match="*[@xml:id]" use="@xml:id"/>

  <!-- ===== the index of persons: pages found by Typst ===== -->

  <xsl:template match="tei:listPerson" mode="tx:book">
    <xsl:text>#person-index(</xsl:text>
    <xsl:value-of select="tx:content(te:plain(tei:head))"/>
    <xsl:text>)[&#10;</xsl:text>
    <xsl:for-each select="tei:person">
      <xsl:text>#person-entry(</xsl:text>
      <xsl:value-of select="tx:content(te:plain(tei:persName))"/>
      <xsl:text>, (</xsl:text>
      <xsl:value-of select="tei:note[@type = 'citedBy']/tei:ref/tx:label-name(substring(@target, 2)) ! (tx:string(.) || ',')" separator=" "/>
      <xsl:text>))&#10;</xsl:text>
    </xsl:for-each>
    <xsl:text>]&#10;&#10;</xsl:text>
  </xsl:template>

  <!-- ===== colophon ===== -->

  <xsl:template match="tei:teiCorpus" mode="tx:book-colophon">
    <xsl:variable name="fd" as="element()" select="tei:teiHeader/tei:fileDesc"/>
    <xsl:text>#pagebreak(weak: true)&#10;#colophon(heading: [About this edition])[&#10;</xsl:text>
    <xsl:value-of select="'#colophon-item([Book])[' || tx:escape(te:plain($fd/tei:titleStmt/tei:title[@type = 'main'][1])
        || ', edited by ' || tx:names($fd/tei:titleStmt/tei:editor ! te:plain(.), 'en') || '. '
        || te:plain($fd/tei:publicationStmt/tei:publisher) || ', ' || string($fd/tei:publicationStmt/tei:date) || '.') || ']&#10;'"/>
    <xsl:value-of select="'#colophon-item([Chapters])[' || tx:escape(string(count(tei:TEI)) || ' chapters; each chapter''s source, licence and edition are described in its own header and in the chapter''s PDF.') || ']&#10;'"/>
    <xsl:value-of select="'#colophon-item([Edition])[' || tx:escape(te:plain($fd/tei:editionStmt/tei:edition)) || '\.]&#10;'"/>
    <xsl:if test="$tei-sha256 ne '' or $tei-name ne ''">
      <xsl:value-of select="'#colophon-item([How made])[' || tx:escape('Typeset from ' || $tei-name || ', SHA-256 ') || '#checksum(' || tx:content($tei-sha256) || ')]&#10;'"/>
    </xsl:if>
    <xsl:text>]&#10;</xsl:text>
  </xsl:template>

</xsl:stylesheet>
