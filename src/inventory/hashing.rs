//! A fast hasher for the maps that group or intern an inventory's strings.
//!
//! The keys are short (ids, states, accounts) and come from the user's own inventory: there is
//! no adversary to defend against with SipHash, and a collision costs time, never correctness.
//! This is the multiply-rotate scheme of rustc's FxHash, eight bytes at a time, with a
//! finalizer: a product's low bits depend only on its factors' low bits, so without one, ids
//! that differ only in their later characters ("dxcon-0001a2b3" and "dxcon-0001a2b4") got the
//! same low bits, which is what a hash table picks buckets by; every lookup then compared
//! strings along a long chain (a fifth of building the policy input).

use std::hash::{BuildHasherDefault, Hasher};

pub type FastMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<FastHasher>>;
pub type FastSet<K> = std::collections::HashSet<K, BuildHasherDefault<FastHasher>>;

/// A map of `capacity` entries that will not rehash as it fills.
pub fn map_with_capacity<K, V>(capacity: usize) -> FastMap<K, V> {
    FastMap::with_capacity_and_hasher(capacity, BuildHasherDefault::default())
}

#[derive(Default, Clone, Copy)]
pub struct FastHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FastHasher {
    fn finish(&self) -> u64 {
        // MurmurHash3's fmix64: every input bit reaches every output bit.
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn write_i32(&mut self, i: i32) {
        self.add(u64::from(i.cast_unsigned()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{BuildHasher, Hash};

    fn hash<T: Hash>(t: T) -> u64 {
        BuildHasherDefault::<FastHasher>::default().hash_one(t)
    }

    #[test]
    fn different_short_strings_hash_differently() {
        // str's Hash adds a 0xff terminator, so "ab" + "" and "a" + "b" differ as keys too.
        let ids = [
            "dxcon-1",
            "dxcon-2",
            "dxcon-10",
            "available",
            "down",
            "",
            "a",
            "ab",
        ];
        let hashes: std::collections::BTreeSet<u64> = ids.iter().map(hash).collect();
        assert_eq!(hashes.len(), ids.len());
        assert_eq!(hash("dxcon-1"), hash("dxcon-1"));
        assert_ne!(hash(("a", "bc")), hash(("ab", "c")));
    }

    #[test]
    fn ids_differing_in_their_last_characters_spread_over_buckets() {
        // A table of 4,096 buckets uses the low 12 bits. Ids that differ only in their last
        // two characters must not crowd into a few of them.
        let mut buckets = std::collections::BTreeSet::new();
        for i in 0..4096u32 {
            let id = format!("dxcon-ffff{:04x}", i);
            buckets.insert(hash(id.as_str()) & 0xfff);
        }
        assert!(buckets.len() > 2500, "{} buckets used", buckets.len());
        // Addresses are multiples of 8: their hashes must still use every low bit.
        let low: std::collections::BTreeSet<u64> = (0..64usize)
            .map(|i| hash(0x7f00_0000_1000 + i * 8) & 7)
            .collect();
        assert_eq!(low.len(), 8);
    }

    #[test]
    fn maps_work_with_it() {
        let mut m: FastMap<&str, usize> = map_with_capacity(4);
        for (i, k) in ["x", "y", "x"].iter().enumerate() {
            *m.entry(k).or_default() += i;
        }
        assert_eq!(m["x"], 2);
        assert_eq!(m["y"], 1);
    }
}
