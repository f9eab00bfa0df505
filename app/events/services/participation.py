"""Taking part: applying, the organiser's decisions, availability, and who acts for whom."""

from __future__ import annotations

from collections.abc import Iterable

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ...accounts.models import User, utcnow
from ...errors import Conflict, DomainError, NotAllowed
from ...extensions import db
from ...notifications.services import notify
from ...organisations.models import Organisation
from ..models import ROLES, Event, Participation, Slot, Unavailability

DECISIONS = ("admitted", "waitlisted", "rejected")


def _decision_headline(decision: str, title: str):
    if decision == "admitted":
        return _l("You are admitted to %(event)s.", event=title)
    if decision == "waitlisted":
        return _l("You are on the waiting list for %(event)s.", event=title)
    return _l("Your application to %(event)s was not successful this time.", event=title)


def notify_members(organisation: Organisation, kind: str, subject, link: str, **context) -> int:
    """Send `kind` to every member of the organisation; returns how many were sent."""
    users = [m.user for m in organisation.memberships]
    return sum(notify(u, kind, subject, link, **context) for u in users)


def participation_of(user: User, event: Event) -> Participation | None:
    """The participation of the user's organisation in the event, if any."""
    org = user.organisation if user.is_authenticated else None
    if org is None:
        return None
    return db.session.scalar(select(Participation).where(
        Participation.event_id == event.id, Participation.organisation_id == org.id))


def admitted_participation(user: User, event: Event) -> Participation:
    """The user's admitted participation; NotAllowed otherwise."""
    mine = participation_of(user, event)
    if mine is None or not mine.admitted:
        raise NotAllowed(_("Only admitted participants of this event can see this page."))
    return mine


def admitted_count(event: Event) -> int:
    return db.session.scalar(select(func.count()).select_from(Participation).where(
        Participation.event_id == event.id, Participation.status == "admitted")) or 0


def apply_to_event(event: Event, user: User, role: str, note: str = "") -> Participation:
    """Apply for the user's organisation while registration is open."""
    org = user.organisation
    if org is None:
        raise DomainError(_("Register your organisation before applying."))
    if role not in ROLES:
        raise DomainError(_("Choose a role from the list."), {"role": [_("Unknown role.")]})
    if not event.registration_open():
        raise DomainError(_("Registration for this event is closed."))
    existing = participation_of(user, event)
    if existing is not None and existing.status != "withdrawn":
        raise Conflict(_("Your organisation has already applied to this event."))
    if existing is None:
        existing = Participation(event=event, organisation=org)
        db.session.add(existing)
    existing.role, existing.status, existing.note = role, "applied", note.strip()
    existing.decided_at = None
    db.session.flush()
    return existing


def withdraw_participation(participation: Participation) -> None:
    """The participant leaves: pending requests lapse and unlocked meetings are cancelled."""
    from ..meeting_models import Meeting, MeetingRequest

    participation.status = "withdrawn"
    for req in db.session.scalars(select(MeetingRequest).where(
            MeetingRequest.status == "pending",
            (MeetingRequest.from_id == participation.id) | (MeetingRequest.to_id == participation.id))):
        req.status = "withdrawn"
    for meeting in db.session.scalars(select(Meeting).where(
            (Meeting.a_id == participation.id) | (Meeting.b_id == participation.id))):
        db.session.delete(meeting)
    db.session.flush()


def decide_application(participation: Participation, decision: str) -> None:
    """Admit, wait-list or reject; admitting respects the places cap; the applicant is told."""
    if decision not in DECISIONS:
        raise DomainError(_("Choose admit, wait-list or reject."))
    if participation.status == "withdrawn":
        raise Conflict(_("This participant has withdrawn."))
    event = participation.event
    if decision == "admitted" and not participation.admitted and event.places is not None:
        if admitted_count(event) >= event.places:
            raise Conflict(_("All %(n)d places are taken; wait-list the applicant or raise the cap.",
                             n=event.places))
    if participation.admitted and decision != "admitted":
        from ..meeting_models import Meeting

        if db.session.scalar(select(Meeting.id).where(
                (Meeting.a_id == participation.id) | (Meeting.b_id == participation.id)).limit(1)):
            raise Conflict(_("This participant already has agreed meetings; they cannot be "
                             "un-admitted."))
    if participation.status == decision:
        return
    participation.status = decision
    participation.decided_at = utcnow()
    db.session.flush()
    notify_members(
        participation.organisation, "application_decided",
        _l("Your application to %(event)s", event=event.title),
        url_for("events.show", event_id=event.id, _external=True),
        headline=_decision_headline(decision, event.title),
    )


def set_unavailable(participation: Participation, slot_ids: Iterable[int]) -> None:
    """Replace the slots the participant cannot make; slots holding its meetings are refused."""
    from ..meeting_models import MeetingSeat

    wanted = {int(s) for s in slot_ids}
    valid = set(db.session.scalars(select(Slot.id).where(Slot.event_id == participation.event_id)))
    if wanted - valid:
        raise DomainError(_("One of the chosen times is not part of this event."))
    busy = set(db.session.scalars(select(MeetingSeat.slot_id).where(
        MeetingSeat.participation_id == participation.id)))
    if wanted & busy:
        raise Conflict(_("You already have a meeting at one of those times; ask the organiser "
                         "to move it first."))
    current = {u.slot_id: u for u in participation.unavailable}
    for slot_id, row in current.items():
        if slot_id not in wanted:
            participation.unavailable.remove(row)
    for slot_id in sorted(wanted - set(current)):
        participation.unavailable.append(Unavailability(slot_id=slot_id))
    db.session.flush()
