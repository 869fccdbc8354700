//! Where each resource object starts, so findings can point at a line of the inventory file.
//! serde_json does not expose positions of values, so this scans the (already valid) JSON text
//! once: it records the line of every object that is an element of a top-level array.

use std::collections::HashMap;

/// For each top-level key whose value is an array, the 1-based line of each object element.
pub fn object_lines(text: &str) -> HashMap<String, Vec<u32>> {
    let bytes = text.as_bytes();
    let mut out: HashMap<String, Vec<u32>> = HashMap::new();
    let mut line: u32 = 1;
    let mut depth: usize = 0;
    let mut i = 0;
    // The last string read at depth 1 (a key of the top-level object) and whether the value we
    // are in is an array under that key.
    let mut last_top_key: Option<String> = None;
    let mut current_array: Option<String> = None;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => line += 1,
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    } else if bytes[i] == b'\n' {
                        line += 1;
                    }
                    i += 1;
                }
                if depth == 1 {
                    last_top_key = text.get(start..i.min(bytes.len())).map(str::to_string);
                }
            }
            b'[' => {
                depth += 1;
                if depth == 2 {
                    current_array = last_top_key.clone();
                }
            }
            b'{' => {
                depth += 1;
                if depth == 3
                    && let Some(key) = &current_array
                {
                    out.entry(key.clone()).or_default().push(line);
                }
            }
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                if depth < 2 {
                    current_array = None;
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::object_lines;

    #[test]
    fn records_the_line_of_each_element_of_top_level_arrays() {
        let text = "{\n \"a\": [\n  {\"x\": \"}{[\"},\n  {\n  }\n ],\n \"b\": {\"c\": [{}]},\n \"d\": [{\"e\": [{}]}]\n}";
        let lines = object_lines(text);
        assert_eq!(lines["a"], vec![3, 4]);
        assert_eq!(lines["d"], vec![8]);
        assert!(!lines.contains_key("b"));
        assert!(!lines.contains_key("c"));
    }
}
