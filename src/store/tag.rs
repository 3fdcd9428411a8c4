//! The tag that opens every stored value's envelope (`codec`): which type of record it
//! holds. Its own module, so the upgrades of old shapes (`upgrade`) name a tag without
//! depending on the codec that calls them.

/// Declares the tags once: the enum, and the tag of a stored byte.
macro_rules! tags {
    ($($(#[$m:meta])* $name:ident = $n:literal,)*) => {
        /// Record tags, one per stored type.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Tag {
            $($(#[$m])* $name = $n,)*
        }

        impl Tag {
            /// The tag of this byte, if it is one.
            pub fn of(byte: u8) -> Option<Tag> {
                match byte {
                    $($n => Some(Tag::$name),)*
                    _ => None,
                }
            }
        }
    };
}

tags! {
    Customer = 1,
    Case = 2,
    Callback = 3,
    Visit = 4,
    Staff = 5,
    Change = 6,
    Access = 7,
    Dwelling = 8,
    Verification = 9,
    /// Import staging and its pending marker (not records of the desk).
    Staged = 10,
    Survey = 11,
    SurveyResponse = 12,
    ReleaseSlip = 13,
    Visitor = 14,
    Loan = 15,
    Permit = 16,
    Arrear = 17,
    Reminder = 18,
    Cover = 19,
    /// What a change touched (`store::Effects`), beside it in the change log.
    Effects = 20,
    /// A phone call the exchange announced.
    Call = 21,
    /// An incident many callers' cases are linked to.
    Incident = 22,
    /// A reply template.
    Template = 23,
}
