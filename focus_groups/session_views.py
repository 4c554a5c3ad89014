"""Keyword sessions seen by the facilitator: open, close/reopen, paper keywords, moderation, blocked words."""
from __future__ import annotations

from flask import abort, current_app, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from app.auth import role_required
from app.errors import DomainError
from app.extensions import db
from app.forms import form_status
from app.urls import public_url
from app.view_helpers import OFFICE_AND_FACILITATORS, ConfirmForm, owned_or_404, saved

from . import management
from .blueprint import focus as bp
from .forms import DEFAULT_PROMPT, BlockedWordsForm, PasteForm, SessionForm
from .models import FocusGroup, Keyword, KeywordSession


def live_links(ks: KeywordSession) -> dict:
    """The projector wall and the phone page of a session, when those pages are installed."""
    endpoints = {"wall": "wall.page", "phone": "participant.phone"}
    links = {key: url_for(endpoint, code=ks.code) for key, endpoint in endpoints.items()
             if endpoint in current_app.view_functions}
    if "phone" in links:   # what the facilitator reads out to the room, as the wall shows it
        links["address"] = public_url("participant.phone", code=ks.code).split("://", 1)[-1]
    return links


def session_url(session: KeywordSession, anchor: str | None = None) -> str:
    return url_for("focus.session", session_id=session.id, _anchor=anchor)


@bp.route("/<district>/focus/<int:focus_id>/sessioni/nuova", methods=["GET", "POST"])
@role_required(*OFFICE_AND_FACILITATORS)
def session_new(focus_id: int):
    focus = owned_or_404(FocusGroup, focus_id)
    topic = focus.area.name if focus.area else focus.title
    form = SessionForm(data={"prompt": DEFAULT_PROMPT.format(area=topic), "keywords_per_person": 1})
    session = saved(form, lambda: management.open_session(
            focus, prompt=form.prompt.data, keywords_per_person=form.keywords_per_person.data,
            premoderation=form.premoderation.data))
    if session:
        flash(_("Session open: participants join with the code %(code)s.", code=session.code), "success")
        return redirect(session_url(session))
    return render_template("focus_groups/session_new.html", form=form, focus=focus), form_status()


@bp.get("/<district>/focus/sessioni/<int:session_id>/")
@role_required(*OFFICE_AND_FACILITATORS)
def session(session_id: int):
    ks = owned_or_404(KeywordSession, session_id)
    pending = [k for k in ks.keywords if not k.approved]
    return render_template("focus_groups/session.html", ks=ks, focus=ks.focus_group, pending=pending,
                           paste=PasteForm(), confirm=ConfirmForm(), links=live_links(ks))


@bp.post("/<district>/focus/sessioni/<int:session_id>/<any(chiudi, riapri):action>")
@role_required(*OFFICE_AND_FACILITATORS)
def session_state(session_id: int, action: str):
    ks = owned_or_404(KeywordSession, session_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if action == "chiudi":
        management.close_session(ks)
        flash(_("Session %(code)s closed: no more keywords are accepted.", code=ks.code), "success")
    else:
        management.reopen_session(ks)
        flash(_("Session %(code)s open again.", code=ks.code), "success")
    db.session.commit()
    return redirect(session_url(ks))


@bp.post("/<district>/focus/sessioni/<int:session_id>/carta")
@role_required(*OFFICE_AND_FACILITATORS)
def session_paste(session_id: int):
    ks = owned_or_404(KeywordSession, session_id)
    form = PasteForm()
    added = {}
    if saved(form, lambda: added.setdefault("keywords", management.paste_keywords(ks, form.text.data))):
        flash(_("%(num)d paper keywords added.", num=len(added["keywords"])), "success")
        return redirect(session_url(ks, "keywords"))
    return render_template("focus_groups/session.html", ks=ks, focus=ks.focus_group,
                           pending=[k for k in ks.keywords if not k.approved], paste=form,
                           confirm=ConfirmForm(), links=live_links(ks)), 422


@bp.post("/<district>/focus/parole/<int:keyword_id>/<any(nascondi, ripristina, approva):action>")
@role_required(*OFFICE_AND_FACILITATORS)
def keyword_moderate(keyword_id: int, action: str):
    keyword = owned_or_404(Keyword, keyword_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if action == "approva":
        management.approve(keyword)
    else:
        management.set_hidden(keyword, action == "nascondi")
    db.session.commit()
    return redirect(session_url(keyword.session, f"keyword-{keyword.id}"))


@bp.route("/<district>/focus/parole-bloccate", methods=["GET", "POST"])
@role_required(*OFFICE_AND_FACILITATORS)
def blocked_words():
    form = BlockedWordsForm(data={"words": "\n".join(management.blocked_words(g.district))})
    if form.validate_on_submit():
        try:
            management.save_blocked_words(g.district, form.words.data)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            form.form_errors.append(error.message)
        else:
            flash(_("Blocked words saved."), "success")
            return redirect(url_for("focus.blocked_words"))
    return render_template("focus_groups/blocked_words.html", form=form), form_status()
