"""The post editor shows a post as blocks, not as markup: sections with their title and text, charts with their
preview that can be moved and removed; the markers and chart lines stay in the stored Markdown, exactly, so a
section can still be regenerated. The preview is sanitised and only for the planning office."""
from __future__ import annotations

from bs4 import BeautifulSoup
from werkzeug.datastructures import MultiDict

from app.extensions import db
from posts import blocks, sections
from posts.models import Post, PostKind
from tests.browser_forms import browser_form, with_value

CHARTS = {key: {"title": title, "figure": {"data": [{"type": "bar", "x": ["a"], "y": [1]}], "layout": {}},
                "table": {"caption": title, "headers": ["Voce", "Numero"], "rows": [["a", "1"]]}}
          for key, title in (("keywords", "Parole più citate"), ("budget", "Risorse previste e usate"))}
BODY = sections.join([
    sections.wrap("intro", "## Perché siamo qui\n\nIl gruppo si è riunito a marzo."),
    sections.wrap("keywords", "## Le parole chiave emerse\n\n- **condivisione** (2)\n\n[[chart:keywords]]\n\n"
                              "Le altre parole, una volta ciascuna."),
    sections.wrap("budget", "## Budget\n\nRisorse usate: 60 %.\n\n[[chart:budget]]"),
])


def synthesis(district, body=BODY) -> Post:
    post = Post(district_id=district.id, title="Sintesi del gruppo", slug="sintesi", body=body,
                kind=PostKind.SYNTHESIS, charts=CHARTS)
    db.session.add(post)
    db.session.commit()
    return post


def url(post, suffix="") -> str:
    return f"/gestione/{post.district.slug}/blog/articoli/{post.id}/{suffix}"


def editor_form(client, post) -> tuple[BeautifulSoup, list[tuple[str, str]]]:
    html = client.get(url(post)).get_data(as_text=True)
    return BeautifulSoup(html, "html.parser"), browser_form(html, "#post-form")[1]


def number_of(soup, kind, key="") -> str:
    for block in soup.select("#body [data-block]"):
        found = block.select_one(f"input[name$='-kind'][value={kind}]")
        key_input = block.select_one("input[name$='-key']")
        if found and (not key or (key_input and key_input["value"] == key)):
            return block["data-block"]
    raise AssertionError((kind, key))


def test_a_body_comes_back_exactly_from_its_blocks():
    assert blocks.assemble(blocks.split(BODY)) == BODY
    assert blocks.assemble(blocks.split("Solo testo, senza sezioni.")) == "Solo testo, senza sezioni."
    assert blocks.assemble(blocks.split("")) == ""
    kinds = [(b.kind, b.key) for b in blocks.split(BODY)]
    assert kinds == [("section", "intro"), ("end", "intro"), ("section", "keywords"), ("chart", "keywords"),
                     ("text", ""), ("end", "keywords"), ("section", "budget"), ("chart", "budget"),
                     ("end", "budget"), ("text", "")]          # an empty text at the end, to write more
    assert blocks.split(BODY)[2].title == "Le parole chiave emerse"


def test_a_generated_synthesis_comes_back_exactly_from_its_blocks(plan, office):
    from evaluations.demo import load_demo_campaign
    from focus_groups.demo import load_demo_focus
    from posts import services
    load_demo_campaign(plan, planning_office=office)
    post = services.create_synthesis(load_demo_focus(plan), author=office)
    assert blocks.assemble(blocks.split(post.body)) == post.body


def test_the_editor_shows_sections_and_charts_not_markers_or_codes(as_office, district):
    post = synthesis(district)
    html = as_office.get(url(post)).get_data(as_text=True)
    assert "<!-- section" not in html and "<!-- /section" not in html and "[[chart:" not in html
    soup = BeautifulSoup(html, "html.parser")
    titles = [i["value"] for i in soup.select("#body input[name$='-title']")]
    assert titles == ["Perché siamo qui", "Le parole chiave emerse", "Budget"]
    texts = [t.get_text() for t in soup.select("#body textarea")]
    assert texts[0].strip() == "Il gruppo si è riunito a marzo." and not any("##" in t for t in texts)
    charts = soup.select("#body .pdz-block-chart")
    assert [c.select_one("figcaption").get_text() for c in charts] == ["Parole più citate",
                                                                     "Risorse previste e usate"]
    assert all(c.select_one("[data-figure]") for c in charts)
    assert all(len(c.select("button[name=action]")) == 3 for c in charts)
    ids = [element["id"] for element in soup.select("[id]")]
    assert len(ids) == len(set(ids))                # each chart twice (block and preview), no id twice
    for textarea in soup.select("#body textarea"):  # every text has its label
        assert soup.select_one(f"label[for={textarea['id']}]")


