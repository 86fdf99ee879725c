//! Response mutation fuzzing: the generated client's success types against
//! mutated versions of the sample success body of every operation (and of
//! the event of every stream), decoded through the runtime's 2xx decode path
//! with client error correction. Each case must decode (possibly with
//! corrections) or fail with a decode error that names a path; a panic, a
//! crash of the decoding program, a case that takes longer than
//! [`SLOW_CASE`] or an error without a path is a failure.
//!
//! Steps: generate the decoding program
//! ([`vercel_codegen::response_decode_program`]) into
//! `target/fuzz-responses/program/` and build it into the workspace target
//! folder (the generated crates are shared with other builds of them); mutate
//! the samples ([`mutations`]) into `target/fuzz-responses/cases.bin`; run the
//! program on that file and read one line per case.
//!
//! Case `i` is mutated with a generator seeded from the run's seed and `i`
//! alone, so a case is the same in every run with the same seed, whatever
//! the count. Before the mutated cases, every sample is decoded as it is
//! (the baseline: what the mutations start from).

pub mod mutations;

use anyhow::{bail, Context, Result};
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use vercel_codegen::ConformanceOptions;

use crate::{ensure_spec, read_overlays, write_output};

/// The longest one case may take to decode.
pub const SLOW_CASE: Duration = Duration::from_secs(5);

/// How long the program may print nothing before it counts as hung.
const SILENCE: Duration = Duration::from_secs(60);

/// At most this many failures are described in full.
const SHOWN_FAILURES: usize = 20;

/// What to run.
#[derive(Debug, Clone, Copy)]
pub struct ResponseFuzzOptions {
    /// How many mutated bodies to decode.
    pub cases: usize,
    /// The seed of the mutations.
    pub seed: u64,
}

/// What a run found.
#[derive(Debug, Clone, Default)]
pub struct ResponseFuzzReport {
    /// Mutated cases decoded.
    pub cases: usize,
    /// Distinct bodies mutated (operation success bodies and stream events).
    pub bodies: usize,
    /// Cases that decoded as they were.
    pub decoded: usize,
    /// Cases that decoded with corrections (missing required fields filled).
    pub corrected: usize,
    /// Corrections made in all (over the `corrected` cases).
    pub corrections: usize,
    /// Cases that failed with a decode error naming a path.
    pub errors: usize,
    /// Decode errors without a path (a failure).
    pub errors_without_path: usize,
    /// Panics, and crashes or hangs of the decoding program (a failure).
    pub panics: usize,
    /// Cases slower than [`SLOW_CASE`] (a failure).
    pub slow: usize,
    /// Unmutated samples that did not decode (key: why); they are still mutated.
    pub baseline_failures: Vec<String>,
    /// One description per failure (the first 20 are also printed as found).
    pub failures: Vec<String>,
    /// The slowest case and its description.
    pub slowest: (Duration, String),
    /// Building the program.
    pub build_time: Duration,
    /// Mutating the samples and writing the case file.
    pub mutate_time: Duration,
    /// Running the program over every case.
    pub decode_time: Duration,
}

impl ResponseFuzzReport {
    /// No panic, crash, hang, slow case or error without a path.
    pub fn clean(&self) -> bool {
        self.panics == 0 && self.errors_without_path == 0 && self.slow == 0 && self.failures.is_empty()
    }

    /// `responses: N cases, P panics (...)`, the line `cargo xtask fuzz` prints.
    pub fn summary(&self) -> String {
        format!(
            "responses: {} cases, {} panics ({} bodies; {} decoded, {} decoded with {} corrections, {} decode errors \
             with a path, {} without; {} over {SLOW_CASE:?}, slowest {:.1?} ({}); build {:.1?}, mutate {:.1?}, \
             decode {:.1?})",
            self.cases,
            self.panics,
            self.bodies,
            self.decoded,
            self.corrected,
            self.corrections,
            self.errors,
            self.errors_without_path,
            self.slow,
            self.slowest.0,
            self.slowest.1,
            self.build_time,
            self.mutate_time,
            self.decode_time,
        )
    }
}

/// One case of the case file.
struct Case {
    key: String,
    what: String,
    body: Vec<u8>,
}

