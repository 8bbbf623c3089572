"""HTML saved or copied from GOV.UK becomes the text the parser reads: the publication's
title and body only, lists with the numbers a browser draws, tables row by row."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from responses.parsing import parse_response
from responses.sources import text_from_html

# A GOV.UK HTML publication as the site serves it (govuk_publishing_components' layout):
# cookie banner, skip link, header, breadcrumbs, the title, the contents list, the govspeak
# body, the print link, the feedback box and the footer.
PUBLICATION = """<!DOCTYPE html>
<html lang="en" class="govuk-template">
<head>
  <meta charset="utf-8">
  <title>Response to an inspection of illegal working enforcement - GOV.UK</title>
  <script nonce="abc">document.body.className += ' js-enabled';</script>
  <style>.govspeak ol { list-style: decimal; }</style>
</head>
<body class="gem-c-layout-for-public govuk-template__body">
<div id="global-cookie-message" class="gem-c-cookie-banner govuk-clearfix" data-module="cookie-banner"
     role="region" aria-label="Cookies on GOV.UK" data-nosnippet>
  <div class="gem-c-cookie-banner__message"><span class="govuk-heading-m">Cookies on GOV.UK</span>
    <p class="govuk-body">We use some essential cookies to make this website work.</p></div>
  <button class="govuk-button" type="submit">Accept additional cookies</button>
</div>
<a href="#content" class="gem-c-skip-link govuk-skip-link">Skip to main content</a>
<header role="banner" class="gem-c-layout-super-navigation-header">
  <a href="/" class="gem-c-header__link">GOV.UK</a>
  <nav aria-labelledby="super-navigation-menu-heading"><ul><li><a href="/browse">Topics</a></li></ul></nav>
</header>
<div class="govuk-width-container">
  <div class="gem-c-contextual-breadcrumbs"><nav class="gem-c-breadcrumbs govuk-breadcrumbs">
    <ol class="govuk-breadcrumbs__list"><li class="govuk-breadcrumbs__list-item">
    <a class="govuk-breadcrumbs__link" href="/">Home</a></li></ol></nav></div>
  <main role="main" id="content" class="html-publication" lang="en">
    <div class="gem-c-inverse-header">
      <span class="govuk-caption-xl">Policy paper</span>
      <h1 class="gem-c-title__text govuk-heading-xl">Response to an inspection of illegal working
        enforcement</h1>
      <p class="publication-header__last-changed">Updated 1 March 2024</p>
    </div>
    <div class="govuk-grid-row">
      <aside class="govuk-grid-column-one-quarter-from-desktop contents-list-container">
        <nav class="gem-c-contents-list" aria-label="Contents"><h2 class="gem-c-contents-list__title">Contents</h2>
          <ol class="gem-c-contents-list__list"><li><a href="#recommendation-1">Recommendation 1</a></li></ol>
        </nav>
      </aside>
      <div class="main-content-container">
        <div class="gem-c-govspeak-html-publication">
          <div class="gem-c-govspeak govuk-govspeak" data-module="govspeak">
            <div class="govspeak">
              <p>The Home Office thanks the Independent Chief Inspector of Borders and Immigration
              (ICIBI) for this report.</p>
              <h2 id="recommendation-1">Recommendation 1</h2>
              <p>Ensure that for each enforcement visit:</p>
              <ol type="a">
                <li>the impact on the community is considered</li>
                <li><p>mandatory checks are completed</p><p>and recorded</p></li>
              </ol>
              <h3>Recommendation 1a &ndash; accepted</h3>
              <p>Immigration Enforcement will review this guidance.<sup id="fnref:1" role="doc-noteref"><a
                 href="#fn:1" class="govuk-link" rel="footnote">[footnote 1]</a></sup></p>
              <p><strong>Target date:</strong> 31&nbsp;March&nbsp;2025</p>
              <h2 id="recommendation-2">Recommendation 2</h2>
              <p>Implement a system to allow operational staff access to guidance.</p>
              <ol start="3">
                <li>the third point</li>
                <li value="7">the seventh point</li>
                <li>the eighth point</li>
              </ol>
              <ol class="legislative-list">
                <li>1.1 Accepted</li>
              </ol>
              <ul>
                <li>an unnumbered point
                  <ol><li>a nested numbered point</li></ol>
                </li>
              </ul>
              <table>
                <caption>Timescales</caption>
                <thead><tr><th scope="col">Recommendation</th><th scope="col">Response</th>
                  <th scope="col">Target</th></tr></thead>
                <tbody>
                  <tr><td>2</td><td><p>Accepted</p><p>in full</p></td><td>December 2025</td></tr>
                  <tr><td>3</td><td>Not accepted</td><td></td></tr>
                </tbody>
              </table>
              <div class="footnotes" role="doc-endnotes">
                <ol><li id="fn:1" role="doc-endnote"><p>Safe Systems of Work guidance, 2023.</p></li></ol>
              </div>
            </div>
          </div>
        </div>
        <div class="gem-c-print-link govuk-!-display-none-print"><button class="gem-c-print-link__button">
          Print this page</button></div>
      </div>
    </div>
    <div class="gem-c-feedback govuk-!-display-none-print" data-module="feedback">
      <h2>Is this page useful?</h2><form><button>Yes</button><button>No</button></form>
    </div>
  </main>
