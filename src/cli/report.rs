//! `corpus-lsp report [PATH...] --out DIR`: a static, self-contained HTML
//! view of the annotated corpus. `DIR/index.html` (the corpus at a glance,
//! with inline SVG charts), `DIR/documents/<file>.html` (the plain article,
//! mentions highlighted by kind with a text label and a hover card, tags as
//! chips beside their paragraph, remaining diagnostics marked), and
//! `DIR/entities/<id>.html` (the entity's card and a keyword-in-context
//! concordance). No script, font or style is loaded from anywhere: the CSS is
//! inline and there is no JavaScript. Every text from the corpus or the
//! catalogue is HTML-escaped (`html-escape`). Each file is written through
//! `write_atomic`, only inside DIR.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::analysis::document::lines;
use crate::analysis::{Catalogue, Code, Diagnostic, Entity, Kind, Severity, Span};
use crate::cli::corpus::{Corpus, Document, Stats, line_column};
use crate::cli::lint::default_root;
use crate::cli::stats::{sorted_entities, sorted_tags};
use crate::cli::write::write_atomic;

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Files or folders [default: the corpus around the current folder].
    pub paths: Vec<PathBuf>,
    /// The folder to write the site into (created if missing; it must not hold corpus files).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

/// Escapes text for HTML element content and quoted attribute values.
fn esc(s: &str) -> std::borrow::Cow<'_, str> {
    html_escape::encode_quoted_attribute(s)
}

fn kind_class(kind: Option<Kind>) -> &'static str {
    kind.map_or("unknown", Kind::as_str)
}

fn kind_label(kind: Option<Kind>) -> &'static str {
    match kind {
        Some(Kind::Person) => "PERSON",
        Some(Kind::Place) => "PLACE",
        Some(Kind::Organization) => "ORG",
        Some(Kind::Event) => "EVENT",
        Some(Kind::Document) => "DOC",
        Some(Kind::Other) => "OTHER",
        None => "UNKNOWN",
    }
}

/// A document's page name: its key with every character outside
/// `[A-Za-z0-9._-]` replaced by `_`, and `.html`.
fn page_name(key: &str) -> String {
    let safe: String =
        key.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-') { c } else { '_' }).collect();
    format!("{safe}.html")
}

