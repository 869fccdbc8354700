//! `--format junit`: one suite per rule, one case per resource checked, as CI servers read it.

mod report_util;

use std::collections::BTreeMap;

use report_util::{EXAMPLE, FIXTURE, assert_snapshot, json, report_text};
use roxmltree::{Document, Node};
use serde_json::Value;

fn count_attr(node: Node, name: &str) -> usize {
    node.attribute(name)
        .unwrap_or_else(|| panic!("<{}> has no {name}", node.tag_name().name()))
        .parse()
        .expect("a count")
}

fn children<'a, 'i>(node: Node<'a, 'i>, tag: &str) -> Vec<Node<'a, 'i>> {
    node.children()
        .filter(|n| n.is_element() && n.tag_name().name() == tag)
        .collect()
}

/// The counts on every element agree with the cases under it.
fn assert_counts_consistent(doc: &Document) {
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let (mut tests, mut failures, mut skipped) = (0, 0, 0);
    for suite in children(root, "testsuite") {
        let cases = children(suite, "testcase");
        let f = cases
            .iter()
            .filter(|c| !children(**c, "failure").is_empty())
            .count();
        let s = cases
            .iter()
            .filter(|c| !children(**c, "skipped").is_empty())
            .count();
        assert_eq!(count_attr(suite, "tests"), cases.len());
        assert_eq!(count_attr(suite, "failures"), f);
        assert_eq!(count_attr(suite, "skipped"), s);
        assert_eq!(count_attr(suite, "errors"), 0);
        for c in &cases {
            assert!(c.attribute("name").is_some_and(|n| !n.is_empty()));
            assert!(c.attribute("classname").is_some());
            assert!(
                children(*c, "failure").len() + children(*c, "skipped").len() <= 1,
                "a case fails or is skipped, not both"
            );
        }
        tests += cases.len();
        failures += f;
        skipped += s;
    }
    assert_eq!(count_attr(root, "tests"), tests);
    assert_eq!(count_attr(root, "failures"), failures);
    assert_eq!(count_attr(root, "skipped"), skipped);
}

#[test]
fn example_has_a_suite_per_rule_and_a_case_per_resource_checked() {
    let xml = report_text("junit", EXAMPLE, &[]);
    let report = json("json", EXAMPLE, &[]);
    let doc = Document::parse(&xml).expect("well-formed XML");
    assert_counts_consistent(&doc);

    let suites = children(doc.root_element(), "testsuite");
    let rules = report["rules"].as_array().expect("rules");
    assert_eq!(suites.len(), rules.len());
    let findings = report["findings"].as_array().expect("findings");
    for (suite, rule) in suites.iter().zip(rules) {
        let id = rule["id"].as_str().expect("id");
        assert!(suite.attribute("name").expect("name").starts_with(id));
        let cases = children(*suite, "testcase");
        let mut by_resource: BTreeMap<&str, Vec<&Value>> = BTreeMap::new();
        for f in findings.iter().filter(|f| f["ruleId"] == id) {
            let resource = f["resource"]["id"].as_str().unwrap_or("(no resource)");
            by_resource.entry(resource).or_default().push(f);
        }
        // A case per resource checked, plus one per finding on anything else.
        let names: Vec<&str> = cases.iter().filter_map(|c| c.attribute("name")).collect();
        let checked = rule["checked"].as_u64().expect("checked") as usize;
        assert!(cases.len() >= checked && cases.len() <= checked + by_resource.len());
        for resource in by_resource.keys() {
            assert!(names.contains(resource), "{id}: no case for {resource}");
        }
        for case in &cases {
            let name = case.attribute("name").expect("name");
            assert_eq!(case.attribute("classname"), Some(id));
            if !name.starts_with('(') {
                assert_eq!(case.attribute("file"), Some("examples/inventory.json"));
            }
            let own = by_resource.get(name).cloned().unwrap_or_default();
            let failing: Vec<&&Value> = own
                .iter()
                .filter(|f| f["suppressed"] == false && f["severity"] != "info")
                .collect();
            let failure = children(*case, "failure");
            let skipped = children(*case, "skipped");
            if !failing.is_empty() {
                assert_eq!(failure.len(), 1, "{name} fails {id}");
                assert_eq!(
                    failure[0].attribute("message"),
                    failing[0]["message"].as_str()
                );
                assert_eq!(
                    failure[0].attribute("type"),
                    failing[0]["severity"].as_str()
                );
                let body = failure[0].text().expect("failure text");
                for f in &failing {
                    assert!(body.contains(f["message"].as_str().expect("msg")));
                }
            } else if !own.is_empty() && own.iter().all(|f| f["suppressed"] == true) {
                assert_eq!(skipped.len(), 1, "{name} is waived for {id}");
                let reason = own[0]["suppression"]["reason"].as_str().expect("reason");
                assert!(
                    skipped[0]
                        .attribute("message")
                        .expect("msg")
                        .contains(reason)
                );
            } else {
                assert!(
                    failure.is_empty() && skipped.is_empty(),
                    "{name} passes {id}"
                );
                if !own.is_empty() {
                    // info findings pass, and say what they found
                    let out = children(*case, "system-out");
                    let text = out[0].text().expect("system-out");
                    assert!(text.contains(own[0]["message"].as_str().expect("msg")));
                }
            }
        }
    }
}

#[test]
fn fixture_snapshot_escapes_hostile_names_and_keeps_orphan_findings() {
    let xml = report_text("junit", FIXTURE, &[]);
    assert_snapshot("fixture.junit.xml", &xml);
    let doc = Document::parse(&xml).expect("hostile text still gives well-formed XML");
    assert_counts_consistent(&doc);
    let report = json("json", FIXTURE, &[]);

    // Messages survive escaping exactly, newline and all.
    let failures: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .filter_map(|n| n.attribute("message"))
        .collect();
    for f in report["findings"].as_array().expect("findings") {
        let msg = f["message"].as_str().expect("msg");
        if f["suppressed"] == false && f["severity"] != "info" {
            assert!(failures.contains(&msg), "{msg:?} missing from {failures:?}");
        }
    }
    assert!(failures.iter().any(|m| m.contains("<script>document.documentElement.dataset.pwned='script'</script>")));
    assert!(
        failures
            .iter()
            .any(|m| m.contains("\"prod\" & <b>bold</b>\nsecond line"))
    );

    // The waiver's reason, markup and all, on the skipped case.
    let skipped: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("skipped"))
        .filter_map(|n| n.attribute("message"))
        .collect();
    assert_eq!(
        skipped,
        ["waived: Globex <moves> to must_encrypt | NET-1234 & co (until 2099-01-31)"]
    );

    // A finding about no resource gets a case of its own; a clean rule lists what it checked.
    let suite = |id: &str| {
        children(doc.root_element(), "testsuite")
            .into_iter()
            .find(|s| s.attribute("name").is_some_and(|n| n.starts_with(id)))
            .unwrap_or_else(|| panic!("suite {id}"))
    };
    let t004 = children(suite("T004"), "testcase");
    assert!(
        t004.iter()
            .any(|c| c.attribute("name") == Some("(no resource)"))
    );
    let t005 = suite("T005");
    assert_eq!(count_attr(t005, "tests"), 5);
    assert_eq!(count_attr(t005, "failures"), 0);
    // Parents are the cases of a rule about interconnects and LAGs.
    let t003: Vec<&str> = children(suite("T003"), "testcase")
        .iter()
        .filter_map(|c| c.attribute("name"))
        .collect();
    assert_eq!(t003, ["dxcon-ic000001", "dxcon-ic000002", "dxlag-lag00001"]);
}
