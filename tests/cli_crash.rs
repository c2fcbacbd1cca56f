//! Fault injection on `annotate --in-place`: whatever happens to the process
//! or the disk, the article is afterwards either the old text or the new text,
//! byte for byte (SHA-256 compared), never a mix or a truncation.
//!
//! - SIGKILL at many moments of a run on a large article (the seeds' plain
//!   text repeated to tens of MB, the built-in catalogue so there is work):
//!   at timed delays spread over the whole run (a fault-injection schedule,
//!   not a wait), and the moment the temporary file appears, when it has
//!   grown to a fraction of the new text, and once the rename has happened.
//!   A kill can leave the process's hidden `.NAME.XXXXXX.tmp` behind (nothing
//!   runs after SIGKILL); it is tolerated, never read as an article by the
//!   next run, and nothing else may be left.
//! - A read-only folder (as an unprivileged user, and a read-only mount when
//!   the test runs as root and can mount): the write fails cleanly, exit 2.
//! - A full file system (a 1 MiB tmpfs, when the test can mount one; else
//!   skipped with a message): exit 2, the article intact, no temporary left.
//!
//! `CORPUS_LSP_CRASH_LONG=1` runs the long schedule (a bigger article, many
//! more kills); the default keeps the suite short.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use corpus_lsp::analysis::strip::strip;
use sha2::{Digest, Sha256};

const ARTICLE: &str = "big.txt";

fn long() -> bool {
    std::env::var_os("CORPUS_LSP_CRASH_LONG").is_some_and(|v| !v.is_empty() && v != "0")
}

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_corpus-lsp")
}

fn sha(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// The seeds' plain articles, concatenated and repeated to at least `bytes`.
fn plain_article(bytes: usize) -> Vec<u8> {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&seeds)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    let mut one = String::new();
    for p in names {
        one.push_str(&strip(&std::fs::read_to_string(p).unwrap()).text);
        one.push_str("\n\n");
    }
    let mut out = Vec::with_capacity(bytes + one.len());
    while out.len() < bytes {
        out.extend_from_slice(one.as_bytes());
    }
    out
}

fn annotate_in_place(dir: &Path) -> Command {
    let mut cmd = Command::new(bin());
    cmd.args(["annotate", "--in-place", ARTICLE]).current_dir(dir).stdout(Stdio::null()).stderr(Stdio::piped());
    cmd
}

/// The folder's entries other than the article: temporaries of ours, or anything else.
fn leftovers(dir: &Path) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let mut ours = Vec::new();
    let mut other = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().into_owned();
        if name == ARTICLE {
            continue;
        }
        if name.starts_with(&format!(".{ARTICLE}.")) && name.ends_with(".tmp") {
            ours.push(e.path());
        } else {
            other.push(e.path());
        }
    }
    (ours, other)
}

/// The size of our temporary file, if one exists now.
fn temporary_size(dir: &Path) -> Option<u64> {
    let (ours, _) = leftovers(dir);
    ours.first().and_then(|p| std::fs::metadata(p).ok()).map(|m| m.len())
}

/// When to kill a run.
#[derive(Clone, Copy, Debug)]
enum Trigger {
    /// After this long from the spawn.
    After(Duration),
    /// As soon as the temporary file exists with at least this many bytes.
    TemporaryAt(u64),
    /// This long after the temporary file first appeared.
    AfterTemporary(Duration),
    /// As soon as the article is a new file (renamed over).
    Renamed,
}

/// SIGKILL (what `Child::kill` sends on Unix): the process gets no chance to clean up.
fn kill(child: &mut Child) {
    let _ = child.kill();
}

