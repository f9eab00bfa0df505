"""Plain input records of the matcher: taxonomy nodes, organisation profiles and tuning knobs."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class TagNode:
    """One node of the bilingual capability taxonomy."""

    id: int
    parent_id: int | None
    label_en: str
    label_ja: str = ""


@dataclass(frozen=True)
class OrgProfile:
    """What the matcher knows about one organisation (texts may be English, Japanese or both)."""

    id: int
    country: str
    org_type: str = ""
    name: str = ""
    name_ja: str = ""
    region: str = ""
    description: str = ""
    offers: str = ""
    seeks: str = ""
    capability_tags: frozenset[int] = frozenset()
    interest_tags: frozenset[int] = frozenset()


# Org-type pairs that complement each other (order-free); see MatchParams.type_bonus.
DEFAULT_TYPE_AFFINITY: dict[frozenset[str], float] = {}


@dataclass(frozen=True)
class MatchParams:
    """Named weights of the engine; the defaults were chosen with benchmarks/match_quality.py.

    The figures behind each default are in benchmarks/README.md ("Choosing the weights").
    """

    # Text features -----------------------------------------------------------------------
    #: Latin words are cut to this many characters (a cheap stemmer: "photonic"/"photonics").
    #: 0 keeps whole words. Measured: 0 -> R@10 0.263, 5 -> 0.279 (5 beat 6 and 7 too).
    stem_len: int = 5
    #: If > 0, each text vector keeps only its strongest terms (cheaper products; 0 = all terms:
    #: cutting to 64 dropped recall@10 from 0.279 to 0.189 on CORDIS, long profiles need them).
    max_terms: int = 0
    #: Pivoted length normalisation (Singhal et al.) of the offering side of a directional fit
    #: and of both sides of the similarity: 1.0 is plain cosine; 0.0 scores a candidate by how
    #: much of the query it covers, not penalising long profiles. Measured (R@10 / MRR, with
    #: 0.2/0.6 weights): 1.0 ~ cosine 0.18/0.07, 0.25 0.279/0.119, 0.1 0.285/0.124,
    #: 0.0 0.285/0.128; with 0.1/0.7 weights 0.0 gives 0.293/0.132 (the default).
    offer_pivot_slope: float = 0.0
    #: Apply the same length factor to both sides of the profile similarity (symmetric).
    profile_pivot: bool = True
    #: Term weight = tf ** tf_power * idf ** idf_power (idf = ln((1+n)/(1+df)) + 1, fitted on
    #: the profile texts). Both sides of a product carry the weight, so idf_power 0.5 counts a
    #: term's idf once per match (BM25-like) where 1.0 (plain TF-IDF) counted it squared.
    #: Measured (R@10 / MRR, half A | half B of the CORDIS query orgs, see benchmarks/README.md):
    #: 1 + ln tf with idf^1 (before) 0.289/0.131 | 0.296/0.132; tf^0.5 with idf^0.5
    #: 0.297/0.136 | 0.299/0.136. Steeper idf (1.5) was worse; 0.25-0.75 are all within noise.
    tf_power: float = 0.5
    idf_power: float = 0.5
    #: Tag labels (English and Japanese) are appended to the texts this many times.
    label_repeat: int = 1
    # Tags ----------------------------------------------------------------------------------
    #: A tag also counts for each ancestor, weighted by this factor per level up.
    parent_weight: float = 0.5
    #: Weight of a tag found in free text (a "derived" tag) relative to a declared one.
    derived_weight: float = 0.5
    #: Share of tags (vs text) inside each directional fit.
    directional_tag_share: float = 0.5
    # Final blend (sums to 1) -----------------------------------------------------------------
    #: reciprocal / similarity measured on CORDIS (no tags there, so only their ratio counts):
    #: 0.6/0.2 -> R@10 0.266, 0.2/0.6 -> 0.279, 0.1/0.7 -> 0.282 (slope 0.25). One text per
    #: organisation makes a_to_b and b_to_a the same match, so this data cannot reward
    #: reciprocity; the unit tests hold that a mutual fit beats a one-sided one.
    w_reciprocal: float = 0.1
    w_similarity: float = 0.7
    #: Not measurable on CORDIS (no tags): a prior, to revisit with real accept/dismiss data.
    w_tags: float = 0.2
    #: Added to the blend when the two org types complement each other (see type_affinity).
    type_bonus: float = 0.0
    type_affinity: dict[frozenset[str], float] = field(
        default_factory=lambda: dict(DEFAULT_TYPE_AFFINITY), hash=False, compare=False
    )
    # Engine mechanics ------------------------------------------------------------------------
    #: Rows per block in all-pairs scoring (bounds memory: block x candidates floats).
    block_rows: int = 512
    #: All-pairs scoring is exact while the largest pair of country groups has at most this
    #: many pairs (10,000 orgs: 2.5e7). Above it a sketch picks each row's sketch_width x k
    #: best candidates, which are rescored exactly (benchmarks/README.md: recall of the
    #: exact top-20 at 10,000 orgs with the sketch forced on).
    exact_pairs: int = 40_000_000
    #: Candidates kept per row by the sketch, as a multiple of k.
    sketch_width: int = 3
    #: Columns (by document frequency) whose part of each product the sketch projects ...
    sketch_common: int = 512
    #: ... onto this many SVD directions; the remaining columns stay sparse ...
    sketch_dims: int = 64
    #: ... with each row cut to this many largest entries.
    sketch_terms: int = 32
    #: Threads scoring candidate blocks, then rescoring them and computing their evidence
    #: (same output for any number): numpy and scipy release the GIL, so 2 threads cut the
    #: 10,000-org block products from 2.4 to 1.4 s wall on an idle 2-core machine.
    workers: int = 2
    #: Above this many organisations the fit's tag search and term counting are split with a
    #: forked child process (process.py; the same fitted rows to the last bit, two cores
    #: instead of one for the pure-Python part of the fit). Not when fork is unavailable or
    #: other Python threads run; a failed child's half is done in-process.
    fork_above: int = 20_000
    #: How many shared terms an explanation lists.
    explain_terms: int = 8


DEFAULT = MatchParams()


class UnknownOrganisationError(KeyError):
    """An organisation id that the match index does not hold."""

    def __init__(self, org_id: int) -> None:
        super().__init__(f"organisation {org_id} is not in the match index")
        self.org_id = org_id

    def __str__(self) -> str:
        return str(self.args[0])


class DuplicateOrganisationError(ValueError):
    """Two profiles with the same id were given to build one index."""
