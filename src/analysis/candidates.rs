//! Proper-name candidates across documents: the names the finder sees on
//! each line (see [`super::names::finder`]) and their grouping (`Aleksey
//! Navalny` and a later `Navalny` are one candidate).

use rustc_hash::FxHashMap as HashMap;

use super::Span;
use super::catalogue::{Catalogue, Kind};
use super::markup::parse_line;
use super::names::finder::{has_upper, line_candidates};
use super::names::{kinds, variants};

pub use super::names::variants::surname;

mod junk;

/// The candidates of a whole text (any number of lines), with the line
/// number of each; for the CLI's corpus-wide [`group`].
pub fn text_candidates(text: &str, catalogue: &Catalogue) -> Vec<Sighting> {
    let mut out = Vec::new();
    for (line_no, (_, line)) in super::document::lines(text).enumerate() {
        if !has_upper(line) {
            continue;
        }
        let markup = parse_line(line);
        let aliases = super::document::plain_aliases(line, &markup, catalogue);
        let mut found: Vec<Sighting> = line_candidates(line, &markup, &aliases, catalogue)
            .into_iter()
            .map(|c| Sighting {
                name: c.span.of(line).to_string(),
                kind: kinds::of_found_name(line, c.span, c.kind, c.titled),
                // (`the Hutton inquiry`: its leader, a person as sure as after a title.)
                titled: c.titled || kinds::leads_inquiry(c.span.of(line), &line[..c.span.start], &line[c.span.end..]),
                confirmed: c.confirmed,
                line: line_no,
                span: c.span,
                after_of: line[..c.span.start].ends_with("of "),
                personal: kinds::person_only_cue(c.span.of(line), &line[..c.span.start], &line[c.span.end..]),
            })
            .collect();
        // `Theresa May`, `Mrs May`: a month after a given name or a title is a surname.
        for (span, titled) in variants::month_surnames(line) {
            let covered = markup.markup_spans().chain(aliases.iter().map(|a| a.span)).any(|m| m.overlaps(span));
            if covered {
                continue;
            }
            let sighting = Sighting {
                name: span.of(line).to_string(),
                kind: Kind::Person,
                titled,
                confirmed: true,
                line: line_no,
                span,
                after_of: false,
                personal: false,
            };
            match found.iter_mut().find(|s| s.span.overlaps(span)) {
                // The given name alone (`Theresa`) becomes the whole name.
                Some(s) if s.span.start == span.start && s.span.end < span.end => *s = sighting,
                Some(_) => {}
                None => found.push(sighting),
            }
        }
        found.sort_by_key(|s| s.span.start);
        out.extend(found);
    }
    out
}

/// A candidate seen in a document, with its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sighting {
    pub name: String,
    pub kind: Kind,
    pub titled: bool,
    pub confirmed: bool,
    /// 0-based line number.
    pub line: usize,
    /// The name's span on its line.
    pub span: Span,
    /// The line has `of ` right before the name (`governor of Alaska Sarah Palin`).
    pub after_of: bool,
    /// A cue only a person gets came with it ([`kinds::person_only_cue`]: `president Chakrapani`, `Sergey said he`).
    pub personal: bool,
}

/// Where a grouped candidate was seen: the document (an index given to
/// [`group`]), the 0-based line, the span on the line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Seen {
    pub document: usize,
    pub line: usize,
    pub span: Span,
    /// Seen where capitals are evidence of a name (the sighting's `confirmed`).
    pub confirmed: bool,
}

/// One candidate across documents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub name: String,
    pub kind: Kind,
    /// Every other form seen (a surname, an all-caps form), most frequent first.
    pub variants: Vec<String>,
    /// Every occurrence, in document and line order.
    pub occurrences: Vec<Seen>,
    /// How many distinct documents.
    pub documents: usize,
    /// How many distinct documents have it where capitals are evidence of a
    /// name (mid-sentence, after a title, possessive: the finder's `confirmed`).
    pub confirmed_documents: usize,
    /// How many of its occurrences are confirmed.
    pub confirmed_count: usize,
    /// A title or role came before it somewhere.
    pub titled: bool,
    /// A person's surname when it is safe as an alias across the corpus
    /// ([`variants::surname_alias`]): no other person shares it, and it is no
    /// place, month or given name of another.
    pub surname_alias: Option<String>,
}

impl Candidate {
    /// The aliases a new catalogue entry gets: the variants (an all-caps form
    /// too: a dateline's `BRUSSELS` is a name the finder reports) that may be
    /// aliases ([`variants::may_be_alias`]), and a person's safe surname.
    pub fn aliases(&self) -> Vec<String> {
        // (An all-caps form is exact-case, so `NAVALNY` never matches a month or a place written in running text.)
        let ok = |v: &String| is_all_caps(v) || variants::may_be_alias(v);
        let mut out: Vec<String> = self.variants.iter().filter(|v| ok(v)).cloned().collect();
        if let Some(surname) = &self.surname_alias
            && !out.contains(surname)
        {
            out.push(surname.clone());
        }
        out
    }
}

