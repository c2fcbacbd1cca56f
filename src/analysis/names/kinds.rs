//! The one kind guesser: what a proper name names, from its words, the
//! gazetteer and what the finder saw around it. Used by the finder (each
//! candidate's kind), by "Create entity" fixes (`catalogue_edit::guess_kind`)
//! and by the corpus-wide grouping.
//!
//! The evidence, strongest first:
//! 1. a title before the name (`Mr`, `Shadow Home Secretary`) or a byline: a person;
//! 2. the whole name in the gazetteer as a major place (`Northern Ireland`);
//! 3. a head word: an organisation's last word or first word before `of` /
//!    `for` (`Labour Party`, `Bank of England`, `Home Office`, `Manchester
//!    United`), a place's (`Downing Street`, `Gulf of Mexico`), an event's
//!    (`General Election`, `World Cup`) or a document's (`Freedom of Information Act`);
//! 4. a party or other organisation known by one word (`Labour`, `Tories`, `Nato`);
//! 5. an acronym: an organisation unless it is a place (`UK`, `US`);
//! 6. a given name first (`John Major`, `Theresa May`), initials, a
//!    surname particle or prefix (`de Villepin`, `McDonnell`): a person;
//! 7. one word that is a place or a town and no given name (`Sheffield`);
//! 8. a place preposition before it (`in`, `from`, `to`);
//! 9. two or three plain capitalised words with none of the above: a person.
//!
//! Nationality words (`British`, `Tories`' `Tory`) are no place. When nothing
//! points to a kind the answer is `None` (the catalogue's `other`).

use super::gazetteer::{self, Place};
use crate::analysis::Span;
use crate::analysis::catalogue::Kind;

/// What the finder saw around a name.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Evidence {
    /// A title or role came before the name (`Mr`, `President`, `Solicitor`).
    pub titled: bool,
    /// The name is in a byline (`By Dorothy Li`).
    pub byline: bool,
    /// A place preposition came before it (`in`, `from`, `to`, optionally with `the`).
    pub place_preposition: bool,
    /// A score or a table's figures follow it, or `v` / `beat` come before it:
    /// a team (`Essex 320`, `Leeds v Chelsea`), named after its place.
    pub team: bool,
}

/// The kind `name` (a title already cut off, no possessive) names, or `None`
/// when nothing points to one.
pub fn guess(name: &str, evidence: Evidence) -> Option<Kind> {
    if evidence.titled || evidence.byline {
        return Some(Kind::Person);
    }
    // `Ethiopia 1 Uganda 1`, `England beat Pakistan`: a national side is named by its country.
    if evidence.team && gazetteer::is_country(name.trim()) {
        return Some(Kind::Place);
    }
    if evidence.team {
        let alone = guess(name, Evidence { team: false, ..evidence });
        // `Sint Truiden 3 Ekeren 1`: plain words are a club unless a given name or initial starts them.
        let first = name.split_whitespace().next().unwrap_or("");
        let personal = gazetteer::is_given_name(first) || is_initial(first) || !name.trim().contains(' ');
        return match alone {
            None | Some(Kind::Place) => Some(Kind::Organization),
            Some(Kind::Person) if !personal && !evidence.titled => Some(Kind::Organization),
            other => other,
        };
    }
    let name = name.trim();
    let words: Vec<&str> = name.split_whitespace().collect();
    let (first, last) = (*words.first()?, *words.last()?);
    match gazetteer::place(name) {
        Some(Place::Major) => return Some(Kind::Place),
        Some(Place::Town) if words.len() > 1 => return Some(Kind::Place),
        _ => {}
    }
    // `Conservative`, `Tory`, `Scottish`: an adjective alone names nothing.
    if let [one] = words.as_slice()
        && is_common_capitalised(one)
        && !is_one_word_organisation(one)
    {
        return None;
    }
    let head = by_head(&words);
    if head == Some(Kind::Organization) {
        return head;
    }
    let given = gazetteer::is_given_name(first)
        && gazetteer::place(first) != Some(Place::Major)
        && !PLACE_FIRST.contains(&first.to_lowercase().as_str());
    // `Andrew Green`, `Jack Law`: a given name and one more word is a person, unless that
    // word makes an event or a document (`Marshall Plan`).
    // (`David Hill`, `Graham Lane`, `Simon Hall`: a place head that is also a common surname
    // is a surname after a given name that is no place; not `Victoria Street`, `Windsor Castle`.)
    let heads_it = matches!(head, Some(Kind::Event | Kind::Document | Kind::Place | Kind::Other))
        && !matches!(last, "Law" | "Code" | "Day")
        && !(SURNAME_HEADS.contains(&last) && gazetteer::place(first).is_none());
    if words.len() == 2 && given && !is_common_capitalised(last) && !heads_it {
        return Some(Kind::Person);
    }
    if head.is_some() {
        return head;
    }
    if words.iter().any(|w| is_one_word_organisation(w)) && !given {
        return Some(Kind::Organization);
    }
    if let Some(kind) = by_shape(&words) {
        return Some(kind);
    }
    // (`C.L. Gammon`: initials, not an acronym.)
    if is_acronym(first) && gazetteer::place(first).is_none() && !(words.len() > 1 && is_initial(first)) {
        // `BBC`, `BBC Scotland`, `ICM Research`.
        return Some(Kind::Organization);
    }
    if let [one] = words.as_slice()
        && is_acronym(one)
    {
        return Some(Kind::Place);
    }
    if words.len() > 1 {
        let initial = is_initial(first);
        let particle = words.len() > 2 && words[1..words.len() - 1].iter().any(|w| is_particle(w));
        if given || initial || particle || has_surname_prefix(last) {
            return Some(Kind::Person);
        }
    } else {
        // A town (`Brighton`) before a given name alone (`Lucy`, `Harry`), which is a person.
        if gazetteer::place(first).is_some() {
            return Some(Kind::Place);
        }
        if gazetteer::is_given_name(first) || has_surname_prefix(first) {
            return Some(Kind::Person);
        }
        if HOLIDAYS.contains(&first) {
            return Some(Kind::Event);
        }
    }
    // `Bolshevik Russia`, `Central London`: an adjective before a place.
    if words.len() == 2 && is_common_capitalised(first) && gazetteer::place(last) == Some(Place::Major) {
        return Some(Kind::Place);
    }
    if words.len() == 2 && first == "New" && HOLIDAYS_OF_NEW.contains(&last) {
        return Some(Kind::Event);
    }
    if evidence.place_preposition {
        return Some(Kind::Place);
    }
    // A head word inside the name (`Press Briefing`, `Foreign Office Minister`).
    let inside = |heads: &[&str]| words.iter().any(|w| heads.contains(&w.to_lowercase().as_str()));
    if words.len() > 1 {
        if inside(ORGANISATION_HEADS) {
            return Some(Kind::Organization);
        }
        if inside(EVENT_HEADS) {
            return Some(Kind::Event);
        }
    }
    // Two or three plain capitalised words (`Xi Jinping`), none of them a place: most often a person.
    let plain = |w: &&str| {
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().skip(1).any(char::is_lowercase)
            && w.chars().all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'))
            && gazetteer::place(w).is_none()
            && !is_common_capitalised(w)
            && !inside(PLACE_HEADS)
            && !inside(DOCUMENT_HEADS)
    };
    if (2..=3).contains(&words.len()) && words.iter().all(plain) {
        return Some(Kind::Person);
    }
    None
}

/// The kind of a name across a corpus, from the kinds its sightings were
/// given on their lines: `voted` is the most voted kind (`Other` when no
/// sighting pointed anywhere), `votes` the count of each kind in
/// [`Kind::ALL`]'s order. What the name itself says beats weak line cues: a
/// name the gazetteer (or a place's shape, `South West`) calls a place is a
/// place whatever the words around it said (`Glasgow` after `the`, `Dublin`
/// on a line with `beat`); a given name and one more word (`Simon Cowell`) is
/// a person against a single cue for an organisation or a place.
pub fn settle_vote(name: &str, voted: Kind, votes: &[usize]) -> Kind {
    let own = guess(name, Evidence::default());
    if own == Some(Kind::Place) {
        return Kind::Place;
    }
    let cues: usize = Kind::ALL.iter().zip(votes).filter(|(k, _)| **k != Kind::Other).map(|(_, n)| n).sum();
    let words: Vec<&str> = name.split_whitespace().collect();
    // `Pop Idol`, `Evening Standard said`: common words, the last only a common word (no
    // surname), the first no given name, are no person's whatever the lines said (but
    // `Abderrahman Samba`, `Kilroy Silk` are).
    if voted == Kind::Person
        && (2..=3).contains(&words.len())
        && !gazetteer::is_given_name(words[0])
        && !is_initial(words[0])
        && words.iter().all(|w| super::lexicon::is_common(w))
        && super::lexicon::common(words[words.len() - 1]) == super::lexicon::Common::Only
    {
        return Kind::ALL
            .into_iter()
            .filter(|&k| !matches!(k, Kind::Person | Kind::Other) && votes[k as usize] > 0)
            .max_by_key(|&k| (votes[k as usize], std::cmp::Reverse(k)))
            .unwrap_or(Kind::Other);
    }
    // (`Bob and Doug are home`: one plural verb makes no body of a given name alone.)
    if own == Some(Kind::Person)
        && matches!(voted, Kind::Organization | Kind::Place)
        && cues <= 1
        && (words.len() == 2
            || (words.len() == 1 && gazetteer::place(name).is_none() && !super::lexicon::is_common(name)))
        && gazetteer::is_given_name(words[0])
    {
        return Kind::Person;
    }
    voted
}

/// The corpus-wide kind of a one-word name from what the corpus says of it,
/// or `None` to keep the vote (`voted`): `owners` is how many persons of the
/// corpus have a full name ending in it, `of_person` whether it is any word
/// of a person's full name there, `titled` whether a title or a person-only cue
/// ([`person_only_cue`]) ever came with it.
/// - It ends the full name of exactly one person: that person's surname
///   (`Tomlinson` beside `Mike Tomlinson`, even in `the Tomlinson report`),
///   unless it is a place, a people or a name that says it is something else.
/// - Voted a person (`Defra said`, `Veritas would`) with no title, in no
///   person's full name (`Saddam` of `Saddam Hussein`), no given name's nor
///   surname's look: news introduces a person by a full name or a title, so
///   a body that speaks.
pub fn one_word_kind(name: &str, owners: usize, of_person: bool, voted: Kind, titled: bool) -> Option<Kind> {
    if name.contains(' ') || gazetteer::place(name).is_some() || names_a_group(name) {
        return None;
    }
    let own = guess(name, Evidence::default());
    if owners == 1 && matches!(own, None | Some(Kind::Person)) {
        return Some(Kind::Person);
    }
    let plain = name.chars().skip(1).all(char::is_lowercase);
    if owners == 0
        && !of_person
        && voted == Kind::Person
        && !titled
        && own.is_none()
        && plain
        && !gazetteer::is_given_name(name)
        && !surname_shaped(name)
    {
        return Some(Kind::Organization);
    }
    None
}

/// The kind of a name the finder found on `line` at `span`: `finder_kind`
/// and `titled` are the finder's (a person there means a title or a byline);
/// the place preposition is read from the line before the name.
pub fn of_found_name(line: &str, span: Span, finder_kind: Kind, titled: bool) -> Kind {
    let (before, after) = (&line[..span.start], &line[span.end..]);
    // (`in Shakespeare's Merchant`, `from Saddam Hussein's regime`: the preposition is the possessed thing's.)
    let possessive = after.starts_with("'s") || after.starts_with("’s");
    let evidence = Evidence {
        titled: titled || finder_kind == Kind::Person,
        byline: false,
        place_preposition: place_preposition_before(before) && !possessive,
        team: team_around(before, after) && !person_in_results(before, after),
    };
    let name = span.of(line);
    // `RENNES 1996-08-29`, `NOVYE ATAGI, Russia 1996-08-22`: a dateline's place.
    if !evidence.titled && before.trim().is_empty() && dateline_after(after) {
        return Kind::Place;
    }
    // `(Brazil) Jordan 1:53.152`: a make or a team after a rider's country;
    // `Brann (Norway) 2 Shelbourne`: a club in a result.
    let prev = before.trim_end().rsplit(' ').next().unwrap_or("");
    // `Tottenham 0 Everton 0`, `Everton 3 1 2 0 4 2 5`: a result or a league table's row
    // (a club named like a person is still a club).
    if !evidence.titled
        && !gazetteer::is_country(name)
        && (result_line(line) || (!name.contains(' ') && table_row(after)))
    {
        return Kind::Organization;
    }
    if !evidence.titled
        && ((before.ends_with(") ") && back_word_is_bracketed(prev))
            || (club_in_results(before, after)
                && !gazetteer::is_country(name)
                && !gazetteer::is_given_name(name.split(' ').next().unwrap_or(""))))
    {
        return Kind::Organization;
    }
    let guessed = guess(name, evidence);
    // `MP for Zorbton North`, `the constituency of Zorbton and Bow`, `Zorbton Kelvin MP`,
    // `Zorbton Green, in east London`: a constituency or a place, whatever else the line says.
    // (The words around first: the name's own guess and its group words only where they are.)
    let own = || guess(name, Evidence::default());
    if !evidence.titled
        && !gazetteer::is_given_name(name.split(' ').next().unwrap_or(""))
        && constituency_around(name, before, after, || own() == Some(Kind::Person))
        && matches!(own(), None | Some(Kind::Place | Kind::Person))
        && !names_a_group(name)
    {
        return Kind::Place;
    }
    // `Worcestershire were dismissed for 154`: a town or county that plays, in sports prose.
    if guessed == Some(Kind::Place)
        && !name.contains([' ', '.'])
        && !gazetteer::is_country(name)
        && !evidence.place_preposition
        && !matches!(prev, "in" | "at" | "from" | "near" | "to" | "of" | "the" | "into" | "for" | "In" | "At" | "From")
        && (!before.ends_with('(') || !after.starts_with(')'))
        && sports_line(line)
    {
        return Kind::Organization;
    }
    // `three malls in Davao City`: a city, where `Manchester City` is a club.
    if guessed == Some(Kind::Organization) && name.ends_with(" City") && prev == "in" && !possessive {
        return Kind::Place;
    }
    match (guessed, line_cue(name, before, after)) {
        // `Ferencvaros of Hungary`: a club and its country (but `Karsten Warholm of Norway`).
        (None | Some(Kind::Place), _) if club_of_place(after) && gazetteer::place(name) != Some(Place::Major) => {
            Kind::Organization
        }
        (None, Some(cue)) => cue,
        // `Lehman analyst`, `Navy spokesman`, `Warwickshire are`, `(Everton)`: the words
        // around name an organisation's people, a plural verb or a player's club.
        (Some(Kind::Person | Kind::Place), Some(Kind::Organization))
            if !evidence.titled
                && gazetteer::place(name) != Some(Place::Major)
                && head_kind(name) != Some(Kind::Place) =>
        {
            Kind::Organization
        }
        // (`Parliament of New South Wales (NSW)`: a body's own head word is no runner's name.)
        (Some(Kind::Organization), Some(Kind::Person))
            if person_in_results(before, after) && head_kind(name) != Some(Kind::Organization) =>
        {
            Kind::Person
        }
        (None, None) if place_around(before, after) => Kind::Place,
        // `Dorset and Torbay`, `Cardiff, Bangor, Aberystwyth and Wrexham`: listed beside a place.
        (None, None) if listed_with_place(before, after) && !sports_line(line) => Kind::Place,
        // `Aleksander Kwasniewski … by Kwasniewski`: the surname of a full name earlier on the line;
        // `Muster`, `Kasparov`, `Gutierrez`: a word shaped like a surname, when nothing else points.
        (None, None) if surname_of_full_name_before(name, before) || surname_shaped(name) => Kind::Person,
        // `SOCCER - DALGLISH SAD OVER BLACKBURN PARTING`: a headline names people by one word.
        (None, None) if !name.contains(' ') && headline_with_more(line, name) => Kind::Person,
        (kind, _) => kind.unwrap_or(Kind::Other),
    }
}

