"""Teaching cases (socioprudentie): Markdown files with YAML front matter.

A case file starts with ``---``, YAML front matter, ``---``, then a Markdown body
(commentary, reflection questions). Front matter fields:

- ``title`` (required), ``subtitle``, ``authors`` (text or list), ``learning_goals`` (list);
- ``fragments`` (required, list), each one of
  ``{document: NAME, start: S, end: E}`` (code-point range),
  ``{document: NAME, turns: "3-5"}`` (turn numbers, 1-based, inclusive),
  ``{document: NAME, quote: "exact text", context: 1, occurrence: 1}`` (the turns holding
  the quote, plus ``context`` turns on either side),
  ``{code: ID, coder: NAME, document: NAME, limit: N}`` (every coding with that code);
  any fragment may carry a ``title``;
- ``coders``: whose codings are highlighted (default: ``consensus`` if it exists, else all).

:func:`load` reads and checks a file (every problem names the file, the line and the
field); :func:`resolve` turns a case into :class:`Fragment` s against a store, checking
documents, ranges and quotes; :func:`check_privacy` refuses fragments of documents whose
pseudonymisation was not reviewed. Nothing here renders: that is :mod:`casebook.export`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from casebook import privacy
from casebook.coding import find_quote
from casebook.errors import CasebookError
from casebook.model import Code, Coding, Turn

FIELDS = ("title", "subtitle", "authors", "learning_goals", "fragments", "coders", "questions",
          "language")
FRAGMENT_FIELDS = ("document", "start", "end", "turns", "quote", "occurrence", "context",
                   "code", "coder", "limit", "title")
CONSENSUS = "consensus"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FENCE = re.compile(r"^---[ \t]*$", re.MULTILINE)
# A body section headed like this holds the reflection questions (one list item each).
_QUESTIONS = re.compile(r"^(#{1,6})[ \t]+(reflectievragen|reflection questions|vragen|questions)"
                        r"[ \t]*:?[ \t]*#*[ \t]*$", re.IGNORECASE | re.MULTILINE)
_ITEM = re.compile(r"^[ \t]{0,3}(?:[-*+]|\d+[.)])[ \t]+(.*)$")
_TURNS = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$")


@dataclass(slots=True)
class FragmentSpec:
    """One ``fragments:`` entry as written, with the line it starts on."""

    line: int
    values: dict
    lines: dict[str, int] = field(default_factory=dict)  # field -> line

    def get(self, name: str, default=None):
        return self.values.get(name, default)


@dataclass(slots=True)
class Case:
    path: Path
    title: str
    body: str
    subtitle: str = ""
    authors: list[str] = field(default_factory=list)
    learning_goals: list[str] = field(default_factory=list)
    fragments: list[FragmentSpec] = field(default_factory=list)
    coders: list[str] = field(default_factory=list)
    coders_line: int | None = None
    questions: list[str] = field(default_factory=list)
    language: str | None = None

    @property
    def name(self) -> str:
        return self.path.stem


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of a turn's text with one set of codes; ``replaced``: a pseudonym."""

    text: str
    codes: tuple[str, ...] = ()
    replaced: bool = False


@dataclass(slots=True)
class FragmentTurn:
    speaker: str | None
    role: str | None
    time_start: float | None
    pieces: list[Piece]
    labels: list[str]                          # code ids, in order of first appearance
    memos: list[tuple[str, str]]               # (code id, memo)


@dataclass(slots=True)
class Fragment:
    """A resolved fragment: whole turns of one document, ready to draw."""

    document: str
    document_id: int
    start: int
    end: int
    turns: list[FragmentTurn]
    codings: list[Coding]          # intersecting [start, end), of the chosen coders
    status: str                    # privacy status: none | scanned | reviewed
    note: str = ""

    @property
    def raw(self) -> bool:
        """Shown without a reviewed pseudonymisation."""
        return self.status != "reviewed"


