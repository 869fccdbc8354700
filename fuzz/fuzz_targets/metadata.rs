//! Any text as a Rego file's comments: METADATA blocks parse or fail with a located error.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = dxcheck::policy::metadata::parse_blocks("fuzz.rego", text);
});
