//! The bucket's lifecycle rules by hand: a rule form that adds rules to a draft, the exact
//! XML PutBucketLifecycle will send, the current rules (GetBucketLifecycle) and deleting them
//! all (DeleteBucketLifecycle, which asks first). Input is not judged here: OSS answers bad
//! rules (InvalidArgument, MalformedXML) and the status line explains its answer.

use leptos::prelude::*;

use super::requests::{bucket_path, Req};
use super::state::use_lab;
use super::widgets::{class_options, keep_focus, ConfirmButton};
use crate::engine::StorageClass;
use crate::wire::xml;

pub fn put_lifecycle(bucket: &str, rules: &[xml::LifecycleRule]) -> Req {
    Req::new("PUT", bucket_path(bucket))
        .query("lifecycle", "")
        .xml_body_with_md5(lifecycle_xml(rules))
}

pub fn get_lifecycle(bucket: &str) -> Req {
    Req::new("GET", bucket_path(bucket)).query("lifecycle", "")
}

pub fn delete_lifecycle(bucket: &str) -> Req {
    Req::new("DELETE", bucket_path(bucket)).query("lifecycle", "")
}

/// The PutBucketLifecycle body for these rules, exactly as it is sent.
pub fn lifecycle_xml(rules: &[xml::LifecycleRule]) -> String {
    let doc = xml::LifecycleConfiguration {
        rules: rules.to_vec(),
    };
    String::from_utf8_lossy(&xml::to_xml_doc(&doc)).into_owned()
}

/// One rule in words: `expire-logs (logs/, Enabled): expire after 1 day; …`.
pub fn rule_words(r: &xml::LifecycleRule) -> String {
    let mut acts = Vec::new();
    if let Some(e) = &r.expiration {
        if let Some(d) = e.days {
            acts.push(format!(
                "current versions expire {d} day(s) after they were written"
            ));
        }
        if e.expired_object_delete_marker == Some(true) {
            acts.push("delete markers with nothing behind them are removed".into());
        }
    }
    for t in &r.transitions {
        if let Some(d) = t.days {
            acts.push(format!("move to {} after {d} day(s)", t.storage_class));
        }
    }
    if let Some(d) = r
        .noncurrent_version_expiration
        .as_ref()
        .and_then(|n| n.noncurrent_days)
    {
        acts.push(format!(
            "previous versions expire {d} day(s) after they became previous"
        ));
    }
    let prefix = r
        .prefix
        .as_deref()
        .filter(|p| !p.is_empty())
        .unwrap_or("every key");
    format!(
        "{} ({prefix}, {}): {}",
        r.id.as_deref().unwrap_or("(no ID)"),
        r.status,
        acts.join("; ")
    )
}

/// A whole number typed in a field (`None` when empty: the element is left out).
fn days(text: &str) -> Option<i64> {
    text.trim().parse().ok()
}

#[component]
pub fn LifecyclePanel(bucket: String) -> impl IntoView {
    let lab = use_lab();
    let draft = RwSignal::new(Vec::<xml::LifecycleRule>::new());
    // The rules the last GetBucketLifecycle answered (`None`: not asked since the last change).
    let current = RwSignal::new(None::<Vec<xml::LifecycleRule>>);
    let b = bucket.clone();
    let put = move |_| {
        let resp = lab.act(put_lifecycle(&b, &draft.get_untracked()), |_| {
            "PutBucketLifecycle: the rules are set; they act at each virtual midnight (move the clock to see them work).".into()
        });
        if resp.status == 200 {
            current.set(None);
        }
    };
    let b = bucket.clone();
    let show = move |_| {
        let resp = lab.act(get_lifecycle(&b), |_| {
            "GetBucketLifecycle: the bucket's rules are listed below.".into()
        });
        let rules = (resp.status == 200)
            .then(|| xml::parse_request::<xml::LifecycleConfiguration>(resp.body.as_slice()).ok())
            .flatten()
            .map(|c| c.rules);
        current.set(Some(rules.unwrap_or_default()));
    };
    let b = bucket.clone();
    let delete = Callback::new(move |()| {
        let resp = lab.act(delete_lifecycle(&b), |_| {
            "DeleteBucketLifecycle: the bucket has no lifecycle rules now.".into()
        });
        if resp.status == 204 {
            current.set(None);
        }
        keep_focus(&["[data-testid=lifecycle-delete]"]);
    });
    let loss = Signal::derive(move || {
        format!("DeleteBucketLifecycle removes every lifecycle rule of {bucket} for good (the objects stay; nothing expires or moves any more).")
    });
    view! {
        <details class="upload" data-testid="lifecycle">
            <summary>"Lifecycle rules (PutBucketLifecycle)"</summary>
            <RuleForm draft=draft/>
            <ul class="lifecycle-draft" data-testid="lifecycle-draft" aria-label="Rules to send">
                {move || draft.get().into_iter().enumerate().map(|(i, r)| view! {
                    <li data-testid="lifecycle-draft-rule">{rule_words(&r)} " "
                        <button type="button" data-testid="lifecycle-remove-rule"
                            on:click=move |_| {
                                draft.update(|d| { d.remove(i); });
                                keep_focus(&["[data-testid=lifecycle-remove-rule]", "[data-testid=lifecycle-add-rule]"]);
                            }>"Remove"</button>
                    </li>
                }).collect_view()}
            </ul>
            <p class="hint" id="lifecycle-xml-label">"The request body PutBucketLifecycle will send:"</p>
            <pre class="mono" data-testid="lifecycle-xml" aria-labelledby="lifecycle-xml-label" tabindex="0">{move || draft.with(|d| lifecycle_xml(d))}</pre>
            <div class="inline">
                <button type="button" class="primary" data-testid="lifecycle-put" on:click=put>"Put these rules"</button>
                <button type="button" data-testid="lifecycle-get" on:click=show>"Show current rules"</button>
                <ConfirmButton testid="lifecycle-delete" label="Delete all rules" loss=loss confirm="Delete the rules" on_confirm=delete/>
            </div>
            {move || current.get().map(|rules| view! {
                <ul data-testid="lifecycle-current" aria-label="Current lifecycle rules">
                    {if rules.is_empty() { view! { <li>"No lifecycle rules."</li> }.into_any() } else {
                        rules.iter().map(|r| view! { <li data-testid="lifecycle-current-rule">{rule_words(r)}</li> }).collect_view().into_any()
                    }}
                </ul>
            })}
        </details>
    }
}

