"""Where am I and where do I go next: every page has a breadcrumb trail (its own, or home › district › title),
the top bar names the district on the pages of one district, and the draft of the new plan is pointed to from
the district's home, the installation's home and the plan it follows while it is open for comments."""
from __future__ import annotations

import re

import pytest

from app import structure
from app.extensions import db
from app.models import Role
from plan_drafts.models import DraftStatus, DraftVisibility
from tests.conftest import login
from tests.draft_helpers import make_draft
from tests.test_meetings import make_meeting


def trail(html: str) -> list[str]:
    nav = re.search(r'<nav class="breadcrumb-container".*?</nav>', html, re.S)
    assert nav, "the page has no breadcrumb trail"
    return [" ".join(re.sub(r"<[^>]+>", " ", item).split()).rstrip(" /")
            for item in re.findall(r'<li class="breadcrumb-item[^"]*"[^>]*>(.*?)</li>', nav.group(0), re.S)]


def top_bar(html: str) -> str:
    return re.search(r'<span class="d-none d-lg-block navbar-brand">(.*?)</span>', html, re.S).group(1).strip()


@pytest.fixture
def draft(plan):
    draft = make_draft(plan)
    draft.visibility = DraftVisibility.PUBLIC
    db.session.commit()
    return draft


def test_a_page_without_a_trail_of_its_own_gets_home_and_its_title(client, district):
    assert trail(client.get("/enti").get_data(as_text=True))[0] in ("Home", "Pagina iniziale")
    page = client.get(f"/ambiti/{district.slug}/").get_data(as_text=True)
    assert trail(page)[-1] == district.name, "the district's own page ends its trail with the district"


def test_the_home_page_has_no_trail(client, district):
    assert 'class="breadcrumb-container"' not in client.get("/").get_data(as_text=True)


def test_a_management_page_trail_starts_from_management_and_the_district(client, district, as_office):
    steps = trail(client.get(f"/gestione/{district.slug}/ruoli/").get_data(as_text=True))
    assert district.name in steps and len(steps) >= 3


def test_the_top_bar_names_the_district_of_a_public_meeting(client, district):
    meeting = make_meeting(district)
    for path in (f"/incontri/{meeting.id}", f"/incontri/{meeting.id}/iscrizione"):
        assert top_bar(client.get(path).get_data(as_text=True)) == district.name, path


def test_an_open_public_draft_is_linked_from_the_district_home_and_from_its_plan(client, district, plan, draft):
    link = f'href="/bozze/{draft.id}/"'
    assert link in client.get(f"/ambiti/{district.slug}/").get_data(as_text=True)
    assert link in client.get(f"/piani/{plan.id}").get_data(as_text=True)


def test_the_installation_home_points_to_each_district_open_draft(client, district, draft):
    structure.create_district("Ambito di Lodi", "Lodi")
    db.session.commit()
    assert f'href="/bozze/{draft.id}/"' in client.get("/").get_data(as_text=True)


def test_a_draft_for_the_office_only_or_approved_is_not_pointed_to(client, district, plan, draft):
    draft.visibility = DraftVisibility.OFFICE
    db.session.commit()
    assert "/bozze/" not in client.get(f"/piani/{plan.id}").get_data(as_text=True)
    draft.visibility, draft.status = DraftVisibility.PUBLIC, DraftStatus.APPROVED
    db.session.commit()
    assert "/bozze/" not in client.get(f"/ambiti/{district.slug}/").get_data(as_text=True)


def test_a_draft_for_participants_is_pointed_to_only_for_those_signed_in(client, district, draft, make_user):
    draft.visibility = DraftVisibility.PARTICIPANTS
    db.session.commit()
    assert "/bozze/" not in client.get(f"/ambiti/{district.slug}/").get_data(as_text=True)
    login(client, make_user("anna@example.org", Role.REFERENT, district))
    assert f'href="/bozze/{draft.id}/"' in client.get(f"/ambiti/{district.slug}/").get_data(as_text=True)