/// Lower-case nouns for people that come right before a name in news
/// (`Turkish president Erdoğan`, `study co-author Tak-Sing Wong`, `a Polish chef
/// Łukasz`, `his lawyer Giuliani`). Not those that come before a team, a
/// country or a thing as often (`champion`, `host`, `chair`, `general`).
const PERSON_NOUNS_BEFORE: &[&str] = &[
    "president",
    "vice-president",
    "minister",
    "premier",
    "chancellor",
    "senator",
    "congressman",
    "congresswoman",
    "governor",
    "mayor",
    "councillor",
    "councilman",
    "ambassador",
    "envoy",
    "diplomat",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "chairman",
    "chairwoman",
    "leader",
    "founder",
    "co-founder",
    "ceo",
    "boss",
    "director",
    "secretary",
    "commissioner",
    "inspector",
    "detective",
    "sergeant",
    "constable",
    "lieutenant",
    "colonel",
    "captain",
    "coach",
    "striker",
    "midfielder",
    "defender",
    "goalkeeper",
    "winger",
    "player",
    "driver",
    "rider",
    "cyclist",
    "swimmer",
    "boxer",
    "golfer",
    "actor",
    "actress",
    "singer",
    "rapper",
    "musician",
    "guitarist",
    "drummer",
    "composer",
    "songwriter",
    "comedian",
    "presenter",
    "author",
    "co-author",
    "writer",
    "novelist",
    "poet",
    "journalist",
    "reporter",
    "columnist",
    "photographer",
    "painter",
    "architect",
    "scientist",
    "researcher",
    "professor",
    "astronaut",
    "cosmonaut",
    "surgeon",
    "physician",
    "lawyer",
    "attorney",
    "barrister",
    "prosecutor",
    "lawmaker",
    "legislator",
    "activist",
    "campaigner",
    "suspect",
    "gunman",
    "priest",
    "pastor",
    "bishop",
    "cardinal",
    "rabbi",
    "imam",
    "cleric",
    "monk",
    "king",
    "queen",
    "prince",
    "princess",
    "sultan",
    "emperor",
    "sheikh",
    "chef",
    "businessman",
    "businesswoman",
    "entrepreneur",
    "tycoon",
    "billionaire",
    "husband",
    "wife",
    "son",
    "daughter",
    "brother",
    "sister",
    "father",
    "mother",
    "uncle",
    "aunt",
    "nephew",
    "niece",
    "cousin",
    "grandson",
    "granddaughter",
    "widow",
    "girlfriend",
    "boyfriend",
    "fiancé",
    "fiancée",
];

/// Nouns for anyone: before `named` (`a girl named Zorb`) and after `, a`
/// (`Zorb, a woman who`) they call a name a person's.
const PLAIN_PERSON_NOUNS: [&str; 4] = ["man", "woman", "boy", "girl"];

/// A cue on a name's line that only a person gets: a lower-case noun for a
/// person right before it (`president Chakrapani`, see [`PERSON_NOUNS_BEFORE`])
/// or `said he` / `says she` right after it (`Sergey said he`), for a name whose
/// own words make it no place, body or thing. Bodies speak too (`Defra said`),
/// but not as `he`, and have no lawyer.
pub fn person_only_cue(name: &str, before: &str, after: &str) -> bool {
    let mut back = before.trim_end_matches(' ').rsplit(' ');
    let (prev, prev2) = (back.next().unwrap_or(""), back.next().unwrap_or(""));
    // (`a Polish chef named Łukasz`, but not `a company named Zorbex`.)
    let noun = |w: &str| PERSON_NOUNS_BEFORE.contains(&w) || PLAIN_PERSON_NOUNS.contains(&w);
    let role_before = (noun(prev) && prev != "man") || (prev == "named" && noun(prev2));
    let after = after.strip_prefix(',').unwrap_or(after);
    let said_he = ["said", "says"].iter().any(|v| {
        after
            .strip_prefix(' ')
            .and_then(|a| a.strip_prefix(v))
            .and_then(|a| a.strip_prefix(' '))
            .is_some_and(|a| ["he ", "she ", "he,", "she,"].iter().any(|p| a.starts_with(p)))
    });
    (role_before || said_he)
        && gazetteer::place(name).is_none()
        && !names_a_group(name)
        && matches!(guess(name, Evidence::default()), None | Some(Kind::Person))
}

/// The kind the words around a name on its line point to (`Smirnov said`,
/// `quoted Rosati as saying`, `Gencor's shares`, `Ferencvaros of Hungary`,
/// `the Padres`), for a name whose words say nothing: one look at the words
/// right before and after it.
pub fn line_cue(name: &str, before: &str, after: &str) -> Option<Kind> {
    let before = before.trim_end_matches([' ', '\u{a0}']);
    let mut back = before.rsplit(' ');
    let prev = back.next().unwrap_or("");
    let prev2 = back.next().unwrap_or("");
    let after_all = after;
    // A possessive goes with the name (`Gencor's stake`).
    let after = after
        .strip_prefix("'s")
        .or_else(|| after.strip_prefix("’s"))
        .or_else(|| after.strip_prefix('\''))
        .unwrap_or(after);
    let comma = after.starts_with(',');
    let mut fwd = after.trim_start_matches([',', ' ']).split(' ');
    let next = fwd.next().unwrap_or("").trim_end_matches([',', '.', ';', ':']);
    let next2 = fwd.next().unwrap_or("").trim_end_matches([',', '.', ';', ':']);
    // `the Hutton inquiry`, `the Lyons review`: the person who leads it.
    if leads_inquiry(name, before, after_all) {
        return Some(Kind::Person);
    }
    // `(Everton)` after a player: a club (a country in brackets is a place).
    if before.ends_with('(') && after.starts_with(')') && before.len() > 1 {
        return Some(Kind::Organization);
    }
    if person_in_results(before, after)
        || (PERSON_NOUNS_BEFORE.contains(&prev) && person_only_cue(name, before, after_all))
    {
        return Some(Kind::Person);
    }
    // `Nike, an athletic equipment company`, `Gonesse, a suburb of Paris`: what the writer
    // calls the name right after it.
    if let Some(kind) = appositive(after_all) {
        return Some(kind);
    }
    // A goal's minute (`(Sergio 25th`, `Bohinen 51st`): a player.
    let digits = after.strip_prefix(' ').unwrap_or("").trim_start_matches(|c: char| c.is_ascii_digit());
    if digits.len() < after.len().saturating_sub(1) && ["st", "nd", "rd", "th"].iter().any(|o| digits.starts_with(o)) {
        return Some(Kind::Person);
    }
    // `Johan Boonen (Belgium) Husqvarna`: a rider's make or team after his country.
    if before.ends_with(')') && back_word_is_bracketed(prev) {
        return Some(Kind::Organization);
    }
    if matches!(prev, "capital" | "city" | "town" | "village" | "province" | "region" | "nearby") || next == "airport" {
        return Some(Kind::Place);
    }
    // `the boroughs of Zorbton`, `the county of Zorbshire`.
    if prev == "of" && matches!(prev2, "borough" | "boroughs" | "county" | "counties" | "town" | "village" | "city") {
        return Some(Kind::Place);
    }
    // `Lord Irvine of Zorbton`, `Baron Kinnock of Zorbton`: a peer's territorial title.
    if prev == "of" && prev2.starts_with(char::is_uppercase) {
        let third = back.next().unwrap_or("");
        if matches!(third, "Lord" | "Baron" | "Baroness" | "Lady" | "Viscount" | "Viscountess" | "Earl" | "Countess") {
            return Some(Kind::Place);
        }
    }
    // `the Zorbton Hallam seat`, `the Zorbton Green ward`: a constituency or a ward.
    if matches!(prev, "the" | "The")
        && matches!(next, "seat" | "ward" | "constituency" | "by-election")
        && !comma
        && (name.contains(' ') || super::lexicon::common(name) != super::lexicon::Common::Only)
    {
        return Some(Kind::Place);
    }
    // A plural verb after one name (`Warwickshire are`, `Fiorentina win`): a team, not a person.
    if matches!(next, "are" | "were" | "have" | "win" | "WIN") && !comma {
        return Some(Kind::Organization);
    }
    if ORGANISATION_AFTER.contains(&next) && !comma {
        return Some(Kind::Organization);
    }
    if matches!(prev, "in" | "of")
        && matches!(prev2, "shares" | "stake" | "stakes" | "unit" | "subsidiary" | "division")
    {
        return Some(Kind::Organization);
    }
    // `newspaper Resalat`, `investment bank Rothschild`, `carrier EgyptAir`.
    if ORGANISATION_BEFORE.contains(&prev) {
        return Some(Kind::Organization);
    }
    // `his Everton team-mates`: a player's club (but `his Zorbton seat`, `his Zorbton home`).
    if matches!(prev, "his" | "their")
        && !matches!(next, "seat" | "constituency" | "home" | "hometown" | "birthplace" | "native")
    {
        return Some(Kind::Organization);
    }
    if matches!(prev, "side" | "club" | "champions" | "rivals" | "outfit") && before.len() > prev.len() {
        return Some(Kind::Organization);
    }
    // `the Padres`, `The Orioles`: a team by its plural nickname.
    if matches!(prev, "the" | "The")
        && !name.contains(' ')
        && name.ends_with('s')
        && name.chars().skip(1).all(char::is_lowercase)
        && gazetteer::place(name).is_none()
    {
        return Some(Kind::Organization);
    }
    // `Stagecoach said it had agreed`, `Tass said in a statement`: a company or an agency.
    if next == "said"
        && !comma
        && said_by_organisation(after)
        && !gazetteer::is_given_name(name.split(' ').next().unwrap_or(""))
    {
        return Some(Kind::Organization);
    }
    if PERSON_AFTER.contains(&next) && !comma {
        return Some(Kind::Person);
    }
    // `the 24-year-old Tillstrom`: an age.
    if prev.ends_with("year-old") {
        return Some(Kind::Person);
    }
    // `Lauck's lawyer`, `Graf's wife`: a person's kin, counsel or body.
    if after.len() < after_all.len() && PERSON_POSSESSED.contains(&next) && !comma {
        return Some(Kind::Person);
    }
    // `Zicot, 45, is a specialist`: a person's age.
    if comma && next.len() == 2 && next.chars().all(|c| c.is_ascii_digit()) && after.starts_with(&format!(", {next},"))
    {
        return Some(Kind::Person);
    }
    if comma && next == "who" {
        return Some(Kind::Person);
    }
    if next == "as" && next2 == "saying" {
        return Some(Kind::Person);
    }
    if matches!(prev, "said" | "says") && !name.contains(' ') {
        return Some(Kind::Person);
    }
    // `the Commission`, `the Padres`: a name after `the` that is no place is an organisation's.
    if matches!(prev, "the" | "The") {
        return Some(Kind::Organization);
    }
    if prev == "at" {
        return Some(Kind::Place);
    }
    // `Hingis has`, `Dole did`: a singular verb after a name that says nothing else,
    // most often a person in news.
    if matches!(next, "was" | "is" | "has" | "had" | "will" | "would" | "did" | "does") && !comma {
        return Some(Kind::Person);
    }
    None
}

/// The kind of the noun a name is called right after it: `, a` or `, an`, up to five
/// lower-case words, and the last before a preposition, a clause or the end of the
/// phrase (`Nike, an athletic equipment company`, `Gonesse, a suburb of Paris`,
/// `Zorb, a chef who`), when that noun is one of a body, a place or a person.
fn appositive(after: &str) -> Option<Kind> {
    let rest = after.strip_prefix(", a ").or_else(|| after.strip_prefix(", an "))?;
    let mut head = None;
    for word in rest.split(' ').take(6) {
        let bare = word.trim_end_matches([',', '.', ';', ':', ')']);
        if bare.is_empty() || !bare.chars().all(|c| c.is_lowercase() || c == '-') {
            break;
        }
        if matches!(
            bare,
            "in" | "of" | "that" | "which" | "who" | "based" | "with" | "for" | "from" | "on" | "and" | "or"
        ) {
            break;
        }
        head = Some(bare);
        if bare.len() < word.len() {
            break;
        }
    }
    let head = head?;
    if APPOSITIVE_BODIES.contains(&head) {
        Some(Kind::Organization)
    } else if APPOSITIVE_PLACES.contains(&head) {
        Some(Kind::Place)
    } else if PERSON_NOUNS_BEFORE.contains(&head) || PLAIN_PERSON_NOUNS.contains(&head) || head == "resident" {
        Some(Kind::Person)
    } else {
        None
    }
}

/// Nouns that call a name a body's (`an athletic equipment company`).
const APPOSITIVE_BODIES: &[&str] = &[
    "company",
    "firm",
    "maker",
    "manufacturer",
    "retailer",
    "chain",
    "supermarket",
    "brand",
    "network",
    "broadcaster",
    "newspaper",
    "magazine",
    "journal",
    "agency",
    "charity",
    "organisation",
    "organization",
    "airline",
    "bank",
    "startup",
    "start-up",
    "publisher",
    "band",
    "club",
    "party",
    "university",
    "college",
    "hospital",
    "website",
    "insurer",
    "developer",
    "operator",
    "carrier",
    "union",
    "association",
    "conglomerate",
];

