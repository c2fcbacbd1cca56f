//! `corpus-lsp report` on the command line: the pages it writes, escaping,
//! that it writes only inside DIR and never into a folder holding the corpus.
//! (`tests/report/run.sh` loads the pages in headless Chromium.)

use std::path::Path;
use std::process::{Command, Output};

mod support;

fn corpus_lsp(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_corpus-lsp")).args(args).current_dir(cwd).output().unwrap()
}

/// Every file under `dir`, relative, with `/` between folders, sorted as text.
fn files_under(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> =
        support::files_under(dir).iter().map(|p| p.to_string_lossy().replace('\\', "/")).collect();
    out.sort();
    out
}

#[test]
fn pages_escaping_and_where_it_writes() {
    let work = tempfile::tempdir().unwrap();
    let corpus = work.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let article = "Tom & Jerry <script>alert(1)</script> met [Blinken]{antony-blinken}. #taiwan\n\n[a <b>]{no-such-entity} and [Wang Yi]{wang-yi} &amp; co.\nLater Wang Yi spoke.\n";
    std::fs::write(corpus.join("a.txt"), article).unwrap();
    let out = corpus_lsp(&["report", "corpus", "--out", "site"], work.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let site = work.path().join("site");
    let files = files_under(&site);
    assert!(files.contains(&"index.html".to_string()));
    assert!(files.contains(&"documents/a.txt.html".to_string()));
    for id in ["antony-blinken", "wang-yi", "no-such-entity", "xi-jinping"] {
        assert!(files.contains(&format!("entities/{id}.html")), "{id}: {files:?}");
    }
    // Nothing but the site and the corpus in the working folder; no temporary left.
    let mut top: Vec<String> = std::fs::read_dir(work.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    top.sort();
    assert_eq!(top, ["corpus", "site"]);
    assert!(files.iter().all(|f| f.ends_with(".html")), "{files:?}");

    let page = std::fs::read_to_string(site.join("documents/a.txt.html")).unwrap();
    assert!(!page.contains("<script"), "a script element");
    assert!(page.contains("Tom &amp; Jerry &lt;script&gt;alert(1)&lt;/script&gt;"), "{page}");
    assert!(page.contains("&amp;amp; co."));
    assert!(page.contains("a &lt;b&gt;"));
    // One highlighted mention per mention, each with its kind's class and a label.
    assert_eq!(page.matches("<a class=\"mention ").count(), 3);
    assert_eq!(page.matches("<span class=\"lbl\">").count(), 3);
    assert!(page.contains("class=\"mention k-person\" id=\"m0\""));
    // The unknown id is marked with its diagnostic, in the card and in the list.
    assert!(page.contains("class=\"mention k-unknown has-diag sev-error\""), "{page}");
    assert!(page.contains("unknown-entity"));
    assert!(page.contains("data-tag=\"taiwan\""));
    // The entity page: its mention in context, and its plain occurrence.
    let entity = std::fs::read_to_string(site.join("entities/wang-yi.html")).unwrap();
    assert!(entity.contains("href=\"../documents/a.txt.html#m2\">Wang Yi</a>"), "{entity}");
    assert!(entity.contains("<span class=\"plain-hit\">Wang Yi</span>"), "{entity}");
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(index.contains("<svg") && index.contains("href=\"documents/a.txt.html\""));
    assert!(!index.contains("http://") && !index.contains("https://") && !page.contains("https://"));

    // A second run replaces its own output.
    let out = corpus_lsp(&["report", "corpus", "--out", "site"], work.path());
    assert!(out.status.success());
    assert_eq!(files_under(&site), files);

    // A folder holding the corpus is refused, and nothing is written.
    let out = corpus_lsp(&["report", "corpus", "--out", "."], work.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("holds corpus files"));
    assert!(!work.path().join("index.html").exists());
}
