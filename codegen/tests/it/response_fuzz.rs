//! Response mutation fuzzing, the reduced count `cargo test` runs (`cargo
//! xtask fuzz` runs 20,000): about 2,000 mutated sample success bodies, every
//! operation's and every stream event's, decoded with the generated types
//! through the runtime's decode path with client error correction. Each must
//! decode or fail with a decode error naming a path; no panic, crash or hang.

use xtask::response_fuzz::{self, ResponseFuzzOptions};

#[test]
fn mutated_responses_decode_or_fail_with_a_path_and_never_panic() {
    let root = crate::support::workspace_root();
    let report = response_fuzz::run(&root, &ResponseFuzzOptions { cases: 2_000, seed: 16 }).unwrap();
    println!("{}", report.summary());
    assert_eq!(report.cases, 2_000);
    assert!(report.bodies > 150, "only {} bodies to mutate", report.bodies);
    assert_eq!(report.panics, 0, "panics or crashes:\n{}", report.failures.join("\n"));
    assert_eq!(report.errors_without_path, 0, "decode errors without a path:\n{}", report.failures.join("\n"));
    assert!(report.clean(), "failures:\n{}", report.failures.join("\n"));
    // The mutations reach every outcome: a run where they all decode (or all fail) tests little.
    assert_eq!(report.decoded + report.corrected + report.errors, report.cases);
    for (class, count) in [("decoded", report.decoded), ("corrected", report.corrected), ("error", report.errors)] {
        assert!(count >= report.cases / 20, "only {count} cases of {} are `{class}`", report.cases);
    }
    assert!(
        report.baseline_failures.is_empty(),
        "samples that do not decode unmutated: {:?}",
        report.baseline_failures
    );
}