@dataclass(slots=True)
class ResolvedCase:
    case: Case
    fragments: list[Fragment]
    coders: list[str]              # names of the coders whose codings are drawn
    # (original, pseudonym, line): personal data the case's own text still names
    leaks: list[tuple[str, str, int | None]] = field(default_factory=list)

    @property
    def raw(self) -> bool:
        return any(f.raw for f in self.fragments)


# -- reading --------------------------------------------------------------------------
def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def split_front_matter(text: str, path: Path) -> tuple[str, str, int]:
    """(front matter, body, line the body starts on)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    if not text.startswith("---"):
        raise CasebookError("a case file starts with '---' and YAML front matter",
                            path=path, line=1, field="front matter")
    fences = list(_FENCE.finditer(text))
    if len(fences) < 2 or fences[0].start() != 0:
        raise CasebookError("front matter is not closed by a '---' line", path=path, line=1,
                            field="front matter")
    front = text[fences[0].end():fences[1].start()]
    body = text[fences[1].end():].lstrip("\n")
    return front, body, text[:fences[1].end()].count("\n") + 2


def _construct(node: yaml.Node, path: Path | None = None, where: str | None = None):
    """The Python value of a YAML node; a tag YAML cannot build safely is a CasebookError."""
    loader = _Loader("")
    try:
        return loader.construct_object(node, deep=True)
    except yaml.YAMLError as err:
        raise CasebookError(f"YAML: {getattr(err, 'problem', None) or err}", path=path,
                            line=_line(node), field=where) from None
    finally:
        loader.dispose()


def _key(key: yaml.Node, seen, path: Path, prefix: str = "") -> str | None:
    name = key.value if isinstance(key, yaml.ScalarNode) else None
    if name in seen:
        raise CasebookError("given twice", path=path, line=_line(key), field=prefix + str(name))
    return name


def _text_list(value, path, line, name) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return [str(v) for v in value]
    raise CasebookError("must be a text or a list of texts", path=path, line=line, field=name)


def load(path: str | Path) -> Case:
    """Read and check one case file (not yet against a project)."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CasebookError("no such case file", path=path) from None
    except UnicodeDecodeError:
        raise CasebookError("a case file must be UTF-8", path=path) from None
    front, body, _ = split_front_matter(raw, path)
    try:
        # front starts with the newline ending the opening "---": marks are file lines
        root = yaml.compose(front, Loader=_Loader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise CasebookError(f"YAML: {getattr(err, 'problem', None) or err}", path=path,
                            line=mark.line + 1 if mark else None,
                            field="front matter") from None
    if not isinstance(root, yaml.MappingNode):
        raise CasebookError("front matter must be a mapping of fields", path=path, line=1,
                            field="front matter")
    nodes: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key, value in root.value:
        name = _key(key, nodes, path)
        if name not in FIELDS:
            raise CasebookError(f"unknown field (known: {', '.join(FIELDS)})", path=path,
                                line=_line(key), field=str(name))
        nodes[name] = (key, value)
    if "title" not in nodes:
        raise CasebookError("a case needs a title", path=path, line=1, field="title")
    title = _construct(nodes["title"][1], path, "title")
    if not isinstance(title, str) or not title.strip():
        raise CasebookError("must be a non-empty text", path=path,
                            line=_line(nodes["title"][1]), field="title")
    case = Case(path=path, title=title.strip(), body=body)
    for name in ("subtitle",):
        if name in nodes:
            value = _construct(nodes[name][1], path, name)
            case.subtitle = "" if value is None else str(value)
    if "language" in nodes:
        case.language = _construct(nodes["language"][1], path, "language")
        if case.language not in ("nl", "en"):
            raise CasebookError("must be nl or en", path=path, line=_line(nodes["language"][1]),
                                field="language")
    for name in ("authors", "learning_goals", "coders", "questions"):
        if name in nodes:
            setattr(case, name, _text_list(_construct(nodes[name][1], path, name), path,
                                           _line(nodes[name][1]), name))
    case.body, questions = split_questions(body)
    case.questions += questions
    if "coders" in nodes:
        case.coders_line = _line(nodes["coders"][1])
    if "fragments" not in nodes:
        raise CasebookError("a case needs fragments", path=path, line=1, field="fragments")
    seq = nodes["fragments"][1]
    if not isinstance(seq, yaml.SequenceNode) or not seq.value:
        raise CasebookError("must be a non-empty list", path=path, line=_line(seq),
                            field="fragments")
    for i, item in enumerate(seq.value, 1):
        case.fragments.append(_fragment_spec(item, path, i))
    return case


def split_questions(body: str) -> tuple[str, list[str]]:
    """Take the list under a "Reflectievragen" / "Reflection questions" heading out of the
    Markdown body: (the rest of the body, the questions)."""
    match = _QUESTIONS.search(body)
    if not match:
        return body, []
    level = len(match[1])
    rest = body[match.end():]
    end = re.search(r"^#{1,%d}[ \t]" % level, rest, re.MULTILINE)
    section, after = (rest[:end.start()], rest[end.start():]) if end else (rest, "")
    questions: list[str] = []
    for line in section.splitlines():
        item = _ITEM.match(line)
        if item:
            questions.append(item[1].strip())
        elif line.strip() and questions:  # a wrapped item goes on
            questions[-1] += " " + line.strip()
    return body[:match.start()] + after, questions


def _fragment_spec(node: yaml.Node, path: Path, number: int) -> FragmentSpec:
    where = f"fragments[{number}]"
    if not isinstance(node, yaml.MappingNode):
        raise CasebookError("a fragment is a mapping (document: ..., quote: ...)", path=path,
                            line=_line(node), field=where)
    spec = FragmentSpec(line=_line(node), values={})
    for key, value in node.value:
        name = _key(key, spec.values, path, f"{where}.")
        if name not in FRAGMENT_FIELDS:
            raise CasebookError(f"unknown field (known: {', '.join(FRAGMENT_FIELDS)})",
                                path=path, line=_line(key), field=f"{where}.{name}")
        spec.values[name] = _construct(value, path, f"{where}.{name}")
        spec.lines[name] = _line(value)

    def bad(name: str, message: str) -> CasebookError:
        return CasebookError(message, path=path, line=spec.lines.get(name, spec.line),
                             field=f"{where}.{name}")

    kinds = [k for k in ("quote", "turns", "code") if k in spec.values]
    if "start" in spec.values or "end" in spec.values:
        kinds.append("start")
    if len(kinds) != 1:
        raise CasebookError("give exactly one of start/end, turns, quote or code", path=path,
                            line=spec.line, field=where)
    if kinds[0] != "code" and not isinstance(spec.get("document"), str):
        raise bad("document", "names the document (see `casebook docs`)")
    for name in ("start", "end", "context", "occurrence", "limit"):
        value = spec.get(name)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)
                                  or value < 0):
            raise bad(name, "must be a whole number >= 0")
    if kinds[0] == "start":
        if spec.get("start") is None or spec.get("end") is None:
            raise bad("start", "a range needs both start and end")
        if spec.get("end") <= spec.get("start"):
            raise bad("end", "must be after start")
    if kinds[0] == "turns":
        match = _TURNS.match(str(spec.get("turns")))
        if not match:
            raise bad("turns", "write turn numbers as '3' or '3-5' (1-based)")
        first, last = int(match[1]), int(match[2] or match[1])
        if first < 1 or last < first:
            raise bad("turns", "turn numbers start at 1 and run upwards ('3-5')")
        spec.values["turns"] = (first, last)
    if kinds[0] == "quote" and (not isinstance(spec.get("quote"), str)
                                or not spec.get("quote").strip()):
        raise bad("quote", "must be the exact text of the transcript")
    if kinds[0] == "code" and not isinstance(spec.get("code"), str):
        raise bad("code", "must be a code id (see `casebook codebook`)")
    return spec


