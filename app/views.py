"""The map of the site in one screen, and the helpers every template can use."""
from decimal import Decimal

from flask_babel import format_currency, format_date, format_datetime, format_decimal

from .text import render_markdown


def register_blueprints(app):
    from evaluations import dashboard, offline, pdf, public_views
    from evaluations import views as evaluations
    from focus_groups import api as keywords_api, participant, wall
    from focus_groups import views as focus_groups
    from meetings import public_views as meetings_public, views as meetings
    from meetings import registration_views as meeting_registration
    from meetings import registration_office as meeting_registrations
    from meetings import minutes_views as meeting_minutes
    from posts import comment_views as post_comments, office_views as post_office, public_views as blog
    from posts import views as post_editor
    from plan_drafts import views as plan_drafts
    from plan_drafts import writing_office as draft_participation, writing_views as draft_writing
    from . import admin, api, auth, health, office, privacy_views, public, transfer

    site_map = [
        # public: the plan, published evaluations, phones and the projector wall
        (public.bp, None), (auth.bp, None), (public_views.bp, None), (participant.bp, None), (wall.bp, None),
        (dashboard.assets, None), (health.bp, None), (privacy_views.public_bp, None),
        (meetings_public.bp, None),   # the public calendar of meetings, their pages and .ics feeds
        (meeting_registration.bp, None),   # sign-up to meetings and each person's own registration page
        (meeting_minutes.public_bp, None),   # approved minutes of public meetings
        (blog.bp, None), (post_comments.public_bp, None),   # the blog, its feed and readers' comments
        (post_editor.images, None),   # a post's images (public once the post is)
        (draft_writing.bp, None),   # a plan draft opened to participants or the public: comments, amendments
        # management, under /gestione/<district>/...
        (office.bp, "/gestione"), (admin.bp, "/gestione"), (transfer.bp, "/gestione"),
        (evaluations.bp, "/gestione"), (dashboard.bp, "/gestione"), (offline.bp, "/gestione"),
        (pdf.bp, "/gestione"), (focus_groups.bp, "/gestione"), (privacy_views.bp, "/gestione"),
        (post_office.bp, "/gestione"), (post_comments.bp, "/gestione"), (post_editor.bp, "/gestione"),
        (plan_drafts.bp, "/gestione"), (draft_participation.bp, "/gestione"),
        (meetings.bp, "/gestione"),   # meetings: agenda, attachments, working groups, time slots
        (meeting_registrations.bp, "/gestione"),   # a meeting's registrations, check-in, sign-in sheet
        (meeting_minutes.bp, "/gestione"),   # minutes: written, approved, exported
        # JSON API
        (api.bp, "/api/v1"), (keywords_api.bp, "/api/v1"),
    ]
    for blueprint, prefix in site_map:
        app.register_blueprint(blueprint, url_prefix=prefix)


def register_template_helpers(app):
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["euro"] = lambda v: format_currency(v or Decimal(0), "EUR")
    app.jinja_env.filters["ratio"] = lambda v: format_decimal(v, format="#,##0.00")   # 1,25 in Italian
    app.jinja_env.filters["date"] = lambda v, fmt="medium": format_date(v, fmt) if v else ""
    app.jinja_env.filters["datetime"] = lambda v, fmt="medium": format_datetime(v, fmt) if v else ""
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
