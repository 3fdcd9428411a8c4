//! What a request is, declared once: the `requests!` macro that turns the one table in
//! `req.rs` into the request types, the `Call` trait every one implements, the `Request`
//! enum the wire carries, each request's reply, who may send it and whether it writes.
//! The daemon's dispatch is generated from the same table (`each_request!`), so a request
//! declared a read can only be given a read handler: the compiler checks it.

/// Who may send a request at all (the daemon applies it before any handler runs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Allowed {
    /// Anyone who can reach the socket. Only `Init`, which refuses once the desk has staff.
    Anyone,
    /// Registered, active staff at the desk (clerk and up; not a guard).
    Staff,
    /// Anyone on the staff, a guard included: the gate's own requests (R-OPS-02).
    Gate,
    /// Staff, and the case's own rules decide (owner, handler, assist, subject of a complaint).
    CaseParty,
    Supervisor,
    Admin,
}

/// The mode of a request that only reads: the daemon shares the desk and answers afresh.
pub enum Reads {}
/// The mode of a request that writes: the daemon holds the desk alone, commits with an
/// audit entry, and answers a retry from its idempotency record.
pub enum Writes {}

/// `Reads` or `Writes`, as a value.
pub trait Mode {
    const WRITES: bool;
}

impl Mode for Reads {
    const WRITES: bool = false;
}

impl Mode for Writes {
    const WRITES: bool = true;
}

/// The request table: each entry is a request type's fields, then `for WHO read|write ->
/// REPLY as "words" { PATTERN => VALUE }`. Generates the types, `Request`, `RequestKind`
/// with each kind's rights, and `each_request!` for the daemon's dispatch.
macro_rules! requests {
    (@with ($d:tt) $(
        $(#[$meta:meta])*
        $name:ident $body:tt
        for $allowed:ident $mode:ident -> $reply:ty as $wanted:literal { $pat:pat => $value:expr }
    )*) => {
        /// One request type: what it answers, who may send it, whether it writes.
        pub trait Call: Into<Request> {
            /// What the typed client returns for it.
            type Reply;
            /// `Reads` or `Writes`: the daemon's handler for it is of that kind.
            type Mode: $crate::protocol::Mode;
            const KIND: RequestKind;
            const ALLOWED: $crate::protocol::Allowed;
            /// The reply in words, for the refusal of a reply of another kind.
            const WANTED: &'static str;
            /// The typed reply, or the name of the reply that came when it is of another
            /// kind.
            fn answer(reply: Reply) -> Result<Self::Reply, &'static str>;
        }

        $(
            $(#[$meta])*
            #[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
            pub struct $name $body

            impl From<$name> for Request {
                fn from(r: $name) -> Request {
                    Request::$name(r)
                }
            }

            impl $crate::protocol::Call for $name {
                type Reply = $reply;
                type Mode = requests!(@mode $mode);
                const KIND: RequestKind = RequestKind::$name;
                const ALLOWED: $crate::protocol::Allowed = $crate::protocol::Allowed::$allowed;
                const WANTED: &'static str = $wanted;
                fn answer(reply: Reply) -> Result<$reply, &'static str> {
                    match reply {
                        $pat => Ok($value),
                        other => Err(other.into()),
                    }
                }
            }
        )*

        /// Every request a client can make, as the wire carries it. `RequestKind` (derived)
        /// names each without its data.
        #[derive(Debug, Clone, serde::Serialize, serde::Deserialize, strum::EnumDiscriminants)]
        #[strum_discriminants(name(RequestKind), derive(Hash, strum::EnumIter, strum::IntoStaticStr))]
        pub enum Request {
            $( $name($name), )*
        }

        impl RequestKind {
            /// Who may send requests of this kind.
            pub fn allowed(self) -> $crate::protocol::Allowed {
                match self {
                    $( RequestKind::$name => <$name as $crate::protocol::Call>::ALLOWED, )*
                }
            }

            /// Whether requests of this kind write.
            pub fn writes(self) -> bool {
                match self {
                    $( RequestKind::$name => <<$name as $crate::protocol::Call>::Mode as $crate::protocol::Mode>::WRITES, )*
                }
            }
        }

        /// Calls `$m! { Name read|write, … }` with every request: the daemon's dispatch.
        macro_rules! each_request {
            ($d m:ident) => { $d m! { $( $name $mode, )* } };
        }
        pub(crate) use each_request;
    };
    (@mode read) => { $crate::protocol::Reads };
    (@mode write) => { $crate::protocol::Writes };
    ($($entries:tt)*) => { requests!(@with ($) $($entries)*); };
}

pub(super) use requests;
