//! The inventory: resources plus first-class relations between them, with indexes by address
//! and kind so rules ask questions in constant time.

use crate::relations;
use crate::resource::Resource;
use serde::Serialize;
use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub type ResourceId = usize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum RelationKind {
    /// A separate resource carries a setting of its owner (bucket versioning, SG rule,
    /// policy attachment). `from` is the setting, `to` the owner.
    Configures,
    /// `from` uses `to` (an instance and its security group, a trail and its KMS key).
    Uses,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Relation {
    pub from: ResourceId,
    pub to: ResourceId,
    pub kind: RelationKind,
    /// The attribute of `from` that makes the link (`bucket`, `security_group_id`).
    pub via: String,
}

#[derive(Clone, Debug, Default)]
pub struct Inventory {
    resources: Vec<Resource>,
    /// Several ids when roots of different scopes declare the same address.
    by_address: HashMap<String, Vec<ResourceId>>,
    by_kind: HashMap<String, Vec<ResourceId>>,
    relations: Vec<Relation>,
    /// Relations indexed by their `to` end.
    incoming: HashMap<ResourceId, Vec<usize>>,
    outgoing: HashMap<ResourceId, Vec<usize>>,
    /// Resources of a linking kind (a bucket setting, an SG rule…) whose pointer joined no
    /// owner: the only ones a view must still consider "possibly mine".
    unjoined: HashMap<String, Vec<ResourceId>>,
    /// Derived indexes built once per inventory by views (see [`Inventory::memo`]).
    memo: Memo,
}

/// A type-keyed cache of indexes derived from the inventory. Cloning an inventory starts a
/// fresh cache, since a clone is usually about to be changed.
#[derive(Default)]
struct Memo {
    by_type: Mutex<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>,
    /// Indexes that also depend on parameters (see [`Inventory::memo_keyed`]).
    by_type_and_key: Mutex<KeyedIndexes>,
}

type KeyedIndexes = HashMap<TypeId, HashMap<String, Arc<dyn Any + Send + Sync>>>;

impl Clone for Memo {
    fn clone(&self) -> Self {
        Memo::default()
    }
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Memo")
    }
}

