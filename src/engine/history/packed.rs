//! A packed copy of `index.json` under the data dir's `cache/`: the same summaries in
//! postcard, with times as integers, so a start-up with a long history decodes them
//! instead of parsing JSON (a 10,000-session index is 8 MB of text, and parsing it, its
//! dates above all, took most of the home screen's first frame).
//!
//! The copy names the metadata (size, mtime, ctime, inode, device) and the SHA-256 of the
//! `index.json` it was made from. It is used only while the index still has that metadata;
//! an index changed within
//! [`RACY_SECS`](crate::engine::bank::cache::RACY_SECS) of the copy being written is hashed and compared
//! first, as the bank cache does, so an edit in the same timestamp tick is seen. Anything
//! wrong with the copy — missing, truncated, corrupt, from another version, out of range —
//! means the JSON is parsed and the copy rewritten; the copy is never an error and never
//! a source of truth (`index.json` stays the file `doctor` and the candidate read).

use std::fs::{self, File};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::summary::{DomainSummary, Summary};
use crate::engine::bank::cache::FileMeta;
use crate::engine::session::{FinishReason, Mode};

/// Bumped when `PackedSummary` changes shape, so an old copy is never misread.
const FORMAT: u32 = 1;

/// Where the copy of the index under `root` is kept.
pub(super) fn path(root: &Path) -> PathBuf {
    root.join("cache").join("index.bin")
}

/// The SHA-256 of an index's bytes, as the copy records it.
pub(super) fn digest(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// Read first, before any summary is decoded: is this copy for that index?
#[derive(Serialize, Deserialize)]
struct Header {
    format: u32,
    version: String,
    index: FileMeta,
    sha256: [u8; 32],
}

/// A `Summary` with every field written (the JSON form leaves absent ones out, which a
/// non-self-describing format cannot read back) and times as seconds and nanoseconds.
#[derive(Serialize, Deserialize)]
struct PackedSummary {
    id: String,
    bank_id: String,
    family: Option<String>,
    bank_title: String,
    mode: Mode,
    full_length: bool,
    seed: u64,
    started_at: (i64, u32),
    finished_at: Option<(i64, u32)>,
    finish: Option<FinishReason>,
    questions: usize,
    answered: usize,
    correct: usize,
    credit_units: Option<usize>,
    score: f64,
    passing_score: u8,
    target: u8,
    passed: bool,
    domains: Vec<PackedDomain>,
    clock_anomaly: bool,
    torn_tail: bool,
    unconfirmed: usize,
    new_questions: Option<usize>,
    fresh_score: Option<f64>,
    rushed: bool,
}

/// A `DomainSummary`: id, name, asked, correct, and the fresh (asked, correct).
type PackedDomain = (String, String, usize, usize, Option<(usize, usize)>);

fn pack_time(t: &DateTime<Utc>) -> (i64, u32) {
    (t.timestamp(), t.timestamp_subsec_nanos())
}

fn unpack_time((secs, nanos): (i64, u32)) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp(secs, nanos)
}

impl From<&Summary> for PackedSummary {
    fn from(s: &Summary) -> Self {
        // Taken apart field by field (no `..`): a field added to `Summary` fails to
        // compile here until the copy carries it too.
        let Summary {
            id,
            bank_id,
            family,
            bank_title,
            mode,
            full_length,
            seed,
            started_at,
            finished_at,
            finish,
            questions,
            answered,
            correct,
            credit_units,
            score,
            passing_score,
            target,
            passed,
            domains,
            clock_anomaly,
            torn_tail,
            unconfirmed,
            new_questions,
            fresh_score,
            rushed,
        } = s;
        PackedSummary {
            id: id.clone(),
            bank_id: bank_id.clone(),
            family: family.clone(),
            bank_title: bank_title.clone(),
            mode: *mode,
            full_length: *full_length,
            seed: *seed,
            started_at: pack_time(started_at),
            finished_at: finished_at.as_ref().map(pack_time),
            finish: *finish,
            questions: *questions,
            answered: *answered,
            correct: *correct,
            credit_units: *credit_units,
            score: *score,
            passing_score: *passing_score,
            target: *target,
            passed: *passed,
            domains: domains
                .iter()
                .map(|DomainSummary { id, name, asked, correct, fresh }| {
                    (id.clone(), name.clone(), *asked, *correct, *fresh)
                })
                .collect(),
            clock_anomaly: *clock_anomaly,
            torn_tail: *torn_tail,
            unconfirmed: *unconfirmed,
            new_questions: *new_questions,
            fresh_score: *fresh_score,
            rushed: *rushed,
        }
    }
}

