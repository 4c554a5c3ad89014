"""`pdz cards ...`: evaluation cards from the command line (a scheduler runs `pdz cards remind`)."""
from __future__ import annotations

import sys
from datetime import timedelta

import click
from flask.cli import with_appcontext

from app.clock import local_today
from app.cli_helpers import warn_unused_base_url
from app.extensions import db
from app.models import District
from app.urls import public_request_context

from .models import CampaignStatus, EvaluationCampaign
from .notify import remind_late


@click.group("cards")
def cards():
    """Evaluation cards: reminders to the referents."""


@cards.command("remind")
@click.option("--district", "district_slug", help="Only this district (slug).")
@click.option("--campaign", "campaign_id", type=int, help="Only this campaign (id).")
@click.option("--days-before", type=int, default=None,
              help="Only campaigns whose deadline is at most this many days away (or already past).")
@click.option("--min-hours", type=int, default=20, show_default=True,
              help="Skip cards reminded less than this many hours ago, so a daily run never sends twice.")
@click.option("--base-url", hidden=True, help="No longer used: the links take PDZ_BASE_URL.")
@with_appcontext
def remind(district_slug, campaign_id, days_before, min_hours, base_url):
    """Remind the referents of the cards not yet sent, in every open campaign."""
    query = db.select(EvaluationCampaign).where(EvaluationCampaign.status == CampaignStatus.OPEN)
    if district_slug:
        district = db.session.scalar(db.select(District).filter_by(slug=district_slug))
        if district is None:
            click.secho(f"No district '{district_slug}'.", fg="red", err=True)
            sys.exit(1)
        query = query.where(EvaluationCampaign.district_id == district.id)
    if campaign_id:
        query = query.where(EvaluationCampaign.id == campaign_id)
    if days_before is not None:
        query = query.where(EvaluationCampaign.deadline <= local_today() + timedelta(days=days_before))
    warn_unused_base_url(base_url)
    total = 0
    with public_request_context():   # the links take PDZ_BASE_URL
        for campaign in db.session.scalars(query.order_by(EvaluationCampaign.id)).all():
            sent = remind_late(campaign, min_interval=timedelta(hours=min_hours))
            db.session.commit()
            total += sent
            click.echo(f"{campaign.district.slug} · {campaign.title}: {sent} reminders")
    click.echo(f"Reminders sent: {total}")
