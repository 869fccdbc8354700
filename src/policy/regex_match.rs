//! `regex.match` with each pattern compiled once per engine.
//!
//! regorus compiles the pattern on every call unless it is built with its `cache` feature, which
//! needs the `lru` crate (not available to this build). A name-pattern rule (DX016) over 100,000
//! connections spent 1.8 s compiling the same pattern 100,000 times. regorus looks extensions up
//! before builtins, so this one takes the builtin's place in every policy, with the builtin's
//! behaviour: two strings, the same size limit, an error on an invalid pattern.

use std::collections::HashMap;

use regex::{Regex, RegexBuilder};
use regorus::{Engine, Value};

/// regorus' own limit on a compiled pattern (`REGEX_SIZE_LIMIT`).
const SIZE_LIMIT: usize = 100 * 1024;
/// Patterns kept per engine: policies that build patterns from data cannot grow it without end.
const MAX_PATTERNS: usize = 256;

pub fn install(engine: &mut Engine) -> anyhow::Result<()> {
    let mut compiled: HashMap<String, Regex> = HashMap::new();
    engine.add_extension(
        "regex.match".to_string(),
        2,
        Box::new(move |args: Vec<Value>| -> anyhow::Result<Value> {
            let [pattern, value] = [string(&args[0])?, string(&args[1])?];
            if let Some(re) = compiled.get(pattern) {
                return Ok(Value::Bool(re.is_match(value)));
            }
            let re = RegexBuilder::new(pattern)
                .size_limit(SIZE_LIMIT)
                .build()
                .map_err(|e| match e {
                    regex::Error::CompiledTooBig(_) => {
                        anyhow::anyhow!("compiled regex exceeded size limit ({SIZE_LIMIT} bytes)")
                    }
                    _ => anyhow::anyhow!("invalid regex"),
                })?;
            let matched = re.is_match(value);
            if compiled.len() >= MAX_PATTERNS {
                compiled.clear();
            }
            compiled.insert(pattern.to_string(), re);
            Ok(Value::Bool(matched))
        }),
    )
}

fn string(v: &Value) -> anyhow::Result<&str> {
    match v {
        Value::String(s) => Ok(s),
        _ => anyhow::bail!("`regex.match` expects string argument. Got `{v}` instead"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `regex.match(pattern, value)` in a policy, with or without the extension.
    fn eval(cached: bool, pattern: &str, value: &str) -> Result<Value, String> {
        let mut engine = Engine::new();
        if cached {
            install(&mut engine).expect("install");
        }
        engine
            .add_policy(
                "t.rego".into(),
                "package t\nm := regex.match(input.p, input.v)\n".into(),
            )
            .expect("policy");
        engine.set_input(Value::from(serde_json::json!({"p": pattern, "v": value})));
        engine
            .eval_rule("data.t.m".into())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn matches_as_the_builtin_does() {
        for (pattern, value) in [
            ("^cust[0-9]+-prod-[a-z]+-[0-9]$", "cust42-prod-iad-1"),
            ("^cust[0-9]+-prod-[a-z]+-[0-9]$", "Temp 3"),
            ("(?i)^ACME", "acme-1"),
            ("", "anything"),
            ("é+", "café"),
        ] {
            assert_eq!(
                eval(true, pattern, value),
                eval(false, pattern, value),
                "{pattern:?} on {value:?}"
            );
        }
        assert_eq!(eval(true, "^a", "abc"), Ok(Value::Bool(true)));
    }

    #[test]
    fn an_invalid_pattern_is_an_error_as_with_the_builtin() {
        for cached in [true, false] {
            let err = eval(cached, "([unclosed", "x").expect_err("invalid pattern");
            assert!(err.contains("invalid regex"), "{err}");
        }
    }

    #[test]
    fn a_non_string_argument_is_an_error() {
        let mut engine = Engine::new();
        install(&mut engine).expect("install");
        engine
            .add_policy(
                "t.rego".into(),
                "package t\nm := regex.match(\"a\", 1)\n".into(),
            )
            .expect("policy");
        let err = engine
            .eval_rule("data.t.m".into())
            .expect_err("number argument");
        assert!(err.to_string().contains("expects string argument"), "{err}");
    }

    #[test]
    fn matching_stays_right_past_the_pattern_limit() {
        let mut engine = Engine::new();
        install(&mut engine).expect("install");
        engine
            .add_policy(
                "t.rego".into(),
                "package t\nn := count([i | some i in numbers.range(1, 600); regex.match(sprintf(\"^%d$\", [i]), sprintf(\"%d\", [i]))])\n".into(),
            )
            .expect("policy");
        assert_eq!(
            engine.eval_rule("data.t.n".into()).expect("eval"),
            Value::from(600u64)
        );
    }
}
