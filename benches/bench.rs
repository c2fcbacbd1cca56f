//! The benchmark: the release `corpus-lsp` binary measured from outside, as an
//! editor and a CI job see it. `cargo bench --bench bench` makes the figures
//! of BENCHMARKS.md (and `docs/src/images/keystroke-latency.svg`); `-- --quick` runs the
//! same work at toy sizes to keep the harness working (the test command runs
//! it; no thresholds anywhere).
//!
//! Generated data (articles from the seeds' own sentences, a catalogue of up to
//! 100,000 entities) is deterministic by seed and lives in a temporary folder.

use std::collections::VecDeque;
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::LazyLock;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_corpus-lsp");
const MB: usize = 1 << 20;

// ---------------------------------------------------------------- generation

/// xorshift64*: small, deterministic, good enough to pick sentences.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The seeds' paragraphs (annotated, tagged), the material of every article.
fn seed_paragraphs() -> Vec<String> {
    let mut out = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir("seeds")
        .expect("run from the project folder")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    for file in files {
        let text = std::fs::read_to_string(file).unwrap();
        out.extend(text.lines().filter(|l| l.len() > 40).map(str::to_string));
    }
    out
}

static MENTION: LazyLock<regex::Regex> = LazyLock::new(|| regex::Regex::new(r"\[[^\]\[]*\]\{[^}]*\}").unwrap());
static TAG: LazyLock<regex::Regex> = LazyLock::new(|| regex::Regex::new(r"(^|\s)#[a-z0-9-]+").unwrap());

/// Extra mentions sprinkled into generated text: `[surface]{id}` pairs.
type Mentions = Vec<(String, String)>;

/// An article of about `size` bytes: seed paragraphs separated by blank lines,
/// with one mistake (an unknown id) per `mistake_every` bytes and, when
/// `extra` is not empty, a mention and a plain alias of its entities in each
/// paragraph.
fn article(rng: &mut Rng, paragraphs: &[String], extra: &Mentions, size: usize, mistake_every: usize) -> String {
    let mut out = String::with_capacity(size + 4096);
    let mut next_mistake = mistake_every;
    while out.len() < size {
        let paragraph = rng.pick(paragraphs).as_str();
        if extra.is_empty() {
            out.push_str(paragraph);
        } else {
            // Another catalogue: its entities and tags take the place of the seeds' own.
            let mentions = MENTION.replace_all(paragraph, |_: &regex::Captures| {
                let (surface, id) = rng.pick(extra);
                format!("[{surface}]{{{id}}}")
            });
            let tagged = TAG.replace_all(&mentions, |c: &regex::Captures| format!("{}#topic-{}", &c[1], rng.below(25)));
            out.push_str(&tagged);
            let (surface, id) = rng.pick(extra);
            let _ = write!(out, " Later [{surface}]{{{id}}} spoke");
            let (plain, _) = rng.pick(extra);
            let _ = write!(out, " and {plain} listened.");
        }
        if out.len() >= next_mistake {
            out.push_str(" Officials met [the envoy]{envoy-unknown}.");
            next_mistake += mistake_every;
        }
        out.push_str("\n\n");
    }
    out
}

/// A folder of `files` articles of `each` bytes (`corpus.json` written by the caller).
fn corpus_dir(dir: &Path, files: usize, each: usize, extra: &Mentions, seed: u64) -> usize {
    if dir.join(".complete").is_file() {
        return dir_size(dir);
    }
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    let paragraphs = seed_paragraphs();
    let mut rng = Rng::new(seed);
    for i in 0..files {
        let text = article(&mut rng, &paragraphs, extra, each, 50_000);
        std::fs::write(dir.join(format!("article-{i:05}.txt")), text).unwrap();
    }
    std::fs::write(dir.join(".complete"), "").unwrap();
    dir_size(dir)
}

fn dir_size(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
        .map(|e| e.metadata().unwrap().len() as usize)
        .sum()
}

const FIRST: [&str; 40] = [
    "Ahmed", "Olga", "Chen", "Maria", "Kwame", "Yuki", "Lars", "Amina", "Diego", "Priya", "Tomasz", "Fatima", "Ivan",
    "Mei", "Jonas", "Leila", "Rafael", "Sofia", "Omar", "Hana", "Pavel", "Ines", "Kenji", "Zara", "Mateo", "Elena",
    "Tariq", "Nadia", "Felix", "Aiko", "Bruno", "Lina", "Samir", "Greta", "Hugo", "Rosa", "Arjun", "Vera", "Emil",
    "Noor",
];
const LAST: [&str; 50] = [
    "Karimov",
    "Petrova",
    "Liang",
    "Santos",
    "Mensah",
    "Tanaka",
    "Berg",
    "Diallo",
    "Ortega",
    "Sharma",
    "Nowak",
    "Haddad",
    "Volkov",
    "Zhou",
    "Lindqvist",
    "Farouk",
    "Moreira",
    "Rossi",
    "Saleh",
    "Kim",
    "Dvorak",
    "Ferreira",
    "Sato",
    "Qureshi",
    "Alvarez",
    "Popescu",
    "Rahman",
    "Aziz",
    "Weber",
    "Mori",
    "Costa",
    "Nilsson",
    "Khalil",
    "Schmidt",
    "Laurent",
    "Vidal",
    "Mehta",
    "Novak",
    "Horvath",
    "Abbasi",
    "Okafor",
    "Reyes",
    "Hansen",
    "Jovanovic",
    "Suzuki",
    "Castillo",
    "Mwangi",
    "Yilmaz",
    "Kowalski",
    "Ibrahim",
];
const TITLES: [&str; 6] = ["Minister", "Ambassador", "Governor", "Senator", "General", "Director"];

