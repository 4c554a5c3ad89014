"""A plan dumped in the import shape of app/plans.py (JSON files, the XLSX template, the API), so it survives
a round trip through any of them."""
from __future__ import annotations

from .models import Plan, SystemAction


def plan_to_dict(plan: Plan, *, private: bool = False) -> dict:
    """The plan in the import shape, with ids added for API clients (ignored on import).

    Referents' e-mail addresses are personal data: only `private` dumps (exports for the office) carry them.
    """
    thesis_number = {t.id: i for i, t in enumerate(plan.theses, start=1)}
    return {
        "district": {"id": plan.district.id, "name": plan.district.name, "province": plan.district.province},
        "plan": {
            "id": plan.id, "title": plan.title, "start_year": plan.start_year, "end_year": plan.end_year,
            "status": plan.status.value, "description": plan.description,
            "previous_plan_id": plan.previous_plan_id,
            "theses": [t.text for t in plan.theses],
            "areas": [{
                "id": area.id, "name": area.name, "description": area.description,
                "actions": [action_to_dict(action, thesis_number, private) for action in area.actions],
            } for area in plan.areas],
        },
    }


def action_to_dict(action: SystemAction, thesis_number: dict[int, int], private: bool = False) -> dict:
    return {
        "id": action.id, "code": action.code, "title": action.title, "description": action.description,
        "expected_results": action.expected_results, "projects": list(action.projects or []),
        "planned_start": action.planned_start.isoformat() if action.planned_start else None,
        "planned_end": action.planned_end.isoformat() if action.planned_end else None,
        "theses": [thesis_number[t.id] for t in action.theses if t.id in thesis_number],
        "referents": [{"name": u.name, "email": u.email} if private else {"name": u.name}
                      for u in action.referents],
        "organizations": [{"name": i.organization.name, "type": i.organization.type.value, "role": i.role.value}
                          for i in action.involvements],
        "budget": [{"source": b.source.value, "amount": str(b.planned_amount), "description": b.description,
                    "programme": b.programme.name if b.programme else None} for b in action.budget_lines],
    }
