<?xml version="1.0" encoding="UTF-8"?>
<!--
  Text into Typst, safely. Every TEI text node goes through tx:escape (markup) exactly once,
  in the text() template below; metadata strings go through tx:string (code-mode string
  literals). Nothing else in typst/*.xsl writes TEI text, so a TEI file can never inject
  Typst code (#read, #import, #include, show rules, …) into the print edition.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:te="urn:teiedition"
    xmlns:tx="urn:teiedition:typst"
    exclude-result-prefixes="#all"
    default-mode="tx:flow">

  <!-- The one escaping function for TEI text in Typst markup. A backslash before any
       character makes Typst print that character literally, so every character that means
       something in markup gets one:
         \      escape character itself (also "\ " = line break, "\u{..}" = code point)
         #      starts code: #read("/etc/passwd"), #import "x.typ", #set, #show
         [ ]    content blocks; an unbalanced ] would close the block the text is in
         ( ) .  would continue an embedded expression written just before the text
                (#emph[x](y) is a call, #emph[x].f a field); "..." is also an ellipsis
         ;      swallowed right after an embedded expression
         * _    strong and emphasis
         `      raw text
         $      mathematics ($x^2$)
         < >    labels (<label>)
         @      references (@ref)
         ~      non-breaking space
         /      comments (// and /*) and term lists at line start; also breaks "https://" autolinks
         - + =  en and em dashes (two or three hyphens), soft hyphen (hyphen and ?), list, enum and heading markers
         ' "    smart quotes: the TEI's own apostrophes and quotation marks print as they are
       Whitespace is not escaped: the text() template has collapsed it to single spaces, so no
       blank line (paragraph break) or "\ " sequence can come from the text.
       The expressions that every text node meets (here and in tx:collapse, tx:typography,
       tx:initials, tx:unbroken-ranges, tx:range-dashes) run on Java's regex engine (Saxon's
       flag ";j"): Saxon's own tries each at every character, which made these functions half
       of the transformation of a long text (test14.xml). They are written where the two
       syntaxes agree (\p{Nd} for XPath's \d, [ \t\n\r] for its \s, no "$"), and Java's
       replacement strings read "$1" and "\\" as XPath's do, so every result is the same. -->
  <xsl:function name="tx:escape" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:sequence select="replace($text, '([\\#\[\]().;*_`$&lt;&gt;@~/\-+=''&quot;])', '\\$1', ';j')"/>
  </xsl:function>

  <!-- A Typst string literal (code mode), for metadata that must be a string (PDF author,
       keywords, labels of links): inside "…" only backslash and the double quote are special. -->
  <xsl:function name="tx:string" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:sequence select="'&quot;' || replace(replace(normalize-space(tx:collapse($text)), '\\', '\\\\'), '&quot;', '\\&quot;') || '&quot;'"/>
  </xsl:function>

  <!-- Whitespace as XML mixed content reads it: every run one space. Typst also ends lines at
       U+0085, U+2028 and U+2029, which XML counts as text: they collapse too, so no text can
       make a blank line (paragraph break) or start a line. -->
  <xsl:function name="tx:collapse" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:sequence select="replace($text, '[ \t\n\r&#x85;&#x2028;&#x2029;]+', ' ', ';j')"/>
  </xsl:function>

  <!-- A content block holding escaped text: [..]. -->
  <xsl:function name="tx:content" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:sequence select="'[' || tx:escape(normalize-space(tx:collapse($text))) || ']'"/>
  </xsl:function>

  <!-- Print typography on the text as encoded (never changing its letters):
       no-break space after the abbreviations of a pinpoint ("p. 28", "vol. 3", "docs 6"),
       and between initials and what follows them ("I. F. Maksimychev"). -->
  <xsl:variable name="tx:nbsp" as="xs:string" select="'&#xA0;'"/>
  <xsl:function name="tx:typography" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <!-- Each rule needs a space before a digit or a full stop and a space: text without
         them (most of a long prose text) skips the regular expressions, which cost a third
         of the transformation of a book-length text. -->
    <xsl:variable name="pinpoints" as="xs:string"
        select="if (not(matches($text, ' \p{Nd}', ';j'))) then $text
                else replace($text, '(^|[ \t\n\r(\[])(pp?|vols?|nos?|docs?|chs?|nn?|fols?|cols?|art|sec|ser)(\.?) (\p{Nd})',
                             '$1$2$3' || $tx:nbsp || '$4', ';j')"/>
    <!-- The initials rule only where an initial can be: a capital, perhaps a small letter,
         a full stop, a space and a capital. Prose has a ". " in nearly every text node (the
         ends of its sentences), and the rule's own expression, tried at every position,
         cost a tenth of the print transformation (Slovene test32.xml: 0.30 to 0.28 s); a
         match of the rule is always a match of this test, so nothing else changes. -->
    <xsl:sequence select="if (contains($pinpoints, '. ') and matches($pinpoints, '\p{Lu}\p{Ll}?\. \p{Lu}', ';j'))
                          then tx:initials($pinpoints) else $pinpoints"/>
  </xsl:function>

  <!-- A range of numbers ("pp. 83–5", "1933–1941") is not broken after its dash, where Typst
       would break it: on escaped markup, each range becomes an unbreakable box. Its text stays
       as it is (a word joiner would be read back by pdftotext and by a viewer's search); the
       semicolon ends the embedded expression, so a following "." is never read as a method. -->
  <xsl:function name="tx:unbroken-ranges" as="xs:string">
    <xsl:param name="markup" as="xs:string"/>
    <xsl:sequence select="if (contains($markup, '–')) then replace($markup, '(\p{Nd}+)–(\p{Nd}+)', '#box[$1–$2];', ';j') else $markup"/>
  </xsl:function>

  <!-- Initials: "I. F. Maksimychev", "X.J. Eudin", "V. Ya. Sipols". Repeated until nothing
       changes, because one pass cannot join overlapping pairs ("I. F." then "F. M"). -->
  <xsl:function name="tx:initials" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:variable name="next" as="xs:string"
        select="replace($text, '(^|[ \t\n\r&#xA0;(.])(\p{Lu}\p{Ll}?\.) (\p{Lu})', '$1$2' || $tx:nbsp || '$3', ';j')"/>
    <xsl:sequence select="if ($next eq $text) then $text else tx:initials($next)"/>
  </xsl:function>

  <!-- En dashes in ranges of numbers, for the elements that hold ranges (pinpoints and
       scopes: pages, volumes, documents): "pp. 60-2" prints "pp. 60–2". Not applied to running
       text, where a hyphen between digits may be part of an identifier, nor to dates, where
       it may be an ISO date ("2026-01-31"). -->
  <xsl:function name="tx:range-dashes" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:sequence select="replace($text, '(\p{Nd})[ \t\n\r]*-[ \t\n\r]*(\p{Nd})', '$1–$2', ';j')"/>
  </xsl:function>

  <!-- Every text node of the TEI: whitespace collapsed as XML mixed content reads, print
       typography, then escaped. -->
  <xsl:template match="text()" mode="tx:flow">
    <xsl:variable name="t" as="xs:string" select="tx:collapse(.)"/>
    <xsl:variable name="t" as="xs:string"
        select="if (ancestor::tei:citedRange or ancestor::tei:biblScope)
                then tx:range-dashes($t) else $t"/>
    <xsl:value-of select="tx:unbroken-ranges(tx:escape(tx:typography($t)))"/>
  </xsl:template>

  <!-- A URL in plain text (te:bare-url; the encoding has no ref for it) is a link, as on the
       web page; the rest of the text as any other. Not inside a ref or ptr, which link
       themselves, nor in identifiers and code. -->
  <xsl:template match="text()[contains(., '://')][not(ancestor::tei:ref or ancestor::tei:ptr or ancestor::tei:idno
      or ancestor::tei:email or ancestor::tei:code or ancestor::tei:egXML)]" mode="tx:flow" priority="1">
    <xsl:value-of select="tx:linked-text(tx:collapse(.))"/>
  </xsl:template>

  <!-- Collapsed text as markup: its URLs as links, the rest with print typography, escaped. -->
  <xsl:function name="tx:linked-text" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:sequence select="string-join(
        for $part in analyze-string($text, $te:bare-url)/*
        return if ($part/self::*:match)
               then (for $href in te:safe-url(string($part)) return '#link(' || tx:string($href) || ')[')
                    || tx:escape(string($part)) || (']'[exists(te:safe-url(string($part)))])
               else tx:unbroken-ranges(tx:escape(tx:typography(string($part)))), '')"/>
  </xsl:function>

  <!-- Whitespace between the blocks of structural containers is layout of the XML file, not
       text: dropping it keeps stray spaces out of the Typst paragraphs. -->
  <xsl:template mode="tx:flow" match="text()[not(normalize-space())][parent::tei:TEI or parent::tei:text
      or parent::tei:front or parent::tei:body or parent::tei:back or parent::tei:group or parent::tei:div
      or parent::tei:div1 or parent::tei:div2 or parent::tei:div3 or parent::tei:div4 or parent::tei:listBibl
      or parent::tei:list or parent::tei:table or parent::tei:row or parent::tei:lg or parent::tei:sp
      or parent::tei:figure or parent::tei:titlePage or parent::tei:docTitle or parent::tei:byline
      or parent::tei:floatingText or parent::tei:listPerson or parent::tei:listPlace]"/>

  <!-- Typst text(lang:, region:) arguments for a language tag, or '' when Typst would refuse
       it (Typst takes a two- or three-letter ISO 639 code and a two-letter region only). -->
  <xsl:function name="tx:lang-args" as="xs:string">
    <xsl:param name="tag" as="xs:string"/>
    <xsl:variable name="parts" as="xs:string*" select="tokenize($tag, '[-_]')"/>
    <xsl:variable name="lang" as="xs:string" select="lower-case(($parts[1], '')[1])"/>
    <xsl:variable name="region" as="xs:string?" select="$parts[position() gt 1][matches(., '^[A-Za-z]{2}$')][1]"/>
    <xsl:sequence select="if (not(matches($lang, '^[a-z]{2,3}$'))) then ''
        else 'lang: ' || tx:string($lang)
             || (if (exists($region)) then ', region: ' || tx:string(upper-case($region)) else ', region: none')"/>
  </xsl:function>

</xsl:stylesheet>
