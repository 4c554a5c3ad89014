"""The planning office's post editor: generate a synthesis from a focus group, edit it, regenerate one
section without losing hand edits elsewhere, autosave with conflicts kept, images, and who may do it."""
from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from PIL import Image

from app.extensions import db
from app.models import FundingSource, Role
from app.versioned import missing_version_message
from evaluations.models import (CardOrganization, CardResource, CardState, CardThesisRating,
                                ImplementationState, InvolvedKind)
from evaluations.demo import load_demo_campaign
from focus_groups import sessions
from focus_groups.demo import load_demo_focus
from posts import sections, services
from posts.models import Post, PostConflict, PostImage, PostKind, PostStatus
from posts.synthesis import SECTION_KEYS
from tests.browser_forms import check_version_is_required, page_text


def report_on(area, campaign):
    """The area's first three cards approved with figures, the fourth sent saying nobody can report."""
    cards = {c.action_id: c for c in campaign.cards}
    for n, action in enumerate(area.actions[:4]):
        card = cards[action.id]
        if n == 3:
            card.nobody_can_report, card.nobody_reason = True, "Nessuno ha seguito l'azione"
            card.state = CardState.SUBMITTED
            continue
        card.state = CardState.APPROVED
        card.implementation_state = ImplementationState.RUNNING if n else ImplementationState.CONCLUDED
        card.progress_percent = 50 + 20 * n
        card.people_min, card.people_max = 20, 50
        card.resources = [CardResource(source=FundingSource.NATIONAL_REGIONAL, planned=Decimal(10000),
                                       spent=Decimal(6000), attracted=Decimal(3000 * n))]
        card.organizations = [CardOrganization(name="Comune di Crema", kind=InvolvedKind.PUBLIC)]
        card.thesis_ratings = [CardThesisRating(thesis=area.plan.theses[0], rating=n + 1)]
    db.session.flush()


@pytest.fixture
def focus(plan, office):
    campaign = load_demo_campaign(plan, planning_office=office)
    focus = load_demo_focus(plan)
    report_on(focus.area, campaign)
    sessions.add_paper_keywords(focus.sessions[0], "condivisione")   # two wrote it: the chart tells something
    db.session.commit()
    return focus


def base(district) -> str:
    return f"/gestione/{district.slug}/blog"


def generate(client, focus) -> Post:
    response = client.post(f"/gestione/{focus.district.slug}/focus/{focus.id}/sintesi")
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    post = db.session.scalars(db.select(Post).where(Post.focus_group_id == focus.id)
                              .order_by(Post.id.desc())).first()
    assert response.headers["Location"].endswith(f"/blog/articoli/{post.id}/")
    return post


def save(client, post, body, *, version=None, title=None, autosave=False):
    url = f"{base(post.district)}/articoli/{post.id}/" + ("salva" if autosave else "")
    return client.post(url, data={"title": title or post.title, "summary": post.summary or "", "body": body,
                                  "version": post.version if version is None else version, "action": "save"})


def edited_intro(body: str) -> str:
    intro = sections.extract(body, "intro")
    return sections.replace(body, "intro",
                            intro + "\n\nQuesto paragrafo l'ha scritto a mano l'Ufficio di Piano.")


