"""Metadata crosswalks (xslt/dc.xsl, xslt/datacite.xsl, xslt/bag-info.xsl) from the teiHeader.

The XSD schemas of oai_dc and DataCite kernel-4 are not shipped by any PyPI, npm or Debian
package (checked again for issue 16: datacite 1.4.1 ships JSON schemas only, its sdist no
XSD; dcxml, invenio-oaiserver, pyoai, libhttp-oai-perl ship none of them), and CI reaches no
other host, so these tests check what the schemas require instead: the mandatory properties,
the element names and the order kernel-4.5 gives a creator's parts, each of resource's
children at most once (xs:all), and the controlled vocabularies (values of DataCite 4.5).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from teiedition.archive import header_fields, metadata_record
from teiedition.transform import TransformError
from teiedition.xmlsafe import parse_bytes

from .conftest import ROOT, SAMPLE_TEI

FIXTURES = ROOT / "tests" / "fixtures" / "archive"
FULL = FIXTURES / "full-header.xml"
BARE = FIXTURES / "bare-header.xml"

DC = "http://purl.org/dc/elements/1.1/"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DATACITE = "http://datacite.org/schema/kernel-4"
NS = {"dc": DC, "oai_dc": OAI_DC, "d": DATACITE}

# The fifteen elements of the Dublin Core Metadata Element Set: oai_dc allows these only.
DC_ELEMENTS = {"title", "creator", "subject", "description", "publisher", "contributor", "date",
               "type", "format", "identifier", "source", "language", "relation", "coverage", "rights"}

# DataCite 4.5 controlled lists (the values the kernel-4.5 XSD enumerates).
RESOURCE_TYPE_GENERAL = {
    "Audiovisual", "Book", "BookChapter", "Collection", "ComputationalNotebook", "ConferencePaper",
    "ConferenceProceeding", "DataPaper", "Dataset", "Dissertation", "Event", "Image", "Instrument",
    "InteractiveResource", "Journal", "JournalArticle", "Model", "OutputManagementPlan",
    "PeerReview", "PhysicalObject", "Preprint", "Report", "Service", "Software", "Sound",
    "Standard", "StudyRegistration", "Text", "Workflow", "Other"}
RELATION_TYPE = {
    "IsCitedBy", "Cites", "IsCollectedBy", "Collects", "IsSupplementTo", "IsSupplementedBy",
    "IsContinuedBy", "Continues", "IsDescribedBy", "Describes", "HasMetadata", "IsMetadataFor",
    "HasVersion", "IsVersionOf", "IsNewVersionOf", "IsPartOf", "IsPreviousVersionOf",
    "IsPublishedIn", "HasPart", "IsReferencedBy", "References", "IsDocumentedBy", "Documents",
    "IsCompiledBy", "Compiles", "IsVariantFormOf", "IsOriginalFormOf", "IsIdenticalTo",
    "IsReviewedBy", "Reviews", "IsDerivedFrom", "IsSourceOf", "IsRequiredBy", "Requires",
    "IsObsoletedBy", "Obsoletes"}
IDENTIFIER_TYPE = {"ARK", "arXiv", "bibcode", "DOI", "EAN13", "EISSN", "Handle", "IGSN", "ISBN",
                   "ISSN", "ISTC", "LISSN", "LSID", "PMID", "PURL", "UPC", "URL", "URN", "w3id"}
CONTROLLED = {  # attribute -> allowed values
    "resourceTypeGeneral": RESOURCE_TYPE_GENERAL,
    "relatedItemType": RESOURCE_TYPE_GENERAL,
    "relationType": RELATION_TYPE,
    "relatedIdentifierType": IDENTIFIER_TYPE,
    "relatedItemIdentifierType": IDENTIFIER_TYPE,
    "descriptionType": {"Abstract", "Methods", "SeriesInformation", "TableOfContents",
                        "TechnicalInfo", "Other"},
    "titleType": {"AlternativeTitle", "Subtitle", "TranslatedTitle", "Other"},
    "dateType": {"Accepted", "Available", "Copyrighted", "Collected", "Created", "Issued",
                 "Submitted", "Updated", "Valid", "Withdrawn", "Other"},
    "nameType": {"Organizational", "Personal"},
    "contributorType": {"ContactPerson", "DataCollector", "DataCurator", "DataManager",
                        "Distributor", "Editor", "HostingInstitution", "Producer",
                        "ProjectLeader", "ProjectManager", "ProjectMember", "RegistrationAgency",
                        "RegistrationAuthority", "RelatedPerson", "Researcher", "ResearchGroup",
                        "RightsHolder", "Sponsor", "Supervisor", "WorkPackageLeader", "Other"},
}
# Elements of the kernel-4.5 schema (direct children of resource, and those used below them).
DATACITE_ELEMENTS = {
    "resource", "identifier", "creators", "creator", "creatorName", "givenName", "familyName",
    "nameIdentifier", "affiliation", "titles", "title", "publisher", "publicationYear",
    "resourceType", "subjects", "subject", "contributors", "contributor", "contributorName",
    "dates", "date", "language", "alternateIdentifiers", "alternateIdentifier",
    "relatedIdentifiers", "relatedIdentifier", "sizes", "size", "formats", "format", "version",
    "rightsList", "rights", "descriptions", "description", "geoLocations", "fundingReferences",
    "relatedItems", "relatedItem", "relatedItemIdentifier", "volume", "issue", "number",
    "firstPage", "lastPage", "edition"}


TEI_NS = {"t": "http://www.tei-c.org/ns/1.0"}


def _sample(xpath: str) -> str | None:
    """A value of the sample's header, so these tests follow the sample when it is rebuilt
    (with an edition date, a publisher) instead of pinning today's header."""
    found = parse_bytes(SAMPLE_TEI.read_bytes(), str(SAMPLE_TEI)).xpath(xpath, namespaces=TEI_NS)
    if not found:
        return None
    value = found[0] if isinstance(found[0], str) else "".join(found[0].itertext())
    return " ".join(value.split())


