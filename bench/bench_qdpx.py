"""`.qdpx` export and import beside their anchors, at three sizes, in the same run.

The project: one-hour Dutch interviews (~50,000 characters, ``I:``/``R:`` turns of
bench_import's sentences, a client named in passing), 500 codings per interview by two coders
with 20 codes, one coding in 20 with a memo, a memo on each document and code and one on
the project; every document reviewed for privacy (the client's name accepted as "R1"). 1x is
5,000 codings over 10 interviews; 4x and 16x scale both.

Per size, each as its own process (time and peak memory, the fastest of three runs; the
three exports in turn, round by round, with their CPU time (user + system) beside, the
figure to trust on a machine others load):

* `casebook qdpx export` (through the privacy gate, as a researcher exports) and
  `qdpx export --raw` (the originals: the writing alone), beside the anchor "sqlite3 +
  ElementTree + zip": a short script that reads the same tables with sqlite3, builds the
  same XML (users, codebook, speaker cases, sources with their selections, codings and note
  references, notes) with xml.etree and writes the zip with the texts and turns;
* `casebook qdpx import` of that export into a fresh project, beside the anchor
  "ElementTree + spaCy + executemany": ElementTree parses the .qde, spaCy's blank("nl") with
  the sentencizer segments each source, and sqlite3 inserts documents, sentences, codes,
  coders, codings and memos with executemany into the tables of a fresh project.

Goals (issue 15): time <= 1.2x the anchor, peak memory <= 1.3x; growth exponents near 1.
The anchor pseudonymises nothing: what `qdpx export` takes beyond `--raw` is the privacy
gate's (its start, the pseudonymised views, and the last look over every member: the .qde
folded and searched with its tags and without, piece by piece as it is streamed, see
casebook/privacy/look.py), not the writing's.
Run: ./dev bench   or   .venv/bin/python bench/bench_qdpx.py [--base 5000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from bench_import import corpus
from common import SIZES, Run, casebook, command, growth, header, python, record

BENCH = "qdpx"
INTERVIEW = 50_000  # characters in one hour of talk
PER_DOCUMENT = 500  # codings per interview
CODES = [(f"c{k:02d}", f"Code {k:02d}") for k in range(20)]
NAME = "Mohamed"
NAMED = [f"{NAME} zei dat het eigenlijk wel goed ging met de proefplaatsing.",
         f"Toen belde {NAME} de klantmanager nog een keer terug."]

EXPORT_ANCHOR = r'''
import bisect, json, sqlite3, sys, uuid, zipfile, xml.etree.ElementTree as ET
db, out = sys.argv[1], sys.argv[2]
NS = "urn:QDA-XML:project:1.0"
ET.register_namespace("", NS)
def q(tag): return "{%s}%s" % (NS, tag)
def g(*parts): return str(uuid.uuid5(uuid.NAMESPACE_URL, "\x1f".join(map(str, parts))))
con = sqlite3.connect(db)
root = ET.Element(q("Project"), name="Bench", origin="anchor")
users = ET.SubElement(root, q("Users"))
for cid, name in con.execute("SELECT id, name FROM coders"):
    ET.SubElement(users, q("User"), guid=g("coder", cid), name=name)
codes = ET.SubElement(ET.SubElement(root, q("CodeBook")), q("Codes"))
for cid, name, text in con.execute("SELECT id, name, description FROM codes"):
    code = ET.SubElement(codes, q("Code"), guid=g("code", cid), name=name, isCodable="true")
    ET.SubElement(code, q("Description")).text = text
memos = con.execute("SELECT id, target_kind, target_id, text, created FROM memos").fetchall()
refs = {}
for mid, kind, target, _text, _created in memos:
    refs.setdefault((kind, target), []).append(g("memo", mid))
cases, sources = ET.SubElement(root, q("Cases")), ET.SubElement(root, q("Sources"))
members = {}
for doc, name, text, sha in con.execute("SELECT id, name, text, sha256 FROM documents"):
    sg = g("source", sha)
    turns = con.execute('SELECT start, "end", speaker FROM turns WHERE document_id = ?'
                        " ORDER BY idx", [doc]).fetchall()
    members[f"sources/{sg}.txt"] = text.encode()
    members[f"casebook/{sg}.json"] = json.dumps(turns, ensure_ascii=False).encode()
    source = ET.SubElement(sources, q("TextSource"), guid=sg, name=name,
                           plainTextPath=f"internal://{sg}.txt")
    ends, said = [t[1] for t in turns], {}
    for cid, start, end, code, coder, created in con.execute(
            'SELECT id, start, "end", code_id, coder_id, created FROM codings'
            ' WHERE document_id = ? ORDER BY start, "end"', [doc]):
        user = g("coder", coder)
        sel = ET.SubElement(source, q("PlainTextSelection"), guid=g("selection", cid),
                            name=text[start:end][:60], startPosition=str(start),
                            endPosition=str(end), creatingUser=user, creationDateTime=created)
        coding = ET.SubElement(sel, q("Coding"), guid=g("coding", cid), creatingUser=user,
                               creationDateTime=created)
        ET.SubElement(coding, q("CodeRef"), targetGUID=g("code", code))
        for note in refs.get(("coding", str(cid)), []):
            ET.SubElement(sel, q("NoteRef"), targetGUID=note)
        at = bisect.bisect_right(ends, start)
        while at < len(turns) and turns[at][0] < end:
            said.setdefault(turns[at][2], []).append(sel.get("guid"))
            at += 1
    for note in refs.get(("document", str(doc)), []):
        ET.SubElement(source, q("NoteRef"), targetGUID=note)
    for speaker, selections in said.items():
        case = ET.SubElement(cases, q("Case"), guid=g("case", sha, speaker), name=speaker)
        ET.SubElement(case, q("SourceRef"), targetGUID=sg)
        for target in dict.fromkeys(selections):
            ET.SubElement(case, q("SelectionRef"), targetGUID=target)
notes = ET.SubElement(root, q("Notes"))
for mid, kind, target, text, created in memos:
    note = ET.SubElement(notes, q("Note"), guid=g("memo", mid), name=f"memo {mid}",
                         creationDateTime=created)
    ET.SubElement(note, q("PlainTextContent")).text = text
ET.indent(root)
qde = '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode")
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
    zf.writestr("project.qde", qde.encode())
    for member, data in sorted(members.items()):
        zf.writestr(member, data)
'''

IMPORT_ANCHOR = r'''
import hashlib, sqlite3, sys, zipfile, xml.etree.ElementTree as ET
import spacy
qdpx, db = sys.argv[1], sys.argv[2]
NS = "{urn:QDA-XML:project:1.0}"
with zipfile.ZipFile(qdpx) as zf:
    root = ET.fromstring(zf.read("project.qde"))
    texts = {s.get("guid"): zf.read("sources/" + s.get("plainTextPath").split("://")[1])
             .decode("utf-8") for s in root.iter(NS + "TextSource")}
nlp = spacy.blank("nl")
nlp.add_pipe("sentencizer")
nlp.max_length = 10 ** 8
con = sqlite3.connect(db)
now = "2024-01-01T00:00:00+00:00"
with con:
    con.executemany("INSERT INTO coders (id, name) VALUES (?, ?)",
                    [(u.get("guid"), u.get("name")) for u in root.iter(NS + "User")])
    con.executemany("INSERT INTO codes (id, name, description) VALUES (?, ?, ?)",
                    [(c.get("guid"), c.get("name"), c.findtext(NS + "Description") or "")
                     for c in root.iter(NS + "Code")])
    for source in root.iter(NS + "TextSource"):
        text = texts[source.get("guid")]
        doc = con.execute(
            "INSERT INTO documents (name, format, sha256, text, length, imported_at)"
            " VALUES (?, 'qdpx', ?, ?, ?, ?)", (source.get("name"),
            hashlib.sha256(text.encode()).hexdigest(), text, len(text), now)).lastrowid
        con.executemany('INSERT INTO sentences (document_id, idx, start, "end")'
                        " VALUES (?, ?, ?, ?)", [(doc, n, s.start_char, s.end_char)
                                                 for n, s in enumerate(nlp(text).sents)])
        con.executemany(
            'INSERT INTO codings (document_id, start, "end", code_id, coder_id, created)'
            " VALUES (?, ?, ?, ?, ?, ?)",
            [(doc, int(sel.get("startPosition")), int(sel.get("endPosition")),
              coding.find(NS + "CodeRef").get("targetGUID"), coding.get("creatingUser"),
              coding.get("creationDateTime")) for sel in source.iter(NS + "PlainTextSelection")
             for coding in sel.iter(NS + "Coding")])
    con.executemany("INSERT INTO memos (target_kind, target_id, text, created)"
                    " VALUES ('project', ?, ?, ?)",
                    [(n.get("guid"), n.findtext(NS + "PlainTextContent"), now)
                     for n in root.iter(NS + "Note")])
'''


def transcript(rng: random.Random, pool: list[str]) -> str:
    """About one hour of interview, as a transcriber delivers it."""
    lines, size = [], 0
    while size < INTERVIEW:
        speaker = "I" if len(lines) % 2 == 0 else "R"
        turn = " ".join(rng.choice(NAMED if rng.random() < 0.02 else pool)
                        for _ in range(rng.randint(1, 6)))
        lines.append(f"{speaker}: {turn}")
        size += len(turn) + 4
    return "\n".join(lines) + "\n"


def build(root: Path, codings: int, seed: int = 11) -> Path:
    """The project of the module docstring at ``root``, with ``codings`` codings."""
    from casebook.ingest import import_files
    from casebook.model import Code, Codebook, Coding, Memo, PrivacyFinding
    from casebook.project import Project

    rng, pool = random.Random(seed), corpus()
    texts = root.parent / f"{root.name}-texts"
    texts.mkdir(parents=True)
    files = []
    for d in range(max(1, codings // PER_DOCUMENT)):
        files.append(texts / f"gesprek-{d:03d}.txt")
        files[-1].write_text(transcript(rng, pool), encoding="utf-8")
    project = Project.init(root, name="Bench")
    store = project.store
    store.set_codebook(Codebook("Bench", [Code(i, n, description=f"Wanneer {n} speelt.")
                                          for i, n in CODES]))
    import_files(project, files)
    coders = [store.coder("anna").id, store.coder("bram").id]
    planned: list[Coding] = []
    with store.transaction():
        for summary in store.documents():
            doc, spans = store.document(summary.id), store.sentences(summary.id)
            for n in range(PER_DOCUMENT):
                first = rng.randrange(len(spans) - 3)
                planned.append(Coding(
                    summary.id, spans[first].start, spans[first + rng.randint(0, 2)].end,
                    rng.choice(CODES)[0], coders[n % 2],
                    memo="Twijfel: ook kunnen als maatwerk." if n % 20 == 0 else None))
            for match in re.finditer(NAME, doc.text):
                store.add_privacy_finding(PrivacyFinding(
                    None, summary.id, match.start(), match.end(), "persoon", NAME, NAME,
                    "R1", decision="accepted"))
            store.set_privacy_scanned(summary.id, doc.sha256, "bench")
            store.set_privacy_reviewed(summary.id, doc.sha256)
            store.add_memo(Memo("document", str(summary.id), "Rustig gesprek, open sfeer."))
        store.add_codings(planned)
        for code_id, _name in CODES:
            store.add_memo(Memo("code", code_id, "Vaak samen met maatwerk."))
        store.add_memo(Memo("project", "", "Bench project for the .qdpx exchange."))
    project.close()
    return root


def fastest(prepare: Callable[[int], list[str]], repeat: int) -> Run:
    """The fastest of ``repeat`` runs of the command ``prepare(n)`` readies (a fresh
    project each time); its peak memory the largest seen."""
    runs = [command(prepare(n)) for n in range(repeat)]
    best = min(runs, key=lambda r: r.seconds)
    return Run(best.seconds, max(r.peak_mib for r in runs), best.stdout)


def in_turn(commands: dict[str, list[str]], repeat: int) -> tuple[dict[str, Run],
                                                                   dict[str, float]]:
    """Each command ``repeat`` times, one after the other, round by round: the fastest run
    of each (its peak memory the largest seen) and its least CPU time, read from this
    process's children times (so it holds the probe's start-up too, a few ms, alike for
    each)."""
    runs: dict[str, list[Run]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, argv in commands.items():
            before = os.times()
            runs[name].append(command(argv))
            after = os.times()
            cpu[name].append(after.children_user + after.children_system
                             - before.children_user - before.children_system)
    best = {}
    for name, each in runs.items():
        quickest = min(each, key=lambda r: r.seconds)
        best[name] = Run(quickest.seconds, max(r.peak_mib for r in each), quickest.stdout)
    return best, {name: min(each) for name, each in cpu.items()}


def fresh(folder: Path) -> Path:
    """A new, empty project (not timed)."""
    command(casebook("init", str(folder)))
    return folder


def one_size(tmp: Path, size: int, codings: int, repeat: int) -> dict[str, Run]:
    """Every figure at one size (see the module docstring)."""
    root = build(tmp / f"x{size}", codings)
    out, raw, mine = tmp / f"x{size}.qdpx", tmp / f"x{size}-raw.qdpx", tmp / f"x{size}-a.qdpx"
    runs, cpu = in_turn({
        "export": casebook("-p", str(root), "qdpx", "export", "-o", str(out)),
        "export --raw": casebook("-p", str(root), "qdpx", "export", "--raw", "-o", str(raw)),
        "export anchor": [*python(EXPORT_ANCHOR), str(root / "casebook.db"), str(mine)],
    }, repeat)
    runs |= {
        "import": fastest(lambda n: casebook("-p", str(fresh(tmp / f"i{size}-{n}")), "qdpx",
                                             "import", str(out)), repeat),
        "import anchor": fastest(lambda n: [*python(IMPORT_ANCHOR), str(out), str(
            fresh(tmp / f"a{size}-{n}") / "casebook.db")], repeat),
    }
    label = f"{size}x {codings // 1000}k"
    for figure, anchor, name in (("export", "export anchor", "sqlite3 + ElementTree + zip"),
                                 ("export --raw", "export anchor",
                                  "sqlite3 + ElementTree + zip"),
                                 ("import", "import anchor", "ElementTree + spaCy + SQL")):
        ours, bare = runs[figure], runs[anchor]
        record(BENCH, f"qdpx {figure}", ours.seconds, bare.seconds, name, size=label,
               goal=1.2)
        record(BENCH, f"qdpx {figure}, peak memory", ours.peak_mib, bare.peak_mib, name,
               size=label, goal=1.3, unit="MiB")
        if figure in cpu:
            record(BENCH, f"qdpx {figure}, CPU", cpu[figure], cpu[anchor], name, size=label)
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=int, default=5000, help="codings at 1x")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each (fastest)")
    args = parser.parse_args()
    header("bench_qdpx: .qdpx export and import beside sqlite3/ElementTree/spaCy anchors")
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in SIZES:
            results.append(one_size(Path(tmp), size, args.base * size, args.repeat))
    for figure in ("export", "export --raw", "import"):
        growth(BENCH, f"qdpx {figure} time", SIZES, [r[figure].seconds for r in results])
        growth(BENCH, f"qdpx {figure} peak memory", SIZES,
               [r[figure].peak_mib for r in results], goal=None)


if __name__ == "__main__":
    main()
