//! `cargo xtask fuzz`: the generator against mutated versions of the pinned
//! spec, with a fixed seed. Each mutated spec must either generate or fail
//! with an error naming a JSON pointer; none may panic or take more than
//! [`SLOW`].
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

/// The longest one case may take.
const SLOW: Duration = Duration::from_secs(5);

/// `cargo xtask fuzz` options.
#[derive(Debug, clap::Args)]
pub struct FuzzArgs {
    /// How many mutated specs to generate from.
    #[arg(long, default_value_t = 1000)]
    pub specs: usize,
    /// The seed of the mutations (the same seed gives the same cases).
    #[arg(long, default_value_t = 16)]
    pub seed: u64,
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

/// Runs the spec mutations; prints `specs: N cases, P panics` and returns
/// whether there was no panic and no slow case. (Every generator error
/// carries a JSON pointer by type; the count of those at the document root,
/// `""`, is printed.)
pub fn fuzz(root: &Path, args: &FuzzArgs) -> Result<bool> {
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
    let options = vercel_codegen::Options {
        runtime_path: "../../runtime".into(),
        standalone_workspace: false,
        strict_overlays: false,
        scopes: None,
        packaging: None,
    };

    // The default panic message would interleave with the report; panics are counted instead.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut rng = fastrand::Rng::with_seed(args.seed);
    let (mut generated, mut errors, mut panics, mut at_root, mut slow) = (0, 0, 0, 0, 0);
    let mut slowest = Duration::ZERO;
    let started = Instant::now();
    for case in 0..args.specs {
        let mut doc = pristine.clone();
        let what = mutate(&mut doc, &all, &refs, &types, &schemas, &mut rng);
        let mutated = doc.to_string();
        let t = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| vercel_codegen::generate(&mutated, &overlays, &options)));
        let took = t.elapsed();
        slowest = slowest.max(took);
        if took > SLOW {
            slow += 1;
            println!("SLOW case {case} ({what}): {took:?}");
        }
        match outcome {
            Ok(Ok(_)) => generated += 1,
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
    println!(
        "specs: {} cases, {panics} panics ({generated} generated, {errors} errors naming a JSON pointer \
         ({at_root} of them the document root), {slow} over {SLOW:?}; slowest {slowest:.2?}, {:.0?} in all)",
        args.specs,
        started.elapsed()
    );
    Ok(panics == 0 && slow == 0)
}
