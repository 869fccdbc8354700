//! `--format html`: a self-contained page, checked as text and in a real headless browser.
//!
//! The browser tests need chromium (Debian: `apt-get install -y chromium`; CI installs it).
//! Without it they fail with directions, unless DXCHECK_SKIP_BROWSER_TESTS=1 says to skip;
//! DXCHECK_CHROMIUM may name another Chromium or Chrome binary.

mod report_util;

use std::collections::BTreeSet;

use report_util::{EXAMPLE, FIXTURE, ROOT, assert_snapshot, chromium, dump_dom, json, report_text};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// One `<tr class="finding">` of a serialised DOM: its attributes, in document order.
#[derive(Debug)]
struct Row {
    fingerprint: String,
    resource: String,
    severity: String,
    status: String,
    rule: String,
    hidden: bool,
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

/// The attributes of the tag that starts at `tag` (a simple scanner: values are quoted).
fn attributes(tag: &str) -> Vec<(String, String)> {
    let end = tag.find('>').expect("tag end");
    let mut rest = &tag[..end];
    rest = rest.split_once(char::is_whitespace).map_or("", |(_, r)| r);
    let mut out = Vec::new();
    while !rest.trim().is_empty() {
        rest = rest.trim_start();
        let name_end = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_string();
        rest = &rest[name_end..];
        if let Some(r) = rest.strip_prefix("=\"") {
            let close = r.find('"').expect("closing quote");
            out.push((name, unescape(&r[..close])));
            rest = &r[close + 1..];
        } else {
            out.push((name, String::new()));
        }
    }
    out
}

fn rows(html: &str) -> Vec<Row> {
    html.match_indices("<tr class=\"finding\"")
        .map(|(i, _)| {
            let attrs = attributes(&html[i..]);
            let get = |name: &str| {
                attrs
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default()
            };
            Row {
                fingerprint: get("data-fingerprint"),
                resource: get("data-resource"),
                severity: get("data-severity"),
                status: get("data-status"),
                rule: get("data-rule"),
                hidden: attrs.iter().any(|(n, _)| n == "hidden"),
            }
        })
        .collect()
}

fn visible(rows: &[Row]) -> Vec<&Row> {
    rows.iter().filter(|r| !r.hidden).collect()
}

/// The opening tag of the element with `id`, e.g. to see whether it is hidden.
fn tag_with_id<'a>(html: &'a str, id: &str) -> &'a str {
    let at = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no element #{id}"));
    let start = html[..at].rfind('<').expect("tag start");
    let end = at + html[at..].find('>').expect("tag end");
    &html[start..=end]
}

fn fingerprints<'a>(findings: impl Iterator<Item = &'a Value>) -> BTreeSet<String> {
    findings
        .map(|f| f["fingerprint"].as_str().expect("fingerprint").to_string())
        .collect()
}

fn write_report(dir: &std::path::Path, input: &[&str]) -> String {
    let html = report_text("html", input, &[]);
    let path = dir.join("report.html");
    std::fs::write(&path, &html).expect("write");
    format!("file://{}", path.display())
}

#[test]
fn fixture_is_self_contained_escaped_and_complete() {
    let html = report_text("html", FIXTURE, &[]);
    assert_snapshot("fixture.html", &html);

    // Self-contained: one inline style and one inline script, nothing fetched.
    assert_eq!(
        html.matches("<script").count(),
        1,
        "only the report's own script"
    );
    assert_eq!(html.matches("<style").count(), 1);
    let tag_src = regex::Regex::new(r"<[a-zA-Z][^<>]*\s(src|srcset|data)\s*=").expect("regex");
    assert!(!tag_src.is_match(&html), "a tag loads something");
    for needle in ["<link", "@import", "url(", "<iframe", "<object", "<embed"] {
        assert!(
            !html.contains(needle),
            "external or embedded asset: {needle}"
        );
    }
    assert!(html.contains("http-equiv=\"Content-Security-Policy\""));
    assert!(html.contains("script-src &#39;sha256-"));

    // Hostile names are text.
    assert!(html.contains(
        "&lt;script&gt;document.documentElement.dataset.pwned=&#39;script&#39;&lt;/script&gt;"
    ));
    assert!(html.contains("&lt;img src=x onerror=&quot;"));
    assert!(!html.contains("<img"));

    // Collection facts, the policy set with each file's sha256, what each rule checked.
    assert!(html.contains("<dt>Collected at</dt><dd>2026-11-29T17:00:00Z</dd>"));
    assert!(html.contains("<dt>Generator</dt><dd>dxcheck 0.1.0</dd>"));
    assert!(html.contains("<dt>Regions</dt><dd>us-east-1</dd>"));
    assert!(html.contains("No collection errors recorded."));
    for name in ["capacity", "encryption", "naming", "ordering", "parents"] {
        let path = format!("tests/reports/policies/{name}.rego");
        let bytes = std::fs::read(format!("{ROOT}/{path}")).expect("read policy");
        let hex: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert!(
            html.contains(&format!(
                "<tr><td><code>{path}</code></td><td>custom</td><td><code>{hex}</code></td></tr>"
            )),
            "{path} with its sha256"
        );
    }
    let report = json("json", FIXTURE, &[]);
    for rule in report["rules"].as_array().expect("rules") {
        let id = rule["id"].as_str().expect("id");
        let at = html
            .find(&format!("<tr data-rule=\"{id}\">"))
            .unwrap_or_else(|| panic!("rules table row for {id}"));
        let row = &html[at..at + html[at..].find("</tr>").expect("row end")];
        assert!(
            row.contains(&format!("<td class=\"num\">{}</td>", rule["checked"])),
            "{id} checked count in {row}"
        );
    }

    // Waived findings with reason and expiry.
    let waived = &html[html
        .find("<section id=\"waived\">")
        .expect("waived section")..];
    assert!(waived.contains("Globex &lt;moves&gt; to must_encrypt | NET-1234 &amp; co"));
    assert!(waived.contains("<td>2099-01-31</td>"));

    // Summaries by customer account and by parent.
    let accounts = &html[html.find("id=\"by-account\"").expect("by account")..];
    for account in ["111122223333", "444455556666", "777788889999"] {
        assert!(accounts.contains(&format!("<code>{account}</code>")));
    }
    let parents = &html[html.find("id=\"by-parent\"").expect("by parent")..];
    for parent in ["dxcon-ic000001", "dxcon-ic000002", "dxlag-lag00001"] {
        assert!(parents.contains(&format!("<code>{parent}</code>")));
    }

    // Every finding is a row, identified by its fingerprint.
    let findings = report["findings"].as_array().expect("findings");
    let in_html: BTreeSet<String> = rows(&html).into_iter().map(|r| r.fingerprint).collect();
    assert_eq!(in_html, fingerprints(findings.iter()));
}

