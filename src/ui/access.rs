//! Least-privilege access (seed 000): the lab's identities (RAM users with a system policy)
//! and the "Act as" switcher in the header. While the page acts as an identity, every request
//! it sends (buttons, console, ossutil, `window.osslab.request`) is signed with that
//! identity's key pair, so a read-only identity's delete or overwrite gets 403 AccessDenied.
//! Identities are created and removed through osslab's `/_osslab/identities` endpoint.

use leptos::prelude::*;

use super::requests;
use super::state::{use_lab, LabCtx, Notice, ANONYMOUS};
use super::widgets::{table_head, TableScroll};
use crate::engine::access::Identity;

/// An identity as the page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct IdentityRow {
    pub name: String,
    pub access_key_id: String,
    pub access_key_secret: String,
    /// `read-only`, `full access`, or the policy names.
    pub policy: String,
}

impl IdentityRow {
    pub fn new(i: &Identity) -> Self {
        IdentityRow {
            name: i.name.clone(),
            access_key_id: i.access_key_id.clone(),
            access_key_secret: i.access_key_secret.clone(),
            policy: match i.policy_label().as_str() {
                "full-access" => "full access".into(),
                other => other.into(),
            },
        }
    }
}

/// Identities, by access key id.
fn identity_rows(lab: LabCtx) -> Memo<Vec<IdentityRow>> {
    Memo::new(move |_| lab.read(|l| l.engine.identities().map(IdentityRow::new).collect()))
}

/// `len` random upper-case letters and digits (access keys look like `LTAI5t…`).
fn random_chars(len: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijklmnopqrstuvwxyz";
    (0..len)
        .map(|_| {
            let i = (js_sys::Math::random() * ALPHABET.len() as f64) as usize;
            ALPHABET[i.min(ALPHABET.len() - 1)] as char
        })
        .collect()
}

/// Let the lab's endpoint judge unsigned requests by the ACLs (only while acting anonymous:
/// the console's hand-written unsigned requests are the owner's otherwise).
fn set_anonymous(lab: LabCtx, on: bool) {
    lab.with_lab_mut(|l| l.wire.set_unsigned_is_anonymous(on));
}

/// Act as `ak` (`None`: the account owner; [`ANONYMOUS`]: nobody) and say what that means.
pub fn act_as(lab: LabCtx, ak: Option<String>) {
    if ak.as_deref() == Some(ANONYMOUS) {
        set_anonymous(lab, true);
        lab.acting.set(ak);
        lab.notice.set(Some(Notice {
            ok: true,
            text: "Acting as anonymous: requests are sent unsigned, like a public link. Reads work only where a version's ACL (or its bucket's, for default) is public-read or public-read-write, writes only under public-read-write; everything else gets 403 AccessDenied.".into(),
        }));
        return;
    }
    set_anonymous(lab, false);
    let who = ak
        .as_deref()
        .and_then(|ak| lab.read_untracked(|l| l.engine.identity(ak).map(IdentityRow::new)));
    let text = match &who {
        Some(i) => format!(
            "Acting as {} ({}, {}): every request is now signed with this AccessKey; what its policy does not allow gets 403 AccessDenied.",
            i.name, i.access_key_id, i.policy
        ),
        None => "Acting as the account owner again: requests are signed with the owner's key and may do everything.".into(),
    };
    lab.acting.set(who.map(|i| i.access_key_id));
    lab.notice.set(Some(Notice { ok: true, text }));
}

/// The sessionStorage entry naming the identity this tab acts as.
const ACTING_KEY: &str = "osslab.acting";

fn acting_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// The header's "Act as" switcher and the badge saying who the page acts as.
#[component]
pub fn ActAs() -> impl IntoView {
    let lab = use_lab();
    let identities = identity_rows(lab);
    // Who this tab acts as survives a reload of the tab (like a console login) but not the
    // tab itself: sessionStorage. Read before the effect below first writes it, applied once
    // the saved lab (and so its identities) is loaded.
    let remembered = acting_storage().and_then(|s| s.get_item(ACTING_KEY).ok().flatten());
    lab.storage.when_ready(Box::new(move || {
        if let Some(ak) = remembered {
            if ak == ANONYMOUS {
                set_anonymous(lab, true);
                lab.acting.set(Some(ak));
            } else if lab.read_untracked(|l| l.engine.identity(&ak).is_some()) {
                lab.acting.set(Some(ak));
            }
        }
    }));
    Effect::new(move |_| {
        let acting = lab.acting.get();
        if let Some(s) = acting_storage() {
            let _ = match acting {
                Some(ak) => s.set_item(ACTING_KEY, &ak),
                None => s.remove_item(ACTING_KEY),
            };
        }
    });
    // A removed identity can no longer sign: fall back to the owner.
    Effect::new(move |_| {
        let list = identities.get();
        if let Some(ak) = lab.acting.get_untracked() {
            if ak != ANONYMOUS && !list.iter().any(|i| i.access_key_id == ak) {
                lab.acting.set(None);
            }
        }
    });
    let current = move || {
        let ak = lab.acting.get()?;
        identities.get().into_iter().find(|i| i.access_key_id == ak)
    };
    view! {
        <div class="act-as" class:acting=move || current().is_some() || lab.is_anonymous_tracked() data-testid="act-as-group">
            <label for="act-as">
                {move || match current() {
                    None if lab.is_anonymous_tracked() => view! {
                        <span data-testid="acting" title="Requests are sent unsigned: the ACLs decide">
                            <span aria-hidden="true">"◉ "</span>"Acting as"
                        </span>
                    }.into_any(),
                    // Said in words (and framed), not by colour alone.
                    Some(i) => view! {
                        <span data-testid="acting" title=format!("Requests are signed with {}'s AccessKey ({})", i.name, i.access_key_id)>
                            <span aria-hidden="true">"◉ "</span>"Acting as"
                        </span>
                    }.into_any(),
                    None => view! { <span>"Act as"</span> }.into_any(),
                }}
            </label>
            <select id="act-as" data-testid="act-as"
                title="Whose AccessKey signs the requests the page sends"
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    act_as(lab, (!v.is_empty()).then_some(v));
                }>
                <option value="" selected=move || lab.acting.get().is_none()>"account owner"</option>
                <option value=ANONYMOUS data-testid="act-as-anonymous"
                    selected=move || lab.acting.get().as_deref() == Some(ANONYMOUS)>"anonymous (unsigned, public link)"</option>
                <For each=move || identities.get() key=|i| (i.access_key_id.clone(), i.policy.clone()) let:i>
                    {
                        let ak = i.access_key_id.clone();
                        let ak2 = ak.clone();
                        view! {
                            <option value=ak selected=move || lab.acting.get().as_deref() == Some(ak2.as_str())>
                                {format!("{} ({})", i.name, i.policy)}
                            </option>
                        }
                    }
                </For>
            </select>
        </div>
    }
}

