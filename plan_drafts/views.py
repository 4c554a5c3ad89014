"""The planning office's pages for the draft of the next plan: the drafts, their chapters (with autosave and
conflicts that keep both texts) and the approval. Axes, objectives and their evidence are in
objective_views.py, coverage_views.py and continuity_views.py, all on one blueprint (blueprint.py), under
/gestione/<district>/bozze/.
"""
from __future__ import annotations

from flask import (abort, flash, g, jsonify, make_response, redirect, render_template, request,
                   url_for)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.auth import role_required
from app.uploads import send_stored
from app.errors import DomainError
from app.extensions import csrf, db
from app.autosave import conflict_or_404, expired, kept, save_or_keep, saved_at, settle, version_refused
from app.forms import form_status
from app.models import Plan
from app.office_registries import register_district_section, register_plan_link
from app.versioned import open_conflicts, version_of
from app.view_helpers import (EVERY_ROLE, NO_STORE, OFFICE, ConfirmForm, confirm_delete, owned_or_404, plan_url,
                              saved)

# authorship: the GDPR registry; the sibling route files add their routes to the same blueprint when
# imported here.
from . import (approval, authorship, chapter_notes, codesign_views, continuity_views, coverage_views,  # noqa: F401
               evidence, gather, objective_views, participation_views, services, worklist)
from .blueprint import drafts as bp
from .forms import ApprovalForm, ChapterForm, DraftSettingsForm, NewDraftForm
from .models import ChapterKey, DraftChapter
from .versions import mark_autosave
from .view_helpers import chapter_or_404, draft_or_404, draft_url, read_only

register_district_section("drafts.drafts", _l("Draft of the new plan"), OFFICE,
                          _l("Write the next plan from the evaluation: chapters, axes, objectives "
                             "traced to the development lines, approval."), order=500)
register_plan_link("drafts.draft_new", _l("Start the draft of the next plan"), order=500)


# --- the drafts -------------------------------------------------------------------------------------

@bp.get("/<district>/bozze/")
@role_required(*OFFICE)
def drafts():
    """The district's drafts; ?amendments=open keeps those with amendments waiting (the office's work list)."""
    amended = worklist.open_amendments(g.district)
    only_amended = request.args.get("amendments") == worklist.OPEN_AMENDMENTS
    drafts = [d for d in services.drafts_of(g.district) if d.id in amended or not only_amended]
    return render_template("plan_drafts/list.html", drafts=drafts, amended=amended, only_amended=only_amended)


@bp.route("/<district>/bozze/nuova", methods=["GET", "POST"])
@role_required(*OFFICE)
def draft_new():
    plans = g.district.plans
    chosen = request.args.get("plan_id", type=int)   # from a plan's page: the plan the draft follows
    latest = owned_or_404(Plan, chosen) if chosen else (plans[0] if plans else None)
    # The next Piano di Zona follows the latest one, for the next three years.
    form = NewDraftForm(data={"previous_plan": latest.id, "start_year": latest.end_year + 1,
                              "end_year": latest.end_year + 3} if latest else None, creating=True)
    form.set_choices(plans)
    def start():
        previous = owned_or_404(Plan, form.previous_plan.data) if form.previous_plan.data else None
        return services.start_draft(
            g.district, title=form.title.data, start_year=form.start_year.data, end_year=form.end_year.data,
            previous_plan=previous, axes=(form.axes.data or "").splitlines(), by=current_user)

    draft = saved(form, start)
    if draft:
        flash(_("Draft %(title)s started: the chapters that data can write are already written.",
                title=draft.title), "success")
        return redirect(draft_url(draft))
    return render_template("plan_drafts/draft_new.html", form=form), form_status()


@bp.get("/<district>/bozze/<int:draft_id>/")
@role_required(*EVERY_ROLE)
def draft(draft_id: int):
    draft = draft_or_404(draft_id)
    services.load_objectives_table(draft)
    is_office = current_user.has_role(g.district.id, *OFFICE)
    uncovered = evidence.uncovered_count(draft) if is_office else 0
    return render_template("plan_drafts/draft.html", draft=draft, is_office=is_office, uncovered=uncovered,
                           prefilled={key.value for key in gather.PREFILLED}, confirm=ConfirmForm())


