"""Figures stated in articles: value, unit, what they measure, and evidence."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, select

from newsgraph.query.sentences import evidence as span_evidence
from newsgraph.query.sentences import evidence_columns, sentence_of
from newsgraph.query.views import Evidence, View
from newsgraph.store import schema

Q, A, S, SENT = schema.quantity, schema.article, schema.source, schema.sentence


@dataclass(frozen=True, slots=True)
class QuantityView(View):
    """A figure; ``evidence.start``/``end`` locate it in its sentence."""

    id: int
    value: float
    unit: str
    text: str
    measure: str | None
    evidence: Evidence


def list_quantities(
    engine: Engine,
    article_id: str | None = None,
    unit: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[QuantityView]:
    """Figures, newest article first, in text order within an article."""
    query = (
        select(
            Q.c.id, Q.c.value, Q.c.unit, Q.c.text, Q.c.measure, Q.c.start, Q.c.end, *evidence_columns(),
        )
        .select_from(
            Q.join(A, A.c.id == Q.c.article_id)
            .join(SENT, sentence_of(Q))
            .outerjoin(S, S.c.id == A.c.source_id)
        )
        .order_by(A.c.published.desc(), A.c.id, Q.c.start)
        .limit(limit)
        .offset(offset)
    )  # fmt: skip
    if article_id is not None:
        query = query.where(Q.c.article_id == article_id)
    if unit is not None:
        query = query.where(Q.c.unit == unit)
    views = []
    with engine.connect() as connection:
        for quantity_id, value, unit_, text, measure, *span in connection.execute(query):
            views.append(QuantityView(quantity_id, value, unit_, text, measure, span_evidence(*span)))
    return views
