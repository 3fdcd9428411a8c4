//! Staff changes built for one purpose, so that the CLI, the screenshots and the tests make
//! them alike.

use super::req::StaffSet;

/// The audit trail's reason for a staff change that only gives an extension.
pub const EXTENSION_REASON: &str = "desk phone extension";

impl StaffSet {
    /// Gives `username` the desk phone's extension `ext` (an empty one takes it away).
    pub fn extension(username: &str, ext: &str) -> StaffSet {
        StaffSet {
            username: username.to_string(),
            role: None,
            dept: None,
            name: None,
            ext: Some(ext.to_string()),
            reason: EXTENSION_REASON.to_string(),
        }
    }
}