impl Inventory {
    /// Builds the indexes and joins relations (see [`relations`]).
    pub fn new(resources: Vec<Resource>) -> Self {
        let mut inv = Inventory {
            resources,
            ..Default::default()
        };
        inv.reindex();
        inv
    }
    fn reindex(&mut self) {
        self.by_address.clear();
        self.by_kind.clear();
        for (i, r) in self.resources.iter().enumerate() {
            self.by_address
                .entry(r.address.clone())
                .or_default()
                .push(i);
            // few kinds, many resources: clone the kind only for its first resource
            match self.by_kind.get_mut(r.kind.as_str()) {
                Some(ids) => ids.push(i),
                None => {
                    self.by_kind.insert(r.kind.clone(), vec![i]);
                }
            }
        }
        self.relations = relations::join(self);
        self.incoming.clear();
        self.outgoing.clear();
        for (i, rel) in self.relations.iter().enumerate() {
            self.incoming.entry(rel.to).or_default().push(i);
            self.outgoing.entry(rel.from).or_default().push(i);
        }
        let mut unjoined: HashMap<String, Vec<ResourceId>> = HashMap::new();
        for link in relations::LINKS {
            for &id in self.ids_of_kind(link.from_kind) {
                if !self.outgoing.contains_key(&id) {
                    unjoined
                        .entry(link.from_kind.to_string())
                        .or_default()
                        .push(id);
                }
            }
        }
        self.unjoined = unjoined;
        for ids in self.unjoined.values_mut() {
            ids.sort_unstable();
            ids.dedup();
        }
        self.memo = Memo::default();
    }
    /// Resources of `kind` that point at no owner found in the inventory (their pointer is an
    /// unresolved reference or names something managed elsewhere).
    pub fn unjoined<'a>(&'a self, kind: &str) -> impl Iterator<Item = ResourceRef<'a>> + 'a {
        self.unjoined
            .get(kind)
            .map(Vec::as_slice)
            .unwrap_or(&[])
            .iter()
            .map(move |&id| ResourceRef {
                inventory: self,
                id,
            })
    }
    /// An index derived from this inventory, built on first use and shared by every later
    /// caller (rules run in parallel over the same inventory). Keyed by the index's type, so
    /// each view defines its own type. Use this instead of scanning all resources of a kind
    /// for every resource checked, which is quadratic.
    pub fn memo<T: Any + Send + Sync>(&self, build: impl FnOnce(&Inventory) -> T) -> Arc<T> {
        let key = TypeId::of::<T>();
        let lock = || match self.memo.by_type.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some(found) = lock()
            .get(&key)
            .cloned()
            .and_then(|a| a.downcast::<T>().ok())
        {
            return found;
        }
        // built without the lock held, so a build may itself use other memos; two threads may
        // build the same index at once, and the first one stored wins
        let built = Arc::new(build(self));
        let mut cache = lock();
        if let Some(found) = cache
            .get(&key)
            .cloned()
            .and_then(|a| a.downcast::<T>().ok())
        {
            return found;
        }
        cache.insert(key, built.clone());
        built
    }
    /// Like [`Inventory::memo`], for an index that also depends on parameters (the kind it
    /// indexes, the attribute it follows): one index per type and distinct `key`.
    pub fn memo_keyed<T: Any + Send + Sync>(
        &self,
        key: &str,
        build: impl FnOnce(&Inventory) -> T,
    ) -> Arc<T> {
        let type_key = TypeId::of::<T>();
        let lock = || match self.memo.by_type_and_key.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        let find = |cache: &KeyedIndexes| {
            cache
                .get(&type_key)
                .and_then(|m| m.get(key))
                .cloned()
                .and_then(|a| a.downcast::<T>().ok())
        };
        if let Some(found) = find(&lock()) {
            return found;
        }
        // built without the lock held, as in `memo`
        let built = Arc::new(build(self));
        let mut cache = lock();
        if let Some(found) = find(&cache) {
            return found;
        }
        cache
            .entry(type_key)
            .or_default()
            .insert(key.to_string(), built.clone());
        built
    }
    pub fn resources(&self) -> &[Resource] {
        &self.resources
    }
    pub fn into_resources(self) -> Vec<Resource> {
        self.resources
    }
    pub fn len(&self) -> usize {
        self.resources.len()
    }
    pub fn is_empty(&self) -> bool {
        self.resources.is_empty()
    }
    pub fn get(&self, id: ResourceId) -> Option<&Resource> {
        self.resources.get(id)
    }
    /// The resource with this address (the first one when several scopes declare it; use
    /// [`Inventory::id_in_scope`] to follow a reference).
    pub fn id_of(&self, address: &str) -> Option<ResourceId> {
        self.by_address
            .get(address)
            .and_then(|ids| ids.first().copied())
    }
    /// The resource with this address in `scope`; when the address exists in one scope only,
    /// that one (a reference from a resource with no scope still resolves).
    pub fn id_in_scope(&self, scope: &str, address: &str) -> Option<ResourceId> {
        let ids = self.by_address.get(address)?;
        match ids.as_slice() {
            [only] => Some(*only),
            many => many
                .iter()
                .copied()
                .find(|&id| self.resources.get(id).is_some_and(|r| &*r.scope == scope)),
        }
    }
    pub fn by_address(&self, address: &str) -> Option<ResourceRef<'_>> {
        // first match; see id_in_scope
        self.id_of(address).map(|id| ResourceRef {
            inventory: self,
            id,
        })
    }
    pub fn ids_of_kind(&self, kind: &str) -> &[ResourceId] {
        self.by_kind.get(kind).map(Vec::as_slice).unwrap_or(&[])
    }
    pub fn of_kind<'a>(&'a self, kind: &str) -> impl Iterator<Item = ResourceRef<'a>> + 'a {
        self.ids_of_kind(kind).iter().map(move |&id| ResourceRef {
            inventory: self,
            id,
        })
    }
    pub fn iter(&self) -> impl Iterator<Item = ResourceRef<'_>> {
        (0..self.resources.len()).map(move |id| ResourceRef {
            inventory: self,
            id,
        })
    }
    pub fn relations(&self) -> &[Relation] {
        &self.relations
    }
    pub fn resource_ref(&self, id: ResourceId) -> Option<ResourceRef<'_>> {
        (id < self.resources.len()).then_some(ResourceRef {
            inventory: self,
            id,
        })
    }
    /// Adds resources (e.g. merged from another source) and rebuilds the indexes.
    pub fn extend(&mut self, more: Vec<Resource>) {
        self.resources.extend(more);
        self.reindex();
    }
}

