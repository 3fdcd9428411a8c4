//! Frontdesk: counter software for a property-management service centre. One daemon owns the
//! sled store and runs every rule; the TUI and the scripted CLI are thin clients over a Unix
//! socket. The module list is here for `tests/` and `benches/`.
#![forbid(unsafe_code)]

pub mod cli;
pub mod client;
pub mod demo;
pub mod domain;
pub mod first_run;
pub mod pages;
pub mod protocol;
pub mod search;
pub mod server;
pub mod store;
pub mod testkit;
pub mod tui;
pub mod words;
