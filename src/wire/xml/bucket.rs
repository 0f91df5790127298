//! DTOs shared by several documents ([`Owner`], [`CommonPrefix`]) and the service / bucket
//! responses: ListAllMyBucketsResult, GetBucketLocation, GetBucketInfo, GetBucketVersioning.

use super::{to_xml_doc, xml_element, Element, Node, XmlError, XmlWriter};

// ---------------------------------------------------------------------------------------------
// Shared pieces
// ---------------------------------------------------------------------------------------------

xml_element! {
    /// `<Owner><ID/><DisplayName/></Owner>` as in listings and ListAllMyBucketsResult.
    pub struct Owner {
        ID => id: String,
        DisplayName => display_name: String,
    }
}

xml_element! {
    /// `<CommonPrefixes><Prefix/></CommonPrefixes>`.
    pub struct CommonPrefix {
        Prefix => prefix: String,
    }
}

// ---------------------------------------------------------------------------------------------
// Service / bucket responses
// ---------------------------------------------------------------------------------------------

xml_element! {
    /// GetService (ListBuckets) response, root `ListAllMyBucketsResult`. The paging elements
    /// appear only when the request used `prefix` / `marker` / `max-keys`.
    pub struct ListAllMyBucketsResult {
        Prefix => prefix: Option<String>,
        Marker => marker: Option<String>,
        MaxKeys => max_keys: Option<u32>,
        IsTruncated => is_truncated: Option<bool>,
        NextMarker => next_marker: Option<String>,
        Owner => owner: Owner,
        Buckets => buckets: Buckets,
    }
}

xml_element! {
    /// `<Buckets>` wrapper (written even when empty).
    pub struct Buckets {
        Bucket => bucket: Vec<BucketSummary>,
    }
}

xml_element! {
    /// One `<Bucket>` of ListAllMyBucketsResult (OSS writes the children alphabetically).
    pub struct BucketSummary {
        /// ISO 8601 `…000Z`.
        CreationDate => creation_date: String,
        ExtranetEndpoint => extranet_endpoint: String,
        IntranetEndpoint => intranet_endpoint: String,
        /// e.g. `oss-cn-hangzhou`.
        Location => location: String,
        Name => name: String,
        /// e.g. `cn-hangzhou` (newer responses only).
        Region => region: Option<String>,
        StorageClass => storage_class: String,
    }
}

/// GetBucketLocation response: `<LocationConstraint>oss-cn-hangzhou</LocationConstraint>`
/// (text, no children).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LocationConstraint {
    pub location: String,
}

impl Element for LocationConstraint {
    fn write_children(&self, w: &mut XmlWriter) {
        w.text(&self.location);
    }
    fn read_child(&mut self, _child: &Node) -> Result<(), XmlError> {
        Ok(())
    }
    fn read_text(&mut self, node: &Node) -> Result<(), XmlError> {
        node.text.clone_into(&mut self.location);
        Ok(())
    }
}

xml_element! {
    /// GetBucketInfo response, root `BucketInfo`.
    pub struct BucketInfo {
        Bucket => bucket: BucketInfoBucket,
    }
}

xml_element! {
    /// The `<Bucket>` of GetBucketInfo, in the order of the OSS doc sample.
    pub struct BucketInfoBucket {
        AccessMonitor => access_monitor: Option<String>,
        CreationDate => creation_date: String,
        ExtranetEndpoint => extranet_endpoint: String,
        IntranetEndpoint => intranet_endpoint: String,
        Location => location: String,
        StorageClass => storage_class: String,
        TransferAcceleration => transfer_acceleration: Option<String>,
        CrossRegionReplication => cross_region_replication: Option<String>,
        Name => name: String,
        ResourceGroupId => resource_group_id: Option<String>,
        Owner => owner: BucketInfoOwner,
        AccessControlList => access_control_list: AccessControlList,
        DataRedundancyType => data_redundancy_type: Option<String>,
        Comment => comment: Option<String>,
        /// `Enabled` / `Suspended`; no element for a never-versioned bucket (oss2's
        /// test_bucket.py reads it as absent: docs/fidelity.md §Findings of the oss2
        /// integration suite).
        Versioning => versioning: Option<String>,
        ServerSideEncryptionRule => server_side_encryption_rule: Option<ServerSideEncryptionRule>,
    }
}

xml_element! {
    /// GetBucketInfo's owner: `DisplayName` before `ID` (unlike listings).
    pub struct BucketInfoOwner {
        DisplayName => display_name: String,
        ID => id: String,
    }
}

xml_element! {
    /// `<AccessControlList><Grant>private</Grant></AccessControlList>`.
    pub struct AccessControlList {
        Grant => grant: String,
    }
}

xml_element! {
    /// `<ServerSideEncryptionRule><SSEAlgorithm>None</SSEAlgorithm></ServerSideEncryptionRule>`.
    pub struct ServerSideEncryptionRule {
        SSEAlgorithm => sse_algorithm: String,
    }
}

xml_element! {
    /// GetBucketVersioning response and PutBucketVersioning request, root
    /// `VersioningConfiguration`. `status` is `None` for a never-versioned bucket (no `Status`
    /// child at all). See [`versioning_configuration_xml`] for the exact OSS bytes.
    pub struct VersioningConfiguration {
        Status => status: Option<String>,
    }
}

/// The GetBucketVersioning body exactly as OSS sends it. For a bucket that never had
/// versioning, the OSS doc sample is a bare, namespaced, self-closed root with no XML
/// declaration (`Content-Length: 74`); otherwise the usual document.
pub fn versioning_configuration_xml(status: Option<&str>) -> Vec<u8> {
    match status {
        None => br#"<VersioningConfiguration xmlns="http://doc.oss-cn-hangzhou.aliyuncs.com"/>"#
            .to_vec(),
        Some(s) => to_xml_doc(&VersioningConfiguration {
            status: Some(s.to_string()),
        }),
    }
}
