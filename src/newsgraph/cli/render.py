"""How the CLI shows things (rich): tables, evidence highlighted in its
sentence, entity profiles, events, conflicts, articles, ingest reports.
Every function takes values from ``newsgraph.query`` or the pipeline and
prints them; none reads the store."""

from __future__ import annotations

from collections import Counter
from typing import Any

from rich.table import Table
from rich.text import Text

from newsgraph.cli._util import console
from newsgraph.query.views import clamp_span


def highlight(sentence: str, start: int, end: int) -> Text:
    """``sentence`` on one line with ``start``..``end`` in reverse video; any
    span is clamped into the sentence first (rich loops on a negative one).
    Control characters become spaces, so that offsets still fit the text."""
    text = Text("".join(" " if ch < " " or ch == "\x7f" else ch for ch in sentence))
    start, end = clamp_span(len(text), start, end)
    if start < end:
        text.stylize("bold reverse", start, end)
    return text


def print_ingest_summary(report) -> None:  # type: ignore[no-untyped-def]
    table = Table(title="ingest", show_header=False)
    table.add_row("files", str(report.files))
    table.add_row("articles read", str(report.read))
    table.add_row("stored", str(len(report.stored)))
    table.add_row("already present", str(len(report.present)))
    table.add_row("rejected", str(report.rejected.total))
    console.print(table)
    for rejection in report.rejected[:20]:
        console.print(Text(f"  rejected {rejection}", style="yellow"))
    if report.rejected.total > 20:
        console.print(f"  … and {report.rejected.total - 20} more (newsgraph rejected)")


def print_articles(rows: list[Any]) -> None:
    table = Table("id", "published", "outlet", "title", "words", "mentions")
    for row in rows:
        table.add_row(
            row.id, row.published.isoformat(), row.outlet or "", row.title or "", str(row.words), str(row.mentions)
        )
    console.print(table)


def print_entities(rows: list[Any]) -> None:
    table = Table("id", "type", "name", "mentions", "articles")
    for row in rows:
        table.add_row(str(row.id), row.type, row.name, str(row.mentions), str(row.articles))
    console.print(table)


def print_profile(profile) -> None:  # type: ignore[no-untyped-def]
    console.print(Text.assemble((profile.name, "bold"), f"  {profile.type}  #{profile.id}"))
    console.print(f"mentions: {profile.mentions} in {profile.articles} article(s)")
    console.print(Text("aliases: " + ", ".join(profile.aliases)))
    if profile.roles:
        console.print("roles:")
        for role in profile.roles:
            where = f" of {role.organisation}" if role.organisation else ""
            console.print(
                Text(f"  {role.title}{where} (as of {role.as_of.isoformat()}, article {role.evidence.article_id})")
            )
    if profile.evidence:
        console.print("sentences:")
        for evidence in profile.evidence:
            label = f"  {evidence.published.isoformat()} {evidence.outlet or evidence.article_id}: "
            console.print(Text(label, style="dim") + highlight(evidence.sentence, evidence.start, evidence.end))
    if profile.co_mentions:
        console.print(
            Text("co-mentioned: " + ", ".join(f"{c.name} ({c.type}, {c.sentences})" for c in profile.co_mentions))
        )


def print_timeline(entries: list[Any]) -> None:
    table = Table("happened", "precision", "reported", "what", "evidence")
    for entry in entries:
        evidence = entry.evidence
        table.add_row(
            entry.event_time,
            entry.precision,
            entry.reported.isoformat(),
            Text(f"{entry.what} ({entry.time_text})"),
            highlight(evidence.sentence, evidence.start, evidence.end),
        )
    console.print(table)


def print_events(events) -> None:  # type: ignore[no-untyped-def]
    for event in events:
        when = f"{event.event_time} ({event.precision}, '{event.time_text}')" if event.event_time else "undated"
        header = Text.assemble(
            (f"#{event.id} {event.type}", "bold"),
            f"{'/' + event.mode if event.mode else ''}  {event.modality}  happened {when}  reported ",
            event.reported.isoformat(),
        )
        console.print(header)
        for participant in event.participants:
            kind = f" ({participant.entity_type})" if participant.entity_type else ""
            known = f" = {participant.entity}{kind}" if participant.entity else ""
            extra = ", ".join(x for x in (participant.country, participant.sector) if x)
            console.print(Text(f"   {participant.role}: {participant.text}{known}{f' [{extra}]' if extra else ''}"))
        if event.attribution:
            console.print(Text(f"   according to: {event.attribution} ({event.attribution_cue})"))
        evidence = event.evidence
        label = f"   {evidence.outlet or evidence.article_id} @{evidence.sentence_start}: "
        console.print(Text(label, style="dim") + highlight(evidence.sentence, evidence.start, evidence.end))


