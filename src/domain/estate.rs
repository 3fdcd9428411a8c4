//! An estate of a property group: the code that comes first in every key of its rows on the
//! group's database, and the name its residents know it by. A desk on its own box has none.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Estate {
    pub code: String,
    pub name: String,
}
