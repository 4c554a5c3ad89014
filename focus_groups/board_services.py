"""Grouping variants and the classification board: merge/split keyword groups, place them in the four
columns, write statements. Services only flush; every merge is reversible (keywords only change group)
and audited by app/audit.py.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.errors import DomainError
from app.extensions import db
from app.structure import InvalidField
from app.versioned import check_version

from . import grouping
from .models import BoardColumn, ExtraColumn, FocusGroup, Keyword, KeywordGroup, KeywordSession, Statement
from .normalise import automatic_key


@dataclass
class Suggestion:
    target: KeywordGroup
    other: KeywordGroup
    reason: str


# Why the engine offers two spellings as one keyword (focus_groups/grouping.py), in the facilitator's words
SPELLING_REASONS = {"function words": _l("only small words differ"), "plural": _l("singular and plural"),
                    "inflection": _l("another form of the same word"), "typo": _l("a typing slip"),
                    "word order": _l("the same words in another order")}


def _engine_suggestions(texts: list[str]) -> list[tuple[str, str, str]]:
    """(text a, text b, reason) pairs the engine offers for merging, best first."""
    groups = grouping.automatic_groups(texts)
    first_member = {g.key: g.members[0] for g in groups}
    return [(first_member[s.first], first_member[s.second], str(SPELLING_REASONS.get(s.reason, s.reason)))
            for s in grouping.suggestions(groups)]


def _meaning_reason(reason) -> str:
    if reason is None:
        return _("they may mean the same")
    if reason.thesaurus:
        return _("they may mean the same: “%(first)s” and “%(second)s” are synonyms in the Italian thesaurus",
                 first=reason.first, second=reason.second)
    return _("they may mean the same: the language model finds them close (%(score)s)",
             score=f"{reason.score:.2f}")


def _meaning_offers(groups: list[KeywordGroup]) -> list[Suggestion]:
    """Groups of different words that may mean the same (focus_groups/meaning.py), as merges into the
    largest group of each; none when the model is not installed."""
    from . import meaning
    if not meaning.available():
        return []
    by_label: dict[str, KeywordGroup] = {}
    for group in groups:
        by_label.setdefault(group.label.strip(), group)
    offers = []
    for found in meaning.suggest(list(by_label)):
        members = [by_label[keyword] for keyword in found.keywords]
        target = max(members, key=group_count)
        offers += [Suggestion(target, other, _meaning_reason(found.reason_for(target.label.strip(),
                                                                              other.label.strip())))
                   for other in members if other is not target]
    return offers


# --- groups of a session ----------------------------------------------------------------------------

def visible_keywords(session: KeywordSession) -> list[Keyword]:
    return [k for k in session.keywords if k.visible]


@dataclass
class GroupView:
    """A keyword group as it is read (exports, syntheses): a stored group, or the group that keywords not yet
    placed would get from `ensure_groups` (`group` None) — computed in memory, nothing stored."""
    label: str
    column: BoardColumn | None
    position: int
    keywords: list[Keyword]           # the visible ones, in the order `ensure_groups` would leave them
    group: KeywordGroup | None = None


def session_view(session: KeywordSession) -> list[GroupView]:
    """The session's groups with at least one visible keyword, as `ensure_groups` then `live_groups` would
    give them, without adding a row or changing a keyword: reads never write."""
    views = [GroupView(g.label, g.column, g.position, [k for k in g.keywords if k.visible], g)
             for g in session.groups]
    by_key: dict[str, GroupView] = {}
    for view in views:
        for keyword in view.group.keywords:
            by_key.setdefault(automatic_key(keyword.text), view)
    position = max((g.position for g in session.groups), default=0)
    for keyword in visible_keywords(session):
        if keyword.group is not None:
            continue
        key = automatic_key(keyword.text)
        view = by_key.get(key)
        if view is None:
            position += 1
            view = by_key[key] = GroupView(keyword.text.strip(), None, position, [])
            views.append(view)
        view.keywords.append(keyword)
    return [view for view in views if view.keywords]


def board_view(focus: FocusGroup) -> list[GroupView]:
    """Every session's groups as they are read: see `session_view`."""
    return [view for session in focus.sessions for view in session_view(session)]


def unplaced(session: KeywordSession) -> list[Keyword]:
    """Visible keywords not yet in a stored group: sent from phones, or approved, since the last grouping."""
    return [k for k in visible_keywords(session) if k.group is None]