#[test]
fn sigkill_at_any_moment_leaves_the_old_or_the_new_text() {
    let (size, timed) = if long() { (48 << 20, 60) } else { (16 << 20, 6) };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(ARTICLE);
    let old = plain_article(size);
    let old_sha = sha(&old);

    // One uncut run: the new text, how long a run takes, and when it writes
    // (from the temporary's first sight to the rename).
    std::fs::write(&path, &old).unwrap();
    let ino = std::fs::metadata(&path).unwrap().ino();
    let started = Instant::now();
    let mut child = annotate_in_place(dir.path()).spawn().unwrap();
    let (mut write_start, mut write_end) = (None, None);
    while child.try_wait().unwrap().is_none() {
        if write_start.is_none() && temporary_size(dir.path()).is_some() {
            write_start = Some(started.elapsed());
        }
        if write_end.is_none() && std::fs::metadata(&path).is_ok_and(|m| m.ino() != ino) {
            write_end = Some(started.elapsed());
        }
    }
    let run_time = started.elapsed();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let new = std::fs::read(&path).unwrap();
    let new_sha = sha(&new);
    assert_ne!(new_sha, old_sha, "the catalogue finds work to do");
    assert_eq!(strip(std::str::from_utf8(&new).unwrap()).text.as_bytes(), &old[..], "annotate keeps the text");
    let write_start = write_start.unwrap_or(run_time.mul_f64(0.8));
    let write_end = write_end.unwrap_or(run_time).max(write_start);
    eprintln!(
        "uncut run: {} MB → {} MB in {run_time:?}, writing from {write_start:?} to {write_end:?}",
        old.len() >> 20,
        new.len() >> 20
    );

    // The schedule: timed kills spread over 0..1.2× the run, as many again
    // spread over the write (timed from the temporary's appearance, as the
    // time before it varies from run to run), and kills on events.
    let step = |to: Duration, n: usize, i: usize| to.mul_f64(i as f64 / (n - 1) as f64);
    let mut schedule: Vec<Trigger> =
        (0..timed).map(|i| Trigger::After(step(run_time.mul_f64(1.2), timed, i))).collect();
    let write = write_end - write_start + Duration::from_millis(20);
    schedule.extend((0..timed).map(|i| Trigger::AfterTemporary(step(write, timed, i))));
    let events = if long() { 12 } else { 2 };
    for i in 0..events {
        schedule.push(Trigger::TemporaryAt(new.len() as u64 * i as u64 / events as u64));
    }
    schedule.push(Trigger::Renamed);

    let (mut kept_old, mut got_new, mut orphans, mut mid_write) = (0, 0, 0, 0);
    for trigger in schedule {
        std::fs::write(&path, &old).unwrap();
        let ino = std::fs::metadata(&path).unwrap().ino();
        let started = Instant::now();
        let mut child = annotate_in_place(dir.path()).spawn().unwrap();
        let mut temporary_seen = false;
        let mut temporary_since: Option<Instant> = None;
        loop {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            let fire = match trigger {
                Trigger::After(d) => started.elapsed() >= d,
                Trigger::TemporaryAt(n) => temporary_size(dir.path()).is_some_and(|s| s >= n),
                Trigger::AfterTemporary(d) => {
                    if temporary_since.is_none() && temporary_size(dir.path()).is_some() {
                        temporary_since = Some(Instant::now());
                    }
                    temporary_since.is_some_and(|t| t.elapsed() >= d)
                }
                Trigger::Renamed => std::fs::metadata(&path).is_ok_and(|m| m.ino() != ino),
            };
            if fire {
                temporary_seen = temporary_since.is_some() || temporary_size(dir.path()).is_some();
                kill(&mut child);
                break;
            }
            if matches!(trigger, Trigger::After(_)) || temporary_since.is_some() {
                std::thread::sleep(Duration::from_micros(200));
            }
        }
        let status = child.wait().unwrap();
        let now = std::fs::read(&path).unwrap();
        let got = sha(&now);
        assert!(
            got == old_sha || got == new_sha,
            "{trigger:?} ({status:?}): the article is {} bytes, neither the old ({}) nor the new ({}) text",
            now.len(),
            old.len(),
            new.len()
        );
        let (ours, other) = leftovers(dir.path());
        assert!(other.is_empty(), "{trigger:?}: left behind {other:?}");
        assert!(ours.len() <= 1, "{trigger:?}: more than one temporary {ours:?}");
        mid_write += usize::from(temporary_seen);
        orphans += ours.len();
        if got == old_sha {
            kept_old += 1
        } else {
            got_new += 1
        }
        eprintln!(
            "{trigger:?}: {} after {:?}, {}{}",
            if status.code().is_some() { "finished" } else { "killed" },
            started.elapsed(),
            if got == old_sha { "old text" } else { "new text" },
            if ours.is_empty() { "" } else { ", its temporary left" }
        );
        for o in ours {
            std::fs::remove_file(o).unwrap();
        }
    }
    eprintln!("old text {kept_old}, new text {got_new}; killed mid-write {mid_write}, temporaries left {orphans}");
    assert!(kept_old > 0 && got_new > 0, "the schedule reaches both sides of the rename");
    assert!(mid_write > 0, "at least one kill while the temporary was being written");

    // A temporary left by a killed run is not an article for the next run.
    std::fs::write(&path, &old).unwrap();
    std::fs::write(dir.path().join(format!(".{ARTICLE}.abc123.tmp")), &old[..1000]).unwrap();
    let out = Command::new(bin()).args(["annotate", "--in-place", "."]).current_dir(dir.path()).output().unwrap();
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("rewrote 1 of 1 files"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(sha(&std::fs::read(&path).unwrap()), new_sha);
}

/// A folder holding one seed-sized article, and what annotate makes of it.
fn small_article(dir: &Path) -> (Vec<u8>, [u8; 32]) {
    let old = plain_article(600 << 10);
    std::fs::write(dir.join(ARTICLE), &old).unwrap();
    let sha = sha(&old);
    (old, sha)
}

/// Runs annotate and checks the clean failure: exit 2, a message naming the
/// article, the article intact, nothing left in the folder.
fn fails_cleanly(out: Output, dir: &Path, old_sha: [u8; 32], what: &str) {
    let err = String::from_utf8_lossy(&out.stderr);
    eprintln!("{what}: exit {:?}: {}", out.status.code(), err.trim());
    assert_eq!(out.status.code(), Some(2), "{what}: {err}");
    assert!(err.contains(&format!("error: {ARTICLE}: ")), "{what}: {err}");
    assert_eq!(sha(&std::fs::read(dir.join(ARTICLE)).unwrap()), old_sha, "{what}: the article intact");
    let (ours, other) = leftovers(dir);
    assert!(ours.is_empty() && other.is_empty(), "{what}: left {ours:?} {other:?}");
}

/// Whether the test runs as root (`/proc/self` belongs to the effective user).
fn is_root() -> bool {
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

#[test]
fn read_only_folder_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let (_, old_sha) = small_article(dir.path());
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o555)).unwrap();
    let mut cmd = annotate_in_place(dir.path());
    // Kept alive until the command has run.
    let bin_dir = tempfile::tempdir().unwrap();
    if is_root() {
        // Root ignores folder permissions: run as `nobody`, who may read the
        // article (0644, the folder 0555) but not create a file beside it.
        // The build folder may be closed to `nobody` (a clone in a 0700
        // folder), so a copy of the binary in a folder open to all is run.
        std::fs::set_permissions(bin_dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let copy = bin_dir.path().join("corpus-lsp");
        std::fs::copy(bin(), &copy).unwrap();
        std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o755)).unwrap();
        cmd = Command::new(&copy);
        cmd.args(["annotate", "--in-place", ARTICLE])
            .current_dir(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        cmd.uid(65534).gid(65534);
    }
    let out = cmd.output().unwrap_or_else(|e| panic!("could not run {:?}: {e}", cmd.get_program()));
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    if is_root() && String::from_utf8_lossy(&out.stderr).is_empty() && out.status.code().is_none() {
        panic!("could not run the binary as nobody: {out:?}");
    }
    fails_cleanly(out, dir.path(), old_sha, "read-only folder");
}