const ROLES: [&str; 8] =
    ["Minister", "Ambassador", "Governor", "Senator", "General", "Director", "Economist", "Spokesperson"];
const FIELDS: [&str; 8] =
    ["trade policy", "energy", "public health", "defence", "the central bank", "education", "migration", "farming"];
const PLACES: [&str; 8] = [
    "the capital",
    "the north",
    "a port city",
    "the coast",
    "the border region",
    "the east",
    "a mining town",
    "the south",
];
const EVENTS: [&str; 6] =
    ["the 2019 talks", "a budget fight", "the flood response", "a court case", "the summit", "a party split"];

/// A description of about 100 characters, varied by `rng`.
fn description(rng: &mut Rng) -> String {
    format!(
        "{} ({}), born {} in {}; known for {} and a long career in office.",
        rng.pick(&ROLES),
        rng.pick(&FIELDS),
        1940 + rng.below(60),
        rng.pick(&PLACES),
        rng.pick(&EVENTS)
    )
}

/// A catalogue of `n` people as issue 27 describes it, written with
/// `indent=2` (≈ 30 MB for 100,000): names and two or three aliases each, all
/// distinct (`First Last`, `Title Last`, `Last, First`, and every other one
/// `LAST First`, with a numbered middle part when the plain combinations run
/// out), a varied description of about 100 characters, one or two of the 25
/// tags. Deterministic.
fn big_catalogue(n: usize) -> (String, Mentions) {
    let mut rng = Rng::new(27);
    let mut entities = Vec::with_capacity(n);
    let mut mentions = Vec::new();
    for i in 0..n {
        let first = FIRST[i % FIRST.len()];
        let last = LAST[(i / FIRST.len()) % LAST.len()];
        let round = i / (FIRST.len() * LAST.len());
        let (name, id) = if round == 0 {
            (format!("{first} {last}"), format!("{}-{}", first.to_lowercase(), last.to_lowercase()))
        } else {
            let middle = format!("{}{}", (b'A' + (round % 26) as u8) as char, round / 26);
            (
                format!("{first} {middle} {last}"),
                format!("{}-{}-{}", first.to_lowercase(), middle.to_lowercase(), last.to_lowercase()),
            )
        };
        let title = format!("{} {name}", TITLES[i % TITLES.len()]);
        let short = format!("{}, {}", &name[first.len() + 1..], first);
        let mut aliases = vec![title, short];
        if i % 2 == 0 {
            aliases.push(format!("{} {}", last.to_uppercase(), &name[..name.len() - last.len() - 1]));
        }
        if i % 97 == 0 {
            mentions.push((name.clone(), id.clone()));
        }
        let tag = rng.below(25);
        let tags: Vec<String> = if rng.below(2) == 0 {
            vec![format!("topic-{tag}")]
        } else {
            vec![format!("topic-{tag}"), format!("topic-{}", (tag + 1 + rng.below(24)) % 25)]
        };
        entities.push(json!({"id": id, "name": name, "kind": "person", "aliases": aliases,
            "description": description(&mut rng), "tags": tags}));
    }
    let tags: Vec<Value> =
        (0..25).map(|i| json!({"id": format!("topic-{i}"), "label": format!("Topic {i}")})).collect();
    (serde_json::to_string_pretty(&json!({"entities": entities, "tags": tags})).unwrap(), mentions)
}

// ---------------------------------------------------------------- LSP client

struct Lsp {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<(Instant, Value)>,
    backlog: VecDeque<(Instant, Value)>,
    next_id: i64,
    /// When the last message `wait` returned had been read whole (before parsing it).
    arrived: Instant,
}

/// The next message, and when its last byte was read (so a client's own JSON
/// parsing is not counted as the server's latency).
fn read_message(reader: &mut impl BufRead) -> Option<(Instant, Value)> {
    let mut length = None;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).ok()? == 0 {
            return None;
        }
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some(v) = header.strip_prefix("Content-Length:") {
            length = v.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    let arrived = Instant::now();
    Some((arrived, serde_json::from_slice(&body).ok()?))
}

