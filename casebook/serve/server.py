"""The web server of `casebook serve`: textual-serve with a guard in front of it.

textual-serve runs one process of the workbench (`casebook tui`) for each browser that opens
the page and has no access control of its own. This subclass adds what a class needs:

- a token: when one is set, every URL must carry it (``?token=``); a wrong or missing one
  gets 403 and starts nothing;
- a coder name per session: the page asks for it (or takes ``?coder=``) and the process codes
  under that name (``CASEBOOK_CODER``), so students code side by side in one project;
- a websocket that opens only with a one-time key from a page this server just handed out,
  and only from this server's own origin: another web site cannot start a workbench through
  a visitor's browser, not even on 127.0.0.1 without a token;
- a page that makes no request outside this server (textual-serve's own loads Google Fonts).
"""

from __future__ import annotations

import hmac
import logging
import shlex
import socket
import sys
import time
import unicodedata
from collections.abc import Awaitable, Callable
from pathlib import Path
from secrets import token_urlsafe
from typing import Any
from urllib.parse import quote, urlsplit

import aiohttp_jinja2
import jinja2
from aiohttp import WSCloseCode, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from casebook.i18n import tr

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
TEMPLATES = Path(__file__).with_name("templates")
KEY_LIFETIME = 300.0  # seconds a page has to open its websocket
MAX_NAME = 60
MIN_TOKEN = 12


def coder_name(value: str | None) -> str | None:
    """A coder name as typed in the browser, tidied; None when it cannot be one (empty,
    too long, or with control characters)."""
    name = " ".join((value or "").split())
    if not name or len(name) > MAX_NAME:
        return None
    if any(unicodedata.category(char).startswith("C") for char in name):
        return None
    return name


class CoderSession(AppService):
    """One browser's workbench process, coding as ``coder``."""

    def __init__(self, command: str, coder: str, **options: Any) -> None:
        super().__init__(command, **options)
        self.coder = coder

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width, height)
        environment["CASEBOOK_CODER"] = self.coder
        return environment


class Workbench(Server):
    """Serve the workbench of the project at ``root``; see the module docstring."""

    def __init__(self, root: Path, *, host: str = "127.0.0.1", port: int = 8000,
                 token: str | None = None, language: str = "nl",
                 title: str = "Casebook") -> None:
        command = shlex.join([sys.executable, "-m", "casebook", "--project", str(root), "tui"])
        super().__init__(command, host=host, port=port, title=title, templates_path=TEMPLATES)
        self.root, self.token, self.language = root, token, language
        self.pending: dict[str, tuple[str, float]] = {}  # websocket key: (coder, minted at)
        self.sockets: set[web.WebSocketResponse] = set()  # the open sessions

    def url(self) -> str:
        """The address to hand out (with the token, when there is one); for every network
        (0.0.0.0) this computer's name."""
        host = socket.getfqdn() if self.host in ("0.0.0.0", "::", "") else self.host
        host = f"[{host}]" if ":" in host else host
        base = f"http://{host}:{self.port}/"
        return base + (f"?token={quote(self.token)}" if self.token else "")

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._guard])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        app.add_routes([
            web.get("/", self.handle_index, name="index"),
            web.get("/ws/{key}", self.handle_websocket, name="websocket"),
            web.get("/download/{key}", self.handle_download, name="download"),
            web.static("/static", self.statics_path, name="static"),
        ])
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """403 for a missing or wrong token. The websocket and downloads are reached by keys
        that only pages served with the token know."""
        if self.token and not request.path.startswith(("/ws/", "/download/")):
            given = request.query.get("token", "")
            if not hmac.compare_digest(given.encode(), self.token.encode()):
                raise web.HTTPForbidden(text="casebook serve: this address needs its token\n")
        return await handler(request)

    def _mint(self, coder: str) -> str:
        """A one-time websocket key for ``coder`` (keys not used in time are dropped)."""
        now = time.monotonic()
        for key, (_, minted) in list(self.pending.items()):
            if now - minted > KEY_LIFETIME:
                del self.pending[key]
        key = token_urlsafe(24)
        self.pending[key] = (coder, now)
        return key

    async def handle_index(self, request: web.Request) -> web.Response:
        """The page: asks for a coder name, or (with one) holds the workbench."""
        typed = request.query.get("coder")
        coder = coder_name(typed)
        scheme = "wss" if request.secure else "ws"
        context = {
            "lang": self.language, "title": self.title, "token": self.token or "",
            "suffix": f"?token={quote(self.token)}" if self.token else "",
            "coder": coder, "typed": typed or "", "font_size": 16,
            "words": {key: tr(key, self.language) for key in (
                "serve_name", "serve_name_help", "serve_start", "serve_bad_name",
                "serve_ended", "serve_restart", "serve_loading")},
        }
        if coder:
            context["websocket"] = f"{scheme}://{request.host}/ws/{self._mint(coder)}"
        response = aiohttp_jinja2.render_template("index.html", request, context)
        response.headers["Cache-Control"] = "no-store"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """Start this session's workbench process; only for a fresh key from our own page."""
        pending = self.pending.pop(request.match_info["key"], None)
        origin = request.headers.get("Origin")
        if pending is None or (origin is not None and urlsplit(origin).netloc != request.host):
            raise web.HTTPForbidden(text="casebook serve: open the page first\n")
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)
        session = CoderSession(self.command, pending[0], write_bytes=websocket.send_bytes,
                               write_str=websocket.send_str, close=websocket.close,
                               download_manager=self.download_manager)
        width = _number(request.query.get("width"), 80)
        height = _number(request.query.get("height"), 24)
        await session.start(width, height)
        self.sockets.add(websocket)
        self.console.print(f"{session.coder}: started ({len(self.sockets)} open)")
        try:
            await self._process_messages(websocket, session)
        finally:
            self.sockets.discard(websocket)
            await session.stop()
            self.console.print(f"{session.coder}: ended ({len(self.sockets)} open)")
        return websocket

    def initialize_logging(self) -> None:
        """textual-serve's logging, without a line for every request."""
        super().initialize_logging()
        logging.getLogger("aiohttp.access").setLevel(logging.WARNING)

    async def on_startup(self, app: web.Application) -> None:
        self.console.print(f"casebook serve: {self.root}\n  open {self.url()}\n"
                           "  (Ctrl+C stops the server)", highlight=False)

    async def on_shutdown(self, app: web.Application) -> None:
        """Close every session, so its workbench quits (its codings are saved already)."""
        for websocket in list(self.sockets):
            await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"server stopped")


def _number(value: str | None, default: int) -> int:
    try:
        return max(1, min(int(value or default), 1000))
    except ValueError:
        return default
