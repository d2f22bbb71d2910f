"""`teiedition schema fetch` against a real HTTP server on loopback serving the shared tei_all.rng."""
from __future__ import annotations

import functools
import hashlib
import http.server
import json
import threading
from pathlib import Path

import pytest

from teiedition.cli import main
from teiedition.validation import validate
from teiedition.validation.fetch import RELEASE_URL, FetchError, fetch, url_for

from .conftest import TEI_ALL_RNG

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def site(tmp_path):
    """A directory served over HTTP: tei_all.rng plus whatever a test puts there."""
    root = tmp_path / "site"
    root.mkdir()
    (root / "tei_all.rng").write_bytes(TEI_ALL_RNG.read_bytes())
    handler = functools.partial(_Quiet, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield root, f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(autouse=True)
def cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("TEIEDITION_TEI_ALL", raising=False)
    return tmp_path / "cache" / "teiedition" / "tei_all"


def test_fetch_stores_schema_and_record_then_validate_uses_it(site, cache, capsys):
    _, url = site
    assert main(["schema", "fetch", "--url", f"{url}/tei_all.rng"]) == 0
    assert "TEI P5 4.9.0a" in capsys.readouterr().out
    assert (cache / "tei_all.rng").read_bytes() == TEI_ALL_RNG.read_bytes()
    record = json.loads((cache / "tei_all.json").read_text())
    assert record["version"] == "4.9.0a"
    assert record["sha256"] == hashlib.sha256(TEI_ALL_RNG.read_bytes()).hexdigest()
    assert record["url"] == f"{url}/tei_all.rng"
    # No --tei-all and no environment variable: the fetched copy is found in the cache.
    report = validate(FIXTURES / "invalid" / "generic-not-tei-all.xml")
    assert [i.layer for i in report.issues] == ["tei-all"]


@pytest.mark.parametrize("content,message", [
    (b"<html><body>Not found</body></html>" * 10, "only"),
    (b"<grammar>" + b"x" * 200_000, "not well-formed"),
    (b'<html xmlns="http://www.w3.org/1999/xhtml"><body>' + b"<p>x</p>" * 30_000 + b"</body></html>",
     "not a RELAX NG grammar"),
], ids=["too-small", "not-well-formed", "not-rng"])
def test_a_bad_download_is_refused_and_the_old_copy_kept(site, cache, content, message):
    root, url = site
    fetch(url=f"{url}/tei_all.rng")
    before = (cache / "tei_all.rng").read_bytes()
    (root / "bad.rng").write_bytes(content)
    with pytest.raises(FetchError, match=message):
        fetch(url=f"{url}/bad.rng")
    assert (cache / "tei_all.rng").read_bytes() == before
    assert sorted(p.name for p in cache.iterdir()) == ["tei_all.json", "tei_all.rng"]  # no temp files left


def test_http_errors_are_reported(site, capsys):
    _, url = site
    assert main(["schema", "fetch", "--url", f"{url}/missing.rng"]) == 2
    assert "HTTP 404" in capsys.readouterr().err


def test_unreachable_server_says_what_to_do(capsys):
    assert main(["schema", "fetch", "--url", "http://127.0.0.1:9/tei_all.rng"]) == 2
    err = capsys.readouterr().err
    assert "download failed" in err and "--tei-all" in err


def test_version_urls():
    assert url_for(None) == RELEASE_URL
    assert url_for("4.9.0") == "https://www.tei-c.org/Vault/P5/4.9.0/xml/tei/custom/schema/relaxng/tei_all.rng"
    with pytest.raises(FetchError, match="not a TEI P5 version"):
        url_for("../../etc")


def test_only_http_urls(tmp_path):
    with pytest.raises(FetchError, match="only http and https"):
        fetch(url=f"file://{TEI_ALL_RNG}")
