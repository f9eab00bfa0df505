"""Match quality on real partnerships (CORDIS): recall@k and MRR of the engine and baselines.

Protocol (see the data folder's README): for each dev pair, the query's and the target's
profiles lose the chunks of the projects they shared; the target is ranked among all
organisations of its country except the query; rank = 1 + #higher + half #equal.

    python benchmarks/match_quality.py --data /work/shared/data/matching-cordis [--json FILE]
        [--pairs PATH] [--half A|B] [--methods engine,tfidf,overlap,random]
        [--param name=value ...]

--half keeps the pairs of one half of the query organisations (split by CRC-32 of the query
id), so that weights can be chosen on one half and confirmed on the other.

The engine is the real MatchIndex: built on OrgProfiles of all organisations (description =
joined chunk texts); the query's reduced profile
is scored against the candidates (the target as that reduced profile) with
MatchIndex.score_against, the engine's own scoring.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import sys
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer  # noqa: E402

from app.matching.engine import DEFAULT, MatchIndex, OrgProfile  # noqa: E402
from app.matching.text import latin_words, normalise  # noqa: E402

TYPES = {"HES": "academic", "REC": "research", "PUB": "public", "OTH": ""}
KS = (5, 10, 20, 50)


def load(data: Path, pairs_path: Path | None):
    """Organisations, their chunks and the evaluation pairs."""
    orgs = {int(r["org_id"]): r for r in csv.DictReader(open(data / "organisations.csv"))}
    chunks: dict[int, list[dict]] = {}
    with open(data / "texts.jsonl", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            chunks[int(row["org_id"])] = row["chunks"]
    pairs = list(csv.DictReader(open(pairs_path or data / "dev_pairs.csv")))
    return orgs, chunks, pairs


def in_half(query_org: str, half: str | None) -> bool:
    """Whether a pair with this query organisation belongs to half A or B (None: both)."""
    return half is None or "AB"[zlib.crc32(query_org.encode()) % 2] == half


def profile(org: dict, chunks: list[dict], drop: set[str] = frozenset()) -> OrgProfile:
    """An engine profile of one organisation without the chunks in drop."""
    kind = org["org_type"]
    org_type = TYPES.get(kind, "sme" if org.get("sme") == "1" else "corporate")
    text = " ".join(c["text"] for c in chunks if c["chunk_id"] not in drop)
    return OrgProfile(id=int(org["org_id"]), country=org["country"], org_type=org_type,
                      name=org["name"], description=text)


def rank_of(scores: np.ndarray, target: int) -> float:
    """1 + candidates scored strictly higher + half of those scored equal."""
    s = scores[target]
    return 1.0 + float((scores > s).sum()) + 0.5 * float((scores == s).sum() - 1)


def summary(ranks: np.ndarray) -> dict[str, float]:
    out = {f"recall@{k}": float((ranks <= k).mean()) if len(ranks) else 0.0 for k in KS}
    out["mrr"] = float((1.0 / ranks).mean()) if len(ranks) else 0.0
    return out


def run(args: argparse.Namespace) -> dict:
    orgs, chunks, pairs = load(Path(args.data), Path(args.pairs) if args.pairs else None)
    pairs = [p for p in pairs if in_half(p["query_org"], args.half)]
    ids = sorted(orgs)
    full = {i: profile(orgs[i], chunks.get(i, [])) for i in ids}
    by_country: dict[str, np.ndarray] = {}
    for i in ids:
        by_country.setdefault(orgs[i]["country"], []).append(i)
    by_country = {c: np.array(v) for c, v in by_country.items()}
    methods = args.methods.split(",")
    overrides = {}
    for kv in args.param:
        name, value = kv.split("=", 1)
        kind = type(getattr(DEFAULT, name))
        if kind is bool:
            overrides[name] = value.lower() in ("1", "true", "yes")
        else:
            overrides[name] = kind(float(value)) if kind in (int, float) else kind(value)
    params = dataclasses.replace(DEFAULT, **overrides)
    t0 = time.perf_counter()
    index = MatchIndex.build(list(full.values()), [], params) if "engine" in methods else None
    build_s = time.perf_counter() - t0
    tfidf = TfidfVectorizer(stop_words="english", sublinear_tf=True)
    tfidf_rows = tfidf.fit_transform([full[i].description for i in ids]).tocsr()
    row_of = {i: r for r, i in enumerate(ids)}
    rng = np.random.default_rng(12345)

    def keywords(text: str) -> set[str]:
        return {w for w in latin_words(normalise(text)) if w not in ENGLISH_STOP_WORDS}

    kw = {i: keywords(full[i].description) for i in ids} if "overlap" in methods else {}
    ranks: dict[str, list[float]] = {m: [] for m in methods}
    tech: list[bool] = []
    for p in pairs:
        q, t = int(p["query_org"]), int(p["target_org"])
        qprof = profile(orgs[q], chunks.get(q, []), set(p["exclude_query_chunks"].split(";")))
        tprof = profile(orgs[t], chunks.get(t, []), set(p["exclude_target_chunks"].split(";")))
        cand = by_country[orgs[t]["country"]]
        cand = cand[cand != q]
        at = int(np.searchsorted(cand, t))
        tech.append(p["tech"] == "1")
        for m in methods:
            if m == "engine":
                pool: list = cand.tolist()
                pool[at] = tprof  # the target without the shared chunks, not stored
                s = index.score_against(qprof, pool)
            elif m == "tfidf":
                qv = tfidf.transform([qprof.description]).T
                s = (tfidf_rows[[row_of[i] for i in cand]] @ qv).toarray().ravel()
                s[at] = (tfidf.transform([tprof.description]) @ qv).toarray()[0, 0]
            elif m == "overlap":
                qk = keywords(qprof.description)
                tk = keywords(tprof.description)
                s = np.array([len(qk & (kw[i] if i != t else tk)) for i in cand], dtype=float)
            else:
                s = rng.random(len(cand))
            ranks[m].append(rank_of(np.asarray(s, dtype=np.float64), at))
    tech_mask = np.array(tech)
    out = {"pairs": len(pairs), "half": args.half, "engine_build_s": round(build_s, 2), "params": overrides,
           "methods": {}}
    for m in methods:
        r = np.array(ranks[m])
        out["methods"][m] = {**summary(r), "tech": summary(r[tech_mask])}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True)
    ap.add_argument("--pairs")
    ap.add_argument("--json")
    ap.add_argument("--half", choices=("A", "B"), help="only pairs of this half of the query orgs")
    ap.add_argument("--methods", default="engine,tfidf,overlap,random")
    ap.add_argument("--param", action="append", default=[], help="MatchParams override name=value")
    args = ap.parse_args()
    res = run(args)
    half = f"  half: {args.half}" if args.half else ""
    print(f"pairs: {res['pairs']}{half}  params: {res['params'] or 'defaults'}")
    head = " ".join(f"{'R@' + str(k):>6}" for k in KS)
    print(f"{'method':<8} {head} {'MRR':>6} | tech {head} {'MRR':>6}")
    for m, v in res["methods"].items():
        row = " ".join(f"{v[f'recall@{k}']:6.3f}" for k in KS) + f" {v['mrr']:6.3f}"
        tr = " ".join(f"{v['tech'][f'recall@{k}']:6.3f}" for k in KS) + f" {v['tech']['mrr']:6.3f}"
        print(f"{m:<8} {row} |      {tr}")
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
