"""The sample's TEI for the web edition tests (test_html*.py, test_browser.py).

The tests build it from the bundled chapter with the library (so they follow the current
converter, not a possibly stale committed copy); TEIEDITION_SAMPLE_TEI names another file
to check instead, e.g. ``TEIEDITION_SAMPLE_TEI=tei/roberts-1995-rapallo.xml``.
"""
from __future__ import annotations

import os
from pathlib import Path


def build_sample_tei(directory: Path) -> Path:
    chosen = os.environ.get("TEIEDITION_SAMPLE_TEI")
    if chosen:
        return Path(chosen)
    from teiedition import api
    data, _warnings = api.convert_file(api.sample_path())
    path = directory / "roberts-1995-rapallo.xml"
    path.write_bytes(data)
    return path
