"""Full-text search over titles and texts, on the migrated database (FTS5 or tsvector)."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import search
from app.models import Article
from tests.factories import make_article

HOSTILE = [
    '"',
    '"unbalanced phrase',
    "*",
    "rock*",
    "NEAR(",
    "NEAR(rockets base, 2)",
    "OR",
    "rockets OR",
    "AND NOT",
    "'",
    "Kata'ib",
    "title:rockets",
    "^rockets",
    "-rockets",
    "(",
    "))) (((",
    "rockets + base",
    "\\",
    "\x00",
    "💥 rockets",
]


def found(session: Session, query: str) -> list[int]:
    stmt = select(Article.id)
    if not search.has_terms(query):
        return []
    clause = search.search_articles(stmt, query, dialect=session.get_bind().dialect.name)
    return list(session.scalars(clause.stmt.order_by(clause.relevance)))


def test_a_new_article_is_found_by_a_word_of_its_text_or_title(session: Session) -> None:
    article = make_article(
        session, title="Zubaydi warns Washington", text="Quorvex militia fired drones at Erbil."
    )
    assert found(session, "quorvex") == [article.id]
    assert found(session, "zubaydi") == [article.id]


def test_edited_and_deleted_articles_leave_the_index(session: Session) -> None:
    article = make_article(session, text="The Plinthar brigade issued a statement.")
    article.text = "The Varnox brigade issued a statement."
    session.flush()
    assert found(session, "plinthar") == []
    assert found(session, "varnox") == [article.id]
    session.delete(article)
    session.flush()
    assert found(session, "varnox") == []


def test_words_are_all_required_and_phrases_keep_their_order(session: Session) -> None:
    both = make_article(session, text="Glorbic rockets struck the Trenzal base overnight.")
    one = make_article(session, text="Glorbic statement on talks.")
    assert found(session, "glorbic trenzal") == [both.id]
    assert set(found(session, "glorbic")) == {both.id, one.id}
    assert found(session, '"glorbic rockets"') == [both.id]
    assert found(session, '"rockets glorbic"') == []


def test_stemming_matches_other_forms_of_a_word(session: Session) -> None:
    article = make_article(session, text="Militias were threatening the Sperrin garrison.")
    assert found(session, "sperrin threatened") == [article.id]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_input_never_raises(session: Session, query: str) -> None:
    make_article(session, text="Rockets hit the base; Kata'ib Hezbollah NEAR the border.")
    found(session, query)  # no syntax error from the search engine


def test_fts5_query_only_contains_quoted_phrases() -> None:
    assert search.fts5_query('NEAR(a b) OR "x y') == '"NEAR(a" "b)" "OR" "x y"'
    assert search.fts5_query('say "hi"') == '"say" "hi"'
    assert search.fts5_query('a"b') == '"a""b"'  # a quote inside a phrase is doubled
    assert search.fts5_query("* ( ' \"") is None
