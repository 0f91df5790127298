//! The Bill panel of the open bucket (docs/fidelity.md, "What versions cost"): the total so
//! far, a stacked chart over virtual time (by class, or by current / noncurrent / parts /
//! restored replica / early deletion), the keys that cost most, the price table the learner
//! can edit, and "what if": a lifecycle rule tried on a copy of the lab over the next 30, 90
//! or 365 virtual days without touching the lab itself.

use std::cell::RefCell;

use leptos::prelude::*;

use super::clock::short_time;
use super::state::{use_lab, LabCtx};
use super::widgets::{human_size, TableScroll};
use crate::engine::lifecycle::{LifecycleConfig, Rule};
use crate::engine::meter::{Line, Point, Storage};
use crate::engine::prices::{gb_hours, Prices};
use crate::engine::{Engine, Millis, StorageClass, DAY};

const PRICES_KEY: &str = "osslab-prices";

thread_local! {
    static PRICES: RefCell<Option<Prices>> = const { RefCell::new(None) };
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The price table in use: the learner's edited copy (kept in localStorage), else the list.
pub fn prices() -> Prices {
    PRICES.with(|p| {
        p.borrow_mut()
            .get_or_insert_with(|| {
                local_storage()
                    .and_then(|s| s.get_item(PRICES_KEY).ok().flatten())
                    .and_then(|t| serde_json::from_str(&t).ok())
                    .unwrap_or_default()
            })
            .clone()
    })
}

/// Use `p` from now on (and remember it); the page re-reads.
fn set_prices(lab: LabCtx, p: Prices) {
    if let Some(s) = local_storage() {
        let _ = s.set_item(PRICES_KEY, &serde_json::to_string(&p).unwrap_or_default());
    }
    PRICES.with(|c| *c.borrow_mut() = Some(p));
    lab.rev.update(|r| *r += 1);
}

/// Money in the table's currency.
fn money(p: &Prices, v: f64) -> String {
    crate::present::money(&p.currency, v)
}

/// The small "cost so far · per day" line of a version in the stack panel.
pub fn version_cost_view(lab: LabCtx, seq: u64) -> impl IntoView {
    let text = move || {
        lab.now.track();
        let bucket = lab.sel.bucket.get()?;
        let p = prices();
        let c = lab.read(|l| l.engine.version_cost(&bucket, seq, &p))?;
        let so_far = match c.cost {
            Some(v) => money(&p, v),
            None => format!(
                "{:.3} GB·h (no price)",
                c.byte_hours / crate::engine::prices::GB
            ),
        };
        let per_day = c
            .cost_per_day
            .map(|d| format!(" · {}/day", money(&p, d)))
            .unwrap_or_default();
        Some(format!("{so_far}{per_day}"))
    };
    view! {
        {move || text().map(|t| view! {
            <span class="version-cost muted" data-testid="version-cost" title="What this version has cost so far, and costs per day now">{t}</span>
        })}
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum By {
    Class,
    Line,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Measure {
    Cost,
    GbHours,
}

/// Cumulative value of each series at each point.
fn series(points: &[Point], by: By, measure: Measure, p: &Prices) -> Vec<(String, Vec<f64>)> {
    let value = |class: StorageClass, line: Line, q: u128| match measure {
        Measure::Cost => p.storage_cost(class, line, q).unwrap_or(0.0),
        Measure::GbHours => gb_hours(q),
    };
    let cell = |s: &Storage, c: usize, l: usize| s[c][l];
    match by {
        By::Class => StorageClass::ALL
            .iter()
            .enumerate()
            .map(|(ci, class)| {
                let v = points
                    .iter()
                    .map(|pt| {
                        Line::ALL
                            .iter()
                            .enumerate()
                            .map(|(li, line)| value(*class, *line, cell(&pt.storage, ci, li)))
                            .sum()
                    })
                    .collect();
                (class.as_str().to_string(), v)
            })
            .collect(),
        By::Line => Line::ALL
            .iter()
            .enumerate()
            .map(|(li, line)| {
                let v = points
                    .iter()
                    .map(|pt| {
                        StorageClass::ALL
                            .iter()
                            .enumerate()
                            .map(|(ci, class)| value(*class, *line, cell(&pt.storage, ci, li)))
                            .sum()
                    })
                    .collect();
                (line.as_str().replace('_', " "), v)
            })
            .collect(),
    }
}

const W: f64 = 640.0;
const H: f64 = 200.0;

/// The stacked chart as inline SVG: one polygon per series, bottom to top.
fn chart_svg(times: &[Millis], series: &[(String, Vec<f64>)], unit: &str) -> impl IntoView {
    let (t0, t1) = (
        times.first().copied().unwrap_or(0),
        times.last().copied().unwrap_or(1),
    );
    let span = (t1 - t0).max(1) as f64;
    let top: f64 = (0..times.len())
        .map(|i| series.iter().map(|s| s.1[i]).sum::<f64>())
        .fold(0.0, f64::max);
    let scale = if top > 0.0 { (H - 10.0) / top } else { 0.0 };
    let x = |t: Millis| ((t - t0) as f64 / span * W * 100.0).round() / 100.0;
    let y = |v: f64| ((H - v * scale) * 100.0).round() / 100.0;
    let mut below = vec![0.0; times.len()];
    let mut polys = Vec::new();
    for (i, (name, vals)) in series.iter().enumerate() {
        if vals.iter().all(|v| *v == 0.0) {
            continue;
        }
        let upper: Vec<f64> = below.iter().zip(vals).map(|(b, v)| b + v).collect();
        let mut pts: Vec<String> = times
            .iter()
            .zip(&upper)
            .map(|(t, v)| format!("{},{}", x(*t), y(*v)))
            .collect();
        pts.extend(
            times
                .iter()
                .zip(&below)
                .rev()
                .map(|(t, v)| format!("{},{}", x(*t), y(*v))),
        );
        polys.push((i, name.clone(), pts.join(" ")));
        below = upper;
    }
    let label = format!(
        "Cumulative {unit} from {} to {}, stacked: {}",
        short_time(t0),
        short_time(t1),
        polys
            .iter()
            .map(|p| p.1.clone())
            .collect::<Vec<_>>()
            .join(", ")
    );
    // An empty box would look broken: say why there is nothing to draw.
    let empty = polys.is_empty().then(|| {
        if unit == "cost" {
            "No cost to draw yet: nothing with a price has been charged (GB-hours shows every quantity)."
        } else {
            "Nothing charged yet."
        }
    });
    view! {
        <svg class="bill-chart" data-testid="bill-chart" viewBox=format!("0 0 {W} {H}")
            preserveAspectRatio="none" role="img" aria-label=label>
            {polys.into_iter().map(|(i, name, pts)| { let title = name.clone(); view! {
                <polygon class=format!("series series-{i}") data-series=name.clone() points=pts.clone()>
                    <title>{title}</title>
                </polygon>
            }}).collect_view()}
        </svg>
        {empty.map(|why| view! { <p class="hint" data-testid="bill-chart-empty">{why}</p> })}
    }
}

/// Total cost of the open bucket at `horizon` ahead, on a copy of `engine`.
fn cost_ahead(engine: &Engine, bucket: &str, horizon: Millis, p: &Prices) -> f64 {
    let mut e = engine.clone();
    e.track_changes(false);
    e.set_now(engine.now() + horizon);
    e.bill(bucket, p).map_or(0.0, |b| b.total)
}

/// The what-if rule: noncurrent versions expire after `days`, appended to the bucket's rules.
fn with_rule(engine: &Engine, bucket: &str, days: u32) -> Option<Engine> {
    let mut e = engine.clone();
    let mut cfg = e
        .lifecycle(bucket)
        .cloned()
        .unwrap_or_else(|_| LifecycleConfig::default());
    cfg.rules.push(Rule {
        id: "what-if".into(),
        enabled: true,
        noncurrent_expiration_days: Some(days),
        ..Default::default()
    });
    e.put_lifecycle(bucket, cfg).ok()?;
    Some(e)
}

#[component]
fn WhatIf() -> impl IntoView {
    let lab = use_lab();
    let days = RwSignal::new(7u32);
    let result = RwSignal::new(None::<Vec<(u32, f64, f64)>>);
    let run = move |_| {
        let Some(bucket) = lab.sel.bucket.get_untracked() else {
            return;
        };
        let p = prices();
        let rows = lab.read_untracked(|l| {
            let now_cost = l.engine.bill(&bucket, &p).map_or(0.0, |b| b.total);
            let tried = with_rule(&l.engine, &bucket, days.get_untracked())?;
            Some(
                [30u32, 90, 365]
                    .into_iter()
                    .map(|h| {
                        let span = Millis::from(h) * DAY;
                        (
                            h,
                            cost_ahead(&l.engine, &bucket, span, &p) - now_cost,
                            cost_ahead(&tried, &bucket, span, &p) - now_cost,
                        )
                    })
                    .collect(),
            )
        });
        result.set(rows);
    };
    view! {
        <div class="bill-whatif" data-testid="bill-whatif">
            <h3>"What if"</h3>
            <p class="hint">"Try a lifecycle rule on a copy of the lab: the lab itself does not change."</p>
            <div class="field-row">
                <label for="whatif-days">"Expire noncurrent versions after (days)"</label>
                <input id="whatif-days" data-testid="whatif-days" type="number" min="1" max="3650" class="narrow"
                    prop:value=move || days.get().to_string()
                    on:input=move |ev| if let Ok(v) = event_target_value(&ev).parse() { days.set(v) }/>
                <button type="button" data-testid="whatif-run" on:click=run>"Compare"</button>
            </div>
            {move || result.get().map(|rows| {
                let p = prices();
                view! {
                    <TableScroll label="What-if comparison">
                    <table class="bill-table" data-testid="whatif-table">
                        <thead><tr>
                            <th scope="col">"Next"</th>
                            <th scope="col">"As is"</th>
                            <th scope="col">"With the rule"</th>
                            <th scope="col">"Difference"</th>
                        </tr></thead>
                        <tbody>
                            {rows.into_iter().map(|(h, base, tried)| view! {
                                <tr data-testid="whatif-row" data-days=h.to_string()
                                    data-base=base.to_string() data-tried=tried.to_string()>
                                    <th scope="row">{format!("{h} days")}</th>
                                    <td>{money(&p, base)}</td>
                                    <td>{money(&p, tried)}</td>
                                    <td>{money(&p, tried - base)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    </TableScroll>
                }
            })}
        </div>
    }
}

/// A price input: empty means "no price".
fn price_input(
    lab: LabCtx,
    id: String,
    label: String,
    get: impl Fn(&Prices) -> Option<f64> + Send + Sync + 'static,
    set: impl Fn(&mut Prices, Option<f64>) + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <td>
            <input type="number" step="any" min="0" class="narrow" id=id.clone() data-testid=id
                aria-label=label
                prop:value=move || { lab.rev.track(); get(&prices()).map(|v| v.to_string()).unwrap_or_default() }
                on:change=move |ev| {
                    let text = event_target_value(&ev);
                    let v = text.trim().parse::<f64>().ok().filter(|v| *v >= 0.0);
                    let mut p = prices();
                    set(&mut p, v);
                    set_prices(lab, p);
                }/>
        </td>
    }
}

#[component]
fn PriceTable() -> impl IntoView {
    let lab = use_lab();
    let p = prices();
    view! {
        <details class="bill-prices" data-testid="bill-prices">
            <summary>"Prices (editable)"</summary>
            <p class="hint">{format!(
                "{}, {}, list prices read {}. Empty: no public price was found; the bill shows the quantity alone.",
                p.currency, p.region, p.as_of
            )}</p>
            <TableScroll label="Prices">
            <table class="bill-table">
                <thead><tr>
                    <th scope="col">"Class"</th>
                    <th scope="col">"Storage / GB-month"</th>
                    <th scope="col">"Restored replica / GB-month"</th>
                    <th scope="col">"Retrieval / GB (Expedited)"</th>
                </tr></thead>
                <tbody>
                    {StorageClass::ALL.into_iter().enumerate().map(|(i, c)| view! {
                        <tr>
                            <th scope="row">{c.as_str()}</th>
                            {price_input(lab, format!("price-storage-{}", c.as_str()), format!("{} storage price per GB-month", c.as_str()),
                                move |p| p.classes.get(i).and_then(|x| x.storage_gb_month),
                                move |p, v| if let Some(x) = p.classes.get_mut(i) { x.storage_gb_month = v })}
                            {price_input(lab, format!("price-replica-{}", c.as_str()), format!("{} restored replica price per GB-month", c.as_str()),
                                move |p| p.classes.get(i).and_then(|x| x.replica_gb_month),
                                move |p, v| if let Some(x) = p.classes.get_mut(i) { x.replica_gb_month = v })}
                            {price_input(lab, format!("price-retrieval-{}", c.as_str()), format!("{} Expedited retrieval price per GB", c.as_str()),
                                move |p| p.classes.get(i).and_then(|x| x.retrieval_per_gb[2]),
                                move |p, v| if let Some(x) = p.classes.get_mut(i) { x.retrieval_per_gb[2] = v })}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            </TableScroll>
            <button type="button" data-testid="prices-reset" on:click=move |_| set_prices(lab, Prices::list())>
                "Back to list prices"
            </button>
        </details>
    }
}

/// Sends the bill's real request, `GET /_osslab/bill?bucket=` (what a script or a lesson step
/// reads; the panel draws the same numbers from the engine), so it shows in the request log.
#[component]
fn ReadBill(bucket: String) -> impl IntoView {
    let lab = use_lab();
    let read = move |_| {
        let b = bucket.clone();
        lab.act(super::requests::get_bill(&b), |r| {
            format!(
                "GET /_osslab/bill?bucket={b}: {} bytes of JSON, in the request log.",
                r.body.len()
            )
        });
        // The panel is drawn again with the request's new count: keep the focus here.
        super::widgets::keep_focus(&["[data-testid=bill-read]", "#bill"]);
    };
    view! {
        <p class="inline">
            <button type="button" data-testid="bill-read" on:click=read
                aria-describedby="bill-read-hint">"Read the bill (GET /_osslab/bill)"</button>
            <span class="hint" id="bill-read-hint">"Sends osslab's bill endpoint: the same numbers as JSON, in the request log."</span>
        </p>
    }
}

#[component]
pub fn BillPanel() -> impl IntoView {
    let lab = use_lab();
    let by = RwSignal::new(By::Line);
    let measure = RwSignal::new(Measure::Cost);
    let data = Memo::new(move |_| {
        let bucket = lab.sel.bucket.get()?;
        let now = lab.now.get();
        let p = prices();
        lab.read(|l| {
            let e = &l.engine;
            let bill = e.bill(&bucket, &p).ok()?;
            let m = e.meter().bucket(&bucket);
            let mut points: Vec<Point> = m.map(|m| m.history().to_vec()).unwrap_or_default();
            let usage = e.meter().usage_at(&bucket, now);
            if points.last().is_none_or(|pt| pt.t < now) {
                points.push(Point {
                    t: now,
                    storage: usage.storage,
                });
            }
            let stored: Vec<(StorageClass, Line, u64)> =
                m.map(|m| m.stored_at(now)).unwrap_or_default();
            let top = e.top_keys(&bucket, &p, 10);
            Some((bucket, bill, points, stored, top))
        })
    });
    view! {
        <section id="bill" class="bill panel" data-testid="bill" aria-labelledby="bill-title">
            <h2 id="bill-title">"What versions cost"</h2>
            {move || match data.get() {
                None => view! { <p class="hint">"Open a bucket to see its bill."</p> }.into_any(),
                Some((bucket, bill, points, stored, top)) => {
                    let p = prices();
                    let times: Vec<Millis> = points.iter().map(|pt| pt.t).collect();
                    let unit = match measure.get() { Measure::Cost => "cost", Measure::GbHours => "GB-hours" };
                    let s = series(&points, by.get(), measure.get(), &p);
                    let legend: Vec<(usize, String)> = s.iter().enumerate()
                        .filter(|(_, x)| x.1.iter().any(|v| *v != 0.0))
                        .map(|(i, x)| (i, x.0.clone())).collect();
                    view! {
                        <p class="bill-total" data-testid="bill-total" data-total=bill.total.to_string()>
                            <span>{format!("{bucket}: ")}</span>
                            <strong>{money(&p, bill.total)}</strong>
                            " so far"
                            {bill.unpriced.then(|| view! { <span class="muted">" (+ quantities without a price)"</span> })}
                        </p>
                        <ReadBill bucket=bucket.clone()/>
                        <p class="hint" data-testid="bill-stored">
                            {if stored.is_empty() {
                                "Nothing stored now.".to_string()
                            } else {
                                format!("Stored now: {}", stored.iter()
                                    .map(|(c, l, b)| format!("{} {} {}", human_size(*b), c.as_str(), l.as_str().replace('_', " ")))
                                    .collect::<Vec<_>>().join(", "))
                            }}
                        </p>
                        <div class="bill-views">
                        <div class="segmented" role="group" aria-label="Stack the chart by">
                            <button type="button" data-testid="bill-by-line" aria-pressed=move || (by.get() == By::Line).to_string()
                                on:click=move |_| by.set(By::Line)>"By kind"</button>
                            <button type="button" data-testid="bill-by-class" aria-pressed=move || (by.get() == By::Class).to_string()
                                on:click=move |_| by.set(By::Class)>"By class"</button>
                        </div>
                        <div class="segmented" role="group" aria-label="Measure">
                            <button type="button" data-testid="bill-measure-cost" aria-pressed=move || (measure.get() == Measure::Cost).to_string()
                                on:click=move |_| measure.set(Measure::Cost)>"Cost"</button>
                            <button type="button" data-testid="bill-measure-gbh" aria-pressed=move || (measure.get() == Measure::GbHours).to_string()
                                on:click=move |_| measure.set(Measure::GbHours)>"GB-hours"</button>
                        </div>
                        </div>
                        {chart_svg(&times, &s, unit)}
                        <p class="hint bill-span">{format!(
                            "Cumulative {unit}, {} → {}",
                            short_time(times.first().copied().unwrap_or_default()),
                            short_time(times.last().copied().unwrap_or_default())
                        )}</p>
                        <ul class="bill-legend">
                            {legend.into_iter().map(|(i, name)| view! {
                                <li><span class=format!("swatch series-{i}") aria-hidden="true"></span>{name}</li>
                            }).collect_view()}
                        </ul>
                        <h3>"Top keys by cost"</h3>
                        <TableScroll label="Top keys by cost">
                        <table class="bill-table" data-testid="bill-top-keys">
                            <thead><tr>
                                <th scope="col">"Key"</th>
                                <th scope="col">"GB-hours"</th>
                                <th scope="col">"Cost"</th>
                            </tr></thead>
                            <tbody>
                                {top.into_iter().map(|k| view! {
                                    <tr data-testid="bill-key" data-key=k.key.clone()>
                                        <th scope="row" class="mono">{k.key.clone()}</th>
                                        <td>{format!("{:.6}", k.byte_hours / crate::engine::prices::GB)}</td>
                                        <td>{money(&p, k.cost)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        </TableScroll>
                    }.into_any()
                }
            }}
            <WhatIf/>
            <PriceTable/>
        </section>
    }
}
