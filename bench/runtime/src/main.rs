//! `vercel-bench`: runtime overhead of the generated client, run by `cargo xtask bench`.
//!
//! Starts a loopback server (127.0.0.1, bounded) that answers `getDeployments`
//! with a small page (1 deployment) and a large one (1,000 deployments, over
//! 1 MB), then times, in rotating rounds on keep-alive connections:
//!
//! - the generated client: `client.deployments().get_deployments().send().await`;
//! - raw `reqwest` + `serde_json::from_slice` into the same generated `Response`;
//! - the same raw calls on a `reqwest::Client` with the client's default
//!   request timeout, so that the one cost both pay (a tokio timer per
//!   request) is separated from what the generated client adds.
//!
//! Each body is timed twice: with one request in flight at a time (its
//! latency is mostly thread wake-ups), and with 8 tasks calling
//! at once (the two cores are busy, so what each request costs in CPU decides
//! the rate).
//!
//! It also times decoding the large body without HTTP: the runtime's decode
//! path (`vercel_runtime::decode_json_corrected`, what the client runs on a 2xx
//! body: `serde_json` with the unions watched for a shape to correct, and
//! `serde_path_to_error` only to locate a failure) against plain `serde_json::from_slice`.
//!
//! Prints a Markdown section on stdout (progress on stderr); exits 1 if anything fails.

mod body;
mod measure;
mod server;

use clap::Parser;
use measure::{min_median_max, paired_median_ratio, percentile, process_cpu_time, Series};
use server::Server;
use std::hint::black_box;
use std::process::ExitCode;
use std::time::{Duration, Instant};
use vercel_client::deployments::get_deployments::Response;
use vercel_client::prelude::*;
use vercel_client::Client;

/// Runtime benchmark: generated client vs raw reqwest + serde_json on 127.0.0.1.
#[derive(Debug, Parser)]
struct Args {
    /// Requests per client with the small body (split over the rounds).
    #[arg(long, default_value_t = 20_000)]
    small_requests: usize,
    /// Requests per client with the large body (split over the rounds).
    #[arg(long, default_value_t = 1_000)]
    large_requests: usize,
    /// Rounds per body; each round times every caller once, starting with the next one.
    #[arg(long, default_value_t = 10)]
    rounds: usize,
    /// Deployments in the large body.
    #[arg(long, default_value_t = 1_000)]
    deployments: usize,
    /// Decodes of the large body per decoder (without HTTP).
    #[arg(long, default_value_t = 50)]
    decode_runs: usize,
    /// Requests in flight per caller, one measurement each: 1 calls one
    /// after the other; N > 1 splits each round over N tasks calling at once.
    #[arg(long, value_delimiter = ',', default_values_t = [1, 8])]
    in_flight: Vec<usize>,
    /// The callers to time (all by default). Timing one caller alone, e.g.
    /// under `valgrind --tool=callgrind`, gives its cost without the others'.
    #[arg(long, value_delimiter = ',', value_enum, default_values_t = CallerKind::ALL)]
    callers: Vec<CallerKind>,
}

/// The three compared callers, as named on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum CallerKind {
    /// The generated client.
    Client,
    /// Raw reqwest + serde_json, `reqwest::Client::new()`.
    Raw,
    /// Raw reqwest + serde_json with the generated client's default request timeout.
    RawTimeout,
}

impl CallerKind {
    /// Every caller, in table order.
    const ALL: [CallerKind; 3] = [CallerKind::Client, CallerKind::Raw, CallerKind::RawTimeout];

    /// The caller's name in the table.
    fn label(self) -> &'static str {
        match self {
            CallerKind::Client => "generated client",
            CallerKind::Raw => "raw reqwest",
            CallerKind::RawTimeout => "raw reqwest, same timeout",
        }
    }
}

const TOKEN: &str = "bench-token";