def _sample_publisher() -> str:
    for element in ("publisher", "distributor"):  # the documented order; an authority is not one
        value = _sample(f"//t:publicationStmt/t:{element}")
        if value:
            return value
    return "(:unav)"


def _dc(tei: Path, fallback: str | None = None):
    return parse_bytes(metadata_record(tei, "dc", fallback), "dc.xml").getroot()


def _datacite(tei: Path, fallback: str | None = None):
    return parse_bytes(metadata_record(tei, "datacite", fallback), "datacite.xml").getroot()


def _texts(root, path: str) -> list[str]:
    return [e.text or "" for e in root.findall(path, NS)]


def _check_oai_dc(root) -> None:
    assert root.tag == f"{{{OAI_DC}}}dc"
    for child in root:
        assert child.tag.startswith(f"{{{DC}}}"), child.tag
        assert child.tag.split("}")[1] in DC_ELEMENTS, child.tag
        assert len(child) == 0 and (child.text or "").strip(), f"{child.tag} must be plain, non-empty text"


def _check_datacite(root) -> None:
    """The mandatory properties, known element names, controlled values and value formats."""
    assert root.tag == f"{{{DATACITE}}}resource"
    for el in root.iter():
        assert el.tag.startswith(f"{{{DATACITE}}}"), el.tag
        assert el.tag.split("}")[1] in DATACITE_ELEMENTS, el.tag
        for attr, allowed in CONTROLLED.items():
            if attr in el.attrib:
                assert el.attrib[attr] in allowed, (el.tag, attr, el.attrib[attr])
    for mandatory in ("d:creators/d:creator/d:creatorName", "d:titles/d:title", "d:publisher",
                      "d:publicationYear", "d:resourceType"):
        values = _texts(root, mandatory)
        assert values and all(v.strip() for v in values), mandatory
    assert re.fullmatch(r"\d{4}", root.findtext("d:publicationYear", namespaces=NS))
    assert root.find("d:resourceType", NS).get("resourceTypeGeneral")
    for date in root.findall("d:dates/d:date", NS):
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", date.text), date.text
    # identifier is mandatory: the DOI, or DataCite's standard value "(:tba)" (to be assigned).
    identifier = root.find("d:identifier", NS)
    assert identifier.get("identifierType") == "DOI"
    assert identifier.text == "(:tba)" or re.fullmatch(r"10\.\d{4,9}/\S+", identifier.text)
    # resource is an xs:all: each property at most once.
    names = [child.tag for child in root]
    assert len(names) == len(set(names))
    # A creator or contributor: its name first, then givenName, familyName (an xs:sequence),
    # "Family, Given" for a person.
    for person in root.iter(f"{{{DATACITE}}}creator", f"{{{DATACITE}}}contributor"):
        parts = [c.tag.split("}")[1] for c in person]
        assert parts[0] in ("creatorName", "contributorName")
        assert parts[1:] in ([], ["givenName", "familyName"], ["familyName"], ["givenName"])
        name = person[0]
        if name.get("nameType") == "Personal" and len(person) == 3:
            assert name.text == f"{person[2].text}, {person[1].text}"
    for rights in root.iter(f"{{{DATACITE}}}rights"):
        if rights.get("rightsIdentifier"):
            assert rights.get("rightsIdentifierScheme") == "SPDX" and rights.get("rightsURI")


