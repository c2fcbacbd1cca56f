//! Entity linking against a knowledge base (KB): which KB items may be a
//! catalogue entity, and how they rank. Pure: the items come in already read
//! (the streaming readers of KB files and Wikidata dumps live at the edge,
//! `cli/link.rs`); no I/O here.
//!
//! - **Candidates** of an entity: the items whose label or alias equals the
//!   entity's name or one of its aliases, exactly; when none does, those equal
//!   case-folded (lower case, typographic apostrophes and quotes as ASCII).
//! - **Ranking**: first how the item's types fit the entity's kind (fits,
//!   unknown, contradicts), then how much of the item's description the
//!   entity's own text (name, aliases, description) and the articles that
//!   mention it attest, and how many of the entity's surfaces the item has.
//! - **Clearly ahead** ([`clear_best`]): the best fits the kind, and its
//!   score is at least [`MARGIN`] above the next candidate's.

use std::collections::{HashMap, HashSet};

use super::catalogue::{Entity, Kind};

/// One KB item: a Wikidata item, or a line of a KB JSONL file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KbItem {
    /// `Q42`.
    pub id: String,
    pub label: String,
    pub aliases: Vec<String>,
    pub description: String,
    /// Type ids (`Q5`) or names (`human`, `person`, `city`).
    pub types: Vec<String>,
}

impl KbItem {
    /// The label and the aliases.
    pub fn surfaces(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.label.as_str()).chain(self.aliases.iter().map(String::as_str))
    }

    /// The kinds its types say, each once.
    pub fn kinds(&self) -> Vec<Kind> {
        let mut out: Vec<Kind> = Vec::new();
        for kind in self.types.iter().filter_map(|t| type_kind(t)) {
            if !out.contains(&kind) {
                out.push(kind);
            }
        }
        out
    }
}

/// The kind a type says: a Wikidata class id (the common classes of news
/// entities, see [`TYPE_KINDS`]), a kind's own name, or a common English
/// class name.
pub fn type_kind(t: &str) -> Option<Kind> {
    if let Some(&(_, kind)) = TYPE_KINDS.iter().find(|(q, _)| *q == t) {
        return Some(kind);
    }
    if let Ok(kind) = t.parse::<Kind>() {
        return Some(kind);
    }
    let name = t.to_lowercase();
    TYPE_NAMES.iter().find(|(n, _)| *n == name).map(|&(_, kind)| kind)
}

/// Wikidata classes (`P31` "instance of" values) and the kind they say.
pub const TYPE_KINDS: &[(&str, Kind)] = &[
    // People.
    ("Q5", Kind::Person),
    // Places.
    ("Q6256", Kind::Place),     // country
    ("Q3624078", Kind::Place),  // sovereign state
    ("Q515", Kind::Place),      // city
    ("Q1549591", Kind::Place),  // big city
    ("Q1637706", Kind::Place),  // city with millions of inhabitants
    ("Q200250", Kind::Place),   // metropolis
    ("Q5119", Kind::Place),     // capital
    ("Q3957", Kind::Place),     // town
    ("Q532", Kind::Place),      // village
    ("Q486972", Kind::Place),   // human settlement
    ("Q1093829", Kind::Place),  // city in the United States
    ("Q15284", Kind::Place),    // municipality
    ("Q82794", Kind::Place),    // geographic region
    ("Q34876", Kind::Place),    // province
    ("Q7275", Kind::Place),     // state
    ("Q107390", Kind::Place),   // federated state
    ("Q35657", Kind::Place),    // U.S. state
    ("Q10864048", Kind::Place), // first-level administrative country subdivision
    ("Q23442", Kind::Place),    // island
    ("Q165", Kind::Place),      // sea
    ("Q5107", Kind::Place),     // continent
    // Organizations.
    ("Q43229", Kind::Organization),   // organization
    ("Q7278", Kind::Organization),    // political party
    ("Q327333", Kind::Organization),  // government agency
    ("Q2659904", Kind::Organization), // government organization
    ("Q192350", Kind::Organization),  // ministry
    ("Q4830453", Kind::Organization), // business
    ("Q783794", Kind::Organization),  // company
    ("Q891723", Kind::Organization),  // public company
    ("Q11032", Kind::Organization),   // newspaper
    ("Q192283", Kind::Organization),  // news agency
    ("Q484652", Kind::Organization),  // international organization
    ("Q245065", Kind::Organization),  // intergovernmental organization
    ("Q163740", Kind::Organization),  // nonprofit organization
    ("Q3918", Kind::Organization),    // university
    // Events.
    ("Q1656682", Kind::Event), // event
    ("Q1190554", Kind::Event), // occurrence
    ("Q198", Kind::Event),     // war
    ("Q178561", Kind::Event),  // battle
    ("Q40231", Kind::Event),   // public election
    // Documents.
    ("Q49848", Kind::Document),  // document
    ("Q131569", Kind::Document), // treaty
    ("Q7748", Kind::Document),   // law
    // Works and other things news names by the same words.
    ("Q11424", Kind::Other),   // film
    ("Q5398426", Kind::Other), // television series
    ("Q482994", Kind::Other),  // album
    ("Q7366", Kind::Other),    // song
    ("Q7725634", Kind::Other), // literary work
];

