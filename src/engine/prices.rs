//! The price table and the bill: metered quantities ([`super::meter::Usage`]) times prices.
//!
//! The table is data the learner can edit (the lab keeps an edited copy); [`Prices::list`]
//! seeds it with list prices where a public source was found, and leaves the rest empty, so
//! the bill shows those quantities without a cost instead of inventing one. Sources, region,
//! currency and date are also in `docs/fidelity.md` ("What versions cost").
//!
//! Proration is OSS's documented one: a GB-month price / 30 / 24 per GB-hour (OSS "Storage
//! fees"). CHOICE: a GB is 2^30 bytes.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use serde::{Deserialize, Serialize};

use super::meter::{ByteMs, Line, Quantities, Usage, CLASSES, TIERS};
use super::object::StorageClass;
use super::HOUR;

/// Bytes in a GB.
pub const GB: f64 = (1u64 << 30) as f64;

/// GB-hours of a byte-millisecond quantity.
pub fn gb_hours(q: ByteMs) -> f64 {
    q as f64 / GB / HOUR as f64
}

/// Prices of one storage class; `None` where no public price was found.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClassPrices {
    pub class: StorageClass,
    /// Storage per GB-month (also early deletion, which OSS bills as storage of the class).
    #[serde(default)]
    pub storage_gb_month: Option<f64>,
    /// The temporary Standard replica of a restored object, per GB-month.
    #[serde(default)]
    pub replica_gb_month: Option<f64>,
    /// Data retrieval per GB by tier (Bulk, Standard, Expedited).
    #[serde(default)]
    pub retrieval_per_gb: [Option<f64>; TIERS],
    /// Restore (retrieval) requests per 10,000 by tier.
    #[serde(default)]
    pub restore_per_10k: [Option<f64>; TIERS],
}

/// The whole table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Prices {
    pub currency: String,
    pub region: String,
    /// When the seeded prices were read from their sources.
    pub as_of: String,
    pub classes: Vec<ClassPrices>,
    #[serde(default)]
    pub put_per_10k: Option<f64>,
    #[serde(default)]
    pub get_per_10k: Option<f64>,
    /// Where the seeded prices come from.
    #[serde(default)]
    pub sources: Vec<String>,
}

impl Default for Prices {
    fn default() -> Self {
        Prices::list()
    }
}

impl Prices {
    /// The seeded list prices: Chinese mainland (the lab's default region is cn-hangzhou),
    /// pay-as-you-go, LRS, CNY, read 2026-12-07.
    ///
    /// * Standard storage 0.12 CNY/GB-month: the worked example of OSS "Storage fees"
    ///   (help.aliyun.com/en/oss/storage-fees).
    /// * Cold Archive retrieval (Expedited 0.2, Standard 0.06, Bulk 0.03 CNY/GB), retrieval
    ///   requests (30, 3, 0.3 CNY per 10,000) and the temporary replica (0.12 CNY/GB-month):
    ///   quoted from the price list in an Alibaba Cloud developer-community answer
    ///   (developer.aliyun.com/ask/631608); CHOICE to use it, no official page was found.
    /// * Deep Cold Archive's replica is the same billable item as Cold Archive's
    ///   (TempStorageCAStd, OSS "Temporary storage fees"), so the same price.
    /// * IA, Archive, Cold and Deep Cold Archive storage, Archive and Deep Cold retrieval, and
    ///   PUT / GET requests: no public source found: empty.
    pub fn list() -> Self {
        let empty = |class| ClassPrices {
            class,
            storage_gb_month: None,
            replica_gb_month: None,
            retrieval_per_gb: [None; TIERS],
            restore_per_10k: [None; TIERS],
        };
        let mut classes: Vec<ClassPrices> = StorageClass::ALL.into_iter().map(empty).collect();
        classes[StorageClass::Standard as usize].storage_gb_month = Some(0.12);
        let cold = &mut classes[StorageClass::ColdArchive as usize];
        cold.retrieval_per_gb = [Some(0.03), Some(0.06), Some(0.2)];
        cold.restore_per_10k = [Some(0.3), Some(3.0), Some(30.0)];
        cold.replica_gb_month = Some(0.12);
        classes[StorageClass::DeepColdArchive as usize].replica_gb_month = Some(0.12);
        Prices {
            currency: "CNY".into(),
            region: "Chinese mainland (cn-hangzhou), pay-as-you-go, LRS".into(),
            as_of: "2026-12-07".into(),
            classes,
            put_per_10k: None,
            get_per_10k: None,
            sources: vec![
                "https://help.aliyun.com/en/oss/storage-fees".into(),
                "https://www.alibabacloud.com/help/en/oss/temporary-storage-fees".into(),
                "https://developer.aliyun.com/ask/631608".into(),
            ],
        }
    }

    pub fn class(&self, class: StorageClass) -> Option<&ClassPrices> {
        self.classes.iter().find(|c| c.class == class)
    }