# --------------------------------------------------------------------------- the sample

def test_sample_dc_holds_the_acceptance_fields():
    root = _dc(SAMPLE_TEI)
    _check_oai_dc(root)
    assert _texts(root, "dc:title") == [
        ("From Co-operation to Confrontation: The End of Rapallo and the Turn to Collective "
         "Security, 1933–1935")]
    assert _texts(root, "dc:creator") == ["Geoffrey Roberts"]
    # Without an edition date in the header, the documented fallback is the source's year.
    edition = _sample("//t:publicationStmt/t:date/@when")
    assert _texts(root, "dc:date") == [edition or "1995"]
    publisher = _sample_publisher()
    assert publisher and _texts(root, "dc:publisher") == [publisher]
    assert "© Geoffrey Roberts 1995" in _texts(root, "dc:rights")
    # The relation to the source chapter, as a citation (the sample's source has no identifier).
    for element in ("dc:source", "dc:relation"):
        (value,) = _texts(root, element)
        assert "From Co-operation to Confrontation" in value and "1995" in value
    # A checksum of the source text resolves to nothing: it is no dc:identifier.
    assert _texts(root, "dc:identifier") == [
        f"https://doi.org/{doi}" for doi in [_sample("//t:publicationStmt/t:idno[@type='DOI']")] if doi]
    # The chapter's title keeps the quotation marks the editions print around it.
    assert "‘From Co-operation to Confrontation" in _texts(root, "dc:source")[0]
    assert _texts(root, "dc:language") == ["en"]
    assert _texts(root, "dc:type") == ["Text"]
    assert _texts(root, "dc:description")[0].startswith("At the moment of Hitler’s accession")


def test_sample_datacite_holds_the_acceptance_fields():
    root = _datacite(SAMPLE_TEI)
    _check_datacite(root)
    assert _texts(root, "d:creators/d:creator/d:creatorName") == ["Roberts, Geoffrey"]
    creator = root.find("d:creators/d:creator", NS)
    assert creator.find("d:creatorName", NS).get("nameType") == "Personal"
    assert (creator.findtext("d:givenName", namespaces=NS), creator.findtext("d:familyName", namespaces=NS)) == (
        "Geoffrey", "Roberts")
    assert _texts(root, "d:titles/d:title")[0].startswith("From Co-operation to Confrontation")
    edition = _sample("//t:publicationStmt/t:date/@when")
    assert root.findtext("d:publicationYear", namespaces=NS) == (edition or "1995")[:4]
    assert root.findtext("d:publisher", namespaces=NS) == _sample_publisher()
    assert "© Geoffrey Roberts 1995" in _texts(root, "d:rightsList/d:rights")
    # No DOI in the header: none is invented, "(:tba)" says it is to be assigned; the source
    # hash is an alternate identifier.
    assert root.findtext("d:identifier", namespaces=NS) == "(:tba)"
    alt = root.find("d:alternateIdentifiers/d:alternateIdentifier", NS)
    assert alt.get("alternateIdentifierType") == "sha256" and alt.text.startswith("6442459b")
    (item,) = root.findall("d:relatedItems/d:relatedItem", NS)
    assert item.get("relationType") == "IsDerivedFrom"
    assert item.get("relatedItemType") == "BookChapter"
    assert item.findtext("d:titles/d:title", namespaces=NS).startswith("From Co-operation")
    assert item.findtext("d:publicationYear", namespaces=NS) == "1995"
    assert _texts(root, "d:descriptions/d:description")[0].startswith("At the moment")
    assert root.find("d:descriptions/d:description", NS).get("descriptionType") == "Abstract"


