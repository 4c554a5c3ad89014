"""Forms posted as a browser posts them: the fields of a rendered HTML form (what is shown, hidden inputs
included, nothing else), and the check every versioned edit form must pass (issue 14, defect 6)."""
from __future__ import annotations

from bs4 import BeautifulSoup
from werkzeug.datastructures import MultiDict

from app.extensions import db
from app.versioned import missing_version_message

TEXT_INPUTS = {"text", "email", "hidden", "number", "date", "time", "datetime-local", "url", "search", "tel",
               "password", "month", "week", "color", "range", ""}


def browser_form(html: str, selector: str = "form[data-autosave-url]") -> tuple[str | None, list[tuple[str, str]]]:
    """(action, fields) of the first form matching `selector`, as a browser would send it without a click on a
    named button: text-like inputs with their value, checked boxes and radios, each select's chosen option (the
    first one when none is marked), textareas; disabled controls and buttons left out."""
    form = BeautifulSoup(html, "html.parser").select_one(selector)
    assert form is not None, f"no form {selector!r} in the page"
    fields: list[tuple[str, str]] = []
    for control in form.find_all(["input", "select", "textarea"]):
        name = control.get("name")
        if not name or control.has_attr("disabled"):
            continue
        if control.name == "input":
            kind = (control.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if control.has_attr("checked"):
                    fields.append((name, control.get("value", "on")))
            elif kind in TEXT_INPUTS:
                fields.append((name, control.get("value", "")))
        elif control.name == "textarea":
            text = control.text      # the browser drops the newline that opens a textarea
            fields.append((name, text[2:] if text.startswith("\r\n") else text[1:] if text.startswith("\n") else text))
        else:
            options = control.find_all("option")
            chosen = [o for o in options if o.has_attr("selected")]
            if not chosen and options and not control.has_attr("multiple"):
                chosen = options[:1]
            fields.extend((name, o.get("value", o.text)) for o in chosen)
    return form.get("action"), fields


def with_value(fields, name: str, value: str | None) -> MultiDict:
    """The fields with `name` set to `value` (None: left out), in the same place, ready to post."""
    fields = list(fields.items(multi=True)) if isinstance(fields, MultiDict) else fields
    assert any(key == name for key, _ in fields), f"no field {name!r} in the form"
    return MultiDict([(key, value if key == name else old) for key, old in fields
                      if key != name or value is not None])


def page_text(response) -> str:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser").get_text(" ")


def check_version_is_required(app, client, *, page: str, field: str, read, autosave: bool,
                              form: str = "form[data-autosave-url]", post_url: str | None = None, stale_status: int = 409):
    """The edit page's form, sent as rendered with `field` changed:

    - without a version, with a blank one or with "abc": 400 with the message, nothing saved (autosave: the
      JSON shape of app/autosave.py; the full submit: the form again, what was typed kept);
    - with the version the page gave: saved;
    - with that version again, now old: refused (`stale_status`), the first save kept.
    `read()` gives the field's value as stored.
    """
    response = client.get(page)
    assert response.status_code == 200, page
    action, fields = browser_form(response.get_data(as_text=True), form)
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser").select_one(form)
    url = post_url or (soup.get("data-autosave-url") if autosave else (action or page))
    assert url, "the form says where it posts"
    headers = {"Accept": "application/json"} if autosave else {}
    before = read()
    with app.test_request_context("/"):
        message = str(missing_version_message())

    for version in (None, "", "abc"):
        typed = with_value(with_value(fields, field, f"Scritto senza versione {version!r}"), "version", version)
        refused = client.post(url, data=typed, headers=headers)
        assert refused.status_code == 400, (url, version, refused.status_code)
        if autosave:
            body = refused.get_json()
            assert body["error"] == "invalid" and body["message"] == message and "version" in body["errors"]
        else:
            assert message in page_text(refused)
            _action, again = browser_form(refused.get_data(as_text=True), form)
            assert (field, f"Scritto senza versione {version!r}") in again      # what was typed is kept
        db.session.expire_all()
        assert read() == before, (url, version)

    saved = client.post(url, data=with_value(fields, field, "Salvato con la versione giusta"), headers=headers)
    if autosave:
        assert saved.status_code == 200 and saved.get_json()["version"], saved.get_data(as_text=True)[:500]
    else:
        assert saved.status_code == 302, (url, saved.status_code)
    db.session.expire_all()
    assert read() == "Salvato con la versione giusta"

    stale = client.post(url, data=with_value(fields, field, "Salvato su una copia vecchia"), headers=headers)
    assert stale.status_code == stale_status, (url, stale.status_code)
    if autosave and stale_status == 409:
        assert stale.get_json()["error"] == "conflict"
    db.session.expire_all()
    assert read() == "Salvato con la versione giusta"
