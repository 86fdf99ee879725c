//! The command line of `cargo xtask`: the table of commands with their help,
//! and a small argument parser.
//!
//! Hand-written rather than derived with clap (as rust-analyzer's xtask does):
//! clap and its derive macro were a fifth of the CPU time of the xtask's
//! first build, which every maintainer pays on a fresh clone before the
//! first `cargo xtask regen` (`cargo xtask bench --only first-run`). Each
//! command's details (flags, what it reads and writes, exit codes) are in its
//! help text, `xtask/src/help/COMMAND.txt`, printed by `cargo xtask COMMAND
//! --help` and `cargo xtask help COMMAND`.

use anyhow::{bail, Result};
use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::str::FromStr;

/// One `cargo xtask` command.
#[derive(Debug, Clone, Copy)]
pub struct CommandInfo {
    /// Its name on the command line.
    pub name: &'static str,
    /// Its help text: a one-line summary, a blank line, `Usage: …`, then the details.
    pub help: &'static str,
    /// Built only with the `full` feature (see [`needs_full`]).
    pub full: bool,
}

impl CommandInfo {
    /// The first line of the help text.
    pub fn summary(&self) -> &'static str {
        self.help.lines().next().unwrap_or("")
    }
}

/// Every command, in the order the top-level help lists them.
pub const COMMANDS: &[CommandInfo] = &[
    CommandInfo { name: "fetch-spec", help: include_str!("help/fetch-spec.txt"), full: false },
    CommandInfo { name: "regen", help: include_str!("help/regen.txt"), full: false },
    CommandInfo { name: "diff", help: include_str!("help/diff.txt"), full: false },
    CommandInfo { name: "scopes", help: include_str!("help/scopes.txt"), full: false },
    CommandInfo { name: "update-spec", help: include_str!("help/update-spec.txt"), full: true },
    CommandInfo { name: "release", help: include_str!("help/release.txt"), full: false },
    CommandInfo { name: "semver", help: include_str!("help/semver.txt"), full: true },
    CommandInfo { name: "conformance", help: include_str!("help/conformance.txt"), full: true },
    CommandInfo { name: "fuzz", help: include_str!("help/fuzz.txt"), full: true },
    CommandInfo { name: "bench", help: include_str!("help/bench.txt"), full: true },
];

/// The command named `name`.
pub fn command(name: &str) -> Option<&'static CommandInfo> {
    COMMANDS.iter().find(|c| c.name == name)
}

/// Whether `name` is a command compiled only with the xtask's `full` feature:
/// the ones only some maintainers run, with the code and dependencies a
/// first `cargo xtask regen` does not need. Without the feature, the binary
/// hands them to `cargo run --features full` (see the binary's `relay`).
pub fn needs_full(name: &str) -> bool {
    command(name).is_some_and(|c| c.full)
}

/// `cargo xtask help`: the usage line and every command with its summary.
pub fn top_level_help() -> String {
    let mut out = String::from(
        "Maintainer tasks for the Vercel client workspace.\n\nUsage: cargo xtask <COMMAND> [OPTIONS]\n       cargo xtask help [COMMAND]\n       cargo xtask <COMMAND> --help\n\nCommands:\n",
    );
    let width = COMMANDS.iter().map(|c| c.name.len()).max().unwrap_or(0);
    for c in COMMANDS {
        let _ = writeln!(out, "  {:<width$}  {}", c.name, c.summary());
    }
    out.push_str(
        "\nEach command's flags, files and exit codes: `cargo xtask help COMMAND`. Exit codes: 0 on success, 1 on\n\
         any error (and where a command's help says so), 2 on a usage error.\n\
         update-spec, semver, conformance, fuzz and bench are built on first use (the `full` feature;\n\
         `cargo xtask-full COMMAND` runs them directly).\n",
    );
    out
}

/// What the command line asks for.
#[derive(Debug)]
pub enum Invocation {
    /// Print this text and exit 0 (`help`, `--help`, `--version`).
    Print(String),
    /// Run the command with its arguments.
    Run {
        /// The command.
        command: &'static CommandInfo,
        /// Its arguments, after the command name.
        args: Args,
    },
}