/// The fields of one rule and "Add rule", which appends it to the draft.
#[component]
fn RuleForm(draft: RwSignal<Vec<xml::LifecycleRule>>) -> impl IntoView {
    let id = RwSignal::new("rule-1".to_string());
    let prefix = RwSignal::new(String::new());
    let status = RwSignal::new("Enabled".to_string());
    let expire = RwSignal::new(String::new());
    let markers = RwSignal::new(false);
    let noncurrent = RwSignal::new(String::new());
    let move_days = RwSignal::new(String::new());
    let move_class = RwSignal::new(StorageClass::IA);
    let add =
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let expiration = (days(&expire.get_untracked()).is_some() || markers.get_untracked())
                .then(|| xml::LifecycleExpiration {
                    days: days(&expire.get_untracked()),
                    expired_object_delete_marker: markers.get_untracked().then_some(true),
                    ..Default::default()
                });
            let transitions = days(&move_days.get_untracked()).map(|d| xml::LifecycleTransition {
                days: Some(d),
                storage_class: move_class.get_untracked().as_str().to_string(),
                ..Default::default()
            });
            let rule = xml::LifecycleRule {
                id: Some(id.get_untracked()),
                prefix: Some(prefix.get_untracked()),
                status: status.get_untracked(),
                expiration,
                transitions: transitions.into_iter().collect(),
                noncurrent_version_expiration: days(&noncurrent.get_untracked()).map(|d| {
                    xml::NoncurrentVersionExpiration {
                        noncurrent_days: Some(d),
                    }
                }),
                ..Default::default()
            };
            draft.update(|d| d.push(rule));
            id.set(format!("rule-{}", draft.with_untracked(Vec::len) + 1));
        };
    let text = |label: &'static str, tid: &'static str, value: RwSignal<String>, numeric: bool| {
        view! {
            <label>{label} " "
                <input type=if numeric { "number" } else { "text" } data-testid=tid spellcheck="false" class:narrow=numeric
                    prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
            </label>
        }
    };
    view! {
        <form class="upload-form" data-testid="lifecycle-form" on:submit=add>
            <div class="row-fields">
                {text("Rule ID", "lifecycle-id", id, false)}
                {text("Prefix", "lifecycle-prefix", prefix, false)}
                <label>"Status "
                    <select data-testid="lifecycle-status" on:change=move |ev| status.set(event_target_value(&ev))>
                        <option value="Enabled" selected=true>"Enabled"</option>
                        <option value="Disabled">"Disabled"</option>
                    </select>
                </label>
            </div>
            <div class="row-fields">
                {text("Expire current versions after (days)", "lifecycle-expire-days", expire, true)}
                {text("Expire previous versions after (days)", "lifecycle-noncurrent-days", noncurrent, true)}
                <label class="check">
                    <input type="checkbox" data-testid="lifecycle-expired-markers" prop:checked=move || markers.get()
                        on:change=move |ev| markers.set(event_target_checked(&ev))/>
                    " Remove delete markers with nothing behind them " <code>"ExpiredObjectDeleteMarker"</code>
                </label>
            </div>
            <div class="row-fields">
                {text("Move to another class after (days)", "lifecycle-transition-days", move_days, true)}
                <label>"Class "
                    <select data-testid="lifecycle-transition-class" on:change=move |ev| {
                        if let Some(c) = StorageClass::parse(&event_target_value(&ev)) { move_class.set(c); }
                    }>{class_options(Some(StorageClass::IA))}</select>
                </label>
            </div>
            <button type="submit" data-testid="lifecycle-add-rule">"Add rule"</button>
        </form>
    }
}
