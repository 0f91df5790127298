//! The key pairs, targets, schemes and outcomes every part of signature checking shares.

/// An access key pair.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credentials {
    pub access_key_id: String,
    pub access_key_secret: String,
}

/// The bucket and key the request addresses, already percent-decoded by the router.
/// `bucket: None` is a service-level request (ListBuckets); `key: None` (or `Some("")`) is a
/// bucket-level request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SignTarget {
    pub bucket: Option<String>,
    pub key: Option<String>,
}

/// Which signature scheme authenticated (or failed to authenticate) a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AuthScheme {
    V1Header,
    V1Query,
    V2Header,
    V2Query,
    V4Header,
    V4Query,
}

impl AuthScheme {
    /// Short label for logs and the UI.
    pub fn as_str(self) -> &'static str {
        match self {
            AuthScheme::V1Header => "v1-header",
            AuthScheme::V1Query => "v1-url",
            AuthScheme::V2Header => "v2-header",
            AuthScheme::V2Query => "v2-url",
            AuthScheme::V4Header => "v4-header",
            AuthScheme::V4Query => "v4-url",
        }
    }

    pub(super) fn is_v4(self) -> bool {
        matches!(self, AuthScheme::V4Header | AuthScheme::V4Query)
    }

    pub(super) fn is_v2(self) -> bool {
        matches!(self, AuthScheme::V2Header | AuthScheme::V2Query)
    }
}

/// A request that passed [`verify`](super::verify).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthOutcome {
    /// No Authorization header and no signature query parameters at all.
    Anonymous,
    /// A valid signature by `access_key_id`; V4 signatures also name the region they were
    /// signed for (the caller checks it is the server's).
    Signed {
        scheme: AuthScheme,
        access_key_id: String,
        region: Option<String>,
    },
}

impl AuthOutcome {
    pub fn access_key_id(&self) -> Option<&str> {
        match self {
            AuthOutcome::Anonymous => None,
            AuthOutcome::Signed { access_key_id, .. } => Some(access_key_id),
        }
    }

    pub fn scheme(&self) -> Option<AuthScheme> {
        match self {
            AuthOutcome::Anonymous => None,
            AuthOutcome::Signed { scheme, .. } => Some(*scheme),
        }
    }
}

/// Why [`verify`](super::verify) rejected a request; [`AuthFailure::to_oss_error`] (or
/// `OssError::from`) turns it into an OSS error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthFailure {
    /// 403 SignatureDoesNotMatch. `string_to_sign` is what the server computed (for V4 the
    /// four-line string; `canonical_request` holds the canonical request it hashed).
    SignatureDoesNotMatch {
        scheme: AuthScheme,
        string_to_sign: String,
        provided: String,
        access_key_id: String,
        canonical_request: Option<String>,
    },
    /// 403 InvalidAccessKeyId: the lookup does not know this access key id.
    InvalidAccessKeyId { access_key_id: String },
    /// 403 AccessDenied "Request has expired.": a presigned URL used after its expiry.
    Expired {
        scheme: AuthScheme,
        /// When the URL stopped being valid, epoch seconds.
        expires_epoch_secs: i64,
        /// The server clock at verification, epoch milliseconds.
        now_ms: i64,
    },
    /// 400 InvalidArgument: the Authorization header or the signature query parameters cannot
    /// be parsed. `ec` is the OSS error code for this particular defect; `authorization` echoes
    /// the offending header (real OSS adds an `<Authorization>` element for header defects).
    Malformed {
        message: String,
        ec: &'static str,
        authorization: Option<String>,
    },
}
