"""The Evidence card: the study type in plain words, its strength, the free text as detail."""

from __future__ import annotations

from reader.core.bundle.study_types import STRENGTHS, STUDY_TYPES, VALUES, study_type
from reader.core.model import Article
from reader.core.text.article_html import article_body_html
from reader.core.text.evidence import evidence_card
from reader.core.text.handout import article_handout


def article(**fields) -> Article:
    return Article(id="x", title="Paper <i>title</i>", categories=["general"],
                   simple_explanation="Short.", **fields)  # fmt: skip


def test_every_type_has_a_plain_meaning_a_strength_on_the_scale_and_an_anchor():
    assert len(VALUES) == len(set(VALUES)) == 13
    for kind in STUDY_TYPES:
        assert kind.meaning.endswith(".") and len(kind.meaning.split()) <= 20
        assert kind.strength in STRENGTHS
        assert kind.guide_anchor == f"how-to-read#{kind.value}"
    assert study_type("Randomized trial") is None and study_type(None) is None


def test_with_a_type_the_card_explains_it_and_keeps_the_free_text_as_detail():
    card = evidence_card(article(study_type="randomized-trial", evidence_level="RCT <n=20>"))
    assert "<b>Randomized trial</b>. People were put by chance" in card
    assert "<b>Strong evidence</b>: The kind of study best able" in card
    assert '<p class="card-detail">RCT &lt;n=20&gt;</p>' in card
    assert "href" not in card  # a handout has no link
    linked = evidence_card(article(study_type="cohort"), guide=True)
    assert '<a href="page:how-to-read#cohort">What does this mean?</a>' in linked


def test_without_a_type_the_card_is_as_before_and_links_to_the_page():
    assert evidence_card(article()) == '<p class="card-value">Not specified</p>'
    linked = evidence_card(article(evidence_level="Survey"), guide=True)
    assert linked.startswith('<p class="card-value">Survey</p>')
    assert 'href="page:how-to-read"' in linked


def test_the_page_links_only_in_the_window_and_the_handout_leads_with_the_headline():
    a = article(plain_title="A plain <b>headline</b>", study_type="laboratory")
    assert "page:how-to-read#laboratory" in article_body_html(a, guide=True)
    assert "page:" not in article_body_html(a)
    handout = article_handout(a)
    assert "<h1>A plain &lt;b&gt;headline&lt;/b&gt;</h1>" in handout
    assert "From the paper: Paper &lt;i&gt;title&lt;/i&gt;" in handout
    assert "Animal or laboratory study" in handout and "page:" not in handout
