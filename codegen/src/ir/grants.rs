//! Scope membership: which operations each integration scope grants, from a
//! resolved scope table (see [`crate::scopes`]).

use super::{Api, ScopeDef};
use crate::naming::{self, ident::RustIdent};
use crate::scopes::{Access, Resolution, ScopeTable};
use std::collections::BTreeMap;

/// Records the scopes of `table` and, on every operation, the scopes that grant it.
/// Entries of `resolution` that name no operation of `api` are ignored (the caller
/// reports unresolved entries).
pub fn attach(api: &mut Api, table: &ScopeTable, resolution: &Resolution) {
    let index: BTreeMap<(String, String), usize> = api
        .operations
        .iter()
        .enumerate()
        .map(|(i, op)| ((op.method.as_str().to_string(), op.path.clone()), i))
        .collect();
    for scope in &table.scopes {
        let kebab = naming::kebab(&scope.name);
        let mut def = ScopeDef {
            name: scope.name.clone(),
            crate_name: format!("vercel-scope-{kebab}"),
            feature: format!("scope-{kebab}"),
            module: RustIdent::new(&naming::snake(&scope.name)),
            read: (!scope.read.is_empty()).then(Vec::new),
            read_write: Vec::new(),
        };
        for r in resolution.resolved.iter().filter(|r| r.scope == scope.name) {
            let Some(&op) = index.get(&(r.method.to_ascii_uppercase(), r.path.clone())) else { continue };
            let list = match r.access {
                Access::Read => def.read.get_or_insert_with(Vec::new),
                Access::ReadWrite => &mut def.read_write,
            };
            if !list.contains(&op) {
                list.push(op);
            }
            let grant = (scope.name.clone(), r.access);
            if !api.operations[op].grants.contains(&grant) {
                api.operations[op].grants.push(grant);
            }
        }
        if let Some(read) = &mut def.read {
            read.sort_unstable();
        }
        def.read_write.sort_unstable();
        api.scopes.push(def);
    }
}
