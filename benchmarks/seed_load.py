"""Fill a fresh PostgreSQL database with load-test data, fast (bulk inserts).

    .venv/bin/python benchmarks/seed_load.py [--url postgresql://postgres@127.0.0.1:5432/kk_load]
        [--organisations 10000] [--participants 1000]

Creates the database (dropping any old one), migrates it (`flask db upgrade`, so the trigram
indexes of revision 0002 exist), loads the real taxonomy, then N fictional organisations from
both countries with bilingual descriptions built from their tags, one participant user per
organisation for the first P organisations (password LOAD_PASSWORD), the matcher's stored
suggestions (as `flask match rebuild`), and an event those P organisations take part in.
Reproducible: a fixed random seed.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/kk_load"
LOAD_PASSWORD = "load-test-password"
REGIONS = {
    "GB": ["Scotland", "Wales", "North East", "North West", "Yorkshire", "West Midlands", "London",
           "South East", "South West", "East of England", "Northern Ireland"],
    "JP": ["Hokkaido", "Miyagi", "Tokyo", "Kanagawa", "Aichi", "Osaka", "Kyoto", "Hyogo",
           "Hiroshima", "Fukuoka", "Kumamoto", "Okinawa"],
}
GB_WORDS = ["Severn", "Clyde", "Thames", "Pennine", "Cambrian", "Mercia", "Wessex", "Tyne", "Humber",
            "Avon", "Forth", "Solent", "Lomond", "Cotswold", "Mendip", "Dee"]
JP_WORDS = [("Kanto", "関東"), ("Kansai", "関西"), ("Kyushu", "九州"), ("Tohoku", "東北"),
            ("Chubu", "中部"), ("Shikoku", "四国"), ("Hokuriku", "北陸"), ("Sakura", "桜"),
            ("Fuji", "富士"), ("Asahi", "朝日"), ("Mirai", "未来"), ("Hikari", "光")]
SUFFIXES = [("Systems", "システムズ"), ("Technologies", "テクノロジーズ"), ("Labs", "ラボ"),
            ("Photonics", "フォトニクス"), ("Devices", "デバイス"), ("Networks", "ネットワークス"),
            ("Materials", "マテリアルズ"), ("Semiconductor", "セミコンダクター"), ("Quantum", "量子"),
            ("Energy", "エナジー")]
ORG_TYPES = ["sme", "sme", "sme", "startup", "startup", "corporate", "academic", "research", "public"]
SIZES = ["1-9", "10-49", "50-249", "250-999", "1000+"]
INTERESTS = ["joint_rnd", "supply_chain", "investment", "distribution", "licensing", "talent"]


def recreate_database(url: str) -> None:
    """Drop and create the database named by `url` (PostgreSQL)."""
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")


def organisation_rows(n: int, tags: list, rng: random.Random) -> tuple[list[dict], list[dict]]:
    """`n` organisations (alternating GB/JP) and their tag links, as plain rows."""
    from app.organisations.models import search_document

    leaves = [t for t in tags if t.parent_id is not None]
    orgs, links = [], []
    for i in range(n):
        country = "GB" if i % 2 == 0 else "JP"
        caps = rng.sample(leaves, rng.randint(3, 6))
        wants = rng.sample([t for t in leaves if t not in caps], rng.randint(1, 3))
        suffix_en, suffix_ja = rng.choice(SUFFIXES)
        if country == "GB":
            name, name_ja = f"{rng.choice(GB_WORDS)} {suffix_en} {i:05d}", ""
        else:
            word_en, word_ja = rng.choice(JP_WORDS)
            name, name_ja = f"{word_en} {suffix_en} {i:05d}", f"{word_ja}{suffix_ja}{i:05d}"
        cap_en = ", ".join(t.label_en for t in caps)
        cap_ja = "、".join(t.label_ja for t in caps)
        want_en = ", ".join(t.label_en for t in wants)
        want_ja = "、".join(t.label_ja for t in wants)
        if country == "GB":
            description = (f"{name} works on {cap_en}. We design, test and supply to partners "
                           f"in Europe and Asia and are expanding our work with Japan.")
            offers, seeks = f"Expertise in {cap_en}.", f"Partners in {want_en} in Japan."
        else:
            description = (f"{name_ja}は{cap_ja}の研究開発と製造を行っています。"
                           f"英国の企業・大学との共同開発を希望しています。 We work on {cap_en}.")
            offers, seeks = f"{cap_ja}の技術。", f"英国の{want_ja}のパートナー。"
        orgs.append({
            "id": i + 1, "name": name, "name_ja": name_ja, "country": country,
            "org_type": rng.choice(ORG_TYPES), "size_band": rng.choice(SIZES),
            "region": rng.choice(REGIONS[country]), "city": "", "website": f"https://org{i}.example",
            "description": description, "offers": offers, "seeks": seeks,
            "interests": rng.sample(INTERESTS, 2), "contact_name": "Contact",
            "contact_email": f"contact{i}@org{i}.example", "contact_phone": "",
        })  # fmt: skip
        orgs[-1]["search_text"] = search_document(orgs[-1])
        links += [{"organisation_id": i + 1, "tag_id": t.id, "kind": "capability"} for t in caps]
        links += [{"organisation_id": i + 1, "tag_id": t.id, "kind": "interest"} for t in wants]
    return orgs, links


def seed(url: str, organisations: int, participants: int) -> dict:
    """Create, migrate and fill the database; returns what was made and how long it took."""
    from flask_migrate import upgrade
    from sqlalchemy import insert, text
    from werkzeug.security import generate_password_hash

    from app import create_app
    from app.accounts.models import Membership, User
    from app.demo.loader import load_taxonomy
    from app.extensions import db
    from app.organisations.models import Organisation, OrganisationTag

    started = time.perf_counter()
    recreate_database(url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "seed", "LOG_JSON": False})
    rng = random.Random(2026)
    made: dict = {}
    with app.app_context():
        upgrade()
        tags = list(load_taxonomy().values())
        db.session.commit()
        orgs, links = organisation_rows(organisations, tags, rng)
        db.session.execute(insert(Organisation), orgs)
        db.session.execute(insert(OrganisationTag), links)
        password_hash = generate_password_hash(LOAD_PASSWORD)
        users = [{"id": i + 1, "email": f"load{i + 1}@example.com", "name": f"Load User {i + 1}",
                  "password_hash": password_hash, "role": "participant", "locale": "en",
                  "timezone": "Europe/London", "active": True, "email_prefs": {}}
                 for i in range(participants)]
        db.session.execute(insert(User), users)
        db.session.execute(insert(Membership), [{"user_id": i + 1, "organisation_id": i + 1}
                                                for i in range(participants)])
        for table in ("organisations", "users", "memberships"):
            db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                    f"(SELECT max(id) FROM {table}))"))
        db.session.commit()
        made.update(organisations=len(orgs), tag_links=len(links), users=len(users))
        made.update(seed_suggestions())
        made.update(seed_event(participants, password_hash))
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        db.engine.dispose()
    made["seconds"] = round(time.perf_counter() - started, 1)
    return made


def seed_suggestions() -> dict:
    """Store every organisation's suggested partners, as `flask match rebuild` does."""
    from app.extensions import db
    from app.matching.services import rebuild_suggestions

    started = time.perf_counter()
    count = rebuild_suggestions()
    db.session.commit()
    return {"suggestions": count, "rebuild_seconds": round(time.perf_counter() - started, 1)}