def find_cases(folder: Path) -> list[Path]:
    """Case files in a folder (``*.md`` but README.md), sorted by name."""
    return sorted(p for p in folder.glob("*.md") if p.name.lower() != "readme.md")


def case_path(ref: str, folder: Path) -> Path:
    """A case named by path, or by name in the project's cases folder."""
    path = Path(ref)
    if path.exists():
        return path
    for candidate in (folder / ref, folder / f"{ref}.md", folder.parent / ref):
        if candidate.exists():
            return candidate
    raise CasebookError(f"no case file '{ref}' (see `casebook case list`)", field="case")


# -- resolving against the project ----------------------------------------------------
def _coders(store, case: Case, names: list[str] | None) -> list:
    """The coders whose codings are drawn: given, the case's, consensus, or every coder."""
    wanted = names or case.coders
    if wanted:
        found = []
        for name in wanted:
            try:
                found.append(store.find_coder(name))
            except CasebookError:
                line, where = (case.coders_line, case.path) if not names else (None, None)
                raise CasebookError(f"no coder '{name}'", path=where, line=line,
                                    field="coders") from None
        return found
    everyone = store.coders()
    return [c for c in everyone if c.name == CONSENSUS] or everyone


def _turn_range(turns: list[Turn], start: int, end: int, context: int = 0) -> tuple[int, int]:
    """Indexes [first, last] of the turns overlapping [start, end), widened by context."""
    hit = [i for i, t in enumerate(turns) if t.start < end and t.end > start]
    if not hit:  # between turns (e.g. in a label): the nearest turn before
        before = [i for i, t in enumerate(turns) if t.start <= start] or [0]
        hit = [before[-1]]
    return max(0, hit[0] - context), min(len(turns) - 1, hit[-1] + context)


