"""Text and numbers from outside, cleaned once for every view, and the limits they must keep.

- No C0 control characters (tab and newlines stay). A NUL or an escape code pasted into a field is never
  meant; kept, it breaks XML exports (XLSX, Atom, ODT), PostgreSQL text (NUL) and terminals.
- No lone surrogates in JSON (`"\\ud800"`): no database or file can store them, so the request is refused
  (400, `InvalidText`) rather than failing on the way to the database.
- An integer in the query (`request.args.get("page", type=int)`) or in a path (`<int:...>`, see
  `IdConverter`) that no database column can hold is a 404: no record or page has that number.
- Every text limit counts what was sent, spaces included (app/forms.py applies it to every form field);
  `LONG_TEXT_MAX_LENGTH` is the limit of every long text that has no tighter one (docs/security.md).

Cleaning the request's form, query and JSON means no view, form or service has to remember it.
"""
from __future__ import annotations

import re

from flask import Request, abort
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import BadRequest
from werkzeug.routing import IntegerConverter, UnicodeConverter
from werkzeug.utils import cached_property

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SURROGATE = re.compile(r"[\ud800-\udfff]")

# A chapter body, focus-group notes, an action's description, a card's text, a post's body, minutes, a
# meeting's description...: about 100 printed pages, far more than any of them needs, and small enough that
# a form sent by mistake (or on purpose) cannot fill the database.
LONG_TEXT_MAX_LENGTH = 200_000

# Ids are PostgreSQL `integer` columns: a number past them names no record (and PostgreSQL refuses to compare
# it with one), nor a page of a list.
DATABASE_INT_MIN, DATABASE_INT_MAX = -2**31, 2**31 - 1
_INTEGER = re.compile(r"\s*[+-]?\d+\s*")


def clean_text(value):
    return CONTROL.sub("", value) if isinstance(value, str) else value


def too_long(value, limit: int = LONG_TEXT_MAX_LENGTH) -> bool:
    """Whether a text is over its limit as it was sent: spaces around it count, trimming comes after."""
    return isinstance(value, str) and len(value) > limit


class InvalidText(BadRequest):
    """Text that is not valid Unicode (a lone surrogate, which JSON can spell as "\\ud800")."""


def has_lone_surrogate(value) -> bool:
    """Whether a JSON value (strings, lists, objects, at any depth) holds text that is not valid Unicode."""
    if isinstance(value, str):
        return SURROGATE.search(value) is not None
    if isinstance(value, list):
        return any(has_lone_surrogate(item) for item in value)
    if isinstance(value, dict):
        return any(has_lone_surrogate(key) or has_lone_surrogate(item) for key, item in value.items())
    return False


def database_int(value: str) -> int:
    """int(value) for a number a database column holds; ValueError for text that is no integer (the
    caller's default applies, as before), 404 for an integer past the columns' range."""
    if not isinstance(value, str) or not _INTEGER.fullmatch(value):
        raise ValueError(value)
    digits = value.strip().lstrip("+-").lstrip("0")
    number = int(value) if len(digits) <= 19 else None   # int() of thousands of digits is slow, then refused
    if number is None or not DATABASE_INT_MIN <= number <= DATABASE_INT_MAX:
        abort(404)
    return number


class CleanArgs(ImmutableMultiDict):
    """The query or form of a request: `get(..., type=int)` and `getlist(..., type=int)` go through
    `database_int`, so no view passes the database a number it cannot hold."""

    def get(self, key, default=None, type=None):
        if type is int:
            type = database_int
        return super().get(key, default=default, type=type)

    def getlist(self, key, type=None):
        if type is int:
            type = database_int
        return super().getlist(key, type=type)


class IdConverter(IntegerConverter):
    """`<int:...>` in a route: a number past `DATABASE_INT_MAX` is a 404, as any id no record has."""

    def __init__(self, map, fixed_digits=0, min=None, max=DATABASE_INT_MAX, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


class TextConverter(UnicodeConverter):
    """A route's text part (`<code>`, `<district>`, `<string:...>`): no control characters (a NUL in a path
    would reach PostgreSQL, which refuses it)."""

    def __init__(self, map, minlength=1, maxlength=None, length=None):
        super().__init__(map, minlength=minlength, maxlength=maxlength, length=length)
        self.regex = self.regex.replace("[^/]", r"[^/\x00-\x1f\x7f]")


def register_converters(app) -> None:
    """Before the first route is added: converters are bound to each rule as it is added."""
    app.url_map.converters.update(default=TextConverter, string=TextConverter, int=IdConverter)


def clean_json(value):
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [clean_json(item) for item in value]
    if isinstance(value, dict):
        return {clean_text(key): clean_json(item) for key, item in value.items()}
    return value


def _clean_multidict(data):
    return CleanArgs([(clean_text(key), clean_text(value)) for key, value in data.items(multi=True)])


class CleanRequest(Request):
    """Flask's request with the outside text cleaned (see the module's docstring)."""

    def _load_form_data(self) -> None:
        super()._load_form_data()
        self.__dict__["form"] = _clean_multidict(self.__dict__["form"])

    @cached_property
    def args(self):   # Werkzeug's own cached value is computed first, then replaced by the clean one
        return _clean_multidict(super().args)

    def get_json(self, *args, **kwargs):
        data = super().get_json(*args, **kwargs)
        if has_lone_surrogate(data):   # refused even with silent=True: the JSON parsed, its text is no text
            raise InvalidText()
        return clean_json(data)
