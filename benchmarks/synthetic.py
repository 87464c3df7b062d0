"""Synthetic content bundles for benchmarks and crash-safety tests.

`make_bundle(out, n)` writes a valid bundle (format version 1) of `n`
articles of about 5 KB of English-looking text each, with every metadata
field, 2 or 3 of 15 categories per article and an About and a Disclaimer
page, as a ZIP file (`out` ends in `.zip`) or a directory. The same
arguments always give the same bytes.

A "next version" is described relative to the base set of articles 0..n-1:
`changed=K` rewrites K of them (same id, categories and `added` date, new
text), `withdrawn=W` leaves W others out, `added=A` adds A new ids. An
article that is not changed has exactly the bytes it has in the base
version, so a sync from the base to the next version reads only the changed
and added files. `marker=WORD` puts WORD (once) into every changed article
and nowhere else, so a search for it finds exactly the changed articles.

As a module:

    sys.path.insert(0, "benchmarks")
    import synthetic
    v1 = synthetic.make_bundle("v1.zip", 3000, seed=7)
    v2 = synthetic.make_bundle("v2.zip", 3000, version=2, seed=7,
                               changed=300, withdrawn=40, added=60, marker="qxmarker")

As a script:

    python benchmarks/synthetic.py 10000 out.zip --version 1 --seed 1
    python benchmarks/synthetic.py 10000 out.zip --version 2 --seed 1 --changed 100
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import json
import random
import re
import sys
import zipfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

CATEGORIES: list[tuple[str, str, str]] = [
    ("spinal-cord-injury", "Spinal Cord Injury",
     "Research about spinal cord injury in general."),
    ("neuromodulation", "Neuromodulation",
     "Small electrical pulses on or over the spinal cord."),
    ("regenerative-medicine", "Regenerative Medicine",
     "Cells, scaffolds and new materials to repair the cord."),
    ("acute-care", "Acute Care", "The first hours, days and weeks after an injury."),
    ("clinical-trials-guidelines", "Clinical Trials & Guidelines",
     "Large trials and expert advice."),
    ("epidemiology", "Epidemiology", "How many people, how injuries happen, how health changes."),
    ("rehabilitation", "Rehabilitation", "Therapy and training for strength and movement."),
    ("bladder-bowel", "Bladder & Bowel", "Bladder and bowel care after injury."),
    ("pain", "Pain", "Nerve pain and other pain after injury."),
    ("pressure-injuries-skin", "Pressure Injuries / Skin", "Pressure sores and skin health."),
    ("mental-health-quality-of-life", "Mental Health & Quality of Life",
     "Mood, wellbeing and everyday life."),
    ("cardiovascular-autonomic", "Cardiovascular & Autonomic",
     "Blood pressure, heart rate and automatic body functions."),
    ("respiratory", "Respiratory", "Breathing, coughing and lung health."),
    ("sexual-health-fertility", "Sexual Health & Fertility", "Sex, fertility and having children."),
    ("assistive-technology", "Assistive Technology",
     "Devices that help people move, talk or do daily tasks."),
]  # fmt: skip

# Words and phrases typical of each category: titles and topic sentences use them.
TOPICS: dict[str, list[str]] = {
    "spinal-cord-injury": [
        "spinal cord injury", "cervical injury", "thoracic injury", "lumbar injury",
        "tetraplegia", "paraplegia", "incomplete injury", "complete injury", "lesion",
        "neurological level", "motor function", "sensory function", "nerve damage",
        "vertebral fracture", "injury severity",
    ],
    "neuromodulation": [
        "epidural stimulation", "transcutaneous stimulation", "spinal cord stimulation",
        "electrical stimulation", "stimulator", "electrode array", "pulse frequency",
        "stimulation amplitude", "implanted device", "neuromodulation", "nerve stimulation",
        "functional electrical stimulation", "stimulation program",
    ],
    "regenerative-medicine": [
        "stem cells", "cell transplant", "scaffold", "axon regeneration", "nerve graft",
        "Schwann cells", "olfactory ensheathing cells", "hydrogel", "biomaterial",
        "remyelination", "growth factor", "glial scar", "mesenchymal cells",
    ],
    "acute-care": [
        "early surgery", "decompression", "methylprednisolone", "intensive care",
        "emergency department", "blood pressure target", "spinal immobilisation",
        "trauma centre", "hypothermia", "acute phase", "ambulance transfer",
    ],
    "clinical-trials-guidelines": [
        "randomized trial", "clinical guideline", "placebo", "consensus statement",
        "recommendation", "outcome measure", "trial protocol", "trial registry",
        "systematic review", "meta-analysis", "control group",
    ],
    "epidemiology": [
        "incidence", "prevalence", "population study", "cohort", "falls", "road accidents",
        "sports injuries", "survival", "mortality", "life expectancy", "older adults",
        "national registry",
    ],
    "rehabilitation": [
        "walking", "gait training", "treadmill training", "physical therapy", "exercise",
        "balance", "muscle strength", "exoskeleton walking", "robotic gait", "locomotor training",
        "hand function", "upper limb training", "occupational therapy", "walking speed",
    ],
    "bladder-bowel": [
        "bladder", "bladder training", "bowel care", "catheter", "intermittent catheterisation",
        "continence", "urinary tract infection", "botulinum toxin", "sphincter", "constipation",
        "bowel irrigation", "neurogenic bladder", "bladder pressure",
    ],
    "pain": [
        "neuropathic pain", "chronic pain", "gabapentin", "pregabalin", "burning pain",
        "pain relief", "analgesic", "opioid", "mindfulness", "pain intensity", "spasticity",
        "muscle spasms",
    ],
    "pressure-injuries-skin": [
        "pressure sore", "pressure ulcer", "skin health", "seat cushion", "repositioning",
        "wound healing", "tissue damage", "moisture", "mattress", "skin checks",
        "pressure mapping",
    ],
    "mental-health-quality-of-life": [
        "depression", "anxiety", "wellbeing", "quality of life", "mood", "peer support",
        "resilience", "participation", "loneliness", "employment", "life satisfaction",
        "coping",
    ],
    "cardiovascular-autonomic": [
        "autonomic dysreflexia", "blood pressure", "heart rate", "orthostatic hypotension",
        "low blood pressure", "cardiovascular health", "sweating", "body temperature",
        "blood vessels", "heart disease",
    ],
    "respiratory": [
        "breathing", "cough", "ventilator", "lung function", "diaphragm", "respiratory muscles",
        "pneumonia", "sleep apnoea", "phrenic nerve", "breathing exercises", "assisted cough",
    ],
    "sexual-health-fertility": [
        "fertility", "sexual function", "erectile function", "sperm quality", "pregnancy",
        "intimacy", "arousal", "sildenafil", "sexual wellbeing", "childbirth",
    ],
    "assistive-technology": [
        "wheelchair", "brain-computer interface", "robotic arm", "voice control",
        "smartphone app", "wearable sensor", "smart home", "eye tracking", "power wheelchair",
        "tablet", "remote monitoring", "robotic exoskeleton",
    ],
}  # fmt: skip


def _words(text: str) -> list[str]:
    return text.split()


NOUNS = _words(
    """
