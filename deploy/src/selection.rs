//! Which entries' contents a round of uploads sends: for each digest the
//! API reports missing, the first entry with that content, as one bit per
//! entry. The digests are given one by one as the answer is read, so they
//! are never gathered on the side.

use std::sync::Arc;

use crate::error::{DeployError, Phase};
use crate::files::FileSet;
use crate::hash::hex;

/// The entries whose contents are uploaded in a round.
#[derive(Debug)]
pub(crate) struct Selection {
    bits: Vec<u64>,
}

impl Selection {
    /// The selection for `digests` (test convenience for [`Selector`]).
    #[cfg(test)]
    pub(crate) fn of(
        set: &Arc<FileSet>,
        digests: impl IntoIterator<Item = [u8; 20]>,
    ) -> Result<Selection, DeployError> {
        let mut selector = Selector::new(set.clone());
        digests.into_iter().for_each(|sha| selector.add(sha));
        selector.finish()
    }

    /// The indices of the selected entries, in order.
    pub(crate) fn indices(&self) -> impl Iterator<Item = usize> + Send + '_ {
        self.bits
            .iter()
            .enumerate()
            .flat_map(|(word, &bits)| (0..64).filter(move |bit| bits & (1 << bit) != 0).map(move |bit| word * 64 + bit))
    }

    /// How many entries are selected, and their total size.
    pub(crate) fn totals(&self, set: &FileSet) -> (u64, u64) {
        self.indices().fold((0, 0), |(files, bytes), index| (files + 1, bytes + set.size(index)))
    }
}

/// Builds a [`Selection`] from digests given one at a time.
pub(crate) struct Selector {
    set: Arc<FileSet>,
    /// Entry indices ordered by digest, then index: the first entry of a content comes first.
    by_content: Vec<u32>,
    bits: Vec<u64>,
    /// A digest no entry has (the first one seen).
    unknown: Option<[u8; 20]>,
}

impl Selector {
    pub(crate) fn new(set: Arc<FileSet>) -> Selector {
        let entries = set.entries();
        let mut by_content: Vec<u32> = (0..entries.len() as u32).collect();
        by_content.sort_unstable_by_key(|&i| (entries[i as usize].sha, i));
        let bits = vec![0; entries.len().div_ceil(64)];
        Selector { set, by_content, bits, unknown: None }
    }

    /// Selects the first entry whose content is `sha` (again: no change).
    pub(crate) fn add(&mut self, sha: [u8; 20]) {
        let entries = self.set.entries();
        let at = self.by_content.partition_point(|&i| entries[i as usize].sha < sha);
        match self.by_content.get(at).map(|&i| i as usize) {
            Some(index) if entries[index].sha == sha => self.bits[index / 64] |= 1 << (index % 64),
            _ => {
                self.unknown.get_or_insert(sha);
            }
        }
    }

    /// The selection; a digest that no entry has is an error.
    pub(crate) fn finish(self) -> Result<Selection, DeployError> {
        match self.unknown {
            Some(sha) => Err(DeployError::Protocol {
                phase: Phase::Upload,
                message: format!("the API asked for content {} that no file has", hex(&sha)),
            }),
            None => Ok(Selection { bits: self.bits }),
        }
    }
}
