"""Reading a case file (YAML or JSON) into plain data, within bounds.

Before a case is validated its file is read here, and refused with a
:class:`~accesspack.errors.CaseFileError` that names the file, the line and the column
when it:

- is not a regular file (a folder, a FIFO, a device: never opened), cannot be read, or
  is larger than :data:`~accesspack.limits.MAX_CASE_FILE_BYTES` (checked before it is
  read);
- is not UTF-8, or not valid YAML or JSON;
- nests mappings and lists deeper than :data:`~accesspack.limits.MAX_NESTING`;
- gives a key twice in one mapping (YAML and JSON parsers keep the last one silently;
  a case must not lose a value that way).

YAML is parsed by libyaml (PyYAML's C parser) into events, and composed here, so depth,
duplicate keys and the line and column of every field are known. The positions let a
validation error say where the field is (:class:`CaseData.positions`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import MappingStartEvent, SequenceStartEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from ..errors import CaseFileError, not_a_regular_file, reason
from ..limits import MAX_CASE_FILE_BYTES, MAX_NESTING

try:  # libyaml's parser: about 3x faster than PyYAML's pure-Python one
    from yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)

__all__ = ["CaseData", "read_case_file"]

#: A field path as validation errors print it (``attachments[2].path``) -> (line, column),
#: both counted from 1.
Positions = dict[str, tuple[int, int]]


@dataclass(frozen=True)
class CaseData:
    """A case file's data, not yet validated, and where each field is in the file."""

    data: Any
    positions: Positions = field(default_factory=dict)


class _Duplicate(Exception):
    def __init__(self, key: str, node: Node) -> None:
        self.key, self.node = key, node


class _TooDeep(Exception):
    def __init__(self, node: Node | None) -> None:
        self.node = node


class _BadValue(Exception):
    def __init__(self, what: str, node: Node | None) -> None:
        self.what, self.node = what, node


class _CaseLoader(_Parser, Composer, SafeConstructor, Resolver):
    """libyaml's events, PyYAML's composer with a depth limit, the safe constructor."""

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        self._depth = 0

    # the C parser brings its own composer: use PyYAML's, which this class extends
    get_single_node = Composer.get_single_node
    compose_document = Composer.compose_document

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if not self.check_event(MappingStartEvent, SequenceStartEvent):
            return Composer.compose_node(self, parent, index)
        self._depth += 1  # the case's top mapping is level 1
        try:
            if self._depth > MAX_NESTING:
                raise _TooDeep(None)
            return Composer.compose_node(self, parent, index)
        finally:
            self._depth -= 1

    def _timestamp(self, node: Node) -> Any:
        """A YAML date, or an error at its place when the day does not exist (the value,
        maybe a birth date, is not quoted)."""
        try:
            return SafeConstructor.construct_yaml_timestamp(self, node)  # type: ignore[arg-type]
        except (ValueError, OverflowError) as exc:
            raise _BadValue(f"a date that does not exist ({exc})", node) from None

    def compose_mapping_node(self, anchor: Any) -> MappingNode:
        node: MappingNode = Composer.compose_mapping_node(self, anchor)
        seen: set[str] = set()
        for key, _ in node.value:
            if isinstance(key, ScalarNode) and key.tag != "tag:yaml.org,2002:merge":
                if key.value in seen:
                    raise _Duplicate(str(key.value), key)
                seen.add(key.value)
        return node


_CaseLoader.add_constructor(  # type: ignore[type-var]
    "tag:yaml.org,2002:timestamp", _CaseLoader._timestamp)


