"""When a file is checked streamed, piece by piece, before any whole tree is built: one
switch for the project and Schematron layers (:mod:`.streamed`) and for tei_all on lxml
(:mod:`.rngstream`), read without importing either (they import the project layers, which a
small file checked by tei_all alone never needs)."""
from __future__ import annotations

import os

#: Files from this size on get the streamed check first (``TEIEDITION_STREAM``: ``1`` for
#: every file, ``0`` for none). Whole processes, paired (load 2): ``--schema project`` at
#: 3 MB 0.51-0.62 s of CPU streamed against 0.70-0.80 on the whole tree, at 10 MB 1.28-1.34
#: against 1.65-1.70 (with the rules forked beside the grammar: .parallel), and all layers at
#: 10 MB 2.63-2.82 against 2.86-3.14; at 1 MB the same (0.28-0.37 against 0.32-0.36), and
#: at 256 KB a little more (0.21-0.28 against 0.20-0.26: three grammars more to compile).
STREAM_MIN_BYTES = 1 << 20
STREAM_ENV = "TEIEDITION_STREAM"


def wanted(size: int) -> bool:
    """Should a file of ``size`` bytes be checked streamed first?"""
    forced = os.environ.get(STREAM_ENV, "")
    if forced in ("0", "1"):
        return forced == "1"
    return size >= STREAM_MIN_BYTES
