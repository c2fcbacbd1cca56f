//! The manual (`docs/`) kept true:
//! - the CLI reference (`docs/src/reference/cli.md`, clap-markdown) and the
//!   man pages (`docs/man/*.1`, clap_mangen) equal fresh output from the clap
//!   definitions; `UPDATE_DOCS=1 cargo test --test docs` rewrites them;
//! - every relative link and `#anchor` in `docs/src` and the README resolves,
//!   and every link to a file of the repository names one that exists;
//! - every page is in SUMMARY.md, and every diagnostic code has a page;
//! - the tutorial's ```sh blocks run, in order, in an empty folder with the
//!   built binary first on PATH;
//! - the README stays under 15 KB.
//!
//! Everything read is inside the repository.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};
use std::process::Command;

use clap::CommandFactory;
use corpus_lsp::analysis::{Code, Level};
use corpus_lsp::cli::Cli;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

const REGENERATE: &str = "UPDATE_DOCS=1 cargo test --test docs";
/// Links to the repository's own files, checked against the working tree.
const REPOSITORY: [&str; 2] =
    ["https://github.com/corpus-lsp/corpus-lsp/blob/main/", "https://github.com/corpus-lsp/corpus-lsp/tree/main/"];
const README_LIMIT: usize = 15_000;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn src() -> PathBuf {
    root().join("docs/src")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

// ---- generated reference ----

/// The generated files: path under the repository root → content.
fn generated() -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    let mut command = Cli::command();
    // No footer: it is HTML, which the escaping below would show as text.
    let options = clap_markdown::MarkdownOptions::new().title("Command-line reference".to_owned()).show_footer(false);
    let markdown = clap_markdown::help_markdown_command_custom(&command, &options);
    out.insert(PathBuf::from("docs/src/reference/cli.md"), escape_angle_brackets(&markdown));
    // Built, each subcommand's display name is `corpus-lsp-lint` and so on:
    // the man page's name, as `clap_mangen::generate_to` names them.
    command.build();
    let mut stack = vec![command];
    while let Some(cmd) = stack.pop() {
        let name = cmd.get_display_name().unwrap_or(cmd.get_name()).to_owned();
        let mut roff = Vec::new();
        clap_mangen::Man::new(cmd.clone()).render(&mut roff).expect("man page renders");
        out.insert(PathBuf::from(format!("docs/man/{name}.1")), String::from_utf8(roff).expect("UTF-8 roff"));
        stack.extend(cmd.get_subcommands().filter(|s| s.get_name() != "help").cloned());
    }
    out
}

/// clap-markdown copies help text as it is: a `DIR/<name>.txt` outside a code
/// span would be read as an HTML tag (and vanish). Escapes `<` and `>` there.
fn escape_angle_brackets(markdown: &str) -> String {
    let escape_line = |line: &str| {
        line.split('`')
            .enumerate()
            .map(|(i, part)| if i % 2 == 0 { part.replace('<', "&lt;").replace('>', "&gt;") } else { part.to_owned() })
            .collect::<Vec<_>>()
            .join("`")
    };
    markdown.split('\n').map(escape_line).collect::<Vec<_>>().join("\n")
}

#[test]
fn cli_reference_and_man_pages_are_current() {
    let fresh = generated();
    assert!(fresh.len() > 10, "a page per subcommand: {:?}", fresh.keys());
    let on_disk: BTreeSet<PathBuf> = std::fs::read_dir(root().join("docs/man"))
        .map(|dir| dir.flatten().map(|e| PathBuf::from("docs/man").join(e.file_name())).collect())
        .unwrap_or_default();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        for stale in on_disk.iter().filter(|p| !fresh.contains_key(*p)) {
            std::fs::remove_file(root().join(stale)).unwrap();
        }
        for (path, text) in &fresh {
            let path = root().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        return;
    }
    let mut wrong = Vec::new();
    for (path, text) in &fresh {
        match std::fs::read_to_string(root().join(path)) {
            Ok(old) if old == *text => {}
            Ok(_) => wrong.push(format!("{} differs from the clap definitions", path.display())),
            Err(_) => wrong.push(format!("{} is missing", path.display())),
        }
    }
    for stale in on_disk.iter().filter(|p| !fresh.contains_key(*p)) {
        wrong.push(format!("{} is no command's man page any more", stale.display()));
    }
    assert!(wrong.is_empty(), "{}\nregenerate with: {REGENERATE}", wrong.join("\n"));
}

// ---- links ----

/// The anchor mdBook gives a heading: lower-case letters, digits, `-`, `_`,
/// whitespace as `-`, the rest dropped; a repeated one gets `-1`, `-2`…
fn anchor(text: &str) -> String {
    text.chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                Some(c.to_lowercase().next().unwrap_or(c))
            } else if c.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

