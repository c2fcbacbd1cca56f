//! Property tests on the pure analysis: the parser never panics and its spans
//! lie on char boundaries, in order; annotate and escape keep the plain text.

use corpus_lsp::analysis::annotate::annotate;
use corpus_lsp::analysis::catalogue::builtin;
use corpus_lsp::analysis::markup::{escape_surface, parse_line, unescape};
use corpus_lsp::analysis::strip::strip;
use corpus_lsp::analysis::{SeverityConfig, Span, analyze_line};
use proptest::prelude::*;

/// Lines rich in markup characters, news punctuation and non-BMP characters.
fn line() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("[".to_string()),
        Just("]".to_string()),
        Just("{".to_string()),
        Just("}".to_string()),
        Just("#".to_string()),
        Just("\\".to_string()),
        Just(" ".to_string()),
        Just("’".to_string()),
        Just("“".to_string()),
        Just("—".to_string()),
        Just("😀".to_string()),
        Just("wang-yi".to_string()),
        Just("Blinken".to_string()),
        Just("taiwan".to_string()),
        "[a-zA-Z0-9_.-]{1,6}",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat().replace(['\n', '\r'], " "))
}

fn on_boundaries(text: &str, span: Span) -> bool {
    span.start <= span.end
        && span.end <= text.len()
        && text.is_char_boundary(span.start)
        && text.is_char_boundary(span.end)
}

/// Cases from `PROPTEST_CASES` (the long mode), else `default`.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(2000)))]

    #[test]
    fn parser_spans_are_sane(line in line()) {
        let m = parse_line(&line);
        for mention in &m.mentions {
            for s in [mention.span, mention.surface, mention.id] {
                prop_assert!(on_boundaries(&line, s));
            }
            prop_assert!(mention.span.start < mention.surface.start && mention.surface.end < mention.id.start);
        }
        for tag in &m.tags {
            prop_assert!(on_boundaries(&line, tag.span) && on_boundaries(&line, tag.id));
        }
        for e in &m.errors {
            prop_assert!(on_boundaries(&line, e.span) && on_boundaries(&line, e.detail));
        }
        for w in m.mentions.windows(2) {
            prop_assert!(w[0].span.end <= w[1].span.start, "mentions overlap");
        }
    }

    #[test]
    fn analysis_spans_and_fixes_are_sane(line in line()) {
        let cat = builtin();
        let a = analyze_line(&line, &cat, &SeverityConfig::default());
        for d in &a.diagnostics {
            prop_assert!(on_boundaries(&line, d.span));
            for edit in d.fixes.iter().flat_map(|f| &f.edits) {
                prop_assert!(on_boundaries(&line, edit.span));
            }
        }
    }

    #[test]
    fn escaping_round_trips(s in "\\PC*") {
        let escaped = escape_surface(&s);
        prop_assert_eq!(unescape(&escaped), s.as_str());
    }

    #[test]
    fn annotate_keeps_the_plain_text(text in prop::collection::vec(line(), 1..5).prop_map(|l| l.join("\n"))) {
        let (annotated, _) = annotate(&text, &builtin());
        prop_assert_eq!(strip(&annotated).text, strip(&text).text);
    }
}
