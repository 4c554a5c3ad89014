"""The demo's focus group: the real "Modello organizzativo" group of Crema (March 2015) from the sample
file, its 21 keywords classified with the outputs as statements, and an open session `CREMA1` to try live."""
from __future__ import annotations

from datetime import date

from app.extensions import db
from app.account_models import Membership, User
from app.models import Plan, Role
from app.plans import sample_data

from . import board_services, sessions
from .models import BoardColumn, FocusGroup, KeywordSession, SessionState

DEMO_CODE = "CREMA1"
LIVE_PROMPT = "Scrivete UNA PAROLA CHIAVE che dica qualcosa della vostra valutazione dell'area {area}."

# Where the room put each keyword (by the four lists it derived); the rest stay unclassified.
CLASSIFIED = {
    BoardColumn.STRENGTHS: ["condivisione", "corresponsabilità", "realizzazione", "agire", "alleanza", "sinergia",
                            "collaborazione e coprogettazione", "coordinamento", "legami", "territorio"],
    BoardColumn.CRITICAL_POINTS: ["sistema complesso andamento frazionato", "timidezza decisionale",
                                  "verifica-parziale", "incertezza e cambiamento", "attesa"],
    BoardColumn.INTERPRETIVE_HYPOTHESES: ["il bene comune è responsabilità collettiva",
                                          "professionalità/competitività", "speranza"],
    BoardColumn.DEVELOPMENT_LINES: ["valutazione", "consolidare", "volontà"],
}
# The four lists the room derived, in Italian as the room wrote them (the sample file keeps them shortened in
# English, for the tests of other languages): the demo speaks to an Italian office.
STATEMENTS = {
    BoardColumn.STRENGTHS: [
        "È partito un ripensamento delle organizzazioni, con gli attori delle politiche sociali in dialogo",
        "Sono nate nuove alleanze, anche se ancora instabili",
        "Si è aperta una riflessione sul ruolo professionale degli assistenti sociali",
        "Le azioni sono coerenti con le ipotesi del Piano; serve più tempo",
        "L’Ambito è percepito più dinamico e coinvolgente di altri della provincia",
    ],
    BoardColumn.CRITICAL_POINTS: [
        "Timidezza decisionale: poco coraggio nel ridefinire i modelli organizzativi",
        "Il cambiamento è stato tentato con un approccio troppo fragile",
        "Alcune riorganizzazioni hanno frammentato invece di tessere legami",
        "Le relazioni tra gli attori chiedono un impegno costante: non si reggono da sole",
        "La lentezza delle decisioni politiche frena il cambiamento",
        "La programmazione non arriva a tutti gli operatori",
    ],
    BoardColumn.INTERPRETIVE_HYPOTHESES: [
        "Nessuno esce da solo dalla crisi, eppure nel cambiamento ciascuno prova ancora ad agire da solo",
        "Conoscere i fenomeni e i servizi costruisce consapevolezza e responsabilità decisionale",
        "Il potere decisionale è debole se nessuno vede che le organizzazioni di oggi non sono integrate",
    ],
    BoardColumn.DEVELOPMENT_LINES: [
        "Ridefinire modelli organizzativi e luoghi di governance partendo dallo sguardo degli utenti",
        "Ricomporre conoscenze e risorse sui fondi dell’asse sociale di ASL e Comuni",
        "Aprire spazi condivisi di riflessione perché ogni operatore contribuisca alla programmazione",
        "Sostenere gli operatori con la teoria e l’etica professionale",
    ],
}


def load_demo_focus(plan: Plan) -> FocusGroup:
    """Create the sample focus group on `plan` once; running it again changes nothing (and keeps CREMA1 open)."""
    sample = sample_data()["focus_group"]
    area = next((a for a in plan.areas if a.name == sample["area"]), None)
    title = sample["area"]
    focus = db.session.scalar(db.select(FocusGroup).filter_by(plan_id=plan.id, title=title))
    if focus is None:
        focus = FocusGroup(district_id=plan.district_id, plan=plan, title=title, area=area,
                           date=date.fromisoformat(sample["date"]),
                           stimulus_questions=[sample["prompt"]],
                           notes="Focus group reale del Piano di Zona di Crema, 5 marzo 2015.")
        # The district's facilitators ran it: the demo's facilitator finds it as their own.
        focus.facilitators = list(db.session.scalars(
            db.select(User).join(Membership).where(Membership.district_id == plan.district_id,
                                                   Membership.role == Role.FACILITATOR).order_by(User.name)))
        db.session.add(focus)
        db.session.flush()
        paper = sessions.open_session(focus, sample["prompt"], code=sessions.new_code())
        sessions.add_paper_keywords(paper, "\n".join(sample["keywords"]))
        sessions.close_session(paper)
        db.session.refresh(paper)
        board_services.ensure_groups(paper)
        by_label = {g.label: g for g in paper.groups}
        for column, labels in CLASSIFIED.items():
            for position, label in enumerate(labels):
                if label in by_label:
                    by_label[label].column, by_label[label].position = column, position
        for column, texts in STATEMENTS.items():
            linked = [by_label[label] for label in CLASSIFIED[column] if label in by_label][:2]
            for text in texts:
                board_services.add_statement(focus, column=column.value, text=text,
                                             group_ids=[g.id for g in linked])
    live = db.session.scalar(db.select(KeywordSession).filter_by(code=DEMO_CODE))
    if live is None:
        sessions.open_session(focus, LIVE_PROMPT.format(area=title), code=DEMO_CODE)
    elif live.state != SessionState.OPEN:
        sessions.reopen_session(live)
    db.session.flush()
    return focus
