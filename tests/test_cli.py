from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsgraph import cli

from .conftest import FIXTURES

runner = CliRunner()
ARTICLES = FIXTURES / "articles"


@pytest.fixture(autouse=True)
def shared_extractor(monkeypatch: pytest.MonkeyPatch, extractor):
    """Commands reuse the session's pipeline instead of loading spaCy again."""
    monkeypatch.setattr(cli, "_extractor", lambda: extractor)


def run(db_url: str, *args: str):
    result = runner.invoke(cli.app, ["--db", db_url, *args])
    return result


def test_ingest_then_reingest_then_listings(db_url: str):
    first = run(db_url, "ingest", str(ARTICLES), "--json")
    assert first.exit_code == 0, first.output
    report = json.loads(first.stdout)
    assert report["stored"] == 5 and report["already_present"] == 0
    assert {(r["input"].rsplit("/", 1)[-1], r["position"]) for r in report["rejected"]} == {
        ("mixed.jsonl", 2),
        ("mixed.jsonl", 3),
        ("mixed.jsonl", 4),
        ("mixed.jsonl", 6),
        ("rows.csv", 2),
    }

    again = json.loads(run(db_url, "ingest", str(ARTICLES), "--json").stdout)
    assert again["stored"] == 0 and again["already_present"] == 5

    articles = [json.loads(line) for line in run(db_url, "articles", "--json").stdout.splitlines()]
    assert len(articles) == 5 and articles[0]["published"] == "2026-03-04"

    rejected = [json.loads(line) for line in run(db_url, "rejected", "--json").stdout.splitlines()]
    assert len(rejected) == 5  # recorded once per record, though the file was offered twice
    assert all(r["reason"] for r in rejected)

    entities = [json.loads(line) for line in run(db_url, "entities", "--json", "--limit", "100").stdout.splitlines()]
    names = {(e["name"], e["type"]) for e in entities}
    assert ("Elena Varga", "PERSON") in names
    assert ("Valletta", "GPE") in names

    stats = json.loads(run(db_url, "stats", "--json").stdout)
    assert stats["articles"] == 5 and stats["sources"] == 3


def test_entity_profile_highlights_the_sentence(db_url: str):
    run(db_url, "ingest", str(ARTICLES / "port-deal.txt"))
    result = run(db_url, "entity", "elena varga", "--json")
    assert result.exit_code == 0, result.output
    profile = json.loads(result.stdout.splitlines()[0])
    assert profile["name"] == "Elena Varga" and profile["type"] == "PERSON"
    evidence = profile["evidence"][0]
    assert evidence["sentence"][evidence["start"] : evidence["end"]] == "Elena Varga"
    text_view = run(db_url, "entity", "Elena Varga")
    assert "Finance Minister Elena Varga signed" in " ".join(text_view.stdout.split())


def test_unknown_entity_exits_non_zero(db_url: str):
    result = run(db_url, "entity", "Nobody Atall")
    assert result.exit_code == 2  # README: errors are one line on stderr, exit status 2
    assert "no entity named" in result.stderr


