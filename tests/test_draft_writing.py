"""Participatory writing of a plan draft: who may read and comment, comments on paragraphs and their
moderation, amendments and the office's decisions (a new version, an e-mail to the author), GDPR."""
from __future__ import annotations

import re

import pytest

from app import mail, privacy
from app.errors import DomainError
from app.extensions import db
from app.models import Role
from plan_drafts import services, writing
from plan_drafts.models import DraftStatus, DraftVisibility
from plan_drafts.writing_models import Amendment, AmendmentStatus, CommentStatus, DraftComment, TextVersion
from tests.conftest import login
from tests.draft_helpers import make_draft

PUBLIC_PERSON = {"name": "Maria Bianchi", "email": "maria@example.org", "consent": "y"}


@pytest.fixture
def draft(plan):
    draft = make_draft(plan)
    draft.chapters[0].body = "Primo paragrafo della premessa.\n\nSecondo paragrafo, sulla rete dei servizi."
    objective = services.create_objective(draft.axes[0], services.ObjectiveData(
        title="Costruire un sistema di conoscenza condiviso", timing="2015-2016"))
    draft.visibility = DraftVisibility.PARTICIPANTS
    db.session.commit()
    assert objective.number == "1.1"
    return draft


@pytest.fixture
def public_draft(draft):
    draft.visibility = DraftVisibility.PUBLIC
    db.session.commit()
    return draft


def chapter_url(draft, chapter=None, **query):
    chapter = chapter or draft.chapters[0]
    extra = "".join(f"&{k}={v}" for k, v in query.items())
    return f"/bozze/{draft.id}/capitoli/{chapter.id}?x=1{extra}"


def objective_url(draft):
    return f"/bozze/{draft.id}/obiettivi/{draft.objectives[0].id}"


def decide_url(draft, amendment):
    return f"/gestione/{draft.district.slug}/bozze/{draft.id}/emendamenti/{amendment.id}"


# ---- reading --------------------------------------------------------------------------------------------

def test_participants_read_the_draft_the_public_does_not(draft, client, referent):
    assert client.get(f"/bozze/{draft.id}/").status_code == 302          # to the login page
    login(client, referent)
    page = client.get(f"/bozze/{draft.id}/")
    assert page.status_code == 200
    assert "Secondo paragrafo, sulla rete dei servizi." in page.get_data(as_text=True)
    assert "Costruire un sistema di conoscenza condiviso" in page.get_data(as_text=True)


def test_a_draft_kept_by_the_office_is_not_found_by_others(draft, client, referent, office):
    draft.visibility = DraftVisibility.OFFICE
    db.session.commit()
    login(client, referent)
    assert client.get(f"/bozze/{draft.id}/").status_code == 404
    login(client, office)
    assert client.get(f"/bozze/{draft.id}/").status_code == 200


def test_a_public_draft_is_read_without_an_account(public_draft, client):
    assert client.get(f"/bozze/{public_draft.id}/").status_code == 200
    assert client.get(objective_url(public_draft)).status_code == 200


def test_a_chapter_of_another_draft_is_not_found(draft, plan, as_referent):
    other = make_draft(plan, title="Un'altra bozza")
    assert as_referent.get(chapter_url(draft, other.chapters[0])).status_code == 404


# ---- comments ----------------------------------------------------------------------------------------------

def test_a_chapter_on_its_own_page_shows_its_sections_right_below_its_title(draft, as_referent):
    # Chapters are written with the whole document's levels (### for a section); on the chapter's own page
    # the chapter is the h1, so its sections are h2 — no level skipped (WCAG 1.3.1).
    draft.chapters[0].body = "### Incontri\n\nTesto.\n\n#### Focus group\n\nAltro testo."
    db.session.commit()
    page = as_referent.get(chapter_url(draft)).get_data(as_text=True)
    assert "<h2>Incontri</h2>" in page and "<h3>Focus group</h3>" in page
    levels = [int(level) for level in re.findall(r"<h([1-6])\b", page)]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:]))
    whole = as_referent.get(f"/bozze/{draft.id}/").get_data(as_text=True)
    assert "<h3>Incontri</h3>" in whole          # inside the whole draft the chapter is an h2


