"""A meeting's registrations as CSV for the planning office. Pure: rows in, bytes out; every cell goes through
exports.cells, so a name typed as "=HYPERLINK(...)" stays text in a spreadsheet."""
from __future__ import annotations

import csv
import io

from .cells import neutralise


def registrations_to_csv(rows: list[list], headers: list[str]) -> bytes:
    """UTF-8 with BOM, so Excel reads the accents."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in [headers, *rows]:
        writer.writerow([neutralise(str(value)) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
