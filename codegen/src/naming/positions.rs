//! Type names from positions: the shortest tail of a type's position that no
//! other type of the same naming domain shares (see the rules in
//! [the module doc](super)).

use super::Namespace;
use std::collections::BTreeMap;

/// One part of a position: a root (`Response`, `Body`, a parameter, a
/// component), a property, an array item, a map value or a union alternative,
/// already in PascalCase.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Segment {
    /// PascalCase text (`GitSource`, `Deployment`, `HasItem`).
    pub text: String,
    /// The text carries a number that only says where the part sits (a union
    /// alternative nothing else distinguishes); counted in the name figures.
    pub positional: bool,
}

/// Where a named type sits: the segments from its root, and how many leading
/// segments every candidate name keeps (1 for a component's inline parts, so
/// they stay prefixed with the component's name; 0 inside an operation module).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Position {
    /// Segments from the root, outermost first.
    pub segments: Vec<Segment>,
    /// Leading segments every candidate keeps.
    pub pinned: usize,
}

impl Position {
    /// A root position (`Response`, `Body`, a component name).
    pub fn root(text: &str, pinned: bool) -> Self {
        Position { segments: vec![Segment { text: text.to_string(), positional: false }], pinned: usize::from(pinned) }
    }

    /// The position one segment further in.
    pub fn child(&self, text: &str, positional: bool) -> Self {
        let mut segments = self.segments.clone();
        segments.push(Segment { text: text.to_string(), positional });
        Position { segments, pinned: self.pinned }
    }

    /// The position with its last segment extended (`Has` → `HasItem`):
    /// for array items and map values, whose own word says too little alone.
    pub fn extended(&self, suffix: &str) -> Self {
        let mut this = self.clone();
        if let Some(last) = this.segments.last_mut() {
            last.text.push_str(suffix);
        }
        this
    }

    /// How many tail segments a candidate may take (at least 1 when there is any beyond the pinned ones).
    fn max_tail(&self) -> usize {
        self.segments.len().saturating_sub(self.pinned)
    }

    /// The shortest tail a name takes: one segment, or two when the last says
    /// too little alone ([`TOO_GENERIC`], or a `With…` alternative).
    fn min_tail(&self) -> usize {
        let last = self.segments.last().map(|s| s.text.as_str()).unwrap_or("");
        let generic = TOO_GENERIC.contains(&last) || last.strip_prefix("With").is_some_and(|r| !r.is_empty());
        let want = if generic && self.pinned == 0 { 2 } else { 1 };
        want.min(self.max_tail())
    }

    /// The candidate name with the last `tail` segments (plus the pinned
    /// ones), with back-to-back repeats collapsed, and whether it carries a
    /// positional number.
    fn candidate(&self, tail: usize) -> (String, bool) {
        let n = self.segments.len();
        let tail = tail.min(self.max_tail());
        let all: Vec<&Segment> = self.segments[..self.pinned].iter().chain(&self.segments[n - tail..]).collect();
        // A part named after the part it holds (`WithDeploymentType` > `DeploymentType`) says nothing more.
        let parts: Vec<&Segment> = all
            .iter()
            .enumerate()
            .filter(|(i, s)| {
                let next = all.get(i + 1).map(|n| n.text.as_str());
                !(*i >= self.pinned && next.is_some_and(|n| s.text.strip_prefix("With") == Some(n)))
            })
            .map(|(_, s)| *s)
            .collect();
        let text: String = parts.iter().map(|s| s.text.as_str()).collect();
        (collapse_repeats(&text), parts.iter().any(|s| s.positional))
    }
}

/// Last segments that say too little to be a name alone (`Type` of what?):
/// the name keeps the segment before them too (`ConditionType`).
pub const TOO_GENERIC: &[&str] = &[
    "Type", "Value", "Enum", "Item", "Object", "Kind", "Data", "Op", "Mode", "Array", "Map", "String", "Number",
    "Integer", "Bool", "Boolean", "Null", "Error",
];

/// Longest name the tail rule may make; a longer one falls back to the shortest tail, numbered.
pub const MAX_LEN: usize = 64;

/// A name the naming pass gave a type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assigned {
    /// The type name, unique in its domain and not reserved.
    pub name: String,
    /// It carries a number that only says where the type sits.
    pub positional: bool,
}

