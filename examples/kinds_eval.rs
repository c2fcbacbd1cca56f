//! The kind guesser on given name spans, for `scripts/eval/conll_kinds.py`.
//!
//! Reads one document a line on stdin, `[{"text": LINE, "names": [[start, end, gold], …]}, …]`
//! (character offsets), and prints for each document a JSON array of the kinds guessed for
//! its names in order (`"person"`, …, or `null`): each name from its words and the text
//! before it (a title, a place preposition), then a surname alone takes the kind of the
//! one person's name of several words in the document that ends in it, as `candidates`
//! groups names.

use std::io::{BufRead, Write};

use corpus_lsp::analysis::catalogue::Kind;
use corpus_lsp::analysis::names::kinds::{Evidence, guess, place_preposition_before, team_around, title_before};
use corpus_lsp::analysis::names::variants::{joins, surname_owners};

fn main() {
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    for line in stdin.lock().lines() {
        let doc: serde_json::Value = serde_json::from_str(&line.expect("stdin")).expect("a JSON document");
        let mut names: Vec<(String, Option<Kind>)> = Vec::new();
        // (`Kind::Other` is never guessed: `None` stands for it.)
        for l in doc.as_array().expect("an array of lines") {
            let text = l["text"].as_str().expect("text");
            let chars: Vec<(usize, char)> = text.char_indices().collect();
            let byte = |c: u64| chars.get(c as usize).map_or(text.len(), |&(b, _)| b);
            for n in l["names"].as_array().expect("names") {
                let (s, e) = (byte(n[0].as_u64().unwrap()), byte(n[1].as_u64().unwrap()));
                let before = &text[..s];
                let evidence = Evidence {
                    titled: title_before(before),
                    byline: false,
                    place_preposition: place_preposition_before(before),
                    team: team_around(before, &text[e..]),
                };
                names.push((text[s..e].to_string(), guess(&text[s..e], evidence)));
            }
        }
        // As `candidates::group` does: a name's kind is the most frequent one guessed for it in the document.
        let mut votes: std::collections::HashMap<String, [usize; Kind::ALL.len()]> = Default::default();
        for (n, k) in &names {
            if let Some(k) = k {
                votes.entry(n.to_lowercase()).or_default()[*k as usize] += 1;
            }
        }
        for (n, k) in names.iter_mut() {
            if let Some(v) = votes.get(&n.to_lowercase()) {
                *k = Kind::ALL
                    .into_iter()
                    .filter(|&k| v[k as usize] > 0)
                    .max_by_key(|&k| (v[k as usize], std::cmp::Reverse(k)));
            }
        }
        let persons: Vec<&str> = names
            .iter()
            .filter(|(n, k)| *k == Some(Kind::Person) && n.contains(' '))
            .map(|(n, _)| n.as_str())
            .collect();
        let owners = surname_owners(persons.iter().copied());
        let kinds: Vec<Option<&str>> = names
            .iter()
            .map(|(n, k)| {
                let joined = !n.contains(' ') && joins(n, *k, *k == Some(Kind::Person), &owners).is_some();
                if joined { Some(Kind::Person) } else { *k }.map(Kind::as_str)
            })
            .collect();
        writeln!(out, "{}", serde_json::to_string(&kinds).expect("JSON")).expect("stdout");
    }
}
