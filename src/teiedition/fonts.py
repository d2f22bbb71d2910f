"""Fonts for every script the print edition may meet.

The bundled Linux Libertine O (``data/fonts``) sets Latin, Greek, Cyrillic and Hebrew. Other
scripts come from Debian's Noto packages, a well-kept open font family (OFL 1.1) made to cover
Unicode: ``fonts-noto-core`` (Arabic: Noto Naskh Arabic; Noto Serif as a fallback for the
letters Libertine lacks) and ``fonts-noto-cjk`` (Chinese, Japanese, Korean: Noto Serif CJK).
``.ci/run`` installs both.

Typst reads every font of every directory it is given, and a directory of all Noto fonts
costs about 0.2 s per compilation. So :func:`font_paths` gives Typst one small directory per
script, holding links to just the files that script needs, made once per process; the
directories of scripts that the document does not use are left out. A machine without the
packages still prints (with the bundled fonts and a :class:`~teiedition.pdf.PdfaWarning` for
the glyphs they lack): the PDF is the same bytes on every machine with the same packages.
"""
from __future__ import annotations

import atexit
import functools
import re
import shutil
import tempfile
from pathlib import Path

#: Where Debian installs the Noto fonts.
NOTO_DIRS = (Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts/opentype/noto"))

#: Script -> (a character class of the script, the Noto files that set it). The bundled
#: Libertine sets Latin, Greek, Cyrillic and Hebrew; "fallback" adds Noto Serif for the rare
#: letters of those scripts that Libertine lacks (it is always used).
SCRIPTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "fallback": ("", ("NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf", "NotoSerif-Italic.ttf",
                      "NotoSerif-BoldItalic.ttf", "NotoSerifHebrew-Regular.ttf",
                      "NotoSerifHebrew-Bold.ttf")),
    "arabic": ("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]",
               ("NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf")),
    "cjk": ("[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U0002fa1f]",
            ("NotoSerifCJK-Regular.ttc", "NotoSerifCJK-Bold.ttc")),
}


def bundled_dir() -> Path:
    return Path(__file__).parent / "data" / "fonts"


@functools.cache
def _script_dir(script: str) -> Path | None:
    """A fresh directory of links to the script's Noto files, or None when none is installed."""
    found = [d / name for name in SCRIPTS[script][1] for d in NOTO_DIRS if (d / name).is_file()]
    if not found:
        return None
    directory = Path(tempfile.mkdtemp(prefix=f"teiedition-fonts-{script}-"))
    atexit.register(shutil.rmtree, directory, True)
    for path in found:
        (directory / path.name).symlink_to(path)
    return directory


def scripts_in(text: str) -> list[str]:
    """The scripts of :data:`SCRIPTS` that ``text`` uses, "fallback" always first."""
    return ["fallback"] + [name for name, (chars, _files) in SCRIPTS.items()
                           if chars and re.search(chars, text)]


def font_paths(text: str) -> list[str]:
    """Typst's font directories for a document whose text (its Typst markup will do) is
    ``text``: the bundled fonts first, then the Noto fonts of the scripts it uses."""
    dirs = [bundled_dir()] + [d for d in map(_script_dir, scripts_in(text)) if d is not None]
    return [str(d) for d in dirs]