/// Generates, builds and runs the decoding program over `options.cases`
/// mutated bodies (after the unmutated baseline); prints each failure as it
/// is found and returns the tally.
pub fn run(root: &Path, options: &ResponseFuzzOptions) -> Result<ResponseFuzzReport> {
    let work = root.join("target/fuzz-responses");
    let spec_path = ensure_spec(root)?;
    let text = fs::read_to_string(&spec_path).with_context(|| format!("reading {}", spec_path.display()))?;
    let overlays = read_overlays(root)?;
    let program_options = ConformanceOptions {
        client_dir: root.join("generated-client").display().to_string(),
        runtime_path: root.join("runtime").display().to_string(),
        driver_path: root.join(crate::program::DRIVER_DIR).display().to_string(),
        strict_overlays: true,
        error_checks: false,
        groups: crate::read_group_table(root)?,
    };
    let program = vercel_codegen::response_decode_program(&text, &overlays, &program_options)?;
    let program_dir = work.join("program");
    write_output(&program_dir, &program.output)?;
    // Same dependency versions as the workspace, so the built client is reused.
    fs::copy(root.join("Cargo.lock"), program_dir.join("Cargo.lock")).context("copying Cargo.lock")?;
    let started = Instant::now();
    let binary = crate::program::build(root, &program_dir, "vercel-response-fuzz", "response-decoding program")?;
    let build_time = started.elapsed();

    let started = Instant::now();
    let (corrected, _) = vercel_codegen::corrected_spec(&text, &overlays, true)?;
    let enum_strings = mutations::enum_strings(&corrected);
    let samples = &program.samples;
    if samples.is_empty() {
        bail!("the spec has no operation with a JSON success body to mutate");
    }
    let keys: Vec<&String> = samples.keys().collect();
    let mut cases: Vec<Case> = samples
        .iter()
        .map(|(key, sample)| Case {
            key: key.clone(),
            what: "none (baseline)".into(),
            body: sample.to_string().into_bytes(),
        })
        .collect();
    for i in 0..options.cases {
        let key = keys[i % keys.len()];
        let mut rng = case_rng(options.seed, i);
        let mutated = mutations::mutate(&samples[key], &enum_strings, &mut rng);
        cases.push(Case { key: key.clone(), what: mutated.what, body: mutated.body });
    }
    let case_file = work.join("cases.bin");
    fs::write(&case_file, case_file_bytes(&cases)).with_context(|| format!("writing {}", case_file.display()))?;
    let mutate_time = started.elapsed();

    let started = Instant::now();
    let mut report =
        ResponseFuzzReport { bodies: samples.len(), build_time, mutate_time, ..ResponseFuzzReport::default() };
    let baseline = samples.len();
    let describe = |n: usize| -> String {
        let c = &cases[n];
        let case =
            if n < baseline { format!("baseline {n}") } else { format!("seed {} case {}", options.seed, n - baseline) };
        format!("{case}, {}: {}\n  body: {}", c.key, c.what, String::from_utf8_lossy(&c.body))
    };
    let lines = run_program(&binary, &case_file)?;
    let mut seen = 0;
    for line in &lines.lines {
        let parsed = parse_line(line).with_context(|| format!("reading the program's output line {line:?}"))?;
        if parsed.case != seen {
            bail!("the program reported case {} where case {seen} was next", parsed.case);
        }
        seen += 1;
        let n = parsed.case;
        if parsed.took > report.slowest.0 {
            report.slowest = (parsed.took, format!("{}: {}", cases[n].key, cases[n].what));
        }
        if n < baseline {
            if parsed.class != "decoded" && parsed.class != "corrected" {
                report.baseline_failures.push(format!("{}: {} {}", cases[n].key, parsed.class, parsed.detail));
            }
            if parsed.class != "panic" {
                continue;
            }
        } else {
            report.cases += 1;
        }
        if parsed.took > SLOW_CASE {
            report.slow += 1;
            fail(&mut report, format!("SLOW ({:.1?}) {}", parsed.took, describe(n)));
        }
        match parsed.class {
            "decoded" => report.decoded += 1,
            "corrected" => {
                report.corrected += 1;
                let (count, paths) = parsed.detail.split_once(' ').unwrap_or((parsed.detail, ""));
                let count: usize = count.parse().unwrap_or(0);
                report.corrections += count;
                if count == 0 || paths.split(' ').filter(|p| !p.is_empty()).count() != count {
                    fail(&mut report, format!("CORRECTION WITHOUT A PATH ({}) {}", parsed.detail, describe(n)));
                }
            }
            "error" => {
                let (path, message) = parsed.detail.split_once('\t').unwrap_or(("", parsed.detail));
                if path.is_empty() {
                    report.errors_without_path += 1;
                    fail(&mut report, format!("DECODE ERROR WITHOUT A PATH ({message}) {}", describe(n)));
                } else {
                    report.errors += 1;
                }
            }
            "panic" => {
                report.panics += 1;
                fail(&mut report, format!("PANIC ({}) {}", parsed.detail, describe(n)));
            }
            other => fail(&mut report, format!("NOT DECODED ({other} {}) {}", parsed.detail, describe(n))),
        }
    }
    if seen < cases.len() {
        // The program died (or hung) on the case after the last it reported.
        report.panics += 1;
        if seen >= baseline {
            report.cases += 1;
        }
        let how = lines.ended.unwrap_or_else(|| "ended early".into());
        fail(&mut report, format!("CRASH (the program {how}) {}", describe(seen)));
    }
    report.decode_time = started.elapsed();
    if report.failures.len() > SHOWN_FAILURES {
        println!("... and {} more failures", report.failures.len() - SHOWN_FAILURES);
    }
    Ok(report)
}

