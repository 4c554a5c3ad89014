"""Participation by role: the district's list of roles (edited by the office, never empty), the role a registration,
a roster place, a comment or an amendment carries, the roles a meeting's minutes report, and the participation
page of a cycle and of a standing group, with the roles that were missing."""
from __future__ import annotations

from datetime import datetime

import pytest

from app import roles
from app.errors import InvalidField
from app.extensions import db
from app.role_models import DEFAULT_ROLES, ParticipantRole
from meetings import attendance, role_reports, standing
from meetings.models import Meeting, MeetingKind
from meetings.registrations import RegistrationSource, register
from plan_drafts import participation
from posts import comments
from posts.models import CommentStatus, Post, PostStatus
from tests.conftest import login


def role(district, name: str) -> ParticipantRole:
    return next(r for r in roles.district_roles(district.id) if r.name == name)


def meeting(plan, day: int, **extra) -> Meeting:
    found = Meeting(district_id=plan.district_id, plan_id=plan.id, kind=MeetingKind.OPEN_MEETING, title=f"Incontro {day}",
                    place="Crema", starts_at=datetime(2015, 3, day, 9), ends_at=datetime(2015, 3, day, 12), **extra)
    db.session.add(found)
    db.session.flush()
    return found


def test_a_district_starts_with_the_usual_roles_and_the_office_edits_them(district):
    assert [r.name for r in roles.district_roles(district.id)] == list(DEFAULT_ROLES)
    added = roles.add_role(district, "  Parrocchia ")
    assert added.name == "Parrocchia" and roles.district_roles(district.id)[-1] == added
    with pytest.raises(InvalidField, match="già un ruolo"):
        roles.add_role(district, "parrocchia")
    roles.rename_role(added, "Parrocchie")
    for name in [r.name for r in roles.district_roles(district.id)][:-1]:
        roles.delete_role(role(district, name))
    with pytest.raises(InvalidField, match="almeno un ruolo"):
        roles.delete_role(added)


def test_the_cycle_counts_people_by_role_and_body_and_names_the_missing_roles(plan, district):
    first, second = meeting(plan, 5), meeting(plan, 26)
    staff, families = role(district, "Tecnico dei servizi"), role(district, "Famiglia/cittadino")
    for n, (who, chosen) in enumerate([("Persona Uno", staff), ("Persona Due", staff), ("Persona Tre", None)]):
        register(first, name=who, email=f"p{n}@example.org", organization_name="Comune di Crema",
                 source=RegistrationSource.OFFICE, role=chosen)
    register(second, name="Persona Quattro", email="p4@example.org", source=RegistrationSource.OFFICE,
             role=families)
    role_reports.report_role(second, role(district, "Amministratore/politico"), source="amministratori locali")
    post = Post(district_id=district.id, plan_id=plan.id, title="Sintesi", slug="sintesi", body="x",
                status=PostStatus.PUBLISHED, comments_enabled=True)
    db.session.add(post)
    db.session.flush()
    comment = comments.add_comment(post, name="Lettrice", email="l@example.org", body="Bene.",
                                   role=role(district, "Volontario"), organization_name="Associazione Esempio")
    comment.status = CommentStatus.APPROVED
    db.session.commit()
    found = participation.of_cycle(plan)
    rows = {row.role: (row.people, row.reported) for row in found.by_role()}
    assert rows == {"Amministratore/politico": (0, 1), "Tecnico dei servizi": (2, 0), "Volontario": (1, 0),
                    "Famiglia/cittadino": (1, 0), "Ruolo non indicato": (1, 0)}
    assert found.absent_roles() == ["Terzo settore", "Scuola", "Sanità"]
    assert found.by_body() == [("Comune di Crema", 3), ("Associazione Esempio", 1)]
    assert [month for month, _counts in found.over_time()][0] == "2015-03"
    data = participation.as_data(found)
    assert data["by_role"]["Tecnico dei servizi"] == {"people": 2, "meetings_reported": 0}


