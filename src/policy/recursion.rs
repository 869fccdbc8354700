//! Rego forbids recursion, and regorus detects it between rules but not between functions: a
//! function that calls itself overflows the stack and aborts the process. dxcheck finds such
//! cycles before anything is evaluated, so a bad policy is an error (exit 2), not a crash.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::error::InputError;

/// A function definition and the functions its bodies call, by fully qualified path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionCalls {
    pub path: String,
    pub line: usize,
    pub calls: BTreeSet<String>,
}

/// The functions a module defines, with the (qualified) names each one calls.
pub fn function_calls(module_ast: &Value, text: &str, package: &str) -> Vec<FunctionCalls> {
    let aliases = import_aliases(module_ast, text);
    let mut out = Vec::new();
    let Some(rules) = module_ast.get("rules").and_then(Value::as_array) else {
        return out;
    };
    for rule in rules {
        let Some(spec) = rule.get("Spec") else {
            continue;
        };
        let Some(func) = spec.get("head").and_then(|h| h.get("Func")) else {
            continue;
        };
        let Some(name) = func.get("refr").and_then(|r| span_text(r, text)) else {
            continue;
        };
        let line = spec
            .pointer("/span/line")
            .and_then(Value::as_u64)
            .unwrap_or(0) as usize;
        let mut calls = BTreeSet::new();
        collect_calls(spec, text, &mut |callee| {
            calls.insert(qualify(callee, package, &aliases));
        });
        out.push(FunctionCalls {
            path: qualify(name, package, &aliases),
            line,
            calls,
        });
    }
    out
}

/// Fails on the first cycle among `functions` (from every module of a run), naming it.
pub fn check(functions: &[(String, FunctionCalls)]) -> Result<(), InputError> {
    let by_path: BTreeMap<&str, &(String, FunctionCalls)> =
        functions.iter().map(|f| (f.1.path.as_str(), f)).collect();
    let mut done: BTreeSet<&str> = BTreeSet::new();
    for (file, f) in functions {
        let mut stack = vec![f.path.as_str()];
        if let Some(cycle) = find_cycle(&by_path, &mut stack, &mut done) {
            return Err(InputError::at_line(
                file,
                f.line,
                format!(
                    "recursive function call {}: Rego does not allow recursion",
                    cycle.join(" → ")
                ),
            ));
        }
    }
    Ok(())
}

fn find_cycle<'a>(
    graph: &BTreeMap<&'a str, &'a (String, FunctionCalls)>,
    stack: &mut Vec<&'a str>,
    done: &mut BTreeSet<&'a str>,
) -> Option<Vec<String>> {
    let current = *stack.last()?;
    if done.contains(current) {
        return None;
    }
    if let Some((_, f)) = graph.get(current) {
        for callee in &f.calls {
            let Some((callee, _)) = graph.get_key_value(callee.as_str()) else {
                continue;
            };
            if let Some(pos) = stack.iter().position(|s| s == callee) {
                let mut cycle: Vec<String> = stack[pos..].iter().map(|s| s.to_string()).collect();
                cycle.push(callee.to_string());
                return Some(cycle);
            }
            stack.push(callee);
            if let Some(c) = find_cycle(graph, stack, done) {
                return Some(c);
            }
            stack.pop();
        }
    }
    done.insert(current);
    None
}

fn collect_calls(v: &Value, text: &str, found: &mut dyn FnMut(&str)) {
    match v {
        Value::Object(map) => {
            if let Some(call) = map.get("Call")
                && let Some(name) = call.get("fcn").and_then(|f| span_text(f, text))
            {
                found(name);
            }
            for x in map.values() {
                collect_calls(x, text, found);
            }
        }
        Value::Array(items) => items.iter().for_each(|x| collect_calls(x, text, found)),
        _ => {}
    }
}

/// The source text of an expression node (`{"Var": {"span": …}}` and the like).
fn span_text<'a>(expr: &Value, text: &'a str) -> Option<&'a str> {
    let node = expr.as_object()?.values().next()?;
    let start = node.pointer("/span/start")?.as_u64()? as usize;
    let end = node.pointer("/span/end")?.as_u64()? as usize;
    text.get(start..end)
}

/// `import data.a.b` → `b` → `a.b`; `import data.a.b as c` → `c` → `a.b`.
fn import_aliases(module_ast: &Value, text: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for import in module_ast
        .get("imports")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let Some(path) = import.get("refr").and_then(|r| span_text(r, text)) else {
            continue;
        };
        let Some(path) = path.strip_prefix("data.") else {
            continue;
        };
        let alias = match import.get("as") {
            Some(span) if !span.is_null() => {
                let start = span.get("start").and_then(Value::as_u64).unwrap_or(0) as usize;
                let end = span.get("end").and_then(Value::as_u64).unwrap_or(0) as usize;
                text.get(start..end).unwrap_or_default().to_string()
            }
            _ => path.rsplit('.').next().unwrap_or(path).to_string(),
        };
        out.insert(alias, path.to_string());
    }
    out
}

fn qualify(name: &str, package: &str, aliases: &BTreeMap<String, String>) -> String {
    if let Some(rest) = name.strip_prefix("data.") {
        return rest.to_string();
    }
    let (first, rest) = match name.split_once('.') {
        Some((f, r)) => (f, Some(r)),
        None => (name, None),
    };
    match (aliases.get(first), rest) {
        (Some(path), Some(rest)) => format!("{path}.{rest}"),
        _ => format!("{package}.{name}"),
    }
}