def pieces(text: str, start: int, end: int, codings: list[Coding],
           replacements: list[tuple[int, int, str]]) -> list[Piece]:
    """``text[start:end]`` cut at every boundary of a coding or a replacement; a replaced
    run is one piece with the replacement text, carrying the codes that cover any of it, so
    highlights stay aligned when a pseudonym is longer or shorter than the name."""
    spans = [(max(c.start, start), min(c.end, end), c.code_id) for c in codings
             if c.start < end and c.end > start]
    reps = [(s, e, r) for s, e, r in replacements if s < end and e > start]
    cuts = {start, end}
    for s, e, _ in spans:
        cuts.update((s, e))
    for s, e, _ in reps:
        cuts.update((max(s, start), min(e, end)))
    marks = sorted(cuts)
    out: list[Piece] = []
    r = 0
    for a, b in zip(marks, marks[1:]):
        while r < len(reps) and reps[r][1] <= a:
            r += 1
        codes = tuple(dict.fromkeys(code for s, e, code in spans if s < b and e > a))
        if r < len(reps) and reps[r][0] <= a:
            if a == max(reps[r][0], start):
                out.append(Piece(reps[r][2], codes, True))
            elif codes and out and out[-1].replaced:  # a coding starts inside the name
                out[-1] = Piece(out[-1].text, tuple(dict.fromkeys(out[-1].codes + codes)), True)
            continue
        if out and not out[-1].replaced and out[-1].codes == codes:
            out[-1] = Piece(out[-1].text + text[a:b], codes)
        else:
            out.append(Piece(text[a:b], codes))
    return out


