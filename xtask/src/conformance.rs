//! `cargo xtask conformance`: every operation of the generated client, called
//! against Prism (a mock server of the overlay-corrected pinned spec).
//!
//! Steps: install Prism (pinned, into the tools folder, `.tools/` by default, reused when present);
//! write the corrected spec to `target/conformance/openapi.json`; generate the
//! conformance program into `target/conformance/program/` and build it (into
//! the workspace target folder, so the generated client is not rebuilt); start
//! Prism on a free loopback port in static mode; run the program; stop
//! Prism (its whole process group, also when anything fails on the way).

use anyhow::{bail, Context, Result};
use std::fs;
use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};
use vercel_codegen::ConformanceOptions;
use xtask::{ensure_spec, read_overlays};

/// The Prism release the conformance run uses (npm `@stoplight/prism-cli`).
pub const PRISM_VERSION: &str = "5.14.2";

/// Operations that cannot pass against Prism, with the reason. A failure of any
/// other operation fails the run, and so does a listed operation that passes
/// (remove it here then). Every failure is printed either way.
pub const KNOWN_FAILURES: &[(&str, &str)] = &[];

/// How long Prism may take to load the spec and listen.
const READY_TIMEOUT: Duration = Duration::from_secs(120);

/// `cargo xtask conformance` options.
#[derive(Debug)]
pub struct ConformanceArgs {
    /// Skip the documented-error checks (`Prefer: code=4xx`).
    pub no_error_checks: bool,
}

impl ConformanceArgs {
    /// Reads `[--no-error-checks]`.
    pub fn from_args(mut args: xtask::cli::Args) -> Result<ConformanceArgs> {
        let parsed = ConformanceArgs { no_error_checks: args.flag("--no-error-checks")? };
        args.finish_none()?;
        Ok(parsed)
    }
}

/// Runs the whole conformance check; `Ok(true)` when every operation passed
/// except the [`KNOWN_FAILURES`] (which must still fail) and every documented
/// error response passed.
pub fn conformance(root: &Path, args: &ConformanceArgs) -> Result<bool> {
    let work = root.join("target/conformance");
    fs::create_dir_all(&work).with_context(|| format!("creating {}", work.display()))?;
    let spec_path = ensure_spec(root)?;
    let spec_text = fs::read_to_string(&spec_path).with_context(|| format!("reading {}", spec_path.display()))?;
    let overlays = read_overlays(root)?;

    let (corrected, _) = vercel_codegen::corrected_spec(&spec_text, &overlays, true)?;
    let corrected_path = work.join("openapi.json");
    write_if_changed(&corrected_path, &serde_json::to_string_pretty(&corrected)?)?;

    let program_dir = work.join("program");
    let options = ConformanceOptions {
        client_dir: root.join("generated-client").display().to_string(),
        runtime_path: root.join("runtime").display().to_string(),
        driver_path: root.join(xtask::program::DRIVER_DIR).display().to_string(),
        strict_overlays: true,
        error_checks: !args.no_error_checks,
        groups: xtask::read_group_table(root)?,
    };
    let program = vercel_codegen::conformance_program(&spec_text, &overlays, &options)?;
    for (rel, text) in &program.files {
        write_if_changed(&program_dir.join(rel), text)?;
    }
    // Same dependency versions as the workspace, so the built client is reused.
    fs::copy(root.join("Cargo.lock"), program_dir.join("Cargo.lock")).context("copying Cargo.lock")?;

    let prism = install_prism(root)?;
    let binary = xtask::program::build(root, &program_dir, "vercel-conformance", "conformance program")?;

    let port = free_port()?;
    let log_path = work.join("prism.log");
    let mut server = PrismServer::start(&prism, &corrected_path, port, &log_path)?;
    server.wait_ready(READY_TIMEOUT, &log_path)?;
    println!("conformance: Prism {PRISM_VERSION} listening on 127.0.0.1:{port} (log: {})", log_path.display());
    let mut child = Command::new(&binary)
        .arg(format!("http://127.0.0.1:{port}"))
        .stdout(Stdio::piped())
        .spawn()
        .with_context(|| format!("running {}", binary.display()))?;
    let mut lines = Vec::new();
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines() {
            let line = line.context("reading the program's output")?;
            println!("{line}");
            lines.push(line);
        }
    }
    let status = child.wait()?;
    drop(server);
    Ok(judge(&lines, status))
}

