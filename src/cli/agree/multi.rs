//! Agreement among any number of versions: Fleiss' kappa and Krippendorff's
//! alpha (nominal) over the tokens `agree` labels (runs of letters and
//! digits, each labelled with the id of the mention over it or none; "none"
//! is a label like the others), overall and per kind; and the span counts of
//! every pair of versions (the two-version comparison, pair by pair).

use std::collections::BTreeMap;

use super::{Agreement, PairStatus, UNKNOWN_KIND, agree, first_difference, kind_of, overlaps, tokens};
use crate::cli::corpus::{Corpus, Document};

/// One file across the versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileStatus {
    Compared,
    /// Version `version`'s plain text differs from the first version's at this 1-based line and column.
    TextDiffers {
        version: usize,
        line: usize,
        column: usize,
    },
    /// Missing from these versions.
    Missing(Vec<usize>),
}

#[derive(Debug)]
pub struct MultiAgreement {
    /// Versions.
    pub n: usize,
    pub files: Vec<(String, FileStatus)>,
    /// Each distinct tuple of token labels (one per version) and how many tokens carry it.
    pub tokens: BTreeMap<Vec<Option<String>>, usize>,
    /// Per version: the kind of each id it uses.
    pub kinds: Vec<BTreeMap<String, String>>,
    /// Every pair `(i, j)`, `i < j`, compared as two versions.
    pub pairs: Vec<(usize, usize, Agreement)>,
}

/// Fleiss' kappa and Krippendorff's alpha of some labelled items.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reliability {
    pub items: usize,
    pub fleiss_kappa: Option<f64>,
    pub krippendorff_alpha: Option<f64>,
}

/// Fleiss' kappa and nominal Krippendorff's alpha over items each rated by
/// every one of `n ≥ 2` raters, given as (labels, multiplicity).
///
/// Fleiss: P̄ = mean over items of (Σ_j n_ij² − n)/(n(n − 1)); P_e = Σ_j p_j²
/// with p_j the share of all ratings in label j; κ = (P̄ − P_e)/(1 − P_e).
/// Krippendorff (nominal, no missing value): with N·n values in all, n_c of
/// them label c, and o_cc = Σ_items n_uc(n_uc − 1)/(n − 1) the coinciding
/// pairs, α = 1 − (N·n − 1)(N·n − Σ_c o_cc)/((N·n)² − Σ_c n_c²).
/// Each is undefined (None) when every rating has the same label.
pub fn reliability<L: Ord>(items: &BTreeMap<Vec<L>, usize>, n: usize) -> Reliability {
    let count: usize = items.values().sum();
    if count == 0 || n < 2 {
        return Reliability { items: count, fleiss_kappa: None, krippendorff_alpha: None };
    }
    let nf = n as f64;
    let mut totals: BTreeMap<&L, f64> = BTreeMap::new();
    let mut p_sum = 0.0;
    let mut coinciding = 0.0;
    for (labels, &m) in items {
        let mut here: BTreeMap<&L, f64> = BTreeMap::new();
        for l in labels {
            *here.entry(l).or_default() += 1.0;
        }
        let squares: f64 = here.values().map(|c| c * c).sum();
        p_sum += m as f64 * (squares - nf) / (nf * (nf - 1.0));
        coinciding += m as f64 * (squares - nf) / (nf - 1.0);
        for (l, c) in here {
            *totals.entry(l).or_default() += m as f64 * c;
        }
    }
    let all = count as f64 * nf;
    let p_bar = p_sum / count as f64;
    let p_e: f64 = totals.values().map(|c| (c / all) * (c / all)).sum();
    let fleiss_kappa = (p_e < 1.0 - 1e-12).then(|| (p_bar - p_e) / (1.0 - p_e));
    let expected = all * all - totals.values().map(|c| c * c).sum::<f64>();
    let krippendorff_alpha = (expected > 1e-9).then(|| 1.0 - (all - 1.0) * (all - coinciding) / expected);
    Reliability { items: count, fleiss_kappa, krippendorff_alpha }
}