/// Nouns that call a name a place's (`a suburb`, `a resort island`).
const APPOSITIVE_PLACES: &[&str] = &[
    "city",
    "town",
    "village",
    "suburb",
    "island",
    "province",
    "region",
    "state",
    "country",
    "county",
    "district",
    "neighbourhood",
    "neighborhood",
    "municipality",
    "resort",
    "port",
    "river",
    "lake",
    "mountain",
    "volcano",
    "capital",
    "borough",
];

/// `the Hutton inquiry`, `the Lyons review`, `the James report`: one word
/// (no acronym) between `the` and an inquiry's word names the person who
/// leads it.
pub fn leads_inquiry(name: &str, before: &str, after: &str) -> bool {
    let prev = before.trim_end_matches([' ', '\u{a0}']).rsplit(' ').next().unwrap_or("");
    let next = after.strip_prefix(' ').unwrap_or("").split([' ', ',', '.', ';', ':']).next().unwrap_or("");
    matches!(prev, "the" | "The")
        && matches!(next, "inquiry" | "report" | "review")
        && !name.contains(' ')
        && name.chars().skip(1).all(char::is_lowercase)
        && gazetteer::place(name) != Some(Place::Major)
}

/// The words around a name that make it a constituency or a place: `MP
/// for`, `seat of`, `constituency of` (and `… of Zorbton and` for the
/// second of two), `constituency now known as`, `constituency,` before
/// it; `, in (east) London` or `, east London` after it; `MP` after a name
/// of several words that starts with a place (`the Glasgow Kelvin MP`).
/// A name shaped like a person's (`person_shaped`) needs the words before.
fn constituency_around(name: &str, before: &str, after: &str, person_shaped: impl FnOnce() -> bool) -> bool {
    let before = before.trim_end_matches([' ', '[', '\u{a0}']);
    let cue = |b: &str| {
        let b = b.trim_end();
        ["MP for", "MPs for", "MSP for", "AM for", "MEP for", "seat of", "constituency of", "known as"]
            .iter()
            .any(|c| b.ends_with(c))
            && (!b.ends_with("known as") || b.contains("constituency"))
    };
    if cue(before) || before.ends_with("constituency,") || before.ends_with("constituency party,") {
        return true;
    }
    // `the constituency of Bethnal Green and Bow`: the second of two.
    if let Some(first) = before.strip_suffix(" and") {
        let caps = first.rsplit(' ').take_while(|w| w.starts_with(char::is_uppercase)).count();
        let cut = first.rsplit(' ').take(caps).map(|w| w.len() + 1).sum::<usize>();
        if caps > 0 && caps <= 3 && cut <= first.len() && cue(&first[..first.len() - cut]) {
            return true;
        }
    }
    let compass = |w: &str| {
        matches!(
            w,
            "east" | "west" | "north" | "south" | "central" | "north-east" | "north-west" | "south-east" | "south-west"
        )
    };
    // `, in London`, `, in east London`, `, east London`: where it is (an `in` or a compass word needed).
    let located = after.strip_prefix(", ").is_some_and(|rest| {
        let (within, rest) = match rest.strip_prefix("in ") {
            Some(r) => (true, r),
            None => (false, rest),
        };
        let mut words = rest.split(' ').map(|w| w.trim_end_matches([',', '.', ';', ':']));
        let mut w = words.next().unwrap_or("");
        let pointed = compass(w);
        if pointed {
            w = words.next().unwrap_or("");
        }
        (within || pointed) && gazetteer::place(w) == Some(Place::Major)
    });
    let first = name.split(' ').next().unwrap_or("");
    let seat_mp = name.contains(' ')
        && gazetteer::place(first).is_some()
        && (after.starts_with(" MP ") || after.starts_with(" MP,") || after.starts_with(" MP."));
    (located || seat_mp) && !person_shaped()
}

/// A name in a list (`and`, `or`, commas) right beside a place: the
/// gazetteer's, or a name shaped like one (`Bournemouth West`). A comma alone
/// before the name counts only when the list goes on after it (`Taunton,
/// Orpington, Haltemprice`), so `In London, Zorbing said` is no list.
fn listed_with_place(before: &str, after: &str) -> bool {
    let is_place = |words: &[&str]| {
        let name = words.join(" ");
        !name.is_empty()
            && words
                .iter()
                .all(|w| w.starts_with(char::is_uppercase) && w.chars().all(|c| c.is_alphabetic() || c == '-'))
            && guess(&name, Evidence::default()) == Some(Kind::Place)
    };
    let before = before.trim_end();
    let joined = before.strip_suffix(" and").or_else(|| before.strip_suffix(" or"));
    let goes_on = after.starts_with(',') || after.starts_with(" and ") || after.starts_with(" or ");
    let left = joined.or_else(|| before.strip_suffix(',').filter(|_| goes_on));
    if let Some(left) = left {
        let mut back: Vec<&str> = left.trim_end_matches(',').rsplit(' ').take(2).collect();
        back.reverse();
        if is_place(&back[back.len() - 1..]) || (back.len() == 2 && is_place(&back)) {
            return true;
        }
    }
    let right = after.strip_prefix(", ").or_else(|| after.strip_prefix(" and ")).or_else(|| after.strip_prefix(" or "));
    if let Some(right) = right {
        let words: Vec<&str> =
            right.split(' ').take(2).map(|w| w.trim_end_matches(['.', ',', ';', ':', ')'])).collect();
        let one = &words[..1];
        // Two words only when the first does not end the list item (`Wrexham, Bangor`).
        let two_ok = words.len() == 2 && !right.split(' ').next().unwrap_or("").ends_with([',', '.', ';']);
        if is_place(one) || (two_ok && is_place(&words)) {
            return true;
        }
    }
    false
}

/// After a name at the start of a line: a dateline's date, with an optional
/// country or state between (`, Russia 1996-08-22`).
fn dateline_after(after: &str) -> bool {
    let after = after.trim_end();
    let Some((middle, date)) = after.rsplit_once(' ') else { return false };
    let b = date.as_bytes();
    let is_date = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
    let where_ok = middle.is_empty()
        || middle
            .strip_prefix(", ")
            .is_some_and(|m| !m.is_empty() && m.split(' ').all(|w| w.starts_with(|c: char| c.is_uppercase())));
    is_date && where_ok
}

/// After a name, `said it` / `said its` / `said in a statement` (optionally with
/// `on Monday` or `late on Monday` between): a company's or an agency's words.
fn said_by_organisation(after: &str) -> bool {
    let Some(rest) = after.trim_start().strip_prefix("said ") else { return false };
    if rest.starts_with("in a statement") {
        return true;
    }
    let rest = rest.strip_prefix("late ").unwrap_or(rest);
    let rest = match rest.strip_prefix("on ") {
        Some(day) => day.split_once(' ').map_or("", |(_, r)| r),
        None => rest,
    };
    let pronoun = rest.split([' ', ',']).next().unwrap_or("");
    matches!(pronoun, "it" | "its")
}

/// `Aleksander Kwasniewski … a visit by Kwasniewski`: one word that ends a name
/// starting with a given name earlier on the line.
fn surname_of_full_name_before(name: &str, before: &str) -> bool {
    if name.contains(' ') || name.len() < 3 {
        return false;
    }
    before.match_indices(name).any(|(at, _)| {
        let ends = !before[at + name.len()..].starts_with(|c: char| c.is_alphanumeric());
        let head = &before[..at];
        let given = head.strip_suffix(' ').map(|h| h.rsplit(' ').next().unwrap_or(""));
        ends && given.is_some_and(|g| gazetteer::is_given_name(g) && gazetteer::place(g) != Some(Place::Major))
    })
}

/// A line in capitals (a headline) with more words than `name` and a lower-case
/// letter nowhere.
fn headline_with_more(line: &str, name: &str) -> bool {
    line.trim().len() > name.len() + 4 && !line.chars().any(char::is_lowercase)
}

/// One word with a surname's ending (`Muster`, `Kasparov`, `Nikolic`, `Iliescu`,
/// `Gutierrez`, `Ericsson`): letters only, capitalised, at least five of them.
fn surname_shaped(name: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "ov", "ova", "ev", "eva", "ski", "sky", "vic", "vich", "escu", "son", "enko", "ez", "er", "berg", "opoulos",
        "idis",
    ];
    let b = name.as_bytes();
    b.len() >= 5
        && b[0].is_ascii_uppercase()
        && b[1..].iter().all(u8::is_ascii_lowercase)
        && ENDINGS.iter().any(|e| name.ends_with(e))
}

/// `Brann (Norway) 2 Shelbourne (Ireland) 1`: a club, its country and its
/// goals (not a player's scores: `6-3`, `69 70`, `19.32`, `3 hours`).
/// The other side of the result is on the line: after the goals, or before
/// the name (a ranked list's points, `9. Jean Alesi (France) 38`, are a person's).
fn club_in_results(before: &str, after: &str) -> bool {
    let Some((inside, tail)) = after.strip_prefix(" (").and_then(|r| r.split_once(')')) else { return false };
    let Some(rest) = tail.strip_prefix(' ') else { return false };
    let goals = rest.bytes().take_while(u8::is_ascii_digit).count();
    let then = &rest[goals..];
    let other_before = before.strip_suffix(' ').is_some_and(|b| {
        let b = b.trim_end_matches(|c: char| c.is_ascii_digit());
        b.len() < before.len() - 1 && b.ends_with(") ")
    });
    gazetteer::place(inside) == Some(Place::Major)
        && (1..=2).contains(&goals)
        && (then.starts_with(" (")
            || then.strip_prefix(' ').is_some_and(|t| t.starts_with(char::is_uppercase))
            || (then.is_empty() && other_before))
}

/// A line that is one result: `Tottenham 0 Everton 0`, `Sint Truiden 3 Ekeren 1 (1-0)`:
/// two sides in capitals, each with its goals.
fn result_line(line: &str) -> bool {
    let line = line.trim_end();
    // (An optional half-time score at the end.)
    let line = match line.rsplit_once(' ') {
        Some((head, last)) if last.starts_with('(') && last.ends_with(')') && last.contains('-') => head,
        _ => line,
    };
    let goals = |w: &str| (1..=2).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_digit());
    let mut numbers = 0;
    let mut side = 0;
    for w in line.split(' ') {
        if goals(w) {
            if side == 0 {
                return false;
            }
            numbers += 1;
            side = 0;
        } else if w.starts_with(char::is_uppercase) && !w.bytes().any(|b| b.is_ascii_digit()) && numbers < 2 {
            side += 1;
        } else {
            return false;
        }
    }
    numbers == 2 && side == 0
}

/// A league table's figures after a name: five numbers or more.
fn table_row(after: &str) -> bool {
    let mut figures = after.split(' ').skip(1);
    after.starts_with(' ')
        && figures.by_ref().take(5).filter(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit())).count() == 5
}

/// Words of sports reports (`wickets`, `halftime`, `striker`): a town or county
/// named there is most often its team.
fn sports_line(line: &str) -> bool {
    const SPORT: &[&str] = &[
        "wicket",
        "wickets",
        "innings",
        "overs",
        "bowled",
        "batting",
        "batsman",
        "bowler",
        "goal",
        "goals",
        "scored",
        "penalty",
        "penalties",
        "halftime",
        "inning",
        "homer",
        "homers",
        "pitcher",
        "pitched",
        "shutout",
        "striker",
        "midfielder",
        "defender",
        "coach",
        "club",
        "league",
        "standings",
        "beat",
        "drew",
        "defeated",
        "victory",
    ];
    line.split(|c: char| !c.is_ascii_alphabetic()).any(|w| w.len() >= 4 && SPORT.contains(&w))
}

/// `(Belgium)`: a place in brackets.
fn back_word_is_bracketed(word: &str) -> bool {
    word.strip_prefix('(').and_then(|w| w.strip_suffix(')')).is_some_and(|w| gazetteer::place(w).is_some())
}

/// `of Hungary` right after a name: a club and its country (`Nasr of Saudi Arabia`).
fn club_of_place(after: &str) -> bool {
    let Some(rest) = after.strip_prefix(" of ") else { return false };
    let mut words = rest.split(' ').map(|w| w.trim_end_matches([',', '.', ';', ':', ')']));
    let first = words.next().unwrap_or("");
    let two = format!("{first} {}", words.next().unwrap_or(""));
    first.starts_with(char::is_uppercase)
        && (gazetteer::place(first) == Some(Place::Major) || gazetteer::place(&two) == Some(Place::Major))
}

/// A person in a sports result: a bowler or catcher (`b Mullally 35`, `c Hussain`),
/// a ranked rider (`5. Lietti 8`), a bowler's figures, or a player with a country in brackets
/// (`Sandrine Testud (France)`).
fn person_in_results(before: &str, after: &str) -> bool {
    let prev = before.trim_end().rsplit(' ').next().unwrap_or("");
    if matches!(prev, "b" | "c" | "st" | "lbw") {
        return true;
    }
    let rank = before.trim();
    if rank.len() > 1 && rank.ends_with('.') && rank[..rank.len() - 1].chars().all(|c| c.is_ascii_digit()) {
        return true;
    }
    // A bowler's figures (`Mullally 22-6-56-2`).
    let figures = after.strip_prefix(' ').and_then(|r| r.split([' ', ',']).next()).unwrap_or("");
    if figures.matches('-').count() >= 2 && figures.chars().all(|c| c.is_ascii_digit() || c == '-') {
        return true;
    }
    after
        .strip_prefix(" (")
        .and_then(|r| r.split_once(')'))
        .is_some_and(|(inside, _)| gazetteer::place(inside) == Some(Place::Major))
}

/// Words right after a name that make it a person (`Smirnov said`).
const PERSON_AFTER: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "explained",
    "insisted",
    "admitted",
    "replied",
    "wrote",
    "recalled",
    "argued",
    "warned",
    "urged",
    // Deeds of a player or a politician (`Smicer pushed`, `Lebed flew`).
    "took",
    "led",
    "hit",
    "gave",
    "made",
    "kicked",
    "called",
    "came",
    "faces",
    "meets",
    "turned",
    "ran",
    "flew",
    "arrived",
    "declined",
    "pushed",
    "himself",
    "herself",
];

