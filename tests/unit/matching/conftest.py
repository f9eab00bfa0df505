"""Small bilingual fixtures for the pure matching engine."""

from __future__ import annotations

import pytest

from app.matching.engine import OrgProfile, TagNode

SEMI, COMPOUND, QUANTUM, SENSING, ENERGY = 1, 2, 3, 4, 5


@pytest.fixture
def kernel_calls(monkeypatch):
    """kernel_calls(module, name): a list that grows by one each time the module calls its
    scipy kernel `name`; skips the test where this scipy lacks it (the plain code runs)."""

    def spy(module, name: str) -> list:
        kernel = getattr(module, name)
        if kernel is None:
            pytest.skip(f"this scipy has no scipy.sparse._sparsetools.{name.lstrip('_')}")
        calls: list = []
        monkeypatch.setattr(module, name, lambda *args: calls.append(1) or kernel(*args))
        return calls

    return spy


@pytest.fixture
def tags() -> list[TagNode]:
    return [
        TagNode(SEMI, None, "Semiconductors", "半導体"),
        TagNode(COMPOUND, SEMI, "Compound semiconductors", "化合物半導体"),
        TagNode(QUANTUM, None, "Quantum technologies", "量子技術"),
        TagNode(SENSING, QUANTUM, "Quantum sensing", "量子センシング"),
        TagNode(ENERGY, None, "Clean energy", "クリーンエネルギー"),
    ]


def org(id: int, country: str, **kw) -> OrgProfile:
    """A profile with frozen tag sets built from lists."""
    for key in ("capability_tags", "interest_tags"):
        if key in kw:
            kw[key] = frozenset(kw[key])
    return OrgProfile(id=id, country=country, **kw)


@pytest.fixture
def population() -> list[OrgProfile]:
    return [
        org(1, "GB", description="Compound semiconductor epitaxy for photonics.",
            offers="GaN and InP wafers, compound semiconductor epitaxy.",
            seeks="Quantum sensing partners to use our wafers.",
            capability_tags=[COMPOUND], interest_tags=[SENSING]),
        org(2, "JP", description="量子センシングの研究所。", offers="量子センシングの装置と試験。",
            seeks="化合物半導体のウエハーを探しています。",
            capability_tags=[SENSING], interest_tags=[COMPOUND]),
        org(3, "JP", description="Offers quantum sensing instruments and testing.",
            offers="Quantum sensing instruments and testing.", seeks="Clean energy investors.",
            capability_tags=[SENSING], interest_tags=[ENERGY]),
        org(4, "GB", description="Hydrogen and clean energy projects.",
            capability_tags=[ENERGY], interest_tags=[SENSING]),
        org(5, "JP", description="Solar cells and clean energy storage.",
            capability_tags=[ENERGY], interest_tags=[ENERGY]),
        org(6, "GB", description="Quantum sensing and compound semiconductor research group.",
            capability_tags=[SENSING, COMPOUND]),
    ]