/// Groups sightings from several documents (`(document index, sighting)`)
/// into candidates, most occurrences first (then by name). Unconfirmed
/// sightings count only with a confirmed sighting of the same name (case
/// aside). A one-word name joins the one person's name of several words
/// ending in it as a variant (`Straw` → `Jack Straw`); when two persons'
/// names end in it (`Charles Clarke`, `Kenneth Clarke`) it is left out,
/// nobody's variant and no candidate of its own; a place or a name in its own
/// right never joins ([`variants::joins`]). Only a one-word name joins, so a
/// role left before a name is never glued back on; and a name that is a
/// person's full name with words before it (`Shadow Home Secretary David
/// Davis` beside `David Davis`) is taken as that person with a role.
pub fn group(sightings: impl IntoIterator<Item = (usize, Sighting)>) -> Vec<Candidate> {
    #[derive(Default)]
    struct Acc {
        forms: Vec<(String, usize)>,
        kinds: [usize; Kind::ALL.len()],
        caps_kinds: [usize; Kind::ALL.len()],
        titled: bool,
        personal: bool,
        confirmed: bool,
        confirmed_documents: Vec<usize>,
        confirmed_count: usize,
        seen: Vec<Seen>,
    }
    let mut by_key: HashMap<String, Acc> = HashMap::default();
    let mut order: Vec<String> = Vec::new();
    for (document, s) in sightings {
        let key = s.name.to_lowercase();
        let acc = by_key.entry(key.clone()).or_insert_with(|| {
            order.push(key);
            Acc::default()
        });
        match acc.forms.iter_mut().find(|(f, _)| *f == s.name) {
            Some((_, n)) => *n += 1,
            None => acc.forms.push((s.name.clone(), 1)),
        }
        // An all-caps form (a headline's `NAVALNY`) votes only when no other form does.
        if is_all_caps(&s.name) {
            acc.caps_kinds[s.kind as usize] += 1;
        } else {
            acc.kinds[s.kind as usize] += 1;
        }
        acc.titled |= s.titled;
        acc.personal |= s.personal;
        acc.confirmed |= s.confirmed;
        if s.confirmed && !acc.confirmed_documents.contains(&document) {
            acc.confirmed_documents.push(document);
        }
        acc.confirmed_count += usize::from(s.confirmed);
        acc.seen.push(Seen { document, line: s.line, span: s.span, confirmed: s.confirmed });
    }
    let kind_of = |acc: &Acc| -> Kind {
        if acc.titled {
            return Kind::Person;
        }
        // `British`, `Tory`, `Muslims`: a people or a faith, whatever the words around said.
        if acc.forms.first().is_some_and(|(f, _)| kinds::names_a_group(f)) {
            return Kind::Other;
        }
        let votes = if acc.kinds.iter().any(|&n| n > 0) { &acc.kinds } else { &acc.caps_kinds };
        let voted = Kind::ALL
            .into_iter()
            .filter(|&k| k != Kind::Other && votes[k as usize] > 0)
            .max_by_key(|&k| (votes[k as usize], std::cmp::Reverse(k)))
            .unwrap_or(Kind::Other);
        let name = acc.forms.first().map_or("", |(f, _)| f.as_str());
        kinds::settle_vote(name, voted, votes)
    };
    // The name of a key: its most frequent form, running-text case first.
    let display = |key: &str, acc: &Acc| -> String {
        acc.forms
            .iter()
            .filter(|(f, _)| f.to_lowercase() == key)
            .max_by_key(|(f, n)| (!is_all_caps(f), *n))
            .map(|(f, _)| f.clone())
            .expect("the key has a form")
    };
    let names: HashMap<String, String> = order.iter().map(|k| (k.clone(), display(k, &by_key[k]))).collect();
    // `Graham Lane` beside `Mr Lane` (`Lane` a street's head word): a given name and
    // a last word that a title makes a person's surname elsewhere is a person.
    let titled_person = |key: &str| -> bool {
        let Some((first, last)) =
            names[key].split_once(' ').map(|(f, _)| (f, names[key].rsplit(' ').next().unwrap_or("")))
        else {
            return false;
        };
        // (`Marshall Plan`: a word only common is no surname.)
        crate::analysis::names::gazetteer::is_given_name(first)
            && super::names::lexicon::common(last) != super::names::lexicon::Common::Only
            && by_key.get(&last.to_lowercase()).is_some_and(|a| a.titled && kind_of(a) == Kind::Person)
    };
    let person_key = |key: &str| kind_of(&by_key[key]) == Kind::Person || titled_person(key);
    // Persons of several words, confirmed: who owns which surname.
    let persons: Vec<&str> = order
        .iter()
        .filter(|k| k.contains(' ') && by_key[*k].confirmed && person_key(k))
        .map(|k| names[k].as_str())
        .collect();
    let owners = variants::surname_owners(persons.iter().copied());
    // A role the finder left before a person's name seen alone elsewhere
    // (`Shadow Home Secretary David Davis` beside `David Davis`): the sightings
    // go to the person, the glued form is no name of its own (nor an alias).
    let person_keys: rustc_hash::FxHashSet<String> = persons.iter().map(|p| p.to_lowercase()).collect();
    let mut unglued: Vec<(String, String)> = Vec::new();
    for key in order.iter().filter(|k| k.matches(' ').count() >= 2) {
        let person = key
            .match_indices(' ')
            .map(|(i, _)| &key[i + 1..])
            .find(|tail| tail.contains(' ') && person_keys.contains(*tail));
        if let Some(person) = person {
            unglued.push((key.clone(), person.to_string()));
        }
    }
    let first_words: rustc_hash::FxHashSet<&str> = order
        .iter()
        .filter(|k| k.contains(' ') && by_key[*k].confirmed)
        .filter_map(|k| names[k].split(' ').next())
        .collect();
    let mut merges: Vec<(String, String)> = Vec::new();
    let mut shared: Vec<String> = Vec::new();
    let mut word_kinds: HashMap<String, Kind> = HashMap::default();
    // Every word of a person's full name, and the parts of double-barrelled surnames (looked up once a word).
    let person_words: rustc_hash::FxHashSet<&str> = persons.iter().flat_map(|p| p.split([' ', '-'])).collect();
    let barrelled: rustc_hash::FxHashSet<&str> = persons
        .iter()
        .filter_map(|p| p.rsplit(' ').next().filter(|l| l.contains('-')))
        .flat_map(|l| l.split('-'))
        .collect();
    for key in order.iter().filter(|k| !k.contains(' ')) {
        let name = names[key].as_str();
        let own = Some(kind_of(&by_key[key])).filter(|&k| k != Kind::Other);
        // `Mrs May`: a month is a surname only after a title; never a name alone.
        if variants::is_month_or_weekday(name) {
            match owners.get(name).map(Vec::as_slice) {
                Some([full]) => merges.push((key.clone(), full.to_lowercase())),
                _ => shared.push(key.clone()),
            }
            continue;
        }
        // `Mr Hague`, `Livingstone said`: a surname that is also a place joins its one
        // person only with evidence of a person (it is never made an alias: [`Candidate::aliases`]).
        let acc = &by_key[key];
        let person = acc.titled || acc.kinds[Kind::Person as usize] > acc.kinds[Kind::Place as usize];
        // `Tomlinson` beside `Mike Tomlinson` alone: the surname of the corpus's one such person;
        // `Defra said`, never a full name nor a title: a body, not a person.
        // (`Kilroy` of `Robert Kilroy-Silk`: a part of one person's double-barrelled surname.)
        // (`Whigs` beside `Whig`: the plural of a name of the corpus names its people, no surname.)
        let plural = key.strip_suffix('s').is_some_and(|one| by_key.contains_key(one));
        let owned =
            if plural { 0 } else { owners.get(name).map_or(0, Vec::len).max(usize::from(barrelled.contains(name))) };
        // (`Saddam` of `Saddam Hussein`: a word of a person's name is never a body's.)
        let of_person = person_words.contains(name);
        let word_kind = kinds::one_word_kind(name, owned, of_person, kind_of(acc), acc.titled || acc.personal);
        if let Some(kind) = word_kind {
            word_kinds.insert(key.clone(), kind);
        }
        let person = (person && word_kind.is_none()) || word_kind == Some(Kind::Person);
        let own = if person { Some(Kind::Person) } else { word_kind.or(own) };
        match variants::joins(name, own, person, &owners) {
            Some(full) => merges.push((key.clone(), full.to_lowercase())),
            None if matches!(own, None | Some(Kind::Person))
                && variants::may_be_alias(name)
                && owners.get(name).is_some_and(|o| o.len() > 1) =>
            {
                shared.push(key.clone());
            }
            None => {}
        }
    }
    let surname_aliases: HashMap<String, String> = persons
        .iter()
        .filter_map(|full| {
            let alias = variants::surname_alias(full, &owners, &|w| first_words.contains(w))?;
            Some((full.to_lowercase(), alias.to_string()))
        })
        .collect();
    for key in shared {
        by_key.remove(&key);
    }
    for (from, into) in unglued {
        let Some(from) = by_key.remove(&from) else { continue };
        if let Some(into) = by_key.get_mut(&into) {
            into.titled = true;
            into.seen.extend(from.seen);
        }
    }
    for (from, into) in merges {
        let from = by_key.remove(&from).expect("a key of the map");
        let into = by_key.get_mut(&into).expect("a key of the map");
        // The variant's forms go after the full name's forms.
        into.forms.extend(from.forms);
        into.titled |= from.titled;
        into.personal |= from.personal;
        into.confirmed_documents.extend(from.confirmed_documents);
        into.confirmed_count += from.confirmed_count;
        into.seen.extend(from.seen);
    }
    let mut out: Vec<Candidate> = order
        .iter()
        .filter_map(|key| {
            let acc = by_key.get(key)?;
            if !acc.confirmed {
                return None;
            }
            let kind = word_kinds.get(key).copied().unwrap_or_else(|| kind_of(acc));
            let kind = if kind != Kind::Person && key.contains(' ') && person_keys.contains(key) {
                Kind::Person
            } else {
                kind
            };
            let name = names[key].clone();
            let mut forms: Vec<&(String, usize)> = acc.forms.iter().filter(|(f, _)| *f != name).collect();
            forms.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
            let variants = forms.into_iter().map(|(f, _)| f.clone()).collect();
            let mut seen = acc.seen.clone();
            seen.sort_unstable();
            let mut documents: Vec<usize> = seen.iter().map(|s| s.document).collect();
            documents.dedup();
            let surname_alias = surname_aliases.get(key).cloned().filter(|_| kind == Kind::Person);
            let mut confirmed_documents = acc.confirmed_documents.clone();
            confirmed_documents.sort_unstable();
            confirmed_documents.dedup();
            Some(Candidate {
                name,
                kind,
                variants,
                occurrences: seen,
                documents: documents.len(),
                confirmed_documents: confirmed_documents.len(),
                confirmed_count: acc.confirmed_count,
                titled: acc.titled,
                surname_alias,
            })
        })
        .collect();
    // `Liberal Democrat` beside the party `Liberal Democrats`: a member, or an adjective
    // (but a clipped form, `Lib Dem` beside `Lib Dems`, is the party's short name).
    let organisations: rustc_hash::FxHashSet<String> =
        out.iter().filter(|c| c.kind == Kind::Organization).map(|c| c.name.to_lowercase()).collect();
    let clipped = |name: &str| name.rsplit(' ').next().is_some_and(|w| !super::names::lexicon::is_common(w));
    for c in out.iter_mut() {
        if !c.titled
            && c.kind != Kind::Person
            && !clipped(&c.name)
            && organisations.contains(&format!("{}s", c.name.to_lowercase()))
        {
            c.kind = Kind::Other;
        }
    }
    out.sort_by(|a, b| b.occurrences.len().cmp(&a.occurrences.len()).then_with(|| a.name.cmp(&b.name)));
    out
}

