"""Control characters typed or pasted into any field never reach a view (tab and newlines stay)."""
from flask import jsonify, request

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
