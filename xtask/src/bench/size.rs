//! Size of the generated code: lines, types, untyped fields, rlib sizes.

use super::build::BuildResult;
use super::stats::bytes;
use vercel_codegen::Stats;
use xtask::thousands;

/// Markdown section from the generator's figures and, when builds ran, rlib sizes.
pub fn markdown(stats: &Stats, files: usize, source_bytes: usize, builds: &[BuildResult]) -> String {
    let mut out = String::from("### Size\n\n| Figure | Value |\n|---|---:|\n");
    let rows = [
        ("Operations", thousands(stats.operations)),
        ("Endpoint groups", thousands(stats.groups)),
        ("Generated files", thousands(files)),
        ("Lines of generated Rust", thousands(stats.lines)),
        ("Bytes of generated Rust", bytes(source_bytes as u64)),
        ("Named types (structs and enums)", thousands(stats.types)),
        ("… of which aliases of identical types", thousands(stats.aliased_types)),
        ("`serde_json::Value` fields", thousands(stats.value_fields)),
    ];
    for (name, value) in rows {
        out.push_str(&format!("| {name} | {value} |\n"));
    }
    for build in builds.iter().filter(|b| !b.rlibs.is_empty()) {
        let total: u64 = build.rlibs.iter().map(|(_, n)| n).sum();
        let largest: Vec<String> =
            build.rlibs.iter().take(4).map(|(name, n)| format!("{name} {}", bytes(*n))).collect();
        out.push_str(&format!(
            "| rlibs of the generated crates, {} | {} in {} crates (largest: {}) |\n",
            build.label,
            bytes(total),
            build.rlibs.len(),
            largest.join(", ")
        ));
    }
    out
}
