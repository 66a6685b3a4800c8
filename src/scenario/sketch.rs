//! A mergeable quantile sketch with integer counts (DDSketch-style log buckets), so that Monte Carlo
//! summaries need memory for the summaries, not for the draws, and stay identical for any thread count.
//!
//! # Buckets
//!
//! A value `x > 0` goes to the bucket `i = ⌊(b ≫ 10) × 5 / 2³²⌋`, `b` the IEEE-754 bits of `x` read as an
//! unsigned integer. Within one binary exponent the bits grow linearly with `x`, so a bucket spans
//! `2⁴²/5` units of the 52-bit mantissa, a mantissa step of `1/5120`: its bounds `lo ≤ x < hi` satisfy
//! `hi/lo ≤ 1 + 1/5120` (the worst case is a mantissa near 1). This is the "linearly interpolated" index
//! mapping of DDSketch (Masson, Rim & Lee 2019, *DDSketch: a fast and fully-mergeable quantile sketch with
//! relative-error guarantees*, PVLDB 12(12), §2 and §4.2), computed on integers: 5,120 buckets per octave,
//! one shift and one multiplication per value. Negative values use the same buckets on `|x|` in a second
//! store; zeros and NaNs are counted apart (NaN above every number, as `f64::total_cmp` orders them).
//!
//! # Accuracy ([`RELATIVE_ACCURACY`])
//!
//! A bucket is represented by `2 lo hi / (lo + hi)`, which is within `(hi − lo)/(hi + lo) ≤
//! 1/(2 × 5120 + 1) = 9.76 × 10⁻⁵` of any value in the bucket, relatively. The order statistic of rank `r`
//! is therefore returned within **1 × 10⁻⁴ relative** of the exact one (for the ranks of the minimum and
//! the maximum, and whenever every value is equal, exactly: they are kept apart with their counts).
//! Quantiles interpolate between the order statistics of ranks `⌊h⌋` and `⌊h⌋ + 1`, `h = (n − 1) p`
//! (Hyndman & Fan type 7, as [`super::summary::quantile`]); an interpolation between two values each within
//! `α` relative of the exact ones is within `α` of the exact interpolation when both have the same sign. So:
//! **a sketch quantile is within 1e-4 × |Q| of the exact type-7 quantile `Q` of the same values** (for
//! values of one sign; across zero, within 1e-4 × the larger magnitude of the two order statistics).
//!
//! # Merging
//!
//! Counts are integers: merging adds them bucket by bucket, which is exact, associative and commutative.
//! Minimum and maximum (with the number of values equal to each) merge exactly as well. A sketch built from
//! a set of values is the same whatever the order of insertion and however the values were split among
//! sketches that were then merged; hence the summaries do not depend on the thread count.
//!
//! Memory: `4 B` per bucket between the smallest and the largest value of a column (dense, grown on
//! demand): a column spread over a factor of 3 holds ≈ 8,100 buckets, 32 KB.

/// The relative accuracy of a sketch's order statistics and quantiles (see the module docs): the bound
/// proven there is `1/10241 = 9.76e-5`.
pub const RELATIVE_ACCURACY: f64 = 1e-4;

/// Bucket index of `|x|` (finite or infinite, not NaN).
#[inline]
fn index(abs: f64) -> i64 {
    (((abs.to_bits() >> 10) * 5) >> 32) as i64
}

/// The bounds `[lo, hi)` of bucket `i`, as values.
fn bounds(i: i64) -> (f64, f64) {
    // Smallest `b ≫ 10` in the bucket: ⌈i 2³² / 5⌉.
    let first = |i: i64| (((i as u64) << 32).div_ceil(5)) << 10;
    (f64::from_bits(first(i)), f64::from_bits(first(i + 1)))
}

/// The value representing bucket `i`: `2 lo hi / (lo + hi)` (the value of least relative error).
fn representative(i: i64) -> f64 {
    let (lo, hi) = bounds(i);
    if !hi.is_finite() {
        return lo;
    }
    if lo == 0.0 {
        return 0.0;
    }
    2.0 * lo * hi / (lo + hi)
}

/// Dense integer counts over a range of bucket indices.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Store {
    /// Index of `counts[0]`.
    offset: i64,
    counts: Vec<u32>,
}

impl Store {
    #[inline]
    fn add(&mut self, i: i64, c: u32) {
        let k = i.wrapping_sub(self.offset);
        if k < 0 || k as usize >= self.counts.len() {
            self.grow(i);
        }
        self.counts[(i - self.offset) as usize] += c;
    }

    /// Extends the range to hold `i`, with room to spare (half the span) on that side.
    #[cold]
    fn grow(&mut self, i: i64) {
        if self.counts.is_empty() {
            self.offset = i - 32;
            self.counts = vec![0; 64];
            return;
        }
        let span = self.counts.len() as i64;
        let slack = (span / 2).max(64);
        if i < self.offset {
            let new_offset = i - slack;
            let mut c = vec![0; (self.offset - new_offset) as usize];
            c.extend_from_slice(&self.counts);
            self.counts = c;
            self.offset = new_offset;
        } else {
            let new_len = (i - self.offset + 1 + slack) as usize;
            self.counts.resize(new_len, 0);
        }
    }

