//! JSON pointers (RFC 6901) naming spec nodes in error messages.

/// Escapes one reference token: `~` → `~0`, `/` → `~1`.
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Unescapes one reference token.
pub fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Appends `token` (escaped) to `base`.
pub fn join(base: &str, token: impl AsRef<str>) -> String {
    format!("{base}/{}", escape(token.as_ref()))
}

/// Splits a pointer into unescaped tokens. `""` is the root (no tokens).
pub fn tokens(pointer: &str) -> Result<Vec<String>, String> {
    if pointer.is_empty() {
        return Ok(Vec::new());
    }
    let Some(rest) = pointer.strip_prefix('/') else {
        return Err(format!("`{pointer}` is not a JSON pointer (must start with `/`)"));
    };
    Ok(rest.split('/').map(unescape).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_special_characters() {
        let p = join(&join("", "paths"), "/v1/a~b");
        assert_eq!(p, "/paths/~1v1~1a~0b");
        assert_eq!(tokens(&p).unwrap(), vec!["paths", "/v1/a~b"]);
        assert!(tokens("paths").is_err());
        assert!(tokens("").unwrap().is_empty());
    }
}