/// Class names a KB JSONL file may use instead of ids.
const TYPE_NAMES: &[(&str, Kind)] = &[
    ("human", Kind::Person),
    ("country", Kind::Place),
    ("sovereign state", Kind::Place),
    ("city", Kind::Place),
    ("town", Kind::Place),
    ("village", Kind::Place),
    ("capital", Kind::Place),
    ("region", Kind::Place),
    ("province", Kind::Place),
    ("state", Kind::Place),
    ("island", Kind::Place),
    ("organisation", Kind::Organization),
    ("political party", Kind::Organization),
    ("government agency", Kind::Organization),
    ("company", Kind::Organization),
    ("business", Kind::Organization),
    ("newspaper", Kind::Organization),
    ("news agency", Kind::Organization),
    ("war", Kind::Event),
    ("election", Kind::Event),
    ("treaty", Kind::Document),
    ("law", Kind::Document),
    ("film", Kind::Other),
    ("television series", Kind::Other),
    ("album", Kind::Other),
    ("song", Kind::Other),
];

/// A surface case-folded: lower case, with typographic apostrophes and
/// quotes as their ASCII forms and runs of white space as one space.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.trim().chars() {
        let c = match c {
            '’' | '‘' | 'ʼ' => '\'',
            '“' | '”' => '"',
            c if c.is_whitespace() => {
                space = true;
                continue;
            }
            c => c,
        };
        if space {
            out.push(' ');
            space = false;
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// The folded surfaces of a catalogue's entities: what a KB reader keeps an
/// item for (an item none of whose surfaces is here is never a candidate).
#[derive(Debug, Default)]
pub struct SurfaceFilter {
    folded: HashSet<String>,
}

impl SurfaceFilter {
    pub fn new<'a>(entities: impl IntoIterator<Item = &'a Entity>) -> SurfaceFilter {
        SurfaceFilter { folded: entities.into_iter().flat_map(|e| e.surfaces().map(fold)).collect() }
    }

    pub fn is_empty(&self) -> bool {
        self.folded.is_empty()
    }

    /// Whether some entity has this surface (case-folded).
    pub fn wants(&self, surface: &str) -> bool {
        self.folded.contains(&fold(surface))
    }
}

/// The items kept from a KB, indexed by surface (exact and folded).
#[derive(Debug, Default)]
pub struct Kb {
    pub items: Vec<KbItem>,
    ids: HashMap<String, usize>,
    exact: HashMap<String, Vec<usize>>,
    folded: HashMap<String, Vec<usize>>,
}

impl Kb {
    pub fn new(items: Vec<KbItem>) -> Kb {
        let mut kb = Kb::default();
        for item in items {
            kb.push(item);
        }
        kb
    }

    /// Adds an item. A second item with an id already present is ignored.
    pub fn push(&mut self, item: KbItem) {
        let i = self.items.len();
        if self.ids.contains_key(&item.id) {
            return;
        }
        self.ids.insert(item.id.clone(), i);
        for s in item.surfaces() {
            let e = self.exact.entry(s.to_string()).or_default();
            if !e.contains(&i) {
                e.push(i);
            }
            let f = self.folded.entry(fold(s)).or_default();
            if !f.contains(&i) {
                f.push(i);
            }
        }
        self.items.push(item);
    }

