//! The paperwork requests' typed steps: a supervisor's decision on a decoration permit,
//! and the desk's steps on it (R-OPS-07..12), each one transition of `domain::permit::Permit`.

use serde::{Deserialize, Serialize};

/// A supervisor's decision on a decoration permit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PermitDecision {
    Approve(crate::domain::permit::Approval),
    Reject {
        reason: String,
    },
    /// R-OPS-12: to a new end date, at most 3 months on.
    Extend {
        until: chrono::NaiveDate,
    },
}

/// The desk's steps on a decoration permit, each one transition of `Permit`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PermitStep {
    /// The owner reports the works finished.
    Finish,
    /// Engineering's completion inspection.
    Inspect {
        passed: bool,
        note: String,
    },
    /// A worker's pass comes back.
    PassBack {
        pass: String,
    },
    /// The household moved in after the works.
    Occupied {
        since: chrono::NaiveDate,
    },
    /// The downstairs neighbour signed.
    NeighbourSigned {
        name: String,
    },
    /// The original permit and the deposit receipt came back.
    PapersBack,
    FileComplete,
    /// R-OPS-10: pay the deposit back.
    Refund,
    /// The owner withdraws an application not yet decided.
    Withdraw {
        reason: String,
    },
}
