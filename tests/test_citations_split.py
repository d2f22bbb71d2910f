"""A note -> its citations: connectives and discussion stay prose, one bibl per citation."""
from __future__ import annotations

import pytest

from teiedition.citations.split import clauses, find_citations, sentences


def surfaces(text: str, abbrs: dict | None = None) -> list[str]:
    return [text[p.start:p.end] for p in find_citations(text, dict(abbrs or {}), set())]


@pytest.mark.parametrize("note, expected", [
    ("See G. Roberts, The Unholy Alliance (London, 1989), pp. 40–3.",
     ["G. Roberts, The Unholy Alliance (London, 1989), pp. 40–3"]),
    ("Soviet foreign policy archives. Cited by Maksimychev, Diplomatiya Mira, p. 41.",
     ["Soviet foreign policy archives", "Maksimychev, Diplomatiya Mira, p. 41"]),
    ("Soviet foreign policy archives. Cited by ibid., pp. 41–2.",
     ["Soviet foreign policy archives", "ibid., pp. 41–2"]),
    ("For Soviet protests: DVPS, vol. 16, doc. 189 and DGFP, series C, vol. 1, doc. 331.",
     ["DVPS, vol. 16, doc. 189", "DGFP, series C, vol. 1, doc. 331"]),
    ("See DGFP, series C, vol. 1, docs 41, 43 and 73 and vol. 2, doc. 127.",
     ["DGFP, series C, vol. 1, docs 41, 43 and 73", "vol. 2, doc. 127"]),
    ("Ibid., pp. 44–5; Haslam, The Soviet Union, 1933–9, p. 36; and, for the text of the "
     "agreement: Official Documents Concerning Polish-German Relations (London, 1940), doc. 10.",
     ["Ibid., pp. 44–5", "Haslam, The Soviet Union, 1933–9, p. 36",
      "Official Documents Concerning Polish-German Relations (London, 1940), doc. 10"]),
    ("This reference was brought to my attention by N. Jordon, The Popular Front and Central "
     "Europe (Cambridge, 1992), pp. 259–60.",
     ["N. Jordon, The Popular Front and Central Europe (Cambridge, 1992), pp. 259–60"]),
    ("Indeed, Rolf Ahmann has argued that the keys are elsewhere. See his ‘Soviet Foreign Policy "
     "and the Pact’, Storia delle relazioni Internazionali, no. 2 (1989).",
     ["‘Soviet Foreign Policy and the Pact’, Storia delle relazioni Internazionali, no. 2 (1989)"]),
    ("The main speeches are reproduced in Report of the Seventh World Congress (London, 1936).",
     ["Report of the Seventh World Congress (London, 1936)"]),
    ("On the proposed pact see Litvinov’s interview with a French journalist in June 1934 in "
     "Degras, Soviet Documents, pp. 83–5 and R. Craig Nation, Black Earth, Red Star (Ithaca, NY, 1992), ch. 3.",
     ["Degras, Soviet Documents, pp. 83–5", "R. Craig Nation, Black Earth, Red Star (Ithaca, NY, 1992), ch. 3"]),
    # Chicago style, quotations in prose are not titles.
    ("Moran noted “the niggardly spirit of the Gov’t.” Moran, Journal, October 6, 1863, Vol. II, p. 1219.",
     ["Moran, Journal, October 6, 1863, Vol. II, p. 1219"]),
    ("Seward’s reference is to Article II, Section 3 of the Constitution.", []),
    # British and Russian archival and periodical forms.
    ("A. J. P. Taylor, The Origins of the Second World War (Harmondsworth, 1964 edn), p. 5.",
     ["A. J. P. Taylor, The Origins of the Second World War (Harmondsworth, 1964 edn), p. 5"]),
    ("J. Hochman, ‘The Soviet Union’, Soviet Studies, vol. 44, no. 1 (1992), pp. 57–78; Slavic Review, "
     "51 (1992), 1–20.",
     ["J. Hochman, ‘The Soviet Union’, Soviet Studies, vol. 44, no. 1 (1992), pp. 57–78",
      "Slavic Review, 51 (1992), 1–20"]),
    ("AVP RF, f. 05, op. 13, p. 89, d. 3, l. 12.", ["AVP RF, f. 05, op. 13, p. 89, d. 3, l. 12"]),
    ("Pravda, 20 June 1934. Quoted in ibid., p. 3.", ["Pravda, 20 June 1934", "ibid., p. 3"]),
    ("See A. Smith, Rivers (London, 1990), pp. 12–40, esp. p. 15, where he argues the point.",
     ["A. Smith, Rivers (London, 1990), pp. 12–40, esp. p. 15"]),
    ("B. Jones, Canals, vols 1–3 (Leeds, 1980), pp. 5–9 passim.",
     ["B. Jones, Canals, vols 1–3 (Leeds, 1980), pp. 5–9 passim"]),
    ("", []),
])
def test_surfaces(note, expected):
    assert surfaces(note) == expected


def test_abbreviation_defined_earlier_in_the_note_is_known_later():
    note = "See Dokumenty Vneshnei Politiki SSSR (hereafter DVPS), vol. 16, doc. 51 and DVPS, vol. 17, doc. 9."
    abbrs: dict = {}
    found = find_citations(note, abbrs, set())
    assert [p.defines_abbr for p in found] == ["DVPS", None]
    assert found[1].abbr_used == "DVPS"
    assert "DVPS" in abbrs


@pytest.mark.parametrize("text, expected", [
    ("Ibid., pp. 124–6. Tukhachevsky’s article was edited. See Izvestiya, no. 1 (1990).",
     ["Ibid., pp. 124–6.", "Tukhachevsky’s article was edited.", "See Izvestiya, no. 1 (1990)."]),
    ("Cited by V. Ya. Sipols, Vneshnyaya Politika (Moscow, 1980), p. 150.",
     ["Cited by V. Ya. Sipols, Vneshnyaya Politika (Moscow, 1980), p. 150."]),
    ("U.S. Legation Great Britain, Vol. 22. For Forster, see Foreman.",
     ["U.S. Legation Great Britain, Vol. 22.", "For Forster, see Foreman."]),
])
def test_sentences(text, expected):
    assert [text[a:b] for a, b in sentences(text)] == expected


def test_clauses_ignore_semicolons_in_parentheses():
    text = "A (ed. B; London: SCM, 1981); C"
    assert [text[a:b] for a, b in clauses(text, 0, len(text))] == ["A (ed. B; London: SCM, 1981)", " C"]