/// The candidates of several texts at once, grouped (tests, and small corpora).
pub fn candidates_of_texts<'a>(texts: impl IntoIterator<Item = &'a str>, catalogue: &Catalogue) -> Vec<Candidate> {
    let texts: Vec<&str> = texts.into_iter().collect();
    let sightings = texts
        .iter()
        .enumerate()
        .flat_map(|(d, text)| text_candidates(text, catalogue).into_iter().map(move |s| (d, s)))
        .collect();
    corpus_candidates(sightings, texts.iter().copied())
}

/// The candidates of a corpus, for `candidates` and `init`: the sightings of
/// its `texts` (`(document index, sighting)`) cut with corpus-wide evidence
/// ([`refine`]), grouped ([`group`]), and the common words among them
/// dropped ([`drop_common_words`]).
pub fn corpus_candidates<'a>(
    sightings: Vec<(usize, Sighting)>,
    texts: impl IntoIterator<Item = &'a str> + Clone,
) -> Vec<Candidate> {
    let mut out = group(refine(sightings));
    drop_fragments(&mut out, texts.clone());
    drop_common_words(&mut out, texts.clone());
    let texts: Vec<&str> = texts.into_iter().collect();
    junk::drop_junk(&mut out, &texts);
    junk::drop_place_aliases(&mut out, &texts);
    out
}

/// Drops a name that starts with a common word (or is one) and is, at every
/// occurrence, a piece of a longer name the finder cut at a connector:
/// - after a capitalised word and `of`, `for` or `Against` (`Cruel Sports`
///   of `League Against Cruel Sports`, `Public Prosecutions` of `Director of
///   Public Prosecutions`);
/// - in a list of capitalised words (`Media` of `Culture, Media and Sport`);
/// - before `with` and a capitalised word (`Breakfast` of `Breakfast with Frost`);
/// - any name, always right after a word that makes a longer name of the
///   corpus with it (`Cymru` of `Plaid Cymru's`, its opener cut off).
pub fn drop_fragments<'a>(candidates: &mut Vec<Candidate>, texts: impl IntoIterator<Item = &'a str>) {
    use super::names::lexicon::{Common, common};
    let suspect = |c: &Candidate| {
        let first = c.name.split(' ').next().unwrap_or("");
        !c.titled && (common(first) == Common::Only || (!c.name.contains(' ') && common(first) != Common::No))
    };
    let names: rustc_hash::FxHashSet<String> = candidates.iter().map(|c| c.name.to_lowercase()).collect();
    let lines: Vec<Vec<&str>> =
        texts.into_iter().map(|t| super::document::lines(t).map(|(_, l)| l).collect()).collect();
    let capitalised_last = |b: &str| b.trim_end().rsplit(' ').next().is_some_and(|w| w.starts_with(char::is_uppercase));
    let inside = |o: &Seen| -> bool {
        let Some(line) = lines.get(o.document).and_then(|l| l.get(o.line)) else { return false };
        let (before, after) = (&line[..o.span.start], &line[o.span.end..]);
        let after_connector =
            ["of ", "for ", "Against "].iter().any(|c| before.strip_suffix(c).is_some_and(capitalised_last));
        let then = |c: &str| after.strip_prefix(c).is_some_and(|a| a.starts_with(char::is_uppercase));
        // (Not a list of places: `Eastbourne, Isle of Wight, Wells`.)
        let in_list = before.strip_suffix(", ").is_some_and(capitalised_last)
            && (then(" and ") || then(", "))
            && super::names::gazetteer::place(o.span.of(line)).is_none()
            && kinds::head_kind(o.span.of(line)) != Some(Kind::Place);
        after_connector || in_list || then(" with ") || then(" With ") || then(" Against ")
    };
    // (An occurrence opening a sentence says nothing either way.)
    let fragment = |c: &Candidate| {
        let mut confirmed = c.occurrences.iter().filter(|o| o.confirmed).peekable();
        confirmed.peek().is_some() && confirmed.all(inside)
    };
    // `Cymru` of `Plaid Cymru's` (its opener cut off): always after the word that
    // makes a longer name of the corpus with it.
    let after_its_word = |c: &Candidate, o: &Seen| -> bool {
        let Some(line) = lines.get(o.document).and_then(|l| l.get(o.line)) else { return false };
        let Some(before) = line[..o.span.start].strip_suffix(' ') else { return false };
        let word = before.rsplit(' ').next().unwrap_or("");
        word.starts_with(char::is_uppercase) && names.contains(&format!("{word} {}", c.name).to_lowercase())
    };
    // `Swansea Unite` of `Swansea Unite Against Fascism`: always cut before `Against`.
    let before_against = |o: &Seen| {
        lines.get(o.document).and_then(|l| l.get(o.line)).is_some_and(|l| l[o.span.end..].starts_with(" Against "))
    };
    let piece = |c: &Candidate| {
        (suspect(c) && fragment(c))
            || c.occurrences.iter().all(|o| after_its_word(c, o))
            || c.occurrences.iter().all(before_against)
    };
    candidates.retain(|c| !piece(c));
}

