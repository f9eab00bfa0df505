"""The participant's journey in a real browser, in English and in Japanese."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import PASSWORD, screenshot

pytestmark = pytest.mark.e2e


def confirmation_link(app, email: str) -> str:
    """The path of the newest sign-up confirmation link the live server e-mailed to `email`."""
    sent = [m for m in getattr(app.extensions["mailman"], "outbox", []) if m.to == [email]]
    assert sent, f"no message to {email}"
    return re.search(r"https?://[^/\s]+(/signup/confirm/\S+)", sent[-1].body).group(1)


def sign_up(page, app, name: str, email: str) -> None:
    """Sign up, open the link e-mailed to the address, and confirm with the password."""
    page.goto("/signup")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("E-mail address").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()
    expect(page.get_by_text(email)).to_be_visible()
    page.goto(confirmation_link(app, email))
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm and sign in").click()


def test_sign_up_describe_the_organisation_and_find_partners(new_page, live_server):
    page = new_page()
    page.goto("/")
    screenshot(page, "01-home")
    sign_up(page, live_server, "Fiona Reid", "fiona@clyde-photonics.example")
    expect(page.get_by_role("heading", name="Register your organisation")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("Welcome to Kakehashi")
    page.get_by_label("Organisation name").fill("Clyde Photonics")
    page.get_by_label("Country").select_option("GB")
    page.get_by_label("Type of organisation").select_option("sme")
    page.locator("#description").fill(
        "Indium phosphide lasers and photonic integrated circuits for optical networks.")
    page.get_by_label("What we seek").fill("Japanese packaging partners and distributors.")
    # the tag filter narrows the long taxonomy as one types, in English or Japanese
    picker = page.locator("#capabilities-picker")
    picker.get_by_placeholder("Type to filter").fill("indium")
    picker.get_by_label(re.compile("^Indium phosphide")).check()
    picker.get_by_placeholder("Type to filter").fill("光")
    picker.locator(".tag-option:visible input").first.check()
    picker.get_by_placeholder("Type to filter").fill("")
    page.locator("#looking_for-picker").get_by_label(re.compile("^Advanced packaging")).check()
    screenshot(page, "02-profile-form")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Clyde Photonics")
    expect(page.get_by_role("alert")).to_contain_text("Your organisation is registered.")
    expect(page.get_by_text("Indium phosphide", exact=False).first).to_be_visible()
    screenshot(page, "03-profile")

    page.get_by_role("link", name="Suggested partners").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Suggested partners")
    first = page.locator("li.suggestion").first
    expect(first).to_be_visible()
    expect(first.locator(".score")).to_have_text(re.compile(r"^\d+$"))
    screenshot(page, "04-suggestions")

    page.get_by_role("link", name="Directory").first.click()
    page.locator("#country").select_option("JP")
    page.locator("#q").fill("packaging")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("main li.card").first).to_be_visible()
    assert "country=JP" in page.url
    screenshot(page, "05-directory")


def test_the_journeys_main_pages_in_japanese(new_page, live_server):
    page = new_page("en-GB")
    sign_up(page, live_server, "Sato Hanako", "hanako@kansai-chips.example")
    page.get_by_role("button", name="日本語").click()
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    expect(page.get_by_role("heading", name="団体を登録する")).to_be_visible()
    page.get_by_label("団体名").fill("関西チップ")
    page.get_by_label("日本語名称").fill("関西チップ株式会社")
    page.get_by_label("国").select_option("JP")
    page.get_by_label("団体の種類").select_option("corporate")
    page.locator("#description").fill("化合物半導体の設計と製造を行っています。")
    page.locator("#capabilities-picker").get_by_label(re.compile("^化合物半導体")).check()
    screenshot(page, "12-profile-form-ja")
    page.get_by_role("button", name="プロフィールを保存").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("関西チップ株式会社")
    expect(page.get_by_role("alert")).to_contain_text("団体を登録しました。")
    screenshot(page, "13-profile-ja")
    page.get_by_role("link", name="おすすめのパートナー").click()
    expect(page.locator("li.suggestion").first).to_be_visible()
    screenshot(page, "14-suggestions-ja")
    page.get_by_role("link", name="ディレクトリ").first.click()
    expect(page.get_by_role("heading", name="ディレクトリ")).to_be_visible()
    expect(page.get_by_text(re.compile(r"\d+ 団体")).first).to_be_visible()
    screenshot(page, "15-directory-ja")
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("日英の架け橋で、パートナーを見つけましょう")
    screenshot(page, "11-home-ja")


def test_a_japanese_browser_gets_japanese_without_choosing(new_page):
    page = new_page("ja-JP")
    page.goto("/login")
    expect(page.get_by_role("heading", name="ログイン")).to_be_visible()
    page.get_by_label("メールアドレス").fill("nobody@example.com")
    page.get_by_label("パスワード").fill("wrong-password-1")
    page.get_by_role("button", name="ログイン").click()
    expect(page.get_by_text("メールアドレスまたはパスワードが正しくありません。")).to_be_visible()
    expect(page.get_by_label("メールアドレス")).to_have_value("nobody@example.com")
