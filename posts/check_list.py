"""The check list beside a synthesis in the office's editor: what its generated text could not fill, the
records it was written from, and each section's records as links to the office's pages
(posts/synthesis_checks.py says which; this module says where they are)."""
from __future__ import annotations

from flask import url_for

from app.errors import DomainError

from . import services, synthesis, synthesis_checks
from .models import Post, PostKind
from .synthesis_facts import Record

RECORD_PAGES = {"plan": ("office.plan", "plan_id"), "campaign": ("evaluations.campaign", "campaign_id"),
                "card": ("evaluations.card", "card_id"), "action": ("public.action", "action_id"),
                "focus": ("focus.board", "focus_id"), "meeting": ("meetings.meeting", "meeting_id")}


def for_post(post: Post) -> dict | None:
    """What a synthesis's generated text could not fill, its sources and each section's records; None for
    other posts, or when the group or area it was written from is gone."""
    if post.kind != PostKind.SYNTHESIS:
        return None
    try:
        data = services.synthesis_input(post)
    except DomainError:
        return None
    return {"gaps": [(synthesis.section_title(gap.section), gap.missing) for gap in synthesis_checks.gaps(data)],
            "sources": synthesis_checks.sources(data),
            "records": [(synthesis.section_title(key), [(record.label, record_url(post, record)) for record in found])
                        for key, found in synthesis_checks.records(data)]}


def record_url(post: Post, record: Record) -> str:
    """The office's page of a record a synthesis sentence came from."""
    endpoint, argument = RECORD_PAGES[record.kind]
    district = {} if endpoint.startswith("public.") else {"district": post.district.slug}
    return url_for(endpoint, **district, **{argument: record.id})
