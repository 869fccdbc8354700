//! Any text as dxcheck.toml: a config or an error naming the line, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = dxcheck::config::Config::parse("fuzz.toml", text);
});