people participants adults patients volunteers team researchers doctors nurses therapists
study trial review survey interview programme session week month year day hour clinic
hospital centre home community family carer partner group sample measure score scale test
result finding change effect benefit risk harm side effect dose level range rate chance
question answer reason problem goal plan choice need support care service treatment therapy
device system method approach tool data record report evidence sign symptom muscle nerve
brain body arm leg hand foot trunk skin heart lung blood bone joint bladder bowel
movement function strength control feeling sensation signal pathway cell tissue injury
recovery progress outcome improvement decline difference pattern trend question concern
experience view habit routine activity task skill daily life independence health
"""
)
ADJECTIVES = _words(
    """
small large early late short long new older younger chronic acute mild severe
common rare simple complex careful clear useful safe unsafe modest strong weak
steady slow fast daily weekly regular usual typical different similar important
main minor physical mental social practical personal local national international
first second final overall average higher lower better worse stable uncertain
promising limited consistent mixed positive negative measurable meaningful
"""
)
VERBS_PAST = _words(
    """
measured tested compared followed recorded checked tracked asked studied reported
found showed noticed described improved reduced increased changed helped supported
trained treated assessed reviewed collected analysed combined repeated completed
"""
)
VERBS = _words(
    """
help improve reduce increase change support protect restore strengthen ease lower
raise guide affect limit explain predict prevent manage control track measure
"""
)
ADVERBS = _words(
    """