#[test]
fn browser_renders_sorts_and_filters_the_findings_table() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    let url = write_report(dir.path(), EXAMPLE);
    let report = json("json", EXAMPLE, &[]);
    let findings = report["findings"].as_array().expect("findings");
    assert!(findings.len() > 3, "the example has findings to filter");

    // Unfiltered: the script ran (CSP allowed it), controls show, every row is visible.
    let dom = dump_dom(&browser, &url);
    assert!(
        dom.contains("data-ready=\"true\""),
        "the report's script did not run"
    );
    assert!(!tag_with_id(&dom, "controls").contains("hidden"));
    let all = rows(&dom);
    assert_eq!(all.len(), findings.len());
    assert_eq!(visible(&all).len(), findings.len());
    assert!(dom.contains(&format!("<span id=\"shown\">{}</span>", findings.len())));

    // Severity and status from the fragment: exactly the open findings of that severity remain
    // (the most severe one the example has, so the test holds as the built-in pack grows).
    let severity = ["critical", "high", "medium", "low", "info"]
        .into_iter()
        .find(|s| {
            findings
                .iter()
                .any(|f| f["severity"] == *s && f["suppressed"] == false)
        })
        .expect("an open finding");
    let dom = dump_dom(&browser, &format!("{url}#severity={severity}&status=open"));
    let shown: BTreeSet<String> = visible(&rows(&dom))
        .iter()
        .map(|r| r.fingerprint.clone())
        .collect();
    let expected = fingerprints(
        findings
            .iter()
            .filter(|f| f["severity"] == severity && f["suppressed"] == false),
    );
    assert!(!expected.is_empty() && expected.len() < findings.len());
    assert_eq!(shown, expected);
    assert!(dom.contains(&format!("<span id=\"shown\">{}</span>", expected.len())));
    assert!(
        rows(&dom)
            .iter()
            .all(|r| r.hidden || (r.severity == severity && r.status == "open"))
    );

    // Free text matches anywhere in the row: an account number (the owner column, or a message).
    let account = "444455556666";
    let dom = dump_dom(&browser, &format!("{url}#q={account}"));
    let shown: BTreeSet<String> = visible(&rows(&dom))
        .iter()
        .map(|r| r.fingerprint.clone())
        .collect();
    let expected = fingerprints(findings.iter().filter(|f| {
        f["resource"]["ownerAccount"] == account
            || f["message"].as_str().is_some_and(|m| m.contains(account))
    }));
    assert!(!expected.is_empty() && expected.len() < findings.len());
    assert_eq!(shown, expected);

    // A rule filter (the rule with the most findings) with a descending sort on the resource.
    let count = |id: &Value| findings.iter().filter(|f| &f["ruleId"] == id).count();
    let rule = findings
        .iter()
        .map(|f| &f["ruleId"])
        .max_by_key(|id| count(id))
        .and_then(Value::as_str)
        .expect("a rule");
    let dom = dump_dom(
        &browser,
        &format!("{url}#rule={rule}&sort=resource&dir=desc"),
    );
    let all = rows(&dom);
    let order: Vec<&str> = visible(&all).iter().map(|r| r.resource.as_str()).collect();
    let mut expected: Vec<&str> = findings
        .iter()
        .filter(|f| f["ruleId"] == rule)
        .map(|f| f["resource"]["id"].as_str().unwrap_or(""))
        .collect();
    expected.sort_by_key(|id| std::cmp::Reverse(id.to_lowercase()));
    assert!(expected.len() > 1);
    assert_eq!(order, expected);
    assert!(all.iter().filter(|r| !r.hidden).all(|r| r.rule == rule));
    assert!(dom.contains("data-key=\"resource\" data-type=\"text\" aria-sort=\"descending\""));

    // A filter that matches nothing says so.
    let dom = dump_dom(&browser, &format!("{url}#q=no-such-thing"));
    assert!(visible(&rows(&dom)).is_empty());
    assert!(!tag_with_id(&dom, "no-match").contains("hidden"));
}

/// Markup in connection names stays text in a real browser: neither the `<script>` nor the
/// `<img onerror>` of the fixture runs.
#[test]
fn browser_does_not_run_markup_from_the_inventory() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    let url = write_report(dir.path(), FIXTURE);
    let dom = dump_dom(&browser, &url);
    assert!(
        dom.contains("data-ready=\"true\""),
        "the report's script did not run"
    );
    assert!(!dom.contains("data-pwned"), "markup from the inventory ran");
    assert!(!dom.contains("<img"));
    let all = rows(&dom);
    assert_eq!(visible(&all).len(), all.len());
}
