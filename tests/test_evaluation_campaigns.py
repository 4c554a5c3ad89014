"""Campaigns: opening one creates a card per action and notifies the referents; reminders reach the late ones."""
from __future__ import annotations

from datetime import date, timedelta

from click.testing import CliRunner
from markupsafe import escape
from flask.cli import ScriptInfo

from app import mail
from app.extensions import db
from app.account_models import Invitation
from app.models import Role
from evaluations import services
from evaluations.models import CardState, CardThesisRating, EvaluationCampaign
from tests.test_evaluation_helpers import card_for, card_url, open_campaign


def _open_through_the_page(client, district, plan, invite=True):
    data = {"plan_id": plan.id, "title": "Valutazione finale", "deadline": (date.today() + timedelta(days=30)).isoformat(),
            "intro": "Grazie della collaborazione."}
    if invite:
        data["send_invitations"] = "y"
    return client.post(f"/gestione/{district.slug}/campagne/nuova", data=data)


def test_the_office_opens_a_campaign_with_17_cards_on_the_sample_plan(as_office, district, plan, referent):
    assert as_office.get(f"/gestione/{district.slug}/campagne/nuova").status_code == 200
    response = _open_through_the_page(as_office, district, plan)
    assert response.status_code == 302
    campaign = db.session.scalar(db.select(EvaluationCampaign))
    assert campaign.plan_id == plan.id and len(campaign.cards) == 17
    assert response.headers["Location"].endswith(f"/campagne/{campaign.id}/")
    page = as_office.get(response.headers["Location"]).get_data(as_text=True)
    assert plan.actions[0].title in page


def test_the_referents_are_told_which_cards_are_theirs(as_office, district, plan, referent):
    _open_through_the_page(as_office, district, plan)
    campaign = db.session.scalar(db.select(EvaluationCampaign))
    messages = mail.outbox(district=district)
    assert [m.to for m in messages] == [referent.email]
    assert f"/schede/{card_for(campaign, plan.actions[0]).id}/" in messages[0].body


def test_a_referent_without_an_account_gets_an_invitation(as_office, district, plan):
    from app import people
    newcomer = people.create_user("nuovo@example.org", "Nuovo Referente")   # no password yet, as a plan import
    people.grant(newcomer, district, Role.REFERENT)                          # makes a new referent
    people.assign_referent(plan.actions[3], newcomer)
    db.session.commit()
    _open_through_the_page(as_office, district, plan)
    invitation = db.session.scalar(db.select(Invitation).filter_by(email="nuovo@example.org"))
    assert invitation is not None and invitation.role == Role.REFERENT
    assert invitation.action_ids == [plan.actions[3].id]
    bodies = [m.body for m in mail.outbox(district=district) if m.to == "nuovo@example.org"]
    assert any("/invito/" in body for body in bodies)


def test_a_second_open_campaign_on_the_same_plan_is_refused(as_office, district, plan):
    _open_through_the_page(as_office, district, plan, invite=False)
    response = _open_through_the_page(as_office, district, plan, invite=False)
    assert response.status_code == 422
    assert db.session.scalar(db.select(db.func.count()).select_from(EvaluationCampaign)) == 1


def test_remind_the_late_ones_writes_only_to_referents_of_cards_not_sent(client, as_office, district, plan,
                                                                       referent, make_user):
    from app import people
    punctual = make_user("puntuale@example.org", Role.REFERENT, district)
    people.assign_referent(plan.actions[5], punctual)
    db.session.commit()
    campaign = open_campaign(plan)
    sent_card = card_for(campaign, plan.actions[5])
    sent_card.state = CardState.SUBMITTED
    db.session.commit()

    response = as_office.post(f"/gestione/{district.slug}/campagne/{campaign.id}/solleciti")
    assert response.status_code == 302
    recipients = [m.to for m in mail.outbox(district=district)]
    assert recipients == [referent.email]
    assert card_for(campaign, plan.actions[0]).last_reminded_at is not None
    page = as_office.get(response.headers["Location"]).get_data(as_text=True)
    assert "Promemoria inviato a 1 referente." in page                   # one referent, in the singular
    assert "Sollecita chi non ha ancora inviato (16 schede)" in page     # nobody is late before the deadline