/// A body served under a route, and what to call it in the table.
struct Case {
    route: &'static str,
    label: String,
    body: Vec<u8>,
    deployments: usize,
    requests: usize,
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args).await {
        Ok(markdown) => {
            print!("{markdown}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("vercel-bench: error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: &Args) -> Result<String, String> {
    let rounds = args.rounds.max(1);
    let small = body::deployments_page(1);
    let large = body::deployments_page(args.deployments);
    body::check_page(&small, 1)?;
    body::check_page(&large, args.deployments)?;
    let cases = [
        Case {
            route: "small",
            label: format!("small (1 deployment, {})", kb(small.len())),
            body: small,
            deployments: 1,
            requests: args.small_requests,
        },
        Case {
            route: "large",
            label: format!("large ({} deployments, {})", args.deployments, mb(large.len())),
            body: large,
            deployments: args.deployments,
            requests: args.large_requests,
        },
    ];

    // Budget: every timed request of the callers in every mode, plus one warm-up round each.
    let modes: Vec<usize> = args.in_flight.iter().map(|&n| n.max(1)).collect();
    let selected = CallerKind::ALL.map(|kind| args.callers.contains(&kind));
    let callers = selected.iter().filter(|&&on| on).count();
    let budget = cases
        .iter()
        .flat_map(|c| modes.iter().map(|&n| callers * requests_per_round(c.requests, rounds, n) * (rounds + 1)))
        .sum::<usize>()
        + 16;
    let routes: Vec<(&str, &[u8])> = cases.iter().map(|c| (c.route, c.body.as_slice())).collect();
    let server =
        Server::start(&routes, budget, Duration::from_secs(600)).await.map_err(|e| format!("loopback server: {e}"))?;

    let mut out = String::new();
    out.push_str("### Runtime (loopback 127.0.0.1)\n\n");
    out.push_str(&format!(
        "`getDeployments` through the generated client (`Client::builder()...build()`, `.send().await`) vs raw \
         `reqwest` + `serde_json::from_slice` into the same generated `Response`, once on `reqwest::Client::new()` \
         and once on a `reqwest::Client` with the generated client's default request timeout \
         (`.timeout({timeout:?})`; the generated client always has one). Sequential requests on one keep-alive \
         connection per caller (\"1 in flight\"), or from N tasks at once per caller, each on its own connection \
         (\"N in flight\"), {rounds} rounds after a warm-up round, each round starting with the next caller. \
         One in flight, a request's latency is mostly threads waking each other; 8 in flight, the two worker threads stay busy \
         and the rate shows what a request costs in CPU. Rates are per round. CPU per request is the CPU time of the whole \
         process (callers, connection tasks and the server, all threads) during a round divided by its requests, so it \
         does not depend on how threads wake each other. The last two columns compare the generated client with that \
         row's caller, round by round (the median over the rounds of each round's ratio, so that the machine speeding up \
         or slowing down during the run moves both sides of a ratio): its rate divided by the row's, and the row's CPU \
         per request divided by its own; below 1 means the generated client does worse.\n\n",
        timeout = vercel_runtime::DEFAULT_TIMEOUT,
    ));
    out.push_str(
        "| Body | In flight | Requests per caller | Caller | req/s min / median / max | Latency p50 / p99 | CPU per request | Rate: client ÷ this | CPU: this ÷ client |\n",
    );
    out.push_str("|---|---:|---:|---|---|---|---:|---:|---:|\n");
    let mut ratios = Vec::new();
    for case in &cases {
        for &in_flight in &modes {
            let requests = requests_per_round(case.requests, rounds, in_flight) * rounds;
            eprintln!("vercel-bench: {} body, {in_flight} in flight, {requests} requests per caller", case.route);
            let series = compare(&server, case, rounds, in_flight, selected).await?;
            let client = &series[0];
            // Ratios need the client and the row's caller both timed.
            let rate_ratio = |s: &Series| paired_median_ratio(&client.rates, &s.rates);
            let cpu_ratio = |s: &Series| paired_median_ratio(&s.cpu_us, &client.cpu_us);
            let shown = |ratio: Option<f64>| ratio.map_or("–".to_owned(), |r| format!("{r:.3}"));
            for (kind, series) in CallerKind::ALL.iter().zip(&series).filter(|(_, s)| !s.rates.is_empty()) {
                let (min, median, max) = min_median_max(&series.rates);
                out.push_str(&format!(
                    "| {} | {in_flight} | {requests} | {} | {min:.0} / {median:.0} / {max:.0} | {} / {} | {} | {} | {} |\n",
                    case.label,
                    kind.label(),
                    micros(percentile(&series.latencies_us, 50.0)),
                    micros(percentile(&series.latencies_us, 99.0)),
                    micros(min_median_max(&series.cpu_us).1),
                    shown(rate_ratio(series)),
                    shown(cpu_ratio(series)),
                ));
            }
            for (kind, series) in CallerKind::ALL.iter().zip(&series).skip(1) {
                if let (Some(rate), Some(cpu)) = (rate_ratio(series), cpu_ratio(series)) {
                    ratios.push(Ratios { route: case.route, in_flight, against: kind.label(), rate, cpu });
                }
            }
        }
    }
    let served = server.served();
    server.stop();

    eprintln!("vercel-bench: decoding the large body {} times per decoder", args.decode_runs);
    let large = &cases[1].body;
    let (runtime_path, plain) = decode_rates(large, args.decode_runs.max(1))?;
    let (a_min, a_med, a_max) = min_median_max(&runtime_path);
    let (b_min, b_med, b_max) = min_median_max(&plain);
    let decode_ratio = a_med / b_med;
    out.push_str(&format!(
        "\n| Decode of the large body ({}) into `get_deployments::Response`, {} runs each | MB/s min / median / max |\n",
        mb(large.len()),
        args.decode_runs.max(1)
    ));
    out.push_str("|---|---|\n");
    out.push_str(&format!(
        "| runtime decode path (`vercel_runtime::decode_json_corrected`) | {a_min:.0} / {a_med:.0} / {a_max:.0} |\n"
    ));
    out.push_str(&format!("| `serde_json::from_slice` | {b_min:.0} / {b_med:.0} / {b_max:.0} |\n"));
    out.push_str(&format!("| runtime ÷ serde_json (median) | {decode_ratio:.3} |\n\n"));

    let verdict = |ratio: f64| if ratio >= 0.95 { "within 5%" } else { "NOT within 5%" };
    let mut targets: Vec<String> = ratios
        .iter()
        .map(|r| {
            format!(
                "{} body, {} in flight, against {}: rate {:.3} ({}), CPU per request {:.3} ({})",
                r.route,
                r.in_flight,
                r.against,
                r.rate,
                verdict(r.rate),
                r.cpu,
                verdict(r.cpu),
            )
        })
        .collect();
    targets.push(format!("decode {decode_ratio:.3} ({})", verdict(decode_ratio)));
    out.push_str(&format!(
        "Target (client within 5% of raw reqwest + serde_json): {}. The server answered {served} requests.\n",
        targets.join(", ")
    ));
    Ok(out)
}

/// How the generated client compares with one raw caller on one body and
/// mode (below 1 means the generated client does worse).
struct Ratios {
    route: &'static str,
    in_flight: usize,
    /// The raw caller's label.
    against: &'static str,
    /// Client's rate ÷ the raw caller's (median over the rounds of each round's ratio).
    rate: f64,
    /// Raw caller's CPU per request ÷ the client's (median over the rounds of each round's ratio).
    cpu: f64,
}

/// One of the three compared ways of calling the server.
#[derive(Clone)]
enum Caller {
    /// The generated client.
    Generated(Client),
    /// `reqwest` + `serde_json` on this client and URL.
    Raw(reqwest::Client, String),
}

impl Caller {
    /// `n` sequential calls; each must decode `deployments` items.
    async fn time(&self, n: usize, deployments: usize) -> Result<Vec<Duration>, String> {
        match self {
            Caller::Generated(client) => time_client(client, n, deployments).await,
            Caller::Raw(http, url) => time_raw(http, url, n, deployments).await,
        }
    }

    /// `requests` calls: sequential when `in_flight` is 1, else split over
    /// `in_flight` tasks that run at once.
    async fn time_round(&self, requests: usize, in_flight: usize, deployments: usize) -> Result<Vec<Duration>, String> {
        if in_flight <= 1 {
            return self.time(requests, deployments).await;
        }
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..in_flight {
            let caller = self.clone();
            tasks.spawn(async move { caller.time(requests / in_flight, deployments).await });
        }
        let mut latencies = Vec::with_capacity(requests);
        while let Some(task) = tasks.join_next().await {
            latencies.extend(task.map_err(|e| format!("calling task: {e}"))??);
        }
        Ok(latencies)
    }
}

/// Times the `selected` callers on `case` in rotating rounds, with
/// `in_flight` requests at once; returns their series in [`CallerKind::ALL`]
/// order (empty for a caller not selected).
async fn compare(
    server: &Server,
    case: &Case,
    rounds: usize,
    in_flight: usize,
    selected: [bool; 3],
) -> Result<[Series; 3], String> {
    let base = server.url(case.route);
    let client =
        Client::builder().token(TOKEN).base_url(&base).build().map_err(|e| format!("building the client: {e}"))?;
    install_crypto_provider();
    let timed_http = reqwest::Client::builder()
        .connect_timeout(vercel_runtime::DEFAULT_CONNECT_TIMEOUT)
        .timeout(vercel_runtime::DEFAULT_TIMEOUT)
        .build()
        .map_err(|e| format!("building the raw client with a timeout: {e}"))?;
    let url = format!("{base}/v6/deployments");
    let callers =
        [Caller::Generated(client), Caller::Raw(reqwest::Client::new(), url.clone()), Caller::Raw(timed_http, url)];
    let requests = requests_per_round(case.requests, rounds, in_flight);

    // Warm-up: opens the connections and faults in the code paths.
    for (caller, _) in callers.iter().zip(selected).filter(|(_, on)| *on) {
        caller.time_round(requests, in_flight, case.deployments).await?;
    }

    // Each round starts with the next caller, so that no caller always runs
    // first (or always right after the same other one).
    let mut series: [Series; 3] = Default::default();
    for round in 0..rounds {
        for index in (0..3).map(|i| (round + i) % 3).filter(|&i| selected[i]) {
            let (start, cpu) = (Instant::now(), process_cpu_time());
            let latencies = callers[index].time_round(requests, in_flight, case.deployments).await?;
            series[index].add_round(&latencies, start.elapsed(), process_cpu_time() - cpu);
        }
    }
    Ok(series)
}

/// Requests per caller in one round: `requests / rounds`, rounded down to a
/// multiple of `in_flight` so that every task makes as many, and at least one
/// per task, so that a round is never empty.
fn requests_per_round(requests: usize, rounds: usize, in_flight: usize) -> usize {
    let in_flight = in_flight.max(1);
    (requests / rounds / in_flight).max(1) * in_flight
}

/// `n` sequential calls through the generated client; each must decode `deployments` items.
async fn time_client(client: &Client, n: usize, deployments: usize) -> Result<Vec<Duration>, String> {
    let mut latencies = Vec::with_capacity(n);
    for _ in 0..n {
        let start = Instant::now();
        let page = client.deployments().get_deployments().send().await.map_err(|e| format!("client: {e}"))?;
        latencies.push(start.elapsed());
        expect_len(black_box(&page), deployments)?;
    }
    Ok(latencies)
}

/// `n` sequential calls with raw reqwest, decoded by `serde_json::from_slice` into the same type.
async fn time_raw(http: &reqwest::Client, url: &str, n: usize, deployments: usize) -> Result<Vec<Duration>, String> {
    let mut latencies = Vec::with_capacity(n);
    for _ in 0..n {
        let start = Instant::now();
        let response = http
            .get(url)
            .bearer_auth(TOKEN)
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await
            .and_then(|r| r.error_for_status())
            .map_err(|e| format!("raw reqwest: {e}"))?;
        let bytes = response.bytes().await.map_err(|e| format!("raw reqwest: {e}"))?;
        let page: Response = serde_json::from_slice(&bytes).map_err(|e| format!("raw serde_json: {e}"))?;
        latencies.push(start.elapsed());
        expect_len(black_box(&page), deployments)?;
    }
    Ok(latencies)
}

fn expect_len(page: &Response, deployments: usize) -> Result<(), String> {
    if page.deployments.len() == deployments {
        Ok(())
    } else {
        Err(format!("got {} deployments, expected {deployments}", page.deployments.len()))
    }
}

/// MB/s of each run of (runtime decode path, plain `serde_json::from_slice`), alternating.
fn decode_rates(body: &[u8], runs: usize) -> Result<(Vec<f64>, Vec<f64>), String> {
    let megabytes = body.len() as f64 / 1e6;
    let (mut runtime_path, mut plain) = (Vec::with_capacity(runs), Vec::with_capacity(runs));
    for _ in 0..runs {
        let start = Instant::now();
        let page = decode_like_runtime(black_box(body))?;
        runtime_path.push(megabytes / start.elapsed().as_secs_f64());
        drop(black_box(page));

        let start = Instant::now();
        let page: Response = serde_json::from_slice(black_box(body)).map_err(|e| e.to_string())?;
        plain.push(megabytes / start.elapsed().as_secs_f64());
        drop(black_box(page));
    }
    Ok((runtime_path, plain))
}

/// What `vercel-runtime` does with a 2xx body: `vercel_runtime::decode_json_corrected`
/// (correction on, as by default), the function the client calls.
fn decode_like_runtime(bytes: &[u8]) -> Result<Response, String> {
    vercel_runtime::decode_json_corrected(bytes, false)
        .map(|(decoded, _corrections)| decoded)
        .map_err(|(path, message)| format!("{path}: {message}"))
}

fn micros(us: f64) -> String {
    if us >= 1000.0 {
        format!("{:.2} ms", us / 1000.0)
    } else {
        format!("{us:.0} µs")
    }
}

fn kb(bytes: usize) -> String {
    format!("{:.1} KB", bytes as f64 / 1e3)
}

fn mb(bytes: usize) -> String {
    format!("{:.2} MB", bytes as f64 / 1e6)
}

/// The raw reqwest clients have no TLS feature of their own, so their TLS
/// backend is the runtime's `rustls-no-provider`: building one needs a
/// process-wide rustls crypto provider (the runtime's own client carries one).
pub(crate) fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runtime_decode_path_matches_serde_json() {
        let body = body::deployments_page(3);
        let ours = decode_like_runtime(&body).unwrap();
        let plain: Response = serde_json::from_slice(&body).unwrap();
        assert_eq!(ours, plain);
        let mut trailing = body.clone();
        trailing.extend_from_slice(b" x");
        assert!(decode_like_runtime(&trailing).is_err(), "trailing characters are rejected");
    }

    #[tokio::test]
    async fn a_run_with_fewer_requests_than_rounds_completes() {
        // Every round times each caller at least once, so the server's request
        // budget must follow the rounds, not the requested count.
        let args = Args {
            small_requests: 1,
            large_requests: 1,
            rounds: 10,
            deployments: 5,
            decode_runs: 1,
            in_flight: vec![1, 2],
            callers: CallerKind::ALL.to_vec(),
        };
        let markdown = run(&args).await.unwrap();
        for caller in ["generated client", "raw reqwest", "raw reqwest, same timeout"] {
            // 2 bodies x 2 modes.
            assert_eq!(markdown.matches(&format!("| {caller} |")).count(), 4, "{caller} in {markdown}");
        }
        // (1 warm-up + 10 rounds) x 3 callers x 2 bodies x (1 request + 2 in flight).
        assert!(markdown.contains("The server answered 198 requests."), "{markdown}");
    }

    #[tokio::test]
    async fn one_caller_alone_is_timed_without_the_others() {
        let args = Args {
            small_requests: 4,
            large_requests: 4,
            rounds: 2,
            deployments: 5,
            decode_runs: 1,
            in_flight: vec![2],
            callers: vec![CallerKind::RawTimeout],
        };
        let markdown = run(&args).await.unwrap();
        assert_eq!(markdown.matches("| raw reqwest, same timeout |").count(), 2, "{markdown}");
        assert!(!markdown.contains("| generated client |") && !markdown.contains("| raw reqwest |"), "{markdown}");
        assert!(!markdown.contains("| 1 |"), "only 2 in flight: {markdown}");
        // No client, so no ratio: the row shows dashes and the target line only the decode.
        assert!(markdown.contains("| – | – |"), "{markdown}");
        assert!(markdown.contains("Target (client within 5% of raw reqwest + serde_json): decode"), "{markdown}");
        // (1 warm-up + 2 rounds) x 1 caller x 2 bodies x 2 requests.
        assert!(markdown.contains("The server answered 12 requests."), "{markdown}");
    }

    #[test]
    fn requests_per_round_is_a_multiple_of_the_tasks() {
        assert_eq!(requests_per_round(20_000, 10, 1), 2_000);
        assert_eq!(requests_per_round(20_000, 10, 8), 2_000);
        assert_eq!(requests_per_round(1_000, 10, 8), 96);
        assert_eq!(requests_per_round(1, 10, 1), 1);
        assert_eq!(requests_per_round(1, 10, 8), 8);
    }

    #[tokio::test]
    async fn concurrent_rounds_make_every_request() {
        let page = body::deployments_page(1);
        let server = Server::start(&[("p", &page)], 12, Duration::from_secs(10)).await.unwrap();
        let client = Client::builder().token(TOKEN).base_url(server.url("p")).build().unwrap();
        let latencies = Caller::Generated(client).time_round(12, 4, 1).await.unwrap();
        assert_eq!(latencies.len(), 12);
        assert_eq!(server.served(), 12);
        server.stop();
    }

    #[tokio::test]
    async fn both_clients_get_the_page() {
        let page = body::deployments_page(2);
        let server = Server::start(&[("p", &page)], 10, Duration::from_secs(10)).await.unwrap();
        let client = Client::builder().token(TOKEN).base_url(server.url("p")).build().unwrap();
        assert_eq!(time_client(&client, 2, 2).await.unwrap().len(), 2);
        let url = format!("{}/v6/deployments", server.url("p"));
        install_crypto_provider();
        assert_eq!(time_raw(&reqwest::Client::new(), &url, 2, 2).await.unwrap().len(), 2);
        assert!(time_client(&client, 1, 3).await.is_err(), "a wrong item count is an error");
        assert_eq!(server.served(), 5);
        server.stop();
    }
}
