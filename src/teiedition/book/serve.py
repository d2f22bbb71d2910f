"""``teiedition serve DIR``: preview a built site on 127.0.0.1 only (never another interface),
with the standard library's static file server, which serves nothing outside ``DIR``."""
from __future__ import annotations

import functools
import http.server
import sys
from pathlib import Path
from typing import TextIO

from ..errors import InputError


class _Handler(http.server.SimpleHTTPRequestHandler):
    # .xml as XML and .js as JavaScript whatever the machine's MIME tables say.
    # the base class's own map is a class attribute too; typeshed declares it per instance
    extensions_map: dict[str, str] = {  # noqa: RUF012
        **http.server.SimpleHTTPRequestHandler.extensions_map, ".xml": "application/xml",
        ".js": "text/javascript", ".html": "text/html; charset=utf-8"}

    def log_message(self, format: str, *args) -> None:  # the base class's signature
        sys.stderr.write(f"{self.address_string()} {format % args}\n")


def make_server(directory: Path, port: int = 8000) -> http.server.ThreadingHTTPServer:
    if not directory.is_dir():
        raise InputError(str(directory), "no such directory (build the book into it first)")
    handler = functools.partial(_Handler, directory=str(directory))
    try:
        return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as exc:
        raise InputError(f"127.0.0.1:{port}", f"cannot listen: {exc.strerror or exc}; "
                         "choose another port with --port") from None


def serve(directory: Path, port: int = 8000, out: TextIO = sys.stdout) -> None:
    server = make_server(directory, port)
    host, bound = server.server_address[:2]
    if isinstance(host, bytes):  # typeshed allows bytes (an AF_UNIX path); an IP server has a str
        host = host.decode()
    print(f"serving {directory} at http://{host}:{bound}/ (Ctrl-C stops)", file=out, flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