def ensure_groups(session: KeywordSession) -> list[KeywordGroup]:
    """Give every visible keyword without a group one: joined to a group of the same automatic key, or
    a new group labelled as first typed (as `session_view` reads them). Keywords the facilitator already placed
    keep their group. A write, done when the facilitator closes the session, pastes paper keywords or asks for
    it on the grouping page or the board; reads use `session_view`."""
    for view in session_view(session):
        group = view.group
        if group is None:
            group = KeywordGroup(session=session, label=view.label, position=view.position)
            db.session.add(group)
        for keyword in view.keywords:
            if keyword.group is None:
                keyword.group = group
    db.session.flush()
    return session.groups


def group_count(group: KeywordGroup) -> int:
    return sum(1 for k in group.keywords if k.visible)


def live_groups(session: KeywordSession) -> list[KeywordGroup]:
    return [g for g in session.groups if group_count(g)]


def suggestions(session: KeywordSession, rejected: set[tuple[int, int]] = frozenset()) -> list[Suggestion]:
    """The merge offers between this session's groups, leaving out rejected pairs: the spelling engine's best
    first, then the words that may mean the same."""
    group_of: dict[str, KeywordGroup] = {}
    for group in live_groups(session):
        for keyword in group.keywords:
            if keyword.visible:
                group_of.setdefault(keyword.text, group)
    out, seen = [], set()
    for a, b, reason in _engine_suggestions(list(group_of)):
        ga, gb = group_of.get(a), group_of.get(b)
        if ga is None or gb is None or ga is gb:
            continue
        pair = tuple(sorted((ga.id, gb.id)))
        if pair in seen or pair in rejected:
            continue
        seen.add(pair)
        target, other = (ga, gb) if group_count(ga) >= group_count(gb) else (gb, ga)
        out.append(Suggestion(target, other, reason))
    for offer in _meaning_offers(live_groups(session)):       # spelling first: the surest
        pair = tuple(sorted((offer.target.id, offer.other.id)))
        if pair not in seen and pair not in rejected:
            seen.add(pair)
            out.append(offer)
    return out


def merge(target: KeywordGroup, other: KeywordGroup) -> KeywordGroup:
    """Move every keyword of `other` into `target`; `other` stays (empty) so the merge can be undone."""
    if target.session_id != other.session_id:
        raise DomainError(_("Only keywords of the same session can be merged."))
    if target.id == other.id:
        raise DomainError(_("A group cannot be merged with itself."))
    for keyword in list(other.keywords):
        keyword.group = target
    if target.column is None and other.column is not None:
        target.column = other.column
    db.session.flush()
    return target


def splittable(group: KeywordGroup) -> bool:
    """Whether the group holds a merge made by hand (more than one automatic key) that `split` can undo."""
    return len({automatic_key(k.text) for k in group.keywords}) > 1


def split(group: KeywordGroup) -> list[KeywordGroup]:
    """Undo merges: the keywords go back to one group per automatic key (the first keeps this group)."""
    by_key: dict[str, list[Keyword]] = {}
    for keyword in group.keywords:
        by_key.setdefault(automatic_key(keyword.text), []).append(keyword)
    if len(by_key) < 2:
        raise DomainError(_("This group holds only spellings of one keyword: there is nothing to split."))
    first, *rest = by_key.values()
    group.label = first[0].text.strip()
    made = [group]
    position = max((g.position for g in group.session.groups), default=0)
    for keywords in rest:
        position += 1
        new = KeywordGroup(session=group.session, label=keywords[0].text.strip(), position=position)
        db.session.add(new)
        for keyword in keywords:
            keyword.group = new
        made.append(new)
    db.session.flush()
    return made


def detach(keyword: Keyword) -> KeywordGroup:
    """Take one keyword out of its group into a group of its own."""
    old = keyword.group
    if old is None or len(old.keywords) < 2:
        raise DomainError(_("This keyword is already on its own."))
    position = max((g.position for g in keyword.session.groups), default=0) + 1
    new = KeywordGroup(session=keyword.session, label=keyword.text.strip(), position=position)
    db.session.add(new)
    keyword.group = new
    db.session.flush()
    return new


def rename(group: KeywordGroup, *, label: str, version) -> None:
    check_version(group, version)
    group.label = label.strip()
    db.session.flush()


# --- the board --------------------------------------------------------------------------------------

def board_groups(focus: FocusGroup) -> list[KeywordGroup]:
    """The stored groups of the board with at least one visible keyword (the board's controls need their ids);
    keywords not placed yet are `unplaced` until the facilitator groups them. Exports and syntheses read
    `board_view`, which counts those too."""
    return [group for session in focus.sessions for group in live_groups(session)]


def group_new_keywords(sessions: list[KeywordSession]) -> int:
    """Place the keywords sent since the last grouping (see `ensure_groups`); returns how many."""
    count = 0
    for session in sessions:
        count += len(unplaced(session))
        ensure_groups(session)
    return count


