"""The BibTeX reader (bibtexparser 2 and pylatexenc): values, macros, names, LaTeX, comments,
and where the arXiv id and link come from."""

from __future__ import annotations

import re

import pytest

from generator.features.new.bibtex import BibtexError, latex_to_text, parse_bibtex, parse_records


def test_braces_quotes_numbers_macros_and_comments() -> None:
    [(record, authors)] = parse_records(
        '@string{icml = {International Conference on Machine Learning}}\n'
        "@comment{ignored @article{nope, title={No}} }\n"
        "% a line comment that mentions @misc{fake, title={Fake}}\n"
        '@Article(key-1:2023,\n TITLE = "A {"}quoted{"} {T}itle {with {nested}} braces",\n'
        " year = 2023, Month = may, journal = icml, author = {Zhang, Dong},\n"
        " note = {100\\% \\{kept\\}},)"
    )
    assert record == {
        "title": 'A {"}quoted{"} {T}itle {with {nested}} braces',
        "year": "2023",
        "month": "may",
        "journal": "International Conference on Machine Learning",
        "author": "Dong Zhang",
        "note": "100\\% \\{kept\\}",
    }
    assert authors == ["Dong Zhang"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("@article{k, title = {x}, title = {y}}", "BibTeX line 1: field 'title' appears twice; keep one"),
        ('@article{k,\n\n title = "open}', "BibTeX line 1: cannot be read (Unexpectedly reached end of file.)"),
        ("@article{k, title}", "BibTeX line 1: cannot be read (Expected a `=` after entry key `title`"),
        ("@article{k,\n title = {x} {y}}", "BibTeX line 2: field 'title' cannot be read (join its parts with #)"),
        ("@article{k,\n\n title = {x} # }", "BibTeX line 3: field 'title' cannot be read (a value is missing around #)"),
        ('@article{k, title = "x} # {y"}', "BibTeX line 1: field 'title' cannot be read (unbalanced braces or quotes)"),
    ],
)
def test_syntax_errors_say_the_line(text: str, message: str) -> None:
    with pytest.raises(BibtexError, match="^" + re.escape(message)):
        parse_records(text)


def test_string_macros_and_concatenation_are_expanded() -> None:
    [(record, _)] = parse_records(
        '@string{a = "A"}\n@String{B = a # {, } # "b"}\n@string{b = {late}}\n'
        "@article{k, journal = a # { 2023}, note = B # 7, month = may, title = {\\#1 {x}} # UNDEFINED}"
    )
    assert record == {"journal": "A 2023", "note": "late7", "month": "may", "title": "\\#1 {x}UNDEFINED"}


@pytest.mark.parametrize(
    ("field", "names"),
    [
        ("Zhang, Dong and Li, Shimin", ["Dong Zhang", "Shimin Li"]),
        ("Dong Zhang AND Shimin Li and others", ["Dong Zhang", "Shimin Li", "others"]),
        ("{Barnes and Noble Team} and van der Berg, Jan", ["Barnes and Noble Team", "Jan van der Berg"]),
        ("King, Jr, Martin Luther", ["Martin Luther King Jr"]),
        ("M{\\\"u}ller, J\\\"{o}rg and Garc\\'{\\i}a, Ana", ["Jörg Müller", "Ana García"]),
        ("Andersen,\n   Anders and\n  Sand", ["Anders Andersen", "Sand"]),
    ],
)
def test_authors_become_first_last(field: str, names: list[str]) -> None:
    [(_, authors)] = parse_records(f"@misc{{k, author = {{{field}}}}}")
    assert authors == names


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        ('{\\"U}ber {S}peech\\&{GPT}', "Über Speech&GPT"),
        ("\\v{S}tefan \\c{c}a \\'{\\i} \\ss{} \\o{}", "Štefan ça í ß ø"),
        ("\\textit{Whisper}: robust --- fast -- 100\\%", "Whisper: robust \u2014 fast \u2013 100%"),
        ("\\textbf{Bold} and~\\{braces\\}", "Bold and {braces}"),
        ("$\\alpha$-Speech: Proc.\\ ICML", "α-Speech: Proc. ICML"),
    ],
)
def test_latex_to_text(latex: str, text: str) -> None:
    assert latex_to_text(latex) == text