    /// Price per GB-month of `line` in `class`.
    pub fn gb_month(&self, class: StorageClass, line: Line) -> Option<f64> {
        let c = self.class(class)?;
        match line {
            Line::Replica => c.replica_gb_month,
            _ => c.storage_gb_month,
        }
    }

    /// Cost of a storage quantity (None when unpriced).
    pub fn storage_cost(&self, class: StorageClass, line: Line, q: ByteMs) -> Option<f64> {
        self.gb_month(class, line)
            .map(|p| gb_hours(q) * p / 30.0 / 24.0)
    }

    /// Priced cost of sparse quantities (unpriced ones count 0).
    pub fn quantities_cost(&self, q: &Quantities) -> f64 {
        q.iter()
            .filter_map(|(c, l, x)| self.storage_cost(*c, *l, *x))
            .fold(0.0, |a, c| a + c)
    }

    /// Cost of sparse quantities, `None` when some of them have no price.
    pub fn quantities_cost_if_priced(&self, q: &Quantities) -> Option<f64> {
        q.iter()
            .map(|(c, l, x)| self.storage_cost(*c, *l, *x))
            .try_fold(0.0, |a, c| c.map(|c| a + c))
    }
}

/// One line of a bill.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StorageItem {
    pub class: StorageClass,
    pub line: Line,
    pub byte_hours: f64,
    pub gb_hours: f64,
    pub price_gb_month: Option<f64>,
    pub cost: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RetrievalItem {
    pub class: StorageClass,
    pub tier: String,
    pub bytes: u64,
    pub requests: u64,
    pub cost: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RequestsItem {
    pub put: u64,
    pub get: u64,
    pub cost: Option<f64>,
}

/// A bucket's bill up to an instant.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bill {
    pub currency: String,
    /// Sum of every priced item.
    pub total: f64,
    /// Some quantity has no price (its cost is not in the total).
    pub unpriced: bool,
    pub storage: Vec<StorageItem>,
    pub retrieval: Vec<RetrievalItem>,
    pub requests: RequestsItem,
}

const TIER_NAMES: [&str; TIERS] = ["Bulk", "Standard", "Expedited"];

fn mul(a: Option<f64>, q: f64) -> Option<f64> {
    a.map(|p| p * q)
}

/// Price `usage` with `prices`: every nonzero quantity, with its cost where priced.
pub fn bill(usage: &Usage, prices: &Prices) -> Bill {
    let mut b = Bill {
        currency: prices.currency.clone(),
        total: 0.0,
        unpriced: false,
        storage: Vec::new(),
        retrieval: Vec::new(),
        requests: RequestsItem {
            put: usage.put_requests,
            get: usage.get_requests,
            cost: None,
        },
    };
    for (ci, class) in StorageClass::ALL.into_iter().enumerate().take(CLASSES) {
        for line in Line::ALL {
            let q = usage.get(class, line);
            if q == 0 {
                continue;
            }
            let cost = prices.storage_cost(class, line, q);
            b.storage.push(StorageItem {
                class,
                line,
                byte_hours: q as f64 / HOUR as f64,
                gb_hours: gb_hours(q),
                price_gb_month: prices.gb_month(class, line),
                cost,
            });
        }
        let cp = prices.class(class);
        for (ti, tier) in TIER_NAMES.iter().enumerate() {
            let (bytes, requests) = (
                usage.retrieval_bytes[ci][ti],
                usage.restore_requests[ci][ti],
            );
            if bytes == 0 && requests == 0 {
                continue;
            }
            let by_size = mul(cp.and_then(|c| c.retrieval_per_gb[ti]), bytes as f64 / GB);
            let by_count = mul(
                cp.and_then(|c| c.restore_per_10k[ti]),
                requests as f64 / 10_000.0,
            );
            // Archive restores bill retrieval only (no request fee is documented).
            let cost = if class == StorageClass::Archive {
                by_size
            } else {
                by_size.zip(by_count).map(|(a, c)| a + c)
            };
            b.retrieval.push(RetrievalItem {
                class,
                tier: tier.to_string(),
                bytes,
                requests,
                cost,
            });
        }
    }
    let put = mul(prices.put_per_10k, usage.put_requests as f64 / 10_000.0);
    let get = mul(prices.get_per_10k, usage.get_requests as f64 / 10_000.0);
    b.requests.cost = match (usage.put_requests > 0, usage.get_requests > 0) {
        (false, false) => Some(0.0),
        (true, false) => put,
        (false, true) => get,
        (true, true) => put.zip(get).map(|(p, g)| p + g),
    };
    let costs = b
        .storage
        .iter()
        .map(|s| s.cost)
        .chain(b.retrieval.iter().map(|r| r.cost))
        .chain([b.requests.cost]);
    for c in costs {
        match c {
            Some(x) => b.total += x,
            None => b.unpriced = true,
        }
    }
    b
}

