"""The interface speaks Italian first: every string in the sources has an Italian translation, the
compiled catalogue is current, and the language switch and the form messages behave."""
from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "app" / "translations"
# The same keywords scripts/translations.sh gives pybabel (-k _l -k lazy_gettext).
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}


def _read_po(lang: str) -> Catalog:
    with open(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po", "rb") as fh:
        return read_po(fh, locale=lang)


def _strings(message) -> tuple:
    return tuple(message.string) if isinstance(message.string, (tuple, list)) else (message.string,)


def _msgid(message) -> str:
    return message.id[0] if isinstance(message.id, (tuple, list)) else message.id


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Catalog:
    """Extract the strings of the current sources, as scripts/translations.sh does, into a temporary .pot."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh, "babel.cfg")
    template = Catalog(project="PdZ Partecipato")
    for filename, lineno, message, comments, context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    pot = tmp_path_factory.mktemp("i18n") / "messages.pot"
    with open(pot, "wb") as fh:
        write_po(fh, template)
    with open(pot, "rb") as fh:
        return read_po(fh)


def test_the_extraction_finds_the_strings_of_every_layer(extracted):
    where = {loc[0].split("/")[0] for m in extracted for loc in m.locations}
    assert {"app", "templates"} <= where
    assert len([m for m in extracted if m.id]) > 100


def test_every_string_in_the_sources_has_an_italian_translation(extracted):
    italian = _read_po("it")
    untranslated = []
    for message in extracted:
        if not message.id:
            continue
        translated = italian.get(message.id, message.context)
        if translated is None or not all(_strings(translated)) or translated.fuzzy:
            untranslated.append(f"{_msgid(message)!r} ({message.locations[0][0]})")
    assert not untranslated, (
        f"{len(untranslated)} strings lack an Italian translation; run scripts/translations.sh, translate them in "
        "app/translations/it/LC_MESSAGES/messages.po, then run scripts/translations.sh compile:\n"
        + "\n".join(untranslated))


@pytest.mark.parametrize("lang", ["it", "en"])
def test_translations_keep_the_placeholders_of_the_original(lang):
    problems = [f"{_msgid(m)!r}: {errors}" for m, errors in _read_po(lang).check() if errors]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", ["it", "en"])
def test_the_compiled_catalogue_matches_the_po_file(lang):
    with open(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.mo", "rb") as fh:
        compiled = read_mo(fh)
    stale = []
    for message in _read_po(lang):
        if not message.id or message.fuzzy or not all(_strings(message)):
            continue
        in_mo = compiled.get(message.id, message.context)
        if in_mo is None or _strings(in_mo) != _strings(message):
            stale.append(repr(_msgid(message)))
    assert not stale, "messages.mo is out of date, run scripts/translations.sh compile:\n" + "\n".join(stale)


def test_home_page_is_italian_by_default_even_for_an_english_browser(client, plan):
    page = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="it">' in page
    assert "Aree di priorità" in page
    assert "Priority areas" not in page


def test_the_language_switch_remembers_english_in_a_cookie(client, plan):
    response = client.get("/lingua/en")
    assert response.status_code == 302
    assert "lang=en" in response.headers["Set-Cookie"]
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Priority areas" in page
    client.get("/lingua/it")
    assert "Aree di priorità" in client.get("/").get_data(as_text=True)


def test_an_unknown_language_is_not_found(client):
    assert client.get("/lingua/xx").status_code == 404


def test_form_messages_of_wtforms_are_italian(client):
    response = client.post("/login", data={"email": "", "password": ""})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Questo campo è obbligatorio." in page
    assert "This field is required." not in page


def test_form_messages_follow_the_language_switch(client):
    client.get("/lingua/en")
    page = client.post("/login", data={"email": "not-an-address", "password": ""}).get_data(as_text=True)
    assert "This field is required." in page
    assert "Invalid email address." in page
