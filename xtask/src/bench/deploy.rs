//! `--only deploy`: deploying a directory, ours (`vercel-deploy`, release
//! build) against `@vercel/client` (npm, run with Node), each to a fresh
//! local mock of the deploy endpoints (`vercel-deploy-mock`, 127.0.0.1) in
//! the same run: wall time, CPU time and peak RSS; hashing throughput
//! against `sha1sum` over the same files; peak RSS for 5,000 and 50,000
//! small files. `--quick` deploys a tiny tree with a debug build of ours
//! only (a smoke test of this harness). With `XTASK_BENCH_DEPLOY=memory` in
//! the environment only the memory part runs (ours on 5,000 and 50,000
//! small files: no `@vercel/client`, no large tree), for checking a change
//! to the deploy's memory without the peer.

use super::build::{parse_cpu, parse_max_rss_kb, run_cargo, TimeTool};
use super::stats::{bytes, ratio, secs};
use anyhow::{bail, Context, Result};
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The npm package of Vercel's own deploy library and the version compared with.
const PEER_PACKAGE: &str = "@vercel/client";
const PEER_VERSION: &str = "18.4.2";

/// One deterministic tree: how many files, how large in total, which share contents.
#[derive(Debug, Clone, Copy)]
struct TreeSpec {
    name: &'static str,
    files: usize,
    /// Files of this size or smaller make up the tree, except `large` of them.
    small_size: usize,
    /// How many files are large, and their size.
    large: usize,
    large_size: usize,
    /// Every `duplicate_every`th file repeats an earlier file's contents (0: none).
    duplicate_every: usize,
}

/// About 5,000 files and 500 MB, one in 20 a duplicate.
const MAIN_TREE: TreeSpec = TreeSpec {
    name: "tree-5000-500mb",
    files: 5_000,
    small_size: 40_000,
    large: 40,
    large_size: 10_000_000,
    duplicate_every: 20,
};
const SMALL_5K: TreeSpec =
    TreeSpec { name: "small-5000", files: 5_000, small_size: 200, large: 0, large_size: 0, duplicate_every: 0 };
const SMALL_50K: TreeSpec =
    TreeSpec { name: "small-50000", files: 50_000, small_size: 200, large: 0, large_size: 0, duplicate_every: 0 };
const QUICK_TREE: TreeSpec =
    TreeSpec { name: "tree-quick", files: 20, small_size: 2_000, large: 0, large_size: 0, duplicate_every: 5 };

/// Writes `spec`'s tree under `scratch` unless it is there already; returns its folder and total size.
fn tree(scratch: &Path, spec: TreeSpec) -> Result<(PathBuf, u64)> {
    let dir = scratch.join("deploy").join(spec.name);
    // Beside the tree, not in it (it would be deployed); holds the tree's total size.
    let marker = scratch.join("deploy").join(format!("{}.complete", spec.name));
    if let Some(total) = fs::read_to_string(&marker).ok().and_then(|t| t.trim().parse().ok()) {
        return Ok((dir, total));
    }
    let mut rng = fastrand::Rng::with_seed(0x5eed_0000 + spec.files as u64);
    let sizes: Vec<usize> = (0..spec.files)
        .map(|i| if i < spec.large { spec.large_size } else { 1 + rng.usize(..spec.small_size) })
        .collect();
    let mut total = 0u64;
    let _ = fs::remove_dir_all(&dir);
    eprintln!("bench: deploy: writing {} ({} files)", dir.display(), spec.files);
    let mut buffer = Vec::new();
    for (i, &size) in sizes.iter().enumerate() {
        let path = dir.join(format!("d{:03}/f{i:06}.bin", i % 100));
        if i % 100 == 0 || i < 100 {
            fs::create_dir_all(path.parent().unwrap())?;
        }
        buffer.clear();
        if spec.duplicate_every > 0 && i > 0 && i % spec.duplicate_every == 0 {
            // The same contents as file i - 1 (a duplicate by content, once uploaded).
            let previous = dir.join(format!("d{:03}/f{:06}.bin", (i - 1) % 100, i - 1));
            total += fs::copy(&previous, &path)?;
            continue;
        }
        buffer.resize(size, 0);
        rng.fill(&mut buffer);
        fs::write(&path, &buffer).with_context(|| format!("writing {}", path.display()))?;
        total += size as u64;
    }
    fs::write(&marker, total.to_string())?;
    Ok((dir, total))
}

