"""Text from outside: control characters typed or pasted into any field never reach a view (tab and newlines
stay), and every text limit applies to what was sent, spaces included."""
import pytest
from flask import jsonify, request

from app.extensions import db
from app.inputs import clean_text


def test_clean_text_keeps_tabs_newlines_and_unicode():
    assert clean_text("a\x00b\x07c\x1b[31m\td\r\ne\x7f — città 😀") == "abc[31m\td\r\ne — città 😀"


def test_form_query_and_json_arrive_clean(app, client):
    @app.route("/_echo", methods=["POST"])
    def _echo():
        return jsonify(form=request.form.getlist("x"), arg=request.args.get("q"), json=None)

    @app.route("/_echo_json", methods=["POST"])
    def _echo_json():
        return jsonify(request.get_json())

    answer = client.post("/_echo?q=a%00b", data={"x": ["ri\x00ga", "ok\n"]}).get_json()
    assert answer["form"] == ["riga", "ok\n"] and answer["arg"] == "ab"
    assert client.post("/_echo_json", json={"k\x01": ["v\x00", {"n": "\x1bx"}]}).get_json() == {"k": ["v", {"n": "x"}]}


# ---- lengths: a limit applies to what was sent, spaces included -----------------------------------------------

def _form_classes():
    """Every form class of the application (imported by create_app through the blueprints)."""
    import flask_wtf
    import wtforms
    seen, todo = set(), [flask_wtf.FlaskForm, wtforms.Form]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    return [c for c in seen if c.__module__.split(".")[0] in
            ("app", "evaluations", "focus_groups", "meetings", "posts", "plan_drafts")]


def test_every_form_of_the_application_limits_what_was_sent(app):
    from app.forms import FlaskForm, Form
    forms = _form_classes()
    assert len(forms) > 40
    assert [f"{c.__module__}.{c.__name__}" for c in forms if not issubclass(c, (FlaskForm, Form))] == []


def test_spaces_around_a_title_count_toward_its_limit(as_office, district):
    from posts.models import Post
    title = " " * 100_000 + "Avviso"
    as_office.set_cookie("lang", "en", domain="pdz.test")
    response = as_office.post(f"/gestione/{district.slug}/blog/articoli/nuovo",
                              data={"kind": "announcement", "title": title, "summary": "", "meeting_id": "0"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "At most 200 characters, spaces included: this text has 100,006." in page
    assert db.session.scalar(db.select(db.func.count(Post.id))) == 0
    assert as_office.post(f"/gestione/{district.slug}/blog/articoli/nuovo", data={
        "kind": "announcement", "title": "  Avviso  ", "summary": "", "meeting_id": "0"}).status_code == 302


@pytest.mark.parametrize("field", ["description", "notes"])
def test_office_long_texts_have_a_limit_and_the_form_keeps_what_was_typed(as_office, district, plan, field):
    from app.inputs import LONG_TEXT_MAX_LENGTH
    from focus_groups.models import FocusGroup
    too_long = "parola " * (LONG_TEXT_MAX_LENGTH // 7) + "fine del testo"
    assert len(too_long) > LONG_TEXT_MAX_LENGTH
    if field == "description":   # a plan's description
        url, data = f"/gestione/{district.slug}/piani/nuovo", {
            "title": "Piano di Zona 2015-2017", "start_year": "2015", "end_year": "2017", "status": "draft",
            "previous_plan": "", "description": too_long}
    else:                        # a focus group's notes
        url, data = f"/gestione/{district.slug}/piani/{plan.id}/focus/nuovo", {"title": "Gruppo", "notes": too_long}
    as_office.set_cookie("lang", "en", domain="pdz.test")
    response = as_office.post(url, data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f"At most 200,000 characters, spaces included: this text has {len(too_long):,}." in page
    assert "fine del testo</textarea>" in page
    assert db.session.scalar(db.select(db.func.count(FocusGroup.id))) == 0
    data[field] = too_long[:LONG_TEXT_MAX_LENGTH]
    assert as_office.post(url, data=data).status_code == 302


def test_an_integer_field_refuses_a_number_no_database_column_holds(app):
    from werkzeug.datastructures import MultiDict
    from wtforms import IntegerField
    from wtforms.validators import Optional

    from app.forms import FlaskForm

    class PositionForm(FlaskForm):
        position = IntegerField(validators=[Optional()])

    with app.test_request_context(method="POST"):
        for sent, valid in (("2147483647", True), ("2147483648", False), ("-99999999999999999999", False)):
            form = PositionForm(MultiDict({"position": sent}), meta={"csrf": False})
            assert form.validate() is valid, sent