class _Resolver:
    def __init__(self, store, case: Case, coders) -> None:
        self.store, self.case, self.coders = store, case, coders
        self.coder_ids = [c.id for c in coders]
        self.codes = {c.id for c in store.codes(include_retired=True)}
        self.cache: dict[str, tuple] = {}
        self.originals: dict[str, str] = {}  # personal data -> its pseudonym

    def error(self, message: str, spec: FragmentSpec, number: int, name: str):
        return CasebookError(message, path=self.case.path, line=spec.lines.get(name, spec.line),
                             field=f"fragments[{number}].{name}")

    def document(self, spec: FragmentSpec, number: int, ref) -> tuple:
        key = str(ref)
        if key not in self.cache:
            try:
                doc = self.store.document(ref)
            except CasebookError as err:
                raise self.error(err.message, spec, number, "document") from None
            speakers = {s.label: s for s in self.store.speakers(doc.id)}
            for s in speakers.values():
                if s.pseudonym and s.pseudonym != s.label:
                    self.originals.setdefault(s.label, s.pseudonym)
            for f in self.store.privacy_findings(doc.id):
                if f.decision in ("accepted", "edited") and len(f.text.strip()) >= 2:
                    self.originals.setdefault(f.text.strip(), f.replacement)
            self.cache[key] = (doc, self.store.turns(doc.id), speakers)
        return self.cache[key]

    def fragment(self, spec: FragmentSpec, entry: tuple, start: int, end: int,
                 whole_turns: bool = True, only: Coding | None = None) -> Fragment:
        doc, turns, speakers = entry
        if turns and whole_turns:
            first, last = _turn_range(turns, start, end, spec.get("context") or 0)
            start, end = min(start, turns[first].start), max(end, turns[last].end)
        shown = [t for t in turns if t.start < end and t.end > start] or [Turn(start, end)]
        codings = [c for c in self.store.codings(document_id=doc.id, coder_ids=self.coder_ids)
                   if c.start < end and c.end > start]
        if only is not None and all(c.id != only.id for c in codings):
            codings.append(only)
        reps = privacy.replacements(self.store, doc.id, start, end)
        out = []
        for t in shown:
            s, e = max(t.start, start), min(t.end, end)
            inside = [c for c in codings if c.start < e and c.end > s]
            speaker = speakers.get(t.speaker) if t.speaker else None
            out.append(FragmentTurn(
                speaker=(speaker.pseudonym or speaker.label) if speaker else t.speaker,
                role=speaker.role if speaker else None, time_start=t.time_start,
                pieces=pieces(doc.text, s, e, inside, reps),
                labels=list(dict.fromkeys(c.code_id for c in inside)),
                memos=[(c.code_id, self.pseudonymise(c.memo)) for c in inside
                       if c.memo and c.start >= s]))
        return Fragment(document=doc.name, document_id=doc.id, start=start, end=end,
                        turns=out, codings=codings, status=privacy.status(self.store, doc.id),
                        note=str(spec.get("title") or ""))

    def pseudonymise(self, text: str) -> str:
        """A coder's memo with the personal data the transcripts pseudonymise replaced
        (in one pass, longest first, so a pseudonym is never replaced again)."""
        if not self.originals:
            return text
        lower = {k.lower(): v for k, v in self.originals.items()}
        names = sorted(self.originals, key=len, reverse=True)
        pattern = r"(?<!\w)(" + "|".join(map(re.escape, names)) + r")(?!\w)"
        return re.sub(pattern, lambda m: lower.get(m[0].lower(), m[0]), text,
                      flags=re.IGNORECASE)

    def by_code(self, spec: FragmentSpec, number: int) -> list[Fragment]:
        code_id = spec.get("code")
        if code_id not in self.codes:
            raise self.error(f"no code '{code_id}' in the codebook", spec, number, "code")
        ids = self.coder_ids
        if spec.get("coder"):
            try:
                ids = [self.store.find_coder(spec.get("coder")).id]
            except CasebookError:
                raise self.error(f"no coder '{spec.get('coder')}'", spec, number,
                                 "coder") from None
        doc_id = None
        if spec.get("document"):
            doc_id = self.document(spec, number, spec.get("document"))[0].id
        found = self.store.codings(document_id=doc_id, code_ids=[code_id], coder_ids=ids)
        if spec.get("limit"):
            found = found[:spec.get("limit")]
        if not found:
            raise self.error(f"no codings with code '{code_id}'", spec, number, "code")
        return [self.fragment(spec, self.document(spec, number, c.document_id), c.start,
                              c.end, only=c) for c in found]

    def one(self, spec: FragmentSpec, number: int) -> Fragment:
        entry = self.document(spec, number, spec.get("document"))
        doc, turns, _ = entry
        if spec.get("quote") is not None:
            try:
                start, end = find_quote(doc.text, spec.get("quote"),
                                        spec.get("occurrence") or 1)
            except CasebookError as err:
                raise self.error(f"{err.message} of '{doc.name}'", spec, number,
                                 "quote") from None
            return self.fragment(spec, entry, start, end)
        if spec.get("turns") is not None:
            first, last = spec.get("turns")
            if last > len(turns):
                raise self.error(f"'{doc.name}' has {len(turns)} turns", spec, number, "turns")
            return self.fragment(spec, entry, turns[first - 1].start, turns[last - 1].end)
        start, end = spec.get("start"), spec.get("end")
        if end > len(doc.text):
            raise self.error(f"range {start}-{end} is outside '{doc.name}' "
                             f"(0-{len(doc.text)})", spec, number, "end")
        # a range is shown as given, unless context asks for whole turns around it
        return self.fragment(spec, entry, start, end, whole_turns=spec.get("context") is not None)


