//! The observer a deploy reports its [`Event`]s to.

use std::fmt;
use std::sync::Arc;

use crate::event::Event;

/// Called with every event; shared by the hashing threads and the uploads.
#[derive(Clone)]
pub(crate) struct Observer(Option<Arc<Callback>>);

/// The caller's function.
type Callback = dyn Fn(&Event) + Send + Sync;

impl Observer {
    pub(crate) fn none() -> Observer {
        Observer(None)
    }

    pub(crate) fn new(f: impl Fn(&Event) + Send + Sync + 'static) -> Observer {
        Observer(Some(Arc::new(f)))
    }

    pub(crate) fn emit(&self, event: &Event) {
        if let Some(f) = &self.0 {
            f(event);
        }
    }
}

impl fmt::Debug for Observer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() { "Observer(set)" } else { "Observer(none)" })
    }
}