# --------------------------------------------------------------------------- a full header

def test_full_header_dc():
    root = _dc(FULL)
    _check_oai_dc(root)
    # The note inside the title is commentary and stays out; "&" survives as text.
    assert _texts(root, "dc:title") == ["Ideas & Interests: Soviet Diplomacy, 1933–1935"]
    assert _texts(root, "dc:creator") == ["Anna Beispiel", "Jan Muster"]
    assert _texts(root, "dc:date") == ["2026-01-31"]
    # The email is the publisher's address, not part of its name.
    assert _texts(root, "dc:publisher") == ["Institut für Editionen"]
    assert _texts(root, "dc:rights") == ["CC BY 4.0 https://creativecommons.org/licenses/by/4.0/"]
    assert _texts(root, "dc:relation") == ["Derived from: https://doi.org/10.5072/source.chapter"]
    assert "copyright" not in _texts(root, "dc:source")[0].lower()  # notes of the bibl left out
    assert _texts(root, "dc:identifier") == ["https://doi.org/10.5072/teiedition.test"]
    assert _texts(root, "dc:language") == ["de"]
    assert _texts(root, "dc:description") == ["Erster Absatz.\n\nZweiter Absatz."]


def test_full_header_datacite():
    root = _datacite(FULL)
    _check_datacite(root)
    assert root.findtext("d:identifier", namespaces=NS) == "10.5072/teiedition.test"
    assert _texts(root, "d:creators/d:creator/d:creatorName") == ["Beispiel, Anna", "Muster, Jan"]
    assert _texts(root, "d:creators/d:creator/d:familyName") == ["Beispiel", "Muster"]
    titles = root.findall("d:titles/d:title", NS)
    assert [t.text for t in titles] == ["Ideas & Interests", "Soviet Diplomacy, 1933–1935"]
    assert titles[1].get("titleType") == "Subtitle"
    assert root.findtext("d:publisher", namespaces=NS) == "Institut für Editionen"
    assert root.findtext("d:publicationYear", namespaces=NS) == "2026"
    dates = {d.get("dateType"): d.text for d in root.findall("d:dates/d:date", NS)}
    assert dates == {"Issued": "2026-01-31", "Created": "1999"}
    rights = root.find("d:rightsList/d:rights", NS)
    assert rights.text == "CC BY 4.0"
    assert rights.get("rightsURI") == "https://creativecommons.org/licenses/by/4.0/"
    assert (rights.get("rightsIdentifier"), rights.get("rightsIdentifierScheme")) == ("CC-BY-4.0", "SPDX")
    rel = root.find("d:relatedIdentifiers/d:relatedIdentifier", NS)
    assert (rel.get("relatedIdentifierType"), rel.get("relationType"), rel.text) == (
        "DOI", "IsDerivedFrom", "10.5072/source.chapter")
    item = root.find("d:relatedItems/d:relatedItem", NS)
    assert item.findtext("d:relatedItemIdentifier", namespaces=NS) == "10.5072/source.chapter"
    assert item.findtext("d:publisher", namespaces=NS) == "Verlag X"
    assert _texts(item, "d:contributors/d:contributor/d:contributorName") == ["Herausgeber, Karl"]
    assert root.findtext("d:version", namespaces=NS) == "2.1"


def test_full_header_bag_info_fields():
    fields = header_fields(FULL)
    assert fields["Source-Organization"] == "Institut für Editionen"
    assert fields["Contact-Name"] == "Institut für Editionen"
    assert fields["Contact-Email"] == "editionen@example.org"
    assert fields["External-Identifier"] == "https://doi.org/10.5072/teiedition.test"
    assert fields["External-Description"].startswith(
        "TEI P5 edition of “Ideas & Interests” by Anna Beispiel, Jan Muster")
    assert fields["edition-date"] == "2026-01-31"


# --------------------------------------------------------------------------- a bare header

