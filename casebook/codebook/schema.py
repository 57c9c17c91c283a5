"""The YAML codebook: reading it with line numbers, checking it, writing it back.

A codebook file has ``name``, ``version``, ``language``, ``description`` and ``codes``: a
list of mappings with ``id``, ``name``, ``name_en``, ``parent``, ``description``,
``include``, ``exclude``, ``examples`` (list), ``colour`` (#RRGGBB), ``hotkey``,
``codable`` (false for a category that only groups codes), ``exclusive: true`` (its children
are mutually exclusive per unit: one variable for `casebook agree`) and ``ordered: true``
(its children are ordered first to last, and so exclusive too). A code may instead list its
sub-codes under ``children:``. The file is composed into a node graph (not just loaded), so
every problem names the line of the field it is about; :mod:`casebook.yamlsafe` refuses
recursive aliases, alias bombs and deep nesting before anything walks it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from casebook import yamlsafe
from casebook.errors import CasebookError
from casebook.files import atomic_write, read_bytes
from casebook.model import DEFAULT_COLOUR, Code, Codebook

TOP_FIELDS = ("name", "version", "language", "description", "codes")
CODE_FIELDS = ("id", "name", "name_en", "parent", "description", "include", "exclude",
               "examples", "colour", "hotkey", "codable", "exclusive", "ordered", "children")
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
COLOUR_RE = re.compile(r"^#[0-9A-Fa-f]{6}$")
# Keys the workbench (TUI) uses itself; a code's hotkey there would hide a command.
WORKBENCH_KEYS = frozenset("jkhlwbstuurnpqgGemxcdfoaiJKN/?") | {" ", "space", "enter",
                                                               "escape", "tab"}
MAX_BYTES = 4 * 1024 * 1024  # a codebook file larger than this is refused
_NULL = "tag:yaml.org,2002:null"
Fields = dict[str, tuple[yaml.Node, yaml.Node]]  # field name -> (key node, value node)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in a codebook file. ``warning`` problems do not stop loading."""

    path: str
    line: int | None
    field: str
    message: str
    warning: bool = False

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        kind = "warning: " if self.warning else ""
        return f"{where}: {self.field}: {kind}{self.message}"

    def error(self) -> CasebookError:
        return CasebookError(self.message, path=self.path, line=self.line, field=self.field)


_line = yamlsafe.line_of


