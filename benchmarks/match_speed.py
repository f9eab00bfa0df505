"""Speed and memory of the matching engine on synthetic bilingual profiles.

    python benchmarks/match_speed.py [--sizes 1000,10000,100000] [--k 20] [--json FILE]
        [--fit-only-above N] [--sketch-recall] [--refreshes 20]

Each size runs in a fresh subprocess (so peak RSS is per size) and reports: full rebuild time
(MatchIndex.build + every organisation's top-k via top_k_all, cross-border) in wall-clock and
CPU seconds (this process and the child the fit forks above MatchParams.fork_above; the CPU
figure is the fair one on a shared machine), the build alone, peak RSS of this process and of
the fit's child (child_mb), and one-profile refresh (top_k_for with an edited profile:
transform + upsert + score + explain, median and max of --refreshes). Sizes above
--fit-only-above skip the all-pairs part.
Profiles are seeded: half GB half JP, English, Japanese or both, with tags from a synthetic
two-level taxonomy whose labels also appear in the texts. With --sketch-recall, a second
index with the candidate sketch forced on (exact_pairs=0) is rebuilt after the timings and the
fraction of the exact top-k lists it recovers is reported (1.0 = the same partners).
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

from app.matching.engine import DEFAULT, MatchIndex, OrgProfile, TagNode  # noqa: E402

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
SYLLABLES = "ka ri to ne sa mo lu vi de pa zo ren tek ion al um ex or is an el".split()
KANJI = "光電子材料素子回路設計製造試験量計算通信網衛星海底電力蓄熱風水素鉱物情報安全認証"
KANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモラリルレロン"


def _lexicon(rng: np.random.Generator, size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pseudo-words (English-like and Japanese-like) with Zipf-like frequencies, as in real text."""
    en = {"".join(rng.choice(SYLLABLES, int(rng.integers(2, 5)))) for _ in range(size)}
    ja = set()
    while len(ja) < size:
        pool = KANJI if rng.random() < 0.6 else KANA
        ja.add("".join(rng.choice(list(pool), int(rng.integers(2, 5)))))
    en_words = rng.permutation(np.array(sorted(en) + EN_WORDS, dtype=object))
    ja_words = rng.permutation(np.array(sorted(ja) + JA_WORDS, dtype=object))
    rank = np.arange(1, max(len(en_words), len(ja_words)) + 1)
    zipf = 1.0 / rank
    return en_words, ja_words, zipf


def taxonomy() -> list[TagNode]:
    """Sixteen fields, each with ten aspect children (176 tags)."""
    tags = [TagNode(i + 1, None, en, ja) for i, (en, ja) in enumerate(FIELDS)]
    for i, (fen, fja) in enumerate(FIELDS):
        for j, (aen, aja) in enumerate(ASPECTS):
            tags.append(TagNode(100 + 10 * i + j, i + 1, f"{fen} {aen}", f"{fja}{aja}"))
    return tags


def _text(rng: np.random.Generator, lex, fields: list[int], lang: str, n: int) -> str:
    en_words, ja_words, zipf = lex
    pe = zipf[: len(en_words)] / zipf[: len(en_words)].sum()
    pj = zipf[: len(ja_words)] / zipf[: len(ja_words)].sum()
    en = [FIELDS[f][0] for f in fields] + list(rng.choice(en_words, n, p=pe))
    ja = [FIELDS[f][1] for f in fields] + list(rng.choice(ja_words, n, p=pj))
    if lang == "en":
        return " ".join(rng.permutation(en))
    jp = "".join(w + PARTICLES[int(rng.integers(len(PARTICLES)))] for w in rng.permutation(ja))
    return jp + "。" if lang == "ja" else " ".join(rng.permutation(en)) + " " + jp


def profiles(n: int, seed: int = 7) -> list[OrgProfile]:
    """n seeded synthetic organisations, alternately GB and JP."""
    rng = np.random.default_rng(seed)
    lex = _lexicon(rng, 4000)
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
            name=f"Org {i + 1}",
            description=_text(rng, lex, own, lang, int(rng.integers(8, 30))),
            offers=_text(rng, lex, own, lang, int(rng.integers(3, 12))) if rng.random() < 0.6
            else "",
            seeks=_text(rng, lex, want, lang, int(rng.integers(3, 12))) if rng.random() < 0.6
            else "",
            capability_tags=frozenset(cap) if rng.random() < 0.8 else frozenset(),
            interest_tags=frozenset(intr) if rng.random() < 0.7 else frozenset(),
        ))
    return out


