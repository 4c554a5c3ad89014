"""Publishing a post: draft → scheduled → published → unpublished and back, from the office's panel; only
the planning office may do it; the address is fixed at the first publication."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from app.clock import to_local, to_utc
from app.errors import DomainError
from app.extensions import db
from app.models import utcnow
from posts import publishing
from posts.models import PostStatus
from tests.blog_helpers import make_post, post_path


def change(client, post, action, **data):
    url = f"/gestione/{post.district.slug}/blog/articoli/{post.id}/pubblicazione"
    return client.post(url, data={"action": action, "next": "/gestione/", **data})


def test_publishing_fixes_the_address_from_the_title_at_the_first_publication(app, district):
    post = make_post(district, "Titolo provvisorio", status=PostStatus.DRAFT)
    post.title = "Sintesi del gruppo Presa in carico"
    publishing.publish(post)
    assert post.slug == "sintesi-del-gruppo-presa-in-carico"
    assert post.status == PostStatus.PUBLISHED and post.published_at is not None
    first = post.published_at
    publishing.unpublish(post)
    post.title = "Un titolo tutto diverso"
    publishing.publish(post)
    assert post.slug == "sintesi-del-gruppo-presa-in-carico"   # published once: the address stays
    assert post.published_at == first                          # and so does its date


def test_two_posts_with_one_title_get_two_addresses(app, district):
    make_post(district, "Sintesi")
    second = make_post(district, "Bozza", status=PostStatus.DRAFT)
    second.title = "Sintesi"
    publishing.publish(second)
    assert second.slug == "sintesi-2"


def test_a_schedule_must_be_in_the_future_and_needs_text(app, district):
    post = make_post(district, status=PostStatus.DRAFT)
    with pytest.raises(DomainError):
        publishing.schedule(post, utcnow() - timedelta(minutes=1))
    empty = make_post(district, "Vuoto", body="  ", status=PostStatus.DRAFT)
    with pytest.raises(DomainError):
        publishing.publish(empty)
    publishing.schedule(post, utcnow() + timedelta(days=1))
    assert post.status == PostStatus.SCHEDULED and not publishing.is_visible(post)
    assert publishing.is_visible(post, now=utcnow() + timedelta(days=2))


def test_a_public_post_cannot_be_published_twice_and_a_draft_cannot_be_withdrawn(app, district):
    with pytest.raises(DomainError):
        publishing.publish(make_post(district, "Pubblicato"))
    with pytest.raises(DomainError):
        publishing.unpublish(make_post(district, "Bozza", status=PostStatus.DRAFT))


def test_a_scheduled_post_that_went_out_by_itself_can_be_withdrawn(app, district):
    post = make_post(district, status=PostStatus.SCHEDULED, publish_at=utcnow() - timedelta(hours=1))
    publishing.unpublish(post)
    assert post.status == PostStatus.UNPUBLISHED and post.published_at is not None


def test_times_are_typed_in_italian_time():
    assert to_utc(datetime(2015, 4, 9, 15, 0)) == datetime(2015, 4, 9, 13, 0)     # summer time
    assert to_utc(datetime(2015, 1, 9, 15, 0)) == datetime(2015, 1, 9, 14, 0)
    assert to_local(datetime(2015, 4, 9, 13, 0)) == datetime(2015, 4, 9, 15, 0)


def test_the_office_walks_a_post_through_every_state(as_office, district):
    post = make_post(district, "Annuncio", status=PostStatus.DRAFT)
    tomorrow = to_local(utcnow() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    assert change(as_office, post, "schedule", publish_at=tomorrow).status_code == 302
    assert post.status == PostStatus.SCHEDULED
    assert as_office.get("/blog").get_data(as_text=True).count("Annuncio") == 0
    change(as_office, post, "draft")
    assert post.status == PostStatus.DRAFT and post.publish_at is None
    change(as_office, post, "publish")
    assert post.status == PostStatus.PUBLISHED
    assert "Annuncio" in as_office.get("/blog").get_data(as_text=True)
    change(as_office, post, "unpublish")
    assert post.status == PostStatus.UNPUBLISHED
    assert as_office.get("/feed.atom").get_data(as_text=True).count("Annuncio") == 0
    response = change(as_office, post, "publish")
    assert response.headers["Location"] == "/gestione/"       # back to the page the button was on
    assert post.status == PostStatus.PUBLISHED


def test_a_refused_change_is_explained_and_changes_nothing(as_office, district):
    post = make_post(district, status=PostStatus.DRAFT)
    yesterday = to_local(utcnow() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = change(as_office, post, "schedule", publish_at=yesterday)
    assert response.status_code == 302
    assert post.status == PostStatus.DRAFT
    page = as_office.get("/gestione/", follow_redirects=True).get_data(as_text=True)
    assert "futur" in page      # "Choose a time in the future" (Italian: "futuro")


def test_the_office_opens_and_closes_comments(as_office, district):
    post = make_post(district)
    assert post.comments_enabled is False                      # off by default
    url = f"/gestione/{district.slug}/blog/articoli/{post.id}/commenti"
    as_office.post(url, data={"enabled": "y"})
    assert post.comments_enabled is True
    as_office.post(url, data={})
    assert post.comments_enabled is False


@pytest.mark.parametrize("who", ["as_facilitator", "as_referent"])
def test_only_the_planning_office_publishes(request, who, district):
    client = request.getfixturevalue(who)
    post = make_post(district, status=PostStatus.DRAFT)
    assert change(client, post, "publish").status_code == 403
    url = f"/gestione/{district.slug}/blog/articoli/{post.id}/commenti"
    assert client.post(url, data={"enabled": "y"}).status_code == 403
    db.session.refresh(post)
    assert post.status == PostStatus.DRAFT and not post.comments_enabled


def test_another_districts_office_cannot_touch_the_post(client, district, make_user):
    from app.models import District, Role
    from tests.conftest import login
    other = District(name="Ambito di Prova", slug="prova")
    db.session.add(other)
    db.session.commit()
    login(client, make_user("altro@example.org", Role.PLANNING_OFFICE, other))
    post = make_post(district, status=PostStatus.DRAFT)
    response = client.post(f"/gestione/prova/blog/articoli/{post.id}/pubblicazione",
                           data={"action": "publish"})
    assert response.status_code == 404
    assert client.get(post_path(post)).status_code == 404
