"""The vocabulary of the synthetic library: categories, topic words, sentence templates.

Pure data, kept apart from the code that writes with it (`prose.py`) so
that either can be read on its own. Changing anything here changes the
bytes of every generated bundle.
"""

from __future__ import annotations

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

NUMBERS = [8, 12, 15, 20, 24, 30, 36, 45, 60, 80, 120, 250, 600, 1200]
TIMES = ["day", "week", "month", "session", "visit"]