/// One measured process.
#[derive(Debug, Clone)]
struct Run {
    wall: Duration,
    cpu: Option<Duration>,
    peak_rss: Option<u64>,
    /// Its last line of stdout (the ready URL for a deploy).
    last_line: String,
}

/// Runs `cmd` under GNU time (when there is one), stdout captured, stderr to `log`.
fn measure(cmd: Command, time: &TimeTool, report: &Path, log: &Path) -> Result<Run> {
    let program = cmd.get_program().to_owned();
    let args: Vec<_> = cmd.get_args().map(|a| a.to_owned()).collect();
    let mut timed = match time {
        TimeTool::Gnu(tool) => {
            let mut timed = Command::new(tool);
            timed.arg("-v").arg("-o").arg(report).arg(&program).args(&args);
            timed
        }
        TimeTool::Missing(_) => {
            let mut plain = Command::new(&program);
            plain.args(&args);
            plain
        }
    };
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => timed.env(k, v),
            None => timed.env_remove(k),
        };
    }
    if let Some(dir) = cmd.get_current_dir() {
        timed.current_dir(dir);
    }
    let err = fs::File::create(log).with_context(|| format!("creating {}", log.display()))?;
    let started = Instant::now();
    let output = timed.stdin(Stdio::null()).stderr(err).output().with_context(|| format!("running {program:?}"))?;
    let wall = started.elapsed();
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        bail!("{program:?} failed ({}); see {}", output.status, log.display());
    }
    let (cpu, peak_rss) = match time {
        TimeTool::Gnu(_) => {
            let text = fs::read_to_string(report).unwrap_or_default();
            (parse_cpu(&text), parse_max_rss_kb(&text).map(|kb| kb * 1024))
        }
        TimeTool::Missing(_) => (None, None),
    };
    Ok(Run { wall, cpu, peak_rss, last_line: stdout.lines().last().unwrap_or_default().to_string() })
}

/// A running `vercel-deploy-mock`, killed when dropped.
struct Mock {
    child: Child,
    url: String,
}

impl Mock {
    /// Starts the mock, answering each upload after `latency_ms` milliseconds.
    fn start(binary: &Path, latency_ms: u64) -> Result<Mock> {
        let mut child = Command::new(binary)
            .arg("127.0.0.1:0")
            .arg(latency_ms.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("starting {}", binary.display()))?;
        let mut line = String::new();
        BufReader::new(child.stdout.take().context("the mock's stdout")?).read_line(&mut line)?;
        let url = line.trim().to_string();
        if !url.starts_with("http://127.0.0.1:") {
            let _ = child.kill();
            bail!("the mock printed {url:?} instead of its URL");
        }
        Ok(Mock { child, url })
    }
}

