"""The public blog: only published posts (and scheduled ones whose time has come) are public; list, search,
pages, areas, tags, the post page with its Open Graph card, the printable page and the Atom feed."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import pytest

from app.extensions import db
from app.models import utcnow
from posts.models import PostKind, PostStatus
from tests.blog_helpers import make_post, post_path

ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE = ("## Punti di forza\n\nTesto <script>alert('x')</script> e [un link](javascript:alert(1)) "
           "e <a href=\"javascript:alert(2)\" onclick=\"alert(3)\">altro</a> "
           "<img src=x onerror=alert(4)>.\n")


def feed_entries(client, path="/feed.atom"):
    response = client.get(path)
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.data)
    assert root.tag == f"{ATOM}feed"
    return root, root.findall(f"{ATOM}entry")


def test_a_published_post_is_on_the_blog_and_in_the_feed_drafts_and_withdrawn_ones_are_not(client, district):
    published = make_post(district, "Sintesi pubblicata")
    draft = make_post(district, "Bozza segreta", status=PostStatus.DRAFT)
    withdrawn = make_post(district, "Ritirata", status=PostStatus.UNPUBLISHED)
    page = client.get("/blog").get_data(as_text=True)
    assert "Sintesi pubblicata" in page
    assert "Bozza segreta" not in page and "Ritirata" not in page
    _root, entries = feed_entries(client)
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Sintesi pubblicata"]
    assert client.get(post_path(published)).status_code == 200
    for hidden in (draft, withdrawn):
        assert client.get(post_path(hidden)).status_code == 404
        assert client.get(post_path(hidden, "/stampa")).status_code == 404
        assert client.get(post_path(hidden, "/documento.docx")).status_code == 404


def test_a_scheduled_post_goes_public_by_itself_when_its_time_comes(client, district):
    soon = make_post(district, "Annuncio programmato", status=PostStatus.SCHEDULED,
                     kind=PostKind.ANNOUNCEMENT, publish_at=utcnow() + timedelta(hours=1))
    assert client.get(post_path(soon)).status_code == 404
    assert "Annuncio programmato" not in client.get("/blog").get_data(as_text=True)
    soon.publish_at = utcnow() - timedelta(seconds=1)      # the clock passed it; nobody pressed anything
    db.session.commit()
    assert client.get(post_path(soon)).status_code == 200
    assert "Annuncio programmato" in client.get("/blog").get_data(as_text=True)
    _root, entries = feed_entries(client)
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Annuncio programmato"]


def test_the_blog_lists_newest_first_pages_and_searches(client, district):
    for number in range(12):
        make_post(district, f"Post numero {number:02d}", days_ago=30 - number,
                  body=f"Parola{number:02d} comune.")
    first = client.get("/blog").get_data(as_text=True)
    titles = re.findall(r"Post numero (\d\d)", first)
    assert titles == [f"{n:02d}" for n in range(11, 1, -1)]        # ten per page, newest first
    second = client.get("/blog?page=2").get_data(as_text=True)
    assert re.findall(r"Post numero (\d\d)", second) == ["01", "00"]
    found = client.get("/blog?q=parola07").get_data(as_text=True)
    assert re.findall(r"Post numero (\d\d)", found) == ["07"]
    nothing = client.get("/blog?q=100%25").get_data(as_text=True)     # % is a character, not a wildcard
    assert "Post numero" not in nothing and "pdz-post-list" not in nothing


def test_an_empty_blog_says_so(client, district):
    page = client.get("/blog")
    assert page.status_code == 200
    assert "pdz-post-list" not in page.get_data(as_text=True)


def test_area_and_tag_pages_list_their_posts(client, district, plan):
    area, other = plan.areas[0], plan.areas[1]
    mine = make_post(district, "Sintesi dell'area", area=area, tags=["Welfare di comunità"])
    make_post(district, "Sintesi di un'altra area", area=other)
    page = client.get(f"/blog/aree/{area.id}").get_data(as_text=True)
    assert "Sintesi dell&#39;area" in page and "altra area" not in page
    tagged = client.get("/blog/tag/welfare-di-comunita").get_data(as_text=True)
    assert "Sintesi dell&#39;area" in tagged and "altra area" not in tagged
    assert client.get("/blog/tag/nessuno").status_code == 404
    assert f"/blog/aree/{area.id}" in client.get(post_path(mine)).get_data(as_text=True)


def test_the_post_page_has_open_graph_tags_with_absolute_urls(client, district):
    post = make_post(district, "Sintesi del gruppo Lavoro di comunità",
                     summary="Che cosa è emerso nel gruppo.")
    page = client.get(post_path(post)).get_data(as_text=True)
    meta = dict(re.findall(r'<meta property="(og:[a-z_]+)" content="([^"]*)"', page))
    assert meta["og:type"] == "article"
    assert meta["og:title"] == "Sintesi del gruppo Lavoro di comunità"
    assert meta["og:description"] == "Che cosa è emerso nel gruppo."
    assert meta["og:url"] == f"http://pdz.test{post_path(post)}"


def test_the_printable_page_has_the_text_and_a_print_stylesheet(client, district):
    post = make_post(district, "Sintesi stampabile", body="## Punti di forza\n\nLa rete regge.")
    page = client.get(post_path(post, "/stampa")).get_data(as_text=True)
    assert "css/print.css" in page and "data-print" in page
    assert "<h2>Punti di forza</h2>" in page


def test_the_feed_is_atom_with_absolute_links_and_dates(client, district):
    post = make_post(district, "Sintesi nel feed", body="Vedi [il piano](/piani/1).", tags=["Sintesi"])
    root, (entry,) = feed_entries(client)
    assert root.find(f"{ATOM}id").text == "http://pdz.test/feed.atom"
    assert root.find(f"{ATOM}updated").text
    link = entry.find(f"{ATOM}link").get("href")
    assert link == f"http://pdz.test{post_path(post)}"
    assert entry.find(f"{ATOM}published").text.startswith(post.published_at.strftime("%Y-%m-%dT%H:%M"))
    assert entry.find(f"{ATOM}updated").text
    assert 'href="http://pdz.test/piani/1"' in entry.find(f"{ATOM}content").text
    assert entry.find(f"{ATOM}category").get("term") == "Sintesi"


def test_a_hostile_body_is_inert_on_the_page_in_print_and_in_the_feed(client, district):
    post = make_post(district, "Sintesi ostile", body=HOSTILE)
    for html in (client.get(post_path(post)).get_data(as_text=True),
                 client.get(post_path(post, "/stampa")).get_data(as_text=True)):
        body = html.split('class="pdz-post-body">', 1)[1].split("</div>", 1)[0]
        assert "<script" not in body and "javascript:" not in body and "onerror" not in body
        assert "onclick" not in body
    _root, (entry,) = feed_entries(client)
    content = entry.find(f"{ATOM}content").text
    assert "<script" not in content and "javascript:" not in content and "onerror" not in content


@pytest.mark.parametrize("status", [PostStatus.DRAFT, PostStatus.UNPUBLISHED])
def test_the_planning_office_previews_a_post_that_is_not_public(as_office, district, status):
    post = make_post(district, "Anteprima", status=status)
    page = as_office.get(post_path(post))
    assert page.status_code == 200
    assert 'name="robots" content="noindex"' in page.get_data(as_text=True)


def test_other_staff_do_not_see_a_draft(as_facilitator, district):
    post = make_post(district, "Bozza", status=PostStatus.DRAFT)
    assert as_facilitator.get(post_path(post)).status_code == 404


def _meeting(district, **values):
    from meetings.models import Meeting
    start = datetime.now() + timedelta(days=10)
    meeting = Meeting(district_id=district.id, title="Incontro aperto del 9 aprile", place="Sala Ricevimenti",
                      starts_at=start, ends_at=start + timedelta(hours=2), **values)
    db.session.add(meeting)
    db.session.commit()
    return meeting


def test_an_announcement_links_to_the_registration_form_of_its_meeting(client, district):
    meeting = _meeting(district)
    post = make_post(district, "Convocazione", kind=PostKind.ANNOUNCEMENT, meeting_id=meeting.id)
    page = client.get(post_path(post)).get_data(as_text=True)
    assert f'href="/incontri/{meeting.id}/iscrizione"' in page
    assert "Incontro aperto del 9 aprile" in page
    meeting.registration_open = False
    db.session.commit()
    page = client.get(post_path(post)).get_data(as_text=True)
    assert "/iscrizione" not in page and f'href="/incontri/{meeting.id}"' in page


def test_an_invite_only_meeting_is_not_announced_on_the_blog(client, district):
    meeting = _meeting(district, is_public=False)
    post = make_post(district, "Convocazione", kind=PostKind.ANNOUNCEMENT, meeting_id=meeting.id)
    page = client.get(post_path(post)).get_data(as_text=True)
    assert "Incontro aperto del 9 aprile" not in page and f"/incontri/{meeting.id}" not in page


def test_the_feed_carries_charts_as_tables(client, district):
    chart = {"title": "Budget", "figure": {"data": [{"type": "bar"}]},
             "table": {"caption": "Budget per azione", "headers": ["Azione", "Previsto"], "rows": [["1.1", "10"]]}}
    make_post(district, "Con grafico", body="## Budget\n\n[[chart:budget]]\n", charts={"budget": chart})
    _root, (entry,) = feed_entries(client)
    content = entry.find(f"{ATOM}content").text
    assert "<table>" in content and "<td>1.1</td>" in content
    assert "data-figure" not in content and "[[chart" not in content


def test_the_short_address_leads_to_the_post_while_it_is_public(client, district):
    post = make_post(district, "Sintesi breve")
    response = client.get(f"/blog/{post.slug}")
    assert response.status_code == 302 and response.headers["Location"] == post_path(post)
    post.status = PostStatus.UNPUBLISHED
    db.session.commit()
    assert client.get(f"/blog/{post.slug}").status_code == 404
    assert client.get("/blog/nessun-articolo").status_code == 404


def test_a_search_with_control_characters_is_just_a_search(client, district):
    make_post(district, "Sintesi")
    assert client.get("/blog?q=sin%00tesi").status_code == 200


def test_with_several_districts_the_blog_filters_by_district(client, district):
    from app.models import District
    other = District(name="Ambito di Prova", slug="prova")
    db.session.add(other)
    db.session.commit()
    make_post(district, "Sintesi di Crema")
    make_post(other, "Sintesi di Prova")
    everything = client.get("/blog").get_data(as_text=True)
    assert "Sintesi di Crema" in everything and "Sintesi di Prova" in everything
    assert 'name="ambito"' in everything
    only = client.get("/blog?ambito=prova").get_data(as_text=True)
    assert "Sintesi di Prova" in only and "Sintesi di Crema" not in only
    _root, entries = feed_entries(client, "/feed.atom?ambito=prova")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Sintesi di Prova"]
    assert client.get("/blog?ambito=nessuno").status_code == 404