def test_office_generates_the_synthesis_of_a_focus_group(as_office, focus):
    post = generate(as_office, focus)
    assert post.kind == PostKind.SYNTHESIS and post.status == PostStatus.DRAFT
    assert post.area == focus.area and post.plan == focus.plan and post.author.email == "ufficio@example.org"
    assert list(sections.sections(post.body)) == list(SECTION_KEYS)
    assert set(post.generated_sections) == set(SECTION_KEYS)
    assert "corresponsabilità" in sections.extract(post.body, "keywords")
    assert {"keywords", "states"} <= set(post.charts)
    assert focus.area.name in [t.name for t in post.tags]
    page = as_office.get(f"{base(post.district)}/articoli/{post.id}/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "no-store" in page.headers["Cache-Control"]
    assert "<h2>Le parole chiave emerse</h2>" in html
    assert 'data-figure="' in html                      # the charts are drawn in the preview
    assert "section:" not in html and "[[chart:" not in html   # blocks, not markers (test_post_editor_blocks)


def test_the_focus_group_page_links_the_office_to_its_synthesis(client, focus, office, facilitator):
    from tests.conftest import login
    url = f"/gestione/{focus.district.slug}/focus/{focus.id}/"
    focus.facilitators.append(facilitator)
    db.session.commit()
    login(client, office)
    assert f"/blog/sintesi?focus_id={focus.id}" in client.get(url).get_data(as_text=True)
    client.get("/logout")
    login(client, facilitator)
    assert "/blog/sintesi" not in client.get(url).get_data(as_text=True)


def test_an_edited_paragraph_survives_regenerating_the_keywords(as_office, focus):
    post = generate(as_office, focus)
    assert save(as_office, post, edited_intro(post.body)).status_code == 302
    # New keywords arrive after the post was generated.
    session = focus.sessions[0]
    sessions.add_paper_keywords(session, "sussidiarietà\nsussidiarieta")
    db.session.commit()

    url = f"{base(post.district)}/articoli/{post.id}/sezioni/keywords"
    page = as_office.get(url)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "<ins>" in html and "sussidiarietà" in html.split("<ins>", 1)[1]
    assert 'id="edited-warning"' not in html            # the keywords section itself was not edited

    response = as_office.post(url, data={"version": post.version})
    assert response.status_code == 302
    db.session.refresh(post)
    assert "Questo paragrafo l'ha scritto a mano l'Ufficio di Piano." in post.body
    keywords = sections.extract(post.body, "keywords")
    assert "**sussidiarietà** (2)" in keywords
    assert post.generated_sections["keywords"] == keywords
    assert "sussidiarietà" in [row[0] for row in post.charts["keywords"]["table"]["rows"]]


def test_regenerating_a_section_edited_by_hand_warns_first(as_office, focus):
    post = generate(as_office, focus)
    keywords = sections.extract(post.body, "keywords")
    body = sections.replace(post.body, "keywords", keywords + "\n\nNota a mano.")
    save(as_office, post, body)
    db.session.refresh(post)
    html = as_office.get(f"{base(post.district)}/articoli/{post.id}/sezioni/keywords").get_data(as_text=True)
    assert 'id="edited-warning"' in html
    assert "<del>" in html and "Nota a mano." in html.split("<del>", 1)[1]
    editor = as_office.get(f"{base(post.district)}/articoli/{post.id}/").get_data(as_text=True)
    assert editor.count("edited by hand") + editor.count("modificata a mano") == 1


def test_regenerating_refuses_an_old_comparison(as_office, focus):
    post = generate(as_office, focus)
    old = post.version
    save(as_office, post, edited_intro(post.body))
    response = as_office.post(f"{base(post.district)}/articoli/{post.id}/sezioni/budget",
                              data={"version": old})
    assert response.status_code == 302 and response.headers["Location"].endswith("/sezioni/budget")
    db.session.refresh(post)
    assert "l'ha scritto a mano" in post.body


def test_a_section_whose_markers_were_removed_cannot_be_replaced(as_office, focus):
    post = generate(as_office, focus)
    save(as_office, post, post.body.replace("<!-- /section:budget -->", ""))
    db.session.refresh(post)
    page = as_office.get(f"{base(post.district)}/articoli/{post.id}/sezioni/budget")
    assert page.status_code == 200 and "<form method=\"post\">" not in page.get_data(as_text=True)
    assert as_office.post(f"{base(post.district)}/articoli/{post.id}/sezioni/budget",
                          data={"version": post.version}).status_code == 302
    db.session.refresh(post)
    assert "<!-- section:budget -->" in post.body and sections.extract(post.body, "budget") is None


def test_autosave_saves_and_a_stale_version_is_kept_as_a_conflict(as_office, focus):
    post = generate(as_office, focus)
    loaded = post.version
    first = save(as_office, post, "Primo testo", version=loaded, autosave=True)
    assert first.status_code == 200 and first.json["ok"] and first.json["version"] == loaded + 1
    second = save(as_office, post, "Secondo testo", version=loaded, autosave=True)
    assert second.status_code == 409 and second.json["error"] == "conflict"
    assert [d["field"] for d in second.json["differences"]] == ["body"]
    db.session.refresh(post)
    assert post.body == "Primo testo"
    kept = db.session.scalars(db.select(PostConflict)).one()
    assert kept.data["body"] == "Secondo testo" and kept.data["theirs"]["body"] == "Primo testo"

    page = as_office.get(second.json["conflict_url"])
    assert page.status_code == 200 and "Secondo testo" in page.get_data(as_text=True)
    as_office.post(second.json["conflict_url"], data={"action": "restore"})
    db.session.refresh(post)
    assert post.body == "Secondo testo" and kept.resolved_at is not None


def test_a_plain_save_with_a_stale_version_answers_409_with_the_text_typed(as_office, focus):
    post = generate(as_office, focus)
    loaded = post.version
    save(as_office, post, "Testo di Anna", version=loaded)
    response = save(as_office, post, "Testo di Bruno", version=loaded)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Testo di Bruno" in html and 'id="server-conflict"' in html


def test_preview_renders_what_the_public_sees_and_nothing_runs(as_office, focus):
    post = generate(as_office, focus)
    response = as_office.post(f"{base(post.district)}/articoli/{post.id}/anteprima",
                              data={"body": "## Titolo\n\n<script>alert(1)</script>"
                                            "[x](javascript:alert(2))\n\n"
                                            "[[chart:keywords]]\n\n[[chart:nothing]]"})
    html = response.json["html"]
    assert "<h2>Titolo</h2>" in html and "<script" not in html and "javascript:" not in html
    assert html.count("data-figure=") == 1 and "[[chart:nothing]]" not in html


def test_preview_button_works_without_javascript(as_office, focus):
    post = generate(as_office, focus)
    response = as_office.post(f"{base(post.district)}/articoli/{post.id}/",
                              data={"title": post.title, "body": "## Nuovo titolo", "version": post.version,
                                    "action": "preview"})
    assert response.status_code == 200 and "<h2>Nuovo titolo</h2>" in response.get_data(as_text=True)
    db.session.refresh(post)
    assert post.body != "## Nuovo titolo"


def _png() -> io.BytesIO:
    data = io.BytesIO()
    Image.new("RGB", (4, 4), (0, 114, 178)).save(data, "PNG")
    data.seek(0)
    return data


def test_an_image_is_checked_stored_and_inserted(as_office, client, focus):
    post = generate(as_office, focus)
    url = f"{base(post.district)}/articoli/{post.id}/immagini"
    fake = as_office.post(url, data={"image": (io.BytesIO(b"<svg onload=alert(1)>"), "a.png"),
                                     "alt": "Grafico"},
                          content_type="multipart/form-data", headers={"Accept": "application/json"})
    assert fake.status_code == 422 and fake.json["message"]
    no_alt = as_office.post(url, data={"image": (_png(), "a.png"), "alt": ""},
                            content_type="multipart/form-data", headers={"Accept": "application/json"})
    assert no_alt.status_code == 422
    assert db.session.scalar(db.select(db.func.count()).select_from(PostImage)) == 0

    answer = as_office.post(url, data={"image": (_png(), "foto.png"), "alt": "La sala dell'incontro"},
                            content_type="multipart/form-data", headers={"Accept": "application/json"})
    assert answer.status_code == 200
    image = db.session.scalars(db.select(PostImage)).one()
    assert answer.json["markdown"] == f"![La sala dell'incontro](/blog/immagini/{image.id})"
    shown = as_office.get(f"/blog/immagini/{image.id}")
    assert shown.status_code == 200 and shown.mimetype == "image/png"
    # Without JavaScript the image goes at the end of the text.
    as_office.post(url, data={"image": (_png(), "b.png"), "alt": "Seconda"},
                   content_type="multipart/form-data")
    db.session.refresh(post)
    assert post.body.rstrip().endswith("](/blog/immagini/%d)" % (image.id + 1))
    assert '<img alt="Seconda" src="/blog/immagini/%d">' % (image.id + 1) in \
        as_office.get(f"{base(post.district)}/articoli/{post.id}/").get_data(as_text=True)


def test_a_draft_posts_images_are_not_public(as_office, app, focus):
    post = generate(as_office, focus)
    as_office.post(f"{base(post.district)}/articoli/{post.id}/immagini",
                   data={"image": (_png(), "a.png"), "alt": "Foto"}, content_type="multipart/form-data")
    image = db.session.scalars(db.select(PostImage)).one()
    anonymous = app.test_client()
    assert anonymous.get(f"/blog/immagini/{image.id}").status_code == 404
    post.status = PostStatus.PUBLISHED
    db.session.commit()
    assert anonymous.get(f"/blog/immagini/{image.id}").status_code == 200


def test_announcements_and_free_posts(as_office, district):
    response = as_office.post(f"{base(district)}/articoli/nuovo",
                              data={"kind": "announcement", "title": "Incontro aperto del 9 aprile",
                                    "summary": "Iscrivetevi", "meeting_id": 0})
    assert response.status_code == 302
    post = db.session.scalars(db.select(Post)).one()
    assert post.kind == PostKind.ANNOUNCEMENT and post.slug == "incontro-aperto-del-9-aprile"
    empty = as_office.post(f"{base(district)}/articoli/nuovo", data={"kind": "free", "title": "  "})
    assert empty.status_code == 422
    synthesis = as_office.post(f"{base(district)}/articoli/nuovo", data={"kind": "synthesis", "title": "X"})
    assert synthesis.status_code == 422


def test_list_filters_searches_and_paginates(as_office, district):
    from tests.blog_helpers import make_post
    for n in range(23):
        make_post(district, f"Avviso numero {n}", kind=PostKind.ANNOUNCEMENT, status=PostStatus.DRAFT)
    make_post(district, "Sintesi pubblicata", status=PostStatus.PUBLISHED)
    first = as_office.get(f"{base(district)}/articoli/").get_data(as_text=True)
    assert first.count("/blog/articoli/") >= 20 and "page=2" in first
    published = as_office.get(f"{base(district)}/articoli/?status=published").get_data(as_text=True)
    assert "Sintesi pubblicata" in published and "Avviso numero" not in published
    found = as_office.get(f"{base(district)}/articoli/?q=numero 7").get_data(as_text=True)
    assert "Avviso numero 7" in found and "Avviso numero 8" not in found
    nothing = as_office.get(f"{base(district)}/articoli/?q=%25zzz%00").get_data(as_text=True)
    assert "Nessun articolo" in nothing


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.REFERENT])
def test_only_the_planning_office_edits_posts(client, make_user, focus, role):
    from tests.conftest import login
    post = Post(district_id=focus.district_id, title="Bozza", slug="bozza", body="Testo")
    db.session.add(post)
    db.session.commit()
    login(client, make_user("altro@example.org", role, focus.district))
    b = base(focus.district)
    for url in (f"{b}/articoli/", f"{b}/sintesi", f"{b}/articoli/{post.id}/",
                f"{b}/articoli/{post.id}/sezioni/keywords"):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/gestione/{focus.district.slug}/focus/{focus.id}/sintesi").status_code == 403
    assert client.post(f"{b}/articoli/{post.id}/salva", data={"title": "x", "body": "y"}).status_code == 403
    db.session.refresh(post)
    assert post.body == "Testo"