    pub fn get(&self, id: &str) -> Option<&KbItem> {
        self.ids.get(id).map(|&i| &self.items[i])
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Up to `n` items whose label or an alias starts with `prefix`
    /// (case-folded), labels that equal it first, then by label.
    pub fn by_label_prefix(&self, prefix: &str, n: usize) -> Vec<&KbItem> {
        let prefix = fold(prefix);
        let mut found: Vec<(bool, &KbItem)> = self
            .items
            .iter()
            .filter(|i| i.surfaces().any(|s| fold(s).starts_with(&prefix)))
            .map(|i| (fold(&i.label) != prefix, i))
            .collect();
        found.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.label.cmp(&b.1.label)).then_with(|| a.1.id.cmp(&b.1.id)));
        found.into_iter().take(n).map(|(_, i)| i).collect()
    }
}

/// How an item's types fit an entity's kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeFit {
    /// Its types say another kind only.
    Contradicts,
    /// It has no type that says a kind.
    Unknown,
    /// One of its types says the entity's kind.
    Fits,
}

impl TypeFit {
    fn of(item: &KbItem, kind: Kind) -> TypeFit {
        let kinds = item.kinds();
        if kinds.contains(&kind) {
            TypeFit::Fits
        } else if kinds.is_empty() {
            TypeFit::Unknown
        } else {
            TypeFit::Contradicts
        }
    }

    /// Its part of the score: 2, 1 or 0, more than the context can add (at
    /// most 1), so the type decides first.
    fn points(self) -> f64 {
        match self {
            TypeFit::Fits => 2.0,
            TypeFit::Unknown => 1.0,
            TypeFit::Contradicts => 0.0,
        }
    }
}

/// A ranked candidate: an index into [`Kb::items`] and why it ranks there.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub item: usize,
    /// Its label or an alias equals a surface exactly (else case-folded).
    pub exact: bool,
    pub type_fit: TypeFit,
    /// The share of its description the entity's text and articles attest
    /// (words of the entity's own text count fully, of the articles half).
    pub description_overlap: f64,
    /// The share of the entity's surfaces that are among its own (folded).
    pub surface_share: f64,
    /// `type_fit` points + (description_overlap + surface_share) / 2: from 0 to 3.
    pub score: f64,
}

/// The best must lead the next candidate by this much (a fifth of the
/// context's range, 0 to 1) to be applied.
pub const MARGIN: f64 = 0.2;

/// Words (of at least three letters, lower case) of a text, without the
/// commonest English words: what descriptions are compared on.
pub fn content_words(text: &str) -> HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3)
        .map(str::to_lowercase)
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
        .collect()
}

const STOP_WORDS: &[&str] = &[
    "the", "and", "for", "with", "from", "that", "this", "was", "were", "are", "has", "had", "have", "his", "her",
    "its", "their", "who", "which", "what", "when", "where", "not", "but", "also", "into", "than", "then", "them",
    "they", "there", "been", "being", "will", "would", "can", "could", "one", "two", "out", "about", "over", "after",
    "before", "between", "during", "other", "such", "some", "more", "most", "said", "says",
];

/// What an entity is compared with: its own words and those of the articles
/// that mention it.
#[derive(Debug, Default)]
pub struct Context {
    own: HashSet<String>,
    articles: HashSet<String>,
}

impl Context {
    /// The context of `entity`, given the texts of the articles mentioning it.
    pub fn new<'a>(entity: &Entity, articles: impl IntoIterator<Item = &'a str>) -> Context {
        let mut own = content_words(&entity.description);
        for s in entity.surfaces() {
            own.extend(content_words(s));
        }
        let mut words = HashSet::new();
        for text in articles {
            words.extend(content_words(text));
        }
        Context { own, articles: words }
    }

    fn overlap(&self, description: &str) -> f64 {
        let words = content_words(description);
        if words.is_empty() {
            return 0.0;
        }
        let attested: f64 = words
            .iter()
            .map(|w| {
                if self.own.contains(w) {
                    1.0
                } else if self.articles.contains(w) {
                    0.5
                } else {
                    0.0
                }
            })
            .sum();
        attested / words.len() as f64
    }
}