impl Lsp {
    fn start() -> Lsp {
        let mut child = Command::new(BIN)
            .arg("serve")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(if std::env::var_os("BENCH_SERVER_STDERR").is_some() { Stdio::inherit() } else { Stdio::null() })
            .spawn()
            .expect("the release binary starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, incoming) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::with_capacity(1 << 20, stdout);
            while let Some(m) = read_message(&mut reader) {
                if tx.send(m).is_err() {
                    break;
                }
            }
        });
        Lsp { child, stdin, incoming, backlog: VecDeque::new(), next_id: 0, arrived: Instant::now() }
    }

    fn send(&mut self, message: &Value) {
        let body = serde_json::to_string(message).unwrap();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait(|m| m["id"] == id && m.get("method").is_none())
    }

    /// The first message that `matches`; the server's own requests are answered on the way.
    fn wait(&mut self, matches: impl Fn(&Value) -> bool) -> Value {
        if let Some(at) = self.backlog.iter().position(|(_, m)| matches(m)) {
            let (arrived, m) = self.backlog.remove(at).unwrap();
            self.arrived = arrived;
            return m;
        }
        loop {
            let (arrived, m) = self.incoming.recv_timeout(Duration::from_secs(600)).expect("the server answers");
            self.arrived = arrived;
            if let (Some(id), Some(_)) = (m.get("id"), m.get("method")) {
                let reply = json!({"jsonrpc": "2.0", "id": id, "result": null});
                self.send(&reply);
            }
            if matches(&m) {
                return m;
            }
            // Keep only what may be waited for later; drop stale diagnostics.
            if m["method"] != "textDocument/publishDiagnostics" {
                self.backlog.push_back((arrived, m));
            }
        }
    }

    fn initialize(&mut self, root: Option<&Path>, options: Value) -> Value {
        let folders = root.map(|r| json!([{"uri": uri(r), "name": "bench"}])).unwrap_or(Value::Null);
        let answer = self.request(
            "initialize",
            json!({"processId": null, "rootUri": root.map(uri), "workspaceFolders": folders,
                   "initializationOptions": options,
                   "capabilities": {"window": {"workDoneProgress": true},
                                    "general": {"positionEncodings": ["utf-16"]}}}),
        );
        self.notify("initialized", json!({}));
        answer
    }

    fn peak_rss_kib(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }

    fn stop(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let _ = self.child.wait();
    }
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

// ---------------------------------------------------------------- measures

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

struct Latency {
    p50: f64,
    p99: f64,
}

fn latency(mut samples: Vec<f64>) -> Latency {
    samples.sort_by(f64::total_cmp);
    Latency { p50: percentile(&samples, 50.0), p99: percentile(&samples, 99.0) }
}

/// Start to `initialize` answered, median of `runs`.
fn startup(runs: usize) -> f64 {
    let mut samples = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let mut lsp = Lsp::start();
        lsp.request("initialize", json!({"processId": null, "rootUri": null, "capabilities": {}}));
        samples.push(ms(t.elapsed()));
        lsp.notify("initialized", json!({}));
        lsp.stop();
    }
    latency(samples).p50
}

struct Typing {
    keystroke: Latency,
    hover: Latency,
    completion: Latency,
}

/// Opens a `size`-byte article and types in its middle: each keystroke (an
/// insert or a delete, alternating) timed until the `publishDiagnostics` of its
/// version; then hovers and completions.
/// With `quiet`, every diagnostic code is off: the publish is empty, and what is
/// left is the incremental analysis and the protocol's round trip.
fn typing(size: usize, keystrokes: usize, requests: usize, quiet: bool) -> Typing {
    let paragraphs = seed_paragraphs();
    let text = article(&mut Rng::new(size as u64), &paragraphs, &Vec::new(), size, 50_000);
    let dir = std::env::temp_dir().join("corpus-lsp-bench/typing");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("doc-{size}.txt"));
    let doc = uri(&file);
    let mut lsp = Lsp::start();
    let options = if quiet {
        let off: serde_json::Map<String, Value> = [
            "unknown-entity",
            "unknown-tag",
            "malformed-markup",
            "unannotated-mention",
            "alias-mismatch",
            "uncatalogued-name",
        ]
        .iter()
        .map(|code| (code.to_string(), json!("off")))
        .collect();
        json!({"severity": off})
    } else {
        Value::Null
    };
    lsp.initialize(None, options);
    lsp.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": doc, "languageId": "plaintext", "version": 0, "text": text}}),
    );
    let published = |v: i64, doc: &str| {
        let doc = doc.to_string();
        move |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == doc.as_str()
                && m["params"]["version"] == v
        }
    };
    lsp.wait(published(0, &doc));

    // The middle line that has a mention: type just before its first `[`.
    let lines: Vec<&str> = text.split('\n').collect();
    let middle = (lines.len() / 2..lines.len()).find(|&i| lines[i].contains("]{")).unwrap();
    let line = lines[middle];
    let col16 = |byte: usize| line[..byte].encode_utf16().count() as u32;
    let at = col16(line.find('[').unwrap());
    let mut samples = Vec::new();
    for k in 1..=keystrokes as i64 {
        let change = if k % 2 == 1 {
            json!({"range": {"start": {"line": middle, "character": at}, "end": {"line": middle, "character": at}}, "text": "x"})
        } else {
            json!({"range": {"start": {"line": middle, "character": at}, "end": {"line": middle, "character": at + 1}}, "text": ""})
        };
        let t = Instant::now();
        lsp.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": doc, "version": k}, "contentChanges": [change]}),
        );
        lsp.wait(published(k, &doc));
        samples.push(ms(lsp.arrived - t));
    }
    let keystroke = latency(samples);

    // Hover inside the mention's surface; completion inside its `{id}`.
    let mention = line.find('[').unwrap();
    let brace = mention + line[mention..].find("]{").unwrap() + 2;
    let position = |c: u32| json!({"textDocument": {"uri": doc}, "position": {"line": middle, "character": c}});
    let mut hovers = Vec::new();
    let mut completions = Vec::new();
    for _ in 0..requests {
        let t = Instant::now();
        let h = lsp.request("textDocument/hover", position(col16(mention) + 2));
        hovers.push(ms(lsp.arrived - t));
        assert!(h["result"]["contents"].is_object(), "hover answered: {h}");
        let t = Instant::now();
        let c = lsp.request("textDocument/completion", position(col16(brace) + 1));
        completions.push(ms(lsp.arrived - t));
        assert!(!c["result"].is_null(), "completion answered: {c}");
    }
    lsp.stop();
    Typing { keystroke, hover: latency(hovers), completion: latency(completions) }
}