def test_another_districts_post_is_not_found(as_office, make_user, focus):
    from app import structure
    other = structure.create_district("Altro ambito")
    post = Post(district_id=other.id, title="Altrui", slug="altrui", body="Testo")
    db.session.add(post)
    db.session.commit()
    assert as_office.get(f"{base(focus.district)}/articoli/{post.id}/").status_code == 404
    assert as_office.post(f"{base(focus.district)}/articoli/{post.id}/salva",
                          data={"title": "x", "body": "y", "version": 1}).status_code == 404


def test_a_post_is_deleted_after_confirmation(as_office, focus):
    post = generate(as_office, focus)
    post_id, url = post.id, f"{base(post.district)}/articoli/{post.id}/elimina"
    assert as_office.get(url).status_code == 200
    assert as_office.post(url).status_code == 302
    assert db.session.scalar(db.select(db.func.count()).select_from(Post).where(Post.id == post_id)) == 0


def test_the_demo_publishes_the_three_syntheses_on_the_days_the_blog_did(plan, office):
    from datetime import date
    from posts.demo import load_demo_posts
    load_demo_campaign(plan, planning_office=office)
    load_demo_focus(plan)
    first = load_demo_posts(plan)
    db.session.commit()
    again = load_demo_posts(plan)
    assert [p.id for p in again] == [p.id for p in first] and len(first) == len(plan.areas)
    assert [(p.focus_group.title, p.published_at.date()) for p in first] == [
        ("Modello organizzativo", date(2015, 3, 10)), ("Presa in carico integrata", date(2015, 3, 17)),
        ("Lavoro di comunità", date(2015, 3, 21))]
    for post in first:
        assert post.status == PostStatus.PUBLISHED and post.author == office
        assert list(sections.sections(post.body)) == list(SECTION_KEYS)
        for key, text in sections.sections(post.body).items():            # no empty section
            assert text.split("\n", 1)[1:] and text.split("\n", 1)[1].strip(), key
        # nothing the cards contradict: every action started, none concluded, no dates, 1.3 and 1.6 unreported
        for claim in ("nei tempi", "Conclusa", "Schede: 0", "Raggiunto", "100 %"):
            assert claim not in post.body, (post.title, claim)
    unreported = next(p for p in first if p.focus_group.title == "Lavoro di comunità").body
    assert "Per 2 azioni nessuno è stato in grado di rendicontare" in unreported
    assert "**1.3 " in unreported and "**1.6 " in unreported