def _mark(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _positions(root: Node) -> Positions:
    """Where each field of the document is, by the path validation errors print."""
    found: Positions = {}
    stack: list[tuple[str, Node]] = [("", root)]
    seen: set[int] = set()
    while stack:
        path, node = stack.pop()
        if id(node) in seen:  # an alias: its fields are where the anchor is
            continue
        seen.add(id(node))
        if isinstance(node, MappingNode):
            for key, value in node.value:
                if isinstance(key, ScalarNode):
                    sub = f"{path}.{key.value}" if path else str(key.value)
                    found.setdefault(sub, _mark(key))
                    stack.append((sub, value))
        elif isinstance(node, SequenceNode):
            for i, item in enumerate(node.value):
                sub = f"{path}[{i}]"
                found.setdefault(sub, _mark(item))
                stack.append((sub, item))
    return found


def _where(node: Node | None, line: int | None = None) -> str:
    if node is not None:
        line_no, col = _mark(node)
        return f" (line {line_no}, column {col})"
    return f" (line {line})" if line else ""


def _read_text(p: Path) -> str:
    problem = not_a_regular_file(p)
    if problem:
        raise CaseFileError(f"case file {p} {problem}", str(p))
    try:
        with p.open("rb") as fh:
            raw = fh.read(MAX_CASE_FILE_BYTES + 1)
    except FileNotFoundError:
        raise CaseFileError(f"case file {p} does not exist", str(p)) from None
    except OSError as exc:
        raise CaseFileError(
            f"case file {p} cannot be read ({reason(exc)}); check the path and that you may "
            "read it", str(p)) from None
    if len(raw) > MAX_CASE_FILE_BYTES:
        raise CaseFileError(
            f"case file {p} is larger than {MAX_CASE_FILE_BYTES // (1024 * 1024)} MB, the "
            "limit for a case file; a case is a few kilobytes: give long text as attached "
            "documents (attachments), not in the case file", str(p))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CaseFileError(
            f"case file {p} is not UTF-8 text (byte {exc.start}); save it as UTF-8 and run "
            "again", str(p)) from None


def _yaml(p: Path, text: str) -> CaseData:
    loader = _CaseLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return CaseData(None)
        return CaseData(loader.construct_document(node), _positions(node))
    except _Duplicate as dup:
        raise CaseFileError(
            f"case file {p} gives the key {dup.key!r} twice in one mapping{_where(dup.node)}; "
            "keep one (YAML would silently use the last) and run again", str(p)) from None
    except _BadValue as bad:
        raise CaseFileError(
            f"case file {p} holds {bad.what}{_where(bad.node)}; correct it there and run "
            "again", str(p)) from None
    except (ValueError, TypeError, OverflowError) as exc:  # a value no constructor can make
        raise CaseFileError(
            f"case file {p} holds a value YAML cannot read ({reason(exc)}); correct it and "
            "run again", str(p)) from None
    except (_TooDeep, RecursionError):
        event = loader.peek_event() if loader.check_event() else None
        mark = event.start_mark if event is not None else None
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise CaseFileError(_too_deep(p, where), str(p)) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow
        line = text.count("\n", 0, exc.position) + 1
        raise CaseFileError(
            f"case file {p} is not valid YAML (line {line}): it contains the character "
            f"U+{exc.character:04X}, which YAML does not allow; remove it and run again", str(p),
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or "syntax error"
        if "nesting depth" in problem:  # libyaml's own limit on [[[...]]], met first
            at_line = f" (line {mark.line + 1})" if mark else ""
            raise CaseFileError(_too_deep(p, at_line), str(p)) from None
        raise CaseFileError(
            f"case file {p} is not valid YAML{where}: {problem}; correct it there and run "
            "again", str(p)) from None
    finally:
        loader.dispose()


def _too_deep(p: Path, where: str) -> str:
    check = ("the brackets" if p.suffix.lower() == ".json" else
             "the indentation and brackets there")
    return (f"case file {p} nests mappings or lists more than {MAX_NESTING} levels "
            f"deep{where}, the limit for a case file (a case needs at most six); check "
            f"{check}")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Duplicate(key, None)  # type: ignore[arg-type]
        out[key] = value
    return out


def _depth(data: Any) -> int:
    """The nesting depth of parsed JSON data (a scalar is 0, ``{}`` is 1), without
    recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        value, level = stack.pop()
        children: Iterator[Any] | None = (
            iter(value.values()) if isinstance(value, dict) else
            iter(value) if isinstance(value, list) else None)
        if children is None:
            continue
        deepest = max(deepest, level + 1)
        if deepest > MAX_NESTING:
            break
        stack.extend((child, level + 1) for child in children)
    return deepest


def _json(p: Path, text: str) -> CaseData:
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates)
    except _Duplicate as dup:
        raise CaseFileError(
            f"case file {p} gives the key {dup.key!r} twice in one object; keep one (JSON "
            "readers would silently use the last) and run again", str(p)) from None
    except RecursionError:
        raise CaseFileError(_too_deep(p, ""), str(p)) from None
    except json.JSONDecodeError as exc:
        raise CaseFileError(
            f"case file {p} is not valid JSON (line {exc.lineno}, column {exc.colno}): "
            f"{exc.msg}; correct it there and run again", str(p),
        ) from None
    if _depth(data) > MAX_NESTING:
        raise CaseFileError(_too_deep(p, ""), str(p))
    return CaseData(data)


def read_case_file(path: str | Path) -> CaseData:
    """The data of a ``.json`` (JSON) or other (YAML) case file, and where its fields are.

    Raises :class:`~accesspack.errors.CaseFileError` (see the module docstring).
    """
    p = Path(path)
    text = _read_text(p)
    return _json(p, text) if p.suffix.lower() == ".json" else _yaml(p, text)