/// Names every position of one domain (one module, or one component's tree):
/// each takes the shortest tail of its position that no other position of the
/// domain (and no name already taken in `names`) also takes; positions that
/// still collide once no longer tail is left are numbered in the order given.
/// The names are claimed in `names`.
pub fn assign(positions: &[&Position], names: &mut Namespace) -> Vec<Assigned> {
    let reserved = names.taken().clone();
    let mut tails: Vec<usize> = positions.iter().map(|p| p.min_tail()).collect();
    loop {
        let mut by_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, p) in positions.iter().enumerate() {
            by_name.entry(p.candidate(tails[i]).0).or_default().push(i);
        }
        let mut grew = false;
        for (name, members) in &by_name {
            if members.len() < 2 && !reserved.contains(name) {
                continue;
            }
            for &i in members {
                if tails[i] < positions[i].max_tail() {
                    tails[i] += 1;
                    grew = true;
                }
            }
        }
        if !grew {
            break;
        }
    }
    positions
        .iter()
        .zip(tails)
        .map(|(p, tail)| {
            let (mut candidate, mut positional) = p.candidate(tail);
            if candidate.len() > MAX_LEN {
                // Too long to read: the shortest candidate, numbered if taken.
                (candidate, positional) = p.candidate(p.max_tail().min(1));
            }
            let name = names.claim(&candidate);
            Assigned { positional: positional || name != candidate, name }
        })
        .collect()
}

/// The words of a PascalCase name: each starts at an upper-case letter that
/// follows a lower-case letter or a digit (or that starts a capitalised word
/// after an acronym), or at a digit run (`FilterV2V2` → `Filter`, `V`, `2`,
/// `V`, `2`; `Error4XX` → `Error`, `4`, `XX`).
pub fn words(name: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = name.char_indices().collect();
    for w in 1..chars.len() {
        let (at, c) = chars[w];
        let prev = chars[w - 1].1;
        let next_lower = chars.get(w + 1).is_some_and(|(_, n)| n.is_ascii_lowercase());
        let boundary = (c.is_ascii_uppercase() && (!prev.is_ascii_uppercase() || next_lower))
            || (c.is_ascii_digit() != prev.is_ascii_digit());
        if boundary {
            out.push(&name[start..at]);
            start = at;
        }
    }
    if start < name.len() {
        out.push(&name[start..]);
    }
    out
}

/// The first back-to-back repeat in `name`'s words: (index of the first
/// word of the second copy, phrase length in words).
fn first_repeat(words: &[&str]) -> Option<(usize, usize)> {
    for len in 1..=words.len() / 2 {
        for i in 0..=words.len() - 2 * len {
            if words[i..i + len] == words[i + len..i + 2 * len] {
                return Some((i + len, len));
            }
        }
    }
    None
}

/// Whether a word or phrase of `name` repeats back to back (`TargetTarget`, `FilterV2V2`).
pub fn has_repeat(name: &str) -> bool {
    first_repeat(&words(name)).is_some()
}

/// `name` with every back-to-back repeated word or phrase said once
/// (`ResponseTargetTarget` → `ResponseTarget`, `HasHasItem` → `HasItem`).
pub fn collapse_repeats(name: &str) -> String {
    let mut words: Vec<String> = self::words(name).into_iter().map(str::to_string).collect();
    loop {
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        match first_repeat(&refs) {
            Some((at, len)) => {
                words.drain(at..at + len);
            }
            None => return words.concat(),
        }
    }
}

/// Words that end in `s` but are not plurals (or whose singular would mislead).
const NOT_PLURAL: &[&str] =
    &["News", "Series", "Species", "Cors", "Https", "Dns", "Tls", "Macos", "Chaos", "Kubernetes"];