    fn merge(&mut self, other: &Store) {
        let Some(first) = other.counts.iter().position(|&c| c > 0) else {
            return;
        };
        let last = other.counts.iter().rposition(|&c| c > 0).unwrap_or(first);
        // Make room for both ends once, then add.
        self.add(other.offset + first as i64, 0);
        self.add(other.offset + last as i64, 0);
        for (k, &c) in other.counts[first..=last].iter().enumerate() {
            if c > 0 {
                self.add(other.offset + (first + k) as i64, c);
            }
        }
    }

    /// Occupied buckets with their counts, ascending index.
    fn buckets(&self) -> impl DoubleEndedIterator<Item = (i64, u32)> + '_ {
        self.counts
            .iter()
            .enumerate()
            .filter(|(_, c)| **c > 0)
            .map(|(k, c)| (self.offset + k as i64, *c))
    }
}

/// A quantile sketch of one variable in one year (see the module docs for its accuracy).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sketch {
    n: u64,
    positive: Store,
    negative: Store,
    zeros: u64,
    nans: u64,
    /// Smallest and largest value (by `f64::total_cmp`), with the number of values equal to each.
    min: f64,
    min_count: u64,
    max: f64,
    max_count: u64,
}

impl Sketch {
    /// An empty sketch.
    pub fn new() -> Self {
        Sketch::default()
    }

    /// Number of values added.
    pub fn count(&self) -> u64 {
        self.n
    }

    /// Adds one value.
    #[inline]
    pub fn add(&mut self, x: f64) {
        self.extremes(1, (x, 1), (x, 1));
        if x > 0.0 {
            self.positive.add(index(x), 1);
        } else if x < 0.0 {
            self.negative.add(index(-x), 1);
        } else if x == 0.0 {
            self.zeros += 1;
        } else {
            self.nans += 1;
        }
    }

    /// Adds every value of `xs`: the same sketch as [`Sketch::add`] value by value, faster when they are all
    /// positive and finite (the range is grown once, then the counts are incremented in a tight loop).
    pub fn add_slice(&mut self, xs: &[f64]) {
        let (mut lo, mut hi, mut ok) = (f64::INFINITY, 0.0f64, true);
        for &x in xs {
            ok &= x > 0.0 && x < f64::INFINITY;
            lo = lo.min(x);
            hi = hi.max(x);
        }
        if !ok || xs.is_empty() {
            xs.iter().for_each(|&x| self.add(x));
            return;
        }
        let lo_n = xs.iter().filter(|&&x| x == lo).count() as u64;
        let hi_n = xs.iter().filter(|&&x| x == hi).count() as u64;
        self.extremes(xs.len() as u64, (lo, lo_n), (hi, hi_n));
        let store = &mut self.positive;
        store.add(index(lo), 0);
        store.add(index(hi), 0);
        let offset = store.offset;
        for &x in xs {
            store.counts[(index(x) - offset) as usize] += 1;
        }
    }

    /// Adds `n` to the count and merges a minimum and a maximum (each with its count).
    fn extremes(&mut self, n: u64, (min, min_count): (f64, u64), (max, max_count): (f64, u64)) {
        if self.n == 0 {
            (self.min, self.min_count, self.max, self.max_count) = (min, min_count, max, max_count);
        } else {
            match min.total_cmp(&self.min) {
                std::cmp::Ordering::Less => (self.min, self.min_count) = (min, min_count),
                std::cmp::Ordering::Equal => self.min_count += min_count,
                _ => {}
            }
            match max.total_cmp(&self.max) {
                std::cmp::Ordering::Greater => (self.max, self.max_count) = (max, max_count),
                std::cmp::Ordering::Equal => self.max_count += max_count,
                _ => {}
            }
        }
        self.n += n;
    }

    /// Adds every value of `other` (exact: integer counts).
    pub fn merge(&mut self, other: &Sketch) {
        if other.n == 0 {
            return;
        }
        self.extremes(
            other.n,
            (other.min, other.min_count),
            (other.max, other.max_count),
        );
        self.positive.merge(&other.positive);
        self.negative.merge(&other.negative);
        self.zeros += other.zeros;
        self.nans += other.nans;
    }

