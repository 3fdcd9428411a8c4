//! Refusals of a value as typed: empty, too long, a character a terminal would act on, a
//! word or number in the wrong shape. Each names what to type instead.

use super::super::Field;
use super::{refusals, CharKind, Choices, Term};

refusals! {
    InputRefusal "input" {
        Empty {}
        TooLong { bytes: usize, max: usize }
        BadChar { what: CharKind, code: String, at: usize }
        /// A word outside its list; `choices` are the words to type.
        NotOneOf { value: String, choices: Choices }
        NotCustomerId { value: String }
        NotTicket { value: String }
        /// A callback or visit id (`CB12`, `V7`).
        NotId { value: String, field: Field, example: String }
        NotRecordNo { value: String, example: String }
        NotTime { value: String }
        NotTimeOrHour { value: String }
        BadOffset {}
        AmountEmpty { value: String }
        NotAmount { value: String }
        NegativeAmount { value: String }
        AmountPlaces { value: String }
        AmountTooLarge { value: String }
        QueryNoValue { term: String, key: String }
        NotUnit { value: String }
        /// A value of the wrong shape: `shape` names what was wanted (`shape-date`).
        NotShaped { value: String, shape: Term, example: String }
        NumberRange { min: i64, max: i64 }
        NotNumber { example: String }
        AbsolutePath {}
        NotInFuture {}
        NotPhone { value: String }
        NotUnixName { value: String }
        /// A category on no entry of the desk's list.
        NotACategory { value: String }
        /// A telephone extension or line name.
        NotExtension { value: String }
    }
}
