//! Doc examples: the value each parameter takes in its operation's example
//! call (the method docs' `# Example`, compiled by the facade's
//! `examples/operations.rs`). Decided here; `emit::operations` prints it.
//!
//! The rule: a string takes the spec's example, else its own wire name; a
//! string enum its first known value; a union with a string alternative a
//! string (as a string does); an integer or number `1`; a bool `true`; an
//! array one such value (for strings, enums and unions with a string
//! alternative); anything else no value (`todo!()`), since the example
//! cannot build it.

use super::canonical::resolve_aliases;
use super::{Operation, Param, Ty, TypeDef, TypeKind};

/// The value a parameter takes in a doc example.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ExampleValue {
    /// A string literal (of a string, a string enum's value, or a union's string alternative).
    Text(String),
    /// The number `1`.
    One,
    /// `true`.
    True,
    /// An array of one string literal.
    TextList(String),
    /// No value the generator can write (`todo!()`).
    #[default]
    Unknown,
}

/// Sets every parameter's [`ExampleValue`] (after the type passes: enum
/// values and aliases are final).
pub fn apply(types: &[TypeDef], operations: &mut [Operation]) {
    for op in operations {
        for p in &mut op.params {
            p.example_value = value(types, p);
        }
    }
}

/// The value of `p` by the rule in the module doc.
fn value(types: &[TypeDef], p: &Param) -> ExampleValue {
    let own = || p.example.clone().unwrap_or_else(|| p.wire_name.clone());
    // The string a named type takes: an enum's first value, or a string for a union that has a string alternative.
    let text = |t: &Ty| -> Option<String> {
        match t.named().map(|id| &types[id].kind) {
            Some(TypeKind::Enum(values)) => values.first().map(|v| v.value.clone()),
            Some(TypeKind::Union(u)) if u.variants.iter().any(|v| resolve_aliases(types, &v.ty) == Ty::String) => {
                Some(own())
            }
            _ => None,
        }
    };
    match resolve_aliases(types, &p.ty) {
        Ty::String => ExampleValue::Text(own()),
        Ty::Integer | Ty::Number => ExampleValue::One,
        Ty::Bool => ExampleValue::True,
        Ty::Vec(inner) if *inner == Ty::String => ExampleValue::TextList(own()),
        Ty::Vec(inner) => text(&resolve_aliases(types, &inner)).map_or(ExampleValue::Unknown, ExampleValue::TextList),
        t => text(&t).map_or(ExampleValue::Unknown, ExampleValue::Text),
    }
}

#[cfg(test)]
mod tests {
    use super::ExampleValue::{self, *};

    /// Each kind of required parameter gets the value the rule gives it.
    #[test]
    fn each_parameter_kind_gets_its_example_value() {
        let spec = r##"
openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /things/{id}:
    get:
      operationId: getThing
      tags: [things]
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
        - { name: slug, in: query, required: true, example: my-slug, schema: { type: string } }
        - { name: kind, in: query, required: true, schema: { type: string, enum: [big, small] } }
        - { name: limit, in: query, required: true, schema: { type: integer } }
        - { name: all, in: query, required: true, schema: { type: boolean } }
        - { name: tags, in: query, required: true, schema: { type: array, items: { type: string } } }
        - { name: kinds, in: query, required: true, schema: { type: array, items: { $ref: "#/components/schemas/Kind" } } }
        - { name: target, in: query, required: true, schema: { oneOf: [{ type: string }, { type: integer }] } }
        - { name: filter, in: query, required: true, schema: { type: object, properties: { a: { type: string } } } }
      responses: { "204": { description: ok } }
components:
  schemas:
    Kind: { type: string, enum: [preview, production] }
"##;
        let (api, _) = crate::build_api(spec, &[], &crate::Options::new("../../runtime")).unwrap();
        let got: Vec<(&str, &ExampleValue)> =
            api.operations[0].params.iter().map(|p| (p.wire_name.as_str(), &p.example_value)).collect();
        let text = |s: &str| Text(s.to_string());
        assert_eq!(
            got,
            [
                ("id", &text("id")),
                ("slug", &text("my-slug")),
                ("kind", &text("big")),
                ("limit", &One),
                ("all", &True),
                ("tags", &TextList("tags".into())),
                ("kinds", &TextList("preview".into())),
                ("target", &text("target")),
                ("filter", &Unknown),
            ]
        );
    }
}
