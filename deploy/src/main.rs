//! `vercel-deploy`: deploys a directory to Vercel and prints the ready URL.
//!
//! ```text
//! VERCEL_TOKEN=... vercel-deploy <dir> [--prebuilt] [--prod] [--project P] [--api-url URL]
//! ```
//!
//! Progress goes to stderr (a progress bar on a terminal, plain lines
//! otherwise), the build log too; the ready URL is the last line on stdout.
//! The exit code is 0 only when the deployment is ready.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;

use clap::Parser;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use vercel_deploy::{Deploy, Event};

/// Deploy a directory to Vercel and print its URL once it is ready.
#[derive(Parser, Debug)]
#[command(name = "vercel-deploy", version)]
struct Args {
    /// The directory to deploy (with --prebuilt: the project root holding `.vercel/output`).
    dir: PathBuf,
    /// Send the Build Output directory `.vercel/output` (made by `vercel build`) as it is.
    #[arg(long)]
    prebuilt: bool,
    /// Deploy to production (default: a preview).
    #[arg(long)]
    prod: bool,
    /// The project (id or name) to deploy to.
    #[arg(long)]
    project: Option<String>,
    /// The deployment's name (default: the project, or the directory's name).
    #[arg(long)]
    name: Option<String>,
    /// The team to deploy as (default: `VERCEL_TEAM_ID` if set, else the token's own scope).
    #[arg(long, env = "VERCEL_TEAM_ID")]
    team: Option<String>,
    /// Create a new deployment even when an identical one exists.
    #[arg(long)]
    force: bool,
    /// The API's base URL.
    #[arg(long, default_value = vercel_runtime::DEFAULT_BASE_URL)]
    api_url: String,
    /// Uploads at once.
    #[arg(long, default_value_t = vercel_deploy::DEFAULT_UPLOAD_CONCURRENCY)]
    upload_concurrency: usize,
    /// Only collect and hash the files (no API calls): prints what would be deployed and how long hashing took.
    #[arg(long)]
    dry_run: bool,
    /// Seconds between two polls of the deployment's state.
    #[arg(long, default_value_t = 1.0)]
    poll_interval: f64,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(args)) {
        Ok(url) => {
            println!("{url}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<String, String> {
    let client = vercel_runtime::Client::builder().base_url(&args.api_url).build().map_err(|e| e.to_string())?;
    let mut deploy = if args.prebuilt { Deploy::prebuilt(&args.dir) } else { Deploy::directory(&args.dir) };
    if let Some(project) = args.project {
        deploy = deploy.project(project);
    }
    if let Some(name) = args.name {
        deploy = deploy.name(name);
    }
    if let Some(team) = args.team.filter(|t| !t.is_empty()) {
        deploy = deploy.team_id(team);
    }
    if args.prod {
        deploy = deploy.production();
    }
    let poll =
        std::time::Duration::try_from_secs_f64(args.poll_interval).map_err(|e| format!("--poll-interval: {e}"))?;
    let progress = Progress::new(std::io::stderr().is_terminal());
    if args.dry_run {
        let started = std::time::Instant::now();
        let found = deploy.on_event(move |event| progress.show(event)).dry_run().await.map_err(|e| e.to_string())?;
        let secs = started.elapsed().as_secs_f64();
        return Ok(format!(
            "dry run: {} files, {} distinct contents, {} bytes, collected and hashed in {secs:.3} s",
            found.files, found.unique, found.bytes
        ));
    }
    let deployment = deploy
        .force(args.force)
        .upload_concurrency(args.upload_concurrency)
        .poll_interval(poll)
        .on_event(move |event| progress.show(event))
        .run(&client)
        .await
        .map_err(|e| e.to_string())?;
    Ok(format!("https://{}", deployment.url))
}

/// How events are shown: bars on a terminal, lines otherwise.
struct Progress {
    /// The bar of the phase running (hashing or uploading), on a terminal.
    bar: Option<Mutex<Option<ProgressBar>>>,
}

impl Progress {
    fn new(terminal: bool) -> Progress {
        Progress { bar: terminal.then(|| Mutex::new(None)) }
    }

    fn show(&self, event: &Event) {
        let Some(bar) = &self.bar else { return plain(event) };
        let mut bar = bar.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match event {
            Event::Collected { bytes, .. } => *bar = Some(new_bar("hashing  ", *bytes)),
            Event::Hashing { files_done, files_total, bytes_done, .. } => {
                if let Some(bar) = bar.as_ref() {
                    bar.set_position(*bytes_done);
                    bar.set_message(format!("{files_done}/{files_total} files"));
                }
            }
            Event::Uploading { files_done: 0, bytes_total, .. } => {
                finish(&mut bar);
                *bar = Some(new_bar("uploading", *bytes_total));
            }
            Event::Uploading { files_done, files_total, bytes_done, .. } => {
                if let Some(bar) = bar.as_ref() {
                    bar.set_position(*bytes_done);
                    bar.set_message(format!("{files_done}/{files_total} files"));
                }
            }
            Event::UploadRetry { .. } => match bar.as_ref() {
                Some(bar) => bar.println(event.to_string()),
                None => eprintln!("{event}"),
            },
            other => {
                finish(&mut bar);
                plain(other);
            }
        }
    }
}

fn new_bar(label: &str, bytes: u64) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(bytes), ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template(&format!(
        "{label} [{{bar:30}}] {{binary_bytes}}/{{binary_total_bytes}} {{binary_bytes_per_sec}} {{msg}}"
    ))
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style.progress_chars("=> "));
    bar
}

fn finish(bar: &mut Option<ProgressBar>) {
    if let Some(bar) = bar.take() {
        bar.finish();
    }
}

/// One line per event, except per-file progress.
fn plain(event: &Event) {
    match event {
        Event::Hashing { .. } | Event::Uploading { files_done: 1.., .. } => {}
        Event::BuildLog { text } => eprintln!("  {text}"),
        other => eprintln!("{other}"),
    }
}