def test_free_tags_are_saved_and_the_area_tag_stays(as_office, focus):
    post = generate(as_office, focus)
    url = f"{base(post.district)}/articoli/{post.id}/salva"
    data = {"title": post.title, "body": post.body, "version": post.version}
    answer = as_office.post(url, data={**data, "tags": "gruppi di lavoro, 2015, Gruppi di lavoro"}).json
    assert answer["ok"] and answer["version"] == data["version"] + 1
    db.session.refresh(post)
    assert sorted(t.name for t in post.tags) == sorted(["2015", "gruppi di lavoro", focus.area.name,
                                                        focus.plan.title])
    assert as_office.post(url, data={**data, "version": post.version, "tags": ""}).json["ok"]
    db.session.refresh(post)
    assert sorted(t.name for t in post.tags) == sorted([focus.area.name, focus.plan.title])


def test_control_characters_are_dropped_not_stored(as_office, focus):
    post = generate(as_office, focus)
    answer = save(as_office, post, "Testo\x00 con\x07 controllo\n\tfine", autosave=True, title="Titolo\x00")
    assert answer.json["ok"]
    db.session.refresh(post)
    assert post.body == "Testo con controllo\n\tfine" and post.title == "Titolo"


def test_how_we_go_on_lists_the_next_public_meetings(as_office, focus):
    from datetime import timedelta
    from app.models import utcnow
    from meetings.models import Meeting
    soon = utcnow() + timedelta(days=10)
    db.session.add_all([
        Meeting(district_id=focus.district_id, plan_id=focus.plan_id, title="Secondo incontro aperto",
                place="Sala Ricevimenti", starts_at=soon, ends_at=soon + timedelta(hours=2)),
        Meeting(district_id=focus.district_id, title="Riunione riservata", place="Ufficio", is_public=False,
                starts_at=soon, ends_at=soon + timedelta(hours=1)),
        Meeting(district_id=focus.district_id, title="Incontro passato", place="Sala",
                starts_at=soon - timedelta(days=30), ends_at=soon - timedelta(days=30) + timedelta(hours=1))])
    db.session.commit()
    meeting = db.session.scalar(db.select(Meeting).filter_by(title="Secondo incontro aperto"))
    post = generate(as_office, focus)
    text = sections.extract(post.body, "next_steps")
    assert f"[Secondo incontro aperto](/incontri/{meeting.id}), Sala Ricevimenti" in text
    assert "riservata" not in text and "passato" not in text


