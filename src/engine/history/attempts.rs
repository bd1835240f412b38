//! Real exam attempts, in `attempts.jsonl` under the data dir: append-only JSON lines,
//! each written with one call and fsynced, a torn last line dropped, like the journals.

use std::fs::{self, OpenOptions};
use std::io::Write;

use super::{Store, StoreError};
use crate::engine::bank::Bank;
use crate::engine::plan::ReportedDomain;
use crate::engine::retake::{Attempt, Outcome};

impl Store {
    pub fn attempts_path(&self) -> std::path::PathBuf {
        self.root().join("attempts.jsonl")
    }

    /// Appends one attempt durably.
    pub fn add_attempt(&self, a: &Attempt) -> Result<(), StoreError> {
        let path = self.attempts_path();
        fs::create_dir_all(self.root()).map_err(|e| StoreError::io(self.root(), e))?;
        let mut line = serde_json::to_vec(a).map_err(|e| StoreError::Encode(e.to_string()))?;
        line.push(b'\n');
        // A file cut short by a crash ends without a newline: drop that torn line first,
        // so the new record is never glued to it.
        let existing = fs::read(&path).unwrap_or_default();
        let good = existing.iter().rposition(|&c| c == b'\n').map_or(0, |i| i + 1) as u64;
        let mut f = OpenOptions::new().create(true).append(true).open(&path).map_err(|e| StoreError::io(&path, e))?;
        if existing.len() as u64 > good {
            f.set_len(good).map_err(|e| StoreError::io(&path, e))?;
        }
        let len = good;
        if let Err(e) = f.write_all(&line).and_then(|()| f.sync_data()) {
            let _ = f.set_len(len);
            return Err(StoreError::io(&path, e));
        }
        Ok(())
    }

    /// Every attempt (of `bank` when given), oldest first, and the lines that could not
    /// be read (`file:line`).
    pub fn attempts(&self, bank: Option<&str>) -> (Vec<Attempt>, Vec<StoreError>) {
        let path = self.attempts_path();
        let Ok(text) = fs::read_to_string(&path) else { return (Vec::new(), Vec::new()) };
        let mut out = Vec::new();
        let mut problems = Vec::new();
        let complete = text.ends_with('\n');
        let lines: Vec<&str> = text.lines().collect();
        for (i, l) in lines.iter().enumerate() {
            if l.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<Attempt>(l) {
                Ok(a) => out.push(a),
                Err(_) if i + 1 == lines.len() && !complete => {}
                Err(e) => problems.push(StoreError::Corrupt { path: path.clone(), line: i + 1, reason: e.to_string() }),
            }
        }
        out.retain(|a| bank.is_none_or(|b| a.bank == b));
        out.sort_by_key(|a| a.date);
        (out, problems)
    }

    /// The domain results of the latest failed attempt of `bank`, as percentages.
    pub fn reported_domains(&self, bank: &Bank) -> Vec<ReportedDomain> {
        let (attempts, _) = self.attempts(Some(&bank.exam.id));
        let Some(last) = attempts.iter().rev().find(|a| a.result == Outcome::Fail) else { return Vec::new() };
        last.domains
            .iter()
            .map(|(id, r)| ReportedDomain {
                id: id.clone(),
                percent: r.percent(bank.exam.passing_score, bank.exam.target()),
            })
            .collect()
    }
}