def test_a_participant_comments_on_a_paragraph_and_it_shows_at_once(draft, as_referent):
    response = as_referent.post(chapter_url(draft, paragrafo=1), data={"body": "Serve più rete", "paragraph": "1"})
    assert response.status_code == 302
    comment = db.session.scalar(db.select(DraftComment))
    assert (comment.paragraph, comment.status, comment.from_public) == (1, CommentStatus.PUBLISHED, False)
    assert comment.excerpt == "Secondo paragrafo, sulla rete dei servizi."
    page = as_referent.get(chapter_url(draft, paragrafo=1)).get_data(as_text=True)
    assert "Serve più rete" in page
    assert "1 comment" in as_referent.get(f"/bozze/{draft.id}/").get_data(as_text=True)


def test_a_comment_on_a_paragraph_that_no_longer_exists_is_refused(draft, as_referent):
    response = as_referent.post(chapter_url(draft), data={"body": "Ciao", "paragraph": "9"})
    assert response.status_code == 422
    assert db.session.scalar(db.select(db.func.count()).select_from(DraftComment)) == 0


def test_a_comment_sent_twice_is_kept_once(public_draft, client):
    for _ in range(2):
        assert client.post(chapter_url(public_draft), data={"body": "Doppio clic", **PUBLIC_PERSON}).status_code == 302
    assert db.session.scalar(db.select(db.func.count()).select_from(DraftComment)) == 1


def test_an_amendment_sent_twice_is_kept_once(draft, referent):
    first = writing.propose_amendment(draft.objectives[0], field="timing", text="2015", reason="Presto", user=referent)
    again = writing.propose_amendment(draft.objectives[0], field="timing", text="2015", reason="Presto", user=referent)
    assert first is again


def test_an_empty_comment_is_refused_with_what_was_typed_kept(draft, as_referent):
    response = as_referent.post(chapter_url(draft), data={"body": "   "})
    assert response.status_code == 422
    assert db.session.scalar(db.select(db.func.count()).select_from(DraftComment)) == 0


def test_a_comment_shown_as_text_never_as_markup(draft, as_referent):
    as_referent.post(chapter_url(draft), data={"body": "<script>alert(1)</script> **bold**"})
    page = as_referent.get(chapter_url(draft)).get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page


def test_a_reply_to_a_reply_joins_the_thread(draft, referent, office):
    chapter = draft.chapters[0]
    first = writing.add_comment(chapter, body="Primo", user=referent, paragraph=0)
    reply = writing.add_comment(chapter, body="Risposta", user=office, parent=first)
    again = writing.add_comment(chapter, body="Ancora", user=referent, parent=reply)
    db.session.commit()
    assert reply.parent is first and again.parent is first and again.paragraph == 0


def test_the_public_comments_are_held_for_moderation(public_draft, client, office):
    response = client.post(chapter_url(public_draft), data={"body": "Da cittadina", **PUBLIC_PERSON})
    assert response.status_code == 302
    comment = db.session.scalar(db.select(DraftComment))
    assert comment.status == CommentStatus.PENDING and comment.author_email == "maria@example.org"
    assert "Da cittadina" not in client.get(chapter_url(public_draft)).get_data(as_text=True)

    login(client, office)
    queue = client.get(f"/gestione/{public_draft.district.slug}/bozze/{public_draft.id}/partecipazione")
    assert "Da cittadina" in queue.get_data(as_text=True)
    client.post(f"/gestione/{public_draft.district.slug}/bozze/{public_draft.id}/commenti/{comment.id}/moderazione",
                data={"action": "publish"})
    assert db.session.get(DraftComment, comment.id).status == CommentStatus.PUBLISHED
    client.post("/logout")
    assert "Da cittadina" in client.get(chapter_url(public_draft)).get_data(as_text=True)


