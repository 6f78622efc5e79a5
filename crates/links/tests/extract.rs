//! Extraction cases with marker-style spans: `|` marks where each link
//! starts and ends in the text (the markers are removed before searching).

use baitwatch_links::{LinkKind, extract_links};

use LinkKind::*;

/// Removes the `|` markers and returns the text and the marked spans.
fn unmark(marked: &str) -> (String, Vec<std::ops::Range<usize>>) {
    let mut text = String::new();
    let mut starts = Vec::new();
    let mut spans = Vec::new();
    for c in marked.chars() {
        if c == '|' {
            if starts.len() > spans.len() {
                spans.push(starts[spans.len()]..text.len());
            } else {
                starts.push(text.len());
            }
        } else {
            text.push(c);
        }
    }
    assert_eq!(
        starts.len(),
        spans.len(),
        "unbalanced markers in {marked:?}"
    );
    (text, spans)
}

#[rustfmt::skip]
const SPANS: &[(&str, &[LinkKind])] = &[
    // Bare URLs, punctuation and brackets as people write them.
    ("see |https://a.com/x|.", &[BareUrl]),
    ("see (|https://a.com/x|).", &[BareUrl]),
    ("see |https://a.com/x_(y)|, ok", &[BareUrl]),
    ("\"|https://a.com/q?x=1|\"", &[BareUrl]),
    ("'|http://a.com|'", &[BareUrl]),
    ("go to |https://a.com/path/|!", &[BareUrl]),
    ("really? |https://a.com/?q=1&r=2|?", &[BareUrl]),
    ("[see |https://a.com/x|]", &[BareUrl]),
    ("list: |https://a.com|; |https://b.org|", &[BareUrl, BareUrl]),
    ("*|https://a.com/x|*", &[BareUrl]),
    ("ftp: |ftp://files.example.net/pub|", &[BareUrl]),
    ("unicode |https://例え.jp/パス|.", &[BareUrl]),
    ("no link here, just words.", &[]),
    ("version 1.2.3 and 10.0.0.1 is not a URL", &[]),
    // Markdown inline links and images.
    ("[docs](|https://a.com/docs|)", &[MarkdownInline]),
    ("[docs](|https://a.com/docs| \"Title\")", &[MarkdownInline]),
    ("[docs](|https://a.com/docs| 'Title')", &[MarkdownInline]),
    ("[docs](<|https://a.com/with space|>)", &[MarkdownInline]),
    ("[wiki](|https://en.wikipedia.org/wiki/Foo_(bar)|).", &[MarkdownInline]),
    ("![logo](|https://a.com/logo.png|)", &[MarkdownImage]),
    ("[![badge](|https://img.shields.io/b.svg|)](|https://ci.example.com/p|)", &[MarkdownImage, MarkdownInline]),
    ("[rel](|docs/guide.md|)", &[MarkdownInline]),
    ("[anchor](|#install|)", &[MarkdownInline]),
    ("[paypal.com](|https://evil.example.top/x|)", &[MarkdownInline]),
    ("[a [nested] text](|https://a.com|)", &[MarkdownInline]),
    ("not a link [x] (https) here", &[]),
    // Markdown reference links.
    ("[click][1]\n\n[1]: |https://a.com/ref|", &[MarkdownReference]),
    ("[site]\n\n[site]: <|https://a.com/ref|>", &[MarkdownReference]),
    ("[x][y]\n  [y]: |https://a.com/r| \"title\"", &[MarkdownReference]),
    // Autolinks.
    ("<|https://a.com/auto|>", &[Autolink]),
    ("mail <|me@example.com|>", &[Email]),
    ("<|http://a.com/x?y=1|>.", &[Autolink]),
    // HTML anchors.
    ("<a href=\"|https://a.com/h|\">text</a>", &[HtmlAnchor]),
    ("<a href='|https://a.com/h|'>text</a>", &[HtmlAnchor]),
    ("<a class=\"x\" href=|https://a.com/h| target=_blank>t</a>", &[HtmlAnchor]),
    ("<A HREF=\"|https://a.com/h?a=1&amp;b=2|\">t</A>", &[HtmlAnchor]),
    ("<a href=\"|https://a.com|\"><img src=\"https://a.com/i.png\"></a>", &[HtmlAnchor]),
    ("<a href=\"|https://evil.top|\">https://paypal.com</a>", &[HtmlAnchor]),
    // Bare domains.
    ("visit |www.example.xyz| today", &[BareDomain]),
    ("get it at |claim-now.top/get|.", &[BareDomain]),
    ("(|free-gems.site/claim|)", &[BareDomain]),
    ("join |discord.gg/abcdef|", &[BareDomain]),
    ("my site |example.com|, thanks", &[BareDomain]),
    ("run setup.py and read README.md", &[]),
    ("see main.rs, lib.rs and index.js", &[]),
    ("call `foo.com` in code", &[]),
    ("```\nclient.top\nsite.com\n```\n", &[]),
    ("self.name = os.path.join(a)", &[]),
    ("use Node.js or Vue.js", &[]),
    ("|www.github.com/user/repo|", &[BareDomain]),
    ("path /usr/lib/foo.com/x is a path", &[]),
    // E-mail addresses.
    ("write to |dev@example.org|.", &[Email]),
    ("|first.last+tag@sub.example.co.uk|", &[Email]),
    // Disguised forms.
    ("|hxxps://evil[.]top/claim|", &[Disguised]),
    ("|hxxp://evil.com/x|", &[Disguised]),
    ("visit |evil[.]com| now", &[Disguised]),
    ("visit |evil(.)com|!", &[Disguised]),
    ("visit |evil[dot]com| now", &[Disguised]),
    ("go to |free-robux dot com| now", &[Disguised]),
    ("go to |free-robux . com| now", &[Disguised]),
    ("|www[.]evil[.]xyz/gift|", &[Disguised]),
    ("|https://evil[.]top/path|", &[Disguised]),
    ("the dot com era", &[]),
    ("It works . In short", &[]),
    ("use the dot operator", &[]),
    // Several forms together.
    ("[a](|https://a.com|) and |https://b.com| and |c@d.org|", &[MarkdownInline, BareUrl, Email]),
    ("<a href=\"|https://a.com|\">a</a> |www.b.xyz|", &[HtmlAnchor, BareDomain]),
];