/// A tmpfs mounted for one test, unmounted when dropped.
struct Mount(PathBuf);

impl Mount {
    fn tmpfs(at: &Path, options: &str) -> Option<Mount> {
        if !is_root() {
            return None;
        }
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs"])
            .arg(at)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Mount(at.to_path_buf()))
    }

    fn remount(&self, options: &str) {
        let ok = Command::new("mount").args(["-o", options]).arg(&self.0).status().unwrap().success();
        assert!(ok, "remount {options}");
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn read_only_mount_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let Some(mount) = Mount::tmpfs(dir.path(), "size=4m") else {
        eprintln!("skipped: cannot mount a tmpfs here (needs root and CAP_SYS_ADMIN)");
        return;
    };
    let (_, old_sha) = small_article(dir.path());
    mount.remount("remount,ro");
    let out = annotate_in_place(dir.path()).output().unwrap();
    fails_cleanly(out, dir.path(), old_sha, "read-only mount");
    mount.remount("remount,rw");
}

#[test]
fn full_file_system_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let Some(_mount) = Mount::tmpfs(dir.path(), "size=1m") else {
        eprintln!("skipped: cannot mount a 1 MiB tmpfs here (needs root and CAP_SYS_ADMIN)");
        return;
    };
    // 600 KB of article: its annotated copy cannot fit beside it in 1 MiB.
    let (old, old_sha) = small_article(dir.path());
    assert!(old.len() > 512 << 10);
    let out = annotate_in_place(dir.path()).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("No space left on device"), "{out:?}");
    fails_cleanly(out, dir.path(), old_sha, "full file system");
}