def test_bare_header_gives_valid_records_with_documented_fallbacks():
    dc, datacite = _dc(BARE, "2021-03-04"), _datacite(BARE, "2021-03-04")
    _check_oai_dc(dc)
    _check_datacite(datacite)
    # DataCite's standard value "(:unav)" stands for a mandatory value the header lacks.
    assert _texts(dc, "dc:publisher") == ["(:unav)"]
    assert datacite.findtext("d:publisher", namespaces=NS) == "(:unav)"
    assert datacite.findtext("d:publicationYear", namespaces=NS) == "2021"
    assert _texts(dc, "dc:rights") == ["Rights not stated in the TEI header"]
    assert datacite.find("d:relatedItems", NS) is None  # no source: nothing invented


def test_bare_header_without_any_date_is_an_error_naming_what_to_add():
    with pytest.raises(TransformError, match="no date"):
        metadata_record(BARE, "datacite")


def test_source_year_is_the_fallback_when_there_is_no_edition_date(tmp_path: Path):
    text = FULL.read_text("utf-8")
    undated = tmp_path / "undated.xml"
    undated.write_text(text.replace('<date when="2026-01-31">31 January 2026</date>', "")
                       .replace(' when="2025-12-01"', ""), "utf-8")
    fields = header_fields(undated)
    assert "edition-date" not in fields
    assert fields["year"] == "1999"
    assert _datacite(undated).findtext("d:publicationYear", namespaces=NS) == "1999"


def test_latest_dated_change_stands_in_for_a_missing_edition_date(tmp_path: Path):
    text = FULL.read_text("utf-8")
    undated = tmp_path / "changed.xml"
    undated.write_text(text.replace('<date when="2026-01-31">31 January 2026</date>', "")
                       .replace('<change when="2025-12-01">Converted.</change>',
                                '<change when="2025-12-01">Converted.</change>'
                                '<change when="2025-12-24">Corrected.</change>'), "utf-8")
    assert header_fields(undated)["edition-date"] == "2025-12-24"


@pytest.mark.parametrize("header, year", [
    (('<publicationStmt><date>2019-05-01</date></publicationStmt>'
      '<sourceDesc><p>Born digital.</p></sourceDesc>'), "2019"),
    (('<publicationStmt><p>Unpublished.</p></publicationStmt>'
      '<sourceDesc><msDesc><msIdentifier><idno>MS 1</idno></msIdentifier><history><origin>'
      '<origDate notBefore="1888" notAfter="1890">c. 1889</origDate></origin></history></msDesc>'
      '</sourceDesc>'), "1888"),
], ids=["publication date as text", "manuscript origDate"])
def test_dates_of_other_projects_headers_are_found(tmp_path: Path, header: str, year: str):
    tei = tmp_path / "other.xml"
    tei.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc>'
                   f'<titleStmt><title>T</title></titleStmt>{header}</fileDesc></teiHeader>'
                   '<text><body><p/></body></text></TEI>', "utf-8")
    root = _datacite(tei)
    _check_datacite(root)
    assert root.findtext("d:publicationYear", namespaces=NS) == year


@pytest.mark.parametrize("name", ["render/generic.xml", "render/hostile.xml", "valid/generic-tei.xml",
                                  "print/footnotes.xml", "print/rapallo-hand.xml"])
def test_other_fixtures_give_valid_records(name: str):
    # Other projects' TEI and hostile text: records stay well-formed and complete (a date is
    # supplied as the bagging date would be, since some of these headers have none).
    tei = ROOT / "tests" / "fixtures" / name
    _check_oai_dc(_dc(tei, "2020-01-01"))
    _check_datacite(_datacite(tei, "2020-01-01"))


def test_the_bagging_date_dates_an_undated_edition_before_the_source_does():
    # An edition made in 2026 from a 1995 chapter was published no earlier than its bag:
    # publicationYear 1995 said the edition was as old as the chapter.
    root = _datacite(SAMPLE_TEI, "2026-11-29")
    edition = _sample("//t:publicationStmt/t:date/@when")
    assert root.findtext("d:publicationYear", namespaces=NS) == (edition or "2026")[:4]
    dates = {d.get("dateType"): d.text for d in root.findall("d:dates/d:date", NS)}
    assert dates["Created"] == "1995"  # the chapter keeps its own year
