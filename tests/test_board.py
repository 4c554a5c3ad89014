"""Grouping variants and the classification board: merges are offered, reversible; moves are versioned."""
from __future__ import annotations

import re

import pytest

from app.extensions import db
from focus_groups import board_services as svc
from focus_groups import export_data, management, sessions
from focus_groups.models import BoardColumn, Keyword, KeywordGroup, Statement
from posts import synthesis_data


@pytest.fixture
def focus(plan):
    group = management.create_focus_group(plan, title="Modello organizzativo", area=plan.areas[0])
    db.session.commit()
    return group


@pytest.fixture
def live(focus):
    session = management.open_session(focus, prompt="Scrivete UNA PAROLA CHIAVE")
    management.paste_keywords(session, "\n".join([
        "Fiducia", "fiducia", "sfiducia", "Responsabilita'", "responsabilità", "lavoro di rete",
        "lavoro in rete", "lavoro di gruppo"]))
    db.session.commit()
    return session


@pytest.fixture
def phoned(focus):
    """The same keywords as `live`, sent from phones: no group is stored until the facilitator asks."""
    session = management.open_session(focus, prompt="Scrivete UNA PAROLA CHIAVE")
    for number, text in enumerate(["Fiducia", "fiducia", "sfiducia", "Responsabilita'", "responsabilità",
                                   "lavoro di rete", "lavoro in rete", "lavoro di gruppo"]):
        sessions.submit_keyword(session, text, f"phone-{number}", f"sent-{number}")
    db.session.commit()
    return session


def _stored():
    return (db.session.scalar(db.select(db.func.count(KeywordGroup.id))),
            db.session.scalar(db.select(db.func.count(Keyword.id)).where(Keyword.group_id.is_not(None))))


def url(district, tail):
    return f"/gestione/{district.slug}/focus/{tail}"


def labels(session):
    return sorted((g.label, sorted(k.text for k in g.keywords)) for g in svc.live_groups(session))


def test_same_keyword_typed_differently_counts_once(live):
    svc.ensure_groups(live)
    groups = {g.label.casefold(): svc.group_count(g) for g in svc.live_groups(live)}
    assert groups["fiducia"] == 2 and groups["sfiducia"] == 1
    assert sum(groups.values()) == 8 and len(groups) == 6


def test_grouping_page_offers_one_suggestion_and_merges_on_accept(as_facilitator, district, live):
    page = as_facilitator.get(url(district, f"sessioni/{live.id}/raggruppa"))
    assert page.status_code == 200
    offers = svc.suggestions(live)
    assert offers, "the engine offers rete / in rete"
    pair = {offers[0].target.label, offers[0].other.label}
    assert "sfiducia" not in pair and "lavoro di gruppo" not in pair
    before = len(svc.live_groups(live))
    response = as_facilitator.post(url(district, f"sessioni/{live.id}/unisci"),
                                   data={"target": offers[0].target.id, "other": offers[0].other.id})
    assert response.status_code == 302
    db.session.expire_all()
    assert len(svc.live_groups(live)) == before - 1
    # Raw submissions are never altered.
    assert sorted(k.text for k in live.keywords)[0] == "Fiducia"


def test_rejected_suggestion_is_not_offered_again(as_facilitator, district, live):
    svc.ensure_groups(live)
    db.session.commit()
    first = svc.suggestions(live)[0]
    as_facilitator.post(url(district, f"sessioni/{live.id}/rifiuta"),
                        data={"target": first.target.id, "other": first.other.id})
    page = as_facilitator.get(url(district, f"sessioni/{live.id}/raggruppa")).get_data(as_text=True)
    offered = page.split('id="manual-heading"')[0]
    assert f'name="other" value="{first.other.id}"' not in offered or \
        f'name="target" value="{first.target.id}"' not in offered


def test_merge_is_undone_by_split_and_audited(as_facilitator, district, live):
    from app.models import AuditLog
    svc.ensure_groups(live)
    db.session.commit()
    groups = {g.label: g for g in svc.live_groups(live)}
    target, other = groups["lavoro di rete"], groups["lavoro in rete"]
    in_rete = other.keywords[0].id
    as_facilitator.post(url(district, f"sessioni/{live.id}/unisci"), data={"target": target.id, "other": other.id})
    db.session.expire_all()
    assert sorted(k.text for k in target.keywords) == ["lavoro di rete", "lavoro in rete"]
    assert as_facilitator.post(url(district, f"gruppi/{target.id}/separa")).status_code == 302
    db.session.expire_all()
    assert [k.text for k in target.keywords] == ["lavoro di rete"]
    assert any(k.text == "lavoro in rete" for g in svc.live_groups(live) if g.id != target.id for k in g.keywords)
    moved = db.session.scalars(db.select(AuditLog).where(AuditLog.entity_id == in_rete,
                                                          AuditLog.operation == "update")).all()
    assert [e for e in moved if e.entity == "Keyword"], "keyword moves are in the audit log"


