//! Report arithmetic that needs no desk: percentiles, percentages, repeat complaints.

use super::build::nearest_rank;
use super::*;

#[test]
fn nearest_rank_percentiles() {
    assert_eq!(nearest_rank(&[], 50), None);
    assert_eq!(nearest_rank(&[7], 90), Some(7));
    let v: Vec<i64> = (1..=10).collect();
    assert_eq!(nearest_rank(&v, 50), Some(5));
    assert_eq!(nearest_rank(&v, 90), Some(9));
    assert_eq!(percent(1, 3), Some(33.3));
    assert_eq!(percent(2, 3), Some(66.7));
    assert_eq!(percent(0, 0), None);
    assert_eq!(Change::new(Some(80.0), Some(75.5)).change, Some(4.5));
    assert_eq!(Change::new(Some(80.0), None).change, None);
}
