"""Readers' comments: closed unless the office opens them on a post, held until approved, plain text, the
e-mail address never public, a honeypot for bots, a rate limit, and a place in the GDPR registry."""
from __future__ import annotations

import pytest

from app import privacy
from app.extensions import db
from posts.models import CommentStatus, PostComment, PostStatus
from tests.blog_helpers import make_post, post_path

READER = {"name": "Maria Rossi", "email": "maria.rossi@example.org", "body": "Bella sintesi.\nGrazie!",
          "consent": "y"}


def comment(client, post, **changes):
    return client.post(post_path(post, "/commenti"), data={**READER, **changes})


def queue_url(district, **args):
    query = "&".join(f"{k}={v}" for k, v in args.items())
    return f"/gestione/{district.slug}/blog/commenti" + (f"?{query}" if query else "")


def stored():
    return db.session.scalars(db.select(PostComment).order_by(PostComment.id)).all()


def test_comments_are_off_by_default(client, district):
    post = make_post(district)
    page = client.get(post_path(post)).get_data(as_text=True)
    assert "pdz-comment-form" not in page and 'id="commenti"' not in page
    assert comment(client, post).status_code == 404
    assert stored() == []


def test_a_comment_waits_for_the_office_and_then_appears_without_the_e_mail(as_office, district):
    post = make_post(district, comments=True)
    response = comment(as_office, post)
    assert response.status_code == 302 and response.headers["Location"].endswith("#commenti")
    (saved,) = stored()
    assert saved.status == CommentStatus.PENDING and saved.email == "maria.rossi@example.org"
    assert "Bella sintesi." not in as_office.get(post_path(post)).get_data(as_text=True)

    queue = as_office.get(queue_url(district)).get_data(as_text=True)
    assert "Bella sintesi." in queue and "maria.rossi@example.org" in queue     # the office sees who wrote
    as_office.post(queue_url(district).replace("?", "") + f"/{saved.id}", data={"status": "approved"})
    assert saved.status == CommentStatus.APPROVED and saved.moderated_at is not None

    page = as_office.get(post_path(post)).get_data(as_text=True)
    assert "Bella sintesi." in page and "Maria Rossi" in page
    assert "maria.rossi@example.org" not in page


def test_rejected_comments_stay_hidden_and_the_queue_counts_each_state(as_office, district):
    post = make_post(district, comments=True)
    for number in range(3):
        comment(as_office, post, body=f"Commento {number}")
    first, second, _third = stored()
    base = queue_url(district)
    as_office.post(f"{base}/{first.id}", data={"status": "approved"})
    as_office.post(f"{base}/{second.id}", data={"status": "rejected"})
    page = as_office.get(post_path(post)).get_data(as_text=True)
    assert "Commento 0" in page and "Commento 1" not in page and "Commento 2" not in page
    pending = as_office.get(base).get_data(as_text=True)
    assert "Commento 2" in pending and "Commento 0" not in pending
    rejected = as_office.get(queue_url(district, stato="rejected")).get_data(as_text=True)
    assert "Commento 1" in rejected and "Commento 2" not in rejected
    assert as_office.get(queue_url(district, stato="nonsense")).status_code == 404


def test_the_queue_pages(as_office, district):
    post = make_post(district, comments=True)
    db.session.add_all(PostComment(post=post, author_name=f"Lettore {n:02d}", email=None,
                                   body=f"Testo {n:02d}") for n in range(25))
    db.session.commit()
    first = as_office.get(queue_url(district)).get_data(as_text=True)
    second = as_office.get(queue_url(district, page=2)).get_data(as_text=True)
    assert "Lettore 00" in first and "Lettore 19" in first and "Lettore 20" not in first
    assert "Lettore 20" in second and "Lettore 24" in second


def test_a_hostile_comment_is_shown_as_text(as_office, district):
    post = make_post(district, comments=True)
    comment(as_office, post, name="<b>Evil</b>", body="<script>alert(1)</script> [x](javascript:alert(2)) "
                                                      "scrivetemi a spam@example.org")
    (saved,) = stored()
    saved.status = CommentStatus.APPROVED
    db.session.commit()
    page = as_office.get(post_path(post)).get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>Evil</b>" not in page and 'href="javascript' not in page
    assert "spam@example.org" not in page          # addresses typed in the text are hidden too


