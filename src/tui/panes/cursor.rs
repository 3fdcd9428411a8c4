//! A list's cursor: moved a row at a time, and kept on a row when the list changes under
//! it. Written once so that every list on the screen moves and stops alike.

/// The row after `at` in a list of `len` rows; the last row stays where it is.
pub fn next(at: usize, len: usize) -> usize {
    (at + 1).min(len.saturating_sub(1))
}

/// The row before `at`; the first row stays where it is.
pub fn prev(at: usize) -> usize {
    at.saturating_sub(1)
}

/// `at` in a list that now has `len` rows: the last row when the list shrank past it.
pub fn within(at: usize, len: usize) -> usize {
    at.min(len.saturating_sub(1))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_cursor_stops_at_either_end_and_follows_a_shrinking_list() {
        assert_eq!(super::next(0, 3), 1);
        assert_eq!(super::next(2, 3), 2);
        assert_eq!(super::next(0, 0), 0);
        assert_eq!(super::prev(0), 0);
        assert_eq!(super::prev(2), 1);
        assert_eq!(super::within(5, 3), 2);
        assert_eq!(super::within(1, 0), 0);
    }
}
