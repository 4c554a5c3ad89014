"""Every change leaves an audit row with its author and values; the office reads its district's log."""
from types import SimpleNamespace

import pytest

from app import people
from app.admin import audit_changes
from app.extensions import db
from app.models import AuditLog, District, Organization, Role
from tests.conftest import login


@pytest.fixture
def base(district):
    return f"/gestione/{district.slug}"


def _rows(**filters):
    db.session.expire_all()
    return db.session.scalars(db.select(AuditLog).filter_by(**filters).order_by(AuditLog.id)).all()


def test_role_changes_in_the_ui_are_audited_with_the_author(as_office, base, office, facilitator, district):
    as_office.post(f"{base}/persone/{facilitator.id}", data={"roles": ["referent"], "organization_id": ""})
    [created] = _rows(entity="Membership", operation="create", user_id=office.id)
    assert created.actor == office.email and created.district_id == district.id
    assert created.after["role"] == "referent" and created.after["user_id"] == facilitator.id
    [deleted] = _rows(entity="Membership", operation="delete", user_id=office.id)
    assert deleted.actor == office.email and deleted.district_id == district.id
    assert deleted.before["role"] == "facilitator" and deleted.after is None


def test_account_changes_keep_before_and_after(as_office, base, office, facilitator, district):
    organization = Organization(name="Cooperativa Il Seme", district=district)
    db.session.add(organization)
    db.session.commit()
    as_office.post(f"{base}/persone/{facilitator.id}",
                   data={"roles": ["facilitator"], "organization_id": organization.id})
    as_office.post(f"{base}/persone/{facilitator.id}/disattiva")
    updates = _rows(entity="User", operation="update", entity_id=facilitator.id, actor=office.email)
    assert [(u.before, u.after) for u in updates] == [
        ({"organization_id": None}, {"organization_id": organization.id}),
        ({"active": True}, {"active": False}),
    ]


def test_invitations_are_audited(as_office, base, office):
    as_office.post(f"{base}/inviti/nuovo", data={"email": "n@example.org", "role": "facilitator"})
    [row] = _rows(entity="Invitation", operation="create")
    assert row.actor == office.email and row.after["email"] == "n@example.org"
    as_office.post(f"{base}/inviti/{row.entity_id}/revoca")
    [revoked] = _rows(entity="Invitation", operation="update")
    assert revoked.before == {"revoked_at": None} and revoked.after["revoked_at"]


def test_changes_outside_a_request_name_the_system(app, district):
    people.create_user("s@example.org", "S", "pw")
    db.session.commit()
    [row] = _rows(entity="User", operation="create", entity_id=people.find_user("s@example.org").id)
    assert row.actor == "system" and row.user_id is None


# ---- the page ------------------------------------------------------------------------------------------

def test_the_log_shows_the_districts_changes_newest_first_with_values(as_office, base, facilitator, office):
    as_office.post(f"{base}/persone/{facilitator.id}", data={"roles": ["referent"], "organization_id": ""})
    page = as_office.get(f"{base}/registro").get_data(as_text=True)
    assert "<details>" in page and "<summary>" in page
    assert "<del>Facilitatore</del>" in page and "<ins>Referente</ins>" in page   # coded values by their label
    assert page.index("<del>Facilitatore</del>") < page.index('data-entity="SystemAction"')  # newest first
    assert office.email in page


def test_the_log_leaves_out_other_districts(as_office, base, make_user):
    other = District(name="Ambito di Dalmine", slug="dalmine")
    db.session.add(other)
    db.session.flush()
    db.session.add(Organization(name="Ente segreto di Dalmine", district=other))
    db.session.commit()
    make_user("estraneo@example.org", Role.FACILITATOR, other, name="Persona Estranea")
    page = as_office.get(f"{base}/registro?entity=Organization").get_data(as_text=True)
    assert "Ente segreto" not in page
    page = as_office.get(f"{base}/registro?entity=User").get_data(as_text=True)
    assert "Persona Estranea" not in page and "estraneo@example.org" not in page


def test_the_log_filters_by_record_type_and_author(as_office, base, facilitator, office):
    as_office.post(f"{base}/persone/{facilitator.id}", data={"roles": ["referent"], "organization_id": ""})
    by_office = as_office.get(f"{base}/registro", query_string={"actor": office.email}).get_data(as_text=True)
    assert 'data-entity="Membership"' in by_office and 'data-entity="SystemAction"' not in by_office
    actions = as_office.get(f"{base}/registro", query_string={"entity": "SystemAction"}).get_data(as_text=True)
    assert 'data-entity="SystemAction"' in actions and 'data-entity="Membership"' not in actions
    assert f'<option selected value="SystemAction">' in actions or 'value="SystemAction" selected' in actions


