"""Regular expressions shared by the parser and the splitter: the vocabulary of citations.

Kept in one place so that what counts as a locator, a name or a date is the same when
deciding where a citation starts (split) and what its parts are (parse).
"""
from __future__ import annotations

import re

UP = "A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁ"
LO = "a-zß-öø-ÿā-žа-яё"
APOS = "’'"

MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|"
         r"December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)")
SEASON = r"(?:[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter)"
YEAR = r"(?:1[4-9]\d\d|20\d\d)"
YEAR_RANGE = rf"{YEAR}(?:\s*[–-]\s*\d{{1,4}})?"

# A date as printed where it is not just a year: "February 11, 1864", "autumn 1993",
# "June, July, August and October 1963", "11 February 1864".
DATE_WORDS = re.compile(
    rf"(?:(?:\d{{1,2}}\s+)?(?:{MONTH}|{SEASON})(?:\s+\d{{1,2}}(?:\s*[–-]\s*\d{{1,2}})?)?"
    rf"(?:,\s*|\s+and\s+|\s*[–/-]\s*|\s+))+{YEAR}(?:\s*[–/-]\s*\d{{2,4}})?(?![\d])")
DATEISH = re.compile(
    rf"(?:{DATE_WORDS.pattern}|{YEAR}(?:\s*[–/-]\s*\d{{2,4}})?[a-z]?(?:\s*\[[^\]]*\])?"
    rf"|n\.\s?d\.(?:\s*\[[^\]]*\])?|forthcoming|in press)")

INITIALS = rf"(?:[{UP}][{LO}]?\.\s?-?){{1,5}}"  # bounded: "A. B. A. B. ..." must not backtrack for ever
GIVEN = rf"[{UP}][{LO}{APOS}\-]+(?:[{UP}][{LO}]+)?"  # "Ian", "McEwan"
PARTICLE = r"(?:de|da|di|du|del|della|dei|degli|van|von|der|den|le|la|los|las|ter|ten|dos|das|St\.)"
SURNAME = rf"(?:{PARTICLE}\s+)*[{UP}][{LO}{APOS}\-]+(?:[{UP}][{LO}{APOS}\-]+)*"
# A forename's initial may lack its period ("Ernst H Kantorowicz").
NAME = re.compile(rf"(?:{INITIALS}|{GIVEN}\s+|[{UP}]\s+(?=[{UP}][{LO}])){{0,3}}{SURNAME}\b")
# A letter or despatch: "Adams to Seward, February 11, 1864", "Perry (Madrid) to Seward, June
# 13, 1861", "letter from Frederick Seward to Defrees, December 12, 1861". Its correspondents
# are not a title: only a date (or "in" the volume that prints it) confirms the form.
_PERSON = rf"{NAME.pattern}(?:\s+\([^()]{{1,40}}\))?"
LETTER = re.compile(rf"(?:[Ll]etter\s+from\s+)?{_PERSON}\s+to\s+(?:the\s+)?{_PERSON}"
                    rf"(?=,?\s+{DATE_WORDS.pattern}|\s+in\s+[{UP}])")
# A newspaper's place in parentheses before the issue's date: "The Sun (Baltimore), December
# 8, 1862". No year, no colon: not an imprint.
_PLACE = rf"[{UP}][^()\[\]\d:;]{{1,40}}"
PLACE_BEFORE_DATE = re.compile(rf"\s*(?:\((?P<place>{_PLACE})\)|\[(?P<bplace>{_PLACE})\])"
                               rf"(?=,\s+{DATE_WORDS.pattern})")
# The editor's place before a newspaper's title: "[Washington D.C.] Evening Union, February 2,
# 1864" (no comma in it: "[Smith, J.]" is an attribution).
PLACE_BEFORE_TITLE = re.compile(rf"\[(?P<place>[{UP}][^\[\](),\d:;]{{1,40}})\]\s+"
                                rf"(?=[{UP}][^,]{{1,60}},\s+{DATE_WORDS.pattern})")
CAPS_SURNAME = re.compile(rf"[{UP}]{{2,}}(?:[-\s][{UP}]{{2,}})*(?=,?\s+[{UP}])")
INITIALS_ONLY = re.compile(rf"(?:[{UP}][{LO}]?\.\s?-?){{1,5}}")
GIVEN_PART = re.compile(rf"(?:{INITIALS}|{GIVEN}\s?){{1,3}}")
# Forenames, longest first; a trailing particle belongs to them ("Camões, Luís de").
GIVEN_PARTS = [re.compile(rf"(?:{INITIALS}|{GIVEN}\s?){{1,{k}}}(?:(?:de|da|do|van|von|der|du|del|di)\b)?")
               for k in (3, 2, 1)]
NAME_JOIN = re.compile(r",?\s+(?:and|&|et|und)\s+(?!al\b)|\s*&\s*|,\s+(?=\S)")
ROLE_PAREN = re.compile(r",?\s*\((?P<role>[Ee]ds?\.?|hrsg\.?|Hrsg\.?|Hg\.?|dir\.?|comps?\.?|"
                        r"trans\.?|tr\.?)\)")
