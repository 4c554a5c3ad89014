"""What needs a person now: the planning office's work list counts what waits in its district only, each count
a link to the list filtered to exactly those items; a referent lands on their cards, a facilitator on their
focus groups and sessions."""
from __future__ import annotations

import secrets
from datetime import date, timedelta

import pytest
from bs4 import BeautifulSoup

from app import people
from app.clock import local_now
from app.extensions import db
from app.models import Role
from app.plans import import_plan, sample_data
from evaluations.models import CampaignStatus, CardState, EvaluationCampaign, EvaluationCard
from focus_groups import management
from meetings import services as meeting_services
from meetings.models import Registration, RegistrationStatus
from plan_drafts.models import DraftObjective
from plan_drafts.writing_models import Amendment, AmendmentStatus, CommentStatus, DraftComment
from posts.models import CommentStatus as PostCommentStatus
from posts.models import PostComment
from tests.blog_helpers import make_post
from tests.conftest import login
from tests.draft_helpers import make_draft

HERE = dict(submitted=2, late=3, post_comments=2, draft_comments=1, amendments=2, registrations=3)
THERE = dict(submitted=4, late=5, post_comments=6, draft_comments=7, amendments=3, registrations=8)


def seed_pending(plan, *, submitted, late, post_comments, draft_comments, amendments, registrations):
    """In `plan`'s district: an open campaign past its deadline (cards sent, still to send, approved), a post
    with comments to moderate, a draft with comments and amendments waiting, a meeting next week with
    registrations awaiting confirmation, two confirmed, 10 places in its one group. Each list also holds
    items that wait for nothing, which no count may include."""
    district = plan.district
    campaign = EvaluationCampaign(district_id=district.id, plan=plan, title=f"Valutazione {district.name}",
                                  deadline=date.today() - timedelta(days=1))
    for i, action in enumerate(plan.actions):
        state = CardState.SUBMITTED if i < submitted else CardState.DRAFT if i < submitted + late \
            else CardState.APPROVED
        campaign.cards.append(EvaluationCard(action=action, state=state))
    db.session.add(campaign)
    post = make_post(district, comments=True)
    for i in range(post_comments + 1):
        db.session.add(PostComment(post=post, author_name=f"Lettore {i}", body="Un commento",
                                   status=PostCommentStatus.APPROVED if i == 0 else PostCommentStatus.PENDING))
    draft = make_draft(plan)
    objective = DraftObjective(position=1, title="Un obiettivo")
    draft.axes[0].objectives.append(objective)
    db.session.flush()
    for i in range(draft_comments + 1):
        db.session.add(DraftComment(draft_id=draft.id, chapter_id=draft.chapters[0].id, author_name=f"Cittadino {i}",
                                    body=f"Commento {i}",
                                    status=CommentStatus.PUBLISHED if i == 0 else CommentStatus.PENDING))
    for i in range(amendments + 1):
        db.session.add(Amendment(draft_id=draft.id, objective_id=objective.id, author_name=f"Ente {i}",
                                 proposed_text=f"Testo {i}", reason="Perché",
                                 status=AmendmentStatus.REJECTED if i == 0 else AmendmentStatus.PENDING))
    starts = local_now().replace(microsecond=0) + timedelta(days=7)
    meeting = meeting_services.create_meeting(district, title=f"Incontro {district.name}", starts_at=starts,
                                              ends_at=starts + timedelta(hours=2), place="Crema")
    group = meeting_services.add_working_group(meeting, name="Gruppo", area=None, focus_group=None, capacity=10)
    for i in range(registrations + 2):
        confirmed = i < 2
        db.session.add(Registration(meeting=meeting, name=f"Persona {i}", email=f"p{i}@example.org",
                                    token=secrets.token_urlsafe(16), working_group=group,
                                    status=RegistrationStatus.CONFIRMED if confirmed else RegistrationStatus.PENDING))
    group.taken = 2
    db.session.commit()
    return {"campaign": campaign, "draft": draft, "meeting": meeting}


@pytest.fixture
def other_plan(app):
    data = sample_data()
    data["district"]["name"] = "Ambito di prova altrove"
    plan = import_plan(data)
    db.session.commit()
    return plan


@pytest.fixture
def pending(plan, other_plan):
    seed_pending(other_plan, **THERE)     # first, so that ids of the two districts do not line up
    return seed_pending(plan, **HERE)


