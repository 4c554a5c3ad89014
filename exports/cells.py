"""Cell values for spreadsheets and CSV: neutralise formulas once, here, for every writer.

A cell that starts with = + - @ (or a tab / carriage return) is run as a formula by Excel and LibreOffice
("CSV injection"); prefixing a quote makes it plain text. `restore` undoes it when a file comes back in.
"""
from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
# Control characters that XLSX (XML 1.0) cannot hold; tab, newline and carriage return are allowed.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
XLSX_MAX_TEXT = 32767


def neutralise(value):
    """The value a writer may put in a cell: text that would start a formula gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return QUOTE + value
    return value


def xlsx_value(value):
    """`neutralise`, plus what XLSX needs: no XML-illegal control characters, at most 32767 characters."""
    if isinstance(value, str):
        value = _ILLEGAL_XML.sub("", value)[:XLSX_MAX_TEXT - 1]
    return neutralise(value)


def restore(value):
    """Undo `neutralise` on a value read back from a file we (or a spreadsheet user) wrote."""
    if isinstance(value, str) and value.startswith(QUOTE) and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value