def test_the_public_must_give_name_email_and_consent(public_draft, client):
    response = client.post(chapter_url(public_draft), data={"body": "Senza nome", "email": "x@example.org"})
    assert response.status_code == 422
    response = client.post(chapter_url(public_draft), data={"body": "Senza consenso", "name": "A",
                                                            "email": "x@example.org"})
    assert response.status_code == 422
    assert db.session.scalar(db.select(db.func.count()).select_from(DraftComment)) == 0


def test_a_bot_filling_the_hidden_field_stores_nothing(public_draft, client):
    response = client.post(chapter_url(public_draft), data={"body": "Spam", "website": "http://spam", **PUBLIC_PERSON})
    assert response.status_code == 302
    assert db.session.scalar(db.select(db.func.count()).select_from(DraftComment)) == 0


def test_public_comments_are_rate_limited(make_app):
    app = make_app(RATELIMIT_ENABLED=True, DRAFT_CONTRIBUTION_RATE_LIMIT="2 per minute")
    with app.app_context():
        from app.plans import import_plan, sample_data
        draft = make_draft(import_plan(sample_data()))
        draft.visibility = DraftVisibility.PUBLIC
        db.session.commit()
        client = app.test_client()
        codes = [client.post(chapter_url(draft), data={"body": f"n. {n}", **PUBLIC_PERSON}).status_code
                 for n in range(3)]
        assert codes == [302, 302, 429]


def test_a_participant_of_another_district_comments_as_the_public(public_draft, client, make_user):
    from app.models import District
    other = District(name="Altro ambito", slug="altro")
    db.session.add(other)
    db.session.commit()
    stranger = make_user("altro@example.org", Role.PLANNING_OFFICE, other)
    login(client, stranger)
    assert client.post(chapter_url(public_draft), data={"body": "Da fuori"}).status_code == 422
    client.post(chapter_url(public_draft), data={"body": "Da fuori", **PUBLIC_PERSON})
    assert db.session.scalar(db.select(DraftComment)).status == CommentStatus.PENDING


def test_comments_close_when_the_draft_is_approved(draft, as_referent):
    draft.status = DraftStatus.APPROVED
    db.session.commit()
    assert as_referent.post(chapter_url(draft), data={"body": "Tardi"}).status_code == 403
    assert as_referent.post(objective_url(draft), data={"field": "title", "text": "x", "reason": "y"}).status_code == 403


# ---- who moderates and decides ----------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["referent", "facilitator"])
def test_only_the_planning_office_moderates_and_decides(draft, client, request, who):
    user = request.getfixturevalue(who)
    chapter = draft.chapters[0]
    comment = writing.add_comment(chapter, body="Uno", user=user)
    amendment = writing.propose_amendment(draft.objectives[0], field="title", text="Nuovo", reason="Perché",
                                          user=user)
    db.session.commit()
    login(client, user)
    base = f"/gestione/{draft.district.slug}/bozze/{draft.id}"
    assert client.get(f"{base}/partecipazione").status_code == 403
    assert client.post(f"{base}/commenti/{comment.id}/moderazione", data={"action": "hide"}).status_code == 403
    assert client.post(decide_url(draft, amendment), data={"decision": "accept"}).status_code == 403
    assert client.get(f"{base}/esporta/docx").status_code == 403
    assert db.session.get(Amendment, amendment.id).status == AmendmentStatus.PENDING


def test_the_office_of_another_district_cannot_decide(draft, client, referent, make_user):
    from app.models import District
    other = District(name="Altro ambito", slug="altro")
    db.session.add(other)
    db.session.commit()
    amendment = writing.propose_amendment(draft.objectives[0], field="title", text="Nuovo", reason="Perché",
                                          user=referent)
    db.session.commit()
    login(client, make_user("altro@example.org", Role.PLANNING_OFFICE, other))
    assert client.post(decide_url(draft, amendment), data={"decision": "accept"}).status_code == 403
    assert client.post(f"/gestione/altro/bozze/{draft.id}/emendamenti/{amendment.id}",
                       data={"decision": "accept"}).status_code == 404