/// Wall time of a command, best of `runs` (the files are in the page cache after the first).
fn time_command(runs: usize, mut command: impl FnMut() -> Command) -> (f64, i32) {
    let mut best = f64::INFINITY;
    let mut code = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let status = command().stdout(Stdio::null()).stderr(Stdio::null()).status().expect("command runs");
        best = best.min(t.elapsed().as_secs_f64());
        code = status.code().unwrap_or(-1);
    }
    (best, code)
}

fn lint_command(dir: &Path) -> Command {
    let mut c = Command::new(BIN);
    c.arg("lint").arg(dir).args(["--format", "json"]);
    c
}

/// Every alias the built-in catalogue matches, one per line (the reference's patterns).
fn alias_file(path: &Path, catalogue_json: &str) -> PathBuf {
    let catalogue: Value = serde_json::from_str(catalogue_json).unwrap();
    let mut aliases = Vec::new();
    for e in catalogue["entities"].as_array().unwrap() {
        aliases.push(e["name"].as_str().unwrap().to_string());
        for a in e["aliases"].as_array().into_iter().flatten() {
            aliases.push(a.as_str().unwrap().to_string());
        }
    }
    std::fs::write(path, aliases.join("\n") + "\n").unwrap();
    path.to_path_buf()
}

fn rg_available() -> bool {
    Command::new("rg").arg("--version").stdout(Stdio::null()).status().is_ok_and(|s| s.success())
}

/// What one `workspace/diagnostic` took.
struct Pull {
    /// From the request written to its last partial result read.
    last_partial: f64,
    /// From the request written to the response read.
    response: f64,
    partials: usize,
    reports: usize,
    diagnostics: usize,
    /// The result ids, for the next pull.
    previous: Vec<Value>,
}

impl Lsp {
    /// A workspace pull streamed through a partial result token.
    fn workspace_pull(&mut self, previous: Vec<Value>) -> Pull {
        self.next_id += 1;
        let (id, token) = (self.next_id, format!("pull-{}", self.next_id));
        let t = Instant::now();
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": "workspace/diagnostic",
            "params": {"previousResultIds": previous, "partialResultToken": token}}));
        let mut out =
            Pull { last_partial: 0.0, response: 0.0, partials: 0, reports: 0, diagnostics: 0, previous: Vec::new() };
        loop {
            let m = self.wait(|m| (m["id"] == id && m.get("method").is_none()) || m["params"]["token"] == token);
            if m["id"] == id {
                out.response = t.elapsed().as_secs_f64();
                return out;
            }
            out.last_partial = self.arrived.duration_since(t).as_secs_f64();
            out.partials += 1;
            for r in m["params"]["value"]["items"].as_array().into_iter().flatten() {
                out.reports += 1;
                out.diagnostics += r["items"].as_array().map_or(0, Vec::len);
                out.previous.push(json!({"uri": r["uri"], "value": r["resultId"]}));
            }
        }
    }
}

