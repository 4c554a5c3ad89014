"""A district's public home page shows "From the blog": its three newest public posts (title as the link's text,
date, excerpt) under a level-2 heading, a link to all of them, and nothing at all when there are none."""
from __future__ import annotations

from datetime import timedelta

from bs4 import BeautifulSoup

from app.extensions import db
from app.models import District, utcnow
from posts.models import PostStatus
from tests.blog_helpers import make_post


def home(client, district):
    response = client.get(f"/ambiti/{district.slug}/")
    assert response.status_code == 200
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def box(page):
    heading = page.find(id="latest-posts")
    return heading.find_parent("section") if heading else None


def test_no_box_without_public_posts(client, district):
    make_post(district, "Bozza non pubblicata", status=PostStatus.DRAFT)
    make_post(district, "Programmato", status=PostStatus.SCHEDULED, publish_at=utcnow() + timedelta(days=2))
    page = home(client, district)
    assert box(page) is None and "Dal blog" not in page.get_text()


def test_the_three_newest_public_posts_with_date_excerpt_and_link(client, district):
    for days, title in enumerate(["Quarta", "Terza", "Seconda", "Prima"]):
        make_post(district, f"Sintesi {title}", days_ago=days + 1, summary=f"In breve: la {title.lower()}.")
    make_post(district, "Ancora in bozza", status=PostStatus.DRAFT)
    other = District(name="Altro ambito", slug="altro-ambito")
    db.session.add(other)
    db.session.commit()
    make_post(other, "Di un altro ambito", days_ago=0)

    section = box(home(client, district))
    heading = section.find(id="latest-posts")
    assert heading.name == "h2" and heading.get_text(strip=True) == "Dal blog"
    articles = section.find_all("article")
    assert [a.find("h3").get_text(strip=True) for a in articles] == ["Sintesi Quarta", "Sintesi Terza",
                                                                     "Sintesi Seconda"]
    first = articles[0]
    link = first.find("h3").find("a")
    assert link.get_text(strip=True) == "Sintesi Quarta"          # the link says where it goes
    assert link["href"] == f"/blog/{district.slug}/sintesi-quarta"
    assert first.find("time")["datetime"].endswith("Z") and first.find("time").get_text(strip=True)
    assert "In breve: la quarta." in first.get_text()
    more = section.find_all("a")[-1]
    assert more["href"] == f"/blog?ambito={district.slug}" and district.name in more.get_text()


def test_the_only_district_home_at_the_root_has_the_box(client, district):
    make_post(district, "Sintesi del gruppo casa")
    page = BeautifulSoup(client.get("/").get_data(as_text=True), "html.parser")
    assert "Sintesi del gruppo casa" in box(page).get_text()
