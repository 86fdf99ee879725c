//! An open enum's `Unknown` payload cannot be constructed outside decoding (trybuild).

#[test]
fn unknown_enum_values_cannot_be_built_by_hand() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/unknown_enum_value_cannot_be_built.rs");
}