/// Words after a name's possessive that make it a person (`Lauck's lawyer`).
const PERSON_POSSESSED: &[&str] = &[
    "wife",
    "husband",
    "son",
    "sons",
    "daughter",
    "daughters",
    "mother",
    "father",
    "brother",
    "sister",
    "family",
    "widow",
    "children",
    "parents",
    "lawyer",
    "lawyers",
    "attorney",
    "girlfriend",
    "boyfriend",
    "disease",
    "career",
    "death",
];

/// Words right before a name that make it an organisation's (`daily Gazeta Wyborcza`).
const ORGANISATION_BEFORE: &[&str] = &[
    "daily",
    "newspaper",
    "weekly",
    "agency",
    "firm",
    "company",
    "carrier",
    "airline",
    "bank",
    "broker",
    "brokers",
    "retailer",
    "retailers",
    "maker",
    "insurer",
    "conglomerate",
    "group",
    "concern",
    "distributor",
    "publisher",
    "automaker",
    "brewer",
];

/// Words right after a name that make it an organisation (`Gencor shares`, `Navy spokesman`).
const ORGANISATION_AFTER: &[&str] = &[
    "shares",
    "stock",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "reported",
    "posted",
    "quoted",
    "statement",
    "officials",
    "fans",
    "analyst",
    "analysts",
    "subsidiary",
    "unit",
    "chairman",
    "shareholders",
    "news",
    "newspaper",
    "manager",
    "official",
    "owner",
    "owners",
    "employees",
    "workers",
    "driver",
    "drivers",
    "player",
    "players",
    "skipper",
    "CEO",
    "coach",
    "defender",
    "striker",
    "midfielder",
    "goalkeeper",
    "Inc",
    "Corp",
    "Ltd",
    "Plc",
    "plc",
    "AG",
    "SA",
    "NV",
];

/// `before` (the text before a name) ends in a place preposition (`in`,
/// `from`, `near`, …; not `to`: `to Hitler`), optionally followed by `the`.
pub fn place_preposition_before(before: &str) -> bool {
    let mut words = before.trim_end_matches([' ', '\u{a0}']).rsplit(' ');
    let mut prep = words.next().unwrap_or("");
    if prep == "the" {
        prep = words.next().unwrap_or("");
    }
    // (`to`, `into` are left out: `to Hitler`, `to the United Nations`.)
    matches!(prep, "in" | "from" | "near" | "across" | "throughout" | "inside" | "outside")
}

/// A team's context: a score or figures right after the name (`Essex 320`,
/// `CLEVELAND 72 65`, not a year or a date), or `v` / `vs` / `beat` right
/// before it.
pub fn team_around(before: &str, after: &str) -> bool {
    let prev = before.trim_end().rsplit(' ').next().unwrap_or("");
    if matches!(prev, "v" | "vs" | "vs." | "beat" | "v." | "drew") {
        return true;
    }
    // `Essex beat Kent`, `Ajax drew with`, `Leeds's shares`: a team or a company.
    let after_word = after.trim_start_matches(['\'', '’', 's']).trim_start();
    if ["beat ", "drew ", "lost to ", "shares ", "shares,", "shares.", "stock ", "v ", "vs ", "vs. ", "AT "]
        .iter()
        .any(|w| after_word.starts_with(w))
    {
        return true;
    }
    let rest = after.strip_prefix(' ').unwrap_or("");
    // `Washington 6-2 6-1`: a tennis player's sets.
    let set = |s: &str| {
        let b = s.as_bytes();
        b.len() == 3 && b[0].is_ascii_digit() && b[1] == b'-' && b[2].is_ascii_digit()
    };
    let mut scores = rest.split(' ');
    if scores.next().is_some_and(set) && scores.next().is_some_and(set) {
        return false;
    }
    let number: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    if number.is_empty() {
        return false;
    }
    let tail = &rest[number.len()..];
    // `Brisbane 10.11 (71)`: goals, behinds and points (Australian rules).
    if let Some(behinds) = tail.strip_prefix('.') {
        let digits = behinds.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && behinds[digits..].starts_with(" (") {
            return true;
        }
    }
    let next = tail.chars().next();
    let year = number.len() == 4 && (number.starts_with("19") || number.starts_with("20"));
    // A bowler's figures (`22-6-56-2`) are a person's, as is a goal's minute (`51st`).
    let figures = tail.split(' ').next().unwrap_or("").matches('-').count() >= 2;
    !year
        && !figures
        && !next.is_some_and(char::is_alphabetic)
        && !matches!(next, Some('%' | '.' | ',' | ':' | '/'))
        && !tail.starts_with(" per")
}

/// `before` (the text before a name) ends in a title or role word (`Mr`,
/// `President`), for a name whose finder is not at hand.
pub fn title_before(before: &str) -> bool {
    before
        .trim_end_matches([' ', '\u{a0}'])
        .rsplit(' ')
        .next()
        .is_some_and(|w| !w.is_empty() && is_title(w) && w.starts_with(char::is_uppercase))
}

/// [`guess`] for a surface alone (a "Create entity" fix): a leading title
/// (`Mr.`, `President`) is evidence of a person and cut off first.
pub fn guess_surface(surface: &str) -> Kind {
    let words: Vec<&str> = surface.split_whitespace().collect();
    let titles = words.iter().take(words.len().saturating_sub(1)).take_while(|w| is_title(w)).count();
    let evidence = Evidence { titled: titles > 0, ..Evidence::default() };
    guess(&words[titles..].join(" "), evidence).unwrap_or(Kind::Other)
}

/// The kind a name's head word (lower case) gives: an organisation's, a
/// place's, an event's or a document's, in that order.
fn head_word_kind(head: &str) -> Option<Kind> {
    if ORGANISATION_HEADS.contains(&head) {
        Some(Kind::Organization)
    } else if PLACE_HEADS.contains(&head) {
        Some(Kind::Place)
    } else if EVENT_HEADS.contains(&head) {
        Some(Kind::Event)
    } else if DOCUMENT_HEADS.contains(&head) {
        Some(Kind::Document)
    } else if matches!(head, "prize" | "medal") {
        // `Nobel Peace Prize`, `Fields Medal`: an award, a thing.
        Some(Kind::Other)
    } else {
        None
    }
}

/// The kind a head word gives (see the module docs), if any.
fn by_head(words: &[&str]) -> Option<Kind> {
    let last = *words.last()?;
    let lower = |w: &str| w.trim_end_matches('.').to_lowercase();
    let l = lower(last);
    // `World War II`, `World War Two`: a numeral after an event's head ends its name.
    if words.len() > 2
        && (is_roman_numeral(last) || matches!(last, "One" | "Two" | "Three"))
        && by_head(&words[..words.len() - 1]) == Some(Kind::Event)
    {
        return Some(Kind::Event);
    }
    // `Radio 4`, `Channel Five`, `Section 28`, `Key Stage 2`: a number after the word
    // that takes it; the kind is that word's.
    if let [.., head, number] = words
        && (number.bytes().all(|b| b.is_ascii_digit()) || is_number_word(number))
        && let Some(Some(kind)) = numbered_kind(head)
    {
        return Some(kind);
    }
    // `Breakfast with Frost`, `Paying the Price`: a title that a common word opens is
    // named by its last word's class, and is no one's name; `Save the Children`, `Stop
    // the War`: a verb's campaign is a body.
    if let [first, connector @ ("the" | "with"), ..] = words
        && super::lexicon::common(first) == super::lexicon::Common::Only
    {
        if *connector == "the" && !first.ends_with("ing") {
            return Some(Kind::Organization);
        }
        return Some(by_head(&words[2..]).filter(|k| *k != Kind::Person && *k != Kind::Place).unwrap_or(Kind::Other));
    }
    if words.len() > 1 {
        // `Manchester City`: a club (`Mexico City` is in the gazetteer as a whole).
        if l == "city" {
            return Some(Kind::Organization);
        }
        // `Gazeta Wyborcza`, `Deutsche Welle`, `Agence France-Presse`: a body's first word in
        // another language; `Rock & Roll Hall of Fame`: a body.
        if ORGANISATION_FIRST.contains(&lower(words[0]).as_str())
            || (l == "fame" && words.ends_with(&["Hall", "of", "Fame"]))
        {
            return Some(Kind::Organization);
        }
        // `Bank of England`, `Department for Education`, `Gulf of Mexico`, `Treaty of Rome`: the head
        // before `of`, when the last word is none. Before `of the`, it beats the last word
        // (`Parliament of the United Kingdom`, `University of the Highlands and Islands`,
        // `Constitution for the European Union`); before a bare name it does not (`Isle of Wight
        // Council`, `City of York Council`).
        let of = words.iter().position(|w| matches!(*w, "of" | "for" | "on")).map(|at| {
            let head = lower(words[at.saturating_sub(1)]);
            let of_kind = head_word_kind(&head).or_else(|| {
                if ORGANISATION_OF.contains(&head.as_str()) {
                    Some(Kind::Organization)
                } else if PLACE_OF.contains(&head.as_str()) {
                    Some(Kind::Place)
                } else {
                    None
                }
            });
            (of_kind, words.get(at + 1) == Some(&"the"))
        });
        if let Some((Some(kind), true)) = of {
            return Some(kind);
        }
        // `Department of State`, `Ministry of Interior`: one word after `of` is what the body
        // looks after, not its kind (but `Isle of Wight Council`: a head after a name wins).
        if let Some((Some(kind), _)) = of
            && words.len() >= 3
            && words[words.len() - 2] == "of"
            && head_word_kind(&l) == Some(Kind::Place)
        {
            return Some(kind);
        }
        // `Democratic National Convention`: a party's gathering, not a treaty.
        if l == "convention" && words.iter().any(|w| *w == "National" || w.ends_with("Party")) {
            return Some(Kind::Event);
        }
        if let Some(kind) = head_word_kind(&l) {
            return Some(kind);
        }
        if let Some((Some(kind), _)) = of {
            return Some(kind);
        }
        // `RAF Croughton`, `RAF Lakenheath`: an air base named after its place.
        if words.len() == 2 && words[0] == "RAF" && super::lexicon::common(last) == super::lexicon::Common::No {
            return Some(Kind::Place);
        }
        // `Kamloops RCMP`, `Zorbton BBC`: a place's branch of a body known by its letters.
        if words.len() == 2
            && is_acronym(last)
            && !is_roman_numeral(last)
            && gazetteer::place(last).is_none()
            && gazetteer::place(words[0]).is_some()
        {
            return Some(Kind::Organization);
        }
        // `Hurricane Dorian`, `Typhoon Phanfone`, `Tropical Storm Barry`: a storm's name.
        if STORM_FIRST.contains(&lower(words[0]).as_str())
            || (words.len() > 2 && lower(words[0]) == "tropical" && STORM_FIRST.contains(&lower(words[1]).as_str()))
        {
            return Some(Kind::Event);
        }
        // `Davao del Sur`, `Zamboanga del Norte`: a province.
        if words.len() > 2 && words[words.len() - 2] == "del" && matches!(last, "Sur" | "Norte" | "Este" | "Oeste") {
            return Some(Kind::Place);
        }
        // `Mount Everest`, `Lake Geneva`, `River Thames`.
        if PLACE_FIRST.contains(&lower(words[0]).as_str()) {
            return Some(Kind::Place);
        }
        // A company's legal form anywhere at the end (`Marks & Spencer plc`).
        if COMPANY_SUFFIXES.contains(&last) {
            return Some(Kind::Organization);
        }
    }
    if words.len() == 1 && COMPANY_SUFFIXES.contains(&last) {
        return None;
    }
    None
}

fn is_acronym(word: &str) -> bool {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    let digits = word.chars().filter(char::is_ascii_digit).count();
    (2..=5).contains(&(letters.len() + digits))
        && !letters.is_empty()
        && letters.iter().all(|c| c.is_uppercase())
        && word.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '&' | '-'))
}

/// `J.` or `J.K.`: a person's initials.
fn is_initial(word: &str) -> bool {
    let letters: Vec<char> = word.chars().filter(|c| *c != '.').collect();
    word.ends_with('.') && !letters.is_empty() && letters.len() <= 2 && letters.iter().all(|c| c.is_uppercase())
}

/// Lower-case words inside persons' names (`Charles de Gaulle`, `Osama bin Laden`).
fn is_particle(word: &str) -> bool {
    matches!(
        word,
        "de" | "del"
            | "della"
            | "di"
            | "da"
            | "du"
            | "dos"
            | "van"
            | "von"
            | "der"
            | "den"
            | "bin"
            | "ibn"
            | "le"
            | "la"
    )
}

/// `McDonnell`, `MacShane`, `O'Brien`, `FitzGerald`, `DeWine`: a surname.
fn has_surname_prefix(word: &str) -> bool {
    let rest_upper =
        |p: &str| word.strip_prefix(p).is_some_and(|r| r.chars().next().is_some_and(char::is_uppercase) && r.len() > 1);
    rest_upper("Mc")
        || rest_upper("Mac")
        || rest_upper("O'")
        || rest_upper("D'")
        || rest_upper("D’")
        || rest_upper("O’")
        || rest_upper("Fitz")
        // `DeWine`, `DiMaggio`, `LeBlanc`, `VanDyke`: a particle run into the surname.
        || ["De", "Di", "Du", "La", "Le", "Van", "Von"].iter().any(|p| rest_upper(p))
}

/// A title or role word (for a surface alone; the finder strips titles itself).
fn is_title(word: &str) -> bool {
    let w = word.trim_end_matches('.').to_lowercase();
    TITLES.contains(&w.as_str())
}

/// The words a number completes into a name (`Windows 95`, `Boeing 747`, `Radio 4`,
/// `Key Stage 2`), the finder's list: `Some` of the kind of the name when the word
/// says it, `Some(None)` when it does not, `None` for any other word.
pub(crate) fn numbered_kind(word: &str) -> Option<Option<Kind>> {
    Some(match word {
        "Radio" | "Channel" => Some(Kind::Organization),
        "Section" | "Clause" | "Article" | "Chapter" | "Proposition" => Some(Kind::Document),
        "Stage" | "Windows" | "Formula" => Some(Kind::Other),
        "Office" | "Euro" | "Boeing" | "Airbus" | "Flight" | "Tupolev" | "Ilyushin" | "Antonov" | "Apollo" => None,
        _ => return None,
    })
}

/// A number in words (`Five` of `Channel Five`).
fn is_number_word(word: &str) -> bool {
    matches!(word, "One" | "Two" | "Three" | "Four" | "Five" | "Six" | "Seven" | "Eight" | "Nine" | "Ten")
}