</div>
<footer class="gem-c-layout-footer govuk-footer" role="contentinfo">
  <h2 class="govuk-visually-hidden">Support links</h2><p>&copy; Crown copyright</p>
</footer>
<script src="/assets/application.js"></script>
</body>
</html>
"""


def test_a_govuk_publication_gives_its_title_and_body_and_nothing_of_the_site_around_it():
    assert text_from_html(PUBLICATION).split("\n\n") == [
        "Response to an inspection of illegal working enforcement",
        "The Home Office thanks the Independent Chief Inspector of Borders and Immigration (ICIBI) for this report.",
        "Recommendation 1",
        "Ensure that for each enforcement visit:",
        "a. the impact on the community is considered",
        "b. mandatory checks are completed",
        "and recorded",
        "Recommendation 1a – accepted",
        "Immigration Enforcement will review this guidance.[footnote 1]",
        "Target date: 31 March 2025",
        "Recommendation 2",
        "Implement a system to allow operational staff access to guidance.",
        "3. the third point",
        "7. the seventh point",
        "8. the eighth point",
        "1.1 Accepted",
        "- an unnumbered point",
        "1. a nested numbered point",
        "Timescales",
        "Recommendation | Response | Target",
        "2 | Accepted in full | December 2025",
        "3 | Not accepted",
        "1. Safe Systems of Work guidance, 2023.",
    ]


def test_the_text_of_a_publication_page_parses_as_a_response():
    document = parse_response(text_from_html(PUBLICATION))

    assert [r.number for r in document.recommendations][:2] == ["1", "2"]
    assert document.title == "Response to an inspection of illegal working enforcement"


def test_a_page_without_a_govspeak_body_gives_its_main_content():
    page = """<html><body><header role="banner">GOV.UK</header><nav>Menu</nav>
    <main><h1>Recommendation 1</h1><p>Accepted</p></main><footer>Footer</footer></body></html>"""

    assert text_from_html(page) == "Recommendation 1\n\nAccepted"


def test_html_copied_from_a_page_with_no_main_gives_all_its_visible_text():
    fragment = "<h2>Recommendation 3</h2><p>Partially accepted</p><script>track()</script><p hidden>x</p>"

    assert text_from_html(fragment) == "Recommendation 3\n\nPartially accepted"


@pytest.mark.parametrize(
    ("list_type", "markers"),
    [("1", ["1.", "2."]), ("a", ["a.", "b."]), ("A", ["A.", "B."]), ("i", ["i.", "ii."]), ("I", ["I.", "II."])],
)
def test_an_ordered_list_is_written_with_the_markers_a_browser_draws(list_type, markers):
    text = text_from_html(f'<ol type="{list_type}"><li>first</li><li>second</li></ol>')

    assert text.split("\n\n") == [f"{markers[0]} first", f"{markers[1]} second"]


def test_a_list_styled_without_numbers_gets_none():
    text = text_from_html('<ol style="list-style-type: none"><li>1. Accepted</li></ol>')

    assert text == "1. Accepted"


def test_line_breaks_stay_and_whitespace_and_invisible_characters_do_not():
    text = text_from_html("<p>Accepted<br>March\u00ad 2026 \u200b</p><pre>a\n  b</pre>")

    assert text.split("\n\n") == ["Accepted\nMarch 2026", "a\nb"]


def test_the_crown_copyright_and_licence_paragraphs_are_left_out():
    page = """<div class="govspeak"><p>© Crown copyright 2024</p>
    <p>This publication is licensed under the terms of the Open Government Licence v3.0 except where
    otherwise stated.</p><p>This publication is available at https://www.gov.uk/government/publications/x</p>
    <h2>Recommendation 1</h2></div>"""

    assert text_from_html(page) == "Recommendation 1"


@pytest.mark.parametrize(
    ("broken", "text"),
    [
        ("<div class='govspeak'><p>Unclosed <b>bold", "Unclosed bold"),
        ("<table><tr><td>cell<td>next", "cell | next"),
        ("</div></div><li>stray", "- stray"),
        ("<ol><li><ol>", ""),
        ("<table><tr><td>a<table><tr><td>inner</td></tr></table></td><td>b</td></tr></table>", "a inner | b"),
    ],
)
def test_broken_markup_gives_what_text_there_is(broken, text):
    assert text_from_html(broken) == text


@given(st.text())
def test_any_text_gives_text_never_an_error(text):
    assert isinstance(text_from_html(text), str)
