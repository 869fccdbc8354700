//! Typed data straight into Rego values: a `serde::Serializer` whose output is a
//! `regorus::Value`.
//!
//! The policy input used to be written as JSON text and parsed back, which held the text, its
//! parse and the result at once and was the largest phase of a large check. Building values
//! directly skips the text. Strings are interned while a value is built: an estate repeats the
//! same states, regions, locations, bandwidths, devices, accounts and field names across every
//! connection, and one shared string per distinct value of a field keeps the input a fraction of
//! the size. Fields whose values hardly repeat (ids, names) are not interned (see `PROBATION`).
//!
//! The values are the ones `regorus::Value::from_json_str` gives for the same data written as
//! JSON: non-negative integers as unsigned, non-finite floats as null, `None` as null, maps with
//! their keys sorted.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

use regorus::Value;
use serde::Serialize;
use serde::ser::{self, Impossible};

use super::hashing::{FastMap, FastSet};

/// Why a value could not become a Rego value.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ValueError(String);

impl ser::Error for ValueError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Self(msg.to_string())
    }
}

/// `value` as a Rego value, with its strings interned.
pub fn to_value<T: Serialize + ?Sized>(value: &T) -> Result<Value, ValueError> {
    ValueBuilder::default().value(value)
}

/// Converts values one after another, sharing one table of interned strings.
#[derive(Default)]
pub struct ValueBuilder {
    strings: Interner,
}

impl ValueBuilder {
    pub fn value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<Value, ValueError> {
        value.serialize(Builder::new(&mut self.strings))
    }
}

/// Distinct strings seen so far, each held once as a `Value::String`, and what is known of each
/// field of a struct.
#[derive(Default)]
struct Interner {
    set: FastSet<Interned>,
    /// Fields by the address of their `&'static str` name: serde hands over the same name with
    /// every struct of a type, so it is found without hashing its text.
    by_address: FastMap<(usize, usize), u32>,
    /// Fields by the address of their interned name (one per text for the interner's life).
    by_name: FastMap<usize, u32>,
    fields: Vec<Field>,
}

/// One field name: its value, its rank among all field names in text order (objects are
/// sorted by key, and comparing ranks is cheaper than comparing text), its own interned
/// values, and how often a value was found there already.
struct Field {
    name: Value,
    rank: u32,
    /// A field with a handful of distinct values (states, regions, bandwidths) is searched in a
    /// table that stays in cache, not in one of every string of the estate.
    values: FastSet<Interned>,
    lookups: u32,
    hits: u32,
}

/// A field whose first values hardly ever repeat (ids, names, timestamps: unique per resource)
/// is no longer interned: its table would only grow (a hash, a probe and a cache miss a value)
/// for no sharing. Anything that repeats now and then is kept: customer accounts or parent ids
/// in no particular order repeat little at first and a great deal over a whole estate.
const PROBATION: u32 = 1024;

/// Field names given their own table and rank: the model has about sixty.
const MAX_FIELDS: usize = 256;

impl Field {
    fn interning(&self) -> bool {
        self.lookups < PROBATION || self.hits * 32 >= self.lookups
    }
}

impl Interner {
    fn string(&mut self, s: &str) -> Value {
        intern(&mut self.set, s).0
    }

    /// A string value of field `field`.
    fn field_string(&mut self, field: u32, s: &str) -> Value {
        let Some(field) = self.fields.get_mut(field as usize) else {
            return self.string(s);
        };
        if !field.interning() {
            return Value::from(s);
        }
        let (value, hit) = intern(&mut field.values, s);
        field.lookups += 1;
        field.hits += u32::from(hit);
        value
    }

    /// The field a struct's `&'static str` name stands for.
    fn static_field(&mut self, name: &'static str) -> (u32, Value) {
        let address = (name.as_ptr() as usize, name.len());
        if let Some(found) = self
            .by_address
            .get(&address)
            .and_then(|&id| Some((id, self.fields.get(id as usize)?.name.clone())))
        {
            return found;
        }
        let value = self.string(name);
        let id = self.field(&value);
        self.by_address.insert(address, id);
        (id, value)
    }