@bp.route("/<district>/bozze/<int:draft_id>/impostazioni", methods=["GET", "POST"])
@role_required(*OFFICE)
def draft_settings(draft_id: int):
    draft = draft_or_404(draft_id, edit=True)
    form = DraftSettingsForm(data={"version": draft.version, "title": draft.title,
                                   "start_year": draft.start_year, "end_year": draft.end_year,
                                   "visibility": draft.visibility})
    if saved(form, lambda: services.update_draft(
            draft, version=form.version.data, title=form.title.data, start_year=form.start_year.data,
            end_year=form.end_year.data, visibility=form.visibility.data)):
        flash(_("Draft %(title)s saved.", title=draft.title), "success")
        return redirect(draft_url(draft))
    return render_template("plan_drafts/draft_settings.html", form=form, draft=draft), form_status()


@bp.route("/<district>/bozze/<int:draft_id>/elimina", methods=["GET", "POST"])
@role_required(*OFFICE)
def draft_delete(draft_id: int):
    draft = draft_or_404(draft_id, edit=True)
    if not draft.is_editable:
        return read_only(draft)
    return confirm_delete(
        draft, title=_("Delete the draft"), name=draft.title,
        consequences=[
            ngettext("%(num)d chapter", "%(num)d chapters", len(draft.chapters)),
            draft.axes and ngettext("%(num)d axis", "%(num)d axes", len(draft.axes)),
            draft.objectives and ngettext("%(num)d objective with its links to the evidence",
                                          "%(num)d objectives with their links to the evidence",
                                          len(draft.objectives))],
        cancel=draft_url(draft), delete=lambda: services.delete_draft(draft), done=url_for("drafts.drafts"),
        message=_("Draft %(title)s deleted.", title=draft.title))


# --- chapters ---------------------------------------------------------------------------------------

def _save_chapter(chapter: DraftChapter, form: ChapterForm, *, autosave: bool = False):
    """Save; returns the kept conflict when someone saved first (committed, so both texts survive)."""
    if autosave:
        mark_autosave()
    return save_or_keep(chapter, form, lambda: services.save_chapter(chapter, form.body.data, version_of(form),
                                                                     current_user, title=form.title.data),
                        sent={"title": form.title.data, "body": form.body.data or ""},
                        theirs=lambda: {"title": chapter.title, "body": chapter.body})


def _chapter_page(draft, chapter, form, status=200, **extra):
    response = make_response(render_template(
        "plan_drafts/chapter.html", draft=draft, chapter=chapter, form=form,
        conflicts=open_conflicts(chapter),
        refillable=chapter.key in {k.value for k in gather.PREFILLED}, notes=chapter_notes.missing(draft, chapter.key),
        sources=chapter_notes.sources(draft, chapter.key),
        **extra), status)
    response.headers.update(NO_STORE)   # never a stale version from the browser's cache
    return response


@bp.route("/<district>/bozze/<int:draft_id>/capitoli/<int:chapter_id>", methods=["GET", "POST"])
@role_required(*EVERY_ROLE)
def chapter(draft_id: int, chapter_id: int):
    draft = draft_or_404(draft_id, edit=request.method == "POST")
    chapter = chapter_or_404(draft, chapter_id)
    if not draft.is_editable or not current_user.has_role(g.district.id, *OFFICE):
        if request.method == "POST":
            return read_only(draft)
        return render_template("plan_drafts/chapter_view.html", draft=draft, chapter=chapter,
                               is_office=current_user.has_role(g.district.id, *OFFICE))
    if request.method == "GET":
        data = {"version": chapter.version, "title": chapter.title, "body": chapter.body}
        return _chapter_page(draft, chapter, ChapterForm(data=data))
    form = ChapterForm()
    if not form.validate():
        return _chapter_page(draft, chapter, form, form_status())
    conflict = _save_chapter(chapter, form)
    if conflict is not None:
        form.version.data = chapter.version     # saving again now means "keep my text", knowingly
        return _chapter_page(draft, chapter, form, 409, conflict=conflict)
    flash(_("Chapter %(title)s saved.", title=chapter.title), "success")
    return redirect(draft_url(draft, f"chapter-{chapter.id}"))