/// Capitalised words that start many a non-person name of two or three words.
fn is_common_capitalised(word: &str) -> bool {
    let word = word.to_lowercase();
    COMMON_CAPITALISED.contains(&word.as_str()) || GROUP_ADJECTIVES.contains(&word.as_str())
}

/// A party or another organisation that news names with one word.
fn is_one_word_organisation(word: &str) -> bool {
    // (`Liberals`, `Conservatives`: a party adjective's plural names the party.)
    let party_plural = word.starts_with(char::is_uppercase)
        && word.strip_suffix('s').is_some_and(|one| PARTY_WORDS.contains(&one.to_lowercase().as_str()));
    ONE_WORD_ORGANISATIONS.contains(&word) || party_plural
}

/// Party adjectives whose plural is the party (`the Liberals`, `the Republicans`).
const PARTY_WORDS: &[&str] = &["liberal", "conservative", "democrat", "republican"];

/// A party's adjective (`Republican`, `Democratic`, `Labour`, `Tory`): the
/// words of [`PARTY_WORDS`], capitalised, and the ones without a plural party.
pub fn is_party_adjective(word: &str) -> bool {
    word.starts_with(char::is_uppercase)
        && (PARTY_WORDS.contains(&word.to_lowercase().as_str()) || matches!(word, "Democratic" | "Labour" | "Tory"))
}

const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "sir",
    "dame",
    "lord",
    "lady",
    "president",
    "secretary",
    "minister",
    "premier",
    "senator",
    "sen",
    "rep",
    "representative",
    "ambassador",
    "general",
    "gen",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "chairman",
    "chairwoman",
    "governor",
    "prime",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "professor",
    "prof",
    "judge",
    "rev",
    "reverend",
    "rabbi",
    "bishop",
    "archbishop",
    "chancellor",
    "mayor",
    "commissioner",
    "captain",
    "colonel",
    "major",
    "sheikh",
    "imam",
    "cardinal",
    "speaker",
    "chief",
];

/// The last word of an organisation's name.
const ORGANISATION_HEADS: &[&str] = &[
    "international",
    "academy",
    "administration",
    "agency",
    "airlines",
    "airways",
    "alliance",
    "army",
    "assembly",
    "association",
    "athletic",
    "authority",
    "bancorp",
    "bank",
    "board",
    "brigade",
    "brigades",
    "broadcasting",
    "bureau",
    "cabinet",
    "celtic",
    "center",
    "centre",
    "chamber",
    "chambers",
    "channel",
    "church",
    "club",
    "co",
    "coalition",
    "college",
    "command",
    "commission",
    "committee",
    "commons",
    "communications",
    "company",
    "conservatives",
    "congress",
    "corp",
    "corporation",
    "council",
    "court",
    "democrats",
    "department",
    "directorate",
    "embassy",
    "executive",
    "exchange",
    "express",
    "fc",
    "federation",
    "force",
    "forces",
    "foundation",
    "front",
    "fund",
    "gazette",
    "government",
    "group",
    "guard",
    "guardian",
    "herald",
    "holdings",
    "hospital",
    "inc",
    "industries",
    "institute",
    "institution",
    "journal",
    "league",
    "lords",
    "ltd",
    "magazine",
    "mail",
    "media",
    "militia",
    "ministry",
    "mirror",
    "motors",
    "movement",
    "museum",
    "navy",
    "network",
    "news",
    "newsroom",
    "observer",
    "office",
    "organisation",
    "organization",
    "parliament",
    "partners",
    "party",
    "petroleum",
    "plc",
    "police",
    "post",
    "press",
    "radio",
    "rangers",
    "regiment",
    // (`2nd Battalion Royal Gurkha Rifles`, `Argyll and Sutherland Highlanders`.)
    "battalion",
    "brigade",
    "rifles",
    "fusiliers",
    "highlanders",
    "borderers",
    "dragoons",
    "hussars",
    "lancers",
    "republicans",
    "review",
    "rovers",
    "school",
    "secretariat",
    "securities",
    "senate",
    "service",
    "services",
    "society",
    "staff",
    "systems",
    "technologies",
    "telecom",
    "telegraph",
    "television",
    "times",
    "tribunal",
    "tribune",
    "trust",
    "tv",
    "union",
    "united",
    "university",
    "wanderers",
    "watch",
    "weekly",
    "yard",
    "air",
    "presse",
    "house",
    "council's",
    "library",
    "supplement",
    "comprehensive",
    "enterprise",
    "socialists",
    "greens",
    "liberals",
    "nationalists",
    "construction",
    "pharmaceuticals",
    "clinic",
    "studios",
    "records",
    "entertainment",
    "labs",
    "laboratories",
    "energy",
    // (`Crow Tribe`, `Blackfeet Nation`, `Scripps Research`, `Indian Railways`, `Manila Bulletin`.)
    "tribe",
    "nation",
    "community",
    "research",
    "investment",
    "management",
    "hospice",
    "bulletin",
    "railways",
    "railway",
];

/// A first word that makes an organisation with `of` / `for` after it (`House of Commons`).
const ORGANISATION_OF: &[&str] = &["house", "friends", "court", "chamber", "chambers", "campaign", "secretariat"];

/// The last word of a place's name.
const PLACE_HEADS: &[&str] = &[
    "castle",
    "palace",
    "cathedral",
    "temple",
    "hotel",
    "avenue",
    "basin",
    "bay",
    "beach",
    "borough",
    "bridge",
    "canal",
    "coast",
    "continent",
    "county",
    "delta",
    "desert",
    "district",
    "emirates",
    "estuary",
    "falls",
    "gulf",
    "harbour",
    "harbor",
    "heights",
    "highlands",
    "hill",
    "hills",
    "island",
    "islands",
    "isles",
    "kingdom",
    "lake",
    "lane",
    "mountain",
    "mountains",
    "ocean",
    "park",
    "peninsula",
    "plain",
    "plains",
    "plateau",
    "province",
    "region",
    "republic",
    "river",
    "road",
    "sea",
    "square",
    "stadium",
    "state",
    "strait",
    "straits",
    "street",
    "strip",
    "territories",
    "territory",
    "town",
    "valley",
    "village",
    "way",
    "arena",
    "airport",
    "dome",
    "line",
    "station",
    "hall",
    "prison",
    "township",
    "plaza",
    "lawn",
    "mine",
    // Buildings, sites and land of world news (`Qaboos Grand Mosque`, `Gillespie Field`,
    // `Davao Mall`, `Cotabato Trench`, `Imus Ranch`, `Elbow Cay`, `Omsk Oblast`).
    "mosque",
    "synagogue",
    "shrine",
    "abbey",
    "chapel",
    "basilica",
    "monastery",
    "base",
    "mall",
    "theatre",
    "theater",
    "tower",
    "monument",
    "cemetery",
    "reef",
    "trench",
    "crater",
    "canyon",
    "glacier",
    "volcano",
    "gardens",
    "boulevard",
    "quay",
    "pier",
    "wharf",
    "ranch",
    "forest",
    "dam",
    "reservoir",
    "lagoon",
    "atoll",
    "archipelago",
    "cay",
    "oblast",
    "governorate",
    "municipality",
    "parish",
    "canton",
    "suburb",
    "racecourse",
    "speedway",
    "field",
    // (`Mindanao Fault`, `Sandy Point`, `Wind River Reservation`.)
    "fault",
    "point",
    "junction",
    "range",
    "reservation",
];

/// Place heads that are common surnames too: after a given name, a person (`David Hill`).
const SURNAME_HEADS: &[&str] =
    &["Hill", "Hills", "Lane", "Hall", "Castle", "Temple", "Park", "Bridge", "Field", "Tower", "Forest", "Chapel"];

/// First words of bodies' names in other languages (`Gazeta Wyborcza`,
/// `Deutsche Welle`, `Agence France-Presse`, `Banco Santander`).
const ORGANISATION_FIRST: &[&str] = &[
    "gazeta",
    "deutsche",
    "agence",
    "banco",
    "grupo",
    "instituto",
    "universidad",
    "université",
    "universität",
    "ministerio",
    "partido",
    "compagnie",
    "société",
    "societe",
    "magyar",
];

/// `II`, `IV`, `XIV`: a Roman numeral (of a king, a war, a sequel), no acronym.
fn is_roman_numeral(word: &str) -> bool {
    word.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C' | 'D' | 'M'))
}

/// A first word that makes a storm's name, an event (`Hurricane Dorian`, `Cyclone Idai`).
const STORM_FIRST: &[&str] = &["hurricane", "typhoon", "cyclone", "storm", "depression"];

/// A first word that makes a place (`Mount Everest`, `Lake Geneva`).
const PLACE_FIRST: &[&str] =
    &["mount", "mt", "lake", "river", "isle", "cape", "fort", "port", "st", "saint", "san", "santa", "county", "punta"];

/// A first word that makes a place with `of` after it (`Isle of Man`, `Republic of Ireland`).
const PLACE_OF: &[&str] = &["isle", "gulf", "bay", "cape", "straits", "sea", "city", "province", "state", "kingdom"];

/// The last word of an event's name.
const EVENT_HEADS: &[&str] = &[
    "awards",
    "budget",
    "championship",
    "championships",
    "conference",
    "cup",
    "crisis",
    "election",
    "elections",
    "festival",
    "games",
    "genocide",
    "holocaust",
    "invasion",
    "marathon",
    "massacre",
    "olympics",
    "open",
    "prix",
    "referendum",
    "revolution",
    "summit",
    "talks",
    "tour",
    "trophy",
    "uprising",
    "war",
    "wars",
    "inquiry",
    "day",
    "week",
    "show",
    "exhibition",
    "programme",
    // (`Christmas Eve`, `Coronavirus Pandemic`, `Beyond Fest`.)
    "eve",
    "pandemic",
    "outbreak",
    "earthquake",
    "fest",
    "competition",
];

/// The last word of a document's name.
const DOCUMENT_HEADS: &[&str] = &[
    "accord",
    "accords",
    "act",
    "agreement",
    "bill",
    "charter",
    "code",
    "constitution",
    "convention",
    "declaration",
    "directive",
    "doctrine",
    "law",
    "manifesto",
    "memorandum",
    "paper",
    "protocol",
    "regulation",
    "regulations",
    "report",
    "reports",
    "resolution",
    "plan",
    "scheme",
    "treaty",
    "amendment",
];

/// `New Year`.
const HOLIDAYS_OF_NEW: &[&str] = &["Year"];

/// Holidays and other one-word events.
const HOLIDAYS: &[&str] = &[
    "Christmas",
    "Easter",
    "Ramadan",
    "Eid",
    "Hanukkah",
    "Diwali",
    "Thanksgiving",
    "Passover",
    "Holocaust",
    "Olympics",
];

/// Legal forms of companies.
const COMPANY_SUFFIXES: &[&str] = &[
    "plc", "PLC", "Plc", "Ltd", "Ltd.", "Inc", "Inc.", "Corp", "Corp.", "AG", "SA", "NV", "BV", "GmbH", "SpA", "LLC",
    "Co.", "Limited", "LLP",
];

/// Organisations news names with one word (parties, movements, alliances).
const ONE_WORD_ORGANISATIONS: &[&str] = &[
    "Lloyd's",
    "Moody's",
    "McDonald's",
    "Sotheby's",
    "Christie's",
    "Macy's",
    "Sainsbury's",
    "Labour",
    "Tories",
    "Conservatives",
    "Democrats",
    "Republicans",
    "Greens",
    "Nato",
    "Opec",
    "Unicef",
    "Unesco",
    "Interpol",
    "Europol",
    "Hamas",
    "Hezbollah",
    "Hizbollah",
    "Taleban",
    "Taliban",
    "al-Qaeda",
    "Fatah",
    "Ofsted",
    "Ofcom",
    "Ofgem",
    "Ofwat",
    "Reuters",
    "Eurostat",
    "Microsoft",
    "Google",
    "Yahoo",
    "Amazon",
    "Sony",
    "Nokia",
    "Ryanair",
    "easyJet",
    "Whitehall",
    "Kremlin",
    "Pentagon",
    "Parliament",
    "Commons",
    "Congress",
    "Senate",
    "Sinn",
    "Plaid",
    "Ukip",
    "Likud",
    "Euronext",
    "Nasdaq",
    "Airbus",
    "Boeing",
    "Vodafone",
    "Tesco",
    "Sainsbury's",
    "Asda",
    "Apple",
    "Cabinet",
    "Treasury",
    "Lords",
    "Exchequer",
    "Unison",
    "Amicus",
    "Ucas",
    "Scotsman",
    "Spectator",
    "Economist",
    "Dems",
    "Dem",
    "Intel",
    "Samsung",
    "Toyota",
    "Fiat",
    "Renault",
    "Siemens",
    "Unilever",
    "Barclays",
    "HSBC",
    // Platforms that news of the 2010s and 2020s names with one word (`posted to Twitter`).
    "Twitter",
    "Facebook",
    "Instagram",
    "Netflix",
    "Snapchat",
    "Wikipedia",
    "Wikinews",
];

/// Words that start two- or three-word names of anything but a person.
const COMMON_CAPITALISED: &[&str] = &[
    "good",
    "great",
    "new",
    "old",
    "big",
    "little",
    "black",
    "white",
    "red",
    "green",
    "blue",
    "golden",
    "royal",
    "national",
    "international",
    "global",
    "world",
    "northern",
    "southern",
    "eastern",
    "western",
    "north",
    "south",
    "east",
    "west",
    "central",
    "upper",
    "lower",
    "high",
    "grand",
    "united",
    "free",
    "first",
    "second",
    "third",
    "last",
    "holy",
    "human",
    "social",
    "public",
    "private",
    "general",
    "home",
    "foreign",
    "prime",
    "chief",
    "deputy",
    "shadow",
    "labour",
    "independent",
    "the",
    "operation",
    "project",
    "radio",
    "channel",
    "today",
    "news",
    "daily",
    "sunday",
    "weekly",
    "cold",
    "civil",
    "education",
    "health",
    "transport",
    "energy",
    "trade",
    "finance",
    "defence",
    "security",
    "freedom",
    "parliamentary",
    "women",
    "male",
    "female",
    "using",
    "stop",
    "age",
    "comic",
    "weakest",
    "lib",
    "nat",
    "millennium",
    "bolshevik",
    "former",
    "borders",
    "grade",
];

