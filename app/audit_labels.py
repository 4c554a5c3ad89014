"""Words for the audit log: what each kind of record and each field is called in the UI, and how a stored
value reads (dates as dates, coded values by their label), so the office reads the log in its own language."""
from __future__ import annotations

import json
import re
from datetime import date, datetime
from functools import cache

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from .clock import format_day, format_moment, format_wall_clock, is_wall_clock
from .extensions import db
from .text import shorten

ENTITY_LABELS = {
    # the plan's structure and the people of the district
    "District": _l("District"), "Plan": _l("Plan"), "Thesis": _l("Thesis"), "PlanningArea": _l("Planning area"),
    "SystemAction": _l("System action"), "Organization": _l("Organization"),
    "ActionOrganization": _l("Organization involved in an action"), "BudgetLine": _l("Budget line"),
    "ActionLineage": _l("Action of the previous plan an action carries on"),
    "User": _l("Account"), "Membership": _l("Role"), "Invitation": _l("Invitation"), "StoredFile": _l("File"),
    "AccessibilityFeedback": _l("Accessibility report"),
    # the territory and its governance
    "Management": _l("Managing body"), "SubArea": _l("Sub-area"), "Municipality": _l("Comune"),
    "PublishedFigure": _l("Published figure"),
    "GovernanceBody": _l("Governance body"), "BodyMember": _l("Member of a governance body"),
    # funding
    "FundingProgramme": _l("Funding programme"), "FundingBid": _l("Bid on a call"),
    "InKindResource": _l("Hours given in kind"),
    # evaluation cards
    "EvaluationCampaign": _l("Evaluation campaign"), "EvaluationCard": _l("Evaluation card"),
    "CardOrganization": _l("Card: organization involved"), "CardResource": _l("Card: resource"),
    "CardIndicator": _l("Card: indicator"), "CardThesisRating": _l("Card: rating against a thesis"),
    "CardConflict": _l("Card: conflicting edit"),
    # focus groups
    "FocusGroup": _l("Focus group"), "KeywordSession": _l("Keyword session"), "Keyword": _l("Keyword"),
    "KeywordGroup": _l("Group of keywords"), "Statement": _l("Board statement"),
    "ExtraColumn": _l("List added to the board"), "BlockedWord": _l("Blocked word"),
    # meetings
    "Meeting": _l("Meeting"), "AgendaItem": _l("Agenda item"), "MeetingAttachment": _l("Meeting document"),
    "WorkingGroup": _l("Working group"), "TimeSlot": _l("Time slot"), "Registration": _l("Registration"),
    "StandingGroup": _l("Standing working group"), "RosterMember": _l("Place on a group roster"),
    "ParticipantRole": _l("Participant role"), "RoleReport": _l("Role the minutes report at a meeting"),
    "Minutes": _l("Minutes"), "MinutesItem": _l("Minutes: item"),
    # posts
    "Post": _l("Post"), "PostImage": _l("Post image"), "PostTag": _l("Post tag"), "PostComment": _l("Comment"),
    "PostConflict": _l("Post: conflicting edit"),
    # plan drafts
    "PlanDraft": _l("Plan draft"), "DraftChapter": _l("Draft chapter"), "DraftAxis": _l("Draft axis"),
    "DraftObjective": _l("Draft objective"), "DraftComment": _l("Comment on the draft"),
    "Amendment": _l("Amendment"), "DraftSnapshot": _l("Frozen version of the draft"),
    "ChapterConflict": _l("Chapter: conflicting edit"),
    "ObjectiveContinuity": _l("Draft objective: action of the previous plan it takes up"),
    "DroppedAction": _l("Action of the previous plan not taken up"),
    "CodesignTable": _l("Co-design table"), "CodesignPartner": _l("Body at a co-design table"),
    "CodesignCommitment": _l("Commitment at a co-design table"),
}

