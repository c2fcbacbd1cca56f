//! `corpus-lsp annotate [PATH...] [--in-place]`: pre-annotation. Every
//! unambiguous catalogued alias in plain text becomes a mention
//! (`analysis::annotate`), so an annotator starts from a draft. The result
//! goes to stdout, or with `--in-place` (an explicit request) back to each file
//! it changes, through `write_atomic`. A file that is not UTF-8 or whose markup
//! has errors (`malformed-markup`) is refused: wrapping aliases around broken
//! markup would only bury the mistake.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::analysis::annotate::annotate;
use crate::analysis::document::lines;
use crate::analysis::markup::parse_line;
use crate::cli::lint::{collect_files, default_root};
use crate::cli::write::write_atomic;
use crate::workspace::{Catalogues, read_text};

#[derive(Debug, clap::Args)]
pub struct AnnotateArgs {
    /// Files or folders to pre-annotate [default: the corpus around the current folder];
    /// without --in-place, the files are printed one after another.
    pub paths: Vec<PathBuf>,
    /// Rewrite each file instead of printing the annotated text.
    #[arg(long)]
    pub in_place: bool,
}

pub fn run(args: &AnnotateArgs) -> ExitCode {
    let paths = if args.paths.is_empty() { vec![default_root()] } else { args.paths.clone() };
    let mut catalogues = Catalogues::default();
    let (files, mut failures) = collect_files(&paths, &mut catalogues);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let (mut added, mut changed) = (0, 0);
    for file in &files {
        let cat = catalogues.for_file(&file.path);
        let Some(catalogue) = cat.catalogue.as_deref() else {
            let at = cat.path.as_ref().map_or_else(|| "the catalogue".into(), |p| p.display().to_string());
            failures.push(format!("{}: {at} has errors (run `corpus-lsp lint`)", file.path.display()));
            continue;
        };
        let text = match read_text(&file.path) {
            Ok(text) => text,
            Err(e) => {
                failures.push(format!("{}: {e}", file.path.display()));
                continue;
            }
        };
        if let Some(why) = args.in_place.then(|| super::conflicted::refusal(&file.path, &text)).flatten() {
            failures.push(format!("{why}; not annotated"));
            continue;
        }
        if let Some(problem) = first_markup_error(&text) {
            failures.push(format!(
                "{}:{problem}; not annotated (fix the markup first: `corpus-lsp lint` lists every error)",
                file.path.display()
            ));
            continue;
        }
        let (annotated, n) = annotate(&text, catalogue);
        added += n;
        if args.in_place {
            if n > 0 {
                match write_atomic(&file.path, annotated.as_bytes()) {
                    Ok(()) => changed += 1,
                    Err(e) => failures.push(format!("{}: {e}", file.path.display())),
                }
            }
        } else if let Err(e) = out.write_all(annotated.as_bytes()) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                return ExitCode::SUCCESS;
            }
            failures.push(format!("writing the annotated text: {e}"));
            break;
        }
    }
    let _ = out.flush();
    for f in &failures {
        eprintln!("error: {f}");
    }
    if args.in_place {
        eprintln!("annotated {added} mentions; rewrote {changed} of {} files", files.len());
    } else {
        eprintln!("annotated {added} mentions in {} files", files.len());
    }
    if failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(2) }
}

/// `LINE:COLUMN: message` of the first malformed construct (1-based, columns
/// in characters), if any.
fn first_markup_error(text: &str) -> Option<String> {
    lines(text).enumerate().find_map(|(n, (_, line))| {
        let error = parse_line(line).errors.into_iter().next()?;
        let column = line[..error.span.start].chars().count() + 1;
        Some(format!("{}:{column}: {}", n + 1, error.kind.message(error.detail.of(line))))
    })
}