/// A usage error: the message, printed with the command's usage; exit 2.
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// Reads the command line (without the program name).
pub fn parse_invocation(args: Vec<OsString>) -> Result<Invocation> {
    let mut args = args
        .into_iter()
        .map(|a| a.into_string().map_err(|a| UsageError(format!("an argument is not UTF-8: {a:?}"))))
        .collect::<Result<Vec<String>, UsageError>>()?
        .into_iter();
    let Some(first) = args.next() else {
        return Err(UsageError(format!("no command given\n\n{}", top_level_help())).into());
    };
    match first.as_str() {
        "help" | "--help" | "-h" => match args.next() {
            None => Ok(Invocation::Print(top_level_help())),
            Some(name) => match command(&name) {
                Some(c) => Ok(Invocation::Print(c.help.to_string())),
                None => Err(unknown_command(&name)),
            },
        },
        "--version" | "-V" => Ok(Invocation::Print(format!("cargo xtask {}\n", env!("CARGO_PKG_VERSION")))),
        name => {
            let command = command(name).ok_or_else(|| unknown_command(name))?;
            let rest: Vec<String> = args.collect();
            if rest.iter().take_while(|a| *a != "--").any(|a| a == "--help" || a == "-h") {
                return Ok(Invocation::Print(command.help.to_string()));
            }
            Ok(Invocation::Run { command, args: Args::new(command, rest) })
        }
    }
}

fn unknown_command(name: &str) -> anyhow::Error {
    let names: Vec<&str> = COMMANDS.iter().map(|c| c.name).collect();
    UsageError(format!("unknown command `{name}`; the commands are: {} (see `cargo xtask help`)", names.join(", ")))
        .into()
}

/// The arguments of one command, taken out as the command reads them; what is
/// left at [`Args::finish`] is an error.
#[derive(Debug)]
pub struct Args {
    command: &'static str,
    items: Vec<String>,
}

impl Args {
    /// The arguments `items` of `command`.
    pub fn new(command: &CommandInfo, items: Vec<String>) -> Args {
        Args { command: command.name, items }
    }

    fn usage_error(&self, message: String) -> anyhow::Error {
        UsageError(format!("{message}\n\nSee `cargo xtask {} --help`.", self.command)).into()
    }

    /// Whether `--name` is given (taken out; given twice is an error).
    pub fn flag(&mut self, name: &str) -> Result<bool> {
        let before = self.items.len();
        self.items.retain(|a| a != name);
        match before - self.items.len() {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(self.usage_error(format!("`{name}` given more than once"))),
        }
    }

    /// The value of `--name VALUE` or `--name=VALUE`, if given (taken out; given twice is an error).
    pub fn value(&mut self, name: &str) -> Result<Option<String>> {
        let prefix = format!("{name}=");
        let mut found = None;
        let mut i = 0;
        while i < self.items.len() {
            let value = if self.items[i] == name {
                if i + 1 >= self.items.len() {
                    return Err(self.usage_error(format!("`{name}` needs a value")));
                }
                let value = self.items.remove(i + 1);
                self.items.remove(i);
                value
            } else if let Some(value) = self.items[i].strip_prefix(&prefix) {
                let value = value.to_string();
                self.items.remove(i);
                value
            } else {
                i += 1;
                continue;
            };
            if found.replace(value).is_some() {
                return Err(self.usage_error(format!("`{name}` given more than once")));
            }
        }
        Ok(found)
    }

    /// [`Args::value`] parsed with [`FromStr`].
    pub fn parsed<T: FromStr>(&mut self, name: &str) -> Result<Option<T>>
    where
        T::Err: std::fmt::Display,
    {
        match self.value(name)? {
            None => Ok(None),
            Some(text) => match text.parse() {
                Ok(value) => Ok(Some(value)),
                Err(e) => Err(self.usage_error(format!("`{name} {text}`: {e}"))),
            },
        }
    }