/// Corpus-wide cuts of what the finder saw on one line, each one with
/// evidence from elsewhere in the corpus (a name "seen alone" is one seen
/// confirmed as a whole name somewhere):
/// - **a role before a name** (`Rt Rev Michael Scott-Joynt`, `Green MEP
///   Caroline Lucas`, `Commons Oliver Heald`, `Farmer Geoff Brooks`): what
///   follows the last role word, or a given name after a common word or a
///   name seen alone, is the name, with a title (a person); a name seen
///   alone before it (`Commons`) stays a sighting of its own;
/// - **a common word before or a role after a name** (`Former Downing
///   Street` seen once, `Labour MP`): cut off when the rest is a name seen
///   alone (and the whole has no head word: `Law Lords`);
/// - **two names run together in a headline** (`EU China arms ban`,
///   `Blunkett Sheffield trip`), seen once: two sightings, when each part is
///   a name seen alone and no common word, and the whole is no person's name
///   (in running text `BBC Scotland` is one name).
pub fn refine(sightings: Vec<(usize, Sighting)>) -> Vec<(usize, Sighting)> {
    let mut seen: HashMap<String, usize> = HashMap::default();
    let mut alone: rustc_hash::FxHashSet<String> = rustc_hash::FxHashSet::default();
    for (_, s) in &sightings {
        let key = s.name.to_lowercase();
        *seen.entry(key.clone()).or_default() += 1;
        if s.confirmed {
            alone.insert(key);
        }
    }
    let mut out = Vec::with_capacity(sightings.len());
    for (d, s) in sightings {
        let parts = cut_sighting(&s, &|name: &str| alone.contains(&name.to_lowercase()), seen[&s.name.to_lowercase()]);
        // (Short role words left alone, `Rt` of `Rt Rev Michael Scott-Joynt`, name nobody;
        // `Major` and `Lord` may be surnames.)
        let only_roles =
            |p: &Sighting| p.name.split(' ').all(|w| kinds::is_role_word(w) && w.trim_end_matches('.').len() <= 3);
        out.extend(parts.into_iter().filter(|p| !only_roles(p)).map(|p| (d, p)));
    }
    out
}

/// [`refine`] for one sighting: `alone` tells a name seen alone, `count` is
/// how often this sighting's name is seen in the corpus.
fn cut_sighting(s: &Sighting, alone: &dyn Fn(&str) -> bool, count: usize) -> Vec<Sighting> {
    use super::names::gazetteer;
    use super::names::lexicon::{Common, common, is_common};
    let mut words: Vec<(usize, &str)> = Vec::new();
    let mut at = 0;
    for w in s.name.split(' ') {
        if !w.is_empty() {
            words.push((at, w));
        }
        at += w.len() + 1;
    }
    // `Ex-Downing Street`, `Ex-Labour`: a status prefix before a name is no part of it.
    if let Some(rest) = s.name.strip_prefix("Ex-").or_else(|| s.name.strip_prefix("ex-"))
        && rest.starts_with(char::is_uppercase)
    {
        let cut = Sighting { name: rest.to_string(), span: Span::new(s.span.start + 3, s.span.end), ..s.clone() };
        let cut = Sighting {
            kind: if s.titled {
                Kind::Person
            } else {
                kinds::guess(rest, kinds::Evidence::default()).unwrap_or(Kind::Other)
            },
            ..cut
        };
        return cut_sighting(&cut, alone, count);
    }
    if words.len() < 2 {
        return vec![s.clone()];
    }
    // The sighting of words `from..to`, with the title evidence given.
    let part = |from: usize, to: usize, titled: bool| -> Sighting {
        let start = words[from].0;
        let end = words[to - 1].0 + words[to - 1].1.len();
        let name = s.name[start..end].to_string();
        let kind =
            if titled { Kind::Person } else { kinds::guess(&name, kinds::Evidence::default()).unwrap_or(Kind::Other) };
        Sighting {
            name,
            kind,
            titled,
            confirmed: s.confirmed,
            line: s.line,
            span: Span::new(s.span.start + start, s.span.start + end),
            after_of: s.after_of && from == 0,
            personal: s.personal,
        }
    };
    let text = |from: usize, to: usize| -> &str {
        let (start, end) = (words[from].0, words[to - 1].0 + words[to - 1].1.len());
        &s.name[start..end]
    };
    let capitalised = |w: &str| w.starts_with(char::is_uppercase);
    let n = words.len();
    // A role before a name.
    for i in (1..n).rev() {
        let prev = words[i - 1].1;
        let tail = &words[i..];
        // (`Sunday with Adam Boulton`: a title's connector, no role.)
        if tail.len() > 3
            || matches!(prev, "with" | "the")
            || !tail.iter().all(|(_, w)| capitalised(w) && !kinds::is_role_word(w))
        {
            continue;
        }
        let tail_text = text(i, n);
        // (`Association of Chief Police Officers`, `Nairobi Serena Hotel`: common words make no person.)
        // (But a given name makes one: `MEP Gerard Batten`.)
        let given_first = tail.len() == 2
            && gazetteer::is_given_name(tail[0].1)
            && (kinds::is_role_word(prev) || alone(text(0, i)) || kinds::names_a_group(prev));
        if !given_first && tail.iter().any(|(_, w)| common(w) == Common::Only) {
            continue;
        }
        let tail_kind = kinds::guess(tail_text, kinds::Evidence::default());
        let after_role = kinds::is_role_word(prev)
            && matches!(tail_kind, None | Some(Kind::Person))
            && (tail.len() > 1 || (!is_common(tail_text) && gazetteer::place(tail_text).is_none()));
        // (`Prime Minister of India Narendra Modi`, `governor of Alaska Sarah Palin`: a place
        // after `of` — not `Victoria Louise Smith`, `Chad Michael Murray`, whose given names the
        // list lacks; `Whistleblower Edward Snowden`: an agent noun the lexicon lacks.)
        let place_before = s.after_of && gazetteer::place(text(0, i)) == Some(gazetteer::Place::Major);
        let given_after_word = tail.len() >= 2
            && gazetteer::is_given_name(tail[0].1)
            && !gazetteer::is_given_name(prev)
            && (is_common(prev)
                || alone(text(0, i))
                || kinds::names_a_group(prev)
                || place_before
                || (i == 1 && is_agent_noun(prev)))
            && tail_kind == Some(Kind::Person);
        if after_role || given_after_word {
            let mut out = Vec::new();
            let head = text(0, i);
            if !after_role && (alone(head) || place_before) && !(i == 1 && common(head) == Common::Only) {
                out.push(part(0, i, false));
            }
            out.push(part(i, n, true));
            return out;
        }
    }
    // A common word before, or a role after, a name seen alone.
    let first = words[0].1;
    let status = STATUS_WORDS.contains(&first.to_lowercase().as_str());
    // (`Euro-Sceptic Kilroy-Silk`: a compound ending in a common word is one.)
    let common_word = |w: &str| {
        common(w) == Common::Only || w.rsplit_once(['-', '–']).is_some_and(|(_, tail)| common(tail) == Common::Only)
    };
    let plain_common =
        count == 1 && common_word(first) && !kinds::is_name_modifier(first) && kinds::head_kind(&s.name).is_none();
    if capitalised(first) && !kinds::is_role_word(first) && (status || plain_common) && alone(text(1, n)) {
        return vec![part(1, n, s.titled)];
    }
    let last = words[n - 1].1;
    // (A post-nominal only: `Major` is a title word and a surname, `John Major`.)
    if super::names::finder::is_post_nominal(last) && !s.titled && alone(text(0, n - 1)) {
        return vec![part(0, n - 1, false)];
    }
    // Two names run together in a headline (`Blunkett Sheffield trip`, `EU China arms ban`), seen once.
    let name_alone = |from: usize, to: usize| {
        let t = text(from, to);
        alone(t) && (to - from > 1 || is_all_caps(t) || common(t) != Common::Only)
    };
    if count == 1
        && s.line == 0
        && !s.titled
        && gazetteer::place(&s.name).is_none()
        && kinds::guess(&s.name, kinds::Evidence::default()) != Some(Kind::Person)
        && let Some(j) = (1..n).find(|&j| name_alone(0, j) && name_alone(j, n))
    {
        return vec![part(0, j, false), part(j, n, false)];
    }
    vec![s.clone()]
}

