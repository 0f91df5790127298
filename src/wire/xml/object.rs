//! Object write responses (DeleteResult, CopyObject / UploadPartCopy, InitiateMultipartUpload,
//! CompleteMultipartUpload) and the [`ErrorResponse`] body every error carries.

use super::{xml_element, CommonPrefix, Element, Node, XmlError, XmlValue, XmlWriter};

// ---------------------------------------------------------------------------------------------
// Object write responses
// ---------------------------------------------------------------------------------------------

xml_element! {
    /// DeleteMultipleObjects response, root `DeleteResult`.
    pub struct DeleteResult {
        EncodingType => encoding_type: Option<String>,
        Deleted => deleted: Vec<DeletedEntry>,
    }
}

xml_element! {
    /// One `<Deleted>` of DeleteResult.
    ///
    /// * unversioned bucket: `Key` only;
    /// * delete without version ID in a versioned bucket: `Key`, `DeleteMarker=true`,
    ///   `DeleteMarkerVersionId` (the new marker);
    /// * delete of a specific version: `Key`, `VersionId` (plus `DeleteMarker` /
    ///   `DeleteMarkerVersionId` when that version was a marker).
    pub struct DeletedEntry {
        Key => key: String,
        VersionId => version_id: Option<String>,
        DeleteMarker => delete_marker: Option<bool>,
        DeleteMarkerVersionId => delete_marker_version_id: Option<String>,
    }
}

xml_element! {
    /// CopyObject response, root `CopyObjectResult` (`ETag` first).
    pub struct CopyObjectResult {
        ETag => etag: String,
        LastModified => last_modified: String,
    }
}

xml_element! {
    /// UploadPartCopy response, root `CopyPartResult` (`LastModified` first).
    pub struct CopyPartResult {
        LastModified => last_modified: String,
        ETag => etag: String,
    }
}

xml_element! {
    /// InitiateMultipartUpload response, root `InitiateMultipartUploadResult`.
    pub struct InitiateMultipartUploadResult {
        EncodingType => encoding_type: Option<String>,
        Bucket => bucket: String,
        Key => key: String,
        UploadId => upload_id: String,
    }
}

xml_element! {
    /// CompleteMultipartUpload response, root `CompleteMultipartUploadResult`.
    pub struct CompleteMultipartUploadResult {
        EncodingType => encoding_type: Option<String>,
        /// `http://<bucket>.<endpoint>/<key>`.
        Location => location: String,
        Bucket => bucket: String,
        Key => key: String,
        /// Quoted multipart ETag, `"<HEX>-<N>"`.
        ETag => etag: String,
    }
}

xml_element! {
    /// ListParts response, root `ListPartsResult`. oss2 needs `IsTruncated` and
    /// `NextPartNumberMarker` present.
    pub struct ListPartsResult {
        EncodingType => encoding_type: Option<String>,
        Bucket => bucket: String,
        Key => key: String,
        UploadId => upload_id: String,
        PartNumberMarker => part_number_marker: u32,
        NextPartNumberMarker => next_part_number_marker: u32,
        MaxParts => max_parts: u32,
        IsTruncated => is_truncated: bool,
        StorageClass => storage_class: Option<String>,
        Part => parts: Vec<PartSummary>,
    }
}

xml_element! {
    /// One `<Part>` of ListPartsResult.
    pub struct PartSummary {
        PartNumber => part_number: u32,
        LastModified => last_modified: String,
        ETag => etag: String,
        /// Decimal CRC-64 of the part.
        HashCrc64ecma => hash_crc64ecma: Option<String>,
        Size => size: u64,
    }
}

xml_element! {
    /// ListMultipartUploads response, root `ListMultipartUploadsResult`. oss2 needs
    /// `IsTruncated`, `NextKeyMarker` and `NextUploadIdMarker` present even when not truncated.
    pub struct ListMultipartUploadsResult {
        EncodingType => encoding_type: Option<String>,
        Bucket => bucket: String,
        KeyMarker => key_marker: String,
        UploadIdMarker => upload_id_marker: String,
        NextKeyMarker => next_key_marker: String,
        NextUploadIdMarker => next_upload_id_marker: String,
        Delimiter => delimiter: String,
        Prefix => prefix: String,
        MaxUploads => max_uploads: u32,
        IsTruncated => is_truncated: bool,
        Upload => uploads: Vec<UploadSummary>,
        CommonPrefixes => common_prefixes: Vec<CommonPrefix>,
    }
}

xml_element! {
    /// One `<Upload>` of ListMultipartUploadsResult.
    pub struct UploadSummary {
        Key => key: String,
        UploadId => upload_id: String,
        /// ISO 8601 `…000Z`.
        Initiated => initiated: String,
    }
}

// ---------------------------------------------------------------------------------------------
// Error
// ---------------------------------------------------------------------------------------------

/// The error body, root `Error`: `Code`, `Message`, `RequestId`, `HostId`, then any
/// operation-specific children in the given order (`Key`, `BucketName`, `StringToSign`,
/// `OSSAccessKeyId`, `ResourceType`, `Method`, `ErrorDetail`, …), then `EC` and `RecommendDoc`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ErrorResponse {
    pub code: String,
    pub message: String,
    /// 24 upper-case hex characters.
    pub request_id: String,
    /// The requested host (e.g. `bucket.oss-cn-hangzhou.aliyuncs.com`).
    pub host_id: String,
    /// Extra children as (element name, text).
    pub extra: Vec<(String, String)>,
    /// `NNNN-NNNNNNNN`; also sent as the `x-oss-ec` header.
    pub ec: Option<String>,
    /// `https://api.aliyun.com/troubleshoot?q=<EC>`.
    pub recommend_doc: Option<String>,
}

impl ErrorResponse {
    pub fn new(code: &str, message: &str, request_id: &str, host_id: &str) -> Self {
        ErrorResponse {
            code: code.to_string(),
            message: message.to_string(),
            request_id: request_id.to_string(),
            host_id: host_id.to_string(),
            ..Default::default()
        }
    }

    /// Sets `EC` and the matching `RecommendDoc` link.
    pub fn with_ec(mut self, ec: &str) -> Self {
        self.recommend_doc = Some(format!("https://api.aliyun.com/troubleshoot?q={ec}"));
        self.ec = Some(ec.to_string());
        self
    }

    /// Appends an extra child element (written after `HostId`, before `EC`).
    pub fn with_extra(mut self, name: &str, value: &str) -> Self {
        self.extra.push((name.to_string(), value.to_string()));
        self
    }

    /// The value of an extra child, if present.
    pub fn extra(&self, name: &str) -> Option<&str> {
        self.extra
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// By hand: the extra children have names only known at run time.
impl Element for ErrorResponse {
    fn write_children(&self, w: &mut XmlWriter) {
        w.text_element("Code", &self.code);
        w.text_element("Message", &self.message);
        w.text_element("RequestId", &self.request_id);
        w.text_element("HostId", &self.host_id);
        for (name, value) in &self.extra {
            w.text_element(name, value);
        }
        self.ec.write_xml("EC", w);
        self.recommend_doc.write_xml("RecommendDoc", w);
    }

    fn read_child(&mut self, child: &Node) -> Result<(), XmlError> {
        let v = child.leaf_text()?.to_string();
        match child.name.as_str() {
            "Code" => self.code = v,
            "Message" => self.message = v,
            "RequestId" => self.request_id = v,
            "HostId" => self.host_id = v,
            "EC" => self.ec = Some(v),
            "RecommendDoc" => self.recommend_doc = Some(v),
            _ => self.extra.push((child.name.clone(), v)),
        }
        Ok(())
    }
}