def resolve(store, case: Case, coders: list[str] | None = None) -> ResolvedCase:
    """The case's fragments against a store; a bad reference names the case file's line.
    Fragments by code that land on the same turns are shown once."""
    resolver = _Resolver(store, case, _coders(store, case, coders))
    fragments: list[Fragment] = []
    seen: set[tuple[int, int, int]] = set()
    for number, spec in enumerate(case.fragments, 1):
        if spec.get("code") is not None:
            for fragment in resolver.by_code(spec, number):
                key = (fragment.document_id, fragment.start, fragment.end)
                if key not in seen:
                    seen.add(key)
                    fragments.append(fragment)
        else:
            fragments.append(resolver.one(spec, number))
    names = [c.name for c in resolver.coders]
    if not (coders or case.coders):  # by default: only the coders that show
        drawn = {c.coder_name for f in fragments for c in f.codings}
        names = [name for name in names if name in drawn]
    return ResolvedCase(case=case, fragments=fragments, coders=names,
                        leaks=_leaks(case, resolver.originals))


def _leaks(case: Case, originals: dict[str, str]) -> list[tuple[str, str, int | None]]:
    """Personal data the transcripts pseudonymise that the case's own (shown) text names:
    title, subtitle, goals, questions, commentary, fragment titles."""
    if not originals:
        return []
    shown = "\n".join([case.title, case.subtitle, *case.learning_goals, *case.questions,
                       case.body, *(str(f.get("title") or "") for f in case.fragments)])
    try:
        lines = case.path.read_text(encoding="utf-8").splitlines()
    except OSError:
        lines = []
    found = []
    for original in sorted(originals, key=len, reverse=True):
        pattern = re.compile(r"(?<!\w)" + re.escape(original) + r"(?!\w)", re.IGNORECASE)
        if not pattern.search(shown):
            continue
        line = next((n for n, text in enumerate(lines, 1) if pattern.search(text)
                     and not re.match(r"\s*-?\s*(quote|document):", text)), None)
        found.append((original, originals[original], line))
    return sorted(found, key=lambda leak: leak[2] or 0)


def refuse_raw(resolved: list[ResolvedCase]) -> None:
    """Refuse fragments of documents whose pseudonymisation is not reviewed, and case text
    that names what the transcripts pseudonymise."""
    for rc in resolved:
        for original, pseudonym, line in rc.leaks:
            raise CasebookError(
                f"the case names '{original}', which the transcripts pseudonymise as "
                f"'{pseudonym}'; write the pseudonym, or export with --allow-raw",
                path=rc.case.path, line=line, field="text")
        for fragment in rc.fragments:
            if fragment.raw:
                raise CasebookError(
                    f"document '{fragment.document}' is not pseudonymised (status: "
                    f"{fragment.status}); run `casebook pseudo scan`, `review` and `apply`, "
                    "or export with --allow-raw", path=rc.case.path, field="fragments")
