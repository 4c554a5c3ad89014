"""A working group's roster is read from a workbook whatever its header language or layout, and a file with
a problem is refused with the row to correct. All names are made up."""
from __future__ import annotations

import io
import re

import pytest
from openpyxl import Workbook

from meetings.roster_files import MAX_PEOPLE, RosterFileError, RosterRow, read_roster, template_xlsx


def workbook(*rows) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(list(row))
    book.create_sheet("Altro").append(["Nome", "Ente"])   # only the first sheet is read
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def refused(stream) -> str:
    with pytest.raises(RosterFileError) as error:
        read_roster(stream)
    assert error.value.problems and isinstance(error.value, ValueError)
    return error.value.message


def mentions_row(message: str, row: int) -> bool:
    return re.search(rf"\b{row}\b", message) is not None


def test_italian_headers():
    rows = read_roster(workbook(["Nome e cognome", "Ente di appartenenza", "Posta elettronica", "Qualifica"],
                                ["  Ottavia  Brambillasca ", "Comune di Borgofranco", "Ottavia.B@Example.org",
                                 "assistente sociale"],
                                ["Renato Pizzamiglio", None, None, None]))
    assert rows == [RosterRow(2, "Ottavia Brambillasca", "Comune di Borgofranco", "ottavia.b@example.org",
                              "assistente sociale"),
                    RosterRow(3, "Renato Pizzamiglio", None, None, None)]


def test_english_headers_in_any_case_and_order():
    rows = read_roster(workbook(["ROLE", "E-Mail", "Organization", "Name"],
                                ["coordinator", "marco.l@example.org", "Cooperativa Il Ponte", "Marco Locatelli"]))
    assert rows == [RosterRow(2, "Marco Locatelli", "Cooperativa Il Ponte", "marco.l@example.org", "coordinator")]


@pytest.mark.parametrize("header", ["Nominativo", "Cognome e nome", "NOME", "Nome:", "Nome e Cognome"])
def test_each_name_header_is_recognised(header):
    assert [r.name for r in read_roster(workbook([header], ["Teodora Valsecchi"]))] == ["Teodora Valsecchi"]


def test_separate_first_name_and_surname_columns_are_joined():
    rows = read_roster(workbook(["Cognome", "Nome", "Ruolo", "Ente", "Mail"],
                                ["Tessadori", "Maria Pia", "educatrice", "ASST", ""],
                                ["Valsecchi", "", "", "", ""]))
    assert [(r.name, r.role, r.body) for r in rows] == [("Maria Pia Tessadori", "educatrice", "ASST"),
                                                        ("Valsecchi", None, None)]


def test_the_header_row_may_come_after_a_title_and_empty_rows_are_skipped():
    rows = read_roster(workbook(["Tavolo permanente minori e famiglia"], ["Componenti al 1° marzo"], [],
                                [None, "Nome e cognome", "Ente"],
                                [None, "Gianluca De Stefanis", "Consultorio"],
                                [], [None, "  ", None],
                                [None, "Beatrice Scandellari", "Comune di Borgofranco"]))
    assert [(r.row, r.name) for r in rows] == [(5, "Gianluca De Stefanis"), (8, "Beatrice Scandellari")]


def test_a_quote_our_exports_put_before_a_formula_is_taken_off():
    [row] = read_roster(workbook(["Nome e cognome", "Ruolo"], ["Teodora Valsecchi", "'- referente"]))
    assert row.role == "- referente"


def test_the_template_reads_back_as_an_empty_roster():
    assert read_roster(io.BytesIO(template_xlsx())) == []


def test_a_file_that_is_not_a_workbook_is_refused():
    assert "xlsx" in refused(io.BytesIO(b"Nome e cognome;Ente\nTeodora Valsecchi;ASST\n"))
    assert "xlsx" in refused(io.BytesIO(b""))


def test_a_sheet_without_a_column_of_names_is_refused():
    assert "Nome e cognome" in refused(workbook(["Ente", "E-mail"], ["ASST", "a@example.org"]))
    late = [[f"riga {n}"] for n in range(10)] + [["Nome e cognome"], ["Teodora Valsecchi"]]
    assert "Nome e cognome" in refused(workbook(*late))     # the header is looked for in the first 10 rows only
    assert "Nome e cognome" in refused(workbook())


def test_too_many_people_are_refused_at_the_row_past_the_limit():
    rows = [["Nome e cognome"]] + [[f"Persona {n}"] for n in range(MAX_PEOPLE + 1)]
    assert read_roster(workbook(*rows[:-1]))[-1].row == MAX_PEOPLE + 1
    message = refused(workbook(*rows))
    assert mentions_row(message, MAX_PEOPLE + 2) and str(MAX_PEOPLE) in message


def test_a_name_too_long_is_refused_with_its_row():
    message = refused(workbook(["Nome e cognome"], ["Teodora Valsecchi"], ["x" * 201]))
    assert mentions_row(message, 3) and "200" in message
    assert read_roster(workbook(["Nome e cognome"], ["x" * 200]))[0].name == "x" * 200


def test_body_and_role_too_long_are_refused_with_their_row():
    with pytest.raises(RosterFileError) as error:
        read_roster(workbook(["Nome e cognome", "Ente", "Ruolo"], ["Teodora Valsecchi", "e" * 201, "r" * 201]))
    assert len(error.value.problems) == 2 and all(mentions_row(p, 2) for p in error.value.problems)


def test_an_email_that_is_not_one_is_refused_with_its_row():
    message = refused(workbook(["Nome e cognome", "E-mail"], ["Teodora Valsecchi", "teodora@example.org"],
                               ["Renato Pizzamiglio", "renato.pizzamiglio@"]))
    assert mentions_row(message, 3) and "renato.pizzamiglio@" in message


def test_a_row_with_details_but_no_name_is_refused():
    message = refused(workbook(["Cognome", "Nome", "Ente"], ["Valsecchi", "Teodora", "ASST"], ["", "", "ASST"]))
    assert mentions_row(message, 3)


def test_one_person_twice_is_refused_naming_both_rows():
    message = refused(workbook(["Nome e cognome"], ["Teodora Valsecchi"], ["Renato Pizzamiglio"],
                               ["VALSECCHI  Teodora"]))
    assert mentions_row(message, 2) and mentions_row(message, 4) and "VALSECCHI Teodora" in message


def test_every_problem_is_listed_at_once():
    with pytest.raises(RosterFileError) as error:
        read_roster(workbook(["Nome e cognome", "Email"], ["x" * 201, ""], ["Renato Pizzamiglio", "nope"],
                             ["Teodora Valsecchi", ""], ["Teodora Valsecchi", ""]))
    problems = error.value.problems
    assert len(problems) == 3
    assert all(mentions_row(problem, row) for problem, row in zip(problems, (2, 3, 5)))
