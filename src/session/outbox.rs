//! A follower's outbox on the leader's side: the newest frames its writer has not written yet.
//! The leader's thread never touches an outbox: it leaves each frame in a [`Batch`], and the
//! session's dispatch thread hands the batch to every outbox, so the leader's cost per key does
//! not grow with the number of followers. A position replaces the one not yet written (a slow
//! follower skips to the latest), and a new document replaces both.

use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// An encoded frame, shared by every outbox.
pub(super) type Frame = Arc<[u8]>;

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// What the leader published since the dispatch thread last looked, each frame with the
/// generation it was published at.
#[derive(Default)]
pub(super) struct Batch {
    pub document: Option<(u64, Frame)>,
    pub position: Option<(u64, Frame)>,
}

impl Batch {
    pub fn is_empty(&self) -> bool {
        self.document.is_none() && self.position.is_none()
    }

    /// A new document: the positions of the one before are of no use now.
    pub fn document(&mut self, generation: u64, frame: Frame) {
        self.document = Some((generation, frame));
        self.position = None;
    }

    pub fn position(&mut self, generation: u64, frame: Frame) {
        self.position = Some((generation, frame));
    }
}

/// One follower's outbox.
pub(super) struct Slot {
    outbox: Mutex<Outbox>,
    ready: Condvar,
    /// The generation the follower joined at: it was given everything published up to then.
    joined: u64,
}

#[derive(Default)]
struct Outbox {
    document: Option<Frame>,
    position: Option<Frame>,
    ended: bool,
}

/// What a writer should write now.
pub(super) struct Next {
    pub document: Option<Frame>,
    pub position: Option<Frame>,
    pub ended: bool,
}

impl Next {
    pub fn is_idle(&self) -> bool {
        self.document.is_none() && self.position.is_none() && !self.ended
    }
}

impl Slot {
    /// A follower joining at `joined`, given the latest document and position and told whether
    /// the session has ended already.
    pub fn new(joined: u64, document: Option<Frame>, position: Option<Frame>, ended: bool) -> Self {
        Self { outbox: Mutex::new(Outbox { document, position, ended }), ready: Condvar::new(), joined }
    }

    /// Put in what `batch` holds that is newer than what the follower joined with.
    pub fn offer(&self, batch: &Batch) {
        let newer = |frame: &Option<(u64, Frame)>| {
            frame.as_ref().filter(|(generation, _)| *generation > self.joined).map(|(_, f)| Arc::clone(f))
        };
        let (document, position) = (newer(&batch.document), newer(&batch.position));
        if document.is_none() && position.is_none() {
            return;
        }
        let mut outbox = lock(&self.outbox);
        if let Some(d) = document {
            outbox.document = Some(d);
            outbox.position = None;
        }
        if let Some(p) = position {
            outbox.position = Some(p);
        }
        self.ready.notify_one();
    }

    /// The session ends: the writer says so after what is left.
    pub fn end(&self) {
        lock(&self.outbox).ended = true;
        self.ready.notify_one();
    }

    /// What to write, waiting up to `idle` for something.
    pub fn next(&self, idle: Duration) -> Next {
        let mut outbox = lock(&self.outbox);
        if outbox.document.is_none() && outbox.position.is_none() && !outbox.ended {
            outbox = self.ready.wait_timeout(outbox, idle).unwrap_or_else(PoisonError::into_inner).0;
        }
        Next { document: outbox.document.take(), position: outbox.position.take(), ended: outbox.ended }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(b: u8) -> Frame {
        Arc::from(vec![b])
    }

    #[test]
    fn a_slot_gets_only_what_is_newer_than_its_joining_and_the_latest_position() {
        let slot = Slot::new(5, Some(frame(1)), None, false);
        let mut batch = Batch::default();
        batch.position(4, frame(2));
        slot.offer(&batch);
        let next = slot.next(Duration::ZERO);
        assert_eq!(next.document.as_deref(), Some(&[1u8][..]));
        assert!(next.position.is_none(), "published before joining: given at joining");
        batch.position(6, frame(3));
        slot.offer(&batch);
        batch.position(7, frame(4));
        slot.offer(&batch);
        let next = slot.next(Duration::ZERO);
        assert_eq!(next.position.as_deref(), Some(&[4u8][..]), "coalesced to the latest");
        batch.document(8, frame(5));
        assert!(batch.position.is_none());
        slot.offer(&batch);
        slot.end();
        let next = slot.next(Duration::ZERO);
        assert_eq!(next.document.as_deref(), Some(&[5u8][..]));
        assert!(next.ended);
        assert!(slot.next(Duration::ZERO).ended);
    }
}