impl Drop for Mock {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The environment variable that restricts the part to its memory runs (value `memory`).
const ONLY_ENV: &str = "XTASK_BENCH_DEPLOY";

/// The simulated network round trip of the small-file runs' uploads, in milliseconds (see [`small_files`]).
const UPLOAD_LATENCY_MS: u64 = 2;

/// The memory part alone: peak RSS of ours for 5,000 and 50,000 small files.
fn memory_section(bins: &Path, scratch: &Path, time: &TimeTool, logs: &Path) -> Result<String> {
    let (rows, verdict) = small_files(bins, scratch, time, logs)?;
    Ok(format!(
        "Memory only (`{ONLY_ENV}=memory`): ours (`vercel-deploy`, release build) deploying small files \
         (1-{} bytes each) to a fresh local mock. Peak RSS is GNU time's maximum resident set size.\n\n\
         | Run | Wall | CPU | Peak RSS |\n| --- | --- | --- | --- |\n{rows}\n{verdict}\n",
        SMALL_5K.small_size
    ))
}

/// Peak RSS of ours for 5,000 and 50,000 small files, to a mock that answers
/// uploads at once and to one that answers each after [`UPLOAD_LATENCY_MS`]:
/// the table rows, and the sentence that judges the target (within 1.2).
///
/// The target is judged with the latency. Without one, loopback answers an
/// upload in microseconds, so a 5,000-file deploy ends before the client has
/// opened as many connections as it uploads at once (about 45 KB of hyper's
/// buffers each), while a 50,000-file one gets there: the ratio then measures
/// that warm-up more than the growth per file. Any real network's round trip
/// fills the connections in both.
fn small_files(bins: &Path, scratch: &Path, time: &TimeTool, logs: &Path) -> Result<(String, String)> {
    let (small_tree, large_tree) = (tree(scratch, SMALL_5K)?.0, tree(scratch, SMALL_50K)?.0);
    let mut rows = String::new();
    let mut ratios = Vec::new();
    for latency in [0, UPLOAD_LATENCY_MS] {
        let small = ours(bins, &small_tree, time, logs, &format!("ours-5k-{latency}ms"), &[], latency)?;
        let large = ours(bins, &large_tree, time, logs, &format!("ours-50k-{latency}ms"), &[], latency)?;
        let how = if latency == 0 { String::new() } else { format!(", uploads answered after {latency} ms") };
        rows.push_str(&row(&format!("ours, {} small files{how}", SMALL_5K.files), &small));
        rows.push_str(&row(&format!("ours, {} small files{how}", SMALL_50K.files), &large));
        let (a, b) = (small.peak_rss.unwrap_or(0) as f64, large.peak_rss.unwrap_or(0) as f64);
        let per_file = (b - a) / (SMALL_50K.files - SMALL_5K.files) as f64;
        ratios.push((ratio(b, a), per_file));
    }
    let verdict = format!(
        "Peak RSS, 50,000 against 5,000 small files, uploads answered after {UPLOAD_LATENCY_MS} ms: {} (target \
         within 1.2), growth {:.0} bytes per file; answered at once: {}, growth {:.0} bytes per file (a short \
         deploy on loopback ends before all its upload connections are open).",
        ratios[1].0, ratios[1].1, ratios[0].0, ratios[0].1
    );
    Ok((rows, verdict))
}

/// Deploys `dir` with our binary to a fresh mock that answers each upload
/// after `latency_ms` milliseconds.
fn ours(
    bins: &Path,
    dir: &Path,
    time: &TimeTool,
    logs: &Path,
    label: &str,
    extra: &[&str],
    latency_ms: u64,
) -> Result<Run> {
    let mock = Mock::start(&bins.join("vercel-deploy-mock"), latency_ms)?;
    let mut cmd = Command::new(bins.join("vercel-deploy"));
    cmd.arg(dir).args(["--api-url", &mock.url, "--poll-interval", "0.05", "--name", "bench"]).args(extra);
    cmd.env("VERCEL_TOKEN", "bench-token").env_remove("VERCEL_TEAM_ID");
    let run = measure(cmd, time, &logs.join(format!("{label}.time.txt")), &logs.join(format!("{label}.log")))?;
    Ok(run)
}

/// Installs `@vercel/client` into the tools folder ([`xtask::tools`], once) and writes the Node script driving it; returns the script.
fn peer_script(root: &Path, scratch: &Path) -> Result<PathBuf> {
    let prefix = xtask::tools::tool_dir(root, "vercel-client", PEER_VERSION);
    if !prefix.join("node_modules/@vercel/client/package.json").is_file() {
        eprintln!("bench: deploy: installing {PEER_PACKAGE}@{PEER_VERSION} with npm into {}", prefix.display());
        fs::create_dir_all(&prefix)?;
        let status = Command::new("npm")
            .args(["install", "--silent", "--no-audit", "--no-fund", "--prefix"])
            .arg(&prefix)
            .arg(format!("{PEER_PACKAGE}@{PEER_VERSION}"))
            .stdin(Stdio::null())
            .status()
            .context("running npm (is Node.js installed?)")?;
        if !status.success() {
            bail!("npm install {PEER_PACKAGE}@{PEER_VERSION} failed ({status})");
        }
    }
    let script = scratch.join("deploy").join("peer-deploy.js");
    let module = prefix.join("node_modules/@vercel/client");
    fs::write(
        &script,
        format!(
            "// Written by `cargo xtask bench --only deploy`: deploys argv[2] with {PEER_PACKAGE} to the API at argv[3].\n\
             const {{ createDeployment }} = require({module:?});\n\
             (async () => {{\n\
             \x20 const client = {{ token: 'bench-token', path: process.argv[2], apiUrl: process.argv[3], isDirectory: true }};\n\
             \x20 for await (const event of createDeployment(client, {{ name: 'bench' }})) {{\n\
             \x20   if (event.type === 'ready') {{ console.log('https://' + event.payload.url); process.exit(0); }}\n\
             \x20   if (event.type === 'error') {{ console.error(event.payload); process.exit(1); }}\n\
             \x20 }}\n\
             \x20 process.exit(2);\n\
             }})().catch((e) => {{ console.error(e); process.exit(1); }});\n",
            module = module.display().to_string()
        ),
    )?;
    Ok(script)
}

/// Deploys `dir` with `@vercel/client` to a fresh mock.
fn peer(bins: &Path, script: &Path, dir: &Path, time: &TimeTool, logs: &Path) -> Result<Run> {
    let mock = Mock::start(&bins.join("vercel-deploy-mock"), 0)?;
    let mut cmd = Command::new("node");
    cmd.arg(script).arg(dir).arg(&mock.url).env_remove("VERCEL_TEAM_ID");
    measure(cmd, time, &logs.join("peer.time.txt"), &logs.join("peer.log"))
}

/// `sha1sum` over every file of `dir`, one process per core (the machine's hashing limit).
fn sha1sum(dir: &Path, time: &TimeTool, logs: &Path, jobs: usize) -> Result<Run> {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!("find . -type f -print0 | xargs -0 -n 64 -P {jobs} sha1sum > /dev/null"))
        .current_dir(dir);
    measure(cmd, time, &logs.join("sha1sum.time.txt"), &logs.join("sha1sum.log"))
}

