"""What needs a person now, first on a district's page: the planning office's work list (counts, each linking to
the list filtered to those items) and each role's own panel (a referent's cards, a facilitator's groups).

The shell knows no feature: each feature registers its counters and panels (in its own worklist.py), as it
registers its sections in office_registries.py, with the same `order` numbers.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from markupsafe import Markup

from .models import District


@dataclass(frozen=True)
class WorkItem:
    """`count` things waiting at `url` (the list filtered to them); an `info` item is a figure to know rather than
    work to do (the free places of the next meeting), shown in full even at 0, with `figure` when it has no count."""
    key: str                  # stable, for the page's ids and the tests: "cards-to-review"
    label: str
    count: int | None
    url: str
    detail: str | None = None  # which campaign, draft or meeting the items are in
    info: bool = False
    figure: str | None = None  # shown instead of a missing count: "no limit"

    @property
    def waiting(self) -> bool:
        """Shown in full: something waits (or is to know); otherwise in the compact "nothing waiting" line."""
        return self.info or bool(self.count)


# (order, counter): a counter takes the district and returns its WorkItems (one per campaign, draft or meeting
# with something waiting, or one with count 0 so that the office sees that nothing waits).
WORK_COUNTERS: list[tuple[int, Callable[[District], list[WorkItem]]]] = []

# (order, panel): a panel takes the district and the user and returns HTML, or None when it has nothing for them.
LANDING_PANELS: list[tuple[int, Callable[[District, object], Markup | None]]] = []


def register_work_counter(counter: Callable[[District], list[WorkItem]], *, order: int) -> None:
    WORK_COUNTERS.append((order, counter))


def register_landing_panel(panel: Callable[[District, object], Markup | None], *, order: int) -> None:
    LANDING_PANELS.append((order, panel))


def office_work(district: District) -> list[WorkItem]:
    """The office's work list, in the features' order."""
    return [item for _order, counter in sorted(WORK_COUNTERS, key=lambda pair: pair[0])
            for item in counter(district)]


def landing_panels(district: District, user) -> list[Markup]:
    panels = (panel(district, user) for _order, panel in sorted(LANDING_PANELS, key=lambda pair: pair[0]))
    return [html for html in panels if html]
