//! The inventory computed batch by batch, as records come (the streaming `--only summary` path,
//! [`crate::run::inventory_summary_streamed`]): the same figures, in the same order, with the same
//! problems as [`super::compute`], which is this computer fed all records at once.

use super::engine::{Ctx, Known, Out, Resolvers};
use super::{
    BATCH_CHUNKS, CHUNK, Computed, EmissionRow, Inventory, Settings, compute_batch, electricity,
};
use crate::activity::ActivityRecord;
use crate::error::Result;

/// Computes the emission rows of records fed in batches, in input order.
pub struct Computer<'a> {
    s: Settings<'a>,
    resolvers: Resolvers<'a>,
    ctx: Ctx,
    /// The citations and plans made so far, handed to the next batches' chunks.
    known: std::sync::Arc<Known>,
}

impl<'a> Computer<'a> {
    /// A computer for a run's settings.
    pub fn new(s: &Settings<'a>) -> Self {
        Computer {
            s: s.clone(),
            resolvers: Resolvers::new(s),
            ctx: Ctx::default(),
            known: Default::default(),
        }
    }

    /// True for a record whose figures depend on it alone, so that it can be computed and dropped before
    /// the later records are read: not a deposit history of solid waste (computed over all years at the
    /// end) nor net imports of electricity (indirect emissions, computed from all such records).
    pub fn independent(rec: &ActivityRecord) -> bool {
        !super::sectors::is_history(rec) && !electricity::is_net_import_record(rec)
    }

    /// Computes the rows of `records` (the next ones in input order) and hands them to `sink` in order,
    /// in chunks computed in parallel. An unknown factor set is an error (the sink may have seen rows).
    pub fn add(
        &mut self,
        records: &[ActivityRecord],
        sink: &mut impl FnMut(Vec<EmissionRow>),
    ) -> Result<()> {
        self.add_with(records, &mut |_, rows| sink(rows))
    }

    /// As [`add`](Self::add), but a row of a fuel-combustion record is handed over as its numbers
    /// ([`Computed::Of`]), with the records of the chunk it came from (`sink(records, figures)`): the
    /// figures are those of [`add`](Self::add), without a copy of the record's names per row.
    pub fn add_computed(
        &mut self,
        records: &[ActivityRecord],
        sink: &mut impl FnMut(&[ActivityRecord], Vec<Computed>),
    ) -> Result<()> {
        self.add_with(records, sink)
    }

    fn add_with<O: Out>(
        &mut self,
        records: &[ActivityRecord],
        sink: &mut impl FnMut(&[ActivityRecord], O),
    ) -> Result<()> {
        // One resolver per region, built before the parallel part so that it is shared read-only.
        let mut last: Option<&crate::shared::Shared> = None;
        for rec in records {
            if last != Some(&rec.region) {
                self.resolvers.get(&rec.region)?;
                last = Some(&rec.region);
            }
        }
        // Records are computed in fixed-size chunks in parallel (rayon); each chunk gathers its rows and
        // problems, and the chunks are joined in input order. Every figure is computed from its own
        // record, so the rows, their order and every digit are the same whatever the number of threads
        // and however the records were split into calls.
        //
        // The chunks are computed in batches, each batch handed over before the next one starts.
        for batch in records.chunks(CHUNK * BATCH_CHUNKS) {
            let computed = compute_batch::<O>(batch, &self.resolvers, &self.s, &self.known);
            for ((r, c), chunk) in computed.into_iter().zip(batch.chunks(CHUNK)) {
                sink(chunk, r);
                self.ctx.merge(c);
            }
            // The chunks are done: what they made joins what is known (the Arc is not shared now).
            if !self.ctx.sources.is_empty() || !self.ctx.plans.is_empty() {
                std::sync::Arc::make_mut(&mut self.known).learn(&mut self.ctx);
            }
        }
        Ok(())
    }

    /// The rows computed over whole histories (solid waste disposal, from `records`: every record fed,
    /// or only those that are not [`independent`](Self::independent)), then every missing factor
    /// combination as one error; the inventory without rows.
    pub fn finish(
        mut self,
        records: &[ActivityRecord],
        sink: &mut impl FnMut(Vec<EmissionRow>),
    ) -> Result<Inventory> {
        // Solid waste disposal: the first-order decay over each deposit history, sequentially, after the
        // per-record rows.
        sink(super::sectors::waste::swds_rows(
            records,
            &self.resolvers,
            &self.s,
            &mut self.ctx,
        ));
        let (used, warnings) = self.ctx.finish(self.s.factor_set)?;
        Ok(Inventory {
            factor_set: self.s.factor_set.to_string(),
            gwp_set: self.s.gwp.name.clone(),
            rows: Vec::new(),
            factors_used: used,
            warnings,
        })
    }
}
