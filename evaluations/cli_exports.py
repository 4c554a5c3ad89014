"""`pdz export cards PLAN_ID --format xlsx|csv -o FILE`: every card of a plan's campaign, one row per action."""
from __future__ import annotations

import click

from app.cli_helpers import export_command, fail, found, refuse_binary_on_terminal, write_export
from app.extensions import db
from app.models import Plan
from app.urls import public_request_context
from exports.cards import cards_to_csv, cards_to_xlsx

from .card_data import export_rows, value_labels
from .models import EvaluationCampaign


@export_command("cards", "plan_id", ["xlsx", "csv"], "xlsx")
@click.option("--campaign", "campaign_id", type=int, help="Campaign id (default: the plan's latest campaign).")
def export_cards(plan_id, fmt, output, campaign_id):
    """Export the evaluation cards of a plan: XLSX (one sheet per section) or CSV, one row per action."""
    plan = found(Plan, plan_id, "plan")
    campaign = None
    if campaign_id is not None:
        campaign = db.session.get(EvaluationCampaign, campaign_id)
        if campaign is None or campaign.plan_id != plan.id:
            fail(f"No campaign {campaign_id} on plan {plan_id}.")
    refuse_binary_on_terminal(fmt, output)
    # Headers and labels in the installation's language, as the office would see them on screen.
    with public_request_context():
        campaign, rows = export_rows(plan, campaign)
        if campaign is None:
            fail(f"Plan {plan_id} has no evaluation campaign yet.")
        payload = (cards_to_xlsx if fmt == "xlsx" else cards_to_csv)(rows, value_labels())
    write_export(payload, output, f"{len(rows)} cards of '{campaign.title}'.")