def test_the_office_hides_a_published_comment(draft, referent, as_office):
    comment = writing.add_comment(draft.chapters[0], body="Offensivo", user=referent)
    db.session.commit()
    as_office.post(f"/gestione/{draft.district.slug}/bozze/{draft.id}/commenti/{comment.id}/moderazione",
                   data={"action": "hide", "next": "chapter"})
    assert db.session.get(DraftComment, comment.id).status == CommentStatus.HIDDEN
    assert "Offensivo" not in as_office.get(chapter_url(draft)).get_data(as_text=True)


# ---- amendments ------------------------------------------------------------------------------------------

def test_a_comment_amendment_accepted_by_the_office_creates_a_version_and_the_diff_shows_it(draft, client,
                                                                                        referent, office):
    objective = draft.objectives[0]
    login(client, referent)
    response = client.post(objective_url(draft), data={
        "field": "title", "text": "Costruire un sistema di conoscenza condiviso tra Comuni e terzo settore",
        "reason": "Il terzo settore conosce i bisogni"})
    assert response.status_code == 302
    amendment = db.session.scalar(db.select(Amendment))
    versions_before = db.session.scalar(db.select(db.func.count()).select_from(TextVersion)
                                        .where(TextVersion.objective_id == objective.id))

    login(client, office)
    assert client.post(decide_url(draft, amendment), data={"decision": "accept"}).status_code == 302
    amendment = db.session.get(Amendment, amendment.id)
    assert amendment.status == AmendmentStatus.ACCEPTED
    assert db.session.get(type(objective), objective.id).title.endswith("tra Comuni e terzo settore")
    version = amendment.version
    assert version.number == versions_before + 1 and referent.name in version.note

    history = client.get(f"/bozze/{draft.id}/obiettivi/{objective.id}/versioni").get_data(as_text=True)
    assert "tra Comuni e terzo settore</ins>" in history
    assert "pdz-diff" in history

    message = mail.outbox()[0]
    assert message.to == referent.email and str(AmendmentStatus.ACCEPTED.label) in message.subject
    assert "tra Comuni e terzo settore" in message.body


def test_a_rejection_needs_a_reason_which_the_author_reads(public_draft, client, office):
    client.post(objective_url(public_draft), data={"field": "timing", "text": "2015", "reason": "Prima è meglio",
                                                   **PUBLIC_PERSON})
    amendment = db.session.scalar(db.select(Amendment))
    assert amendment.from_public and amendment.base_text == "2015-2016"
    login(client, office)
    assert client.post(decide_url(public_draft, amendment), data={"decision": "reject"}).status_code == 422
    client.post(decide_url(public_draft, amendment), data={"decision": "reject", "note": "Non c'è bilancio"})
    assert db.session.get(Amendment, amendment.id).status == AmendmentStatus.REJECTED
    assert db.session.get(type(public_draft.objectives[0]), public_draft.objectives[0].id).timing == "2015-2016"
    message = mail.outbox()[0]
    assert message.to == "maria@example.org" and "Non c'è bilancio" in message.body


def test_the_office_merges_by_editing_the_proposal(draft, referent, office, as_office):
    amendment = writing.propose_amendment(draft.objectives[0], field="timing", text="2015", reason="Presto",
                                          user=referent)
    db.session.commit()
    as_office.post(decide_url(draft, amendment), data={"decision": "merge", "text": "2015-2017, prima fase 2015"})
    amendment = db.session.get(Amendment, amendment.id)
    assert amendment.status == AmendmentStatus.MERGED and amendment.final_text == "2015-2017, prima fase 2015"
    assert amendment.objective.timing == "2015-2017, prima fase 2015"


def test_an_amendment_is_decided_once(draft, referent, office):
    amendment = writing.propose_amendment(draft.objectives[0], field="title", text="Nuovo", reason="Perché",
                                          user=referent)
    writing.accept_amendment(amendment, by=office)
    with pytest.raises(DomainError):
        writing.reject_amendment(amendment, by=office, reason="No")


def test_a_proposal_equal_to_the_current_text_is_refused(draft, referent):
    with pytest.raises(DomainError):
        writing.propose_amendment(draft.objectives[0], field="timing", text="2015-2016", reason="x", user=referent)