def move_group(group: KeywordGroup, *, column: str | None, version, position: int | None = None) -> list:
    """Put a group in a column (or back among the unclassified) at `position`; returns the groups whose
    order changed. A stale `version` raises ConflictError: another facilitator moved it first."""
    check_version(group, version)
    target = BoardColumn(column) if column else None
    group.column = target
    if position is not None:
        focus = group.session.focus_group
        siblings = sorted((g for g in board_groups(focus) if g.column == target and g.id != group.id),
                          key=lambda g: (g.position, g.id))
        _place(group, siblings, max(0, min(position, len(siblings))))
    db.session.flush()
    return [group]


STEP = 1024


def _place(group: KeywordGroup, siblings: list[KeywordGroup], index: int) -> None:
    """Put `group` at `index` among `siblings`, touching only it when there is room between its neighbours:
    every renumbered sibling gets a new version, which would refuse another facilitator's next move of it."""
    before = siblings[index - 1].position if index > 0 else None
    after = siblings[index].position if index < len(siblings) else None
    if before is None and after is None:
        group.position = 0
    elif before is None:
        group.position = after - STEP
    elif after is None:
        group.position = before + STEP
    elif after - before > 1:
        group.position = (before + after) // 2
    else:
        ordered = [*siblings[:index], group, *siblings[index:]]
        for i, item in enumerate(ordered):
            if item.position != i * STEP:
                item.position = i * STEP


def _linked_groups(focus: FocusGroup, group_ids) -> list[KeywordGroup]:
    ids = {int(i) for i in group_ids or ()}
    groups = [g for s in focus.sessions for g in s.groups if g.id in ids]
    if len(groups) != len(ids):
        raise DomainError(_("Some keywords belong to another focus group."))
    return groups


def add_statement(focus: FocusGroup, *, column: str, text: str, group_ids=()) -> Statement:
    column = BoardColumn(column)
    position = max((s.position for s in focus.statements if s.column == column), default=0) + 1
    statement = Statement(focus_group=focus, column=column, text=text.strip(), position=position,
                          keyword_groups=_linked_groups(focus, group_ids))
    db.session.add(statement)
    db.session.flush()
    return statement


def update_statement(statement: Statement, *, version, column: str, text: str, group_ids=()) -> None:
    check_version(statement, version)
    statement.column = BoardColumn(column)
    statement.text = text.strip()
    statement.keyword_groups = _linked_groups(statement.focus_group, group_ids)
    db.session.flush()


def reword_statement(statement: Statement, *, version, text: str) -> None:
    """The statement's wording only, as the room rewrites it on the board."""
    check_version(statement, version)
    statement.text = text.strip()
    db.session.flush()


def delete_statement(statement: Statement) -> None:
    db.session.delete(statement)
    db.session.flush()


def move_statement(statement: Statement, direction: str) -> None:
    """Swap a statement with its neighbour above or below in the same column."""
    same = sorted((s for s in statement.focus_group.statements if s.column == statement.column),
                  key=lambda s: (s.position, s.id))
    for index, item in enumerate(same):
        item.position = index
    i = same.index(statement)
    j = i - 1 if direction == "up" else i + 1
    if 0 <= j < len(same):
        same[i].position, same[j].position = same[j].position, same[i].position
    db.session.flush()


# --- lists the room adds beside the four columns -------------------------------------------------------

MAX_EXTRA_COLUMNS = 4


def _extra_name(focus: FocusGroup, name: str, column: ExtraColumn | None = None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise InvalidField("name", _("Give the column a name."))
    if any(c.name.casefold() == name.casefold() for c in focus.extra_columns if c is not column):
        raise InvalidField("name", _("The board already has a column called “%(name)s”.", name=name))
    return name


def add_extra_column(focus: FocusGroup, name: str) -> ExtraColumn:
    if len(focus.extra_columns) >= MAX_EXTRA_COLUMNS:
        raise InvalidField("name", _("A board has at most %(num)d added columns.", num=MAX_EXTRA_COLUMNS))
    column = ExtraColumn(focus_group=focus, name=_extra_name(focus, name), body="",
                         position=1 + max((c.position for c in focus.extra_columns), default=0))
    db.session.add(column)
    db.session.flush()
    return column


def update_extra_column(column: ExtraColumn, *, version, name: str | None = None, body: str | None = None) -> None:
    """Rename an added column or rewrite what the room wrote in it (one item a line)."""
    check_version(column, version)
    if name is not None:
        column.name = _extra_name(column.focus_group, name, column)
    if body is not None:
        column.body = "\n".join(line.rstrip() for line in body.strip().splitlines())
    db.session.flush()


def delete_extra_column(column: ExtraColumn) -> None:
    db.session.delete(column)
    db.session.flush()