def work_items(client, district) -> dict[str, list]:
    """key → [(count, href)] of the district page's work list, full and compact items alike."""
    response = client.get(f"/gestione/{district.slug}/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    items: dict[str, list] = {}
    for link in soup.select("#worklist a[data-work]"):
        count = link.select_one("[data-count]") or link
        items.setdefault(link["data-work"], []).append((count["data-count"], link["href"]))
    return items


def page(client, href):
    response = client.get(href)
    assert response.status_code == 200, href
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def test_the_office_home_counts_what_waits_in_its_district_only(as_office, district, pending):
    items = work_items(as_office, district)
    counts = {key: [count for count, _href in rows] for key, rows in items.items()}
    assert counts == {"cards-to-review": ["2"], "cards-late": ["3"], "blog-comments": ["2"],
                      "draft-comments": ["1"], "drafts-with-amendments": ["1"], "registrations-pending": ["3"],
                      "next-meeting": ["8"]}
    html = as_office.get(f"/gestione/{district.slug}/").get_data(as_text=True)
    assert html.index('id="worklist"') < html.index('id="plans-heading"') < html.index('id="sections-heading"')


def test_each_count_lands_on_a_list_showing_exactly_those_items(as_office, district, pending):
    items = {key: rows[0][1] for key, rows in work_items(as_office, district).items()}
    campaign, draft, meeting = pending["campaign"], pending["draft"], pending["meeting"]

    for key, state in (("cards-to-review", CardState.SUBMITTED), ("cards-late", CardState.DRAFT)):
        assert f"/campagne/{campaign.id}/" in items[key]
        soup = page(as_office, items[key])
        rows = soup.select("table tbody tr")
        assert len(rows) == HERE["submitted" if key == "cards-to-review" else "late"]
        expected = {c.action.code for c in campaign.cards if c.state == state}
        assert {row.select_one("th a").get_text(" ").split()[0] for row in rows} == expected
        assert soup.select_one("#filtered-notice a")["href"].endswith(f"/campagne/{campaign.id}/")

    soup = page(as_office, items["blog-comments"])
    assert len(soup.select("main ol article")) == HERE["post_comments"]

    assert f"/bozze/{draft.id}/partecipazione" in items["draft-comments"]
    soup = page(as_office, items["draft-comments"])
    assert len(soup.select("section[aria-labelledby=moderation-title] article")) == HERE["draft_comments"]
    assert len(soup.select("section[aria-labelledby=amendments-title] tbody tr")) == HERE["amendments"]

    soup = page(as_office, items["drafts-with-amendments"])
    assert [a.get_text() for a in soup.select("#drafts tbody td:first-child a")] == [draft.title]
    assert soup.select_one("#filtered-notice")

    assert f"/incontri/{meeting.id}/iscrizioni/" in items["registrations-pending"]
    soup = page(as_office, items["registrations-pending"])
    assert len(soup.select("#registrations tbody tr")) == HERE["registrations"]
    assert soup.select_one("#filtered-notice a")["href"].endswith(f"/incontri/{meeting.id}/iscrizioni/")
    assert f"/incontri/{meeting.id}/iscrizioni/" in items["next-meeting"]


def test_filtered_lists_show_everything_once_the_filter_is_cleared(as_office, district, pending):
    campaign = pending["campaign"]
    soup = page(as_office, f"/gestione/{district.slug}/campagne/{campaign.id}/")
    assert soup.select_one("#filtered-notice") is None
    assert len(soup.select("table tbody tr")) == min(len(campaign.cards), 25)
    soup = page(as_office, f"/gestione/{district.slug}/bozze/")
    assert soup.select_one("#filtered-notice") is None


def test_nothing_waiting_is_still_listed_with_its_link(as_office, district):
    items = work_items(as_office, district)
    assert {key for key in items} >= {"cards-to-review", "cards-late", "blog-comments", "draft-comments",
                                      "drafts-with-amendments", "registrations-pending"}
    assert all(rows == [("0", rows[0][1])] for key, rows in items.items() if key != "next-meeting")
    assert items["next-meeting"][0][1].endswith("/incontri/nuovo")


def test_two_campaigns_with_cards_to_review_are_counted_each_on_its_own(as_office, district, plan, pending):
    pending["campaign"].status = CampaignStatus.CLOSED
    second = EvaluationCampaign(district_id=district.id, plan=plan, title="Seconda", deadline=date.today())
    second.cards.append(EvaluationCard(action=plan.actions[0], state=CardState.SUBMITTED))
    db.session.add(second)
    db.session.commit()
    rows = work_items(as_office, district)
    assert [count for count, _href in rows["cards-to-review"]] == ["2", "1"]
    assert rows["cards-late"] == [("0", rows["cards-late"][0][1])]   # a closed campaign has nobody late


def test_referents_and_facilitators_get_no_office_work_list(as_referent, district, pending):
    assert work_items(as_referent, district) == {}


def test_a_referent_lands_on_their_cards_most_urgent_first(client, district, plan, referent, pending):
    campaign = pending["campaign"]
    people.assign_referent(plan.actions[-1], referent)     # an approved card, besides the sent one
    returned = next(c for c in campaign.cards if c.state == CardState.DRAFT)
    people.assign_referent(returned.action, referent)
    returned.state, returned.review_comment = CardState.RETURNED, "Mancano le persone raggiunte."
    campaign.deadline = date.today() + timedelta(days=10)
    db.session.commit()
    login(client, referent)
    assert client.get("/gestione/").headers["Location"].endswith(f"/gestione/{district.slug}/")
    html = client.get(f"/gestione/{district.slug}/").get_data(as_text=True)
    soup = BeautifulSoup(html, "html.parser")
    rows = soup.select("#my-cards-table tbody tr")
    codes = [row.select_one("th a").get_text(" ").split()[0] for row in rows]
    assert codes == [returned.action.code, plan.actions[0].code, plan.actions[-1].code]
    assert all(row.select_one(".pdz-card-deadline").get_text(strip=True) for row in rows)
    assert "Mancano le persone raggiunte." in rows[0].get_text()
    assert html.index('id="my-cards"') < html.index('id="plans-heading"')
    my_cards = BeautifulSoup(client.get(f"/gestione/{district.slug}/schede/").get_data(as_text=True), "html.parser")
    assert [row.select_one("th a").get_text(" ").split()[0] for row in my_cards.select("tbody tr")] == codes


def test_a_referent_sees_only_the_cards_of_the_district_they_are_in(as_referent, district, plan, referent,
                                                                     other_plan, pending):
    people.grant(referent, other_plan.district, Role.REFERENT)
    people.assign_referent(other_plan.actions[1], referent)
    db.session.commit()
    soup = BeautifulSoup(as_referent.get(f"/gestione/{district.slug}/").get_data(as_text=True), "html.parser")
    links = [a["href"] for a in soup.select("#my-cards-table tbody th a")]
    assert links == [f"/gestione/{district.slug}/schede/{pending['campaign'].cards[0].id}/"]


def test_a_facilitator_lands_on_their_focus_groups_and_sessions(as_facilitator, district, plan, facilitator,
                                                              make_user):
    other = make_user("altra@example.org", Role.FACILITATOR, district)
    mine = management.create_focus_group(plan, title="Presa in carico", area=plan.areas[1], facilitators=[facilitator])
    management.create_focus_group(plan, title="Non mio", area=plan.areas[0], facilitators=[other])
    session = management.open_session(mine, prompt="Una parola")
    db.session.commit()
    html = as_facilitator.get(f"/gestione/{district.slug}/").get_data(as_text=True)
    soup = BeautifulSoup(html, "html.parser")
    panel = soup.select_one("#my-focus-groups")
    assert [a.get_text() for a in panel.select("a.fw-semibold")] == ["Presa in carico"]
    assert panel.select_one(f"a[href$='/focus/sessioni/{session.id}/']")
    assert html.index('id="my-focus-groups"') < html.index('id="plans-heading"')
    assert soup.select_one("#worklist") is None and soup.select_one("#my-cards") is None


def test_the_card_form_asks_what_was_done_before_nobody_can_report(as_referent, district, plan, referent):
    campaign = EvaluationCampaign(district_id=district.id, plan=plan, title="Valutazione",
                                  deadline=date.today() + timedelta(days=5))
    card = EvaluationCard(action=plan.actions[0])
    campaign.cards.append(card)
    db.session.add(campaign)
    db.session.commit()
    html = as_referent.get(f"/gestione/{district.slug}/schede/{card.id}/").get_data(as_text=True)
    assert html.index('id="s-done"') < html.index('id="s-nobody"')