fn row(label: &str, run: &Run) -> String {
    format!(
        "| {label} | {} | {} | {} |\n",
        secs(run.wall),
        run.cpu.map(secs).unwrap_or_else(|| "n/a".into()),
        run.peak_rss.map(bytes).unwrap_or_else(|| "n/a".into())
    )
}

/// Builds the binaries and measures; returns the Markdown section.
pub fn measure_section(root: &Path, scratch: &Path, time: &TimeTool, quick: bool) -> Result<String> {
    let logs = scratch.join("logs/deploy");
    fs::create_dir_all(&logs)?;
    let profile = if quick { "debug" } else { "release" };
    eprintln!("bench: deploy: building vercel-deploy and vercel-deploy-mock ({profile})");
    let mut args: Vec<String> =
        ["build", "-p", "vercel-deploy", "--features", "cli,mock-server", "--bins"].map(String::from).to_vec();
    if !quick {
        args.push("--release".into());
    }
    // The checkout's target folder, or the one cargo is told to use.
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target"));
    run_cargo(root, &args, &target, &logs.join("build.log"))?;
    let bins = target.join(profile);

    let mut out = String::from("### Deploy a directory\n\n");
    if quick {
        let (dir, total) = tree(scratch, QUICK_TREE)?;
        let run = ours(&bins, &dir, time, &logs, "ours-quick", &[], 0)?;
        if !run.last_line.starts_with("https://") {
            bail!("the smoke deploy printed {:?}, not the ready URL", run.last_line);
        }
        out.push_str(&format!(
            "Smoke test: {} files ({}) deployed to the local mock by a debug build in {} ({}).\n",
            QUICK_TREE.files,
            bytes(total),
            secs(run.wall),
            run.last_line
        ));
        return Ok(out);
    }

    if std::env::var(ONLY_ENV).is_ok_and(|v| v == "memory") {
        return Ok(out + &memory_section(&bins, scratch, time, &logs)?);
    }
    let (dir, total) = tree(scratch, MAIN_TREE)?;
    let script = peer_script(root, scratch)?;
    let jobs = std::thread::available_parallelism().map_or(1, |n| n.get());
    // Warm the page cache for everyone: each tool reads the same files first.
    let _ = sha1sum(&dir, time, &logs, jobs)?;
    let sums = sha1sum(&dir, time, &logs, jobs)?;
    let sums_one = sha1sum(&dir, time, &logs, 1)?;
    let dry = ours(&bins, &dir, time, &logs, "ours-hash", &["--dry-run"], 0)?;
    let run_ours = ours(&bins, &dir, time, &logs, "ours", &[], 0)?;
    let run_peer = peer(&bins, &script, &dir, time, &logs)?;
    let (small_rows, small_verdict) = small_files(&bins, scratch, time, &logs)?;

    out.push_str(&format!(
        "A deterministic tree of {} files ({}, one in {} a duplicate by content, {} of {}), deployed to a fresh \
         local mock of the deploy endpoints (`vercel-deploy-mock`, 127.0.0.1: create, `missing_files`, uploads \
         checked by SHA-1, polls until `READY`) by ours (`vercel-deploy`, release build) and by \
         `{PEER_PACKAGE}` {PEER_VERSION} (Node {}), one after the other in this run. CPU time is user + system; \
         peak RSS is GNU time's maximum resident set size.\n\n\
         | Run | Wall | CPU | Peak RSS |\n| --- | --- | --- | --- |\n",
        MAIN_TREE.files,
        bytes(total),
        MAIN_TREE.duplicate_every,
        MAIN_TREE.large,
        bytes(MAIN_TREE.large_size as u64),
        node_version(),
    ));
    out.push_str(&row("ours (`vercel-deploy`)", &run_ours));
    out.push_str(&row(&format!("`{PEER_PACKAGE}` {PEER_VERSION}"), &run_peer));
    out.push_str(&row("ours, hashing only (`--dry-run`)", &dry));
    out.push_str(&row(&format!("`sha1sum`, {jobs} processes"), &sums));
    out.push_str(&row("`sha1sum`, 1 process", &sums_one));
    out.push_str(&small_rows);
    let per_sec = |run: &Run| total as f64 / run.wall.as_secs_f64() / 1e6;
    let rss = |run: &Run| run.peak_rss.unwrap_or(0) as f64;
    out.push_str(&format!(
        "\nRatios (ours / theirs): wall {} (target at most 0.5), CPU {}, peak RSS {} (target at most 0.25). \
         Hashing: {:.0} MB/s against `sha1sum`'s {:.0} MB/s on {jobs} processes ({:.0} MB/s on one): {} \
         (target at least 0.9). {small_verdict}\n",
        ratio(run_ours.wall.as_secs_f64(), run_peer.wall.as_secs_f64()),
        ratio(run_ours.cpu.unwrap_or_default().as_secs_f64(), run_peer.cpu.unwrap_or_default().as_secs_f64()),
        ratio(rss(&run_ours), rss(&run_peer)),
        per_sec(&dry),
        per_sec(&sums),
        per_sec(&sums_one),
        ratio(sums.wall.as_secs_f64(), dry.wall.as_secs_f64()),
    ));
    out.push_str(&format!(
        "\nOur hashing run includes walking the tree and starting the process. Ready URLs: ours `{}`, theirs `{}`. \
         Logs: `target/bench/logs/deploy/`.\n",
        run_ours.last_line, run_peer.last_line
    ));
    Ok(out)
}

fn node_version() -> String {
    Command::new("node")
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|| "unknown".into())
}