# "Wallace and Gillespie, eds., The Journal": a role after a comma is followed by another.
ROLE_COMMA = re.compile(rf",\s+(?P<role>(?:eds?\.|editors?|trans\.|comps?\.)(?=\s*[,:])|eds\.(?=\s+[{UP}]))")

# Words a title made only of capitals-and-particles would still contain: not a person's name.
NOT_NAME_WORDS = {"The", "A", "An", "See", "Cited", "For", "On", "In", "This", "That", "These",
                  "Ibid", "Vol", "No", "Series", "Documents", "Report", "Official", "Appendix",
                  "Soviet", "British", "American", "German", "French", "Department", "Office",
                  "National", "Congressional", "Journal", "History", "Proceedings"}

LABEL = (r"(?:vols?\.?\s*[\dIVXLivxl]|Vols?\.?\s*[\dIVXLivxl]|[Vv]olumes?\s+[\dIVXL]|"
         r"nos?\.\s*\d|Nos?\.\s*\d|issue\s+\d|pp?\.\s*[\dxivlc]|Pp\.\s*\d|pages?\s+\d|"
         r"docs?\.?\s*\d|Docs?\.?\s*\d|[Dd]ocuments?\s+\d|chs?\.\s*\d|chap\.\s*\d|Ch\.\s*\d|"
         r"[Cc]hapters?\s+\d|nn?\.\s*\d|notes?\s+\d|series\s+[A-Z\d]|ser\.\s*\d|"
         r"[Pp]art\s+[IVX\d]|pt\.?\s*\d|app\.\s*\w|[Aa]ppendix\s+\w|fols?\.\s*\d|"
         r"[Ee]ds?\.\s|[Ee]dited\s+by|[Tt]rans\.|[Tt]ranslated\s+by)")
LOCATOR_AHEAD = re.compile(LABEL)

NUM = r"[\dxivlcXIVLC]+"
RANGE = rf"{NUM}(?:\s*[–-]\s*{NUM})?"
PAGES = re.compile(rf"(?P<label>pp?\.|Pp?\.|pages?)\s*(?P<v>\d[\d]*(?:\s*[–-]\s*\d+)?[a-z]?"
                   rf"(?:(?:,\s*|\s+and\s+)\d+(?:\s*[–-]\s*\d+)?(?![\d.]*\s*\())*|[xivlc]+"
                   rf"(?:\s*[–-]\s*[xivlc]+)?)(?:\s*ff?\.)?(?:,?\s+passim)?")
BARE_PAGES = re.compile(r"(?P<v>(?:\d+(?:\s*[–-]\s*\d+)?|[xivlc]+(?:\s*[–-]\s*[xivlc]+)?)"
                        r"(?:,\s*\d+(?:\s*[–-]\s*\d+)?)*)"
                        r"(?![\d.]*\s*\()(?![\w])")
DOCS = re.compile(r"(?P<label>docs?\.?|Docs?\.?|documents?|Documents?)\s*"
                  r"(?P<v>\d+[a-z]?(?:(?:,\s*|\s+and\s+|\s*[–-]\s*)\d+[a-z]?)*)")
VOLUME = re.compile(rf"(?P<label>vols?\.|Vols?\.|[Vv]ols?(?=\s+[\dIVX])|[Vv]olumes?)\s*(?P<v>[\dIVXLCivxlc]+"
                    rf"(?:\s*[–-]\s*[\dIVXLCivxlc]+)?)\b")
VOLUME_COUNT = re.compile(r"\d+\s+vols?\.?")
ISSUE = re.compile(r"(?P<label>nos?\.|Nos?\.|[Nn]os?(?=\s+\d)|issue|Issue)\s*(?P<v>\d+[\w/–-]*)")
SERIES = re.compile(r"(?P<label>series|Series|ser\.)\s+(?P<v>[A-Z\d]+)\b"
                    r"|(?P<v2>\d+)(?:st|nd|rd|th)\s+(?:series|Series|ser\.)")
# An archive's shelfmark ("FO 371/22288", "CAB 23/95"): printed, not one of our parts.
SHELFMARK = re.compile(r"[A-Z]{1,6}\s?\d+(?:/\d+)+[a-z]?")
PART = re.compile(r"(?P<label>pt\.?|[Pp]art)\s+(?P<v>[IVX\d]+)\b")
CHAPTER = re.compile(r"(?P<label>chs?\.|chap\.|Ch\.|[Cc]hapters?)\s*(?P<v>\d+|[IVX]+)\b")
NOTE_REF = re.compile(r"(?P<label>nn?\.|notes?)\s*(?P<v>\d+(?:\s*[–-]\s*\d+)?)\b")
APPENDIX = re.compile(r"(?P<label>app\.|[Aa]ppendix)\s+(?P<v>[\dA-Z]+)\b")
ROLE_LABEL = re.compile(r"(?P<role>[Ee]ds?\.|[Ee]dited|[Tt]rans\.|[Tt]ranslated)\s+(?:by\s+)?")
PREFIX_RANGE = re.compile(r"(?P<label>Appendix|App\.|Chapter|Ch\.|ch\.|chap\.|Part|pt\.)\s+"
                          r"(?P<v>[\dIVXA-Z]+)\s+(?:of|in)\s+")
