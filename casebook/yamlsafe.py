"""Reading YAML that people (and other programs) wrote, without trusting it.

Every YAML file Casebook reads -- codebooks, case front matter, ``casebook.yaml`` -- is
composed here into a node graph that is checked before anything walks it:

* an alias that refers to the node it sits in (``a: &x [*x]``) is refused: walking it
  would never end;
* aliases may share nodes, but the document they stand for, expanded, may not hold more
  than :data:`MAX_EXPANSION` characters and nodes beyond the text itself (the "billion
  laughs": 2 KB of aliases that stand for gigabytes);
* nodes may nest :data:`MAX_DEPTH` deep at most.

Each refusal, like a syntax error, is one :class:`~casebook.errors.CasebookError` naming
the file and the line. Only plain YAML types are built (a safe loader).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from casebook.errors import CasebookError

MAX_EXPANSION = 1_000_000  # characters (and nodes) aliases may add to a document
MAX_DEPTH = 100  # nested sequences and mappings
# libyaml when present (its nodes carry line marks too), else the pure-Python one.
Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def line_of(node: yaml.Node) -> int:
    """The 1-based line a node starts on."""
    return int(node.start_mark.line) + 1


def compose(text: str, path: str | Path | None = None) -> yaml.Node | None:
    """The checked node graph of ``text`` (None for an empty document)."""
    text = text.lstrip("\ufeff")
    try:
        root = yaml.compose(text, Loader=Loader)
    except yaml.reader.ReaderError as err:  # a NUL or control character: no mark, two lines
        raise CasebookError(f"not valid YAML (character #x{err.character:04x} is not allowed "
                            "in YAML text)", path=path,
                            line=text.count("\n", 0, err.position) + 1) from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        problem = " ".join(str(getattr(err, "problem", None) or err).split())  # one line
        raise CasebookError(f"not valid YAML ({problem})",
                            path=path, line=mark.line + 1 if mark else None) from None
    except RecursionError:
        raise CasebookError(f"refused: nested more than {MAX_DEPTH} levels deep",
                            path=path) from None
    if root is not None:
        check(root, len(text), path)
    return root


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def check(root: yaml.Node, length: int, path: str | Path | None = None) -> None:
    """Refuse a graph with a cycle, nested deeper than :data:`MAX_DEPTH`, or that stands
    for more than ``length`` + :data:`MAX_EXPANSION` characters and nodes. Walks each
    node once, without recursion."""
    limit = length + MAX_EXPANSION
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    entered: set[int] = set()  # nodes whose children are being walked: the ancestors
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        children = _children(node)
        if finished:
            entered.discard(key)
            size[key] = 1 + len(node.value if isinstance(node, yaml.ScalarNode) else "") + \
                sum(size[id(child)] for child in children)
            depth[key] = 1 + max((depth[id(child)] for child in children), default=0)
            if size[key] > limit:
                raise CasebookError("refused: its aliases stand for more than "
                                    f"{MAX_EXPANSION:,} characters", path=path,
                                    line=line_of(node))
            if depth[key] > MAX_DEPTH:
                raise CasebookError(f"refused: nested more than {MAX_DEPTH} levels deep",
                                    path=path, line=line_of(node))
            continue
        if key in size:
            continue
        entered.add(key)
        stack.append((node, True))
        for child in children:
            if id(child) in entered:
                raise CasebookError("refused: an alias refers to the node it is part of",
                                    path=path, line=line_of(child))
            if id(child) not in size:
                stack.append((child, False))


def construct(node: yaml.Node, path: str | Path | None = None,
              field: str | None = None) -> Any:
    """The Python value of a checked node (plain types only); a tag a safe loader cannot
    build is one error naming the line and ``field``."""
    loader = Loader("")
    try:
        return loader.construct_object(node, deep=True)
    except yaml.YAMLError as err:
        raise CasebookError(f"YAML: {getattr(err, 'problem', None) or err}", path=path,
                            line=line_of(node), field=field) from None
    finally:
        loader.dispose()


def load(text: str, path: str | Path | None = None) -> Any:
    """The Python value of ``text``, checked as :func:`compose` says (None if empty); a key
    given twice in one mapping is refused (YAML would keep the last one silently)."""
    root = compose(text, path)
    if root is None:
        return None
    _refuse_duplicate_keys(root, path)
    return construct(root, path)


def _refuse_duplicate_keys(root: yaml.Node, path: str | Path | None) -> None:
    """One error naming the line of the first key given twice in a mapping."""
    seen_nodes: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen_nodes:
            continue
        seen_nodes.add(id(node))
        if isinstance(node, yaml.MappingNode):
            keys: set[tuple[str, str]] = set()
            for key, _value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value != "<<":
                    if (key.tag, key.value) in keys:
                        raise CasebookError("given twice", path=path, line=line_of(key),
                                            field=str(key.value))
                    keys.add((key.tag, key.value))
        stack.extend(_children(node))