/// Whether the program's output is a pass: a summary line, no failures but
/// the known ones, and every known one still failing.
fn judge(lines: &[String], status: ExitStatus) -> bool {
    if !lines.last().is_some_and(|l| l.starts_with("conformance: ") && l.ends_with(" operations pass")) {
        eprintln!("conformance: the program ended without its summary ({status})");
        return false;
    }
    // `FAIL <operationId> (<METHOD> <path>)...`
    let failed: Vec<&str> =
        lines.iter().filter_map(|l| l.strip_prefix("FAIL ")).filter_map(|l| l.split(' ').next()).collect();
    let mut ok = true;
    for id in &failed {
        if !KNOWN_FAILURES.iter().any(|(known, _)| known == id) {
            ok = false;
        }
    }
    for (id, reason) in KNOWN_FAILURES {
        if failed.contains(id) {
            println!("conformance: known failure {id}: {reason}");
        } else {
            eprintln!("conformance: {id} is listed as a known failure but passed; remove it from KNOWN_FAILURES");
            ok = false;
        }
    }
    ok
}

fn write_if_changed(path: &Path, text: &str) -> Result<()> {
    if fs::read_to_string(path).ok().as_deref() == Some(text) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    }
    fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}

/// Installs the pinned Prism into the tools folder ([`xtask::tools`]) unless it is already there; returns its entry script.
fn install_prism(root: &Path) -> Result<PathBuf> {
    let dir = xtask::tools::tool_dir(root, "prism", PRISM_VERSION);
    let package = dir.join("node_modules/@stoplight/prism-cli");
    let entry = package.join("dist/index.js");
    let installed = fs::read_to_string(package.join("package.json"))
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .and_then(|v| v.get("version").and_then(|v| v.as_str()).map(String::from));
    if installed.as_deref() == Some(PRISM_VERSION) && entry.exists() {
        return Ok(entry);
    }
    println!("conformance: installing @stoplight/prism-cli@{PRISM_VERSION} into {}", dir.display());
    fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    if !dir.join("package.json").exists() {
        fs::write(dir.join("package.json"), "{\"private\": true}\n")?;
    }
    let status = Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--save-exact", "--loglevel=error"])
        .arg(format!("@stoplight/prism-cli@{PRISM_VERSION}"))
        .current_dir(&dir)
        .status()
        .context("running npm (Node.js and npm are needed for Prism)")?;
    if !status.success() || !entry.exists() {
        bail!("npm install @stoplight/prism-cli@{PRISM_VERSION} failed ({status})");
    }
    Ok(entry)
}

/// A loopback port nobody listens on right now.
fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("finding a free port")?;
    Ok(listener.local_addr()?.port())
}

/// A running Prism; dropping it stops Prism's whole process group.
struct PrismServer {
    child: Child,
    port: u16,
}

impl PrismServer {
    fn start(entry: &Path, spec: &Path, port: u16, log: &Path) -> Result<Self> {
        let log_file = fs::File::create(log).with_context(|| format!("creating {}", log.display()))?;
        let child = Command::new("node")
            .arg(entry)
            .args(["mock", "--host", "127.0.0.1", "--port", &port.to_string()])
            .arg(spec)
            .stdin(Stdio::null())
            .stdout(log_file.try_clone()?)
            .stderr(log_file)
            .process_group(0)
            .spawn()
            .context("starting Prism (node)")?;
        Ok(PrismServer { child, port })
    }

    /// Polls until Prism accepts connections; fails if it exits or the time runs out.
    fn wait_ready(&mut self, timeout: Duration, log: &Path) -> Result<()> {
        let start = Instant::now();
        let addr = SocketAddr::from(([127, 0, 0, 1], self.port));
        loop {
            if let Some(status) = self.child.try_wait()? {
                let tail = fs::read_to_string(log).unwrap_or_default();
                let tail: Vec<&str> = tail.lines().rev().take(20).collect();
                bail!(
                    "Prism exited before listening ({status}); last log lines:\n{}",
                    tail.into_iter().rev().collect::<Vec<_>>().join("\n")
                );
            }
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                return Ok(());
            }
            if start.elapsed() > timeout {
                bail!("Prism did not listen on {addr} within {timeout:?} (log: {})", log.display());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for PrismServer {
    fn drop(&mut self) {
        // The child leads its own process group: end the group (node and anything it started).
        let group = format!("-{}", self.child.id());
        let signal_group = |signal: &str| {
            let _ = Command::new("kill").args(["-s", signal, "--", &group]).stderr(Stdio::null()).status();
        };
        signal_group("TERM");
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        signal_group("KILL");
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
