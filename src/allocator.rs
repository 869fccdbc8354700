//! Tuning of the allocator regorus installs (mimalloc, with its allocation accounting).
//!
//! mimalloc returns freed memory to the OS ("purges" it) 10 ms after it is freed. A check frees
//! large transient buffers (the inventory text, the lookups before they become Rego values) and
//! allocates as much again moments later, so the same pages were given back and faulted in
//! again, and faulting pages in was the largest single cost of a large run on a VM. The CLI is a
//! short-lived process: it keeps what it freed for reuse instead.

use std::ffi::{c_int, c_long};

// mimalloc's `mi_option_t` (include/mimalloc.h), stable across mimalloc 2.x.
const MI_OPTION_PURGE_DELAY: c_int = 15;

unsafe extern "C" {
    // Part of mimalloc's public API; regorus-mimalloc-sys links mimalloc statically.
    fn mi_option_set_default(option: c_int, value: c_long);
    #[cfg(test)]
    fn mi_option_get(option: c_int) -> c_long;
}

/// Never purge freed memory for the rest of the process, unless the user's environment says
/// otherwise (`MIMALLOC_PURGE_DELAY` still wins: this only changes the default).
pub fn keep_freed_memory() {
    // SAFETY: both functions take plain integers and may be called at any time from any
    // thread; an option's value is a word read atomically by mimalloc.
    unsafe { mi_option_set_default(MI_OPTION_PURGE_DELAY, -1) }
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
        super::keep_freed_memory();
        assert_eq!(super::purge_delay(), -1);
    }
}
