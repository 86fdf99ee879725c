//! One crate per integration scope: `Read` and `ReadWrite` clients whose methods
//! are exactly the operations that access level grants, each delegating to the
//! group crate's method (same name, same builder), so calling anything else is
//! a compile error rather than a 403 at run time.

use super::crates::{crate_attrs, manifest, runtime_dep, sibling_dep};
use super::operations::delegating_method;
use crate::ir::facade::TYPES_CRATE;
use crate::ir::paths::ident;
use crate::ir::{Api, ScopeDef};
use crate::scopes::Access;
use crate::Options;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

/// `Cargo.toml` of one scope crate: the runtime, the shared types, and the group crates of its operations.
pub fn scope_manifest(api: &Api, scope: &ScopeDef, options: &Options) -> String {
    let groups: BTreeSet<usize> =
        scope.read.iter().flatten().chain(&scope.read_write).map(|&op| api.operations[op].group).collect();
    let mut deps = format!("{}{}", runtime_dep(options), sibling_dep(TYPES_CRATE, false, options));
    for g in groups {
        deps.push_str(&sibling_dep(&api.groups[g].crate_name, false, options));
    }
    manifest(
        &scope.crate_name,
        &format!("Vercel API: the operations the `{}` integration scope grants (generated).", scope.name),
        &["scope"],
        &deps,
        "",
        None,
        options,
    )
}

/// `lib.rs` of one scope crate.
pub fn scope_lib(api: &Api, scope: &ScopeDef) -> TokenStream {
    let attrs = crate_attrs();
    let read = scope.read.as_ref().map(|ops| {
        let doc = format!(
            " Client for an integration installed with the `{}` scope at the **Read** level: only the operations that level grants ({}).",
            scope.name,
            ops.len()
        );
        level_client(api, &ident(Access::Read.client()), &doc, ops)
    });
    let write_doc = format!(
        " Client for an integration installed with the `{}` scope at the **Read/Write** level: only the operations that level grants ({}).",
        scope.name,
        scope.read_write.len()
    );
    let read_write = level_client(api, &ident(Access::ReadWrite.client()), &write_doc, &scope.read_write);
    let crate_doc = format!(
        " The `{}` integration scope of the Vercel API.\n\n An integration installed with this scope may call only some operations; \
         anything else fails with 403 at run time. [`{}`]{} expose exactly the operations each access level grants, \
         so a call outside the scope does not compile.",
        scope.name,
        Access::ReadWrite.client(),
        if scope.read.is_some() { format!(" and [`{}`]", Access::Read.client()) } else { String::new() }
    );
    quote! {
        #![doc = #crate_doc]
        #attrs
        #read
        #read_write
    }
}

fn level_client(api: &Api, name: &proc_macro2::Ident, doc: &str, ops: &[usize]) -> TokenStream {
    let methods = ops.iter().map(|&op| delegating_method(api, &api.operations[op]));
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone)]
        pub struct #name {
            client: vercel_runtime::Client,
        }

        impl #name {
            /// Wraps a runtime client (built with the integration's access token).
            pub fn new(client: vercel_runtime::Client) -> Self {
                #name { client }
            }

            /// The runtime client requests are sent with.
            pub fn client(&self) -> &vercel_runtime::Client {
                &self.client
            }

            #(#methods)*
        }
    }
}
