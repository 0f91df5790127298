//! IndexedDB requests and transactions as futures (woken from the request's own events, see
//! [`super`]), keys and values as JS values, and [`IdbTx`] behind the shared [`Tx`] interface.

use super::*;
use crate::persist::tx::WriteBudget;

// ---- request and transaction futures ------------------------------------------------------

#[derive(Default)]
pub(super) struct Slot {
    pub(super) result: Option<Result<JsValue, JsValue>>,
    pub(super) waker: Option<Waker>,
}

/// Resolves when an event handler fires. The handlers stay alive as long as the future.
pub(super) struct EventFuture {
    slot: Rc<RefCell<Slot>>,
    _handlers: Vec<Closure<dyn FnMut(Event)>>,
}

impl Future for EventFuture {
    type Output = Result<JsValue, JsValue>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut slot = self.slot.borrow_mut();
        match slot.result.take() {
            Some(r) => Poll::Ready(r),
            None => {
                slot.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

pub(super) fn settle(slot: &Rc<RefCell<Slot>>, r: Result<JsValue, JsValue>) {
    let mut s = slot.borrow_mut();
    if s.result.is_none() {
        s.result = Some(r);
        if let Some(w) = s.waker.take() {
            w.wake();
        }
    }
}

/// The result of an IndexedDB request (its `error` on failure).
pub(super) fn request(req: &IdbRequest) -> EventFuture {
    let slot: Rc<RefCell<Slot>> = Rc::default();
    let (s1, r1) = (slot.clone(), req.clone());
    let ok = Closure::<dyn FnMut(Event)>::new(move |_| {
        settle(&s1, r1.result());
    });
    let (s2, r2) = (slot.clone(), req.clone());
    let err = Closure::<dyn FnMut(Event)>::new(move |_| {
        let e = match r2.error() {
            Ok(Some(d)) => d.into(),
            _ => JsValue::from_str("request failed"),
        };
        settle(&s2, Err(e));
    });
    req.set_onsuccess(Some(ok.as_ref().unchecked_ref()));
    req.set_onerror(Some(err.as_ref().unchecked_ref()));
    EventFuture {
        slot,
        _handlers: vec![ok, err],
    }
}

/// Resolves when the transaction commits; fails with its error when it aborts.
pub(super) fn done(tx: &IdbTransaction) -> EventFuture {
    let slot: Rc<RefCell<Slot>> = Rc::default();
    let s1 = slot.clone();
    let ok = Closure::<dyn FnMut(Event)>::new(move |_| settle(&s1, Ok(JsValue::UNDEFINED)));
    let (s2, t2) = (slot.clone(), tx.clone());
    let abort = Closure::<dyn FnMut(Event)>::new(move |_| {
        let e = match t2.error() {
            Some(d) => d.into(),
            None => JsValue::from_str("transaction aborted"),
        };
        settle(&s2, Err(e));
    });
    tx.set_oncomplete(Some(ok.as_ref().unchecked_ref()));
    tx.set_onabort(Some(abort.as_ref().unchecked_ref()));
    EventFuture {
        slot,
        _handlers: vec![ok, abort],
    }
}

pub(super) fn error_name(e: &JsValue) -> (String, String) {
    match e.dyn_ref::<DomException>() {
        Some(d) => (d.name(), d.message()),
        None => (
            String::new(),
            e.as_string().unwrap_or_else(|| format!("{e:?}")),
        ),
    }
}

/// A browser error as a typed one.
pub(super) fn map_err(e: JsValue) -> PersistError {
    let (name, message) = error_name(&e);
    match name.as_str() {
        "QuotaExceededError" => PersistError::QuotaExceeded,
        "InvalidStateError" => PersistError::Closed,
        "" => PersistError::Aborted(message),
        _ => PersistError::Aborted(format!("{name}: {message}")),
    }
}

// ---- keys and values ----------------------------------------------------------------------

pub(super) fn js_key(k: &Key) -> JsValue {
    match k {
        Key::Name(n) => JsValue::from_str(n),
        Key::Entry(b, k, s) => Array::of3(&b.into(), &k.into(), &(*s as f64).into()).into(),
        Key::Upload(b, u) => Array::of2(&b.into(), &u.into()).into(),
        Key::Gen(g) => JsValue::from_f64(*g as f64),
    }
}

pub(super) fn js_val(v: &Val) -> JsValue {
    match v {
        Val::Text(t) => JsValue::from_str(t),
        Val::Bytes(b) => Uint8Array::from(&b[..]).into(),
        Val::Num(n) => JsValue::from_f64(*n as f64),
        Val::Entry(r) => JsValue::from_str(&crate::persist::records::to_json(&**r)),
    }
}

pub(super) fn from_js(v: JsValue) -> Option<Val> {
    if v.is_undefined() || v.is_null() {
        None
    } else if let Some(s) = v.as_string() {
        Some(Val::Text(s))
    } else if let Some(n) = v.as_f64() {
        Some(Val::Num(n as u64))
    } else if let Some(a) = v.dyn_ref::<Uint8Array>() {
        Some(Val::Bytes(Arc::from(a.to_vec())))
    } else {
        v.dyn_ref::<js_sys::ArrayBuffer>()
            .map(|b| Val::Bytes(Arc::from(Uint8Array::new(b).to_vec())))
    }
}

pub(super) fn store_names(names: &[StoreName]) -> JsValue {
    names
        .iter()
        .map(|s| JsValue::from_str(s.as_str()))
        .collect::<Array>()
        .into()
}

// ---- transactions -------------------------------------------------------------------------

pub(super) struct IdbTx {
    pub(super) tx: IdbTransaction,
    budget: WriteBudget,
}

impl IdbTx {
    /// A transaction whose writes fail (aborting it) after `fail_after` of them (tests).
    pub(super) fn new(tx: IdbTransaction, fail_after: Option<usize>) -> Self {
        IdbTx {
            tx,
            budget: WriteBudget::new(fail_after),
        }
    }

    pub(super) fn store(&self, s: StoreName) -> Result<IdbObjectStore, PersistError> {
        self.tx.object_store(s.as_str()).map_err(map_err)
    }

    fn count_write(&self) -> Result<(), PersistError> {
        self.budget.count_write().inspect_err(|_| self.abort())
    }

    pub(super) fn abort(&self) {
        // Already finished or aborting: nothing to do.
        let _ = self.tx.abort();
    }
}

impl Tx for IdbTx {
    fn get(
        &self,
        store: StoreName,
        key: Key,
    ) -> impl std::future::Future<Output = Result<Option<Val>, PersistError>> {
        // The request is made now; the future only waits for its result.
        let req = self
            .store(store)
            .and_then(|os| os.get(&js_key(&key)).map_err(map_err));
        let pending = req.as_ref().map(request).map_err(Clone::clone);
        async move {
            let result = pending?.await.map_err(map_err)?;
            Ok(from_js(result))
        }
    }

    fn put(&self, store: StoreName, key: &Key, val: Val) -> Result<(), PersistError> {
        self.count_write()?;
        self.store(store)?
            .put_with_key(&js_val(&val), &js_key(key))
            .map_err(map_err)?;
        Ok(())
    }

    fn delete(&self, store: StoreName, key: &Key) -> Result<(), PersistError> {
        self.count_write()?;
        self.store(store)?.delete(&js_key(key)).map_err(map_err)?;
        Ok(())
    }

    fn clear(&self, store: StoreName) -> Result<(), PersistError> {
        self.count_write()?;
        self.store(store)?.clear().map_err(map_err)?;
        Ok(())
    }
}