    /// [`Args::value`] as a path.
    pub fn path(&mut self, name: &str) -> Result<Option<PathBuf>> {
        Ok(self.value(name)?.map(PathBuf::from))
    }

    /// [`Args::value`] as one of `choices` (`(text, value)`).
    pub fn choice<T: Copy>(&mut self, name: &str, choices: &[(&str, T)]) -> Result<Option<T>> {
        match self.value(name)? {
            None => Ok(None),
            Some(text) => self.pick(name, &text, choices).map(Some),
        }
    }

    /// [`Args::value`] as a comma-separated list of `choices`.
    pub fn choices<T: Copy>(&mut self, name: &str, choices: &[(&str, T)]) -> Result<Vec<T>> {
        match self.value(name)? {
            None => Ok(Vec::new()),
            Some(text) => text.split(',').map(|item| self.pick(name, item.trim(), choices)).collect(),
        }
    }

    fn pick<T: Copy>(&self, name: &str, text: &str, choices: &[(&str, T)]) -> Result<T> {
        choices.iter().find(|(t, _)| *t == text).map(|(_, v)| *v).ok_or_else(|| {
            let names: Vec<&str> = choices.iter().map(|(t, _)| *t).collect();
            self.usage_error(format!("`{name}`: `{text}` is not one of {}", names.join(", ")))
        })
    }

    /// The arguments left, which must all be positional (`--` ends the options).
    pub fn finish(self) -> Result<Vec<String>> {
        let mut positional = Vec::new();
        let mut options_end = false;
        for item in &self.items {
            if !options_end && item == "--" {
                options_end = true;
            } else if !options_end && item.starts_with('-') && item.len() > 1 {
                return Err(self.usage_error(format!("unexpected argument `{item}`")));
            } else {
                positional.push(item.clone());
            }
        }
        Ok(positional)
    }

    /// [`Args::finish`] for a command that takes no positional argument.
    pub fn finish_none(self) -> Result<()> {
        let command = self.command;
        let positional = self.finish()?;
        if let Some(first) = positional.first() {
            bail!(UsageError(format!("unexpected argument `{first}`\n\nSee `cargo xtask {command} --help`.")));
        }
        Ok(())
    }

