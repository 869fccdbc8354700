//! Progress on stderr while collecting: a bar on a terminal (parents done / total, connections
//! found), plain lines otherwise (one per region discovered and finished, so CI logs stay short),
//! nothing with `--quiet`. Standard output is left to the inventory or the reports.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Bar,
    Lines,
    Quiet,
}

impl Mode {
    /// A bar when stderr is a terminal, lines otherwise, nothing when quiet.
    pub fn detect(quiet: bool) -> Self {
        use is_terminal::IsTerminal;
        if quiet {
            Self::Quiet
        } else if std::io::stderr().is_terminal() {
            Self::Bar
        } else {
            Self::Lines
        }
    }
}

pub struct Progress {
    mode: Mode,
    bar: Option<ProgressBar>,
    parents_total: AtomicU64,
    parents_done: AtomicU64,
    connections: AtomicU64,
    /// Lines written while a bar is drawn must go through it, or they tear the bar.
    lines: Mutex<()>,
}

impl Progress {
    pub fn new(mode: Mode) -> Self {
        let bar = (mode == Mode::Bar).then(|| {
            let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} collecting [{bar:30}] {pos}/{len} parents, {msg} ({elapsed})",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            bar.set_message("0 connections");
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        Self {
            mode,
            bar,
            parents_total: AtomicU64::new(0),
            parents_done: AtomicU64::new(0),
            connections: AtomicU64::new(0),
            lines: Mutex::new(()),
        }
    }

    pub fn quiet() -> Self {
        Self::new(Mode::Quiet)
    }

    /// A region's interconnects and LAGs are listed; `parents` of them will be visited.
    pub fn discovered(&self, scope: &str, interconnects: usize, lags: usize, parents: usize) {
        let total = self
            .parents_total
            .fetch_add(parents as u64, Ordering::Relaxed)
            + parents as u64;
        if let Some(bar) = &self.bar {
            bar.set_length(total);
        }
        self.line(&format!(
            "{scope}: {interconnects} interconnect(s), {lags} LAG(s); listing hosted connections on {parents} parent(s)"
        ));
    }

    /// One parent's hosted connections are listed (or failed: `connections` is 0).
    pub fn parent_done(&self, connections: usize) {
        self.parents_done.fetch_add(1, Ordering::Relaxed);
        let found = self
            .connections
            .fetch_add(connections as u64, Ordering::Relaxed)
            + connections as u64;
        if let Some(bar) = &self.bar {
            bar.inc(1);
            bar.set_message(format!("{found} connections"));
        }
    }

    pub fn region_done(&self, scope: &str, parents: usize, connections: usize, errors: usize) {
        let failed = if errors == 0 {
            String::new()
        } else {
            format!(", {errors} failed call(s)")
        };
        self.line(&format!(
            "{scope}: done, {connections} hosted connection(s) on {parents} parent(s){failed}"
        ));
    }

    /// Something the user should see even in lines mode (a failed call, a skipped region).
    pub fn warn(&self, message: &str) {
        if self.mode == Mode::Quiet {
            return;
        }
        self.print(&format!("dxcheck: warning: {message}"));
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        let total = self.parents_done.load(Ordering::Relaxed);
        let found = self.connections.load(Ordering::Relaxed);
        self.line(&format!(
            "collected {found} hosted connection(s) from {total} parent(s)"
        ));
    }

    fn line(&self, text: &str) {
        if self.mode == Mode::Quiet {
            return;
        }
        self.print(&format!("dxcheck: {text}"));
    }

    fn print(&self, text: &str) {
        let _guard = self.lines.lock().unwrap_or_else(|e| e.into_inner());
        match &self.bar {
            Some(bar) if !bar.is_finished() => bar.println(text),
            _ => eprintln!("{text}"),
        }
    }
}
