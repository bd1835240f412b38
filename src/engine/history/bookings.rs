//! The exam date booked for each bank, in `bookings.json` under the data dir: what the
//! dated study plan counts down to when no `--until` is given. A small file rewritten
//! whole — atomically (temp file, fsync, rename, fsync the directory) under
//! `bookings.json.lock` — since a candidate books one date per bank at a time.

use std::fs;
use std::io;
use std::path::PathBuf;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Store, StoreError, WriteLock, journal};

/// The schema of `bookings.json`.
const BOOKINGS_VERSION: u32 = 1;

/// One bank's booked exam date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BookedExam {
    pub bank: String,
    pub date: NaiveDate,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BookingsFile {
    v: u32,
    bookings: Vec<BookedExam>,
}

impl Store {
    pub fn bookings_path(&self) -> PathBuf {
        self.root().join("bookings.json")
    }

    fn read_bookings(&self) -> Result<BookingsFile, StoreError> {
        let path = self.bookings_path();
        let bytes = match fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(BookingsFile::default()),
            Err(e) => return Err(StoreError::io(&path, e)),
        };
        let file: BookingsFile = serde_json::from_slice(&bytes).map_err(|e| StoreError::Corrupt {
            path: path.clone(),
            line: e.line(),
            reason: format!("{e}; fix the file or book the date again"),
        })?;
        if file.v > BOOKINGS_VERSION {
            return Err(StoreError::Newer { path, line: 1, version: file.v });
        }
        Ok(file)
    }

    /// The exam date booked for `bank`, if any.
    pub fn booked(&self, bank: &str) -> Result<Option<NaiveDate>, StoreError> {
        Ok(self.read_bookings()?.bookings.into_iter().find(|b| b.bank == bank).map(|b| b.date))
    }

    /// Books `date` for `bank` (replacing an earlier booking), or cancels it with `None`.
    pub fn book(&self, bank: &str, date: Option<NaiveDate>) -> Result<(), StoreError> {
        fs::create_dir_all(self.root()).map_err(|e| StoreError::io(self.root(), e))?;
        let _lock = WriteLock::take(&self.root().join("bookings.json.lock"))?;
        let mut file = self.read_bookings()?;
        file.v = BOOKINGS_VERSION;
        file.bookings.retain(|b| b.bank != bank);
        if let Some(date) = date {
            file.bookings.push(BookedExam { bank: bank.to_owned(), date });
        }
        file.bookings.sort_by(|a, b| a.bank.cmp(&b.bank));
        let mut data = serde_json::to_vec_pretty(&file).map_err(|e| StoreError::Encode(e.to_string()))?;
        data.push(b'\n');
        let path = self.bookings_path();
        journal::replace_durably(&path, &data).map_err(|e| StoreError::io(&path, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn a_booking_is_kept_per_bank_replaced_and_cancelled() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path()).expect("open");
        assert_eq!(store.booked("a").expect("read"), None);
        store.book("a", Some(d("2026-03-10"))).expect("book");
        store.book("b", Some(d("2026-04-01"))).expect("book");
        store.book("a", Some(d("2026-03-20"))).expect("rebook");
        assert_eq!(store.booked("a").expect("read"), Some(d("2026-03-20")));
        assert_eq!(store.booked("b").expect("read"), Some(d("2026-04-01")));
        store.book("a", None).expect("cancel");
        assert_eq!(store.booked("a").expect("read"), None);
        assert_eq!(store.booked("b").expect("read"), Some(d("2026-04-01")));
    }

    #[test]
    fn a_damaged_bookings_file_is_reported_never_rewritten() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path()).expect("open");
        fs::write(store.bookings_path(), b"{\"v\":1,\"bookings\":[{\"bank\":\"a\"}]}").expect("write");
        let err = store.booked("a").expect_err("corrupt");
        assert!(err.to_string().contains("bookings.json:1: corrupt record: missing field `date`"), "{err}");
        assert!(store.book("a", Some(d("2026-03-10"))).is_err());
        assert_eq!(fs::read(store.bookings_path()).expect("read"), b"{\"v\":1,\"bookings\":[{\"bank\":\"a\"}]}");
        fs::write(store.bookings_path(), b"{\"v\":9,\"bookings\":[]}").expect("write");
        assert!(store.booked("a").expect_err("newer").to_string().contains("written by a newer Proctor"));
    }
}