FIELD_LABELS = {
    "name": _l("Name"), "title": _l("Title"), "email": _l("E-mail"), "role": _l("Role"),
    "active": lazy_pgettext("account", "Active"),   # not a plan's "In vigore"
    "organization_id": _l("Organization"), "description": _l("Description"), "code": _l("Code"),
    "status": _l("Status"), "start_year": _l("Start year"), "end_year": _l("End year"), "position": _l("Position"),
    "text": _l("Text"), "referents": _l("Referents"), "theses": _l("Theses"), "planned_start": _l("Planned start"),
    "planned_end": _l("Planned end"), "expected_results": _l("Expected results"),
    "planned_amount": _l("Planned amount"), "source": _l("Funding source"), "type": _l("Type"),
    "municipality": _l("Municipality"), "website": _l("Website"), "expires_at": _l("Expires"),
    "accepted_at": _l("Accepted"), "revoked_at": _l("Revoked"), "last_login_at": _l("Last login"),
    "is_admin": _l("Administrator"), "action_ids": _l("Actions"),
    # shared by many records
    "created_at": _l("Created"), "updated_at": _l("Last change"), "body": _l("Text"), "summary": _l("Summary"),
    "author_name": _l("Author"), "author_email": _l("Author's e-mail"), "state": _l("Status"),
    "from_public": _l("From the public"), "label": _l("Label"), "column": _l("Column"), "date": _l("Date"),
    "notes": _l("Notes"), "deadline": _l("Deadline"), "intro": _l("Introduction"), "prompt": _l("Prompt"),
    "kind": _l("Kind"), "place": _l("Place"), "address": _l("Address"), "starts_at": _l("Starts"),
    "ends_at": _l("Ends"), "capacity": _l("Places"), "word": _l("Word"), "reason": _l("Reason"),
    "proposed_text": _l("Proposed text"), "final_text": _l("Final text"), "decision_note": _l("Reason for the decision"),
    "decided_at": _l("Decided"), "review_comment": _l("Comments for the referents"),
    "submitted_at": _l("Submitted"), "reviewed_at": _l("Reviewed"), "opened_at": _l("Opened"),
    "closed_at": _l("Closed"), "published_at": _l("Published"), "approved_at": _l("Approved"),
    "moderated_at": _l("Moderated"), "hidden": _l("Hidden"), "approved": _l("Approved"),
    "stimulus_questions": _l("Stimulus questions"), "keywords_per_person": _l("Keywords per person"),
    "premoderation": _l("Approve keywords before they show"), "paused": _l("Paused"),
    "activities": _l("What was done"), "implementation_state": _l("State of the action"),
    "progress_percent": _l("Progress"), "strengths": _l("Strengths"), "problems": _l("Critical points"),
    "carry_forward": _l("What to carry into the next plan"), "excerpt": _l("Excerpt"), "paragraph": _l("Paragraph"),
    "field": _l("Field"), "base_text": _l("Text before"), "content": _l("Content"),
    "istat_code": _l("ISTAT code"), "province": _l("Province"), "population": _l("Population"),
    "population_year": _l("Year of the population figure"), "is_lead": _l("Lead municipality (comune capofila)"),
    "form": _l("Form of management"),
    "fate": _l("What becomes of it"),
    # co-design tables
    "joined_by": _l("How it came to the table"), "amount": _l("Amount"),
    "hours": _l("Hours"), "hourly_rate": _l("Hourly rate"), "rate_basis": _l("Where the rate comes from"),
    "until": _l("Until"), "agreed_at": _l("Agreed"), "families_target": _l("Families reached (target)"),
    "operators_target": _l("Operators involved (target)"),
    "volunteers_target": _l("Volunteers involved (target)"),
    # accessibility reports
    "page": _l("Page"), "handled_at": _l("Handled"),
}

# Bookkeeping that says nothing to a reader: numbers of rows, links to parent records, secrets of the machinery.
HIDDEN_FIELDS = {"id", "version", "base_version", "saved_version", "chapter_version", "token", "client_id",
                 "submission_id", "sha256", "data", "password_hash"}
LONGEST = 300   # characters of a structured value: a frozen draft is a whole document
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def field_label(key: str) -> str:
    return str(FIELD_LABELS.get(key, key))


def entity_label(entity: str) -> str:
    return str(ENTITY_LABELS.get(entity, entity))


def actor_label(actor: str) -> str:
    """Who made a change, when it was not a person in the browser: the platform itself or a command."""
    if actor == "system":
        return _("the platform")
    if actor.startswith("cli:"):   # the account of the machine that ran it means nothing to the office
        return _("from the command line")
    return actor


def shown(key: str) -> bool:
    """Whether a field belongs in the log's diff: not bookkeeping, and not a bare link to another record
    (an "…_id" number) unless it has a name of its own there."""
    return key not in HIDDEN_FIELDS and (not key.endswith("_id") or key in FIELD_LABELS)


def _columns(entity: str) -> list:
    """The columns of the model called `entity` (empty if none is mapped)."""
    mapper = next((m for m in db.Model.registry.mappers if m.class_.__name__ == entity), None)
    return list(mapper.columns) if mapper is not None else []


@cache
def _enums(entity: str) -> dict:
    """Column name -> LabelledEnum class, for the model called `entity`."""
    return {column.key: column.type.enum_class for column in _columns(entity)
            if getattr(column.type, "enum_class", None) is not None and hasattr(column.type.enum_class, "labels")}


@cache
def _wall_clock(entity: str) -> frozenset:
    """The columns of `entity` holding Rome wall-clock times (meetings), shown without conversion."""
    return frozenset(column.key for column in _columns(entity) if is_wall_clock(column))


# Fields whose value names a record better than its technical description ("comment 5 on 1").
NAMING_FIELDS = ("title", "name", "label", "text", "word", "proposed_text", "body", "email")
NAME_LENGTH = 80


def own_words(values: dict | None) -> str:
    """The record's name in the words it was written with, from the values a creation or a deletion logged."""
    for key in NAMING_FIELDS:
        value = (values or {}).get(key)
        if isinstance(value, str) and value.strip():
            return shorten(value, NAME_LENGTH)
    return ""


def readable(value, entity: str | None = None, key: str | None = None) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return _shortened(json.dumps(value, ensure_ascii=False, sort_keys=True))
    if isinstance(value, str):
        enum_class = _enums(entity).get(key) if entity and key else None
        if enum_class is not None:
            try:
                return str(enum_class(value).label)
            except ValueError:
                return value
        if _ISO_DATETIME.match(value):
            try:
                moment = datetime.fromisoformat(value)
            except ValueError:
                return value
            wall_clock = entity and key in _wall_clock(entity)
            return (format_wall_clock if wall_clock else format_moment)(moment, "short")
        if _ISO_DATE.match(value):
            try:
                return format_day(date.fromisoformat(value), "medium")
            except ValueError:
                return value
    return str(value)


def _shortened(text: str) -> str:
    return shorten(text, LONGEST)
