"""Every saved version of a chapter and an objective, word-level differences people can read, paragraphs found
again after edits, and the frozen copies of a whole draft for a meeting."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from app.errors import DomainError
from app.extensions import db
from app.models import District
from plan_drafts import services, versions
from plan_drafts.diff import ADDED, REMOVED, SAME, compare_contents, diff_text
from plan_drafts.models import DraftVisibility
from plan_drafts.paragraphs import blocks, excerpt, locate
from plan_drafts.writing_models import TextVersion
from tests.draft_helpers import make_draft


# ---- the diff (pure) -------------------------------------------------------------------------------------

def kinds(text_diff):
    return [(s.kind, s.text) for s in text_diff.segments]


def test_a_changed_word_reads_as_removed_then_added():
    assert kinds(diff_text("la rete dei servizi", "la rete integrata dei servizi")) == [
        (SAME, "la rete"), (ADDED, " integrata"), (SAME, " dei servizi")]
    assert kinds(diff_text("il gatto rosso, bello", "il cane blu, bello")) == [
        (SAME, "il"), (REMOVED, " gatto rosso"), (ADDED, " cane blu"), (SAME, ", bello")]


def test_a_word_moved_is_kept_not_smeared():
    assert kinds(diff_text("Uno due tre.", "Uno tre quattro.")) == [
        (SAME, "Uno"), (REMOVED, " due"), (SAME, " tre"), (ADDED, " quattro"), (SAME, ".")]


def test_words_keep_their_elisions_and_numbers():
    changed = diff_text("dell'area e 1.234,50 euro", "dell'ambito e 1.234,50 euro")
    assert (REMOVED, "dell'area") in kinds(changed) and (ADDED, "dell'ambito") in kinds(changed)
    assert changed.words_added == 1 and changed.words_removed == 1


def test_untouched_paragraphs_stay_whole():
    before = "Primo paragrafo lungo.\n\nSecondo paragrafo.\n\nTerzo."
    after = "Primo paragrafo lungo.\n\nSecondo paragrafo rivisto.\n\nTerzo."
    segments = kinds(diff_text(before, after))
    assert segments[0] == (SAME, "Primo paragrafo lungo.\n\nSecondo paragrafo")
    assert (ADDED, " rivisto") in segments and segments[-1] == (SAME, ".\n\nTerzo.")


def test_the_same_text_has_no_change_and_empty_counts_as_nothing():
    assert not diff_text("uguale", "uguale").changed
    assert kinds(diff_text(None, "nuovo testo")) == [(ADDED, "nuovo testo")]
    assert kinds(diff_text("vecchio", "")) == [(REMOVED, "vecchio")]
    assert diff_text(None, None).segments == []


def test_the_diff_gives_back_both_texts():
    before, after = "Alfa beta, gamma.\nDelta: è qui – sì!", "Alfa gamma, beta.\nDelta: non è qui – no?"
    segments = diff_text(before, after).segments
    assert "".join(s.text for s in segments if s.kind != ADDED) == before
    assert "".join(s.text for s in segments if s.kind != REMOVED) == after


def test_two_draft_contents_compare_chapter_by_chapter_and_objective_by_objective():
    old = {"chapters": [{"id": 1, "title": "Premessa", "body": "A"}],
           "axes": [{"objectives": [{"id": 7, "number": "1.1", "title": "Uno"}, {"id": 8, "number": "1.2",
                                                                              "title": "Due"}]}]}
    new = {"chapters": [{"id": 1, "title": "Premessa", "body": "A e B"}],
           "axes": [{"objectives": [{"id": 7, "number": "1.1", "title": "Uno"}, {"id": 9, "number": "1.2",
                                                                              "title": "Tre"}]}]}
    result = compare_contents(old, new, [("title", "Title"), ("body", "Text")], [("title", "Objective")])
    assert [i.state for i in result["chapters"]] == ["changed"]
    assert [(i.label, i.state) for i in result["objectives"]] == [("1.1 Uno", SAME), ("1.2 Tre", ADDED),
                                                                  ("1.2 Due", REMOVED)]


# ---- paragraphs (pure) --------------------------------------------------------------------------------------

def test_a_spaced_list_and_a_code_block_are_one_paragraph_each():
    text = "Intro.\n\n1. uno\n\n2. due\n   segue\n\n```\ncodice\n\nancora\n```\n\nFine."
    assert blocks(text) == ["Intro.", "1. uno\n\n2. due\n   segue", "```\ncodice\n\nancora\n```", "Fine."]


def test_a_comment_finds_its_paragraph_after_one_is_added_above():
    before = blocks("Primo.\n\nLa rete dei servizi va ricomposta.")
    remembered = excerpt(before[1])
    after = blocks("Nuovo in testa.\n\nPrimo.\n\nLa rete dei servizi va ricomposta.")
    assert locate(after, 1, remembered) == 2
    assert locate(blocks("Primo.\n\nTutto riscritto."), 1, remembered) is None


def test_an_excerpt_is_plain_and_short():
    assert excerpt("## **Titolo** con `codice`") == "Titolo con codice"
    long = excerpt("parola " * 100)
    assert len(long) <= 120 and long.endswith("…")


# ---- versions kept on every save ------------------------------------------------------------------------------

@pytest.fixture
def draft(plan):
    draft = make_draft(plan)
    services.create_objective(draft.axes[0], services.ObjectiveData(title="Obiettivo iniziale", timing="2015"))
    db.session.commit()
    return draft


def versions_of(target):
    return db.session.scalars(versions.history_query(target)).all()


def test_a_new_chapter_and_objective_start_at_version_one(draft):
    assert [v.number for v in versions_of(draft.chapters[0])] == [1]
    first = versions_of(draft.objectives[0])[0]
    assert first.number == 1 and first.content["title"] == "Obiettivo iniziale"


def test_every_save_of_a_chapter_is_kept_and_an_unchanged_save_adds_nothing(draft, office):
    chapter = draft.chapters[0]
    services.save_chapter(chapter, "Prima stesura.", chapter.version, office)
    db.session.commit()
    services.save_chapter(chapter, "Seconda stesura.", chapter.version, office)
    db.session.commit()
    services.save_chapter(chapter, "Seconda stesura.", chapter.version, office)
    services.move_axis(draft.axes[1], "up")
    db.session.commit()
    kept = versions_of(chapter)
    assert [v.number for v in kept] == [3, 2, 1]
    assert kept[0].content["body"] == "Seconda stesura." and kept[1].content["body"] == "Prima stesura."


def test_a_saved_objective_row_is_a_version(draft, office):
    objective = draft.objectives[0]
    services.update_objective(objective, services.ObjectiveData(title="Obiettivo riscritto", timing="2015-2016"),
                              version=objective.version)
    db.session.commit()
    newest, oldest = versions_of(objective)
    diffs = {f.key: f for f in versions.compare(objective, oldest.content, newest.content)}
    assert diffs["title"].changed and diffs["timing"].changed and not diffs["tools"].changed


def test_autosaves_of_one_person_fold_into_one_version_for_a_while(draft, office, facilitator):
    chapter = draft.chapters[0]
    for text in ("Bozza", "Bozza che cresce", "Bozza che cresce ancora"):
        versions.mark_autosave()
        services.save_chapter(chapter, text, chapter.version, office)
        db.session.commit()
    # The session hook reads who saves from the request; outside one it is the platform, never folded.
    assert len(versions_of(chapter)) == 4


def test_autosaves_fold_by_the_same_person_within_the_window(app, draft, office, facilitator, monkeypatch):
    chapter = draft.chapters[0]
    saver = {"id": office.id}
    monkeypatch.setattr(versions, "_saver_id", lambda: saver["id"])

    def autosave(text):
        versions.mark_autosave()
        services.save_chapter(chapter, text, chapter.version, office)
        db.session.commit()

    autosave("Bozza")
    autosave("Bozza che cresce")
    assert versions_of(chapter)[0].content["body"] == "Bozza che cresce" and len(versions_of(chapter)) == 2
    saver["id"] = facilitator.id
    autosave("Bozza di un'altra persona")
    assert len(versions_of(chapter)) == 3
    saver["id"] = office.id
    autosave("Di nuovo l'ufficio")
    latest = versions_of(chapter)[0]
    latest.saved_at = datetime.utcnow() - versions.AUTOSAVE_WINDOW - timedelta(minutes=1)
    db.session.commit()
    autosave("Dopo una pausa")
    assert [v.content["body"] for v in versions_of(chapter)[:2]] == ["Dopo una pausa", "Di nuovo l'ufficio"]


def test_a_deleted_objective_takes_its_versions_with_it(draft):
    objective = draft.objectives[0]
    services.delete_objective(objective)
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count()).select_from(TextVersion)
                             .where(TextVersion.objective_id.is_not(None))) == 0


# ---- the history pages ------------------------------------------------------------------------------

def test_any_two_versions_compare_with_a_legend(draft, office, as_office):
    chapter = draft.chapters[0]
    for text in ("Uno due tre.", "Uno tre quattro.", "Cinque."):
        services.save_chapter(chapter, text, chapter.version, office)
        db.session.commit()
    url = f"/bozze/{draft.id}/capitoli/{chapter.id}/versioni"
    latest = as_office.get(url).get_data(as_text=True)
    assert "testo aggiunto" in latest and "<del><span class=\"visually-hidden\">[tolto] </span>" in latest
    assert "dalla versione 3 alla versione 4" in latest and "Cinque</ins>." in latest
    chosen = as_office.get(f"{url}?da=2&a=3").get_data(as_text=True)
    assert "dalla versione 2 alla versione 3" in chosen
    assert " quattro</ins>" in chosen and " due</del>" in chosen


def test_the_history_follows_who_may_read_the_draft(draft, client, referent):
    url = f"/bozze/{draft.id}/obiettivi/{draft.objectives[0].id}/versioni"
    assert client.get(url).status_code == 404           # the office has not shared the draft yet
    draft.visibility = DraftVisibility.PUBLIC
    db.session.commit()
    assert client.get(url).status_code == 200


# ---- frozen copies --------------------------------------------------------------------------------------------

def test_a_frozen_copy_stays_as_it_was_and_compares_with_the_current_draft(draft, office, as_office):
    frozen = versions.freeze(draft, label="Incontro aperto del 9 aprile 2015", by=office)
    db.session.commit()
    objective = draft.objectives[0]
    services.update_objective(objective, services.ObjectiveData(title="Obiettivo dopo l'incontro", timing="2015"),
                              version=objective.version)
    services.create_objective(draft.axes[1], services.ObjectiveData(title="Nato all'incontro"))
    db.session.commit()

    page = as_office.get(f"/bozze/{draft.id}/congelate/{frozen.id}").get_data(as_text=True)
    assert "Obiettivo iniziale" in page and "Obiettivo dopo l'incontro" not in page
    compared = as_office.get(f"/bozze/{draft.id}/congelate/{frozen.id}?confronta=1").get_data(as_text=True)
    assert "dopo l&#39;incontro</ins>" in compared and "Nato all&#39;incontro" in compared
    assert "nuovo da allora" in compared


def test_the_office_freezes_the_draft_for_a_meeting(draft, as_office):
    from meetings.models import Meeting
    meeting = Meeting(district=draft.district, title="Incontro aperto", place="Crema",
                      starts_at=datetime(2015, 4, 9, 9, 30), ends_at=datetime(2015, 4, 9, 16, 30))
    db.session.add(meeting)
    db.session.commit()
    base = f"/gestione/{draft.district.slug}/bozze/{draft.id}/congela"
    assert as_office.post(base, data={"label": " ", "meeting_id": "0"}).status_code == 422
    response = as_office.post(base, data={"label": "Per l'incontro", "meeting_id": str(meeting.id)})
    assert response.status_code == 302
    frozen = draft_snapshot(draft)
    assert frozen.meeting_id == meeting.id and frozen.created_by.email == "ufficio@example.org"
    assert "Incontro aperto" in as_office.get(response.headers["Location"]).get_data(as_text=True)


def draft_snapshot(draft):
    from plan_drafts.writing_models import DraftSnapshot
    return db.session.scalar(db.select(DraftSnapshot).where(DraftSnapshot.draft_id == draft.id))


def test_a_meeting_of_another_district_cannot_be_linked(draft, office):
    from meetings.models import Meeting
    other = District(name="Altro ambito", slug="altro")
    meeting = Meeting(district=other, title="Altrove", place="X", starts_at=datetime(2015, 1, 1),
                      ends_at=datetime(2015, 1, 1))
    db.session.add_all([other, meeting])
    db.session.flush()
    with pytest.raises(DomainError):
        versions.freeze(draft, label="Per errore", by=office, meeting=meeting)
