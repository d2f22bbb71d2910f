"""``teiedition schema fetch``: download tei_all.rng from the TEI Consortium into the user cache.

The file is checked before it replaces anything: size within bounds, well-formed (through
xmlsafe, like every XML the project reads), a RELAX NG grammar. It is written atomically
and its version, source URL and sha256 are recorded next to it in ``tei_all.json``.
"""
from __future__ import annotations

import hashlib
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

from lxml import etree

from ..errors import InputError
from ..fileio import write_atomic
from ..xmlsafe import parse_bytes
from .teiall import RNG_NS, cache_dir

RELEASE_URL = "https://www.tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng"
VAULT_URL = "https://www.tei-c.org/Vault/P5/{version}/xml/tei/custom/schema/relaxng/tei_all.rng"
# tei_all.rng is about 1 MB; anything far outside that is not the schema (an error page,
# a truncated transfer, or something hostile).
MIN_BYTES = 100_000
MAX_BYTES = 20_000_000
TIMEOUT = 60
_VERSION_IN_HEADER = re.compile(r"TEI Edition: P5 Version\s(\S+?)\.?\s")  # \s: the header has a no-break space
_VERSION = re.compile(r"^\d+\.\d+\.\d+[a-z]?$")


class FetchError(InputError):
    """Download or check failed (exit 2)."""


@dataclass
class Fetched:
    path: str
    version: str
    url: str
    sha256: str
    size: int


def url_for(version: str | None) -> str:
    if version in (None, "current"):
        return RELEASE_URL
    if not _VERSION.match(version):
        raise FetchError("--version", f"'{version}' is not a TEI P5 version such as 4.9.0")
    return VAULT_URL.format(version=version)


def fetch(version: str | None = None, url: str | None = None, dest: Path | None = None) -> Fetched:
    url = url or url_for(version)
    if not url.startswith(("https://", "http://")):
        raise FetchError(url, "only http and https URLs can be fetched")
    data = _download(url)
    _check(data, url)
    dest = dest or cache_dir()
    header_version = _header_version(data)
    record = Fetched(path=str(dest / "tei_all.rng"),
                     version=header_version or version or "current",
                     url=url, sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    # The schema first, then the record: a record never describes a file that is not there.
    write_atomic(dest / "tei_all.rng", data)
    write_atomic(dest / "tei_all.json", (json.dumps(asdict(record), indent=2) + "\n").encode())
    return record


def _download(url: str) -> bytes:
    # Only the network: a file: or other URL given as a mirror would read local files.
    if urllib.parse.urlsplit(url).scheme.lower() not in ("http", "https"):
        raise FetchError(url, "refused: a tei_all mirror must be an http or https URL")
    request = urllib.request.Request(url, headers={"User-Agent": "teiedition schema fetch"})  # noqa: S310 (scheme checked above)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 (scheme checked above)
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > MAX_BYTES:
                raise FetchError(url, f"refused: {length} bytes announced, more than {MAX_BYTES}")
            # Read one byte past the limit to know it was exceeded without reading it all.
            data = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise FetchError(url, f"download failed: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchError(url, f"download failed: {reason}; check the network, or use --url "
                         "with a mirror, or --tei-all PATH with a local copy") from None
    if len(data) > MAX_BYTES:
        raise FetchError(url, f"refused: more than {MAX_BYTES} bytes")
    return data


def _check(data: bytes, url: str) -> None:
    if len(data) < MIN_BYTES:
        raise FetchError(url, f"refused: only {len(data)} bytes, tei_all.rng is about 1 MB "
                         "(an error page or a truncated download?)")
    try:
        tree = parse_bytes(data, url)
    except InputError as exc:
        raise FetchError(url, f"refused: {exc.message}", exc.line, exc.column) from None
    root = tree.getroot()
    if root.tag != f"{{{RNG_NS}}}grammar":
        raise FetchError(url, f"refused: not a RELAX NG grammar (root is {etree.QName(root).localname})")
    if root.get("ns") != "http://www.tei-c.org/ns/1.0":
        raise FetchError(url, "refused: a RELAX NG grammar, but not for the TEI namespace")


def _header_version(data: bytes) -> str | None:
    m = _VERSION_IN_HEADER.search(data[:4096].decode("utf-8", "replace"))
    return m.group(1) if m else None


def recorded() -> dict | None:
    """What ``schema fetch`` last recorded, if anything."""
    path = cache_dir() / "tei_all.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
