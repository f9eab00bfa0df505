"""`_()` in templates: translated in the reader's language, variables escaped only in HTML."""

from flask import render_template_string
from flask_babel import force_locale


def test_template_strings_are_translated_and_their_variables_escaped_in_html(app):
    with app.test_request_context("/", headers={"Accept-Language": "ja"}):
        out = render_template_string("{{ _('Sign in') }}|{{ _('Hello %(name)s,', name=who) }}",
                                     who="<b>Ken</b>")
        assert out.startswith("ログイン|") and "&lt;b&gt;Ken&lt;/b&gt;" in out
        with force_locale("en"):  # e-mails render in the recipient's language inside a request
            assert render_template_string("{{ _('Sign in') }}") == "Sign in"
        assert render_template_string("{{ _('Sign in') }}") == "ログイン"
        plain = app.jinja_env.overlay(autoescape=False).from_string("{{ _('Hello %(name)s,', name=who) }}")
        assert "<b>Ken</b>" in plain.render(who="<b>Ken</b>")
