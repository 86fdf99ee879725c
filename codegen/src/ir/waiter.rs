//! The waiter rule: an operation whose spec carries the `x-rust-waiter`
//! extension gets a `.wait()` method on its request builder, polling it
//! until a state field of the answer has a final value.
//!
//! ```yaml
//! x-rust-waiter:
//!   state: /readyState              # JSON pointer into the success body
//!   final: [READY, ERROR, CANCELED] # the values that end the wait
//! ```
//!
//! Set by overlays (`spec/overlays/`), one per operation that has such a
//! state; the generated method calls `vercel_runtime::Waiter`.

use crate::{pointer, Error};

/// The extension's name.
pub const EXTENSION: &str = "x-rust-waiter";

/// A state to wait on, from the `x-rust-waiter` extension.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiter {
    /// JSON pointer to the state string in the success body (`/readyState`).
    pub state: String,
    /// The state values that end the wait.
    pub final_states: Vec<String>,
}

/// The waiter of the operation at `ptr`, if its extensions declare one; an
/// extension of the wrong shape is an error naming its pointer.
pub fn waiter(op: &openapiv3::Operation, ptr: &str) -> Result<Option<Waiter>, Error> {
    let Some(value) = op.extensions.get(EXTENSION) else {
        return Ok(None);
    };
    let at = pointer::join(ptr, EXTENSION);
    let state = value.get("state").and_then(|s| s.as_str()).filter(|s| s.starts_with('/')).ok_or_else(|| {
        Error::new(pointer::join(&at, "state"), "must be a JSON pointer string such as `/readyState`")
    })?;
    let final_states: Option<Vec<String>> = value
        .get("final")
        .and_then(|f| f.as_array())
        .map(|items| items.iter().map(|i| i.as_str().map(str::to_owned)).collect::<Option<_>>())
        .unwrap_or(None)
        .filter(|v: &Vec<String>| !v.is_empty());
    let final_states =
        final_states.ok_or_else(|| Error::new(pointer::join(&at, "final"), "must be a non-empty list of strings"))?;
    Ok(Some(Waiter { state: state.to_owned(), final_states }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(extension: serde_json::Value) -> openapiv3::Operation {
        let mut op = openapiv3::Operation::default();
        op.extensions.insert(EXTENSION.into(), extension);
        op
    }

    #[test]
    fn reads_state_and_final_values() {
        let got = waiter(&op(serde_json::json!({"state": "/readyState", "final": ["READY", "ERROR"]})), "/p").unwrap();
        assert_eq!(
            got,
            Some(Waiter { state: "/readyState".into(), final_states: vec!["READY".into(), "ERROR".into()] })
        );
        assert_eq!(waiter(&openapiv3::Operation::default(), "/p").unwrap(), None);
    }

    #[test]
    fn a_bad_extension_names_its_pointer() {
        let err = waiter(&op(serde_json::json!({"state": "readyState", "final": ["READY"]})), "/paths/~1x/get");
        assert_eq!(
            err.unwrap_err().to_string(),
            Error::new("/paths/~1x/get/x-rust-waiter/state", "must be a JSON pointer string such as `/readyState`")
                .to_string()
        );
        let err = waiter(&op(serde_json::json!({"state": "/s", "final": []})), "/p").unwrap_err();
        assert!(err.to_string().contains("/p/x-rust-waiter/final"), "{err}");
        let err = waiter(&op(serde_json::json!({"state": "/s", "final": [1]})), "/p").unwrap_err();
        assert!(err.to_string().contains("non-empty list of strings"), "{err}");
    }
}