def test_google_scholar_style_record() -> None:
    work = parse_bibtex(
        "@article{zhang2023speechgpt,\n title={Speechgpt: Empowering large language models},\n"
        " author={Zhang, Dong and Li, Shimin},\n journal={arXiv preprint arXiv:2305.11000},\n year={2023}\n}"
    )
    assert (work.arxiv, work.paper_url, work.venue, work.date) == (
        "2305.11000", "https://arxiv.org/abs/2305.11000", "", "2023"
    )


def test_dblp_style_record() -> None:
    work = parse_bibtex(
        "@article{DBLP:journals/corr/abs-2305-11000,\n title = {SpeechGPT},\n author = {Dong Zhang},\n"
        " journal = {CoRR}, volume = {abs/2305.11000}, year = {2023}, month = {5},\n"
        " url = {https://doi.org/10.48550/arXiv.2305.11000}, eprinttype = {arXiv}, eprint = {2305.11000}}"
    )
    assert (work.arxiv, work.venue, work.date) == ("2305.11000", "", "2023-05")


def test_a_record_without_arxiv_links_its_url_or_doi() -> None:
    base = "@inproceedings{k, title={T}, author={A B}, year={2020}, booktitle={ICASSP}, month={September}"
    assert parse_bibtex(base + ", url={https://example.org/paper}}").paper_url == "https://example.org/paper"
    work = parse_bibtex(base + ", doi={10.1109/ICASSP.2020.1}}")
    assert (work.paper_url, work.venue, work.date, work.arxiv) == (
        "https://doi.org/10.1109/ICASSP.2020.1", "ICASSP 2020", "2020-09", ""
    )
    assert parse_bibtex(base + ", date={2020-05-04}, url={https://e.org/p}}").date == "2020-05-04"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("% nothing here", "no BibTeX record"),
        ("@misc{a, title={A}, author={B C}, year=2020}\n@misc{b, title={B}}", "the file holds 2 records"),
        ("@misc{a, author={B C}, year=2020, url={https://e.org}}", "the record has no 'title' field"),
        ("@misc{a, title={A}, author={B C}, year={20}, url={https://e.org}}", "year '20' is not a four-digit year"),
        ("@misc{a, title={A}, author={B C}, year=2020}", "the record has no url, doi or arXiv eprint"),
        ("@misc{a, title={A}, author={B C}, year=2020, eprint={2305.1100}}", "arXiv id '2305.1100' must have 5 digits"),
    ],
)
def test_incomplete_records_are_refused(text: str, message: str) -> None:
    with pytest.raises(BibtexError, match=message):
        parse_bibtex(text)


@pytest.mark.parametrize("month", ["²", "٥", "５", "0" * 5000 + "5", "13"])
def test_a_month_that_is_not_ascii_digits_from_1_to_12_is_left_out(month: str) -> None:
    """`isdigit` is true for superscripts and other scripts' digits, which `int` refuses or reads;
    only ASCII digits make a month, and only a short number."""
    work = parse_bibtex("@misc{a, title={A}, author={B C}, year={2020}, month={" + month + "}, url={https://e.org/p}}")
    assert work.date == "2020"


@pytest.mark.parametrize("field", ["year={２０２０}", "year={٢٠٢٠}", "year={2020}, date={２０２０-０５-０４}"])
def test_years_and_dates_are_ascii_digits(field: str) -> None:
    text = "@misc{a, title={A}, author={B C}, " + field + ", url={https://e.org/p}}"
    if field.startswith("year={2020}"):
        assert parse_bibtex(text).date == "2020"
    else:
        with pytest.raises(BibtexError, match="is not a four-digit year"):
            parse_bibtex(text)
