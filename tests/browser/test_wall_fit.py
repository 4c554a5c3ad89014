"""The projector wall fits the screen it is on (issue 18): at 1920×1080, 1366×768 and 1280×720, with 1, 21, 100
and 300 keyword groups, the page has no scroll bar and every group lies inside the viewport, as text; a closed
session shows no way in (no QR code, no join line, no Pause) and says how many keywords it got."""
from __future__ import annotations

import itertools

import pytest

pytestmark = pytest.mark.browser

VIEWPORTS = [(1920, 1080), (1366, 768), (1280, 720)]
SIZES = [1, 21, 100, 300]
# The 21 keywords the "Modello organizzativo" group wrote on 5 March 2015 (focus_groups/sample)
REAL = ["condivisione", "sistema complesso andamento frazionato", "corresponsabilità",
        "il bene comune è responsabilità collettiva", "realizzazione", "agire", "speranza", "timidezza decisionale",
        "collaborazione e coprogettazione", "territorio", "verifica-parziale", "professionalità/competitività",
        "alleanza", "sinergia", "incertezza e cambiamento", "coordinamento", "valutazione", "consolidare", "attesa",
        "legami", "volontà"]
NOUNS = ["rete", "fiducia", "ascolto", "tempo", "risorse", "famiglie", "comunità", "servizi", "lavoro", "casa",
         "scuola", "salute", "giovani", "anziani", "territorio", "cura", "fatica", "regia", "dialogo", "futuro"]
QUALITIES = ["condivisa", "fragile", "lenta", "possibile", "nuova", "difficile", "aperta", "comune", "vicina",
             "integrata", "partecipata", "quotidiana", "sostenibile", "diffusa", "locale"]


def keywords(groups: int) -> list[str]:
    """`groups` different keywords, the first written three times and a few twice: the sizes differ."""
    if groups == 1:
        return ["fiducia"] * 3
    pool = REAL + [f"{noun} {quality}" for noun, quality in itertools.product(NOUNS, QUALITIES)]
    chosen = pool[:groups]
    return chosen + [chosen[0]] * 2 + chosen[1:4]


@pytest.fixture(scope="module")
def walls(live_server):
    """An open session per size, and one closed, written straight into the live server's database."""
    from app.extensions import db
    from app.models import Plan
    from focus_groups import sessions
    from focus_groups.models import FocusGroup
    codes = {size: f"FIT{size}" for size in SIZES}
    with live_server.app_context():
        if sessions.session_by_code("FITCLOSED") is None:
            plan = db.session.scalars(db.select(Plan)).first()
            group = FocusGroup(district_id=plan.district_id, plan=plan, title="Parete su misura")
            db.session.add(group)
            for size, code in codes.items():
                session = sessions.open_session(group, "Scrivete UNA PAROLA CHIAVE sul Modello organizzativo "
                                                       "del Piano di Zona", code=code)
                sessions.add_paper_keywords(session, "\n".join(keywords(size)))
            closed = sessions.open_session(group, "Una parola sul lavoro di rete", code="FITCLOSED")
            sessions.add_paper_keywords(closed, "\n".join(REAL))
            sessions.close_session(closed)
            db.session.commit()
    return codes


@pytest.mark.parametrize("width, height", VIEWPORTS, ids=lambda v: str(v))
def test_every_group_is_on_screen_without_scrolling(page, walls, assert_accessible, width, height):
    page.set_viewport_size({"width": width, "height": height})
    for size in SIZES:
        page.goto(f"/k/{walls[size]}/parete")
        page.locator("#wall-list .wall-word").nth(size - 1).wait_for()
        assert page.locator("#wall-list .wall-word").count() == size
        page.wait_for_function("() => document.getElementById('wall-list').style.getPropertyValue('--wall-scale')")
        geometry = page.evaluate("""() => {
            const words = document.getElementById('wall-words').getBoundingClientRect();
            const outside = [...document.querySelectorAll('#wall-list .wall-word')].filter(li => {
                const r = li.getBoundingClientRect();
                return r.left < words.left - 1 || r.right > words.right + 1 || r.top < words.top - 1
                    || r.bottom > words.bottom + 1 || r.right > innerWidth || r.bottom > innerHeight;
            }).map(li => { const r = li.getBoundingClientRect();
                return [li.textContent.trim(), Math.round(r.left), Math.round(r.right), Math.round(r.top),
                        Math.round(r.bottom), Math.round(words.bottom), Math.round(words.right),
                        document.getElementById('wall-list').style.getPropertyValue('--wall-scale')]; });
            return {scroll: document.scrollingElement.scrollHeight - innerHeight, outside,
                    wide: document.scrollingElement.scrollWidth - innerWidth};
        }""")
        assert geometry["scroll"] <= 0 and geometry["wide"] <= 0, (size, geometry)
        assert geometry["outside"] == [], (size, geometry["outside"][:5])
        if size == 21:
            assert_accessible(page, f"wall {width}x{height}")


def test_the_list_mode_also_fits_and_the_sizes_follow_the_counts(page, walls):
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"/k/{walls[21]}/parete")
    page.locator("#wall-list .wall-word").nth(20).wait_for()
    first, last = page.locator("#wall-list .wall-word").first, page.locator("#wall-list .wall-word").last
    size = lambda item: float(item.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))  # noqa: E731
    assert size(first) > size(last)                     # written three times, against once
    page.keyboard.press("l")
    assert page.locator("#wall-mode").get_attribute("aria-pressed") == "true"
    assert page.evaluate("() => document.scrollingElement.scrollHeight <= innerHeight")
    assert page.evaluate("""() => [...document.querySelectorAll('#wall-list .wall-word')].every(li => {
        const r = li.getBoundingClientRect(); return r.right <= innerWidth && r.bottom <= innerHeight; })""")


def test_a_closed_session_shows_no_way_in_and_how_many_keywords_it_got(page, walls, assert_accessible):
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto("/k/FITCLOSED/parete")
    assert page.locator(".wall-qr, .wall-url, .wall-code, #wall-pause").count() == 0
    assert page.locator("#wall-status").inner_text() == "Sessione chiusa · 21 parole"
    assert page.locator("#wall-list .wall-word").count() == 21
    assert page.locator("#wall-fullscreen").is_visible()
    assert_accessible(page, "closed wall")