/// A page's links (with their line) and heading anchors.
struct Page {
    links: Vec<(usize, String)>,
    anchors: BTreeSet<String>,
    /// The ```sh blocks, in order.
    sh_blocks: Vec<String>,
}

fn page(markdown: &str) -> Page {
    let mut links = Vec::new();
    let mut anchors = BTreeSet::new();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut heading: Option<(String, Option<String>)> = None;
    let mut sh_blocks = Vec::new();
    let mut block: Option<String> = None;
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        let line = markdown[..range.start].matches('\n').count() + 1;
        match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                links.push((line, dest_url.to_string()))
            }
            Event::Start(Tag::Heading { id, .. }) => heading = Some((String::new(), id.map(|i| i.to_string()))),
            Event::Text(t) | Event::Code(t) if heading.is_some() => heading.as_mut().unwrap().0.push_str(&t),
            Event::End(TagEnd::Heading(_)) => {
                let (text, id) = heading.take().unwrap();
                let base = id.unwrap_or_else(|| anchor(&text));
                let n = counts.entry(base.clone()).or_default();
                anchors.insert(if *n == 0 { base.clone() } else { format!("{base}-{n}") });
                *n += 1;
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))) if lang.as_ref() == "sh" => {
                block = Some(String::new())
            }
            Event::Text(t) if block.is_some() => block.as_mut().unwrap().push_str(&t),
            Event::End(TagEnd::CodeBlock) => sh_blocks.extend(block.take()),
            Event::Html(h) | Event::InlineHtml(h) => {
                // `<a id="…">` / `<a name="…">` anchors.
                for key in ["id=\"", "name=\""] {
                    if let Some(at) = h.find(key) {
                        let rest = &h[at + key.len()..];
                        anchors.extend(rest.split('"').next().map(str::to_owned));
                    }
                }
            }
            _ => {}
        }
    }
    Page { links, anchors, sh_blocks }
}

/// `base/relative` with `.` and `..` resolved (no file system access).
fn join(base: &Path, relative: &str) -> PathBuf {
    let mut out = PathBuf::new();
    for c in base.join(relative).components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The broken links of the markdown file `file`: relative links must stay
/// inside `allowed` (what the book ships) and lead to a file, and to a
/// heading of it for `.md#anchor`; repository links must name a file.
fn broken_links(file: &Path, markdown: &str, allowed: &Path, pages: &mut BTreeMap<PathBuf, Page>) -> Vec<String> {
    let this = page(markdown);
    let mut broken = Vec::new();
    let at = |line: usize| format!("{}:{line}", file.strip_prefix(root()).unwrap_or(file).display());
    for (line, url) in &this.links {
        if let Some(path) = REPOSITORY.iter().find_map(|prefix| url.strip_prefix(prefix)) {
            let path = path.split('#').next().unwrap();
            if !root().join(path).exists() {
                broken.push(format!("{}: {url}: no file `{path}` in the repository", at(*line)));
            }
            continue;
        }
        if url.contains("://") || url.starts_with("mailto:") {
            continue;
        }
        let (target, fragment) = match url.split_once('#') {
            Some((t, f)) => (t, Some(f)),
            None => (url.as_str(), None),
        };
        let target_path = if target.is_empty() { file.to_path_buf() } else { join(file.parent().unwrap(), target) };
        if !target_path.starts_with(allowed) {
            broken.push(format!(
                "{}: {url}: leaves {} (link to the repository's URL instead)",
                at(*line),
                allowed.display()
            ));
            continue;
        }
        if !target_path.exists() {
            broken.push(format!("{}: {url}: no such file", at(*line)));
            continue;
        }
        let Some(fragment) = fragment else { continue };
        if target_path.extension().is_some_and(|e| e == "md") {
            let anchors = if target_path == file {
                &this.anchors
            } else {
                &pages.entry(target_path.clone()).or_insert_with(|| page(&read(&target_path))).anchors
            };
            if !anchors.contains(fragment) {
                broken.push(format!("{}: {url}: no heading `#{fragment}` in {}", at(*line), target_path.display()));
            }
        }
    }
    broken
}

fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(markdown_files(&path));
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
    out.sort();
    out
}

