"""Lenient timing lines: every malformed timing line whose times can still be read is read, with a
warning[captions] at its line naming what was wrong; a line without two readable times is an error.
Property tests: well-formed files read exactly as written, and mutated timing lines read the times
they still say."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.lectures.captions import read_cues
from site_builder.lectures.timing import read_timing


def cues(text: str, name: str = "a.srt"):
    found, problems = read_cues(text.encode("utf-8"), name)
    assert found is not None, [str(p) for p in problems]
    return [(c.start, c.end) for c in found], [str(p) for p in problems]


@pytest.mark.parametrize("line, start, end, message", [
    ("00:00:01,000 --> 00:00:02,000x", 1000, 2000, "stray characters 'x' after the timing: ignored"),
    ("00:00:01,000 --> 00:00:02,000 ok then", 1000, 2000, "text after the timing 'ok then': ignored"),
    ("00:01: 02,000 --> 00:01:03,000", 62000, 63000, "a space inside the timestamp '00:01: 02,000': read as '00:01:02,000'"),
    ("00:01:002,000 --> 00:01:03,000", 62000, 63000, "'002' has an extra digit (seconds): read as 2"),
    ("000:01:02,000 --> 00:01:03,000", 62000, 63000, "'000' has an extra digit (hours): read as 0"),
    ("00:01:02,0500 --> 00:01:03,000", 62500, 63000, "'0500' has an extra digit (milliseconds): read as 500"),
    ("00:00:01,000--> 00:00:02,000", 1000, 2000, "no space before the arrow"),
    ("00:00:01,000 -->00:00:02,000", 1000, 2000, "no space after the arrow"),
    ("00:00:01,000-->00:00:02,000", 1000, 2000, "no space before and after the arrow"),
    ("00:00:01.250 --> 00:00:02,000", 1250, 2000, "'.' before the milliseconds instead of ','"),
    ("00:00:01:250 --> 00:00:02,000", 1250, 2000, "':' before the milliseconds instead of ','"),
    ("00:00:01 --> 00:00:02,000", 1000, 2000, "'00:00:01' has no milliseconds: read as ,000"),
    ("00:01,000 --> 00:00:02,000", 1000, 2000, "'00:01,000' has no hours: read as 00:00:01,000"),
    ("00:00:01,000 -- > 00:00:02,000", 1000, 2000, "the timing arrow '-- >' is read as '-->'"),
])
def test_malformed_timing_line_is_read_with_a_warning_at_its_line(line, start, end, message):
    found, problems = cues(f"1\n00:00:00,000 --> 00:00:00,500\nfirst\n\n2\n{line}\nsecond\n")
    assert found == [(0, 500), (start, end)]
    assert problems == [f"a.srt:6: warning[captions]: {message}"]


def test_webvtt_settings_and_short_forms_are_no_defect():
    found, problems = cues("WEBVTT\n\n01:02.500 --> 01:03.000 align:start line:0\nx\n", "b.vtt")
    assert found == [(62500, 63000)] and problems == []
    _, problems = cues("WEBVTT\n\n00:01,500 --> 00:02.000\nx\n", "b.vtt")
    assert problems == ["b.vtt:3: warning[captions]: ',' before the milliseconds instead of '.'"]


def test_srt_box_coordinates_are_no_defect():
    assert cues("1\n00:00:01,000 --> 00:00:02,000 X1:40 X2:600 Y1:20 Y2:50\nx\n") == ([(1000, 2000)], [])


def test_several_defects_of_one_line_are_each_named_and_counted_per_file():
    text = ("1\n00:00:01.000-->00:00:02,000x\na\n\n2\n00:00:03.000 --> 00:00:04,000\nb\n\n"
            "3\n00:00:05,000 --> 00:00:06,000\nc\n")
    found, problems = cues(text)
    assert found == [(1000, 2000), (3000, 4000), (5000, 6000)]
    assert problems == [
        "a.srt:2: warning[captions]: '.' before the milliseconds instead of ',' (1 more like it in this file)",
        "a.srt:2: warning[captions]: no space before and after the arrow",
        "a.srt:2: warning[captions]: stray characters 'x' after the timing: ignored",
    ]


@pytest.mark.parametrize("line", ["00:00:01,000 --> soon", "a --> b", "--> 00:00:02,000", "00:00:01,000 -->"])
def test_line_without_two_readable_times_is_an_error(line):
    found, problems = read_cues(f"1\n{line}\nx\n".encode(), "a.srt")
    assert found is None
    assert [str(p) for p in problems] == [f"a.srt:2: error[captions]: cannot read the cue timing '{line.strip()}' "
                                          "(expected 'hh:mm:ss,mmm --> hh:mm:ss,mmm')"]


def test_strict_cli_fails_on_a_timing_warning(tmp_path):
    from tests.helpers import run_cli, write_site
    site = write_site(tmp_path / "s", {"content/en/talk.en.srt": "1\n00:00:01,000-->00:00:02,000\nHello there.\n"})
    lenient = run_cli("check", site)
    assert lenient.returncode == 0, lenient.stderr
    assert "content/en/talk.en.srt:2: warning[captions]: no space before and after the arrow" in lenient.stderr
    strict = run_cli("check", site, "--strict")
    assert strict.returncode == 1


# --- properties -------------------------------------------------------------------------------

times = st.integers(min_value=0, max_value=99 * 3600 * 1000 - 1)


def clock(ms: int, sep: str) -> str:
    h, rest = divmod(ms, 3600000)
    m, rest = divmod(rest, 60000)
    s, f = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{f:03d}"


words = st.text(alphabet="abcdefghij 가나다라마바", min_size=1, max_size=12).filter(lambda t: t.strip())


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(times, times, words), min_size=1, max_size=8), st.booleans())
def test_well_formed_files_read_exactly_and_without_warnings(spans, vtt):
    sep = "." if vtt else ","
    blocks = [f"{i}\n{clock(a, sep)} --> {clock(b, sep)}\n{text.strip()}\n" for i, (a, b, text) in enumerate(spans, 1)]
    body = ("WEBVTT\n\n" if vtt else "") + "\n".join(blocks)
    found, problems = read_cues(body.encode(), "x.vtt" if vtt else "x.srt")
    assert [(c.start, c.end, c.text) for c in found] == [(a, b, " ".join(t.split())) for a, b, t in spans]
    assert problems == []


MUTATIONS = {
    "space": lambda stamp: stamp[:6] + " " + stamp[6:],  # 00:01: 02,000
    "digits": lambda stamp: stamp[:6] + "0" + stamp[6:],  # 00:01:002,000
    "hours": lambda stamp: "0" + stamp,  # 000:01:02,000
    "separator": lambda stamp: stamp.replace(",", "."),
}


@settings(max_examples=300)
@given(times, times, st.sampled_from(sorted(MUTATIONS)), st.sampled_from(["start", "end"]),
       st.sampled_from([" --> ", "-->", " -->", "--> "]), st.sampled_from(["", "x", " ", "}}", ";"]))
def test_mutated_timing_lines_read_the_times_they_say(a, b, mutation, which, arrow, tail):
    start, end = clock(a, ","), clock(b, ",")
    if which == "start":
        start = MUTATIONS[mutation](start)
    else:
        end = MUTATIONS[mutation](end)
    timing = read_timing(f"{start}{arrow}{end}{tail}", vtt=False)
    assert timing is not None and (timing.start, timing.end) == (a, b)
    kinds = {d.kind for d in timing.defects}
    assert kinds >= {{"hours": "digits-hours", "digits": "digits-seconds"}.get(mutation, mutation)}
    assert any(k.startswith("arrow-space") for k in kinds) == (arrow != " --> ")
    assert ("stray" in kinds) == bool(tail.strip()) and "stray-text" not in kinds


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(times, times, words, st.sampled_from([None, *sorted(MUTATIONS)])), min_size=1, max_size=8),
       st.booleans())
def test_files_with_mutated_timing_lines_read_as_the_well_formed_file(spans, vtt):
    """The same cues, times and texts as the file without defects; one warning per kind of defect,
    at the first line that has it."""
    sep = "." if vtt else ","
    blocks, first_line, line = [], {}, 3 if vtt else 1
    for i, (a, b, text, mutation) in enumerate(spans, 1):
        start = clock(a, sep)
        if mutation is not None:
            start = MUTATIONS[mutation](start.replace(".", ",") if vtt and mutation != "separator" else start)
            if vtt and mutation != "separator":
                start = start.replace(",", ".")
            if vtt and mutation == "separator":
                start = start.replace(".", ",")
        blocks.append(f"{i}\n{start} --> {clock(b, sep)}\n{text.strip()}\n")
        if mutation is not None:
            first_line.setdefault({"hours": "digits-hours", "digits": "digits-seconds"}.get(mutation, mutation), line + 1)
        line += 4
    body = ("WEBVTT\n\n" if vtt else "") + "\n".join(blocks)
    name = "x.vtt" if vtt else "x.srt"
    found, problems = read_cues(body.encode(), name)
    assert [(c.start, c.end, c.text) for c in found] == [(a, b, " ".join(t.split())) for a, b, t, _ in spans]
    assert sorted(p.line for p in problems) == sorted(first_line.values())
    assert all(p.severity == "warning" and p.code == "captions" for p in problems)


def test_no_break_space_and_byte_order_mark_are_spaces():
    assert cues("\ufeff1\n00:00:01,000\u00a0-->\u00a000:00:02,000\nx\n") == ([(1000, 2000)], [])