def test_take_one_keyword_out_and_rename(as_facilitator, district, live):
    svc.ensure_groups(live)
    db.session.commit()
    fiducia = next(g for g in svc.live_groups(live) if g.label.casefold() == "fiducia")
    keyword = fiducia.keywords[1]
    as_facilitator.post(url(district, f"parole/{keyword.id}/stacca"))
    db.session.expire_all()
    assert keyword.group_id != fiducia.id and len(fiducia.keywords) == 1
    response = as_facilitator.post(url(district, f"gruppi/{fiducia.id}/nome"),
                                   data={"version": fiducia.version, "label": "Fiducia reciproca"})
    assert response.status_code == 302
    db.session.expire_all()
    assert fiducia.label == "Fiducia reciproca"
    stale = as_facilitator.post(url(district, f"gruppi/{fiducia.id}/nome"),
                                data={"version": fiducia.version - 1, "label": "Altro"})
    assert stale.status_code == 422


def test_board_move_by_form_and_by_json_refuses_a_stale_version(as_facilitator, district, focus, live):
    assert as_facilitator.get(url(district, f"{focus.id}/lavagna")).status_code == 200
    group = svc.live_groups(live)[0]
    version = group.version
    response = as_facilitator.post(url(district, f"gruppi/{group.id}/colonna"),
                                   data={"column": "strengths", "version": version})
    assert response.status_code == 302
    db.session.expire_all()
    assert group.column == BoardColumn.STRENGTHS
    # A second facilitator still holding the old version is refused, not overwritten.
    stale = as_facilitator.post(url(district, f"gruppi/{group.id}/colonna"),
                                data={"column": "critical_points", "version": version},
                                headers={"Accept": "application/json"})
    assert stale.status_code == 409 and stale.json["error"] == "conflict" and stale.json["message"]
    db.session.expire_all()
    assert group.column == BoardColumn.STRENGTHS
    fresh = as_facilitator.post(url(district, f"gruppi/{group.id}/colonna"),
                                data={"column": "critical_points", "version": group.version, "position": 0},
                                headers={"Accept": "application/json"})
    assert fresh.status_code == 200 and fresh.json["column"] == "critical_points"
    assert fresh.json["version"] > version
    no_js_stale = as_facilitator.post(url(district, f"gruppi/{group.id}/colonna"),
                                      data={"column": "", "version": version})
    assert no_js_stale.status_code == 303
    bad = as_facilitator.post(url(district, f"gruppi/{group.id}/colonna"), data={"column": "nonsense", "version": 1},
                              headers={"Accept": "application/json"})
    assert bad.status_code == 400


def test_statements_link_groups_and_reorder(as_facilitator, district, focus, live):
    svc.board_groups(focus)
    db.session.commit()
    groups = svc.live_groups(live)[:2]
    for text in ("Prima affermazione", "Seconda <script>alert(1)</script>"):
        response = as_facilitator.post(url(district, f"{focus.id}/affermazioni"), data={
            "column": "development_lines", "text": text, "groups": [g.id for g in groups]})
        assert response.status_code == 302
    statements = db.session.scalars(db.select(Statement).filter_by(focus_group_id=focus.id)
                                    .order_by(Statement.position)).all()
    assert [s.text for s in statements][0] == "Prima affermazione"
    assert {g.id for g in statements[0].keyword_groups} == {g.id for g in groups}
    board = as_facilitator.get(url(district, f"{focus.id}/lavagna")).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in board and "&lt;script&gt;" in board
    as_facilitator.post(url(district, f"affermazioni/{statements[1].id}/sposta"), data={"direction": "up"})
    db.session.expire_all()
    ordered = sorted(focus.statements, key=lambda s: s.position)
    assert ordered[0].text.startswith("Seconda")
    edit = as_facilitator.post(url(district, f"affermazioni/{statements[0].id}/modifica"), data={
        "version": statements[0].version, "column": "strengths", "text": "Rivista", "groups": []})
    assert edit.status_code == 302
    db.session.expire_all()
    assert statements[0].column == BoardColumn.STRENGTHS and statements[0].keyword_groups == []
    confirm = as_facilitator.get(url(district, f"affermazioni/{statements[0].id}/elimina"))
    assert confirm.status_code == 200 and "Rivista" in confirm.get_data(as_text=True)   # asked before it goes
    assert db.session.scalar(db.select(db.func.count(Statement.id))) == 2
    board = as_facilitator.get(url(district, f"{focus.id}/lavagna")).get_data(as_text=True)
    assert f'href="{url(district, f"affermazioni/{statements[0].id}/elimina")}"' in board
    as_facilitator.post(url(district, f"affermazioni/{statements[0].id}/elimina"))
    assert db.session.scalar(db.select(db.func.count(Statement.id))) == 1


