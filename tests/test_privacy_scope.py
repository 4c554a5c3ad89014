"""GDPR requests in a shared installation: a district's office exports and erases only its own district's
records; the command line and the administrator act on the whole platform (issue 14, defect 3)."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from app import mail, people
from app.extensions import db
from app.models import AuditLog, Role, utcnow
from tests.conftest import login
from tests.test_privacy import pdz  # noqa: F401  (the command line, as a fixture)


VISITOR = "paola.neri@example.org"


@pytest.fixture
def two_districts(client, plan, district, office, make_user):
    """Paola Neri has signed up to a meeting, commented a post and a plan draft in district A (the sample
    district), where she also typed paper keywords as a facilitator before her role ended; in district B she
    has only signed up to a meeting. B's office gets her request."""
    from app.models import District
    from focus_groups import management
    from meetings.models import Registration, RegistrationStatus
    from plan_drafts.writing_models import DraftComment
    from posts.models import PostComment
    from tests.blog_helpers import make_post
    from tests.draft_helpers import make_draft
    from tests.test_meeting_registration import make_meeting

    other = District(name="Altro distretto", slug="altro")
    db.session.add(other)
    db.session.commit()
    office_b = make_user("ufficio.b@example.org", Role.PLANNING_OFFICE, other)
    for where, office_of in ((district, office), (other, office_b)):
        mail.send(VISITOR, "Iscrizione confermata", "Ciao Paola Neri", district=where)
        mail.send(office_of.email, "Nuova iscrizione", "Si è iscritta Paola Neri.", district=where)
    visitor = make_user(VISITOR, Role.FACILITATOR, district, name="Paola Neri")
    group = management.create_focus_group(plan, title="Modello organizzativo", area=plan.areas[0],
                                          facilitators=[visitor], stimulus_questions=["Cosa?"])
    session = management.open_session(group, prompt="Una parola")
    db.session.commit()
    login(client, visitor)
    assert client.post(f"/gestione/{district.slug}/focus/sessioni/{session.id}/carta",
                       data={"text": "condivisione"}).status_code == 302
    client.post("/logout")
    group.facilitators.remove(visitor)
    people.revoke(visitor, district, Role.FACILITATOR)
    for where in (district, other):
        meeting = make_meeting(where)
        meeting.registrations.append(Registration(name="Paola Neri", email=VISITOR, token=f"t{where.id}",
                                                  status=RegistrationStatus.CONFIRMED, consent_at=utcnow()))
    post = make_post(district, comments=True)
    post.comments.append(PostComment(author_name="Paola Neri", email=VISITOR, body="Bella sintesi"))
    draft = make_draft(plan)
    db.session.add(DraftComment(draft=draft, chapter=draft.chapters[0], excerpt="Premessa",
                                body="Manca la casa", author_name="Paola Neri", author_email=VISITOR))
    db.session.commit()
    return district, other, office_b


def _district_a_records():
    from meetings.models import Registration
    from plan_drafts.writing_models import DraftComment
    from posts.models import PostComment
    return {"registrations": [(r.meeting.district.slug, r.name, r.email)
                              for r in db.session.scalars(select(Registration).order_by(Registration.id))],
            "post_comments": [(c.author_name, c.email) for c in db.session.scalars(select(PostComment))],
            "draft_comments": [(c.author_name, c.author_email)
                               for c in db.session.scalars(select(DraftComment))],
            "account": people.find_user(VISITOR) is not None,
            "keyword_log": [(r.actor, r.summary) for r in db.session.scalars(
                select(AuditLog).where(AuditLog.entity == "Keyword"))],
            "outbox": sorted((m.district, m.to, "Paola Neri" in m.body) for m in mail.outbox())}


def test_a_districts_office_exports_and_erases_only_its_own_districts_records(two_districts, client):
    district_a, district_b, office_b = two_districts
    login(client, office_b)
    base = f"/gestione/{district_b.slug}/privacy"
    page = client.post(base, data={"email": VISITOR})
    assert page.status_code == 200
    exported = json.loads(client.post(base + "/esporta", data={"email": VISITOR}).data)["data"]
    assert [r["meeting"]["district"] for r in exported["meeting_registrations"]] == [district_b.name]
    # Her confirmation in B's outbox is no longer B's to see: she has an account and it is not of B alone.
    assert exported["outbox"] == []
    text = json.dumps(exported, ensure_ascii=False)
    assert district_a.name not in text and "Bella sintesi" not in text and "Manca la casa" not in text
    assert "condivisione" not in text and exported["account"] == []

    before = _district_a_records()
    assert client.post(base + "/cancella", data={"email": VISITOR}).status_code == 302
    db.session.expire_all()
    after = _district_a_records()
    assert after["registrations"] == [r for r in before["registrations"] if r[0] == district_a.slug]
    assert len(after["registrations"]) == 1
    for kind in ("post_comments", "draft_comments", "account", "keyword_log"):
        assert after[kind] == before[kind], kind
    assert after["outbox"] == sorted([(district_a.slug, VISITOR, True),
                                      (district_a.slug, "ufficio@example.org", True),   # A's mail still names her
                                      (district_b.slug, VISITOR, True),      # not B's to see: for the administrator
                                      (district_b.slug, "ufficio.b@example.org", False)])   # B's, scrubbed


def test_the_command_line_erases_in_every_district(two_districts, pdz):
    district_a, district_b, _office_b = two_districts
    result = pdz("privacy", "erase", VISITOR, "--yes")
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    after = _district_a_records()
    assert after["registrations"] == [] and not after["account"]
    assert after["outbox"] == sorted([(district_a.slug, "ufficio@example.org", False),
                                      (district_b.slug, "ufficio.b@example.org", False)])
    assert after["post_comments"] == [("", None)] and after["draft_comments"] == [("", None)]
    assert VISITOR not in json.dumps(after["keyword_log"])


def test_an_administrator_on_a_districts_page_acts_on_the_whole_platform(two_districts, client, make_user):
    district_a, district_b, _office_b = two_districts
    make_user("admin@example.org", admin=True)
    login(client, "admin@example.org")
    base = f"/gestione/{district_b.slug}/privacy"
    client.set_cookie("lang", "en", domain="pdz.test")
    assert "the whole platform" in client.post(base, data={"email": VISITOR}).get_data(as_text=True)
    exported = json.loads(client.post(base + "/esporta", data={"email": VISITOR}).data)
    assert exported["district"] is None
    assert sorted(r["meeting"]["district"] for r in exported["data"]["meeting_registrations"]) == \
        sorted([district_a.name, district_b.name])
    assert exported["data"]["account"][0]["email"] == VISITOR
    assert client.post(base + "/cancella", data={"email": VISITOR}).status_code == 302
    db.session.expire_all()
    assert _district_a_records()["registrations"] == [] and people.find_user(VISITOR) is None