/// The candidates of `entity` in `kb`, best first (ties by item id).
pub fn rank(kb: &Kb, entity: &Entity, context: &Context) -> Vec<Candidate> {
    let mut exact: Vec<usize> = Vec::new();
    for s in entity.surfaces() {
        for &i in kb.exact.get(s).map_or(&[][..], Vec::as_slice) {
            if !exact.contains(&i) {
                exact.push(i);
            }
        }
    }
    let is_exact = !exact.is_empty();
    let found = if is_exact {
        exact
    } else {
        let mut folded: Vec<usize> = Vec::new();
        for s in entity.surfaces() {
            for &i in kb.folded.get(&fold(s)).map_or(&[][..], Vec::as_slice) {
                if !folded.contains(&i) {
                    folded.push(i);
                }
            }
        }
        folded
    };
    let surfaces: Vec<String> = {
        let mut v: Vec<String> = entity.surfaces().map(fold).collect();
        v.sort();
        v.dedup();
        v
    };
    let mut out: Vec<Candidate> = found
        .into_iter()
        .map(|i| {
            let item = &kb.items[i];
            let type_fit = TypeFit::of(item, entity.kind);
            let description_overlap = context.overlap(&item.description);
            let own: HashSet<String> = item.surfaces().map(fold).collect();
            let surface_share = surfaces.iter().filter(|s| own.contains(*s)).count() as f64 / surfaces.len() as f64;
            let score = type_fit.points() + (description_overlap + surface_share) / 2.0;
            Candidate { item: i, exact: is_exact, type_fit, description_overlap, surface_share, score }
        })
        .collect();
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| kb.items[a.item].id.cmp(&kb.items[b.item].id)));
    out
}

