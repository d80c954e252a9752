//! Where a resource or attribute came from: a byte and line/column span in a file, or a live
//! cloud identity.

use serde::Serialize;
use std::sync::Arc;

/// 1-based line and column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Default)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Span {
    /// Path as given on the command line joined with the path inside it (stable, relative
    /// when the user gave a relative path).
    pub file: Arc<str>,
    pub start_byte: usize,
    pub end_byte: usize,
    pub start: Position,
    pub end: Position,
}

/// Maps byte offsets of a text to 1-based line/column (columns count characters).
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { line_starts }
    }
    pub fn position(&self, text: &str, byte: usize) -> Position {
        let byte = byte.min(text.len());
        let line = self
            .line_starts
            .partition_point(|&s| s <= byte)
            .saturating_sub(1);
        let start = self.line_starts.get(line).copied().unwrap_or(0);
        let column = text
            .get(start..byte)
            .map(|s| s.chars().count())
            .unwrap_or(byte - start);
        Position {
            line: line as u32 + 1,
            column: column as u32 + 1,
        }
    }
    pub fn span(&self, file: &Arc<str>, text: &str, start_byte: usize, end_byte: usize) -> Span {
        Span {
            file: file.clone(),
            start_byte,
            end_byte,
            start: self.position(text, start_byte),
            end: self.position(text, end_byte),
        }
    }
    /// Byte offset where 1-based `line` starts.
    pub fn line_start(&self, line: u32) -> Option<usize> {
        self.line_starts
            .get((line as usize).checked_sub(1)?)
            .copied()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Origin {
    /// Infrastructure code: the span of the whole block or document node.
    Code { span: Span },
    /// A live resource read from a cloud API.
    Live {
        provider: String,
        account: String,
        region: String,
        id: String,
    },
}

impl Origin {
    pub fn span(&self) -> Option<&Span> {
        match self {
            Origin::Code { span } => Some(span),
            Origin::Live { .. } => None,
        }
    }
    pub fn file(&self) -> Option<&str> {
        self.span().map(|s| &*s.file)
    }
    /// The cloud console page of a live Azure or GCP resource: the Azure portal's page of its
    /// resource id, or the Google Cloud console's page of its asset (the Asset Inventory for
    /// kinds without a page of their own). `None` for code and for other providers.
    pub fn console_url(&self) -> Option<String> {
        let Origin::Live {
            provider,
            account,
            id,
            ..
        } = self
        else {
            return None;
        };
        match provider.as_str() {
            "azure" => Some(format!("https://portal.azure.com/#@/resource{id}")),
            "gcp" => Some(gcp_console_url(id, account)),
            _ => None,
        }
    }
}

/// The console page of a GCP asset named `//service/path` in `project`.
fn gcp_console_url(name: &str, project: &str) -> String {
    let path = name.trim_start_matches("//");
    let (service, rest) = path.split_once('/').unwrap_or((path, ""));
    let last = rest.rsplit('/').next().unwrap_or(rest);
    let segment = |key: &str| {
        let mut parts = rest.split('/');
        parts.find(|p| *p == key).and_then(|_| parts.next())
    };
    let console = "https://console.cloud.google.com";
    match service {
        "storage.googleapis.com" => format!("{console}/storage/browser/{last}?project={project}"),
        "sqladmin.googleapis.com" => {
            format!("{console}/sql/instances/{last}/overview?project={project}")
        }
        "container.googleapis.com" => match segment("locations") {
            Some(location) => format!(
                "{console}/kubernetes/clusters/details/{location}/{last}/details?project={project}"
            ),
            None => format!("{console}/kubernetes/list/overview?project={project}"),
        },
        "compute.googleapis.com" if rest.contains("/instances/") => match segment("zones") {
            Some(zone) => {
                format!(
                    "{console}/compute/instancesDetail/zones/{zone}/instances/{last}?project={project}"
                )
            }
            None => format!("{console}/compute/instances?project={project}"),
        },
        "compute.googleapis.com" if rest.contains("/firewalls/") => {
            format!("{console}/networking/firewalls/details/{last}?project={project}")
        }
        _ => format!("{console}/iam-admin/asset-inventory/resources?project={project}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn live_azure_and_gcp_resources_have_console_pages() {
        let live = |provider: &str, account: &str, id: &str| Origin::Live {
            provider: provider.into(),
            account: account.into(),
            region: String::new(),
            id: id.into(),
        };
        let id = "/subscriptions/s/resourceGroups/g/providers/Microsoft.KeyVault/vaults/kv";
        assert_eq!(
            live("azure", "s", id).console_url().as_deref(),
            Some(
                "https://portal.azure.com/#@/resource/subscriptions/s/resourceGroups/g/providers/Microsoft.KeyVault/vaults/kv"
            )
        );
        assert_eq!(
            live("gcp", "p", "//storage.googleapis.com/b")
                .console_url()
                .as_deref(),
            Some("https://console.cloud.google.com/storage/browser/b?project=p")
        );
        assert_eq!(
            live(
                "gcp",
                "p",
                "//compute.googleapis.com/projects/p/zones/z1/instances/vm"
            )
            .console_url()
            .as_deref(),
            Some(
                "https://console.cloud.google.com/compute/instancesDetail/zones/z1/instances/vm?project=p"
            )
        );
        assert_eq!(
            live("gcp", "p", "//dns.googleapis.com/projects/p/managedZones/z")
                .console_url()
                .as_deref(),
            Some("https://console.cloud.google.com/iam-admin/asset-inventory/resources?project=p")
        );
        assert_eq!(live("aws", "1", "arn:aws:s3:::b").console_url(), None);
    }

    #[test]
    fn positions_are_one_based_and_count_chars() {
        let text = "ab\ncé\nx";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 0), Position { line: 1, column: 1 });
        assert_eq!(idx.position(text, 3), Position { line: 2, column: 1 });
        assert_eq!(idx.position(text, 6), Position { line: 2, column: 3 });
        assert_eq!(idx.position(text, 7), Position { line: 3, column: 1 });
    }
}
