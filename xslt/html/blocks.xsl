<?xml version="1.0" encoding="UTF-8"?>
<!-- Block structure of any TEI text: divisions and headings, paragraphs, lists, tables,
     figures, verse, quotations, page breaks. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:te="urn:teiedition"
    xmlns:h="urn:teiedition:html"
    exclude-result-prefixes="#all"
    default-mode="h:flow">

  <!-- A division's id: its xml:id, else its place in the tree (stable for the same file). -->
  <xsl:function name="h:div-id" as="xs:string">
    <xsl:param name="div" as="element()"/>
    <xsl:sequence select="(string($div/@xml:id)[. ne ''],
        'ed-div-' || string-join($div/ancestor-or-self::*[te:is-division(.) or self::tei:body or self::tei:front or self::tei:back]
          ! (count(preceding-sibling::*) + 1), '-'))[1]"/>
  </xsl:function>

  <!-- Heading level: h1 is the page title, so top-level divisions get h2, nested ones h3..h6
       (the depth is the shared decision te:heading-level, div1..div7 included). -->
  <xsl:function name="h:heading-level" as="xs:integer">
    <xsl:param name="div" as="element()"/>
    <xsl:sequence select="min((6, te:heading-level($div) + 1))"/>
  </xsl:function>

  <xsl:template match="tei:div">
    <section id="{h:div-id(.)}">
      <xsl:if test="@type"><xsl:attribute name="class" select="'div-' || @type"/></xsl:if>
      <xsl:apply-templates/>
    </section>
  </xsl:template>

  <!-- The converter's back-matter divisions are rendered by notes.xsl and bibliography.xsl. -->
  <xsl:template match="tei:back/tei:div[@type = 'notes']"/>

  <xsl:template match="tei:head[te:is-heading(.)]">
    <xsl:element name="h{h:heading-level(..)}">
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <!-- A head holding a headed division would put a heading inside a heading, which HTML's
       parser refuses: an ARIA heading keeps the outline without nesting h elements. -->
  <xsl:template match="tei:head[te:is-heading(.)][.//tei:div or .//tei:head]" priority="1">
    <div class="h" role="heading" aria-level="{h:heading-level(..)}"><xsl:apply-templates/></div>
  </xsl:template>

  <!-- Any other head (list, table, figure, lg): a caption-like line (a div: it may stand
       inside a p and may hold anything). -->
  <xsl:template match="tei:head">
    <div class="head"><xsl:apply-templates/></div>
  </xsl:template>

  <!-- HTML's parser closes an open <p> at the first block element, so a TEI p may become
       <p> only when nothing inside it renders as a block (notes are excepted: only their
       call stays in the text). Any other p becomes <div class="p">, which looks the same. -->
  <xsl:function name="h:holds-blocks" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="notes" as="element()*" select="$e//tei:note[te:is-text-note(.)]"/>
    <xsl:sequence select="exists($e//(tei:p | tei:ab | tei:list | tei:table | tei:lg | tei:figure | tei:cit
        | tei:div | tei:floatingText | tei:listBibl | tei:head | tei:sp | tei:quote[parent::tei:cit])
        [empty(ancestor::tei:note intersect $notes)])"/>
  </xsl:function>

  <xsl:template match="tei:p | tei:ab">
    <xsl:variable name="blocks" as="xs:boolean" select="h:holds-blocks(.)"/>
    <xsl:element name="{if ($blocks) then 'div' else 'p'}">
      <xsl:if test="$blocks"><xsl:attribute name="class" select="'p'"/></xsl:if>
      <xsl:call-template name="h:id"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <!-- Lists: gloss lists as description lists, numbered ones as ol, the rest as ul. -->
  <xsl:template match="tei:list">
    <xsl:apply-templates select="tei:head"/>
    <xsl:element name="{if (@type = ('ordered', 'numbered') or @rend = ('numbered', 'ordered')) then 'ol' else 'ul'}">
      <xsl:call-template name="h:id"/>
      <xsl:apply-templates select="node() except tei:head"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:list/tei:item">
    <li><xsl:call-template name="h:id"/><xsl:apply-templates/></li>
  </xsl:template>

  <xsl:template match="tei:list[@type = 'gloss' or tei:label]">
    <xsl:apply-templates select="tei:head"/>
    <dl><xsl:call-template name="h:id"/><xsl:apply-templates select="node() except tei:head"/></dl>
  </xsl:template>
  <xsl:template match="tei:list[@type = 'gloss' or tei:label]/tei:label">
    <dt><xsl:call-template name="h:id"/><xsl:apply-templates/></dt>
  </xsl:template>
  <xsl:template match="tei:list[@type = 'gloss' or tei:label]/tei:item" priority="2">
    <dd><xsl:call-template name="h:id"/><xsl:apply-templates/></dd>
  </xsl:template>

  <!-- Tables: role="label" cells are headers; cols/rows span. -->
  <xsl:template match="tei:table">
    <div class="table-wrap">
      <table>
        <xsl:call-template name="h:id"/>
        <xsl:if test="tei:head">
          <caption><xsl:apply-templates select="tei:head/node()"/></caption>
        </xsl:if>
        <tbody><xsl:apply-templates select="tei:row"/></tbody>
      </table>
      <!-- Anything else in the table (not allowed in an HTML table) follows it. -->
      <xsl:apply-templates select="node() except (tei:head, tei:row)"/>
    </div>
  </xsl:template>
  <xsl:template match="tei:table/tei:row">
    <tr>
      <xsl:apply-templates select="tei:cell"/>
      <xsl:if test="(node() except tei:cell)[normalize-space() or self::*]">
        <td><xsl:apply-templates select="node() except tei:cell"/></td>
      </xsl:if>
    </tr>
  </xsl:template>
  <xsl:template match="tei:table/tei:row/tei:cell">
    <xsl:element name="{if (@role = 'label' or ../@role = 'label') then 'th' else 'td'}">
      <xsl:if test="@cols castable as xs:positiveInteger"><xsl:attribute name="colspan" select="@cols"/></xsl:if>
      <xsl:if test="@rows castable as xs:positiveInteger"><xsl:attribute name="rowspan" select="@rows"/></xsl:if>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <!-- Figures, verse, block quotations: editorial.xsl. -->


  <!-- Quotations: block quotes when they stand between paragraphs or hold blocks. -->
  <xsl:template match="tei:quote[parent::tei:div or parent::tei:body or parent::tei:cit or tei:p or tei:lg]">
    <blockquote><xsl:call-template name="h:id"/><xsl:apply-templates/></blockquote>
  </xsl:template>
  <xsl:template match="tei:cit">
    <div class="cit"><xsl:apply-templates/></div>
  </xsl:template>

  <!-- Page breaks of the source: a marker in the margin of the text, not a break. -->
  <xsl:template match="tei:pb">
    <span class="pb" role="note">
      <xsl:call-template name="h:id"/>
      <xsl:value-of select="'[' || te:label('page', te:lang(.)) || (' ' || @n)[exists(current()/@n)] || ']'"/>
    </span>
    <xsl:apply-templates/>
  </xsl:template>
  <!-- Empty in TEI; text someone put inside anyway is kept (here and for pb, gap, graphic). -->
  <xsl:template match="tei:lb">
    <br/>
    <xsl:apply-templates/>
  </xsl:template>

  <!-- xml:id becomes id, so that pointers into the text work. -->
  <xsl:template name="h:id">
    <xsl:if test="@xml:id">
      <xsl:attribute name="id" select="@xml:id"/>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
