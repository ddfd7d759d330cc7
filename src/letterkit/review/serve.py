"""``letterkit show --serve``: the review folder on http://127.0.0.1, where "Save corrections" writes the
corrections file straight into ``DIR/corrections/`` instead of offering a download.

Only the loopback address is bound, only files inside the folder are served, and only corrections files
(``<name>.corrections.json``, at most 5 MB, JSON in the corrections format) can be written: the server
is for one person on their own machine, not for a network.
"""

from __future__ import annotations

import json
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from letterkit.review.corrections import SUFFIX, CorrectionsError, parse

#: the largest corrections file accepted
MAX_BYTES = 5 * 1024 * 1024


class ReviewHandler(SimpleHTTPRequestHandler):
    """Static files of the review folder, and PUT of corrections files."""

    def __init__(self, *args: Any, directory: str, **kwargs: Any) -> None:
        self.review_dir = Path(directory)
        super().__init__(*args, directory=directory, **kwargs)

    def log_message(self, format: str, *args: Any) -> None:  # quiet: the CLI prints what matters
        pass

    def do_PUT(self) -> None:
        path = unquote(self.path.split("?", 1)[0])
        name = path.removeprefix("/corrections/")
        if name == path or "/" in name or "\\" in name or not name.endswith(SUFFIX) or name.startswith("."):
            self.send_error(HTTPStatus.FORBIDDEN, "only corrections files can be written")
            return
        length = int(self.headers.get("Content-Length") or 0)
        if not 0 < length <= MAX_BYTES:
            self.send_error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "corrections file too large or empty")
            return
        body = self.rfile.read(length)
        try:
            corrections = parse(json.loads(body.decode("utf-8")))
        except (ValueError, CorrectionsError) as exc:
            self.send_error(HTTPStatus.BAD_REQUEST, str(exc)[:200])
            return
        folder = self.review_dir / "corrections"
        folder.mkdir(exist_ok=True)
        corrections.save(folder / name)
        self.send_response(HTTPStatus.NO_CONTENT)
        self.end_headers()


def make_server(directory: str | Path, port: int = 0) -> ThreadingHTTPServer:
    """A server for ``directory`` on 127.0.0.1 (``port`` 0: any free port; see ``server_address``)."""
    handler = partial(ReviewHandler, directory=str(directory))
    return ThreadingHTTPServer(("127.0.0.1", port), handler)


__all__ = ["MAX_BYTES", "ReviewHandler", "make_server"]
