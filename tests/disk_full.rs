//! A real full disk, not a simulated one: the data directory on a small tmpfs filled to
//! the last byte. Mounting needs root (or a user namespace); where neither is possible the
//! test says why and passes without running, as `/dev/full` and `ulimit -f` cover the
//! same paths everywhere (see `e2e_faults.rs` and the store's fault tests).

mod common;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::Pty;

/// A tmpfs mounted on a fresh directory, unmounted when dropped.
struct SmallFs {
    dir: PathBuf,
    _parent: tempfile::TempDir,
}

impl SmallFs {
    fn mount(kib: u32) -> Result<SmallFs, String> {
        let parent = tempfile::tempdir().map_err(|e| e.to_string())?;
        let dir = parent.path().join("data");
        fs::create_dir(&dir).map_err(|e| e.to_string())?;
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={kib}k"), "tmpfs"])
            .arg(&dir)
            .output()
            .map_err(|e| format!("cannot run mount: {e}"))?;
        if !out.status.success() {
            return Err(format!("mount failed: {}", String::from_utf8_lossy(&out.stderr).trim()));
        }
        Ok(SmallFs { dir, _parent: parent })
    }

    /// Fills the file system: `filler` takes every byte left.
    fn fill(&self) -> PathBuf {
        let filler = self.dir.join("filler");
        let mut f = fs::File::create(&filler).expect("filler");
        let chunk = vec![0u8; 4096];
        while f.write_all(&chunk).is_ok() {}
        let _ = f.write_all(&[0u8; 1]);
        let _ = f.sync_all();
        filler
    }
}

impl Drop for SmallFs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.dir).status();
    }
}

fn journals(dir: &Path) -> Vec<PathBuf> {
    fs::read_dir(dir.join("sessions"))
        .map(|rd| rd.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "jsonl")).collect())
        .unwrap_or_default()
}

/// Every retry of the start record on a full disk left an empty journal behind (ten of
/// them here, each listed by doctor as a bad file): a failed start now removes its file.
///
/// The data directory is full when Enter starts the clock: "NOT saved" shows, the exam goes
/// on, and once space returns the start record is written with every answer behind it —
/// the session is in history with all its answers, none lost.
#[test]
fn a_really_full_disk_at_the_start_loses_no_answer_once_space_returns() {
    let small = match SmallFs::mount(256) {
        Ok(s) => s,
        Err(why) => {
            println!("skipped: no small file system to fill ({why}); /dev/full and ulimit -f tests cover this path");
            return;
        }
    };
    let dir = small.dir.clone();
    let filler = small.fill();
    let mut p = Pty::proctor(&["exam", "netfund-quick", "--seed", "1"], &dir);
    p.wait_for("Exam rules", 10);
    p.send("\r");
    let s = p.wait_for("NOT saved", 10);
    assert!(s.contains("Question 1 of 12"), "{s}");
    assert!(journals(&dir).iter().all(|j| fs::metadata(j).map_or(true, |m| m.len() == 0)), "nothing fit");
    p.send("a");
    p.send("\r");
    p.wait_for("Question 2 of 12", 10);
    // Space comes back: the next write brings the start record and both answers.
    fs::remove_file(&filler).expect("free the space");
    p.send("b");
    p.send("\r");
    p.wait_until(|s| s.contains("Question 3 of 12") && !s.contains("NOT saved"), 10);
    p.send("q");
    p.send("y");
    p.wait_for("Results", 10);
    p.send("q");
    assert_eq!(p.wait_exit(10), 0, "everything was saved in the end");
    let found = journals(&dir);
    let sizes: Vec<_> = found.iter().map(|j| (j.clone(), fs::metadata(j).map(|m| m.len()).unwrap_or(0))).collect();
    assert_eq!(found.len(), 1, "{sizes:?}");
    let text = fs::read_to_string(&found[0]).expect("journal");
    let kinds: Vec<&str> =
        text.lines().map(|l| l.split("\"type\":\"").nth(1).and_then(|t| t.split('"').next()).unwrap_or("?")).collect();
    assert_eq!(kinds, ["start", "answer", "answer", "finish"], "{text}");
    let out = Command::new(common::BIN)
        .args(["history", "--format", "json"])
        .env("PROCTOR_DATA_DIR", &dir)
        .output()
        .expect("history");
    let history = String::from_utf8_lossy(&out.stdout);
    assert!(history.contains("\"answered\": 2"), "the session is in history with both answers: {history}");
}
