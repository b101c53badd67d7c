"""One loader reads every knowledge file: parsed once, with errors naming the file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsgraph.knowledge.loader import KnowledgeFileError, knowledge_file, load_csv, load_jsonl, load_yaml

SOURCE = Path(__file__).resolve().parents[1] / "src" / "newsgraph"


def test_a_packaged_file_is_read_once_and_shared():
    verbs = load_yaml("plover/attribution.yaml")["verbs"]
    assert "say" in verbs
    assert load_yaml("plover/attribution.yaml") is load_yaml("plover/attribution.yaml")


def test_csv_rows_skip_comment_lines_and_jsonl_records_skip_blank_lines(tmp_path):
    table = tmp_path / "demonyms.csv"
    table.write_text("# demonym, ISO alpha-2\ndemonym,country\nKenyan,KE\n\nPeruvian,PE\n", encoding="utf-8")
    assert load_csv(table) == ({"demonym": "Kenyan", "country": "KE"}, {"demonym": "Peruvian", "country": "PE"})
    records = tmp_path / "places.jsonl"
    records.write_text('{"label": "GPE", "pattern": "Lima"}\n\n{"label": "GPE", "pattern": "Quito"}\n')
    assert [r["pattern"] for r in load_jsonl(records)] == ["Lima", "Quito"]
    assert any(row["demonym"] == "Indian" for row in load_csv("places/demonyms.csv"))


def test_a_missing_or_malformed_file_raises_one_error_naming_it(tmp_path):
    with pytest.raises(KnowledgeFileError, match=r"plover/no-such-file\.yaml: not found"):
        load_yaml("plover/no-such-file.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("verbs: [said, told\n", encoding="utf-8")
    with pytest.raises(KnowledgeFileError, match=rf"{re.escape(str(broken))}: not valid YAML"):
        load_yaml(broken)
    lines = tmp_path / "lines.jsonl"
    lines.write_text('{"pattern": "Lima"}\n{"pattern": \n', encoding="utf-8")
    with pytest.raises(KnowledgeFileError, match=rf"{re.escape(str(lines))}:2: not valid JSON"):
        load_jsonl(lines)


def test_an_absolute_path_is_read_as_it_is(tmp_path):
    assert knowledge_file("timex/tense.yaml").is_file()
    assert knowledge_file(tmp_path / "x.yaml") == tmp_path / "x.yaml"


def test_no_module_reads_knowledge_files_but_the_loader():
    """Every reader goes through ``newsgraph.knowledge.loader``."""
    direct = re.compile(r"resources\.files\(\"newsgraph\.knowledge|yaml\.safe_load|knowledge_path\(")
    offenders = [
        str(path.relative_to(SOURCE))
        for path in SOURCE.rglob("*.py")
        if path.name != "loader.py" and "build" not in path.parts and direct.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