def test_pending_public_amendments_are_shown_only_to_the_office(public_draft, client, office):
    client.post(objective_url(public_draft), data={"field": "title", "text": "Proposta cittadina",
                                                   "reason": "Così", **PUBLIC_PERSON})
    assert "Proposta cittadina" not in client.get(objective_url(public_draft)).get_data(as_text=True)
    login(client, office)
    assert "Proposta cittadina" in client.get(objective_url(public_draft)).get_data(as_text=True)


def test_the_decision_page_warns_when_the_objective_changed_meanwhile(draft, referent, as_office):
    objective = draft.objectives[0]
    amendment = writing.propose_amendment(objective, field="timing", text="2015", reason="Presto", user=referent)
    objective.timing = "2016"
    db.session.commit()
    page = as_office.get(decide_url(draft, amendment)).get_data(as_text=True)
    assert "è cambiato da quando" in page
    assert "2015-</del>" in page


# ---- personal data ----------------------------------------------------------------------------------------

def test_erasure_keeps_the_text_without_its_author(public_draft, client, referent):
    client.post(chapter_url(public_draft), data={"body": "Il mio commento", **PUBLIC_PERSON})
    writing.propose_amendment(public_draft.objectives[0], field="title", text="Altro", reason="Mio", user=referent)
    db.session.commit()
    exported = privacy.export_person("MARIA@example.org")
    assert exported["draft_comments"][0]["text"] == "Il mio commento"
    assert privacy.export_person(referent.email)["draft_amendments"][0]["proposed"] == "Altro"

    assert privacy.erase_person("maria@example.org")["draft_comments"] == 1
    assert privacy.erase_person(referent.email)["draft_amendments"] == 1
    db.session.commit()
    comment, amendment = db.session.scalar(db.select(DraftComment)), db.session.scalar(db.select(Amendment))
    assert (comment.body, comment.author_name, comment.author_email) == ("Il mio commento", "", None)
    assert (amendment.author_id, amendment.author_name, amendment.proposed_text) == (None, "", "Altro")


def test_the_demo_draft_is_open_with_comments_amendments_and_a_frozen_version(app):
    from app.demo import load_demo
    from meetings.demo import open_meeting_title
    from plan_drafts.writing_models import DraftSnapshot
    accounts = [("ufficio@demo.pdz", "Ufficio", "planning_office"), ("facilitatore@demo.pdz", "F", "facilitator"),
                ("referente@demo.pdz", "R", "referent")]
    load_demo(accounts, "demo-password-123")
    load_demo(accounts, "demo-password-123")          # idempotent: nothing twice
    statuses = sorted(a.status.value for a in db.session.scalars(db.select(Amendment)))
    assert statuses == ["accepted", "pending"]
    accepted = db.session.scalar(db.select(Amendment).filter_by(status=AmendmentStatus.ACCEPTED))
    assert accepted.version is not None and accepted.objective.title.endswith("il terzo settore e le famiglie")
    frozen = db.session.scalar(db.select(DraftSnapshot))
    assert frozen.meeting.title == open_meeting_title() and frozen.draft_id == 1
    comments = db.session.scalars(db.select(DraftComment)).all()
    assert len(comments) == 5 and [c.status for c in comments].count(CommentStatus.PENDING) == 1
    assert frozen.draft.visibility == DraftVisibility.PUBLIC


def test_the_audit_log_names_comments_and_amendments_by_their_own_words(draft, referent):
    from app.models import AuditLog
    comment = writing.add_comment(draft.chapters[0], user=referent, body="Serve più attenzione ai comuni piccoli "
                                  "della zona nord, che da soli non riescono a seguire i bandi e le scadenze")
    db.session.commit()
    summaries = db.session.scalars(db.select(AuditLog.summary).where(AuditLog.entity == "DraftComment")).all()
    assert summaries == [f"create DraftComment {comment}"]
    assert str(comment).startswith("Serve più attenzione") and str(comment).endswith("…") and len(str(comment)) <= 81