/// A capitalised agent noun that no list holds (`Whistleblower`, `Podcaster`):
/// a compound of two words of the lexicon, the second ending in `-er`, `-or`
/// or `-ist` (`whistle` + `blower`, `pod` + `caster`; not `Walther`), that is
/// no given name or place — a role before a given name and a surname.
fn is_agent_noun(word: &str) -> bool {
    use super::names::gazetteer;
    use super::names::lexicon::is_common;
    let lower = word.to_ascii_lowercase();
    let agent = ["er", "or", "ist"].iter().any(|e| lower.ends_with(e));
    let compound = (3..lower.len().saturating_sub(3))
        .any(|k| lower.is_char_boundary(k) && is_common(&lower[..k]) && is_common(&lower[k..]));
    agent
        && word.chars().skip(1).all(|c| c.is_ascii_lowercase())
        && compound
        && !gazetteer::is_given_name(word)
        && gazetteer::place(word).is_none()
}

/// Words of time or status before a role or a name (`Former Tory`, `Ex-Labour`,
/// `Acting`): never the start of a name seen alone after them.
const STATUS_WORDS: [&str; 10] =
    ["former", "ex", "then", "late", "outgoing", "acting", "incoming", "retiring", "veteran", "erstwhile"];

/// Corpus-wide evidence against one-word names that are common words (and
/// against a compound that ends in one, `X-rays`, `US-friendly`):
/// - a word the lexicon knows only as a common word (never as a name) that
///   the corpus also writes in lower case (`the campaign`, `a general
///   election`) is a common word wherever it is capitalised (`Campaign for
///   Borders Rail`, `the General Election`), even when a title seemed to make
///   it a person (`General Election`);
/// - any other (`Century`, `Millennium`, `Draconian`: capitalised only where
///   they open a sentence or a headline, or in a name the finder cut short;
///   `Rock`, `Valley`, common words and names both) needs evidence of a name
///   of its own: a title before it, the gazetteer (a place or a given name),
///   an organisation known by one word, or a capital mid-sentence in at
///   least two documents or three times (`Labour`, `Commons`, `Borders`,
///   `Cabinet`, `Lords`); but a word the corpus writes in lower case that
///   ends two documents' names or more (`the Bill` beside `Gambling Bill` and
///   `Children Bill`) stands for one of them, and is no name of its own.
pub fn drop_common_words<'a>(candidates: &mut Vec<Candidate>, texts: impl IntoIterator<Item = &'a str>) {
    use super::names::gazetteer;
    use super::names::lexicon::{Common, common};
    // `X-rays`, `US-friendly`, `U-turns`: a compound ending in a lower-case common word.
    candidates.retain(|c| {
        let last = c.name.rsplit(' ').next().unwrap_or("");
        !last
            .rsplit_once('-')
            .is_some_and(|(_, tail)| tail.starts_with(char::is_lowercase) && common(tail) != Common::No)
    });
    let suspect = |c: &Candidate| !c.name.contains(' ') && !is_all_caps(&c.name) && common(&c.name) != Common::No;
    let mut lower: rustc_hash::FxHashMap<String, usize> =
        candidates.iter().filter(|c| suspect(c)).map(|c| (c.name.to_lowercase(), 0)).collect();
    if lower.is_empty() {
        return;
    }
    for text in texts {
        for word in text.split(|c: char| !c.is_alphabetic()) {
            if word.starts_with(|c: char| c.is_lowercase())
                && let Some(seen) = lower.get_mut(word)
            {
                *seen += 1;
            }
        }
    }
    // How many documents' names end in each word (`Bill`: `Gambling Bill`, `Children Bill`).
    let mut heads: rustc_hash::FxHashMap<String, usize> = rustc_hash::FxHashMap::default();
    for c in candidates.iter().filter(|c| c.kind == Kind::Document) {
        if let Some((_, last)) = c.name.rsplit_once(' ') {
            *heads.entry(last.to_lowercase()).or_default() += 1;
        }
    }
    let keep = |c: &Candidate| -> bool {
        if !suspect(c) {
            return true;
        }
        let lower_count = lower.get(&c.name.to_lowercase()).copied().unwrap_or(0);
        let written_lower = lower_count > 0;
        let often = c.confirmed_documents >= 2 || c.confirmed_count >= 3;
        let place = gazetteer::place(&c.name).is_some() || c.kind == Kind::Place;
        // (`Labour` mid-sentence in many documents beside a `labour market` or two is a name.)
        let mostly_capitalised = c.confirmed_documents >= 3 && c.confirmed_count >= 4 * lower_count;
        if common(&c.name) == Common::Only && written_lower && !mostly_capitalised {
            return false;
        }
        // `the Bill`, `the Act`: the head of other names, standing for one of them.
        let head_of_names = heads.get(&c.name.to_lowercase()).is_some_and(|&n| n >= 2);
        if written_lower && head_of_names {
            return false;
        }
        c.titled
            || place
            || gazetteer::is_given_name(&c.name)
            || kinds::guess(&c.name, kinds::Evidence::default()) == Some(Kind::Organization)
            || often
    };
    candidates.retain(keep);
}

