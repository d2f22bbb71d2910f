"""Images a TEI file names (``graphic/@url``) that lie beside it, for the editions to embed.

The web page stays one self-contained file (the image becomes a ``data:`` URL) and the PDF's
compiler still sees an empty root (the image becomes a Typst ``bytes`` value in the markup).
Only what is certainly a local image of the TEI's own folder is read:

* a relative URL without a scheme, that stays inside the TEI file's directory once resolved
  (no ``..`` out of it, no symbolic link leading elsewhere);
* a regular file of at most :data:`MAX_IMAGE_BYTES`, at most :data:`MAX_TOTAL_BYTES` for all;
* whose first bytes are those of a PNG, JPEG or GIF (the type is read from the bytes, never
  from the name): anything else is left to the figure's description.
"""
from __future__ import annotations

import base64
import json
import os
import re
import stat
from pathlib import Path

from lxml import etree

from .ns import TEI_NS

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_TOTAL_BYTES = 20 * 1024 * 1024

#: Leading bytes -> MIME type. PDF/A and every browser take these three.
SIGNATURES = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"),
              (b"GIF87a", "image/gif"), (b"GIF89a", "image/gif"))


def _local_file(base: Path, url: str) -> Path | None:
    if not url or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", url) or url.startswith(("/", "\\")) or "\\" in url:
        return None
    try:
        root = base.resolve(strict=True)
        path = (root / url).resolve(strict=True)
        path.relative_to(root)
        return path if stat.S_ISREG(os.stat(path).st_mode) else None
    except (OSError, ValueError, RuntimeError):
        return None


def images_beside(tree: etree._ElementTree, base: str | Path) -> dict[str, tuple[str, bytes]]:
    """url (as written in the TEI) -> (MIME type, bytes) for each image found beside the file."""
    found: dict[str, tuple[str, bytes]] = {}
    total = 0
    for graphic in tree.iter(f"{{{TEI_NS}}}graphic"):
        url = " ".join((graphic.get("url") or "").split())
        if url in found:
            continue
        path = _local_file(Path(base), url)
        if path is None or path.stat().st_size > MAX_IMAGE_BYTES:
            continue
        with open(path, "rb") as fh:
            data = fh.read(MAX_IMAGE_BYTES + 1)
        mime = next((m for sig, m in SIGNATURES if data.startswith(sig)), None)
        if mime is None or len(data) > MAX_IMAGE_BYTES or total + len(data) > MAX_TOTAL_BYTES:
            continue
        total += len(data)
        found[url] = (mime, data)
    return found


def html_param(images: dict[str, tuple[str, bytes]]) -> str:
    """The ``images`` parameter of html.xsl: JSON, url -> data: URL."""
    return json.dumps({url: f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
                       for url, (mime, data) in images.items()})


def typst_param(images: dict[str, tuple[str, bytes]]) -> str:
    """The ``images`` parameter of typst.xsl: JSON, url -> a Typst ``bytes((…))`` expression
    (digits and punctuation only, so nothing in it can be markup)."""
    return json.dumps({url: "bytes((" + ",".join(map(str, data)) + "))"
                       for url, (_mime, data) in images.items()})
