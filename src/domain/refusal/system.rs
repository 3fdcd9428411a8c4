//! Refusals from the machinery rather than the rules: storage, sizes, rates, versions, and
//! what another writer did at the same moment.

use super::{refusals, Detail};

refusals! {
    SystemRefusal "system" {
        ProtocolVersion { theirs: u32, ours: u32 }
        NotADaemon {}
        NotAClient {}
        WrongReply { wanted: String, got: String }
        Undecodable { detail: Detail }
        FieldTooLarge { kib: usize, max_kib: usize }
        RequestTooLarge { kib: usize, max_kib: usize }
        FrameTooLarge { bytes: usize, max: usize }
        AnswerTooLarge {}
        RateLimited { per_second: u32 }
        ImportTooLarge { max: usize }
        ArrearsImportTooLarge { max: usize }
        NothingStaged {}
        OtherEstate { estate: String }
        OneEstateOnly {}
        /// Writes cannot be made durable; `detail` is the engineer's (the log has it too).
        Storage { detail: Detail }
        Internal { detail: Detail }
        /// Another writer booked the slot first.
        SlotTaken { visit: String }
        /// Another writer drew the same number (`what`: the counter or key).
        NumberTaken { what: String }
        /// Another writer changed what this change read: `what` names it ("customer C42"),
        /// `id` is its number alone.
        ChangedMeanwhile { what: String, id: String }
        AppliedAMomentAgo {}
        SavedAtTheSameMoment {}
        KeepOne {}
        ExportFailed { detail: Detail }
        FileError { path: String, detail: Detail }
        PruneFailed { path: String, detail: Detail }
        /// A change that should carry its record did not; nothing was saved.
        Incomplete { what: String }
    }
}
