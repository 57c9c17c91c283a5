"""The guard `casebook serve` puts in front of textual-serve, without a browser: the token,
the coder name, the one-time websocket keys, the origin check, and the command's refusals."""

from __future__ import annotations

import re
import socket
import subprocess
import sys

from aiohttp.test_utils import TestClient, TestServer
from click.testing import CliRunner

from casebook.cli import cli
from casebook.serve.server import Workbench, coder_name

TOKEN = "klas-2b-geheim"


async def client_for(workbench: Workbench) -> TestClient:
    client = TestClient(TestServer(await workbench._make_app()))
    await client.start_server()
    return client


def test_coder_names_are_tidied_and_bad_ones_refused():
    assert coder_name("  Anna   de  Vries ") == "Anna de Vries"
    assert coder_name("Zoë Çelik 🙂") == "Zoë Çelik 🙂"
    assert coder_name("a\tb\n c") == "a b c"  # whitespace is tidied, not refused
    for bad in (None, "", "   ", "x" * 61, "Anna\x00", "Anna\u202e", "Anna\x1b[31m"):
        assert coder_name(bad) is None, bad


async def test_the_page_asks_a_name_then_hands_out_a_one_time_key(tmp_path):
    client = await client_for(Workbench(tmp_path, title="Werkcollege"))
    try:
        page = await (await client.get("/")).text()
        assert 'lang="nl"' in page and '<label for="coder">Je naam</label>' in page
        assert "/ws/" not in page and "textual.js" not in page

        page = await (await client.get("/", params={"coder": "<script>x</script>"})).text()
        assert "<script>x" not in page and "&lt;script&gt;x" in page  # escaped, as data
        key = re.search(r'data-session-websocket-url="ws://[^/]+/ws/([\w-]+)"', page)[1]
        foreign = await client.get(f"/ws/{key}", headers={"Origin": "http://evil.example"})
        assert foreign.status == 403  # another site cannot open a session ...
        again = await client.get(f"/ws/{key}")
        assert again.status == 403  # ... and the key was used up by trying
        assert (await client.get("/ws/made-up")).status == 403

        page = await (await client.get("/", params={"coder": "x" * 61})).text()
        assert "hoogstens 60 tekens" in page and "/ws/" not in page
        assert not any("https://" in url or "http://" in url
                       for url in re.findall(r'(?:src|href|url)\W+([^"\')]+)', page))
    finally:
        await client.close()


async def test_with_a_token_every_address_needs_it(tmp_path):
    workbench = Workbench(tmp_path, token=TOKEN, language="en")
    client = await client_for(workbench)
    try:
        for path in ("/", f"/?token={TOKEN[:-1]}", "/static/css/xterm.css",
                     "/static/css/xterm.css?token=x", f"/?coder=Anna&token={TOKEN}x"):
            response = await client.get(path)
            assert response.status == 403, path
        assert workbench.pending == {}  # no session key was handed out

        page = await (await client.get("/", params={"token": TOKEN, "coder": "Anna"})).text()
        assert 'lang="en"' in page and "Anna" in page
        urls = re.findall(r'(?:src|href)="([^"]+)"|url\("([^"]+)"\)', page)
        assert urls and all(f"token={TOKEN}" in (a or b) for a, b in urls)
        for a, b in urls:
            assert (await client.get(a or b)).status == 200, a or b
        form = await (await client.get("/", params={"token": TOKEN})).text()
        assert f'name="token" value="{TOKEN}"' in form and "Your name" in form
    finally:
        await client.close()


def test_serve_listens_on_this_computer_only_unless_given_a_token(project, monkeypatch):
    started = []
    monkeypatch.setattr(Workbench, "serve", lambda self: started.append((self.host,
                                                                         self.url())))
    runner = CliRunner()
    result = runner.invoke(cli, ["serve", str(project.root)])
    assert result.exit_code == 0 and "warning" not in result.output, result.output
    assert started == [("127.0.0.1", "http://127.0.0.1:8000/")]

    result = runner.invoke(cli, ["serve", str(project.root), "--host", "0.0.0.0"])
    assert result.exit_code == 2 and "--token" in result.output
    assert len(result.output.strip().splitlines()) == 1 and len(started) == 1
    result = runner.invoke(cli, ["serve", str(project.root), "--host", "0.0.0.0",
                                 "--token", "kort"])
    assert result.exit_code == 2 and "at least 12 characters" in result.output

    result = runner.invoke(cli, ["serve", str(project.root), "--host", "0.0.0.0",
                                 "--token", TOKEN, "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert "warning: the workbench shows the transcripts as imported" in result.output
    assert started[-1] == ("0.0.0.0", f"http://{socket.getfqdn()}:8123/?token={TOKEN}")


def test_serve_refuses_what_it_cannot_serve_in_one_line(project, tmp_path):
    package = tmp_path / "oefening.casebook-exercise"
    package.write_bytes(b"PK")
    result = CliRunner().invoke(cli, ["serve", str(project.root), "--exercise", str(package)])
    assert result.exit_code == 2 and "not a Casebook exercise file" in result.output
    result = CliRunner().invoke(cli, ["serve", str(tmp_path / "nothing")])
    assert result.exit_code == 2 and "casebook.yaml" in result.output

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = subprocess.run([sys.executable, "-m", "casebook", "serve", str(project.root),
                              "--port", str(port)], capture_output=True, text=True, timeout=30)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert run.stderr.startswith(f"casebook: cannot listen on 127.0.0.1:{port}"), run.stderr