def test_statement_cannot_link_another_focus_groups_keywords(as_facilitator, district, plan, focus, live):
    other = management.create_focus_group(plan, title="Altro")
    other_session = management.open_session(other, prompt="x")
    management.paste_keywords(other_session, "estraneo")
    svc.ensure_groups(other_session)
    db.session.commit()
    foreign = other_session.groups[0]
    response = as_facilitator.post(url(district, f"{focus.id}/affermazioni"),
                                   data={"column": "strengths", "text": "x", "groups": [foreign.id]})
    assert response.status_code == 422
    assert db.session.scalar(db.select(db.func.count(Statement.id))) == 0


def test_board_js_and_vendored_sortable(client):
    assert client.get("/static/js/board.js").status_code == 200
    assert client.get("/static/vendor/sortablejs/Sortable.min.js").status_code == 200
    assert client.get("/static/vendor/sortablejs/LICENSE").status_code == 200


def test_placing_a_group_leaves_its_neighbours_versions_alone_when_there_is_room(live):
    groups = svc.ensure_groups(live)
    db.session.commit()
    first, second, third = groups[:3]
    for group in (first, second, third):
        svc.move_group(group, column="strengths", version=group.version, position=99)
    db.session.commit()
    assert [g.id for g in sorted((first, second, third), key=lambda g: g.position)] == [first.id, second.id, third.id]
    versions = (first.version, second.version)
    svc.move_group(third, column="strengths", version=third.version, position=1)
    db.session.commit()
    assert first.position < third.position < second.position
    assert (first.version, second.version) == versions


def test_manual_merge_of_any_two_groups(as_facilitator, district, live):
    svc.ensure_groups(live)
    db.session.commit()
    groups = {g.label: g for g in svc.live_groups(live)}
    page = as_facilitator.get(url(district, f"sessioni/{live.id}/raggruppa")).get_data(as_text=True)
    assert 'id="merge-target"' in page
    as_facilitator.post(url(district, f"sessioni/{live.id}/unisci"),
                        data={"target": groups["lavoro di gruppo"].id, "other": groups["lavoro di rete"].id})
    db.session.expire_all()
    assert len(groups["lavoro di gruppo"].keywords) == 2 and groups["lavoro di rete"].keywords == []


def test_undo_is_offered_only_for_merges_made_by_hand(as_facilitator, district, live):
    svc.ensure_groups(live)
    db.session.commit()
    groups = {g.label: g for g in svc.live_groups(live)}
    page = as_facilitator.get(url(district, f"sessioni/{live.id}/raggruppa")).get_data(as_text=True)
    assert f"gruppi/{groups['Fiducia'].id}/separa" not in page
    svc.merge(groups["lavoro di rete"], groups["lavoro in rete"])
    db.session.commit()
    page = as_facilitator.get(url(district, f"sessioni/{live.id}/raggruppa")).get_data(as_text=True)
    assert f"gruppi/{groups['lavoro di rete'].id}/separa" in page


def test_grouping_page_lists_groups_alphabetically_to_merge_and_leads_to_the_board(as_facilitator, district, live,
                                                                                    focus):
    page = as_facilitator.get(url(district, f"sessioni/{live.id}/raggruppa")).get_data(as_text=True)
    select = page.split('id="merge-other"', 1)[1].split("</select>", 1)[0]
    options = re.findall(r">([^<]+)</option>", select)
    assert options == sorted(options, key=str.casefold) and len(options) > 2
    assert f'href="{url(district, f"{focus.id}/lavagna")}"' in page