/// Time from `initialized` to the end of the indexing progress, and the peak RSS.
fn indexing(dir: &Path) -> (f64, Option<u64>) {
    let mut lsp = Lsp::start();
    let t = Instant::now();
    lsp.initialize(Some(dir), Value::Null);
    lsp.wait(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    let took = t.elapsed().as_secs_f64();
    let rss = lsp.peak_rss_kib();
    lsp.stop();
    (took, rss)
}

// ---------------------------------------------------------------- report

/// `points`: per size, the keystroke latency with the document's diagnostics and with none.
fn svg_chart(points: &[(usize, Latency, Latency)]) -> String {
    let (w, h, left, bottom, top, right) = (700.0, 360.0, 70.0, 50.0, 40.0, 210.0);
    let max = points.iter().map(|(_, l, _)| l.p99).fold(1.0f64, f64::max) * 1.2;
    let n = points.len().max(2) as f64;
    let x = |i: usize| left + (w - left - right) * i as f64 / (n - 1.0);
    let y = |v: f64| h - bottom - (h - bottom - top) * v / max;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" font-family=\"sans-serif\" font-size=\"12\">\n\
         <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n\
         <text x=\"{}\" y=\"22\" text-anchor=\"middle\" font-size=\"14\">keystroke → publishDiagnostics (ms) by document size</text>\n",
        (w - right + left) / 2.0
    );
    let _ =
        writeln!(s, "<line x1=\"{left}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"black\"/>", y(0.0), w - right, y(0.0));
    let _ = writeln!(s, "<line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{}\" stroke=\"black\"/>", y(0.0));
    for k in 0..=4 {
        let v = max * k as f64 / 4.0;
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{v:.1}</text><line x1=\"{left}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#ddd\"/>",
            left - 6.0,
            y(v) + 4.0,
            y(v),
            w - right,
            y(v)
        );
    }
    for (i, (size, _, _)) in points.iter().enumerate() {
        let label = if *size >= MB { format!("{} MB", size / MB) } else { format!("{} KB", size / 1024) };
        let _ = writeln!(s, "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{label}</text>", x(i), h - bottom + 18.0);
    }
    let series = [
        ("p50, ~180 diagnostics/MB", "#1f77b4", 0),
        ("p99, ~180 diagnostics/MB", "#d62728", 1),
        ("p50, no diagnostics", "#2ca02c", 2),
        ("p99, no diagnostics", "#ff7f0e", 3),
    ];
    for (name, color, pick) in series {
        let path: Vec<String> = points
            .iter()
            .enumerate()
            .map(|(i, (_, with, without))| {
                let v = [with.p50, with.p99, without.p50, without.p99][pick];
                format!("{:.1},{:.1}", x(i), y(v))
            })
            .collect();
        let _ = writeln!(
            s,
            "<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" points=\"{}\"/>",
            path.join(" ")
        );
        for p in &path {
            let (px, py) = p.split_once(',').unwrap();
            let _ = writeln!(s, "<circle cx=\"{px}\" cy=\"{py}\" r=\"3\" fill=\"{color}\"/>");
        }
        let ly = top + 20.0 + 18.0 * pick as f64;
        let _ = writeln!(s, "<text x=\"{}\" y=\"{ly}\" fill=\"{color}\">{name}</text>", w - right + 16.0);
    }
    s.push_str("</svg>\n");
    s
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let quick = args.iter().any(|a| a == "--quick");
    // `cargo bench` passes `--bench`; `cargo test --all-targets` passes neither: do nothing then.
    if !quick && !args.iter().any(|a| a == "--bench") {
        println!("the benchmark runs with `cargo bench --bench bench` (or `-- --quick`)");
        return;
    }
    let work = std::env::temp_dir().join("corpus-lsp-bench");
    std::fs::create_dir_all(&work).unwrap();
    // `--only typing|lint|index|pull|startup` runs one part (`one-file`: the one-file figures of `lint`); `--sizes 1024,10240` sets the typing sizes (KB).
    let value_of = |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1)).cloned();
    let only = value_of("--only");
    let part = |name: &str| only.as_deref().is_none_or(|o| o == name);
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut report = String::new();
    let mut line = |s: String| {
        println!("{s}");
        report.push_str(&s);
        report.push('\n');
    };
    line(format!("mode: {}, cores: {cpus}, binary: {BIN}", if quick { "quick" } else { "full" }));

    // Start-up.
    if part("startup") {
        let start = startup(if quick { 3 } else { 30 });
        line(format!("| start to initialize answered (median) | {start:.1} ms |"));
    }

    // Typing, hover, completion.
    let sizes: Vec<usize> = match value_of("--sizes") {
        Some(list) => list.split(',').map(|kb| kb.trim().parse::<usize>().expect("--sizes in KB") * 1024).collect(),
        None if quick => vec![100 * 1024, MB],
        None => vec![100 * 1024, MB, 3 * MB, 10 * MB],
    };
    let (keys, requests) = if quick { (20, 20) } else { (400, 400) };
    let mut points = Vec::new();
    for &size in sizes.iter().filter(|_| part("typing")) {
        let t = typing(size, keys, requests, false);
        let quiet = typing(size, keys, requests, true);
        line(format!(
            "| {} KB document | keystroke p50 {:.2} ms, p99 {:.2} ms | hover p50 {:.3} ms, p99 {:.3} ms | completion p50 {:.3} ms, p99 {:.3} ms |",
            size / 1024,
            t.keystroke.p50,
            t.keystroke.p99,
            t.hover.p50,
            t.hover.p99,
            t.completion.p50,
            t.completion.p99
        ));
        line(format!(
            "| {} KB document, every code off | keystroke p50 {:.2} ms, p99 {:.2} ms |",
            size / 1024,
            quiet.keystroke.p50,
            quiet.keystroke.p99
        ));
        points.push((size, t.keystroke, quiet.keystroke));
    }
    if !quick && part("typing") {
        std::fs::create_dir_all("docs").unwrap();
        std::fs::write("docs/src/images/keystroke-latency.svg", svg_chart(&points)).unwrap();
        line("chart: docs/src/images/keystroke-latency.svg".into());
    }

    if part("lint") {
        lint_figures(&work, quick, cpus, &mut line);
    }
    if only.as_deref() == Some("one-file") {
        one_file_part(&work, quick, &mut line);
    }
    if part("index") {
        index_figures(&work, quick, &mut line);
    }
    if part("pull") {
        pull_figures(&work, quick, &mut line);
    }
    if !quick && only.is_none() {
        std::fs::write(work.join("report.md"), &report).unwrap();
    }
}

