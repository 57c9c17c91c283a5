"""Exercise files read with suspicion (:mod:`casebook.exercise.archive`): a plain deflated
member is inflated by zlib in one call, and taken only when it is what it says; whatever
else, and whatever is wrong, zipfile reads and refuses -- the same bytes and the same
one-line errors as zipfile alone gives (``_inflated`` switched off)."""

from __future__ import annotations

import io
import json
import random
import zipfile
from pathlib import Path

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


def outcome(path: Path, fast: bool, monkeypatch) -> tuple[str, object]:
    """What ``archive.read`` gives for the file at ``path``: its members, or its error (its
    type and one line), with zlib's one-call inflating or without it."""
    with monkeypatch.context() as patch:
        if not fast:
            patch.setattr(archive, "_inflated", lambda _handle, _info: None)
        try:
            return "read", archive.read(path, needed=())
        except CasebookError as err:
            return "refused", str(err)
        except Exception as err:  # noqa: BLE001 -- the same whatever zipfile raises
            return type(err).__name__, str(err)


def taken(path: Path) -> list[str]:
    """The members ``_inflated`` took (did not leave to zipfile)."""
    with open(path, "rb") as handle, zipfile.ZipFile(handle) as opened:
        return [info.filename for info in opened.infolist()
                if archive._inflated(handle, info) is not None]


def test_plain_members_come_out_of_zlib_as_zipfile_gives_them(tmp_path, monkeypatch):
    rng = random.Random(12)
    for n in range(40):
        members = {MANIFEST: MANIFEST_BYTES}
        for name in rng.sample(["casebook.db", "casebook.yaml", "instructions.md",
                                "codebooks/igm.yaml"], rng.randint(1, 4)):
            members[name] = text(rng, rng.choice([0, 1, 700, 5000, 70_000, 400_000]))
        method = rng.choice([zipfile.ZIP_DEFLATED] * 3 + [zipfile.ZIP_STORED])
        path = tmp_path / f"{n}.zip"
        path.write_bytes(zipped(members, method, rng.choice([1, 6, 9])))
        assert outcome(path, True, monkeypatch) == outcome(path, False, monkeypatch) == (
            "read", members)
        assert taken(path) == ([] if method == zipfile.ZIP_STORED else list(members))


def test_what_zlib_does_not_take_zipfile_refuses_in_its_own_words(tmp_path, monkeypatch):
    """A member whose CRC, sizes, local name or deflated bytes are wrong: the same error
    (or, for what zipfile passes on, the same exception) with and without zlib first."""
    rng = random.Random(7)
    data = text(rng, 200_000)
    good = zipped({MANIFEST: MANIFEST_BYTES, "casebook.db": data})
    info = zipfile.ZipFile(io.BytesIO(good)).getinfo("casebook.db")
    entry = good.rindex(b"PK\x01\x02")  # the central directory's entry of casebook.db
    assert good[entry + 46:entry + 46 + 11] == b"casebook.db"
    start = info.header_offset + 30 + 11  # its deflated bytes
    cases: dict[str, bytearray] = {}

    def case(name: str, at: int, new: bytes, raw: bytearray = good) -> None:
        cases[name] = bytearray(raw)
        cases[name][at:at + len(new)] = new

    case("crc", entry + 16, (info.CRC ^ 1).to_bytes(4, "little"))
    case("larger", entry + 24, (info.file_size - 10).to_bytes(4, "little"))
    case("smaller", entry + 24, (info.file_size + 10).to_bytes(4, "little"))
    case("compressed size", entry + 20, (info.compress_size - 100).to_bytes(4, "little"))
    case("local name", info.header_offset + 30, b"casebook.dc")
    case("local signature", info.header_offset, b"PK\x03\x05")
    case("encrypted", entry + 8, b"\x01")
    case("method", entry + 10, b"\x63")
    for n, at in enumerate((5, 40, info.compress_size // 2, info.compress_size - 3)):
        case(f"deflated bytes {n}", start + at, bytes(rng.randrange(256) for _ in range(8)))
    cases["truncated"] = good[:start + 1000] + good[start + info.compress_size:]
    outcomes = {}
    for name, raw in cases.items():
        path = tmp_path / f"{name.replace(' ', '-')}.zip"
        path.write_bytes(raw)
        outcomes[name] = outcome(path, True, monkeypatch)
        assert outcomes[name] == outcome(path, False, monkeypatch), name
        assert outcomes[name][0] != "read" or outcomes[name][1]["casebook.db"] == data, name
    # zipfile's own words, as before; a size larger than stated that zipfile reads whole and
    # finds right is taken (as before): only a size and CRC both right are
    assert outcomes["crc"][1].endswith("not a Casebook exercise file (Bad CRC-32 for file "
                                       "'casebook.db')")
    assert outcomes["local name"][1].endswith("(File name in directory 'casebook.db' and "
                                              "header b'casebook.dc' differ.)")
    assert outcomes["local signature"][1].endswith("(Bad magic number for file header)")
    assert outcomes["smaller"] == ("read", {MANIFEST: MANIFEST_BYTES, "casebook.db": data})
    assert {kind for kind, _ in outcomes.values()} == {"read", "refused"}


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