def _scalar(node: yaml.Node | None) -> str | None:
    """The text of a scalar node as written (so hotkey 1 stays "1"); None for null."""
    if node is None or not isinstance(node, yaml.ScalarNode) or node.tag == _NULL:
        return None
    return str(node.value)


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.codes: list[tuple[Code, dict[str, int]]] = []  # code, field -> line

    def problem(self, line: int | None, field: str, message: str,
                warning: bool = False) -> None:
        self.problems.append(Problem(self.path, line, field, message, warning))

    def mapping(self, node: yaml.MappingNode, known: tuple[str, ...], where: str) -> Fields:
        fields: Fields = {}
        for key, value in node.value:
            name = _scalar(key)
            if name is None:
                self.problem(_line(key), where, "a field name must be plain text")
            elif name not in known:
                self.problem(_line(key), f"{where}{name}",
                             f"unknown field (known: {', '.join(known)})")
            elif name in fields:
                self.problem(_line(key), f"{where}{name}", "given twice")
            else:
                fields[name] = (key, value)
        return fields

    def text(self, fields: Fields, name: str, where: str, *,
             required: bool = False) -> str | None:
        if name not in fields:
            return None
        key, value = fields[name]
        if isinstance(value, yaml.ScalarNode):
            text = _scalar(value)
            if text is None or not text.strip():
                if required:
                    self.problem(_line(key), f"{where}{name}", "must not be empty")
                return None
            return text.strip()
        self.problem(_line(value), f"{where}{name}", "must be text, not a list or mapping")
        return None

    def code_list(self, node: yaml.Node, field: str, parent: str | None) -> None:
        if not isinstance(node, yaml.SequenceNode):
            self.problem(_line(node), field, "must be a list of codes (- id: ...)")
            return
        for index, item in enumerate(node.value):
            self.code(item, f"{field}[{index}]", parent)

    def code(self, node: yaml.Node, where: str, implied_parent: str | None) -> None:
        if not isinstance(node, yaml.MappingNode):
            self.problem(_line(node), where, "a code must be a mapping (id: ..., name: ...)")
            return
        raw_id = next((_scalar(v) for k, v in node.value if _scalar(k) == "id"), None)
        label = f"code {raw_id.strip()}." if raw_id and raw_id.strip() else f"{where}."
        fields = self.mapping(node, CODE_FIELDS, label)
        lines = {name: _line(key) for name, (key, _value) in fields.items()}
        lines["_"] = _line(node)
        code_id = self.text(fields, "id", label)
        if code_id is None:
            self.problem(_line(node), f"{where}.id", "every code needs an id")
        elif not ID_RE.match(code_id):
            self.problem(lines["id"], f"{label}id", f"'{code_id}' is not a valid id (letters, "
                         "digits, '.', '_' and '-'; no spaces)")
            code_id = None
        name = self.text(fields, "name", label, required=True)
        if name is None and "name" not in fields:
            self.problem(_line(node), f"{label}name", "every code needs a name")
        parent = self.text(fields, "parent", label)
        if implied_parent and parent and parent != implied_parent:
            self.problem(lines["parent"], f"{label}parent", f"is '{parent}' but the code is "
                         f"listed under children of '{implied_parent}'")
        parent = parent or implied_parent
        colour = self.text(fields, "colour", label)
        if colour is not None and not COLOUR_RE.match(colour):
            self.problem(lines["colour"], f"{label}colour",
                         f"'{colour}' is not a colour like #1f77b4 (#RRGGBB)")
            colour = None
        hotkey = self.text(fields, "hotkey", label)
        if hotkey is not None:
            if len(hotkey) != 1:
                self.problem(lines["hotkey"], f"{label}hotkey",
                             f"'{hotkey}' must be a single key (a digit or a letter)")
                hotkey = None
            elif hotkey in WORKBENCH_KEYS:
                self.problem(lines["hotkey"], f"{label}hotkey", f"'{hotkey}' is also a "
                             "workbench key; the code wins in the transcript", warning=True)
        examples = self.examples(fields, label)
        if code_id is not None:
            self.codes.append((Code(
                id=code_id, name=name or code_id, parent=parent,
                name_en=self.text(fields, "name_en", label),
                description=self.text(fields, "description", label) or "",
                include=self.text(fields, "include", label) or "",
                exclude=self.text(fields, "exclude", label) or "",
                examples=examples, colour=(colour or DEFAULT_COLOUR).lower(),
                hotkey=hotkey, codable=self.flag(fields, "codable", label, True),
                exclusive=self.flag(fields, "exclusive", label, False),
                ordered=self.flag(fields, "ordered", label, False)), lines))
        if "children" in fields:
            self.code_list(fields["children"][1], f"{label}children", code_id)

    def flag(self, fields: Fields, name: str, label: str, default: bool) -> bool:
        """A yes/no field (``true``/``false``); anything else is a problem."""
        if name not in fields:
            return default
        value = (_scalar(fields[name][1]) or "").strip().lower()
        if value in ("true", "yes", "on"):
            return True
        if value in ("false", "no", "off"):
            return False
        self.problem(_line(fields[name][0]), f"{label}{name}", "must be true or false")
        return default

    def group_checks(self) -> None:
        """A code that makes its children one variable needs two children at least."""
        children: dict[str, int] = {}
        for code, _lines in self.codes:
            if code.parent:
                children[code.parent] = children.get(code.parent, 0) + 1
        for code, lines in self.codes:
            for name in ("exclusive", "ordered"):
                if getattr(code, name) and children.get(code.id, 0) < 2:
                    self.problem(lines.get(name), f"code {code.id}.{name}", "has fewer than "
                                 "two children: there is nothing to compare", warning=True)

    def examples(self, fields: Fields, label: str) -> list[str]:
        """A code's examples: a list of texts (one text alone is one example)."""
        if "examples" not in fields:
            return []
        _key, value = fields["examples"]
        if isinstance(value, yaml.MappingNode):
            self.problem(_line(value), f"{label}examples",
                         "must be a list of texts (- ...), not a mapping")
            return []
        if not isinstance(value, yaml.SequenceNode):
            text = _scalar(value)
            return [text.strip()] if text and text.strip() else []
        examples = []
        for item in value.value:
            text = _scalar(item)
            if text is None or not isinstance(item, yaml.ScalarNode):
                self.problem(_line(item), f"{label}examples", "each example must be text")
            elif text.strip():
                examples.append(text.strip())
        return examples

    def cross_checks(self) -> None:
        first: dict[str, int] = {}
        unique: list[tuple[Code, dict[str, int]]] = []
        for code, lines in self.codes:
            if code.id in first:
                self.problem(lines.get("id", lines["_"]), f"code {code.id}.id",
                             f"duplicate id (first on line {first[code.id]})")
            else:
                first[code.id] = lines.get("id", lines["_"])
                unique.append((code, lines))
        by_id = {code.id: code for code, _ in unique}
        keys: dict[str, str] = {}
        for code, lines in self.codes:  # duplicates too: each of their fields is checked
            if code.parent is not None and code.parent not in by_id:
                self.problem(lines.get("parent", lines["_"]), f"code {code.id}.parent",
                             f"unknown parent '{code.parent}'")
            if code.hotkey:
                if code.hotkey in keys:
                    self.problem(lines["hotkey"], f"code {code.id}.hotkey", f"hotkey "
                                 f"'{code.hotkey}' is also the hotkey of '{keys[code.hotkey]}'")
                else:
                    keys[code.hotkey] = code.id
        self.codes = unique
        for code, lines in unique:  # cycles: walk up from each code
            seen, here = [code.id], by_id.get(code.parent or "")
            while here is not None and here.id not in seen:
                seen.append(here.id)
                here = by_id.get(here.parent or "")
            if here is not None and here.id == code.id:
                self.problem(lines.get("parent", lines["_"]), f"code {code.id}.parent",
                             "cycle: " + " -> ".join([*seen, code.id]))