/// `workspace/diagnostic` over the indexing figure's workspace: a first pull
/// (every file read and analysed), then one with the result ids (all unchanged).
fn pull_figures(work: &Path, quick: bool, line: &mut impl FnMut(String)) {
    let (files, each) = if quick { (4, MB) } else { (100, MB) };
    let dir = work.join(format!("index-{files}x{each}"));
    let bytes = corpus_dir(&dir, files, each, &Vec::new(), 3);
    std::fs::write(dir.join("corpus.json"), std::fs::read("seeds/corpus.json").unwrap()).unwrap();
    let mut lsp = Lsp::start();
    let folders = json!([{"uri": uri(&dir), "name": "bench"}]);
    lsp.request(
        "initialize",
        json!({"processId": null, "rootUri": uri(&dir), "workspaceFolders": folders,
               "capabilities": {"window": {"workDoneProgress": true}, "general": {"positionEncodings": ["utf-16"]},
                                "textDocument": {"diagnostic": {}}}}),
    );
    lsp.notify("initialized", json!({}));
    lsp.wait(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    let first = lsp.workspace_pull(Vec::new());
    let again = lsp.workspace_pull(first.previous.clone());
    let rss = lsp.peak_rss_kib();
    lsp.stop();
    line(format!(
        "| workspace/diagnostic, {} MB workspace | last partial result {:.2} s (response {:.2} s; {} partial results, {} files, {} diagnostics); again with result ids {:.3} s; peak RSS {} MB ({:.2}× the corpus) |",
        bytes / MB,
        first.last_partial,
        first.response,
        first.partials,
        first.reports,
        first.diagnostics,
        again.response,
        rss.map_or(0, |k| k / 1024),
        rss.map_or(f64::NAN, |k| (k * 1024) as f64 / bytes as f64)
    ));
}

/// One lint figure: `lint` on `dir` (its own `corpus.json`, else the built-in
/// catalogue), then the reference `rg -F --count-matches` over the same
/// catalogue's aliases on the same `*.txt` files.
fn lint_figure(
    work: &Path,
    dir: &Path,
    what: &str,
    catalogue_json: &str,
    runs: usize,
    cpus: usize,
    line: &mut impl FnMut(String),
) {
    let bytes = dir_size(dir);
    let files = std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "txt"))
        .count();
    let (secs, code) = time_command(runs, || lint_command(dir));
    let mbs = bytes as f64 / MB as f64 / secs;
    let rss = peak_rss_kib_of(lint_command(dir))
        .map_or_else(|| "peak RSS not measured (no /usr/bin/time)".into(), |k| format!("peak RSS {} MB", k / 1024));
    line(format!(
        "| lint, {what}, {} MB in {files} files | {secs:.2} s, {mbs:.0} MB/s, {:.0} MB/s per core, {rss} (exit {code}) |",
        bytes / MB,
        mbs / cpus as f64
    ));
    if !rg_available() {
        line("| reference `rg` | skipped: ripgrep not installed (apt-get install ripgrep) |".into());
        return;
    }
    let aliases = alias_file(&work.join(format!("aliases-{}.txt", slug(what))), catalogue_json);
    let patterns = std::fs::read_to_string(&aliases).unwrap().lines().count();
    // Every match counted, then only a line's first (`-c` counts matching lines).
    for (flag, label) in
        [("--count-matches", "`rg -F --count-matches -f`"), ("-c", "`rg -F -c -f` (stops at a line's first match)")]
    {
        let (rg_secs, _) = time_command(runs, || {
            let mut c = Command::new("rg");
            c.args(["-F", flag, "-g", "*.txt", "-f"]).arg(&aliases).arg(dir);
            c
        });
        let rg_mbs = bytes as f64 / MB as f64 / rg_secs;
        line(format!(
            "| reference {label} over the same {patterns} aliases and files | {rg_secs:.2} s, {rg_mbs:.0} MB/s; lint/rg speed {:.2}× |",
            mbs / rg_mbs
        ));
    }
}

