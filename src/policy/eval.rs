//! Evaluating finding rules. Each worker thread (the calling thread is one) compiles its own
//! engine and takes whole rules, and results land in per-rule slots, so the output order never
//! depends on timing.

use std::sync::atomic::{AtomicUsize, Ordering};

use regorus::{Engine, Value};

use super::RuleInfo;
use super::module::split_regorus_error;
use crate::error::Error;

/// What one rule yielded: each value as JSON, in the engine's (sorted, deterministic) order.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleOutput {
    pub values: Vec<serde_json::Value>,
    /// Wall time spent evaluating this rule.
    pub elapsed: std::time::Duration,
}

/// Evaluates `rules` against the policy input on up to `threads` threads: one result per rule, in
/// rule order, whatever the threads' timing. Every thread has its own engine and shares the input
/// (a private copy per thread would cost as much memory again as the input itself).
pub fn evaluate(
    engine: &EngineFactory,
    rules: &[RuleInfo],
    input: &Value,
    threads: usize,
) -> Vec<Result<RuleOutput, Error>> {
    let threads = threads.clamp(1, rules.len().max(1));
    let next = AtomicUsize::new(0);
    let next = &next;
    // Takes rules until none is left; each worker has its own engine.
    let work = move || {
        let mut done = Vec::new();
        let mut engine = match engine_with_input(engine, input) {
            Ok(engine) => engine,
            Err(e) => {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= rules.len() {
                        break;
                    }
                    done.push((i, Err(e.clone())));
                }
                return done;
            }
        };
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(rule) = rules.get(i) else { break };
            done.push((i, evaluate_rule(&mut engine, rule)));
        }
        done
    };
    // The calling thread is one of the workers: what it allocates reuses what it freed before
    // (the allocator keeps a heap per thread).
    let done: Vec<Vec<(usize, Result<RuleOutput, Error>)>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        // A panic on this thread must end as the spawned workers' do: its rules' slots stay
        // empty and become errors below, never an abort of the process.
        let mine = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
        let mut done = vec![mine.unwrap_or_default()];
        done.extend(workers.into_iter().map(|w| w.join().unwrap_or_default()));
        done
    });
    let mut slots: Vec<Option<Result<RuleOutput, Error>>> =
        (0..rules.len()).map(|_| None).collect();
    for (i, result) in done.into_iter().flatten() {
        slots[i] = Some(result);
    }
    let results: Vec<Result<RuleOutput, Error>> = slots
        .into_iter()
        .zip(rules)
        .map(|(slot, rule)| {
            // Only a panicking worker leaves a slot empty: the rule did not run, which must not
            // look like a rule that found nothing.
            slot.unwrap_or_else(|| {
                Err(Error::Eval {
                    file: rule.file.clone(),
                    rule: rule.name.clone(),
                    message: "evaluation aborted".into(),
                })
            })
        })
        .collect();
    if threads == 1 {
        // Nothing ran beside the rule that failed: its error is its own.
        return results;
    }
    retry_memory_failures(engine, rules, input, results)
}

/// The memory budget is the process's, so when one rule exhausts it, a rule running beside it on
/// another thread can fail too. Those rules run again, one at a time, so the error stays with the
/// rule that caused it.
fn retry_memory_failures(
    engine: &EngineFactory,
    rules: &[RuleInfo],
    input: &Value,
    mut results: Vec<Result<RuleOutput, Error>>,
) -> Vec<Result<RuleOutput, Error>> {
    let failed: Vec<usize> = results
        .iter()
        .enumerate()
        .filter(|(_, r)| matches!(r, Err(Error::Eval { message, .. }) if message.contains("memory limit")))
        .map(|(i, _)| i)
        .collect();
    if failed.is_empty() {
        return results;
    }
    match engine_with_input(engine, input) {
        Ok(mut engine) => {
            for i in failed {
                results[i] = evaluate_rule(&mut engine, &rules[i]);
            }
        }
        Err(e) => {
            for i in failed {
                results[i] = Err(e.clone());
            }
        }
    }
    results
}

fn engine_with_input(factory: &EngineFactory, input: &Value) -> Result<Engine, Error> {
    let mut engine = factory.build()?;
    engine.set_input(input.clone());
    Ok(engine)
}

/// Builds engines that share nothing with each other.
///
/// A cloned engine shares its compiled policies, and evaluation bumps the reference counts of
/// the policy's syntax nodes all the time: two threads evaluating clones of one engine contend on
/// those counters and ran slower together than one thread alone. Compiling the (small) policy
/// set again per thread costs milliseconds.
#[derive(Debug, Clone)]
pub struct EngineFactory {
    pub files: Vec<super::PolicyFile>,
    pub params: serde_json::Value,
    pub timer: Option<regorus::utils::limits::ExecutionTimerConfig>,
}

impl EngineFactory {
    pub fn build(&self) -> Result<Engine, Error> {
        let mut engine = super::engine_for(&self.files, &self.params)?;
        if let Some(timer) = self.timer {
            engine.set_execution_timer_config(timer);
        }
        Ok(engine)
    }
}

fn evaluate_rule(engine: &mut Engine, rule: &RuleInfo) -> Result<RuleOutput, Error> {
    let started = std::time::Instant::now();
    let value = engine.eval_rule(rule.query()).map_err(|e| {
        let (location, message) = split_regorus_error(&e.to_string());
        Error::Eval {
            file: match location {
                Some((file, line, col)) => format!("{file}:{line}:{col}"),
                None => rule.file.clone(),
            },
            rule: rule.name.clone(),
            message,
        }
    })?;
    let values = match value {
        Value::Undefined | Value::Bool(false) => Ok(Vec::new()),
        Value::Set(set) => set.iter().map(to_json).collect::<Result<_, _>>(),
        Value::Array(items) => items.iter().map(to_json).collect::<Result<_, _>>(),
        Value::Bool(true) => Ok(vec![serde_json::Value::Bool(true)]),
        v @ (Value::String(_) | Value::Object(_)) => to_json(&v).map(|j| vec![j]),
        other => {
            return Err(Error::Eval {
                file: rule.file.clone(),
                rule: rule.name.clone(),
                message: format!(
                    "yields {}; a finding rule must yield a set of strings or of objects with \"msg\"",
                    other
                ),
            });
        }
    }
    .map_err(|e| Error::Eval { file: rule.file.clone(), rule: rule.name.clone(), message: e })?;
    Ok(RuleOutput {
        values,
        elapsed: started.elapsed(),
    })
}

fn to_json(v: &Value) -> Result<serde_json::Value, String> {
    serde_json::to_value(v).map_err(|e| format!("yields a value that is not JSON: {e}"))
}