def test_the_review_list_filters_and_paginates(as_office, district, plan, referent):
    campaign = open_campaign(plan)
    card_for(campaign, plan.actions[2]).state = CardState.APPROVED
    db.session.commit()
    base = f"/gestione/{district.slug}/campagne/{campaign.id}/"
    page = as_office.get(base + "?state=approved").get_data(as_text=True)
    assert plan.actions[2].title in page and plan.actions[0].title not in page
    page = as_office.get(base + f"?referent={referent.id}").get_data(as_text=True)
    assert plan.actions[0].title in page and plan.actions[1].title not in page
    area = plan.areas[1]
    page = as_office.get(base + f"?area={area.id}").get_data(as_text=True)
    assert area.actions[0].title in page and plan.areas[0].actions[0].title not in page
    first = as_office.get(base).get_data(as_text=True)
    assert str(escape(plan.actions[-1].title)) in first         # 17 cards fit in one page of 25


def test_the_late_nobody_and_search_filters_pick_the_right_cards(as_office, district, plan):
    campaign = open_campaign(plan)
    card_for(campaign, plan.actions[2]).state = CardState.APPROVED
    card_for(campaign, plan.actions[3]).state = CardState.SUBMITTED
    card_for(campaign, plan.actions[4]).state = CardState.RETURNED      # sent back: late again
    card_for(campaign, plan.actions[5]).nobody_can_report = True
    db.session.commit()

    def actions(**filters):
        return [card.action_id for card in db.session.scalars(services.card_query(campaign, **filters))]

    everyone = [action.id for action in plan.actions]
    assert actions() == everyone
    assert actions(late=True) == [i for i in everyone if i not in (plan.actions[2].id, plan.actions[3].id)]
    assert actions(nobody=True) == [plan.actions[5].id]
    assert actions(search=plan.actions[6].title) == [plan.actions[6].id]
    assert actions(search="   ") == everyone
    assert actions(search="nessuna azione si chiama così") == []
    assert actions(late=True, nobody=True) == [plan.actions[5].id]
    base = f"/gestione/{district.slug}/campagne/{campaign.id}/"
    page = as_office.get(base + "?late=1").get_data(as_text=True)
    assert str(escape(plan.actions[4].title)) in page and str(escape(plan.actions[3].title)) not in page
    page = as_office.get(base + "?nobody=1").get_data(as_text=True)
    assert str(escape(plan.actions[5].title)) in page and str(escape(plan.actions[4].title)) not in page
    page = as_office.get(base + "?q=" + plan.actions[6].title).get_data(as_text=True)
    assert str(escape(plan.actions[6].title)) in page and str(escape(plan.actions[5].title)) not in page


def test_pdz_cards_remind_skips_recently_reminded_cards(make_app):
    app = make_app(SERVER_NAME=None, PDZ_BASE_URL="https://pdz.example.org")   # as on a server run by cron
    with app.app_context():
        from app import people
        from app.plans import import_plan, sample_data
        plan = import_plan(sample_data())
        ref = people.create_user("ref@example.org", "Ref", "password-1234")
        people.grant(ref, plan.district, Role.REFERENT)
        people.assign_referent(plan.actions[0], ref)
        open_campaign(plan)
        runner = CliRunner()
        from app.cli import main
        info = ScriptInfo(create_app=lambda: app)
        result = runner.invoke(main, ["cards", "remind"], obj=info)
        assert result.exit_code == 0, result.output
        assert "Reminders sent: 1" in result.output
        messages = mail.outbox()
        assert len(messages) == 1 and "https://pdz.example.org/gestione/" in messages[0].body
        result = runner.invoke(main, ["cards", "remind"], obj=info)
        assert "Reminders sent: 0" in result.output          # a daily scheduler does not send twice
        result = runner.invoke(main, ["cards", "remind", "--min-hours", "0"], obj=info)
        assert "Reminders sent: 1" in result.output
        result = runner.invoke(main, ["cards", "remind", "--district", "nowhere"], obj=info)
        assert result.exit_code == 1


