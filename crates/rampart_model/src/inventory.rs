//! The inventory: resources plus first-class relations between them, with indexes by address
//! and kind so rules ask questions in constant time.

use crate::relations;
use crate::resource::Resource;
use serde::Serialize;
use std::collections::HashMap;

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
    by_address: HashMap<String, ResourceId>,
    by_kind: HashMap<String, Vec<ResourceId>>,
    relations: Vec<Relation>,
    /// Relations indexed by their `to` end.
    incoming: HashMap<ResourceId, Vec<usize>>,
    outgoing: HashMap<ResourceId, Vec<usize>>,
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
            self.by_address.insert(r.address.clone(), i);
            self.by_kind.entry(r.kind.clone()).or_default().push(i);
        }
        self.relations = relations::join(self);
        self.incoming.clear();
        self.outgoing.clear();
        for (i, rel) in self.relations.iter().enumerate() {
            self.incoming.entry(rel.to).or_default().push(i);
            self.outgoing.entry(rel.from).or_default().push(i);
        }
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
    pub fn id_of(&self, address: &str) -> Option<ResourceId> {
        self.by_address.get(address).copied()
    }
    pub fn by_address(&self, address: &str) -> Option<ResourceRef<'_>> {
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