impl PackedSummary {
    /// The summary back; `None` for a time out of range (a corrupt copy).
    fn unpack(self) -> Option<Summary> {
        let PackedSummary {
            id,
            bank_id,
            family,
            bank_title,
            mode,
            full_length,
            seed,
            started_at,
            finished_at,
            finish,
            questions,
            answered,
            correct,
            credit_units,
            score,
            passing_score,
            target,
            passed,
            domains,
            clock_anomaly,
            torn_tail,
            unconfirmed,
            new_questions,
            fresh_score,
            rushed,
        } = self;
        Some(Summary {
            id,
            bank_id,
            family,
            bank_title,
            mode,
            full_length,
            seed,
            started_at: unpack_time(started_at)?,
            finished_at: match finished_at {
                Some(t) => Some(unpack_time(t)?),
                None => None,
            },
            finish,
            questions,
            answered,
            correct,
            credit_units,
            score,
            passing_score,
            target,
            passed,
            domains: domains
                .into_iter()
                .map(|(id, name, asked, correct, fresh)| DomainSummary { id, name, asked, correct, fresh })
                .collect(),
            clock_anomaly,
            torn_tail,
            unconfirmed,
            new_questions,
            fresh_score,
            rushed,
        })
    }
}

/// The summaries of the index at `index` (whose metadata is `meta`) from the copy at
/// `copy`, when the copy is sound and was made from that very file.
pub(super) fn get(copy: &Path, index: &Path, meta: &FileMeta) -> Option<Vec<Summary>> {
    let mut f = File::open(copy).ok()?;
    // The copy's own mtime is when it was written, on the same clock as the index's.
    let written = FileMeta::of(&f.metadata().ok()?)?.mtime_ns();
    let mut bytes = Vec::new();
    f.read_to_end(&mut bytes).ok()?;
    let (h, rest): (Header, &[u8]) = postcard::take_from_bytes(&bytes).ok()?;
    if h.format != FORMAT || h.version != env!("CARGO_PKG_VERSION") || h.index != *meta {
        return None;
    }
    // Racily clean: the index may have been rewritten in place within the same tick.
    let racy = meta.racy(written);
    if racy && fs::read(index).ok().is_none_or(|text| digest(&text) != h.sha256) {
        return None;
    }
    let (packed, rest): (Vec<PackedSummary>, &[u8]) = postcard::take_from_bytes(rest).ok()?;
    if !rest.is_empty() {
        return None;
    }
    let all: Option<Vec<Summary>> = packed.into_iter().map(PackedSummary::unpack).collect();
    // Checked against the index's bytes: written again, so that once the index is older
    // than the racy window the copy is used without hashing (as git rewrites an index
    // that holds racily clean entries).
    if racy && all.is_some() {
        let _ = write_copy(copy, &bytes);
    }
    all
}

/// Writes the copy of an index whose bytes hash to `sha256` and whose metadata (taken
/// before it was read, or just after it was written) is `meta`. Failures are ignored: the
/// copy is only a speed-up.
pub(super) fn put(copy: &Path, meta: &FileMeta, sha256: [u8; 32], summaries: &[Summary]) {
    let write = || -> std::io::Result<()> {
        let h = Header { format: FORMAT, version: env!("CARGO_PKG_VERSION").to_owned(), index: meta.clone(), sha256 };
        let mut data = postcard::to_stdvec(&h).map_err(std::io::Error::other)?;
        let packed: Vec<PackedSummary> = summaries.iter().map(PackedSummary::from).collect();
        data.extend(postcard::to_stdvec(&packed).map_err(std::io::Error::other)?);
        write_copy(copy, &data)
    };
    let _ = write();
}

