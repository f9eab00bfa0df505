"""The directory's and profile form's long tag selects render exactly as WTForms' own widget."""

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import Form, SelectField, SelectMultipleField
from wtforms.widgets import Select

from app.forms import LongSelect, choices

OPTIONS = choices([("", "Any field"), ("1", 'GaN "power" <devices> & more'), ("2", "光通信"), (3, "three")])


class Pair(Form):
    plain = SelectField(choices=OPTIONS, widget=Select())
    fast = SelectField(choices=OPTIONS, widget=LongSelect())
    plain_many = SelectMultipleField(choices=OPTIONS, coerce=str, widget=Select(multiple=True))
    fast_many = SelectMultipleField(choices=OPTIONS, coerce=str, widget=LongSelect(multiple=True))


def _same(form: Pair, a: str, b: str, **kwargs) -> None:
    assert str(form[a](id="x", **kwargs)).replace(a, "F") == str(form[b](id="x", **kwargs)).replace(b, "F")


@pytest.mark.parametrize("data", [[], [("plain", "1"), ("fast", "1")], [("plain", "2"), ("fast", "2")]])
def test_single_select_is_unchanged(data):
    form = Pair(MultiDict(data))
    _same(form, "plain", "fast", class_="form-select")
    if data:
        assert 'selected value="' + data[0][1] + '"' in str(form.fast())


def test_multiple_select_and_escaping_are_unchanged():
    form = Pair(MultiDict([("plain_many", "2"), ("plain_many", "3"), ("fast_many", "2"), ("fast_many", "3")]))
    _same(form, "plain_many", "fast_many")
    html = str(form.fast_many())
    assert "GaN &#34;power&#34; &lt;devices&gt; &amp; more" in html
    assert html.count("selected") == 2
