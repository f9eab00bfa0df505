"""Keep an uploaded file between preview and confirmation, bound to the user who sent it."""

from __future__ import annotations

import json
import os
import re
import secrets
import time

from flask import current_app

MAX_AGE_SECONDS = 24 * 3600
TOKEN = re.compile(r"^[0-9a-f]{32}$")


def _folder() -> str:
    path = os.path.join(current_app.instance_path, "uploads")
    os.makedirs(path, exist_ok=True)
    return path


def save_upload(data: bytes, ext: str, filename: str, kind: str, user_id: int, **meta) -> str:
    """Store the file under a random token; returns the token."""
    _sweep()
    token = secrets.token_hex(16)
    base = os.path.join(_folder(), token)
    with open(base + ".bin", "wb") as fh:
        fh.write(data)
    info = {"ext": ext, "filename": filename, "kind": kind, "user_id": user_id, **meta}
    with open(base + ".json", "w", encoding="utf-8") as fh:
        json.dump(info, fh)
    return token


def load_upload(token: str, user_id: int) -> tuple[bytes, dict] | None:
    """The stored file and its details, if the token is this user's and still fresh."""
    if not TOKEN.match(token or ""):
        return None
    base = os.path.join(_folder(), token)
    try:
        with open(base + ".json", encoding="utf-8") as fh:
            info = json.load(fh)
        if info.get("user_id") != user_id or _age(base + ".json") > MAX_AGE_SECONDS:
            return None
        with open(base + ".bin", "rb") as fh:
            return fh.read(), info
    except (OSError, ValueError):
        return None


def discard_upload(token: str) -> None:
    """Delete a stored upload once it is imported."""
    if TOKEN.match(token or ""):
        for suffix in (".bin", ".json"):
            try:
                os.remove(os.path.join(_folder(), token + suffix))
            except FileNotFoundError:
                pass


def _age(path: str) -> float:
    return time.time() - os.path.getmtime(path)


def _sweep() -> None:
    """Remove uploads nobody confirmed within a day."""
    folder = _folder()
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        try:
            if _age(path) > MAX_AGE_SECONDS:
                os.remove(path)
        except OSError:
            pass
