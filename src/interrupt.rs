//! Ctrl-C (SIGINT) and SIGTERM: remove the temporary files of reports being written and exit 130,
//! so an interrupted run leaves neither a partial report nor a stray temporary file behind.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub const EXIT_INTERRUPTED: i32 = 130;

static PENDING: Mutex<BTreeSet<PathBuf>> = Mutex::new(BTreeSet::new());

/// Installs the handler once per process; later calls do nothing.
pub fn install() {
    let _ = ctrlc::set_handler(|| {
        if let Ok(pending) = PENDING.lock() {
            for path in pending.iter() {
                let _ = std::fs::remove_file(path);
            }
        }
        eprintln!("dxcheck: interrupted");
        std::process::exit(EXIT_INTERRUPTED);
    });
}

/// Marks `path` as a temporary file to delete if the run is interrupted, until the guard drops.
pub fn track(path: &Path) -> Tracked {
    if let Ok(mut pending) = PENDING.lock() {
        pending.insert(path.to_path_buf());
    }
    Tracked(path.to_path_buf())
}

pub struct Tracked(PathBuf);

impl Drop for Tracked {
    fn drop(&mut self) {
        if let Ok(mut pending) = PENDING.lock() {
            pending.remove(&self.0);
        }
    }
}