def test_saving_the_blocks_keeps_the_markdown_and_its_markers(as_office, district):
    post = synthesis(district)
    soup, fields = editor_form(as_office, post)
    response = as_office.post(url(post), data=MultiDict(fields))
    assert response.status_code == 302
    db.session.refresh(post)
    assert post.body == BODY and post.version == 1               # nothing changed, nothing saved

    n = number_of(soup, "section", "budget")
    fields = with_value(with_value(fields, f"block-{n}-text", "Risorse usate: **70 %**."),
                        f"block-{n}-title", "Il bilancio")
    assert as_office.post(url(post, "salva"), data=fields).json["ok"]
    db.session.refresh(post)
    assert post.body == BODY.replace("Risorse usate: 60 %.", "Risorse usate: **70 %**.").replace(
        "## Budget", "## Il bilancio")
    assert sections.extract(post.body, "budget").startswith("## Il bilancio")
    assert sections.extract(post.body, "intro") == sections.extract(BODY, "intro")


def test_a_chart_block_is_removed_by_leaving_it_out_of_the_order(as_office, district):
    post = synthesis(district)
    soup, fields = editor_form(as_office, post)
    chart = number_of(soup, "chart", "keywords")
    order = ",".join(n for n in dict(fields)["blocks"].split(",") if n != chart)
    assert as_office.post(url(post, "salva"), data=with_value(fields, "blocks", order)).json["ok"]
    db.session.refresh(post)
    assert "[[chart:keywords]]" not in post.body and "[[chart:budget]]" in post.body
    assert post.body == BODY.replace("[[chart:keywords]]\n\n", "")


def test_without_javascript_a_chart_moves_and_is_removed_by_its_buttons_then_saved(as_office, district):
    post = synthesis(district)
    soup, fields = editor_form(as_office, post)
    budget = number_of(soup, "chart", "budget")
    moved = as_office.post(url(post), data=MultiDict([*fields, ("action", f"up:{budget}")]))
    assert moved.status_code == 200                             # shown, not saved yet
    db.session.refresh(post)
    assert post.body == BODY
    # up: past the block above it, the section "Budget" (its title and text): now just before the section
    soup, fields = BeautifulSoup(moved.get_data(as_text=True), "html.parser"), \
        browser_form(moved.get_data(as_text=True), "#post-form")[1]
    kinds = [b.select_one("input[name$='-kind']")["value"] for b in soup.select("#body [data-block]")]
    assert kinds[5:9] == ["end", "chart", "section", "end"]
    assert as_office.post(url(post), data=MultiDict(fields)).status_code == 302
    db.session.refresh(post)
    assert sections.extract(post.body, "budget") == "## Budget\n\nRisorse usate: 60 %."
    assert "[[chart:budget]]\n\n<!-- section:budget -->" in post.body

    soup, fields = editor_form(as_office, post)
    keywords = number_of(soup, "chart", "keywords")
    removed = as_office.post(url(post), data=MultiDict([*fields, ("action", f"remove:{keywords}")]))
    assert removed.status_code == 200 and "Parole più citate" not in \
        BeautifulSoup(removed.get_data(as_text=True), "html.parser").select_one("#body").get_text()


def test_text_typed_in_a_block_stays_when_the_form_comes_back_with_an_error(as_office, district):
    post = synthesis(district)
    soup, fields = editor_form(as_office, post)
    n = number_of(soup, "section", "intro")
    fields = with_value(with_value(fields, f"block-{n}-text", "Scritto ora, da non perdere."), "title", "")
    response = as_office.post(url(post), data=fields)
    assert response.status_code == 422
    again = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert "Scritto ora, da non perdere." in again.select_one("#body textarea").get_text()


def test_the_preview_assembles_the_blocks_sanitised(as_office, district):
    post = synthesis(district)
    _soup, fields = editor_form(as_office, post)
    fields = with_value(fields, "block-0-text", "<script>alert(1)</script>[x](javascript:alert(2)) **ora**")
    html = as_office.post(url(post, "anteprima"), data=fields).json["html"]
    assert "<strong>ora</strong>" in html and "<script" not in html and "javascript:" not in html
    assert "<h2>Perché siamo qui</h2>" in html and html.count("data-figure=") == 2
    assert "<!--" not in html and "[[chart:" not in html


def test_only_the_planning_office_previews(client, make_user, district):
    from app.models import Role
    from tests.conftest import login
    post = synthesis(district)
    for role in (Role.REFERENT, Role.FACILITATOR):
        login(client, make_user(f"{role.value}@example.org", role, district))
        assert client.post(url(post, "anteprima"), data={"body": "**x**"}).status_code == 403
        client.get("/logout")
    assert client.post(url(post, "anteprima"), data={"body": "**x**"}).status_code in (302, 401, 403)


def test_the_preview_needs_the_form_token(app, as_office, district):
    post = synthesis(district)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        assert as_office.post(url(post, "anteprima"), data={"body": "**x**"}).status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_a_conflict_compares_the_texts_without_markers_or_codes(as_office, district):
    post = synthesis(district)
    _soup, fields = editor_form(as_office, post)
    assert as_office.post(url(post, "salva"), data=with_value(fields, "block-0-text", "Prima")).json["ok"]
    late = as_office.post(url(post, "salva"), data=with_value(fields, "block-0-text", "Seconda"))
    assert late.status_code == 409
    [body] = late.json["differences"]
    assert "Seconda" in body["mine"] and "Prima" in body["theirs"] and "Parole più citate" in body["mine"]
    for text in (body["mine"], body["theirs"], as_office.get(late.json["conflict_url"]).get_data(as_text=True)):
        assert "section:" not in text and "[[chart:" not in text
