//! What a results entry records about the run: date, machine and revision.

use std::fs;
use std::path::Path;
use std::process::Command;

/// The machine and source revision a run was made on.
#[derive(Debug, Clone)]
pub struct Machine {
    /// UTC date and time (`2026-11-23 09:41 UTC`).
    pub date: String,
    /// Logical CPUs (`nproc`).
    pub cpus: String,
    /// CPU model name, from `/proc/cpuinfo`.
    pub cpu_model: String,
    /// Total memory, from `/proc/meminfo`.
    pub memory: String,
    /// `rustc -V`.
    pub rustc: String,
    /// `git rev-parse --short HEAD`, with ` (+ uncommitted changes)` when the tree is dirty.
    pub revision: String,
    /// The 1-minute load average when the run started (other work on the machine distorts timings).
    pub load: String,
}

impl Machine {
    /// Reads everything it can; what cannot be read is `unknown`.
    pub fn detect(root: &Path) -> Machine {
        let cpu_model = fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|text| {
                text.lines()
                    .find(|l| l.starts_with("model name"))
                    .and_then(|l| l.split(':').nth(1))
                    .map(str::trim)
                    .map(String::from)
            })
            .unwrap_or_else(unknown);
        let memory = fs::read_to_string("/proc/meminfo")
            .ok()
            .and_then(|text| parse_mem_total_kb(&text))
            .map(|kb| format!("{:.1} GiB", kb as f64 / (1024.0 * 1024.0)))
            .unwrap_or_else(unknown);
        let dirty = command_output(root, "git", &["status", "--porcelain"]).is_some_and(|s| !s.is_empty());
        let revision = command_output(root, "git", &["rev-parse", "--short", "HEAD"])
            .map(|rev| if dirty { format!("{rev} (+ uncommitted changes)") } else { rev })
            .unwrap_or_else(unknown);
        Machine {
            date: command_output(root, "date", &["-u", "+%Y-%m-%d %H:%M UTC"]).unwrap_or_else(unknown),
            cpus: command_output(root, "nproc", &[]).unwrap_or_else(unknown),
            cpu_model,
            memory,
            rustc: command_output(root, "rustc", &["-V"]).unwrap_or_else(unknown),
            revision,
            load: fs::read_to_string("/proc/loadavg")
                .ok()
                .and_then(|l| l.split_whitespace().next().map(String::from))
                .unwrap_or_else(unknown),
        }
    }

    /// One Markdown line: `nproc`, memory, CPU, rustc, revision, load.
    pub fn line(&self) -> String {
        format!(
            "Machine: {} CPUs ({}), {} memory, {}; revision {}; 1-min load average at start {}.",
            self.cpus, self.cpu_model, self.memory, self.rustc, self.revision, self.load
        )
    }
}

fn unknown() -> String {
    "unknown".into()
}

/// `MemTotal` in kB from `/proc/meminfo` text.
fn parse_mem_total_kb(meminfo: &str) -> Option<u64> {
    meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
}

/// Trimmed stdout of a command that succeeded.
fn command_output(dir: &Path, program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).current_dir(dir).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mem_total() {
        assert_eq!(parse_mem_total_kb("MemTotal:       24578412 kB\nMemFree: 1 kB\n"), Some(24578412));
        assert_eq!(parse_mem_total_kb("MemFree: 1 kB\n"), None);
    }
}
