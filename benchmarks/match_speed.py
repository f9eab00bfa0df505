"""Speed and memory of the matching engine on synthetic bilingual profiles.

    python benchmarks/match_speed.py [--sizes 1000,10000,100000] [--k 20] [--json FILE]

Each size runs in a fresh subprocess (so peak RSS is per size) and reports: full rebuild time
(MatchIndex.build + every organisation's top-k via top_k_all, cross-border), peak RSS, and
one-profile refresh (top_k_for with an edited profile: transform + upsert + score, median of 20).
Profiles are seeded: half GB half JP, English, Japanese or both, with tags from a synthetic
two-level taxonomy whose labels also appear in the texts.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from app.matching.engine import MatchIndex, OrgProfile, TagNode  # noqa: E402

FIELDS = [
    ("compound semiconductor", "化合物半導体"), ("chip design", "半導体設計"),
    ("advanced packaging", "先端パッケージング"), ("advanced materials", "先端材料"),
    ("photonics", "フォトニクス"), ("artificial intelligence", "人工知能"),
    ("open ran", "オープン無線アクセス"), ("beyond 5g", "ビヨンド5G"),
    ("submarine cable", "海底ケーブル"), ("cyber security", "サイバーセキュリティ"),
    ("iot security", "IoTセキュリティ"), ("data infrastructure", "データ基盤"),
    ("quantum computing", "量子コンピュータ"), ("clean energy", "クリーンエネルギー"),
    ("critical raw materials", "重要鉱物"), ("digital government", "デジタル政府"),
]
ASPECTS = [
    ("design", "設計"), ("fabrication", "製造"), ("testing", "試験"), ("software", "ソフトウェア"),
    ("standards", "標準化"), ("sensors", "センサー"), ("modelling", "モデリング"),
    ("equipment", "装置"), ("training", "人材育成"), ("investment", "投資"),
]
EN_WORDS = ("research development partner supply customer prototype pilot scale market export "
            "laboratory university startup manufacturing process yield reliability wafer device "
            "network platform cloud edge analytics sensor battery hydrogen grid recycling mining "
            "policy service license venture trial demonstration integration evaluation").split()
JA_WORDS = ("研究 開発 連携 供給 顧客 試作 実証 量産 市場 輸出 研究所 大学 新興企業 製造 工程 "
            "歩留まり 信頼性 ウエハー デバイス ネットワーク 基盤 クラウド 解析 電池 水素 送電網 "
            "リサイクル 政策 サービス 共同研究 評価 統合").split()
PARTICLES = ["の", "を", "と", "に", "で", "や"]


def taxonomy() -> list[TagNode]:
    """Sixteen fields, each with ten aspect children (176 tags)."""
    tags = [TagNode(i + 1, None, en, ja) for i, (en, ja) in enumerate(FIELDS)]
    for i, (fen, fja) in enumerate(FIELDS):
        for j, (aen, aja) in enumerate(ASPECTS):
            tags.append(TagNode(100 + 10 * i + j, i + 1, f"{fen} {aen}", f"{fja}{aja}"))
    return tags


def _text(rng: np.random.Generator, fields: list[int], lang: str, n: int) -> str:
    en = [FIELDS[f][0] for f in fields] + list(rng.choice(EN_WORDS, n))
    ja = [FIELDS[f][1] for f in fields] + list(rng.choice(JA_WORDS, n))
    if lang == "en":
        return " ".join(rng.permutation(en))
    jp = "".join(w + PARTICLES[int(rng.integers(len(PARTICLES)))] for w in rng.permutation(ja))
    return jp + "。" if lang == "ja" else " ".join(rng.permutation(en)) + " " + jp


def profiles(n: int, seed: int = 7) -> list[OrgProfile]:
    """n seeded synthetic organisations, alternately GB and JP."""
    rng = np.random.default_rng(seed)
    kinds = ["sme", "startup", "corporate", "academic", "research", "public"]
    out = []
    for i in range(n):
        country = "GB" if i % 2 == 0 else "JP"
        lang = rng.choice(["en", "ja", "both"], p=[0.45, 0.35, 0.2])
        if country == "GB":
            lang = "en" if rng.random() < 0.8 else lang
        own = list(rng.choice(len(FIELDS), 2, replace=False))
        want = list(rng.choice(len(FIELDS), 2, replace=False))
        cap = {100 + 10 * f + int(rng.integers(len(ASPECTS))) for f in own}
        intr = {100 + 10 * f + int(rng.integers(len(ASPECTS))) for f in want}
        out.append(OrgProfile(
            id=i + 1, country=country, org_type=kinds[int(rng.integers(len(kinds)))],
            name=f"Org {i + 1}", description=_text(rng, own, lang, int(rng.integers(8, 30))),
            offers=_text(rng, own, lang, int(rng.integers(3, 12))) if rng.random() < 0.6 else "",
            seeks=_text(rng, want, lang, int(rng.integers(3, 12))) if rng.random() < 0.6 else "",
            capability_tags=frozenset(cap) if rng.random() < 0.8 else frozenset(),
            interest_tags=frozenset(intr) if rng.random() < 0.7 else frozenset(),
        ))
    return out


def measure(n: int, k: int) -> dict[str, float]:
    """Rebuild time, peak RSS and refresh time for one size (run in its own process)."""
    profs, tags = profiles(n), taxonomy()
    t0 = time.perf_counter()
    index = MatchIndex.build(profs, tags)
    fit_s = time.perf_counter() - t0
    count = sum(len(lst) for lst in index.top_k_all(k))
    rebuild_s = time.perf_counter() - t0
    rng = np.random.default_rng(1)
    times = []
    for j in rng.choice(n, 20, replace=False):
        edited = dataclasses.replace(profs[j], description=profs[j].description + " quantum sensing 量子センサー")
        t1 = time.perf_counter()
        index.top_k_for(edited, k)
        times.append((time.perf_counter() - t1) * 1000)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"rebuild_s": round(rebuild_s, 2), "fit_s": round(fit_s, 2),
            "peak_rss_mb": round(rss_mb, 1), "refresh_ms": round(float(np.median(times)), 1),
            "refresh_max_ms": round(float(np.max(times)), 1), "matches": count}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--k", type=int, default=20)
    ap.add_argument("--json")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.k)))
        return
    results: dict[str, dict] = {}
    print(f"{'orgs':>7} {'rebuild_s':>10} {'fit_s':>7} {'peak_rss_mb':>12} {'refresh_ms':>11} {'max_ms':>7}")
    for n in [int(s) for s in args.sizes.split(",")]:
        out = subprocess.run([sys.executable, __file__, "--one", str(n), "--k", str(args.k)],
                             check=True, capture_output=True, text=True).stdout
        r = results[str(n)] = json.loads(out.strip().splitlines()[-1])
        print(f"{n:>7} {r['rebuild_s']:>10} {r['fit_s']:>7} {r['peak_rss_mb']:>12} "
              f"{r['refresh_ms']:>11} {r['refresh_max_ms']:>7}", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps({"sizes": results}, indent=2))


if __name__ == "__main__":
    main()
