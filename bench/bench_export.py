"""Export throughput: our whole export (case parse + resolve + HTML + PDF) beside WeasyPrint
rendering the same final HTML string alone, in the same run.

Data: the shipped sample cases on the demo project; 1x is each case once (its fragments
repeated --base times), 4x and 16x are 4 and 16 copies of them (the pages grow alike).
Per size, runs alternate who goes first, the fastest of each counts (the least disturbed on
a shared machine).
Goal (issue 6): our export <= 1.2x WeasyPrint's rendering alone, at every size.
Run: ./dev bench   or   .venv/bin/python bench/bench_export.py [--runs N] [--base K]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import SIZES, growth, header, record  # noqa: E402

BENCH = "export"


def bigger_case(source: Path, target: Path, repeat: int) -> Path:
    """The case with its fragments repeated ``repeat`` times."""
    text = source.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    data = yaml.safe_load(front)
    data["fragments"] = data["fragments"] * repeat
    target.write_text("---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
                      + "---\n" + body, encoding="utf-8")
    return target


def measure(project, sources: list[Path], tmp: Path, copies: int, repeat: int, runs: int
            ) -> tuple[float, float, int]:
    """(our fastest export, WeasyPrint's fastest rendering alone, pages) of ``copies``
    copies of the cases, their fragments repeated ``repeat`` times."""
    from weasyprint import HTML

    from casebook import export
    from casebook.export.html import render

    cases = [bigger_case(p, tmp / f"copy-{copy:02d}-{p.name}", repeat)
             for copy in range(copies) for p in sources]
    out = tmp / f"book-{copies}.pdf"
    html = render(export.bundle(project, cases, allow_raw=True))
    ours: list[float] = []
    alone: list[float] = []

    def run_ours() -> int:
        t = time.perf_counter()
        result = export.export(project, cases, out, allow_raw=True)
        ours.append(time.perf_counter() - t)
        return result.pages

    def run_alone() -> int:
        t = time.perf_counter()
        document = HTML(string=html).render()
        document.write_pdf(pdf_variant="pdf/ua-1")
        alone.append(time.perf_counter() - t)
        return len(document.pages)

    HTML(string=html).render()  # warm font and style caches for both
    for run in range(runs):  # alternate who goes first
        first, second = (run_ours, run_alone) if run % 2 == 0 else (run_alone, run_ours)
        counts = {first(), second()}
        assert len(counts) == 1, counts
    return min(ours), min(alone), counts.pop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each (fastest)")
    parser.add_argument("--base", type=int, default=1, help="times each fragment repeats at 1x")
    args = parser.parse_args()

    from casebook.demo import build
    from casebook.project import Project
    from casebook.resources import shipped

    header(f"export: the shipped cases (fragments x{args.base}), copies at the sizes {SIZES}")
    ours_by_size = []
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        build(tmp / "demo")
        project = Project.find(tmp / "demo")
        sources = [p for p in sorted(shipped("cases").glob("*.md")) if p.name != "README.md"]
        for size in SIZES:
            ours, alone, pages = measure(project, sources, tmp, size, args.base, args.runs)
            record(BENCH, f"export (PDF, {pages} pages)", ours, alone,
                   "WeasyPrint alone, same HTML", size=f"{size}x", goal=1.2)
            ours_by_size.append(ours)
        project.close()
    growth(BENCH, "export (PDF)", SIZES, ours_by_size)


if __name__ == "__main__":
    main()