/// The singular of a PascalCase name whose last word is an English plural
/// (`Deployments` → `Deployment`, `ProjectIds` → `ProjectId`, `Policies` →
/// `Policy`, `Aliases` → `Alias`); `None` when the last word is not
/// recognisably plural (`Status`, `Access`, `Has`, `Analysis`).
pub fn singular(name: &str) -> Option<String> {
    let words = words(name);
    let last = *words.last()?;
    let head = &name[..name.len() - last.len()];
    if NOT_PLURAL.contains(&last) || !last.ends_with('s') || last.len() < 3 {
        return None;
    }
    let lower = last.to_ascii_lowercase();
    if last.len() == 3 && lower != "ids" {
        return None;
    }
    let stem = if lower.ends_with("ies") && last.len() > 4 {
        format!("{}y", &last[..last.len() - 3])
    } else if ["sses", "shes", "ches", "xes", "zes", "iases", "tuses"].iter().any(|e| lower.ends_with(e)) {
        last[..last.len() - 2].to_string()
    } else if ["ss", "us", "is", "as", "os"].iter().any(|e| lower.ends_with(e)) {
        return None;
    } else {
        last[..last.len() - 1].to_string()
    };
    Some(format!("{head}{stem}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(segments: &[&str], pinned: usize) -> Position {
        Position {
            segments: segments.iter().map(|s| Segment { text: s.to_string(), positional: false }).collect(),
            pinned,
        }
    }

    #[test]
    fn shortest_unique_tail() {
        let a = pos(&["Response", "Deployment", "GitSource"], 0);
        let b = pos(&["Body", "GitSource"], 0);
        let c = pos(&["Response", "Deployment", "Creator"], 0);
        let root = pos(&["Response"], 0);
        let mut ns = Namespace::default();
        let names: Vec<String> = assign(&[&root, &a, &b, &c], &mut ns).into_iter().map(|a| a.name).collect();
        assert_eq!(names, ["Response", "DeploymentGitSource", "BodyGitSource", "Creator"]);
    }

    #[test]
    fn generic_last_segments_keep_their_parent() {
        let a = pos(&["Body", "Condition", "Type"], 0);
        let b = pos(&["Body", "Redirect", "WithLocation"], 0);
        let c = pos(&["Type"], 0);
        let names: Vec<String> = assign(&[&a, &b, &c], &mut Namespace::default()).into_iter().map(|a| a.name).collect();
        assert_eq!(names, ["ConditionType", "RedirectWithLocation", "Type"]);
    }

    #[test]
    fn reserved_names_and_pinned_roots() {
        let mut ns = Namespace::with_reserved(&["Request"]);
        let a = pos(&["Body", "Request"], 0);
        let b = pos(&["UserEvent", "Payload", "Team"], 1);
        let names: Vec<String> = assign(&[&a, &b], &mut ns).into_iter().map(|a| a.name).collect();
        assert_eq!(names, ["BodyRequest", "UserEventTeam"]);
    }

    #[test]
    fn exhausted_collisions_are_numbered_and_counted() {
        // `UserUser` says `User` once, and is then unique.
        let a = pos(&["Response", "User"], 0);
        let b = pos(&["Response", "User", "User"], 0);
        let out = assign(&[&a, &b], &mut Namespace::default());
        assert_eq!(out[0], Assigned { name: "ResponseUser".into(), positional: false });
        assert_eq!(out[1], Assigned { name: "User".into(), positional: false });
        // Nothing tells these apart.
        let c = pos(&["Body", "Owner"], 0);
        let out = assign(&[&c, &c.clone()], &mut Namespace::default());
        assert_eq!(out[0], Assigned { name: "BodyOwner".into(), positional: false });
        assert_eq!(out[1], Assigned { name: "BodyOwner2".into(), positional: true });
    }

    #[test]
    fn overlong_names_fall_back_to_the_shortest_tail() {
        let long = "X".to_string() + &"y".repeat(40);
        let a = pos(&["Response", "A", &long], 0);
        let b = pos(&["Response", "B", "Cccccccccccccccccccccccccc", &long], 0);
        let c = pos(&["Response", "Ddddddddddddddddddddddddd", "Cccccccccccccccccccccccccc", &long], 0);
        let out = assign(&[&a, &b, &c], &mut Namespace::default());
        assert_eq!(out[0].name, format!("A{long}"));
        // `BCcc…Xyyy…` (68 characters) and `DddCcc…Xyyy…` are too long.
        assert_eq!(out[1], Assigned { name: long.clone(), positional: false });
        assert_eq!(out[2], Assigned { name: format!("{long}2"), positional: true });
    }

    #[test]
    fn repeats() {
        assert_eq!(words("FilterV2V2Basic"), ["Filter", "V", "2", "V", "2", "Basic"]);
        assert_eq!(words("Error4XX"), ["Error", "4", "XX"]);
        assert_eq!(words("HTTPServer"), ["HTTP", "Server"]);
        assert_eq!(collapse_repeats("Error4XX"), "Error4XX");
        assert_eq!(collapse_repeats("ResponseTargetTarget"), "ResponseTarget");
        assert_eq!(collapse_repeats("PartnerCallsPartnerCallsItem"), "PartnerCallsItem");
        assert_eq!(collapse_repeats("FilterV2V2Basic"), "FilterV2Basic");
        assert!(has_repeat("CreatedTypeType"));
        assert!(!has_repeat("GitSource"));
    }

    #[test]
    fn singulars() {
        assert_eq!(singular("Deployments").as_deref(), Some("Deployment"));
        assert_eq!(singular("ProjectIds").as_deref(), Some("ProjectId"));
        assert_eq!(singular("Policies").as_deref(), Some("Policy"));
        assert_eq!(singular("Aliases").as_deref(), Some("Alias"));
        assert_eq!(singular("Addresses").as_deref(), Some("Address"));
        assert_eq!(singular("Statuses").as_deref(), Some("Status"));
        assert_eq!(singular("Ids").as_deref(), Some("Id"));
        for not in ["Status", "Access", "Has", "Analysis", "Dns", "Target", "Alias"] {
            assert_eq!(singular(not), None, "{not}");
        }
    }
}