def _children_cpu() -> float:
    """CPU seconds of this process's finished children (the fit's forked child)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(n: int, k: int, all_pairs: bool = True, recall_of_sketch: bool = False,
            refreshes: int = 20) -> dict[str, float | None]:
    """Rebuild time, peak RSS and refresh time for one size (run in its own process)."""
    profs, tags = profiles(n), taxonomy()
    t0, c0 = time.perf_counter(), time.process_time() + _children_cpu()
    index = MatchIndex.build(profs, tags)
    fit_s = time.perf_counter() - t0
    count, lists = None, None
    if all_pairs:  # the partners are kept only when --sketch-recall needs them
        lists = [[m.b for m in lst] if recall_of_sketch else len(lst) for lst in index.top_k_all(k)]
        count = sum(len(x) for x in lists) if recall_of_sketch else sum(lists)
    rebuild_s = time.perf_counter() - t0 if all_pairs else None
    cpu_s = time.process_time() + _children_cpu() - c0 if all_pairs else None
    rng = np.random.default_rng(1)
    times, cpu = [], []
    for j in rng.choice(n, min(n, refreshes), replace=False):
        extra = " quantum sensing 量子センサー"
        edited = dataclasses.replace(profs[j], description=profs[j].description + extra)
        t1, c1 = time.perf_counter(), time.process_time()
        index.top_k_for(edited, k)
        times.append((time.perf_counter() - t1) * 1000)
        cpu.append((time.process_time() - c1) * 1000)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    recall = None
    if recall_of_sketch and lists is not None:
        sketched = MatchIndex.build(profs, tags, dataclasses.replace(DEFAULT, exact_pairs=0))
        found = sum(len(set(a) & set(b.b for b in s))
                    for a, s in zip(lists, sketched.top_k_all(k), strict=True))
        recall = round(found / max(1, count), 4)
    return {"rebuild_s": rebuild_s and round(rebuild_s, 2), "cpu_s": cpu_s and round(cpu_s, 2),
            "fit_s": round(fit_s, 2),
            "peak_rss_mb": round(rss_mb, 1), "child_mb": round(child_mb, 1) or None,
            "refresh_ms": round(float(np.median(times)), 1),
            "refresh_max_ms": round(float(np.max(times)), 1),
            "refresh_cpu_ms": round(float(np.median(cpu)), 1), "matches": count,
            "sketch_recall": recall}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--k", type=int, default=20)
    ap.add_argument("--json")
    ap.add_argument("--fit-only-above", type=int, default=10**9,
                    help="for larger sizes measure build + refresh but skip the all-pairs rebuild")
    ap.add_argument("--sketch-recall", action="store_true",
                    help="also rebuild with the sketch forced on (exact_pairs=0) and report the "
                    "fraction of the exact top-k it recovers (after the timings, not timed)")
    ap.add_argument("--refreshes", type=int, default=20,
                    help="one-profile refreshes timed per size (median and max reported)")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.k, args.one <= args.fit_only_above,
                                 args.sketch_recall, args.refreshes)))
        return
    results: dict[str, dict] = {}
    print(f"{'orgs':>7} {'rebuild_s':>10} {'cpu_s':>7} {'fit_s':>7} {'peak_rss_mb':>12} "
          f"{'child_mb':>9} {'refresh_ms':>11} {'max_ms':>7} {'cpu_ms':>8} {'sketch_recall':>13}")
    for n in [int(s) for s in args.sizes.split(",")]:
        cmd = [sys.executable, __file__, "--one", str(n), "--k", str(args.k),
               "--fit-only-above", str(args.fit_only_above), "--refreshes", str(args.refreshes)
               ] + ["--sketch-recall"] * args.sketch_recall
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        r = results[str(n)] = json.loads(out.strip().splitlines()[-1])
        cells = [r[key] if r[key] is not None else "-" for key in
                 ("rebuild_s", "cpu_s", "fit_s", "peak_rss_mb", "child_mb", "refresh_ms",
                  "refresh_max_ms", "refresh_cpu_ms", "sketch_recall")]
        print(f"{n:>7} {cells[0]!s:>10} {cells[1]!s:>7} {cells[2]!s:>7} {cells[3]!s:>12} "
              f"{cells[4]!s:>9} {cells[5]!s:>11} {cells[6]!s:>7} {cells[7]!s:>8} "
              f"{cells[8]!s:>13}", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps({"sizes": results}, indent=2))


if __name__ == "__main__":
    main()
