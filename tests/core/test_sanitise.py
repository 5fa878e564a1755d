from engagement_portal.core.sanitise import clean_rich_text


def test_allowed_formatting_is_kept():
    cleaned = clean_rich_text(
        '<p>Read <strong>this</strong> and <a href="https://example.org">that</a></p>'
    )
    assert "<strong>this</strong>" in cleaned
    assert 'href="https://example.org"' in cleaned


def test_scripts_handlers_and_javascript_urls_are_removed():
    cleaned = clean_rich_text(
        '<p onclick="steal()">Hi</p><script>alert(1)</script>'
        '<a href="javascript:alert(1)">x</a><img src=x onerror=alert(1)><svg onload=alert(1)>'
    )
    assert "<script" not in cleaned
    assert "onclick" not in cleaned
    assert "javascript:" not in cleaned
    assert "<img" not in cleaned
    assert "<svg" not in cleaned


def test_plain_text_gets_paragraphs():
    assert clean_rich_text("First line\n\nSecond <b>bold</b> & more") == (
        "<p>First line</p><p>Second bold &amp; more</p>"
    )