def test_exports_and_syntheses_read_the_groups_without_storing_them(focus, phoned):
    """Reads never write: the groups of keywords not yet placed are computed, the same as the board would store."""
    before = _stored()
    keywords = synthesis_data.for_focus_group(focus).keywords
    exported = export_data.export_data(focus)
    assert not db.session.new and not db.session.dirty
    db.session.flush()
    assert _stored() == before == (0, 0)
    svc.ensure_groups(phoned)
    db.session.flush()
    assert synthesis_data.for_focus_group(focus).keywords == keywords
    again = export_data.export_data(focus)
    assert (again.groups, again.keywords) == (exported.groups, exported.keywords)
    assert _stored() == (6, 8)


def test_the_grouping_page_and_the_board_read_and_count_what_phones_sent_since(as_facilitator, district, focus,
                                                                              phoned):
    for page in (f"sessioni/{phoned.id}/raggruppa", f"{focus.id}/lavagna"):
        shown = as_facilitator.get(url(district, page))
        assert shown.status_code == 200 and "8 nuove parole chiave" in shown.get_data(as_text=True)
        assert _stored() == (0, 0)
    placed = as_facilitator.post(url(district, f"{focus.id}/lavagna"), data={})
    assert placed.status_code == 302 and _stored() == (6, 8)
    board = as_facilitator.get(url(district, f"{focus.id}/lavagna")).get_data(as_text=True)
    assert "non sono ancora in un gruppo" not in board and "aggiunte ai gruppi" in board and 'id="group-' in board


def test_closing_the_session_and_pasting_paper_place_the_keywords(focus, phoned):
    management.paste_keywords(phoned, "fiducia")
    assert _stored() == (6, 9)
    sessions.submit_keyword(phoned, "rete", "phone-late", "sent-late")
    db.session.commit()
    assert [k.text for k in svc.unplaced(phoned)] == ["rete"]
    management.close_session(phoned)
    assert not svc.unplaced(phoned) and _stored() == (7, 10)


def test_keywords_arriving_after_the_board_was_opened_read_as_they_will_be_stored(focus, live):
    svc.ensure_groups(live)
    management.paste_keywords(live, "FIDUCIA\nPartecipazione\npartecipazione")
    db.session.commit()
    db.session.expire_all()
    read = [(g.label, [k.text for k in g.keywords], g.column) for g in svc.board_view(focus)]
    assert not db.session.new and not db.session.dirty
    svc.ensure_groups(live)
    stored = [(g.label, [k.text for k in g.keywords if k.visible], g.column) for g in svc.live_groups(live)]
    assert read == stored and ("Partecipazione", ["Partecipazione", "partecipazione"], None) in read


JSON = {"Accept": "application/json"}      # as board.js asks


@pytest.mark.parametrize("data, status, message", [
    ({"text": "   "}, 422, "obbligatorio"),
    ({"text": "x" * 2001}, 422, "2.000"),
    ({"text": "Nuovo testo", "version": ""}, 400, None),
    ({"text": "Nuovo testo", "version": "abc"}, 400, None),
], ids=["blank", "too-long", "no-version", "bad-version"])
def test_a_statement_rewritten_in_place_refuses_bad_input_and_keeps_the_old_text(as_facilitator, district, focus,
                                                                               data, status, message):
    statement = svc.add_statement(focus, column="strengths", text="Testo della stanza")
    db.session.commit()
    sent = {"version": statement.version, **data}
    answer = as_facilitator.post(url(district, f"affermazioni/{statement.id}/testo"), data=sent, headers=JSON)
    assert answer.status_code == status and answer.json["error"] == "invalid"
    if message:
        assert message in answer.json["message"]
    db.session.refresh(statement)
    assert statement.text == "Testo della stanza"


def test_a_statement_is_rewritten_in_place_and_a_stale_version_is_refused(as_facilitator, district, focus):
    statement = svc.add_statement(focus, column="development_lines", text="Ridefinire i luoghi\n- di governance")
    db.session.commit()
    version = statement.version
    target = url(district, f"affermazioni/{statement.id}/testo")
    answer = as_facilitator.post(target, data={"version": version, "text": " Ridefinire i luoghi\n- di regia "},
                                 headers=JSON)
    assert answer.status_code == 200 and answer.json["version"] == version + 1
    assert answer.json["text"] == "Ridefinire i luoghi\n- di regia"
    stale = as_facilitator.post(target, data={"version": version, "text": "Un'altra stesura"}, headers=JSON)
    assert stale.status_code == 409 and stale.json["error"] == "conflict"
    db.session.refresh(statement)
    assert statement.text == "Ridefinire i luoghi\n- di regia" and statement.column == BoardColumn.DEVELOPMENT_LINES
    page = as_facilitator.get(url(district, f"{focus.id}/lavagna")).get_data(as_text=True)
    assert f'data-url="/gestione/{district.slug}/focus/affermazioni/{statement.id}/testo"' in page