/// Whole under a temporary name, then renamed: a reader never sees half. Not synced: a
/// lost or torn copy only means the JSON is parsed once more.
fn write_copy(copy: &Path, data: &[u8]) -> std::io::Result<()> {
    let dir = copy.parent().ok_or_else(|| std::io::Error::other("no directory"))?;
    fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(".index.bin.{}.tmp", std::process::id()));
    let mut f = File::create(&tmp)?;
    f.write_all(data)?;
    drop(f);
    fs::rename(&tmp, copy).inspect_err(|_| {
        let _ = fs::remove_file(&tmp);
    })
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn summary(id: &str) -> Summary {
        let t = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).single().expect("date");
        Summary {
            id: id.into(),
            bank_id: "mini".into(),
            family: None,
            bank_title: "Mini".into(),
            mode: Mode::Drill,
            full_length: false,
            seed: u64::MAX,
            started_at: t,
            finished_at: None,
            finish: None,
            questions: 2,
            answered: 1,
            correct: 1,
            credit_units: None,
            score: 50.0,
            passing_score: 70,
            target: 80,
            passed: false,
            domains: Vec::new(),
            clock_anomaly: true,
            torn_tail: true,
            unconfirmed: 1,
            new_questions: None,
            fresh_score: None,
            rushed: false,
        }
    }

    /// A summary with every optional field set, so the round trip covers them all.
    fn full() -> Summary {
        let mut s = summary("s1");
        s.family = Some("fam".into());
        s.mode = Mode::Simulation;
        s.finished_at = Some(s.started_at + chrono::Duration::milliseconds(1234));
        s.finish = Some(FinishReason::TimeUp);
        s.credit_units = Some(7);
        s.new_questions = Some(3);
        s.fresh_score = Some(66.7);
        s.rushed = true;
        s.domains = vec![DomainSummary { id: "a".into(), name: "A".into(), asked: 3, correct: 2, fresh: Some((1, 1)) }];
        s
    }

    fn meta_of(p: &Path) -> FileMeta {
        FileMeta::of(&fs::metadata(p).expect("meta")).expect("unix")
    }

    #[test]
    fn a_packed_index_round_trips_every_field() {
        let dir = tempfile::tempdir().expect("tempdir");
        let index = dir.path().join("index.json");
        fs::write(&index, "[]").expect("write");
        let copy = path(dir.path());
        let all = vec![full(), summary("s2")];
        put(&copy, &meta_of(&index), digest(b"[]"), &all);
        assert_eq!(get(&copy, &index, &meta_of(&index)), Some(all));
    }

    #[test]
    fn a_copy_of_another_index_is_not_used() {
        let dir = tempfile::tempdir().expect("tempdir");
        let index = dir.path().join("index.json");
        fs::write(&index, "[]").expect("write");
        let copy = path(dir.path());
        put(&copy, &meta_of(&index), digest(b"[]"), &[full()]);
        fs::write(&index, "[ ]").expect("rewrite");
        assert_eq!(get(&copy, &index, &meta_of(&index)), None, "other metadata");
    }

    /// An index rewritten in place within the same tick, keeping its size and (here, set
    /// back) its times: the metadata match, the racily-clean hash does not.
    #[test]
    fn an_index_changed_within_the_same_tick_is_hashed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let index = dir.path().join("index.json");
        fs::write(&index, "[1]").expect("write");
        let copy = path(dir.path());
        let meta = meta_of(&index);
        put(&copy, &meta, digest(b"[1]"), &[full()]);
        assert!(get(&copy, &index, &meta).is_some(), "the same bytes");
        assert_eq!(get(&copy, &index, &meta).map(|v| v.len()), Some(1));
        fs::write(&index, "[2]").expect("rewrite");
        assert_eq!(get(&copy, &index, &meta), None, "same metadata claimed, other bytes");
    }

    /// A copy written within the racy window of its index, once checked by hash, is
    /// written again: dated after the window, it is then used without hashing.
    #[test]
    fn a_racily_clean_copy_is_written_again_once_checked() {
        let dir = tempfile::tempdir().expect("tempdir");
        let index = dir.path().join("index.json");
        fs::write(&index, "[]").expect("write");
        let old = filetime::FileTime::from_unix_time(1_700_000_000, 0);
        let copy = path(dir.path());
        put(&copy, &meta_of(&index), digest(b"[]"), &[full()]);
        filetime::set_file_mtime(&copy, old).expect("date the copy before the index");
        assert!(get(&copy, &index, &meta_of(&index)).is_some());
        let rewritten = filetime::FileTime::from_last_modification_time(&fs::metadata(&copy).expect("meta"));
        assert!(rewritten > old, "written again");
    }

    #[test]
    fn a_corrupt_copy_is_ignored() {
        let dir = tempfile::tempdir().expect("tempdir");
        let index = dir.path().join("index.json");
        fs::write(&index, "[]").expect("write");
        let copy = path(dir.path());
        put(&copy, &meta_of(&index), digest(b"[]"), &[full(), full()]);
        let good = fs::read(&copy).expect("copy");
        for bad in [b"junk".to_vec(), good[..good.len() - 3].to_vec(), [good.as_slice(), b"x"].concat()] {
            fs::write(&copy, &bad).expect("write");
            assert_eq!(get(&copy, &index, &meta_of(&index)), None);
        }
    }
}
