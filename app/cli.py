"""The `pdz` command: Flask's own commands (run, shell, db ...) plus the platform's, all thin over services."""
from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, ScriptInfo, with_appcontext

from flask_migrate import upgrade

from . import create_app, features, people, registry, server
from .audit import actor_name
from .cli_helpers import export_command, fail, found, refuse_binary_on_terminal, warn_unused_base_url, write_export
from .config import ConfigError
from .demo import load_demo, other_offices
from .errors import DomainError
from .extensions import db
from .log import configure
from .account_models import User
from .models import District, Plan, PlanningArea, Role, SystemAction
from .operations import backup_command, privacy_group, restore_command
from .plan_files import export_plan as plan_file, import_plan_file
from .plans import PlanImportError
from .urls import public_request_context

# bandit B105: the demo's published password
DEMO_PASSWORD = "demo"  # nosec B105
DEMO_ACCOUNTS = [
    ("ufficio@demo.pdz", "Ufficio di Piano (demo)", "planning_office"),
    ("facilitatore@demo.pdz", "Facilitatrice (demo)", "facilitator"),
    ("referente@demo.pdz", "Referente (demo)", "referent"),
]


def _create_app(*_args):
    try:
        return create_app()
    except ConfigError as error:
        raise click.UsageError(str(error))


@click.group(cls=FlaskGroup, create_app=_create_app, add_version_option=False, load_dotenv=False)
@click.pass_context
def main(ctx):
    """PdZ Partecipato: participatory planning of a Piano di Zona."""
    token = actor_name.set(f"cli:{getpass.getuser()}")
    ctx.call_on_close(lambda: actor_name.reset(token))


def _upgrade_database():
    upgrade(directory=current_app.extensions["migrate"].directory)


@main.command(with_appcontext=False)
@click.option("--no-serve", is_flag=True, help="Prepare the demo database and exit.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.pass_context
def demo(ctx, no_serve, host, port):
    """Create the demo (database, Crema sample plan, demo accounts) and serve it."""
    os.environ["PDZ_DEMO"] = "1"
    # Served on every interface? (A comparison, not a bind: bandit's B104 does not apply.)
    every_address = host in ("0.0.0.0", "::", "")  # nosec B104
    if not os.environ.get("PDZ_BASE_URL"):   # the links and the trusted host: this server, unless told otherwise
        os.environ["PDZ_BASE_URL"] = f"http://{'127.0.0.1' if every_address else host}:{port}"
    elif every_address:
        every_address = False   # the address the phones use was given
    app = ctx.ensure_object(ScriptInfo).load_app()
    with app.app_context():
        _upgrade_database()
        plan = load_demo(DEMO_ACCOUNTS, DEMO_PASSWORD)
        url = os.environ["PDZ_BASE_URL"].rstrip("/") + "/"
        click.echo(f"\nPdZ Partecipato - demo ready: {plan.district.name}, {plan.title}")
        click.echo(f"  {len(plan.areas)} areas, {len(plan.actions)} system actions")
        click.echo(f"  Database: {app.config['SQLALCHEMY_DATABASE_URI']}")
        click.echo(f"  Open {url}")
        click.echo("  Logins (password 'demo'):")
        for email, _name, role in DEMO_ACCOUNTS:
            click.echo(f"    {email:<26} {role}")
        for email, district in other_offices():
            click.echo(f"    {email:<26} planning_office of {district}")
        click.echo(f"  Keyword session for phones: {url}k/CREMA1 (projector wall: {url}k/CREMA1/parete)")
        if every_address:
            click.echo(f"  For phones on the network, run it with PDZ_BASE_URL=http://<this machine's address>:{port}: "
                       "links and the wall's QR code take that address, and only it (and localhost) is answered.")
    if not no_serve:
        server.serve(app, host=host, port=port, workers=1)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=int, help="Gunicorn worker processes.")
@click.option("--threads", default=8, show_default=True, type=int, help="Threads per worker.")
@with_appcontext
def serve(host, port, workers, threads):
    """Serve the platform with gunicorn (the production server); logs are JSON unless PDZ_LOG_FORMAT=text."""
    if not os.environ.get("PDZ_LOG_FORMAT"):
        configure(current_app, "json")
    server.serve(current_app._get_current_object(), host=host, port=port, workers=workers, threads=threads)


# ---- users ---------------------------------------------------------------------------------------------

@main.group()
def users():
    """Accounts and their roles in each district."""


def _district(slug: str):
    district = db.session.scalar(db.select(District).filter_by(slug=slug))
    if district is None:
        slugs = ", ".join(db.session.scalars(db.select(District.slug)).all()) or "-"
        fail(f"No district '{slug}'. Known districts: {slugs}")
    return district


ROLE_CHOICE = click.Choice(["planning_office", "facilitator", "referent"])