/// Records a failure; prints it while fewer than [`SHOWN_FAILURES`] were.
fn fail(report: &mut ResponseFuzzReport, line: String) {
    if report.failures.len() < SHOWN_FAILURES {
        println!("{line}");
    }
    report.failures.push(line);
}

/// The generator of case `case`: from the run's seed and the case number alone.
pub fn case_rng(seed: u64, case: usize) -> fastrand::Rng {
    fastrand::Rng::with_seed(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ case as u64)
}

/// The case file: per case a line `KEY LEN`, the body, a newline.
fn case_file_bytes(cases: &[Case]) -> Vec<u8> {
    let mut out = Vec::with_capacity(cases.iter().map(|c| c.key.len() + c.body.len() + 24).sum());
    for c in cases {
        out.extend_from_slice(format!("{} {}\n", c.key, c.body.len()).as_bytes());
        out.extend_from_slice(&c.body);
        out.push(b'\n');
    }
    out
}

/// What the program printed, and how it ended when not cleanly.
struct ProgramLines {
    lines: Vec<String>,
    ended: Option<String>,
}

/// Runs the program on the case file; stops it when it prints nothing for [`SILENCE`].
fn run_program(binary: &Path, case_file: &Path) -> Result<ProgramLines> {
    let mut child = Command::new(binary)
        .arg(case_file)
        .stdout(Stdio::piped())
        .spawn()
        .with_context(|| format!("running {}", binary.display()))?;
    let stdout = child.stdout.take().context("the program's output")?;
    let (send, receive) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if send.send(line).is_err() {
                break;
            }
        }
    });
    let mut lines = Vec::new();
    let mut ended = None;
    loop {
        match receive.recv_timeout(SILENCE) {
            Ok(line) => lines.push(line),
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                child.kill().ok();
                ended = Some(format!("printed nothing for {SILENCE:?} and was stopped"));
                break;
            }
        }
    }
    let status = child.wait().context("waiting for the program")?;
    reader.join().ok();
    if ended.is_none() && !status.success() {
        ended = Some(format!("exited with {status}"));
    }
    Ok(ProgramLines { lines, ended })
}

/// One line of the program's output.
struct Line<'a> {
    case: usize,
    class: &'a str,
    took: Duration,
    detail: &'a str,
}

fn parse_line(line: &str) -> Result<Line<'_>> {
    let mut parts = line.splitn(4, ' ');
    let (Some(case), Some(class), Some(micros)) = (parts.next(), parts.next(), parts.next()) else {
        bail!("expected `N CLASS MICROS DETAIL`");
    };
    Ok(Line {
        case: case.parse().context("the case number")?,
        class,
        took: Duration::from_micros(micros.parse().context("the time")?),
        detail: parts.next().unwrap_or(""),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn program_lines_parse() {
        let line = parse_line("12 error 340 deployments[0].state\tinvalid type").unwrap();
        assert_eq!((line.case, line.class, line.took), (12, "error", Duration::from_micros(340)));
        assert_eq!(line.detail, "deployments[0].state\tinvalid type");
        assert_eq!(parse_line("3 decoded 9").unwrap().detail, "");
        assert!(parse_line("3 decoded").is_err());
    }

    #[test]
    fn the_case_file_frames_any_bytes() {
        let cases = [
            Case { key: "a".into(), what: String::new(), body: b"{\"x\n".to_vec() },
            Case { key: "b#event".into(), what: String::new(), body: vec![0xff, b'\n'] },
        ];
        assert_eq!(case_file_bytes(&cases), b"a 4\n{\"x\n\nb#event 2\n\xff\n\n");
    }

    #[test]
    fn a_case_depends_on_the_seed_and_its_number_only() {
        assert_eq!(case_rng(16, 5).u64(..), case_rng(16, 5).u64(..));
        assert_ne!(case_rng(16, 5).u64(..), case_rng(16, 6).u64(..));
        assert_ne!(case_rng(16, 5).u64(..), case_rng(17, 5).u64(..));
    }
}