#[test]
fn every_link_and_anchor_resolves() {
    let mut pages = BTreeMap::new();
    let mut broken = Vec::new();
    let files = markdown_files(&src());
    assert!(files.len() > 20, "{files:?}");
    for file in &files {
        broken.extend(broken_links(file, &read(file), &src(), &mut pages));
    }
    // The README links into the manual and the repository.
    let readme = root().join("README.md");
    broken.extend(broken_links(&readme, &read(&readme), root(), &mut pages));
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn the_link_check_finds_broken_links() {
    let file = src().join("faq.md");
    let markdown = "# A page\n\n## Some heading\n\n[ok](#some-heading) [ok](markup.md#conflict-blocks) \
        [bad](#no-heading) [bad](nowhere.md) [bad](markup.md#nowhere) [bad](../../README.md) \
        [bad](https://github.com/corpus-lsp/corpus-lsp/blob/main/no/such/file.rs) \
        [ok](https://github.com/corpus-lsp/corpus-lsp/blob/main/src/lib.rs) [ok](https://example.com/x)\n";
    let broken = broken_links(&file, markdown, &src(), &mut BTreeMap::new());
    let found: Vec<&str> = broken.iter().map(|b| b.split(": ").nth(1).unwrap()).collect();
    assert_eq!(
        found,
        [
            "#no-heading",
            "nowhere.md",
            "markup.md#nowhere",
            "../../README.md",
            "https://github.com/corpus-lsp/corpus-lsp/blob/main/no/such/file.rs"
        ],
        "{broken:#?}"
    );
    assert!(broken[0].starts_with("docs/src/faq.md:5: "), "{}", broken[0]);
}

#[test]
fn anchors_as_mdbook_makes_them() {
    let p = page("# Quick fixes that edit corpus.json\n## `corpus-lsp agree`: inter-annotator agreement\n## A\n## A\n");
    let expected = ["quick-fixes-that-edit-corpusjson", "corpus-lsp-agree-inter-annotator-agreement", "a", "a-1"];
    assert_eq!(p.anchors, expected.iter().map(|s| s.to_string()).collect());
}

#[test]
fn every_page_is_in_the_summary() {
    let summary = read(&src().join("SUMMARY.md"));
    let listed: BTreeSet<PathBuf> = page(&summary).links.into_iter().map(|(_, l)| src().join(l)).collect();
    let missing: Vec<_> = markdown_files(&src())
        .into_iter()
        .filter(|f| !f.ends_with("SUMMARY.md") && !listed.contains(f))
        .map(|f| f.display().to_string())
        .collect();
    assert!(missing.is_empty(), "pages not in SUMMARY.md: {missing:?}");
}

#[test]
fn every_diagnostic_code_has_its_page() {
    let codes = Code::ALL.iter().map(|c| (c.as_str(), c.default_level()));
    let summary = read(&src().join("SUMMARY.md"));
    for (code, level) in codes {
        let path = src().join(format!("diagnostics/{code}.md"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("no page {}", path.display()));
        assert!(text.starts_with(&format!("# {code}\n")), "{code}: the page's title is the code");
        assert!(text.contains("```text"), "{code}: the page has an example");
        assert!(text.contains("## Fixes"), "{code}: the page says how to fix it");
        assert!(summary.contains(&format!("(diagnostics/{code}.md)")), "{code}: not in SUMMARY.md");
        let name = match level {
            Level::Off => "off",
            other => other.severity().unwrap().as_str(),
        };
        assert!(text.contains(&format!("**Default: {name}.")), "{code}: the page gives the default, {name}");
    }
}

#[test]
fn the_readme_is_short() {
    let size = std::fs::metadata(root().join("README.md")).unwrap().len() as usize;
    assert!(
        size <= README_LIMIT,
        "README.md is {size} bytes; keep it under {README_LIMIT} and move the rest to docs/src"
    );
}

// ---- the tutorial ----

#[test]
fn the_tutorial_runs_as_written() {
    let blocks = page(&read(&src().join("tutorial.md"))).sh_blocks;
    assert!(blocks.len() >= 6, "{blocks:?}");
    let mut script = String::from("set -euo pipefail\n");
    for (n, block) in blocks.iter().enumerate() {
        script.push_str(&format!("echo '>>> block {}' >&2\n{block}\n", n + 1));
    }
    let dir = tempfile::tempdir().unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_corpus-lsp")).parent().unwrap();
    let path = std::env::join_paths(
        std::iter::once(bin.to_path_buf()).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())),
    )
    .unwrap();
    let out = Command::new("bash")
        .arg("-c")
        .arg(&script)
        .current_dir(dir.path())
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .output()
        .expect("bash runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let failed_at = stderr.lines().rev().find_map(|l| l.strip_prefix(">>> block ")).unwrap_or("?");
    assert!(
        out.status.success(),
        "the tutorial's ```sh block {failed_at} failed ({}):\n{}\n--- stdout\n{}\n--- stderr\n{stderr}",
        out.status,
        blocks.get(failed_at.parse::<usize>().unwrap_or(1) - 1).map_or("", |b| b.as_str()),
        String::from_utf8_lossy(&out.stdout),
    );
}