const CSS: &str = r#"
:root{--ink:#1d2430;--muted:#5d6778;--line:#e3e7ee;--bg:#f6f7fb;--card:#fff;--accent:#3b5bdb;
--person:#cdbdff;--place:#ffd28a;--organization:#96e3e3;--event:#bdeba9;--document:#f8c4de;--other:#dcdccf;--unknown:#ffb3ab}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
.top{background:#1d2430;color:#fff}.top .wrap{display:flex;align-items:center;gap:1.2rem;padding:.7rem 1.5rem}
.top a{color:#fff;font-weight:600}.top .crumb{color:#b8c0cc;font-size:.9rem}.top .crumb a{color:#dfe5ee;font-weight:400}
.wrap{max-width:1180px;margin:0 auto;padding:1.2rem 1.5rem}
h1{font-size:1.7rem;margin:.4rem 0 1rem;letter-spacing:-.01em}h2{font-size:1.05rem;margin:0 0 .8rem}
.sub{color:var(--muted);margin:-.6rem 0 1.2rem}.docmeta{color:var(--muted);margin:.2rem 0 .6rem}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:.8rem;margin-bottom:1rem}
.stat{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:.8rem 1rem}
.stat b{display:block;font-size:1.6rem;line-height:1.2}.stat span{color:var(--muted);font-size:.85rem}
.panel{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:1rem 1.2rem;margin-bottom:1rem}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:1rem}.grid2 .panel{margin:0}
.grid2+.panel,.grid2{margin-bottom:1rem}
table{border-collapse:collapse;width:100%;font-size:.92rem}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
th{color:var(--muted);font-weight:600;font-size:.8rem;text-transform:uppercase;letter-spacing:.04em}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.chip{display:inline-block;border-radius:999px;padding:.05rem .6rem;margin:.15rem .25rem .15rem 0;font-size:.8rem;background:#eef1f7;border:1px solid #d9dfea;color:var(--ink)}
.chip code{font-size:.75rem;color:var(--muted)}
.kind{display:inline-block;border-radius:4px;padding:0 .4rem;font-size:.72rem;font-weight:700;letter-spacing:.05em;color:#1d2430}
.k-person{background:var(--person)}.k-place{background:var(--place)}.k-organization{background:var(--organization)}
.k-event{background:var(--event)}.k-document{background:var(--document)}.k-other{background:var(--other)}.k-unknown{background:var(--unknown)}
.entity-list a{margin-right:.2rem}.entity-list .count{color:var(--muted);font-size:.75rem}
.bar{fill:var(--accent)}rect.k-person{fill:#9f86ff}rect.k-place{fill:#f5b14c}rect.k-organization{fill:#3fc1c1}rect.k-event{fill:#7cc96a}rect.k-document{fill:#ec86b8}rect.k-other{fill:#b3b39f}rect.k-unknown{fill:#f0776b}svg text{font:12px system-ui,sans-serif;fill:var(--ink)}svg a text{fill:var(--accent)}svg .v{fill:var(--muted)}
.sev{font-size:.75rem;font-weight:700;text-transform:uppercase}.sev-error{color:#c92a2a}.sev-warning{color:#d9480f}.sev-information{color:#1971c2}.sev-hint{color:#5c940d}
.article{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:1.6rem 2rem}
.para{display:grid;grid-template-columns:minmax(0,1fr) 220px;gap:1.5rem;align-items:start}
.para p,.para h1{margin:0 0 1rem;font-family:Georgia,"Times New Roman",serif;font-size:1.08rem;line-height:2.05}
.para h1{font-size:1.6rem;line-height:1.9}
.tags{padding-top:.35rem}.tags .chip{display:block;width:max-content;max-width:220px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.legend{display:flex;flex-wrap:wrap;gap:.4rem;margin:0 0 1rem}
.mention{position:relative;border-radius:5px;padding:.12em .3em;color:var(--ink);text-decoration:none;box-decoration-break:clone;-webkit-box-decoration-break:clone}
.mention:hover,.mention:focus{text-decoration:none;outline:2px solid #1d243055}
.mention .lbl{font:700 .62rem system-ui,sans-serif;letter-spacing:.05em;margin-left:.35em;vertical-align:.12em;opacity:.75}
.mention .card{visibility:hidden;opacity:0;position:absolute;z-index:5;left:0;top:calc(100% + 6px);width:300px;background:#fff;color:var(--ink);
border:1px solid var(--line);border-radius:8px;box-shadow:0 8px 24px #1d243033;padding:.6rem .8rem;font:13px/1.45 system-ui,sans-serif;white-space:normal}
.mention:hover,.mention:focus{z-index:10}.mention:hover .card,.mention:focus .card{visibility:visible;opacity:1}
.card b{display:block;font-size:.95rem}.card .desc{display:block;margin-top:.3rem;color:#394150}.card .id{color:var(--muted);font-size:.75rem}
.card .dmsg{display:block;margin-top:.35rem;color:#a61e4d}
.has-diag,.diag{text-decoration:underline wavy #e8590c;text-underline-offset:4px}
.diag.sev-error,.has-diag.sev-error{text-decoration-color:#c92a2a}.diag.sev-hint,.has-diag.sev-hint{text-decoration-color:#74b816}
.diag{color:inherit;cursor:help}.dmark{font:700 .7rem system-ui,sans-serif;color:#e8590c;vertical-align:super}
.entity-card{display:grid;grid-template-columns:1fr auto;gap:1rem}.entity-card h1{margin:0}.entity-card .desc{font-size:1.02rem;max-width:70ch}
.kwic td{font-family:Georgia,serif;font-size:.98rem;white-space:nowrap;vertical-align:baseline}.kwic td.l{text-align:right;color:#394150;max-width:1px;overflow:hidden;direction:rtl}
.kwic td.l span{direction:ltr;unicode-bidi:bidi-override}
.kwic td.r{color:#394150;max-width:1px;overflow:hidden;text-overflow:ellipsis}.kwic td.k{width:1%}.kwic td.doc{font-family:system-ui,sans-serif;font-size:.8rem;width:1%}
.muted{color:var(--muted)}.plain-hit{border-bottom:2px dashed #868e96;padding:0 .1em}footer{color:var(--muted);font-size:.8rem;padding:1rem 1.5rem 2rem;text-align:center}
"#;

fn page(title: &str, crumbs: &str, root: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{}</title><style>{CSS}</style></head><body>\
<header class=\"top\"><div class=\"wrap\"><a href=\"{root}index.html\">corpus-lsp report</a><span class=\"crumb\">{crumbs}</span></div></header>\
<main class=\"wrap\">{body}</main><footer>Made by <code>corpus-lsp report</code>: a static page, nothing loaded from the network.</footer></body></html>\n",
        esc(title)
    )
}

/// The first line of a document's plain text with text on it (its headline).
fn headline(doc: &Document) -> String {
    lines(&doc.stripped.text).map(|(_, l)| l.trim()).find(|l| !l.is_empty()).unwrap_or(&doc.key).to_string()
}

/// Everything the pages are made from.
struct Site<'c> {
    corpus: &'c Corpus,
    stats: Stats,
    catalogues: Vec<std::sync::Arc<Catalogue>>,
    diagnostics: Vec<Vec<Diagnostic>>,
    pages: Vec<String>,
}

impl<'c> Site<'c> {
    fn new(corpus: &'c Corpus) -> Site<'c> {
        let mut pages: Vec<String> = Vec::new();
        for d in &corpus.documents {
            let mut name = page_name(&d.key);
            while pages.contains(&name) {
                name = format!("_{name}");
            }
            pages.push(name);
        }
        Site {
            corpus,
            stats: corpus.stats(true),
            catalogues: corpus.catalogues(),
            diagnostics: corpus.documents.iter().map(Document::diagnostics).collect(),
            pages,
        }
    }

    fn entity(&self, id: &str) -> Option<&Entity> {
        self.catalogues.iter().find_map(|c| c.entity(id))
    }

    fn kind(&self, id: &str) -> Option<Kind> {
        self.entity(id).map(|e| e.kind)
    }

    fn tag_label(&self, id: &str) -> Option<(&str, &str)> {
        self.catalogues.iter().find_map(|c| c.tag(id)).map(|t| (t.label.as_str(), t.description.as_str()))
    }
}

/// A horizontal bar chart: one row per (label, link, value, bar class).
fn bar_chart(rows: &[(String, Option<String>, usize, &str)], title: &str) -> String {
    let row_h = 24;
    let label_w = 210;
    let width = 560;
    let bar_w = width - label_w - 50;
    let max = rows.iter().map(|r| r.2).max().unwrap_or(1).max(1);
    let height = rows.len() * row_h + 6;
    let mut s = format!(
        "<svg viewBox=\"0 0 {width} {height}\" width=\"100%\" role=\"img\" aria-label=\"{}\"><title>{}</title>",
        esc(title),
        esc(title)
    );
    for (i, (label, link, value, class)) in rows.iter().enumerate() {
        let y = i * row_h + 4;
        let w = ((*value as f64 / max as f64) * bar_w as f64).round().max(2.0);
        let short: String =
            if label.chars().count() > 30 { label.chars().take(29).collect::<String>() + "…" } else { label.clone() };
        let text = format!("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>", label_w - 8, y + 15, esc(&short));
        match link {
            Some(href) => {
                let _ = write!(s, "<a href=\"{}\"><title>{}</title>{text}</a>", esc(href), esc(label));
            }
            None => s.push_str(&text),
        }
        let _ = write!(
            s,
            "<rect class=\"{class}\" x=\"{label_w}\" y=\"{}\" width=\"{w}\" height=\"{}\" rx=\"3\"><title>{}: {value}</title></rect>\
<text class=\"v\" x=\"{}\" y=\"{}\">{value}</text>",
            y + 3,
            row_h - 8,
            esc(label),
            label_w as f64 + w + 6.0,
            y + 15
        );
    }
    s.push_str("</svg>");
    s
}

fn percent(n: usize, d: usize) -> String {
    if d == 0 { "–".into() } else { format!("{:.1}%", 100.0 * n as f64 / d as f64) }
}

fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information => "information",
        Severity::Hint => "hint",
    }
}

fn index_page(site: &Site) -> String {
    let corpus = site.corpus;
    let stats = &site.stats;
    let mentions: usize = corpus.documents.iter().map(|d| d.stripped.mentions.len()).sum();
    let tags: usize = corpus.documents.iter().map(|d| d.stripped.tags.len()).sum();
    let annotated: usize = stats.entities.values().map(|e| e.annotated).sum();
    let plain: usize = stats.entities.values().map(|e| e.plain).sum();
    let mentioned = stats.entities.values().filter(|e| e.annotated > 0).count();
    let diagnostics: usize = site.diagnostics.iter().map(Vec::len).sum();
    let mut b = String::new();
    b.push_str("<h1>The corpus at a glance</h1>");
    let _ = write!(
        b,
        "<p class=\"sub\">{} documents under {}</p>",
        corpus.documents.len(),
        esc(&corpus
            .documents
            .first()
            .map_or(String::new(), |d| d.path.parent().map_or(String::new(), |p| p.display().to_string())))
    );
    b.push_str("<section class=\"cards\">");
    for (value, what) in [
        (corpus.documents.len().to_string(), "documents"),
        (mentions.to_string(), "annotated mentions"),
        (format!("{mentioned} / {}", stats.entities.len()), "entities mentioned / catalogued"),
        (tags.to_string(), "tag uses"),
        (percent(annotated, annotated + plain), "alias coverage (annotated share)"),
        (diagnostics.to_string(), "remaining diagnostics"),
    ] {
        let _ = write!(b, "<div class=\"stat\"><b>{}</b><span>{}</span></div>", esc(&value), esc(what));
    }
    b.push_str("</section>");

    // Charts.
    let top: Vec<(String, Option<String>, usize, &str)> = sorted_entities(stats)
        .into_iter()
        .filter(|(_, e)| e.annotated > 0)
        .take(15)
        .map(|(id, e)| {
            let kind = site.kind(id);
            let name = if e.name.is_empty() { id.clone() } else { e.name.clone() };
            (name, Some(format!("entities/{id}.html")), e.annotated, kind_class_bar(kind))
        })
        .collect();
    let mut by_uses: Vec<_> = sorted_tags(stats).into_iter().filter(|(_, t)| t.uses > 0).collect();
    by_uses.sort_by(|a, b| b.1.paragraphs.len().cmp(&a.1.paragraphs.len()).then(a.0.cmp(b.0)));
    let tag_rows: Vec<(String, Option<String>, usize, &str)> =
        by_uses.into_iter().take(15).map(|(id, t)| (format!("#{id}"), None, t.paragraphs.len(), "bar")).collect();
    let _ = write!(
        b,
        "<section class=\"grid2\"><div class=\"panel\"><h2>Most mentioned entities</h2>{}</div>\
<div class=\"panel\"><h2>Tags, by paragraphs labelled</h2>{}</div></section>",
        bar_chart(&top, "Most mentioned entities (annotated mentions)") + &kind_legend(),
        bar_chart(&tag_rows, "Tags by paragraphs labelled")
    );

    // Entities by kind.
    b.push_str("<section class=\"panel\"><h2>Entities by kind</h2><table><tr><th>kind</th><th class=\"n\">catalogued</th><th class=\"n\">mentioned</th><th class=\"n\">mentions</th><th class=\"n\">plain occurrences</th><th class=\"n\">coverage</th></tr>");
    for kind in Kind::ALL.iter().map(|k| Some(*k)).chain([None]) {
        let rows: Vec<_> = stats.entities.iter().filter(|(id, _)| site.kind(id) == kind).collect();
        if rows.is_empty() {
            continue;
        }
        let ann: usize = rows.iter().map(|(_, e)| e.annotated).sum();
        let pl: usize = rows.iter().map(|(_, e)| e.plain).sum();
        let _ = write!(
            b,
            "<tr><td><span class=\"kind k-{}\">{}</span></td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{ann}</td><td class=\"n\">{pl}</td><td class=\"n\">{}</td></tr>",
            kind_class(kind),
            kind_label(kind),
            if kind.is_some() { rows.len().to_string() } else { "–".into() },
            rows.iter().filter(|(_, e)| e.annotated > 0).count(),
            percent(ann, ann + pl)
        );
    }
    b.push_str("</table></section>");

    // Diagnostics by code.
    let mut by_code: BTreeMap<Code, (usize, BTreeSet<&'static str>)> = BTreeMap::new();
    for d in site.diagnostics.iter().flatten() {
        let e = by_code.entry(d.code).or_default();
        e.0 += 1;
        e.1.insert(severity_name(d.severity));
    }
    b.push_str("<section class=\"panel\"><h2>Remaining diagnostics</h2>");
    if by_code.is_empty() {
        b.push_str("<p class=\"muted\">None: every file is clean under its catalogue's severities.</p>");
    } else {
        b.push_str("<table><tr><th>code</th><th>severity</th><th class=\"n\">count</th><th>what it means</th></tr>");
        for (code, (n, sevs)) in &by_code {
            let sev: Vec<String> = sevs.iter().map(|s| format!("<span class=\"sev sev-{s}\">{s}</span>")).collect();
            let _ = write!(
                b,
                "<tr><td><code>{}</code></td><td>{}</td><td class=\"n\">{n}</td><td>{}</td></tr>",
                code.as_str(),
                sev.join(" "),
                esc(code.help())
            );
        }
        b.push_str("</table>");
    }
    b.push_str("</section>");

    // Documents.
    b.push_str("<section class=\"panel\"><h2>Documents</h2><table><tr><th>headline</th><th>file</th><th class=\"n\">mentions</th><th class=\"n\">entities</th><th class=\"n\">tags</th><th class=\"n\">diagnostics</th></tr>");
    for (i, d) in corpus.documents.iter().enumerate() {
        let entities: BTreeSet<&str> = d.stripped.mentions.iter().map(|m| m.id.as_str()).collect();
        let _ = write!(
            b,
            "<tr><td><a href=\"documents/{}\">{}</a></td><td><code>{}</code></td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&site.pages[i]),
            esc(&headline(d)),
            esc(&d.key),
            d.stripped.mentions.len(),
            entities.len(),
            d.stripped.tags.len(),
            site.diagnostics[i].len()
        );
    }
    b.push_str("</table></section>");

    // Every entity, by kind.
    b.push_str("<section class=\"panel\"><h2>Entities</h2>");
    for kind in Kind::ALL.iter().map(|k| Some(*k)).chain([None]) {
        let mut rows: Vec<_> = stats.entities.iter().filter(|(id, _)| site.kind(id) == kind).collect();
        if rows.is_empty() {
            continue;
        }
        rows.sort_by(|a, b| b.1.annotated.cmp(&a.1.annotated).then(a.0.cmp(b.0)));
        let _ = write!(
            b,
            "<p class=\"entity-list\"><span class=\"kind k-{}\">{}</span> ",
            kind_class(kind),
            kind_label(kind)
        );
        for (id, e) in rows {
            let name = if e.name.is_empty() { id.as_str() } else { e.name.as_str() };
            let _ = write!(
                b,
                "<a class=\"chip\" href=\"entities/{}.html\">{} <span class=\"count\">{}</span></a>",
                esc(id),
                esc(name),
                e.annotated
            );
        }
        b.push_str("</p>");
    }
    b.push_str("</section>");
    page("Corpus report", "", "", &b)
}

fn kind_legend() -> String {
    let mut s = String::from("<div class=\"legend\" style=\"margin:.4rem 0 0\">");
    for kind in Kind::ALL {
        let _ = write!(s, "<span class=\"kind k-{}\">{}</span>", kind.as_str(), kind_label(Some(kind)));
    }
    s.push_str("</div>");
    s
}

fn kind_class_bar(kind: Option<Kind>) -> &'static str {
    match kind {
        Some(Kind::Person) => "k-person",
        Some(Kind::Place) => "k-place",
        Some(Kind::Organization) => "k-organization",
        Some(Kind::Event) => "k-event",
        Some(Kind::Document) => "k-document",
        Some(Kind::Other) => "k-other",
        None => "k-unknown",
    }
}

/// Where a diagnostic is shown on a document page.
enum Anchor {
    Mention(usize),
    Tag(usize),
    Text(Span),
}

fn document_page(site: &Site, index: usize) -> String {
    let doc = &site.corpus.documents[index];
    let text = &doc.stripped.text;
    let map = doc.plain_map();
    let diagnostics = &site.diagnostics[index];
    // Attach each diagnostic to a mention, a tag, or a stretch of text.
    let mut on_mention: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut on_tag: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut on_text: Vec<(Span, usize)> = Vec::new();
    for (i, d) in diagnostics.iter().enumerate() {
        let overlaps = |s: Span| d.span.start < s.end && s.start < d.span.end.max(d.span.start + 1);
        let anchor = if let Some(t) = doc.stripped.tags.iter().position(|t| overlaps(t.source)) {
            Anchor::Tag(t)
        } else if let Some(m) = doc.stripped.mentions.iter().position(|m| overlaps(m.source)) {
            Anchor::Mention(m)
        } else {
            Anchor::Text(map.span(d.span))
        };
        match anchor {
            Anchor::Mention(m) => on_mention.entry(m).or_default().push(i),
            Anchor::Tag(t) => on_tag.entry(t).or_default().push(i),
            Anchor::Text(s) => on_text.push((s, i)),
        }
    }
    on_text.sort_by_key(|(s, _)| (s.start, s.end));
    // Overlapping text diagnostics: the later one becomes a marker only.
    let mut last_end = 0;
    let mut text_marks: Vec<(Span, usize)> = Vec::new();
    for (s, i) in on_text {
        let s = if s.start < last_end { Span::new(s.start.max(last_end), s.start.max(last_end)) } else { s };
        last_end = last_end.max(s.end);
        text_marks.push((s, i));
    }

    let worst = |ids: &[usize]| ids.iter().map(|&i| diagnostics[i].severity).max().map(severity_name).unwrap_or("hint");
    let diag_text = |ids: &[usize]| {
        ids.iter()
            .map(|&i| format!("{}: {}", diagnostics[i].code.as_str(), diagnostics[i].message))
            .collect::<Vec<_>>()
            .join("\n")
    };

    let mut body = String::new();
    let kinds: BTreeSet<&'static str> = doc.stripped.mentions.iter().map(|m| kind_class(site.kind(&m.id))).collect();
    let _ = write!(
        body,
        "<p class=\"docmeta\"><code>{}</code> · {} mentions of {} entities · {} tags · {} diagnostics</p><div class=\"legend\">",
        esc(&doc.key),
        doc.stripped.mentions.len(),
        doc.stripped.mentions.iter().map(|m| m.id.as_str()).collect::<BTreeSet<_>>().len(),
        doc.stripped.tags.len(),
        diagnostics.len()
    );
    for kind in Kind::ALL.iter().map(|k| Some(*k)).chain([None]) {
        if kinds.contains(kind_class(kind)) {
            let _ = write!(body, "<span class=\"kind k-{}\">{}</span>", kind_class(kind), kind_label(kind));
        }
    }
    let _ = write!(body, "</div><article class=\"article\" data-file=\"{}\">", esc(&doc.key));

    let mut mentions = doc.stripped.mentions.iter().enumerate().peekable();
    let mut marks = text_marks.iter().peekable();
    let mut first = true;
    for (start, line) in lines(text) {
        let end = start + line.len();
        let tags: Vec<usize> =
            (0..doc.stripped.tags.len()).filter(|&t| doc.stripped.tags[t].paragraph.start == start).collect();
        if line.trim().is_empty() && tags.is_empty() {
            // Mentions and marks never lie on an empty line; skip past it.
            continue;
        }
        let mut html = String::new();
        let mut at = start;
        loop {
            let next_mention = mentions.peek().filter(|(_, m)| m.span.start < end).map(|(_, m)| m.span.start);
            let next_mark = marks.peek().filter(|(s, _)| s.start <= end).map(|(s, _)| s.start);
            let next = match (next_mention, next_mark) {
                (Some(m), Some(k)) => m.min(k),
                (Some(m), None) => m,
                (None, Some(k)) => k,
                (None, None) => break,
            };
            html.push_str(&esc(&text[at..next.max(at)]));
            at = at.max(next);
            if next_mention == Some(next) {
                let (i, m) = mentions.next().expect("peeked");
                let kind = site.kind(&m.id);
                let entity = site.entity(&m.id);
                let ids = on_mention.get(&i).map(Vec::as_slice).unwrap_or(&[]);
                let diag_class = if ids.is_empty() { String::new() } else { format!(" has-diag sev-{}", worst(ids)) };
                let (name, desc) = match entity {
                    Some(e) => (e.name.as_str(), e.description.as_str()),
                    None => (m.id.as_str(), "Not in the catalogue."),
                };
                let _ = write!(
                    html,
                    "<a class=\"mention k-{kc}{diag_class}\" id=\"m{i}\" data-id=\"{id}\" href=\"../entities/{id}.html\">{surface}<span class=\"lbl\">{label}</span>\
<span class=\"card\"><b>{name}</b><span class=\"kind k-{kc}\">{label}</span> <span class=\"id\">{id}</span><span class=\"desc\">{desc}</span>",
                    kc = kind_class(kind),
                    id = esc(&m.id),
                    surface = esc(m.span.of(text)),
                    label = kind_label(kind),
                    name = esc(name),
                    desc = esc(desc),
                );
                for &d in ids {
                    let _ = write!(
                        html,
                        "<span class=\"dmsg\">{}: {}</span>",
                        diagnostics[d].code.as_str(),
                        esc(&diagnostics[d].message)
                    );
                }
                html.push_str("</span></a>");
                at = m.span.end;
            } else {
                let (s, d) = marks.next().expect("peeked");
                let title = esc(&diag_text(&[*d])).into_owned();
                let sev = severity_name(diagnostics[*d].severity);
                if s.is_empty() {
                    let _ = write!(html, "<span class=\"dmark diag sev-{sev}\" id=\"d{d}\" title=\"{title}\">⚠</span>");
                } else {
                    let s_end = s.end.min(end).max(at);
                    let _ = write!(
                        html,
                        "<span class=\"diag sev-{sev}\" id=\"d{d}\" title=\"{title}\">{}</span>",
                        esc(&text[at..s_end])
                    );
                    at = s_end;
                }
            }
        }
        html.push_str(&esc(&text[at.min(end)..end]));
        let tag = if first { "h1" } else { "p" };
        first = false;
        let mut chips = String::new();
        for t in tags {
            let id = &doc.stripped.tags[t].id;
            let ids = on_tag.get(&t).map(Vec::as_slice).unwrap_or(&[]);
            let (label, desc) = site.tag_label(id).unwrap_or((id.as_str(), "Not in the catalogue."));
            let diag = if ids.is_empty() { String::new() } else { format!(" diag sev-{}", worst(ids)) };
            let title =
                if ids.is_empty() { format!("#{id}: {desc}") } else { format!("#{id}: {desc}\n{}", diag_text(ids)) };
            let _ = write!(
                chips,
                "<span class=\"chip tag{diag}\" data-tag=\"{}\" title=\"{}\">{}</span>",
                esc(id),
                esc(&title),
                esc(label)
            );
        }
        let _ = write!(body, "<div class=\"para\"><{tag}>{html}</{tag}><div class=\"tags\">{chips}</div></div>");
    }
    body.push_str("</article>");

    if !diagnostics.is_empty() {
        body.push_str("<section class=\"panel\" style=\"margin-top:1rem\"><h2>Remaining diagnostics</h2><table><tr><th>where</th><th>severity</th><th>code</th><th>message</th></tr>");
        for d in diagnostics {
            let (line, col) = line_column(&doc.text, d.span.start);
            let sev = severity_name(d.severity);
            let _ = write!(
                body,
                "<tr><td><code>{}:{line}:{col}</code></td><td><span class=\"sev sev-{sev}\">{sev}</span></td><td><code>{}</code></td><td>{}</td></tr>",
                esc(&doc.key),
                d.code.as_str(),
                esc(&d.message)
            );
        }
        body.push_str("</table></section>");
    }
    page(&headline(doc), &format!("/ {}", esc(&doc.key)), "../", &body)
}

/// Up to `n` characters of `s` from its end (for left contexts) or start.
fn clip(s: &str, n: usize, from_end: bool) -> String {
    let count = s.chars().count();
    if count <= n {
        return s.to_string();
    }
    if from_end {
        format!("…{}", s.chars().skip(count - n).collect::<String>())
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}

fn entity_page(site: &Site, id: &str) -> String {
    let stats = &site.stats.entities[id];
    let entity = site.entity(id);
    let kind = entity.map(|e| e.kind);
    let mut b = String::new();
    let name = entity.map_or(id, |e| e.name.as_str());
    let _ = write!(
        b,
        "<section class=\"panel entity-card\"><div><h1>{}</h1><p><span class=\"kind k-{}\">{}</span> <code class=\"muted\">{}</code></p><p class=\"desc\">{}</p>",
        esc(name),
        kind_class(kind),
        kind_label(kind),
        esc(id),
        esc(entity.map_or("Not in the catalogue: every mention of it is an unknown-entity error.", |e| e
            .description
            .as_str()))
    );
    if let Some(e) = entity {
        if let Some(q) = e.wikidata_id() {
            let url = crate::analysis::catalogue::wikidata_url(q);
            let _ =
                write!(b, "<p><span class=\"muted\">Wikidata:</span> <a class=\"wikidata\" href=\"{url}\">{q}</a></p>");
        }
        if !e.aliases.is_empty() {
            b.push_str("<p><span class=\"muted\">Aliases:</span> ");
            for a in &e.aliases {
                let _ = write!(b, "<span class=\"chip\">{}</span>", esc(a));
            }
            b.push_str("</p>");
        }
        if !e.tags.is_empty() {
            b.push_str("<p><span class=\"muted\">Tags:</span> ");
            for t in &e.tags {
                let _ = write!(b, "<span class=\"chip\"><code>#{}</code></span>", esc(t));
            }
            b.push_str("</p>");
        }
    }
    let _ = write!(
        b,
        "</div><div class=\"cards\" style=\"grid-template-columns:repeat(2,120px)\"><div class=\"stat\"><b>{}</b><span>mentions</span></div>\
<div class=\"stat\"><b>{}</b><span>plain occurrences</span></div><div class=\"stat\"><b>{}</b><span>coverage</span></div>\
<div class=\"stat\"><b>{}</b><span>documents</span></div></div></section>",
        stats.annotated,
        stats.plain,
        stats.coverage().map_or("–".into(), |c| format!("{c:.0}%")),
        stats.documents.len()
    );

    b.push_str("<section class=\"panel\"><h2>Every mention in context</h2>");
    let mut rows = String::new();
    let mut n = 0;
    for (di, doc) in site.corpus.documents.iter().enumerate() {
        let text = &doc.stripped.text;
        for (mi, m) in doc.stripped.mentions.iter().enumerate().filter(|(_, m)| m.id == id) {
            n += 1;
            let line_start = text[..m.span.start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
            let line_end = text[m.span.end..].find(['\n', '\r']).map_or(text.len(), |i| m.span.end + i);
            let _ = write!(
                rows,
                "<tr><td class=\"doc\"><a href=\"../documents/{page}#m{mi}\">{key}</a></td><td class=\"l\"><span>{left}</span></td>\
<td class=\"k\"><a class=\"mention k-{kc}\" href=\"../documents/{page}#m{mi}\">{kw}</a></td><td class=\"r\">{right}</td></tr>",
                page = esc(&site.pages[di]),
                key = esc(&doc.key),
                left = esc(&clip(&text[line_start..m.span.start], 70, true)),
                kc = kind_class(kind),
                kw = esc(m.span.of(text)),
                right = esc(&clip(&text[m.span.end..line_end], 70, false)),
            );
        }
    }
    if n == 0 {
        b.push_str("<p class=\"muted\">Never mentioned in this corpus.</p>");
    } else {
        let _ = write!(b, "<table class=\"kwic\">{rows}</table>");
    }
    b.push_str("</section>");

    // Its aliases in plain text, not annotated (what coverage misses).
    let mut rows = String::new();
    for (di, doc) in site.corpus.documents.iter().enumerate() {
        let text = &doc.stripped.text;
        let map = doc.plain_map();
        for occurrence in doc.plain.iter().filter(|o| o.entities.iter().any(|e| e == id)) {
            let span = map.span(occurrence.span);
            let line_start = text[..span.start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
            let line_end = text[span.end..].find(['\n', '\r']).map_or(text.len(), |i| span.end + i);
            let (line, _) = line_column(&doc.text, occurrence.span.start);
            let _ = write!(
                rows,
                "<tr><td class=\"doc\"><a href=\"../documents/{page}\">{key}:{line}</a></td><td class=\"l\"><span>{left}</span></td>\
<td class=\"k\"><span class=\"plain-hit\">{kw}</span></td><td class=\"r\">{right}</td></tr>",
                page = esc(&site.pages[di]),
                key = esc(&doc.key),
                left = esc(&clip(&text[line_start..span.start], 70, true)),
                kw = esc(span.of(text)),
                right = esc(&clip(&text[span.end..line_end], 70, false)),
            );
        }
    }
    if !rows.is_empty() {
        let _ = write!(
            b,
            "<section class=\"panel\"><h2>Not annotated: its aliases in plain text</h2><table class=\"kwic\">{rows}</table></section>"
        );
    }
    page(name, &format!("/ {}", esc(id)), "../", &b)
}

/// The site's files: (path under DIR, contents).
pub fn site_files(corpus: &Corpus) -> Vec<(PathBuf, String)> {
    let site = Site::new(corpus);
    let mut out = vec![(PathBuf::from("index.html"), index_page(&site))];
    for i in 0..corpus.documents.len() {
        out.push((Path::new("documents").join(&site.pages[i]), document_page(&site, i)));
    }
    for id in site.stats.entities.keys() {
        if crate::analysis::is_slug(id) {
            out.push((Path::new("entities").join(format!("{id}.html")), entity_page(&site, id)));
        }
    }
    out
}

pub fn run(args: &ReportArgs) -> ExitCode {
    let paths = if args.paths.is_empty() { vec![default_root()] } else { args.paths.clone() };
    let corpus = Corpus::load(&paths);
    for f in &corpus.failures {
        eprintln!("error: {f}");
    }
    // The site never goes where the corpus is.
    let out = std::fs::canonicalize(&args.out).unwrap_or_else(|_| args.out.clone());
    if let Some(d) = corpus.documents.iter().find(|d| std::fs::canonicalize(&d.path).is_ok_and(|p| p.starts_with(&out)))
    {
        eprintln!(
            "error: {} holds corpus files ({}); give --out a folder of its own",
            args.out.display(),
            d.path.display()
        );
        return ExitCode::from(2);
    }
    let files = site_files(&corpus);
    for (rel, contents) in &files {
        if let Err(e) = write_atomic(&args.out.join(rel), contents.as_bytes()) {
            eprintln!("error: writing {}: {e}", args.out.join(rel).display());
            return ExitCode::from(2);
        }
    }
    eprintln!(
        "wrote {} pages ({} documents, {} entities) to {}",
        files.len(),
        corpus.documents.len(),
        files.len() - 1 - corpus.documents.len(),
        args.out.display()
    );
    if corpus.failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(2) }
}
