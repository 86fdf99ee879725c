//! [`PathTemplate`]: an OpenAPI path template (`/v9/projects/{idOrName}/env`)
//! parsed once, for every part of the generator that reads paths: the IR
//! (which parameters the path uses), emit (the `format!` that renders it),
//! the scope resolver and the spec diff (the path's shape without version
//! and parameter names), and naming (the literal words of the path).
//!
//! A parameter may share a segment with literal text (`/files/{id}.json`):
//! such a segment is one literal part and one parameter part, everywhere.

/// One piece of a path segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// Literal text.
    Literal(String),
    /// A `{name}` parameter.
    Param(String),
}

/// A parsed path template: `/`-separated segments, each a list of parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathTemplate {
    segments: Vec<Vec<Part>>,
    /// The path ends with `/` after at least one segment (`/v2/`,
    /// `/blobs/uploads/`): a different resource than without it, so it is
    /// rendered too.
    trailing_slash: bool,
}

impl PathTemplate {
    /// Parses `path`. An unclosed `{` is literal text.
    pub fn parse(path: &str) -> PathTemplate {
        let segments: Vec<_> = path.split('/').filter(|s| !s.is_empty()).map(parse_segment).collect();
        let trailing_slash = !segments.is_empty() && path.ends_with('/');
        PathTemplate { segments, trailing_slash }
    }

    /// The parameter names, in order of appearance.
    pub fn params(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().flatten().filter_map(|p| match p {
            Part::Param(name) => Some(name.as_str()),
            Part::Literal(_) => None,
        })
    }

    /// The API version of a leading `v<digits>` segment (`/v9/...` → 9).
    pub fn version(&self) -> Option<u32> {
        match self.segments.first().map(Vec::as_slice) {
            Some([Part::Literal(first)]) if is_version_segment(first) => first[1..].parse().ok(),
            _ => None,
        }
    }

    /// The segments after the version segment (all of them when there is none).
    fn unversioned(&self) -> &[Vec<Part>] {
        let skip = usize::from(self.version().is_some());
        &self.segments[skip..]
    }

    /// The path without its version segment and with every parameter as `{}`,
    /// also inside a segment: `/v9/projects/{idOrName}/{id}.json` →
    /// `projects/{}/{}.json` (no leading `/`).
    pub fn shape(&self) -> String {
        let segments: Vec<String> = self
            .unversioned()
            .iter()
            .map(|seg| {
                seg.iter()
                    .map(|p| match p {
                        Part::Literal(text) => text.as_str(),
                        Part::Param(_) => "{}",
                    })
                    .collect()
            })
            .collect();
        segments.join("/")
    }

    /// The segments after the version that hold no parameter, in order (the words of a path-derived name).
    pub fn literal_segments(&self) -> impl Iterator<Item = &str> {
        self.unversioned().iter().filter_map(|seg| match seg.as_slice() {
            [Part::Literal(text)] => Some(text.as_str()),
            _ => None,
        })
    }

    /// A `format!` string that renders the path (`/v9/projects/{}`: each
    /// parameter a `{}`, literal braces escaped) and the parameter names in
    /// the order of its `{}`s.
    pub fn format_string(&self) -> (String, Vec<&str>) {
        let mut fmt = String::new();
        let mut names = Vec::new();
        for seg in &self.segments {
            fmt.push('/');
            for part in seg {
                match part {
                    Part::Literal(text) => fmt.push_str(&text.replace('{', "{{").replace('}', "}}")),
                    Part::Param(name) => {
                        fmt.push_str("{}");
                        names.push(name.as_str());
                    }
                }
            }
        }
        if fmt.is_empty() || self.trailing_slash {
            fmt.push('/');
        }
        (fmt, names)
    }
}

fn parse_segment(seg: &str) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut rest = seg;
    while let Some(open) = rest.find('{') {
        let Some(len) = rest[open..].find('}') else { break };
        if open > 0 {
            parts.push(Part::Literal(rest[..open].to_string()));
        }
        parts.push(Part::Param(rest[open + 1..open + len].to_string()));
        rest = &rest[open + len + 1..];
    }
    if !rest.is_empty() {
        parts.push(Part::Literal(rest.to_string()));
    }
    parts
}

/// `v1`, `v10`, ... : a path segment naming an API version.
pub fn is_version_segment(seg: &str) -> bool {
    seg.len() > 1 && seg.starts_with('v') && seg[1..].chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_parameter_inside_a_segment_is_a_parameter_everywhere() {
        let t = PathTemplate::parse("/v2/files/{id}.json");
        assert_eq!(t.params().collect::<Vec<_>>(), ["id"]);
        assert_eq!(t.version(), Some(2));
        assert_eq!(t.shape(), "files/{}.json");
        assert_eq!(t.literal_segments().collect::<Vec<_>>(), ["files"]);
        assert_eq!(t.format_string(), ("/v2/files/{}.json".to_string(), vec!["id"]));
    }

    #[test]
    fn plain_paths() {
        let t = PathTemplate::parse("/v9/projects/{idOrName}/env");
        assert_eq!(t.shape(), "projects/{}/env");
        assert_eq!(t.literal_segments().collect::<Vec<_>>(), ["projects", "env"]);
        let t = PathTemplate::parse("/registrar/{a}-{b}");
        assert_eq!(t.version(), None);
        assert_eq!(t.params().collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(t.shape(), "registrar/{}-{}");
        assert_eq!(PathTemplate::parse("/").format_string().0, "/");
        assert_eq!(PathTemplate::parse("/a/{unclosed").format_string(), ("/a/{{unclosed".to_string(), vec![]));
    }

    #[test]
    fn a_trailing_slash_is_rendered_and_leading_parameters_are_parameters() {
        assert_eq!(PathTemplate::parse("/v2/").format_string().0, "/v2/");
        let t = PathTemplate::parse("/v2/{teamSlug}/{projectSlug}/blobs/uploads/");
        assert_eq!(t.format_string(), ("/v2/{}/{}/blobs/uploads/".to_string(), vec!["teamSlug", "projectSlug"]));
        assert_eq!(t.version(), Some(2));
        assert_eq!(t.literal_segments().collect::<Vec<_>>(), ["blobs", "uploads"]);
        assert_eq!(PathTemplate::parse("/v2").format_string().0, "/v2");
    }
}
