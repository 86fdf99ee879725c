//! One operation → its module: the `OPERATION` description, the request
//! builder, and its inline types; plus the group client method that starts it.

use super::docs::{doc, paragraphs, spec_text};
use super::inputs::{self, Check};
use super::numbers;
use super::types::type_def;
use crate::ir::example::ExampleValue;
use crate::ir::paths::field_type_with;
use crate::ir::paths::{ident, ty};
use crate::ir::{
    Api, BodyKind, CursorKinds, ErrorStatus, Next, Operation, PageFields, PageShape, Param, ParamLocation, Placement,
    Response, RustIdent, Ty, TypeId, TypeKind, ERROR_BODY,
};
use proc_macro2::TokenStream;
use quote::quote;

/// `impl Into<T>` argument type and the expression converting `value` to `T`.
fn input(api: &Api, t: &Ty, scope: &Placement, value: &TokenStream) -> (TokenStream, TokenStream) {
    match t {
        Ty::Vec(inner) => {
            let inner = ty(api, inner, scope);
            (quote!(impl IntoIterator<Item = impl Into<#inner>>), quote!(#value.into_iter().map(Into::into).collect()))
        }
        _ => {
            let t = ty(api, t, scope);
            (quote!(impl Into<#t>), quote!(#value.into()))
        }
    }
}

/// Argument type and conversion of a parameter's value: [`numbers::input`]
/// for numbers, [`input`] otherwise.
fn param_input(api: &Api, p: &Param, scope: &Placement, value: &TokenStream) -> (TokenStream, TokenStream) {
    match numbers::wire_type(&p.ty) {
        Some(_) => numbers::input(&p.ty, &p.wire_name, &p.range, value),
        None => input(api, &p.ty, scope, value),
    }
}

/// The type the builder stores a parameter's value in (without the `Option` of an optional one).
fn param_store_type(api: &Api, p: &Param, scope: &Placement) -> TokenStream {
    match numbers::wire_type(&p.ty) {
        Some(wire) => numbers::stored(&wire),
        None => ty(api, &p.ty, scope),
    }
}

/// Whether any parameter or body field of `op` is a number (checked in `into_parts`).
fn has_number_input(api: &Api, op: &Operation) -> bool {
    let body_numbers = match op.body.as_ref().map(|b| &b.kind) {
        Some(BodyKind::Fields { ty: id, .. }) => match &api.types[*id].kind {
            TypeKind::Struct(s) => s.fields.iter().any(|f| numbers::wire_type(&f.ty).is_some()),
            _ => false,
        },
        _ => false,
    };
    body_numbers || op.params.iter().any(|p| numbers::wire_type(&p.ty).is_some())
}

/// Whether any body input of `op` is built (`impl IntoBody`, resolved in `into_parts`).
fn has_build_input(api: &Api, op: &Operation) -> bool {
    let scope = op.placement();
    match op.body.as_ref().map(|b| &b.kind) {
        Some(BodyKind::Fields { ty: id, .. }) => match &api.types[*id].kind {
            TypeKind::Struct(s) => {
                s.fields.iter().any(|f| inputs::field(api, f, &scope, false).check == inputs::Check::Build)
            }
            _ => false,
        },
        Some(BodyKind::Json(t)) => inputs::whole_body(api, t, &scope).is_some(),
        _ => false,
    }
}

/// The heading shared by the method's and the builder's docs.
fn heading(api: &Api, op: &Operation) -> String {
    let mut text = format!("`{} {}`", op.method.as_str(), op.path);
    if let Some(id) = &op.operation_id {
        text.push_str(&format!(" (operationId `{id}`)"));
    }
    if let Some(summary) = &op.summary {
        text = format!("{}\n\n{text}", spec_text(summary.trim()));
    }
    if op.deprecated {
        text.push_str("\n\n**Deprecated** in the spec.");
    }
    let group = &api.groups[op.group];
    if op.tags.len() > 1 {
        text.push_str(&format!("\n\nTags: {} (generated in `{}`).", op.tags.join(", "), group.crate_name));
    }
    text
}

/// Doc of the group client method: heading, description, the parameters.
fn method_doc(api: &Api, op: &Operation) -> String {
    let mut params = String::new();
    for p in &op.params {
        let where_ = match p.location {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
        };
        let req = if p.required { ", required" } else { "" };
        let d = p
            .doc
            .as_deref()
            .map(|d| format!(": {}", spec_text(d.lines().next().unwrap_or("").trim())))
            .unwrap_or_default();
        params.push_str(&format!("\n- `{}` ({where_} `{}`{req}){d}", p.rust_name.unraw(), p.wire_name));
    }
    let params = (!params.is_empty()).then(|| format!("# Parameters{params}"));
    let ret = match &op.response {
        Response::Empty => "Returns `()` on success.".to_string(),
        Response::Json(_) => "Returns the decoded JSON body on success.".to_string(),
        Response::JsonLines(_) => format!(
            "Returns the decoded `{}` lines on success.",
            op.events_media_type.as_deref().unwrap_or("application/stream+json")
        ),
        Response::JsonOrLines { .. } => format!(
            "Returns, on success, the decoded JSON body or the decoded `{}` lines, as the server answers \
             (its `Content-Type`); `into_stream()` asks for the lines.",
            op.events_media_type.as_deref().unwrap_or("application/stream+json")
        ),
        Response::Bytes => "Returns the raw response body on success.".to_string(),
    };
    let errors = (!op.errors.is_empty()).then(|| {
        let labels: Vec<String> = op.errors.iter().map(|e| format!("`{}`", e.status.label())).collect();
        format!(
            "The spec types the error bodies of {}: read them with \
             `err.typed_body::<{}::{ERROR_BODY}>()`.",
            labels.join(", "),
            op.module()
        )
    });
    let anonymous = op.anonymous.then_some(
        "Sent without `Authorization`: the API serves this operation without authentication \
         (its spec says `security: []`).",
    );
    let aliases = crate::ir::cli_aliases(&op.extensions);
    let aliases = (!aliases.is_empty()).then(|| {
        let listed: Vec<String> = aliases.iter().map(|a| format!("`{}`", spec_text(a))).collect();
        format!("Vercel CLI aliases: {}.", listed.join(", "))
    });
    paragraphs([
        Some(heading(api, op).as_str()),
        op.description.as_deref().map(spec_text).as_deref(),
        aliases.as_deref(),
        anonymous,
        params.as_deref(),
        Some(ret.as_str()),
        errors.as_deref(),
        grants_doc(api, op).as_deref(),
        Some(example(api, op).as_str()),
    ])
}

/// The example call of an operation as a user of the facade writes it: the
/// prelude, the group accessor, the required arguments (values they accept),
/// `send`. The method docs show it and the facade's `examples/operations.rs`
/// compiles it ([`examples_file`]), so every shown example is compiled.
fn example_lines(api: &Api, op: &Operation) -> [String; 3] {
    let group = &api.groups[op.group];
    let args: Vec<String> = op.params.iter().filter(|p| p.required).map(|p| placeholder(&p.example_value)).collect();
    let call = format!(
        "client.{accessor}().{method}({args}).send().await?;",
        accessor = group.accessor,
        method = op.name,
        args = args.join(", "),
    );
    // A call that returns `()` binds nothing.
    let (call, after) = match op.response {
        Response::Empty => (call, String::new()),
        _ => (format!("let response = {call}"), "let _ = response;".to_string()),
    };
    ["use vercel_client::prelude::*;".to_string(), call, after]
}

/// The `# Example` section of a method's docs: [`example_lines`], not run
/// here (the group crates do not depend on the facade) but compiled as
/// written by the facade's `examples/operations.rs`.
fn example(api: &Api, op: &Operation) -> String {
    let [prelude, call, after] = example_lines(api, op);
    let after = if after.is_empty() { String::new() } else { format!("# {after}\n") };
    format!(
        "# Example\n\n\
         As a user of `vercel-client` writes it (compiled by its `examples/operations.rs`):\n\n\
         ```ignore\n\
         {prelude}\n\n\
         # async fn example(client: vercel_client::Client) -> Result<(), vercel_client::Error> {{\n\
         {call}\n\
         {after}\
         # Ok(())\n\
         # }}\n```"
    )
}

/// The facade's `examples/operations.rs`: every operation's doc example as a
/// function, so that `cargo test` (which builds examples) compiles each one
/// exactly as the docs show it.
pub fn examples_file(api: &Api) -> TokenStream {
    let functions = api.operations.iter().map(|op| {
        let name = op.name.ident();
        let [prelude, call, after] = example_lines(api, op);
        let text = format!("{prelude}\n{call}\n{after}");
        let body: TokenStream = text.parse().unwrap_or_else(|_| {
            let message = format!("the example of `{}` does not parse", op.runtime_id);
            quote!(compile_error!(#message);)
        });
        let d = format!(" The doc example of `{}` (`{} {}`).", op.runtime_id, op.method.as_str(), op.path);
        quote! {
            #[doc = #d]
            async fn #name(client: vercel_client::Client) -> Result<(), vercel_client::Error> {
                #body
                Ok(())
            }
        }
    });
    quote! {
        //! Every operation's doc example, as a user of this crate writes it. `cargo test` builds examples,
        //! so each one compiles as the docs show it; none is run.
        #![allow(dead_code)]

        #(#functions)*

        fn main() {}
    }
}

/// An argument for a required parameter in [`example_lines`]: the value
/// the `example` pass chose for it, as Rust source.
fn placeholder(value: &ExampleValue) -> String {
    match value {
        ExampleValue::Text(text) => format!("{text:?}"),
        ExampleValue::One => "1".into(),
        ExampleValue::True => "true".into(),
        ExampleValue::TextList(text) => format!("[{text:?}]"),
        ExampleValue::Unknown => "todo!()".into(),
    }
}

/// `"Deployments (Read)"` for each scope and level that grants the operation.
fn grant_labels(op: &Operation) -> Vec<String> {
    op.grants.iter().map(|(scope, access)| format!("{scope} ({})", access.label())).collect()
}

/// Which integration scopes grant the operation (only when a scope table was given).
fn grants_doc(api: &Api, op: &Operation) -> Option<String> {
    if api.scopes.is_empty() {
        return None;
    }
    if op.grants.is_empty() {
        return Some("Integration scopes: none grants this operation.".into());
    }
    Some(format!("Integration scopes that grant it: {}.", grant_labels(op).join(", ")))
}

/// The group-client method that starts this operation's builder.
pub fn client_method(api: &Api, op: &Operation) -> TokenStream {
    let module = &op.name;
    // Seen from the crate root: the operation's own types are `crate::module::Name`.
    let from = Placement::Operation { group: op.group, module: Default::default() };
    let (docs, name, args, convs) = method_parts(api, op, &from);
    quote! {
        #docs
        pub fn #name(&self, #(#args),*) -> #module::Request {
            #module::Request::new(self.client.clone(), #(#convs),*)
        }
    }
}

/// The same method on a scope client, delegating to the group client (no request code of its own).
pub fn delegating_method(api: &Api, op: &Operation) -> TokenStream {
    let group = &api.groups[op.group];
    let krate = group.crate_ident().ident();
    let client = group.client.ident();
    let module = &op.name;
    let (docs, name, args, _) = method_parts(api, op, &Placement::External);
    let arg_names = op.params.iter().filter(|p| p.required).map(|p| p.rust_name.ident());
    quote! {
        #docs
        pub fn #name(&self, #(#args),*) -> #krate::#module::Request {
            #krate::#client::new(self.client.clone()).#name(#(#arg_names),*)
        }
    }
}

/// Docs, name, arguments (`name: impl Into<T>`) and their conversions, for a method starting `op`.
fn method_parts(
    api: &Api,
    op: &Operation,
    from: &Placement,
) -> (TokenStream, proc_macro2::Ident, Vec<TokenStream>, Vec<TokenStream>) {
    let (args, convs): (Vec<_>, Vec<_>) = op
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| {
            let pname = p.rust_name.ident();
            let (aty, conv) = param_input(api, p, from, &quote!(#pname));
            (quote!(#pname: #aty), conv)
        })
        .unzip();
    (doc(&method_doc(api, op)), op.name.ident(), args, convs)
}

/// The whole module file of one operation: its doc, the `OPERATION`
/// constant, the request builder, the operation's own items (number checks,
/// the build error, `ErrorBody`), its types and their builders.
pub fn module(api: &Api, op: &Operation) -> TokenStream {
    let scope = op.placement();
    let module_doc = format!(
        " `{} {}`{}",
        op.method.as_str(),
        op.path,
        op.summary.as_deref().map(|s| format!(": {}", spec_text(s.trim()))).unwrap_or_default()
    );
    let operation = operation_const(op);
    let request = request_builder(api, op, &scope);
    let numbers_used = has_number_input(api, op);
    let number_items = numbers::module_items(&op.runtime_id, numbers_used);
    let build_items = has_build_input(api, op).then(|| build_error_fn(&op.runtime_id));
    let error_body = error_body(api, op, &scope);
    let types = api.defined_in(&scope).map(|t| type_def(api, t));
    let builders = super::builders::module(api, &scope);
    quote! {
        #![doc = #module_doc]
        #operation
        #request
        #number_items
        #build_items
        #error_body
        #(#types)*
        #builders
    }
}

/// The `OPERATION` constant: how the runtime identifies and routes the operation.
fn operation_const(op: &Operation) -> TokenStream {
    let (id, path, method) = (&op.runtime_id, &op.path, ident(op.method.as_str()));
    let grants = grant_labels(op);
    let (team_id, slug) = (op.team.team_id_query, op.team.slug_query);
    quote! {
        /// How the runtime identifies and routes this operation.
        pub const OPERATION: vercel_runtime::Operation = vercel_runtime::Operation {
            id: #id,
            method: vercel_runtime::Method::#method,
            path: #path,
            team_id_query: #team_id,
            slug_query: #slug,
            scopes: &[#(#grants),*],
        };
    }
}

/// `build_error`: a body value from a builder that lacks a required field, or
/// holds a number its wire type cannot carry, as the operation's error.
fn build_error_fn(id: &str) -> TokenStream {
    quote! {
        /// A body value from a builder that lacks a required field, or holds a number its wire type cannot
        /// carry, as this operation's error.
        fn build_error(e: vercel_runtime_core::BuildError) -> vercel_runtime::Error {
            match e {
                vercel_runtime_core::BuildError::MissingField(field) => {
                    vercel_runtime::Error::MissingField { operation: #id, field }
                }
                e => vercel_runtime::Error::Encode { operation: #id, message: e.to_string() },
            }
        }
    }
}

/// The builder fields and setters of the optional parameters (required ones
/// are fields only: the constructor takes them).
fn param_parts(api: &Api, op: &Operation, scope: &Placement) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let mut fields = Vec::new();
    let mut setters = Vec::new();
    for p in &op.params {
        let pname = p.rust_name.ident();
        let pty = param_store_type(api, p, scope);
        if p.required {
            fields.push(quote!(#pname: #pty));
            continue;
        }
        fields.push(quote!(#pname: Option<#pty>));
        let (aty, conv) = param_input(api, p, scope, &quote!(value));
        let kind = if p.location == ParamLocation::Header { "Header" } else { "Query parameter" };
        let deprecated = p.deprecated.then_some("**Deprecated.**");
        let number_doc = numbers::wire_type(&p.ty).map(|_| numbers::doc(&p.ty, &p.range));
        let spec_doc = p.doc.as_deref().map(spec_text);
        let pdoc = doc(&paragraphs([
            deprecated,
            spec_doc.as_deref(),
            number_doc.as_deref(),
            Some(format!("{kind} `{}`.", p.wire_name).as_str()),
        ]));
        setters.push(quote! {
            #pdoc
            pub fn #pname(mut self, value: #aty) -> Self { self.#pname = Some(#conv); self }
        });
    }
    (fields, setters)
}

/// `Request::new`: the client and the required parameters; everything else unset.
fn constructor(api: &Api, op: &Operation, scope: &Placement) -> TokenStream {
    let required: Vec<_> = op.params.iter().filter(|p| p.required).collect();
    let new_args = required.iter().map(|p| {
        let pname = p.rust_name.ident();
        let pty = param_store_type(api, p, scope);
        quote!(#pname: #pty)
    });
    let init_required = required.iter().map(|p| p.rust_name.ident());
    let init_optional = op.params.iter().filter(|p| !p.required).map(|p| p.rust_name.ident());
    let init_body = body_field_names(op);
    quote! {
        pub(crate) fn new(client: vercel_runtime::Client, #(#new_args),*) -> Self {
            Request { client, #(#init_required,)* #(#init_optional: None,)* #(#init_body: None,)* options: None }
        }
    }
}

/// The value of parameter `p` in `into_parts`: a checked number is a local of its name.
fn param_value(p: &Param) -> TokenStream {
    let pname = p.rust_name.ident();
    if numbers::wire_type(&p.ty).is_some() {
        quote!(#pname)
    } else {
        quote!(self.#pname)
    }
}

/// The checks of the number parameters, into locals of the same name (run first in `into_parts`).
fn number_checks(op: &Operation) -> Vec<TokenStream> {
    op.params
        .iter()
        .filter(|p| numbers::wire_type(&p.ty).is_some())
        .map(|p| {
            let pname = p.rust_name.ident();
            let check = numbers::check(quote!(self.#pname));
            quote!(let #pname = #check;)
        })
        .collect()
}

/// The rendered path: the template with each path parameter percent-encoded as a segment.
fn path_expr(op: &Operation) -> TokenStream {
    let (fmt, names) = op.template.format_string();
    let fmt_args: Vec<_> = names
        .iter()
        .map(|name| {
            // The IR gives every name in the template a path parameter (declared or not).
            let p = op.params.iter().find(|p| p.location == ParamLocation::Path && p.wire_name == *name);
            let value = p.map(param_value).expect("every path template parameter is a parameter of the operation");
            quote!(vercel_runtime::path_segment(&#value))
        })
        .collect();
    if fmt_args.is_empty() {
        quote!(String::from(#fmt))
    } else {
        quote!(format!(#fmt, #(#fmt_args),*))
    }
}

/// The statements that add the query and header parameters to `request`.
fn query_calls(op: &Operation) -> Vec<TokenStream> {
    op.params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
        .map(|p| {
            let stored = param_value(p);
            let wire = &p.wire_name;
            let value = if p.required { quote!(&#stored) } else { quote!(value) };
            let call = match p.location {
                ParamLocation::Header => quote!(request.header(#wire, #value);),
                _ if !p.explode => quote!(request.query_joined(#wire, #value);),
                _ => quote!(request.query(#wire, #value);),
            };
            // An optional parameter that is not set costs nothing at run time.
            if p.required {
                call
            } else {
                quote!(if let Some(value) = &#stored { #call })
            }
        })
        .collect()
}

/// What `send` returns, and the client methods `send` and `send_with_response` call.
fn send_parts(api: &Api, op: &Operation, scope: &Placement) -> (TokenStream, TokenStream, TokenStream) {
    match &op.response {
        Response::Empty => (quote!(()), quote!(send_empty), quote!(send_empty_with_response)),
        Response::Json(t) => {
            let t = ty(api, t, scope);
            (quote!(#t), quote!(send::<#t>), quote!(send_with_response::<#t>))
        }
        Response::JsonLines(t) => {
            let t = ty(api, t, scope);
            (quote!(Vec<#t>), quote!(send_json_lines::<#t>), quote!(send_json_lines_with_response::<#t>))
        }
        Response::Bytes => (quote!(vercel_runtime::Bytes), quote!(send_bytes), quote!(send_bytes_with_response)),
        Response::JsonOrLines { json, lines } => {
            let (j, l) = (ty(api, json, scope), ty(api, lines, scope));
            (
                quote!(vercel_runtime::JsonOrLines<#j, #l>),
                quote!(send_json_or_lines::<#j, #l>),
                quote!(send_json_or_lines_with_response::<#j, #l>),
            )
        }
    }
}

/// `into_parts`: checks the numbers and the body, then assembles the request.
fn into_parts_fn(api: &Api, op: &Operation, body_build: TokenStream, body_attach: TokenStream) -> TokenStream {
    let check_prelude = numbers::check_prelude(has_number_input(api, op));
    let build_prelude = has_build_input(api, op).then(|| {
        quote!(
            use vercel_runtime_core::CheckedBuild as _;
        )
    });
    let number_checks = number_checks(op);
    let path_expr = path_expr(op);
    let query_calls = query_calls(op);
    let (accept, _) = accept_parts(op);
    let anonymous = op.anonymous.then(|| quote!(request.set_anonymous();));
    quote! {
        /// The client and the assembled request; fails before any I/O when a required body field is unset
        /// or a number does not fit its wire type or range.
        fn into_parts(self) -> Result<(vercel_runtime::Client, vercel_runtime::Request), vercel_runtime::Error> {
            #check_prelude
            #build_prelude
            #(#number_checks)*
            #body_build
            let mut request = vercel_runtime::Request::new(&OPERATION, #path_expr);
            #(#query_calls)*
            #body_attach
            #accept
            #anonymous
            request.set_options(self.options);
            Ok((self.client, request))
        }
    }
}

/// The request builder: the `Request` struct and its methods.
fn request_builder(api: &Api, op: &Operation, scope: &Placement) -> TokenStream {
    let (mut fields, mut setters) = param_parts(api, op, scope);
    let (body_fields, body_setters, body_build, body_attach) = body_parts(api, op, scope);
    fields.extend(body_fields);
    setters.extend(body_setters);
    let new = constructor(api, op, scope);
    let into_parts = into_parts_fn(api, op, body_build, body_attach);
    let (ret, call, call_with_response) = send_parts(api, op, scope);
    let (_, call_args) = accept_parts(op);
    let stream = stream_method(api, op, scope, &ret);
    let byte_stream = super::byte_stream::method(op);
    let exists = exists_method(op);
    let wait = wait_method(op, &ret);
    let builder_doc = doc(&format!(
        "Request builder for {}\n\nFinish with [`send`](Self::send) or [`send_with_response`](Self::send_with_response).",
        heading(api, op)
    ));
    quote! {
        #builder_doc
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until `.send().await`"]
        pub struct Request {
            client: vercel_runtime::Client,
            #(#fields,)*
            options: Option<vercel_runtime::RequestOptions>,
        }

        impl Request {
            #new

            #(#setters)*

            /// Settings for this call that win over the client's: timeout, retry policy, extra headers, base URL.
            pub fn options(mut self, options: vercel_runtime::RequestOptions) -> Self {
                self.options = Some(options);
                self
            }

            /// Sends the request and decodes the success response.
            pub async fn send(self) -> Result<#ret, vercel_runtime::Error> {
                let (client, request) = self.into_parts()?;
                client.#call(request #call_args).await
            }

            /// Like [`send`](Self::send), and keeps the status and headers of the response.
            pub async fn send_with_response(self) -> Result<vercel_runtime::Response<#ret>, vercel_runtime::Error> {
                let (client, request) = self.into_parts()?;
                client.#call_with_response(request #call_args).await
            }

            #into_parts

            #stream
            #byte_stream
            #exists

            #wait
        }
    }
}

/// The `ErrorBody` enum of an operation whose spec types some error bodies:
/// one variant per documented status, decoded by status.
fn error_body(api: &Api, op: &Operation, scope: &Placement) -> TokenStream {
    if op.errors.is_empty() {
        return quote!();
    }
    let name = ident(ERROR_BODY);
    let mut variants = Vec::new();
    let mut arms = Vec::new();
    for e in &op.errors {
        let label = e.status.label();
        let variant = e.variant.ident();
        let t = ty(api, &e.ty, scope);
        let vdoc = doc(&format!("The body of a `{label}` response."));
        variants.push(quote!(#vdoc #variant(#t)));
        let lit = proc_macro2::Literal::u16_unsuffixed;
        let pattern = match e.status {
            ErrorStatus::Code(c) => {
                let c = lit(c);
                quote!(#c)
            }
            // A guard, not `400..=499`: the exact codes before it overlap the range.
            ErrorStatus::Range(r) => {
                let r = lit(r);
                quote!(code if code / 100 == #r)
            }
        };
        arms.push(quote!(#pattern => vercel_runtime::decode_json(body).ok().map(#name::#variant)));
    }
    let enum_doc = doc(&format!(
        "The error bodies the spec documents for this operation, by status. Read one from a failed call with \
         [`Error::typed_body`](vercel_runtime::Error::typed_body)`::<{ERROR_BODY}>()`."
    ));
    quote! {
        #enum_doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants,)*
        }

        impl vercel_runtime::TypedErrorBody for #name {
            fn from_response(status: vercel_runtime::StatusCode, body: &[u8]) -> Option<Self> {
                match status.as_u16() {
                    #(#arms,)*
                    _ => None,
                }
            }
        }
    }
}

/// `into_stream()`: every item of every page for paginated operations, the
/// events one by one for `application/stream+json` responses; nothing otherwise.
fn stream_method(api: &Api, op: &Operation, scope: &Placement, page_ty: &TokenStream) -> TokenStream {
    if let Some(p) = &op.pagination {
        let item = ty(api, &p.item, scope);
        let cursor_ty = ty(api, &p.cursor, scope);
        let cursor = &p.cursor_param;
        let split = match &p.shape {
            PageShape::Struct(fields) => page_split(api, scope, &quote!(page), fields),
            PageShape::Union(variants) => {
                let arms = variants.iter().map(|(variant, fields)| {
                    let v = variant.ident();
                    let split = page_split(api, scope, &quote!(v), fields);
                    quote!(#page_ty::#v(v) => #split,)
                });
                quote!(match page { #(#arms)* _ => (Vec::new(), None), })
            }
        };
        let text = format!(
            "Every item of every page, as a stream that fetches the next page when the items of the \
             previous one are used up.\n\nEach next request repeats this one with the query parameter \
             `{cursor}` set to the previous page's `pagination.next`; the stream ends when that is null \
             (or repeats itself). An error ends the stream after it is yielded. The `limit` parameter, \
             where there is one, sets the page size; use `StreamExt::take` to bound the number of items."
        );
        let docs = doc(&text);
        return quote! {
            #docs
            pub fn into_stream(self) -> vercel_runtime::Pages<#page_ty, #item, #cursor_ty> {
                vercel_runtime::Pages::new(self.into_parts(), #cursor, |page: #page_ty| #split)
            }
        };
    }
    if let Some(t) = &op.events {
        let t = ty(api, t, scope);
        let media = op.events_media_type.as_deref().unwrap_or(STREAM_JSON);
        let docs = doc(&format!(
            "The `{media}` events one by one, decoded as each line arrives (the \
             body is never held whole, so this also follows a stream that does not end).\n\n\
             A line that does not decode yields [`vercel_runtime::Error::Decode`] with the line and \
             its index, and ends the stream."
        ));
        // `json_lines` asks for `application/stream+json`; another media type is asked for by name.
        let call = if media == STREAM_JSON {
            quote!(vercel_runtime::json_lines(self.into_parts()))
        } else {
            quote!(vercel_runtime::json_lines_as(self.into_parts(), #media))
        };
        return quote! {
            #docs
            pub fn into_stream(self) -> vercel_runtime::ItemStream<#t> {
                #call
            }
        };
    }
    quote!()
}

/// `exists()` for an operation that has it ([`Operation::has_exists`]):
/// whether the resource is there, a 404 meaning no (its
/// `send_with_response()` gives the status and headers).
fn exists_method(op: &Operation) -> TokenStream {
    if !op.has_exists() {
        return quote!();
    }
    quote! {
        /// Sends the request and says whether the resource exists: `Ok(true)` on a 2xx, `Ok(false)` on a
        /// 404, an error for any other status. Use [`send_with_response`](Self::send_with_response) for
        /// the status and headers of a 2xx.
        pub async fn exists(self) -> Result<bool, vercel_runtime::Error> {
            let (client, request) = self.into_parts()?;
            client.send_exists(request).await
        }
    }
}

/// The JSON-lines media type the runtime asks for by default.
const STREAM_JSON: &str = "application/stream+json";

/// What `into_parts` adds to ask for the right media type, and the extra
/// arguments of the `send*` calls: an operation answering only in JSON
/// lines of another type than `application/stream+json` asks for that type;
/// one answering JSON or lines offers both and tells the runtime which
/// `Content-Type` means lines.
fn accept_parts(op: &Operation) -> (TokenStream, TokenStream) {
    let Some(media) = op.events_media_type.as_deref() else { return (quote!(), quote!()) };
    match &op.response {
        Response::JsonLines(_) if media != STREAM_JSON => (quote!(request.accept(#media);), quote!()),
        Response::JsonOrLines { .. } => {
            let both = format!("application/json, {media}");
            (quote!(request.accept(#both);), quote!(, #media))
        }
        _ => (quote!(), quote!()),
    }
}

/// `wait()`: for operations with a waiter (`x-rust-waiter`), polls until
/// the state is final; nothing otherwise.
fn wait_method(op: &Operation, ret: &TokenStream) -> TokenStream {
    let Some(w) = &op.waiter else { return quote!() };
    let state = &w.state;
    let finals = &w.final_states;
    let listed = finals.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", ");
    let docs = doc(&format!(
        "Sends this request again and again until `{state}` of the answer is one of {listed}, then returns \
         that answer (a final state may be a failure: check it). Pauses between polls with backoff and jitter; \
         bounded by [`Waiter::timeout`](vercel_runtime::Waiter::timeout), after which it fails with \
         [`Error::WaitTimeout`](vercel_runtime::Error::WaitTimeout). `.await` it, or configure it first."
    ));
    quote! {
        #docs
        pub fn wait(self) -> vercel_runtime::Waiter<#ret> {
            vercel_runtime::Waiter::new(self.into_parts(), #state, &[#(#finals),*])
        }
    }
}

/// `(items, cursor)` of one page struct held in `page`.
fn page_split(api: &Api, scope: &Placement, page: &TokenStream, fields: &PageFields) -> TokenStream {
    let items = fields.items.ident();
    let items = if fields.items_optional { quote!(#page.#items.unwrap_or_default()) } else { quote!(#page.#items) };
    let cursor = match &fields.cursor {
        None => quote!(None),
        Some(c) => {
            let pagination = c.pagination.ident();
            // `next` of one `pagination` struct held in `p`, as an `Option`.
            let next_of = |p: TokenStream, next: &Next| {
                let field = next.field.ident();
                let value = if c.as_string { quote!(v.to_string()) } else { quote!(v) };
                match next.optional {
                    false if c.as_string => quote!(Some(#p.#field.to_string())),
                    false => quote!(Some(#p.#field)),
                    true if c.as_string => quote!(#p.#field.map(|v| #value)),
                    true => quote!(#p.#field),
                }
            };
            let from_value = match &c.kinds {
                CursorKinds::Struct(next) => next_of(quote!(p), next),
                CursorKinds::Union(union_ty, alternatives) => {
                    let union_ty = ty(api, union_ty, scope);
                    let arms = alternatives.iter().map(|(variant, next)| {
                        let v = variant.ident();
                        let next = next_of(quote!(p), next);
                        quote!(#union_ty::#v(p) => #next,)
                    });
                    quote!(match p { #(#arms)* _ => None, })
                }
            };
            if c.pagination_optional {
                quote!(#page.#pagination.and_then(|p| #from_value))
            } else {
                quote!({ let p = #page.#pagination; #from_value })
            }
        }
    };
    quote!((#items, #cursor))
}

/// The doc of the `body(..)` setter of a whole JSON body that takes builders:
/// it names the body's concrete type and the builders it takes (a struct's
/// own, or those of a union's struct alternatives), as intra-doc links, so the
/// user reaches them in one hop.
fn whole_body_doc(api: &Api, t: &Ty, scope: &Placement) -> String {
    let link = |id: TypeId| {
        let path = ty(api, &Ty::Named(id), scope).to_string().replace(' ', "");
        let name = &api.types[id].name;
        if *name == path {
            (format!("[`{name}`]"), format!("[`{name}::builder()`]"))
        } else {
            (format!("[`{name}`]({path})"), format!("[`{name}::builder()`]({path}::builder)"))
        }
    };
    let (list, item) = match t {
        Ty::Vec(item) => (true, item.as_ref()),
        other => (false, other),
    };
    let Some(id) = api.buildable(item) else { return " The JSON request body.".into() };
    let (what, builder) = link(id);
    let builders: Vec<String> = match &api.types[id].kind {
        TypeKind::Union(u) => {
            let mut found: Vec<TypeId> = Vec::new();
            for v in &u.variants {
                match api.buildable(&v.ty) {
                    Some(b) if matches!(api.types[b].kind, TypeKind::Struct(_)) && !found.contains(&b) => found.push(b),
                    _ => {}
                }
            }
            found.into_iter().map(|b| link(b).1).collect()
        }
        _ => vec![builder],
    };
    let what = if list { format!("a list of {what}") } else { format!("a {what}") };
    let union = matches!(api.types[id].kind, TypeKind::Union(_));
    let how = match builders.as_slice() {
        [] => "give the value (or one of its alternatives)".to_string(),
        [one] if list => format!("give the values, or build each with {one}"),
        [one] if !union => format!("give the value, or build it with {one}"),
        [one] => format!("give the value (or one of its alternatives), or build an alternative with {one}"),
        [first, last] => {
            format!("give the value (or one of its alternatives), or build an alternative with {first} or {last}")
        }
        [many @ .., last] => format!(
            "give the value (or one of its alternatives), or build an alternative with {}, or {last}",
            many.join(", ")
        ),
    };
    format!(" The JSON request body, {what}: {how}. Required fields are checked when the request is sent.")
}

/// Names of the builder fields that hold the body (the IR's `stores`, or `body`).
fn body_field_names(op: &Operation) -> Vec<proc_macro2::Ident> {
    match op.body.as_ref() {
        Some(crate::ir::Body { kind: BodyKind::Fields { stores, .. }, .. }) => {
            stores.iter().map(RustIdent::ident).collect()
        }
        Some(body) => vec![body.field.ident()],
        None => Vec::new(),
    }
}

/// Builder fields, setters, the statements in `send` that build `body`
/// (an `Option`), and the statement that attaches it to the request.
fn body_parts(
    api: &Api,
    op: &Operation,
    scope: &Placement,
) -> (Vec<TokenStream>, Vec<TokenStream>, TokenStream, TokenStream) {
    let id = &op.runtime_id;
    let Some(body) = &op.body else {
        return (Vec::new(), Vec::new(), quote!(), quote!());
    };
    let content_type = &body.content_type;
    let required = body.required;
    let (setter, field, setter_name) = (body.setter.ident(), body.field.ident(), body.setter.as_str());
    // For bodies set whole with `.body(..)`: a required one must have been set.
    let build = if required {
        quote! {
            let body = Some(self.#field.ok_or(vercel_runtime::Error::MissingField { operation: #id, field: #setter_name })?);
        }
    } else {
        quote!(let body = self.#field;)
    };
    let json_attach = quote!(if let Some(body) = &body {
        request.json(body);
    });
    match &body.kind {
        BodyKind::Bytes => {
            let mut setters = vec![quote! {
                #[doc = concat!("The request body, sent as `", #content_type, "`.")]
                pub fn #setter(mut self, value: impl Into<vercel_runtime::Bytes>) -> Self { self.#field = Some(value.into()); self }
            }];
            if let Some(digest) = &body.digest {
                let setter = digest.setter.ident();
                let param = digest.param.ident();
                let text = format!(
                    " The file to upload: sets the body to `bytes` and the `{}` header to their \
                     SHA-1 (see [`vercel_runtime::sha1_hex`]); the HTTP client sets `Content-Length`. Same as \
                     `.{setter_name}(bytes).{}(sha1_hex(&bytes))`.",
                    digest.header,
                    digest.param.unraw()
                );
                setters.push(quote! {
                    #[doc = #text]
                    pub fn #setter(mut self, bytes: impl Into<vercel_runtime::Bytes>) -> Self {
                        let bytes = bytes.into();
                        self.#param = Some(vercel_runtime::sha1_hex(&bytes));
                        self.#field = Some(bytes);
                        self
                    }
                });
            }
            (
                vec![quote!(#field: Option<vercel_runtime::Bytes>)],
                setters,
                build,
                quote!(if let Some(body) = body { request.bytes(body, #content_type); }),
            )
        }
        BodyKind::Json(t) => {
            if let Some(input) = inputs::whole_body(api, t, scope) {
                let (store, arg, conv) = (&input.store, &input.arg, &input.conv);
                let build = if required {
                    quote! {
                        let body = Some(
                            self.#field
                                .ok_or(vercel_runtime::Error::MissingField { operation: #id, field: #setter_name })?
                                .resolve()
                                .map_err(self::build_error)?,
                        );
                    }
                } else {
                    quote!(let body = self.#field.resolve().map_err(self::build_error)?;)
                };
                let text = whole_body_doc(api, t, scope);
                return (
                    vec![quote!(#field: Option<#store>)],
                    vec![quote! {
                        #[doc = #text]
                        pub fn #setter(mut self, value: #arg) -> Self { self.#field = Some(#conv); self }
                    }],
                    build,
                    json_attach,
                );
            }
            let bty = ty(api, t, scope);
            let (aty, conv) = input(api, t, scope, &quote!(value));
            (
                vec![quote!(#field: Option<#bty>)],
                vec![quote! {
                    /// The JSON request body.
                    pub fn #setter(mut self, value: #aty) -> Self { self.#field = Some(#conv); self }
                }],
                build,
                json_attach.clone(),
            )
        }
        BodyKind::Fields { ty: tid, setters, null_setters, stores } => {
            let t = &api.types[*tid];
            let TypeKind::Struct(s) = &t.kind else { unreachable!("Fields bodies are structs") };
            let bty = t.name.ident();
            let mut fields = Vec::new();
            let mut methods = Vec::new();
            let mut inits = Vec::new();
            let mut any_set = Vec::new();
            let mut from_whole = Vec::new();
            for (((f, setter), null_setter), store_name) in s.fields.iter().zip(setters).zip(null_setters).zip(stores) {
                let store = store_name.ident();
                let fname = f.rust_name.ident();
                let input = inputs::field(api, f, scope, false);
                let (fty, _) = field_type_with(f, input.store.clone());
                let direct = f.required && !f.nullable;
                fields.push(if direct { quote!(#store: Option<#fty>) } else { quote!(#store: #fty) });
                let body_field =
                    format!("Body field `{}`{}.", f.json_name, if f.required { " (required)" } else { "" });
                methods.push(inputs::setters(f, &input, setter, null_setter.as_ref(), store_name, &body_field));
                let json = &f.json_name;
                let value = if direct {
                    quote!(self.#store.ok_or(vercel_runtime::Error::MissingField { operation: #id, field: #json })?)
                } else {
                    quote!(self.#store)
                };
                let (value, whole) = match input.check {
                    Check::Number => {
                        (numbers::check(value), quote!(vercel_runtime_core::CheckedNumbers::unchecked(body.#fname)))
                    }
                    Check::Build => (
                        quote!(#value.resolve().map_err(self::build_error)?),
                        quote!(vercel_runtime_core::CheckedBuild::ready(body.#fname)),
                    ),
                    Check::Plain => (value, quote!(body.#fname)),
                };
                inits.push(quote!(#fname: #value));
                any_set.push(quote!(self.#store.is_some()));
                from_whole.push(if direct {
                    quote!(self.#store = Some(#whole);)
                } else {
                    quote!(self.#store = #whole;)
                });
            }
            let extra = s.additional.as_ref().map(|a| {
                let aname = a.rust_name.ident();
                quote!(#aname: Default::default(),)
            });
            let whole_doc = " Sets every body field at once from a whole body value.";
            methods.push(quote! {
                #[doc = #whole_doc]
                pub fn #setter(mut self, body: #bty) -> Self { #(#from_whole)* self }
            });
            let build_body = quote!(#bty { #(#inits,)* #extra });
            let build = if required {
                quote!(let body = Some(#build_body);)
            } else {
                let any_set = if any_set.is_empty() { quote!(false) } else { quote!(#(#any_set)||*) };
                quote! {
                    let any_set = #any_set;
                    let body = if any_set { Some(#build_body) } else { None };
                }
            };
            (fields, methods, build, json_attach)
        }
    }
}