# A journal known by the volume and pages after it: "Journal of Animal Ecology 77: 830–837".
JOURNAL_VOLUME = re.compile(rf"(?P<j>[{UP}][^.,:;()\d]{{1,80}}?)[,.]?\s+(?P<v>\d+)"
                            r"(?:\s*\((?P<i>[\w–-]+)\))?\s*[:,]\s*(?P<p>\d+(?:\s*[–-]\s*\d+)?)")
# The year after the names in author-date styles: "(2014). ", "2009. ", "(2006): ".
AUTHOR_YEAR = re.compile(rf"\(?{YEAR}[a-z]?\)?[.,:]?\s+(?=\S)")
OP_CIT = re.compile(r"(?:op\.\s?cit\.|loc\.\s?cit\.)", re.I)
ET_AL = re.compile(r",?\s+et\s+al\.?")
IBID = re.compile(r"(?:[Ii]bid(?:em)?\.?|[Ii]b\.)(?![\w])")
HEREAFTER = re.compile(r"\(\s*(?:hereafter|henceforth|hereinafter)(?:\s+cited\s+as)?\s+"
                       r"(?P<v>[^()]+?)\s*\)")
OPEN_QUOTES = {"‘": "’", "“": "”", '"': '"', "«": "»", "``": "''", "„": "“"}

PUBLISHER_WORDS = re.compile(
    r"\b(?:Press|Presses|Verlag|Publishers?|Publishing|Publications|Books|University|"
    r"Universit\w+|Co\.|Company|Inc\.?|Ltd\.?|Office|Editions|Éditions|Edizioni|Sons|"
    r"Clarendon|Penguin|Routledge|Macmillan|Blackwell|Harper|Wiley|Springer|Brill|"
    r"Gallimard|Seuil|Nauka|Politizdat|Mysl)\b")

# Abbreviations after which a period does not end a sentence or a bibliography field.
ABBREV_BEFORE_PERIOD = re.compile(
    rf"(?:\b[{UP}][a-z]?|\b(?:Mr|Mrs|Dr|St|Jr|Sr|vs|cf|ed|eds|vol|vols|no|nos|pp|p|doc|docs|ch|"
    r"chap|n|nn|f|ff|op|d|l|ll|r|v|s|trans|rev|repr|Co|Inc|Ltd|Bros|Vol|No|Pp|Ibid|ibid|op|cit|al|viz|ca|c|"
    r"fol|fols|Ch|pt|ser|Ser|esp|Gov|Govt|Cong|Sess|Rep|Rpt|Rept|Stat|Doc|Docs|Ex|misc|misdoc|Univ|Dept|Ga|Ala|Va|Md|"
    r"Mass|Penn|Conn|Calif|Wash|Ky|Tenn|Mich|Ill|Wis|Minn|Ia|Ma|MA))$")

FUNCTION_WORDS = {
    "the", "a", "an", "of", "and", "in", "on", "for", "to", "with", "by", "at", "from", "as",
    "or", "into", "upon", "between", "against", "under", "over", "after", "before", "its",
    "their", "his", "her", "is", "de", "la", "le", "les", "des", "du", "et", "à", "au", "aux",
    "en", "und", "der", "die", "das", "von", "zu", "im", "am", "für", "zur", "zum", "des", "dem",
    "den", "el", "y", "del", "di", "della", "e", "per", "il", "i", "v", "vo", "po", "na", "s",
    "so", "k", "o", "ob", "ot", "do", "iz", "za", "pri", "protiv", "delle", "degli", "dei",
    "sur", "dans", "pour", "par", "une", "un", "ein", "eine", "van", "het", "een", "en",
    "during", "since", "these", "those", "this", "that", "through", "within", "without", "among",
}

EDITION = (r"(?:\d+(?:st|nd|rd|th|e|er)\.?\s+(?:[Rr]ev(?:ised)?\.?\s+)?(?:edn|ed|[Ee]dition|Aufl|éd)\b\.?|"
           r"[Rr]ev(?:ised)?\.?\s+(?:edn|ed|edition)\b\.?|\d+\s+vols?\.?)")
# An unbracketed imprint ahead: "Place: Publisher, 2005", "Publisher Press, 1998", "Paris, Gallimard, 2000".
IMPRINT_AHEAD = (rf"(?:[{UP}][^,();:.]{{1,40}}(?:,\s*[A-Z]{{2}}\.?)?\s*:\s*[^,();]{{2,60}}?,?\s+{YEAR}"
                 rf"|[{UP}][^,();:]{{1,50}},\s*(?:[{UP}][^,();:]{{1,40}},\s*)?{YEAR}[a-z]?(?![–-]\d))"
                 rf"(?=\s*(?:[.,;]|$|\[|\())")
IMPRINT_AHEAD_RE = re.compile(IMPRINT_AHEAD)
