//! The one rule for number inputs: a setter (or required argument) for an
//! `integer` or `number` parameter or body field takes
//! `impl vercel_runtime_core::IntoNumber` (every primitive integer and float),
//! stores the checked `Result` (see `vercel_runtime_core::Number`), and
//! `into_parts` resolves it with `CheckedNumbers::check`, so a value the wire
//! type or the spec's range cannot carry fails `send` before any I/O.

use crate::ir::{NumberRange, Ty};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// The wire type of a number input, or `None` when `ty` is not a number.
pub fn wire_type(ty: &Ty) -> Option<TokenStream> {
    match ty {
        Ty::Integer => Some(quote!(i64)),
        Ty::Number => Some(quote!(f64)),
        _ => None,
    }
}

/// What the builder stores for a number input in place of its wire type.
pub fn stored(wire: &TokenStream) -> TokenStream {
    quote!(Result<#wire, vercel_runtime_core::NumberError>)
}

/// The argument type of a number setter and the expression that checks `value` into the stored `Result`.
pub fn input(ty: &Ty, wire_name: &str, range: &NumberRange, value: &TokenStream) -> (TokenStream, TokenStream) {
    let check = if *ty == Ty::Integer { quote!(integer) } else { quote!(float) };
    let range = range_expr(range);
    (
        quote!(impl vercel_runtime_core::IntoNumber),
        quote!(vercel_runtime_core::IntoNumber::into_number(#value).#check(#wire_name, #range)),
    )
}

/// `vercel_runtime_core::Range::ANY.min(1.0).max(100.0)`.
fn range_expr(range: &NumberRange) -> TokenStream {
    let mut expr = quote!(vercel_runtime_core::Range::ANY);
    if let Some(min) = range.minimum {
        let min = Literal::f64_unsuffixed(min);
        expr = if range.exclusive_minimum { quote!(#expr.min_exclusive(#min)) } else { quote!(#expr.min(#min)) };
    }
    if let Some(max) = range.maximum {
        let max = Literal::f64_unsuffixed(max);
        expr = if range.exclusive_maximum { quote!(#expr.max_exclusive(#max)) } else { quote!(#expr.max(#max)) };
    }
    expr
}

/// The items an operation module with number inputs needs (nothing
/// otherwise): `number_error`, which turns a `NumberError` into an encoding
/// error of this operation. It is called by path (`self::number_error`), so
/// no local variable (a checked parameter) can shadow it.
pub fn module_items(operation_id: &str, any: bool) -> TokenStream {
    if !any {
        return quote!();
    }
    quote! {
        /// A number given to a setter that its wire type or range cannot carry, as this operation's error.
        fn number_error(e: vercel_runtime_core::NumberError) -> vercel_runtime::Error {
            vercel_runtime::Error::Encode { operation: #operation_id, message: e.to_string() }
        }
    }
}

/// The statement at the top of `into_parts` that brings
/// `CheckedNumbers::check` into scope (nothing without number inputs).
pub fn check_prelude(any: bool) -> TokenStream {
    if any {
        quote!(
            use vercel_runtime_core::CheckedNumbers as _;
        )
    } else {
        quote!()
    }
}

/// `stored_value` (an `Option`/`Nullable`/`Result` nest) resolved to the
/// value sent, or `?` with the error (needs [`check_prelude`] and [`module_items`]).
pub fn check(stored_value: TokenStream) -> TokenStream {
    quote!(#stored_value.check().map_err(self::number_error)?)
}

/// The doc paragraph of a number input: what it accepts and the spec's range.
pub fn doc(ty: &Ty, range: &NumberRange) -> String {
    let kind = if *ty == Ty::Integer {
        "Takes any primitive integer, or a whole float; sent as an `i64`"
    } else {
        "Takes any primitive integer or float; sent as a finite `f64`"
    };
    let range = range.describe().map(|r| format!("; the spec's range is {r}")).unwrap_or_default();
    format!("{kind}{range}. Other values make `send` fail before any I/O.")
}