/// A resource together with the inventory it lives in, so views can follow relations.
#[derive(Clone, Copy, Debug)]
pub struct ResourceRef<'a> {
    pub inventory: &'a Inventory,
    pub id: ResourceId,
}

impl<'a> ResourceRef<'a> {
    pub fn resource(&self) -> &'a Resource {
        // ids are only made by the inventory, for indexes it holds
        &self.inventory.resources[self.id]
    }
    /// Follows a reference address from this resource, within its scope.
    pub fn resolve(&self, address: &str) -> Option<ResourceRef<'a>> {
        let inv = self.inventory;
        inv.id_in_scope(&self.resource().scope, address)
            .map(|id| ResourceRef { inventory: inv, id })
    }
    /// Resources of `kind` that point at this one (e.g. `aws_s3_bucket_versioning` of a
    /// bucket), whatever the relation kind.
    pub fn related(&self, kind: &'a str) -> impl Iterator<Item = ResourceRef<'a>> + 'a {
        let inv = self.inventory;
        inv.incoming
            .get(&self.id)
            .map(Vec::as_slice)
            .unwrap_or(&[])
            .iter()
            .filter_map(move |&ri| inv.relations.get(ri))
            .filter(move |rel| inv.resources.get(rel.from).is_some_and(|r| r.kind == kind))
            .map(move |rel| ResourceRef {
                inventory: inv,
                id: rel.from,
            })
    }
    /// Resources of `kind` this one points at (an instance's security groups).
    pub fn uses(&self, kind: &'a str) -> impl Iterator<Item = ResourceRef<'a>> + 'a {
        let inv = self.inventory;
        inv.outgoing
            .get(&self.id)
            .map(Vec::as_slice)
            .unwrap_or(&[])
            .iter()
            .filter_map(move |&ri| inv.relations.get(ri))
            .filter(move |rel| inv.resources.get(rel.to).is_some_and(|r| r.kind == kind))
            .map(move |rel| ResourceRef {
                inventory: inv,
                id: rel.to,
            })
    }
}

impl std::ops::Deref for ResourceRef<'_> {
    type Target = Resource;
    fn deref(&self) -> &Resource {
        self.resource()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::{Origin, Position, Span};

    fn resource(kind: &str, address: &str) -> Resource {
        let at = Position { line: 1, column: 1 };
        let span = Span {
            file: Arc::from("main.tf"),
            start_byte: 0,
            end_byte: 0,
            start: at,
            end: at,
        };
        Resource::new(kind, address, Origin::Code { span })
    }

    #[test]
    fn keyed_memos_are_built_once_per_key_and_apart_per_key() {
        let inv = Inventory::new(vec![resource("a", "a.x"), resource("b", "b.y")]);
        let builds = std::sync::atomic::AtomicUsize::new(0);
        let count = |kind: &str| {
            inv.memo_keyed(kind, |inv| {
                builds.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                inv.of_kind(kind).count()
            })
        };
        assert_eq!(*count("a"), 1);
        assert_eq!(*count("a"), 1);
        assert_eq!(*count("c"), 0);
        assert_eq!(builds.load(std::sync::atomic::Ordering::Relaxed), 2);
        // a keyed memo is apart from the plain memo of the same type
        assert_eq!(*inv.memo(|_| 7usize), 7);
        assert_eq!(*count("a"), 1);
    }
}