def test_a_returned_card_notifies_its_referents(as_office, district, plan, referent):
    campaign = open_campaign(plan)
    card = card_for(campaign, plan.actions[0])
    card.state = CardState.SUBMITTED
    db.session.commit()
    as_office.post(card_url(card, "revisione"), data={"decision": "return", "comment": "Manca il budget."})
    assert any(m.to == referent.email and "Manca il budget." in m.body for m in mail.outbox(district=district))


def test_closing_a_campaign_asks_for_confirmation_first(as_office, district, plan):
    campaign = open_campaign(plan)
    url = f"/gestione/{district.slug}/campagne/{campaign.id}/chiudi"
    assert as_office.get(url).status_code == 200
    db.session.refresh(campaign)
    assert campaign.is_open
    assert as_office.post(url).status_code == 302
    db.session.refresh(campaign)
    assert not campaign.is_open and campaign.closed_at is not None


def test_deleting_plan_structure_warns_that_evaluation_cards_go_too(as_office, district, plan):
    campaign = open_campaign(plan)
    card = card_for(campaign, plan.actions[0])
    card.thesis_ratings.append(CardThesisRating(thesis_id=plan.theses[0].id, rating=2))
    db.session.commit()
    as_office.set_cookie("lang", "en", domain="pdz.test")
    base = f"/gestione/{district.slug}"
    assert "1 evaluation card" in as_office.get(f"{base}/azioni/{plan.actions[0].id}/elimina").get_data(as_text=True)
    assert "6 evaluation cards" in as_office.get(f"{base}/aree/{plan.areas[0].id}/elimina").get_data(as_text=True)
    assert "17 evaluation cards" in as_office.get(f"{base}/piani/{plan.id}/elimina").get_data(as_text=True)
    assert "1 rating in the evaluation cards" in as_office.get(
        f"{base}/tesi/{plan.theses[0].id}/elimina").get_data(as_text=True)


def test_evaluation_pages_lead_back_through_the_district_and_the_campaign(as_office, district, plan):
    campaign = open_campaign(plan)
    card = card_for(campaign, plan.actions[0])
    base = f"/gestione/{district.slug}"
    for url in (f"{base}/campagne/nuova", f"{base}/campagne/{campaign.id}/", f"{base}/campagne/{campaign.id}/chiudi",
                f"{base}/schede/{card.id}/", f"{base}/schede/{card.id}/storia"):
        page = as_office.get(url).get_data(as_text=True)
        trail = page.split('class="breadcrumb"', 1)[1].split("</ol>", 1)[0]
        assert f'href="{base}/"' in trail, url                              # the district
        if "schede" in url:
            assert f'href="{base}/schede/{card.id}/"' in trail or url.endswith(f"{card.id}/"), url
    trail = as_office.get(f"{base}/schede/{card.id}/").get_data(as_text=True).split('class="breadcrumb"', 1)[1]
    assert f'href="{base}/campagne/{campaign.id}/"' in trail.split("</ol>", 1)[0]   # the office's way back


def test_a_referent_goes_back_to_their_own_cards(client, district, plan, referent):
    from tests.conftest import login
    card = card_for(open_campaign(plan), plan.actions[0])
    login(client, referent)
    trail = client.get(f"/gestione/{district.slug}/schede/{card.id}/").get_data(as_text=True)
    trail = trail.split('class="breadcrumb"', 1)[1].split("</ol>", 1)[0]
    assert f'href="/gestione/{district.slug}/schede/"' in trail and "/campagne/" not in trail


def test_a_campaign_without_a_plan_to_evaluate_says_to_create_the_plan(client, app, make_user):
    from app.models import District
    from tests.conftest import login
    empty = District(name="Ambito Nuovo", slug="nuovo")
    db.session.add(empty)
    db.session.commit()
    login(client, make_user("nuovo@example.org", Role.PLANNING_OFFICE, empty))
    page = client.get("/gestione/nuovo/campagne/nuova").get_data(as_text=True)
    assert 'href="/gestione/nuovo/piani/nuovo"' in page and 'name="title"' not in page