/// The words around a name that says nothing itself place it: a
/// constituency (`MP for Ashfield`, `AM for Aberavon`, `his Ashfield seat`)
/// or a place inside a known one (`Minety in Wiltshire`, `of Tuxford,
/// Nottingham`).
pub fn place_around(before: &str, after: &str) -> bool {
    let before = before.trim_end_matches([' ', '\u{a0}']);
    let for_member = before.strip_suffix(" for").is_some_and(|b| {
        let w = b.rsplit(' ').next().unwrap_or("");
        matches!(w, "MP" | "AM" | "MSP" | "MEP" | "MLA" | "member" | "candidate" | "seat")
    });
    let seat = ["seat", "constituency", "constituents", "ward"].iter().any(|w| {
        after.strip_prefix(' ').and_then(|a| a.strip_prefix(w)).is_some_and(|r| !r.starts_with(char::is_alphabetic))
    });
    let inside = [" in ", ", "].iter().any(|sep| {
        after.strip_prefix(sep).is_some_and(|a| {
            let next: String = a.chars().take_while(|c| c.is_alphabetic()).collect();
            next.starts_with(char::is_uppercase) && gazetteer::place(&next).is_some()
        })
    }) && !title_before(before);
    for_member || seat || inside
}

/// What a name's shape says: a brand's inner capital (`NatWest`, `YouGov`,
/// but not `McDonnell`) is an organisation; a place and a compass word
/// (`Bolton West`, `Ealing North`: constituencies) is a place.
fn by_shape(words: &[&str]) -> Option<Kind> {
    if let [one] = words {
        let inner_capital = one.chars().zip(one.chars().skip(1)).any(|(a, b)| a.is_lowercase() && b.is_uppercase());
        if inner_capital && !has_surname_prefix(one) && one.chars().all(char::is_alphanumeric) {
            return Some(Kind::Organization);
        }
    }
    if let [rest @ .., last] = words
        && !rest.is_empty()
        && matches!(*last, "North" | "South" | "East" | "West" | "Central")
        && gazetteer::place(&rest.join(" ")).is_some()
    {
        return Some(Kind::Place);
    }
    None
}

/// A title or role word (`Dr`, `Rev`, `Rt`, `Minister`, `Constable`) or a
/// post-nominal (`MP`, `MSP`): words a name glued to a role starts with, for
/// the corpus-wide grouping (`candidates::refine`).
pub fn is_role_word(word: &str) -> bool {
    is_title(word)
        || super::finder::is_post_nominal(word)
        || matches!(
            word.trim_end_matches('.'),
            "Rt" | "Hon" | "Constable" | "Director" | "Treasurer" | "Solicitor" | "Shadow"
        )
}

/// The kind a head word gives a name of several words (`Home Office`,
/// `Downing Street`, `World Cup`, `Terrorism Act`), if any.
pub fn head_kind(name: &str) -> Option<Kind> {
    by_head(&name.split_whitespace().collect::<Vec<_>>())
}

/// A word that ends names of a kind (`Institute`, `Street`, `Summit`, `Act`).
pub fn is_head_word(word: &str) -> bool {
    head_word_kind(&word.to_lowercase()).is_some()
}

/// A word that starts many names of two or three words (`New`, `Royal`,
/// `British`, `Labour`): no role to cut off a name.
pub fn is_name_modifier(word: &str) -> bool {
    is_common_capitalised(word)
}

/// A one-word name of a people, a faith or a party's members rather than of
/// one entity (`British`, `Tory`, `Muslims`, `Rwandan`, `Pakistanis`,
/// `Israelis`): a word of the nationality lists, or its plural, or a country
/// or a major place with a nationality's ending (`Rwanda` → `Rwandan`,
/// `Egypt` → `Egyptian`, `Pakistan` → `Pakistani`, `Japan` → `Japanese`).
/// It names no entity of its own: the catalogue's `other`.
pub fn names_a_group(name: &str) -> bool {
    // `Roman Catholics`, `British Jews`, `Scottish Conservative`: every word names a group;
    // `South African`, `Sri Lankan`: a country's adjective.
    if let Some((first, rest)) = name.split_once(' ') {
        return (names_a_group(first) && names_a_group(rest)) || (!rest.contains(' ') && adjective_of_place(name));
    }
    if !name.starts_with(char::is_uppercase) || is_one_word_organisation(name) {
        return false;
    }
    // `Welshman`, `Frenchwomen`, `Scotsman`: one of a people.
    let person_of = ["man", "men", "woman", "women"].iter().find_map(|e| name.strip_suffix(e));
    if let Some(stem) = person_of {
        let stem = stem.to_lowercase();
        if is_group_word(&stem) || stem.strip_suffix('s').is_some_and(is_group_word) {
            return true;
        }
    }
    // (`Philippines` is the country, not the plural of `Philippine`.)
    if gazetteer::place(name).is_some() || gazetteer::is_country(name) {
        return false;
    }
    std::iter::once(name.to_string()).chain(singular(name)).any(|w| {
        if is_one_word_organisation(&w) || gazetteer::place(&w).is_some() {
            return false;
        }
        if is_group_word(&w.to_lowercase()) && w.chars().skip(1).all(char::is_lowercase) {
            return true;
        }
        adjective_of_place(&w)
    })
}

/// The singular of a plural noun (`Secretaries` → `Secretary`, `Muslims` →
/// `Muslim`; not `Boss`), or `None` when `word` does not end like a plural.
pub fn singular(word: &str) -> Option<String> {
    word.strip_suffix("ies")
        .map(|s| format!("{s}y"))
        .or_else(|| word.strip_suffix('s').filter(|s| !s.ends_with('s')).map(str::to_string))
}

/// `Rwandan`, `Turkish`, `South African`: a country's or a major place's adjective.
fn adjective_of_place(w: &str) -> bool {
    // (`Guardian` is no adjective of `Guarda`: a word the lexicon holds only as a common word.)
    if super::lexicon::common(w) == super::lexicon::Common::Only {
        return false;
    }
    // (`Argentine`, `Philippine`: `-ine` of `Argentina`, `Philippines`.)
    const ENDINGS: [(&str, &[&str]); 7] = [
        ("n", &[""]),
        ("ine", &["ina", "ines"]),
        ("an", &["", "e", "a"]),
        ("ian", &["", "e", "a", "y"]),
        ("i", &["", "land"]),
        ("ese", &["", "a", "e", "on"]),
        ("ish", &["", "ey", "land"]),
    ];
    ENDINGS.iter().any(|(ending, restore)| {
        w.strip_suffix(ending).filter(|stem| stem.chars().count() >= 3).is_some_and(|stem| {
            restore.iter().any(|r| {
                let place = format!("{stem}{r}");
                gazetteer::is_country(&place) || gazetteer::place(&place) == Some(Place::Major)
            })
        })
    })
}

/// A nationality, faith or party word (lower case), listed in
/// [`GROUP_WORDS`] or [`GROUP_ADJECTIVES`].
fn is_group_word(lower: &str) -> bool {
    GROUP_WORDS.contains(&lower) || GROUP_ADJECTIVES.contains(&lower)
}

/// Nationality, faith and party words whose ending says nothing (`Briton`,
/// `Jew`, `Soviet`), besides the adjectives of [`GROUP_ADJECTIVES`].
const GROUP_WORDS: &[&str] = &[
    "briton",
    "jew",
    "scot",
    "soviet",
    "turkish",
    "thai",
    "greek",
    "dutch",
    "swiss",
    "hindu",
    "sikh",
    "gypsy",
    "hutu",
    "tutsi",
    "eurosceptic",
    "europhile",
    // World news: peoples and faiths (`Saudis`, `Turkish Cypriot`, `Native American`, `Islam`).
    "saudi",
    "swede",
    "dane",
    "finn",
    "pole",
    "czech",
    "kurd",
    "cypriot",
    "filipino",
    "filipina",
    "latino",
    "latina",
    "hispanic",
    "maori",
    "inuit",
    "basque",
    "catalan",
    "flemish",
    "pashtun",
    "uyghur",
    "uighur",
    "rohingya",
    "yazidi",
    "druze",
    "bedouin",
    "buddhist",
    "protestant",
    "anglican",
    "sunni",
    "shia",
    "shiite",
    "mormon",
    "native",
    "indigenous",
    "aboriginal",
    "islam",
    "christianity",
    "judaism",
    "hinduism",
    "buddhism",
    "sikhism",
];