#[test]
fn spans_and_kinds() {
    assert!(SPANS.len() >= 60, "at least 60 extraction cases");
    let mut failures = Vec::new();
    for (marked, kinds) in SPANS {
        let (text, spans) = unmark(marked);
        assert_eq!(
            spans.len(),
            kinds.len(),
            "case {marked:?}: markers and kinds differ"
        );
        let got: Vec<_> = extract_links(&text).map(|l| (l.span, l.kind)).collect();
        let want: Vec<_> = spans.into_iter().zip(kinds.iter().copied()).collect();
        if got != want {
            failures.push(format!("{marked:?}\n   want {want:?}\n   got  {got:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[rustfmt::skip]
const NORMALISED: &[(&str, &str, Option<&str>)] = &[
    ("hxxps://evil[.]top/claim", "https://evil.top/claim", None),
    ("evil(.)com", "http://evil.com/", None),
    ("free-robux dot com", "http://free-robux.com/", None),
    ("www.example.xyz", "http://www.example.xyz/", None),
    ("<a href=\"https://a.com/?a=1&amp;b=2\">Shop &amp; win</a>", "https://a.com/?a=1&b=2", Some("Shop & win")),
    ("<a href=\"https://a.com/\"><b>bold</b> text</a>", "https://a.com/", Some("bold text")),
    ("[Claim now](https://A.COM/x)", "https://a.com/x", Some("Claim now")),
    ("[click][r]\n\n[r]: https://a.com/r", "https://a.com/r", Some("click")),
    ("me@example.org", "mailto:me@example.org", None),
    ("https://xn--pypal-4ve.com/login", "https://xn--pypal-4ve.com/login", None),
    ("https://pаypal.com/login", "https://xn--pypal-4ve.com/login", None),
];

#[test]
fn normalised_forms_and_anchors() {
    for (text, url, anchor) in NORMALISED {
        let link = extract_links(text)
            .next()
            .unwrap_or_else(|| panic!("no link in {text:?}"));
        assert_eq!(&link.url, url, "url of {text:?}");
        assert_eq!(link.anchor.as_deref(), *anchor, "anchor of {text:?}");
    }
}

#[test]
fn hostile_inputs_are_bounded() {
    let long_brackets = "[".repeat(100_000);
    let parens = format!("[a]({}", "(".repeat(100_000));
    let dots = "a . ".repeat(50_000);
    let tags = "<a href=x>".repeat(20_000);
    let many = "https://a.com ".repeat(5_000);
    for t in [
        long_brackets.as_str(),
        &parens,
        &dots,
        &tags,
        &many,
        "\u{0}[\u{10FFFF}](\u{301})",
    ] {
        let n = extract_links(t).count();
        assert!(n <= 2_000);
    }
}
