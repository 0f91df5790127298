//! The protection toolkit of seed 000 beside versioning and forbid-overwrite: replication,
//! scheduled backups and least-privilege identities, one tool at a time.

use leptos::prelude::*;

use super::access::AccessPanel;
use super::backup::BackupPanel;
use super::replication::ReplicationPanel;
use super::state::use_lab;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tool {
    Replication,
    Backup,
    Access,
}

impl Tool {
    const ALL: [Tool; 3] = [Tool::Replication, Tool::Backup, Tool::Access];

    fn id(self) -> &'static str {
        match self {
            Tool::Replication => "replication",
            Tool::Backup => "backup",
            Tool::Access => "access",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Tool::Replication => "⇄ Replication",
            Tool::Backup => "◷ Scheduled backup",
            Tool::Access => "◉ Access (identities)",
        }
    }
}

#[component]
pub fn ProtectionPanel() -> impl IntoView {
    let lab = use_lab();
    let tool = RwSignal::new(Tool::Replication);
    // How much each tool holds, in its button.
    let counts = Memo::new(move |_| {
        lab.read(|l| {
            let e = &l.engine;
            let rules: usize = e.replication_state().rules.values().map(Vec::len).sum();
            let plans = e.backup_plans().count();
            let identities = e.identities().count();
            [rules, plans, identities]
        })
    });
    view! {
        <section id="protection" class="protection panel" data-testid="protection" aria-labelledby="protection-title">
            <div class="protection-head">
                <h2 id="protection-title">"Protection toolkit"</h2>
                <div class="segmented" role="group" aria-label="Protection tool">
                    {Tool::ALL.into_iter().enumerate().map(|(i, t)| view! {
                        <button type="button" data-testid=format!("protection-tab-{}", t.id())
                            aria-pressed=move || (tool.get() == t).to_string()
                            aria-controls="protection-body"
                            on:click=move |_| tool.set(t)>
                            {t.label()}
                            {move || match counts.get()[i] {
                                0 => String::new(),
                                n => format!(" ({n})"),
                            }}
                        </button>
                    }).collect_view()}
                </div>
            </div>
            <p class="hint protection-why">
                "Versioning and forbid-overwrite protect a bucket from its own writes; these protect against the rest: a copy elsewhere, a copy in time, and identities that cannot delete."
            </p>
            <div id="protection-body" class="protection-body">
                {move || match tool.get() {
                    Tool::Replication => view! { <ReplicationPanel/> }.into_any(),
                    Tool::Backup => view! { <BackupPanel/> }.into_any(),
                    Tool::Access => view! { <AccessPanel/> }.into_any(),
                }}
            </div>
        </section>
    }
}