def test_a_bot_filling_the_hidden_field_is_thanked_and_ignored(client, district):
    post = make_post(district, comments=True)
    response = comment(client, post, website="http://spam.example")
    assert response.status_code == 302
    assert stored() == []


@pytest.mark.parametrize("missing", ["name", "email", "body", "consent"])
def test_a_comment_needs_name_e_mail_text_and_consent(client, district, missing):
    post = make_post(district, comments=True)
    response = comment(client, post, **{missing: ""})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Bella sintesi." in page or missing == "body"     # what was typed is kept
    assert stored() == []


def test_no_comment_on_a_post_that_is_not_public(as_office, district):
    post = make_post(district, status=PostStatus.DRAFT, comments=True)
    assert comment(as_office, post).status_code == 404
    assert stored() == []


def test_comments_are_rate_limited(make_app):
    app = make_app(RATELIMIT_ENABLED=True, COMMENT_RATE_LIMIT="2 per minute")
    with app.app_context():
        from app.plans import import_plan, sample_data
        district = import_plan(sample_data()).district
        db.session.commit()
        post = make_post(district, comments=True)
        client = app.test_client()
        assert [comment(client, post, body=f"Commento {n}").status_code for n in range(3)] == [302, 302, 429]
        assert len(stored()) == 2


@pytest.mark.parametrize("who", ["as_facilitator", "as_referent"])
def test_only_the_planning_office_moderates(request, who, district):
    client = request.getfixturevalue(who)
    post = make_post(district, comments=True)
    db.session.add(PostComment(post=post, author_name="Lettore", email="l@example.org", body="Testo"))
    db.session.commit()
    (saved,) = stored()
    assert client.get(queue_url(district)).status_code == 403
    assert client.post(f"{queue_url(district)}/{saved.id}", data={"status": "approved"}).status_code == 403
    db.session.refresh(saved)
    assert saved.status == CommentStatus.PENDING


def test_a_person_exports_and_erases_their_comments(client, district):
    post = make_post(district, comments=True)
    comment(client, post)
    comment(client, post, name="Altra", email="altra@example.org", body="Altro commento")
    exported = privacy.export_person("Maria.Rossi@example.org")["post_comments"]
    assert [c["comment"] for c in exported] == ["Bella sintesi.\nGrazie!"]
    assert privacy.erase_person("maria.rossi@example.org")["post_comments"] == 1
    db.session.commit()
    erased, other = stored()
    assert erased.body == "Bella sintesi.\nGrazie!"             # the comment stays, unattributed
    assert erased.author_name == "" and erased.email is None
    assert other.author_name == "Altra"
    assert privacy.export_person("maria.rossi@example.org")["post_comments"] == []


def test_control_characters_are_dropped_from_a_comment(client, district):
    post = make_post(district, comments=True)
    assert comment(client, post, name="Ma\x00ria", body="Riga uno\r\nriga\x00 due\x07").status_code == 302
    (saved,) = stored()
    assert saved.author_name == "Maria" and saved.body == "Riga uno\nriga due"


def test_the_demo_synthesis_has_an_approved_comment_and_one_waiting(client, plan, office):
    from evaluations.demo import load_demo_campaign
    from focus_groups.demo import load_demo_focus
    from posts.demo import load_demo_posts
    load_demo_campaign(plan, planning_office=office)
    load_demo_focus(plan)
    published = load_demo_posts(plan)[0]
    db.session.commit()
    load_demo_posts(plan)
    db.session.commit()
    assert published.comments_enabled
    assert sorted(c.status.value for c in stored()) == ["approved", "pending"]
    page = client.get(post_path(published)).get_data(as_text=True)
    assert "Lettrice 1" in page and "Lettore 2" not in page


def test_a_comment_sent_twice_is_kept_once(client, district):
    post = make_post(district, comments=True)
    assert comment(client, post).status_code == 302
    assert comment(client, post).status_code == 302
    assert len(stored()) == 1
    comment(client, post, body="Un secondo pensiero.")
    assert len(stored()) == 2
