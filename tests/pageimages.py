"""The page images of the print edition in docs/pages/, linked from the README.

    python -m tests.pageimages [OUT_DIR]

Each sample is rendered as the print edition (typst.xsl) and compiled by Typst with the
script fonts of teiedition.fonts (Noto, from Debian's fonts-noto-core and fonts-noto-cjk),
then the chosen pages are drawn at 60 dpi with poppler's pdftoppm.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import typst

from teiedition import fonts, pdf

from .conftest import ROOT, SHARED

CORPUS = SHARED / "tei-corpus" / "stylesheets-test"
SAMPLES = ROOT / "tests" / "fixtures" / "samples"

#: image name -> (TEI file, first page, last page): what each shows.
PAGES = {
    "rendition-quotes-changes": (CORPUS / "test.xml", 2, 2),   # hi, q/quote, del/add/gap, notes
    "choice-egxml": (CORPUS / "test.xml", 10, 10),              # choice, ex, egXML
    "apparatus": (CORPUS / "testapp2.xml", 1, 1),               # app/rdg with witness sigla
    "drama": (SAMPLES / "drama.xml", 1, 1),
    "verse": (SAMPLES / "verse.xml", 1, 1),
    "cjk": (SAMPLES / "cjk.xml", 1, 1),
    "arabic": (SAMPLES / "arabic.xml", 1, 1),
}


def print_edition(tei: Path) -> bytes:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # unknown-element warnings of the test files
        source = pdf.typst_source(tei)
    with tempfile.TemporaryDirectory(prefix="teiedition-pages-") as tmp:
        main = Path(tmp) / "main.typ"
        main.write_text(source, encoding="utf-8")
        return typst.compile(str(main), root=tmp, font_paths=fonts.font_paths(source),
                             ignore_system_fonts=True, pdf_standards=pdf.PDF_STANDARDS, timestamp=0,
                             package_path=str(Path(tmp) / "none"), package_cache_path=str(Path(tmp) / "none"))


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else ROOT / "docs" / "pages"
    out.mkdir(parents=True, exist_ok=True)
    for name, (tei, first, last) in PAGES.items():
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "edition.pdf"
            path.write_bytes(print_edition(tei))
            subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", str(first), "-l", str(last),
                            "-singlefile", str(path), str(out / name)], check=True)
        print(out / f"{name}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