/// An upper-case letter somewhere (ASCII first: most lines are). The bytes
fn is_all_caps(s: &str) -> bool {
    let mut letters = s.chars().filter(|c| c.is_alphabetic());
    letters.clone().count() >= 2 && letters.all(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fixture::catalogue;

    const CATALOGUE: &str = r#"{"entities": [
        {"id": "antony-blinken", "name": "Antony Blinken", "kind": "person", "aliases": ["Blinken", "Mr. Blinken"]},
        {"id": "china", "name": "China", "kind": "place"}
    ], "tags": [], "ignore": ["Press Briefing"]}"#;

    #[test]
    fn grouping_variants() {
        let cat = catalogue(CATALOGUE);
        let a = "Aleksey Navalny died in prison.\nNavalny’s widow spoke. Officials blamed Navalny’s jailers.";
        let b = "NAVALNY LIVES\nThe team of Aleksey Navalny said so. Nothing came from Rome. Valuing peace.";
        let got = candidates_of_texts([a, b], &cat);
        let names: Vec<(&str, usize, usize)> =
            got.iter().map(|c| (c.name.as_str(), c.occurrences.len(), c.documents)).collect();
        // `Valuing` starts a sentence only (a common word); the headline's `NAVALNY` is no common word.
        assert_eq!(names, [("Aleksey Navalny", 5, 2), ("Rome", 1, 1)]);
        assert_eq!(got[0].variants, ["Navalny", "NAVALNY"]);
        // A given name first: a person, whose surname is its alias.
        assert_eq!(got[0].kind, Kind::Person);
        assert_eq!(got[0].aliases(), ["Navalny", "NAVALNY"]);
        assert_eq!(got[1].kind, Kind::Place);
    }

    fn grouped(texts: &[&str]) -> Vec<(String, Kind, Vec<String>)> {
        let cat = catalogue(r#"{"entities": [], "tags": []}"#);
        candidates_of_texts(texts.iter().copied(), &cat)
            .into_iter()
            .map(|c| (c.name.clone(), c.kind, c.aliases()))
            .collect()
    }

    #[test]
    fn a_one_word_name_that_speaks_as_a_person_is_no_body() {
        // `Zorbex said` with no title and no full name is a body; `president Zorbani` and
        // `Zorgey said he` are people.
        let got = grouped(&[
            "Later Zorbex said the plan was dead. Zorbex said so again.",
            "At the event, ABHM president Zorbani said the virus had come. Later Zorbani said more.",
            "However Zorgey said he would not comment. Zorgey said the rules were clear.",
        ]);
        let kind = |n: &str| got.iter().find(|(name, ..)| name == n).map(|g| g.1);
        assert_eq!(kind("Zorbex"), Some(Kind::Organization), "{got:?}");
        assert_eq!(kind("Zorbani"), Some(Kind::Person), "{got:?}");
        assert_eq!(kind("Zorgey"), Some(Kind::Person), "{got:?}");
    }

    #[test]
    fn a_surname_a_title_makes_a_persons_joins_its_full_name() {
        // `Lane` is a street's head word, but `Mr Lane` makes `Graham Lane` a person.
        let got = grouped(&[
            "The view of Graham Lane, leader of the group, was dry. The problem, according to Mr Lane, is money.",
            "Later Mr Lane spoke again. The Marshall Plan for Ruritania was praised.",
        ]);
        let find = |n: &str| got.iter().find(|(name, ..)| name == n).cloned();
        assert!(find("Lane").is_none(), "{got:?}");
        assert_eq!(find("Graham Lane").unwrap(), ("Graham Lane".into(), Kind::Person, vec!["Lane".to_string()]));
    }

    #[test]
    fn a_home_town_is_nobodys_alias() {
        // `Malcolm Thorby, of Thorby`: a town no list holds, and a person's surname.
        let got = grouped(&[
            "It was as if he were coming round, said Malcolm Thorby, of Thorby, on Tuesday.",
            "Later Malcolm Thorby said so again. Ann Hollis agreed with Mrs Hollis.",
        ]);
        let find = |n: &str| got.iter().find(|(name, ..)| name == n).cloned();
        assert_eq!(find("Malcolm Thorby").unwrap().2, Vec::<String>::new(), "{got:?}");
        assert_eq!(find("Ann Hollis").unwrap().2, vec!["Hollis".to_string()], "{got:?}");
    }

    #[test]
    fn an_ex_prefix_is_no_part_of_a_name() {
        let got = grouped(&["Ex-Ravenhill Office chief Tom Tarrow spoke. The Ravenhill Office agreed."]);
        assert!(got.iter().any(|(n, ..)| n == "Ravenhill Office"), "{got:?}");
        assert!(!got.iter().any(|(n, ..)| n.starts_with("Ex-")), "{got:?}");
    }

    #[test]
    fn surnames_join_only_the_one_full_name() {
        let got = grouped(&[
            "Home Secretary Charles Clarke spoke. Former chancellor Kenneth Clarke did not.",
            "Later, Clarke said no. Jack Straw agreed and Straw left.",
        ]);
        let find = |n: &str| got.iter().find(|(name, ..)| name == n).cloned();
        // Two Clarkes: `Clarke` is nobody's alias and no entity of its own.
        assert!(find("Clarke").is_none(), "{got:?}");
        assert_eq!(find("Charles Clarke").unwrap().2, Vec::<String>::new());
        assert_eq!(find("Kenneth Clarke").unwrap().2, Vec::<String>::new());
        // One Straw: joined.
        assert!(find("Straw").is_none(), "{got:?}");
        assert_eq!(find("Jack Straw").unwrap(), ("Jack Straw".into(), Kind::Person, vec!["Straw".to_string()]));
    }

    #[test]
    fn a_role_glued_on_is_no_name() {
        let got = grouped(&["Shadow Home Secretary David Davis spoke.", "Later, David Davis left."]);
        assert_eq!(got, [("David Davis".into(), Kind::Person, vec!["Davis".to_string()])]);
    }

    #[test]
    fn places_are_nobodys_alias() {
        let got = grouped(&[
            "He spoke on Good Morning Wales about Wales and Northern Ireland. Later, Ireland voted.",
            "In Wales, the minister said so.",
        ]);
        for (name, _, aliases) in &got {
            assert!(!aliases.iter().any(|a| a == "Wales" || a == "Ireland"), "{name}: {aliases:?}");
        }
        let find = |n: &str| got.iter().find(|(name, ..)| name == n).cloned();
        assert_eq!(find("Wales").map(|c| c.1), Some(Kind::Place), "{got:?}");
        assert_eq!(find("Northern Ireland").map(|c| c.1), Some(Kind::Place), "{got:?}");
    }

    #[test]
    fn a_month_after_a_given_name_or_title_is_a_surname() {
        let got = grouped(&["The spokeswoman Theresa May said so in May. Mrs May left on Monday."]);
        let find = |n: &str| got.iter().find(|(name, ..)| name == n).cloned();
        let may = find("Theresa May").expect("Theresa May found");
        assert_eq!(may.1, Kind::Person);
        // `May` is a month elsewhere: no alias, and no entity of its own.
        assert!(may.2.is_empty(), "{may:?}");
        assert!(find("May").is_none(), "{got:?}");
    }

    #[test]
    fn a_common_word_written_in_lower_case_elsewhere_is_no_name() {
        let got = grouped(&[
            "Anne Borthwick, of Campaign for Borders Rail, spoke. Labour said the campaign would fail.",
            "Ministers met Labour leaders before the General Election. The election is close.",
        ]);
        let find = |n: &str| got.iter().find(|(name, ..)| name == n).cloned();
        // `campaign` and `election` are written in lower case in the corpus: common words.
        assert!(find("Campaign").is_none(), "{got:?}");
        assert!(find("Election").is_none(), "{got:?}");
        // `Labour` is never written `labour` here: a name, although a common word.
        assert!(find("Labour").is_some(), "{got:?}");
        // Capitalised mid-sentence in three documents or more, four times as often as in
        // lower case: a name (`Labour` beside one `labour market`).
        let got = grouped(&[
            "Ministers said Labour would win. The labour market is tight.",
            "Voters backed Labour again, and Labour said so.",
            "Critics said Labour had failed.",
        ]);
        assert!(got.iter().any(|(n, ..)| n == "Labour"), "{got:?}");
        // Without the lower-case `campaign`, the word needs evidence of its own: none here.
        let alone = grouped(&["Anne Borthwick, of Campaign for Borders Rail, spoke."]);
        assert!(!alone.iter().any(|(n, ..)| n == "Campaign"), "{alone:?}");
    }

    /// The names of `texts` (one document each) once grouped and pruned.
    fn names(texts: &[&str]) -> Vec<String> {
        grouped(texts).into_iter().map(|(n, ..)| n).collect()
    }

    #[test]
    fn a_common_word_never_in_lower_case_needs_evidence_of_a_name() {
        // Capitalised only where it opens a name the finder cut short, once: no name.
        let got = names(&["He spoke of the Draconian measures.", "Then Parliament met. Ministers met in Parliament."]);
        assert!(!got.iter().any(|n| n == "Draconian"), "{got:?}");
        // Mid-sentence in two documents: a name (`Parliament`, never written `parliament` here).
        let got = names(&["Ministers told Parliament so.", "The bill went to Parliament again."]);
        assert!(got.iter().any(|n| n == "Parliament"), "{got:?}");
        // Three times in one document will do too; and a title is evidence of its own.
        let got = names(&["The Borders vote. In the Borders, the Borders line reopened. Lord Justice spoke."]);
        assert!(got.iter().any(|n| n == "Borders"), "{got:?}");
    }

    /// The sightings [`refine`] makes of the last line of the first text, as `(name, titled)`.
    fn refined(texts: &[&str]) -> Vec<(String, bool)> {
        let cat = catalogue(r#"{"entities": [], "tags": []}"#);
        let last = texts[0].lines().count() - 1;
        let sightings = texts
            .iter()
            .enumerate()
            .flat_map(|(d, t)| text_candidates(t, &cat).into_iter().map(move |s| (d, s)))
            .collect();
        refine(sightings)
            .into_iter()
            .filter(|(d, s)| *d == 0 && s.line == last)
            .map(|(_, s)| (s.name, s.titled))
            .collect()
    }

    /// The marked spans of the fixture's line (`^` under each) are the names
    /// [`refine`] leaves there; `before` are the lines of its document before
    /// it (a headline first), `others` the corpus's other documents.
    #[track_caller]
    fn check_refined(before: &str, fixture: &str, others: &[&str]) {
        let (line, marks) = fixture.split_once('\n').expect("a fixture line and a marks line");
        let mut want = Vec::new();
        let mut start = None;
        for (i, c) in marks.char_indices().chain(std::iter::once((marks.len(), ' '))) {
            match (c, start) {
                ('^', None) => start = Some(i),
                (' ', Some(s)) => {
                    want.push(line[s..i].to_string());
                    start = None;
                }
                _ => {}
            }
        }
        let first = format!("{before}{line}");
        let texts: Vec<&str> = std::iter::once(first.as_str()).chain(others.iter().copied()).collect();
        let got: Vec<String> = refined(&texts).into_iter().map(|(n, _)| n).collect();
        assert_eq!(got, want, "in {line:?}");
    }

    /// A headline, so that the fixture's line is running text.
    const HEADLINE: &str = "Minister speaks\n\n";

    #[test]
    fn a_titles_connector_is_no_role() {
        // `with` before a given name is a programme's title, not a role before a person.
        check_refined(
            HEADLINE,
            "He told Sky News' Sunday with Adam Boulton so.\n\
             \u{20}       ^^^^^^^^  ^^^^^^^^^^^^^^^^^^^^^^^^",
            &[],
        );
    }

    #[test]
    fn a_role_before_a_name_is_cut_off() {
        // After the last role word (`Rev`, `MEP`): the name, with a title.
        check_refined(
            HEADLINE,
            "He met Rt Rev Michael Scott-Joynt there.\n\
             \u{20}             ^^^^^^^^^^^^^^^^^^^",
            &[],
        );
        // (The finder now cuts at the post-nominal itself: `Green`, the party, is a name of its own.)
        assert_eq!(
            refined(&["Minister speaks\n\nThen Green MEP Caroline Lucas spoke."]),
            [("Green".to_string(), false), ("Caroline Lucas".to_string(), true)]
        );
        // A given name after a common word, or after a name seen alone elsewhere (kept as a sighting).
        check_refined(
            HEADLINE,
            "Later Farmer Geoff Brooks and Commons Oliver Heald spoke.\n\
             \u{20}            ^^^^^^^^^^^^     ^^^^^^^ ^^^^^^^^^^^^",
            &["MPs in the Commons voted."],
        );
        // A place run into a person's name after `of`; an agent noun no list holds before one.
        check_refined(
            HEADLINE,
            "Then the governor of Alaska Sarah Palin spoke, and Whistleblower Edward Snowden agreed.\n\
             \u{20}                    ^^^^^^ ^^^^^^^^^^^                          ^^^^^^^^^^^^^^",
            &[],
        );
        // (A given name the list lacks is no place without `of`; a name in `-er` is no agent noun.)
        check_refined(
            HEADLINE,
            "Then the nurse Victoria Louise Smith met the banker Walther Karl Schmidt.\n\
             \u{20}              ^^^^^^^^^^^^^^^^^^^^^                ^^^^^^^^^^^^^^^^^^^^",
            &[],
        );
        // Common words make no person (`Chief` is a role, `Police Officers` no name).
        check_refined(
            HEADLINE,
            "He joined the Association of Chief Police Officers.\n\
             \u{20}             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^",
            &[],
        );
    }

    #[test]
    fn a_status_word_before_or_a_role_after_a_name_is_cut_off() {
        check_refined(
            HEADLINE,
            "A Former Downing Street aide said so.\n\
             \u{20}        ^^^^^^^^^^^^^^",
            &["He left Downing Street on Monday."],
        );
        // A role after a name (as the finder may leave it at a line's end): cut off when
        // the name is seen alone, not otherwise.
        let sighting = |name: &str| Sighting {
            name: name.to_string(),
            kind: Kind::Other,
            titled: false,
            confirmed: true,
            line: 2,
            span: Span::new(8, 8 + name.len()),
            after_of: false,
            personal: false,
        };
        let cut = |name: &str, alone: &dyn Fn(&str) -> bool| -> Vec<(String, Span)> {
            cut_sighting(&sighting(name), alone, 1).into_iter().map(|s| (s.name, s.span)).collect()
        };
        assert_eq!(cut("Edinburgh MSP", &|n| n == "Edinburgh"), [("Edinburgh".to_string(), Span::new(8, 17))]);
        assert_eq!(cut("Edinburgh MSP", &|_| false), [("Edinburgh MSP".to_string(), Span::new(8, 21))]);
        // A title word that is a surname too is no role after a name.
        assert_eq!(cut("John Major", &|n| n == "John"), [("John Major".to_string(), Span::new(8, 18))]);
        // A compound ending in a common word before a name seen alone is cut off.
        assert_eq!(
            cut("Euro-Sceptic Kilroy-Silk", &|n| n == "Kilroy-Silk"),
            [("Kilroy-Silk".to_string(), Span::new(21, 32))]
        );
    }

    #[test]
    fn two_names_run_together_in_a_headline_are_split() {
        let others = ["The EU and China met. Officials in China said so. The EU said no."];
        check_refined(
            "",
            "EU China arms ban to be lifted\n\
             ^^ ^^^^^",
            &others,
        );
        // In running text, one name (`EU China`, as `BBC Scotland`), however its parts are seen.
        check_refined(
            HEADLINE,
            "Then EU China talks began.\n\
             \u{20}    ^^^^^^^^",
            &others,
        );
    }

    #[test]
    fn a_fragment_of_a_longer_name_is_no_name() {
        let got = names(&[
            "The League Against Cruel Sports said so. Later the League Against Cruel Sports met.",
            "Ministers met the Director of Public Prosecutions.",
        ]);
        assert!(!got.iter().any(|n| n == "Cruel Sports" || n == "Public Prosecutions"), "{got:?}");
        // The head cut before `Against`, as the corpus-wide cuts leave it (seen in two
        // documents: evidence enough of a name, were it not always cut).
        let league = |d: usize, line: usize, start: usize| {
            let span = Span::new(start, start + 6);
            let s = Sighting {
                name: "League".into(),
                kind: Kind::Organization,
                titled: false,
                confirmed: true,
                line,
                span,
                after_of: false,
                personal: false,
            };
            (d, s)
        };
        let texts = ["But the League Against Cruel Sports said so.", "Then the League Against Cruel Sports met."];
        let sightings = vec![league(0, 0, 8), league(1, 0, 9)];
        let got: Vec<String> =
            corpus_candidates(sightings, texts.iter().copied()).into_iter().map(|c| c.name).collect();
        assert!(!got.iter().any(|n| n == "League"), "{got:?}");
        // Seen on its own once: kept.
        let got = names(&["The Director of Public Prosecutions spoke.", "Then Public Prosecutions staff met."]);
        assert!(got.iter().any(|n| n == "Public Prosecutions"), "{got:?}");
        // A piece of a list of capitalised words, but not a list of places.
        let got = names(&[
            "The Secretary for Culture, Media and Sport spoke. Then Culture, Media and Sport met.",
            "Seats: Eastbourne, Wells, Taunton. Voters in Wells said so. Wells voted.",
        ]);
        assert!(!got.iter().any(|n| n == "Media"), "{got:?}");
        assert!(got.iter().any(|n| n == "Wells"), "{got:?}");
    }

    #[test]
    fn peoples_and_faiths_are_no_organisation_nor_place() {
        let got = grouped(&[
            "British officials met. The British said so. Rwandan troops left. Muslims in Leeds spoke.",
            "Tory MPs and Muslims met. British ministers said so.",
        ]);
        for (name, kind, _) in &got {
            if ["British", "Rwandan", "Muslims", "Tory"].contains(&name.as_str()) {
                assert_eq!(*kind, Kind::Other, "{name}");
            }
        }
    }

    #[test]
    fn a_surname_that_is_a_place_joins_its_person_with_evidence() {
        let got = grouped(&[
            "William Hague spoke. Later, Mr Hague said no.",
            "Ken Livingstone agreed. Later, Mr Livingstone said so.",
        ]);
        let find = |n: &str| got.iter().find(|(name, ..)| name == n).cloned();
        assert!(find("Hague").is_none() && find("Livingstone").is_none(), "{got:?}");
        // Joined, but never aliases: every `Hague` would be marked as the man.
        assert_eq!(find("William Hague").map(|c| c.2), Some(vec![]), "{got:?}");
        assert_eq!(find("Ken Livingstone").map(|c| c.2), Some(vec![]), "{got:?}");
    }

    #[test]
    fn a_clipped_party_name_beside_its_plural_stays_the_party() {
        let got = grouped(&[
            "The Lib Dems said so. The Liberal Democrats met. Lib Dem leader Anna Tolvik spoke.",
            "Later Lib Dem plans were shown, and the Lib Dems agreed. A Liberal Democrat spoke.",
        ]);
        let kind = |n: &str| got.iter().find(|(name, ..)| name == n).map(|c| c.1);
        assert_eq!(kind("Lib Dem"), Some(Kind::Organization), "{got:?}");
        assert_eq!(kind("Liberal Democrat"), Some(Kind::Other), "{got:?}");
    }

    #[test]
    fn the_leader_of_an_inquiry_is_a_person_across_the_corpus() {
        // Seen only as `the Zorbton inquiry`: no full name, no title, yet a person (not a body that speaks).
        let got =
            grouped(&["That was a reference to the Zorbton inquiry into the war.", "The Zorbton inquiry cleared him."]);
        let kind = |n: &str| got.iter().find(|(name, ..)| name == n).map(|c| c.1);
        assert_eq!(kind("Zorbton"), Some(Kind::Person), "{got:?}");
    }
}