def test_the_log_is_paginated_keeping_the_filter(app, as_office, base, plan):
    app.config["PER_PAGE"] = 5
    page = as_office.get(f"{base}/registro", query_string={"entity": "SystemAction"}).get_data(as_text=True)
    assert "entity=SystemAction" in page and "page=2" in page
    total = len(_rows(entity="SystemAction", district_id=plan.district_id))
    assert total > 5
    last = as_office.get(f"{base}/registro",
                         query_string={"entity": "SystemAction", "page": (total + 4) // 5}).get_data(as_text=True)
    assert plan.actions[0].title in last  # oldest row on the last page


def test_the_log_is_for_the_planning_office(client, base, facilitator):
    login(client, facilitator)
    assert client.get(f"{base}/registro").status_code == 403


# ---- the readable diff ------------------------------------------------------------------------------------

def _row(operation, before=None, after=None):
    return SimpleNamespace(operation=operation, before=before, after=after)


def test_an_update_shows_only_changed_fields():
    row = _row("update", {"title": "Vecchio", "version": 1, "code": "1.1"}, {"title": "Nuovo", "version": 2,
                                                                           "code": "1.1"})
    assert audit_changes(row) == [("title", "Vecchio", "Nuovo")]


def test_a_creation_shows_its_values_and_a_deletion_what_went():
    assert audit_changes(_row("create", None, {"name": "Area", "description": None, "theses": [1, 2]})) == [
        ("name", "", "Area"), ("theses", "", "1, 2")]
    assert audit_changes(_row("delete", {"active": False, "email": "a@b.it"}, None)) == [
        ("active", "no", ""), ("email", "a@b.it", "")]


def test_empty_values_read_as_a_dash():
    assert audit_changes(_row("update", {"description": None}, {"description": "Testo"})) == [
        ("description", "—", "Testo")]


def test_a_budget_line_removed_from_its_action_is_logged_as_deleted(app, plan):
    from decimal import Decimal
    from app.extensions import db
    from app.models import AuditLog, BudgetLine, FundingSource
    action = plan.actions[0]
    action.budget_lines.append(BudgetLine(source=FundingSource.MUNICIPALITIES, planned_amount=Decimal("6000")))
    db.session.commit()
    line_id = action.budget_lines[0].id
    action.budget_lines.clear()
    db.session.commit()
    row = db.session.scalar(db.select(AuditLog).filter_by(entity="BudgetLine", entity_id=line_id, operation="delete"))
    assert row is not None
    assert row.before["planned_amount"] == "6000.00"
    assert row.district_id == plan.district_id


# ---- every record and field named in the reader's language ---------------------------------------------------

def test_every_audited_record_has_a_name_in_the_log(app):
    from app.audit_labels import ENTITY_LABELS
    from app.models import Audited
    audited = {m.class_.__name__ for m in db.Model.registry.mappers if issubclass(m.class_, Audited)}
    assert audited - set(ENTITY_LABELS) == set()


def test_the_log_names_feature_records_and_fields_in_italian(as_office, base, plan):
    from focus_groups.models import FocusGroup
    db.session.add(FocusGroup(district=plan.district, plan=plan, title="Gruppo Lavoro di comunità"))
    db.session.commit()
    page = as_office.get(f"{base}/registro").get_data(as_text=True)
    assert "· FocusGroup" not in page and "· Focus group #" in page   # neither in the rows...
    assert ">Focus group</option>" in page                  # ...nor in the filter
    row = page.split("Gruppo Lavoro di comunità", 1)[1]
    assert "created_at" not in row and "plan_id" not in row and "district_id" not in row


def test_stored_dates_and_codes_read_as_dates_and_labels(app):
    with app.test_request_context(headers={"Accept-Language": "it"}):
        changes = audit_changes(SimpleNamespace(
            entity="EvaluationCampaign", operation="update",
            before={"status": "open", "closed_at": None, "version": 2},
            after={"status": "closed", "closed_at": "2015-03-05T10:30:00", "version": 3}))
        assert [key for key, _, _ in changes] == ["closed_at", "status"]
        assert changes[0][2] == "05/03/2015, 11:30"   # stored in UTC, read in Rome time
        assert changes[1][1:] == ("Aperta", "Chiusa")


def test_a_frozen_document_is_shortened_in_the_log(app):
    with app.test_request_context():
        [(_, _, after)] = audit_changes(SimpleNamespace(entity="DraftSnapshot", operation="create", before=None,
                                                        after={"content": {"text": "parola " * 500}}))
        assert len(after) <= 300 and after.endswith("…")


def test_a_created_record_is_named_by_its_own_words(app):
    from app.admin import record_label
    row = SimpleNamespace(operation="create", entity="DraftComment", summary="create DraftComment comment 5 on 1",
                          after={"body": "Come cittadina chiedo che lo sportello sia aperto " * 3, "draft_id": 1},
                          before=None)
    label = record_label(row)
    assert label.startswith("Come cittadina chiedo") and label.endswith("…") and len(label) <= 80
    update = SimpleNamespace(operation="update", entity="Plan", summary="update Plan IV Piano", after={"status": "x"},
                             before={"status": "y"})
    assert record_label(update) == "IV Piano"


def test_changes_by_the_platform_or_a_command_are_named_so(as_office, base, plan):
    from app.audit_labels import actor_label
    # a command names no account of the server: the same words whoever ran it
    assert actor_label("cli:root") == actor_label("cli:admin") and "root" not in actor_label("cli:root")
    assert actor_label("a@b.it") == "a@b.it"
    page = as_office.get(f"{base}/registro").get_data(as_text=True)
    assert "<small>system</small>" not in page and "la piattaforma" in page   # the sample plan, loaded by the tests
