"""Bulk import of organisations: preview with every row's problems, confirm, idempotence."""

import io
import re

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from app.extensions import db
from app.organisations.models import Organisation

HEADER = "name,name_ja,country,type,region,website,capabilities,looking_for,contact_email\n"
GOOD = (
    "Clyde Photonics,,GB,sme,Scotland,https://clyde.example,photonics; risc-v,,fiona@clyde.example\n"
    "Kansai Chips,関西チップ株式会社,Japan,Corporate,Osaka,,化合物半導体,photonics,\n"
)
BAD = (
    ",,GB,sme,,,,,\n"                                            # 4: name missing
    "Wrong Tag Ltd,,GB,sme,,,quantum-teleportation,,\n"          # 5: unknown tag
    "Bad Mail Ltd,,JP,startup,,,,,not-an-address\n"              # 6: bad e-mail
    "clyde photonics,,GB,sme,,,,,\n"                             # 7: duplicate of line 2
    "Moon Base,,FR,spaceport,,ftp://x,,,\n"                      # 8: country, type, website
)


@pytest.fixture
def organiser(client, auth, make_user, taxonomy):
    make_user("org@example.com", role="organiser")
    auth.login("org@example.com")


def upload(client, content, filename="orgs.csv", kind="organisations"):
    data = content.encode("utf-8") if isinstance(content, str) else content
    return client.post("/organiser/import", data={"kind": kind, "file": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(Organisation))


def test_only_organisers_import(client, auth, make_user):
    assert client.get("/organiser/import").status_code == 302  # to sign-in
    make_user("p@example.com")
    auth.login("p@example.com")
    assert client.get("/organiser/import").status_code == 403


def test_a_clean_file_previews_then_imports_on_confirmation(client, organiser):
    response = upload(client, HEADER + GOOD)
    assert response.status_code == 302
    preview_url = response.location
    page = client.get(preview_url).get_data(as_text=True)
    assert "Clyde Photonics" in page and "Kansai Chips" in page and "Will be imported" in page
    assert "Nothing has been saved yet." in page
    assert count() == 0
    response = client.post(preview_url, data={})
    assert response.status_code == 302
    assert count() == 2
    kansai = db.session.scalar(select(Organisation).where(Organisation.name == "Kansai Chips"))
    assert kansai.country == "JP" and kansai.org_type == "corporate" and kansai.name_ja
    assert [t.slug for t in kansai.capabilities] == ["compound-semiconductors"]
    assert [t.slug for t in kansai.looking_for] == ["photonics"]
    clyde = db.session.scalar(select(Organisation).where(Organisation.name == "Clyde Photonics"))
    assert clyde.contact_email == "fiona@clyde.example" and len(clyde.capabilities) == 2
    # the stored upload is gone once imported
    assert client.get(preview_url).status_code == 302


def test_every_rows_problems_are_listed(client, organiser):
    page = client.get(upload(client, HEADER + GOOD + BAD).location).get_data(as_text=True)
    text = re.sub(r"\s+", " ", page)
    assert "Name is missing." in text
    assert "Unknown tag “quantum-teleportation”." in text
    assert "“not-an-address” is not a valid e-mail address." in text
    assert "Duplicate of line 2." in text
    assert "Unknown country “FR”." in text and "Unknown type “spaceport”." in text
    assert "“ftp://x” is not a web address" in text
    assert "2 new" in text and "5 with problems" in text


def test_a_file_with_errors_imports_nothing_unless_asked_for_the_valid_rows(client, organiser):
    url = upload(client, HEADER + GOOD + BAD).location
    response = client.post(url, data={})
    assert response.status_code == 400
    assert "Nothing was imported" in response.get_data(as_text=True)
    assert count() == 0
    assert client.post(url, data={"valid_only": "y"}).status_code == 302
    assert count() == 2


def test_importing_the_same_file_twice_changes_nothing_the_second_time(client, organiser):
    client.post(upload(client, HEADER + GOOD).location, data={})
    before = sorted(db.session.execute(select(Organisation.name, Organisation.updated_at)).all())
    url = upload(client, HEADER + GOOD).location
    page = client.get(url).get_data(as_text=True)
    assert "0 new" in page and "2 already registered" in page
    client.post(url, data={})
    assert sorted(db.session.execute(select(Organisation.name, Organisation.updated_at)).all()) == before


def test_xlsx_files_are_read_too(client, organiser):
    book = Workbook()
    sheet = book.active
    sheet.append(["Name", "Country", "Type", "Capabilities"])
    sheet.append(["Tees Valley Materials", "United Kingdom", "SME", "advanced-materials"])
    buffer = io.BytesIO()
    book.save(buffer)
    url = upload(client, buffer.getvalue(), "orgs.xlsx").location
    client.post(url, data={})
    tees = select(Organisation.country).where(Organisation.name == "Tees Valley Materials")
    assert db.session.scalar(tees) == "GB"


def test_shift_jis_csv_from_japanese_excel(client, organiser):
    content = "name,name_ja,country,type\nHokuriku Glass,北陸硝子株式会社,日本,中小企業\n"
    client.post(upload(client, content.encode("cp932")).location, data={})
    assert db.session.scalar(select(Organisation.name_ja)) == "北陸硝子株式会社"


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"name,country\n", "orgs.txt", "Upload a .csv or .xlsx file."),
        (b"not a workbook", "orgs.xlsx", "not a readable Excel workbook"),
        (b"", "orgs.csv", "The file is empty."),
    ],
)
def test_unreadable_files_are_refused_next_to_the_field(client, organiser, content, filename, message):
    response = upload(client, content, filename)
    assert response.status_code == 400 and message in response.get_data(as_text=True)


def test_missing_required_columns_block_the_import(client, organiser):
    url = upload(client, "name,region\nX,Y\n").location
    page = client.get(url).get_data(as_text=True)
    assert "lacks required columns: country, type" in page
    assert client.post(url, data={"valid_only": "y"}).status_code == 400
    assert count() == 0


def test_another_organiser_cannot_use_my_upload(client, auth, organiser, make_user):
    url = upload(client, HEADER + GOOD).location
    auth.logout()
    make_user("other@example.com", role="organiser")
    auth.login("other@example.com")
    assert client.post(url, data={}).status_code == 302
    assert count() == 0


def test_the_example_file_imports_cleanly(client, organiser):
    example = client.get("/organiser/import/template/organisations.csv")
    assert example.mimetype == "text/csv"
    page = client.get(upload(client, example.data).location).get_data(as_text=True)
    assert "1 new" in page and "0 with problems" in page


def test_the_preview_in_japanese(client, organiser):
    client.post("/language", data={"lang": "ja", "next": "/"})
    page = client.get(upload(client, HEADER + BAD).location).get_data(as_text=True)
    assert "不明なタグ「quantum-teleportation」です。" in page