/// Peak RSS of one run of `command` (KiB), through `/usr/bin/time -f %M`; `None` without it.
fn peak_rss_kib_of(command: Command) -> Option<u64> {
    let report = std::env::temp_dir().join(format!("corpus-lsp-bench-rss-{}", std::process::id()));
    let mut timed = Command::new("/usr/bin/time");
    timed.args(["-f", "%M", "-o"]).arg(&report).arg(command.get_program()).args(command.get_args());
    timed.stdout(Stdio::null()).stderr(Stdio::null()).status().ok()?;
    let kib = std::fs::read_to_string(&report).ok().and_then(|t| t.lines().last()?.trim().parse().ok());
    let _ = std::fs::remove_file(&report);
    kib
}

fn slug(text: &str) -> String {
    text.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect()
}

fn lint_figures(work: &Path, quick: bool, cpus: usize, line: &mut impl FnMut(String)) {
    let runs = if quick { 1 } else { 3 };
    // The built-in catalogue.
    let (files, each) = if quick { (5, MB) } else { (1024, MB) };
    let dir = work.join(format!("builtin-{files}x{each}"));
    corpus_dir(&dir, files, each, &Vec::new(), 1);
    let builtin = std::fs::read_to_string("seeds/corpus.json").unwrap();
    lint_figure(work, &dir, "built-in catalogue", &builtin, runs, cpus, line);

    // A generated 100,000-entity catalogue.
    let entities = if quick { 1_000 } else { 100_000 };
    let (catalogue, mentions) = big_catalogue(entities);
    let (files, each) = if quick { (2, MB) } else { (256, MB) };
    let dir = work.join(format!("big-{entities}-{files}x{each}"));
    corpus_dir(&dir, files, each, &mentions, 2);
    std::fs::write(dir.join("corpus.json"), &catalogue).unwrap();
    lint_figure(work, &dir, &format!("{entities}-entity catalogue"), &catalogue, runs, cpus, line);
    let what = format!("{entities}-entity catalogue");
    let small = small_article_dir(work, entities, &catalogue, &mentions);
    one_file_figures(work, &small, &small.join("article.txt"), &what, &catalogue, runs, line);
    one_file_figures(work, &dir, &dir.join("article-00000.txt"), &what, &catalogue, runs, line);
}

/// A folder with the big catalogue and one 27 KB article in it (issue 27's
/// one-file case: a pre-commit hook linting one article).
fn small_article_dir(work: &Path, entities: usize, catalogue: &str, mentions: &Mentions) -> PathBuf {
    let dir = work.join(format!("one-{entities}"));
    std::fs::create_dir_all(&dir).unwrap();
    if std::fs::read_to_string(dir.join("corpus.json")).ok().as_deref() != Some(catalogue) {
        std::fs::write(dir.join("corpus.json"), catalogue).unwrap();
    }
    let text = article(&mut Rng::new(27), &seed_paragraphs(), mentions, 27 * 1024, 50_000);
    std::fs::write(dir.join("article.txt"), text).unwrap();
    dir
}

/// `--only one-file`: the big catalogue's folder (as `lint_figures` makes it),
/// then [`one_file_figures`] alone.
fn one_file_part(work: &Path, quick: bool, line: &mut impl FnMut(String)) {
    let entities = if quick { 1_000 } else { 100_000 };
    let (catalogue, mentions) = big_catalogue(entities);
    let (files, each) = if quick { (2, MB) } else { (256, MB) };
    let dir = work.join(format!("big-{entities}-{files}x{each}"));
    corpus_dir(&dir, files, each, &mentions, 2);
    if std::fs::read_to_string(dir.join("corpus.json")).ok().as_deref() != Some(catalogue.as_str()) {
        std::fs::write(dir.join("corpus.json"), &catalogue).unwrap();
    }
    let (what, runs) = (format!("{entities}-entity catalogue"), if quick { 1 } else { 3 });
    let small = small_article_dir(work, entities, &catalogue, &mentions);
    one_file_figures(work, &small, &small.join("article.txt"), &what, &catalogue, runs, line);
    one_file_figures(work, &dir, &dir.join("article-00000.txt"), &what, &catalogue, runs, line);
}

/// Wall time of a command (best of `runs`), its exit code, and its peak RSS in
/// KiB from one more run under `/usr/bin/time -f %M` (`None` without it).
fn time_and_peak_rss(runs: usize, command: impl Fn() -> Command) -> (f64, i32, Option<u64>) {
    let (secs, code) = time_command(runs, &command);
    let measured = std::env::temp_dir().join(format!("corpus-lsp-bench-rss-{}", std::process::id()));
    let plain = command();
    let mut timed = Command::new("/usr/bin/time");
    timed.arg("-o").arg(&measured).args(["-f", "%M"]).arg(plain.get_program()).args(plain.get_args());
    let ran = timed.stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok();
    let rss = std::fs::read_to_string(&measured).ok().filter(|_| ran).and_then(|s| {
        // The last line: GNU time writes "Command exited with non-zero status N" first.
        s.lines().last()?.trim().parse().ok()
    });
    let _ = std::fs::remove_file(&measured);
    (secs, code, rss)
}