/// The cost of one key: its live and removed versions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KeyCost {
    pub key: String,
    pub byte_hours: f64,
    /// Priced part (unpriced classes count 0).
    pub cost: f64,
}

/// The cost of one version so far, and what it adds per day at the present rate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VersionCost {
    pub byte_hours: f64,
    /// `None` when a class it was stored in has no price.
    pub cost: Option<f64>,
    /// Billable bytes stored now (with a live restored replica).
    pub bytes: u64,
    pub cost_per_day: Option<f64>,
}

impl super::Engine {
    /// The bill of `bucket` up to now. A deleted bucket keeps the bill it ran up.
    pub fn bill(&self, bucket: &str, prices: &Prices) -> super::Result<Bill> {
        if self.bucket(bucket).is_err() && self.meter().bucket(bucket).is_none() {
            return Err(super::Error::NoSuchBucket {
                bucket: bucket.to_string(),
            });
        }
        Ok(bill(&self.meter().usage_at(bucket, self.now()), prices))
    }

    /// The `n` keys that cost most so far (by priced cost, then stored byte-hours).
    pub fn top_keys(&self, bucket: &str, prices: &Prices, n: usize) -> Vec<KeyCost> {
        let (Ok(_), Some(m)) = (self.bucket(bucket), self.meter().bucket(bucket)) else {
            return Vec::new();
        };
        // GB-month prices by class and line, looked up once.
        let mut per = [[0.0f64; 5]; 5];
        for (ci, c) in StorageClass::ALL.into_iter().enumerate() {
            for (li, l) in Line::ALL.into_iter().enumerate() {
                per[ci][li] = prices.gb_month(c, l).unwrap_or(0.0) / GB / HOUR as f64 / 720.0;
            }
        }
        // One visit per key (its running totals, not its versions); a heap keeps the best
        // `n` seen so far, so ranking costs O(keys × log n) and never sorts every key.
        let mut best: BinaryHeap<Ranked> = BinaryHeap::new();
        let mut key: Option<(&str, u128, f64)> = None;
        m.visit_key_totals(self.now(), |k, c, l, x| {
            let cost = per[c as usize][l as usize] * x as f64;
            match &mut key {
                Some(cur) if std::ptr::eq(cur.0, k) => {
                    cur.1 += x;
                    cur.2 += cost;
                }
                _ => {
                    if let Some(done) = key.replace((k, x, cost)) {
                        Ranked::offer(&mut best, n, done);
                    }
                }
            }
        });
        if let Some(last) = key {
            Ranked::offer(&mut best, n, last);
        }
        best.into_sorted_vec()
            .into_iter()
            .map(|r| KeyCost {
                key: r.key.to_string(),
                byte_hours: r.q as f64 / HOUR as f64,
                cost: r.cost,
            })
            .collect()
    }

    /// What the version with write sequence `seq` in `bucket` has cost so far (`None` for
    /// delete markers and unknown versions).
    pub fn version_cost(&self, bucket: &str, seq: u64, prices: &Prices) -> Option<VersionCost> {
        let m = self.meter().bucket(bucket)?;
        let (q, class, bytes, replica) = m.version_quantities(seq, self.now())?;
        let month = |line, b: u64| {
            if b == 0 {
                Some(0.0)
            } else {
                prices.gb_month(class, line).map(|p| b as f64 / GB * p)
            }
        };
        let per_day = month(Line::Current, bytes)
            .zip(month(Line::Replica, replica))
            .map(|(a, r)| (a + r) / 30.0);
        let bytes = bytes + replica;
        Some(VersionCost {
            byte_hours: q.iter().map(|x| x.2).sum::<u128>() as f64 / HOUR as f64,
            cost: prices.quantities_cost_if_priced(&q),
            bytes,
            cost_per_day: per_day,
        })
    }
}

/// A key in the top-keys ranking: ordered best first (higher cost, then more stored
/// byte-hours, then the key's name), so a max-heap's top is the worst one kept.
struct Ranked<'a> {
    cost: f64,
    q: u128,
    key: &'a str,
}

impl<'a> Ranked<'a> {
    /// Keep `(key, byte-ms, cost)` in `best` if it is among the `n` best seen (keys that
    /// stored nothing are not ranked).
    fn offer(best: &mut BinaryHeap<Ranked<'a>>, n: usize, (key, q, cost): (&'a str, u128, f64)) {
        if q == 0 || n == 0 {
            return;
        }
        let r = Ranked { cost, q, key };
        if best.len() < n {
            best.push(r);
        } else if best.peek().is_some_and(|worst| r < *worst) {
            best.pop();
            best.push(r);
        }
    }
}

impl Ord for Ranked<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .cost
            .total_cmp(&self.cost)
            .then(other.q.cmp(&self.q))
            .then(self.key.cmp(other.key))
    }
}

impl PartialOrd for Ranked<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Ranked<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Ranked<'_> {}
