//! Fair shares between people: each Unix user has one request at a time at the desk,
//! whatever number of connections they hold. A script flooding from many connections then
//! queues behind itself — it gets at most one core and one turn on the desk lock — while
//! every other operator's requests go straight in.

use std::collections::HashMap;
use std::sync::{Condvar, Mutex};

#[derive(Default)]
pub(super) struct Gate {
    busy: Mutex<HashMap<u32, ()>>,
    freed: Condvar,
}

/// Held while one of a user's requests is at the desk.
pub(super) struct Turn<'a> {
    gate: &'a Gate,
    uid: u32,
}

impl Gate {
    /// Waits until `uid` has no other request at the desk, then takes the turn.
    pub fn enter(&self, uid: u32) -> Turn<'_> {
        let mut busy = self.busy.lock().unwrap_or_else(|p| p.into_inner());
        while busy.contains_key(&uid) {
            busy = self.freed.wait(busy).unwrap_or_else(|p| p.into_inner());
        }
        busy.insert(uid, ());
        Turn { gate: self, uid }
    }
}

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        let mut busy = self.gate.busy.lock().unwrap_or_else(|p| p.into_inner());
        busy.remove(&self.uid);
        self.gate.freed.notify_all();
    }
}