def test_only_a_synthesis_has_sections_to_regenerate(as_office, district):
    post = Post(district_id=district.id, title="Avviso", slug="avviso", body="Testo", kind=PostKind.ANNOUNCEMENT)
    db.session.add(post)
    db.session.commit()
    url = f"{base(district)}/articoli/{post.id}/sezioni/keywords"
    response = as_office.get(url)
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/articoli/{post.id}/")
    assert as_office.post(url, data={"version": post.version}).status_code == 302
    db.session.refresh(post)
    assert post.body == "Testo"
    assert as_office.get(f"{base(district)}/articoli/{post.id}/sezioni/nothing").status_code == 404
    assert "sections-panel" not in as_office.get(f"{base(district)}/articoli/{post.id}/").get_data(as_text=True)


def test_acceptance_generate_edit_regenerate_publish(as_office, app, focus):
    """Issue 7: generate, edit one paragraph, regenerate the keywords: the edit survives; publish: the post is
    on the blog and in the feed."""
    post = generate(as_office, focus)
    save(as_office, post, edited_intro(post.body))
    db.session.refresh(post)
    as_office.post(f"{base(post.district)}/articoli/{post.id}/sezioni/keywords", data={"version": post.version})
    response = as_office.post(f"{base(post.district)}/articoli/{post.id}/pubblicazione",
                              data={"action": "publish"})
    assert response.status_code == 302
    db.session.refresh(post)
    assert post.status == PostStatus.PUBLISHED and "l'ha scritto a mano" in post.body
    reader = app.test_client()
    page = reader.get(f"/blog/{post.district.slug}/{post.slug}").get_data(as_text=True)
    assert "l&#39;ha scritto a mano" in page or "l'ha scritto a mano" in page
    assert post.slug in reader.get("/blog").get_data(as_text=True)
    assert post.slug in reader.get("/feed.atom").get_data(as_text=True)


