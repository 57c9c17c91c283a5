"""Exercise files read with suspicion (:mod:`casebook.exercise.archive`): what zipfile raises
past its own errors is refused in one line too."""

from __future__ import annotations

import io
import json
import random
import zipfile

import pytest

from casebook.errors import CasebookError
from casebook.exercise import archive
from casebook.exercise.spec import FORMAT, MANIFEST, VERSION

MANIFEST_BYTES = json.dumps({"format": FORMAT, "version": VERSION, "id": "x", "name": "week1",
                             "documents": [], "codes": []}).encode()


def text(rng: random.Random, size: int) -> bytes:
    """Bytes that pack as a database does, 5 to 10 to one (words and numbers)."""
    words = [bytes(rng.choices(b"abcdefghijklmnopqrstuvwxyz", k=rng.randint(1, 9)))
             for _ in range(400)] + [b"\0\0\x01", b"\xff\x00", str(rng.random()).encode()]
    out = bytearray()
    while len(out) < size:
        out += rng.choice(words) + b" "
    return bytes(out[:size])


def zipped(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED, level: int = 6
           ) -> bytearray:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method, compresslevel=level) as out:
        for name, data in members.items():
            out.writestr(name, data)
    return bytearray(buf.getvalue())


def test_an_encrypted_member_an_unknown_method_or_broken_deflate_is_one_line(tmp_path):
    """What zipfile raises past its own errors (a password asked for, a method it does not
    know, zlib's error) is refused in one line too, not a traceback."""
    rng = random.Random(3)
    good = zipped({MANIFEST: MANIFEST_BYTES, "casebook.db": text(rng, 50_000)})
    info = zipfile.ZipFile(io.BytesIO(good)).getinfo("casebook.db")
    entry = good.rindex(b"PK\x01\x02")
    for at, new, words in (
            (entry + 8, b"\x01", "(member casebook.db is encrypted)"),
            (entry + 10, b"\x63", "(That compression method is not supported)"),
            (info.header_offset + 30 + 11 + 5, b"\xff" * 8, "(Error -3 while decompressing")):
        raw = bytearray(good)
        raw[at:at + len(new)] = new
        (tmp_path / "bad.zip").write_bytes(raw)
        with pytest.raises(CasebookError) as err:
            archive.read(tmp_path / "bad.zip", needed=())
        assert str(err.value).startswith(f"{tmp_path / 'bad.zip'}: not a Casebook exercise "
                                         f"file {words}"), str(err.value)
    # encrypted and larger than it may be: the refusal it had before
    raw = zipped({MANIFEST: MANIFEST_BYTES, "casebook.db": b"\0" * 5_000_000})
    entry = raw.rindex(b"PK\x01\x02")
    raw[entry + 8:entry + 9] = b"\x01"
    (tmp_path / "bad.zip").write_bytes(raw)
    with pytest.raises(CasebookError, match="refused: member casebook.db unpacks to 5,000,000"):
        archive.read(tmp_path / "bad.zip", needed=())
