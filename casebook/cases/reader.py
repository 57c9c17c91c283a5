"""Reading teaching cases (socioprudentie): Markdown files with YAML front matter.

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

A case file is at most :data:`MAX_BYTES` (a teaching case is a few pages); its front matter
is read by :mod:`casebook.yamlsafe`.

:func:`load` reads and checks a file; every problem names the file, the line and the field.
Resolving a case against a project is :mod:`casebook.cases.fragments`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from casebook import yamlsafe
from casebook.errors import CasebookError
from casebook.files import read_bytes

FIELDS = ("title", "subtitle", "authors", "learning_goals", "fragments", "coders", "questions",
          "language")
FRAGMENT_FIELDS = ("document", "start", "end", "turns", "quote", "occurrence", "context",
                   "code", "coder", "limit", "title")
MAX_BYTES = 1024 * 1024
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
    values: dict[str, Any]
    lines: dict[str, int] = field(default_factory=dict)  # field -> line

    def get(self, name: str, default: Any = None) -> Any:
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


# -- reading --------------------------------------------------------------------------
_line = yamlsafe.line_of


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


_construct = yamlsafe.construct


def _key(key: yaml.Node, seen: dict[str, Any], path: Path, prefix: str = "") -> str | None:
    name = str(key.value) if isinstance(key, yaml.ScalarNode) else None
    if name in seen:
        raise CasebookError("given twice", path=path, line=_line(key), field=prefix + str(name))
    return name


def _text_list(value: Any, path: Path, line: int, name: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return [str(v) for v in value]
    raise CasebookError("must be a text or a list of texts", path=path, line=line, field=name)


def _fields(front: str, path: Path) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    """The front matter's fields: name -> (key node, value node), each known and once."""
    try:
        # front starts with the newline ending the opening "---": marks are file lines
        root = yamlsafe.compose(front, path)
    except CasebookError as err:
        raise CasebookError(err.message, path=path, line=err.line,
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
    return nodes


def load(path: str | Path) -> Case:
    """Read and check one case file (not yet against a project)."""
    path = Path(path)
    if path.is_dir():
        raise CasebookError("is a folder, not a case file", path=path)
    if not path.exists():
        raise CasebookError("no such case file", path=path)
    try:
        raw = read_bytes(path, MAX_BYTES).decode("utf-8")
    except UnicodeDecodeError:
        raise CasebookError("a case file must be UTF-8", path=path) from None
    front, body, _ = split_front_matter(raw, path)
    nodes = _fields(front, path)
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
    end = re.search(rf"^#{{1,{level}}}[ \t]", rest, re.MULTILINE)
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

    kinds: list[str] = [k for k in ("quote", "turns", "code") if k in spec.values]
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
    """A case named by path, or by name in the project's cases folder (``folder``). It must
    lie inside the project (``folder``'s parent), links resolved."""
    path = Path(ref)
    found = path if path.exists() else next(
        (c for c in (folder / ref, folder / f"{ref}.md", folder.parent / ref) if c.exists()),
        None)
    if found is None:
        raise CasebookError(f"no case file '{ref}' (see `casebook case list`)", field="case")
    if not found.resolve().is_relative_to(folder.parent.resolve()):
        raise CasebookError("a case file must lie inside the project (in cases/)",
                            path=found, field="case")
    return found