    /// [`Args::finish`] for a command that takes exactly the positional arguments named in `names`.
    pub fn finish_exactly<const N: usize>(self, names: [&str; N]) -> Result<[String; N]> {
        let command = self.command;
        let positional = self.finish()?;
        let count = positional.len();
        positional.try_into().map_err(|_| {
            UsageError(format!(
                "expected {N} arguments ({}), found {count}\n\nSee `cargo xtask {command} --help`.",
                names.join(" ")
            ))
            .into()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(items: &[&str]) -> Args {
        Args::new(command("regen").unwrap(), items.iter().map(|s| s.to_string()).collect())
    }

    fn invocation(items: &[&str]) -> Result<Invocation> {
        parse_invocation(items.iter().map(OsString::from).collect())
    }

    #[test]
    fn every_command_has_help_with_a_summary_and_a_usage_line() {
        for c in COMMANDS {
            let mut lines = c.help.lines();
            let summary = lines.next().unwrap_or("");
            assert!(summary.len() > 20 && summary.ends_with('.'), "{}: summary line {summary:?}", c.name);
            assert_eq!(lines.next(), Some(""), "{}: a blank line after the summary", c.name);
            let usage = lines.next().unwrap_or("");
            assert!(usage.starts_with(&format!("Usage: cargo xtask {}", c.name)), "{}: {usage:?}", c.name);
            assert!(c.help.contains("Exit codes:"), "{}: the help says what the exit codes mean", c.name);
        }
    }

    #[test]
    fn top_level_help_lists_every_command_with_its_summary() {
        let help = top_level_help();
        for c in COMMANDS {
            assert!(help.lines().any(|l| l.trim_start().starts_with(c.name) && l.ends_with(c.summary())), "{}", c.name);
        }
        for spelling in [&["help"][..], &["--help"], &["-h"]] {
            let Invocation::Print(text) = invocation(spelling).unwrap() else { panic!("{spelling:?}") };
            assert_eq!(text, help);
        }
    }

    #[test]
    fn command_help_is_printed_by_both_spellings() {
        for c in COMMANDS {
            for spelling in [vec!["help", c.name], vec![c.name, "--help"], vec![c.name, "--check", "-h"]] {
                let Invocation::Print(text) = invocation(&spelling).unwrap() else { panic!("{spelling:?}") };
                assert_eq!(text, c.help, "{spelling:?}");
            }
        }
    }

    #[test]
    fn unknown_commands_and_missing_commands_are_usage_errors() {
        let err = invocation(&["regenerate"]).unwrap_err();
        assert!(err.is::<UsageError>() && err.to_string().contains("unknown command `regenerate`"), "{err}");
        assert!(invocation(&[]).unwrap_err().is::<UsageError>());
        assert!(invocation(&["help", "nope"]).unwrap_err().is::<UsageError>());
    }

    #[test]
    fn a_command_gets_its_arguments() {
        let Invocation::Run { command, args } =
            invocation(&["diff", "old.json", "--format", "json", "new.json"]).unwrap()
        else {
            panic!()
        };
        assert_eq!(command.name, "diff");
        assert_eq!(args.items, ["old.json", "--format", "json", "new.json"]);
    }

    #[test]
    fn flags_values_and_positionals() {
        let mut a = args(&["--check", "--spec", "a.json", "x", "--out=dir", "--", "--y"]);
        assert!(a.flag("--check").unwrap());
        assert!(!a.flag("--quick").unwrap());
        assert_eq!(a.path("--spec").unwrap(), Some(PathBuf::from("a.json")));
        assert_eq!(a.value("--out").unwrap().as_deref(), Some("dir"));
        assert_eq!(a.value("--note").unwrap(), None);
        assert_eq!(a.finish().unwrap(), ["x", "--y"]);
    }

    #[test]
    fn bad_arguments_are_usage_errors_naming_the_argument() {
        let err = args(&["--chek"]).finish().unwrap_err();
        assert!(err.is::<UsageError>() && err.to_string().contains("`--chek`"), "{err}");
        let err = args(&["--spec"]).value("--spec").unwrap_err();
        assert!(err.to_string().contains("`--spec` needs a value"), "{err}");
        let err = args(&["--check", "--check"]).flag("--check").unwrap_err();
        assert!(err.to_string().contains("more than once"), "{err}");
        let err = args(&["--seed", "x"]).parsed::<u64>("--seed").unwrap_err();
        assert!(err.to_string().contains("`--seed x`"), "{err}");
        let err = args(&["stray"]).finish_none().unwrap_err();
        assert!(err.to_string().contains("`stray`"), "{err}");
        let err = args(&["one"]).finish_exactly(["OLD", "NEW"]).unwrap_err();
        assert!(err.to_string().contains("expected 2 arguments (OLD NEW), found 1"), "{err}");
    }

    #[test]
    fn choices_by_name_and_comma_separated_lists() {
        let table = [("table", 1), ("json", 2)];
        assert_eq!(args(&["--format", "json"]).choice("--format", &table).unwrap(), Some(2));
        let err = args(&["--format", "yaml"]).choice("--format", &table).unwrap_err();
        assert!(err.to_string().contains("`yaml` is not one of table, json"), "{err}");
        assert_eq!(args(&["--only=table,json"]).choices("--only", &table).unwrap(), [1, 2]);
        assert_eq!(args(&[]).choices("--only", &table).unwrap(), Vec::<i32>::new());
    }

    #[test]
    fn the_full_commands_are_the_ones_only_some_maintainers_run() {
        let full: Vec<&str> = COMMANDS.iter().filter(|c| c.full).map(|c| c.name).collect();
        assert_eq!(full, ["update-spec", "semver", "conformance", "fuzz", "bench"]);
        assert!(!needs_full("regen") && needs_full("bench") && !needs_full("nope"));
    }
}
