//! `--format markdown`: a step summary whose tables hold whatever the inventory says.

mod report_util;

use report_util::{EXAMPLE, FIXTURE, assert_snapshot, json, report_text};

/// Cells of a table row, split at the pipes that are not escaped.
fn cells(row: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = row.trim().chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                cur.push(c);
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            '|' => out.push(std::mem::take(&mut cur).trim().to_string()),
            c => cur.push(c),
        }
    }
    out.push(cur.trim().to_string());
    // the pipes that open and close the row leave empty cells at both ends
    out.remove(0);
    out.pop();
    out
}

/// Every table keeps the column count of its header, whatever its cells contain.
fn assert_tables_well_formed(md: &str) {
    let mut width = None;
    for line in md.lines() {
        if line.starts_with('|') {
            let n = cells(line).len();
            match width {
                None => width = Some(n),
                Some(w) => assert_eq!(n, w, "row has {n} cells, header {w}: {line}"),
            }
        } else {
            width = None;
        }
    }
}

#[test]
fn example_summarises_by_severity_and_rule_then_lists_findings() {
    let md = report_text("markdown", EXAMPLE, &[]);
    let report = json("json", EXAMPLE, &[]);
    assert_tables_well_formed(&md);
    assert!(md.starts_with("## dxcheck: "));
    let by_severity = md
        .find("### Findings by severity")
        .expect("severity summary");
    let by_rule = md.find("### Findings by rule").expect("rule summary");
    let table = md.find("### Findings\n").expect("findings table");
    assert!(by_severity < by_rule && by_rule < table);

    for sev in ["critical", "high", "medium", "low", "info"] {
        let n = report["summary"][sev].as_u64().expect("count");
        let row = md
            .lines()
            .find(|l| l.starts_with('|') && l.contains(&format!(" {sev} |")))
            .unwrap_or_else(|| panic!("no {sev} row"));
        assert_eq!(cells(row)[1], n.to_string(), "{row}");
    }
    for rule in report["rules"].as_array().expect("rules") {
        let id = rule["id"].as_str().expect("id");
        let row = md
            .lines()
            .find(|l| l.starts_with(&format!("| {id} |")))
            .unwrap_or_else(|| panic!("no row for {id}"));
        let c = cells(row);
        assert_eq!(c[3], rule["checked"].to_string());
        assert_eq!(c[4], rule["findings"].to_string());
    }
    let findings = report["findings"].as_array().expect("findings");
    let open = findings.iter().filter(|f| f["suppressed"] == false).count();
    let rows = md[table..]
        .lines()
        .take_while(|l| !l.starts_with("<details>"))
        .filter(|l| l.starts_with("| ") && !l.starts_with("| Severity"))
        .count();
    assert_eq!(rows, open);
    assert!(md.contains("1 finding waived or baselined"));
}

/// Every `<` is escaped, except in the few tags the report writes itself.
fn assert_no_raw_html(md: &str) {
    const OWN: &[&str] = &[
        "<br>",
        "<details>",
        "</details>",
        "<summary>",
        "</summary>",
        "<sub>",
        "</sub>",
    ];
    for (i, _) in md.match_indices('<') {
        let escaped = md[..i].ends_with('\\');
        let own = OWN.iter().any(|t| md[i..].starts_with(t));
        let context: String = md[i..].chars().take(20).collect();
        assert!(escaped || own, "raw markup at byte {i}: {context:?}");
    }
}

#[test]
fn fixture_snapshot_escapes_cells() {
    let md = report_text("markdown", FIXTURE, &[]);
    assert_snapshot("fixture.md", &md);
    assert_tables_well_formed(&md);
    // Markup from the inventory is inert: escaped angle brackets and brackets, no raw tags.
    assert_no_raw_html(&md);
    assert!(
        md.contains("\\<script\\>document.documentElement.dataset.pwned='script'\\</script\\>")
    );
    assert!(md.contains(
        "globex \\| \"prod\" \\& \\<b\\>bold\\</b\\><br>second line \\[x\\](https://evil.example)"
    ));
    assert!(md.contains(
        "waived: Globex \\<moves\\> to must\\_encrypt \\| NET-1234 \\& co (until 2099-01-31)"
    ));
}

/// Past the row limit the table says what it left out, so a huge estate fits a step summary.
#[test]
fn long_tables_are_cut_with_a_note() {
    let md = report_text(
        "markdown",
        &["tests/reports/inventory.json"],
        &["--no-builtin", "--policy", "tests/reports/flood"],
    );
    assert!(md.len() < 1024 * 1024, "{} bytes", md.len());
    assert!(md.contains("24010 more findings not shown"), "note missing");
}