    /// The order statistics of the given ranks (ascending, each `< count()`), in one pass over the buckets.
    fn ranked(&self, ranks: &[u64]) -> Vec<f64> {
        let mut out = Vec::with_capacity(ranks.len());
        let mut next = ranks.iter().peekable();
        let mut below = 0u64; // values in the buckets already passed
        let mut emit = |count: u64, value: &dyn Fn() -> f64, out: &mut Vec<f64>| {
            while let Some(&&r) = next.peek() {
                if r >= below + count {
                    break;
                }
                out.push(self.exact_or(r, value()));
                next.next();
            }
            below += count;
        };
        // Ascending: negatives by decreasing magnitude, zeros, positives, NaNs.
        for (i, c) in self.negative.buckets().rev() {
            emit(u64::from(c), &|| -representative(i), &mut out);
        }
        emit(self.zeros, &|| 0.0, &mut out);
        for (i, c) in self.positive.buckets() {
            emit(u64::from(c), &|| representative(i), &mut out);
        }
        emit(self.nans, &|| f64::NAN, &mut out);
        out
    }

    /// The exact minimum or maximum for the ranks they cover, else `estimate` kept within them.
    fn exact_or(&self, rank: u64, estimate: f64) -> f64 {
        if rank < self.min_count {
            self.min
        } else if rank >= self.n - self.max_count {
            self.max
        } else if estimate < self.min {
            self.min
        } else if estimate > self.max {
            self.max
        } else {
            estimate
        }
    }

    /// Type-7 quantiles for ascending probabilities `ps` (NaN for an empty sketch); see the module docs for
    /// the accuracy.
    pub fn quantiles(&self, ps: &[f64]) -> Vec<f64> {
        if self.n == 0 {
            return vec![f64::NAN; ps.len()];
        }
        let n = self.n;
        let mut ranks = Vec::with_capacity(2 * ps.len());
        let mut hs = Vec::with_capacity(ps.len());
        for &p in ps {
            let h = (n - 1) as f64 * p;
            let lo = (h.floor() as u64).min(n - 1);
            ranks.push(lo);
            ranks.push((lo + 1).min(n - 1));
            hs.push(h - lo as f64);
        }
        let mut sorted = ranks.clone();
        sorted.sort_unstable();
        sorted.dedup();
        let values = self.ranked(&sorted);
        let at = |r: u64| values[sorted.binary_search(&r).unwrap_or(0)];
        hs.iter()
            .enumerate()
            .map(|(k, &frac)| {
                let (x_lo, x_hi) = (at(ranks[2 * k]), at(ranks[2 * k + 1]));
                if frac == 0.0 || x_lo == x_hi {
                    x_lo
                } else {
                    x_lo + frac * (x_hi - x_lo)
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_narrow_and_ordered() {
        // Every bucket met by values across many octaves has hi/lo ≤ 1 + 1/5120 and holds the value.
        let mut x = 1e-6;
        while x < 1e9 {
            let i = index(x);
            let (lo, hi) = bounds(i);
            assert!(lo <= x && x < hi, "{x}: [{lo}, {hi})");
            assert!(hi / lo <= 1.0 + 1.0 / 5120.0 + 1e-15, "{x}: {}", hi / lo);
            let r = representative(i);
            assert!((r - x).abs() / x <= RELATIVE_ACCURACY, "{x}: {r}");
            assert!(index(x * 1.001) > i);
            x *= 1.0137;
        }
    }

    #[test]
    fn equal_values_and_extremes_are_exact() {
        let mut s = Sketch::new();
        for _ in 0..10 {
            s.add(330.0);
        }
        assert_eq!(s.quantiles(&[0.05, 0.5, 0.95]), vec![330.0; 3]);
        s.add(-2.0);
        s.add(0.0);
        s.add(f64::NAN);
        let q = s.quantiles(&[0.0, 1.0]);
        assert_eq!(q[0], -2.0);
        assert!(q[1].is_nan());
        assert!(Sketch::new().quantiles(&[0.5])[0].is_nan());
    }

    #[test]
    fn merge_is_independent_of_the_split() {
        let xs: Vec<f64> = (0..5000)
            .map(|i| ((i * 7919) % 5000) as f64 * 0.37 - 300.0)
            .collect();
        let mut one = Sketch::new();
        xs.iter().for_each(|&x| one.add(x));
        let (mut a, mut b) = (Sketch::new(), Sketch::new());
        xs.iter().step_by(2).for_each(|&x| a.add(x));
        xs.iter().skip(1).step_by(2).for_each(|&x| b.add(x));
        let mut ab = b.clone();
        ab.merge(&a);
        let ps = [0.05, 0.25, 0.5, 0.75, 0.95];
        assert_eq!(ab.quantiles(&ps), one.quantiles(&ps));
        a.merge(&b);
        assert_eq!(a.quantiles(&ps), one.quantiles(&ps));
        assert_eq!(a.count(), 5000);
        // add_slice gives the same sketch as adding value by value (positive values: the fast path).
        let pos: Vec<f64> = xs.iter().map(|x| x + 300.5).collect();
        let (mut one, mut many) = (Sketch::new(), Sketch::new());
        pos.iter().for_each(|&x| one.add(x));
        pos.chunks(700).for_each(|c| many.add_slice(c));
        assert_eq!(one.quantiles(&ps), many.quantiles(&ps));
        assert_eq!(one.count(), many.count());
    }
}
