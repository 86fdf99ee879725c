//! Authentication: which operations are sent without `Authorization`.
//!
//! The rule is OpenAPI's: an operation's own `security` wins over the
//! document's, and an empty list (`security: []`) means the operation needs
//! no authentication, so the client sends none (the runtime's
//! `Request::set_anonymous`). A requirement list with entries, or one that
//! holds an empty requirement (`- {}`: authentication optional), keeps the
//! client's token. A spec that declares no security anywhere is read as
//! every operation taking the client's token, as the API does.

use openapiv3::OpenAPI;

/// Whether operation `op` of `doc` is sent without `Authorization`.
pub(super) fn anonymous(doc: &OpenAPI, op: &openapiv3::Operation) -> bool {
    op.security.as_ref().or(doc.security.as_ref()).is_some_and(Vec::is_empty)
}
