"""Every input format the design names, including messy real-world variants."""

import codecs

import pytest

from casebook.errors import CasebookError
from casebook.ingest import read_file


def write(tmp_path, name, content, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(content.encode(encoding) if isinstance(content, str) else content)
    return path


def turns_of(t):
    return [(turn.speaker, t.text[turn.start:turn.end]) for turn in t.turns]


def test_speaker_colon_with_continuation_and_preamble(tmp_path):
    t = read_file(write(tmp_path, "a.txt",
        "Interview 12 maart\n\nI: Hoe gaat het?\nR: Goed.\nEn verder ook.\n\nI: Mooi: echt.\n"))
    assert t.format == "speaker-colon"
    assert turns_of(t) == [(None, "Interview 12 maart"), ("I", "Hoe gaat het?"),
                           ("R", "Goed.\nEn verder ook."), ("I", "Mooi: echt.")]
    # the label is in the text but outside the turn's range
    assert t.text.startswith("Interview 12 maart\n\nI: Hoe gaat het?")


def test_markdown_bold_names(tmp_path):
    t = read_file(write(tmp_path, "a.md",
        "**Ellen:** Ik ben klantmanager.\n\n**Karim:** Sinds wanneer?\n\n**Ellen**: Twee jaar.\n"))
    assert turns_of(t) == [("Ellen", "Ik ben klantmanager."), ("Karim", "Sinds wanneer?"),
                           ("Ellen", "Twee jaar.")]


def test_colon_in_prose_is_not_a_speaker(tmp_path):
    t = read_file(write(tmp_path, "a.txt",
        "Let op: dit is gewoon tekst.\n\nNog een alinea zonder sprekers.\n"))
    assert t.format == "paragraphs"
    assert [s for s, _ in turns_of(t)] == [None, None]


def test_utf8_bom_crlf_and_cp1252(tmp_path):
    bom = write(tmp_path, "bom.txt", codecs.BOM_UTF8 + "I: Één vraag\r\nR: Antwoord\r\n".encode())
    cp = write(tmp_path, "cp.txt", "I: Één vraag\r\nR: Antwoord – ‘quote’\r\n", "cp1252")
    t1, t2 = read_file(bom), read_file(cp)
    assert turns_of(t1)[0] == ("I", "Één vraag")
    assert turns_of(t2) == [("I", "Één vraag"), ("R", "Antwoord – ‘quote’")]
    assert "\r" not in t1.text + t2.text and "\ufeff" not in t1.text


def test_decomposed_accents_are_composed(tmp_path):
    t = read_file(write(tmp_path, "a.txt", "I: Cafe\u0301?\nR: Ja, cafe\u0301.\n"))
    assert "Café" in t.text and "\u0301" not in t.text


def test_teams_vtt_voice_tags_merge_consecutive_cues(tmp_path):
    vtt = ("WEBVTT\n\n"
           "a1b2/1-0\n00:00:01.000 --> 00:00:04.500\n<v Karim Bouzid>Hoe lang doe je dit werk?</v>\n\n"
           "a1b2/2-0\n00:00:05.000 --> 00:00:08.000\n<v Ellen Jansen>Nou, al een tijdje,</v>\n\n"
           "a1b2/3-0\n00:00:08.000 --> 00:01:10.250\n<v Ellen Jansen>zo'n tien jaar &amp; meer.</v>\n")
    t = read_file(write(tmp_path, "teams.vtt", vtt))
    assert t.format == "vtt-teams"
    assert turns_of(t) == [("Karim Bouzid", "Hoe lang doe je dit werk?"),
                           ("Ellen Jansen", "Nou, al een tijdje, zo'n tien jaar & meer.")]
    assert (t.turns[1].time_start, t.turns[1].time_end) == (5.0, 70.25)


def test_zoom_vtt_name_colon(tmp_path):
    vtt = ("WEBVTT\n\n1\n00:00:01.000 --> 00:00:03.000\nAnna: Goedemorgen allemaal.\n\n"
           "2\n00:00:03.500 --> 00:00:06.000\nBram: Hoi Anna.\n\n"
           "3\n00:00:06.000 --> 00:00:09.000\nAnna: Zullen we beginnen?\n")
    t = read_file(write(tmp_path, "zoom.vtt", vtt))
    assert t.format == "vtt-zoom"
    assert [s for s, _ in turns_of(t)] == ["Anna", "Bram", "Anna"]


def test_bad_vtt_timing_names_the_line(tmp_path):
    vtt = "WEBVTT\n\n1\n00:00:01.000 --> 00:00:03.000\nHoi.\n\n2\n00:00:0x --> 00:00:05.000\nDoei.\n"
    with pytest.raises(CasebookError) as err:
        read_file(write(tmp_path, "bad.vtt", vtt))
    assert "bad.vtt:8" in str(err.value)


def test_whisper_srt_becomes_paragraphs_at_pauses(tmp_path):
    srt = ("1\n00:00:00,000 --> 00:00:02,000\nIk denk dat we\n\n"
           "2\n00:00:02,000 --> 00:00:04,000\nhet anders moeten doen.\n\n"
           "3\n00:00:09,000 --> 00:00:12,000\nNa een pauze iets nieuws.\n")
    t = read_file(write(tmp_path, "w.srt", srt))
    assert t.format == "srt"
    assert turns_of(t) == [(None, "Ik denk dat we het anders moeten doen."),
                           (None, "Na een pauze iets nieuws.")]
    assert t.turns[0].time_start == 0.0 and t.turns[1].time_start == 9.0


def test_otter_headers(tmp_path):
    otter = ("Marieke de Vries  0:00\nWelkom bij de leertafel.\n\n"
             "Jeroen  0:12\nDank je.\nIk begin wel.\n\nMarieke de Vries  1:02:03\nGoed.\n")
    t = read_file(write(tmp_path, "otter.txt", otter))
    assert t.format == "otter"
    assert turns_of(t) == [("Marieke de Vries", "Welkom bij de leertafel."),
                           ("Jeroen", "Dank je.\nIk begin wel."), ("Marieke de Vries", "Goed.")]
    assert t.turns[1].time_start == 12 and t.turns[1].time_end == 3723


def test_amberscript_time_first_headers(tmp_path):
    t = read_file(write(tmp_path, "amber.txt",
        "[00:00:05] Spreker 1\nEerste zin.\n\n[00:00:09] Spreker 2\nTweede zin.\n"))
    assert turns_of(t) == [("Spreker 1", "Eerste zin."), ("Spreker 2", "Tweede zin.")]


def test_docx_speaker_turns(tmp_path):
    import docx

    d = docx.Document()
    for line in ("Interviewer: Hoe was de proefplaatsing?", "Respondent: Zwaar, maar goed.",
                 "Het team was aardig.", "Interviewer: Dank je."):
        d.add_paragraph(line)
    d.save(tmp_path / "i.docx")
    t = read_file(tmp_path / "i.docx")
    assert t.format == "docx-speaker-colon"
    assert turns_of(t)[1] == ("Respondent", "Zwaar, maar goed.\nHet team was aardig.")


@pytest.mark.parametrize("name,content,message", [
    ("empty.txt", "   \n\n", "contains no text"),
    ("x.pdf", "%PDF", "unsupported file type"),
    ("bin.txt", b"\x00\x01\x02binary", "binary"),
    ("broken.docx", b"not a zip", "not a readable .docx"),
])
def test_unreadable_files_give_one_line_errors(tmp_path, name, content, message):
    with pytest.raises(CasebookError) as err:
        read_file(write(tmp_path, name, content))
    assert message in str(err.value) and name in str(err.value) and "\n" not in str(err.value)


def test_unknown_layout_never_crashes(tmp_path):
    junk = "::::\n-->\n<v>\n**\n12:00\n\t\t\n" + "random words " * 50
    t = read_file(write(tmp_path, "junk.txt", junk))
    assert t.turns and all(0 <= x.start < x.end <= len(t.text) for x in t.turns)


@pytest.mark.parametrize("name,cues", [
    ("terug.vtt", "WEBVTT\n\n1\n00:00:01.000 --> 00:00:03.000\nHoi.\n\n"
                  "2\n00:00:09.000 --> 00:00:05.000\nDoei.\n"),
    ("terug.srt", "1\n00:00:01,000 --> 00:00:03,000\nHoi.\n\n"
                  "2\n00:00:09,000 --> 00:00:05,000\nDoei.\n"),
])
def test_a_cue_that_ends_before_it_starts_is_refused(tmp_path, name, cues):
    with pytest.raises(CasebookError) as err:
        read_file(write(tmp_path, name, cues))
    line = 8 if name.endswith(".vtt") else 6
    assert f"{name}:{line}: cue ends (00:00:05" in str(err.value)


def test_a_backwards_cue_exits_2_through_the_cli(tmp_path):
    from click.testing import CliRunner

    from casebook.cli import cli
    from casebook.project import Project

    Project.init(tmp_path / "p").close()
    path = write(tmp_path, "terug.vtt", "WEBVTT\n\n00:00:09.000 --> 00:00:05.000\nDoei.\n")
    result = CliRunner().invoke(cli, ["-p", str(tmp_path / "p"), "import", str(path)])
    assert result.exit_code == 2 and "terug.vtt:3: cue ends" in result.output


@pytest.mark.parametrize("first", ["# Leertafel 3 — wat werkt",
                                   "## **Leertafel 3 — wat werkt** ##"])
def test_a_markdown_heading_is_the_title_not_a_turn(tmp_path, first):
    t = read_file(write(tmp_path, "a.md", f"\n{first}\n\nI: Hoe gaat het?\nR: Goed.\n"))
    assert t.title == "Leertafel 3 — wat werkt"
    assert turns_of(t) == [("I", "Hoe gaat het?"), ("R", "Goed.")]
    plain = read_file(write(tmp_path, "b.md", "Leertafel 3\n\nI: Hoe gaat het?\nR: Goed.\n"))
    assert plain.title is None and turns_of(plain)[0] == (None, "Leertafel 3")


def test_a_word_title_paragraph_is_the_title_not_a_turn(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("")
    d.add_heading("Leertafel 3 — wat werkt", level=0)  # the Title style
    d.add_paragraph("Interviewer: Hoe was de proefplaatsing?")
    d.add_heading("Deel 2", level=1)  # not first: stays text
    d.add_paragraph("Respondent: Zwaar, maar goed.")
    d.save(tmp_path / "t.docx")
    t = read_file(tmp_path / "t.docx")
    assert t.title == "Leertafel 3 — wat werkt"
    assert turns_of(t) == [("Interviewer", "Hoe was de proefplaatsing?\nDeel 2"),
                           ("Respondent", "Zwaar, maar goed.")]


def test_a_docx_member_that_lies_about_its_size_is_one_line(tmp_path):
    import docx

    from tests.refi.damage import damage

    d = docx.Document()
    d.add_paragraph("Interviewer: Hoe was het?")
    d.save(tmp_path / "d.docx")
    for how in ("crc", "size"):
        path = tmp_path / f"{how}.docx"
        path.write_bytes(damage((tmp_path / "d.docx").read_bytes(), "word/document.xml", how))
        with pytest.raises(CasebookError) as err:
            read_file(path)
        message = str(err.value)
        assert message.startswith(f"{path}:word/document.xml: damaged member")
        assert "\n" not in message
