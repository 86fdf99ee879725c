//! Summaries of repeated measurements and the units they are shown in.

use std::time::Duration;

/// Minimum, median and maximum of repeated runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    /// Smallest value.
    pub min: f64,
    /// Median (mean of the two middle values for an even count).
    pub median: f64,
    /// Largest value.
    pub max: f64,
}

impl Summary {
    /// Summary of `values`; `None` when there are none.
    pub fn of(values: &[f64]) -> Option<Summary> {
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        let n = sorted.len();
        let median = match n {
            0 => return None,
            _ if n % 2 == 1 => sorted[n / 2],
            _ => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
        };
        Some(Summary { min: sorted[0], median, max: sorted[n - 1] })
    }

    /// Summary of durations, in seconds.
    pub fn of_durations(values: &[Duration]) -> Option<Summary> {
        Summary::of(&values.iter().map(Duration::as_secs_f64).collect::<Vec<_>>())
    }

    /// `min / median / max` of seconds shown as milliseconds.
    pub fn millis(&self) -> String {
        format!("{:.0} / {:.0} / {:.0} ms", self.min * 1e3, self.median * 1e3, self.max * 1e3)
    }
}

/// Seconds with one decimal (`12.3 s`).
pub fn secs(d: Duration) -> String {
    format!("{:.1} s", d.as_secs_f64())
}

/// A byte count in MB, or from 1 GB in GB (decimal units: 10^6 and 10^9 bytes).
pub fn bytes(n: u64) -> String {
    if n >= 1_000_000_000 {
        format!("{:.2} GB", n as f64 / 1e9)
    } else {
        format!("{:.1} MB", n as f64 / 1e6)
    }
}

/// `ours / theirs` with two decimals, or `n/a` when `theirs` is zero.
pub fn ratio(ours: f64, theirs: f64) -> String {
    if theirs > 0.0 {
        format!("{:.2}", ours / theirs)
    } else {
        "n/a".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_of_odd_even_and_empty() {
        assert_eq!(Summary::of(&[3.0, 1.0, 2.0]), Some(Summary { min: 1.0, median: 2.0, max: 3.0 }));
        assert_eq!(Summary::of(&[4.0, 1.0, 3.0, 2.0]), Some(Summary { min: 1.0, median: 2.5, max: 4.0 }));
        assert_eq!(Summary::of(&[]), None);
        let s = Summary::of_durations(&[Duration::from_millis(250), Duration::from_millis(750)]).unwrap();
        assert_eq!(s.millis(), "250 / 500 / 750 ms");
    }

    #[test]
    fn units() {
        assert_eq!(secs(Duration::from_millis(12_345)), "12.3 s");
        assert_eq!(bytes(1_499_000_000), "1.50 GB");
        assert_eq!(bytes(734_200_000), "734.2 MB");
        assert_eq!(ratio(1.0, 4.0), "0.25");
        assert_eq!(ratio(1.0, 0.0), "n/a");
    }
}
