//! Shared, immutable text: the names a million records repeat (region, category, fuel, unit, file, sheet)
//! held once and shared by reference count, instead of one owned `String` per record.
//!
//! [`Shared`] reads like a `&str` (it derefs to `str`, compares with `str`, `&str` and `String`, prints
//! and serialises as the text itself), so code that reads records needs no change; code that builds them
//! writes `.into()` where it gave a `String`. An [`Interner`] hands out one `Shared` per distinct text, so
//! that equal names share one allocation. [`FactorIds`] is the list of factor ids of an emission figure,
//! shared by every figure citing the same factors.

use serde::{Serialize, Serializer};
use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

/// An immutable, cheaply cloned string (an `Arc<str>`): cloning it copies a pointer, not the text.
#[derive(Clone, Eq, PartialOrd, Ord)]
pub struct Shared(Arc<str>);

/// The text's hash (as `str`'s, so that a `Shared` key is found by a `&str`).
impl std::hash::Hash for Shared {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (*self.0).hash(state)
    }
}

/// Equal texts; two clones of one copy are equal without comparing their bytes (names repeat a million
/// times, mostly as clones of one interned copy).
impl PartialEq for Shared {
    fn eq(&self, other: &Shared) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || *self.0 == *other.0
    }
}

impl Shared {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True when both are the same copy (then they are equal; equal texts may be different copies).
    pub fn ptr_eq(a: &Shared, b: &Shared) -> bool {
        Arc::ptr_eq(&a.0, &b.0)
    }
}

impl Default for Shared {
    fn default() -> Self {
        Shared::from("")
    }
}

impl Deref for Shared {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Shared {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Shared {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Shared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Shared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl Serialize for Shared {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl From<&str> for Shared {
    fn from(s: &str) -> Self {
        Shared(Arc::from(s))
    }
}

impl From<String> for Shared {
    fn from(s: String) -> Self {
        Shared(Arc::from(s))
    }
}

impl From<&String> for Shared {
    fn from(s: &String) -> Self {
        Shared(Arc::from(s.as_str()))
    }
}

impl From<&Shared> for Shared {
    fn from(s: &Shared) -> Self {
        s.clone()
    }
}

impl From<Arc<str>> for Shared {
    fn from(s: Arc<str>) -> Self {
        Shared(s)
    }
}

impl From<Shared> for String {
    fn from(s: Shared) -> Self {
        s.0.to_string()
    }
}

impl PartialEq<str> for Shared {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Shared {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for Shared {
    fn eq(&self, other: &String) -> bool {
        &*self.0 == other.as_str()
    }
}

impl PartialEq<Shared> for str {
    fn eq(&self, other: &Shared) -> bool {
        self == &*other.0
    }
}

impl PartialEq<Shared> for &str {
    fn eq(&self, other: &Shared) -> bool {
        *self == &*other.0
    }
}

impl PartialEq<Shared> for String {
    fn eq(&self, other: &Shared) -> bool {
        self.as_str() == &*other.0
    }
}

/// One [`Shared`] per distinct text: equal names read from a million rows share one allocation.
#[derive(Clone, Debug, Default)]
pub struct Interner {
    seen: rustc_hash::FxHashSet<Shared>,
}

impl Interner {
    /// An empty interner.
    pub fn new() -> Self {
        Interner::default()
    }

    /// The shared copy of `text` (made on first sight).
    pub fn get(&mut self, text: &str) -> Shared {
        if let Some(s) = self.seen.get(text) {
            return s.clone();
        }
        let s = Shared::from(text);
        self.seen.insert(s.clone());
        s
    }
}

/// The ids of the factors behind an emission figure, in the order of its equation; shared (one
/// allocation) by every figure citing the same factors. Reads like a `[String]`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct FactorIds(Arc<[String]>);

impl Deref for FactorIds {
    type Target = [String];
    fn deref(&self) -> &[String] {
        &self.0
    }
}

impl FromIterator<String> for FactorIds {
    fn from_iter<I: IntoIterator<Item = String>>(it: I) -> Self {
        FactorIds(it.into_iter().collect())
    }
}

impl<'a> IntoIterator for &'a FactorIds {
    type Item = &'a String;
    type IntoIter = std::slice::Iter<'a, String>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl fmt::Debug for FactorIds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl Serialize for FactorIds {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl From<Vec<String>> for FactorIds {
    fn from(v: Vec<String>) -> Self {
        FactorIds(v.into())
    }
}

impl<const N: usize> PartialEq<[&str; N]> for FactorIds {
    fn eq(&self, other: &[&str; N]) -> bool {
        self.0.len() == N && self.0.iter().zip(other).all(|(a, b)| a == b)
    }
}

impl PartialEq<Vec<String>> for FactorIds {
    fn eq(&self, other: &Vec<String>) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Vec<&str>> for FactorIds {
    fn eq(&self, other: &Vec<&str>) -> bool {
        self.0.len() == other.len() && self.0.iter().zip(other).all(|(a, b)| a == b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interned_texts_share_one_allocation_and_read_like_str() {
        let mut i = Interner::new();
        let a = i.get("Hubei");
        let b = i.get(&String::from("Hubei"));
        assert!(Arc::ptr_eq(&a.0, &b.0));
        assert_eq!(a, "Hubei");
        assert_eq!(a.as_str(), "Hubei");
        assert_eq!(a.to_string(), "Hubei");
        assert_eq!(serde_json::to_string(&a).unwrap(), "\"Hubei\"");
        assert_eq!(format!("{a:?}"), "\"Hubei\"");
        let ids = FactorIds::from(vec!["x".to_string(), "y".to_string()]);
        assert_eq!(ids, ["x", "y"]);
        assert_eq!(ids.join(" ; "), "x ; y");
        assert_eq!(serde_json::to_string(&ids).unwrap(), "[\"x\",\"y\"]");
    }
}
