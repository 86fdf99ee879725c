//! The spec part of `cargo xtask fuzz`: the generator against mutated
//! versions of the pinned spec, with a fixed seed. Each mutated spec must
//! either generate or fail with an error naming a JSON pointer; none may
//! panic or take more than [`SLOW`]. A sample of the specs that generate
//! (every `check_every`-th, or all in the long mode) must also `cargo check`
//! ([`super::check`]).
//!
//! Mutations: delete a node, change a `type`, break a `$ref`, replace an
//! object by an array holding it, make a component schema refer to itself
//! (a cycle through `allOf`, a property or array items).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use serde_json::Value;
use std::path::Path;
use xtask::{ensure_spec, read_overlays};

use super::check::Checker;

/// The longest one case may take.
const SLOW: Duration = Duration::from_secs(5);

/// What the spec part runs.
#[derive(Debug, Clone, Copy)]
pub struct SpecFuzzOptions {
    /// How many mutated specs to generate from.
    pub specs: usize,
    /// The seed of the mutations (the same seed gives the same cases).
    pub seed: u64,
    /// `cargo check` every this many-th spec that generates (the first, then
    /// every `check_every`-th after it); 0 checks none.
    pub check_every: usize,
    /// `cargo check` every spec that generates.
    pub check_all: bool,
}

impl SpecFuzzOptions {
    /// Whether the `n`-th spec that generated (from 0) is checked.
    fn checks(&self, n: usize) -> bool {
        self.check_all || (self.check_every > 0 && n.is_multiple_of(self.check_every))
    }
}

