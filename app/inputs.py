"""Text from outside, cleaned once for every view: no C0 control characters (tab and newlines stay).

A NUL or an escape code pasted into a field is never meant; kept, it breaks XML exports (XLSX, Atom,
ODT), PostgreSQL text (NUL) and terminals. Cleaning the request's form, query and JSON means no view,
form or service has to remember it.
"""
from __future__ import annotations

import re

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.utils import cached_property

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value):
    return CONTROL.sub("", value) if isinstance(value, str) else value


def _clean_json(value):
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [_clean_json(item) for item in value]
    if isinstance(value, dict):
        return {clean_text(key): _clean_json(item) for key, item in value.items()}
    return value


def _clean_multidict(data):
    return ImmutableMultiDict([(clean_text(key), clean_text(value)) for key, value in data.items(multi=True)])


class CleanRequest(Request):
    """Flask's request with the outside text cleaned (see the module's docstring)."""

    def _load_form_data(self) -> None:
        super()._load_form_data()
        self.__dict__["form"] = _clean_multidict(self.__dict__["form"])

    @cached_property
    def args(self):   # Werkzeug's own cached value is computed first, then replaced by the clean one
        return _clean_multidict(super().args)

    def get_json(self, *args, **kwargs):
        return _clean_json(super().get_json(*args, **kwargs))
