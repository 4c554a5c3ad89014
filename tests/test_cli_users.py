"""`pdz users create|invite|list|set-role` on the test app: same services as the UI, clear errors, audited as cli."""
import pytest

from app.audit import actor_name
from app.cli import main
from app.extensions import db
from app.account_models import Invitation, Membership, User
from app.models import AuditLog, Role


@pytest.fixture
def pdz(app):
    """Run `pdz ...` against the test app and its database."""
    token = actor_name.set("system")
    runner = app.test_cli_runner()
    yield lambda *args: runner.invoke(main, list(args))
    actor_name.reset(token)  # the command sets the actor for the whole process


def _user(email):
    db.session.expire_all()
    return db.session.scalar(db.select(User).filter_by(email=email))


def test_create_a_user_with_a_role(pdz, district):
    result = pdz("users", "create", "Anna@Example.org", "--name", "Anna Rossi", "--password", "secret-pass-1",
                 "--district", district.slug, "--role", "facilitator")
    assert result.exit_code == 0, result.output
    user = _user("anna@example.org")
    assert user.name == "Anna Rossi" and user.check_password("secret-pass-1")
    assert user.roles_in(district.id) == {Role.FACILITATOR}


def test_create_an_administrator_without_a_district(pdz):
    assert pdz("users", "create", "admin@example.org", "--name", "Admin", "--password", "pw", "--admin").exit_code == 0
    assert _user("admin@example.org").is_admin


def test_create_refuses_a_duplicate_email(pdz, office):
    result = pdz("users", "create", office.email, "--name", "Again", "--password", "pw")
    assert result.exit_code == 1
    assert office.email in result.output
    assert db.session.scalar(db.select(db.func.count(User.id)).filter_by(email=office.email)) == 1


@pytest.mark.parametrize("args, message", [
    (["not-an-email", "--name", "X", "--password", "pw"], "not-an-email"),
    (["x@example.org", "--name", "X", "--password", "pw", "--district", "nowhere", "--role", "referent"], "nowhere"),
    (["x@example.org", "--name", "X", "--password", "pw", "--role", "referent"], "--district"),
])
def test_create_explains_bad_input_and_writes_nothing(pdz, district, args, message):
    result = pdz("users", "create", *args)
    assert result.exit_code != 0
    assert message in result.output
    assert _user("x@example.org") is None


def test_create_rejects_an_unknown_role(pdz, district):
    result = pdz("users", "create", "x@example.org", "--name", "X", "--password", "pw",
                 "--district", district.slug, "--role", "mayor")
    assert result.exit_code == 2 and "mayor" in result.output


def test_invite_writes_the_mail_to_the_outbox_with_a_working_link(pdz, app, district, plan):
    from app import mail
    action = plan.actions[2]
    result = pdz("users", "invite", "nuovo@example.org", "--district", district.slug, "--role", "referent",
                 "--name", "Nuovo", "--action", action.code)
    assert result.exit_code == 0, result.output
    link = result.output.strip().split()[-1]
    assert "/invito/" in link
    [message] = mail.outbox(district=district)
    assert message.to == "nuovo@example.org" and link in message.body
    invitation = db.session.scalar(db.select(Invitation))
    assert invitation.action_ids == [action.id] and invitation.role == Role.REFERENT
    client = app.test_client()
    path = link.split("pdz.test", 1)[1]
    response = client.post(path, data={"name": "Nuovo", "password": "a-long-password", "confirm": "a-long-password"})
    assert response.status_code == 302
    assert _user("nuovo@example.org") in db.session.get(type(action), action.id).referents


def test_invite_names_an_unknown_action(pdz, district, plan):
    result = pdz("users", "invite", "x@example.org", "--district", district.slug, "--role", "referent",
                 "--action", "9.99")
    assert result.exit_code == 1 and "9.99" in result.output
    assert db.session.scalar(db.select(db.func.count(Invitation.id))) == 0


