//! Tuning of the allocator regorus installs (mimalloc, with its allocation accounting).
//!
//! mimalloc returns freed memory to the OS ("purges" it) 10 ms after it is freed. A check frees
//! large transient buffers (the inventory text, the lookups before they become Rego values) and
//! allocates as much again moments later, so the same pages were given back and faulted in
//! again, and faulting pages in was the largest single cost of a large run on a VM. The CLI is a
//! short-lived process: it keeps what it freed for reuse instead.
//!
//! It also takes its memory in small pages. mimalloc asks for transparent huge pages, and the
//! kernel zeroes a whole 2 MiB page on its first touch. On a VM whose freed memory goes back to
//! the host (free page reporting, the usual cloud setup), a huge page that has not been used
//! for a couple of seconds must also be faulted in by the host: a 100,000-connection check run
//! after a pause spent 0.4–0.6 s of its 2.3–2.7 s doing that, and 1.9–2.0 s with small pages
//! (BENCHMARKS.md). A CI gate always runs after a pause.

use std::ffi::{c_int, c_long};

// mimalloc's `mi_option_t` (include/mimalloc.h), stable across mimalloc 2.x.
const MI_OPTION_PURGE_DELAY: c_int = 15;

unsafe extern "C" {
    // Part of mimalloc's public API; regorus-mimalloc-sys links mimalloc statically.
    fn mi_option_set_default(option: c_int, value: c_long);
    #[cfg(test)]
    fn mi_option_get(option: c_int) -> c_long;
}

/// Tunes memory for a short-lived process: freed memory is never purged (unless
/// `MIMALLOC_PURGE_DELAY` says otherwise: this only changes the default), and transparent huge
/// pages are off for the process (unless `MIMALLOC_ALLOW_THP=1`).
pub fn tune_for_short_runs() {
    // SAFETY: both functions take plain integers and may be called at any time from any
    // thread; an option's value is a word read atomically by mimalloc.
    unsafe { mi_option_set_default(MI_OPTION_PURGE_DELAY, -1) }
    if std::env::var_os("MIMALLOC_ALLOW_THP").is_none() {
        disable_huge_pages();
    }
}

/// mimalloc reserves its first arena before `main` runs, so its own option would come too late
/// for that memory; the process-wide switch applies to every later fault, whatever the mapping.
#[cfg(target_os = "linux")]
fn disable_huge_pages() {
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and only sets a flag of this process.
    // Failure (an old kernel) leaves huge pages on, which is only slower.
    // The flag is inherited by child processes (a `credential_process`), which only makes them
    // use small pages too.
    let (on, unused): (libc::c_ulong, libc::c_ulong) = (1, 0);
    let _ = unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, on, unused, unused, unused) };
}

#[cfg(not(target_os = "linux"))]
fn disable_huge_pages() {}

/// Whether transparent huge pages are off for this process.
#[cfg(all(test, target_os = "linux"))]
fn huge_pages_disabled() -> bool {
    // SAFETY: PR_GET_THP_DISABLE takes no pointer and returns the flag.
    let unused: libc::c_ulong = 0;
    unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, unused, unused, unused, unused) == 1 }
}

/// The purge delay in effect (ms; -1: never).
#[cfg(test)]
fn purge_delay() -> c_long {
    // SAFETY: as above.
    unsafe { mi_option_get(MI_OPTION_PURGE_DELAY) }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_default_purge_delay_becomes_never() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return;
        }
        super::tune_for_short_runs();
        assert_eq!(super::purge_delay(), -1);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn huge_pages_are_off_unless_the_environment_allows_them() {
        if std::env::var_os("MIMALLOC_ALLOW_THP").is_some() {
            return;
        }
        super::tune_for_short_runs();
        assert!(super::huge_pages_disabled());
    }
}