def test_a_roster_member_expected_but_not_checked_in_did_not_take_part(plan, district):
    group = standing.add_group(district, name="Gruppo di progettazione", plan=plan)
    for n in range(3):
        standing.add_member(group, name=f"Partecipante {n}", role=role(district, "Terzo settore"))
    day = meeting(plan, 9, standing_group_id=group.id)
    standing.expect_roster(day)
    attendance.check_in(attendance.expected(day)[0], True)
    assert [(r.role, r.people) for r in participation.of_group(group).by_role()] == [("Terzo settore", 1)]


def test_a_role_of_another_district_is_refused(plan, district, make_app):
    from app.plans import find_or_create_district
    other = find_or_create_district("Ambito di Dalmine")
    foreign = roles.district_roles(other.id)[0]
    with pytest.raises(Exception, match="un altro ambito|another district"):
        register(meeting(plan, 5), name="Persona", email="x@example.org", source=RegistrationSource.OFFICE,
                 role=foreign)
    with pytest.raises(InvalidField):
        role_reports.report_role(meeting(plan, 6), foreign)


def test_the_participation_page_and_the_roles_page(client, office, plan, district):
    role_reports.report_role(meeting(plan, 5), role(district, "Volontario"), people=12, source="i volontari")
    db.session.commit()
    login(client, office)
    page = client.get(f"/gestione/{district.slug}/partecipazione/?plan_id={plan.id}").get_data(as_text=True)
    assert "Volontario" in page and "«i volontari»" in page and "Sanità" in page      # missing, listed
    roles_page = client.get(f"/gestione/{district.slug}/ruoli/")
    assert roles_page.status_code == 200 and "Tecnico dei servizi" in roles_page.get_data(as_text=True)
    refused = client.post(f"/gestione/{district.slug}/ruoli/", data={"name": ""})
    assert refused.status_code == 422
    client.post(f"/gestione/{district.slug}/ruoli/", data={"name": "Sindacato"})
    assert role(district, "Sindacato")
    registration_form = client.get(f"/gestione/{district.slug}/incontri/{Meeting.query.first().id}/ruoli")
    assert registration_form.status_code == 200


def test_only_the_office_sees_participation_and_edits_roles(client, facilitator, district):
    login(client, facilitator)
    assert client.get(f"/gestione/{district.slug}/partecipazione/").status_code == 403
    assert client.get(f"/gestione/{district.slug}/ruoli/").status_code == 403


def test_the_process_chapter_of_the_next_draft_tells_who_took_part_by_role(plan, district):
    from plan_drafts import gather, prefill
    role_reports.report_role(meeting(plan, 5), role(district, "Amministratore/politico"),
                             source="amministratori locali")
    db.session.commit()
    chapter = prefill.process_chapter(plan.title, gather.meeting_facts(plan), gather.focus_facts(plan),
                                      roles=gather.role_facts(plan))
    assert "| Amministratore/politico | 0 | 1 |" in chapter
    assert "Famiglia/cittadino" in chapter.split("Roles that did not take part:")[1]


def test_a_role_reported_by_mistake_is_removed_after_confirming(client, office, plan, district):
    day = meeting(plan, 5)
    report = role_reports.report_role(day, role(district, "Scuola"), people=3, source="insegnanti")
    db.session.commit()
    login(client, office)
    url = f"/gestione/{district.slug}/ruoli-riportati/{report.id}/elimina"
    assert "Scuola" in client.get(url).get_data(as_text=True)
    client.post(url)
    assert role_reports.reports_of(day) == []
    refused = client.post(f"/gestione/{district.slug}/incontri/{day.id}/ruoli", data={"role_id": "", "people": "-2"})
    assert refused.status_code == 422 and role_reports.reports_of(day) == []


def test_deleting_a_role_says_what_keeps_it_and_what_goes_with_it(client, office, plan, district):
    scuola = role(district, "Scuola")
    role_reports.report_role(meeting(plan, 5), scuola, source="insegnanti")
    register(meeting(plan, 6), name="Persona", email="p@example.org", source=RegistrationSource.OFFICE, role=scuola)
    db.session.commit()
    login(client, office)
    page = client.get(f"/gestione/{district.slug}/ruoli/{scuola.id}/elimina").get_data(as_text=True)
    assert "1 partecipazione perde il ruolo" in page and "non riporta più il ruolo" in page