fn mib(kib: Option<u64>) -> String {
    kib.map_or("n/a (no /usr/bin/time)".into(), |k| format!("{} MB", k / 1024))
}

/// The CI case of goal 3 (issue 16): one file of `dir` under its catalogue.
/// `lint FILE --format json` (wall, peak RSS) next to `rg -F --count-matches -f`
/// over the catalogue's aliases on the same file; then the server's first
/// `publishDiagnostics` for that file, from spawning the process.
fn one_file_figures(
    work: &Path,
    dir: &Path,
    file: &Path,
    what: &str,
    catalogue_json: &str,
    runs: usize,
    line: &mut impl FnMut(String),
) {
    let size = std::fs::metadata(file).unwrap().len() as usize;
    // The catalogue cache (a catalogue of 1 MB or more) in a folder of the bench's own.
    let cache = work.join("catalogue-cache");
    let lint = |extra: &[&str]| {
        let mut c = Command::new(BIN);
        c.arg("lint").arg(file).args(["--format", "json"]).args(extra).env("CORPUS_LSP_CACHE_DIR", &cache);
        c
    };
    let size = if size >= MB { format!("{} MB", size / MB) } else { format!("{} KB", size / 1024) };
    let (parse, _, parse_rss) = time_and_peak_rss(runs, || lint(&["--no-cache"]));
    line(format!("| lint one {size} file, {what}, `--no-cache` | {parse:.2} s, peak RSS {} |", mib(parse_rss)));
    let mut miss = f64::INFINITY;
    for _ in 0..runs {
        let _ = std::fs::remove_dir_all(&cache);
        let t = Instant::now();
        lint(&[]).stdout(Stdio::null()).stderr(Stdio::null()).status().expect("lint runs");
        miss = miss.min(t.elapsed().as_secs_f64());
    }
    line(format!(
        "| lint one {size} file, {what}, catalogue cache empty (a miss: parse, then write it) | {miss:.2} s |"
    ));
    let (secs, code, rss) = time_and_peak_rss(runs, || lint(&[]));
    line(format!(
        "| lint one {size} file, {what} (the cache written: a hit) | {secs:.2} s, peak RSS {} (exit {code}) |",
        mib(rss)
    ));
    if rg_available() {
        let aliases = alias_file(&work.join(format!("aliases-{}.txt", slug(what))), catalogue_json);
        let (rg_secs, _, rg_rss) = time_and_peak_rss(runs, || {
            let mut c = Command::new("rg");
            c.args(["-F", "--count-matches", "-f"]).arg(&aliases).arg(file);
            c
        });
        line(format!(
            "| reference `rg -F --count-matches -f` over the same aliases, same file | {rg_secs:.2} s, peak RSS {}; lint/rg time {:.2}× |",
            mib(rg_rss),
            secs / rg_secs
        ));
    }
    let (first, diagnostics, server_rss) = first_diagnostics(dir, file);
    line(format!(
        "| server: spawn → initialize (root: the catalogue's folder) → didOpen of that file → its publishDiagnostics, {what} | {first:.2} s ({diagnostics} diagnostics), peak RSS then {} MB |",
        server_rss.map_or(0, |k| k / 1024)
    ));
}

/// Seconds from spawning the server to the first `publishDiagnostics` of
/// `file`, opened right after `initialized` in the workspace `root`; the
/// diagnostics it held and the server's peak RSS (KiB) then.
fn first_diagnostics(root: &Path, file: &Path) -> (f64, usize, Option<u64>) {
    let text = std::fs::read_to_string(file).unwrap();
    let doc = uri(file);
    let t = Instant::now();
    let mut lsp = Lsp::start();
    lsp.initialize(Some(root), Value::Null);
    lsp.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": doc, "languageId": "plaintext", "version": 0, "text": text}}),
    );
    let published =
        lsp.wait(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == doc.as_str());
    let took = lsp.arrived.duration_since(t).as_secs_f64();
    let rss = lsp.peak_rss_kib();
    lsp.stop();
    (took, published["params"]["diagnostics"].as_array().map_or(0, Vec::len), rss)
}

fn index_figures(work: &Path, quick: bool, line: &mut impl FnMut(String)) {
    // Indexing a workspace at start.
    let (files, each) = if quick { (4, MB) } else { (100, MB) };
    let dir = work.join(format!("index-{files}x{each}"));
    let bytes = corpus_dir(&dir, files, each, &Vec::new(), 3);
    std::fs::write(dir.join("corpus.json"), std::fs::read("seeds/corpus.json").unwrap()).unwrap();
    let (secs, rss) = indexing(&dir);
    line(format!(
        "| index {} MB workspace at start | {secs:.2} s, peak RSS {} MB ({:.2}× the corpus) |",
        bytes / MB,
        rss.map_or(0, |k| k / 1024),
        rss.map_or(f64::NAN, |k| (k * 1024) as f64 / bytes as f64)
    ));
}
