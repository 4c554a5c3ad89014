"""The planning office hears of readers' comments waiting for moderation: one e-mail in Italian to each office
member, with the post, the comment's opening and a link to the queue, never the reader's e-mail address; not
again within the hour while an earlier comment on the same post waits (app/moderation.py)."""
from __future__ import annotations

import re
from datetime import timedelta

from app import mail
from app.extensions import db
from app.models import Role, utcnow
from posts import comments
from posts.models import CommentStatus, PostComment
from tests.blog_helpers import make_post, post_path

READER = {"name": "Maria Rossi", "email": "maria.rossi@example.org", "consent": "y"}


def send_comment(client, post, body="Bella sintesi, grazie."):
    response = client.post(post_path(post, "/commenti"), data={**READER, "body": body})
    assert response.status_code == 302
    return db.session.scalars(db.select(PostComment).order_by(PostComment.id.desc())).first()


def moderation_mails(to=None):
    return [m for m in mail.outbox() if "moderare" in m.subject and (to is None or m.to == to)]


def test_each_office_member_gets_one_e_mail_in_italian(app, client, office, make_user, district, referent):
    colleague = make_user("collega@example.org", Role.PLANNING_OFFICE, district)
    make_user("facilitatrice@example.org", Role.FACILITATOR, district)
    post = make_post(district, comments=True)
    send_comment(client, post, body="Bella sintesi. " + "Il punto sulla casa è importante " * 20)
    sent = moderation_mails()
    assert sorted(m.to for m in sent) == sorted([office.email, colleague.email])
    message = sent[0]
    assert message.subject == f"Nuovo commento da moderare: {post.title}"
    assert message.district == district.slug
    assert "Maria Rossi" in message.body and "«Bella sintesi. Il punto sulla casa" in message.body
    assert "…»" in message.body            # a long comment is cut, not copied whole
    assert re.search(rf"Apri la coda di moderazione: https?://[^/\s]+/gestione/{district.slug}/blog/commenti\n",
                     message.body)
    assert "maria.rossi@example.org" not in message.body and "example.org" not in message.subject


def test_no_flood_within_the_hour_while_an_earlier_comment_waits(app, client, office, district):
    post = make_post(district, comments=True)
    first = send_comment(client, post, body="Primo")
    send_comment(client, post, body="Secondo")
    assert len(moderation_mails()) == 1
    other = make_post(district, "Un altro articolo", comments=True)
    send_comment(client, other, body="Su un altro articolo")
    assert len(moderation_mails()) == 2                  # the rule is per post

    # the first comment is read: the next one is news again
    comments.moderate(first, CommentStatus.APPROVED, office)
    second = db.session.scalar(db.select(PostComment).filter_by(body="Secondo"))
    comments.moderate(second, CommentStatus.REJECTED, office)
    db.session.commit()
    third = send_comment(client, post, body="Terzo")
    assert len(moderation_mails()) == 3 and third.office_notified_at is not None

    # still waiting an hour later: one more reminder, then quiet again
    third.office_notified_at = utcnow() - timedelta(minutes=61)
    db.session.commit()
    send_comment(client, post, body="Quarto")
    send_comment(client, post, body="Quinto")
    assert len(moderation_mails()) == 4


def test_comments_made_by_code_or_twice_send_nothing(app, client, office, district):
    post = make_post(district, comments=True)
    comments.add_comment(post, name="Demo", email="demo@example.org", body="Dal caricamento della demo")
    db.session.commit()
    assert moderation_mails() == []
    send_comment(client, post, body="Doppio clic")
    send_comment(client, post, body="Doppio clic")
    assert len(moderation_mails()) == 1