@bp.post("/<district>/bozze/<int:draft_id>/capitoli/<int:chapter_id>/salva")
@csrf.exempt        # the form checks the token itself and answers in JSON
@role_required(*OFFICE)
def chapter_autosave(draft_id: int, chapter_id: int):
    draft = draft_or_404(draft_id, edit=True)
    chapter = chapter_or_404(draft, chapter_id)
    if not draft.is_editable:
        return jsonify(error="not_editable", message=_("The draft has been approved: it can no longer be "
                                                       "changed.")), 409
    form = ChapterForm()
    if not form.validate():
        if "csrf_token" in form.errors:
            return expired()
        refused = version_refused(chapter, form)
        if refused:
            return refused
        return jsonify(ok=False, version=chapter.version, errors={k: [str(e) for e in v]
                                                                  for k, v in form.errors.items()})
    conflict = _save_chapter(chapter, form, autosave=True)
    if conflict is not None:
        return kept(chapter, conflict, message=services.chapter_conflict_message(),
                    conflict_url=url_for("drafts.chapter_conflict", draft_id=draft.id, chapter_id=chapter.id,
                                         conflict_id=conflict.id),
                    differences=[{"field": "body", "label": _("Text"), "mine": conflict.data["body"],
                                  "theirs": chapter.body}])
    return jsonify(ok=True, version=chapter.version, **saved_at(chapter.updated_at), errors={})


@bp.route("/<district>/bozze/<int:draft_id>/capitoli/<int:chapter_id>/conflitti/<int:conflict_id>",
          methods=["GET", "POST"])
@role_required(*OFFICE)
def chapter_conflict(draft_id: int, chapter_id: int, conflict_id: int):
    """Both texts side by side: take the kept one back, or mark the conflict as resolved."""
    draft = draft_or_404(draft_id, edit=True)
    chapter = chapter_or_404(draft, chapter_id)
    conflict = conflict_or_404(chapter, conflict_id)
    done, form = settle(conflict, restore=lambda: services.save_chapter(chapter, conflict.data["body"],
                                                                        chapter.version, current_user),
                        back=url_for("drafts.chapter", draft_id=draft.id, chapter_id=chapter.id))
    if done:
        return done
    return render_template("plan_drafts/chapter_conflict.html", draft=draft, chapter=chapter,
                           conflict=conflict, form=form)


@bp.route("/<district>/bozze/<int:draft_id>/capitoli/<int:chapter_id>/rigenera", methods=["GET", "POST"])
@role_required(*OFFICE)
def chapter_refill(draft_id: int, chapter_id: int):
    """Write a chapter again from the current data, after a confirmation that says what is lost."""
    draft = draft_or_404(draft_id, edit=True)
    chapter = chapter_or_404(draft, chapter_id)
    if chapter.key not in {k.value for k in gather.PREFILLED}:
        abort(404)
    if not draft.is_editable:
        return read_only(draft)
    form = ConfirmForm()
    if form.validate_on_submit():
        services.refill_chapter(chapter, current_user)
        db.session.commit()
        flash(_("Chapter %(title)s written again from the current data.", title=chapter.title), "success")
        return redirect(url_for("drafts.chapter", draft_id=draft.id, chapter_id=chapter.id))
    preview = gather.chapter_body(ChapterKey(chapter.key), draft.previous_plan)
    return render_template("plan_drafts/chapter_refill.html", draft=draft, chapter=chapter, form=form,
                           preview=preview)


# --- approval ---------------------------------------------------------------------------------------

@bp.route("/<district>/bozze/<int:draft_id>/approva", methods=["GET", "POST"])
@role_required(*OFFICE)
def draft_approve(draft_id: int):
    draft = draft_or_404(draft_id, edit=True)
    form = ApprovalForm()
    problems = approval.blockers(draft)
    if form.validate_on_submit() and not problems:
        try:
            plan = approval.approve_draft(draft, by=current_user, assembly_date=form.assembly_date.data,
                                          resolution_number=form.resolution_number.data, signed=form.signed.data)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            problems = [error.message]
        else:
            flash(_("The draft is approved: %(title)s is now the district's plan. You can open its first "
                    "evaluation campaign.", title=plan.title), "success")
            return redirect(plan_url(plan))
    return render_template("plan_drafts/approve.html", draft=draft, form=form, problems=problems,
                           open_campaign=approval.evaluations.open_campaign_of(draft.previous_plan)
                           if draft.previous_plan else None), (422 if request.method == "POST" else 200)


@bp.get("/<district>/bozze/<int:draft_id>/firmato")
@role_required(*EVERY_ROLE)
def signed_document(draft_id: int):
    """The document the assembly signed, as the office uploaded it with the approval."""
    draft = draft_or_404(draft_id)
    if draft.signed_file is None:
        abort(404)
    return send_stored(draft.signed_file)
