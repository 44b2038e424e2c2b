"""Reading benchmark files: where they are (file, folder, zip) and what is on each line.

Every loader goes through the same three steps, shared here:

1. :func:`collect` expands a user path (one file, a folder, a ``.zip``) into
   :class:`InputFile` objects, each with a ``label`` that errors print
   (``dir/Test/English.jsonl`` or ``MMedBench.zip!MMedBench/Test/English.jsonl``);
2. :func:`iter_lines` / :func:`parse_json_line` turn a file into ``(line, dict)``
   pairs, raising :class:`PolymedError` with ``file:line`` on bad JSON;
3. :func:`iter_items` runs a loader's per-record parser over the files of a
   benchmark and checks id uniqueness.  By default the first bad record raises;
   with ``on_error`` every bad record is reported and reading goes on, which is
   what ``polymed data validate`` uses, so loading and validating share one parser.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any, Protocol

from ..errors import PolymedError
from ..languages import LANGUAGES
from ..records import Item


@dataclass(frozen=True)
class InputFile:
    """One readable file, on disk or inside a zip archive."""

    #: what messages show, e.g. ``data/MMedBench.zip!MMedBench/Test/English.jsonl``
    label: str
    #: the path relative to the folder or archive it was found in (posix form)
    name: str
    opener: Callable[[], IO[bytes]]

    @property
    def parts(self) -> tuple[str, ...]:
        return PurePosixPath(self.name).parts

    def read_text(self) -> str:
        with self.opener() as fh:
            data = fh.read()
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise PolymedError(f"not UTF-8 text ({exc.reason})", self.label) from None


def collect(path: str | Path, accept: Callable[[str], bool] | None = None) -> list[InputFile]:
    """List the files under ``path`` whose relative name passes ``accept``.

    ``path`` may be a folder (searched recursively), a ``.zip`` archive or one file;
    a single file is always returned (its loader decides whether it makes sense).
    Results are sorted by name so item order is stable.
    """
    p = Path(path)
    if not p.exists():
        raise PolymedError("no such file or folder", p)
    accept = accept or (lambda name: True)
    if p.is_dir():
        found = sorted(f for f in p.rglob("*") if f.is_file())
        return [
            InputFile(str(f), f.relative_to(p).as_posix(), _file_opener(f))
            for f in found
            if accept(f.relative_to(p).as_posix())
        ]
    if zipfile.is_zipfile(p):
        with zipfile.ZipFile(p) as zf:
            names = sorted(n for n in zf.namelist() if not n.endswith("/"))
        return [
            InputFile(f"{p}!{n}", n, _zip_opener(p, n))
            for n in names
            if not n.startswith("__MACOSX/") and accept(n)
        ]
    return [InputFile(str(p), p.name, _file_opener(p))]


def _file_opener(path: Path) -> Callable[[], IO[bytes]]:
    return lambda: open(path, "rb")


def _zip_opener(archive: Path, member: str) -> Callable[[], IO[bytes]]:
    def opener() -> IO[bytes]:
        with zipfile.ZipFile(archive) as zf:
            return io.BytesIO(zf.read(member))

    return opener


def iter_lines(f: InputFile) -> Iterator[tuple[int, str]]:
    """Yield ``(line_number, text)`` for each non-blank line (numbers start at 1).

    Lines end at ``\n`` only: JSON strings may hold a raw U+2028, which
    ``str.splitlines`` would treat as a line break.
    """
    for number, text in enumerate(f.read_text().split("\n"), start=1):
        if text.strip():
            yield number, text.removesuffix("\r")


def parse_json_line(text: str, file: str, line: int) -> dict[str, Any]:
    """Parse one JSONL line into a dict or raise ``PolymedError(file:line: reason)``."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PolymedError(f"bad JSON ({exc.msg} at column {exc.colno})", file, line) from None
    if not isinstance(value, dict):
        raise PolymedError(f"expected a JSON object, got {type(value).__name__}", file, line)
    return value


def read_jsonl(f: InputFile) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(line, record)`` for every record; the first bad line raises."""
    for line, text in iter_lines(f):
        yield line, parse_json_line(text, f.label, line)


def read_json(f: InputFile) -> Any:
    """Parse a whole JSON file (array or object) or raise naming ``file:line``."""
    try:
        return json.loads(f.read_text())
    except json.JSONDecodeError as exc:
        raise PolymedError(
            f"bad JSON ({exc.msg} at column {exc.colno})", f.label, exc.lineno
        ) from None


def key_lines(text: str, key: str) -> list[int]:
    """Line numbers of every ``"key":`` in ``text``, in document order.

    Used to give records of whole-JSON files (a list of objects) a ``file:line``:
    when each record has the key exactly once, the n-th hit is the n-th record.
    """
    pattern = re.compile(r'(?<!\\)"' + re.escape(key) + r'"\s*:')
    starts = [m.start() for m in pattern.finditer(text)]
    lines, line, pos = [], 1, 0
    for start in starts:
        line += text.count("\n", pos, start)
        pos = start
        lines.append(line)
    return lines


# --- shared item loop -------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """One benchmark file with what its name tells: split and language (``None`` if unknown)."""

    file: InputFile
    split: str
    language: str | None
    #: set when the whole file is unusable (e.g. its name names no language)
    error: str | None = None


def sorted_parts(parts: Iterable[Part]) -> list[Part]:
    """Split, then language in the project's order, then file name: a stable item order."""
    order = {code: i for i, code in enumerate(LANGUAGES)}
    return sorted(parts, key=lambda pt: (pt.split, order.get(pt.language or "", 99), pt.file.name))


class RecordParser(Protocol):
    def __call__(
        self, raw: dict[str, Any], *, split: str, language: str | None, file: str, line: int
    ) -> Item: ...


def iter_items(
    parts: Iterable[Part],
    parse: RecordParser,
    on_error: Callable[[PolymedError], None] | None = None,
) -> Iterator[Item]:
    """Parse every record of ``parts`` into items; ids must be unique across all parts.

    Without ``on_error`` the first bad record raises; with it each bad record is
    passed to ``on_error`` and the loop goes on to the next line.
    """
    seen: dict[str, str] = {}
    for part in parts:
        try:
            if part.error:
                raise PolymedError(part.error, part.file.label)
            lines = list(iter_lines(part.file))
        except PolymedError as exc:
            if on_error is None:
                raise
            on_error(exc)
            continue
        for line, text in lines:
            try:
                raw = parse_json_line(text, part.file.label, line)
                item = parse(
                    raw, split=part.split, language=part.language, file=part.file.label, line=line
                )
                if item.id in seen:
                    raise PolymedError(
                        f"duplicate id {item.id!r} (first at {seen[item.id]})",
                        part.file.label,
                        line,
                    )
            except PolymedError as exc:
                if on_error is None:
                    raise
                on_error(exc)
                continue
            seen[item.id] = f"{part.file.label}:{line}"
            yield item
