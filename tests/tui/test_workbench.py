"""What researchers expect from a coding screen: a code tree with counts, new codes (also in
vivo), stripes from start to end of each coding, labels that wrap instead of hiding, and
autocode after a preview."""

from __future__ import annotations

from casebook.tui.app import CasebookApp
from casebook.tui.screens.form import Form
from casebook.tui.widgets.code_tree import CodeTree
from tests.tui.helpers import codings, screen_text, selected, settle, transcript_lines

SIZE = (120, 40)


def tree_labels(app) -> dict[str, str]:
    tree = app.screen.query_one(CodeTree)
    found, stack = {}, list(tree.root.children)
    while stack:
        node = stack.pop()
        stack.extend(node.children)
        found[node.data] = str(node.label)
    return found


async def test_code_tree_counts_this_document_and_all(tui_project):
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "J", "1", "tab", "down", "enter")  # two here, then interview-2
        await pilot.press("1")
        await pilot.pause(0.6)
        await settle(pilot)
        assert "■ 1/3 Willen" in tree_labels(app)["willen"]
        await pilot.press("ctrl+t")  # the tree folds away, and back
        assert not app.screen.query_one(CodeTree).display
        await pilot.press("ctrl+t")
        assert app.screen.query_one(CodeTree).display
        assert "Codes (dit document/alle)" in screen_text(app)


async def test_code_tree_folds_and_codes_with_enter(tui_project):
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)  # the tree is filled after the first paint
        tree = app.screen.query_one(CodeTree)
        willen = next(n for n in tree.root.children if n.data == "willen")
        assert willen.is_expanded and [c.data for c in willen.children] == ["willen.houding"]
        tree.focus()
        tree.move_cursor(willen)
        await pilot.press("space")
        assert not willen.is_expanded
        await pilot.press("down", "enter")  # "Kunnen": applied to the selection
        assert codings(tui_project) == [("kunnen", "interview-1",
                                         "Hoe gaat het met het zoeken naar werk?")]


async def test_a_new_code_with_parent_and_hotkey_and_a_taken_hotkey(tui_project):
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("plus")
        assert isinstance(app.screen, Form)
        await pilot.press(*"Eigen regie", "enter", *"doen", "enter", "1", "enter")
        assert "1 is al sneltoets van willen" in screen_text(app)  # still asking
        await pilot.press("backspace", "7", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, Form)
        code = tui_project.store.code("doen.eigen-regie")
        assert (code.name, code.parent, code.hotkey) == ("Eigen regie", "doen", "7")
        assert "doen.eigen-regie" in tree_labels(app)
        yaml_text = next((tui_project.root / "codebooks").glob("*.yaml")).read_text("utf-8")
        assert "Eigen regie" in yaml_text  # the codebook file follows
        await pilot.press("7")
        assert codings(tui_project)[-1][0] == "doen.eigen-regie"


async def test_in_vivo_makes_the_selected_words_a_code(tui_project):
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("J", "w", "shift+right", "shift+right", "i")
        assert isinstance(app.screen, Form)
        await pilot.press("enter", "enter", "enter")  # name as selected, top level, no key
        await settle(pilot)
        code = tui_project.store.code("ik-wil-graag")
        assert code.name == "Ik wil graag" and code.parent is None
        assert codings(tui_project) == [("ik-wil-graag", "interview-1", "Ik wil graag")]


async def test_stripes_run_from_start_to_end_and_labels_wrap(tui_project):
    from dataclasses import replace

    from tests.tui.conftest import CODEBOOK

    long_names = [replace(c, name=f"{c.name} met een heel lange naam") for c in CODEBOOK.codes]
    tui_project.store.set_codebook(replace(CODEBOOK, codes=long_names))
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("J", "t", "1", "2", "3", "m", "down", "enter", *"ja", "ctrl+s")
        await pilot.pause()
        lines = transcript_lines(app)
        margin = [line.split("│", 1)[1] for line in lines if "│" in line]
        labels = ["".join(ch for ch in m if ch not in "╻┃╹▮") for m in margin]  # no stripes
        text = " ".join(" ".join(label.split()) for label in labels)
        for name in ("Willen met een heel lange naam", "Houding met een heel lange naam",
                     "Kunnen met een heel lange naam"):
            assert name in text  # every label whole, over several lines
        assert "✎" in text and "+1" not in text
        stripes = [m[:3] for m in margin]
        assert any("╻" in s for s in stripes) and any("╹" in s for s in stripes)
        assert any("┃" in s for s in stripes)  # the turn is two lines: start, middle, end


async def test_autocode_previews_and_codes_as_one_step(tui_project):
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", *"ik (wil|heb)", "ctrl+e", "enter")
        await pilot.press(*"client", "enter")  # only the Client's turns
        await pilot.press("down", "enter")  # the sentence of each hit
        await pilot.press(*"doen", "enter")
        text = screen_text(app)
        assert "2 treffers in 2 beurt(en): 2 nieuw met Doen, 0 al" in text
        await pilot.press("enter")
        await settle(pilot)
        assert [c[2] for c in codings(tui_project)] == [
            "Ik wil graag werken.", "Ik heb daar een gesprek gehad en het ging goed, denk ik."]
        await pilot.press("u")  # one step undoes them all
        assert codings(tui_project) == []


async def test_a_bad_regular_expression_is_said_not_raised(tui_project):
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", *"ik (", "ctrl+e", "enter")
        assert isinstance(app.screen, Form)
        assert "not a regular expression" in screen_text(app)
        await pilot.press("escape")
        assert not isinstance(app.screen, Form) and app.is_running


async def test_status_shows_the_selected_text_shortened(tui_project):
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("J", "t")
        assert "“Ik wil graag werken. … mee, dat helpt wel.”" in screen_text(app)
        assert selected(app).startswith("Ik wil graag werken.")
        assert "73-" not in screen_text(app)  # no offsets


async def test_labels_stay_whole_after_each_coding_at_80_columns(demo_project):
    app = CasebookApp(demo_project)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "j", "1", "2")
        await pilot.pause()
        labels = [line.split("│", 1)[1] for line in transcript_lines(app) if "│" in line]
        text = " ".join(" ".join(label.strip("╻┃╹▮ ").split()) for label in labels)
        assert "Houding T" in text and "Sociale invloed T" in text