def test_the_comparison_shows_the_chart_as_it_will_be(as_office, focus):
    post = generate(as_office, focus)
    sessions.add_paper_keywords(focus.sessions[0], "sussidiarietà")
    db.session.commit()
    html = as_office.get(f"{base(post.district)}/articoli/{post.id}/sezioni/keywords").get_data(as_text=True)
    new_section = html.split('id="fresh-heading"')[1]
    assert "data-figure=" in new_section and "sussidiariet" in new_section.split("data-figure=")[1][:4000]
    db.session.refresh(post)
    assert "sussidiarietà" not in str(post.charts)        # nothing replaced before the confirmation


@pytest.mark.parametrize("autosave", [True, False], ids=["autosave", "full-submit"])
def test_a_save_without_a_valid_version_is_refused(app, as_office, district, office, autosave):
    """Issue 14, defect 6: no version, a blank one or "abc" overwrote a newer save; now 400, nothing saved."""
    post = services.create_post(district, kind=PostKind.ANNOUNCEMENT, title="Incontro di aprile", summary=None,
                                author=office, meeting=None, plan=district.current_plan)
    db.session.commit()
    check_version_is_required(app, as_office, page=f"{base(district)}/articoli/{post.id}/", field="block-0-text",
                              form="#post-form", autosave=autosave,
                              read=lambda: db.session.get(Post, post.id).body)


@pytest.mark.parametrize("version", [None, "", "abc"], ids=["none", "blank", "abc"])
def test_regenerating_without_a_valid_version_is_refused(app, as_office, focus, version):
    """Issue 14, defect 6: the section was replaced whatever the post had become since the comparison."""
    post = generate(as_office, focus)
    save(as_office, post, edited_intro(post.body))
    url = f"{base(post.district)}/articoli/{post.id}/sezioni/budget"
    response = as_office.post(url, data={} if version is None else {"version": version})
    assert response.status_code == 400
    with app.test_request_context("/"):
        assert str(missing_version_message()) in page_text(response)
    db.session.refresh(post)
    assert "l'ha scritto a mano" in post.body


def test_before_publishing_the_editor_lists_what_the_data_could_not_fill(as_office, focus):
    post = generate(as_office, focus)
    page = as_office.get(f"{base(post.district)}/articoli/{post.id}/").get_data(as_text=True)
    checks = page.split('id="checks-title"')[1].split("</section>")[0]
    assert "Nessun incontro successivo" in checks or "Ipotesi interpretative" in checks
    assert "Modello organizzativo" in checks and "Valutazione del Piano di Zona 2012-2014" in checks


def test_the_office_follows_each_section_to_the_records_it_was_written_from(as_office, focus):
    post = generate(as_office, focus)
    page = as_office.get(f"{base(post.district)}/articoli/{post.id}/").get_data(as_text=True)
    records = page.split('id="synthesis-records"')[1].split("</dl>")[0]
    assert f'href="/gestione/{post.district.slug}/focus/{focus.id}/lavagna"' in records
    links = re.findall(r'href="([^"]+)"', records)
    assert any("/schede/" in link for link in links) or any("/azioni/" in link for link in links)
    for link in set(links):                       # every link opens for the office
        assert as_office.get(link).status_code == 200, link
