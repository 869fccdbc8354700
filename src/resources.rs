//! What the process has used so far, for `--timings` and the benchmarks.

/// The process's peak resident set size in bytes (`VmHWM`), where the OS tells it (Linux).
pub fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line
        .trim_start_matches("VmHWM:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb * 1024)
}

#[cfg(test)]
mod tests {
    #[test]
    #[cfg(target_os = "linux")]
    fn peak_rss_is_read_on_linux() {
        let peak = super::peak_rss().expect("VmHWM in /proc/self/status");
        // A running test binary holds at least its own code and a thread stack.
        assert!(peak > 1024 * 1024, "peak {peak}");
    }
}
