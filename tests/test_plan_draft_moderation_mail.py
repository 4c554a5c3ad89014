"""The planning office hears of the public's comments and amendments on a plan draft: one e-mail per office
member with the chapter or objective, the opening of the text and the link to the participation page; not again
within the hour while an earlier one on the same chapter (or objective) waits; participants' comments, which are
published at once, send nothing."""
from __future__ import annotations

from datetime import timedelta

import pytest

from app import mail
from app.extensions import db
from app.models import utcnow
from plan_drafts import services, writing
from plan_drafts.models import DraftVisibility
from plan_drafts.writing_models import Amendment, DraftComment
from tests.conftest import login
from tests.draft_helpers import make_draft

PUBLIC_PERSON = {"name": "Maria Bianchi", "email": "maria@example.org", "consent": "y"}


@pytest.fixture
def draft(plan):
    draft = make_draft(plan)
    draft.chapters[0].body = "Primo paragrafo della premessa."
    services.create_objective(draft.axes[0], services.ObjectiveData(title="Costruire un sistema di conoscenza",
                                                                    timing="2015-2016"))
    draft.visibility = DraftVisibility.PUBLIC
    db.session.commit()
    return draft


def comment(client, draft, body, chapter=None):
    chapter = chapter or draft.chapters[0]
    assert client.post(f"/bozze/{draft.id}/capitoli/{chapter.id}",
                       data={"body": body, **PUBLIC_PERSON}).status_code == 302


def office_mails():
    return [m for m in mail.outbox() if m.subject.startswith(("Nuovo commento", "Nuovo emendamento"))]


def test_a_public_comment_reaches_the_office_once_per_chapter_and_hour(draft, client, office, referent):
    comment(client, draft, "Manca la casa tra i bisogni.")
    (message,) = office_mails()
    assert message.to == office.email
    subject = " ".join(message.subject.split())      # a long subject is folded in the header
    assert subject == f"Nuovo commento da moderare: {draft.title} · {draft.chapters[0].title}"
    assert "«Manca la casa tra i bisogni.»" in message.body and "Maria Bianchi" in message.body
    assert f"/gestione/{draft.district.slug}/bozze/{draft.id}/partecipazione" in message.body
    assert "maria@example.org" not in message.body

    comment(client, draft, "E anche il trasporto.")
    assert len(office_mails()) == 1                       # the first one still waits: no flood
    comment(client, draft, "Sul secondo capitolo.", chapter=draft.chapters[1])
    assert len(office_mails()) == 2                       # another chapter is other news

    db.session.execute(db.update(DraftComment).values(office_notified_at=utcnow() - timedelta(hours=2)))
    db.session.commit()
    comment(client, draft, "Ancora nessuna risposta?")
    assert len(office_mails()) == 3                       # an hour on, a reminder


def test_after_moderation_a_new_comment_is_news_again(draft, client, office):
    comment(client, draft, "Primo")
    pending = db.session.scalar(db.select(DraftComment))
    writing.moderate(pending, publish=True, by=office)
    db.session.commit()
    comment(client, draft, "Secondo")
    assert len(office_mails()) == 2


def test_participants_comments_send_nothing(draft, client, referent, office):
    login(client, referent)
    assert client.post(f"/bozze/{draft.id}/capitoli/{draft.chapters[0].id}",
                       data={"body": "Dal referente"}).status_code == 302
    assert office_mails() == []


def test_a_public_amendment_reaches_the_office(draft, client, office):
    objective = draft.objectives[0]
    data = {"field": "timing", "text": "2015", "reason": "Prima è meglio", **PUBLIC_PERSON}
    assert client.post(f"/bozze/{draft.id}/obiettivi/{objective.id}", data=data).status_code == 302
    (message,) = office_mails()
    assert " ".join(message.subject.split()).startswith(f"Nuovo emendamento da decidere: {draft.title} · 1.1.")
    assert "2015" in message.body and "Prima è meglio" in message.body
    assert client.post(f"/bozze/{draft.id}/obiettivi/{objective.id}",
                       data={**data, "text": "2016"}).status_code == 302
    assert len(office_mails()) == 1 and db.session.scalar(db.select(db.func.count(Amendment.id))) == 2