def seed_event(participants: int, password_hash: str) -> dict:
    """A one-day B2B event in Tokyo: the first `participants` organisations admitted, six
    meetings each (UK × Japan pairs, round robin, conflict-free), schedule published."""
    import datetime as dt

    from sqlalchemy import insert, select

    from app.accounts.models import User
    from app.events.meeting_models import Meeting
    from app.events.models import Event, EventSession, Participation, Slot, Venue
    from app.extensions import db

    now = dt.datetime.now(dt.UTC)
    day = (now + dt.timedelta(days=30)).date()
    organiser = User(email="organiser@load.example", name="Load Organiser", role="organiser",
                     password_hash=password_hash, locale="en", timezone="Asia/Tokyo", email_prefs={})
    event = Event(kind="trade_show", title="Load-test mission", description="UK–Japan B2B meetings",
                  starts_on=day, ends_on=day, timezone="Asia/Tokyo", organiser=organiser,
                  registration_opens_at=now - dt.timedelta(days=30),
                  registration_closes_at=now + dt.timedelta(days=20), role_rules=[],
                  schedule_published_at=now)
    venue = Venue(event=event, name="Tokyo Big Sight", city="Tokyo", timezone="Asia/Tokyo")
    tables = participants // 2
    session = EventSession(event=event, venue=venue, label="B2B", day=day, start_time=dt.time(9),
                           end_time=dt.time(12), meeting_minutes=30, tables=tables)
    db.session.add_all([organiser, event, venue, session])
    db.session.flush()
    start = dt.datetime.combine(day, dt.time(0, 0), tzinfo=dt.UTC)  # 09:00 in Tokyo
    slots = [Slot(event_id=event.id, session_id=session.id, tables=tables,
                  starts_at=start + dt.timedelta(minutes=30 * i),
                  ends_at=start + dt.timedelta(minutes=30 * i + 30)) for i in range(6)]
    db.session.add_all(slots)
    db.session.flush()
    db.session.execute(insert(Participation), [
        {"event_id": event.id, "organisation_id": org_id, "status": "admitted", "decided_at": now,
         "role": "delegate" if org_id % 2 else "host", "note": ""}
        for org_id in range(1, participants + 1)])
    part = dict(db.session.execute(select(Participation.organisation_id, Participation.id)
                                   .where(Participation.event_id == event.id)).all())
    uk = [part[o] for o in range(1, participants + 1, 2)]   # odd ids are GB (seed_load rows)
    jp = [part[o] for o in range(2, participants + 1, 2)]
    meetings = []
    for s, slot in enumerate(slots):
        for k, a in enumerate(uk):
            b = jp[(k + s) % len(jp)]
            meetings.append({"event_id": event.id, "a_id": min(a, b), "b_id": max(a, b),
                             "source": "organiser", "slot_id": slot.id, "table_no": k + 1,
                             "locked": False, "unplaced_reason": ""})
    db.session.execute(insert(Meeting), meetings)
    db.session.commit()
    return {"event_id": event.id, "participations": len(part), "meetings": len(meetings)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("KK_LOAD_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--organisations", type=int, default=10_000)
    parser.add_argument("--participants", type=int, default=1_000)
    args = parser.parse_args()
    print(seed(args.url, args.organisations, args.participants))


if __name__ == "__main__":
    main()