@users.command("create")
@click.argument("email")
@click.option("--name", required=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--district", "district_slug", help="District slug for --role.")
@click.option("--role", type=ROLE_CHOICE)
@click.option("--admin", is_flag=True, help="Installation administrator (creates districts).")
@with_appcontext
def users_create(email, name, password, district_slug, role, admin):
    """Create an account, optionally with a role in a district."""
    if bool(district_slug) != bool(role):
        fail("--district and --role go together.")
    district = _district(district_slug) if district_slug else None
    try:
        user = people.create_user(email, name, password, is_admin=admin)
        if role:
            people.grant(user, district, Role(role))
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        fail(error.message)
    click.echo(f"Created {user.email}")


@users.command("invite")
@click.argument("email")
@click.option("--district", "district_slug", required=True)
@click.option("--role", type=ROLE_CHOICE, required=True)
@click.option("--name")
@click.option("--action", "action_codes", multiple=True, help="Code of an action the referent reports on.")
@click.option("--base-url", hidden=True, help="No longer used: the link takes PDZ_BASE_URL.")
@with_appcontext
def users_invite(email, district_slug, role, name, action_codes, base_url):
    """Invite someone by e-mail (or outbox) with a signed, single-use link."""
    warn_unused_base_url(base_url)
    district = _district(district_slug)
    actions = [_action(district, code) for code in action_codes]
    with public_request_context():
        try:
            _invitation, link = people.invite(district, email, Role(role), name=name, actions=actions)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            fail(error.message)
    click.echo(f"Invitation sent to {email}: {link}")


def _action(district, code):
    plan = district.current_plan or (district.plans[0] if district.plans else None)
    action = plan and db.session.scalar(
        db.select(SystemAction).join(PlanningArea).where(PlanningArea.plan_id == plan.id, SystemAction.code == code))
    if not action:
        fail(f"No action with code '{code}' in {district.name}.")
    return action


@users.command("list")
@click.option("--district", "district_slug")
@with_appcontext
def users_list(district_slug):
    """List accounts with their roles."""
    district = _district(district_slug) if district_slug else None
    for user in db.session.scalars(db.select(User).order_by(User.email)):
        roles = sorted(f"{m.district.slug}:{m.role.value}" for m in user.memberships
                       if district is None or m.district_id == district.id)
        if district is None or roles:
            flags = " [admin]" if user.is_admin else ""
            flags += "" if user.active else " [disabled]"
            click.echo(f"{user.email:<32} {user.name:<30} {' '.join(roles)}{flags}")


@users.command("set-role")
@click.argument("email")
@click.option("--district", "district_slug", required=True)
@click.option("--role", type=ROLE_CHOICE, required=True)
@click.option("--remove", is_flag=True, help="Take the role away instead.")
@with_appcontext
def users_set_role(email, district_slug, role, remove):
    """Give (or with --remove take away) a role in a district."""
    try:
        user = people.find_user(email)
        if user is None:
            fail(f"No user {email}.")
        (people.revoke if remove else people.grant)(user, _district(district_slug), Role(role))
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        fail(error.message)
    click.echo(f"{'Removed' if remove else 'Granted'} {role} in {district_slug} for {user.email}")


# ---- import / export -------------------------------------------------------------------------------------

@main.group("import")
def import_group():
    """Import data from files."""


@import_group.command("plan")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--district", "district_slug", help="Import into this district instead of the file's.")
@with_appcontext
def import_plan(path, district_slug):
    """Import a plan from JSON (the sample file's shape) or XLSX (the template's shape).

    Nothing is written unless the whole file is right; otherwise every problem is listed and the exit code is 1.
    """
    district = _district(district_slug) if district_slug else None
    try:
        plan = import_plan_file(path.name, _read_plan_file(path), district=district)
        db.session.commit()
    except PlanImportError as error:
        db.session.rollback()
        click.secho(error.message, fg="red", err=True)
        for problem in error.problems:
            click.echo(f"  - {problem}", err=True)
        sys.exit(1)
    except DomainError as error:
        db.session.rollback()
        fail(error.message)
    click.echo(f"Imported '{plan.title}' (id {plan.id}) into {plan.district.name}: "
               f"{len(plan.areas)} areas, {len(plan.actions)} actions.")


def _read_plan_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        fail(f"Cannot read {path}: {error.strerror}")


@main.group("export")
def export_group():
    """Export data to files."""


@export_command("plan", "plan_id", ["json", "xlsx"], "json")
def export_plan(plan_id, fmt, output):
    """Export a plan as JSON or XLSX (both can be imported again; they carry referents' e-mails)."""
    plan = found(Plan, plan_id, "plan")
    refuse_binary_on_terminal(fmt, output)
    payload, _filename, _mimetype = plan_file(plan, fmt)
    write_export(payload, output, f"'{plan.title}', {len(plan.areas)} areas, {len(plan.actions)} actions.")


# ---- the features' commands and the operator's ------------------------------------------------------------

GROUPS = {None: main, "export": export_group, "import": import_group}
export_group.add_command(export_plan)
for command in (backup_command, restore_command, privacy_group):
    main.add_command(command)
features.register()
for (group, name), command in registry.COMMANDS.items():   # `pdz cards`, `pdz export focus`, ...
    GROUPS[group].add_command(command, name)
