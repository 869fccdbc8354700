//! Any bytes as an inventory file: parsing either succeeds or returns a located error, never
//! panics; a parsed document builds the policy input.
#![no_main]

use libfuzzer_sys::fuzz_target;

use dxcheck::inventory::SourceText;
use dxcheck::inventory::load::parse_document;
use dxcheck::inventory::lookups::input_document;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let source = SourceText { name: "fuzz.json".to_string(), text: text.to_string() };
    if let Ok(inventory) = parse_document(&source, 0) {
        let _ = input_document(&inventory);
    }
});
