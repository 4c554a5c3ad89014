"""GDPR: the privacy notice, a person's data export from every registered source, erasure that keeps
contributions without a name, retention purges, and who may do what."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from app import mail, people, privacy
from app.audit import actor_name
from app.cli import main
from app.extensions import db
from app.account_models import Invitation, User
from app.models import AuditLog, Role, utcnow
from evaluations.models import CardConflict, EvaluationCard
from focus_groups.models import FocusGroup
from tests.conftest import login
from tests.test_evaluation_helpers import card_for, card_url, open_campaign

PERSON = "referente@example.org"


@pytest.fixture
def pdz(app):
    token = actor_name.set("system")
    runner = app.test_cli_runner()
    yield lambda *args, **kw: runner.invoke(main, list(args), **kw)
    actor_name.reset(token)


@pytest.fixture
def person(client, plan, district, office, referent, facilitator):
    """The referent has left traces everywhere the core keeps personal data."""
    card = card_for(open_campaign(plan, office), plan.actions[0])
    login(client, referent)
    saved = client.post(card_url(card, "salva"), data={"version": "1", "activities": "Scritto dalla referente"},
                        headers={"Accept": "application/json"})
    assert saved.status_code == 200
    stale = client.post(card_url(card, "salva"), data={"version": "1", "strengths": "Testo messo da parte"},
                        headers={"Accept": "application/json"})
    assert stale.status_code == 409
    client.post("/logout")
    group = FocusGroup(district_id=district.id, plan_id=plan.id, area_id=plan.areas[0].id, title="Gruppo A")
    group.facilitators.append(referent)
    db.session.add(group)
    people.invite(district, PERSON, Role.FACILITATOR, name="Referente")
    db.session.commit()
    return referent


def test_the_export_holds_the_persons_data_from_every_registered_source(person, pdz, district, tmp_path):
    result = pdz("privacy", "export", PERSON.upper(), "-o", str(tmp_path / "data.json"))
    assert result.exit_code == 0, result.output
    document = json.loads((tmp_path / "data.json").read_text())
    assert document["email"] == PERSON and set(document["data"]) == set(privacy.REGISTRY)
    data = document["data"]
    assert data["account"][0]["name"] == person.name
    assert {"district": person.memberships[0].district.name, "role": "referent"} in data["account"][0]["roles"]
    assert data["invitations"][0]["role"] == "facilitator"
    assert data["evaluation_cards"][0]["as"] == ["updated"]
    assert {"strengths": "Testo messo da parte"} in [r.get("text_saved_aside") for r in data["evaluation_cards"]]
    assert data["focus_group_facilitation"] == [{"focus_group": "Gruppo A", "district": district.name}]
    assert any(entry["record"] == "EvaluationCard" for entry in data["audit_log"])
    assert [m["subject"] for m in data["outbox"]] and PERSON not in json.dumps(data["outbox"][0]["subject"])


def test_the_export_of_someone_unknown_is_empty(app, plan):
    assert all(records == [] for records in privacy.export_person("nessuno@example.org").values())


def test_erasure_keeps_contributions_without_the_person(person, pdz, app):
    user_id, name = person.id, person.name
    result = pdz("privacy", "erase", PERSON, "--yes")
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert db.session.get(User, user_id) is None
    card = db.session.scalars(select(EvaluationCard).where(EvaluationCard.activities == "Scritto dalla referente")).one()
    assert card.updated_by_id is None                                   # the card stays, unattributed
    assert db.session.scalars(select(CardConflict)).one().user_id is None
    assert db.session.scalars(select(FocusGroup)).one().facilitators == []
    assert db.session.scalars(select(Invitation).where(Invitation.email == PERSON)).all() == []
    assert not [m for m in mail.outbox() if PERSON in m.to]
    # The audit log keeps every entry, but nowhere the e-mail or the name.
    rows = db.session.scalars(select(AuditLog)).all()
    assert any(row.entity == "EvaluationCard" and row.actor == "[erased]" for row in rows)
    for row in rows:
        text = json.dumps([row.actor, row.summary, row.before, row.after], ensure_ascii=False)
        assert PERSON not in text and name not in text, text
        assert row.user_id != user_id
    assert privacy.export_person(PERSON) == {key: [] for key in privacy.REGISTRY}


def test_erase_asks_for_confirmation(person, pdz):
    result = pdz("privacy", "erase", PERSON, input="n\n")
    assert result.exit_code == 1
    assert people.find_user(PERSON) is not None


def test_the_last_planning_office_cannot_be_erased(pdz, office):
    result = pdz("privacy", "erase", office.email, "--yes")
    assert result.exit_code == 1 and "ultima persona dell’Ufficio di Piano" in result.output
    assert people.find_user(office.email) is not None


def test_purge_deletes_only_what_is_past_its_retention(app, pdz, district, office):
    old, recent = (people.invite(district, email, Role.REFERENT)[0] for email in ("a@example.org", "b@example.org"))
    old.revoked_at = utcnow() - timedelta(days=200)
    db.session.commit()
    result = pdz("privacy", "purge")
    assert result.exit_code == 0, result.output
    assert [i.email for i in db.session.scalars(select(Invitation))] == ["b@example.org"]
    assert len(mail.outbox()) == 2      # both messages are fresh
    later = utcnow() + timedelta(days=31)
    assert privacy.purge_expired(later)["outbox"] == 2 and mail.outbox() == []


def test_purge_deletes_old_unconfirmed_registrations_and_rejected_comments(app, pdz, plan):
    from datetime import datetime
    from meetings.models import Meeting, Registration, RegistrationStatus
    from posts.models import CommentStatus, Post, PostComment
    long_ago, now = utcnow() - timedelta(days=120), utcnow()
    meeting = Meeting(district_id=plan.district_id, title="Incontro", place="Crema",
                      starts_at=datetime(2015, 4, 9, 15), ends_at=datetime(2015, 4, 9, 19))
    meeting.registrations = [
        Registration(name="Vecchia", email="old@example.org", token="t1", created_at=long_ago),
        Registration(name="Nuova", email="new@example.org", token="t2", created_at=now),
        Registration(name="Confermata", email="ok@example.org", token="t3", created_at=long_ago,
                     status=RegistrationStatus.CONFIRMED, confirmed_at=long_ago)]
    post = Post(district_id=plan.district_id, title="Sintesi", slug="sintesi")
    post.comments = [PostComment(author_name="No", email="no@example.org", body="x", status=CommentStatus.REJECTED,
                                 created_at=long_ago, moderated_at=long_ago),
                     PostComment(author_name="Si", body="y", status=CommentStatus.APPROVED, created_at=long_ago)]
    db.session.add_all([meeting, post])
    db.session.commit()
    result = pdz("privacy", "purge")
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert sorted(r.name for r in db.session.scalars(select(Registration))) == ["Confermata", "Nuova"]
    assert [c.author_name for c in db.session.scalars(select(PostComment))] == ["Si"]


def test_a_retention_of_zero_days_keeps_everything(app, district, office):
    invitation, _link = people.invite(district, "a@example.org", Role.REFERENT)
    invitation.revoked_at = utcnow() - timedelta(days=2000)
    db.session.commit()
    app.config["RETENTION_DAYS"] = {**app.config["RETENTION_DAYS"], "invitations": 0, "outbox": 0}
    assert privacy.purge_expired(utcnow() + timedelta(days=3000))["invitations"] == 0
    assert privacy.purge_expired(utcnow() + timedelta(days=3000))["outbox"] == 0


def test_registry_hooks_are_optional_and_run_in_order(app, monkeypatch):
    monkeypatch.setattr(privacy, "REGISTRY", {})
    monkeypatch.setattr(privacy, "PURGES", {})
    calls = []
    privacy.register("zeta", export=lambda e, d: [], erase=lambda e, d: calls.append(("zeta", d)) or 0)
    privacy.register("alpha", export=lambda e, d: [], erase=lambda e, d: calls.append(("alpha", d)) or 0,
                     final=True)
    privacy.register("beta", export=lambda e, d: [], erase=lambda e, d: calls.append(("beta", d)) or 0,
                     purge=lambda now: 7)
    assert privacy.erase_person("x@example.org") == {"beta": 0, "zeta": 0, "alpha": 0}
    assert calls == [("beta", None), ("zeta", None), ("alpha", None)]
    calls.clear()
    privacy.erase_person("x@example.org", 7)              # a district's request: every hook gets its id
    assert calls == [("beta", 7), ("zeta", 7), ("alpha", 7)]
    assert privacy.purge_expired() == {"beta": 7}


# ---- the pages ---------------------------------------------------------------------------------------------

def test_the_privacy_notice_is_public_in_italian_and_linked_in_the_footer(app, client, plan):
    app.config.update(PRIVACY_CONTACT="privacy@comune.example.it", PRIVACY_DPO_CONTACT="dpo@comune.example.it")
    page = client.get("/privacy").get_data(as_text=True)
    assert "Titolare del trattamento" in page and plan.district.name in page
    assert "privacy@comune.example.it" in page and "dpo@comune.example.it" in page
    assert "30 giorni" in page and "Garante" in page and "art. 6" in page
    assert 'href="/privacy"' in client.get("/").get_data(as_text=True)
    client.set_cookie("lang", "en", domain="pdz.test")
    english = client.get("/privacy").get_data(as_text=True)
    assert "Privacy notice" in english and "Controller" in english


def test_the_office_exports_and_erases_with_a_confirmation(person, client, office, district):
    login(client, office)
    base = f"/gestione/{district.slug}/privacy"
    requests_page = client.get(base)
    assert requests_page.status_code == 200
    assert "<code>pdz privacy purge</code>" in requests_page.get_data(as_text=True)   # a command, not `markdown`
    page = client.post(base, data={"email": PERSON}).get_data(as_text=True)
    assert "Schede di valutazione" in page
    assert people.find_user(PERSON) is not None          # looking up changes nothing
    exported = client.post(base + "/esporta", data={"email": PERSON})
    assert exported.mimetype == "application/json" and "attachment" in exported.headers["Content-Disposition"]
    assert json.loads(exported.data)["data"]["account"][0]["email"] == PERSON
    response = client.post(base + "/cancella", data={"email": PERSON})
    assert response.status_code == 302
    assert people.find_user(PERSON) is None


def test_a_bad_address_is_shown_again_with_an_error(as_office, district):
    response = as_office.post(f"/gestione/{district.slug}/privacy", data={"email": "not-an-address"})
    assert response.status_code == 422


@pytest.mark.parametrize("who", ["anonymous", "referent", "facilitator"])
def test_only_the_planning_office_reaches_the_requests_page(who, client, district, referent, facilitator):
    if who != "anonymous":
        login(client, referent if who == "referent" else facilitator)
    base = f"/gestione/{district.slug}/privacy"
    for response in (client.get(base), client.post(base + "/cancella", data={"email": PERSON}),
                     client.post(base + "/esporta", data={"email": PERSON})):
        assert response.status_code == (302 if who == "anonymous" else 403)
    assert people.find_user(PERSON) is not None


def test_the_office_cannot_handle_people_of_other_districts_administrators_or_itself(
        client, plan, district, office, make_user):
    from app.models import District
    other = District(name="Altro distretto", slug="altro")
    db.session.add(other)
    db.session.commit()
    elsewhere = make_user("altrove@example.org", Role.REFERENT, other)
    admin = make_user("admin@example.org", admin=True)
    make_user("secondo@example.org", Role.PLANNING_OFFICE, district)   # so the office is not the last one
    login(client, office)
    base = f"/gestione/{district.slug}/privacy"
    for email in (elsewhere.email, admin.email, office.email):
        assert client.post(base, data={"email": email}).status_code == 422
        client.post(base + "/cancella", data={"email": email})
        assert people.find_user(email) is not None


def test_the_administrator_may_erase_anyone(client, plan, district, make_user):
    from app.models import District
    other = District(name="Altro distretto", slug="altro")
    db.session.add(other)
    db.session.commit()
    make_user("altrove@example.org", Role.REFERENT, other)
    make_user("admin@example.org", admin=True)
    login(client, "admin@example.org")
    response = client.post(f"/gestione/{district.slug}/privacy/cancella", data={"email": "altrove@example.org"})
    assert response.status_code == 302 and people.find_user("altrove@example.org") is None


def test_erasure_takes_a_commenters_name_out_of_the_audit_log(app, plan):
    from posts.models import Post, PostComment
    post = Post(district_id=plan.district_id, title="Sintesi", slug="sintesi")
    post.comments = [PostComment(author_name="Giulia Verdi", email="giulia@example.org", body="Bel lavoro")]
    db.session.add(post)
    db.session.commit()
    privacy.erase_person("giulia@example.org")
    db.session.commit()
    assert db.session.scalars(select(PostComment)).one().body == "Bel lavoro"
    logged = json.dumps([[r.summary, r.before, r.after] for r in db.session.scalars(select(AuditLog))])
    assert "Giulia Verdi" not in logged and "giulia@example.org" not in logged


def test_in_the_demo_the_office_erases_the_demo_referent(app, client):
    from app.cli import DEMO_ACCOUNTS, DEMO_PASSWORD
    from app.demo import load_demo
    plan = load_demo(DEMO_ACCOUNTS, DEMO_PASSWORD)
    cards_before = db.session.scalar(select(db.func.count()).select_from(EvaluationCard))
    login(client, "ufficio@demo.pdz", DEMO_PASSWORD)
    base = f"/gestione/{plan.district.slug}/privacy"
    assert "referente@demo.pdz" in client.post(base, data={"email": "referente@demo.pdz"}).get_data(as_text=True)
    assert client.post(base + "/cancella", data={"email": "referente@demo.pdz"}).status_code == 302
    assert people.find_user("referente@demo.pdz") is None
    assert db.session.scalar(select(db.func.count()).select_from(EvaluationCard)) == cards_before
    assert client.get(f"/gestione/{plan.district.slug}/").status_code == 200


# ---- erasure leaves no copy behind (issue 14, defect 4) ----------------------------------------------------

NAME, EMAIL = "Giovanna Esposito", "giovanna.esposito@example.org"


def _everything_in_the_database() -> list[tuple[str, str]]:
    """(table, text) of every value of every row of every table, read by reflection: nothing is skipped."""
    metadata = db.MetaData()
    metadata.reflect(bind=db.engine)
    found = []
    with db.engine.connect() as connection:
        for table in metadata.sorted_tables:
            for row in connection.execute(table.select()):
                for value in row:
                    if isinstance(value, bytes):
                        value = value.decode("utf-8", "replace")
                    elif not isinstance(value, str):
                        value = json.dumps(value, ensure_ascii=False, default=str)
                    found.append((table.name, value))
    return found


def _everything_on_disk(app) -> list[tuple[str, str]]:
    """(file, text) of every file in the test's instance folder, which holds the outbox and, on SQLite, the
    database (deleted rows must not linger in its free pages): raw bytes and, for e-mails, the decoded headers
    and body (a quoted-printable or base64 body hides a name from a byte search)."""
    import os
    found = []
    for folder in {os.path.dirname(app.config["OUTBOX_DIR"])}:      # the test's tmp_path
        for root, _dirs, files in os.walk(folder):
            for name in files:
                path = os.path.join(root, name)
                with open(path, "rb") as fh:
                    found.append((path, fh.read().decode("utf-8", "replace")))
                if name.endswith(".eml"):
                    message = mail._read(root, name)
                    found.append((path, " ".join([message.to, message.subject, message.body])))
    return found


def _mentions(texts) -> list[tuple[str, str]]:
    return [(where, text) for where, text in texts
            if NAME.casefold() in text.casefold() or EMAIL in text.casefold()]


@pytest.fixture
def everywhere(app, client, plan, district, office, pdz):
    """Giovanna Esposito leaves a trace in every feature: invited, then referent and facilitator with an
    account, author of a card and of paper keywords, registered to a meeting, commenting a post and a plan
    draft, proposing an amendment; the office gets mails that name her and moderates her comment."""
    from focus_groups import management
    from meetings import attendance, minutes, registrations
    from meetings.models import Registration
    from plan_drafts import services as drafts
    from plan_drafts.models import DraftVisibility
    from posts import comments
    from posts.models import CommentStatus, PostComment
    from tests.blog_helpers import make_post, post_path
    from tests.draft_helpers import make_draft
    from tests.test_meeting_registration import form_data, make_meeting

    people.invite(district, EMAIL, Role.REFERENT, name=NAME)
    db.session.commit()
    user = people.create_user(EMAIL, NAME, "segreta-123")
    people.grant(user, district, Role.REFERENT)
    people.grant(user, district, Role.FACILITATOR)
    people.assign_referent(plan.actions[1], user)
    group = management.create_focus_group(plan, title="Modello organizzativo", area=plan.areas[0],
                                          facilitators=[user], stimulus_questions=["Cosa ha funzionato?"])
    session = management.open_session(group, prompt="Una parola")
    card = card_for(open_campaign(plan, office), plan.actions[1])
    meeting = make_meeting(district)
    post = make_post(district, comments=True)
    draft = make_draft(plan)
    draft.chapters[0].body = "Primo paragrafo della premessa."
    objective = drafts.create_objective(draft.axes[0], drafts.ObjectiveData(title="Conoscere", timing="2015"))
    draft.visibility = DraftVisibility.PUBLIC
    db.session.commit()

    login(client, EMAIL, "segreta-123")
    assert client.post(card_url(card, "salva"), data={"version": "1", "activities": "Incontri mensili"},
                       headers={"Accept": "application/json"}).status_code == 200
    assert client.post(f"/gestione/{district.slug}/focus/sessioni/{session.id}/carta",
                       data={"text": "condivisione"}).status_code == 302
    client.post("/logout")

    public = {"name": NAME, "email": EMAIL, "consent": "y"}
    assert client.post(f"/incontri/{meeting.id}/iscrizione",
                       data=form_data(meeting, EMAIL, name=NAME)).status_code == 302
    assert client.post(post_path(post, "/commenti"),
                       data={**public, "body": "Bella sintesi"}).status_code == 302
    assert client.post(f"/bozze/{draft.id}/capitoli/{draft.chapters[0].id}",
                       data={**public, "body": "Manca la casa."}).status_code == 302
    assert client.post(f"/bozze/{draft.id}/obiettivi/{objective.id}",
                       data={**public, "field": "timing", "text": "2016",
                             "reason": "Dopo"}).status_code == 302
    assert client.post(f"/ambiti/{district.slug}/accessibilita/segnala",
                       data={**public, "page": "/enti", "description": "Il menu non si apre."}).status_code == 302
    comments.moderate(db.session.scalars(select(PostComment)).one(), CommentStatus.APPROVED, office)
    registration = db.session.scalars(select(Registration)).one()
    registrations.confirm(registration)
    attendance.check_in(registration, True)
    minutes.start_minutes(meeting)            # "Giovanna Esposito – Comune di Crema" among the present
    db.session.commit()
    return user


def test_erasure_leaves_the_name_and_address_nowhere_in_the_database_or_the_instance_folder(everywhere, app,
                                                                                           pdz):
    from meetings.models import Registration
    from plan_drafts.writing_models import Amendment, DraftComment
    before_db, before_disk = _mentions(_everything_in_the_database()), _mentions(_everything_on_disk(app))
    # The seeding worked: she is in the account, the registration, the comments, the log and the mails.
    assert {"user", "invitation", "registration", "post_comment", "draft_comment", "amendment", "minutes",
            "audit_log", "accessibility_feedback"} <= {table for table, _text in before_db}
    assert any("Scritto da" in text or NAME in text for path, text in before_disk if EMAIL not in text)
    assert len({path for path, _text in before_disk}) >= 4

    result = pdz("privacy", "erase", EMAIL, "--yes")
    assert result.exit_code == 0, result.output

    db.session.remove()
    assert _mentions(_everything_in_the_database()) + _mentions(_everything_on_disk(app)) == []
    # The work stays: the card, the keyword, the comments and the amendment, without her.
    assert db.session.scalar(select(EvaluationCard).where(EvaluationCard.activities == "Incontri mensili"))
    assert db.session.scalar(select(db.func.count()).select_from(Registration)) == 0
    assert [c.body for c in db.session.scalars(select(DraftComment))] == ["Manca la casa."]
    assert [a.proposed_text for a in db.session.scalars(select(Amendment))] == ["2016"]
    assert mail.outbox(), "the office's mails stay, without her name"