    /// The field named by `name`, a string this interner interned; `u32::MAX` (no field: plain
    /// interning, and the object's own sort) past `MAX_FIELDS`.
    fn field(&mut self, name: &Value) -> u32 {
        let Value::String(text) = name else {
            return u32::MAX;
        };
        let address = text.as_ptr() as usize;
        if let Some(&id) = self.by_name.get(&address) {
            return id;
        }
        // Unknown keys of the user's inventory reach here too (kept in `extra`): a file with a
        // new key on every connection must not make a table and a renumbering for each.
        if self.fields.len() >= MAX_FIELDS {
            return u32::MAX;
        }
        let id = u32::try_from(self.fields.len()).unwrap_or(u32::MAX);
        self.fields.push(Field {
            name: name.clone(),
            rank: 0,
            values: FastSet::default(),
            lookups: 0,
            hits: 0,
        });
        self.by_name.insert(address, id);
        // New names are rare (a few dozen), so every rank is simply numbered again.
        let mut order: Vec<usize> = (0..self.fields.len()).collect();
        order.sort_by(|&a, &b| self.fields[a].name.cmp(&self.fields[b].name));
        for (rank, i) in order.into_iter().enumerate() {
            self.fields[i].rank = u32::try_from(rank).unwrap_or(u32::MAX);
        }
        id
    }

    /// An object from fields in any order: sorted by rank, so that the map's own sort only
    /// confirms the order (one comparison a key).
    fn object(&self, mut fields: Vec<(u32, Value, Value)>) -> Value {
        let rank = |id: u32| self.fields.get(id as usize).map_or(u32::MAX, |f| f.rank);
        fields.sort_by_key(|(id, _, _)| rank(*id));
        object(
            fields
                .into_iter()
                .map(|(_, name, value)| (name, value))
                .collect(),
        )
    }
}

/// The value of `s` in `set`, and whether it was there already.
fn intern(set: &mut FastSet<Interned>, s: &str) -> (Value, bool) {
    if let Some(found) = set.get(s) {
        return (found.0.clone(), true);
    }
    let value = Value::from(s);
    set.insert(Interned(value.clone()));
    (value, false)
}

/// A `Value::String` that hashes and compares as its text, so the set can be searched by `&str`.
struct Interned(Value);

impl Interned {
    fn text(&self) -> &str {
        match &self.0 {
            Value::String(s) => s,
            _ => "",
        }
    }
}

impl PartialEq for Interned {
    fn eq(&self, other: &Self) -> bool {
        self.text() == other.text()
    }
}

impl Eq for Interned {}

impl Hash for Interned {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.text().hash(state);
    }
}

impl std::borrow::Borrow<str> for Interned {
    fn borrow(&self) -> &str {
        self.text()
    }
}

struct Builder<'a> {
    strings: &'a mut Interner,
    /// The struct field whose value this is, if any (the elements of an array inherit it).
    field: Option<u32>,
}

impl<'a> Builder<'a> {
    fn new(strings: &'a mut Interner) -> Self {
        Self {
            strings,
            field: None,
        }
    }

    fn reborrow(&mut self) -> Builder<'_> {
        Builder {
            strings: &mut *self.strings,
            field: self.field,
        }
    }
}

fn unsigned_or_signed(v: i64) -> Value {
    match u64::try_from(v) {
        Ok(u) => Value::from(u),
        Err(_) => Value::from(v),
    }
}

fn object(entries: Vec<(Value, Value)>) -> Value {
    // Collecting into a BTreeMap sorts once and keeps the last of duplicate keys, as a JSON
    // parse would.
    Value::from(entries.into_iter().collect::<BTreeMap<Value, Value>>())
}

impl<'a> ser::Serializer for Builder<'a> {
    type Ok = Value;
    type Error = ValueError;
    type SerializeSeq = Seq<'a>;
    type SerializeTuple = Seq<'a>;
    type SerializeTupleStruct = Seq<'a>;
    type SerializeTupleVariant = Impossible<Value, ValueError>;
    type SerializeMap = Map<'a>;
    type SerializeStruct = Struct<'a>;
    type SerializeStructVariant = Impossible<Value, ValueError>;

