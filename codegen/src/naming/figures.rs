//! The four figures that say whether generated type names are ones a person
//! would choose; printed by `cargo xtask regen` (targets: 90th percentile of
//! length at most 40, none over 64, no back-to-back repeats, at most 100
//! positional numbers on the pinned spec).

use super::positions::has_repeat;

/// Figures about the generated type names.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NameFigures {
    /// 90th percentile of type-name length, in characters.
    pub p90_len: usize,
    /// Longest type name, in characters.
    pub max_len: usize,
    /// Names in which a word or phrase repeats back to back (`TargetTarget`).
    pub repeats: usize,
    /// Names that carry a number saying only where the type sits.
    pub positional: usize,
}

impl NameFigures {
    /// The figures of `names` (each with whether it carries a positional number).
    pub fn of<'a>(names: impl IntoIterator<Item = (&'a str, bool)>) -> Self {
        let mut lengths = Vec::new();
        let mut figures = NameFigures::default();
        for (name, positional) in names {
            lengths.push(name.chars().count());
            figures.repeats += usize::from(has_repeat(name));
            figures.positional += usize::from(positional);
        }
        lengths.sort_unstable();
        figures.max_len = lengths.last().copied().unwrap_or(0);
        // Nearest-rank percentile: the smallest length at least 90% of names do not exceed.
        figures.p90_len = match lengths.len() {
            0 => 0,
            n => lengths[(n * 9).div_ceil(10) - 1],
        };
        figures
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures() {
        let names: Vec<String> = (0..10).map(|n| format!("X{}", "y".repeat(n))).collect();
        let mut input: Vec<(&str, bool)> = names.iter().map(|n| (n.as_str(), false)).collect();
        input.push(("TargetTarget", true));
        let f = NameFigures::of(input);
        assert_eq!(f, NameFigures { p90_len: 10, max_len: 12, repeats: 1, positional: 1 });
        assert_eq!(NameFigures::of([]), NameFigures::default());
    }
}