/// Nationality, faith and party adjectives: both words that start names of
/// anything but a person ([`COMMON_CAPITALISED`]) and words of groups
/// ([`GROUP_WORDS`]).
const GROUP_ADJECTIVES: &[&str] = &[
    "european",
    "british",
    "english",
    "american",
    "liberal",
    "democratic",
    "republican",
    "conservative",
    "tory",
    "islamic",
    "christian",
    "catholic",
    "jewish",
    "muslim",
    "scottish",
    "welsh",
    "irish",
    "french",
    "german",
    "italian",
    "spanish",
    "russian",
    "chinese",
    "japanese",
    "indian",
    "african",
    "asian",
    "arab",
    "israeli",
    "palestinian",
    "iraqi",
    "iranian",
    "afghan",
    "pakistani",
    "nazi",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(name: &str, expected: Option<Kind>) {
        assert_eq!(guess(name, Evidence::default()), expected, "{name}");
    }

    #[test]
    fn titles_and_bylines_mean_a_person() {
        let titled = Evidence { titled: true, ..Evidence::default() };
        assert_eq!(guess("Hitler", titled), Some(Kind::Person));
        assert_eq!(guess("Cathy He", Evidence { byline: true, ..Evidence::default() }), Some(Kind::Person));
        assert_eq!(guess_surface("Mr. Bliken"), Kind::Person);
        assert_eq!(guess_surface("President Macron"), Kind::Person);
    }

    #[test]
    fn places_from_the_gazetteer() {
        for place in ["Germany", "Japan", "India", "Northern Ireland", "Wales", "Sheffield", "UK", "US", "Middle East"]
        {
            check(place, Some(Kind::Place));
        }
        // A programme that ends in a place is not that place.
        assert_ne!(guess("Good Morning Wales", Evidence::default()), Some(Kind::Place));
    }

    #[test]
    fn organisations_by_head_suffix_party_and_acronym() {
        for org in [
            "Labour Party",
            "Home Office",
            "Metropolitan Police",
            "Bank of England",
            "Leeds University",
            "European Union",
            "Enron Corp",
            "Arsenal FC",
            "Manchester United",
            "Manchester City",
            "Labour",
            "Liberal Democrats",
            "Tories",
            "BBC",
            "NATO",
            "House of Commons",
            "Ministry of Defence",
            "Department for Education",
        ] {
            check(org, Some(Kind::Organization));
        }
    }

    #[test]
    fn events_documents_and_places_by_head() {
        check("General Election", Some(Kind::Event));
        check("World Cup", Some(Kind::Event));
        check("Freedom of Information Act", Some(Kind::Document));
        check("Treaty of Rome", Some(Kind::Document));
        check("Downing Street", Some(Kind::Place));
        check("Mexico City", Some(Kind::Place));
        check("Isle of Man", Some(Kind::Place));
        check("Lake Geneva", Some(Kind::Place));
    }

    #[test]
    fn numbered_names_and_titles_by_their_head() {
        check("Radio 4", Some(Kind::Organization));
        check("BBC Radio Five", Some(Kind::Organization));
        check("Channel Five", Some(Kind::Organization));
        check("Section 28", Some(Kind::Document));
        check("Key Stage 2", Some(Kind::Other));
        // A verb's campaign is a body; a title is named by its last word or nothing.
        check("Save the Children", Some(Kind::Organization));
        check("Stop the War", Some(Kind::Organization));
        check("Paying the Price", Some(Kind::Other));
        check("Breakfast with Frost", Some(Kind::Other));
        // Not a common word before `the`: no title.
        check("William Pitt the Younger", Some(Kind::Person));
    }

    #[test]
    fn persons_by_given_name_initials_and_surname_shape() {
        for person in ["John Major", "Theresa May", "Jack Straw", "Charles Clarke", "J. K. Rowling", "Michael Howard"] {
            check(person, Some(Kind::Person));
        }
        check("Dominique de Villepin", Some(Kind::Person));
        check("McDonnell", Some(Kind::Person));
        check("Marshall Plan", Some(Kind::Document));
        check("World War Two", Some(Kind::Event));
        check("World War II", Some(Kind::Event));
        check("Campaign for Nuclear Disarmament", Some(Kind::Organization));
        check("British Chambers of Commerce", Some(Kind::Organization));
        check("G8", Some(Kind::Organization));
        check("Central London", Some(Kind::Place));
        // No given name, but two plain capitalised words.
        check("Xi Jinping", Some(Kind::Person));
    }

    #[test]
    fn nothing_points_to_a_kind() {
        check("Draconian", None);
        // A surname that is also a given name (`Blair`) is taken for a person.
        check("Blair", Some(Kind::Person));
        check("Good Morning Wales", None);
        check("Draconian Wales", None);
        // A given name alone: a person called by first name.
        check("Theresa", Some(Kind::Person));
        check("Christmas", Some(Kind::Event));
        assert!(place_preposition_before("he lives in the "));
        assert!(!place_preposition_before("he wrote to "));
        assert!(place_preposition_before("born in "));
        assert!(!place_preposition_before("according to "));
        let team = Evidence { team: true, ..Evidence::default() };
        assert_eq!(guess("Essex", team), Some(Kind::Organization));
        assert_eq!(guess("John Major", team), Some(Kind::Person));
        assert!(team_around("", " 320 and 45-2"));
        assert!(team_around("Leeds v ", ""));
        assert!(team_around("", " beat Kent by six wickets"));
        assert!(team_around("", "'s shares fell"));
        assert!(!team_around("", " 1996-08-30"));
        assert!(!team_around("in ", " 1996"));
        // A place preposition.
        assert_eq!(guess("Zog", Evidence { place_preposition: true, ..Evidence::default() }), Some(Kind::Place));
    }

    /// The kind `of_found_name` gives the name `name` on `line` (its first occurrence),
    /// found with no title.
    #[track_caller]
    fn on_line(line: &str, name: &str) -> Kind {
        let start = line.find(name).unwrap();
        of_found_name(line, Span::new(start, start + name.len()), Kind::Other, false)
    }

    #[test]
    fn words_after_a_name_make_a_person() {
        assert_eq!(on_line("Smirnov said the talks failed.", "Smirnov"), Kind::Person);
        assert_eq!(on_line("Birnberg told Reuters on Monday.", "Birnberg"), Kind::Person);
        assert_eq!(on_line("the daily quoted Rosati as saying.", "Rosati"), Kind::Person);
        assert_eq!(on_line("\" I am fine, \" said Smirnov.", "Smirnov"), Kind::Person);
        assert_eq!(on_line("Banharn, who leads the coalition, spoke.", "Banharn"), Kind::Person);
        assert_eq!(on_line("Hingis has been working hard.", "Hingis"), Kind::Person);
        assert_eq!(on_line("Zicot, 45, is a specialist.", "Zicot"), Kind::Person);
        // Nothing around: no kind.
        assert_eq!(on_line("They met Zorblat.", "Zorblat"), Kind::Other);
    }

    #[test]
    fn words_around_a_name_make_an_organisation() {
        assert_eq!(on_line("Gencor shares rose 3 percent.", "Gencor"), Kind::Organization);
        assert_eq!(on_line("Lehman analyst Blake Bath said so.", "Lehman"), Kind::Organization);
        assert_eq!(on_line("The boat sank, Navy spokesman Lt. Pineda said.", "Navy"), Kind::Organization);
        assert_eq!(on_line("It sold its stake in Malbak last year.", "Malbak"), Kind::Organization);
        assert_eq!(on_line("He joined the Padres in May.", "Padres"), Kind::Organization);
        assert_eq!(on_line("Kredietbank news agency reported it.", "Kredietbank"), Kind::Organization);
        assert_eq!(on_line("the evening newspaper Resalat reported.", "Resalat"), Kind::Organization);
        assert_eq!(on_line("Former Sheffield coach Robson left.", "Sheffield"), Kind::Organization);
        // A town's team: a plural verb after it.
        assert_eq!(on_line("Bradford were beaten at home.", "Bradford"), Kind::Organization);
        // But a country stays a place.
        assert_eq!(on_line("Pakistan were all out for 200.", "Pakistan"), Kind::Place);
    }

    #[test]
    fn clubs_and_makes_in_sports_results() {
        assert_eq!(on_line("Marc Hottiger (Everton), Yvan Quentin (Sion).", "Everton"), Kind::Organization);
        assert_eq!(on_line("IFK Gothenburg drew 1-1 with Ferencvaros of Hungary.", "Ferencvaros"), Kind::Organization);
        assert_eq!(on_line("4. Johan Boonen (Belgium) Husqvarna", "Husqvarna"), Kind::Organization);
        assert_eq!(on_line("Sint Truiden 3 Ekeren 1", "Sint Truiden"), Kind::Organization);
        assert_eq!(on_line("Leeds v Wimbledon", "Leeds"), Kind::Organization);
        // A person of a country is no club.
        assert_eq!(on_line("Yesterday, Karsten Warholm of Norway won.", "Karsten Warholm"), Kind::Person);
    }

    #[test]
    fn persons_and_countries_in_sports_results() {
        // A bowler, a catcher, a goal's minute, a ranked rider, a player and his country.
        assert_eq!(on_line("N. Knight b Mullally 17", "Mullally"), Kind::Person);
        assert_eq!(on_line("Inzamam c Hussain b Mushtaq 35", "Hussain"), Kind::Person);
        assert_eq!(on_line("Blackburn 2 (Warhurst 34th, Bohinen 51st).", "Bohinen"), Kind::Person);
        assert_eq!(on_line("5. Lietti 8", "Lietti"), Kind::Person);
        assert_eq!(on_line("Mullally 22-6-56-2, Cork 20-3-60-1", "Mullally"), Kind::Person);
        assert_eq!(on_line("Scott Draper beat Galo Blanco (Spain) 6-3 7-5", "Galo Blanco"), Kind::Person);
        // A national side is its country; a baseball schedule's `AT` leads to a place.
        assert_eq!(on_line("Ethiopia 1 Uganda 1", "Uganda"), Kind::Place);
        assert_eq!(on_line("England beat Pakistan by five wickets.", "Pakistan"), Kind::Place);
        assert_eq!(on_line("BOSTON AT CALIFORNIA", "CALIFORNIA"), Kind::Place);
    }

    #[test]
    fn surnames_companies_datelines_and_scores_on_the_line() {
        // The surname of a full name earlier on the line; a surname's ending when nothing else points.
        let line = "Premier Anna Tolvik met envoys before a visit by Tolvik to Zorbigrad.";
        let start = line.rfind("Tolvik").unwrap();
        assert_eq!(of_found_name(line, Span::new(start, start + 6), Kind::Other, false), Kind::Person);
        assert_eq!(on_line("The match against Blorkov lasted an hour.", "Blorkov"), Kind::Person);
        assert_eq!(on_line("The match against Zindeler lasted an hour.", "Zindeler"), Kind::Person);
        assert_eq!(on_line("The match against Zindel lasted an hour.", "Zindel"), Kind::Other);
        // A company or an agency says `it`; `the Zindeler family` stays a person's.
        assert_eq!(on_line("Glorbex said it would cut jobs.", "Glorbex"), Kind::Organization);
        assert_eq!(on_line("Glorbex said on Monday its profit fell.", "Glorbex"), Kind::Organization);
        assert_eq!(on_line("Glorbex said in a statement that sales fell.", "Glorbex"), Kind::Organization);
        assert_eq!(on_line("Glorbex said he was tired.", "Glorbex"), Kind::Person);
        assert_eq!(on_line("Anna Tolvik said it was a good day.", "Anna Tolvik"), Kind::Person);
        // A plural verb, a player's club, an agency's quote, a company's people.
        assert_eq!(on_line("SOCCER - GLORBEX WIN AGAIN.", "GLORBEX"), Kind::Organization);
        assert_eq!(on_line("He joined his Glorbex team-mates.", "Glorbex"), Kind::Organization);
        assert_eq!(on_line("Glorbex quoted a minister as saying so.", "Glorbex"), Kind::Organization);
        assert_eq!(on_line("Glorbex workers went on strike.", "Glorbex"), Kind::Organization);
        assert_eq!(on_line("-- Anna Tolvik, Zorbigrad Newsroom +44 171", "Zorbigrad Newsroom"), Kind::Organization);
        // A dateline's place; Australian rules scores are a team's.
        assert_eq!(on_line("ZORBIGRAD 1996-08-29", "ZORBIGRAD"), Kind::Place);
        assert_eq!(on_line("Zorbigrad, Blorkania 1996-08-22", "Zorbigrad"), Kind::Place);
        assert_eq!(on_line("Zorbigrad 1996", "Zorbigrad"), Kind::Other);
        assert_eq!(on_line("Glorbex 14.12 (96) Zorbigrad 9.12 (66)", "Glorbex"), Kind::Organization);
        // A headline's one word with nothing else: a person; alone on its line it says nothing.
        assert_eq!(on_line("SOCCER - TOLVIK SAD OVER PARTING.", "TOLVIK"), Kind::Person);
        assert_eq!(on_line("TOLVIK", "TOLVIK"), Kind::Other);
    }

    #[test]
    fn ages_deeds_and_kin_make_a_person() {
        assert_eq!(on_line("the 24-year-old Tolvik won easily.", "Tolvik"), Kind::Person);
        assert_eq!(on_line("Tolvik's lawyer appealed.", "Tolvik"), Kind::Person);
        assert_eq!(on_line("Tolvik flew to Zorbigrad.", "Tolvik"), Kind::Person);
        assert_eq!(on_line("Glorbex posted a profit.", "Glorbex"), Kind::Organization);
    }

    #[test]
    fn teams_in_sports_prose_and_results() {
        // A county or town that plays; not where a match is played.
        assert_eq!(on_line("Kent's bowlers took five wickets.", "Kent"), Kind::Organization);
        assert_eq!(on_line("Rain fell in Kent and the match was drawn.", "Kent"), Kind::Place);
        assert_eq!(on_line("Kent is lovely in June.", "Kent"), Kind::Place);
        // A make after a rider's country, even when it is a country's name too.
        assert_eq!(on_line("4. Anna Tolvik (Brazil) Jordan 1:53.152", "Jordan"), Kind::Organization);
        // A club, its country and its goals; a ranked list's points are a person's.
        assert_eq!(on_line("In Zorbigrad: Glorbex (Norway) 2 Zorbia Town (Ireland) 1", "Glorbex"), Kind::Organization);
        assert_eq!(
            on_line("In Zorbigrad: Glorbex (Norway) 2 Zorbia Town (Ireland) 1", "Zorbia Town"),
            Kind::Organization
        );
        assert_eq!(on_line("9. Anna Tolvik (France) 38", "Anna Tolvik"), Kind::Person);
        // A result or a table's row: clubs, even named like persons.
        assert_eq!(on_line("Tottenham 0 Everton 0", "Everton"), Kind::Organization);
        assert_eq!(on_line("Zorbia Town 2 Glorbex 1 (1-0)", "Glorbex"), Kind::Organization);
        assert_eq!(on_line("Everton 3 1 2 0 4 2 5", "Everton"), Kind::Organization);
        assert_eq!(on_line("Anna Tolvik 35 and Peter Pernat 12", "Peter Pernat"), Kind::Person);
        // A tennis player's sets are no team's score.
        assert_eq!(on_line("Anna Tolvik (France) beat Peter Washington 6-2 6-1", "Peter Washington"), Kind::Person);
    }

    #[test]
    fn words_before_a_name_make_a_place() {
        assert_eq!(on_line("He flew to the capital Zorbagrad on Monday.", "Zorbagrad"), Kind::Place);
        assert_eq!(on_line("They met at Erez checkpoint.", "Erez"), Kind::Place);
        assert_eq!(on_line("Planes land at Gatwick airport.", "Gatwick"), Kind::Place);
    }

    #[test]
    fn peoples_faiths_and_members_name_a_group() {
        for w in [
            "British",
            "Tory",
            "Muslims",
            "Rwandan",
            "Egyptians",
            "Pakistani",
            "Israelis",
            "Japanese",
            "Gypsies",
            "Welshman",
            "Frenchmen",
        ] {
            assert!(names_a_group(w), "{w}");
        }
        // Places, parties known by one word, persons, names of several words: no group.
        for w in ["Israel", "Jordan", "Tories", "Labour", "Sullivan", "Brian", "Liberal Democrats", "Milan"] {
            assert!(!names_a_group(w), "{w}");
        }
    }

    #[test]
    fn shapes_and_new_heads() {
        let g = |n: &str| guess(n, Evidence::default());
        // A brand's inner capital, not a surname prefix.
        assert_eq!(g("NatWest"), Some(Kind::Organization));
        assert_eq!(g("YouGov"), Some(Kind::Organization));
        assert_ne!(g("McDonnell"), Some(Kind::Organization));
        assert_eq!(g("DeWine"), Some(Kind::Person));
        assert_eq!(g("Twitter"), Some(Kind::Organization));
        assert_eq!(g("C.L. Gammon"), Some(Kind::Person));
        assert_eq!(g("BBC Scotland"), Some(Kind::Organization));
        // A party's convention is a gathering; a township, plaza or mine a place; a firm's trade.
        assert_eq!(g("Democratic National Convention"), Some(Kind::Event));
        assert_eq!(g("Geneva Convention"), Some(Kind::Document));
        assert_eq!(g("Libertyville Township"), Some(Kind::Place));
        assert_eq!(g("Upper Big Branch Mine"), Some(Kind::Place));
        assert_eq!(g("Regeneron Pharmaceuticals"), Some(Kind::Organization));
        assert_eq!(g("United States of America"), Some(Kind::Place));
        // The head before `of` beats the last word.
        assert_eq!(g("University of the Highlands and Islands"), Some(Kind::Organization));
        assert_eq!(g("Constitution for the European Union"), Some(Kind::Document));
        assert_eq!(g("Gulf of Mexico"), Some(Kind::Place));
        assert_eq!(g("Isle of Wight Council"), Some(Kind::Organization));
        assert_eq!(g("City of York Council"), Some(Kind::Organization));
        assert_eq!(g("Bill of Rights Institute"), Some(Kind::Organization));
        assert_eq!(g("DiMaggio"), Some(Kind::Person));
        // A place and a compass word: a constituency.
        assert_eq!(g("Bolton West"), Some(Kind::Place));
        // A given name before a place's head is no person (`George Street`).
        assert_eq!(g("George Street"), Some(Kind::Place));
        assert_eq!(g("Windsor Castle"), Some(Kind::Place));
        assert_eq!(g("Amnesty International"), Some(Kind::Organization));
        // A country the places list leaves out is a place still.
        assert_eq!(g("Israel"), Some(Kind::Place));
    }

    #[test]
    fn constituencies_and_places_inside_places() {
        assert_eq!(on_line("He is Labour MP for Zorbton and a minister.", "Zorbton"), Kind::Place);
        assert_eq!(on_line("He has his sights on his Zorbton seat.", "Zorbton"), Kind::Place);
        assert_eq!(on_line("Two sites, Zorbton in Wiltshire, remain.", "Zorbton"), Kind::Place);
        assert_eq!(on_line("Leslie Gray, 43, of Zorbton, Nottingham, was held.", "Zorbton"), Kind::Place);
        // A title before: a person, wherever the person is.
        assert_ne!(on_line("Mr Zorbton in London said so.", "Zorbton"), Kind::Place);
    }

    #[test]
    fn the_corpus_vote_lets_the_name_beat_weak_cues() {
        let votes = |k: Kind, n: usize| {
            let mut v = [0; Kind::ALL.len()];
            v[k as usize] = n;
            v
        };
        // A gazetteer place, whatever the lines said.
        assert_eq!(settle_vote("Glasgow", Kind::Organization, &votes(Kind::Organization, 3)), Kind::Place);
        assert_eq!(settle_vote("South West", Kind::Organization, &votes(Kind::Organization, 1)), Kind::Place);
        // A given name and a surname against one cue, not against two.
        assert_eq!(settle_vote("Brenda Quillfeather", Kind::Organization, &votes(Kind::Organization, 1)), Kind::Person);
        assert_eq!(
            settle_vote("Brenda Quillfeather", Kind::Organization, &votes(Kind::Organization, 2)),
            Kind::Organization
        );
        assert_eq!(
            settle_vote("Zorbex Holdings", Kind::Organization, &votes(Kind::Organization, 1)),
            Kind::Organization
        );
        assert_eq!(settle_vote("Zorbex", Kind::Other, &votes(Kind::Other, 2)), Kind::Other);
    }

    #[test]
    fn one_word_names_by_what_the_corpus_says() {
        // The surname of the corpus's one such person.
        assert_eq!(one_word_kind("Quillfeather", 1, true, Kind::Organization, false), Some(Kind::Person));
        assert_eq!(one_word_kind("Quillfeather", 2, true, Kind::Organization, false), None);
        // A place or a people is never a surname here.
        assert_eq!(one_word_kind("Leeds", 1, true, Kind::Place, false), None);
        assert_eq!(one_word_kind("Rwandan", 1, true, Kind::Other, false), None);
        // Voted a person with no title and no full name: a body that speaks.
        assert_eq!(one_word_kind("Zorbex", 0, false, Kind::Person, false), Some(Kind::Organization));
        assert_eq!(one_word_kind("Zorbex", 0, false, Kind::Person, true), None);
        assert_eq!(one_word_kind("Zorbex", 0, true, Kind::Person, false), None);
        assert_eq!(one_word_kind("Zorbex", 0, false, Kind::Place, false), None);
        // A given name, a surname's ending or an acronym keep the vote.
        assert_eq!(one_word_kind("Brenda", 0, false, Kind::Person, false), None);
        assert_eq!(one_word_kind("Grobbler", 0, false, Kind::Person, false), None);
        assert_eq!(one_word_kind("ZBX", 0, false, Kind::Person, false), None);
    }

    #[test]
    fn world_news_heads_first_words_and_peoples() {
        let kind = |name: &str| guess(name, Evidence::default());
        // Storms are events, whatever their given names.
        assert_eq!(kind("Hurricane Dorian"), Some(Kind::Event));
        assert_eq!(kind("Tropical Storm Barry"), Some(Kind::Event));
        assert_eq!(kind("Typhoon Zorbfone"), Some(Kind::Event));
        // Buildings, sites, land, provinces.
        assert_eq!(kind("Zorbaq Grand Mosque"), Some(Kind::Place));
        assert_eq!(kind("Zorbie Air Force Base"), Some(Kind::Place));
        assert_eq!(kind("Zorbanao Fault"), Some(Kind::Place));
        assert_eq!(kind("Zorbao del Sur"), Some(Kind::Place));
        assert_eq!(kind("County Zorbway"), Some(Kind::Place));
        assert_eq!(kind("RAF Zorbford"), Some(Kind::Place));
        // ... but a given name before a surname that is a place's head word is a person.
        assert_eq!(kind("Sally Field"), Some(Kind::Person));
        // Bodies: heads, first words in other languages, a place's branch, `of` one word.
        assert_eq!(kind("Zorb Tribe"), Some(Kind::Organization));
        assert_eq!(kind("Zorbipps Research"), Some(Kind::Organization));
        assert_eq!(kind("Gazeta Zorbowa"), Some(Kind::Organization));
        assert_eq!(kind("Agence France-Presse"), Some(Kind::Organization));
        assert_eq!(kind("Leeds RCMP"), Some(Kind::Organization));
        assert_eq!(kind("Leeds II"), None);
        assert_eq!(kind("United States Department of State"), Some(Kind::Organization));
        assert_eq!(kind("Isle of Wight Council"), Some(Kind::Organization));
        assert_eq!(kind("Zorb Radio Hall of Fame"), Some(Kind::Organization));
        // Events, documents, awards.
        assert_eq!(kind("Christmas Eve"), Some(Kind::Event));
        assert_eq!(kind("Zorbonavirus Pandemic"), Some(Kind::Event));
        assert_eq!(kind("Fourteenth Amendment"), Some(Kind::Document));
        assert_eq!(kind("Nobel Peace Prize"), Some(Kind::Other));
        assert_eq!(kind("Zorbel Prize"), Some(Kind::Other));
        // Peoples and faiths.
        for group in ["Saudis", "Turkish Cypriot", "Native American", "Islam", "Swede"] {
            assert!(names_a_group(group), "{group}");
        }
    }

    #[test]
    fn a_given_name_alone_a_city_after_in_and_a_body_with_its_letters() {
        let mut votes = [0; Kind::ALL.len()];
        votes[Kind::Organization as usize] = 1;
        // `Bob and Doug are home`: one cue makes no body of a given name alone (but `Bill`,
        // `Sun` are common words too).
        assert_eq!(settle_vote("Doug", Kind::Organization, &votes), Kind::Person);
        assert_eq!(settle_vote("Sun", Kind::Organization, &votes), Kind::Organization);
        assert_eq!(on_line("Three malls in Zorbao City shut.", "Zorbao City"), Kind::Place);
        assert_eq!(on_line("He joined Zorbao City on loan.", "Zorbao City"), Kind::Organization);
        assert_eq!(guess("NSW", Evidence::default()), Some(Kind::Place));
        assert_eq!(
            on_line("Yesterday, the Parliament of Zorbia (NSW), Australia voted.", "Parliament of Zorbia"),
            Kind::Organization
        );
    }

    #[test]
    fn what_the_writer_calls_a_name_right_after_it() {
        let at = |line: &str, name: &str| on_line(line, name);
        assert_eq!(
            at("He tried to extort Zorbike, an athletic equipment company, for cash.", "Zorbike"),
            Kind::Organization
        );
        assert_eq!(at("They met in Zorbesse, a suburb of Paris.", "Zorbesse"), Kind::Place);
        assert_eq!(at("It hit Zoracay, a resort island.", "Zoracay"), Kind::Place);
        assert_eq!(at("They met Zorbek, a chef who cooks.", "Zorbek"), Kind::Person);
        // Not a noun of the lists, or no `a` / `an`.
        assert_eq!(at("They met Zorblat, a lot of the time.", "Zorblat"), Kind::Other);
        assert_eq!(at("They met Zorblat, the company said.", "Zorblat"), Kind::Other);
    }

    #[test]
    fn cues_only_a_person_gets() {
        assert!(person_only_cue("Zorbani", "At the event, ABHM president ", " said so."));
        assert!(person_only_cue("Tak-Sing Zorb", "study co-author ", " said in a press release"));
        assert!(person_only_cue("Zorbusz", "a Polish chef named ", ", harried him"));
        assert!(person_only_cue("Zorgey", "However ", " said he would not."));
        assert!(person_only_cue("Zorgey", "", ", says she, was right."));
        // Bodies speak too, but as `it`; a company is named too; a place or a body's head word wins.
        assert!(!person_only_cue("Zorbex", "", " said it would not."));
        assert!(!person_only_cue("Zorbex", "a company named ", " said so."));
        assert!(!person_only_cue("Zorbton Council", "council leader ", " said he"));
        assert!(!person_only_cue("Leeds", "captain ", " said he"));
        assert!(!person_only_cue("British", "president ", " said he"));
        // Through the line's kind: a person, where nothing else pointed anywhere.
        assert_eq!(on_line("Then ABHM president Zorbani proposed a ban.", "Zorbani"), Kind::Person);
    }

    #[test]
    fn a_name_in_a_list_beside_a_place() {
        assert!(listed_with_place("Voters in Dorset and ", " agreed."));
        assert!(listed_with_place("seats such as Leeds, ", ", Bath and Wells"));
        assert!(listed_with_place("such as ", " or Leeds would"));
        assert!(listed_with_place("Bournemouth West, ", " and Zorb"));
        // No place beside it, or a comma that ends no list.
        assert!(!listed_with_place("Voters in Zorbia and ", " agreed."));
        assert!(!listed_with_place("In Leeds, ", " said no."));
        // Through the line's kind: a place, but not on a line of sports words (clubs are listed there).
        assert_eq!(on_line("Voters in Dorset and Zorbay agreed.", "Zorbay"), Kind::Place);
        assert_ne!(on_line("Leeds and Zorbay drew after halftime, the striker said.", "Zorbay"), Kind::Place);
    }

    #[test]
    fn plain_words_ending_in_a_common_word_are_no_person_across_a_corpus() {
        let votes = |person: usize, organisation: usize| {
            let mut v = [0; Kind::ALL.len()];
            v[Kind::Person as usize] = person;
            v[Kind::Organization as usize] = organisation;
            v
        };
        assert_eq!(settle_vote("Pop Idol", Kind::Person, &votes(2, 0)), Kind::Other);
        assert_eq!(settle_vote("Evening Standard", Kind::Person, &votes(3, 1)), Kind::Organization);
        // A first word that is no common word may be a given name no list holds.
        assert_eq!(settle_vote("Zorbahman Samba", Kind::Person, &votes(1, 0)), Kind::Person);
        // A surname that is also a common word still makes one, and so does a given name first.
        assert_eq!(settle_vote("Quixan Brown", Kind::Person, &votes(1, 0)), Kind::Person);
        assert_eq!(settle_vote("Brenda Curtain", Kind::Person, &votes(1, 0)), Kind::Person);
        assert_eq!(settle_vote("Zorb Quixan", Kind::Person, &votes(1, 0)), Kind::Person);
    }

    #[test]
    fn peoples_of_several_words() {
        for w in ["South African", "Sri Lankan", "Roman Catholics", "British Jews", "Scottish Conservative"] {
            assert!(names_a_group(w), "{w}");
        }
        for w in ["South Africa", "Scottish Parliament", "Roman Road", "British Council", "Zorb Catholics"] {
            assert!(!names_a_group(w), "{w}");
        }
    }

    #[test]
    fn constituencies_by_the_words_around_them() {
        // `Zorbton …` is no list's place; the words around make it one.
        for line in [
            "Anna Tolvik, Labour MP for Zorbton Marsh, said so.",
            "He will contest the seat of Zorbton Marsh at the election.",
            "Here in the constituency of Zorbton Marsh there is a stooge.",
            "He has represented the constituency now known as Zorbton Marsh since 1970.",
            "Britain's most diverse constituency, Zorbton Marsh, was to get a shortlist.",
        ] {
            assert_eq!(on_line(line, "Zorbton Marsh"), Kind::Place, "{line}");
        }
        // After it, where it is (for a name not shaped like a person's: `Green` is a common word).
        for line in
            ["Voters were Zorbton Green, in east London, and others.", "He ran for Zorbton Green, east London, in May."]
        {
            assert_eq!(on_line(line, "Zorbton Green"), Kind::Place, "{line}");
        }
        // The second of two in one constituency.
        assert_eq!(on_line("The Commons constituency of Zorbton Marsh and Quib covers it.", "Quib"), Kind::Place);
        // A place first, then `MP`: the MP's seat.
        assert_eq!(on_line("The Glasgow Zorbvin MP, who was expelled, spoke.", "Glasgow Zorbvin"), Kind::Place);
        // Not a given name, a party or a people (`the Labour MP`, `Tory MP for`).
        assert_eq!(on_line("Anna Tolvik, MP for Zorbton, spoke.", "Anna Tolvik"), Kind::Person);
        assert_eq!(on_line("The Labour MP, Anna Tolvik, spoke.", "Labour"), Kind::Organization);
        assert_ne!(on_line("He said Zorb Quixan, in London, had won.", "Zorb Quixan"), Kind::Place);
        assert_ne!(on_line("He met Zorb Quixan, London's mayor.", "Zorb Quixan"), Kind::Place);
    }

    #[test]
    fn a_possessive_takes_the_place_preposition() {
        // `in Zorbspeare's play`: the play is where, not the man.
        assert_ne!(on_line("It echoed Shylock in Zorbspeare's Merchant of Venice.", "Zorbspeare"), Kind::Place);
        assert_ne!(on_line("He received money from Zorbam Quixan's regime.", "Zorbam Quixan"), Kind::Place);
        assert_eq!(on_line("He received money from Zorbam Quixan, a town.", "Zorbam Quixan"), Kind::Place);
    }

    #[test]
    fn the_inquiry_of_a_person() {
        assert_eq!(on_line("That was a reference to the Zorbton inquiry into the war.", "Zorbton"), Kind::Person);
        assert_eq!(on_line("An inquiry, the Quibble review, is due.", "Quibble"), Kind::Person);
        // Not a body (`the Zorbex board`) nor a name of several words.
        assert_eq!(on_line("It was a reference to the Zorbex board.", "Zorbex"), Kind::Organization);
        assert_ne!(on_line("It cited the Audit Zorbex report.", "Audit Zorbex"), Kind::Person);
    }

    #[test]
    fn surnames_that_head_places_suffixes_parties_and_common_words() {
        // A given name and a place head that is a common surname: a person; not after a place.
        check("David Hill", Some(Kind::Person));
        check("Graham Lane", Some(Kind::Person));
        check("Simon Hall", Some(Kind::Person));
        check("Windsor Castle", Some(Kind::Place));
        check("Victoria Street", Some(Kind::Place));
        check("Tower Hill", Some(Kind::Place));
        // A company's legal form in full.
        check("Zorbex Consulting Limited", Some(Kind::Organization));
        check("Quib Zorbex LLP", Some(Kind::Organization));
        // A party adjective's plural is the party; a faith's is a people.
        assert!(is_one_word_organisation("Liberals") && is_one_word_organisation("Republicans"));
        assert!(!is_one_word_organisation("Liberal") && !is_one_word_organisation("Catholics"));
        assert!(names_a_group("Catholics") && !names_a_group("Liberals"));
        // A common word is no adjective of a place named like its stem (`Guardian`, `Guarda`).
        assert!(!names_a_group("Guardian"));
        assert!(names_a_group("Rwandan") && names_a_group("Italian"));
        assert!(names_a_group("Argentine") && names_a_group("Philippine") && !names_a_group("Philippines"));
    }

    #[test]
    fn peers_titles_wards_seats_and_boroughs_are_places() {
        assert_eq!(on_line("The then Lord Chancellor, Lord Irvine of Zorbton, spoke.", "Zorbton"), Kind::Place);
        assert_eq!(on_line("He will be known as Baron Quixan of Zorbton.", "Zorbton"), Kind::Place);
        assert_eq!(on_line("He first contested the Zorbton Green seat in 1974.", "Zorbton Green"), Kind::Place);
        // A common word alone before `ward` is too weak (`the Castle ward`).
        assert_ne!(on_line("They were posted to homes in the Castle ward.", "Castle"), Kind::Place);
        assert_eq!(on_line("Three councillors in the Zorbton Green ward objected.", "Zorbton Green"), Kind::Place);
        assert_eq!(on_line("It angered the London boroughs of Zorbton and others.", "Zorbton"), Kind::Place);
        assert_eq!(on_line("He went to school in nearby Zorbton, known then as Eton.", "Zorbton"), Kind::Place);
        // Not a body's own seat, nor `of` after a plain name.
        assert_eq!(on_line("It was the Labour seat of old.", "Labour"), Kind::Organization);
        assert_ne!(on_line("Anna Tolvik of Zorbex said so.", "Zorbex"), Kind::Place);
    }
}