impl MultiAgreement {
    /// Compares the versions: files matched by key (or the one file of each
    /// version when `files`), tokens over the files every version has with
    /// the same plain text.
    pub fn new(corpora: &[Corpus], files: bool) -> MultiAgreement {
        let n = corpora.len();
        let mut by_key: BTreeMap<String, Vec<Option<&Document>>> = BTreeMap::new();
        if files {
            if corpora.iter().all(|c| !c.documents.is_empty()) {
                let docs: Vec<Option<&Document>> = corpora.iter().map(|c| c.documents.first()).collect();
                by_key.insert(docs[0].expect("checked").key.clone(), docs);
            }
        } else {
            for (v, c) in corpora.iter().enumerate() {
                for d in &c.documents {
                    by_key.entry(d.key.clone()).or_insert_with(|| vec![None; n])[v] = Some(d);
                }
            }
        }
        let mut out = MultiAgreement {
            n,
            files: Vec::new(),
            tokens: BTreeMap::new(),
            kinds: vec![BTreeMap::new(); n],
            pairs: Vec::new(),
        };
        for (key, docs) in by_key {
            let missing: Vec<usize> = (0..n).filter(|&v| docs[v].is_none()).collect();
            if !missing.is_empty() {
                out.files.push((key, FileStatus::Missing(missing)));
                continue;
            }
            let docs: Vec<&Document> = docs.into_iter().map(|d| d.expect("checked")).collect();
            let plain = &docs[0].stripped.text;
            let differs = docs.iter().enumerate().skip(1).find_map(|(v, d)| {
                first_difference(plain, &d.stripped.text).map(|(line, column)| FileStatus::TextDiffers {
                    version: v,
                    line,
                    column,
                })
            });
            if let Some(status) = differs {
                out.files.push((key, status));
                continue;
            }
            for (v, d) in docs.iter().enumerate() {
                for m in &d.stripped.mentions {
                    out.kinds[v].entry(m.id.clone()).or_insert_with(|| kind_of(d, &m.id));
                }
            }
            for t in tokens(plain) {
                let labels: Vec<Option<String>> = docs
                    .iter()
                    .map(|d| d.stripped.mentions.iter().find(|m| overlaps(m.span, t)).map(|m| m.id.clone()))
                    .collect();
                *out.tokens.entry(labels).or_default() += 1;
            }
            out.files.push((key, FileStatus::Compared));
        }
        for i in 0..n {
            for j in i + 1..n {
                out.pairs.push((i, j, agree(&corpora[i], &corpora[j], files)));
            }
        }
        out
    }

    /// Over all labels, or only those of one kind (the others count as none).
    pub fn tokens(&self, kind: Option<&str>) -> Reliability {
        let mut items: BTreeMap<Vec<Option<&str>>, usize> = BTreeMap::new();
        for (labels, &m) in &self.tokens {
            let kept: Vec<Option<&str>> = labels
                .iter()
                .enumerate()
                .map(|(v, l)| match (l, kind) {
                    (Some(id), Some(k)) if self.kinds[v].get(id).map(String::as_str) != Some(k) => None,
                    _ => l.as_deref(),
                })
                .collect();
            *items.entry(kept).or_default() += m;
        }
        reliability(&items, self.n)
    }

    /// The kinds seen in any version, in `Kind::ALL` order then `unknown`.
    pub fn kinds(&self) -> Vec<String> {
        let seen: std::collections::BTreeSet<&str> =
            self.kinds.iter().flat_map(|k| k.values()).map(String::as_str).collect();
        crate::analysis::Kind::ALL
            .iter()
            .map(|k| k.as_str())
            .chain([UNKNOWN_KIND])
            .filter(|k| seen.contains(k))
            .map(str::to_string)
            .collect()
    }

    pub fn compared(&self) -> usize {
        self.files.iter().filter(|(_, s)| *s == FileStatus::Compared).count()
    }
}

/// A pair's compared file count.
pub fn pair_compared(ag: &Agreement) -> usize {
    ag.pairs.iter().filter(|p| matches!(p.status, PairStatus::Compared(_))).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(x: Option<f64>, want: f64) {
        let x = x.expect("defined");
        assert!((x - want).abs() < 1e-12, "{x} != {want}");
    }

    /// Fleiss' 1971 style example worked by hand: 3 raters, 4 items.
    /// Items: (x x x), (x x y), (y y y), (x y z).
    /// Fleiss: P_i = 1, 1/3, 1, 0 → P̄ = 7/12; totals x 6, y 5, z 1 of 12:
    /// P_e = (36 + 25 + 1)/144 = 62/144; κ = (7/12 − 62/144)/(1 − 62/144) = 22/82.
    /// Alpha: coinciding pairs o = Σ n_uc(n_uc − 1)/2 = 3 + 1 + 3 + 0 = 7;
    /// α = 1 − 11·(12 − 7)/(144 − 62) = 1 − 55/82 = 27/82.
    #[test]
    fn by_hand() {
        let items: BTreeMap<Vec<&str>, usize> = BTreeMap::from([
            (vec!["x", "x", "x"], 1),
            (vec!["x", "x", "y"], 1),
            (vec!["y", "y", "y"], 1),
            (vec!["x", "y", "z"], 1),
        ]);
        let r = reliability(&items, 3);
        assert_eq!(r.items, 4);
        close(r.fleiss_kappa, 22.0 / 82.0);
        close(r.krippendorff_alpha, 27.0 / 82.0);
        let same: BTreeMap<Vec<&str>, usize> = BTreeMap::from([(vec!["x", "x"], 5)]);
        let r = reliability(&same, 2);
        assert_eq!((r.fleiss_kappa, r.krippendorff_alpha), (None, None));
    }
}
