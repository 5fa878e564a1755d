"""What each interface catalogue holds: how much of the interface is translated, what is
missing, and whether every translation keeps its placeholders. Used by the languages page,
``flask i18n status`` and the tests that keep the catalogues honest."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.pofile import read_po

from engagement_portal.config import PROJECT_ROOT
from engagement_portal.i18n.languages import REVIEWED, SUPPORTED

TRANSLATIONS = PROJECT_ROOT / "translations"

# %(name)s-style placeholders (Python) and %{name} (GOV.UK Frontend's JavaScript messages).
_PLACEHOLDER = re.compile(r"%\((\w+)\)[#0 +-]*\d*(?:\.\d+)?[sdifr]|%\{(\w+)\}")
# A plural form may say its number in words ("one view", Welsh "dau"), so it may leave out the
# count; every other placeholder must be there.
_COUNT_NAMES = {"num", "count"}


# A line of a .po file: a comment, a blank line, or a keyword and/or one complete C string.
_PO_LINE = re.compile(
    r'^(?:#.*|\s*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+"(?:[^"\\]|\\.)*"\s*'
    r'|"(?:[^"\\]|\\.)*"\s*)$'
)


class CatalogueSyntaxError(ValueError):
    """A .po file has a line gettext cannot read (Babel's reader would skip it quietly)."""


def check_syntax(path: Path) -> None:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not _PO_LINE.match(line):
            raise CatalogueSyntaxError(f"{path}:{number}: {line[:60]!r}")


def placeholders(text: str) -> set[str]:
    return {python or javascript for python, javascript in _PLACEHOLDER.findall(text or "")}


def placeholder_problem(message) -> str | None:
    """Why a translation's placeholders do not match its source, or None when they do."""
    if isinstance(message.id, str):
        wanted = placeholders(message.id)
        got = placeholders(message.string)
        if got != wanted:
            return f"has {sorted(got)}, needs {sorted(wanted)}"
        return None
    wanted = placeholders(message.id[0]) | placeholders(message.id[1])
    for index, form in enumerate(message.string):
        got = placeholders(form)
        if got - wanted:
            return f"form {index} has unknown {sorted(got - wanted)}"
        if (wanted - _COUNT_NAMES) - got:
            return f"form {index} lacks {sorted((wanted - _COUNT_NAMES) - got)}"
    return None


@dataclass(frozen=True)
class CatalogueStatus:
    code: str
    name: str
    total: int
    translated: int
    fuzzy: int
    missing: tuple[str, ...] = field(repr=False)
    placeholder_errors: tuple[str, ...] = field(repr=False)

    @property
    def share(self) -> float:
        return self.translated / self.total if self.total else 1.0

    @property
    def reviewed(self) -> bool:
        return self.code in REVIEWED

    @property
    def complete(self) -> bool:
        return not self.missing and not self.fuzzy


def _template_ids(path: Path) -> list[str]:
    with path.open("rb") as handle:
        return [m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id]


def _is_translated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return bool(strings) and all(strings)


def status_of(code: str, directory: Path = TRANSLATIONS) -> CatalogueStatus:
    template = _template_ids(directory / "messages.pot")
    if code == "en":  # the source language: the strings are the translation
        return CatalogueStatus(code, SUPPORTED[code], len(template), len(template), 0, (), ())
    path = directory / code / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return CatalogueStatus(
            code, SUPPORTED.get(code, code), len(template), 0, 0, tuple(template), ()
        )
    check_syntax(path)
    with path.open("rb") as handle:
        catalogue = read_po(handle, locale=code, abort_invalid=True)
    translated, fuzzy, errors = 0, 0, []
    found = {}
    for message in catalogue:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        found[key] = message
        if message.fuzzy:
            fuzzy += 1
        elif _is_translated(message):
            translated += 1
            problem = placeholder_problem(message)
            if problem:
                errors.append(f"{key!r}: {problem}")
    missing = tuple(key for key in template if key not in found or not _is_translated(found[key]))
    return CatalogueStatus(
        code, SUPPORTED.get(code, code), len(template), translated, fuzzy, missing, tuple(errors)
    )


@functools.cache
def all_statuses(codes: tuple[str, ...]) -> tuple[CatalogueStatus, ...]:
    """Read once per process: catalogues change only with a new release."""
    return tuple(status_of(code) for code in codes)
