"""A group's roster from a spreadsheet: every row matched to the people already known (the roster, the district's
accounts) despite spelling variants, shown to the office as suggestions, and saved only when confirmed, all
rows or none."""
from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from app.extensions import db
from app.models import Role
from meetings import standing
from meetings.standing_models import RosterMember
from tests.conftest import login


def workbook(*rows) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(["Nome e cognome", "Ente", "E-mail"])
    for row in rows:
        sheet.append(list(row))
    stream = io.BytesIO()
    book.save(stream)
    stream.seek(0)
    return stream


@pytest.fixture
def group(district, make_user):
    group = standing.add_group(district, name="Gruppo di progettazione")
    standing.add_member(group, name="Marco Bianchi", organization_name="Cooperativa Esempio")
    make_user("mariapia@example.org", Role.REFERENT, district, name="Maria Pia Ferretti")
    db.session.commit()
    return group


def upload(client, group, stream):
    return client.post(f"/gestione/{group.district.slug}/gruppi/{group.id}/importa",
                       data={"file": (stream, "rosa.xlsx")}, content_type="multipart/form-data")


def confirmation(html: str) -> dict:
    """The confirmation form's fields with the values the page chose."""
    import re
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        fields[name] = re.search(r'<option value="([^"]+)" selected', body)[1]
    return fields


def test_rows_are_matched_despite_spelling_and_saved_only_when_confirmed(client, office, group):
    login(client, office)
    page = upload(client, group, workbook(("Bianchi Marco", None, "marco@example.org"),
                                          ("Mariapia Ferretti", "Comune di Crema", None),
                                          ("Lucia Neri", "Associazione Esempio", "lucia@example.org")))
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and len(group.roster) == 1            # nothing saved yet
    fields = confirmation(html)
    marco = group.roster[0]
    assert fields["row-0-choice"] == f"roster:{marco.id}" and fields["row-2-choice"] == "new"
    assert fields["row-1-choice"].startswith("user:") and "Maria Pia Ferretti" in html
    client.post(f"/gestione/{group.district.slug}/gruppi/{group.id}/importa/conferma", data=fields)
    db.session.expire_all()
    roster = {m.name: m for m in group.roster}
    assert set(roster) == {"Marco Bianchi", "Mariapia Ferretti", "Lucia Neri"}
    assert roster["Marco Bianchi"].email == "marco@example.org"           # completed, not duplicated
    assert roster["Mariapia Ferretti"].user.email == "mariapia@example.org"
    assert roster["Lucia Neri"].organization_label == "Associazione Esempio"


def test_the_office_may_overrule_a_suggestion(client, office, group):
    login(client, office)
    fields = confirmation(upload(client, group, workbook(("Bianchi Marco", None, None))).get_data(as_text=True))
    fields["row-0-choice"] = "new"                                       # a namesake, not the same person
    client.post(f"/gestione/{group.district.slug}/gruppi/{group.id}/importa/conferma", data=fields)
    db.session.expire_all()
    assert sorted(m.name for m in group.roster) == ["Bianchi Marco", "Marco Bianchi"]


def test_a_choice_outside_the_group_or_a_bad_row_saves_nothing(client, office, group, district):
    login(client, office)
    other = standing.add_member(standing.add_group(district, name="Altro"), name="Persona Altra")
    db.session.commit()
    url = f"/gestione/{district.slug}/gruppi/{group.id}/importa/conferma"
    rows = {"count": "2", "row-0-row": "2", "row-0-name": "Lucia Neri", "row-0-choice": "new",
            "row-1-row": "3", "row-1-name": "Persona Altra", "row-1-choice": f"roster:{other.id}"}
    assert client.post(url, data=rows).status_code == 422
    rows.update({"row-1-choice": "new", "row-1-email": "non-una-mail"})
    answer = client.post(url, data=rows)
    text = answer.get_data(as_text=True)
    assert answer.status_code == 422 and "Riga 3" in text, text[text.find("<h1"):][:1500]
    db.session.expire_all()
    assert [m.name for m in group.roster] == ["Marco Bianchi"]                 # neither row saved


def test_a_file_that_is_not_a_roster_says_what_is_wrong(client, office, group):
    login(client, office)
    answer = upload(client, group, io.BytesIO(b"not a workbook"))
    assert answer.status_code == 422 and "xlsx" in answer.get_data(as_text=True)
    empty = upload(client, group, workbook())
    assert empty.status_code == 422
    template = client.get(f"/gestione/{group.district.slug}/gruppi/rosa.xlsx")
    assert template.status_code == 200 and template.data[:2] == b"PK"


def test_only_the_office_imports(client, facilitator, group):
    login(client, facilitator)
    assert upload(client, group, workbook(("Lucia Neri", None, None))).status_code == 403
    assert db.session.scalar(db.select(db.func.count()).select_from(RosterMember)) == 1
