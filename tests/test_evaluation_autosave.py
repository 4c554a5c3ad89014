"""Never lose text: autosave answers the new version; a stale version gets 409 and both versions are kept."""
from __future__ import annotations

import pytest

from app.extensions import db
from app.models import Role
from evaluations.models import CardConflict, EvaluationCard
from tests.browser_forms import check_version_is_required
from tests.conftest import login
from tests.test_evaluation_helpers import card_for, card_url, complete_form, open_campaign


@pytest.fixture
def card(plan, office, referent):
    return card_for(open_campaign(plan, office), plan.actions[0])


def autosave(client, card, **fields):
    return client.post(card_url(card, "salva"), data=fields, headers={"Accept": "application/json"})


def test_autosave_answers_the_new_version(as_referent, card):
    response = autosave(as_referent, card, version="1", activities="Prima bozza")
    assert response.status_code == 200
    body = response.get_json()
    assert body["ok"] and body["version"] == 2 and body["saved_at"]
    assert body["missing"]         # what is still needed at submit comes along
    response = autosave(as_referent, card, version="2", activities="Seconda bozza")
    assert response.get_json()["version"] == 3
    db.session.refresh(card)
    assert card.activities == "Seconda bozza" and card.version == 3


def test_saving_the_same_text_again_does_not_change_the_version(as_referent, card):
    autosave(as_referent, card, version="1", activities="Uguale")
    assert autosave(as_referent, card, version="2", activities="Uguale").get_json()["version"] == 2


def test_a_stale_version_is_refused_and_both_versions_are_kept(client, card, referent, make_user, district):
    from app import people
    colleague = make_user("collega@example.org", Role.REFERENT, district)
    people.assign_referent(card.action, colleague)
    db.session.commit()
    other = client.application.test_client()
    login(client, referent)
    login(other, colleague)

    # Both opened the card at version 1; the colleague saves first.
    assert autosave(other, card, version="1", strengths="Versione della collega").status_code == 200
    response = autosave(client, card, version="1", strengths="La mia versione", activities="Il mio testo")
    assert response.status_code == 409
    body = response.get_json()
    assert body["error"] == "conflict" and body["version"] == 2
    differences = {d["field"]: d for d in body["differences"]}
    assert differences["strengths"]["mine"] == "La mia versione"
    assert differences["strengths"]["theirs"] == "Versione della collega"
    assert body["conflict_url"].endswith(f"/conflitti/{body['conflict_id']}")

    db.session.expire_all()
    saved = db.session.get(EvaluationCard, card.id)
    assert saved.strengths == "Versione della collega" and saved.activities is None   # not overwritten
    kept = db.session.get(CardConflict, body["conflict_id"])
    assert kept.data["values"]["strengths"] == "La mia versione" and kept.user_id == referent.id
    assert (kept.base_version, kept.saved_version) == (1, 2)

    # Knowingly keeping one's version means saving again with the version now in the database.
    assert autosave(client, card, version="2", strengths="La mia versione").status_code == 200


def test_the_comparison_page_shows_both_and_can_restore_the_kept_version(client, card, referent, make_user, district):
    from app import people
    colleague = make_user("collega@example.org", Role.REFERENT, district)
    people.assign_referent(card.action, colleague)
    db.session.commit()
    login(client, colleague)
    autosave(client, card, version="1", problems="Testo della collega")
    client.post("/logout")
    login(client, referent)
    conflict_id = autosave(client, card, version="1", problems="Il mio testo perso?").get_json()["conflict_id"]
    url = card_url(card, f"conflitti/{conflict_id}")
    page = client.get(url).get_data(as_text=True)
    assert "Testo della collega" in page and "Il mio testo perso?" in page
    assert client.post(url, data={"action": "restore"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(EvaluationCard, card.id).problems == "Il mio testo perso?"
    assert db.session.get(CardConflict, conflict_id).resolved_at is not None
    # The colleague's text, now replaced, is still kept with the conflict.
    assert "Testo della collega" in client.get(url).get_data(as_text=True)


def test_a_bad_number_does_not_stop_the_text_from_being_saved(as_referent, card):
    response = autosave(as_referent, card, version="1", activities="Testo lungo", progress_percent="tanto",
                        people="venti", **{"resources-0-source": "other", "resources-0-planned": "abc"})
    assert response.status_code == 200
    body = response.get_json()
    assert {"progress_percent", "people", "resources"} <= set(body["errors"])
    db.session.refresh(card)
    assert card.activities == "Testo lungo" and card.progress_percent is None and card.resources == []


def test_a_sent_card_is_not_changed_by_a_late_autosave(as_referent, card):
    as_referent.post(card_url(card), data=complete_form(card, action="submit"))
    db.session.refresh(card)
    response = autosave(as_referent, card, version=str(card.version), activities="Troppo tardi")
    assert response.status_code == 409 and response.get_json()["error"] == "not_editable"
    db.session.refresh(card)
    assert card.activities != "Troppo tardi"


def test_without_javascript_a_stale_save_shows_both_versions_and_keeps_the_typed_text(client, card, referent,
                                                                                     make_user, district):
    from app import people
    colleague = make_user("collega@example.org", Role.REFERENT, district)
    people.assign_referent(card.action, colleague)
    db.session.commit()
    login(client, colleague)
    client.post(card_url(card), data={"version": "1", "deviations": "Ritardo di sei mesi"})
    client.post("/logout")
    login(client, referent)
    response = client.post(card_url(card), data={"version": "1", "deviations": "Nessuno scostamento",
                                                  "action": "save"})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Nessuno scostamento" in page and "Ritardo di sei mesi" in page
    assert 'name="version" type="hidden" value="2"' in page
    db.session.refresh(card)
    assert card.deviations == "Ritardo di sei mesi"


def test_an_expired_form_keeps_what_was_typed(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        from app import people
        from app.plans import import_plan, sample_data
        plan = import_plan(sample_data())
        user = people.create_user("ref@example.org", "Ref", "password-for-tests")
        people.grant(user, plan.district, Role.REFERENT)
        people.assign_referent(plan.actions[0], user)
        card = card_for(open_campaign(plan), plan.actions[0])
        client = app.test_client()
        page = client.get("/login").get_data(as_text=True)
        token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        login = client.post("/login", data={"email": user.email, "password": "password-for-tests", "csrf_token": token})
        assert login.status_code == 302, login.get_data(as_text=True)[:3000]
        response = client.post(card_url(card), data={"version": "1", "activities": "Testo da non perdere",
                                                     "csrf_token": "scaduto"})
        assert response.status_code == 422
        assert "Testo da non perdere" in response.get_data(as_text=True)
        response = client.post(card_url(card, "salva"),
                                         data={"version": "1", "activities": "x", "csrf_token": "no"})
        assert response.status_code == 400 and response.get_json()["error"] == "csrf"
        db.session.refresh(card)
        assert card.activities is None


def test_the_edit_page_is_never_served_from_the_browser_cache(as_referent, card):
    # A cached page would carry an old version and turn the next autosave into a conflict with oneself.
    assert as_referent.get(card_url(card)).headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("autosave", [True, False], ids=["autosave", "full-submit"])
def test_a_save_without_a_valid_version_is_refused(app, as_referent, card, autosave):
    """Issue 14, defect 6: no version, a blank one or "abc" overwrote a newer save; now 400, nothing saved."""
    check_version_is_required(app, as_referent, page=card_url(card), field="activities", form="#card-form",
                              autosave=autosave, read=lambda: db.session.get(EvaluationCard, card.id).activities)