def test_the_room_adds_a_named_column_writes_in_it_and_the_synthesis_quotes_it(as_facilitator, district, focus):
    from focus_groups.models import ExtraColumn
    created = as_facilitator.post(url(district, f"{focus.id}/colonne"), data={"name": "Due auspici trasversali"})
    assert created.status_code == 302 and created.headers["Location"].endswith("#extra-1")
    column = db.session.scalar(db.select(ExtraColumn))
    target, before = url(district, f"colonne/{column.id}/testo"), column.version
    answer = as_facilitator.post(target, data={"version": before,
                                               "body": "Molto e bene per pochi ma non per tutti!\nFiducia\n- reciproca\n"},
                                 headers=JSON)
    assert answer.status_code == 200 and answer.json["version"] == before + 1
    db.session.refresh(column)
    assert column.items == ["Molto e bene per pochi ma non per tutti!", "Fiducia\n- reciproca"]
    page = as_facilitator.get(url(district, f"{focus.id}/lavagna")).get_data(as_text=True)
    assert 'id="extra-1-heading"' in page and "Due auspici trasversali" in page
    data = synthesis_data.for_focus_group(focus)
    assert data.extra_lists == [("Due auspici trasversali", column.items)]
    exported = export_data.export_data(focus)
    assert exported.columns[-1] == "Due auspici trasversali"
    assert [s.text for s in exported.statements if s.column == "Due auspici trasversali"] == column.items
    # Without JavaScript the same form posts and comes back to the board; a rename too
    back = as_facilitator.post(target, data={"version": column.version, "name": "Auspici", "body": column.body})
    assert back.status_code == 302 and back.headers["Location"].endswith(f"#extra-{column.id}")
    db.session.refresh(column)
    assert column.name == "Auspici"


@pytest.mark.parametrize("name, message", [("", "nome"), ("   ", "nome"), ("x" * 81, "80")], ids=["empty", "blank", "long"])
def test_a_column_needs_a_short_name_and_the_typed_name_is_kept(as_facilitator, district, focus, name, message):
    from focus_groups.models import ExtraColumn
    answer = as_facilitator.post(url(district, f"{focus.id}/colonne"), data={"name": name})
    assert answer.status_code == 422 and message in answer.get_data(as_text=True).lower()
    assert db.session.scalar(db.select(db.func.count(ExtraColumn.id))) == 0
    if name.strip():
        assert f'value="{name}"' in answer.get_data(as_text=True)


def test_two_columns_cannot_share_a_name_and_a_stale_edit_is_refused(as_facilitator, district, focus):
    from focus_groups.models import ExtraColumn
    svc.add_extra_column(focus, "Auspici")
    db.session.commit()
    again = as_facilitator.post(url(district, f"{focus.id}/colonne"), data={"name": "auspici"})
    assert again.status_code == 422 and "già una colonna" in again.get_data(as_text=True)
    column = db.session.scalar(db.select(ExtraColumn))
    target, first = url(district, f"colonne/{column.id}/testo"), column.version
    assert as_facilitator.post(target, data={"version": first, "body": "uno"}, headers=JSON).status_code == 200
    stale = as_facilitator.post(target, data={"version": first, "body": "due"}, headers=JSON)
    assert stale.status_code == 409 and stale.json["error"] == "conflict"
    blank = as_facilitator.post(target, data={"version": first + 1, "name": " "}, headers=JSON)
    assert blank.status_code == 422 and "nome" in blank.json["message"]
    db.session.refresh(column)
    assert (column.name, column.body) == ("Auspici", "uno")


def test_a_column_is_deleted_only_after_confirming(as_facilitator, district, focus):
    from focus_groups.models import ExtraColumn
    column = svc.add_extra_column(focus, "Auspici")
    db.session.commit()
    confirm = as_facilitator.get(url(district, f"colonne/{column.id}/elimina"))
    assert confirm.status_code == 200 and "Auspici" in confirm.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(ExtraColumn.id))) == 1
    assert as_facilitator.post(url(district, f"colonne/{column.id}/elimina")).status_code == 302
    assert db.session.scalar(db.select(db.func.count(ExtraColumn.id))) == 0
