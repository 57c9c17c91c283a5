"""`casebook case list|check` and `casebook export` on the demo project."""

from __future__ import annotations

import json

from click.testing import CliRunner

from casebook.cli import cli

SAMIRA = "samira-eigen-kunnen"
SAMIRA_FILE = f"{SAMIRA}.md"


def run(project, *args):
    return CliRunner().invoke(cli, ["-p", str(project.root), *args])


def review_all(project) -> None:
    for args in (["pseudo", "scan", "--rules-only"], ["pseudo", "review", "--accept-all"],
                 ["pseudo", "apply"]):
        result = run(project, *args)
        assert result.exit_code == 0, result.output


def test_case_list_shows_shipped_cases_and_broken_ones(demo_project):
    (demo_project.root / "cases" / "kapot.md").write_text("---\ntitle: X\nfoo: 1\n---\n",
                                                          encoding="utf-8")
    result = run(demo_project, "case", "list", "--json")
    assert result.exit_code == 0, result.output
    rows = {row["name"]: row for row in json.loads(result.output)}
    assert set(rows) == {SAMIRA, "leertafel-meneer-d", "kapot"}
    assert rows[SAMIRA]["fragments"] >= 4 and rows[SAMIRA]["questions"] == 4
    assert rows["kapot"]["error"].endswith("kapot.md:3: foo: unknown field (known: title, "
                                           "subtitle, authors, learning_goals, fragments, "
                                           "coders, questions, language)")
    plain = run(demo_project, "case", "list")
    assert "ERROR" in plain.output and "misschien kan ik het toch" in plain.output


def test_case_check_reports_ok_and_then_the_first_problem(demo_project):
    ok = run(demo_project, "case", "check", SAMIRA)
    assert ok.exit_code == 0 and "ok," in ok.output and "not pseudonymised" in ok.output
    bad = demo_project.root / "cases" / "fout.md"
    bad.write_text("---\ntitle: X\nfragments:\n  - document: clientgesprek-samira\n"
                   "    quote: Dit staat er niet.\n---\n", encoding="utf-8")
    result = run(demo_project, "case", "check", "fout")
    assert result.exit_code == 2
    [line] = result.output.strip().splitlines()
    assert line.startswith(f"casebook: {bad}:5: fragments[1].quote: ")
    missing = run(demo_project, "case", "check", "bestaat-niet")
    assert missing.exit_code == 2 and "no case file 'bestaat-niet'" in missing.output


def test_export_unreviewed_demo_case_is_refused_and_nothing_written(demo_project):
    result = run(demo_project, "export", SAMIRA)
    assert result.exit_code == 2
    [line] = result.output.strip().splitlines()
    assert "clientgesprek-samira" in line and "--allow-raw" in line
    assert not (demo_project.root / "exports" / "casebook.pdf").exists()


def test_export_demo_cases_to_default_pdf_after_review(demo_project):
    from pypdf import PdfReader

    review_all(demo_project)
    result = run(demo_project, "export", SAMIRA, "leertafel-meneer-d")
    assert result.exit_code == 0, result.output
    target = demo_project.root / "exports" / "casebook.pdf"
    assert str(target) in result.output and "2 cases" in result.output
    reader = PdfReader(target)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert f"{len(reader.pages)} pages" in result.output
    assert "Geen perspectief op werk" in text and "Reflectievragen" in text
    assert "Samira" not in text and "Meneer D." not in text
    assert "misschien kan ik het toch" in text
    assert "el Amrani" not in text and "Vondelstraat" not in text
    assert "Bijlage: codeboek" in text and "NIET GEPSEUDONIMISEERD" not in text


def test_export_html_in_english_for_an_english_project(demo_project):
    demo_project.settings.language = "en"
    demo_project.save_settings()
    result = run(demo_project, "export", SAMIRA, "--html", "--allow-raw", "--title", "Boek")
    assert result.exit_code == 0, result.output
    html = (demo_project.root / "exports" / "casebook.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html and "<title>Boek</title>" in html
    assert "Reflection questions" in html and "NOT PSEUDONYMISED" in html
    assert "not pseudonymised: clientgesprek-samira" in result.output  # the warning


def test_export_refuses_case_text_that_names_pseudonymised_people(demo_project):
    review_all(demo_project)
    path = demo_project.root / "cases" / SAMIRA_FILE
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    body = lines.index("---", 1) + 3  # a line of the commentary
    lines[body - 1] += " Samira el Amrani vertelt het zelf."
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(demo_project, "export", SAMIRA, "--html")
    assert result.exit_code == 2
    [line] = result.output.strip().splitlines()
    assert line.startswith(f"casebook: {path}:{body}: text: the case names 'Samira el Amrani'")
    assert not (demo_project.root / "exports" / "casebook.html").exists()
    forced = run(demo_project, "export", SAMIRA, "--html", "--allow-raw")
    assert forced.exit_code == 0, forced.output


def test_export_without_names_takes_every_case_in_the_folder(demo_project):
    from click.testing import CliRunner

    from casebook.cli import cli

    result = CliRunner().invoke(cli, ["--project", str(demo_project.root), "export", "--html",
                                      "--allow-raw", "-o", str(demo_project.root / "all.html")])
    assert result.exit_code == 0, result.output
    assert "2 cases" in result.output
    html = (demo_project.root / "all.html").read_text(encoding="utf-8")
    assert "Geen perspectief op werk" in html


def test_export_with_no_cases_at_all_says_where_to_write_one(project):
    from click.testing import CliRunner

    from casebook.cli import cli

    result = CliRunner().invoke(cli, ["--project", str(project.root), "export"])
    assert result.exit_code == 2 and "no cases to export" in result.output
