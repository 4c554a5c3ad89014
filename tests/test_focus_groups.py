"""Focus group management pages: permissions, CRUD, sessions, paper keywords, moderation, blocked words."""
from __future__ import annotations

import pytest

from app.extensions import db
from app.models import Role
from focus_groups import management
from focus_groups.models import BlockedWord, FocusGroup, Keyword, KeywordSession, KeywordSource, SessionState

from tests.conftest import login


def base(district):
    return f"/gestione/{district.slug}/focus"


@pytest.fixture
def focus(plan, facilitator):
    group = management.create_focus_group(plan, title="Modello organizzativo", area=plan.areas[0],
                                          facilitators=[facilitator], stimulus_questions=["Cosa ha funzionato?"])
    db.session.commit()
    return group


@pytest.fixture
def live(focus):
    session = management.open_session(focus, prompt="Scrivete UNA PAROLA CHIAVE")
    db.session.commit()
    return session


def test_anonymous_is_sent_to_login(client, district, focus):
    response = client.get(f"{base(district)}/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_referent_is_refused(as_referent, district, focus):
    assert as_referent.get(f"{base(district)}/").status_code == 403
    assert as_referent.get(f"{base(district)}/{focus.id}/").status_code == 403
    assert as_referent.post(f"{base(district)}/{focus.id}/elimina").status_code == 403


def test_office_and_facilitator_see_the_list(client, office, facilitator, district, focus):
    for user in (office, facilitator):
        login(client, user)
        page = client.get(f"{base(district)}/")
        assert page.status_code == 200 and "Modello organizzativo" in page.get_data(as_text=True)
        client.get("/logout")


def test_list_search_and_district_link(as_facilitator, district, focus, plan):
    management.create_focus_group(plan, title="Tema libero: giovani")
    db.session.commit()
    page = as_facilitator.get(f"{base(district)}/?q=giovani").get_data(as_text=True)
    results, by_area = page.split("<h2", 1)
    assert "Tema libero: giovani" in results and "Modello organizzativo" not in results
    area = next(a for a in plan.areas if a.name == "Modello organizzativo")
    assert f'href="/gestione/{district.slug}/aree/{area.id}/briefing"' in by_area   # reachable, not only by URL
    assert f"{base(district)}/" in as_facilitator.get(f"/gestione/{district.slug}/").get_data(as_text=True)


def test_other_district_gives_404(client, make_user, district, focus, live):
    from app.models import District
    other = District(name="Altro ambito", slug="altro")
    db.session.add(other)
    db.session.commit()
    user = make_user("altro@example.org", Role.FACILITATOR, other)
    login(client, user)
    for url in (f"/gestione/altro/focus/{focus.id}/", f"/gestione/altro/focus/{focus.id}/lavagna",
                f"/gestione/altro/focus/sessioni/{live.id}/", f"/gestione/altro/focus/{focus.id}/parole.csv"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/gestione/altro/focus/sessioni/{live.id}/chiudi").status_code == 404


def test_create_edit_delete(as_facilitator, district, plan, facilitator):
    area = plan.areas[1]
    response = as_facilitator.post(f"/gestione/{district.slug}/piani/{plan.id}/focus/nuovo", data={
        "title": "Secondo gruppo", "area_id": area.id, "date": "2015-03-12",
        "facilitators": [facilitator.id], "stimulus_questions": "Prima domanda\n\n Seconda domanda ",
        "notes": "Sala consiliare"})
    assert response.status_code == 302
    focus = db.session.scalar(db.select(FocusGroup).filter_by(title="Secondo gruppo"))
    assert focus.area_id == area.id and focus.stimulus_questions == ["Prima domanda", "Seconda domanda"]
    assert [u.id for u in focus.facilitators] == [facilitator.id]

    response = as_facilitator.post(f"{base(district)}/{focus.id}/modifica", data={
        "version": focus.version, "title": "Gruppo rinominato", "area_id": 0, "facilitators": []})
    assert response.status_code == 302
    db.session.refresh(focus)
    assert focus.title == "Gruppo rinominato" and focus.area_id is None

    stale = as_facilitator.post(f"{base(district)}/{focus.id}/modifica", data={
        "version": focus.version - 1, "title": "Vecchio", "area_id": 0})
    assert stale.status_code == 422
    db.session.refresh(focus)
    assert focus.title == "Gruppo rinominato"

    focus_id = focus.id
    confirm = as_facilitator.get(f"{base(district)}/{focus_id}/elimina")
    assert confirm.status_code == 200 and "Gruppo rinominato" in confirm.get_data(as_text=True)
    assert as_facilitator.post(f"{base(district)}/{focus_id}/elimina").status_code == 302
    db.session.expunge_all()
    assert db.session.get(FocusGroup, focus_id) is None


def test_missing_title_keeps_what_was_typed(as_facilitator, district, plan):
    response = as_facilitator.post(f"/gestione/{district.slug}/piani/{plan.id}/focus/nuovo",
                                   data={"title": "", "notes": "appunti da tenere"})
    assert response.status_code == 422 and "appunti da tenere" in response.get_data(as_text=True)


def test_open_session_with_default_prompt_close_and_reopen(as_facilitator, district, focus):
    form = as_facilitator.get(f"{base(district)}/{focus.id}/sessioni/nuova").get_data(as_text=True)
    assert "PAROLA CHIAVE" in form
    response = as_facilitator.post(f"{base(district)}/{focus.id}/sessioni/nuova", data={
        "prompt": "Scrivete UNA PAROLA CHIAVE", "keywords_per_person": 2, "premoderation": "y"})
    assert response.status_code == 302
    session = db.session.scalar(db.select(KeywordSession).filter_by(focus_group_id=focus.id))
    assert session.keywords_per_person == 2 and session.premoderation and session.is_open
    assert as_facilitator.post(f"{base(district)}/sessioni/{session.id}/chiudi").status_code == 302
    db.session.refresh(session)
    assert session.state == SessionState.CLOSED
    listing = as_facilitator.get(f"{base(district)}/{focus.id}/").get_data(as_text=True)
    assert "<td>Chiusa</td>" in listing and "Scarica:" in listing   # "sessione" agrees; no English "Download"
    as_facilitator.post(f"{base(district)}/sessioni/{session.id}/riapri")
    db.session.refresh(session)
    assert session.is_open


def test_paper_keywords_many_lines_at_once(as_facilitator, district, live):
    response = as_facilitator.post(f"{base(district)}/sessioni/{live.id}/carta",
                                   data={"text": "condivisione\n\n  sinergia  \nresponsabilità\n"})
    assert response.status_code == 302
    texts = [(k.text, k.source) for k in db.session.scalars(db.select(Keyword).filter_by(session_id=live.id))]
    assert texts == [("condivisione", KeywordSource.PAPER), ("sinergia", KeywordSource.PAPER),
                     ("responsabilità", KeywordSource.PAPER)]
    too_long = as_facilitator.post(f"{base(district)}/sessioni/{live.id}/carta", data={"text": "x" * 61})
    assert too_long.status_code == 422
    assert db.session.scalar(db.select(db.func.count(Keyword.id)).filter_by(session_id=live.id)) == 3


def test_moderation_hide_restore_approve(as_facilitator, district, live):
    shown = Keyword(session=live, text="fiducia")
    waiting = Keyword(session=live, text="<b>attesa</b>", approved=False)
    db.session.add_all([shown, waiting])
    db.session.commit()
    page = as_facilitator.get(f"{base(district)}/sessioni/{live.id}/").get_data(as_text=True)
    assert "&lt;b&gt;attesa&lt;/b&gt;" in page and "<b>attesa</b>" not in page
    as_facilitator.post(f"{base(district)}/parole/{shown.id}/nascondi")
    db.session.refresh(shown)
    assert shown.hidden and not shown.visible
    as_facilitator.post(f"{base(district)}/parole/{shown.id}/ripristina")
    db.session.refresh(shown)
    assert shown.visible
    as_facilitator.post(f"{base(district)}/parole/{waiting.id}/approva")
    db.session.refresh(waiting)
    assert waiting.approved and waiting.visible


def test_blocked_words_are_edited_as_lines(as_office, district):
    url = f"{base(district)}/parole-bloccate"
    assert as_office.post(url, data={"words": "scemo\nScemo\n  idiota \n"}).status_code == 302
    words = lambda: sorted(db.session.scalars(db.select(BlockedWord.word).filter_by(district_id=district.id)))
    assert words() == ["idiota", "scemo"]
    as_office.post(url, data={"words": "idiota\nstupido"})
    assert words() == ["idiota", "stupido"]
    assert "stupido" in as_office.get(url).get_data(as_text=True)


def test_briefing_summarises_the_area_cards(as_facilitator, district, plan, focus):
    from cards_helpers import open_campaign
    open_campaign(plan)
    page = as_facilitator.get(f"{base(district)}/{focus.id}/briefing")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    for action in focus.area.actions:
        assert action.code in text


def test_briefing_without_cards(as_facilitator, district, focus):
    page = as_facilitator.get(f"{base(district)}/{focus.id}/briefing")
    assert page.status_code == 200 and focus.area.actions[0].code in page.get_data(as_text=True)


def test_session_page_links_the_wall_and_the_phone(as_facilitator, district, live):
    page = as_facilitator.get(f"{base(district)}/sessioni/{live.id}/").get_data(as_text=True)
    assert f"/k/{live.code}/parete" in page and f'href="/k/{live.code}"' in page
    assert f"I partecipanti entrano da pdz.test/k/{live.code}" in page   # the whole address to read out
