"""The demo's continuity between the plans: each objective of the demo draft (plan_drafts/demo.py: a development
line of a 5 March 2015 working group) takes up the actions of the IV Piano di Zona 2012-2014 that the groups'
syntheses (../shared/seeds/004) tie to what the line asks, the reason in the syntheses' words.

The sources decide nothing about the other actions, not even the two whose objective "era troppo ambizioso" (1.3)
or "molto ambizioso" (1.6): they stay undecided, and the cycle view shows them so. Loaded once, after the draft.
"""
from __future__ import annotations

from app.extensions import db
from app.lineage_models import Continuity
from app.models import Plan
from app.plans import sample_data
from focus_groups.demo import sample as focus_sample
from focus_groups.demo import statement_text

from . import continuity
from .continuity_models import ObjectiveContinuity
from .models import DraftAxis, DraftObjective, PlanDraft

LDC = "(sintesi del gruppo «Lavoro di comunità», 21 marzo 2015)"
PCI = "(sintesi del gruppo «Presa in carico integrata», 17 marzo 2015)"
MO = "(sintesi del gruppo «Modello organizzativo», 10 marzo 2015)"
COORDINATION = ("«Alcune macroazioni inoltre hanno visto l’avvio autonomo di singole progettualità da parte di "
                "enti/istituzioni che non sono state coordinate in fase progettuale. I tentativi di coordinamento "
                "delle stesse, la condivisione di obiettivi comuni e la definizione di progettualità allargate sono "
                "stati quindi l’esito del lavoro realizzato nell’ultimo triennio» " + LDC)
NOT_CONCLUDED = ("«tutte le azioni si sono avviate, molte erano già avviate nel Piano precedente, nessuna "
                 "conclusa poiché richiedenti un tempo di realizzazione nel sistema più ampio rispetto al segmento "
                 "progettuale preventivato» " + PCI)

# (focus group, index of its development line) -> [(code of the old action, fate, reason)]
LINKS = {
    # "arrivare ad una maggiore conoscenza del contesto, degli attori delle problematiche …"
    ("Lavoro di comunità", 4): [
        ("2.3", Continuity.CHANGED,
         "L’azione «Realizzare l’osservatorio-laboratorio territoriale sull’emarginazione sociale» " + PCI
         + ", perché «Manca una conoscenza delle opportunità e dei progetti prodotti dal territorio (anche in "
           "termini di dati) la cui conoscenza è limitata a chi vi partecipa e/o intercetta per necessità» " + LDC
         + ".")],
    # "Promuovere sostenibilità al lavoro integrato, … la presenza alle equipe di tutti i soggetti …"
    ("Presa in carico integrata", 2): [
        ("2.2", Continuity.CONTINUED,
         "Tra i punti di criticità: «la sostenibilità (in termini di tempo, risorse umane ed economiche) dei "
         "modelli integrati»; e " + NOT_CONCLUDED + "."),
        ("2.5", Continuity.CHANGED,
         "«l’individuazione delle equipe integrate tra servizi, pur nel rispetto dei ruoli, esprimono un "
         "cambiamento nel modello di lavoro sociale»; tra i punti di criticità: «miglioramento in atto ma "
         "fortemente da potenziare del rapporto tra operatori sociali e sanitari» " + PCI + "."),
        ("3.2", Continuity.CHANGED,
         "«l’individuazione delle equipe integrate (servizio sociale territoriale e tutela minori e I.L.)» " + MO
         + "; ora con «la presenza alle equipe di tutti i soggetti anche non istituzionali» " + PCI + ".")],
    # "… ricomporre le conoscenze e le risorse circa i fondi relativi all’asse sociale che ASL e Enti Locali …"
    ("Modello organizzativo", 1): [
        ("3.3", Continuity.CHANGED,
         "«l’attuale funzionamento delle organizzazioni a diversi livelli (servizi sociali comunali, sub ambiti, "
         "Comunità Sociale Cremasca, ufficio di piano, ASL, …) non è efficiente e non è sufficientemente "
         "integrato»; e «serve un tempo ulteriore per la loro piena attuazione» " + MO + ".")],
    # "Creare un coordinamento strategico tra i vari attori, le progettualità, le risorse …"
    ("Lavoro di comunità", 3): [
        ("1.1", Continuity.CHANGED, COORDINATION + "."),
        ("1.5", Continuity.CHANGED,
         COORDINATION + "; per la conciliazione: «Emerge un livello istituzionale e di sistema per il quale è "
         "molto il lavoro da fare soprattutto per integrare progetti attivati dai singoli enti (ASL, Provincia, "
         "tre distretti)».")],
}


def _line_texts() -> dict[tuple[str, str], tuple[str, int]]:
    """(focus group, text of a development line) -> the key of LINKS that names it."""
    groups = {group["area"]: group for group in focus_sample()["focus_groups"]}
    return {(area, statement_text(groups[area]["development_lines"][index])): (area, index)
            for area, index in LINKS}


def load_demo_continuity(plan: Plan) -> PlanDraft | None:
    draft = db.session.scalar(db.select(PlanDraft).filter_by(district_id=plan.district_id,
                                                             title=sample_data()["next_plan"]["title"]))
    if draft is None or not draft.is_editable or draft.previous_plan_id != plan.id:
        return draft
    if db.session.scalar(db.select(ObjectiveContinuity.id).join(DraftObjective).join(DraftAxis)
                         .where(DraftAxis.draft_id == draft.id).limit(1)) is not None:
        return draft
    lines, actions = _line_texts(), {action.code: action for action in plan.actions}
    for objective in draft.objectives:
        keys = {lines.get((s.focus_group.title, s.text)) for s in objective.statements} - {None}
        for key in sorted(keys):
            for code, fate, reason in LINKS[key]:
                continuity.link_action(objective, actions[code], fate=fate, reason=reason)
    db.session.flush()
    return draft