/// Create, list and remove identities.
#[component]
pub fn AccessPanel() -> impl IntoView {
    let lab = use_lab();
    let identities = identity_rows(lab);
    let name = RwSignal::new("reader".to_string());
    let read_only = RwSignal::new(true);
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let n = name.get_untracked().trim().to_string();
        let ak = format!("LTAI5t{}", random_chars(18));
        let sk = random_chars(30);
        let (policy, words) = if read_only.get_untracked() {
            ("read-only", "read-only access")
        } else {
            ("full-access", "full access")
        };
        lab.act(requests::create_identity(&n, &ak, &sk, policy), |_| {
            format!("Created identity {n} ({ak}) with {words}. Pick it under “Act as” to send requests as it.")
        });
    };
    let remove = move |ak: String| {
        lab.act(requests::remove_identity(&ak), |_| {
            format!("Removed identity {ak}.")
        });
    };
    view! {
        <div class="access" data-testid="access">
            <p class="toolkit-intro">
                "Least privilege: give people and programs an identity whose policy allows only what they need. A request signed with an identity's AccessKeyId is checked against its policies (an explicit Deny wins, else an Allow must match); the account owner may do everything."
            </p>
            <form class="toolkit-form identity-form" on:submit=create data-testid="identity-form">
                <div class="field">
                    <label for="identity-name">"Identity name"</label>
                    <input id="identity-name" data-testid="identity-name" type="text" spellcheck="false"
                        autocomplete="off" required=true prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))/>
                </div>
                <fieldset class="choice">
                    <legend>"Policy"</legend>
                    <label>
                        <input type="radio" name="identity-policy" data-testid="identity-policy-read"
                            checked=move || read_only.get() on:change=move |_| read_only.set(true)/>
                        " Read-only "<span class="hint-inline">"(AliyunOSSReadOnlyAccess: oss:Get*, oss:List*): can read and list; every write, overwrite and delete is refused."</span>
                    </label>
                    <label>
                        <input type="radio" name="identity-policy" data-testid="identity-policy-full"
                            checked=move || !read_only.get() on:change=move |_| read_only.set(false)/>
                        " Full access "<span class="hint-inline">"(AliyunOSSFullAccess: oss:*): may do everything in OSS."</span>
                    </label>
                </fieldset>
                <button type="submit" class="primary" data-testid="identity-create">"Create identity"</button>
            </form>
            <Show when=move || !identities.get().is_empty()
                fallback=|| view! { <p class="empty" data-testid="identities-empty">"No identities yet: every request is the account owner's."</p> }>
                <TableScroll label="Identities">
                <table class="toolkit-table" data-testid="identities">
                    <caption class="sr-only">"Identities"</caption>
                    {table_head(&["Name", "AccessKeyId", "AccessKeySecret", "Policy"])}
                    <tbody>
                        <For each=move || identities.get() key=|i| i.clone() let:i>
                            {
                                let ak = i.access_key_id.clone();
                                let (ak_act, ak_rm, ak_is) = (ak.clone(), ak.clone(), ak.clone());
                                let acting = Signal::derive(move || lab.acting.get().as_deref() == Some(ak_is.as_str()));
                                let secret = format!("{}…", i.access_key_secret.chars().take(4).collect::<String>());
                                let read_only = i.policy == "read-only";
                                view! {
                                    <tr data-testid="identity-row" data-ak=ak.clone() class:row-acting=acting>
                                        <th scope="row">{i.name.clone()}
                                            {move || acting.get().then(|| view! { " "<span class="badge tone-identity">"◉ acting"</span> })}
                                        </th>
                                        <td class="mono">{ak.clone()}</td>
                                        <td class="mono" title="Only the first characters of the secret are shown">{secret}</td>
                                        <td>
                                            <span class=if read_only { "badge tone-keep" } else { "badge tone-delete" }>
                                                {if read_only { "◔ read-only" } else { "● full access" }}
                                            </span>
                                        </td>
                                        <td class="row-actions">
                                            <button type="button" data-testid="identity-act" disabled=acting
                                                on:click=move |_| act_as(lab, Some(ak_act.clone()))>"Act as"</button>
                                            <button type="button" class="danger" data-testid="identity-remove"
                                                on:click=move |_| remove(ak_rm.clone())>"Remove"</button>
                                        </td>
                                    </tr>
                                }
                            }
                        </For>
                    </tbody>
                </table>
                </TableScroll>
            </Show>
        </div>
    }
}