def test_invite_refuses_actions_for_a_facilitator(pdz, district, plan):
    result = pdz("users", "invite", "x@example.org", "--district", district.slug, "--role", "facilitator",
                 "--action", plan.actions[0].code)
    assert result.exit_code == 1
    assert db.session.scalar(db.select(db.func.count(Invitation.id))) == 0


def test_list_shows_accounts_and_roles(pdz, office, referent, district, make_user):
    make_user("spento@example.org", Role.FACILITATOR, district).active = False
    db.session.commit()
    output = pdz("users", "list").output
    assert f"{district.slug}:planning_office" in output and referent.email in output
    assert "[disabled]" in output.splitlines()[[i for i, line in enumerate(output.splitlines())
                                               if "spento@" in line][0]]


def test_list_by_district_leaves_out_other_districts(pdz, office, district):
    from app.models import District
    other = District(name="Altro ambito", slug="altro")
    db.session.add(other)
    db.session.commit()
    from app import people
    people.grant(people.create_user("altro@example.org", "Altro", "pw"), other, Role.FACILITATOR)
    db.session.commit()
    output = pdz("users", "list", "--district", district.slug).output
    assert office.email in output and "altro@example.org" not in output
    assert "altro@example.org" in pdz("users", "list", "--district", "altro").output


def test_set_role_grants_and_removes(pdz, facilitator, district):
    assert pdz("users", "set-role", facilitator.email, "--district", district.slug, "--role", "referent").exit_code == 0
    assert _user(facilitator.email).roles_in(district.id) == {Role.FACILITATOR, Role.REFERENT}
    assert pdz("users", "set-role", facilitator.email, "--district", district.slug, "--role", "facilitator",
               "--remove").exit_code == 0
    assert _user(facilitator.email).roles_in(district.id) == {Role.REFERENT}


def test_set_role_refuses_to_remove_the_last_planning_office(pdz, office, district):
    result = pdz("users", "set-role", office.email, "--district", district.slug, "--role", "planning_office",
                 "--remove")
    assert result.exit_code == 1
    assert office.name in result.output
    assert Role.PLANNING_OFFICE in _user(office.email).roles_in(district.id)


def test_set_role_names_an_unknown_user_or_district(pdz, office, district):
    result = pdz("users", "set-role", "ghost@example.org", "--district", district.slug, "--role", "referent")
    assert result.exit_code == 1 and "ghost@example.org" in result.output
    result = pdz("users", "set-role", office.email, "--district", "nowhere", "--role", "referent")
    assert result.exit_code == 1 and "nowhere" in result.output and district.slug in result.output


def test_cli_changes_are_audited_as_cli(pdz, district):
    pdz("users", "create", "a@example.org", "--name", "A", "--password", "pw")
    pdz("users", "set-role", "a@example.org", "--district", district.slug, "--role", "facilitator")
    user_row = db.session.scalar(db.select(AuditLog).filter_by(entity="User", operation="create")
                                 .where(AuditLog.summary.contains("A")).order_by(AuditLog.id.desc()))
    assert user_row.actor.startswith("cli:") and user_row.user_id is None
    assert user_row.after["email"] == "a@example.org" and "password_hash" not in user_row.after
    membership_row = db.session.scalar(db.select(AuditLog).filter_by(entity="Membership", operation="create")
                                       .order_by(AuditLog.id.desc()))
    assert membership_row.actor.startswith("cli:") and membership_row.district_id == district.id
    assert membership_row.after["role"] == "facilitator"
    pdz("users", "set-role", "a@example.org", "--district", district.slug, "--role", "facilitator", "--remove")
    deleted = db.session.scalar(db.select(AuditLog).filter_by(entity="Membership", operation="delete"))
    assert deleted.actor.startswith("cli:") and deleted.before["role"] == "facilitator" and deleted.after is None
    assert db.session.scalar(db.select(db.func.count(Membership.id)).filter_by(user_id=_user("a@example.org").id)) == 0
