//! `uncatalogued-name` on real news it was not written for: twelve Wikinews
//! articles (CC-BY 2.5, `tests/fixtures/news/LICENCE.md`) with every name
//! listed by hand, in order, with its kind (`NN-….names`: `kind<TAB>surface`
//! a line; see `tests/fixtures/news/README.md` for what counts as a name).
//!
//! Scored as `scripts/eval/conll.py` scores CoNLL-2003: an empty catalogue,
//! exact spans, on prose lines (all but the headline and the date line) and
//! on whole documents; the issue's goals are asserted and the figures printed.

use std::path::Path;

use corpus_lsp::analysis::{Catalogue, Code, SeverityConfig, Span, analyze_document};

struct Article {
    name: String,
    text: String,
    /// (span, kind) of every listed name, in text order.
    gold: Vec<(Span, String)>,
}

fn articles() -> Vec<Article> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/news");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "names"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(path.with_extension("txt")).unwrap();
            let listed = std::fs::read_to_string(&path).unwrap();
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            let mut at = 0;
            let mut gold = Vec::new();
            for line in listed.lines().filter(|l| !l.trim().is_empty()) {
                let (kind, surface) = line.split_once('\t').unwrap_or_else(|| panic!("{name}: no tab in {line:?}"));
                assert!(matches!(kind, "person" | "place" | "organization" | "other"), "{name}: kind {kind:?}");
                // The next occurrence as a whole word (not inside another word).
                let start = text[at..]
                    .match_indices(surface)
                    .map(|(k, _)| at + k)
                    .find(|&s| {
                        let before = text[..s].chars().next_back();
                        let after = text[s + surface.len()..].chars().next();
                        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
                    })
                    .unwrap_or_else(|| panic!("{name}: {surface:?} not found after byte {at}"));
                let span = Span::new(start, start + surface.len());
                gold.push((span, kind.to_string()));
                at = span.end;
            }
            Article { name, text, gold }
        })
        .collect()
}

/// The `uncatalogued-name` spans of `text` under an empty catalogue.
fn found(text: &str) -> Vec<Span> {
    let catalogue = Catalogue::parse(r#"{"entities": [], "tags": []}"#).catalogue.unwrap();
    analyze_document(text, &catalogue, &SeverityConfig::default())
        .into_iter()
        .filter(|d| d.code == Code::UncataloguedName)
        .map(|d| d.span)
        .collect()
}

/// Byte ranges of the prose lines: every line but the first two (headline, date).
fn prose(text: &str) -> Span {
    let second_break = text.match_indices('\n').nth(1).map_or(text.len(), |(k, _)| k + 1);
    Span::new(second_break, text.len())
}

#[derive(Default)]
struct Tally {
    right: usize,
    found: usize,
    gold: usize,
    false_positives: Vec<String>,
    missed: Vec<String>,
}

impl Tally {
    fn precision(&self) -> f64 {
        self.right as f64 / self.found.max(1) as f64
    }
    fn recall(&self) -> f64 {
        self.right as f64 / self.gold.max(1) as f64
    }
}

#[test]
fn wikinews_names_meet_the_goals() {
    let articles = articles();
    assert!(articles.len() >= 10, "{} articles", articles.len());
    let (mut lines, mut whole) = (Tally::default(), Tally::default());
    for a in &articles {
        let got = found(&a.text);
        let region = prose(&a.text);
        for (tally, keep) in
            [(&mut lines, &(|s: Span| region.start <= s.start) as &dyn Fn(Span) -> bool), (&mut whole, &|_| true)]
        {
            let got: Vec<Span> = got.iter().copied().filter(|&s| keep(s)).collect();
            let gold: Vec<Span> = a.gold.iter().map(|(s, _)| *s).filter(|&s| keep(s)).collect();
            tally.found += got.len();
            tally.gold += gold.len();
            tally.right += got.iter().filter(|s| gold.contains(s)).count();
            let show = |s: &Span| format!("{}: {}", a.name, s.of(&a.text));
            tally.false_positives.extend(got.iter().filter(|s| !gold.contains(s)).map(show));
            tally.missed.extend(gold.iter().filter(|s| !got.contains(s)).map(show));
        }
    }
    let kinds: usize = articles.iter().flat_map(|a| &a.gold).filter(|(_, k)| k != "other").count();
    println!("Wikinews, {} articles, {} names ({kinds} persons, places or organizations):", articles.len(), whole.gold);
    println!(
        "  prose lines:     P {:.3}  R {:.3}  ({} of {} found, {} found)",
        lines.precision(),
        lines.recall(),
        lines.right,
        lines.gold,
        lines.found
    );
    println!(
        "  whole documents: P {:.3}  R {:.3}  ({} of {} found, {} found)",
        whole.precision(),
        whole.recall(),
        whole.right,
        whole.gold,
        whole.found
    );
    println!("  false positives: {:?}", whole.false_positives);
    println!("  missed: {:?}", whole.missed);
    assert!(lines.precision() >= 0.92 && lines.recall() >= 0.88, "prose lines below the goal (P ≥ 0.92, R ≥ 0.88)");
    assert!(whole.precision() >= 0.88 && whole.recall() >= 0.60, "whole documents below the goal (P ≥ 0.88, R ≥ 0.60)");
}

/// The listed names are where the file says, with their kinds, and the
/// headline and date line are what `prose` skips.
#[test]
fn the_gold_lists_are_well_formed() {
    for a in articles() {
        assert!(!a.gold.is_empty(), "{}", a.name);
        let date = a.text.lines().nth(1).unwrap();
        assert!(date.ends_with(", 2019"), "{}: second line {date:?}", a.name);
        assert!(a.gold.windows(2).all(|w| w[0].0.end <= w[1].0.start), "{}: overlapping names", a.name);
    }
}