slightly clearly often rarely usually mostly partly quickly slowly gradually
safely steadily modestly greatly closely carefully regularly later early
"""
)
# Who took part; the generic ones first and far more often (Zipf), so that a
# specific word ("wheelchair", "tetraplegia") is in a realistic share of articles.
PEOPLE = [
    "adults with spinal cord injury",
    "people with spinal cord injury",
    "the participants",
    "people in the study",
    "adults with a long-standing injury",
    "men and women with spinal cord injury",
    "people injured in the last year",
    "older adults with spinal cord injury",
    "people with paraplegia",
    "people with incomplete tetraplegia",
    "wheelchair users",
    "newly injured patients",
    "people with complete injuries",
    "young adults with cervical injuries",
    "veterans with spinal cord injury",
    "people living at home after injury",
    "inpatients in a rehabilitation unit",
    "children and teenagers with spinal cord injury",
    "athletes with spinal cord injury",
    "people with high-level injuries",
]
JOURNALS = [
    "Spinal Cord",
    "J Neurotrauma",
    "Neurosci Bull",
    "Nature Medicine",
    "Lancet Neurol",
    "Arch Phys Med Rehabil",
    "J Spinal Cord Med",
    "Neurorehabil Neural Repair",
    "Brain",
    "Top Spinal Cord Inj Rehabil",
    "Clin Rehabil",
    "PLoS One",
    "Sci Transl Med",
    "J Neuroeng Rehabil",
    "Disabil Rehabil",
]
EVIDENCE = [
    "Randomized controlled trial",
    "Systematic review",
    "Review",
    "Cohort study",
    "Case series",
    "Small clinical trial",
    "Cross-sectional survey",
    "Qualitative study",
    "Animal study",
    "Clinical guideline",
    "Meta-analysis",
    "Pilot study",
]
DURATIONS = [
    "4 weeks",
    "6 weeks",
    "8 weeks",
    "12 weeks",
    "16 weeks",
    "6 months",
    "1 year",
    "2 years",
    "5 years",
    "10 years",
    "a single session",
    "3 months",
]
COUNTS = [6, 12, 20, 42, 96, 180, 540, 2300]
KINDS = ["trial", "review", "study", "survey", "cohort", "pilot", "guideline", "analysis"]
LIMIT_PHRASES = [
    "Only {n} people took part, so the results may not apply to everyone.",
    "There was no control group to compare with.",
    "The study lasted only {dur}, so long-term effects are unknown.",
    "People reported their own {topic}, which can be less exact than a test.",
    "Most participants were {people}, so other groups may respond differently.",
    "The team that designed the {topic} also ran the study.",
    "Some people left the study early, which may bias the results.",
    "It was done in a single {noun}, in one country.",
    "The measures of {topic2} were not the same in every {noun}.",
]

# Sentence templates. {t}/{t2}: topic phrases; {n}: noun; {a}: adjective;
# {v}: past verb; {vb}: verb; {adv}: adverb; {r}: rare term; {num}: a number.
TEMPLATES = [
    "The {n} {v} how {t} {vb}s {a} {n2} in {people}.",
    "{Num} {people} took part in a {dur} {kind} of {t}.",
    "After {dur}, {a} {n} in {t} was {adv} {a2} than before.",
    "The researchers {v} {t} and {t2} at the start and at the end.",
    "{T} may {vb} {n} and {n2}, but the {n3} was {a}.",
    "People who used {t} {adv} {v} their {n} every {time}.",
    "This {kind} looked at whether {t} can {vb} {t2}.",
    "The {a} {n} of {t} was {adv} linked to {n2}.",
    "In {people}, {t} {v} {a} {n} with few {n2}s.",
    "A {a} {n} called {r} was {v} alongside {t}.",
    "The team {v} {num} {n}s from {r} and {r2} centres.",
    "Compared with {a} care, {t} {v} {n} by about {pct} percent.",
    "Most people said that {t} was {a} and {a2} to use at home.",
    "{T} did not {vb} {t2} in this {kind}, which surprised the team.",
    "Measures included {t}, {t2} and {n}.",
    "The {n} {adv} {v} {t} over {dur}.",
    "Side effects of {t} were {a}, and nobody stopped because of them.",
    "The findings fit with earlier work on {t} and {t2}.",
    "Researchers used the {r} scale to score {n} and {n2}.",
    "Each {time}, a {n} {v} the {n2} and the {t}.",
    "For some people, {t} {adv} changed their {n}.",
    "The {kind} was funded by the {r} foundation and run by a {a} {n}.",
    "Talk with your care team before you try {t}.",
    "It is too early to say whether {t} helps with {t2}.",
    "The {a} {n} of {num} {n2}s was {v} in {year}.",
    "Later {n}s will need more people and a longer follow-up.",
]


@dataclass
class BundleInfo:
    """What a generated bundle holds, for tests and benchmarks to check against."""

    path: Path
    version: int
    seed: int
    article_ids: list[str]
    changed: list[str] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    marker: str | None = None
    category_counts: dict[str, int] = field(default_factory=dict)
    total_bytes: int = 0

    @property
    def articles(self) -> int:
        return len(self.article_ids)


def _rare_words(seed: int, count: int) -> list[str]:
    """A long tail of made-up names (drugs, genes, places), stable per seed.

    They never contain 'q' or 'x', so a marker word starting with 'qx' can
    never be the prefix of one of them.
    """
    rng = random.Random(f"{seed}:rare")
    onsets = ["b", "br", "c", "cl", "d", "dr", "f", "g", "gl", "h", "k", "l", "m", "n", "p",
              "pr", "r", "s", "st", "t", "tr", "v", "z", "th", "ch"]  # fmt: skip
    vowels = ["a", "e", "i", "o", "u", "ai", "ea", "io", "y"]
    codas = ["", "n", "r", "l", "s", "m", "t", "nd", "st"]
    suffixes = ["ine", "ol", "ide", "ate", "mab", "in", "ford", "ton", "ase", "ium", "ex", ""]
    words: set[str] = set()
    result: list[str] = []
    while len(result) < count:
        parts = [rng.choice(onsets) + rng.choice(vowels) + rng.choice(codas)
                 for _ in range(rng.randint(1, 3))]  # fmt: skip
        word = ("".join(parts) + rng.choice(suffixes)).replace("x", "ks")
        if len(word) >= 5 and word not in words:
            words.add(word)
            result.append(word)
    return result


class _Vocabulary:
    """Zipf-weighted pickers, built once per seed."""

    def __init__(self, seed: int):
        self.rare = _rare_words(seed, 30_000)
        self.rare_cum = _zipf_cum(len(self.rare))
        self.nouns_cum = _zipf_cum(len(NOUNS))
        self.adj_cum = _zipf_cum(len(ADJECTIVES))
        self.people_cum = _zipf_cum(len(PEOPLE))


def _zipf_cum(n: int) -> list[float]:
    total = 0.0
    cum = []
    for rank in range(n):
        total += 1.0 / (rank + 2.7)
        cum.append(total)
    return cum


_VOCABULARIES: dict[int, _Vocabulary] = {}


def _vocabulary(seed: int) -> _Vocabulary:
    if seed not in _VOCABULARIES:
        _VOCABULARIES[seed] = _Vocabulary(seed)
    return _VOCABULARIES[seed]


NUMBERS = [8, 12, 15, 20, 24, 30, 36, 45, 60, 80, 120, 250, 600, 1200]
TIMES = ["day", "week", "month", "session", "visit"]
_A_AN = re.compile(r"\b([Aa]) ([aeiouAEIOU])")


class _Lazy(dict):
    """Template values made only when the template uses them."""

    def __init__(self, makers: dict, **values: object):
        super().__init__(values)
        self.makers = makers

    def __missing__(self, key: str) -> object:
        value = self[key] = self.makers[key]()
        return value


class _Writer:
    """Sentences for one article; all randomness from one seeded generator."""

    def __init__(self, rng: random.Random, vocab: _Vocabulary, topics: list[str]):
        self.rng = rng
        self.vocab = vocab
        self.primary = TOPICS[topics[0]]
        self.secondary = [term for slug in topics[1:] for term in TOPICS[slug]] or self.primary
        # A few made-up names recur within one article, as real names do.
        self.local_rare = rng.choices(vocab.rare, cum_weights=vocab.rare_cum, k=4)
        pick = self._pick
        self.makers = {
            "t2": lambda: pick(self.secondary),
            "n": self._noun,
            "n2": self._noun,
            "n3": self._noun,
            "a": self._adj,
            "a2": self._adj,
            "v": lambda: pick(VERBS_PAST),
            "vb": lambda: pick(VERBS),
            "adv": lambda: pick(ADVERBS),
            "r": self._rare,
            "r2": self._rare,
            "pct": lambda: rng.randint(5, 60),
            "people": self._people,
            "dur": lambda: pick(DURATIONS),
            "kind": lambda: pick(KINDS),
            "time": lambda: pick(TIMES),
            "year": lambda: rng.randint(1995, 2025),
        }

    def _zipf(self, words: list[str], cum: list[float]) -> str:
        return words[bisect.bisect(cum, self.rng.random() * cum[-1])]

    def _noun(self) -> str:
        return self._zipf(NOUNS, self.vocab.nouns_cum)

    def _adj(self) -> str:
        return self._zipf(ADJECTIVES, self.vocab.adj_cum)

    def _people(self) -> str:
        return self._zipf(PEOPLE, self.vocab.people_cum)

    def _rare(self) -> str:
        rng = self.rng
        if rng.random() < 0.5:
            return rng.choice(self.local_rare).capitalize()
        return self._zipf(self.vocab.rare, self.vocab.rare_cum).capitalize()

    def _pick(self, seq: list) -> object:
        return seq[int(self.rng.random() * len(seq))]

    def sentence(self) -> str:
        rng = self.rng
        pick = self._pick
        template = pick(TEMPLATES)
        t = pick(self.primary) if rng.random() < 0.7 else pick(self.secondary)
        num = pick(NUMBERS)
        values = _Lazy(self.makers, t=t, T=t[0].upper() + t[1:], num=num, Num=str(num))
        return template.format_map(values)

    def paragraph(self, sentences: int) -> str:
        return _A_AN.sub(r"\1n \2", " ".join(self.sentence() for _ in range(sentences)))


def article_id(seed: int, index: int) -> str:
    """The stable id of article `index` (the same in every version)."""
    rng = random.Random(f"{seed}:id:{index}")
    slug = rng.choice(CATEGORIES)[0]
    word = rng.choice(TOPICS[slug]).lower().replace(" ", "-").replace("'", "")
    return f"{word}-{rng.choice(KINDS)}-{index:05d}"


def _fixed_facts(seed: int, index: int, base_count: int) -> dict:
    """What never changes between revisions: categories, added date, journal..."""
    rng = random.Random(f"{seed}:facts:{index}")
    slugs = [c[0] for c in CATEGORIES]
    # Skewed: some categories are much bigger than others, as in real life.
    weights = [1.0 / (k + 1.5) for k in range(len(slugs))]
    chosen: list[str] = []
    while len(chosen) < rng.choice((2, 2, 3)):
        slug = rng.choices(slugs, weights=weights)[0]
        if slug not in chosen:
            chosen.append(slug)
    year = rng.randint(1998, 2025)
    published = date(year, 1, 1) + timedelta(days=rng.randrange(365))
    if index < base_count:
        added = date(2020, 1, 1) + timedelta(days=rng.randrange(6 * 365))
    else:  # added in a later version: newer than the base set
        added = date(2026, 1, 1) + timedelta(days=rng.randrange(300))
    return {
        "categories": chosen,
        "year": year,
        "published": published.isoformat(),
        "added": added.isoformat(),
        "journal": rng.choice(JOURNALS),
        "doi": f"10.{rng.randint(1000, 9999)}/j.{rng.randint(10**6, 10**7)}",
        "evidence": rng.choice(EVIDENCE),
        "participants": f"{rng.choice(COUNTS)} {rng.choice(PEOPLE[4:])}",
        "duration": rng.choice(DURATIONS),
    }


def article_text(
    seed: int, index: int, revision: int = 0, marker: str | None = None, base_count: int = 0
) -> str:
    """The Markdown of article `index` at `revision` (about 5 KB)."""
    facts = _fixed_facts(seed, index, base_count or index + 1)
    rng = random.Random(f"{seed}:text:{index}:{revision}")
    writer = _Writer(rng, _vocabulary(seed), facts["categories"])
    topic = rng.choice(writer.primary)
    title_topic = topic[0].upper() + topic[1:]
    title = rng.choice(
        [
            f"{title_topic} and {rng.choice(writer.secondary)} in {rng.choice(PEOPLE[4:])}",
            f"Does {topic} help {rng.choice(PEOPLE[4:])}? A {rng.choice(KINDS)}",
            f"{title_topic} after spinal cord injury: a {rng.choice(KINDS)}",
            f"Effects of {topic} on {rng.choice(writer.secondary)}",
        ]
    )
    title = _A_AN.sub(r"\1n \2", title)
    if revision:
        title += f" (update {revision})"
    lines = [
        f"Title: {title}",
        f"Categories: {', '.join(facts['categories'])}",
        f"Journal: {facts['journal']}",
        f"Year: {facts['year']}",
        f"DOI: {facts['doi']}",
        f"Published: {facts['published']}",
        f"Evidence-Level: {facts['evidence']}",
        f"Participants: {facts['participants']}",
        f"Study-Duration: {facts['duration']}",
        "",
        "## Simple Explanation",
        "",
        writer.paragraph(rng.randint(7, 9)),
        "",
        "## Key Findings",
        "",
    ]
    for k in range(rng.randint(5, 7)):
        lines.append(f"{k + 1}. {writer.paragraph(2)}")
    summary = [writer.paragraph(rng.randint(8, 10)) for _ in range(3)]
    if marker:
        summary[1] += f" This revision adds the {marker} measure to the {topic} results."
    lines += ["", "## Research Summary", "", "\n\n".join(summary), "", "## Practical Implications"]
    for _ in range(rng.randint(2, 3)):
        heading = rng.choice(["What this may mean for you", "Questions to ask", "At home",
                              "In the clinic", "For carers", "Before you try it"])  # fmt: skip
        lines += ["", f"### {heading}", "", writer.paragraph(rng.randint(4, 5))]
    lines += ["", "## Study Limitations", ""]
    for k, phrase in enumerate(rng.sample(LIMIT_PHRASES, rng.randint(2, 4))):
        lines.append(
            f"{k + 1}. "
            + phrase.format(
                n=rng.randint(6, 60),
                dur=rng.choice(DURATIONS),
                topic=topic,
                topic2=rng.choice(writer.secondary),
                people=rng.choice(PEOPLE[4:]),
                noun=rng.choice(["clinic", "hospital", "centre", "region"]),
            )
        )
    return "\n".join(lines) + "\n"


PAGES = {
    "about": (
        "About this library",
        "## What this is\n\nA synthetic library made for benchmarks and tests. "
        "Its summaries are generated text, not real research.\n",
    ),
    "disclaimer": (
        "Disclaimer",
        "## Not medical advice\n\nThese generated summaries are not medical advice.\n",
    ),
}


def plan(
    n: int, seed: int, version: int, changed: int, withdrawn: int, added: int
) -> tuple[list[tuple[int, int]], list[int], list[int], list[int]]:
    """(index, revision) of each article in the version; changed, withdrawn, added indexes."""
    if changed + withdrawn > n:
        raise ValueError("changed + withdrawn must not exceed the base article count")
    rng = random.Random(f"{seed}:plan:{version}")
    picked = rng.sample(range(n), changed + withdrawn)
    changed_idx = sorted(picked[:changed])
    withdrawn_idx = sorted(picked[changed:])
    added_idx = list(range(n, n + added))
    changed_set, withdrawn_set = set(changed_idx), set(withdrawn_idx)
    items = [(i, version if i in changed_set else 0) for i in range(n) if i not in withdrawn_set]
    items += [(i, 0) for i in added_idx]
    return items, changed_idx, withdrawn_idx, added_idx


def make_bundle(
    out: str | Path,
    n: int,
    *,
    version: int = 1,
    seed: int = 0,
    changed: int = 0,
    withdrawn: int = 0,
    added: int = 0,
    marker: str | None = None,
    as_directory: bool | None = None,
) -> BundleInfo:
    """Write a bundle to `out` (a ZIP if it ends in .zip, else a directory)."""
    out = Path(out)
    if as_directory is None:
        as_directory = out.suffix.lower() != ".zip"
    if marker is not None and (not marker.isalnum() or not marker.startswith("qx")):
        raise ValueError("a marker must be letters and digits starting with 'qx'")
    items, changed_idx, withdrawn_idx, added_idx = plan(n, seed, version, changed, withdrawn, added)
    changed_set = set(changed_idx)
    files: dict[str, bytes] = {}
    entries = []
    counts = {slug: 0 for slug, _, _ in CATEGORIES}
    ids = []
    for index, revision in items:
        aid = article_id(seed, index)
        text = article_text(
            seed, index, revision, marker if index in changed_set else None, base_count=n
        )
        data = text.encode("utf-8")
        facts = _fixed_facts(seed, index, n)
        for slug in facts["categories"]:
            counts[slug] += 1
        path = f"articles/{aid}.md"
        files[path] = data
        ids.append(aid)
        entries.append(
            {
                "id": aid,
                "path": path,
                "sha256": hashlib.sha256(data).hexdigest(),
                "size": len(data),
                "added": facts["added"],
            }
        )
    entries.sort(key=lambda e: e["path"])
    pages = []
    for page_id, (title, body) in PAGES.items():
        data = f"Title: {title}\n\n{body}".encode()
        path = f"pages/{page_id}.md"
        files[path] = data
        pages.append(
            {
                "id": page_id,
                "title": title,
                "path": path,
                "sha256": hashlib.sha256(data).hexdigest(),
                "size": len(data),
            }
        )
    created = date(2026, 1, 1) + timedelta(days=version)
    manifest = {
        "format": "sci-reader-bundle",
        "format_version": 1,
        "version": version,
        "created": f"{created.isoformat()}T00:00:00Z",
        "title": f"Synthetic library ({n} base articles, seed {seed})",
        "categories": [
            {"slug": slug, "name": name, "description": description}
            for slug, name, description in CATEGORIES
        ],
        "articles": entries,
        "pages": pages,
    }
    manifest_bytes = (json.dumps(manifest, ensure_ascii=False, indent=1) + "\n").encode()
    _write(out, manifest_bytes, files, as_directory)
    return BundleInfo(
        path=out,
        version=version,
        seed=seed,
        article_ids=sorted(ids),
        changed=[article_id(seed, i) for i in changed_idx],
        withdrawn=[article_id(seed, i) for i in withdrawn_idx],
        added=[article_id(seed, i) for i in added_idx],
        marker=marker,
        category_counts=counts,
        total_bytes=sum(len(d) for d in files.values()),
    )


def _write(out: Path, manifest: bytes, files: dict[str, bytes], as_directory: bool) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    if as_directory:
        if out.exists() and any(out.iterdir()):
            raise FileExistsError(f"{out}: the directory is not empty")
        for folder in ("articles", "pages"):
            (out / folder).mkdir(parents=True, exist_ok=True)
        (out / "manifest.json").write_bytes(manifest)
        for name, data in files.items():
            (out / name).write_bytes(data)
        return
    tmp = out.with_name(out.name + ".tmp")
    with zipfile.ZipFile(tmp, "w") as archive:
        for name, data in [("manifest.json", manifest), *sorted(files.items())]:
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, data, compresslevel=6)
    tmp.replace(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic content bundle.")
    parser.add_argument("n", type=int, help="number of base articles")
    parser.add_argument("out", help="output: a .zip file, or a directory (any other name)")
    parser.add_argument("--version", type=int, default=1, help="the bundle's version (default 1)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--changed", type=int, default=0, help="base articles to rewrite")
    parser.add_argument("--withdrawn", type=int, default=0, help="base articles to leave out")
    parser.add_argument("--added", type=int, default=0, help="new articles to add")
    parser.add_argument("--marker", help="a word (starting 'qx') put only in changed articles")
    parser.add_argument("--dir", action="store_true", help="write a directory even for .zip")
    args = parser.parse_args(argv)
    info = make_bundle(
        args.out,
        args.n,
        version=args.version,
        seed=args.seed,
        changed=args.changed,
        withdrawn=args.withdrawn,
        added=args.added,
        marker=args.marker,
        as_directory=True if args.dir else None,
    )
    print(
        f"Wrote {info.path}: version {info.version}, {info.articles} articles "
        f"({len(info.changed)} changed, {len(info.withdrawn)} withdrawn, "
        f"{len(info.added)} added), {info.total_bytes} bytes of files."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