    fn serialize_bool(self, v: bool) -> Result<Value, ValueError> {
        Ok(Value::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<Value, ValueError> {
        Ok(unsigned_or_signed(i64::from(v)))
    }
    fn serialize_i16(self, v: i16) -> Result<Value, ValueError> {
        Ok(unsigned_or_signed(i64::from(v)))
    }
    fn serialize_i32(self, v: i32) -> Result<Value, ValueError> {
        Ok(unsigned_or_signed(i64::from(v)))
    }
    fn serialize_i64(self, v: i64) -> Result<Value, ValueError> {
        Ok(unsigned_or_signed(v))
    }
    fn serialize_u8(self, v: u8) -> Result<Value, ValueError> {
        Ok(Value::from(u64::from(v)))
    }
    fn serialize_u16(self, v: u16) -> Result<Value, ValueError> {
        Ok(Value::from(u64::from(v)))
    }
    fn serialize_u32(self, v: u32) -> Result<Value, ValueError> {
        Ok(Value::from(u64::from(v)))
    }
    fn serialize_u64(self, v: u64) -> Result<Value, ValueError> {
        Ok(Value::from(v))
    }
    fn serialize_f32(self, v: f32) -> Result<Value, ValueError> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<Value, ValueError> {
        // JSON has no NaN or infinity: serde_json writes them as null.
        Ok(if v.is_finite() {
            Value::from(v)
        } else {
            Value::Null
        })
    }
    fn serialize_char(self, v: char) -> Result<Value, ValueError> {
        let mut buf = [0u8; 4];
        Ok(self.strings.string(v.encode_utf8(&mut buf)))
    }
    fn serialize_str(self, v: &str) -> Result<Value, ValueError> {
        Ok(match self.field {
            Some(field) => self.strings.field_string(field, v),
            None => self.strings.string(v),
        })
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Value, ValueError> {
        Ok(Value::from(
            v.iter()
                .map(|&b| Value::from(u64::from(b)))
                .collect::<Vec<_>>(),
        ))
    }
    fn serialize_none(self) -> Result<Value, ValueError> {
        Ok(Value::Null)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Value, ValueError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Value, ValueError> {
        Ok(Value::Null)
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<Value, ValueError> {
        Ok(Value::Null)
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Value, ValueError> {
        Ok(self.strings.string(variant))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<Value, ValueError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Value, ValueError> {
        let key = self.strings.string(variant);
        let inner = value.serialize(Builder::new(&mut *self.strings))?;
        Ok(object(vec![(key, inner)]))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Seq<'a>, ValueError> {
        Ok(Seq {
            builder: self,
            items: Vec::with_capacity(len.unwrap_or(0)),
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq<'a>, ValueError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Seq<'a>, ValueError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, ValueError> {
        Err(ser::Error::custom(format!(
            "{name}::{variant}: tuple variants have no Rego form"
        )))
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Map<'a>, ValueError> {
        Ok(Map {
            strings: self.strings,
            fields: len.is_none(),
            entries: Vec::with_capacity(len.unwrap_or(16)),
            key: None,
        })
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Struct<'a>, ValueError> {
        Ok(Struct {
            strings: self.strings,
            fields: Vec::with_capacity(len),
        })
    }
    fn serialize_struct_variant(
        self,
        name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, ValueError> {
        Err(ser::Error::custom(format!(
            "{name}::{variant}: struct variants have no Rego form"
        )))
    }
}

struct Seq<'a> {
    builder: Builder<'a>,
    items: Vec<Value>,
}

impl Seq<'_> {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ValueError> {
        self.items.push(value.serialize(self.builder.reborrow())?);
        Ok(())
    }
}

/// Sequences, tuples and tuple structs all become arrays; serde names their element method
/// differently.
macro_rules! array_serializer {
    ($($trait:ident::$method:ident),*) => {$(
        impl ser::$trait for Seq<'_> {
            type Ok = Value;
            type Error = ValueError;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ValueError> {
                self.push(value)
            }
            fn end(self) -> Result<Value, ValueError> {
                Ok(Value::from(self.items))
            }
        }
    )*};
}

array_serializer!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field
);

/// An object whose keys come at run time. serde writes a struct with a flattened map as a map
/// of unknown length; its keys are field names like a struct's, so they get fields' treatment.
/// Only speed depends on that guess, never the value.
struct Map<'a> {
    strings: &'a mut Interner,
    fields: bool,
    entries: Vec<(u32, Value, Value)>,
    key: Option<(u32, Value)>,
}

impl ser::SerializeMap for Map<'_> {
    type Ok = Value;
    type Error = ValueError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), ValueError> {
        // JSON object keys are strings: numbers and other scalars become their text, as
        // serde_json writes them.
        let key = match key.serialize(Builder::new(&mut *self.strings))? {
            k @ Value::String(_) => k,
            Value::Number(n) => self.strings.string(&n.format_decimal()),
            Value::Bool(b) => self.strings.string(if b { "true" } else { "false" }),
            other => {
                return Err(ser::Error::custom(format!(
                    "object key {other} is not a string"
                )));
            }
        };
        let field = if self.fields {
            self.strings.field(&key)
        } else {
            u32::MAX
        };
        self.key = Some((field, key));
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ValueError> {
        let (field, key) = self
            .key
            .take()
            .ok_or_else(|| <ValueError as ser::Error>::custom("map value without a key"))?;
        let value = value.serialize(Builder {
            strings: &mut *self.strings,
            field: self.fields.then_some(field),
        })?;
        self.entries.push((field, key, value));
        Ok(())
    }
    fn end(self) -> Result<Value, ValueError> {
        // Keys that are no field (`u32::MAX`) all rank last: the map's own sort orders them.
        Ok(self.strings.object(self.entries))
    }
}

struct Struct<'a> {
    strings: &'a mut Interner,
    /// Field ids, names and values, in the order serde gives them.
    fields: Vec<(u32, Value, Value)>,
}

impl ser::SerializeStruct for Struct<'_> {
    type Ok = Value;
    type Error = ValueError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), ValueError> {
        let (field, name) = self.strings.static_field(key);
        let value = value.serialize(Builder {
            strings: &mut *self.strings,
            field: Some(field),
        })?;
        self.fields.push((field, name, value));
        Ok(())
    }
    fn end(self) -> Result<Value, ValueError> {
        Ok(self.strings.object(self.fields))
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Sample {
        connection_id: String,
        vlan: i32,
        offset: i64,
        loa_issue_time: f64,
        not_a_number: f64,
        absent: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<String>,
        jumbo: bool,
        tags: Vec<BTreeMap<String, String>>,
        by_vlan: BTreeMap<i32, Vec<usize>>,
        #[serde(flatten)]
        extra: BTreeMap<String, serde_json::Value>,
    }

    fn sample() -> Sample {
        Sample {
            connection_id: "dxcon-1".into(),
            vlan: 101,
            offset: -3,
            loa_issue_time: 1_732_000_000.5,
            not_a_number: f64::NAN,
            absent: None,
            skipped: None,
            jumbo: true,
            tags: vec![BTreeMap::from([
                ("key".to_string(), "team".to_string()),
                ("value".to_string(), "net".to_string()),
            ])],
            by_vlan: BTreeMap::from([(7, vec![0, 2])]),
            extra: BTreeMap::from([
                (
                    "zNew".to_string(),
                    serde_json::json!({"b": [1, 2.5, null], "a": "x"}),
                ),
                ("aNew".to_string(), serde_json::json!(-1)),
            ]),
        }
    }

    #[test]
    fn gives_the_value_a_json_round_trip_gives() {
        let s = sample();
        let direct = to_value(&s).expect("value");
        let via_text =
            Value::from_json_str(&serde_json::to_string(&s).expect("json")).expect("parse");
        assert_eq!(direct, via_text);
        // The same JSON text back out, byte for byte.
        assert_eq!(
            direct.to_json_str().expect("json"),
            via_text.to_json_str().expect("json")
        );
    }

    #[test]
    fn equal_strings_share_one_allocation() {
        let rows: Vec<BTreeMap<&str, &str>> = (0..3)
            .map(|_| BTreeMap::from([("connectionState", "available")]))
            .collect();
        let v = to_value(&rows).expect("value");
        let rows = v.as_array().expect("array");
        let state = |i: usize| {
            let row = rows[i].as_object().expect("object");
            match row.get(&Value::from("connectionState")) {
                Some(Value::String(s)) => s.clone(),
                other => panic!("not a string: {other:?}"),
            }
        };
        assert!(std::ptr::eq(state(0).as_ptr(), state(2).as_ptr()));
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Row {
        connection_id: String,
        connection_state: &'static str,
        #[serde(flatten)]
        extra: BTreeMap<String, String>,
    }

    #[test]
    fn many_rows_unique_ids_and_repeated_states() {
        // Past the probation of the unique field, and with a flattened map (serde's unsized
        // map): the value is still exactly the JSON round trip's.
        let rows: Vec<Row> = (0..3000)
            .map(|i| Row {
                connection_id: format!("dxcon-{i:08x}"),
                connection_state: if i % 3 == 0 { "down" } else { "available" },
                extra: BTreeMap::from([("zeta".to_string(), format!("{}", i % 7))]),
            })
            .collect();
        let mut builder = ValueBuilder::default();
        let direct: Vec<Value> = rows
            .iter()
            .map(|r| builder.value(r).expect("value"))
            .collect();
        let via_text =
            Value::from_json_str(&serde_json::to_string(&rows).expect("json")).expect("parse");
        assert_eq!(Value::from(direct.clone()), via_text);
        let state = |i: usize| match direct[i]
            .as_object()
            .expect("object")
            .get(&Value::from("connectionState"))
        {
            Some(Value::String(s)) => s.clone(),
            other => panic!("not a string: {other:?}"),
        };
        assert!(std::ptr::eq(state(1).as_ptr(), state(2998).as_ptr()));
    }
}