/// Every JSON pointer of `node` (under `at`), in document order.
fn pointers(node: &Value, at: &str, out: &mut Vec<String>) {
    out.push(at.to_owned());
    match node {
        Value::Object(map) => {
            for (key, child) in map {
                pointers(child, &format!("{at}/{}", key.replace('~', "~0").replace('/', "~1")), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                pointers(child, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// The parent pointer and last key of `pointer`.
fn split(pointer: &str) -> Option<(&str, String)> {
    let (parent, key) = pointer.rsplit_once('/')?;
    Some((parent, key.replace("~1", "/").replace("~0", "~")))
}

/// Applies one random mutation to `doc`; returns what it did.
fn mutate(
    doc: &mut Value,
    all: &[String],
    refs: &[String],
    types: &[String],
    schemas: &[String],
    rng: &mut fastrand::Rng,
) -> String {
    match rng.usize(0..5) {
        0 => {
            let target = &all[rng.usize(1..all.len())];
            let Some((parent, key)) = split(target) else { return "nothing".into() };
            match doc.pointer_mut(parent) {
                Some(Value::Object(map)) => {
                    map.remove(&key);
                }
                Some(Value::Array(items)) => {
                    if let Ok(i) = key.parse::<usize>() {
                        if i < items.len() {
                            items.remove(i);
                        }
                    }
                }
                _ => {}
            }
            format!("delete {target}")
        }
        1 => {
            let target = &types[rng.usize(..types.len())];
            let new = ["string", "integer", "number", "boolean", "array", "object", "null", "bogus"][rng.usize(..8)];
            if let Some(node) = doc.pointer_mut(target) {
                *node = Value::from(new);
            }
            format!("type {target} = {new}")
        }
        2 => {
            let target = &refs[rng.usize(..refs.len())];
            let new = match rng.usize(0..3) {
                0 => "#/components/schemas/DoesNotExist".to_owned(),
                1 => "#/nowhere/at/all".to_owned(),
                _ => format!("{}#/x", rng.u32(..)),
            };
            if let Some(node) = doc.pointer_mut(target) {
                *node = Value::from(new.clone());
            }
            format!("$ref {target} = {new}")
        }
        3 => {
            let candidates: Vec<&String> =
                all.iter().filter(|p| doc.pointer(p).is_some_and(Value::is_object)).collect();
            let target = candidates[rng.usize(1..candidates.len())].clone();
            if let Some(node) = doc.pointer_mut(&target) {
                let taken = node.take();
                *node = Value::Array(vec![taken]);
            }
            format!("array {target}")
        }
        _ => {
            let target = &schemas[rng.usize(..schemas.len())];
            let own = Value::from(format!("#{target}"));
            let how = rng.usize(0..3);
            if let Some(Value::Object(schema)) = doc.pointer_mut(target) {
                match how {
                    0 => {
                        schema.clear();
                        schema.insert("allOf".into(), serde_json::json!([{ "$ref": own }]));
                    }
                    1 => {
                        let props = schema.entry("properties").or_insert_with(|| serde_json::json!({}));
                        if let Value::Object(props) = props {
                            props.insert("again".into(), serde_json::json!({ "$ref": own }));
                        }
                        schema.insert("required".into(), serde_json::json!(["again"]));
                    }
                    _ => {
                        schema.clear();
                        schema.insert("type".into(), Value::from("array"));
                        schema.insert("items".into(), serde_json::json!({ "$ref": own }));
                    }
                }
            }
            format!("cycle {target} ({how})")
        }
    }
}

/// Where the time of the specs that generated went, summed over them.
#[derive(Debug, Default)]
struct Phases {
    load: Duration,
    ir: Duration,
    emit: Duration,
    format: Duration,
}

impl Phases {
    fn add(&mut self, t: &vercel_codegen::PhaseTimes) {
        self.load += t.load;
        self.ir += t.ir;
        self.emit += t.emit;
        self.format += t.format;
    }

    fn per_case(&self, n: usize) -> String {
        let per = |d: Duration| d / n as u32;
        format!(
            "time per spec that generated: load {:.0?}, ir {:.0?}, emit {:.0?}, format {:.0?}",
            per(self.load),
            per(self.ir),
            per(self.emit),
            per(self.format)
        )
    }
}

/// Runs the spec mutations; prints `specs: N cases, P panics` and returns
/// whether there was no panic, no slow case and no checked output that does
/// not compile. (Every generator error carries a JSON pointer by type; the
/// count of those at the document root, `""`, is printed.)
pub fn fuzz(root: &Path, args: &SpecFuzzOptions) -> Result<bool> {
    let spec_path = ensure_spec(root)?;
    let text = std::fs::read_to_string(&spec_path).with_context(|| format!("reading {}", spec_path.display()))?;
    let overlays = read_overlays(root)?;
    let pristine: Value = serde_json::from_str(&text).context("the pinned spec is not JSON")?;
    let mut all = Vec::new();
    pointers(&pristine, "", &mut all);
    let ends = |suffix: &str| -> Vec<String> { all.iter().filter(|p| p.ends_with(suffix)).cloned().collect() };
    let (refs, types) = (ends("/$ref"), ends("/type"));
    let schemas: Vec<String> = pristine["components"]["schemas"]
        .as_object()
        .map(|m| m.keys().map(|k| format!("/components/schemas/{}", k.replace('~', "~0").replace('/', "~1"))).collect())
        .unwrap_or_default();
    // A self-contained workspace, so that a checked output builds as it is.
    let options = vercel_codegen::Options::new(root.join("runtime").display().to_string())
        .standalone_workspace(true)
        .strict_overlays(false)
        .groups(xtask::read_group_table(root)?);
    let mut checker = (args.check_all || args.check_every > 0).then(|| Checker::new(root));
    if let Some(checker) = &mut checker {
        // The unmutated spec first: it must compile, and it warms the target folder.
        let output = vercel_codegen::generate(&text, &overlays, &options).context("generating the pinned spec")?;
        checker.check(&output, "the unmutated pinned spec")?;
    }

    // The default panic message would interleave with the report; panics are counted instead.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut rng = fastrand::Rng::with_seed(args.seed);
    let (mut generated, mut errors, mut panics, mut at_root, mut slow) = (0, 0, 0, 0, 0);
    let mut slowest = Duration::ZERO;
    let mut phases = Phases::default();
    let started = Instant::now();
    for case in 0..args.specs {
        let mut doc = pristine.clone();
        let what = mutate(&mut doc, &all, &refs, &types, &schemas, &mut rng);
        let mutated = doc.to_string();
        let t = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| vercel_codegen::generate_timed(&mutated, &overlays, &options)));
        let took = t.elapsed();
        slowest = slowest.max(took);
        if took > SLOW {
            slow += 1;
            println!("SLOW case {case} ({what}): {took:?}");
        }
        match outcome {
            Ok(Ok((output, times))) => {
                phases.add(&times);
                if let Some(checker) = checker.as_mut().filter(|_| args.checks(generated)) {
                    checker.check(&output, &format!("seed {} case {case} ({what})", args.seed))?;
                }
                generated += 1;
            }
            Ok(Err(e)) => {
                errors += 1;
                if e.pointer.is_empty() {
                    at_root += 1;
                }
            }
            Err(_) => {
                panics += 1;
                println!("PANIC case {case} ({what})");
            }
        }
    }
    std::panic::set_hook(hook);
    if generated > 0 {
        println!("{}", phases.per_case(generated));
    }
    let checks = match &checker {
        Some(c) => format!(
            "; cargo check: {} of {generated} generated outputs (and the unmutated spec), {} do not compile, {:.0?}",
            c.checked - 1,
            c.failed,
            c.time
        ),
        None => String::new(),
    };
    println!(
        "specs: {} cases, {panics} panics ({generated} generated, {errors} errors naming a JSON pointer \
         ({at_root} of them the document root), {slow} over {SLOW:?}; slowest {slowest:.2?}, {:.0?} in all, checks included{checks})",
        args.specs,
        started.elapsed()
    );
    let compiled = checker.as_ref().is_none_or(|c| c.failed == 0);
    Ok(panics == 0 && slow == 0 && compiled)
}
