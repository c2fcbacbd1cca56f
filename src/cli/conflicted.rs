//! The refusal every command that needs one text gives a file with conflict
//! blocks (`export`, `agree`, `report`, `stats`, `annotate --in-place`,
//! `import` over such a file): `file:line`, and `lint` to list them all.

use std::path::Path;

use crate::analysis::conflict;

/// Why `text` (read from `path`) has no single text: its first block or
/// malformed marker at `file:line`, and how many there are; `None` when it
/// has none.
pub fn refusal(path: &Path, text: &str) -> Option<String> {
    let conflicts = conflict::parse(text);
    let first_block = conflicts
        .blocks
        .first()
        .map(|b| (b.lines.start, format!("an unresolved conflict block ({})", quoted(&b.names()))));
    let first_error = conflicts.errors.first().map(|e| (e.line, "a malformed conflict block".to_string()));
    let (line, what) = match (first_block, first_error) {
        (Some(b), Some(e)) => {
            if b.0 <= e.0 {
                b
            } else {
                e
            }
        }
        (Some(x), None) | (None, Some(x)) => x,
        (None, None) => return None,
    };
    let count = conflicts.count();
    let more = if count > 1 { format!(" (and {} more)", count - 1) } else { String::new() };
    Some(format!(
        "{}:{}: {what}{more}: the file has no single text until it is resolved; `corpus-lsp lint {}` lists each block",
        path.display(),
        line + 1,
        path.display()
    ))
}

fn quoted(names: &[&str]) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(" / ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_first_block() {
        let text = "a\n<<<<<<< HEAD\nx\n=======\nx #t\n>>>>>>> b\n";
        let why = refusal(Path::new("d/f.txt"), text).unwrap();
        assert!(why.starts_with("d/f.txt:2: an unresolved conflict block (`HEAD` / `b`)"), "{why}");
        assert!(why.contains("corpus-lsp lint d/f.txt"), "{why}");
        assert_eq!(refusal(Path::new("f.txt"), "plain\n"), None);
        let why = refusal(Path::new("f.txt"), "x\n<<<<<<< a\nx\n").unwrap();
        assert!(why.starts_with("f.txt:2: a malformed conflict block"), "{why}");
    }
}