def parse_text(text: str, path: str = "<codebook>") -> tuple[Codebook | None, list[Problem]]:
    """Read codebook YAML; returns the codebook (None if unreadable) and every problem."""
    reader = _Reader(path)
    try:
        root = yamlsafe.compose(text, path)
    except CasebookError as err:
        reader.problem(err.line, "yaml", err.message)
        return None, reader.problems
    if not isinstance(root, yaml.MappingNode):
        reader.problem(_line(root) if root else 1, "codebook",
                       "expected a mapping with name, version and codes")
        return None, reader.problems
    fields = reader.mapping(root, TOP_FIELDS, "")
    name = reader.text(fields, "name", "", required=True)
    if "name" not in fields:
        reader.problem(1, "name", "the codebook needs a name")
    language = reader.text(fields, "language", "") or "nl"
    if language not in ("nl", "en"):
        reader.problem(_line(fields["language"][0]), "language", "must be nl or en")
    if "codes" in fields:
        reader.code_list(fields["codes"][1], "codes", None)
    else:
        reader.problem(1, "codes", "the codebook has no codes: list")
    reader.cross_checks()
    reader.group_checks()
    reader.problems.sort(key=lambda p: p.line or 0)
    if not reader.codes and "codes" in fields:
        reader.problem(_line(fields["codes"][0]), "codes", "the codebook has no codes")
    codebook = Codebook(name=name or Path(path).stem, codes=[c for c, _ in reader.codes],
                        version=reader.text(fields, "version", "") or "1", language=language,
                        description=reader.text(fields, "description", "") or "")
    return codebook, reader.problems


def _read(path: str | Path) -> str:
    data = read_bytes(path, MAX_BYTES)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise CasebookError(f"not UTF-8 text ({err.reason} at byte {err.start})",
                            path=path) from None


def check(path: str | Path) -> list[Problem]:
    """Every problem in the codebook file at ``path`` (an empty list: all is well)."""
    return parse_text(_read(path), str(path))[1]


def load_yaml(path: str | Path) -> Codebook:
    """The codebook at ``path``; raises CasebookError (path, line, field) on the first error."""
    codebook, problems = parse_text(_read(path), str(path))
    errors = [p for p in problems if not p.warning]
    if errors:
        raise errors[0].error()
    assert codebook is not None
    return codebook


def depth(codebook: Codebook) -> int:
    """Levels in the code tree (1: a flat list)."""
    by_id = codebook.by_id()
    deepest = 0
    for code in codebook.codes:
        level, here, seen = 1, code, {code.id}
        while here.parent in by_id and here.parent not in seen:
            seen.add(here.parent)
            here = by_id[here.parent]
            level += 1
        deepest = max(deepest, level)
    return deepest


# -- writing ----------------------------------------------------------------------------
class _Literal(str):
    """Text written as a YAML block (|) so long descriptions diff line by line."""


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """libyaml's safe dumper when present, else the pure-Python one."""


_Dumper.add_representer(
    _Literal, lambda dumper, data: dumper.represent_scalar(
        "tag:yaml.org,2002:str", str(data), style="|" if "\n" in data else ">"))


def _text(value: str) -> str:
    return _Literal(value) if "\n" in value or len(value) > 80 else value


def dump_yaml(codebook: Codebook) -> str:
    """The codebook as YAML in this module's schema (flat list with parents, ids kept)."""
    codes = []
    for code in codebook.codes:
        item: dict[str, Any] = {"id": code.id, "name": code.name}
        if code.name_en:
            item["name_en"] = code.name_en
        if code.parent:
            item["parent"] = code.parent
        for key in ("description", "include", "exclude"):
            if getattr(code, key):
                item[key] = _text(getattr(code, key))
        if code.examples:
            item["examples"] = [_text(e) for e in code.examples]
        item["colour"] = code.colour
        if code.hotkey:
            item["hotkey"] = code.hotkey
        if not code.codable:
            item["codable"] = False
        for flag in ("exclusive", "ordered"):
            if getattr(code, flag):
                item[flag] = True
        codes.append(item)
    data: dict[str, Any] = {"name": codebook.name, "version": str(codebook.version),
                            "language": codebook.language}
    if codebook.description:
        data["description"] = _text(codebook.description)
    data["codes"] = codes
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=88)
    head, sep, rest = text.partition("\ncodes:\n")  # a blank line between codes
    return head + sep + rest.replace("\n- id: ", "\n\n- id: ")


def write_yaml(codebook: Codebook, path: str | Path) -> None:
    """Write ``codebook`` to ``path`` as YAML, atomically."""
    atomic_write(path, dump_yaml(codebook))