/// The best candidate when it is clearly ahead: its type fits the entity's
/// kind and its score leads the next one's by at least [`MARGIN`] (or it is
/// the only candidate).
pub fn clear_best(candidates: &[Candidate]) -> Option<&Candidate> {
    let best = candidates.first()?;
    if best.type_fit != TypeFit::Fits {
        return None;
    }
    match candidates.get(1) {
        Some(next) if best.score - next.score < MARGIN => None,
        _ => Some(best),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Span;

    fn entity(id: &str, name: &str, kind: Kind, aliases: &[&str], description: &str) -> Entity {
        Entity {
            id: id.into(),
            name: name.into(),
            kind,
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            description: description.into(),
            tags: Vec::new(),
            span: Span::default(),
            id_span: Span::default(),
            wikidata: None,
        }
    }

    fn item(id: &str, label: &str, aliases: &[&str], description: &str, types: &[&str]) -> KbItem {
        KbItem {
            id: id.into(),
            label: label.into(),
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            description: description.into(),
            types: types.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn ids(kb: &Kb, ranked: &[Candidate]) -> Vec<String> {
        ranked.iter().map(|c| kb.items[c.item].id.clone()).collect()
    }

    #[test]
    fn folding() {
        assert_eq!(fold("  People’s  Republic of CHINA "), "people's republic of china");
        assert_eq!(fold("İstanbul"), "i̇stanbul");
    }

    #[test]
    fn types_say_kinds() {
        assert_eq!(type_kind("Q5"), Some(Kind::Person));
        assert_eq!(type_kind("Q3624078"), Some(Kind::Place));
        assert_eq!(type_kind("Q7278"), Some(Kind::Organization));
        assert_eq!(type_kind("Q11424"), Some(Kind::Other));
        assert_eq!(type_kind("person"), Some(Kind::Person));
        assert_eq!(type_kind("City"), Some(Kind::Place));
        assert_eq!(type_kind("Q99999999"), None);
        let mut seen = HashSet::new();
        assert!(TYPE_KINDS.iter().all(|(q, _)| seen.insert(*q)), "a class listed twice");
    }

    #[test]
    fn type_fit_ranks_first_then_the_description() {
        let kb = Kb::new(vec![
            item("Q2", "Shanghai", &[], "2010 film directed by Mikael Håfström", &["Q11424"]),
            item("Q1", "Shanghai", &["Hu", "Shanghai Municipality"], "city in China", &["Q1549591", "Q515"]),
            item("Q3", "shanghai", &[], "to kidnap someone as a sailor", &[]),
        ]);
        let shanghai = entity("shanghai", "Shanghai", Kind::Place, &[], "Chinese financial hub, a city of China.");
        let ranked = rank(&kb, &shanghai, &Context::new(&shanghai, ["Blinken flew to Shanghai, China."]));
        // Exact matches only: the lower-case verb is a candidate only when nothing matches exactly.
        assert_eq!(ids(&kb, &ranked), ["Q1", "Q2"]);
        assert_eq!(ranked[0].type_fit, TypeFit::Fits);
        assert_eq!(ranked[1].type_fit, TypeFit::Contradicts);
        assert!(ranked[0].exact);
        assert_eq!(clear_best(&ranked).map(|c| c.item), Some(1));

        let lower = entity("x", "SHANGHAI", Kind::Place, &[], "");
        let ranked = rank(&kb, &lower, &Context::new(&lower, []));
        assert_eq!(ids(&kb, &ranked), ["Q1", "Q3", "Q2"]);
        assert!(!ranked[0].exact);
    }

    #[test]
    fn the_description_and_the_articles_separate_namesakes() {
        let kb = Kb::new(vec![
            item("Q10", "Wang Yi", &[], "Chinese footballer", &["Q5"]),
            item("Q11", "Wang Yi", &["Wang I"], "Chinese diplomat, Minister of Foreign Affairs", &["Q5"]),
        ]);
        let wang = entity(
            "wang-yi",
            "Wang Yi",
            Kind::Person,
            &["Foreign Minister Wang Yi"],
            "China’s Foreign Minister; Blinken’s counterpart.",
        );
        let context = Context::new(&wang, ["Chinese Foreign Minister Wang Yi met the diplomat Blinken."]);
        let ranked = rank(&kb, &wang, &context);
        assert_eq!(ids(&kb, &ranked), ["Q11", "Q10"]);
        assert!(ranked[0].description_overlap > ranked[1].description_overlap, "{ranked:#?}");
        // Without a context the two are tied: nothing is clearly ahead.
        let bare = entity("wang-yi", "Wang Yi", Kind::Person, &[], "");
        let ranked = rank(&kb, &bare, &Context::new(&bare, []));
        assert_eq!(ranked.len(), 2);
        assert!(clear_best(&ranked).is_none());
    }

    #[test]
    fn nothing_is_applied_without_a_fitting_type() {
        let kb = Kb::new(vec![item("Q2", "Shanghai", &[], "2010 film", &["Q11424"])]);
        let shanghai = entity("shanghai", "Shanghai", Kind::Place, &[], "");
        let ranked = rank(&kb, &shanghai, &Context::new(&shanghai, []));
        assert_eq!(ranked.len(), 1);
        assert!(clear_best(&ranked).is_none());
        let none = entity("x", "Nowhere", Kind::Place, &[], "");
        assert!(rank(&kb, &none, &Context::new(&none, [])).is_empty());
    }

    #[test]
    fn filter_and_prefix_search() {
        let e = entity("china", "China", Kind::Place, &["People’s Republic of China"], "");
        let filter = SurfaceFilter::new([&e]);
        assert!(filter.wants("people's republic of china"));
        assert!(filter.wants("CHINA"));
        assert!(!filter.wants("Chin"));
        let kb = Kb::new(vec![
            item("Q148", "People's Republic of China", &["China", "PRC"], "country in East Asia", &["Q6256"]),
            item("Q7", "China", &[], "town in Maine", &["Q3957"]),
            item("Q8", "Chinatown", &[], "", &[]),
        ]);
        let found: Vec<&str> = kb.by_label_prefix("china", 5).iter().map(|i| i.id.as_str()).collect();
        assert_eq!(found, ["Q7", "Q8", "Q148"]);
        assert_eq!(kb.by_label_prefix("prc", 5).len(), 1);
    }
}
