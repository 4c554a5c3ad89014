"""The demo: the Crema 2012-2014 sample plan and three accounts, loaded idempotently."""
from . import people
from .extensions import db
from .models import District, Plan, Role
from .plans import import_plan, sample_data


def load_demo(accounts, password: str) -> Plan:
    data = sample_data()
    district = db.session.scalar(db.select(District).filter_by(name=data["district"]["name"]))
    plan = district and db.session.scalar(db.select(Plan).filter_by(district_id=district.id,
                                                                     title=data["plan"]["title"]))
    if plan is None:
        plan = import_plan(data)
        district = plan.district
    for email, name, role in accounts:
        user = people.find_user(email) or people.create_user(email, name, password)
        people.grant(user, district, Role(role))
        if role == Role.REFERENT.value:
            for action in plan.actions[:2]:
                people.assign_referent(action, user)
    from evaluations.demo import load_demo_campaign
    load_demo_campaign(plan, password=password, **{role: people.find_user(email) for email, _n, role in accounts})
    from focus_groups.demo import load_demo_focus; load_demo_focus(plan)  # noqa: E702
    from meetings.demo import load_demo_meetings; load_demo_meetings(plan)  # noqa: E702
    from posts.demo import load_demo_posts; load_demo_posts(plan)  # noqa: E702  (after focus groups and meetings)
    from plan_drafts.demo import load_demo_draft; load_demo_draft(plan)  # noqa: E702  (last: it reads them all)
    from plan_drafts.writing_demo import load_demo_writing; load_demo_writing(plan)  # noqa: E702  (comments on it)
    db.session.commit()
    return plan