def test_ingest_of_nothing_readable_exits_non_zero(db_url: str, tmp_path: Path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"no date here")
    result = run(db_url, "ingest", str(bad), "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["rejected"][0]["reason"].startswith("first line is not")


def test_extract_prints_offsets_into_the_text():
    result = runner.invoke(cli.app, ["extract", str(ARTICLES / "port-deal.txt"), str(ARTICLES / "mixed.jsonl")])
    assert result.exit_code == 0, result.output
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(objects) == 3
    for obj in objects:
        assert obj["id"] and obj["published"] and obj["text"]
        for mention in obj["mentions"]:
            assert obj["text"][mention["start"] : mention["end"]] == mention["text"]
        for timex in obj["timexes"]:
            assert obj["text"][timex["start"] : timex["end"]] == timex["text"]
    assert "rejected" in result.stderr and "mixed.jsonl:2" in result.stderr


def test_a_bad_database_url_is_one_clean_line(tmp_path: Path):
    result = runner.invoke(cli.app, ["--db", "nonsense://", "stats"])
    assert result.exit_code == 2
    assert result.stderr.strip().startswith("error:") and len(result.stderr.strip().splitlines()) == 1


def test_settings_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from newsgraph.config import load_settings

    config = tmp_path / "newsgraph.toml"
    config.write_text('database_url = "sqlite:///from-file.db"\nbatch_size = 7\n')
    monkeypatch.setenv("NEWSGRAPH_CONFIG", str(config))
    assert load_settings().database_url == "sqlite:///from-file.db"
    monkeypatch.setenv("NEWSGRAPH_DATABASE_URL", "sqlite:///from-env.db")
    settings = load_settings()
    assert settings.database_url == "sqlite:///from-env.db" and settings.batch_size == 7
    assert (
        load_settings(database_url="sqlite:///from-flag.db", batch_size=None).database_url == "sqlite:///from-flag.db"
    )


@pytest.mark.parametrize(
    ("variable", "value", "said"),
    [
        ("NEWSGRAPH_BATCH_SIZE", "abc", "whole number"),
        ("NEWSGRAPH_BATCH_SIZE", "0", "at least 1"),
        ("NEWSGRAPH_NON_ENGLISH", "keep", "one of reject, entities"),
    ],
)
def test_a_bad_setting_is_one_clean_line_naming_its_source(monkeypatch, variable: str, value: str, said: str):
    monkeypatch.setenv(variable, value)
    result = runner.invoke(cli.app, ["--db", "sqlite:///unused.db", "stats"])
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1 and variable in line and said in line


def test_a_broken_config_file_is_one_clean_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    config = tmp_path / "newsgraph.toml"
    config.write_text("batch_size = = 3\n")
    monkeypatch.setenv("NEWSGRAPH_CONFIG", str(config))
    result = runner.invoke(cli.app, ["stats"])
    assert result.exit_code == 2
    assert str(config) in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_listings_say_when_there_are_more_rows(db_url: str):
    run(db_url, "ingest", str(ARTICLES))
    every = [json.loads(line) for line in run(db_url, "entities", "--json", "--limit", "500").stdout.splitlines()]
    assert len(every) > 2
    cut = run(db_url, "entities", "--limit", "2")
    assert cut.exit_code == 0, cut.output
    assert cut.stdout.rstrip().splitlines()[-1].startswith("… more: use --limit/--offset")
    whole = run(db_url, "entities", "--limit", str(len(every)))
    assert "… more" not in whole.stdout
    as_json = run(db_url, "entities", "--json", "--limit", "2").stdout.splitlines()
    assert len(as_json) == 2  # JSON output stays one object per line


def test_type_is_validated_like_the_api(db_url: str):
    from newsgraph.model import EntityType

    run(db_url, "ingest", str(ARTICLES / "port-deal.txt"))
    people = run(db_url, "entities", "--type", "person", "--json")
    assert people.exit_code == 0 and {json.loads(line)["type"] for line in people.stdout.splitlines()} == {"PERSON"}
    unknown = run(db_url, "entities", "--type", "PEOPLE")
    assert unknown.exit_code == 2 and "PEOPLE" in unknown.output
    assert run(db_url, "events", "--type", "HUG").exit_code == 2
    assert "WEAPON" in {member.value for member in EntityType}


def test_show_lists_the_articles_entities_and_unknown_ids_exit_2(db_url: str):
    run(db_url, "ingest", str(ARTICLES / "port-deal.txt"))
    (article,) = [json.loads(line) for line in run(db_url, "articles", "--json").stdout.splitlines()]
    shown = run(db_url, "show", article["id"][:8])
    assert shown.exit_code == 0, shown.output
    listed = shown.stdout[shown.stdout.index("entities") :]
    assert "Elena Varga" in listed and "Coastal Logistics Ltd" in listed
    missing = run(db_url, "show", "ffffffffff")
    assert missing.exit_code == 2 and missing.stderr.strip() == "error: no article with id starting 'ffffffffff'"
    assert run(db_url, "story", "999").exit_code == 2


def test_evaluate_on_a_folder_or_an_unreadable_file_says_so_in_one_line(db_url: str, tmp_path: Path):
    folder = tmp_path / "gold"
    folder.mkdir()
    (folder / "train.jsonl").write_text("", encoding="utf-8")
    result = run(db_url, "evaluate", "resolution", str(folder))
    assert result.exit_code != 0
    assert "a folder, not a JSON Lines gold file" in result.output and "train.jsonl" in result.output
    assert "Traceback" not in result.output
    binary = tmp_path / "binary.jsonl"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    result = run(db_url, "evaluate", "stories", str(binary))
    assert result.exit_code != 0 and "cannot read it" in result.output
