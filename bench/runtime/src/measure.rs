//! Timing helpers: latency samples, per-round rates, and their summaries.

use std::time::Duration;

/// Sorted copy of `values`' min, median and max (all 0 for no values).
pub fn min_median_max(values: &[f64]) -> (f64, f64, f64) {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => (0.0, 0.0, 0.0),
        n => (sorted[0], median_of_sorted(&sorted), sorted[n - 1]),
    }
}

fn median_of_sorted(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    }
}

/// The `p`-th percentile (0–100, nearest rank) of `values`; 0 for no values.
pub fn percentile(values: &[f64], p: f64) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Median over the rounds of `numerator[i] / denominator[i]`: each round's
/// two values are measured close together in time, so a machine that gets
/// faster or slower during the run moves both, and their ratio less than a
/// ratio of two medians taken over the whole run. `None` when the series
/// are empty or not of the same length.
pub fn paired_median_ratio(numerator: &[f64], denominator: &[f64]) -> Option<f64> {
    if numerator.is_empty() || numerator.len() != denominator.len() {
        return None;
    }
    let ratios: Vec<f64> = numerator.iter().zip(denominator).map(|(a, b)| a / b).collect();
    Some(min_median_max(&ratios).1)
}

/// Latencies of one client over all rounds, and its request rate in each round.
#[derive(Debug, Default, Clone)]
pub struct Series {
    /// Every request's latency, in microseconds.
    pub latencies_us: Vec<f64>,
    /// Requests per second of each round (requests / wall time of the round).
    pub rates: Vec<f64>,
    /// CPU time of the whole process (every thread: callers, connection
    /// tasks, the server) per request of each round, in microseconds.
    pub cpu_us: Vec<f64>,
}

impl Series {
    /// Adds one round: its per-request latencies, its wall time and the
    /// process CPU time it used.
    pub fn add_round(&mut self, latencies: &[Duration], wall: Duration, cpu: Duration) {
        self.latencies_us.extend(latencies.iter().map(|d| d.as_secs_f64() * 1e6));
        if !wall.is_zero() && !latencies.is_empty() {
            self.rates.push(latencies.len() as f64 / wall.as_secs_f64());
            self.cpu_us.push(cpu.as_secs_f64() * 1e6 / latencies.len() as f64);
        }
    }
}

/// CPU time used so far by the whole process, all threads together.
pub fn process_cpu_time() -> Duration {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid, writable timespec for the duration of the call.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_PROCESS_CPUTIME_ID) failed");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries() {
        assert_eq!(min_median_max(&[3.0, 1.0, 2.0]), (1.0, 2.0, 3.0));
        assert_eq!(min_median_max(&[4.0, 1.0, 2.0, 3.0]), (1.0, 2.5, 4.0));
        assert_eq!(min_median_max(&[]), (0.0, 0.0, 0.0));
        let hundred: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&hundred, 50.0), 50.0);
        assert_eq!(percentile(&hundred, 99.0), 99.0);
        assert_eq!(percentile(&hundred, 100.0), 100.0);
        assert_eq!(percentile(&[7.0], 99.0), 7.0);
    }

    #[test]
    fn paired_ratios_follow_the_rounds() {
        // The machine slows down 2x in the middle round; the pairs still agree.
        assert_eq!(paired_median_ratio(&[10.0, 20.0, 10.0], &[5.0, 10.0, 5.0]), Some(2.0));
        // Against medians: 10 / 5 = 2 too, but the pairing is what the rounds mean.
        assert_eq!(paired_median_ratio(&[1.0, 3.0, 8.0], &[1.0, 1.0, 2.0]), Some(3.0));
        assert_eq!(paired_median_ratio(&[1.0, 2.0], &[1.0, 2.0, 3.0]), None);
        assert_eq!(paired_median_ratio(&[], &[]), None);
    }

    #[test]
    fn rounds_give_rates_and_cpu_per_request() {
        let mut s = Series::default();
        s.add_round(&[Duration::from_millis(10); 4], Duration::from_millis(50), Duration::from_millis(2));
        assert_eq!(s.latencies_us.len(), 4);
        assert_eq!(s.rates, [80.0]);
        assert_eq!(s.cpu_us, [500.0]);
    }

    #[test]
    fn process_cpu_time_counts_work() {
        // Busy for 50 ms of wall time (bounded, so a clock that does not move
        // fails the test instead of hanging it): most of it is CPU time.
        let (before, start) = (process_cpu_time(), std::time::Instant::now());
        let mut x = 0u64;
        while start.elapsed() < Duration::from_millis(50) {
            x = std::hint::black_box(x.wrapping_add(1));
        }
        let used = process_cpu_time() - before;
        assert!(used >= Duration::from_millis(10), "{used:?} of CPU time for 50 ms of spinning ({x} loops)");
    }
}