def print_article(view, story_id: int | None) -> None:  # type: ignore[no-untyped-def]
    """Header, story, the text with timexes highlighted (values beside them)
    and mentions underlined, the article's entities and its timexes."""
    console.print(
        Text.assemble((view.title or "(no title)", "bold"), f"  {view.published.isoformat()}  {view.outlet or ''}")
    )
    console.print(Text(f"{view.id}  {view.url or ''}", style="dim"))
    if story_id is not None:
        console.print(Text(f"story {story_id}: newsgraph story {story_id}", style="dim"))
    body = Text()
    cursor = 0
    for timex in view.timexes:
        body.append(view.text[cursor : timex.start])
        body.append(view.text[timex.start : timex.end], style="bold reverse")
        body.append(f"⟨{timex.value}⟩", style="cyan")
        cursor = timex.end
    body.append(view.text[cursor:])
    for mention in view.mentions:
        shift = sum(len(f"⟨{t.value}⟩") for t in view.timexes if t.end <= mention.start)
        body.stylize("underline", *clamp_span(len(body), mention.start + shift, mention.end + shift))
    console.print(body)
    if view.mentions:
        # One row per entity as resolution judged it, with the names the article gives it.
        def entity(mention: Any) -> tuple[str, str]:
            return (mention.entity or mention.text, mention.entity_type or mention.label)

        counts = Counter(entity(mention) for mention in view.mentions)
        written: dict[tuple[str, str], list[str]] = {}
        for mention in view.mentions:
            names = written.setdefault(entity(mention), [])
            if mention.text not in names:
                names.append(mention.text)
        table = Table("entity", "type", "mentions", "as written", title="entities")
        for (name, label), count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            table.add_row(Text(name), label, str(count), Text(", ".join(written[name, label])))
        console.print(table)
    if view.timexes:
        table = Table("time expression", "type", "value", "precision", title="timexes")
        for timex in view.timexes:
            table.add_row(Text(timex.text), timex.label, timex.value or "", timex.precision or "")
        console.print(table)


def print_rejected(rows: list[Any]) -> None:
    table = Table("input", "position", "reason", "when")
    for row in rows:
        table.add_row(
            Text(row.input_name),
            "" if row.position is None else str(row.position),
            Text(row.reason),
            str(row.rejected_at)[:19],
        )
    console.print(table)


def print_stats(result) -> None:  # type: ignore[no-untyped-def]
    table = Table(show_header=False, title="store")
    for key, value in result.to_json().items():
        if key != "entities_by_type":
            table.add_row(key, str(value))
    for entity_type, count in result.entities_by_type.items():
        table.add_row(f"entities: {entity_type}", str(count))
    console.print(table)


def print_explanation(explanation) -> None:  # type: ignore[no-untyped-def]
    """`entity why|merge|split`: the verdict, each feature, the judgements."""
    left_entity, right_entity = explanation.left, explanation.right
    state = "one entity" if explanation.same_cluster else "different entities"
    names = f"{left_entity.name} (#{left_entity.id}) / {right_entity.name} (#{right_entity.id})"
    console.print(Text.assemble((names, "bold"), f": {state}"))
    match = explanation.match
    table = Table("feature", "weight", "score", "part", "compared", title=f"score {match.score} → {match.verdict}")
    for feature in match.features:
        table.add_row(
            feature.name,
            f"{feature.weight:+.2f}",
            f"{feature.score:.2f}",
            f"{feature.contribution:+.3f}",
            Text(" | ".join(feature.compared)),
        )
    console.print(table)
    for judgement in explanation.judgements:
        deleted = f" (withdrawn {str(judgement['deleted_at'])[:19]})" if judgement["deleted_at"] else ""
        console.print(
            Text(
                f"  {str(judgement['created_at'])[:19]} {judgement['decided_by']}: {judgement['verdict']}"
                f" score={judgement['score']} {judgement['note'] or ''}{deleted}"
            )
        )


def print_stories(rows: list[Any]) -> None:
    table = Table("id", "first seen", "articles", "outlets", "first report", "title")
    for row in rows:
        table.add_row(
            str(row.id),
            row.first_seen.isoformat(),
            str(row.articles),
            str(row.outlets),
            f"{row.first_outlet or ''} {row.first_article_id[:10]}",
            Text(row.title or ""),
        )
    console.print(table)


def print_conflicts(conflicts) -> None:  # type: ignore[no-untyped-def]
    for conflict in conflicts:
        console.print(
            Text.assemble((f"{conflict.kind}: {conflict.subject}", "bold"), "  " + " ≠ ".join(conflict.values))
        )
        for version in conflict.versions:
            label = f"   {version.published.isoformat()} {version.outlet or version.article_id}: {version.value} — "
            console.print(Text(label, style="dim") + highlight(version.sentence, version.start, version.end))


def print_story(summary, members, conflicts) -> None:  # type: ignore[no-untyped-def]
    console.print(Text.assemble((summary.title or "(no title)", "bold"), f"  story {summary.id}"))
    for member in members:
        mark = "first report" if member.first_report else ""
        console.print(
            Text(f"  {member.published.isoformat()}  {member.outlet or ''}  {member.id}  {member.title or ''}  {mark}")
        )
    if conflicts:
        console.print(Text("conflicting claims", style="bold"))
        print_conflicts(conflicts)


def print_screen(hits: list[Any]) -> None:
    table = Table("listed", "entity", "type", "score", "matched", "evidence")
    for hit in hits:
        table.add_row(
            Text(hit.listed),
            Text(f"{hit.name} #{hit.entity_id}"),
            hit.type,
            f"{hit.score:.0f}",
            Text(hit.matched),
            Text(f"{hit.outlet or hit.article_id} {hit.published.isoformat()}: ")
            + highlight(hit.sentence, hit.start, hit.end),
        )
    console.print(table)
